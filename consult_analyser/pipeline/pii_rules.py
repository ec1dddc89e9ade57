"""The patterns that find personal data without the recogniser, for :mod:`consult_analyser.pipeline.pii`.

E-mail addresses, UK and international phone numbers, UK postcodes, street addresses (house number
and street name, Welsh street words, an address after its cue, post office boxes), names after a
title ("Mr Patel"), under a letter's closing, signed with a dash or listed as docket systems list
signatories; and, from the sibling modules, identity numbers, social media handles, US and
European data, a CV's or a form's labelled personal fields and what feedback on care holds. :func:`_rule_spans` gives every :class:`Span` they
find in a text (overlapping; :mod:`.pii` merges them). The patterns are tried only where they can
match (a digit for numbers, ``@`` for e-mail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from consult_analyser.pipeline import pii_care, pii_eu, pii_fields, pii_quasi, pii_us
from consult_analyser.pipeline.pii_cues import self_named_spans
from consult_analyser.pipeline.pii_ids import identifier_spans, social_spans
from consult_analyser.pipeline.pii_names import (
    _NOT_LONE_NAMES,
    _ORG_WORDS,
    _PARTICLES,
    _PLACE_WORDS,
    capitalised_throughout,
    is_given_name,
    is_lone_place,
    lone_given_name,
    postnominal_names,
)
from consult_analyser.pipeline.pii_words import (
    _NOT_NAMES,
    UK_POSTCODE,
    _common_words,
    _proper_sets,
    written_in_lower_case,
)

KINDS = ("email", "social", "ni_number", "nhs_number", "driving_licence", "passport", "id_number", "bank", "date_of_death",
         "date_of_birth", "vehicle", "phone", "postcode", "address", "personal", "age", "name")


@dataclass(frozen=True, order=True)
class Span:
    """Personal data at ``text[start:end]`` of the given ``kind`` (one of :data:`KINDS`)."""

    start: int
    end: int
    kind: str


# The top-level domain ends where a capital follows ("...@gov.auDear" in text pulled from PDFs).
# Letters beyond ASCII count in the address ("ciarán.macnamara@example.co.uk"). A capitalised word
# after a lower-case domain is the next sentence ("jan@example.de.Danke"), not a domain, and so is
# a footnote's number glued to it ("rita@mq.edu.au1 About the author").
EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*(?:\.(?:[a-z]{2,}|[A-Z]{2,})|"
    r"(?<!\.[a-z]{2})(?<!\.[a-z]{3})(?<!\.[a-z]{4})\.[A-Z][a-z]+)(?![a-z-])(?![0-9]+[\w-])"
)
# an address written without its dots ("stevenbrennan10@yahoocouk", as typed on a phone in a hurry): a mailbox's
# name, "@" and a word; not a handle ("@DfTgovuk"), which has no name before the "@"
_DOTLESS_EMAIL = re.compile(r"(?<![\w.%+@-])[\w.%+'-]*[A-Za-z][\w.%+'-]*@[A-Za-z][A-Za-z0-9-]{2,}(?![\w@.-])")
# an address written to dodge harvesters, or with spaces about its "@": "john dot smith at gmail dot com",
# "p.raman [at] nhs [dot] net", "kwame(at)outlook(dot)com", "sarah.k @ gmail.com"; it ends in a known top-level domain
_OB_AT = r"(?P<at>[ \t]*[\[({<][ \t]*(?:at|@)[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+|[ \t]+@[ \t]*|@[ \t]+)"
_OB_DOT = r"(?:[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
_OB_TLD = r"(?:com|net|org|edu|gov|info|biz|io|co|uk|au|nz|ca|ie|de|fr|es|it|nl|eu|us|in|me|ac|int)"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@-])(?P<local>[\w%+'-]+(?:{_OB_DOT}[\w%+'-]+)*){_OB_AT}(?P<domain>[\w-]+(?:{_OB_DOT}[\w-]+)*?{_OB_DOT}{_OB_TLD})"
    r"(?![\w@-]|\.\w)", re.I)
_OB_WORDS = re.compile(r"[ \t]dot[ \t]|[\[({<][ \t]*dot", re.I)


def _obfuscated_emails(text: str) -> Iterable[Span]:
    """E-mail addresses written with "at" and "dot" or with spaces about the "@" (see :data:`_OBFUSCATED_EMAIL`).
    After a bare " at " the address must be written as one ("dot" in it, or a dot, a digit or "_" in the mailbox's
    name), and a mailbox of one everyday word is a sentence's verb ("look at bbc dot com")."""
    common = _common_words()
    for match in _OBFUSCATED_EMAIL.finditer(text):
        local, at = match.group("local"), match.group("at").strip().lower()
        if at == "at" and not (_OB_WORDS.search(match.group(0)) or re.search(r"[.\d_]", local)):
            continue
        if at == "at" and " " not in local and _everyday(local.lower(), common):
            continue
        yield Span(match.start(), match.end(), "email")


