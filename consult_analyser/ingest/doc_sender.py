"""Who sent a letter: a modest guess at name, organisation and e-mail from the text itself.

Letters and e-mails that arrive as documents rarely carry structured sender data. Three
generic clues are read, strongest first:

* a header line at the top ("From: Jane Smith <jane@example.org>", "Sent by: ..."), as in
  e-mails saved or printed from Outlook;
* the signature block after a closing ("Yours sincerely," / "Kind regards,"): the next line
  that looks like a person's name, then lines naming an organisation ("Head of Policy,
  Anytown Borough Council");
* "on behalf of <Organisation>" (or "this response is from <Organisation>") in the body, and any
  e-mail address in the signature;
* a letterhead: a first line naming an organisation ("Kettlewick Mosque and Community Centre"),
  and a name over a job title and organisation at the end of a letter with no closing line;
* for an e-mail, a signature line or the subject's sender part ("... - Oceana") that the sender's own
  domain spells (:func:`confirmed_organisation`); the domain alone names nothing.

A job title, a department ("Vice President, Government Affairs") or a legal form alone ("Inc") is never
the organisation, and a legal form after a comma stays with its name ("Reliable Wholesale Lumber, Inc."):
see :mod:`consult_analyser.ingest.sender_org`.

Anything doubtful is left empty: the analyst can fill it in, and a wrong confident guess is
worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses

from consult_analyser.ingest.sender_org import (
    NO_BODY_IN_BRACKETS,
    TITLE_TAIL,
    agrees_with_domain,
    one_line_signature,
    split_signature_line,
    subject_organisations,
)
from consult_analyser.label_words import (
    JOB_WORDS,
    ends_in_legal_form,
    is_department,
    is_legal_form,
    is_post,
    names_no_body,
    tidy_part,
)
from consult_analyser.letter_text import forwarded_message, is_sign_off
from consult_analyser.parsed import ParsedDocument

__all__ = ["SenderGuess", "guess_sender", "has_email_headers", "looks_like_person_name",
           "organisation_in", "fill_from_attachments", "forwarded_sender", "EMAIL_RE",
           "confirmed_organisation", "signature_lines", "display_name_parts", "without_title"]

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")

_HEADER = re.compile(r"^\s*(?:from|sent by|sender)\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)
_OUTLOOK_FIELDS = re.compile(r"^\s*(from|sent|date|to|subject|cc)\s*:", re.I)
_CLOSING = re.compile(
    r"^\s*(?:yours\s+(?:sincerely|faithfully|truly|respectfully)|sincerely(?:\s+yours)?|"
    r"(?:with\s+)?(?:kind(?:est)?|best|warm(?:est)?|many)?\s*regards|(?:with\s+)?best\s+wishes|"
    r"all\s+the\s+best|many\s+thanks|thanks(?:\s+again)?|thank\s+you|respectfully|cheers"
    r"|yn\s+gywir|yn\s+ddiffuant|cofion(?:\s+(?:cynnes|gorau))?|gyda\s+(?:diolch|dymuniadau\s+gorau))"  # Welsh
    r"\s*[,.!]?\s*$",
    re.I,
)
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir|Dame|Lord|Lady|Rev|Revd|Reverend)\.?"
_TITLE_RE = re.compile(rf"^{_TITLES}$", re.I)
_POSTNOMINAL = re.compile(r"^(?:[A-Z]{2,5}|\(?Hons?\)?|Jr\.?|Sr\.?|[IVX]{1,4})$")
_PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "bin", "binti", "al", "el",
              "la", "le", "ap", "ab", "o'", "st"}
#: a word of a person's name, in any alphabet's letters ("Côté", "Sørensen", "O'Neill", "J."); capitalised
_NAME_WORD = re.compile(r"^(?=[^\W\d_])[^\W\d_'’\-][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*[-'’]?\.?$")

# Words that make a phrase an organisation rather than a person (whole words, any case).
ORG_WORDS = (
    "council", "borough", "county", "authority", "authorities", "ltd", "limited", "plc", "llp", "llc", "inc",
    "cic", "association", "society", "trust", "foundation", "charity", "institute", "institution",
    "university", "college", "school", "academy", "federation", "union", "alliance", "network", "forum",
    "partnership", "group", "coalition", "campaign", "company", "corporation", "board", "agency",
    "department", "ministry", "commission", "committee", "centre", "center", "nhs", "club", "chamber",
    "consortium", "confederation", "organisation", "organization", "services", "cooperative",
    "co-operative", "housing", "church", "parish", "hospital", "museum", "library", "police", "office",
    # places and bodies of faith ("CATHOLIC DIOCESE OF SOUTHWARK" over a letter was read as a person's name)
    "diocese", "diocesan", "mosque", "masjid", "gurdwara", "synagogue", "temple", "mandir", "cathedral",
    "congregation", "chaplaincy", "interfaith", "churches",
    "ombudsman", "commissioner", "collective", "fund", "bank", "industries", "party", "team", "management",
    "partners", "consulting", "consultancy", "solutions", "technologies", "systems", "holdings", "ventures",
    "investments", "capital", "community transport",
    # Welsh: Cyf./Cyfyngedig (Ltd), CCC (plc), Cwmni Buddiant Cymunedol (CIC), and the words of Welsh bodies'
    # names, their mutated forms among them ("Trafnidiaeth Gymunedol ...", "Cyngor Tref ...", "... Gymdeithas")
    "cyf", "cyfyngedig", "ccc", "cwmni", "gwmni", "cyngor", "gyngor", "cymdeithas", "gymdeithas", "ymddiriedolaeth",
    "elusen", "cymunedol", "gymunedol", "menter", "fenter", "canolfan", "prifysgol", "coleg", "ysgol", "undeb",
    "partneriaeth", "fforwm", "pwyllgor", "bwrdd", "awdurdod", "grŵp", "grwp", "eglwys",
    "gwasanaethau", "llywodraeth",
    # the main European languages' words for a body ("Association québécoise pour ...", "Bundesverband ... e.V.",
    # "Fundación ...", "Associazione ...", "Stichting ..."); German's compounds by their endings (below)
    "verband", "verein", "vereinigung", "stiftung", "gesellschaft", "gewerkschaft", "kammer", "genossenschaft",
    "ministerium", "behörde", "institut", "fédération", "federation", "fondation", "syndicat", "collectif",
    "coopérative", "mutuelle", "ministère", "université", "conseil", "comité", "groupement", "regroupement",
    "asociación", "fundación", "federación", "sindicato", "confederación", "cooperativa", "universidad",
    "ayuntamiento", "associazione", "fondazione", "federazione", "consorzio", "università", "comune",
    "vereniging", "stichting", "federatie", "gemeente", "associação", "fundação", "federação", "universidade",
)
#: words that name a body only where its name opens with them ("Capel Bethel", "Clwb Rygbi Bala"): they are
#: surnames too ("Rhian Capel", "Eleri Clwb-Davies", whose names a trial's annex published as organisations)
LEADING_ORG_WORDS = ("capel", "clwb")
_ORG_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ORG_WORDS) + r")\b"
                     r"|^\s*(?:" + "|".join(LEADING_ORG_WORDS) + r")\s+(?!-)"
                     # German compounds: "Bundesverband", "Landesverein", "Naturschutzgesellschaft", "Ärztekammer"
                     r"|\b\w{3,}(?:verband|verein|vereinigung|stiftung|gesellschaft|gewerkschaft|kammer|genossenschaft"
                     r"|ministerium|behörde)\b", re.I)
#: the words of a job title (English, Welsh and the main European languages): see :mod:`sender_org`
_JOB_WORDS = JOB_WORDS
_ON_BEHALF = re.compile(
    r"\b(?:on behalf of|in my capacity as [^.,\n]{1,60}? (?:of|at)|responding for"
    r"|(?P<from>(?:this|our|the) (?:response|submission|reply) (?:is )?from))\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w'’&.\-]*(?:[ \t]+(?:of|for|and|&|the|in|on|[A-Z][\w'’&.\-]*|\([A-Z]+\)))*)"
)
_JOINERS_AT_END = re.compile(r"(?:[ \t]+(?:of|for|and|&|the|in|on))+$", re.I)


@dataclass
class SenderGuess:
    name: str = ""
    organisation: str = ""
    email: str = ""
    source: str = ""  # "header", "signature", "text", "letterhead" or "" when nothing was found


def _names_something(segment: str) -> bool:
    """Two to eight capitalised words (small joining words allowed), no digits, no address: the
    shape of a name, as an organisation's name without an organisation word has it ("Fenmoor
    Refugee Welcome", "Youth Voice Kettlewick")."""
    words = segment.split()
    if not 2 <= len(words) <= 8 or EMAIL_RE.search(segment) or any(c.isdigit() for c in segment):
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL_WORDS or is_legal_form(w) for w in words)  # "... e.V."


