"""Which side a respondent answered on, from what they wrote: an individual-or-organisation answer
("On behalf of an organisation", "Individual"), an organisation-name box ("Myself", "N/A", a name),
and the declared type such an answer also gives. Read by the table readers and the sector step."""

from __future__ import annotations

import re

from consult_analyser.label_words import describes_a_person

_ORG_VALUE = re.compile(r"organi[sz]ation|on behalf|company|business|group|body|\b(org|corp|ngo)\b"
                        r"|association|entreprise|unternehmen|empresa|sefydliad", re.I)
#: a person's own type ("Individual", "Member of the public", "A resident", "Private citizen"); not "Private
#: company", "Citizens Advice" or "Personal care provider", which are organisations'
_IND_VALUE = re.compile(r"individual|myself|(?<![a-z])personal(?:ly)?(?![a-z])(?![\s_]+(?:care|services?|trainers?|finance"
                        r"|injury))|member of the public|(?<![a-z])private(?=[\s_]+(?:individual|person|citizen|resident"
                        r"|capacity)|\s*$)|(?<![a-z])citizen(?![a-z])|particulier|personne physique|privatperson"
                        r"|b(u|ü)rger|ciudadano|particular|unigolyn|(?<![a-z])(?:local[\s_]+)?resident(?![a-z'’])"
                        r"(?![\s_]+(?:group|association|forum|society|committee|council))",
                        re.I)


def is_organisation_value(value: str) -> bool | None:
    """Read "Individual" / "On behalf of an organisation" style answers (None: cannot tell)."""
    value = value.strip()
    if not value:
        return None
    if _IND_VALUE.search(value):
        return False
    if _ORG_VALUE.search(value):
        return True
    return None


_YES = re.compile(r"(?:yes|y|oui|ja|si|sí|ydw|true)(?![/\w])(?:\b.*)?", re.I)
_NO = re.compile(r"(?:no|n|non|nein|nac ydw|false)(?![/\w])(?:\b.*)?", re.I)
#: a yes/no question that asks whether one answers for an organisation ("Are you responding on behalf of an
#: organisation?") or as an individual ("Are you responding as an individual?"); not "... an individual or on
#: behalf of an organisation?", which a yes or no does not answer
_ASKS_ORGANISATION = re.compile(r"\b(on behalf of|for|represent(ing)?) (an?|your|the|any) (organi[sz]ation|group|business"
                                r"|company|body)\b|\bau nom d(e|u|'une?) ?(organisation|organisme|entreprise)\b"
                                r"|\bim namen (einer|eines|ihrer|ihres) (organisation|unternehmens)\b|\bar ran sefydliad\b", re.I)
_ASKS_INDIVIDUAL = re.compile(r"\b(as|in) an? (individual|private (individual|person|citizen)|member of the public)\b"
                              r"|\bin (a|your) personal capacity\b|\ba titre (individuel|personnel)\b"
                              r"|\bals privatperson\b|\bfel unigolyn\b", re.I)


def side_from_answer(value: str, question: str = "") -> bool | None:
    """Whether an answer to the individual-or-organisation question says organisation (True) or
    individual (False), or None: "On behalf of an organisation" and "Individual" say it whatever the
    question; a "Yes" or "No" says it when the question asks one side only ("Are you responding on
    behalf of an organisation?": No is an individual; "Are you responding as an individual?": No is an
    organisation)."""
    said = is_organisation_value(value)
    if said is not None:
        return said
    text = value.strip().rstrip(".!")
    answer = True if _YES.fullmatch(text) else (False if _NO.fullmatch(text) else None)
    if answer is None:
        return None
    org, ind = bool(_ASKS_ORGANISATION.search(question)), bool(_ASKS_INDIVIDUAL.search(question))
    if org == ind:  # neither, or both ("as an individual or on behalf of an organisation?"): a yes says nothing
        return None
    return answer if org else not answer


def is_yes_or_no(value: str) -> bool:
    """A bare yes or no ("Yes", "N", "No."): an answer that names no declared type."""
    text = value.strip().rstrip(".!")
    return bool(text) and len(text) <= 8 and bool(_YES.fullmatch(text) or _NO.fullmatch(text))


