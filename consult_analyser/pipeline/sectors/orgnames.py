"""Organisation names as the annex lists them: non-names left out, variants of one name merged.

"Self", "N/A", "Private individual", "Retired" typed in an organisation box are not
organisations. "The Leeds Trust Ltd", "Leeds Trust Limited" and "LEEDS TRUST LTD." are one
organisation: :func:`organisation_key` ignores case, accents, punctuation, a leading "The" and
the common legal-form endings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from consult_analyser.ingest.sender_org import TITLE_TAIL
from consult_analyser.label_words import ORGANISATION_WORDS
from consult_analyser.pipeline.pii_us import _STATE_NAMES
from consult_analyser.pipeline.sectors.rules import SectorRules, match_text

_BODY_WORDS = frozenset(w for w in ORGANISATION_WORDS if " " not in w)

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_LEGAL_ENDINGS = re.compile(
    r"(\s+(ltd|limited|plc|llp|llc|inc|incorporated|corp|corporation|co|company|gmbh|ag|sa|sas|spa|srl|sl|"
    r"bv|nv|ev|asbl|vzw|pty|pte|cic|cio|teoranta|teo|dac|clg|ulc|ltee))+$")
_THE = re.compile(r"^(the|la|le|les|der|die|das|el|il)\s+")


#: legal forms of one country's law: "Acme Ltd" and "Acme Limited" are one company, "Acme Ltd" and
#: "Acme NV" two (a trial's annex merged a British and a Dutch company, and an "SA" with an "SAS"). British
#: and American forms are one family; a bare name joins whichever family its spellings have (an Irish
#: consultation's "Lisnagree Coaches" is its "Lisnagree Coaches Teoranta")
_FORM_FAMILY = {form: family for family, forms in {
    "en": ("ltd", "limited", "plc", "llp", "co", "company", "cic", "cio", "llc", "inc", "incorporated", "corp",
           "corporation", "ulc", "ltee"), "de": ("gmbh", "ag", "ev"), "fr": ("sas",), "latin": ("sa", "sl"), "it": ("spa", "srl"),
    "nl": ("bv", "nv"), "be": ("asbl", "vzw"), "au": ("pty",), "sg": ("pte",),
    "ie": ("teoranta", "teo", "dac", "clg")}.items() for form in forms}


#: initials written with stops ("C.I.C.", "F.M", "U.K."): one word as written without them
_DOTTED = re.compile(r"\b(?:[a-z]\.){1,}[a-z]\b\.?")


def _clean(name: str) -> str:
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), match_text(name)).replace("&", " and ")
    text = " ".join(_PUNCT.sub(" ", text).split())
    return _THE.sub("", text)


def without_title_tail(name: str) -> str:
    """``name`` less a title's tail a docket or a mailbox put after it ("Almatis Inc. - Comments", "City Of Seattle -
    Comment": trial 48's Organisations sheet listed them so); the name itself when nothing else is left."""
    bare = TITLE_TAIL.sub("", name).strip()
    return bare or name


def organisation_key(name: str) -> str:
    """The form two spellings of one organisation share ("The Acme Co. Ltd" -> "acme")."""
    text = _clean(name)
    stripped = _LEGAL_ENDINGS.sub("", text).strip()
    return stripped or text


def legal_family(name: str) -> str:
    """The family of the legal form a name ends with ("nl" for "Acme NV"; "" for none)."""
    text = _clean(name)
    stripped = _LEGAL_ENDINGS.sub("", text).strip()
    families = sorted({_FORM_FAMILY[w] for w in text[len(stripped):].split() if w in _FORM_FAMILY})
    return families[0] if stripped and families else ""


@dataclass
class OrganisationEntry:
    name: str  # the spelling shown (the most common one, then the longest)
    sector: str
    respondents: int
    spellings: list[str]