#: small words inside an organisation's name, in the main European languages ("Fédération des Vignerons de Loire")
_SMALL_WORDS = {"of", "for", "and", "&", "the", "in", "on", "at", "de", "du", "des", "la", "le", "les", "et", "à",
                "der", "die", "das", "und", "für", "von", "zu", "y", "del", "el", "los", "las", "e", "di", "della",
                "dei", "delle", "per", "van", "het", "en", "voor"}


def organisation_in(line: str) -> str:
    """The part of a signature line that names an organisation, or "": one with an organisation
    word, or the name after a job title ("Policy Officer, Fenmoor Refugee Welcome"). A job title, a
    department ("Vice President, Government Affairs") or a legal form alone is none; a legal form after a
    comma goes with the name before it ("Reliable Wholesale Lumber, Inc.")."""
    segments = [t for s in split_signature_line(line, looks_like_person_name) if (t := tidy_part(s))]
    for first, second in zip(segments, segments[1:], strict=False):
        if _JOB_WORDS.search(first) and not _ORG_RE.search(_JOB_WORDS.sub(" ", first).replace("Parish", " ")
                                                               .replace("parish", " ")) \
                and _names_something(second) and not _JOB_WORDS.search(second) and not names_no_body(second):
            return second  # (a name after a job title is the employer's, even one shaped like a person's:
            # "Parish Priest, Batley Interfaith Forum" too)
    for segment in segments:
        if not segment[:1].isalpha():
            continue  # "9 Prime Minister's Office ..." is a footnote, not a signature line
        if _a_post(segment) or names_no_body(segment):
            continue  # "Diocesan Secretary", "Parish Priest", "Council Leader", "Legal Department": a post or a
            # department, its body named elsewhere
        if (_ORG_RE.search(segment) or ends_in_legal_form(segment)) and not EMAIL_RE.search(segment) \
                and not re.search(r"\d{3}", segment):
            segment = _listed_before(segment, segments, line)  # "Media, Entertainment & Arts Alliance" whole
            # "Policy Officer at the Anytown Trust" -> "Anytown Trust"
            at = re.search(r"\b(?:at|of|for|to)\s+(?:the\s+)?([A-Z].*)$", segment)  # "Clerk to ... Parish Council"
            if at and _JOB_WORDS.search(segment[: at.start()]) and _ORG_RE.search(at.group(1)):
                if len(at.group(1).split()) == 1:
                    return ""  # "Clerk to the Council": the body the letterhead names, not one called "Council"
                return at.group(1).strip()
            return segment
    return ""


