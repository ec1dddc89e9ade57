"""Columns that hold the codes people gave each answer ("Codes", "Tags", "Theme 1", "Q1 codes", a
coding matrix of 1/0 marks): kept out of an answers file's questions, and read by the coding sheet
import (``consult-analyser code --import``).
"""

from __future__ import annotations

import re

from consult_analyser.ingest.header_text import header_words, question_key_of

#: headers of a column listing the codes given to each answer, as coding sheets and tag exports
#: write them (read by ``consult-analyser code --import``; "category" is a declared sector on a form)
CODE_HEADERS = ("code path", "code", "codes", "code paths", "code name", "tags", "tag", "labels", "label", "themes",
                "theme", "categories", "category")
_CODE_SPLIT = re.compile(r"[;|\n]")
#: of those, the headers that say "codes" on an answers file too ("Label" or "Category" there is as often
#: the respondent's declared type, which must not be lost)
_ANSWER_FILE_CODE_HEADERS = frozenset(CODE_HEADERS) - {"label", "labels", "category", "categories"}


#: the marks a coding matrix's cells hold, a column per code (see actions.coding.matrix_columns)
CODE_MARKS = frozenset({"0", "1", "0.0", "1.0", "x"})
#: one of several columns each holding one of an answer's codes ("Theme 1", "Theme 2", "Code 3")
_NUMBERED_CODE = re.compile(r"(code|theme|tag|topic)s? ?(no\.? ?)?\d{1,2}")


def is_numbered_codes_header(words: str) -> bool:
    """Whether a header (as :func:`header_words`) is one of "Theme 1", "Theme 2" … "Code 3"."""
    return bool(_NUMBERED_CODE.fullmatch(words))


def is_codes_header(header: str) -> bool:
    """A header an answers file gives a column of codes: "Codes", "Tags", "Themes", "Theme 1" … or "Q1 codes"."""
    words = header_words(header)
    return words in _ANSWER_FILE_CODE_HEADERS or is_numbered_codes_header(words) or bool(keyed_codes_header(header))


def keyed_codes_header(header: str) -> str:
    """The question key of a column listing one question's codes ("Q1 codes", "Q2 - Themes"), or ""."""
    key, rest = question_key_of(header)
    return key if key and header_words(rest) in CODE_HEADERS else ""


def codes_columns_note(file_name: str, headers: list[str]) -> str:
    """What the import says of columns it kept out of the questions because they list codes ("" for none)."""
    if not headers:
        return ""
    more = f" and {len(headers) - 3} more" if len(headers) > 3 else ""
    named = (f"column {headers[0]!r} lists" if len(headers) == 1 else
             f"columns {', '.join(repr(h) for h in headers[:3])}{more} list")
    return (f"{file_name}: {named} codes given to each answer; not read as questions. To import them as codings: "
            f"consult-analyser code PROJECT --import {file_name} --create-codes (in the app: Codebook > Import codings)")


def looks_codes(words: str, values: list[str]) -> bool:
    """A column headed "Codes", "Tags", "Themes", "Theme 2" ... whose cells list short names, several to a cell
    or the same ones again and again ("cheating; covid->infection_risk"): the codes people gave each
    answer, not an answer to a question."""
    numbered = is_numbered_codes_header(words)
    if words not in _ANSWER_FILE_CODE_HEADERS and not numbered:
        return False
    cells = [v.strip() for v in values if v.strip()]
    parts = [p.strip() for cell in cells for p in _CODE_SPLIT.split(cell) if p.strip()]
    if not parts or any(len(p) > 120 or len(p.split()) > 8 for p in parts):
        return False
    if {c.lower() for c in cells} <= CODE_MARKS:  # "code 3" marked 1/0: a coding matrix's column (see wide.parse)
        return False
    if numbered:  # "Theme 2" says it: its cells may be few, each a code
        return True
    return len(cells) >= 3 and (len(parts) > len(cells) or len(set(parts)) <= 0.7 * len(parts))
