"""What a column's first values look like, for the column detection (:mod:`.columns`).

An individual-or-organisation answer, a publication consent, identifiers (distinct single tokens
under an "ID" header) and references to them, tallies, figures, dates, e-mail addresses, the names of
uploaded files, and a question asked in words and answered in sentences: each read from a handful of
sample values (and the header's words where they decide).
"""

from __future__ import annotations

import re

from consult_analyser.domain import CONSENT_HEADER, read_publication_choice
from consult_analyser.ingest.closed_answers import looks_closed
from consult_analyser.ingest.header_roles import is_id_header
from consult_analyser.ingest.sides import is_organisation_value


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


_ID_VALUE = re.compile(r"[\w./#:-]{1,40}")


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


def _asks_for_words(header: str, values: list[str]) -> bool:
    """A header that asks a question in words (five or more, ending in "?") answered in sentences (four words
    or more on average, nearly all different): a question, whatever personal word it holds. A re-test's "How do you use your phone to
    contact the council?" was kept as a personal detail, and "How could the council improve its email and phone
    services?" taken for the e-mail column."""
    filled = [v.strip() for v in values if v.strip()]
    return header.strip().endswith("?") and len(header.split()) >= 5 and len(filled) >= 3 \
        and not _looks_email(values) and sum(len(v.split()) for v in filled) >= 4 * len(filled) \
        and len(set(filled)) >= 0.8 * len(filled)  # free text, not a choice ("On behalf of an organisation")
