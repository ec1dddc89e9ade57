"""People named in an organisation field, and their posts: "Dr Catherine Singh, Centre for Social Cohesion",
"Healthwatch Crawley - Kamran Llewellyn, Head of Equality", "Gabriel Cormier, Policy Analyst, Cott Beverages
Canada", and as regulations.gov gives them, title-cased and with a comment's heading: "Backcountry Against
Dumps And Donna Tisdale", "Comment From Navis Bermudez, Rep. Peter A. Defazio". The published list of
organisations (:mod:`consult_analyser.export.safety`) and the local sector seed
(:mod:`consult_analyser.pipeline.sectors.local_seed`) keep the body alone."""

from __future__ import annotations

import re
from collections.abc import Sequence

from consult_analyser.label_words import LEGAL_FORMS, plain_words
from consult_analyser.pipeline.pii_names import _PLACE_WORDS, is_given_name, is_lone_place, looks_like_full_name
from consult_analyser.pipeline.pii_us import _STATE_NAMES
from consult_analyser.pipeline.pii_words import is_everyday_word
from consult_analyser.pipeline.sectors.rules import SectorRules, match_text


def names_someone_beside(name: str, rules: SectorRules) -> bool:
    """True when an organisation field gives a person's full name beside the body's ("Michael Paton /
    YawLife Pty Ltd", "Dr Ana Ruiz and the Centre for Data Science", "Backcountry Against Dumps And Donna
    Tisdale"), or in place of one after an official's title or a comment's heading ("Rep. Peter A. Defazio",
    "Comment From Navis Bermudez"): the sector rules take "Senator ..." for the elected members' body, and
    a name whose first name no list holds has no other mark of a person."""
    parts = [p.strip() for p in _NAME_PARTS.split(name) if p.strip()]
    if len(parts) < 2 and not (_TITLE.match(name) or _LEAD_IN.match(name)) and _bare(name) == " ".join(name.split()):
        return False
    return bool(_people(parts, rules))


