"""A person's name by its shape alone, without the recogniser: runs of capitalised name words
("Jane Smith-Jones", "Declan O'Brien") that are neither everyday words nor the names of places or
bodies. :mod:`consult_analyser.pipeline.pii` builds on these to find names in quotes; theme labels,
keywords and the sector rules ask them whether a phrase names a person."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from consult_analyser.paths import models_dir
from consult_analyser.pipeline.pii_words import (
    _NOT_NAMES,
    _common_words,
    case_proxy,
    is_everyday_word,
    written_in_lower_case,
)

_ORG_WORDS = re.compile(
    r"\b(?:council|borough|county|authority|ltd|limited|plc|llp|inc|association|society|trust|foundation|"
    r"charity|institute|university|college|school|academy|federation|union|alliance|network|forum|"
    r"partnership|group|coalition|campaign|company|corporation|board|agency|department|ministry|"
    r"commission|committee|centre|center|nhs|club|chamber|party|church|hospital|services|office|"
    r"government|parliament|assembly|street|road|lane|avenue|hospice|surgery|healthwatch|llp|solicitors|"
    # a group named by what its members do or are ("Dudley Ramblers", "Friends of Kenton Park")
    r"ramblers|friends|volunteers|residents|supporters|walkers|cyclists|scouts|guides|singers|choir|players|"
    r"ysgol|eglwys|capel|cyngor|prifysgol|coleg|ysbyty|canolfan|cymdeithas|mudiad|"  # Welsh: school, church, ...
    # Irish (school, college, club, co-operative, board, office, company) and Māori (meeting place, tribe,
    # subtribe, family, tribal council) bodies, and a trust's trustees ("Hinewai Marae Trustees")
    r"scoil|gaelscoil|col[aá]iste|gaelchol[aá]iste|cumann|comharchumann|bord|[uú]dar[aá]s|oifig|teoranta|"
    r"marae|iwi|hap[uū]|wh[aā]nau|r[uū]nanga|trustees)\b",
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
# (a digit may come straight before: text taken from a PDF glues a letter's date to the name
# under it, "26 July 2023Mr Anthony Murfitt")
_CAP_RUN = re.compile(rf"(?<![^\W\d_'’-]){_CAP_WORD}(?:(?:{_JOIN}){_CAP_WORD})+"
                      rf"|(?<![^\W\d_'’-])[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]*)+")
_WORD_IN_RUN = re.compile(r"[^\s,-]+")


_I_CONTRACTED = re.compile(r"I['’](?:m|ve|d|ll|s)", re.I)


def _is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: "Jane", "Smith-Jones", "O'Brien", "McDonald",
    "Zoë", an initial ("J", "J."). Not "NHS", "iPhone" or "3D"."""
    if len(word) <= 2 and word[:1].isalpha() and word[:1].isupper() and word[1:] in ("", "."):
        return True
    if _I_CONTRACTED.fullmatch(word):
        return False  # "I've", "I’m": "Incidentally I’ve stopped ..." is no name
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
                         "australian america american canada canadian international global northern southern eastern western "
                         "central".split())


# A name-shaped run that is a place ("in Milton Keynes", "near Merthyr Tydfil") or names a body or a
# building ("Ronald McDonald House", "Holy Trinity CE Primary", "Martin House Children's Hospice")
# (only straight after the word: "in Leeds and Declan Okafor agrees" has a person after a place)
_BEFORE_PLACE = re.compile(r"(?:^|[^\w'’])(?:in|near|around|across|outside|throughout|within|towards)[ \t]+$", re.I)
_AFTER_BODY = re.compile(
    r"^(?:['’]s)?[ \t]+(?:(?:[A-Z][\w'’]*|&|and)[ \t]+){0,2}(?:Network|Association|Society|Commissioner|LLP|Solicitors|"
    r"Partnership|Healthwatch|Home|House|Hospice|Hospital|Primary|Infants|Juniors?|School|Academy|"
    r"College|Centre|Center|Surgery|Practice|Medical|Health|Church|Chapel|Mosque|Temple|Gurdwara|Synagogue|Trust|"
    r"Library|Park|Station|Clinic|Ward|Hall|Stadium|Museum|Theatre|Institute|Foundation|Fund|Appeal|Campus|Estate|"
    r"Lodge|Manor|Children['’]s|Band|Tribes?|Nation|Pueblo|Rancheria|Reservation|Indians|"
    # a firm's or a place's own word ("Getty Images", "Price Waterhouse Coopers", "Ku Arts", "the Botanic Garden")
    r"Garden|Gardens|Arts|Images|Coopers|Media|Pictures|Studios|Partners|Associates|Consulting|Labs|Industries|"
    r"Technologies|Systems|Solutions|Holdings|Records|Publishing|Entertainment|Airlines|Airways)\b")
