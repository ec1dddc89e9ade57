"""Personal data as written in feedback on health and care services, for
:mod:`consult_analyser.pipeline.pii`. Each finder yields (start, end, kind):

* ``id_number``: a hospital or patient reference number, one to three letters and six to ten digits
  (or the digits alone) after its cue ("hospital number", "my hosp no. is", "MRN", "patient no",
  "unit number", "ref"), and, without a cue, one to three capitals and seven or eight digits
  (``RX3797897``, ``K9836309``): shorter codes are ordinary ("A1", "M25", "COVID19", "B12").
* ``name``: a member of staff named by their role, in any case: "nurse kelly on ward 7", "Staff
  nurse Bev Okafor", "kelly the hca", "a carer called Paul", "the porter named Dave"; and a first name
  straight before "was born", "passed away" or "died" ("Michael was born on ...").
* ``date_of_death``: a full date after "died", "passed away", "death", ... ("died at Beech Grove
  Care Home on 4 June 2022"): with the relation and the home it names the one who died.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consult_analyser.pipeline.pii_ids import _BIRTH_CUE, _DATE, CUE_REACH
from consult_analyser.pipeline.pii_names import (
    _NOT_LONE_NAMES,
    _ORG_WORDS,
    _PLACE_WORDS,
    _single_places,
    capitalised_throughout,
    ends_a_town,
    is_given_name,
)
from consult_analyser.pipeline.pii_words import (
    _NOT_NAMES,
    CONTRACTIONS,
    UK_POSTCODE,
    WORD_NAMES,
    _common_words,
    _proper_sets,
    is_typo,
    written_in_lower_case,
)

Found = Iterator[tuple[int, int, str]]

# -- hospital and patient numbers ----------------------------------------------------------------

_NUMBER_CUE = re.compile(
    r"\b(?:(?:hospital|hosp|patient|unit|case|medical[ \t]+records?|k)\.?[ \t]+(?:number|no|num)\b\.?"
    r"|m\.?r\.?n\b\.?|ref(?:erence)?\b\.?(?:[ \t]+(?:number|no)\b\.?)?)"
    r"(?:[ \t]+is)?[ \t]*[:#=-]?[ \t]*", re.I)
_CUED_NUMBER = re.compile(r"(?<![\w/.-])(?:[A-Z]{1,3}[ \t-]?)?\d{6,10}(?![\w/-]|[.,]\d)", re.I)
_SHAPED_NUMBER = re.compile(r"(?<![\w/.£$€-])[A-Z]{1,3}\d{7,8}(?![\w/-]|[.,]\d)")


def hospital_number_spans(text: str) -> Found:
    """Hospital and patient reference numbers (see the module docstring), as ``id_number``."""
    for cue in _NUMBER_CUE.finditer(text):
        match = _CUED_NUMBER.match(text, cue.end())
        if match:
            yield match.start(), match.end(), "id_number"
    for match in _SHAPED_NUMBER.finditer(text):
        yield match.start(), match.end(), "id_number"


# -- staff named by their role -------------------------------------------------------------------

_ROLES = (r"staff[ \t]+nurse|charge[ \t]+nurse|nurse|sister|matron|doctor|midwife|hca|health[ \t]?care[ \t]+assistant|"
          r"care[ \t]+assistant|carer|care[ \t]+worker|support[ \t]+worker|porter|receptionist|physio|physiotherapist|"
          r"consultant|manager|cleaner|volunteer|paramedic|pharmacist|surgeon|registrar|anaesthetist|therapist")
_WORD = r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*"
# "nurse Kelly", "Staff nurse Bev Okafor" (not "my sister": a relative, left to the relation cues)
_ROLE_THEN_NAME = re.compile(rf"(?<![\w'’-])(?<!my[ \t])(?<!our[ \t])(?:{_ROLES})[ \t]+(?P<name>{_WORD})"
                             rf"(?:[ \t]+(?P<surname>{_WORD}))?", re.I)
# "kelly the hca", "thank you to Chloe the HCA"
_NAME_THEN_ROLE = re.compile(rf"(?<![\w'’-])(?P<name>{_WORD})[ \t]*,?[ \t]+(?P<det>the|our|my|a|one[ \t]+of[ \t]+the)[ \t]+"
                             rf"(?:(?:lovely|amazing|kind|student|night|day|ward|senior|junior|head|male|female)[ \t]+)?"
                             rf"(?:{_ROLES})(?P<plural>s)?\b", re.I)
# what stands before a name thanked by role ("thank you to tunde the hca"), or the sentence's start
_THANKED = re.compile(r"(?:^|[.!?,;:(\n-][ \t]*|\b(?:to|thanks|and|&|with|from|by)[ \t]+)$", re.I)
# "a carer called Paul", "the porter named Dave", "a lovely lady called Precious"
_CALLED = re.compile(rf"\b(?:{_ROLES}|man|woman|lady|gentleman|girl|boy|guy|chap|bloke|person|someone|somebody|"
                     rf"staff[ \t]+member|member[ \t]+of[ \t]+staff|agency[ \t]+worker|worker|friend|resident)"
                     rf"[ \t]+(?:was[ \t]+|who[ \t]+was[ \t]+)?(?:called|named)[ \t]+(?P<name>{_WORD})"
                     rf"(?:[ \t]+(?P<surname>{_WORD}))?", re.I)
# "Michael was born on ...", "Precious passed away in ..."
_BEFORE_LIFE_EVENT = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)[ \t]+(?:was[ \t]+born|passed[ \t]+"
                                r"away|died|sadly[ \t]+died|sadly[ \t]+passed)\b")
_RELATIVES = frozenset("mum mom mother dad father nan nana nanna gran granny grandma grandad grandpa grandmother "
                       "grandfather husband wife son daughter brother sister aunt auntie uncle baby partner friend "
                       "he she it they who everyone nobody someone mam mammy daddy papa".split())


def _name_word(word: str, *, lower_ok: bool = True) -> bool:
    """Whether ``word``, after a role cue, reads as a person's first name: a listed first name that is
    no everyday word in lower case ("kelly", not "will"), or a capitalised word that is not an
    everyday word, a place or a body ("Tunde", not "Practitioner")."""
    low = word.lower()
    if (len(low) < 2 or low in _NOT_NAMES or low in CONTRACTIONS or low in _RELATIVES or low in _PLACE_WORDS
            or _ORG_WORDS.fullmatch(low) or not low.replace("'", "").replace("-", "").isalpha()):
        return False
    common = _common_words()
    if word[:1].isupper() and word[1:].islower() or "-" in word and word[:1].isupper():
        # a listed first name, even if also a place ("a carer called Keith"), or no everyday word nor place
        return is_given_name(word) or low not in common and low not in _single_places()
    return lower_ok and word.islower() and is_given_name(word) and low not in common and low not in WORD_NAMES


def _surname(word: str | None) -> bool:
    """A capitalised second word that goes on a name ("Bev Okafor"), not "On" or "Was"."""
    if not word or not (word[:1].isupper() and word[1:].islower()):
        return False
    low = word.lower()
    return (low not in _NOT_NAMES and low not in _common_words() and low not in _PLACE_WORDS
            and not _ORG_WORDS.fullmatch(low) and low not in CONTRACTIONS)


def _opening_word(text: str, start: int, word: str) -> bool:
    """A word capitalised only because it opens a sentence: in ordinary use in lower case and no first
    name ("Honestly, our volunteer drivers ...", "Sadly, the manager ...")."""
    before = text[:start].rstrip(" \t\"'“‘(")
    return (not before or before[-1] in ".!?:;\n") and written_in_lower_case(word) and not is_given_name(word)


def staff_name_spans(text: str) -> Found:
    """Staff named by their role, and a first name before "was born" / "died" (see the module docstring)."""
    throughout = capitalised_throughout(text)
    for pattern in (_ROLE_THEN_NAME, _CALLED):
        for match in pattern.finditer(text):
            name = match.group("name")
            if throughout and not name.islower() or not _name_word(name):
                continue
            end = match.end("surname") if _surname(match.group("surname")) and not throughout else match.end("name")
            yield match.start("name"), end, "name"
    for match in _NAME_THEN_ROLE.finditer(text):
        name = match.group("name")
        low = name.lower()
        # an unlisted name in lower case ("tunde the hca") counts here: nothing else stands so before "the hca"
        unlisted = name.islower() and match.group("det").lower() == "the" and not match.group("plural") \
            and _THANKED.search(text, max(0, match.start() - 20), match.start()) is not None \
            and not is_typo(low) and low not in _common_words() and low not in CONTRACTIONS and low not in _NOT_NAMES \
            and low not in _RELATIVES and len(low) > 2 and low.isalpha() and not is_given_name(low)
        if not throughout and (_name_word(name) or unlisted) and low not in WORD_NAMES \
                and not _opening_word(text, match.start("name"), name) \
                and not ends_a_town(text, match.start("name"), match.end("name")):
            yield match.start("name"), match.end("name"), "name"
    if "born" in text or "died" in text or "passed" in text:
        for match in _BEFORE_LIFE_EVENT.finditer(text):
            if _name_word(match.group("name"), lower_ok=False) and match.group("name").lower() not in _NOT_LONE_NAMES \
                    and not throughout:  # not "Jesus died"
                yield match.start("name"), match.end("name"), "name"


# -- dates of death ------------------------------------------------------------------------------

_DEATH_CUE = re.compile(r"\b(?:died|dying|passed[ \t]+away|passed|death|deceased|funeral|killed)\b", re.I)


def death_date_spans(text: str) -> Found:
    """A full date within reach after a death cue, nearer to it than any birth cue, as ``date_of_death``."""
    if not _DEATH_CUE.search(text):
        return
    for match in _DATE.finditer(text):
        low = max(0, match.start() - CUE_REACH)
        deaths = [m.end() for m in _DEATH_CUE.finditer(text, low, match.start())]
        births = [m.end() for m in _BIRTH_CUE.finditer(text, low, match.start())]
        if deaths and (not births or deaths[-1] > births[-1]):
            yield match.start(), match.end(), "date_of_death"


# -- the other of a pair of first names ----------------------------------------------------------

_PAIR_AFTER = re.compile(rf"[ \t]+(?:and|&)[ \t]+(?P<name>{_WORD})(?![\w'’-])")
_PAIR_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{_WORD})[ \t]+(?:and|&)[ \t]+$")
_CAPITAL_AFTER = re.compile(r"[ \t]+[A-Z]")


def paired_names(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The other first name of a pair one of which was found: "thank you to Jo and [Priya]", "Dean and
    [Bev]". A capitalised word that is a listed first name or no everyday word, a place or a body, and
    not the start of a longer proper name ("Marks and Spencer" is not two names)."""
    taken = sorted(names)
    out: list[tuple[int, int]] = []
    todo = [span for span in taken if " " not in text[span[0]:span[1]].strip()]
    while todo:
        start, end = todo.pop()
        found = []
        after = _PAIR_AFTER.match(text, end)
        if after:
            found.append((after.start("name"), after.end("name")))
        before = _PAIR_BEFORE.search(text, max(0, start - 40), start)
        if before:
            found.append((before.start("name"), before.end("name")))
        for a, b in found:
            word = text[a:b]
            if (word[:1].isupper() and _name_word(word, lower_ok=False) and not _CAPITAL_AFTER.match(text, b)
                    and not any(a < y and x < b for x, y in taken) and not capitalised_throughout(text)):
                taken.append((a, b))
                out.append((a, b))
                todo.append((a, b))
    return out