def _listed_before(segment: str, segments: list[str], line: str) -> str:
    """``segment`` with the word or two a comma put before it when the two are one name listing its fields
    ("Media, Entertainment & Arts Alliance"): the segment joins its last fields with "&" or "and", and the word
    before is capitalised, no post, person or organisation's name of its own."""
    index = segments.index(segment)
    before = segments[index - 1] if index else ""
    joined = f"{before}, {segment}"
    if before and joined in line and re.search(r"\s(?:&|and)\s", segment) and len(before.split()) <= 2 \
            and before[:1].isupper() and not _ORG_RE.search(before) and not _JOB_WORDS.search(before) \
            and not looks_like_person_name(before) and not is_legal_form(before):
        return joined
    return segment


def _a_post(segment: str) -> bool:
    """A job title with at most one word that says where ("Diocesan Secretary", "Parish Priest")."""
    if not _JOB_WORDS.search(segment):
        return False
    rest = [w for w in _JOB_WORDS.sub(" ", segment).split() if w.lower() not in {"of", "the", "to", "for", "and", "&"}]
    return len(rest) <= 1


def looks_like_person_name(line: str) -> bool:
    """2-5 capitalised words (titles, initials, particles and post-nominals allowed), no digits,
    no organisation words."""
    line = line.strip().rstrip(",.")
    if not line or len(line) > 60 or any(ch.isdigit() for ch in line) or "@" in line:
        return False
    if _ORG_RE.search(line) or _JOB_WORDS.search(line):
        return False
    words = line.split()
    while words and _TITLE_RE.match(words[0]):
        words = words[1:]
    while len(words) > 1 and _POSTNOMINAL.match(words[-1].strip(",")):
        words = words[:-1]
    if not 1 <= len(words) <= 4:
        return False
    if len(words) == 1 and line.split()[0] == words[0]:
        return False  # a lone word ("Thanks", "Jane") is too weak without a title
    if line.isupper():  # "JANE SMITH"
        return len(words) >= 2 and all(w.replace("-", "").replace("'", "").isalpha() for w in words)
    return all((w[:1].isupper() and _NAME_WORD.match(w)) or w.lower() in _PARTICLES for w in words)


