"""What a signature line, an e-mail's subject and the sender's own domain say about the sender's organisation.

A signature names the sender's body on a line of its own, often under a job title and a department
("Vice President, Government Affairs" / "Municipal Art Society of New York"), and a firm's name may hold commas
before its legal form ("Reliable Wholesale Lumber, Inc.", "Rudy, Exelrod, Zieff & Lowe, LLP"). Three kinds of
line are never an organisation on their own, whatever words they hold:

* a job title ("Policy Director", "Head of Public Affairs", "Directrice générale", "Geschäftsführerin");
* a department ("Government Affairs", "Legal Department", "Service juridique", "Rechtsabteilung");
* a bare legal form ("Inc", "LLP", "Pty Ltd", "GmbH & Co. KG", "S.A.").

An organisation's own e-mail domain confirms a name that a signature line or the subject gives
("patricia@oceana.org" and "Oceana"; "cdubois@nationalwildlifefede.org" and "National Wildlife Federation";
"nwf.org" and its initials): :func:`agrees_with_domain`. The domain alone names nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["JOB_WORDS", "is_legal_form", "ends_in_legal_form", "tidy_part", "is_department", "is_post", "names_no_body", "split_signature_line",
           "agrees_with_domain", "domain_name_part", "subject_organisations"]

#: words of a job title, English, Welsh and the main European languages (whole words, any case)
JOB_WORDS = re.compile(
    r"\b(?:head|director|chief|manager|officer|chair|chairman|chairwoman|chairperson|secretary|president|"
    r"lead|executive|adviser|advisor|co-?ordinator|clerk|treasurer|trustee|partner|founder|co-founder|member|"
    r"councillor|consultant|specialist|analyst|solicitor|engineer|planner|ceo|coo|cfo|cto|md|vice|deputy|"
    r"assistant|senior|principal|professor|lecturer|researcher|volunteer|owner|proprietor|leader|priest|vicar|"
    r"rector|minister|pastor|imam|rabbi|chaplain|bishop|warden|mayor|headteacher|commissioner|"
    r"counsel|attorney|lawyer|paralegal|representative|administrator|supervisor|organi[sz]er|campaigner|"
    r"spokesperson|spokesman|spokeswoman|editor|economist|scientist|convenor|convener|superintendent|"
    r"vp|svp|evp|gm|intern|strategist|liaison|controller|registrar|"
    # Welsh
    r"cadeirydd|ysgrifennydd|trysorydd|cyfarwyddwr|rheolwr|pennaeth|swyddog|prif\s+weithredwr|clerc|cynghorydd|"
    r"ymddiriedolwr|cydlynydd|is-gadeirydd|llywydd|"
    # French
    r"directeur|directrice|pr[ée]sident|pr[ée]sidente|vice-pr[ée]sidente?|secr[ée]taire|g[ée]rante?|"
    r"conseill(?:er|[èe]re)|coordonn(?:ateur|atrice)|responsable|charg[ée]e?|d[ée]l[ée]gu[ée]e?|"
    r"administrat(?:eur|rice)|fondat(?:eur|rice)|tr[ée]sori(?:er|[èe]re)|porte-parole|juriste|avocate?|"
    # German
    r"gesch[äa]ftsf[üu]hrer(?:in)?|vorsitzende[rn]?|leiter(?:in)?|referent(?:in)?|vorstand|vorst[äa]ndin|"
    r"sprecher(?:in)?|justiziar(?:in)?|syndikus|berater(?:in)?|sachbearbeiter(?:in)?|"
    # Spanish, Italian, Portuguese
    r"directora?|presidenta?|gerente|coordinadora?|secretari[ao]|jef[ae]|asesora?|abogad[ao]|"
    r"direttore|direttrice|responsabile|segretari[ao]|coordinat(?:ore|rice)|consigliere|avvocato|"
    r"diretora?|coordenadora?|"
    # Dutch
    r"voorzitter|secretaris|penningmeester|adviseur|beleidsmedewerker|beleidsadviseur|medewerker|hoofd)\b",
    re.I,
)

#: what a department does ("Government Affairs", "Public Policy", "Service juridique", "Rechtsabteilung")
_FUNCTIONS = {
    "affairs", "relations", "policy", "policies", "communications", "communication", "comms", "compliance",
    "legal", "advocacy", "engagement", "outreach", "campaigns", "marketing", "sales", "finance", "accounts",
    "procurement", "hr", "operations", "strategy", "research", "regulation", "membership", "fundraising",
    "sustainability", "partnerships", "resources",
    # French, German, Spanish, Italian, Dutch
    "affaires", "juridique", "juridiques", "conformite", "politique", "politiques",
    "recht", "rechtsabteilung", "politik", "kommunikation", "offentlichkeitsarbeit", "grundsatzfragen",
    "asuntos", "juridico", "juridica", "relaciones", "comunicacion", "cumplimiento",
    "affari", "legale", "relazioni", "comunicazione", "normativi",
    "zaken", "juridische", "beleid", "communicatie",
}
#: words that say which side of a department ("Government", "Public", "External")
_MODIFIERS = {
    "government", "governmental", "public", "external", "corporate", "regulatory", "legislative", "institutional",
    "federal", "state", "eu", "european", "international", "global", "community", "stakeholder", "media",
    "investor", "industry", "member", "members", "political", "human", "legal", "policy", "research",
    "publiques", "publique", "reglementaires", "institutionnelles", "europeennes", "gouvernementales",
    "publicos", "institucionales", "gubernamentales", "regulatorios", "pubblici", "istituzionali", "regolamentari",
    "publieke", "public-affairs",
}
#: words that name a part of an organisation ("Department", "Team", "Abteilung")
_UNITS = {
    "department", "dept", "division", "unit", "team", "office", "directorate", "section", "desk",
    "service", "pole", "departement", "direction", "abteilung", "referat", "stabsstelle", "departamento", "area",
    "ufficio", "afdeling",
}
_JOINERS = {"of", "and", "for", "the", "&", "de", "des", "du", "la", "le", "et", "und", "fur", "y", "e", "del",
            "della", "van", "en", "het", "der", "die", "das", "di", "dei", "delle", "el", "los", "las"}

#: legal forms, written without dots and in lower case ("S.p.A." as "spa"); joined ones ("pty ltd", "co kg")
#: are read word by word
_LEGAL_FORMS = {
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "pllc", "pc", "corp", "corporation",
    "co", "company", "cic", "cio", "ulc", "ltee", "pty", "pte", "dac", "clg", "teoranta", "teo", "cyf",
    "gmbh", "ag", "kg", "ohg", "ev", "ug", "mbh", "kgaa", "sa", "sas", "sasu", "sarl", "eurl", "sca", "scop",
    "asbl", "vzw", "spa", "srl", "srls", "snc", "sl", "slu", "sau", "bv", "nv", "vof", "cv", "ab", "oy", "oyj",
    "as", "asa", "aps", "a/s", "sp", "z", "oo", "lda", "kft", "zrt", "sro",
}


def _plain(text: str) -> str:
    """Lower case, accents off, apostrophes out: "Öffentlichkeitsarbeit" -> "offentlichkeitsarbeit"."""
    text = unicodedata.normalize("NFKD", (text or "").lower().replace("’", "").replace("'", ""))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def is_legal_form(text: str) -> bool:
    """A legal form alone: "Inc", "Inc.", "LLP", "Pty Ltd", "GmbH & Co. KG", "S.A.", "sp. z o.o."."""
    words = _plain(text).replace(".", "").replace("&", " ").replace(",", " ").split()
    return bool(words) and len(words) <= 5 and all(w in _LEGAL_FORMS for w in words)


def ends_in_legal_form(text: str) -> bool:
    """A name that ends in a legal form ("Brasserie du Port, S.A.R.L.", "Acme Ltd"): a body's."""
    words = text.replace(",", " ").split()
    return len(words) >= 2 and is_legal_form(words[-1]) and not is_legal_form(text)