_PHONE_HEAD_RE = r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\d{2,5}|\(0\d{2,5}\)|0\d{2,5})"  # +44 / (0161) / 020
_PHONE_HEAD = re.compile(_PHONE_HEAD_RE)
# parts separated by spaces, hyphens or dots ("029.2018.5344")
_PHONE_UK = re.compile(rf"(?<![\w+.]){_PHONE_HEAD_RE}(?:[ \t.-]?\d{{2,4}}){{1,4}}(?![\w]|\.\d)")
# a landline with a one-digit area code in brackets or before a space, as New Zealand and Australia write them
# ("(07) 805 9273", "(02) 9876 5432", "09 377 1234")
_PHONE_AREA = re.compile(r"(?<![\w+.(])(?:\(0[2-9]\)[ \t]?|0[2-9][ \t])\d{3,4}[ \t-]?\d{4}(?![\w]|[.,]\d)")
_PHONE_INTL = re.compile(r"(?<![\w+])\+(?!\s?44)\d{1,3}(?:[ \t.-]?\(?\d{1,5}\)?){2,6}(?![\w])")
_DIGIT_RUN = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")

_POSTCODE = re.compile(rf"\b(?:{UK_POSTCODE}|GIR[ \t]?0AA)\b", re.I)

# Street words that rarely end anything else after a number ("Park", "Green", "Hill" and "View"
# do: "2 National Park authorities", "our 10 Year View").
_STREET_TYPES = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Drive|Close|Crescent|Cres|Way|Place|Court|Ct|Gardens|Gdns|"
    "Grove|Terrace|Terr|Mews|Square|Sq|Row|Walk|Rise|Parade|Boulevard|Wharf|Croft|Wynd|Broadway|Embankment|Quay"
)
# Welsh street words come first ("14 Stryd y Capel", "3 Heol y Bryn", "2 Lôn Las")
_WELSH_ADDRESS = re.compile(r"\b\d{1,4}[A-Za-z]?,?[ \t]+(?:Stryd|Heol|Ffordd|Lôn|Lon|Rhodfa|Teras|Cilgant|Maes|Clos|Ffordd)"
                            r"(?:[ \t]+(?:y|yr|'r)?[ \t]*[A-ZÂÊÎÔÛŴŶ][\w'’-]+){1,3}")
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\.?\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?(?:\s?[-–/]\s?\d{1,4}[A-Za-z]?)?,?[ \t]+"
    r"(?:(?!(?:Of|And|For|To|In|On|At|By|With|From|Or)\b)[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+){1,3}"  # not "500 Miles Of Road"
    rf"(?:{_STREET_TYPES})\b"
)
# An address given after its cue, in any case: "my address is 31 chapel street, morley", "I live at 4 ..."
_ADDRESS_CUED = re.compile(r"\b(?:(?:my|our)[ \t]+(?:home[ \t]+|postal[ \t]+)?address[ \t]+is|(?:i|we)[ \t]+(?:live|reside)"
                           r"[ \t]+at|(?:fy|ein)[ \t]+(?:n?gh?yfeiriad)[ \t]+(?:yw|ydy|i[ \t]+yw)|rwy['’]n[ \t]+byw[ \t]+yn)"
                           r"[ \t:,-]*(?P<address>(?:(?!\b(?:and|but|so|which|where|because|since|with|for|"
                           r"near|next|right|just|opposite|behind|close|who|when|while|if|ac|sydd|ger)\b)[^\n.;!?]){4,90})", re.I)  # up to the sentence's next clause