def has_email_headers(text: str) -> bool:
    """True when the text starts with an e-mail header block (From:/Sent:/To:/Subject: lines)."""
    fields = set()
    for line in text.lstrip().split("\n")[:12]:
        match = _OUTLOOK_FIELDS.match(line)
        if match:
            fields.add(match.group(1).lower())
    return "from" in fields and len(fields) >= 3


def _from_header(text: str) -> SenderGuess | None:
    head = "\n".join(text.split("\n")[:40])
    match = _HEADER.search(head)
    if not match:
        return None
    value = match.group("value")
    addresses = getaddresses([value])
    name, email = addresses[0] if addresses else ("", "")
    if not email or "@" not in email:
        found = EMAIL_RE.search(value)
        email = found.group(0) if found else ""
        name = EMAIL_RE.sub("", value).strip(" <>[]()\"'")
    name = name.strip(" \"'")
    guess = SenderGuess(email=email.lower(), source="header")
    if looks_like_person_name(name):
        guess.name = name
    elif _ORG_RE.search(name):
        guess.organisation = name
    return guess


def _closes(line: str) -> bool:
    """A sign-off line, in English, Welsh or the main European languages ("Respectfully submitted,", "Mit
    freundlichen Grüßen", French's "Veuillez agréer ... salutations distinguées.")."""
    return bool(_CLOSING.match(line)) or is_sign_off(line.strip())


#: a signature's line naming a body at length ("State Of Connecticut Department Of Emergency Services And Public
#: Protection/Division Of ..."): capitalised words, no sentence
_LONG_NAME_WORDS = 30


def _long_name(line: str) -> bool:
    """A line longer than a signature's that names a body: an organisation word, capitalised words, no sentence."""
    words = line.split()
    return len(words) <= _LONG_NAME_WORDS and not line.endswith((".", "!", "?", ":")) and bool(_ORG_RE.search(line)) \
        and not EMAIL_RE.search(line) and sum(1 for w in words if w[:1].isupper() or w.lower() in _SMALL_WORDS) \
        >= 0.9 * len(words)


def _from_signature(lines: list[str]) -> SenderGuess | None:
    closing = None
    for index in range(len(lines) - 1, max(-1, len(lines) - 60), -1):
        if _closes(lines[index]):
            closing = index
            break
    if closing is None:
        return None
    guess = SenderGuess(source="signature")
    blanks = 0
    taken = 0
    after_job = False  # the line before was a job title alone ("President"): an organisation may follow
    for line in lines[closing + 1 : closing + 9]:
        stripped = line.strip()
        if not stripped:
            blanks += 1
            if taken and blanks >= 1 or blanks > 2:
                break
            continue
        if len(stripped) > 80 and not _long_name(stripped) or stripped.endswith(":") or taken >= 6:
            break  # a paragraph or a heading: the signature has ended
        blanks = 0
        taken += 1
        if re.fullmatch(r"[\[(]?(?:signed|signature)[\])]?", stripped, re.I):
            continue
        if not guess.email:
            email = EMAIL_RE.search(stripped)
            if email:
                guess.email = email.group(0).lower()
                continue
        if not guess.name and not guess.organisation and looks_like_person_name(stripped):
            guess.name = stripped.rstrip(",.")
            continue
        if not guess.organisation:
            behalf = _ON_BEHALF.search(stripped)
            guess.organisation = _clean_org(behalf.group("org")) if behalf else organisation_in(stripped)
            named = tidy_part(_TITLE_AFTER.sub("", stripped))  # "The City of Alexandria - Comment"
            if not guess.organisation and after_job and _names_something(named) \
                    and not _JOB_WORDS.search(named) and not names_no_body(named) \
                    and not _a_persons_name(named, guess.name, ""):  # "Congressman Mike Johnson": a person
                guess.organisation = named
        # a job title ("President"), or its department under it ("Government Affairs"): an organisation may follow
        after_job = (bool(_JOB_WORDS.search(stripped)) and not _ORG_RE.search(stripped) and len(stripped.split()) <= 6
                     or after_job and is_department(stripped))
    return guess if (guess.name or guess.organisation or guess.email) else None