def tidy_part(part: str) -> str:
    """A part of a line without the stops and commas around it, but for an abbreviated legal form's ("Acme, Inc.",
    "Obstbauern Nord e.V.")."""
    part = part.strip(" ;,:").lstrip(".")
    last = part.rsplit(None, 1)[-1] if part else ""
    return part if last.endswith(".") and is_legal_form(last) else part.rstrip(" .,")


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z\-]*|&", _plain(text))
    return [w for w in words if w not in _JOINERS]


def is_department(text: str) -> bool:
    """A department or a team of an organisation, with no name of its own: "Government Affairs", "Public
    Policy", "Legal Department", "Policy Team", "Office of Government Relations", "Service juridique",
    "Rechtsabteilung"; not "Nevada Department of Wildlife", "Department for International Development",
    "Public Affairs Council"."""
    words = _content_words(text)
    if not words or len(words) > 6 or any(c.isdigit() for c in text):
        return False
    if not all(w in _FUNCTIONS or w in _MODIFIERS or w in _UNITS for w in words):
        return False
    return any(w in _FUNCTIONS for w in words) or all(w in _UNITS for w in words)


def is_post(text: str) -> bool:
    """A job title alone, with at most its department: "Policy Director", "Head of Public Affairs",
    "Executive Director", "Vice President, Government Affairs", "Directrice générale"; not "Office of the
    Mayor" (a body named after its post) nor "Chamber of Commerce"."""
    if not JOB_WORDS.search(text) or any(c.isdigit() for c in text):
        return False
    words = _content_words(text)
    if not words or len(words) > 8 or words[0] in _UNITS:
        return False
    rest = [w for w in _content_words(JOB_WORDS.sub(" ", text)) if w not in {"general", "generale", "generales",
                                                                           "executive", "managing", "adjoint",
                                                                           "adjointe", "co", "interim"}]
    return all(w in _FUNCTIONS or w in _MODIFIERS or w in _UNITS for w in rest)


