"""Names given after a cue: a person naming themselves ("My name is ..."), a letter's closing
("Yours sincerely, ...", "Cofion, ..."), a relative ("my son ...", "fy merch, ...") or someone named
by their role ("The driver, Gareth, ..."), in English and Welsh; read in any case. And a person
introducing themselves with a capitalised first name in any of nine languages (:data:`I_AM`: "I'm
Cedric Oakshott", "Sono Giulia Bianchi", "Ik ben Sanne de Vries", "Jestem Anna Kowalska")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from consult_analyser.pipeline.pii_names import (
    _ORG_WORDS,
    _PARTICLES,
    _PLACE_WORDS,
    _is_name_word,
    capitalised_throughout,
    is_given_name,
)
from consult_analyser.pipeline.pii_words import (
    _NOT_NAMES,
    CONTRACTIONS,
    WORD_NAMES,
    _common_words,
    _proper_sets,
    is_typo,
    written_in_lower_case,
)

# A person naming themselves: "My name is david jones", "Yours sincerely, Sarah O'Connor".
_SELF_ID = re.compile(
    r"\b(?:my[ \t]+(?:full[ \t]+)?name[ \t]+is|my[ \t]+name['’]s|i[ \t]+am[ \t]+called|i['’]m[ \t]+called|"
    r"signed|yours[ \t]+(?:sincerely|faithfully|truly)|(?:kind(?:est)?|best|warm|many)[ \t]+(?:regards|wishes|thanks)|"
    r"regards|sincerely|"
    # a relative or neighbour named: "my son lowri lam has ...", "my neighbour ka wai lam and ..."
    r"my[ \t]+(?:(?:eldest|youngest|oldest|little|older|younger|twin|late|best)[ \t]+)?(?:son|daughter|child|grandson|"
    r"granddaughter|grandchild|neighbour|neighbor|husband|wife|partner|mum|mother|dad|father|brother|sister|nephew|"
    r"niece|stepson|stepdaughter|foster[ \t]+(?:son|daughter|child)|carer|cousin|boy|girl|colleague|friend|aunt|auntie|"
    r"uncle|nan|nana|nanna|gran|granny|grandma|grandad|granddad|grandpa|grandmother|grandfather|mam|fianc[eé]e?|"
    r"step-?(?:mum|dad|mother|father))\b(?:['’]s[ \t]+name[ \t]+is)?|"
    # "our partner" is as often a body's ("our partner, Summit Metro Parks"): only a family's children after "our"
    r"our[ \t]+(?:(?:eldest|youngest|oldest|little|older|younger|twin)[ \t]+)?(?:son|daughter|child|grandson|"
    r"granddaughter|grandchild|boy|girl|neighbour|neighbor)\b|"
    r"(?:my|our)[ \t]+(?:eldest|youngest|oldest)(?=[ \t]*,)|"  # "Our youngest, Tirion, has ..."
    # Welsh: "fy merch, Gwenllian", "fy mab Caio", "fy enw i yw", "Yn gywir, ...", "Cofion, ..."
    r"fy[ \t]+(?:merch|mab|mhlentyn|ŵyr|wyr|wyres|ngŵr|ngwr|ngwraig|mhartner|mam|nhad|mrawd|chwaer|nghymydog|"
    r"nghymdoges|nai|nith|nghefnder|nghyfnither)\b|"
    r"fy[ \t]+(?:enw|henw)[ \t]+(?:i[ \t]+)?(?:yw|ydy)|yn[ \t]+gywir|cofion(?:[ \t]+(?:cynnes|gorau))?|"
    # a sign-off with a first name ("Cheers, Priya", "Thank you Ciara", "Diolch, Rhodri") and a parent's
    # ("mum of Kacper")
    r"cheers|thanks|thank[ \t]+you|many[ \t]+thanks|diolch(?:[ \t]+yn[ \t]+fawr)?|pozdrawiam|cordialement|"
    r"(?:mum|mom|mother|dad|father|parent|carer|grandmother|grandfather|nan|gran)[ \t]+(?:of|to)|"
    # someone named by their role: "The driver, Gareth, has ...", "your officer Bola on the helpline"
    r"(?:the|our|your|my|his|her|their)[ \t]+(?:driver|escort|passenger[ \t]+assistant|officer|teacher|nurse|"
    r"social[ \t]+worker|key[ \t]+worker|case[ \t]?worker|co-?ordinator|manager|head[ \t]?teacher|senco|"
    r"teaching[ \t]+assistant|assistant|receptionist|advi[sc]er|consultant|doctor|gp|therapist|paediatrician|"
    r"support[ \t]+worker|health[ \t]+visitor|midwife|councillor|mp|caseworker))"
    r"\b[ \t]*[,:.\-–(]?[ \t]*",  # a whole word: "their mother tongue" names no one; "my daughter (Chloe)"
    re.I)
_ENDS_LINE = re.compile(r"[ \t]*(?:[,.;]?[ \t]*(?:\n|$))")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*\.?")
_RELATED = re.compile(r"(?:my|our|the|your|his|her|their)\b", re.I)
_NEXT_WORD = re.compile(r"[ \t]+(?:(?:ap|ab|de|van|von|le|la|di|da|al|el)[ \t]+)?([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)", re.I)


#: a contraction written with its apostrophe: "didn't", "wasn’t", "can't", "they're" (not a possessive "tom's")
_CONTRACTED = re.compile(r"n['’]t$|['’](?:re|ve|ll|d|m)$")


def _no_first_name(word: str, text: str, end: int) -> bool:
    """A lower-case word after a cue that no one is called: a single letter ("my wife x"), a contraction
    without its apostrophe ("the doctor didnt") or one the word table lacks ("my mother cannot"), a word in
    ordinary use that is no first name ("my sister meanwhile", "my mum bteter than", "my son overngiht"),
    or a first name mostly a verb ("the nurse rose"); nor one written with its apostrophe ("the doctor
    didn't listen")."""
    if not word.islower():
        # in text capitalised throughout a capital says nothing: "My Doctor Agreed That She ..." names no one
        return word[:1].isupper() and not is_given_name(word) and capitalised_throughout(text) and (
            word.lower() in _common_words() or written_in_lower_case(word.lower())
            and word.lower() not in _proper_sets()[0])
    if len(word) == 1 or word in CONTRACTIONS or word in WORD_NAMES or _CONTRACTED.search(word):
        return True
    proper = _proper_sets()[0]
    if is_given_name(word) or word in proper and not written_in_lower_case(word):
        return False  # "eleri", "jones"; not "meanwhile", more often capitalised only as a sentence's first word
    after = _NEXT_WORD.match(text, end)  # a slip would not stand before a surname: "my husband tunde ellis"
    return written_in_lower_case(word) or is_typo(word) and not (
        after and after.group(1).lower() in proper and after.group(1).lower() not in _common_words())


def _given_word_then_surname(text: str, end: int, word: str) -> bool:
    """A first name that is also a word ("Precious", "blessing"), taken as a name only before a surname
    written the same way: "the manager, Precious Price", "my mum precious evans"; not "my son will be"."""
    low = word.lower()
    # (a capitalised word after "my neighbour" counts too where the list of first names lacks it: "our neighbour
    # Mere Sutherland", a Māori name that is an English word, was published by a trial's annex)
    if low in _NOT_NAMES or not ((low in _common_words() or low in WORD_NAMES)
                                 and (is_given_name(word) or word[:1].isupper())):
        return False
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return False
    surname = after.group(1)
    last = surname.lower()
    if last in _NOT_NAMES or last in _PLACE_WORDS or _ORG_WORDS.fullmatch(last):
        return False
    if word[:1].isupper():
        return _is_name_word(surname)  # "Price", "MacLeod", "O'Neill"
    return surname.islower() and last not in _common_words() and (last in _proper_sets()[0]
                                                                  or not written_in_lower_case(last))


def self_named_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """The name a person gives for themselves after "my name is" or a letter's closing (any case)."""
    common = _common_words()
    for cue in _SELF_ID.finditer(text):
        position, words, end = cue.end(), 0, cue.end()
        first_is_name = capitalised = False
        related = _RELATED.match(cue.group(0)) is not None  # a relative or a role, not a sign-off
        while words < 4:
            token = _NAME_TOKEN.match(text, position)
            if token is None:
                break
            word = token.group(0).rstrip(".")
            low = word.lower()
            given_word = not words and related and _given_word_then_surname(text, token.start() + len(word), word)
            if not words and not given_word and _no_first_name(word, text, token.start() + len(word)):
                break
            if low in _PARTICLES and words or given_word:
                pass
            elif words and first_is_name and low in common and low not in _NOT_NAMES and not _ORG_WORDS.fullmatch(low) \
                    and len(low) >= 3 and (word[:1].isupper() and word[1:].islower()
                                           or _ENDS_LINE.match(text, token.start() + len(word))):
                # a surname that is also a word, after a first name: "Regards, Iwan Price", and in lower case
                # when it ends the line ("many thanks, iwan price")
                pass
            elif (low in common or low in CONTRACTIONS or _ORG_WORDS.fullmatch(low)
                  or (word.isupper() and len(word) > 1)):
                break
            elif words and capitalised and word[:1].islower() and low not in _PARTICLES:
                break  # a name begun with a capital goes on with capitals: "fy mab Caio anghenion dysgu ..."
            if not words:
                first_is_name = low not in common or given_word
                capitalised = word[:1].isupper()
            words += 1
            end = token.start() + len(word)
            gap = re.match(r"[ \t]+", text[token.end():])
            if gap is None:
                break
            position = token.end() + gap.end()
        if words:
            yield cue.end(), end, "name"
    yield from _introduced_names(text)


#: "I am" in the languages of the answers, the one list the self-introduction rule reads: English (with
#: its capital "I"), Welsh, German, French, Italian, Dutch, Spanish, Polish and Portuguese
I_AM = (r"I['’]m", r"I[ \t]+am", r"(?i:fi[ \t]+(?:yw|ydy))", r"(?i:ich[ \t]+bin)", r"(?i:je[ \t]+suis)",
        r"(?i:(?:io[ \t]+)?sono)", r"(?i:ik[ \t]+ben)", r"(?i:(?:yo[ \t]+)?soy)", r"(?i:jestem)", r"(?i:(?:eu[ \t]+)?sou)")
_CAP_NAME = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_LINK_WORDS = frozenset("van von de der den da di del della la le du dos das ter ten zu y".split())
_LINKS = rf"(?:(?:{'|'.join(_LINK_WORDS)})[ \t]+)*"
#: "I'm Cedric Oakshott and ...", "Sono Giulia Bianchi, ...", "Ik ben Sanne de Vries": a first name and a surname
_I_AM = re.compile(rf"(?<![\w'’])(?:{'|'.join(I_AM)})[ \t]+(?P<first>{_CAP_NAME})"
                   rf"(?:[ \t]+(?P<last>{_LINKS}{_CAP_NAME}(?:[ \t]+{_CAP_NAME})?))?")
#: words that are someone's first name but, after "I am", more often say what the speaker is ("Ich bin Christ",
#: a Christian; "Je suis Maman", a mother): a name only with a surname after it
_I_AM_WORDS = frozenset("christ christin christen oma opa mama papa maman mamie papi nonna nonno felice fortunato "
                        "fortunata".split())


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (word.isupper() and len(word) > 1)


def _first_name(word: str) -> bool:
    """A first name after "I am", in the Polish instrumental too ("Jestem Anną")."""
    return is_given_name(word) or word.endswith("ą") and is_given_name(word[:-1] + "a")


def _introduced_names(text: str) -> Iterator[tuple[int, int, str]]:
    """A person introducing themselves by name in any language of :data:`I_AM` ("I'm Cedric Oakshott",
    "I am Priya", "Ich bin Klaus Müller", "Jestem Anna Kowalska"); not "I am Against", "I'm Welsh", "Ich
    bin Mitglied", "Je suis favorable", "Sono d'accordo", "Ik ben het eens", "Soy consumidor": the first
    word must be written with a capital and be a given name, and one that is also an everyday word
    ("Grace", "Will", "Christ", a stop word of another language: "Sara", "Hans") counts only with a
    surname after it."""
    from consult_analyser.pipeline.pii_eu import other_stop_words

    common = _common_words()
    others = other_stop_words()

    def everyday(word: str) -> bool:
        low = word.lower()
        return low in common or low in others or low in _I_AM_WORDS

    for match in _I_AM.finditer(text):
        first, last = match.group("first"), match.group("last")
        # "I am Catholic Christian": an unlisted word is no name here
        if not _capitalised(first) or not _first_name(first) or first.lower() in _NOT_NAMES \
                or _ORG_WORDS.fullmatch(first) or first.lower() in _PLACE_WORDS:
            continue
        end = match.end("first")
        for word in re.finditer(r"\S+", last or ""):  # a surname, with its particles ("de Vries", "van der Berg")
            w = word.group(0)
            if w.lower() in _LINK_WORDS:
                continue
            if not _capitalised(w) or everyday(w) or _ORG_WORDS.fullmatch(w) or w.lower() in _PLACE_WORDS \
                    or w.lower() in _NOT_NAMES:
                break
            end = match.start("last") + word.end()
        if everyday(first) and end == match.end("first"):
            continue
        yield match.start("first"), end, "name"
