"""People named in an organisation field, and their posts: "Dr Catherine Singh, Centre for Social Cohesion",
"Healthwatch Crawley - Kamran Llewellyn, Head of Equality", "Gabriel Cormier, Policy Analyst, Cott Beverages
Canada", and as regulations.gov gives them, title-cased and with a comment's heading: "Backcountry Against
Dumps And Donna Tisdale", "Comment From Navis Bermudez, Rep. Peter A. Defazio". The published list of
organisations (:mod:`consult_analyser.export.safety`) and the local sector seed
(:mod:`consult_analyser.pipeline.sectors.local_seed`) keep the body alone."""

from __future__ import annotations

import re

from consult_analyser.label_words import LEGAL_FORMS, plain_words
from consult_analyser.pipeline.pii_names import is_given_name, looks_like_full_name
from consult_analyser.pipeline.sectors.rules import SectorRules


def names_someone_beside(name: str, rules: SectorRules) -> bool:
    """True when an organisation field gives a person's full name beside the body's ("Michael Paton /
    YawLife Pty Ltd", "Dr Ana Ruiz and the Centre for Data Science", "Backcountry Against Dumps And Donna
    Tisdale"), or in place of one after an official's title or a comment's heading ("Rep. Peter A. Defazio",
    "Comment From Navis Bermudez"): the sector rules take "Senator ..." for the elected members' body, and
    a name whose first name no list holds has no other mark of a person."""
    parts = [p.strip() for p in _NAME_PARTS.split(name) if p.strip()]
    if len(parts) < 2 and not (_TITLE.match(name) or _LEAD_IN.match(name)):
        return False
    return bool(_people(parts, rules))


def _a_person(part: str, rules: SectorRules) -> bool:
    """ "Michael Paton", "Dr Ana Ruiz", "Rev. Helen Morgan", "Governor Mark Gordon", "Rep. Peter A. Defazio";
    not "Somerset Constabulary". The sector rules are asked about the name without its title, which
    names the elected members' sector ("Senator ...") but not the person's body."""
    bare = _bare(part)
    words = bare.split()
    return len(words) >= 2 and is_given_name(words[0]) and looks_like_full_name(bare) \
        and not rules.names_organisation(bare)


def _people(parts: list[str], rules: SectorRules) -> list[str]:
    """The parts of an organisation field that name a person (:func:`_a_person`), and a full name's shape
    right before a post ("Nasreen Rees, Head of Equality") or after a comment's heading ("Comment From Navis
    Bermudez"), which is a person's whatever their first name (the list of first names cannot hold them all)."""
    found = []
    for i, part in enumerate(parts):
        bare = _bare(part)
        placed = bool(i + 1 < len(parts) and _POST.match(parts[i + 1]) or _LEAD_IN.match(part))
        if _a_person(part, rules) or (placed and 2 <= len(bare.split()) <= 3 and looks_like_full_name(bare)
                                      and not rules.names_organisation(bare)):
            found.append(part)
    return found


def _bare(part: str) -> str:
    """A part's name alone: without a comment's heading, titles, and initials between the first name and
    the last ("Peter A. Defazio"), which the shape of a full name does not take."""
    words = _TITLE.sub("", _LEAD_IN.sub("", part)).split()
    return " ".join(w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _INITIAL.fullmatch(w)))


_INITIAL = re.compile(r"[A-Z]\.?")
#: the words that make a person's name a firm's ("& Associates", "& Partners", "& Co", "& Sons", "Law Offices"), in
#: the main European languages ("& Cie", "et Fils", "& Söhne", "e Hijos", "& Figli", "& Zonen", "Associés")
#: (read accents off: "Associés", "Söhne" as "associes", "sohne"); with the small words that join them, which alone
#: name no firm
_FIRM_LINKS = frozenset({"and", "et", "und", "y", "e", "en", "the", "of"})
FIRM_WORDS = frozenset({
    "associates", "associated", "partners", "partnership", "co", "cie", "company", "sons", "son", "brothers", "bros",
    "daughters", "family", "law", "office", "offices", "firm", "attorneys", "lawyers", "solicitors", "advocates",
    "accountants", "consultants", "consulting", "architects", "engineers", "surveyors", "agency", "group",
    "fils", "associes", "soehne", "sohne", "partner", "hijos", "asociados", "associati", "figli", "zonen", "filhos",
    "associados",
}) | _FIRM_LINKS