# a post office box, with the town and state or postcode after it ("GPO Box 2013 Canberra ACT 2601")
_PO_BOX = re.compile(r"\b(?:G\.?P\.?O\.?|P\.?O\.?|Post[ \t]+Office)[ \t]*Box[ \t]+\d{1,6}"
                     r"(?:,?[ \t]+[A-Z][\w'’-]*){0,3}(?:,?[ \t]+\d{4,5})?", re.I)
_HOUSE = re.compile(r"(?:flat|apartment|apt|unit)?[ \t]*\d{1,4}[a-z]?\b", re.I)  # "I live at 4 ...", not "at the top"

#: "Sir" is also the first word of a Welsh county's name ("Sir Gaerfyrddin", "Sir Benfro", "Sir y Fflint")
WELSH_COUNTY = (r"(?:y[ \t]+Fflint|Gaerfyrddin|Benfro|Ddinbych|Fynwy|Gâr|Gar|Gaernarfon|Feirionnydd|Drefaldwyn|"
                r"Forgannwg|Frycheiniog|Aberteifi|Faesyfed|Fôn|Fon|Fflint)\b")
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor|Cllr|Councillor|Sir(?![ \t]+" + WELSH_COUNTY + r")|Dame|Rev"
           r"|Revd|Reverend)")
_NAME_PART = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_TITLE_NAME = re.compile(
    rf"(?<![^\W\d_])(?P<title>{_TITLES})\.?[ \t]+(?P<initials>(?:[A-Z]\.?[ \t]*){{0,3}})"
    rf"(?:(?:ap|ab|ferch|verch|van|von|de|du|da|di|del|la|le|bin|ibn|al|el)[ \t]+)?(?P<first>{_NAME_PART})")
_NEXT_NAME_PART = re.compile(rf"[ \t]+({_NAME_PART})")
_A_TITLE = re.compile(_TITLES, re.I)
#: titles that are words too ("A Doctor Visit", "The Professor Of Law", "Dame Street"): the name after them must
#: be no everyday word, nor a body's or a place's
_WORD_TITLES = frozenset("doctor professor councillor reverend sir dame".split())


def _everyday(low: str, common: frozenset[str]) -> bool:
    """A word in ordinary use that is seldom a name ("visit", "agreed", "said"; not "smith", "baker")."""
    return low in common or written_in_lower_case(low) and low not in _proper_sets()[0]


def _titled_names(text: str) -> Iterable[Span]:
    """A title and the name after it ("Mr Patel", "Dr. Nadeau", "Cllr Jane Jones", "Doctor Aghighi"), in text
    capitalised throughout too: a trial's CV in Title Case kept "A Doctor Aghighi (My Father)". After a title that
    is a word too ("Doctor", "Professor"; "Miss" in text capitalised throughout: "Could Overlook Or Miss Species")
    the name is no everyday word unless a surname follows ("My Doctor Agreed That", "A Doctor Visit"). The name
    ends at a stop word, another title, a body's word, and in text capitalised throughout at an everyday word that
    follows no first name ("Dr. Nadeau About It", "Mr Okonkwo And Mrs Pettersen": two names)."""
    capitals = capitalised_throughout(text)
    common = _common_words()
    word_titles = _WORD_TITLES | {"miss"} if capitals else _WORD_TITLES
    for match in _TITLE_NAME.finditer(text):
        first = match.group("first")
        low = first.lower()
        end, previous = match.end("first"), first
        after = _NEXT_NAME_PART.match(text, end)
        surname = after.group(1).lower() if after else ""
        # a surname after the first word that is no everyday word ("Professor Will Hutton"; not "Doctor Said The")
        surnamed = bool(surname) and not _everyday(surname, common) and surname not in _NOT_NAMES \
            and not _ORG_WORDS.fullmatch(surname)
        if _A_TITLE.fullmatch(first) or low in _NOT_NAMES and not (is_given_name(low) and surnamed):
            continue  # "Mr And Mrs Jones", "Dr. Of Philosophy"
        if match.group("title").lower() in word_titles and not match.group("initials").strip() and (
                _ORG_WORDS.fullmatch(low) or low in _PLACE_WORDS or _everyday(low, common) and not surnamed):
            continue
        for _ in range(2):
            after = _NEXT_NAME_PART.match(text, end)
            if after is None:
                break
            word = after.group(1)
            low = word.lower()
            if low in _NOT_NAMES or _A_TITLE.fullmatch(word) or _ORG_WORDS.fullmatch(low) \
                    or capitals and _everyday(low, common) and not lone_given_name(previous):
                break
            end, previous = after.end(), word
        yield Span(match.start(), end, "name")


