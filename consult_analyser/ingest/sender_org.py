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
from collections.abc import Callable

from consult_analyser.label_words import (
    JOB_WORDS,
    LEGAL_FORMS,
    NAME_JOINERS,
    is_legal_form,
    names_no_body,
    plain_words,
    tidy_part,
)

__all__ = ["split_signature_line", "agrees_with_domain", "domain_name_part", "subject_organisations",
           "one_line_signature", "TITLE_TAIL", "NO_BODY_IN_BRACKETS"]

#: the separators of a signature line's parts that no organisation's name holds (one left at the line's end by a
#: signature wrapped onto two lines: "Jo Bloggs | Head of Policy | Public Interest Research Group |")
_STRONG = re.compile(r"\s[-–—|•·]\s|\s[|•·]\s*$|^\s*[|•·]\s|\t|\s{3,}")
#: the separators of a signature written on one line: "Jo Bloggs | Vice President | Acme Trust | Tel: ...",
#: "Jo Bloggs • Policy Officer • Acme Trust", "Jo Bloggs - Director - Acme Trust"
_ONE_LINE = re.compile(r"\s+[|•·]\s*|\s*[|•·]\s+|\s[-–—]\s")
_ONE_LINE_PART_WORDS = 14

#: a title's tail after a body's name: "Cisco Systems, Inc. Comments", "CrowdStrike Comment on Safe and Responsible
#: AI", "ISA Submission to the Department of ...", "Acme - Response to the discussion paper"
TITLE_TAIL = re.compile(r"(?:\s*[-–—:|])?\s+(?:(?:our|a|the|formal|joint|written)\s+)?(?:(?:comments?|submission|"
                         r"representations?)(?:\s+(?:on|to|for|regarding|re|in response to)\b.*)?|response\s+(?:on|to|for)"
                         r"\b.*)$", re.I)
#: what a sender's display name holds in brackets that is no body: pronouns, "External", "Guest", "via ..."
NO_BODY_IN_BRACKETS = re.compile(r"^(?:external|guest|personal|private|home|work|mobile|retired|contractor|"
                                  r"consultant|volunteer|member|via\b.*|.*/.*)$", re.I)


def one_line_signature(lines: list[str]) -> list[str]:
    """``lines`` with a signature written on one line split into a line per part ("Beatrice Quintero | Vice
    President, Government Affairs | Center For Biological Diversity | Tel: 916-555-0147" is four lines, as a
    signature stacks them): a line of three parts or more ("|", "•", "·", " - "), or of two with "|" or "•", each
    short and none a sentence. Other lines are kept as they are."""
    out: list[str] = []
    for line in lines:
        parts = [p.strip() for p in _ONE_LINE.split(line)]
        parts = [p for p in parts if p]
        bar = bool(re.search(r"[|•·]", line))
        if (len(parts) >= 3 or bar and len(parts) >= 2 or bar and len(parts) == 1 and parts[0] != line.strip()) \
                and all(len(p.split()) <= _ONE_LINE_PART_WORDS and not re.search(r"[.!?]\s+\S", p) for p in parts):
            out.extend(parts)
        else:
            out.append(line)
    return out


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
    plain = plain_words(name)
    words = re.findall(r"[a-z0-9]+|&", plain)
    variants = [words]
    if words and words[0] in {"the", "la", "le", "les", "der", "die", "das", "el", "il"}:
        variants.append(words[1:])
    while variants[-1] and variants[-1][-1] in LEGAL_FORMS:
        variants.append(variants[-1][:-1])
    forms: set[str] = set()
    for v in variants:
        forms.add("".join(w for w in v if w != "&"))
        forms.add("".join("and" if w == "&" else w for w in v))
        forms.add("".join(w for w in v if w not in NAME_JOINERS))
        letters = [w for w in v if w.isalpha()]
        if len(letters) >= 2:
            forms.add("".join(w[0] for w in letters))
            forms.add("".join(w[0] for w in letters if w not in NAME_JOINERS))
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