def self_described_and_named(box: str, rules: SectorRules) -> bool:
    """True when an organisation box holds what its writer said about themselves and a person's name:
    "Retired nurse Jean Ellis", "Myself - Kevin Doyle", "me, arjun mehta", "Self (Tamsin Reeve)", "Jean Ellis
    (parent)". The self-description is one a whole box may be (:meth:`SectorRules.says_a_person`: "Retired teacher",
    "NHS nurse", "Myself"), the name a person's full name or a lone first name. A person's details, never an
    organisation; not "Royal College of Nursing", "Retired Teachers Association" nor "Parents for Inclusion", whose
    words after the role name nobody, nor "Papa Ola Lokahi" (run on, a role's word no English everyday word: a name's)."""
    text = " ".join((box or "").split())
    if not text or len(text) > 80:
        return False
    pieces = [p for p in (p.strip(" .,;:-–—&") for p in _SELF_PIECES.split(text)) if p]
    described = [rules.says_a_person(p) for p in pieces]
    if any(described) and any(_named_person(p, rules, shape=True) for p, said in zip(pieces, described, strict=True)
                              if not said):
        return True  # set apart: "Myself - Kevin Doyle", "Jean Ellis (parent)", a name of any first name
    for piece in pieces:  # run on: "Retired nurse Jean Ellis", "Jean Ellis retired nurse"
        words = piece.split()
        for k in range(1, len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            if _run_on_role(head, rules) and _named_person(tail, rules) \
                    or _named_person(head, rules) and _run_on_role(tail, rules):
                return True
    return False


#: where a box's self-description and a name part: "Myself - Kevin Doyle", "parent (Lucy Carmichael)", "me, arjun mehta"
_SELF_PIECES = re.compile(r"\s*(?:,|;|:|/|\||\(|\)|\[|\]|\s[-–—]\s)\s*")


def _run_on_role(text: str, rules: SectorRules) -> bool:
    """A self-description run on with a name, told by an everyday word ("Retired nurse", "NHS nurse", "GP"): not an
    office's title ("Governor Mark Gordon") nor a word of another language that is a name's too ("Papa Ola Lokahi")."""
    return rules.says_a_person(text) and any(is_everyday_word(w.casefold()) for w in re.findall(r"\w+", text))


def _named_person(text: str, rules: SectorRules, shape: bool = False) -> bool:
    """A person's name ("Jean Ellis", "arjun mehta", "Dr Ana Ruiz") or a first name alone ("Margaret"); not a place
    ("Victoria"), an everyday word, nor a body's name ("Foster Ltd", "Association"). ``shape``: a full name's shape
    will do, whatever its first name ("Tamsin Reeve"), where a self-description is set apart from it."""
    words = text.split()
    if len(words) == 1:
        word = words[0].strip(".,")
        return is_given_name(word.capitalize()) and not is_lone_place(word) and not is_everyday_word(word.casefold()) \
            and not rules.names_organisation(word)
    return _a_person(text, rules) or shape and 2 <= len(words) <= 3 and looks_like_full_name(_bare(text)) \
        and not rules.names_organisation(text) and not names_no_person(text, rules)


def personal_names(values: Sequence[str], rules: SectorRules) -> list[bool]:
    """:func:`~consult_analyser.pipeline.pii.looks_personal` for organisations' names: personal data by the patterns,
    or a person's full name by its shape, unless a word of it names no person (:func:`names_no_person`: "Smokefree
    Pennsylvania", "Nebraska Appleseed" and "Nj - Naacp", whose "Naacp" after a dash the patterns take for a
    signature's surname, were held back as a person's details). The published list of organisations and the local
    sector seed both ask it."""
    from consult_analyser.pipeline.pii import PiiFinder

    def personal(value: str, spans: Sequence) -> bool:
        if not spans:
            return looks_like_full_name(value) and not names_no_person(value, rules)
        return not all(s.kind == "name" and written_as_acronym(value[s.start:s.end]) for s in spans) \
            or not names_no_person(value, rules)

    found = PiiFinder(ner=False).find_many(values) if values else []
    return [personal(value, spans) for value, spans in zip(values, found, strict=True)]


def post_alone(name: str, rules: SectorRules) -> bool:
    """An office one person holds, named without them: "Governor Of Michigan", "Washington State Governor",
    "Attorney General": it names its holder as surely as their name would. Not "Office of the Governor of
    Michigan" nor "Rural County Representatives Of California"."""
    words = name.split()
    for k in range(min(3, len(words)) + 1):
        if not all(_place_word(w) for w in words[:k]):
            break
        office = _OFFICE_ALONE.fullmatch(" ".join(words[k:]))
        if office:
            # the place it is of: no first name there, nor a body's word ("Mayor Of Jersey City")
            return not any(is_given_name(w) and not _place_word(w) or w.casefold() in rules.organisation_words
                           for w in (office.group(1) or "").split())
    return False


def names_no_person(name: str, rules: SectorRules) -> bool:
    """True when ``name``, shaped like a person's name, has a word no person's name has where it stands, and no
    first name where a name puts one (neither its first word nor its last, as a surname first: "Lindqvist Maren"),
    and nothing else marks someone (a title or an office before it, an initial, a person beside a body). Such a
    word: an acronym ("Nj - Naacp"), a place first ("Nebraska Appleseed"), or a first word made of everyday words
    ("Smokefree Pennsylvania", "Freedom House"). Not "Tamsin Oduya", "Seyfarth Shaw" nor "Papa Ola Lokahi": a first
    name the list of first names lacks looks just so, and a surname may be a place's ("Shaw"); nor "Baker Hughes"
    (a first name first: a firm named after people reads as a person by its words alone), "Mr Okafor"."""
    plain = " ".join(name.split())
    if not plain or _without_office(_LEAD_IN.sub("", plain)) != plain or _initialled(plain) \
            or names_someone_beside(plain, rules):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", plain) if not _INITIAL.fullmatch(w) and not _SUFFIX.fullmatch(w)]
    if words and _state_last(plain) and not any(is_given_name(p) for p in words[0].split("-") if p):
        return True  # a company's arm in a state ("Ameren Missouri", "Conocophillips Alaska", "Aft-New Mexico")
    if not words or any(is_given_name(p) for w in (words[0], words[-1]) for p in w.split("-") if p):
        return False
    first = words[0]
    return any(written_as_acronym(w) for w in words) or is_lone_place(first) \
        or is_everyday_word(first.casefold()) or _everyday_compound(first)


#: a US state's name closing a name: a firm's or a body's arm there, never a person's surname, but for those that are
#: surnames or first names too ("Washington", "Georgia", "Virginia")
_STATE_LAST = re.compile(rf"(?<![\w'’])(?:{_STATE_NAMES})\W*$", re.I)
_STATE_FIRST = re.compile(rf"(?:{_STATE_NAMES})(?![\w'’])", re.I)
_SURNAME_STATES = frozenset({"washington", "georgia", "virginia"})


def _state_last(name: str) -> bool:
    """ "Ameren Missouri", "Aft-New Mexico": a US state ends the name, after something else."""
    found = _STATE_LAST.search(name)
    if found is None:
        return False
    return name[:found.start()].strip(" -–,") != "" \
        and " ".join(found.group(0).split()).strip(" .,").casefold() not in _SURNAME_STATES


def _everyday_compound(word: str) -> bool:
    """ "Smokefree", "Earthjustice", "Foodbank": two everyday words of three letters or more run together."""
    low = word.casefold()
    return len(low) >= 7 and any(is_everyday_word(low[:i]) and is_everyday_word(low[i:]) for i in range(3, len(low) - 2))


def written_as_acronym(word: str) -> bool:
    """A body's acronym however it is cased ("Naacp", "NAACP", "Nrdc"): one the word table knows, or no vowel."""
    from consult_analyser.pipeline.pii_words import _proper_sets

    low = word.strip(" .,").casefold()
    return " " not in low and (low in _proper_sets()[1] or bool(_ACRONYM.fullmatch(low)))


def _a_person(part: str, rules: SectorRules) -> bool:
    """ "Michael Paton", "Dr Ana Ruiz", "Rev. Helen Morgan", "Governor Mark Gordon", "Rep. Peter A. Defazio";
    not "Somerset Constabulary". The sector rules are asked about the name without its title, which
    names the elected members' sector ("Senator ...") but not the person's body."""
    bare = _bare(part)
    words = bare.split()
    if len(words) >= 2 and _titled_names(part, words) \
            and not any(w.casefold().strip(".,") in rules.organisation_words for w in words):
        return True  # (whatever a sector rule makes of a surname: "Sanford D. Bishop Jr")
    return len(words) >= 2 and (is_given_name(words[0]) and looks_like_full_name(bare) or _initialled(part)
                                or _first_and_surname(bare, rules)) and not rules.names_organisation(bare)


def _titled_names(part: str, words: list[str]) -> bool:
    """An office's title before a first name and more name words, however many ("Senators Lamar Alexander
    Representatives Virginia Foxx", "Representatives Mark Takano Dina Titus ...", as a seed file saved them without
    their commas): its holders."""
    plain = " ".join(_LEAD_IN.sub("", part).split())
    return _without_office(plain) != plain and is_given_name(words[0]) and not _a_place(words[0]) \
        and all(_NAME_WORD.fullmatch(w) and w[:1].isupper() for w in words[:2])


def _first_and_surname(bare: str, rules: SectorRules) -> bool:
    """A first name that is no everyday word nor a place, then a surname that is neither ("David Machlowitz",
    "Alan Mcpherson", "Bonnie Macraith", which the shape of a full name missed); not "Mercy Housing", "Georgia
    Watch", "Troy Capital" nor "Green America" (a word or a place: a person's surname may be a word, "Brian Toll",
    but so is a body's)."""
    words = bare.split()
    return len(words) == 2 and rules.starts_with_given_name(bare) and rules.looks_like_person(bare) \
        and all(_NAME_WORD.fullmatch(w) and w[:1].isupper() and not w.isupper() for w in words) \
        and not is_everyday_word(words[1].casefold()) and not is_lone_place(words[1]) \
        and words[1].casefold() not in _PLACE_WORDS


def _a_place(word: str) -> bool:
    """A place's word that is no first name ("Hawaii", "America", "North"; not "Virginia")."""
    return (is_lone_place(word) or word.casefold() in _PLACE_WORDS) and not is_given_name(word)


def _initialled(part: str) -> bool:
    """ "Niraj J. Antani", "J. Walter Michel", "Brian J. Mast": a person's name by its initial, whatever the first
    name (the list of first names cannot hold them all); not "Texas A&M Forest Service" nor "S.c. Appleseed"."""
    words = [w for w in _TITLE.sub("", part).split() if not _NICKNAME.fullmatch(w)]  # "Jesus G. “Chuy” Garcia"
    if not 3 <= len(words) <= 4 or _SUFFIX.fullmatch(words[-1]) and len(words) == 3:
        return False
    shaped = [bool(_INITIAL.fullmatch(w)) for w in words]
    names = [w for w, initial in zip(words, shaped, strict=True) if not initial and not _SUFFIX.fullmatch(w)]
    # (initials and one name, "L.g. Everist", "J.d. Heiskell & Co.", are firms' as often as people's)
    return 1 <= shaped.count(True) <= 2 and not shaped[-1] and len(names) >= 2 and not _a_place(names[-1]) \
        and all(_NAME_WORD.fullmatch(w) and not is_everyday_word(w.casefold()) for w in names)


def _submitters_name(part: str, rules: SectorRules) -> bool:
    """Two to four name words after a submission's heading ("Joy Hague", "Karem Mcdonald", "Rev. Dr. Ronald L. Sims"):
    a person's, whatever the list of first names holds, unless a word of it is a body's or names no person ("Indiana
    Consumers", "Ameren Missouri")."""
    bare = _bare(part.strip(" .,;:"))
    words = bare.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.fullmatch(w) and w[:1].isupper() and not w.isupper() for w in words) \
        and not any(match_text(w).strip(".") in rules.organisation_words for w in words) \
        and not rules.names_organisation(bare) and not names_no_person(bare, rules) and not _state_first(bare)


