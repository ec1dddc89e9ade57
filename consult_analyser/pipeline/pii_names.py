"""A person's name by its shape alone, without the recogniser: runs of capitalised name words
("Jane Smith-Jones", "Declan O'Brien") that are neither everyday words nor the names of places or
bodies. :mod:`consult_analyser.pipeline.pii` builds on these to find names in quotes; theme labels,
keywords and the sector rules ask them whether a phrase names a person."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from consult_analyser.paths import models_dir
from consult_analyser.pipeline.pii_words import _NOT_NAMES, _common_words, case_proxy

_ORG_WORDS = re.compile(
    r"\b(?:council|borough|county|authority|ltd|limited|plc|llp|inc|association|society|trust|foundation|"
    r"charity|institute|university|college|school|academy|federation|union|alliance|network|forum|"
    r"partnership|group|coalition|campaign|company|corporation|board|agency|department|ministry|"
    r"commission|committee|centre|center|nhs|club|chamber|party|church|hospital|services|office|"
    r"government|parliament|assembly|street|road|lane|avenue|hospice|surgery|"
    r"ysgol|eglwys|capel|cyngor|prifysgol|coleg|ysbyty|canolfan|cymdeithas|mudiad)\b",  # Welsh: school, church, ...
    re.I,
)
_PARTICLES = {"de", "da", "van", "von", "der", "bin", "al", "el", "la", "le", "du", "di",
              "ap", "ab", "ferch", "verch", "ibn", "bint", "dos", "das", "del"}  # "Ffion ap Gwilym", "Ali ibn Said"
_SURNAME_PREFIX = re.compile(r"^(?:Mc|Mac|O['’]|D['’])(?=[^\W\d_])")
# Runs of two or more words that start with a capital (any Latin script), joined the way the parts
# of a name are: a space, a hyphen, a particle ("van der"). Checked word by word afterwards.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_CAP_WORD = rf"[{_UPPER}][\w'’]*\.?(?:-[{_UPPER}][\w'’]*)*"
_PARTICLE_RE = "|".join(sorted(_PARTICLES))
_JOIN = rf"(?:[ \t]*,)?[ \t]+(?:(?:{_PARTICLE_RE})[ \t]+)*|[ \t]?-[ \t]?"
_CAP_RUN = re.compile(rf"(?<![\w'’-]){_CAP_WORD}(?:(?:{_JOIN}){_CAP_WORD})+"
                      rf"|(?<![\w'’-])[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]*)+")
_WORD_IN_RUN = re.compile(r"[^\s,-]+")


def _is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: "Jane", "Smith-Jones", "O'Brien", "McDonald",
    "Zoë", an initial ("J", "J."). Not "NHS", "iPhone" or "3D"."""
    if len(word) <= 2 and word[:1].isalpha() and word[:1].isupper() and word[1:] in ("", "."):
        return True
    for part in word.removesuffix(".").split("-"):
        part = _SURNAME_PREFIX.sub("", part)
        core = part.replace("'", "").replace("’", "")
        if len(core) < 2 or not core.isalpha() or not part[0].isupper() or not core[1:].islower():
            return False
    return True


def _may_hold_name(run: str) -> bool:
    """True when a run of capitalised words holds two name words in a row (particles between allowed)."""
    previous = False
    for word in _WORD_IN_RUN.findall(run):
        if word in _PARTICLES:
            continue
        current = _is_name_word(word) and word != "I"
        if previous and current:
            return True
        previous = current
    return False


# Words that make a run of capitals a place or a body, not a person ("Milton Keynes" is not
# caught by them, the recogniser's place label keeps it).
_PLACE_WORDS = frozenset("st saint upon under on le port north south east west great little upper lower new old "
                         "royal county city town village isle mount lake river bay national british english welsh "
                         "scottish irish european historic england scotland wales ireland britain europe australia "
                         "australian america american canada canadian international global".split())


# A name-shaped run that is a place ("in Milton Keynes", "near Merthyr Tydfil") or names a body or a
# building ("Ronald McDonald House", "Holy Trinity CE Primary", "Martin House Children's Hospice")
# (only straight after the word: "in Leeds and Declan Okafor agrees" has a person after a place)
_BEFORE_PLACE = re.compile(r"(?:^|[^\w'’])(?:in|near|around|across|outside|throughout|within|towards)[ \t]+$", re.I)
_AFTER_BODY = re.compile(
    r"^(?:['’]s)?[ \t]+(?:[A-Z][\w'’]*[ \t]+){0,2}(?:House|Hospice|Hospital|Primary|Infants|Juniors?|School|Academy|"
    r"College|Centre|Center|Surgery|Practice|Medical|Health|Church|Chapel|Mosque|Temple|Gurdwara|Synagogue|Trust|"
    r"Library|Park|Station|Clinic|Ward|Hall|Stadium|Museum|Theatre|Institute|Foundation|Fund|Appeal|Campus|Estate|"
    r"Lodge|Manor|Children['’]s)\b")