def names_no_body(text: str) -> bool:
    """A job title, a department or a legal form alone: never an organisation's name."""
    text = " ".join((text or "").split()).strip(" .,;:-–—")
    return bool(text) and (is_legal_form(text) or is_department(text) or is_post(text))


#: the separators of a signature line's parts that no organisation's name holds
_STRONG = re.compile(r"\s[-–—|]\s|\t|\s{3,}")


def split_signature_line(line: str, is_person: Callable[[str], bool] | None = None) -> list[str]:
    """A signature line's parts: "Policy Officer, Anytown Trust" -> ["Policy Officer", "Anytown Trust"]. A legal
    form after a comma belongs to the name before it, with its commas ("Reliable Wholesale Lumber, Inc." and
    "Rudy, Exelrod, Zieff & Lowe, LLP" are one part each), less a job title or department in front of it
    ("Director, Acme, Inc." -> ["Director", "Acme, Inc."]) or a person's name (``is_person``)."""
    out: list[str] = []
    for chunk in _STRONG.split(line):
        parts = [p.strip(" ;") for p in chunk.split(",")]
        parts = [p for p in parts if p]
        if len(parts) >= 2 and is_legal_form(parts[-1]):
            while len(parts) > 2 and (names_no_body(parts[0]) or JOB_WORDS.search(parts[0])
                                      or (is_person is not None and is_person(parts[0]))):
                out.append(parts.pop(0))
            out.append(", ".join(parts[:-1]) + ", " + chunk.rsplit(",", 1)[1].strip(" ;"))
        else:
            out.extend(parts)
    return [p for p in out if p.strip(" .")]


# ---------------------------------------------------------------------------------------- the domain
#: second-level labels under a country's ending ("co.uk", "gov.au", "gouv.fr"): not the organisation's own label
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "govt", "gouv", "edu", "nhs", "ltd", "plc", "sch", "police",
                 "mod", "or", "ne", "go", "gob", "gv", "asn", "id", "mil", "nic", "int", "lg", "qld", "nsw", "vic",
                 "wa", "sa", "tas", "act", "nt", "parliament", "judiciary"}