# a business named by its trade ("Castle Wynd Hotel", "Canongate Florist", "Morningside Guest House"; not a trade's
# word that is a surname too: "Jane Barber", "Tom Baker", "Amy Flowers"), never after a possessive: "John Smith's
# hotel" or "... Hotel" may be a person's own, and a person's name published costs more than a business's withheld
_AFTER_BUSINESS = re.compile(
    r"^[ \t]+(?:(?:[A-Z][\w'’]*|&|and)[ \t]+){0,2}(?:Hotels?|Guest[ \t]?[Hh]ouse|Inn|B&B|Hostel|Caf[eé]|Tea[ \t]?[Rr]ooms?|Restaurant|Bistro|Brasserie|Bakery|Deli|"
    r"Delicatessen|Garage|Motors|Florists?|Pharmacy|Chemists?|Opticians?|Salon|Stores|Newsagents?|Taxis|Cabs|Coaches|"
    r"Takeaway|Brewery|Distillery|Nursery|Launderette|Bookshop|Butchers|Bakers|Barbers|Hairdressers|Jewellers|Gallery)\b")
# a council's or a group's own name: the body's word straight after it ("Brindle Vale Parish Council"; not
# "Mary Neumayr Chairman Council On Environmental Quality")
_AFTER_COUNCIL = re.compile(r"^[ \t]+(?:Parish|Town[ \t]+Council|Community[ \t]+Council|Council|Group|Club|Committee|"
                            r"Forum|Common|Nature[ \t]+Reserve|Recreation[ \t]+Ground)\b")


_BUILDING = re.compile(r"View|Grange|Court|Gardens|Heights|Mews")


@functools.cache
def _listed(folder: str, name: str) -> frozenset[str]:
    """The lines of a list shipped in ``models/`` (case-folded; empty when the file is missing)."""
    path = models_dir() / folder / name
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _places() -> frozenset[str]:
    """Towns and cities of two or more words, lower case (``models/places``: from GeoNames)."""
    return _listed("places", "places.txt")


# Figures of faith and history named by one word in answers about them, never a respondent's name.
_NOT_LONE_NAMES = frozenset("jesus christ allah god buddha krishna rama shiva vishnu ganesh guru nanak moses "
                            "abraham mary joseph muhammad mohammed prophet imam tory eid diwali vaisakhi "
                            "alexa siri cortana roma romani shona".split())  # voice assistants, peoples
_LONE_WORD = re.compile(rf"(?<![\w'’-])[{_UPPER}][a-zà-öø-ÿā-ſ'’]+(?![\w'’-])")