def _unsigned_signature(lines: list[str]) -> SenderGuess | None:
    """A letter that ends without "Yours sincerely": a name over a job title with its
    organisation among its last lines ("Rashid Example\nChief Executive, Dunmore Vale Community
    Foundation")."""
    tail = [line.strip() for line in lines[-10:] if line.strip()]
    for index in range(len(tail) - 1, 0, -1):
        line = tail[index]
        if len(line) > 100 or line.endswith((".", "!", "?")) or not _JOB_WORDS.search(line) \
                or not looks_like_person_name(tail[index - 1]):
            continue  # a signature line sits under a name and ends no sentence
        organisation = organisation_in(line)
        if not organisation and is_post(line):  # "Directrice générale" / "Association québécoise pour ..."
            under = [t for t in tail[index + 1:index + 3] if not is_department(t)][:1]
            organisation = next((organisation_in(t) or (t if _names_something(t) and not names_no_body(t)
                                                        and not looks_like_person_name(t) else "")
                                 for t in under), "")
        if organisation:
            return SenderGuess(name=tail[index - 1].rstrip(",."), organisation=organisation, source="signature")
    return None


#: a salutation or a heading cannot be a letterhead's organisation
_NOT_LETTERHEAD = re.compile(r"^\s*(?:dear|hi|hello|to|re|subject|response|consultation|submission|our ref|your ref)\b",
                             re.I)


#: the line under a letterhead's name that says it is a registered body
_REGISTERED = re.compile(r"^(?:a )?(?:registered (?:charity|company|society|in (?:england|scotland|wales|northern ireland))"
                         r"|(?:charity|company|scottish charity|charitable incorporated organisation|cio) (?:no|number|reg)"
                         r"|incorporated (?:charity|company|society))\b", re.I)


#: what follows the sender's name on a letter's title line: "Powys County Council - Response to the ..."
_TITLE_AFTER = re.compile(r"\s+[-–—:|]\s+(?:(?:our|a|the|formal|consultation)\s+)?(?:response|submission|comments?|"
                          r"representations?|ymateb|sylwadau)\b.*$", re.I)


def _letterhead(lines: list[str]) -> str:
    """The organisation a letter's first line names ("Kettlewick Mosque and Community Centre",
    "Northvale Metropolitan Borough Council"), or ""."""
    top = [line.strip() for line in lines[:6] if line.strip()]
    first = _TITLE_AFTER.sub("", top[0]) if top else ""  # "Powys County Council - Response to the ... consultation"
    if not first or len(first.split()) > 8 or _NOT_LETTERHEAD.match(first) or TITLE_TAIL.search(first):
        # (a letter's title, "Cisco Systems, Inc. Comments", "ISA SUBMISSION TO DEPARTMENT OF ...": no letterhead)
        return ""
    if len(top) > 1 and _REGISTERED.match(top[1]) and not any(c.isdigit() for c in first) \
            and not EMAIL_RE.search(first):
        return first.rstrip(",.")  # "DebtFree Futures" over "Registered charity no. 1234567"
    if looks_like_person_name(first):
        return ""
    if any(c.isdigit() for c in first) or EMAIL_RE.search(first) or not _ORG_RE.search(first):
        return ""
    return first.rstrip(",.") if _names_something(first) else ""


