"""Columns that hold personal details or credentials a survey tool records beside the answers: a
login name, a participant's access code, a contact's attributes, an IP address or a postcode under a
header that does not say so. Never a question; kept with the respondent under a name that marks
them personal, so that everything published leaves them out as it does names, e-mail and IP address
columns (their values are written out only with ``--include-names``).

Recognised by their headers in the tools' own spellings (EngagementHQ's "Login Username" and
"Screen Name", LimeSurvey's "token" / "Access code" and "attribute_1"), and, whatever the header, by
their contents: IP addresses, UK postcodes, random access codes, user names such as "rkowalski933".
"""

from __future__ import annotations

import re

#: what each kind of personal column is kept as: "HEADER (what it is)", words that mark it personal
#: in every export (see export.safety.personal_field: name, contact, postcode, IP address)
PERSONAL_KINDS = {
    "user name": "user name",
    "access code": "contact's access code",
    "attribute": "contact attribute",
    "ip address": "IP address",
    "postcode": "postcode",
    "personal": "contact details",  # mapped as "personal" in a mapping file
}

_USER_NAME_HEADER = re.compile(r"(login |user |account )?user ?name|login( name)?|screen ?name|display ?name"
                               r"|nick ?name|user ?handle|handle|account name|member name", re.I)
#: a participant's access code (LimeSurvey's "token", "Access code"): a credential that reopens the response
_ACCESS_CODE_HEADER = re.compile(r"token|access code|access token|participant token|invitation (code|token)"
                                 r"|survey (code|token)", re.I)
#: LimeSurvey's participant attributes ("attribute_1"): what the survey's owner uploaded about each contact
_ATTRIBUTE_HEADER = re.compile(r"attribute \d{1,3}", re.I)


def personal_by_header(words: str, *, has_id: bool) -> str:
    """The kind of personal column a header (as header_words gives it) names, or "". An access code
    before any id column is the respondent id (a file keyed by its tokens), not this."""
    if _USER_NAME_HEADER.fullmatch(words):
        return "user name"
    if _ACCESS_CODE_HEADER.fullmatch(words) and has_id:
        return "access code"
    if _ATTRIBUTE_HEADER.fullmatch(words):
        return "attribute"
    return ""


_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")
_IPV6 = re.compile(r"[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}", re.I)
#: a full UK postcode ("WS3 4PQ", "EC1A 1BB", "ws12 7hj")
_POSTCODE = re.compile(r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}", re.I)
#: a machine's random code: letters and digits, ten or more, no spaces nor word breaks ("KQEEvZqgkI1Hcpg"; not
#: a variable's name such as "q01_definitions")
_TOKEN = re.compile(r"[A-Za-z0-9]{10,64}")
#: an account's name: letters and then a few digits ("rkowalski933", "Daniel87", "j.smith_12")
_USER_NAME = re.compile(r"[A-Za-z][A-Za-z._-]{1,30}\d{1,4}")


def personal_by_content(values: list[str]) -> str:
    """The kind of personal data a column holds, from its values (four in five of them), or "": IP
    addresses, UK postcodes, access codes (distinct random strings of letters and digits), user names
    (distinct names with a number)."""
    filled = [v.strip() for v in values if v.strip()]
    if len(filled) < 3:
        return ""
    most = 0.8 * len(filled)
    if sum(bool(_IPV4.fullmatch(v) or (":" in v and _IPV6.fullmatch(v))) for v in filled) >= most:
        return "ip address"
    if sum(bool(_POSTCODE.fullmatch(v)) for v in filled) >= most:
        return "postcode"
    if len(filled) < 5 or len(set(filled)) < 0.9 * len(filled):
        return ""
    if sum(bool(_TOKEN.fullmatch(v)) and _mixed(v) for v in filled) >= most:
        return "access code"
    if sum(bool(_USER_NAME.fullmatch(v)) for v in filled) >= most:
        return "user name"
    return ""


def _mixed(value: str) -> bool:
    """Random-looking: digits among letters, or upper and lower case mixed within the word."""
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    inner = value[1:]
    return letters >= 3 and (digits >= 2 or (any(c.isupper() for c in inner) and any(c.islower() for c in inner)
                                              and not value.istitle()))


def personal_key(header: str, kind: str) -> str:
    """The name a personal column's values are kept under: its header and what it holds ("Q09
    (postcode)", "Login Username (user name)"), so every export knows them for personal details."""
    what = PERSONAL_KINDS.get(kind, PERSONAL_KINDS["personal"])
    return f"{header} ({what})"
