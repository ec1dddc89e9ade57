"""Rows of a table that hold no respondent, and cells a workbook wrote otherwise than it shows them.

- :class:`HeaderRepeats`: a row that repeats the header (two exports pasted one after the other): a
  hostile-input trial's was imported as a respondent "Response ID" whose answers were the questions'
  texts, in a long table as a question of its own;
- :func:`totals_row`: a spreadsheet's row of totals labelled in a column other than the first ("Total
  responses" in the name column, the id blank);
- :class:`SerialDates`: a column of dates a workbook holds as serial numbers in General format
  (45352.375 for 1 March 2024 09:00), read as the dates they are.

A row left out is listed as the import lists rows it skips, its reason starting with one of
:data:`LEFT_OUT` (the dry run says these as notes, not as rows that cannot be read).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from consult_analyser.ingest.header_text import header_words

#: the reasons a row holding no respondent is left out (a header repeated, a row of totals)
REPEATED_HEADER = "the row repeats the header (two exports joined?)"
TOTALS = "a row of totals"
LEFT_OUT = (REPEATED_HEADER, TOTALS)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def is_left_out(reason: str) -> bool:
    """A skipped row's reason says it holds no respondent (not a row that cannot be read)."""
    return reason.startswith(LEFT_OUT)


def _norm(cell: str) -> str:
    return " ".join(_INVISIBLE.sub("", cell).split()).casefold()


class HeaderRepeats:
    """Tells a row that repeats one of the header rows: the same cells in the same columns (at least two,
    and four in five of the header row's named cells), nothing where the header row is blank."""

    def __init__(self, header_rows: list[list[str]]) -> None:
        self.rows: list[tuple[dict[int, str], int, list[int]]] = []  # (named cells, how many must match, cells to try)
        for row in header_rows:
            named = {i: _norm(c) for i, c in enumerate(row) if _norm(c)}
            if len(named) >= 2:
                need = max(2, -(-4 * len(named) // 5))
                # (one of any len - need + 1 named cells matches in a row that repeats the header: try those first)
                self.rows.append((named, need, list(named)[:len(named) - need + 1]))

    def __call__(self, cells: list[str]) -> bool:
        for named, need, first in self.rows:
            if not any(i < len(cells) and _norm(cells[i]) == named[i] for i in first):
                continue
            filled = {i: v for i, c in enumerate(cells) if (v := _norm(c))}
            if set(filled) - set(named):
                continue
            if sum(1 for i, v in filled.items() if named[i] == v) >= need:
                return True
        return False


_TOTALS_LABEL = re.compile(r"(?:grand |sub-?)?totals?(?: (?:of )?(?:responses|respondents|submissions|answers|count|"
                           r"number))?|(?:number|count) of (?:responses|respondents|submissions)", re.IGNORECASE)
_FIGURE = re.compile(r"[-+]?[£$€]?\d[\d,. ]*%?")


def totals_row(cells: list[str]) -> int | None:
    """The column of a totals row's label ("Total responses"), for a row whose first cell is blank, whose one
    cell of words is such a label and whose other cells hold figures (one at least) or nothing; None for any
    other row. (A label in the first column, the id's, is the wide reader's to find; "Average" or "Count" alone
    may be a respondent's answer, and a row of them is not taken for totals.)"""
    if not cells or cells[0].strip():
        return None
    filled = [i for i, c in enumerate(cells) if c.strip()]
    words = [i for i in filled if not _FIGURE.fullmatch(cells[i].strip())]
    if len(words) != 1 or len(filled) < 2:
        return None
    label = " ".join(cells[words[0]].split()).rstrip(":")
    return words[0] if _TOTALS_LABEL.fullmatch(label) else None


_DATE_HEADER = re.compile(r"\b(?:date|time|timestamp|submitted|submission|started|completed|created|modified|received|"
                          r"ended|recorded|updated)\b")
_NOT_DATE = re.compile(r"\b(?:id|ids|number|no|ref|reference|code|count|duration|seconds|minutes|hours|days)\b")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
#: serial numbers read as dates: 1 January 1990 to 31 December 2099 (Excel counts days from 30 December 1899)
_LOW, _HIGH = 32874, 73050
_EPOCH = datetime(1899, 12, 30)


def serial_date(value: str) -> str | None:
    """A workbook's date serial number as the date it is ("45352.375" -> "2024-03-01 09:00"; "45352" ->
    "2024-03-01"); None for a value that is none."""
    if not _SERIAL.fullmatch(value):
        return None
    number = float(value)
    if not _LOW <= number <= _HIGH:
        return None
    when = _EPOCH + timedelta(seconds=round(number * 86400))
    return when.strftime("%Y-%m-%d") if number.is_integer() else when.strftime("%Y-%m-%d %H:%M")


class SerialDates:
    """The columns whose header says a date or time ("Submitted", "Start date", "Timestamp") and whose every
    value in the first rows is a plausible date serial number: read as dates, and said."""

    def __init__(self, header: list[str], sample: list[list[str]]) -> None:
        self.columns: list[int] = []
        self.notes: list[str] = []
        for i, name in enumerate(header):
            words = header_words(name)
            if not _DATE_HEADER.search(words) or _NOT_DATE.search(words) or len(words.split()) > 5:
                continue
            values = [r[i].strip() for r in sample if i < len(r) and r[i].strip()]
            if len(values) >= 2 and all(serial_date(v) for v in values):
                self.columns.append(i)
                self.notes.append(f"column {name!r} holds dates as the workbook's serial numbers (such as {values[0]}, "
                                  f"General format): read as the dates they are ({serial_date(values[0])})")

    def __call__(self, cells: list[str]) -> list[str]:
        if not self.columns:
            return cells
        cells = list(cells)
        for i in self.columns:
            if i < len(cells) and (when := serial_date(cells[i].strip())):
                cells[i] = when
        return cells