#: what follows an organisation's name in "on behalf of Ashbridge Canal Estates on Policy TC1 and Site SA07.
#: We ...": the sentence's end, and what the representation is about (a plan's codes)
_SENTENCE_END = re.compile(r"\.[ \t]+(?=[A-Z])")
_ABOUT_CODES = re.compile(r"[ \t]+(?:on|regarding|about|re)[ \t]+.*\b[A-Z]{1,4}\d.*$")


def _clean_org(org: str) -> str:
    org = _SENTENCE_END.split(org, maxsplit=1)[0]
    return _JOINERS_AT_END.sub("", _ABOUT_CODES.sub("", org).strip(" .,;"))


def guess_sender(text: str) -> SenderGuess:
    """Guess the sender of a letter or saved e-mail from its text (empty fields when unsure)."""
    lines = one_line_signature(text.split("\n"))  # "Name | Post | Organisation | Tel: ...": a line each
    guess = _from_header(text) or SenderGuess()
    signature = _from_signature(lines) or _unsigned_signature(lines)
    if signature:
        guess.name = guess.name or signature.name
        guess.organisation = guess.organisation or signature.organisation
        guess.email = guess.email or signature.email
        guess.source = guess.source or signature.source
    if not guess.organisation:
        behalf = _ON_BEHALF.search(text[:5000])
        # "this response is from X" names a person as often as an organisation: X must say it is one,
        # or the words after it ("Youth Voice Kettlewick, a youth-led charity")
        said = behalf is not None and (not behalf.group("from") or bool(_ORG_RE.search(
            text[behalf.start("org"):behalf.end("org") + 60].split(".")[0])))
        if behalf and said and not _TITLE_RE.match(behalf.group("org").split()[0]):
            guess.organisation = _clean_org(behalf.group("org"))
            guess.source = guess.source or "text"
    if not has_email_headers(text) and not _ORG_RE.search(guess.organisation):
        # a letterhead that says it is a body ("Bws Eryri Cyf", "Trafnidiaeth Gymunedol Dyffryn Teifi", over
        # "Registered charity no."): the sender's organisation, over a signature's line that only has the
        # shape of a name ("Head of Highways, Transport and Recycling")
        letterhead = _letterhead(lines)
        if letterhead and (not guess.organisation or _ORG_RE.search(letterhead)):
            guess.organisation = letterhead
            guess.source = guess.source or "letterhead"
    guess.organisation = without_title(guess.organisation) if guess.organisation else ""
    if not guess.email:
        tail = "\n".join(lines[-15:])
        found = EMAIL_RE.search(tail)
        if found:
            guess.email = found.group(0).lower()
            guess.source = guess.source or "text"
    return guess


def forwarded_sender(body: str) -> SenderGuess | None:
    """The writer of the letter a body forwards under a short note ("Forwarding a response that came into our
    inbox"; Gmail, Outlook and Apple Mail forms: :func:`~consult_analyser.letter_text.forwarded_message`): the
    forwarded header block's "From:" (its RFC 2047 names decoded) and the letter's signature. None when the body
    forwards nothing, or says more than a note above it (then the forwarder is the writer). A name the header
    gives that is not person-shaped to :func:`looks_like_person_name` ("Kevin Sørensen" once was) is still the
    writer's, as the From header's display name is, unless it names an organisation."""
    found = forwarded_message(body)
    if found is None:
        return None
    block = "\n".join(f"{name.capitalize()}: {value}" for name, value in found.headers.items())
    header = _from_header(f"{block}\n\n{body[found.start:]}")
    if header is None or not (header.name or header.email):
        return None
    header.organisation = header.organisation or guess_sender(body[found.start:]).organisation
    if not header.name:
        name = getaddresses([found.headers.get("from", "")])[0][0].strip(" \"'")
        if name and "@" not in name and not any(ch.isdigit() for ch in name) and len(name.split()) <= 5:
            if organisation_in(name) and not looks_like_person_name(name):
                header.organisation = header.organisation or organisation_in(name)
            else:
                header.name = name
    return header


