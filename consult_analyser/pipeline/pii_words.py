"""Word lists behind the name rules of :mod:`consult_analyser.pipeline.pii`, and the case proxy.

From spaCy's word-probability table (spacy-lookups-data) come: everyday words written in lower
case far more often than capitalised ("machine", "learning"); words mostly written capitalised
("david", "jones", "manchester"), proper nouns even in lower case; acronyms ("nhs"); and familiar
capitalised words. Deriving them reads the whole table (1-2 s), so they are cached in the user's
cache folder. :func:`case_proxy` gives proper nouns written in lower or upper case a capital,
character for character, so that rules and the recogniser that rely on capitals see them.
"""

from __future__ import annotations

import re
import threading

from consult_analyser.paths import prune_cache

_NOT_NAMES = frozenset("i me my we our us you your he she they it this that the a an and or of to for in on at by "
                       "with from as is are was were be been am not no yes please thanks thank dear sir madam "
                       "team all everyone hi hello if but so because when then than there here what which who whom "
                       "whose why how where while about into over after before also just only very too up down out "
                       "off again once both each few more most other some such own same can will would should could "
                       "may might must shall do does did has have had its his her him them their these those any "
                       "every nor yet via per".split()) | frozenset(  # contractions written without the apostrophe
                           "didnt couldnt wouldnt wasnt isnt dont cant wont shouldnt havent hasnt arent werent doesnt "
                           "hadnt mustnt neednt aint youre theyre thats whats weve youve theyve".split())
# the same, which are also words or names when capitalised ("Ive", "Id", "Ill"); and words the word table
# cannot know, because its tokeniser splits them ("cannot" is "can" + "not"), so they would pass for names
CONTRACTIONS = _NOT_NAMES | frozenset("im ive id ill itll youd theyd wed hes shes "
                                      "cannot shant mightnt oughtnt mustve couldve wouldve shouldve gonna wanna "
                                      "gotta dunno innit".split())
# first names that in lower case are more often verbs or words ("the nurse will", "the nurse rose")
WORD_NAMES = frozenset("will may rose mark sue bill pat rob grant hope faith joy dawn drew chase guy ray art nick "
                       "jack sky summer june april august ash bob sandy carol rusty wade pierce van major".split())


#: Welsh everyday words beyond the theme stop list's function words (:func:`welsh_words`): words of degree,
#: need and time that the English word table takes for names in lower case ("rhy", "angen")
_WELSH_MORE = frozenset("rhy iawn angen eisiau gwell gorau mawr bach llawn rhaid wir hen newydd bob bore nos dydd "
                        "heddiw yfory ddoe amser gwaith pobl plant ardal mynd dod gweld ydw rydw rydym maent".split())
_WELSH_WORD = re.compile(r"[^\W\d_]+")


def welsh_words() -> frozenset[str]:
    """Welsh everyday words, lower case: the function words of the themes' Welsh stop list ("mae", "yn",
    "pan") and :data:`_WELSH_MORE`."""
    global _welsh
    if _welsh is None:
        from consult_analyser.pipeline.themes.languages import stop_words

        _welsh = stop_words("cy") | _WELSH_MORE
    return _welsh


_welsh: frozenset[str] | None = None