_SUBDOMAIN_WORDS = {"www", "mail", "email", "e-mail", "smtp", "mx", "post", "exchange", "office", "web"}


def domain_name_part(email_or_domain: str) -> str:
    """The label of a domain that is the organisation's own name: "patricia@oceana.org" -> "oceana",
    "a@leeds.gov.uk" -> "leeds", "b@mail.acme.co.uk" -> "acme"; "" when there is none."""
    domain = (email_or_domain or "").strip().lower().rsplit("@", 1)[-1].strip("<>. ")
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the country's or the world's ending
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    name = labels[-1] if labels and labels[-1] not in _SUBDOMAIN_WORDS else ""
    return name.replace("-", "")


def _compact_forms(name: str) -> set[str]:
    """A name's letters and digits run together, with and without "the", its legal form and its joining words
    ("The City of Alexandria, Virginia" -> "cityofalexandriavirginia", "thecityofalexandriavirginia", ...), and
    its initials ("National Wildlife Federation" -> "nwf")."""
    plain = _plain(name)
    words = re.findall(r"[a-z0-9]+|&", plain)
    variants = [words]
    if words and words[0] in {"the", "la", "le", "les", "der", "die", "das", "el", "il"}:
        variants.append(words[1:])
    while variants[-1] and variants[-1][-1] in _LEGAL_FORMS:
        variants.append(variants[-1][:-1])
    forms: set[str] = set()
    for v in variants:
        forms.add("".join(w for w in v if w != "&"))
        forms.add("".join("and" if w == "&" else w for w in v))
        forms.add("".join(w for w in v if w not in _JOINERS))
        letters = [w for w in v if w.isalpha()]
        if len(letters) >= 2:
            forms.add("".join(w[0] for w in letters))
            forms.add("".join(w[0] for w in letters if w not in _JOINERS))
    return {f for f in forms if f}


def agrees_with_domain(name: str, email_or_domain: str) -> bool:
    """True when ``name`` is what the sender's domain spells, in full, cut short ("nationalaudubonsocie" for
    "National Audubon Society"), or as its initials of three letters or more ("nwf" for "National Wildlife
    Federation")."""
    host = domain_name_part(email_or_domain)
    if len(host) < 3:
        return False
    for form in _compact_forms(name):
        if form == host:
            return True
        if len(host) >= 8 and form.startswith(host):  # the domain cut the name short
            return True
    return False


# ---------------------------------------------------------------------------------------- the subject
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|tr|rv|sv|vs|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
_SUBJECT_SPLIT = re.compile(r"\s+[-–—|]\s+")
#: what a subject's part says about the message, not who sent it ("Comments", "Response", "Our submission")
_ABOUT_MESSAGE = re.compile(r"^(?:(?:our|my|a|the|formal|final|full|consultation|joint|written)\s+)*"
                            r"(?:comments?|response|reply|submission|representations?|consultation|letter|views|"
                            r"feedback|evidence|objection|support)\b", re.I)
_FROM_IN_SUBJECT = re.compile(r"\b(?:from|by|on behalf of)\s+(?:the\s+)?([A-Z].+)$")


def subject_organisations(subject: str) -> list[str]:
    """The parts of an e-mail's subject that may name the sender's organisation: "Response to consultation:
    NEPA update - Oceana" -> ["Oceana"]; "Re: Rail standards - Acme, Inc. - Comments" -> ["Acme, Inc."];
    "Submission from the Ramblers" -> ["Ramblers"]. Evidence to be confirmed by the domain or the signature."""
    text = _SUBJECT_PREFIX.sub("", " ".join((subject or "").split()))
    parts = [tidy_part(p) for p in _SUBJECT_SPLIT.split(text)]
    out = [p for p in parts[1:] if p and not _ABOUT_MESSAGE.match(p) and len(p.split()) <= 12]
    said = _FROM_IN_SUBJECT.search(parts[0]) if parts else None
    if said:
        out.append(tidy_part(said.group(1)))
    return out