_CLOSING_THEN_NAME = re.compile(
    r"^[ \t]*(?:with[ \t]+)?(?:yours[ \t]+(?:sincerely|faithfully|truly)|(?:kind(?:est)?|best|warm|many)?[ \t]*regards|"
    r"best[ \t]+wishes|many[ \t]+thanks|thanks|thank[ \t]+you|sincerely)[ \t]*[,.!]?[ \t]*\n(?:[ \t]*\n)?"
    r"[ \t]*(?P<name>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+){0,3})[ \t]*$",
    re.I | re.M,
)
# A signatory as docket systems list them, surname first and an initial last, before the body they
# sign for: "Okafor Aoife M, Brennan Lung Institute". Written so, a name reads to the recogniser as
# an organisation's; the trailing initial and the comma mark it.
_SIGNATORY = re.compile(
    r"(?:^|(?<=[;\n]))[ \t]*(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
    r"[ \t]+[A-Z]\.?)(?=[ \t]*[,;]|[ \t]*$)", re.M)
# An answer signed with a dash and one name at its very end ("... for people who work. - Jun")
_DASH_SIGNED = re.compile(r"(?:^|(?<=\s))[-–—~][ \t]?(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\.?\s*\Z")

# a name alone on an answer's last line, under the text it signs ("... Thanks for listening.\nHaoran")
_LAST_LINE_NAME = re.compile(r"[^\W_][.!?)”\"']?[ \t]*\n\s*(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)[ \t]*[.!]?\s*\Z")


def _signed_last_line(text: str, common: frozenset[str]) -> Iterable[Span]:
    """A word alone on the last line after the text ends, written as a name: no everyday word ("Thanks",
    "Regards", "Ends"), no place, no body's word, nor a figure of faith; a first name the list does not hold
    ("Haoran") signs so as well as one it does. Not in text capitalised throughout, where a capital says nothing."""
    signed = _LAST_LINE_NAME.search(text[-60:])
    if signed is None or len(text) < 40 or capitalised_throughout(text):
        return
    name = signed.group("name")
    low = name.lower().replace("’", "'")
    if len(name) < 3 or low in _NOT_NAMES or low in _NOT_LONE_NAMES or _ORG_WORDS.fullmatch(low) \
            or is_lone_place(name) or _everyday(low, common) and not lone_given_name(name):
        return
    offset = max(0, len(text) - 60)
    yield Span(offset + signed.start("name"), offset + signed.end("name"), "name")


# -- rules --------------------------------------------------------------------------------------

def _valid_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and candidate.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    return digits.startswith("0") and digits[1:2] != "0" and len(digits) in (10, 11)


def _phone_spans(text: str) -> Iterable[Span]:
    for match in _PHONE_UK.finditer(text):
        # The candidate may have swallowed a following number: try shorter tails too.
        head = _PHONE_HEAD.match(match.group(0))
        head_end = match.start() + (head.end() if head else 0)
        ends = [m.end() for m in _DIGIT_RUN.finditer(text, head_end, match.end())]
        for end in reversed(ends):
            if _valid_uk_phone(text[match.start() : end]):
                yield Span(match.start(), end, "phone")
                break
    for match in _PHONE_AREA.finditer(text):
        yield Span(match.start(), match.end(), "phone")
    for match in _PHONE_INTL.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 8 <= len(digits) <= 15:
            yield Span(match.start(), match.end(), "phone")