def _state_first(name: str) -> bool:
    """ "Indiana Consumers", "New Mexico Legal Aid": a US state begins the name (not one that is a first name or a
    surname as often: "Virginia Smith")."""
    found = _STATE_FIRST.match(name)
    return found is not None and " ".join(found.group(0).split()).casefold() not in _SURNAME_STATES


def _lone_submitter(text: str, rules: SectorRules) -> bool:
    """One word after a submission's heading that may be a surname ("Comment Submitted By Mastopyr"): no word a sector
    rule knows for a body's, no acronym, no everyday word nor two run together ("Earthjustice")."""
    words = text.split()
    if len(words) != 1:
        return False
    word = words[0].strip(".,")
    return bool(_NAME_WORD.fullmatch(word)) and not word.isupper() and not written_as_acronym(word) \
        and not is_everyday_word(word.casefold()) and not _everyday_compound(word) and not rules.names_organisation(word)


def _people(parts: list[str], rules: SectorRules, placed_first: bool = False) -> list[str]:
    """The parts of an organisation field that name a person (:func:`_a_person`), and a full name's shape
    right before a post ("Nasreen Rees, Head of Equality") or after a comment's heading ("Comment From Navis
    Bermudez"; ``placed_first``: the first part followed one), which is a person's whatever their first name (the
    list of first names cannot hold them all)."""
    found = []
    for i, part in enumerate(parts):
        bare = _bare(part)
        placed = bool(i + 1 < len(parts) and (_POST.match(parts[i + 1]) or _OFFICE_POST.match(parts[i + 1]))
                      or _LEAD_IN.match(part) or placed_first and i == 0)
        # the start of a body's name given again whole ("Cleveland Metroparks And Cleveland Metroparks Zoo")
        again = any(p != part and p.casefold().startswith(part.casefold() + " ") and rules.names_organisation(p)
                    for p in parts)
        if not again and (_a_person(part, rules) or (placed and 2 <= len(bare.split()) <= 3
                                                      and looks_like_full_name(bare)
                                                      and not rules.names_organisation(bare))):
            found.append(part)
    while found:  # a list of people ("Chris Van Hollen; Sherrod Brown; Manka Dhingra"): its other names too
        more = [p for p in parts if p not in found and _listed_name(p, rules, len(found))]
        if not more:
            break
        found += more
    return found