def fill_from_attachments(document: ParsedDocument) -> None:
    """An e-mail whose body is a covering note ("Response attached.") leaves the sender's
    organisation to its attachments' letterhead or signature: the first one found fills it (and
    the sender's name, if the body gave none). Still none, a name the sender's own domain spells is
    taken from a signature line or the subject (:func:`confirmed_organisation`)."""
    respondent = document.respondent
    for attachment in document.attachments:
        if respondent.organisation and respondent.name:
            break
        guess = guess_sender(attachment.text)
        if not respondent.organisation and guess.organisation:
            respondent.organisation = guess.organisation
        if not respondent.name and guess.name:
            respondent.name = guess.name
    if not respondent.organisation:
        respondent.organisation = confirmed_organisation(
            [document.text, *(a.text for a in document.attachments)], respondent.email,
            respondent.metadata.get("subject", ""), respondent.name)


#: a line a reply quotes, and the line that introduces the quote ("On Tue, 25 Feb 2020, X wrote:")
_QUOTED = re.compile(r"^\s*>|^\s*on\b.{5,200}\bwrote:\s*$", re.I)


def signature_lines(text: str) -> list[str]:
    """The short lines that close a letter or an e-mail, quoted replies left out: up to 8 after the last
    closing ("Kind regards,"), else its last 6."""
    lines = [line.strip() for line in one_line_signature((text or "").split("\n"))
             if line.strip() and not _QUOTED.match(line)]
    closing = next((i for i in range(len(lines) - 1, max(-1, len(lines) - 60), -1) if _closes(lines[i])), None)
    tail = lines[closing + 1: closing + 9] if closing is not None else lines[-6:]
    return [line for line in tail if len(line) <= 100 and not line.endswith(("!", "?", ":"))
            and not (line.endswith(".") and len(line.split()) > 4)]


#: a title that makes a name a person's ("Congressman Mike Johnson", "Senator Ann Lee", "Dr Ana Ruiz")
_PERSON_TITLE = re.compile(rf"^(?:{_TITLES}|congress(?:man|woman|member)|senator|sen\.?|rep\.?|representative|"
                           r"governor|gov\.?|assembly(?:man|woman|member)|alder(?:man|woman)|judge|justice|hon\.?)\s", re.I)


def _a_persons_name(part: str, person: str, address: str) -> bool:
    """A name shaped as a person's that is one: with a title in front, or sharing a word with the sender's
    name or their address ("Jane Smith" at "jane@janesmith.net"). "Oxfam America", shaped as a person's name,
    is not one."""
    titled = _PERSON_TITLE.match(part)
    if titled:  # "Councillor Mark Fenwick"
        return looks_like_person_name(part[titled.end():])
    if not looks_like_person_name(part):
        return False
    own = {w for w in re.split(r"[\W_]+", f"{person} {address.split('@')[0]}".casefold()) if len(w) > 1}
    return any(w in own for w in re.split(r"\W+", part.casefold()) if len(w) > 1)


def _could_name_a_body(part: str, person: str, address: str) -> bool:
    """A part of a signature line or subject that may be an organisation's name: no person's, no post, no
    address, telephone number or e-mail address."""
    words = part.split()
    return bool(words) and len(words) <= 12 and part[:1].isalnum() and not EMAIL_RE.search(part) \
        and not re.search(r"\d{3}|https?:|www\.", part, re.I) and not _a_persons_name(part, person, address) \
        and not names_no_body(part) and part.casefold() != person.casefold() and not _closes(part)


def confirmed_organisation(texts: list[str], address: str, subject: str = "", person: str = "") -> str:
    """The sender's organisation as two pieces of evidence agree on it, or "": a signature line (its part after
    a job title) or the subject's sender part ("... - Oceana") that the sender's own domain spells
    ("patricia.delgado@oceana.org"), or a subject's part that a signature line repeats. ``texts``: the body and
    the attachments' texts; ``person``: the sender's name, never taken for an organisation. The domain alone,
    or a free-mail one, names nothing."""
    lines = [part for text in texts for line in signature_lines(text)
             for part in split_signature_line(_TITLE_AFTER.sub("", line), looks_like_person_name)]
    signed = [without_title(p) for p in lines if _could_name_a_body(tidy_part(p), person, address)]
    said = [tidy_part(p) for p in subject_organisations(subject)
            if _could_name_a_body(tidy_part(p), person, address)]
    for candidate in [*signed, *said]:
        if address and agrees_with_domain(candidate, address):
            return candidate
    keys = {re.sub(r"\W+", "", s.casefold()) for s in signed}
    return next((s for s in said if re.sub(r"\W+", "", s.casefold()) in keys), "")


