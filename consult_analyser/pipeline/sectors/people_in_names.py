"""People named in an organisation field, and their posts: "Dr Catherine Singh, Centre for Social Cohesion",
"Healthwatch Crawley - Kamran Llewellyn, Head of Equality", "Gabriel Cormier, Policy Analyst, Cott Beverages
Canada". The published list of organisations (:mod:`consult_analyser.export.safety`) and the local sector seed
(:mod:`consult_analyser.pipeline.sectors.local_seed`) keep the body alone."""

from __future__ import annotations

import re

from consult_analyser.pipeline.pii_names import is_given_name, looks_like_full_name
from consult_analyser.pipeline.sectors.rules import SectorRules


def names_someone_beside(name: str, rules: SectorRules) -> bool:
    """True when an organisation field gives a person's full name beside the body's ("Michael Paton /
    YawLife Pty Ltd", "Dr Ana Ruiz and the Centre for Data Science")."""

    parts = [p.strip() for p in _NAME_PARTS.split(name) if p.strip()]
    if len(parts) < 2:
        return False

    return any(_a_person(p, rules) for p in parts)


def _a_person(part: str, rules: SectorRules) -> bool:
    """ "Michael Paton", "Dr Ana Ruiz", "Rev. Helen Morgan"; not "Somerset Constabulary"."""
    bare = _TITLE.sub("", part).strip()
    words = bare.split()
    return len(words) >= 2 and is_given_name(words[0]) and looks_like_full_name(bare) \
        and not rules.names_organisation(part)


#: a part of an organisation field that gives someone's post, not the body ("Head of Equality", "Chief
#: Executive", "Policy Officer")
_POST = re.compile(r"^(?:(?:the|our)\s+)?(?:head|chief|director|manager|officer|chair|chairman|chairwoman|chairperson|"
                   r"secretary|clerk|treasurer|president|vice|ceo|coo|cfo|coordinator|co-ordinator|lead|leader|policy|"
                   r"senior|deputy|assistant|executive|founder|trustee|partner|principal|headteacher|vicar|priest|"
                   r"minister|pastor|imam|rabbi|bishop|canon|councillor|cllr|advisor|adviser|analyst|member|owner|"
                   r"proprietor|convenor|convener|organiser|organizer|volunteer|"
                   # French posts ("Directeur, Ville de Gatineau", "Présidente, Kraft Heinz Canada ULC")
                   r"directeur|directrice|pr[ée]sidente?|vice-pr[ée]sidente?|secr[ée]taire|g[ée]rante?|conseill(?:er|[èe]re)|"
                   r"coordonn(?:ateur|atrice)|responsable|charg[ée]e?|analyste|agente?|gestionnaire|d[ée]l[ée]gu[ée]e?|"
                   r"administrat(?:eur|rice)|fondat(?:eur|rice)|propri[ée]taire|tr[ée]sori(?:er|[èe]re)|porte-parole|"
                   # German and Spanish ("Geschäftsführer", "Director general")
                   r"gesch[äa]ftsf[üu]hrer(?:in)?|vorsitzende[rn]?|leiter(?:in)?|referent(?:in)?|directora?|presidenta?|"
                   r"gerente|coordinadora?|secretari[ao])\b", re.I)
_PIECES = re.compile(r"\s*(?:,|;|/|\||\s[-–—]\s)\s*")


def _balanced(piece: str) -> str:
    """A piece without a bracket left open or closed by what was taken out ("(Quakers)" keeps both)."""
    while piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].rstrip()
    while piece.startswith("(") and piece.count("(") > piece.count(")"):
        piece = piece[1:].lstrip()
    inner = piece[1:-1]
    if piece.startswith("(") and piece.endswith(")") and inner.count("(") == inner.count(")"):
        piece = inner  # "(Centre for Data Science)" once the name before it is gone
    return piece.strip(" .,;:-–—&")


def without_people(name: str, rules: SectorRules, person: str = "") -> str:
    """An organisation field without the person named in it, and their post: "Dr Catherine Singh, Centre
    for Social Cohesion" -> "Centre for Social Cohesion"; "Healthwatch Crawley - Kamran Llewellyn, Head of
    Equality" -> "Healthwatch Crawley". ``person``: the respondent's own name as they gave it apart, taken
    out wherever it stands. ``name`` unchanged when it names nobody; "" when nothing is left but a post."""
    parts = [p.strip() for p in _NAME_PARTS.split(name) if p.strip()]
    # a full name's shape right before a post ("Nasreen Rees, Head of Equality") is a person's whatever
    # their first name (the list of first names cannot hold them all)
    people = [p for i, p in enumerate(parts) if _a_person(p, rules) or (
        i + 1 < len(parts) and _POST.match(parts[i + 1]) and 2 <= len(_TITLE.sub("", p).split()) <= 3
        and looks_like_full_name(_TITLE.sub("", p).strip()) and not rules.names_organisation(p))]
    own = " ".join(person.split())  # (the same as the whole field: a name column standing for the body)
    if len(own.split()) >= 2 and own.casefold() in name.casefold() and own.casefold() != " ".join(name.split()).casefold():
        people.append(own)
    if not people:
        return _without_posts(name)
    text = name
    for who in sorted(people, key=len, reverse=True):
        text = re.sub(rf"(?:{_TITLES}\.?\s+)*{re.escape(who)}", " ", text, flags=re.I)
    pieces = [_balanced(re.sub(r"^(?:and|&)\s+", "", p.strip(" .,;:-–—&"), flags=re.I).strip())
              for p in _PIECES.split(text)]
    pieces = [p for p in pieces if p and not re.fullmatch(r"(?:and|of|for|the|at)", p, re.I)]
    kept = ", ".join(p for p in pieces if not _POST.match(p))
    return kept[:1].upper() + kept[1:] if kept.startswith("the ") else kept


_TITLES = r"(?:dr|prof|professor|mr|mrs|ms|miss|mx|sir|dame|rev|cllr)"
_TITLE = re.compile(rf"^(?:{_TITLES}\.?\s+)+", re.I)


#: what parts an organisation field naming a person beside their body ("Michael Paton / YawLife Pty Ltd",
#: "Dr Ana Ruiz and the Centre for Data Science", "John Smith, Acme Ltd")
_NAME_PARTS = re.compile(r"\s*(?:/|\||\(|\)|,|;|\band\b|&|\s-\s)\s*")


def _only_a_post(piece: str) -> bool:
    """ "Directeur", "Chief Executive", "Head of Equality", "Director of Public Health"; not "Policy Exchange"."""
    words = piece.split()
    if not words or not _POST.match(piece):
        return False
    if len(words) >= 3 and words[1].casefold() in {"of", "for", "de", "du", "des", "der"}:
        return True
    return all(_POST.match(w) for w in words)


def _without_posts(name: str) -> str:
    """A field that gives a post beside the body and nobody's name ("Directeur, Ville de Gatineau"): the
    body alone, as the same body written plainly is listed."""
    pieces = [p.strip() for p in _PIECES.split(name) if p.strip()]
    kept = [p for p in pieces if not _only_a_post(p)]
    return ", ".join(kept) if kept and len(kept) < len(pieces) else name

