"""Working out what each column of a survey export holds (a mapping file corrects it: see :mod:`.mapping_file`).

Roles: ``id``, ``name``, ``organisation``, ``email``, ``respondent_type`` (individual or
organisation), ``sector`` (declared type of organisation), ``region``, ``consent`` (whether and
how the response may be published), ``metadata``, ``personal`` (kept with the respondent as
personal details, published nowhere: see :mod:`.personal_columns`), ``ignore``, and ``question``
(with a question key and kind ``open`` or ``closed``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from consult_analyser.domain import CONSENT_HEADER, question_identity, read_publication_choice
from consult_analyser.ingest.closed_answers import (
    ASKS_FOR_WORDS,
    CLOSED_VOCAB,
    OPEN_HEADER,
    looks_closed,
    ticked_options,
)
from consult_analyser.ingest.code_columns import looks_codes
from consult_analyser.ingest.header_text import header_words, question_key_of
from consult_analyser.ingest.option_columns import group_options
from consult_analyser.ingest.personal_columns import personal_by_content, personal_by_header
from consult_analyser.ingest.sides import is_organisation_value

ROLES = ("id", "name", "organisation", "email", "respondent_type", "sector", "sector_other", "region", "consent",
         "metadata", "personal", "ignore", "question")

# Header patterns, checked in order on the header's words (see header_words); the first match wins.
# Generic survey-export wording in English, French, German and Spanish, and the fixed column names
# of common survey tools (SurveyMonkey, Qualtrics, Microsoft and Google Forms, Typeform, JotForm,
# SmartSurvey, Citizen Space, the EU "Have your say" portal, regulations.gov).
_HEADER_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"\be[ -]?mail\b|courriel|correo electronico|adresse electronique|\be[ -]?bost\b", re.I)),
    # one column for a person's or an organisation's name (an inquiry's evidence log): the name, which stands
    # for the organisation where the respondent is one (see wide.parse)
    ("name", re.compile(r"^(submitted|sent|written) by$|^from$|^(name of )?(the )?person or organi[sz]ation"
                        r"( s)?( name)?$|^name (of person )?or organi[sz]ation$|^(your )?name or (your )?organi[sz]ation"
                        r"( s)? name$", re.I)),
    ("organisation", re.compile(r"organi[sz]ation('?s)? name|name of (your |the )?organi[sz]ation"
                                r"|^(organi[sz]ation|org|company|business|employer|affiliation|institution)( name)?$"
                                r"|on behalf of (which|what)|what is (the name of )?your organi[sz]ation"
                                r"|nom de (l )?(organisation|organisme|entreprise|structure)|^(organisme|entreprise)$"
                                r"|name (der|des) (organisation|unternehmens|einrichtung)|^unternehmen$"
                                r"|^organizacion$|nombre de (la )?(organizacion|entidad|empresa)"
                                r"|^enw r sefydliad$|^enw (eich |y )?sefydliad$|^sefydliad$"  # Welsh
                                r"|(which|what) organi[sz]ation (do|are) you (represent|responding for)"
                                r"|^(org|organi[sz]ation|company)name$"
                                # "If you are responding on behalf of an organisation, please tell us its name"
                                r"|\b(tell us|give|provide|state|enter|write) (its|their|the name of (the |your )?"
                                r"(organi[sz]ation|group|business|company|body)"
                                r"|(the |your )(organi[sz]ation|group|business|company|body)( s)?) name\b"
                                r"|on behalf of an? (organi[sz]ation|group|business|company|body)\b.*\b(its|their) name\b",
                                re.I)),
    ("sector", re.compile(r"type of (organi[sz]ation|respondent|body|stakeholder|submitter|commenter)"
                          r"|best describes? (you|your (organi[sz]ation|role|sector|business|body|group|interest))"
                          r"( (or|and) (you|your (organi[sz]ation|role|sector|business|body|group|interest)))?$"
                          # "If you are responding on behalf of an organisation, which ... best describes it?"
                          r"|best describes? (it|them|(the|this|that) (organi[sz]ation|body|group))$"
                          r"|^(sector|your sector|which sector)|\b(respondent|user|stakeholder|organi[sz]ation|org"
                          r"|submitter|commenter|participant) ?(type|category|kind)\b|^category$"
                          r"|category of (respondent|organi[sz]ation)|(in what|which) capacity|^type$"
                          r"|type d(e|u) (repondant|participant|organisation|organisme|structure|acteur)|categorie"
                          r"|art (der|des) (organisation|teilnehmer|einrichtung|institution|befragten)"
                          r"|organisationstyp|organisationsart|teilnehmertyp|^sektor$|^math o (sefydliad|ymatebydd)"
                          r"|tipo de (organizacion|entidad"
                          r"|participante|encuestado)|^secteur$", re.I)),
    ("respondent_type", re.compile(r"(responding|respond|reply(ing)?|submitting)\b.*\b(as an? |on behalf|individual)"
                                   # "Are you making this submission as an individual or on behalf of an organisation?"
                                   r"|\b(submission|response|comments?|feedback)\b.*\bas an? (individual|organi[sz]ation)"
                                   r"|\bindividual or on behalf of\b"
                                   r"|individual or (an )?organi[sz]ation|are you an? individual"
                                   r"|(repondez|repondre)\b.*\b(en tant que|au nom)|a titre (individuel|personnel)"
                                   r"|(antworten|antwortest)\b.*\b(als|im namen)|privatperson oder"
                                   r"|responde\b.*\b(como|en nombre)|\bymateb fel\b|unigolyn neu ar ran"
                                   r"|^(are you )?(responding|replying|answering|submitting|writing) as$", re.I)),
    ("id", re.compile(r"^(response|respondent|submission|record|unique|participant|case|user|document|comment|passage"
                      r"|item|answer|row|line|paragraph|extract|excerpt|segment"
                      r"|feedback|entry)[ _-]?(id|number|no\.?|ref(erence)?)$"
                      r"|^id$|^ref(erence)?$|^case ?id$|^sub ?num$|^#$|^token$|^identifiant$|^kennung$"
                      r"|^(id|numero|no|identifiant) (de|du) (la )?(reponse|repondant|participant|contribution)$"
                      r"|^(id|numero) de (respuesta|participante)$|^antwort ?(id|nummer)$|^(id|rhif) ymateb$"
                      r"|^cyfeirnod$", re.I)),
    ("name", re.compile(r"^(your |the respondent s |respondent s )?(full |respondent |first |last |given |family |sur)?"
                        r"name$|^surname$|^(please )?(give|enter|tell us|provide|state) your (full )?name$"
                        r"|^(submitter|respondent|commenter|author)( name)?$|^sub ?name$|^name of (the )?respondent"
                        r"|^recipient (first |last )?name$"  # Qualtrics: the contact the survey was sent to
                        r"|^(first|last|sur|given|family|fore)name$"  # LimeSurvey's participant columns
                        r"|^what is your (full )?name$|^(nom|prenom|nom complet|vorname|nachname|nombre|apellidos?)$"
                        r"|^(enw|eich enw|enw llawn|enw cyntaf|cyfenw)$",
                        re.I)),
    ("region", re.compile(r"\bregion\b|where (do you|are you) (live|based)|^location$|^nation$"
                          r"|local authority area|^(which |your )?local authority( area)?( do you live in)?$"
                          r"|ardal awdurdod lleol|^ardal$|^rhanbarth$"
                          r"|^(your |home )?country( of (origin|residence|establishment|registration))?$"
                          r"|^(in )?which country (are you|do you|is your)|^(pays|land|pais) d"
                          r"|^(pays|land|pais|bundesland|state|province|county|state province|territory|canton"
                          r"|(province|state) (or|and|ou|et) (territory|territoire)|provincia|provincie|region"
                          r"|state ?/ ?province)$", re.I)),
    # a column the file left without a name (named "Column 14" on import): a team's notes, never a question
    ("metadata", re.compile(r"^column \d+$|submitted|^date|started|completed|^ended$|timestamp|^time$|^channel$|^status$|^ip ?address"
                            r"|^cyflwynwyd( ar)?$|^dyddiad|^iaith$"  # Welsh: submitted on, date, language
                            r"|^(start|end|submit|stage|recorded|last modified|completion|submission|created|response)"
                            r" (date|time)|^(docket|agency)( id)?$|\bsize$|^(user )?language$|^network id$|^tags$"
                            r"|^collector id$|^custom (data|value)|^recipient|^external (data )?reference|^duration"
                            r"|^progress$|^finished$|^distribution channel$|^location (latitude|longitude)$"
                            r"|^response (set|type)$|^tracking|^publication|^tr ?number$|transparency register"
                            r"|^attachments?$|^scope$|^reference initiative$|^is my feedback$|^(posted|received) date"
                            r"|^tracking number$|^document type$|^horodat|^zeitstempel|^marca temporal|^is withdrawn|^title$"
                            r"|^government agency|^submitter representative|^(city|zip|postal code|zip ?/ ?postal code)$"
                            r"|^(fr|federal register) |^comment (start|due) date|^page count$|^content files$"
                            # the rest of a regulations.gov bulk download's fields: facts about the document
                            r"|^allow late comments$|^comment on document id$|^(effective|implementation|postmark"
                            r"|author) date$|^related rin|^authors?$|^cfr$|^abstract$|^legacy id$|^media$"
                            r"|^document subtype$|^exhibit (location|type)$|^additional field ?\d*$|^topics$"
                            r"|^duplicate comments$|^omb ?/ ?pra approval number$|^page length$|^paper width$"
                            r"|^special instructions$|^source citation$|^start end page$|^subject$|^restrict reason"
                            r"|^reason withdrawn$|^display properties|^withdrawn$|^attachment files$"
                            r"|^file ?names?$|^files?$|^(document|attachment) ?(file ?)?names?$"
                            # a survey tool's own record of the visit (LimeSurvey: by code, or as words)
                            r"|^(submitdate|startdate|datestamp|lastpage|last page|startlanguage|start language|seed"
                            r"|ipaddr|refurl|referrer url|interviewtime|total time)$|^(group|question) ?time(\b|\d)"
                            r"|^g\d+(q\d+)? ?time$"
                            # what a survey tool records of the visit (Alchemer, SurveyGizmo and others)
                            r"|^(contact|session|device|panel|link) ?id$|^user ?agent$|^referr?er$|^(longitude|latitude)$"
                            r"|^legacy comments$|^(postal|post ?code)$"
                            # a team's own notes on a response in its log of e-mailed responses: not a question
                            r"|^((internal|staff|officer|admin|team|processing|case|analyst|handling) )?notes?$"
                            # Jotform, Typeform (its hidden fields' utm_source, utm_medium ...)
                            r"|^(submission |user |client |remote )?ip$|^last (update|updated|modified|edited)( date| time)?$"
                            r"|^ending$|^utm( \w+)?$"
                            # where a passage sits in a report or an inquiry's findings
                            r"|^(section|chapter|part|volume|page|paragraph|annex)( (number|no|title|heading))?$", re.I)),
]


#: the handling of a response, of :data:`_PERSONAL_OR_HANDLING`: the rest is the respondent's own details
_HANDLING = re.compile(r"publish|publication|confidential|anonym|consent|contact|mailing list|newsletter", re.I)
_POSTCODE_HEADER = re.compile(r"post ?code|postal code|zip", re.I)
_IP_HEADER = re.compile(r"\bip ?(address|addr)\b|^(submission |user |client |remote )?ip$|^ipaddr$", re.I)
#: what a respondent gives about themselves or the handling of their response, numbered or not: their
#: postcode, address or telephone number (personal data, never an open question to find themes in),
#: and whether the response may be published or they may be contacted (an instruction, not a view)
_PERSONAL_OR_HANDLING = re.compile(
    r"\b(post ?code|postal code|zip ?code|home address|postal address|street address|your address|date of birth)\b"
    r"|^(your |home |contact )?(address|zip|(tele)?phone( number)?|mobile( phone)?( number)?)$|\bcontact number\b"
    r"|\byour (tele)?phone( number)?\b|\b(tele)?phone number\b"
    # whose phone or fax, in a header of two or three words ("Representative's Phone", "Cell Phone", "Fax")
    r"|^(\w+ ){0,2}(tele)?phone$|^(\w+ ){0,2}fax( number)?$"
    # an address of someone's, but not an e-mail address ("Representative's Address", "City, State & Zip")
    r"|^(?!.*\be ?-?mail\b).*\baddress( line ?\d)?$|\bcity,? state,? (and |& )?zip\b"
    r"|\b(publish|published|publication|confidential|anonymous|anonymi[sz]ed?)\b.*\b(your|my|this) "
    r"(response|submission|answers?|name|comments?|details)\b"
    r"|\b(your|my|this) (response|submission|answers?|name|comments?|details)\b.*"
    r"\b(publish|published|publication|confidential|anonymous|anonymi[sz]ed?)\b"
    r"|^(publication|publishing|publish|confidentiality|consent)( (preference|consent|permission|request|statement))?$"
    r"|\b(may|can|could) we (contact|e ?mail|write to|get in touch|follow up)"
    r"|\b(happy|willing|agree|consent) (for us )?to (be )?(contacted|publish|publication)"
    r"|\b(remain|stay|be kept|kept|be) anonymous\b|\b(withhold|hide) (your|my) name\b|\baros yn ddienw\b"
    r"|\b(contact you|be contacted) (again|further|about|in future|for)|\b(mailing list|newsletter)\b"
    # a privacy acknowledgement ("I confirm that I have read the privacy policy and consent to ...")
    r"|\b(read|accept|agree to|understood?) the (privacy|data protection) (policy|notice|statement)\b"
    r"|\bconsent to (the |my )?(data|personal data|information) (i provide )?being (used|processed|held)", re.I)


# Roles a numbered question can have (others, such as "region" or "category", are real questions)
_KEYED_ROLES = {"email", "respondent_type", "organisation", "name", "sector"}
_KEYED_SECTOR = re.compile(r"type of (organi[sz]ation|respondent|body)|(organi[sz]ation|respondent) type"
                           r"|(in what|which) capacity are you (responding|replying|answering|submitting)"
                           r"|best describes? (your|the) (organi[sz]ation|body|group)|type d(e|u) repondant"
                           r"|art (der|des) (organisation|einrichtung)", re.I)


label_identity = question_identity


@dataclass
class ColumnSpec:
    header: str
    role: str
    question_key: str = ""
    kind: str = ""  # "open" | "closed" for question columns
    samples: list[str] = field(default_factory=list)
    #: one option of a "tick all that apply" question laid out a column per option: the option its
    #: cells name when ticked (the question's ticked options are joined into one answer)
    option: str = ""
    #: a "tick all that apply" question in one column: how its cells separate the ticked options
    separator: str = ""
    #: a personal column's kind ("postcode", "user name": see personal_columns.PERSONAL_KINDS)
    personal: str = ""
    #: the words for the codes its cells hold ("A1" -> "Individual"), from a mapping file's [labels]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class TableMapping:
    columns: list[ColumnSpec]
    question_texts: dict[str, str] = field(default_factory=dict)
    #: question keys a mapping file gave (see :attr:`Question.key_given`)
    given_keys: set[str] = field(default_factory=set)
    #: a respondent may have several rows (an engagement platform's comments, a row each, with the
    #: commenter's e-mail as the id): their rows are joined, not refused (a mapping file's
    #: ``[import] several_rows_per_respondent = true``)
    several_rows: bool = False
    #: how the file's responses came, when a mapping file says (``[import] channel = "email"``; "" as detected)
    channel: str = ""
    #: what the detection could not settle, for the user (said by the dry run and the import)
    notes: list[str] = field(default_factory=list)

    def by_role(self, role: str) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role == role]

    def describe(self) -> str:
        lines = []
        for c in self.columns:
            extra = f" {c.question_key} ({c.kind})" if c.role == "question" else ""
            header = c.header if len(c.header) <= 60 else f"{c.header[:33].rstrip()} … {c.header[-24:].lstrip()}"
            lines.append(f"{header!r:64} -> {c.role}{extra}")
        return "\n".join(lines)


# a header in any wording that asks whether one answers as a person or for a body
_NAMES_SIDES = re.compile(r"\b(individual|person|yourself|private)\b.*\b(organi[sz]ation|behalf|body|business|group)\b"
                          r"|\b(organi[sz]ation|behalf)\b.*\b(individual|person|yourself)\b", re.I)


def _looks_respondent_type(values: list[str]) -> bool:
    """A short list of values that say individual or organisation (e.g. "Individual", "Org")."""
    filled = [v.strip() for v in values if v.strip()]
    distinct = set(filled)
    if not filled or len(distinct) > 12 or max(map(len, distinct)) > 60:
        return False
    readings = [is_organisation_value(v) for v in distinct]
    return False in readings and True in readings and sum(r is not None for r in readings) >= 0.5 * len(readings)


_PUBLISH_WORD = re.compile(r"\b(publish\w*|publication|confidential\w*|anonym\w*)\b", re.I)


def _looks_consent(words: str, values: list[str]) -> bool:
    """A column that asks whether (and how) the response may be published, answered from a short
    list ("Public" / "Anonymous"; "Yes" / "Yes, but anonymously" / "No")."""
    filled = {v.strip().casefold() for v in values if v.strip()}
    if not all(len(v) <= 120 for v in filled) or looks_dates(values):
        return False  # (a "Publication" column of dates is a document's publication date)
    if not CONSENT_HEADER.search(words):
        # a header cut short ("May we publish ..", as LimeSurvey abbreviates): only answers that say
        # it themselves ("Please publish my response with my name", "Do not publish my response")
        return bool(_PUBLISH_WORD.search(words)) and len(filled) >= 2 and sum(
            bool(_PUBLISH_WORD.search(v)) and read_publication_choice(v, words) is not None for v in filled) \
            >= 0.6 * len(filled)
    # or typed in by hand, many ways ("yes", "N", "No, keep it confidential"): most of them read as a
    # choice (a consent column missed publishes everyone's name)
    return len(filled) <= 12 or sum(read_publication_choice(v, words) is not None for v in filled) >= 0.6 * len(filled)


# the last word of a header that names an identifier ("Recommendation ID", "Passage ref", "Rec No",
# "Recommendation number"), but not a number that is personal data or another body's register
_ID_WORD = re.compile(r"\b(id|identifier|ref|reference)$|^(no|nr|num|number)$"
                      r"|^(?!.*\b(phone|telephone|mobile|contact|fax|house|flat|street|building|charity|company|vat"
                      r"|registration|tax|insurance|nhs|account|card|passport|licen[cs]e|postcode|zip)\b).*"
                      r"\b(no|nr|num|number)$", re.I)
_ID_VALUE = re.compile(r"[\w./#:-]{1,40}")


def is_id_header(words: str) -> bool:
    """Whether a header (as :func:`header_words`) names an identifier: its last word is ID or ref."""
    return bool(_ID_WORD.search(words))


def _looks_id(words: str, values: list[str]) -> bool:
    """A column whose header ends in "ID" (or "ref") and whose values are distinct single tokens
    ("REC-0001", "R_3HHYAi3jlMWGeIl", "17"): an identifier, whatever it identifies. Without the
    header's word, distinct tokens could be postcodes or phone numbers: never guessed from values alone."""
    filled = [v.strip() for v in values if v.strip()]
    return (is_id_header(words) and len(filled) >= 2 and len(set(filled)) == len(filled)
            and all(_ID_VALUE.fullmatch(v) for v in filled))


