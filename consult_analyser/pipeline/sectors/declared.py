"""Declared respondent types read onto a sector taxonomy (:mod:`.taxonomy`).

Which side a declared label stands for (:func:`label_side`); a taxonomy made of the labels a
consultation declares, each linked to the default sector it resembles (:func:`taxonomy_from_labels`),
so that the shipped rules and seed model can still help (see ``Taxonomy.links``); and each declared
value mapped onto a sector key with a confidence and a reason (:func:`normalise_declared`,
:func:`complete_declared`, :func:`declared_sector`), "Other (please specify): X" and a coded
scheme's "Parent;Child" types included.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

from consult_analyser.domain import Sector
from consult_analyser.label_words import INDIVIDUAL_PHRASES, ORGANISATION_WORDS, PERSON_ROLES, only_modifiers
from consult_analyser.pipeline.sectors.taxonomy import (
    GENERAL_DEFAULT,
    OPTIONAL_DEFAULT,
    RULE_ONLY,
    UK_DEFAULT,
    Taxonomy,
    clean_text,
    default_taxonomy,
    slug,
)

_OTHER_SPECIFY = re.compile(
    r"^\s*other\b[^:\-–—(]*?(?:\((?:please\s+)?specify\)|please\s+specify|\(.*?\))?\s*[:\-–—]\s*(?P<tail>.+)$",
    re.IGNORECASE,
)


def _has_phrase(text: str, phrases: Iterable[str]) -> str:
    padded = f" {text} "
    return next((p for p in phrases if f" {p} " in padded), "")


#: a label in the first person: "I'm a teacher", "I am retired", "As a parent", "My family"
_FIRST_PERSON = re.compile(r"^(i m|im|i am|i|as a|as an|my|me|we re a family|mother of|father of)\b")


@lru_cache(maxsize=4096)
def label_side(label: str) -> tuple[bool, str]:
    """Whether a declared label is an organisation category, and why (the words that decided).

    "EU citizen", "Member of the public", "Personne physique", "Bürger/in", "Ciudadano" are
    individuals; "Public authority", "Trade union", "Citizens' association" are organisations.
    """
    text = clean_text(label)
    org_word = _has_phrase(text, ORGANISATION_WORDS)
    person = _has_phrase(text, INDIVIDUAL_PHRASES) or _has_phrase(text, PERSON_ROLES)
    if person and org_word and only_modifiers(text):
        # "Teacher or other school staff", "University student", "Charity worker": the body only says
        # where the person works or studies
        return False, f"the label says '{person}' ('{org_word}' says where)"
    if person and not org_word:
        return False, f"the label says '{person}'"
    if _FIRST_PERSON.match(text) and not org_word:
        return False, "the label speaks in the first person"
    if org_word:
        return True, f"the label says '{org_word}'"
    return True, UNDECIDED_SIDE


#: why a label's side was taken as an organisation's when its words decide nothing
UNDECIDED_SIDE = "no word for individuals in the label"

_FAMILIES = (("other_public_body", "local_authority", "police_justice_fire"), ("academic_research", "education"),
             ("voluntary_community", "faith"), ("business", "business_association"))
#: those that, when a consultation's labels name neither them nor a relative, are its "Other"
_TO_OTHER = tuple(key for key, into in OPTIONAL_DEFAULT.items() if into == "other")


#: a portal's code for a respondent type ("PUBLIC_AUTHORITY", "NON_EU_CITIZEN")
_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
#: words of such codes kept in capitals
_ACRONYMS = frozenset({"EU", "EEA", "EFTA", "NGO", "NGOS", "UK", "US", "USA", "SME", "SMES", "UN", "OECD"})


def display_label(raw: str, codes: bool = False) -> str:
    """A portal's code as people write it ("PUBLIC_AUTHORITY" -> "Public authority",
    "NON_EU_CITIZEN" -> "Non-EU citizen"); any other label unchanged. ``codes``: the labels it
    comes with are such codes, so a word in capitals alone is one too ("OTHER" -> "Other", "NGO")."""
    text = raw.strip()
    if not (_CODE.fullmatch(text) or (codes and text.isalpha() and text.isupper())):
        return raw
    words = [w if w in _ACRONYMS else (w.capitalize() if i == 0 else w.lower())
             for i, w in enumerate(text.split("_"))]
    return re.sub(r"^Non (?=\S)", "Non-", " ".join(words))


def taxonomy_from_labels(labels: Iterable[str]) -> Taxonomy:
    """A taxonomy made of the distinct labels a consultation declares (order of first appearance).

    Each label is linked to the default sector it names ("University" -> academic_research,
    "Company" -> business), which lets the default synonyms, rules and seed model speak this
    taxonomy. Labels naming individuals ("Individual", "Member of the public") are marked as
    non-organisation sectors.
    """
    default = default_taxonomy()
    labels = [(raw or "").strip() for raw in labels]
    codes = any(_CODE.fullmatch(raw) for raw in labels)  # a portal's codes: shown as people write them
    seen: dict[str, tuple[str, str]] = {}
    for raw in labels:
        label = display_label(raw, codes)
        if label and slug(label) not in seen:
            seen[slug(label)] = (label, raw)
    if not seen:
        return default
    sectors: list[Sector] = []
    synonyms: dict[str, str] = {}
    links: dict[str, str] = {}
    sides: dict[str, str] = {}
    best: dict[str, float] = {}
    for i, (key, (label, raw)) in enumerate(seen.items()):
        default_key, confidence = normalise_declared(label, default)
        is_org, why = label_side(label)
        sectors.append(Sector(key, label, is_org, i))
        sides[key] = why
        synonyms[clean_text(label)] = key
        synonyms[clean_text(raw)] = key  # the code as declared ("public_authority")
        synonyms[key.replace("_", " ")] = key
        # a default sector speaks through the label naming it most plainly ("Company" rather
        # than a later "Company/business organisation"; the first of equals)
        if default_key is not None and confidence >= 0.7 and confidence > best.get(default_key, 0.0):
            links[default_key] = key
            best[default_key] = confidence
        for rule_key, (_, words) in RULE_ONLY.items():
            if is_org and _has_phrase(clean_text(label), words):
                links.setdefault(rule_key, key)
    # a person's name speaks for the plain individuals' label ("Individual", "Member of the public"),
    # not a role's that happened to come first ("Farmer or grower")
    plain = next((s.key for s in sectors if s.is_organisation is False
                  and _has_phrase(clean_text(s.label), INDIVIDUAL_PHRASES)), None)
    if plain is not None:
        links["individual"] = plain
    # a default sector the labels do not name speaks through its nearest relative that they do
    # (a council or a police force is "Government" where that is the only public label)
    for family in _FAMILIES:
        linked = next((links[k] for k in family if k in links), None)
        if linked is not None:
            for k in family:
                links.setdefault(k, linked)
    if "other" in links:
        for k in _TO_OTHER:
            links.setdefault(k, links["other"])
    # let the default synonyms of linked sectors speak the new taxonomy too (labels win on clashes)
    for phrase, default_key in default.synonyms.items():
        if default_key in links:
            synonyms.setdefault(phrase, links[default_key])
    return Taxonomy(sectors, synonyms, links, name="declared", sides=sides)


def split_other_specify(raw: str) -> tuple[bool, str]:
    """("Other (please specify): our parish church") -> (True, "our parish church")."""
    match = _OTHER_SPECIFY.match(raw or "")
    if match:
        return True, match.group("tail").strip()
    return False, ""


def _phrase_hits(text: str, taxonomy: Taxonomy) -> dict[str, int]:
    """Sector key -> length of the longest synonym found in ``text`` (whole words)."""
    padded = f" {text} "
    best: dict[str, int] = {}
    for phrase, key in taxonomy.synonyms.items():
        if phrase and f" {phrase} " in padded and len(phrase) > best.get(key, 0):
            best[key] = len(phrase)
    return best


def _singular(text: str) -> str:
    return " ".join(w[:-3] + "y" if len(w) > 4 and w.endswith("ies") else
                    w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us")) else w
                    for w in text.split())


def _match(text: str, taxonomy: Taxonomy) -> tuple[str | None, float]:
    if not text:
        return None, 0.0
    if text in taxonomy.synonyms:
        return taxonomy.synonyms[text], 1.0
    one = _singular(text)  # "Charities", "Faith groups": a label in the plural
    if one != text and one in taxonomy.synonyms:
        return taxonomy.synonyms[one], 0.9
    hits = _phrase_hits(text, taxonomy)
    other = taxonomy.fallback_key
    if len(hits) > 1:
        hits.pop(other, None)  # "other" is only the answer when nothing else is named
    close = difflib.get_close_matches(text, list(taxonomy.synonyms), n=1, cutoff=0.85)
    # a near spelling of a whole label beats a shorter label found inside it: "Corp Groups" and
    # "Corp Grop" are "Corp Group", not "Corp"
    if close and len(close[0]) > max(hits.values(), default=0):
        return taxonomy.synonyms[close[0]], 0.7
    if hits:
        ranked = sorted(hits.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1:
            return ranked[0][0], 0.9
        margin = ranked[0][1] - ranked[1][1]
        return ranked[0][0], 0.8 if margin >= 4 else 0.6
    return None, 0.0


def normalise_declared(raw: str, taxonomy: Taxonomy) -> tuple[str | None, float]:
    """Map a declared respondent type onto a sector key, with a confidence in 0..1.

    Exact labels and synonyms give 1.0; a synonym found inside a longer answer 0.9 (0.6-0.8 when
    several sectors are named); a near spelling 0.7. "Other (please specify): X" is decided by X
    when X names a sector, else it is the taxonomy's "other" sector (0.7). Unknown or empty
    strings give ``(None, 0.0)`` so that rules and the model decide.
    """
    text = clean_text(raw or "")
    if not text:
        return None, 0.0
    is_other, tail = split_other_specify(raw)
    if is_other:
        key, confidence = _match(clean_text(tail), taxonomy)
        if key is not None and key != taxonomy.fallback_key:
            return key, min(confidence, 0.8)
        return taxonomy.fallback_key, 0.7
    return _match(text, taxonomy)


def parse_is_organisation(raw: str) -> bool | None:
    """Answer to "Are you responding as an individual or on behalf of an organisation?" as a bool."""
    text = clean_text(raw or "")
    if not text:
        return None
    if "organisation" in text or "organization" in text or "behalf" in text or "company" in text:
        return True
    if "individual" in text or "myself" in text or "personal" in text or "own" in text.split():
        return False
    return None


def _mapping_reason(confidence: float, is_other: bool) -> str:
    if is_other:
        return "other (please specify)"
    if confidence >= 1.0:
        return "the label or a synonym of it"
    if confidence >= 0.8:
        return "names this sector"
    if confidence >= 0.7:
        return "near spelling of a label or synonym"
    return "names several sectors; the longest match"


#: the name of a taxonomy made of a coded scheme's first level (see ``run.choose_taxonomy``)
LEVELS_TAXONOMY = "declared_levels"
#: how coded schemes write a type under its parent ("Ngo;Advocacy", "Gov -> Local")
LEVELS = re.compile(r"\s*(?:;|->)\s*")


def first_level(raw: str) -> str:
    """The parent of a hierarchical type ("Corp Group;Trade Association" -> "Corp Group"), else ""."""
    parts = LEVELS.split((raw or "").strip(), maxsplit=1)
    return parts[0] if len(parts) > 1 and parts[0] else ""


def complete_declared(taxonomy: Taxonomy, values: Iterable[str], *, own_entries: bool | None = None) -> Taxonomy:
    """The taxonomy with every distinct declared value mapped, the reason recorded in ``declared_map``.

    A value maps onto the sector it names (label, synonym, near spelling, "Other (please specify): X").
    A value naming none becomes a sector of its own in a consultation's own taxonomy
    (``own_entries``, by default when the taxonomy was built from declared labels), its side
    decided by :func:`label_side`; in the UK default it goes to "Other" at low confidence. So a
    declared value is never dropped.
    """
    # a coded scheme's first level is a closed list: a value outside it goes to its "Other"
    own = taxonomy.name not in (UK_DEFAULT, GENERAL_DEFAULT, LEVELS_TAXONOMY) if own_entries is None else own_entries
    out = taxonomy
    for raw in values:
        text = clean_text(raw or "")
        if not text or text in out.declared_map:
            continue
        key, confidence = normalise_declared(raw, out)
        is_other = split_other_specify(raw)[0]
        parent = first_level(raw)
        parent_key, parent_confidence = (out.synonyms.get(clean_text(parent)), 1.0) if parent else (None, 0.0)
        if parent and parent_key is None:  # a parent misspelt or in the plural: "Corp Grop;Trade Association"
            parent_key, parent_confidence = normalise_declared(parent, out)
        if parent_key is not None:  # "Ngo;Advocacy" is filed under its parent "Ngo", whatever its words say
            entry = [parent_key, f"first level of a hierarchical type ({parent})", round(parent_confidence, 3)]
        elif key is not None:
            entry = [key, _mapping_reason(confidence, is_other), round(confidence, 3)]
        elif own and len(text) <= 80:
            label = display_label(" ".join((raw or "").split()))
            is_org, why = label_side(label)
            new_key = slug(label)
            out = out.with_sector(new_key, label, is_org)
            out.sides[new_key] = why
            entry = [new_key, "a declared type of its own", 1.0]
        elif not label_side(raw or "")[0] and out.individual_key is not None:
            # "I'm a teacher", "Mum", "Volunteer at food bank": a person describing themselves
            entry = [out.individual_key, f"a person describing themselves ({label_side(raw or '')[1]})", 0.8]
        else:
            entry = [out.fallback_key, "names no sector; filed under the fallback sector", 0.5]
        if out is taxonomy:
            out = Taxonomy(list(out.sectors), dict(out.synonyms), dict(out.links), out.name, dict(out.sides),
                           dict(out.declared_map))
        out.declared_map[text] = entry
    return out


def declared_sector(raw: str, taxonomy: Taxonomy) -> tuple[str | None, float, str]:
    """(sector key, confidence, reason) for a declared value, from the taxonomy's recorded mapping."""
    text = clean_text(raw or "")
    if not text:
        return None, 0.0, ""
    entry = taxonomy.declared_map.get(text)
    if entry is None:
        key, confidence = normalise_declared(raw, taxonomy)
        return key, confidence, _mapping_reason(confidence, split_other_specify(raw)[0]) if key else ""
    key = str(entry[0])
    if key not in taxonomy.keys:
        key2, confidence = normalise_declared(raw, taxonomy)
        return (key2, confidence, "remapped") if key2 else (taxonomy.fallback_key, 0.5, "sector removed")
    return key, float(entry[2]), str(entry[1])