#: what follows a surname ("Sanford D. Bishop Jr", "Joe Manchin Iii")
_SUFFIX = re.compile(r"(?:jr|sr|i{2,3}|iv)\.?", re.I)
_NAME_WORD = re.compile(r"(?:Mc|Mac|O['’]|D['’])?[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*\.?")
_ACRONYM = re.compile(r"[^aeiouy\W\d_]{3,}", re.I)  # "Ppl", "Nrdc": no vowel ("Tj" is initials)
_NICKNAME = re.compile(r"[\"“‘'(][^\W\d_]+[\"”’')]")
_GLUED_INITIAL = re.compile(r"\b([A-Z])\.(?=[^\W\d_])")  # "Richard J.durbin"


def _listed_name(part: str, rules: SectorRules, people: int) -> bool:
    """A part of a field naming ``people`` others that reads as one more of them: name words only, none of a body's
    or a place's name, no acronym; beside one person, a first name first ("John Smith, Jane Doe"); in a list of two,
    any such name with no everyday word ("Manka Dhingra", "Ro Khanna", "Kevin Van De Wege") or a first name first
    ("Sam Hunt", "Christine Barber", whatever a sector rule makes of "Barber"); of three or more, one everyday word
    ("Tram Nguyen"), a lone name word ("Markdesaulnier") and a surname's "Jr." cut off by a comma too. Not "Farmers
    National Bank", "Smokefree Pennsylvania", "Sierra Club", nor "Seyfarth Shaw" beside one person."""
    many = people >= 3
    joined = _OFFICE_BETWEEN.split(part)  # "Pramila Jayapal Congressman Mike Quigley": two of them
    if len(joined) > 1:
        return all(_listed_name(p, rules, people) for p in joined)
    # (a nickname in quotes or brackets is no word of the name: "Jesus G. “Chuy” Garcia")
    words = [w for w in _GLUED_INITIAL.sub(r"\1. ", _bare(part)).split() if not _NICKNAME.fullmatch(w)]
    if not words or any(_ACRONYM.fullmatch(w.rstrip(".")) or w.casefold().strip(".,") in rules.organisation_words
                        or is_lone_place(w.strip(".,")) and not is_given_name(w.strip(".,")) for w in words):
        return False
    if len(words) == 1:  # ("William C. Smith, Jr.")
        return bool(_SUFFIX.fullmatch(words[0])) or many and (bool(_NAME_WORD.fullmatch(words[0]))
                         and words[0][:1].isupper() and not is_everyday_word(words[0].casefold())
                         and not rules.names_organisation(words[0]))
    named = [w for w in words if not _INITIAL.fullmatch(w) and not _SUFFIX.fullmatch(w) and len(w.strip(".")) > 0]
    if not 2 <= len(named) <= 4 or not all(_NAME_WORD.fullmatch(w) and (w[:1].isupper() or many) for w in named):
        return False
    everyday = sum(is_everyday_word(w.casefold()) for w in named)
    # a first name first ("Bishop", "Salud" or "Barber" after it is no body's word), or initials ("Jt Wilcox")
    if is_given_name(named[0]) or _INITIAL.fullmatch(words[0]) or len(words[0]) == 2 and not re.search(
            r"[aeiouy]", words[0], re.I):
        return True
    return people >= 2 and rules.looks_like_person(" ".join(named)) and (everyday == 0 or many and everyday < len(named))