def in_welsh_sentence(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` reads as Welsh: two or more Welsh everyday words
    that are no English function words ("Mae prisiau ... yn rhy ddrud"), and more of them than English
    function words ("Dan and Pam from the chapel" is English)."""
    low = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n")) + 1
    highs = [i for i in (text.find(mark, end) for mark in (". ", "! ", "? ", "\n")) if i >= 0]
    words = {w.lower() for w in _WELSH_WORD.findall(text[low:min(highs) if highs else len(text)])}
    welsh = welsh_words()
    ours = sum(1 for w in words if w in welsh and w not in _NOT_NAMES)
    return ours >= 2 and ours > sum(1 for w in words if w in _NOT_NAMES and w not in welsh)


_common: frozenset[str] | None = None
_lock = threading.Lock()


def _common_words() -> frozenset[str]:
    """Lower-case English words that are written in lower case far more often than capitalised
    ("machine", "learning", "face"), from spaCy's word-probability table (spacy-lookups-data).

    A recognised "person" made only of such words is a phrase, not a name. Empty when the
    table is not installed (then every recognised multi-word person is kept).
    """
    global _common
    if _common is None:
        with _lock:
            if _common is None:
                _common = _load_common_words()
    return _common


def is_everyday_word(word: str) -> bool:
    """True for a word written in lower case far more often than capitalised ("approach",
    "investment"), in any case; False for names ("mark", "lindqvist") and when the table is missing."""
    return word.lower() in _common_words()


#: a full UK postcode's shape, in capitals ("HG9 2JA"): the redaction's postcodes (any case) and the
#: care rules' addresses (a postcode after a town) read it
UK_POSTCODE = r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}"

_WORDS_FORMAT = 2


def _load_common_words() -> frozenset[str]:
    """The word sets derived from spaCy's probability table, from a small cache file in the user's
    cache folder when there is one (deriving them reads the whole table: 1-2 s)."""
    global _proper, _written_lower
    import gzip
    import json
    import os
    from importlib.resources import files

    from consult_analyser.ingest.langid_model import default_cache_dir

    try:
        table = files("spacy_lookups_data").joinpath("data", "en_lexeme_prob.json.gz")
        raw = table.read_bytes()
    except (ImportError, OSError):  # pragma: no cover - lookups package missing
        _proper = (frozenset(), frozenset(), frozenset())
        return frozenset()
    import hashlib

    key = hashlib.sha256(raw[-4096:] + str((len(raw), _WORDS_FORMAT)).encode()).hexdigest()[:16]
    folder = default_cache_dir()
    cache = folder / f"pii-words-{key}.json.gz" if folder is not None else None
    if cache is not None and cache.exists():
        try:
            sets = json.loads(gzip.decompress(cache.read_bytes()))
            _proper = (frozenset(sets["proper"]), frozenset(sets["acronyms"]), frozenset(sets["familiar"]))
            _written_lower = frozenset(sets["lower"])
            return frozenset(sets["common"])
        except (OSError, ValueError, KeyError, EOFError):
            pass  # damaged: derive again
    common = _derive_words(json.loads(gzip.decompress(raw)))
    if cache is not None and _proper is not None:
        try:
            part = cache.with_name(cache.name + f".{os.getpid()}.part")
            part.write_bytes(gzip.compress(json.dumps({
                "common": sorted(common), "proper": sorted(_proper[0]), "acronyms": sorted(_proper[1]),
                "familiar": sorted(_proper[2]), "lower": sorted(_written_lower)}).encode(), compresslevel=6))
            os.replace(part, cache)
            prune_cache(cache.parent, "pii-words-*.json.gz", keep=2)
        except OSError:
            pass  # no cache this time
    return common


def _derive_words(probs: dict[str, float]) -> frozenset[str]:
    global _proper, _written_lower
    # Words mostly written capitalised ("david", "jones", "manchester"): in lower case they are
    # still proper nouns; and those whose capitals form is an acronym ("nhs", "uk").
    proper = frozenset(word.lower() for word, prob in probs.items()
                       if word[:1].isupper() and word[1:].islower() and word.isalpha()
                       and probs.get(word.lower(), -99.0) < prob - 0.5)
    acronyms = frozenset(word.lower() for word, prob in probs.items()
                         if word.isupper() and word.isalpha() and prob > probs.get(word.capitalize(), -99.0))
    familiar = frozenset(word.lower() for word, prob in probs.items()
                         if prob > -16.0 and word[:1].isupper() and word.isalpha())
    _proper = (proper, acronyms, familiar)
    # words in ordinary use in lower case, however often also capitalised ("rose", "mark", "christian")
    _written_lower = frozenset(word for word, prob in probs.items() if prob > -15.1 and word.islower() and word.isalpha())
    return frozenset(word for word, prob in probs.items()
                     if prob > -16.5 and word.islower() and word.isalpha()
                     and probs.get(word.capitalize(), -99.0) < prob - 1.0)


_proper: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = None
_written_lower: frozenset[str] = frozenset()


def written_in_lower_case(word: str) -> bool:
    """True for a word in ordinary use in lower case, even if as often capitalised ("rose", "mark",
    "christian", "king"); False for names seldom written so ("eleri", "charlotte")."""
    _common_words()
    return word.lower() in _written_lower


def is_typo(word: str) -> bool:
    """A lower-case word that is a word in ordinary use (or a contraction) with two neighbouring letters
    swapped ("bteter", "overngiht", "cuoldnt") or a letter left out ("oernight"): a slip, not a name."""
    _common_words()
    if len(word) < 5 or word in _written_lower:
        return False  # "mc", "geo": too short to tell a slip from a name; "brown": a word itself
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if swapped in _written_lower or swapped in CONTRACTIONS:
                return True
    # a letter left out: "oernight", "seeng", "ouldnt"
    return any(word[:i] + letter + word[i:] in _written_lower or word[:i] + letter + word[i:] in CONTRACTIONS
               for i in range(len(word)) for letter in "abcdefghijklmnopqrstuvwxyz")  # not at the end: "browns"


def _proper_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words mostly written capitalised, acronyms, familiar capitalised words), lower-cased."""
    if _proper is None:
        _common_words()
    return _proper or (frozenset(), frozenset(), frozenset())
_WORD_RE = re.compile(r"(?<![\w'’])[^\W\d_][\w'’]*")
_PREFIXED = re.compile(r"^(o['’]|d['’]|mc|mac)([^\W\d_])", re.I)


def case_proxy(text: str) -> str:
    """``text`` with the proper nouns written in lower or upper case given a capital ("david
    jones" -> "David Jones", "SARAH O'CONNOR" -> "Sarah O'Connor"), character for character the
    same length, so that the name rules and the recogniser, which rely on capitals, see them; a first
    name glued to the number before it is set apart (:func:`_unglued`)."""
    proper, acronyms, _familiar = _proper_sets()
    if not proper:
        return text
    text = _unglued(text, proper)
    common = _common_words()
    words = list(_WORD_RE.finditer(text))
    fixed: dict[int, str] = {}

    def capital(low: str) -> str:
        prefixed = _PREFIXED.match(low)
        if prefixed and len(low) > 3:
            return prefixed.group(1).capitalize() + low[len(prefixed.group(1)):].capitalize()
        return low.capitalize()

    def odd_case(word: str) -> bool:
        return word.islower() or (word.isupper() and len(word) > 2 and word.lower() not in acronyms)

    for index, match in enumerate(words):
        word = match.group(0)
        low = word.lower()
        if odd_case(word) and (low in proper or (_PREFIXED.match(low) and len(low) > 3)):
            fixed[index] = capital(low)
    # English word counts say nothing of a Welsh sentence's words ("Mae prisiau ... yn rhy ddrud")
    fixed = {i: w for i, w in fixed.items() if not in_welsh_sentence(text, words[i].start(), words[i].end())}
    # A neighbour of such a word that is no everyday word is part of the same name ("kieran chaudhry").
    for index in sorted(fixed):
        for other in (index - 1, index + 1):
            if 0 <= other < len(words) and other not in fixed:
                word = words[other].group(0)
                low = word.lower()
                between = text[min(words[index].end(), words[other].end()):max(words[index].start(),
                                                                               words[other].start())]
                if (odd_case(word) and between.strip(" \t") == "" and "\n" not in between and low not in common
                        and low not in CONTRACTIONS and len(low) > 1 and low.isalpha() is not False
                        and not (word.islower() and is_typo(low))):  # "erally ince": a slip for "really nice"
                    fixed[other] = capital(low)
    if not fixed:
        return text
    parts: list[str] = []
    position = 0
    for index in sorted(fixed):
        match = words[index]
        parts.append(text[position:match.start()])
        parts.append(fixed[index])
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


#: a word glued to the number before it, as text taken from a PDF runs a date into the name under it
_GLUED = re.compile(r"(?<=\d)\d([^\W\d_][\w'’]+)")


def _unglued(text: str, proper: frozenset[str] | set[str]) -> str:
    """``text`` with a first name glued to a number set apart, its last digit standing in for the space ("February
    29, 2016lisa A. Maier" is read as "February 29, 201 Lisa A. Maier"): the same length, so offsets hold."""
    from consult_analyser.pipeline.pii_names import is_given_name

    def part(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.lower() in proper and is_given_name(word):
            return " " + word[:1].upper() + word[1:]
        return match.group(0)

    return _GLUED.sub(part, text)