def _firm_words_only(remnant: str) -> bool:
    """What is left of a name once a person's is taken out is only a firm's words and legal forms ("& Associates,
    LLC", ", Inc."): the person's name was the firm's."""
    words = re.findall(r"\w+", plain_words(remnant).replace(".", ""))
    return bool(words) and all(w in FIRM_WORDS or w in LEGAL_FORMS for w in words) \
        and any(w not in _FIRM_LINKS for w in words)
#: the heading regulations.gov gives a comment, which some commenters' organisation field repeats ("Comment From
#: ...", "Formal Comments Of ..."): whoever follows it sent the comment
_LEAD_IN = re.compile(r"^(?:(?:formal|public|joint|written)\s+)?(?:comments?|letter|submission|testimony|statement)"
                      r"\s+(?:from|of|by)\s+|^submitted\s+by\s+", re.I)


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
    people = _people([p.strip() for p in _NAME_PARTS.split(name) if p.strip()], rules)
    own = " ".join(person.split())  # (the same as the whole field: a name column standing for the body)
    if len(own.split()) >= 2 and own.casefold() in name.casefold() and own.casefold() != " ".join(name.split()).casefold():
        people.append(own)
    if not people:
        return _without_posts(name)
    text = name
    for who in sorted(people, key=len, reverse=True):
        text = re.sub(rf"(?:{_TITLES}\.?\s+)*{re.escape(who)}", " ", text, flags=re.I)
    if _firm_words_only(text):
        # a firm named after a person ("Gerard J. Quinn & Associates, LLC", "Ann Lee & Partners", "J. Smith
        # & Sons Ltd"): its name whole, never a remnant ("Associates, LLC"); the published list keeps it for one
        # who answered as the firm, else holds it back for review (export.safety)
        return name
    # (the "And" a person stood after goes with them: "Backcountry Against Dumps And Donna Tisdale")
    pieces = [_balanced(_CONNECTOR.sub("", p.strip(" .,;:-–—&")).strip()) for p in _PIECES.split(text)]
    pieces = [p for p in pieces if p and not re.fullmatch(r"(?:and|of|for|the|at)", p, re.I)]
    kept = ", ".join(p for p in pieces if not _POST.match(p))
    return kept[:1].upper() + kept[1:] if kept.startswith("the ") else kept


_TITLES = (r"(?:dr|prof|professor|mr|mrs|ms|miss|mx|sir|dame|rev|cllr|councill?or|"
           # an elected official's ("Rep. Peter A. Defazio", "Governor Mark Gordon", "U.S. Senator ...")
           r"(?:u\.?\s?s\.?\s|state\s)?(?:rep|representative|sen|senator|congress(?:man|woman|member)|"
           r"assembly(?:man|woman|member)|delegate)|(?:lt\.?\s|lieutenant\s)?(?:gov|governor)|mayor|alder(?:man|woman)|"
           r"council(?:man|woman|member)|commissioner|(?:the\s)?hon(?:ou?rable)?)")
_TITLE = re.compile(rf"^(?:{_TITLES}\.?\s+)+", re.I)
_CONNECTOR = re.compile(r"^(?:and|&)\s+|\s+(?:and|&)$", re.I)


#: what parts an organisation field naming a person beside their body ("Michael Paton / YawLife Pty Ltd",
#: "Dr Ana Ruiz and the Centre for Data Science", "John Smith, Acme Ltd"; "And" as regulations.gov
#: title-cases it)
_NAME_PARTS = re.compile(r"\s*(?:/|\||\(|\)|,|;|\b(?i:and)\b|&|\s-\s)\s*")


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