def _postcode_spans(text: str) -> Iterable[Span]:
    for match in _POSTCODE.finditer(text):
        value = match.group(0)
        if value.isupper() or (value.islower() and re.search(r"\s", value)):
            yield Span(match.start(), match.end(), "postcode")


def _signatories(text: str) -> Iterable[Span]:
    common = _common_words()
    signed = _DASH_SIGNED.search(text[-40:])
    # a first name signs even when it is also a word ("- Sam", "- Will"); another word must not be one ("- Safety")
    if signed and len(signed.group("name")) > 2 and (is_given_name(signed.group("name"))
                                                     or not written_in_lower_case(signed.group("name").lower())) \
            and signed.group("name").lower() not in _PARTICLES and not _ORG_WORDS.fullmatch(signed.group("name")):
        offset = max(0, len(text) - 40)
        yield Span(offset + signed.start("name"), offset + signed.end("name"), "name")
    yield from _signed_last_line(text, common)
    for m in _SIGNATORY.finditer(text):
        words = m.group("name").split()[:2]
        if not any(w.lower() in common or w.lower() in _NOT_NAMES or _ORG_WORDS.fullmatch(w) for w in words):
            yield Span(m.start("name"), m.end("name"), "name")


def _rule_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "email") for pattern in (EMAIL_RE, _DOTLESS_EMAIL) for m in pattern.finditer(text)] \
        if "@" in text else []
    if "@" in text or " at " in text.lower() or "(at)" in text.lower() or "[at]" in text.lower():
        spans.extend(_obfuscated_emails(text))
    spans.extend(Span(a, b, kind) for a, b, kind in social_spans(text))
    spans.extend(Span(a, b, kind) for a, b, kind in identifier_spans(text))
    spans.extend(Span(a, b, kind) for a, b, kind in self_named_spans(text))
    spans.extend(Span(a, b, kind) for finder in (pii_fields.field_spans, pii_fields.cv_name_spans)
                 for a, b, kind in finder(text))
    spans.extend(Span(a, b, kind) for a, b, kind in pii_eu.cued_name_spans(text, pii_eu.other_stop_words()))
    spans.extend(Span(a, b, kind) for finder in (pii_care.staff_name_spans, pii_care.signature_spans)
                 for a, b, kind in finder(text))
    if _HAS_DIGIT.search(text):  # phone numbers, postcodes and house numbers all hold a digit
        spans.extend(Span(a, b, kind) for finder in (pii_eu.identifier_spans, pii_eu.phone_spans, pii_eu.address_spans,
                                                     pii_us.spans, pii_care.hospital_number_spans,
                                                     pii_care.death_date_spans, pii_care.plain_address_spans,
                                                     pii_quasi.age_spans)
                     for a, b, kind in finder(text))
        spans.extend(_phone_spans(text))
        spans.extend(_postcode_spans(text))
        spans.extend(Span(m.start(), m.end(), "address") for m in _ADDRESS.finditer(text))
        spans.extend(Span(m.start(), m.end(), "address") for m in _WELSH_ADDRESS.finditer(text))
        spans.extend(Span(m.start(), m.end(), "address") for m in _PO_BOX.finditer(text))
    spans.extend(Span(m.start("address"), m.start("address") + len(m.group("address").rstrip(" \t,:-")), "address")
                 for m in _ADDRESS_CUED.finditer(text)
                 if m.group(0)[:2].lower() in ("my", "ou") or _HOUSE.match(m.group("address")))
    spans.extend(_titled_names(text))
    spans.extend(Span(a, b, "name") for a, b in postnominal_names(text))
    spans.extend(Span(m.start("name"), m.end("name"), "name") for m in _CLOSING_THEN_NAME.finditer(text)
                 if not _ORG_WORDS.search(m.group("name")))
    spans.extend(_signatories(text))
    return spans