def _given_names() -> frozenset[str]:
    """People's first names, case-folded (``models/names``: Faker's locales, the US Census and a
    kept list of Welsh, Scottish, Irish, South Asian, West African, Somali and East Asian names)."""
    return _listed("names", "given_names.txt")


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a first name somewhere ("Eleri", "Kacper", "Grace"), everyday word or not."""
    return word.casefold().replace("’", "'") in _given_names()


_LONG_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{4,}")


def capitalised_throughout(text: str) -> bool:
    """Text whose every word starts with a capital ("This Letter Is Being Submitted By ..."): a
    capital there says nothing about a name."""
    words = _LONG_WORD.findall(text[:2000])
    return len(words) >= 8 and sum(1 for w in words if w[:1].isupper()) >= 0.8 * len(words)


def _single_places() -> frozenset[str]:
    """One-word places, case-folded (``models/places/single_places.txt``: towns, counties, states, countries)."""
    return _listed("places", "single_places.txt")


def is_lone_place(word: str) -> bool:
    """Whether ``word`` is a one-word place in ``models/places`` ("Devon", "Victoria", "Jordan")."""
    return word.casefold().replace("’", "'") in _single_places()


def lone_given_name(word: str) -> bool:
    """A first name that is not also an everyday word, a place or a figure of faith ("Eleri",
    "Gethin"; not "Will", "Grace", "Devon", "Victoria", "Jesus"): one that, standing alone in an
    answer, names a person."""
    low = word.casefold()
    return low not in _NOT_LONE_NAMES and is_given_name(word) and not written_in_lower_case(low) \
        and low not in _NOT_NAMES and low not in _single_places()


def lone_given_names(text: str) -> list[tuple[int, int]]:
    """Offsets of the capitalised first names in ``text`` (see :func:`lone_given_name`)."""
    if not _given_names():
        return []
    return [(m.start(), m.end()) for m in _LONE_WORD.finditer(text) if lone_given_name(m.group(0))]


def _is_town(name: str) -> bool:
    """Whether ``name`` (spacing and apostrophes as written) is one of the towns in ``models/places``."""
    return " ".join(name.split()).casefold().replace("’", "'") in _places()


_WORDS_BEFORE = re.compile(r"(?:[^\W\d_][\w'’]*[ \t-]+){1,3}$")


def ends_a_town(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the last word of a town's name in ``models/places`` ("Wells" of
    "Builth Wells", "Keynes" of "Milton Keynes")."""
    before = _WORDS_BEFORE.search(text, max(0, start - 60), start)
    if before is None:
        return False
    words = list(re.finditer(r"[^\W\d_][\w'’]*", before.group(0)))
    return any(_is_town(text[before.start() + word.start():end]) for word in words)


def place_or_body(text: str, start: int, end: int) -> bool:
    """True when the name-shaped ``text[start:end]`` is a town's name ("Milton Keynes") or reads as a
    place or a body by the words around it."""
    words = text[start:end].split()
    last = words[-1:] or [""]
    # "Brindle Vale Parish Council ... the toilets at Brindle Vale green": a body's name wherever it stands
    elsewhere = len(words) > 1 and any(_AFTER_COUNCIL.match(text[m.end():m.end() + 60])
                                       for m in re.finditer(re.escape(text[start:end]), text) if m.start() != start)
    return bool(_is_town(text[start:end]) or _BEFORE_PLACE.search(text[max(0, start - 100):start])
                or _AFTER_BODY.match(text[end:end + 60]) or _AFTER_BODY.match(" " + last[0])
                or _AFTER_BUSINESS.match(text[end:end + 60]) or _AFTER_BUSINESS.match(" " + last[0])
                or _AFTER_COUNCIL.match(text[end:end + 60]) or elsewhere
                # a home or a building ("Riverside View", "Lavender Court"), not "Margaret Court"
                or len(words) > 1 and _BUILDING.fullmatch(last[0]) is not None and not is_given_name(words[0]))


#: a plural naming people by their work, a union's or a trade body's word ("United Steelworkers", "Ironworkers",
#: "Boilermakers", "Longshoremen"), never a surname
_MEMBERS = re.compile(r"[a-z]{3,}(?:workers|makers|fighters|builders|keepers|fitters|men)|teamsters|machinists")


def names_its_members(word: str) -> bool:
    """Whether ``word`` is a plural of people at their work ("Steelworkers", "Boilermakers", "Teamsters"; not
    "Carmen", a first name): with "United" before it, a union's name, not a person's."""
    low = word.casefold()
    return _MEMBERS.fullmatch(low) is not None and not is_given_name(low)