def _refers(words: str, values: list[str]) -> bool:
    """A column headed as an identifier ("Idea ID", "Parent ref") whose single-token values repeat: the
    id of something else each row belongs to (a reply's idea), information and never a question."""
    filled = [v.strip() for v in values if v.strip()]
    return is_id_header(words) and len(filled) >= 2 and all(_ID_VALUE.fullmatch(v) for v in filled)


#: a platform's tally of reactions to a contribution
_COUNT_HEADER = re.compile(r"(?:(?:number|no|total|count) of )?(?:likes?|votes?|up ?votes?|down ?votes?|dislikes?|"
                           r"agrees?|disagrees?|reactions?|views?|supporters?|replies|kudos|hearts?)"
                           r"(?: (?:count|received|total))?")


def _counts(values: list[str]) -> bool:
    filled = [v.strip() for v in values if v.strip()]
    return len(filled) >= 2 and all(v.isdigit() for v in filled)


_MEASURE = re.compile(r"[-+]?[£$€]?\s?\d[\d,]*(\.\d+)?\s?%?")


def _looks_measures(values: list[str]) -> bool:
    """Figures of many values (ages, staff numbers, percentages), not answers in words nor a short
    scale of options (a 1-5 rating stays a closed question)."""
    filled = [v.strip() for v in values if v.strip()]
    return len(filled) >= 5 and not looks_closed(values) and all(_MEASURE.fullmatch(v) for v in filled)