def without_title(name: str) -> str:
    """``name`` less a title's tail ("Cisco Systems, Inc. Comments" -> "Cisco Systems, Inc."), a titled person's
    name in brackets at its end and empty brackets ("Data Synergies (Prof Jo Bloggs)", "Data Synergies ( )")."""
    name = TITLE_TAIL.sub("", " ".join(name.split()))
    titled = re.search(r"\s*[(\[]([^()\[\]]*)[)\]]$", name)  # "Data Synergies (Prof Peter Leonard)": a person's
    if titled and _a_persons_name(titled.group(1).strip(), "", ""):
        name = name[:titled.start()]
    return tidy_part(re.sub(r"\s*[(\[]\s*[)\]]", "", name))


def _named_in(name: str, text: str) -> bool:
    """Whether the message's signature repeats ``name`` on a line or a line's part, or a line of its first ones opens
    with it ("Medicines Australia submission to ...")."""
    key = name.casefold()
    if any(key == tidy_part(part).casefold() for line in signature_lines(text) for part in split_signature_line(line)):
        return True
    return bool(re.search(rf"(?m)^[ \t]*{re.escape(name)}\b", "\n".join(text.split("\n")[:12])))


def _bracketed_body(inside: str, person: str, address: str, text: str) -> str:
    """The organisation a display name gives in brackets after a person's ("Mei Example (Anytown Arts
    Association)"), or "": one with an organisation word or legal form; a capitalised name of no person's shape
    ("Visa", "Commercial Radio & Audio"); a person-shaped one ("Medicines Australia") when the sender's domain or
    the message repeats it. Never a post, a department, pronouns or "External"."""
    inside = without_title(inside)
    if not inside or NO_BODY_IN_BRACKETS.match(inside) or not _could_name_a_body(inside, person, address):
        return ""
    found = organisation_in(inside)
    if found:
        return found
    if looks_like_person_name(inside):
        return inside if agrees_with_domain(inside, address) or _named_in(inside, text) else ""
    return inside if inside[:1].isupper() and (len(inside.split()) == 1 or _names_something(inside)) else ""


def display_name_parts(name: str, address: str = "", text: str = "") -> tuple[str, str]:
    """A sender's display name as (person's name, organisation): Outlook's "Mei Example (Anytown Arts
    Association)" (the brackets' body: :func:`_bracketed_body`), "Jo Bloggs | Anytown Trust", "Anytown Trust - Jo
    Bloggs", "Jo Bloggs, Policy Officer, Anytown Trust"; ("", name) for an organisation's name ("Anytown Trust", or
    "Complexico" that the sender's domain spells and the message repeats); (name, "") otherwise. ``text``: the
    message's body, which may confirm a name."""
    name = " ".join((name or "").split()).strip(" \"'")
    start = name.find("(")
    if start > 0 and name[start:].strip("() ").replace(".", "") == "".join(w[:1] for w in name[:start].split()):
        return "", name  # "Special Broadcasting Service (SBS)": a body and its initials
    if start > 0 and looks_like_person_name(name[:start]):
        person, inside = name[:start].strip(), name[start + 1:].strip()
        if inside.endswith(")") and inside.count("(") < inside.count(")"):
            inside = inside[:-1]
        return person, _bracketed_body(inside, person, address, text)
    parts = [p for p in (tidy_part(s) for s in split_signature_line(name, looks_like_person_name)) if p]
    people = [i for i, p in enumerate(parts) if looks_like_person_name(p)]
    if len(parts) >= 2 and len(people) == 1 and people[0] in (0, len(parts) - 1):
        rest = ", ".join(p for i, p in enumerate(parts) if i != people[0])
        found = organisation_in(without_title(rest))
        if found:
            return parts[people[0]], found
    if not name or looks_like_person_name(name):
        return name, ""
    found = organisation_in(without_title(name))
    if found:
        return "", found
    if agrees_with_domain(name, address) and _named_in(name, text):
        return "", name
    return name, ""