@functools.cache
def _places() -> frozenset[str]:
    """Towns and cities of two or more words, lower case (``models/places``: from GeoNames)."""
    path = models_dir() / "places" / "places.txt"
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _is_town(name: str) -> bool:
    """Whether ``name`` (spacing and apostrophes as written) is one of the towns in ``models/places``."""
    return " ".join(name.split()).casefold().replace("’", "'") in _places()


def place_or_body(text: str, start: int, end: int) -> bool:
    """True when the name-shaped ``text[start:end]`` is a town's name ("Milton Keynes") or reads as a
    place or a body by the words around it."""
    last = text[start:end].split()[-1:] or [""]
    return bool(_is_town(text[start:end]) or _BEFORE_PLACE.search(text[max(0, start - 100):start])
                or _AFTER_BODY.match(text[end:end + 60]) or _AFTER_BODY.match(" " + last[0]))


def _name_pairs(text: str) -> list[tuple[int, int]]:
    """Runs of two or more name words in a row that are neither everyday words ("Network Rail",
    "Local Plan") nor parts of place or organisation names: a person's name by their shape alone.
    The recogniser often labels an unfamiliar full name ("Declan Okafor") as a place or a body;
    this catches it unless the recogniser is sure it is a place."""
    common = _common_words()
    found: list[tuple[int, int]] = []
    for run in _CAP_RUN.finditer(text):
        if _ORG_WORDS.search(run.group(0)) or any(
                w.lower().rstrip(".") in _PLACE_WORDS for w in re.findall(r"[^\s,'’]+", run.group(0))):
            continue  # "St Mary's Parish Church", "Queen Elizabeth Hospital": a body or a place
        start = None
        end = 0
        count = 0
        previous_end = 0
        for word in re.finditer(r"[^\s,]+", run.group(0)):
            token = word.group(0).rstrip(".")
            low = token.lower()
            if "," in run.group(0)[previous_end:word.start()] and start is not None:  # "Wales, Scotland": a list
                if count >= 2:
                    found.append((start, end))
                start, count = None, 0
            previous_end = word.end()
            ok = (_is_name_word(token) and len(token) > 1 and low not in common and low not in _NOT_NAMES
                  and low not in _PLACE_WORDS and not _ORG_WORDS.fullmatch(low)) or (low in _PARTICLES and count)
            if ok:
                if start is None:
                    start = run.start() + word.start()
                end, count = run.start() + word.start() + len(token), count + (low not in _PARTICLES)
                continue
            if start is not None and count >= 2:
                found.append((start, end))
            start, count = None, 0
        if start is not None and count >= 2:
            found.append((start, end))
    return [(a, b) for a, b in found if not _is_town(text[a:b])]


def names_a_person(text: str) -> bool:
    """True when ``text`` holds a person's full name by its shape (two or more name words that are
    not everyday words, not a place's or a body's name), without the recogniser."""
    return bool(text.strip()) and bool(_name_pairs(case_proxy(text)))


def mostly_a_name_part(word: str, texts: Sequence[str], limit: int = 40) -> bool:
    """True when ``word`` is, in at least half of the ``texts`` that use it (the first ``limit``),
    written as part of a person's full name by its shape: "Declan" of "... or to Declan Brennan",
    not "Obama" of "I like Obama". A keyword made of such a word would name a person on its own."""
    if word.lower() in _common_words() or word.lower() in _NOT_NAMES:
        return False  # an everyday word is never part of a name by its shape
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    uses = inside = 0
    for text in texts:
        hits = [m.start() for m in pattern.finditer(text)]
        if not hits:
            continue
        uses += 1
        spans = _name_pairs(case_proxy(text))
        inside += any(start <= hit < end for hit in hits for start, end in spans)
        if uses >= limit:
            break
    return uses > 0 and 2 * inside >= uses


def looks_like_full_name(text: str) -> bool:
    """True when ``text`` is nothing but a person's full name by its shape ("Sarah O'Connor",
    "Lindqvist Maren"), without the recogniser: two or more name words that are not everyday words."""
    return bool(text.strip()) and _only_a_name(text)


def _only_a_name(text: str) -> bool:
    """True when the name-shaped runs of ``text`` cover every word in it ("Sarah O'Connor", "david jones")."""
    proxy = case_proxy(text)
    pairs = _name_pairs(proxy)
    if not pairs:
        return False
    rest = list(proxy)
    for start, end in pairs:
        rest[start:end] = " " * (end - start)
    return not re.search(r"[^\W\d_]", "".join(rest))
