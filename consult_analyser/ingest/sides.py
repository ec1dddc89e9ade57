"""Which side a respondent answered on, from what they wrote: an individual-or-organisation answer
("On behalf of an organisation", "Individual"), an organisation-name box ("Myself", "N/A", a name),
and the declared type such an answer also gives. Read by the table readers and the sector step."""

from __future__ import annotations

import re

_ORG_VALUE = re.compile(r"organi[sz]ation|on behalf|company|business|group|body|\b(org|corp|ngo)\b"
                        r"|association|entreprise|unternehmen|empresa|sefydliad", re.I)
_IND_VALUE = re.compile(r"individual|myself|personal|member of the public|private|citizen|particulier"
                        r"|privatperson|b(u|ü)rger|ciudadano|particular|unigolyn", re.I)


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


_NO_ORGANISATION = re.compile(r"n\.?/?a\.?|none|nil|nothing|no|not applicable|no organi[sz]ation|-+|\.+|\?+"
                              r"|not relevant|nobody|no one|anonymous", re.I)
_PERSON_BOX = re.compile(r"(?:(?:i am |i'm )?(?:responding |writing )?(?:as )?(?:an? )?)?(?:myself|self|me|retired"
                         r"|(?:private |concerned )?(?:individual|citizen|person|resident)(?: response)?|personal(?: response| capacity)?"
                         r"|member of (?:the )?public|local resident|just me|on my own behalf|my own|own behalf)", re.I)


def organisation_box_side(box: str) -> bool | None:
    """What an organisation-name box says of the respondent when no type was ticked: an
    organisation's name (True), "Myself" / "Individual response" / "Self" / "Retired" (False), or
    nothing at all ("N/A", "none", "-": None, so the sector decides). Whole answers only:
    "Citizens Advice Leeds" is an organisation."""
    text = box.strip().strip(" .!").strip()
    if not text:
        return None
    if len(text) <= 60 and _PERSON_BOX.fullmatch(text):
        return False
    head = re.match(r"(?:myself|self|me|individual|personal|private individual)\b[ \t]*[-–:,(/][ \t]*\S", text, re.I)
    if head and len(text) <= 80:
        return False  # "Myself - Jane Smith", "Individual (retired teacher)"
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