# -- a name signing an answer --------------------------------------------------------------------

_SIGNED_AT_END = re.compile(r"(?:(?<=[.!?)\]])[ \t]+|\n[ \t]*)(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
                            r"(?:[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){1,2})[ \t]*\.?\s*\Z")
_SIGN_OFFS = re.compile(r"(?:kind(?:est)?|best|warm|many|with|yours|thank|good|god|take|see|all|much|big|great|"
                        r"lots|love|sincerely|regards|thanks|cheers)\b", re.I)


def signature_spans(text: str) -> Found:
    """A name of two or three words that is an answer's last sentence ("... or [email]. Stephen Price"):
    a listed first name then words that are not everyday words, or a first name that is no everyday
    word then any ("Stephen Price"); not a sign-off ("Kind Regards"), a place or a body."""
    match = _SIGNED_AT_END.search(text[-80:])
    if match is None:
        return
    words = match.group("name").split()
    lows = [w.lower() for w in words]
    common = _common_words()
    if (not is_given_name(words[0]) or _SIGN_OFFS.match(words[0]) or _ORG_WORDS.search(match.group("name"))
            or any(w in _NOT_NAMES or w in _PLACE_WORDS or w in _NOT_LONE_NAMES or w in CONTRACTIONS for w in lows)
            or lows[0] in _single_places() or lows[-1] in _single_places() or capitalised_throughout(text)):
        return
    everyday = sum(w in common for w in lows[1:])
    if everyday > 1 or everyday and (lows[0] in common or lows[0] in WORD_NAMES or lows[0] not in _proper_sets()[0]):
        return  # "Grace Period", "Will Do", "Cuba Township Resolution"
    offset = max(0, len(text) - 80)
    yield offset + match.start("name"), offset + match.end("name"), "name"