def listed_organisations(rows: Iterable[tuple[str, str]], rules: SectorRules | None = None) -> list[OrganisationEntry]:
    """(organisation name, sector) rows -> one entry per organisation, non-names left out.

    Rows of one organisation filed under different sectors keep the most common sector.
    """
    rules = rules or SectorRules.default()
    groups: dict[str, dict[str, dict[str, int]]] = {}
    seen_families: dict[str, Counter[str]] = {}
    pending: list[tuple[str, str, str]] = []
    for name, sector in rows:
        shown = " ".join((name or "").split())
        if not shown or rules.names_no_organisation(shown) or identifies_no_organisation(shown, rules):
            continue
        key = organisation_key(without_title_tail(shown))
        if not key:
            continue
        families = seen_families.setdefault(key, Counter())
        families[legal_family(shown)] += 1
        pending.append((key, shown, sector))
    numbered = _numbered_placeholders([shown for _, shown, _ in pending], rules)
    for key, shown, sector in pending:
        if shown in numbered:
            continue
        # one group a legal family where one name comes under two ("Acme Ltd", "Acme NV"); a bare name
        # joins the commonest family of its spellings
        named = Counter({f: n for f, n in seen_families[key].items() if f})
        family = legal_family(shown) or (named.most_common(1)[0][0] if named else "")
        group = groups.setdefault(f"{key}|{family}" if len(named) > 1 else key, {"names": {}, "sectors": {}})
        group["names"][shown] = group["names"].get(shown, 0) + 1
        group["sectors"][sector] = group["sectors"].get(sector, 0) + 1
    out = []
    for group in groups.values():
        names = group["names"]
        best = without_title_tail(max(names, key=lambda n: (names[n], len(n), n)))
        sectors = group["sectors"]
        sector = max(sectors, key=lambda k: (sectors[k], k))
        out.append(OrganisationEntry(best, sector, sum(names.values()), sorted(names)))
    out.sort(key=lambda e: (e.sector, e.name.casefold()))
    return out


#: a number and a word: "2333 Rando", as a docket numbers the entries it has no name for
_NUMBER_AND_WORD = re.compile(r"^\s*(\d+)\s+([^\W\d_][\w'’-]*)\.?\s*$|^\s*([^\W\d_][\w'’-]*)\s+(\d+)\.?\s*$")


def _numbered_placeholders(names: Iterable[str], rules: SectorRules) -> set[str]:
    """Names that are one word and a running number, written with three or more numbers ("2333 Rando", "2334 Rando",
    ...): entries a clerk numbered, not organisations (a trial's annex listed 48 of them). A word a sector rule
    knows for an organisation's ("Local 32", an acronym such as "SEIU 1199") is a body's name and stays."""
    found: dict[str, set[str]] = {}
    for name in names:
        match = _NUMBER_AND_WORD.match(name)
        if match:
            word = (match.group(2) or match.group(3))
            if not word.isupper() and not rules.names_organisation(word):
                found.setdefault(word.casefold(), set()).add(name)
    return {name for group in found.values() if len(group) >= 3 for name in group}


#: kinds of body no list of organisation words holds, each naming none alone ("Hospital", "Township")
_KINDS = frozenset({"hospital", "college", "academy", "city", "town", "township", "village", "county", "state",
                    "parish", "tribe", "nation", "congress", "senate", "legislature", "court", "clinic", "practice",
                    "ministry", "department", "businesses", "schools", "churches", "hospitals", "farm", "farms"})
_STATE_ALONE = re.compile(rf"(?:{_STATE_NAMES})", re.I)  # ("State Of Alaska" is its government)


def identifies_no_organisation(name: str, rules: SectorRules) -> bool:
    """A name no reader could tell one organisation by: a bare number ("4", "#350"), a kind of body alone ("School",
    "Council", "The Company") or a US state alone ("Ohio", "New York"). Not listed, and no person's name either: not
    held back as one. Not "Council of Europe", "Ohio Farm Bureau" nor "Earthjustice"."""
    text = " ".join((name or "").split()).strip(" .,;:-–—#()\"'")
    if not text or not re.search(r"[^\W\d_]", text):
        return True  # a number, punctuation
    if _STATE_ALONE.fullmatch(text):
        return True
    words = text.split()
    if len(words) == 2 and words[0].casefold() in ("the", "a", "our", "my"):
        words = words[1:]
    if len(words) != 1:
        return False
    word = match_text(words[0]).strip(".")
    return word in _KINDS or word in rules.organisation_words and word not in _PLACES_AMONG_WORDS \
        or word in _BODY_WORDS


_PLACES_AMONG_WORDS = frozenset({"uk", "australia", "britain", "england", "wales", "scotland", "ai", "co"})