_NO_ORGANISATION = re.compile(r"n\.?/?a\.?|none|nil|nothing|no|not applicable|no organi[sz]ation|-+|\.+|\?+"
                              r"|not relevant|nobody|no one|anonymous"
                              # French, German, Spanish, Italian, Dutch: "Aucune", "s.o." / "S/O" (sans objet)
                              r"|aucune?|s\.? ?o\.?|s/o|sans objet|non applicable|ne s'applique pas|personne|n[ée]ant"
                              r"|keine?|entf[äa]llt|ninguna?|ninguno|no aplica|nessuna?|geen", re.I)
_PERSON_BOX = re.compile(r"(?:(?:i am |i'm )?(?:responding |writing )?(?:as )?(?:an? )?)?(?:myself|self|me|retired"
                         r"|moi(?:[- ]?m[êe]me)?|ich selbst|selbst|yo mismo|yo misma|io stesso|io stessa|ikzelf|zelf"
                         r"|(?:private |concerned )?(?:individual|citizen|person|resident)(?: response)?|personal(?: response| capacity)?"
                         r"|member of (?:the )?public|local resident|just me|on my own behalf|my own|own behalf)", re.I)


_PERSONAL_SUBMISSION = re.compile(r"(?:personal|individual|private|own) (?:submission|response|view|views|capacity|reply)"
                                  r"|(?:submitting|responding|writing) as (?:an? )?(?:individual|private (?:person|citizen))",
                                  re.I)


#: what a data tool writes in a cell it had nothing for ("nan" from pandas, "NULL" from a database, "#N/A" from
#: Excel): an empty box (a trial's 53 rows with "nan" as their organisation were filed as declared individuals)
EMPTY_CELL = frozenset({"nan", "null", "#n/a"})


def organisation_box_side(box: str) -> bool | None:
    """What an organisation-name box says of the respondent when no type was ticked: an
    organisation's name (True), "Myself" / "Individual response" / "Self" / "Retired" (False), or
    nothing at all ("N/A", "none", "-": None, so the sector decides). Whole answers only:
    "Citizens Advice Leeds" is an organisation."""
    text = box.strip().strip(" .!").strip()
    if not text or text.lower() in EMPTY_CELL:
        return None
    if len(text) <= 60 and (_PERSON_BOX.fullmatch(text) or describes_a_person(text)):
        return False  # "Myself", "Retired nurse", "Étudiante", "Mom of 3", "Je suis une citoyenne"
    head = re.match(r"(?:myself|self|me|individual|personal|private individual)\b[ \t]*[-–:,(/][ \t]*\S", text, re.I)
    if head and len(text) <= 80:
        return False  # "Myself - Jane Smith", "Individual (retired teacher)"
    parts = [p.strip() for p in re.split(r"\s*[:,()]\s*|\s+[-–]\s*|\s*[-–]\s+", text) if p.strip()]
    if all(_NO_ORGANISATION.fullmatch(p) for p in parts):
        return None  # "n/a - n/a"
    if 1 < len(parts) <= 3 and len(text) <= 80 and all(
            _NO_ORGANISATION.fullmatch(p) or _PERSON_BOX.fullmatch(p) or describes_a_person(p)
            or _PERSONAL_SUBMISSION.fullmatch(p) for p in parts):
        return False  # "N/A - personal submission", "None (student)"
    if len(text) <= 40 and _NO_ORGANISATION.fullmatch(text):
        return None
    return True


# an answer that only says which side a respondent is on ("On behalf of an organisation"), no sector
_SIDE_ONLY = re.compile(r"^(?:(?:i am |i'm |we are )?(?:responding |replying |answering |writing )?(?:as |on behalf of )?"
                        r"(?:an? |my |our )?(?:organi[sz]ation|org)(?: response)?|organi[sz]ations?)$", re.I)


def declared_in_type(value: str) -> str:
    """The declared type an individual-or-organisation answer also gives: "Local authority",
    "Faith organisation", "Individual" say who answered; "On behalf of an organisation" names no
    sector and gives ""."""
    value = " ".join(value.split())
    return "" if not value or _SIDE_ONLY.match(value.rstrip(".")) else value
