"""People: names, e-mail addresses, phone numbers and postal addresses."""

from __future__ import annotations

import random
import re

from sample_responses.orgs import Org, pick, slug
from sample_responses.places import FIRST, LAST, PHONE_PREFIX, STREETS, Place

PERSONAL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "hotmail.com", "hotmail.co.uk", "outlook.com",
                    "yahoo.co.uk", "yahoo.com", "btinternet.com", "sky.com", "live.co.uk", "icloud.com", "aol.com",
                    "virginmedia.com", "talktalk.net", "ntlworld.com", "googlemail.com", "me.com")
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def person_name(rng: random.Random) -> tuple[str, str]:
    """A (first, last) name pair from a varied pool."""
    return pick(rng, FIRST), pick(rng, LAST)


def _local(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def personal_email(rng: random.Random, first: str, last: str) -> str:
    """An address at a consumer mail provider, in one of the shapes people choose."""
    f, l_ = _local(first), _local(last)
    n = int(rng.random() * 90) + 10
    shape = pick(rng, (f"{f}.{l_}", f"{f}{l_}", f"{f[0]}{l_}", f"{f}.{l_}{n}", f"{f}{n}", f"{l_}{f[0]}{n}",
                       f"{f}_{l_}", f"{f[0]}.{l_}", f"{f}{l_[0]}{n}", f"{f}.{l_}{1940 + n % 60}"))
    return f"{shape}@{pick(rng, PERSONAL_DOMAINS)}"


def org_email(rng: random.Random, first: str, last: str, org: Org) -> str:
    """A work address: personal at the organisation's domain, a role mailbox, NHSmail, or a
    personal mailbox for small groups."""
    f, l_ = _local(first), _local(last)
    if not org.domain or (org.small and rng.random() < 0.45):
        if rng.random() < 0.5:
            return f"{slug(org.name)[:20]}@{pick(rng, ('gmail.com', 'btinternet.com', 'hotmail.co.uk', 'outlook.com'))}"
        return personal_email(rng, first, last)
    if org.domain.endswith("nhs.uk") and rng.random() < 0.5:
        return f"{f}.{l_}@nhs.net"
    roll = rng.random()
    if roll < 0.3:
        return f"{pick(rng, ('info', 'enquiries', 'office', 'admin', 'contact', 'hello', 'secretary', 'policy'))}@{org.domain}"
    if roll < 0.75:
        return f"{f}.{l_}@{org.domain}"
    return f"{f[0]}{l_}@{org.domain}" if roll < 0.9 else f"{f[0]}.{l_}@{org.domain}"


def phone(rng: random.Random, place: Place, mobile: float = 0.5) -> str:
    """A UK number from the ranges reserved for fiction."""
    if rng.random() < mobile:
        return f"07700 900{int(rng.random() * 1000):03d}"
    prefix = PHONE_PREFIX.get(place.postcode, "01632 960")
    width = 11 - len(prefix.replace(" ", ""))
    return prefix + f"{int(rng.random() * 10 ** width):0{width}d}"


def postcode(rng: random.Random, place: Place) -> str:
    district = 1 + int(rng.random() * (18 if len(place.postcode) == 1 else 24))
    return f"{place.postcode}{district} {1 + int(rng.random() * 9)}{pick(rng, _POSTCODE_LETTERS)}{pick(rng, _POSTCODE_LETTERS)}"


def street_address(rng: random.Random, place: Place) -> str:
    """One line: number, street, town and postcode."""
    return f"{1 + int(rng.random() * 180)} {pick(rng, STREETS)}, {place.name} {postcode(rng, place)}"


ROLES = {
    "faith": ("Vicar", "Parish Priest", "Imam", "Chair of Trustees", "Secretary", "Granthi", "Rabbi", "Minister",
              "Diocesan Secretary", "Interfaith Adviser", "Church Warden", "General Secretary"),
    "local_authority": ("Chief Executive", "Leader of the Council", "Head of Communities", "Cohesion Manager",
                        "Director of Public Health", "Cabinet Member for Communities", "Policy Officer", "Town Clerk"),
    "education": ("Headteacher", "Principal", "Chief Executive Officer", "Deputy Head", "Chair of Governors",
                  "ESOL Coordinator", "Head of Adult Learning", "Coordinator"),
    "voluntary_community": ("Chief Executive", "Director", "Coordinator", "Chair", "Project Manager",
                            "Volunteer Coordinator", "Development Worker", "Secretary"),
    "academic_research": ("Professor of Sociology", "Senior Lecturer", "Research Fellow", "Director", "Reader in Social Policy",
                          "Professor of Migration Studies"),
    "business": ("Managing Director", "Director", "HR Manager", "Chief Executive", "Owner", "Partner"),
    "health_care": ("Chief Executive", "Director of Nursing", "Equality and Diversity Lead", "Medical Director",
                    "Registered Manager", "Head of Patient Experience"),
    "police_justice_fire": ("Chief Constable", "Assistant Chief Constable", "Police and Crime Commissioner",
                            "Chief Fire Officer", "Community Safety Manager", "Superintendent", "Head of Service"),
    "other_public_body": ("Director", "Chief Executive", "Head of Engagement", "Chair", "Programme Manager"),
    "other": ("Chief Executive", "Branch Secretary", "Chair", "Policy Manager", "Secretary", "Director"),
}


def role(rng: random.Random, sector: str) -> str:
    return pick(rng, ROLES.get(sector, ROLES["other"]))
