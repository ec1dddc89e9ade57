"""A consultation's response form, filled in and sent back as a document.

Regulators and departments publish a Word response form: a "Respondent information" table (name,
organisation, e-mail, "Would you like your response to be confidential?") and a box per question.
Filled in and e-mailed back, it arrives as a letter. Its table rows reach the text as
``Label | Value`` lines (:func:`consult_analyser.ingest.doc_extract.extract_docx`); this module reads
them as the respondent's details, and knows the form's own words that are nobody's answer: the
labelled details themselves and Word's placeholders ("Click or tap here to enter text.").

The letters' mapping (:mod:`consult_analyser.pipeline.letters`) leaves these lines out of every passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consult_analyser.domain import Publication, read_publication_choice
from consult_analyser.letter_text import ticked_option

#: what Word and other form tools leave in a box nobody filled in
PLACEHOLDER = re.compile(
    r"^\W*(?:click or tap (?:here )?to enter (?:text|a date)|click here to enter (?:text|a date)|choose an item"
    r"|enter (?:your )?(?:text|answer|response) here|type (?:your )?(?:text|answer|response) here"
    r"|insert (?:your )?(?:text|answer|response) here|\[?(?:insert|type) (?:text|response)\]?)\W*$", re.I)

_FIELD_LINE = re.compile(r"^\s*(?P<label>[^|\n]{2,200}?)\s*\|\s*(?P<value>[^|\n]*?)\s*$")
_NAME = re.compile(r"^(?:your |full |contact |respondent'?s? )?name(?: of (?:respondent|contact|person responding))?"
                   r"(?: \(optional\))?$|^(?:first name|surname|last name|forename)s?$", re.I)
_ORGANISATION = re.compile(
    r"^(?:name of |your )?(?:organi[sz]ation|company|business|body|group)(?:'?s)?(?: name)?"
    r"(?: \((?:if applicable|if any|if relevant|optional)\))?$"
    r"|^(?:responding|response) on behalf of(?: \(organi[sz]ation\))?$|^organi[sz]ation \(if responding on behalf of one\)$",
    re.I)
_EMAIL = re.compile(r"^(?:your |contact )?e-?mail(?: address)?$", re.I)
_TYPE = re.compile(r"^(?:type of (?:organi[sz]ation|respondent|business)|(?:organi[sz]ation|respondent) type|sector"
                   r"|are you responding as an individual or (?:on behalf of )?(?:an? )?organi[sz]ation\W*)$", re.I)
#: details that are the respondent's and nobody's answer: kept out of the passages, not stored
_OTHER_DETAIL = re.compile(r"^(?:(?:job )?title|role|position|job|(?:tele)?phone(?: number)?|mobile|(?:postal )?address"
                           r"|postcode|post code|date|signed|signature|town|county|country|region|website)$", re.I)
_PUBLICATION = re.compile(r"\b(?:confidential\w*|publish\w*|publication|anonym\w*)\b", re.I)
#: a form's heading above its respondent details
HEADING = re.compile(r"^\s*(?:respondent(?:'s)? (?:information|details)|about you|your details|contact details"
                     r"|respondent information form|information about you)\s*:?\s*$", re.I)


#: a form's own heading or instruction: "Response form", "Please return this form by 31 May to ..."
INSTRUCTION = re.compile(r"^\s*(?:consultation )?response form\b|\bplease (?:return|send|e-?mail) (?:this|it|the|your)"
                         r"(?: completed)?(?: response)?(?: form)? (?:by|to|no later than)\b", re.I)


def is_placeholder(text: str) -> bool:
    """A box left as the form had it ("Click or tap here to enter text.")."""
    return bool(PLACEHOLDER.match(text.strip()))


def _kind(label: str) -> str:
    words = " ".join(re.sub(r"[:*?]+", " ", label).split())
    for kind, pattern in (("name", _NAME), ("organisation", _ORGANISATION), ("email", _EMAIL), ("type", _TYPE),
                          ("other", _OTHER_DETAIL)):
        if pattern.match(words):
            return kind
    if _PUBLICATION.search(label) and len(label.split()) <= 30:
        return "publication"
    return ""


def _field(line: str) -> tuple[str, str, str]:
    """(kind, label, value) of a form's ``Label | Value`` line; kind "" for any other line."""
    found = _FIELD_LINE.match(line)
    if not found:
        return "", "", ""
    return _kind(found.group("label")), found.group("label"), found.group("value").strip()


def field_line(line: str) -> str:
    """The kind of respondent detail a form's ``Label | Value`` line gives ("name", "organisation",
    "email", "type", "publication", "other"), or "" for any other line."""
    return _field(line)[0]


@dataclass
class FormDetails:
    """What a response form's respondent table says of its sender."""

    name: str = ""
    organisation: str = ""
    email: str = ""
    declared_type: str = ""
    publication: Publication = Publication.UNKNOWN
    #: the publication question and answer as written ("Would you like ... confidential? | Yes. ...")
    consent: str = ""


def form_details(text: str) -> FormDetails | None:
    """The respondent details of a filled-in response form, or None when the text has fewer than two
    labelled details (a letter, or a document that only holds a table)."""
    details = FormDetails()
    found = 0
    for line in text.split("\n"):
        kind, label, value = _field(line)
        if not kind:
            continue
        found += 1
        ticked = ticked_option(value)  # "Yes ☐  No ☒": the box ticked, not the first word
        if ticked is not None:
            value = ticked
        if not value or is_placeholder(value):
            continue
        if kind == "name" and not details.name:
            details.name = value
        elif kind == "organisation" and not details.organisation and value.casefold() not in {"n/a", "na", "none", "-"}:
            details.organisation = value
        elif kind == "email" and not details.email:
            email = re.search(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", value)
            details.email = email.group(0).lower() if email else ""
        elif kind == "type" and not details.declared_type:
            details.declared_type = value
        elif kind == "publication" and details.publication == Publication.UNKNOWN:
            choice = read_publication_choice(value, label)
            if choice is not None:
                details.publication, details.consent = choice, f"{label} | {value}"
    return details if found >= 2 else None