def _name_pairs(text: str) -> list[tuple[int, int]]:
    """Runs of two or more name words in a row that are neither everyday words ("Network Rail",
    "Local Plan"; a surname that is one counts after a first name: "Sophie Young") nor parts of
    place or organisation names: a person's name by their shape alone.
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
            gap = run.group(0)[previous_end:word.start()]
            ended = previous_end and run.group(0)[previous_end - 1] == "." and previous_end > 2 \
                and run.group(0)[previous_end - 3:previous_end - 1].isalpha()  # "Aufwand. Endlich", not "J. Smith"
            if ("," in gap or ended) and start is not None:  # "Wales, Scotland": a list
                if count >= 2:
                    found.append((start, end))
                start, count = None, 0
            previous_end = word.end()
            shaped = (_is_name_word(token) and len(token) > 1 and low not in _NOT_NAMES and low not in _PLACE_WORDS
                      and not _ORG_WORDS.fullmatch(low) and not names_its_members(low))
            # a surname that is also a word counts after a first name ("Sophie Young", "Dylan Baker")
            after_given = (count == 1 and start is not None and text[end:end + 1] != "."
                           and lone_given_name(text[start:end]) and not capitalised_throughout(text))
            ok = (shaped and (low not in common or after_given)) or (low in _PARTICLES and count)
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


def without_opening_words(text: str, full: list[tuple[int, int]], single: list[tuple[int, int]],
                           common: frozenset[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Full names less a first word capitalised only because it opens a sentence: an everyday word that
    is no first name ("Booking Fflecsi through the app ...", "Ask Declan Okafor"). What is left is a
    full name still, or a one-word name (redacted only where it is part of a full name elsewhere)."""
    kept: list[tuple[int, int]] = []
    for a, b in full:
        words = list(re.finditer(r"\S+", text[a:b]))
        first = words[0].group(0)
        before = text[:a].rstrip(" \t\"'“‘(")
        if len(words) < 2 or before and before[-1] not in ".!?:;\n" or first.lower() not in common \
                or is_given_name(first):
            kept.append((a, b))
            continue
        (kept if len(words) > 2 else single).append((a + words[1].start(), b))
    return kept, single


def names_a_person(text: str) -> bool:
    """True when ``text`` holds a person's full name by its shape (two or more name words that are
    not everyday words, not a place's or a body's name), without the recogniser."""
    return bool(text.strip()) and bool(_name_pairs(case_proxy(text)))


def a_first_name_only(word: str) -> bool:
    """True for a word that is a person's first name and no word in ordinary use ("chloe", "Sinead"; not
    "grace", "will", "star", nor a name also written in lower case such as "bush"): as a theme's keyword
    it would name someone ("thanks to the porter, often mentioning ... and chloe"), whatever the texts
    around it."""
    low = word.lower()
    return is_given_name(low) and low not in _common_words() and low not in _NOT_NAMES \
        and not written_in_lower_case(low) and not is_everyday_word(low)


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


#: words of organisations' names that are surnames too, where the body's name never ends with them: a Welsh
#: chapel is "Capel Bethel", so "Rhian Capel" is a person ("Grace Church" or "Hope Chapel" may be either)
_SURNAME_ORG_WORDS = frozenset({"capel"})


def _only_a_name(text: str) -> bool:
    """True when the name-shaped runs of ``text`` cover every word in it ("Sarah O'Connor", "david jones"),
    or it is a first name and a surname that is also an organisation's word ("Rhian Capel": a person who
    wrote their name in the organisation box; "Capel Bethel" is a chapel)."""
    words = text.split()
    if len(words) == 2 and is_given_name(words[0]) and words[1].casefold() in _SURNAME_ORG_WORDS \
            and not is_given_name(words[1]) and words[0][:1].isupper() == words[1][:1].isupper():
        return True
    proxy = case_proxy(text)
    pairs = _name_pairs(proxy)
    if not pairs:
        return False
    rest = list(proxy)
    for start, end in pairs:
        rest[start:end] = " " * (end - start)
    return not re.search(r"[^\W\d_]", "".join(rest))


# -- a first name standing alone, in a parsed passage -----------------------------------------------