def _bare(part: str) -> str:
    """A part's name alone: without a comment's heading, titles, and initials between the first name and
    the last ("Peter A. Defazio"), which the shape of a full name does not take."""
    words = _without_office(_LEAD_IN.sub("", part)).split()
    return " ".join(w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _INITIAL.fullmatch(w)))


_BEFORE_OFFICE = frozenset({"state", "u.s.", "u.s", "us", "united", "states", "the", "new", "north", "south", "east",
                            "west", "commonwealth", "of"})


def _place_word(word: str) -> bool:
    return word.casefold() in _BEFORE_OFFICE or is_lone_place(word.strip(".,"))


def _without_office(text: str) -> str:
    """``text`` without the office before a name, and the place the office is of: "Senator Patty Murray", "Washington
    State Governor Jay Inslee", "Massachusetts State Senators Julian Cyr", "Governor Of Michigan Gretchen Whitmer" ->
    the name; "Rural County Representatives Of California" unchanged (no name follows, nor a place before)."""
    words = text.split()
    for k in range(min(3, len(words)) + 1):
        if not all(_place_word(w) for w in words[:k]):
            break
        rest = " ".join(words[k:])
        title = _TITLE.match(rest)
        if title:
            after = rest[title.end():].split()
            if after and after[0].casefold() in ("of", "for"):  # "Governor Of Michigan Gretchen Whitmer"
                after = after[1:]
                while len(after) > 2 and _place_word(after[0]) and not (is_given_name(after[0])
                                                                         and not is_lone_place(after[0])):
                    after = after[1:]
            return " ".join(after)
    return text


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
_LEAD_IN = re.compile(r"^(?:mm\s+)?(?:(?:formal|public|joint|written)\s+)?(?:comments?|letter|submission|testimony|"
                      r"statement)\s+(?:(?:submitted|sent|made)\s+)?(?:from|of|by)\s+|^submitted\s+by\s+", re.I)
