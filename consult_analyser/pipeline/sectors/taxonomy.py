"""Sector taxonomies: the sectors a consultation reports by, and the defaults.

A :class:`Taxonomy` is the list of sectors a consultation reports by (key, label, whether it is
an organisation sector) plus synonyms: phrases that, found in a declared "type of organisation"
answer, point to a sector. The UK default (:func:`default_taxonomy`) suits English consultations;
:func:`.declared.taxonomy_from_labels` builds one from whatever labels a consultation declares and
links each label to the default sector it resembles, so that the shipped rules and seed model can
still help (see ``Taxonomy.links``). Reading declared respondent types onto a taxonomy is
:mod:`.declared`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from consult_analyser.domain import Sector
from consult_analyser.label_words import PLAIN_INDIVIDUAL

# key, label, is_organisation, synonyms (lower-case phrases, matched on word boundaries)
_DEFAULT: list[tuple[str, str, bool, tuple[str, ...]]] = [
    ("individual", "Individual", False, (
        "individual", "an individual", "as an individual", "private individual", "member of the public",
        "members of the public", "personal", "personal response", "myself", "citizen", "resident",
        "local resident", "private citizen", "person", "self", "on my own behalf", "concerned resident",
        "concerned citizen", "student", "retired", "retiree", "pensioner", "parent", "grandparent",
        "householder", "taxpayer", "voter", "unemployed", "employee",
    )),
    ("faith", "Faith group or organisation", True, (
        "faith", "faith group", "faith organisation", "faith based", "faith community", "religious",
        "religious organisation", "religious group", "church", "parish church", "diocese", "diocesan",
        "mosque", "masjid", "gurdwara", "synagogue", "temple", "mandir", "chapel", "cathedral",
        "congregation", "interfaith", "inter faith", "christian", "muslim", "islamic", "jewish", "sikh",
        "hindu", "buddhist", "catholic", "methodist", "baptist", "anglican", "quaker",
    )),
    ("local_authority", "Local authority", True, (
        "local authority", "local authorities", "council", "local council", "local government",
        "county council", "borough council", "district council", "city council", "parish council",
        "town council", "unitary authority", "combined authority", "metropolitan borough", "municipal government",
        "municipality", "regional government", "administration municipale", "municipalite", "gouvernement regional",
    )),
    ("education", "School, college or academy trust", True, (
        "school", "schools", "college", "colleges", "academy", "academy trust", "multi academy trust",
        "education", "education provider", "educational establishment", "nursery", "further education",
        "sixth form", "early years", "primary school", "secondary school", "governing body",
    )),
    ("voluntary_community", "Voluntary or community organisation", True, (
        "voluntary", "voluntary organisation", "community", "community organisation", "community group",
        "charity", "charitable", "third sector", "vcs", "vcse", "social enterprise", "non profit",
        "not for profit", "ngo", "non governmental organisation", "civil society", "campaign group",
        "non profit organization", "organisme sans but lucratif", "organisme a but non lucratif", "ong",
        "residents association", "housing association", "voluntary and community sector",
    )),
    ("academic_research", "Academic or research organisation", True, (
        "academic", "academia", "university", "universities", "research", "research organisation",
        "research institute", "think tank", "higher education", "academic institution", "milieu universitaire",
    )),
    ("business", "Business", True, (
        "business", "businesses", "company", "private sector", "private company", "commercial",
        "employer", "sme", "small business", "industry", "corp",
        "corporation", "for profit", "firm", "company business organisation", "large business",
        "medium business", "micro business", "small or medium business", "entreprise", "entreprises",
        "self employed", "sole trader", "consultancy", "professional services", "corporate",
    )),
    ("health_care", "Health or care organisation", True, (
        "health", "healthcare", "health care", "nhs", "nhs trust", "social care", "care provider",
        "health and social care", "clinical commissioning group", "ccg", "hospital", "gp practice",
        "care home", "public health", "medical",
    )),
    ("police_justice_fire", "Police, justice or fire service", True, (
        "police", "policing", "justice", "criminal justice", "fire", "fire and rescue", "fire service",
        "probation", "prison", "court", "courts", "police and crime commissioner", "youth offending",
        "emergency services", "law enforcement",
    )),
    ("other_public_body", "Other public body", True, (
        "public body", "public sector", "government", "government department", "central government",
        "non departmental public body", "ndpb", "regulator", "agency", "government agency",
        "national body", "arms length body", "statutory body", "public authority", "gov", "govt",
        "public administration", "provincial government", "territorial government", "provincial or territorial government",
        "federal government", "gouvernement provincial", "gouvernement federal", "administration publique",
    )),
    # sectors many UK forms do not offer (see OPTIONAL_DEFAULT): after the usual ones, so that the
    # usual ones keep their number keys in the sector review
    ("business_association", "Trade body or business association", True, (
        "trade body", "trade bodies", "trade association", "trade associations", "business association",
        "business associations", "industry association", "industry body", "industry bodies",
        "business representative organisation", "business representative organisation trade body",
        "employers association", "business group", "industry group",
        "trade group", "employer group", "employers group", "corp group",
        "employers organisation", "employer organisation", "chamber of commerce", "chambers of commerce",
        "wirtschaftsverband", "branchenverband", "association professionnelle", "organisation professionnelle",
        "federation professionnelle", "asociacion empresarial", "associazione di categoria",
        "brancheorganisatie",
    )),
    ("trade_union", "Trade union or staff association", True, (
        "trade union", "trade unions", "trades union", "labour union", "labor union",
        "staff association", "staff associations", "trade union or staff association", "workers union",
        "gewerkschaft", "syndicat", "syndicat de salaries", "sindicato", "sindacato", "vakbond",
        "zwiazek zawodowy", "fackforbund",
    )),
    ("elected", "Elected representative", True, (
        "elected representative", "elected representatives", "elected official", "elected officials",
        "elected member", "elected members", "elected", "politician", "member of parliament", "mp", "msp", "mla",
        "mep", "councillor", "local councillor", "elected councillor", "mayor", "senator", "legislator",
        "assembly member", "member of the senedd",
    )),
    ("other", "Other", True, (
        "other", "others", "none of the above", "not listed", "other organisation",
        "other type of organisation",
    )),
]

_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 16)  # pure, and read once per respondent for a handful of labels
def clean_text(raw: str) -> str:
    """Lower-case, accents removed, words separated by single spaces ("Bürger-in" -> "burger in")."""
    text = unicodedata.normalize("NFKD", (raw or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("'", "")
    return _NON_WORD.sub(" ", text).strip()


#: how a sector's side is written, and read back from what an analyst types
SIDE_WORDS = {True: "organisation", False: "individual", None: "either"}


def side_from_word(word: str) -> bool | None:
    """'organisation', 'individual' or 'either' (also 'both'); ValueError for anything else."""
    text = word.strip().casefold()
    for side, name in SIDE_WORDS.items():
        if text in (name, name + "s") or (side is None and text == "both"):
            return side
    raise ValueError("a side is 'individual', 'organisation' or 'either' (each respondent keeps the side they answered)")



#: a form's catch-all type, cleaned: "Other", "Other (please specify)", "None of these"
_CATCH_ALL = re.compile(r"other(?: (?:please )?(?:specify|state|say|describe|give details|tell us))?(?: below)?"
                        r"|none of (?:these|the above)|something else")


def slug(label: str) -> str:
    """A key for a label: lower-case words joined by underscores ("Local Government" -> "local_government")."""
    return clean_text(label).replace(" ", "_") or "unnamed"


@dataclass
class Taxonomy:
    """The sectors a consultation reports by, with synonyms for normalising declared types.

    ``sectors`` keeps the display order. ``synonyms`` maps cleaned phrases to sector keys.
    ``links`` maps keys of the default UK taxonomy (the language of the shipped rules and seed
    model) to keys of this taxonomy; for the default taxonomy it is the identity.
    """

    sectors: list[Sector]
    synonyms: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    name: str = "custom"
    # why each sector is on the individual or the organisation side, and whether an analyst confirmed it
    sides: dict[str, str] = field(default_factory=dict)
    # cleaned declared value -> [sector key, reason, confidence]: how every declared value was mapped
    declared_map: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.sectors]

    def sector(self, key: str) -> Sector | None:
        """The sector with this key, or None (the first, should two share a key)."""
        cached = self.__dict__.get("_by_key")  # rebuilt whenever ``sectors`` is another list or length
        if cached is None or cached[0] is not self.sectors or cached[1] != len(self.sectors):
            index: dict[str, Sector] = {}
            for s in self.sectors:
                index.setdefault(s.key, s)
            cached = self.__dict__["_by_key"] = (self.sectors, len(self.sectors), index)
        return cached[2].get(key)

    def label(self, key: str) -> str:
        found = self.sector(key)
        return found.label if found else key

    def is_organisation(self, key: str) -> bool | None:
        found = self.sector(key)
        return found.is_organisation if found else None

    @property
    def individual_keys(self) -> list[str]:
        return [s.key for s in self.sectors if s.is_organisation is False]

    @property
    def individual_key(self) -> str | None:
        """Where a person goes when nothing says which individuals' sector: the plain one ("Individual",
        "Member of the public") rather than a role's ("Farmer or grower"), else the first."""
        linked = self.links.get("individual")
        if linked is not None and self.is_organisation(linked) is False:
            return linked
        return self.individual_keys[0] if self.individual_keys else None

    @property
    def plain_individual_key(self) -> str | None:
        """The individuals' sector that names no role ("Individual", "Member of the public"), where a
        person whose declared type names an organisation may be filed; None when every individuals'
        sector is a role's ("Parent or carer", "Pupil or student"): such a person keeps the type they chose."""
        key = self.individual_key
        if key is None:
            return None
        return key if len(self.individual_keys) == 1 or set(clean_text(self.label(key)).split()) & PLAIN_INDIVIDUAL \
            else None

    @property
    def fallback_key(self) -> str:
        """Where an organisation goes when nothing better is known: "other" if present, else the last org sector."""
        org = [s.key for s in self.sectors if s.is_organisation]
        for key in org:
            # "Other", and a form's "Other (please specify)" (a trial's unknown "Other" answers had been filed
            # under the last organisations' type, "Regional council")
            if key == "other" or _CATCH_ALL.fullmatch(clean_text(self.label(key))):
                return key
        return org[-1] if org else self.sectors[-1].key

    def map_default_key(self, default_key: str | None) -> str | None:
        """Translate a default-taxonomy key (from rules or the seed model) into this taxonomy."""
        if default_key is None:
            return None
        if default_key not in self.links and default_key in OPTIONAL_DEFAULT:  # a taxonomy stored before they were
            return self.links.get(OPTIONAL_DEFAULT[default_key])  # sectors: a trade body as a business
        if default_key not in self.links and default_key in RULE_ONLY:  # no label of its own: its relative's
            return self.links.get(RULE_ONLY[default_key][0])
        return self.links.get(default_key)

    # editing -------------------------------------------------------------------------------
    def with_sector(self, key: str, label: str, is_organisation: bool = True,
                    synonyms: Iterable[str] = ()) -> Taxonomy:
        """A copy with a sector added (or relabelled, if the key exists) and extra synonyms."""
        sectors = [s for s in self.sectors if s.key != key]
        old = self.sector(key)
        position = old.position if old else len(self.sectors)
        sectors.insert(min(position, len(sectors)), Sector(key, label, is_organisation, position))
        syn = dict(self.synonyms)
        for phrase in [label, key.replace("_", " "), *synonyms]:
            syn[clean_text(phrase)] = key
        sides = dict(self.sides)
        sides[key] = "set by an analyst"
        return Taxonomy(_renumber(sectors), syn, dict(self.links), self.name, sides, dict(self.declared_map))

    def with_synonyms(self, phrases: Iterable[str], key: str) -> Taxonomy:
        """A copy where ``phrases`` also name sector ``key``."""
        syn = dict(self.synonyms)
        for phrase in phrases:
            if clean_text(phrase):
                syn[clean_text(phrase)] = key
        return Taxonomy(list(self.sectors), syn, dict(self.links), self.name, dict(self.sides), dict(self.declared_map))

    def without_sector(self, key: str, into: str | None = None) -> Taxonomy:
        """A copy with a sector removed. What named it (synonyms, links, declared values) goes with
        it, or with ``into`` names that sector instead (a copy unchanged when either is missing)."""
        if into is not None and (self.sector(key) is None or self.sector(into) is None or key == into):
            return self

        def kept(k: str) -> bool:
            return into is not None or k != key

        def moved(k: str) -> str:
            return into if into is not None and k == key else k

        sectors = [s for s in self.sectors if s.key != key]
        syn = {p: moved(k) for p, k in self.synonyms.items() if kept(k)}
        links = {d: moved(k) for d, k in self.links.items() if kept(k)}
        mapped = {v: ([moved(m[0]), *m[1:]] if m[0] == key else m) for v, m in self.declared_map.items() if kept(m[0])}
        return Taxonomy(_renumber(sectors), syn, links, self.name,
                        {k: v for k, v in self.sides.items() if k != key}, mapped)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form (for the project store)."""
        return {
            "name": self.name,
            "sectors": [[s.key, s.label, s.is_organisation] for s in self.sectors],
            "synonyms": dict(self.synonyms),
            "links": dict(self.links),
            "sides": dict(self.sides),
            "declared_map": {k: list(v) for k, v in self.declared_map.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Taxonomy:
        sectors = [Sector(k, lab, None if org is None else bool(org), i) for i, (k, lab, org) in enumerate(data["sectors"])]
        return cls(sectors, dict(data.get("synonyms", {})), dict(data.get("links", {})), data.get("name", "custom"),
                   dict(data.get("sides", {})), {k: list(v) for k, v in data.get("declared_map", {}).items()})


def _renumber(sectors: list[Sector]) -> list[Sector]:
    return [Sector(s.key, s.label, s.is_organisation, i) for i, s in enumerate(sectors)]


UK_DEFAULT = "uk_default"
GENERAL_DEFAULT = "general_default"
#: the default sectors' keys whose UK labels name UK institutions, and their labels for anywhere
_GENERAL_LABELS = {
    "local_authority": "Local or regional government",
    "education": "School or college",
    "voluntary_community": "Non-profit, voluntary or community organisation",
    "police_justice_fire": "Police, justice or emergency service",
    "other_public_body": "Other public authority",
}


def default_taxonomy(general: bool = False) -> Taxonomy:
    """The UK default: individual plus thirteen organisation sectors (those of UK government response forms).

    ``general``: the same sectors labelled for a consultation held anywhere ("Local or regional
    government", not "Local authority"; no academy trusts), for one the UK seed does not fit."""
    labels = _GENERAL_LABELS if general else {}
    sectors = [Sector(k, labels.get(k, lab), org, i) for i, (k, lab, org, _) in enumerate(_DEFAULT)]
    synonyms: dict[str, str] = {}
    for key, label, _org, phrases in _DEFAULT:
        # either wording names the sector in both: a form may say "Local or regional government" in the UK
        for phrase in (labels.get(key, label), label, _GENERAL_LABELS.get(key, label), key.replace("_", " "), *phrases):
            synonyms.setdefault(clean_text(phrase), key)
    links = {k: k for k, *_ in _DEFAULT}
    return Taxonomy(sectors, synonyms, links, name=GENERAL_DEFAULT if general else UK_DEFAULT)


#: default sectors that many UK forms do not offer, and where their respondents go on such a form
#: (a union ticks "Other (please specify): trade union"; see ``run.taxonomy_from_respondents``)
OPTIONAL_DEFAULT = {"business_association": "business", "trade_union": "other", "elected": "other"}
#: sectors the rules name that no default taxonomy has: the default sector they fall in, and the words
#: of a consultation's own label that takes them ("Iwi / hapū / Māori organisation")
RULE_ONLY = {"indigenous": ("voluntary_community", ("iwi", "hapu", "maori", "indigenous", "aboriginal",
                                                    "torres strait", "first nations", "tribal", "tribe", "tribes"))}