def in_proper_name(doc: Any, i: int) -> bool:
    """Whether token ``i`` is part of something longer than a first name: beside another capitalised
    word that is no everyday word ("St Teresa", "Lake Victoria", "Gethin Street", "King's Lynn"; not
    "Regards Pooja" or "When Osian"), joined to the next ("Osha-H005c"), an abbreviation spelt out
    before it ("Americans With Disabilities Act (Ada)"), or an author cited ("Roberts et al.",
    "Hardin, 2002", "Clark (2021)")."""
    before = doc[i - 1] if i > 0 else None
    if before is not None and before.text in ("'s", "’s", "of", "de", "del") and i > 1 \
            and doc[i - 2].text[:1].isupper():
        return True  # "King's Lynn", "Our Lady of Lourdes"
    for j in (i - 1, i + 1):
        if 0 <= j < len(doc):
            near = doc[j].text
            low = near.lower()
            if near[:1].isupper() and (j == i + 1 or not (low in _GREETINGS or (
                    doc[j].is_sent_start and (low in _common_words() or low in _NOT_NAMES)))):
                return True
    after = doc.text[doc[i].idx + len(doc[i].text):][:20]
    joined_before = doc[i].idx > 0 and doc.text[doc[i].idx - 1] in "-/"  # "Stoke-on-Trent"
    return joined_before or (after[:1] in "-/" and after[1:2].strip() != "") \
        or (before is not None and before.text == "(" and after.lstrip("'’s").startswith(")")) \
        or after.startswith(" et al") or bool(_CITED_YEAR.match(after))


# words a first name follows in a greeting or a closing ("Regards Pooja", "Thanks Heather", "Dear Eleri")
_GREETINGS = frozenset("regards thanks thank cheers love dear hi hello hey sincerely faithfully wishes best "
                       "diolch from signed".split())
_CITED_YEAR = re.compile(r"[ \t]*(?:,[ \t]*|\()(?:19|20)\d\d\b")


def mostly_capitalised(doc: Any) -> bool:
    """:func:`capitalised_throughout` for a parsed passage."""
    return capitalised_throughout(doc.text)


def lone_as_written(word: str) -> bool:
    """A first name standing alone (:func:`lone_given_name`) written with a capital and then lower
    case ("Eleri", not "ELERI", an abbreviation, nor "fatih", a slip for "faith")."""
    return word[:1].isupper() and word[1:].islower() and lone_given_name(word)


# -- a nickname in brackets, and the surname after it ---------------------------------------------

_NICKNAME = re.compile(r"\.?[ \t]*(?P<brackets>\([ \t]*(?P<nick>[A-Z][a-z'’]+)[ \t]*\))"
                       r"(?:[ \t]+(?P<surname>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?))?")