#: a docket clerk's envelope around a submission's heading: the mass-mail campaign it came in before ("Mass Mail
#: Campaign 9a; Comment Submitted By ..."), and after it the count of copies ("..., Total As Of 8/23/2017; 413") or a
#: note that a field was empty (", Na")
_CAMPAIGN_BEFORE = re.compile(r"^\s*(?:mass\s+(?:mail|e-?mail|comment)\s+campaign|campaign)\s*#?\s*[\w-]*\s*[;:,.-]\s*", re.I)
_CLERKS_TAIL = re.compile(r"(?:\s*[,;(]\s*|\s+)total\s+as\s+o[fd]\b.*$|\s*,\s*n\.?/?a\.?\s*$", re.I)


def without_heading(name: str) -> str:
    """Whom a submission's heading names: what follows "Comment Submitted By", "Comments From", "Submitted by",
    "Comment of" (and a clerk's "Mass Mail Campaign 116; ..." before it, "..., Total As Of 8/30/2016; 413" or ", Na"
    after it): "Comment Submitted By Jo Bloggs" -> "Jo Bloggs", "Comments From Sierra Club" -> "Sierra Club". A
    heading names no organisation: whoever follows it sent the comment. ``name`` unchanged when it has no heading."""
    text = " ".join((name or "").split())
    inner = _CAMPAIGN_BEFORE.sub("", text)
    heading = _LEAD_IN.match(inner)
    if not heading:
        return name
    return _CLERKS_TAIL.sub("", inner[heading.end():]).strip(" .,;:-–—()")


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
#: an office held by one person, given after their name ("The Honorable Terry E. Mcdonald, Mayor, City Of New
#: Haven"): no part of the body's name once its holder is taken out (alone, "Mayor Of Jersey City" is the office's)
_OFFICE_POST = re.compile(r"^(?:mayor|governor|senator|representative|congress(?:man|woman|member)|"
                          r"assembly(?:man|woman|member)|attorney\s+general|county\s+executive|alder(?:man|woman))\b",
                          re.I)
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
    headed = without_heading(name)
    placed = headed != name
    if placed:  # "Comment Submitted By Jo Bloggs": the heading goes, and a name after it is a person's
        if not headed or _lone_submitter(headed, rules) or _submitters_name(_NAME_PARTS.split(headed)[0], rules):
            return ""
        name = headed
    people = _people([p.strip() for p in _NAME_PARTS.split(name) if p.strip()], rules, placed_first=placed)
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
    pieces = [p for p in pieces if len(p) > 1 and not re.fullmatch(r"(?:and|of|for|the|at|comments?|letter|testimony|"
                                                                     r"statement|submission)", p, re.I)]
    kept = ", ".join(p for p in pieces if not _POST.match(p) and not _OFFICE_POST.match(p))
    return kept[:1].upper() + kept[1:] if kept.startswith("the ") else kept


_TITLES = (r"(?:dr|prof|professor|mr|mrs|ms|miss|mx|sir|dame|rev|cllr|councill?ors?|"
           # an elected official's, or several's ("Rep. Peter A. Defazio", "Governor Mark Gordon", "U.S. Senator ...",
           # "Senators Elizabeth Warren, ...", "State Attorney Generals Maura Healey, ...")
           r"(?:u\.?\s?s\.?\s|state\s)?(?:reps?|representatives?|sen|senators?|congress(?:man|woman|member)s?|congressmen|"
           r"congresswomen|assembly(?:man|woman|member)s?|delegates?|attorneys?[\s-]generals?)|"
           r"(?:lt\.?\s|lieutenant\s)?(?:gov|governors?)|mayors?|alder(?:man|woman|men|women)|"
           r"council(?:man|woman|member)s?|commissioners?|(?:the\s)?hon(?:ou?rable)?)")
_TITLE = re.compile(rf"^(?:{_TITLES}\.?\s+)+", re.I)
#: an elected office one person holds (not a commissioner's, which in the UK is a body: "Commissioner for Older
#: People"), named alone or with the place it is of
_OFFICE_ALONE = re.compile(r"(?:(?:u\.?\s?s\.?\s|state\s)?(?:senator|representative|congress(?:man|woman|member)|"
                           r"assembly(?:man|woman|member)|attorneys?[\s-]generals?)|(?:lt\.?\s|lieutenant\s)?governor|"
                           r"mayor)s?\.?(?:\s+(?:of|for)\s+(.+))?", re.I)
_OFFICE_BETWEEN = re.compile(rf"\s+(?:{_TITLES})\.?\s+(?=[A-Z])", re.I)
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