_MONTH = (r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_TIME = r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?)?"
#: a date or a date and time as survey tools and spreadsheets write them: 2024-03-05, 2024-03-05 14:02,
#: 2024-03-05T14:02:11Z, 05/03/2024, 5.3.24, 5 March 2024, March 5, 2024, Tue 5 Mar 2024
_DATE = re.compile(rf"((mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?(\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
                   rf"|\d{{1,2}}[-/.]\d{{1,2}}[-/.](\d{{4}}|\d{{2}})|\d{{1,2}}(st|nd|rd|th)? {_MONTH},? \d{{4}}"
                   rf"|{_MONTH} \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}-{_MONTH}-(\d{{4}}|\d{{2}})){_TIME}", re.I)


def looks_dates(values: list[str]) -> bool:
    """(Nearly) every filled cell is a date or a date and time (nineteen in twenty, three cells at
    least): when a response was received or an event happened, information to keep, never a question."""
    filled = [" ".join(v.split()) for v in values if v.strip()]
    return len(filled) >= 3 and sum(bool(_DATE.fullmatch(v)) for v in filled) >= 0.95 * len(filled)


def _looks_email(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    return bool(filled) and sum("@" in v and " " not in v.strip() for v in filled) >= 0.8 * len(filled)


#: a file's name as a cell holds it ("Australian Federal Police.pdf"): an upload's, not an answer
_FILE_NAME = re.compile(r"^[^\n/\\]{1,240}\.(?:pdf|docx?|odt|rtf|txt|xlsx?|ods|csv|pptx?|jpe?g|png|gif|tiff?|msg|eml"
                        r"|html?|zip)$", re.I)


def _looks_file_names(values: list[str]) -> bool:
    """Most filled cells (four in five, three at least) are file names: the names of uploads."""
    filled = [v.strip() for v in values if v.strip()]
    return len(filled) >= 3 and sum(bool(_FILE_NAME.match(v)) for v in filled) >= 0.8 * len(filled)


#: a header that is only a question's code, as analysis files name columns ("N2", "Q5b" aside: "S10", "AB3")
_CODE_HEADER = re.compile(r"[A-Za-z]{1,3}\d{1,3}[a-z]?")
_UNNAMED = re.compile(r"Column \d+")  # what the table reader names a column without a header
#: from this many rows read, a column with no value in any of them is no question
EMPTY_COLUMN_ROWS = 20


#: the headers before Alchemer's "Comments" column (its staff's notes on a response, not a question)
_ALCHEMER_BEFORE_NOTES = frozenset({"legacy comments", "contact id"})


#: what parts a header written in two languages: "Last name / Nom de famille" (not "State/Province")
BILINGUAL = re.compile(r"\s+[/|]\s+")


def _asks_for_words(header: str, values: list[str]) -> bool:
    """A header that asks a question in words (five or more, ending in "?") answered in sentences (four words
    or more on average, nearly all different): a question, whatever personal word it holds. A re-test's "How do you use your phone to
    contact the council?" was kept as a personal detail, and "How could the council improve its email and phone
    services?" taken for the e-mail column."""
    filled = [v.strip() for v in values if v.strip()]
    return header.strip().endswith("?") and len(header.split()) >= 5 and len(filled) >= 3 \
        and not _looks_email(values) and sum(len(v.split()) for v in filled) >= 4 * len(filled) \
        and len(set(filled)) >= 0.8 * len(filled)  # free text, not a choice ("On behalf of an organisation")


def detect_mapping(header: list[str], sample_rows: list[list[str]]) -> TableMapping:
    """Guess each column's role from its header and the first rows of data."""
    columns: list[ColumnSpec] = []
    used_roles: set[str] = set()
    auto_key = 0
    empty: list[str] = []
    for index, name in enumerate(header):
        values = [row[index] for row in sample_rows if index < len(row)]
        samples = list(itertools.islice((v for v in values if v.strip()), 5))
        companion = companion_of(columns, name)
        if companion is not None:  # "q3comment", "respondenttype[other]": belongs with the column it names
            if companion.role == "question":
                columns.append(ColumnSpec(name, "question", companion.question_key, "open", samples))
            else:  # the words of a declared type's "Other": read with the type (see wide.parse)
                other = companion.role in {"sector", "respondent_type"} and "sector_other" not in used_roles
                columns.append(ColumnSpec(name, "sector_other" if other else "metadata", samples=samples))
                used_roles.add(columns[-1].role)
            continue
        role = personal = ""
        if _UNNAMED.fullmatch(name) and not any(v.strip() for v in values):
            # a column with neither a name nor a value in the first rows: kept with the respondent should
            # anything come later, never an empty question ("Column 4", 0 answers)
            columns.append(ColumnSpec(name, "metadata", samples=samples))
            continue
        key, rest = question_key_of(name)
        words = header_words(name)
        # a question answered in sentences is no personal detail nor the e-mail column, whatever word it holds
        # ("How could the council improve its email and phone services?")
        in_sentences = _asks_for_words(rest if key else name, values)
        if "consent" not in used_roles and _looks_consent(header_words(rest) if key else words, values):
            role = "consent"  # "Publication privacy settings", "May we publish your response?" (see domain)
        elif _PERSONAL_OR_HANDLING.search(header_words(rest) if key else words) and not in_sentences \
                and not (key and looks_codes(header_words(rest), values)):
            role = "metadata"  # kept with the respondent, never read as a question (see the pattern)
            if not _HANDLING.search(header_words(rest) if key else words):  # a postcode, an address: theirs
                personal = "postcode" if _POSTCODE_HEADER.search(words) else \
                    "ip address" if _IP_HEADER.search(words) else "personal"
        elif not key and words in {"tags", "tag"} and looks_codes(words, values):
            role = "ignore"  # the tags people gave each passage, not the tool's empty "Tags" (metadata below)
        elif not key and not in_sentences and (personal := personal_by_header(words, has_id="id" in used_roles)):
            role = "personal"  # "Login Username", "Access code", "attribute_1": a person's, never a question
        elif not key and words == "comments" and columns and header_words(columns[-1].header) in _ALCHEMER_BEFORE_NOTES:
            role = "metadata"  # Alchemer's staff notes on a response, in its block of metadata
        elif not key:
            # a bilingual header ("First name / Prénom", "Response ID / ID de réponse"): either language says
            versions = [words, *(header_words(part) for part in BILINGUAL.split(name) if part.strip())]
            for candidate, pattern in _HEADER_RULES:
                if in_sentences and candidate == "email":
                    continue
                if any(pattern.search(version) for version in versions):
                    # a second id or e-mail column (e.g. "Unique ID", "Recipient Email") is kept as information
                    once = candidate in {"id", "email", "respondent_type", "region"} and candidate in used_roles
                    role = "metadata" if once else candidate
                    if role == "metadata" and _IP_HEADER.search(words):
                        personal = "ip address"  # kept as information, and (as every export does) as personal
                    break
            if not role and _looks_id(words, values):  # a second id ("Case ref" beside "Response ID") is information
                role = "metadata" if "id" in used_roles else "id"
            if not role and _refers(words, values):  # a comment's "Idea ID": the idea it replies to
                role = "metadata"
            if not role and _COUNT_HEADER.fullmatch(words) and _counts(values):
                role = "metadata"  # an engagement platform's "Likes", "Votes": a tally, not an answer
            if not role and _looks_email(values):
                role = "email"
            if not role and _looks_file_names(values):
                role = "metadata"  # the names of uploaded files, kept as information
            if (not role and "respondent_type" not in used_roles
                    and ((len(words.split()) <= 4 and not name.rstrip().endswith("?")) or _NAMES_SIDES.search(words))
                    and _looks_respondent_type(values)):
                role = "respondent_type"
            if not role and looks_codes(words, values):
                role = "ignore"  # codings, not answers: the import says how to read them (see wide.parse)
            if not role and _looks_measures(values):
                role = "metadata"  # "Age", "Number of employees", "Share": figures to keep, not words to read
        else:  # a numbered question may still ask who is answering ("3. What is your organisation's name?")
            rest_words = header_words(rest)
            for candidate, pattern in _HEADER_RULES:
                if candidate in _KEYED_ROLES and (pattern.search(rest_words) if candidate != "sector"
                                                  else _KEYED_SECTOR.search(rest_words)):
                    if candidate not in used_roles or candidate in {"organisation", "sector", "name"}:
                        role = candidate
                    break
            if not role and looks_codes(rest_words, values):  # "Q1 codes": the codes people gave Q1's answers
                role = "ignore"
        if role == "sector" and "respondent_type" not in used_roles and _looks_respondent_type(values) \
                and all(is_organisation_value(v) is not None for v in set(values) if v.strip()):
            # "In what capacity are you making this submission?" answered "An individual" / "An organisation": who
            # is answering, not their kind (a re-tested trial's such column hid the real type column)
            role = "respondent_type"
        if not role and looks_dates(values):
            role = "metadata"  # "Received", "Date of incident": dates (or date-times) to keep, not answers to read
        if not role and (personal := personal_by_content(values)):
            role = "personal"  # IP addresses, postcodes, access codes, user names, whatever the header says
        if role:
            used_roles.add(role)
            columns.append(ColumnSpec(name, role, samples=samples,
                                      personal=personal if role in ("personal", "metadata") else ""))
            continue
        if len(sample_rows) >= EMPTY_COLUMN_ROWS and not any(v.strip() for v in values):
            # a column nobody filled in (regulations.gov's "Representative's City"): kept with the respondent
            # should a later file fill it, never an empty question in the annex and the report
            columns.append(ColumnSpec(name, "metadata", samples=samples))
            empty.append(name)
            continue
        ticked = ticked_options(values)
        kind = "closed" if ticked or looks_closed(values) else "open"
        asked = header_words(rest if key else name)
        if kind == "closed" and (OPEN_HEADER.fullmatch(asked) or ASKS_FOR_WORDS.match(asked)) \
                and not all(v.strip().lower() in CLOSED_VOCAB for v in values if v.strip()):
            kind = "open"  # "Feedback" of a few campaign lines repeated (answers such as "Agree" stay closed)
        explains = _explained_question(columns, key, rest if key else name) if kind == "open" else ""
        if explains:
            key = explains
        elif not key and _CODE_HEADER.fullmatch(name.strip()) and name.strip().upper() not in \
                {c.question_key for c in columns}:
            key = name.strip().upper()  # a header that is the question's own code ("N2", "S10"): its key
        elif not key:
            auto_key += 1
            key = f"C{auto_key}"
        if ticked:  # the options, not their combinations
            samples = ticked[1]
        elif kind == "closed":  # keep every choice seen, in order of first appearance
            samples = list(dict.fromkeys(v.strip() for v in values if v.strip()))[:30]
        columns.append(ColumnSpec(name, "question", key, kind, samples, separator=ticked[0] if ticked else ""))
    _typeform_hidden_fields(columns)
    texts, notes = group_options(columns)
    _disambiguate(columns)
    if empty:
        notes.append(f"{len(empty)} column{'s' if len(empty) > 1 else ''} with no value in any of the first "
                     f"{len(sample_rows):,} rows ({', '.join(repr(h) for h in empty[:4])}{', ...' if len(empty) > 4 else ''}) "
                     f"{'were' if len(empty) > 1 else 'was'} kept as information, not read as questions")
    return TableMapping(columns=columns, question_texts=texts, notes=notes)


#: Typeform's record of each response, after the questions and the form's hidden fields
_TYPEFORM_BLOCK = ("response type", "start date")
_HIDDEN_FIELD = re.compile(r"[a-z][a-z0-9_]{0,40}")


def _typeform_hidden_fields(columns: list[ColumnSpec]) -> None:
    """Typeform writes the form's hidden fields ("utm_source", "ward": what the link carried, named as
    their owner typed them) between the last question and its own "Response Type", "Start Date (UTC)":
    information about the response, not questions."""
    words = [header_words(c.header) for c in columns]
    for i in range(1, len(columns) - 1):
        if words[i] == _TYPEFORM_BLOCK[0] and words[i + 1].startswith(_TYPEFORM_BLOCK[1]):
            j = i - 1
            while j >= 0 and columns[j].role in {"question", "metadata"} \
                    and _HIDDEN_FIELD.fullmatch(columns[j].header.strip()):
                if columns[j].role == "question":
                    columns[j] = ColumnSpec(columns[j].header, "metadata", samples=columns[j].samples)
                j -= 1
            return


# A survey tool's column for the "Other, please say" or comment box of another column, named after it:
# LimeSurvey writes "q3comment", "q3[comment]", "respondenttype[other]"
_COMPANION = re.compile(r"^(?P<base>.+?)(?:\s*\[(?:other|comment)\]|comment|_other|_comment)$", re.I)


# SurveyMonkey's "Which best describes you? - Other (please specify)" beside "... - Response", Alchemer's
# "Which best describes you?:Other - Write In"
_OTHER_BOX = re.compile(r"^(?P<base>.+?\S)(?:\s+-\s+|:\s*)other\b.*$", re.I)
# LimeSurvey's codes and texts: "Q00[other]. In what capacity are you responding? [Other]" beside "Q00. In what ..."
_CODED_OTHER = re.compile(r"^(?P<code>[A-Za-z]\w*)\[(?:other|comment)\][.:]?\s", re.I)


def companion_of(columns: list[ColumnSpec], header: str) -> ColumnSpec | None:
    """The earlier column whose "other" or comment box ``header`` is, by its name alone."""
    match = _COMPANION.match(header.strip())
    if match:
        base = match.group("base").strip()
        named = next((c for c in reversed(columns) if c.header.strip() == base), None)
        if named is not None:
            return named
    match = _CODED_OTHER.match(header.strip())
    if match:
        code = match.group("code").casefold()
        found = next((c for c in reversed(columns) if re.split(r"[.:\s\[]", c.header.strip(), maxsplit=1)[0].casefold()
                      == code), None)
        if found is not None and (found.role != "question" or not found.option):
            return found
    match = _OTHER_BOX.match(header.strip())
    if match:  # only for the who-are-you columns: a question's "Other" option is one of its options
        base = match.group("base").strip()
        return next((c for c in reversed(columns) if c.role in {"sector", "respondent_type"}
                     and any(h == base or h.startswith(base + " - ")
                             for h in (c.header.strip(), question_key_of(c.header)[1]))), None)
    before = columns[-1] if columns else None
    if before is not None and before.role in {"sector", "respondent_type"} and (
            _SPECIFY_OTHER.search(header_words(header)) or header_words(header) == header_words(before.header)):
        # "If other, please specify", "1.a.i. If you selected Other, please specify:", or the same
        # header with "(Other - please specify)" after it, straight after the who-are-you column
        return before
    return None


_SPECIFY_OTHER = re.compile(r"\bother\b.*\bspecify\b|\bspecify\b.*\bother\b|^(please )?specify$"
                            r"|^if other\b|^other$", re.I)


# The wording of a free-text column that asks for the reasons behind the closed answer just before
# it: a bare prompt ("Why?", "Please explain", "If no, please say why") or a request that points at
# that answer ("Please explain your answer", "What is the rationale behind your opinion?"). "Why do
# people ...?" or "Any other comments?" ask something else.
_FOLLOW_UP_BARE = re.compile(
    r"^(why|why not|why or why not|why is that|why do you (say|think) (that|so)|how so|in what way|explain|please explain|reasons?|rationale"
    r"|please (give|state|provide) (your |the |any )?(reasons?|details)|please (elaborate|specify)|tell us (why|more)"
    r"|please tell us (why|more)|pourquoi|pourquoi pas|warum|warum nicht|por que|por que no|pam|pam lai|esboniwch)$"
    r"|^if (so|yes|no|not|other|you (answered|disagree|agree|selected|chose|ticked|disagreed|agreed|said))\b", re.I)
_FOLLOW_UP_ASKS = re.compile(r"\b(explain|reasons?|rationale|why|elaborate|expand|justify|comment|tell us|say more"
                             r"|expliqu|justifi|precise[rz]|begrund|erlauter|explique|justifique|esboni|rhesym)", re.I)
_FOLLOW_UP_POINTS = re.compile(
    r"\b(your|this|that|the above|the previous|these) (answers?|choices?|responses?|views?|opinions?|ratings?|positions?"
    r"|selections?|scores?|replies|reply)\b|\b(previous|above|last) question\b"
    r"|\b(votre|cette) (reponse|choix|avis)\b|\b(ihre|deine|diese) (antwort|wahl|meinung)\b"
    r"|\b(su|tu|esta) (respuesta|eleccion|opinion)\b|\beich (ateb|atebion|dewis|barn)\b", re.I)


def _asks_why(header: str) -> bool:
    words = header_words(header)
    return bool(_FOLLOW_UP_BARE.search(words) or (_FOLLOW_UP_ASKS.search(words) and _FOLLOW_UP_POINTS.search(words)))


def _explained_question(columns: list[ColumnSpec], own_key: str, wording: str) -> str:
    """The key of the closed question an open column explains, or "". A free-text column that
    directly follows a closed question and asks why ("Please explain your answer", "What is the
    rationale behind your opinion?") is that question's explanation: sharing its key, the two make
    one hybrid question whose themes can be split by the closed answer, whatever the two are numbered
    ("Q4" and "Q4a", or a survey tool's "Q3" and "Q4")."""
    if not columns:
        return ""
    before = columns[-1]
    if before.role != "question" or before.kind != "closed":
        return ""
    if any(c.question_key == before.question_key and c.kind == "open" for c in columns):
        return ""
    shared = re.match(r"(.+?)\s*[-–:|]\s+", before.header)  # "Proposal A - Do you agree?" / "Proposal A - Why?"
    if shared and wording.startswith(shared.group(0)):
        wording = wording[shared.end():]
    return before.question_key if _asks_why(wording) else ""


def _disambiguate(columns: list[ColumnSpec]) -> None:
    """A key may hold one closed and one open column (a hybrid question); more get suffixes."""
    seen: dict[tuple[str, str], int] = {}
    for column in columns:
        if column.role != "question" or column.option:  # the options of one question share its key
            continue
        slot = (column.question_key, column.kind)
        seen[slot] = seen.get(slot, 0) + 1
        if seen[slot] > 1:
            column.question_key = f"{column.question_key}_{seen[slot]}"
