"""Answers written as codes, not words: LimeSurvey's "answer codes" export gives "A1", "A2", "-oth-"
for a list's answers and "SQ001" for a multiple choice's options. The import says so, and a mapping
file gives the words (``[labels.COLUMN]``, ``"A1" = "Individual"``), read before the declared type,
the individual-or-organisation answer and the publication consent are."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consult_analyser.ingest.columns import ColumnSpec

#: LimeSurvey's answer and option codes: "A1", "A12", "AO01", "SQ001", "-oth-"
_ANSWER_CODE = re.compile(r"[A-Z]{1,3}\d{1,3}|-oth-")
_CODED_ROLES = {"question", "sector", "respondent_type", "consent", "region"}


def _coded(values: list[str]) -> bool:
    distinct = {v.strip() for v in values if v.strip()}
    return len(distinct) >= 2 and sum(bool(_ANSWER_CODE.fullmatch(v)) for v in distinct) >= 0.8 * len(distinct)


def codes_note(columns: list[ColumnSpec]) -> str:
    """What the import says when answers or options are codes ("" when none are)."""
    coded: list[tuple[str, str]] = []  # (what to name in [labels.X], example codes)
    seen: set[str] = set()
    for column in columns:
        if column.role not in _CODED_ROLES:
            continue
        if column.option and _ANSWER_CODE.fullmatch(column.option):
            if column.question_key not in seen:
                seen.add(column.question_key)
                options = [c.option for c in columns if c.question_key == column.question_key and c.option]
                coded.append((column.question_key, ", ".join(options[:3])))
        elif not column.option and column.samples and _coded(column.samples):
            coded.append((column.header, ", ".join(sorted({v.strip() for v in column.samples}, key=lambda v: (v == "-oth-", v))[:3])))
    if not coded:
        return ""
    named = ", ".join(f"{name!r} ({codes}, ...)" for name, codes in coded[:5]) + (", ..." if len(coded) > 5 else "")
    first, codes = coded[0]
    return (f"the answers of {named} are codes, not words (a LimeSurvey export with answer codes?): a declared type, "
            "a consent or an option written as a code is not read as one. Export the responses with full answers, or "
            f"give the words in a mapping file: [labels.\"{first}\"] \"{codes.split(', ')[0]}\" = \"...\" "
            "(and map the columns' roles in [columns])")


def apply_labels(column: ColumnSpec, labels: dict[str, str]) -> None:
    """Give a column the words for its codes: its cells are read through them, and its option and
    choices named by them."""
    column.labels.update(labels)
    if column.option:
        column.option = labels.get(column.option, column.option)
    column.samples = [labels.get(v.strip(), v) for v in column.samples]