def nicknames(text: str, names: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A name found with the nickname in brackets after it and the surname after that: "Edward B. (Ted) Zukoski,
    Senior Attorney" (a trial's redacted comments read "[name] (Ted) Zukoski"); not "(Retired)" nor "(Ret.)"."""
    if "(" not in text:
        return []
    common = _common_words()
    found = []
    for match in _NICKNAME.finditer(text):
        nick = match.group("nick").lower()
        if nick in _NOT_NAMES or (nick in common and not is_given_name(nick)) or _ORG_WORDS.fullmatch(nick):
            continue
        surname = match.group("surname")
        low = surname.lower() if surname else ""
        named = surname and low not in _NOT_NAMES and low not in common and low not in _PLACE_WORDS \
            and not _ORG_WORDS.fullmatch(low)
        found.append((match.start(), match.end("surname") if named else match.end("brackets")))
    # the name found ends where the brackets begin, or in them ("Robert (Bob" read as one name)
    return [(start, b) for start, end in names for a, b in found if start <= a <= end < b]


# -- names in a list of people, and names before honours ----------------------------------------

# A word of a listed name; text taken from a PDF may have a digit for a letter ("Ka5e Ellis")
_ITEM_WORD = rf"[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]*)*"
_ITEM = rf"(?P<item>{_ITEM_WORD}(?:[ \t]+{_ITEM_WORD}){{1,2}})"
_SEPARATOR = r"(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]+)?|[ \t]+(?:and|&)[ \t]+)"
_END_OF_ITEM = r"(?=[ \t]*(?:[,;:.)(\n&]|and\b|from\b|of\b|at\b|[A-Z]{2,}\b|$))"
_JUST_SEPARATOR = re.compile(_SEPARATOR)
_NEXT_ITEM = re.compile(_SEPARATOR + _ITEM + _END_OF_ITEM)
_PREVIOUS_ITEM = re.compile(r"(?:^|(?<=[\s(:;]))" + _ITEM + _SEPARATOR + r"$")
# honours and offices written after a name ("Rupert Myer AO (Chair)", "Jane Doe MBE", "Alun Davies MS")
_POSTNOMINAL = re.compile(rf"(?<![\w'’-]){_ITEM}[ \t]*,?[ \t]+(?:AC|AO|AM|OAM|OBE|MBE|CBE|KBE|DBE|GBE|CH|KC|QC|FRS|"
                          r"FREng|FRSE|FBA|FMedSci|MP|MSP|MS|MLA|MEP|PhD|DPhil)(?![\w'’-])")
_OCR_NAME_WORD = re.compile(r"[A-Z][a-z]*\d[a-z]+")


def _listed_person(item: str) -> bool:
    """Two or three name words that are not all everyday words, and not a body's or a place's name."""
    words = item.split()
    if len(words) < 2 or _ORG_WORDS.search(item) or _is_town(item) or any(
            w.lower() in _PLACE_WORDS or w.lower() in _NOT_NAMES for w in words):
        return False
    common = _common_words()
    return all(_is_name_word(w) or _OCR_NAME_WORD.fullmatch(w) for w in words) and any(
        w.lower() not in common for w in words)


def _person_at_end(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The last two or three words of ``text[start:end]`` that read as a person's name ("ANA Board
    Rupert Myer" -> "Rupert Myer"), if any."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for k in range(len(words) - 1):
        a = start + words[k].start()
        if _listed_person(text[a:end]):
            return a, end
    return None


def postnominal_names(text: str) -> list[tuple[int, int]]:
    """Names written before honours or offices, beginning with a first name: "Rupert Myer AO", "Sue
    Cato AM", "Jane Doe MBE"."""
    found = (_person_at_end(text, m.start("item"), m.end("item")) for m in _POSTNOMINAL.finditer(text))
    # a first name first: "Multiple Sclerosis MS" is no one
    return [span for span in found if span and is_given_name(text[span[0]:span[1]].split()[0].split("-")[0])]


def listed_names(text: str, names: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """More names in a list of people of which two full names side by side were found: "prepared by
    Kai-Ti Kao, Ka5e Ellis, Eleanor Sandry and Mike Kent" (the recogniser found two): the list's other items
    of two or three name words that are not all everyday words, nor a body's or a place's name."""
    taken = sorted(names)
    full = [(a, b) for a, b in taken if " " in text[a:b].strip()]
    # a list of people: two full names found side by side ("Okafor Aoife M, Brennan Respiratory
    # Institute" is a person and their body)
    todo = [(a, b) for a, b in full if any(_JUST_SEPARATOR.fullmatch(text[b:x]) or _JUST_SEPARATOR.fullmatch(text[y:a])
                                           for x, y in full if (x, y) != (a, b))]
    out: list[tuple[int, int]] = []
    while todo:
        start, end = todo.pop()
        candidates = []
        after = _NEXT_ITEM.match(text, end)
        if after:
            candidates.append((after.start("item"), after.end("item")))
        low = max(0, start - 80)
        before = _PREVIOUS_ITEM.search(text[low:start])
        if before:
            span = _person_at_end(text, low + before.start("item"), low + before.end("item"))
            if span:
                candidates.append(span)
        for a, b in candidates:
            if _listed_person(text[a:b]) and not any(a < y and x < b for x, y in taken):
                taken.append((a, b))
                out.append((a, b))
                todo.append((a, b))
    return out