# -- a street without a suffix, by its number, town and postcode ---------------------------------

# a capitalised word, or a town's hyphenated name ("Stoke-on-Trent", "Newcastle-upon-Tyne", "Ashby-de-la-Zouch")
_CAP_NAME = r"[A-Z][a-z'’]+(?:-(?:(?:on|upon|under|in|by|le|la|de|en|sur|super|next|the|cum|with)-)*[A-Z][a-z'’]+)*"
_UK_POSTCODE = rf"(?:{UK_POSTCODE})\b"
_ADDRESS_CUE = (r"(?i:\baddress(?:[ \t]+is)?|\b(?:live|lives|living|reside|resides)[ \t]+at|\bmoved[ \t]+to|"
                r"\bletters?[ \t]+(?:went|go|goes|were[ \t]+sent|was[ \t]+sent|sent)[ \t]+to)[ \t]*[:,-]?[ \t]*")
# "73 Kingsway, Harrogate HG9 2JA", "42 Mill Brow, Scarborough, YO11 2AB", "I live at 114 Kingsway, Lincoln"
_PLAIN_ADDRESS = re.compile(rf"(?P<cue>{_ADDRESS_CUE})?(?<![\w/.,£$-])(?P<address>\d{{1,4}}[A-Za-z]?,?[ \t]+"
                            rf"(?:{_CAP_NAME}[ \t]+){{0,2}}{_CAP_NAME},[ \t]*{_CAP_NAME}(?:[ \t]+{_CAP_NAME}){{0,2}})"
                            rf"(?P<postcode>,?[ \t]*{_UK_POSTCODE})?")
_STREET_WORD = re.compile(r"\b(?:Road|Rd|Street|St|Lane|Avenue|Ave|Drive|Close|Crescent|Way|Place|Court|Gardens|Grove|"
                          r"Terrace|Mews|Square|Row|Walk|Rise|Parade|Boulevard|Wharf|Croft|Broadway|Quay)$")
_MONTHS = re.compile(r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                     r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b", re.I)


def plain_address_spans(text: str) -> Found:
    """A house number, a street of one to three capitalised words without a street word and the town
    after a comma, where a postcode follows or an address cue ("I live at", "address:") comes before."""
    for match in _PLAIN_ADDRESS.finditer(text):
        address = match.group("address")
        if not (match.group("cue") or match.group("postcode")) or _MONTHS.search(address):
            continue
        if not match.group("postcode") and _STREET_WORD.search(address.split(",")[0]):
            continue  # "I live at 14 Oak Road, Anytown": the street is the address, the town is kept
        yield match.start("address"), match.end(), "address"
