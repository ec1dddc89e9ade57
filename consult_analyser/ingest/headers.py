"""Finding the header of a table as survey tools write it.

Survey exports do not always start with one header row:

- a title block ("Consultation on X", "Exported 3 May") may sit above the header;
- SurveyMonkey writes two header rows: question texts (blank over the extra columns of a
  multiple-choice question, as if merged) and below them "Response", "Open-Ended Response" or
  the option of each column;
- Qualtrics writes three: short ids (``Q1``, ``ResponseId``), the question texts, and
  ``{"ImportId": ...}`` JSON; its legacy exports write ``V1``..``Vn`` ids over a row of names;
- spreadsheets group columns under merged cells, which read as a label followed by blanks.

:func:`locate_header` looks at the first rows of a grid and returns where the data starts and
one name per column; :func:`choose_delimiter` picks a CSV delimiter by which one splits the
first lines into the most consistent number of fields.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from consult_analyser.domain import counted
from consult_analyser.ingest.header_text import question_key_of

SCAN_ROWS = 30  # rows looked at to find the header
_QUALTRICS_ID = re.compile(r"^Q(\d{1,3})(?:_(\d{1,3}))?(?:_(TEXT|\d+_TEXT))?$", re.I)
_LEGACY_V = re.compile(r"^V\d{1,2}$")
_SM_SUB = {"response", "open-ended response", "open ended response"}


@dataclass
class HeaderShape:
    start: int  # index (in the grid) of the first header row
    rows: int  # how many header rows
    header: list[str]
    tool: str = ""  # the survey tool whose layout was recognised, if any
    notes: list[str] = field(default_factory=list)


def _width(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def _numeric(value: str) -> bool:
    try:
        float(value.replace(",", "").strip())
    except ValueError:
        return False
    return True


def locate_header(grid: list[list[str]], merges: Sequence[tuple[int, int, int, int]] = (),
                  header_rows: int | None = None) -> HeaderShape:
    """Where the header is in ``grid`` (the first rows of a table) and the name of each column.
    ``merges``: a workbook's merged cells (first row, first column, last row, last column, counted from 0 in
    ``grid``); ``header_rows``: how many header rows there are, when a mapping file says so."""
    rows = [[str(c or "").replace("\ufeff", "").strip() for c in row] for row in grid[:SCAN_ROWS]]
    start = _header_start(rows)
    if header_rows:
        return _declared(rows, start, header_rows)
    if merges and 0 < start < len(rows) and _merged_cells(rows, start - 1, merges):
        start -= 1  # group labels in merged cells, too few to be taken for the header row: the row above it
    # a row of question texts over their columns, narrower than the header: above the row taken as
    # the header, or taken as the header itself when wide enough
    grouped = _grouped(rows[start - 1], rows[start]) if 0 < start < len(rows) else None
    if grouped:
        start -= 1
    elif start + 2 < len(rows) and _width(rows[start + 1]) > _width(rows[start]) \
            and not any(a and a == b for a, b in zip(rows[start + 1], rows[start + 2], strict=False)):
        grouped = _grouped(rows[start], rows[start + 1])  # (the row below it is no data row: it repeats none of it)
    notes = []
    if start:
        notes.append(f"{counted(start, 'title row')} above the header skipped")
    top = rows[start] if start < len(rows) else []
    below = rows[start + 1:start + 3]
    shape = (grouped or _qualtrics(top, below) or _surveymonkey(top, below) or _merged_cells(rows, start, merges)
             or _merged(top, below) or HeaderShape(0, 1, list(top)))
    shape.start = start
    shape.notes = notes + shape.notes
    return shape


def _header_start(rows: list[list[str]]) -> int:
    """The first row as wide as the table (title rows fill one or two cells) that is not numbers."""
    widths = [_width(r) for r in rows]
    if not widths:
        return 0
    common = Counter(w for w in widths if w).most_common(1)
    widest = max(max(widths), common[0][0] if common else 0)
    need = max(2, (widest + 1) // 2) if widest >= 2 else 1
    for i, row in enumerate(rows):
        filled = [c for c in row if c]
        if widths[i] >= need and sum(_numeric(c) for c in filled) <= len(filled) // 2:
            return i
    return 0


def _qualtrics(top: list[str], below: list[list[str]]) -> HeaderShape | None:
    if not below:
        return None
    names = below[0]
    legacy = sum(bool(_LEGACY_V.match(c)) for c in top) >= 3
    modern = {"ResponseId", "ResponseID", "StartDate", "EndDate", "ResponseType"} & {c for c in top}
    if not (legacy or (len(modern) >= 2 and any(n and n != t for n, t in zip(names, top, strict=False)))):
        return None
    rows = 2
    if len(below) > 1 and _import_ids(below[1]):
        rows = 3
    elif not legacy and _import_ids(names):  # ids and ImportId JSON, no texts row
        return HeaderShape(0, 2, list(top), "Qualtrics")
    header = []
    for i, short in enumerate(top):
        text = names[i] if i < len(names) else ""
        match = _QUALTRICS_ID.match(short)
        if match and not match.group(2) and text:
            header.append(f"Q{match.group(1)}. {text}")  # keeps the question number as its key
        else:
            header.append(text or short)
    tool = "Qualtrics (legacy V1..Vn export)" if legacy else "Qualtrics"
    return HeaderShape(0, rows, header, tool, [f"{tool}: {rows} header rows read"])


def _import_ids(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and sum(c.startswith("{") and "ImportId" in c for c in filled) >= 0.5 * len(filled)


def _surveymonkey(top: list[str], below: list[list[str]]) -> HeaderShape | None:
    if not below:
        return None
    sub = below[0]
    if not any(c.lower() in _SM_SUB for c in sub):
        return None
    if any(c and not t and i < 2 for i, (t, c) in enumerate(zip(top, sub, strict=False))):
        return None
    header = _joined(top, sub, plain=_SM_SUB)
    return HeaderShape(0, 2, header, "SurveyMonkey", ["SurveyMonkey: 2 header rows read (question, then option)"])


def _merged(top: list[str], below: list[list[str]]) -> HeaderShape | None:
    """A label over blank (merged) cells with sub-labels below it; labels only above elsewhere."""
    if not below or not top:
        return None
    sub = below[0]
    last = max((i for i, c in enumerate(top) if c), default=-1)
    gaps = [i for i in range(1, last + 1) if not top[i]] + [i for i in range(last + 1, len(sub)) if sub[i]]
    if not gaps or not top[0]:
        return None
    if not all(i < len(sub) and sub[i] and not _numeric(sub[i]) for i in gaps):
        return None
    if not any(t and not (sub[i] if i < len(sub) else "") for i, t in enumerate(top)):
        return None  # every column filled in the second row: it is data, not a header
    if len(below) > 1 and _same_shape(sub, below[1]):
        return None  # the second row is shaped as the rows after it ("A1" over "A2"): the first respondent
    # a label over one column has nothing under it in a header of two rows; under most such labels, something:
    # the first respondent (a hostile-input trial's sheet with two untitled columns of staff notes at its end had
    # its first row joined to the header, and the project's questions rewritten by it)
    trailing = any(i < len(sub) and sub[i] for i in range(last + 1, len(sub)))
    singles = [i for i in range(last + 1) if top[i] and (top[i + 1] if i < last else not trailing)]
    if singles and sum(1 for i in singles if i < len(sub) and sub[i]) > 0.5 * len(singles):
        return None
    header = _joined(top, sub, plain=set())
    return HeaderShape(0, 2, header, "", ["2 header rows (merged cells) joined"])


#: a group label that is a question: numbered ("Q1.", "3)") or asking ("...?")
_ASKS = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,3}[a-z]?[.:)]|\?\s*$", re.I)


def _grouped(above: list[str], header: list[str]) -> HeaderShape | None:
    """A row of group labels over the header, as merged cells read: "Q1. Do you agree ...?" over
    "Response" and "Comments", "Q2. ..." over another "Response" and "Comments". Taken as a header
    row when the header repeats names and every label sits over a named column; a repeated name
    or a column under a question takes its group's label ("Q1. Do you agree ...? - Comments"; the
    label alone over one column), the others stay as they are ("Ref" under "About you")."""
    filled = [i for i, c in enumerate(above) if c]
    names = [c for c in header if c]
    repeated = {c for c, n in Counter(names).items() if n > 1}
    if len(filled) < 2 or not repeated or any(_numeric(above[i]) for i in filled):
        return None
    if any(i >= len(header) or not header[i] for i in filled):
        return None
    out, group = [], ""
    for i, name in enumerate(header):
        group = above[i] if i < len(above) and above[i] else group
        alone = i < len(above) and above[i] and (i + 1 >= len(header) or (i + 1 < len(above) and above[i + 1]))
        asks = bool(_ASKS.search(group))
        out.append((group if alone else f"{group} - {name}") if (name in repeated or asks) and group else name)
    return HeaderShape(0, 2, out, "", ["2 header rows read: question texts over their columns (merged cells)"])


def _merged_cells(rows: list[list[str]], at: int, merges: Sequence[tuple[int, int, int, int]]) -> HeaderShape | None:
    """Group labels in a workbook's merged cells ("Question 1" merged over two columns) over a row naming each
    column ("Do you support the proposed rule?", "Please explain your answer"): two header rows, whatever fills
    the second (a hostile-input trial's sheet had its names row read as the first respondent, and its main open
    answers as information). A row holding one label (a title merged across the table) is no row of groups."""
    if not merges or at + 1 >= len(rows):
        return None
    top, sub = rows[at], rows[at + 1]
    width = max(len(top), len(sub))
    across = sorted((c0, c1) for r0, c0, r1, c1 in merges if r0 == r1 == at and c1 > c0 and c0 < width)
    down = {c for r0, c0, r1, c1 in merges if r0 == at and r1 > at for c in range(c0, c1 + 1)}
    if not across or sum(1 for c in top if c) < 2:
        return None
    names = [sub[i] if i < len(sub) else "" for i in range(width)]
    under = [i for c0, c1 in across for i in range(c0, min(c1 + 1, width)) if i not in down]
    if not under or any(not names[i] or _numeric(names[i]) or len(names[i]) > 200 for i in under):
        return None  # a merged label over blanks or figures: no row of names under it
    if at + 2 < len(rows) and _same_shape(sub, rows[at + 2]):
        return None  # the row under the labels is shaped as the rows after it: the first respondent
    if any(name and any(i < len(r) and r[i] == name for r in rows[at + 2:]) for i, name in enumerate(names)):
        return None  # a value found again in its column below ("Individual", "Support"): a respondent's row
    spans = {i: c0 for c0, c1 in across for i in range(c0, c1 + 1)}
    header = _join_rows([top[spans[i]] if i in spans else (top[i] if i < len(top) else "") for i in range(width)],
                        names, down)
    joined = next((h for h, n in zip(header, names, strict=True) if n and h != n), "")
    groups = ", ".join(repr(top[c0]) for c0, _c1 in across[:4]) + (", ..." if len(across) > 4 else "")
    return HeaderShape(0, 2, header, "", [f"2 header rows read: group labels in merged cells ({groups}) over the names "
                                          "of their columns" + (f", joined as {joined!r}" if joined else "")])


def _join_rows(groups: list[str], names: list[str], down: set[int]) -> list[str]:
    """Each column's name under its group label: the label alone over a blank (or where it spans both rows), the
    name alone under a group that is no question ("Response ID" under "Respondent"), else the two joined:
    "Question 1: Please explain your answer", "Q1. Do you agree? - Comments" (and a name the row repeats)."""
    repeated = {n for n, k in Counter(n for n in names if n).items() if k > 1}
    header = []
    for i, name in enumerate(names):
        group = groups[i] if i < len(groups) else ""
        if i in down or not name or not group or group == name:
            header.append(group or name)
        elif name in repeated or _ASKS.search(group) or question_key_of(group)[0]:
            key, rest = question_key_of(group)
            header.append(f"{group}: {name}" if key and not rest else f"{group} - {name}")
        else:
            header.append(name)
    return header


#: header rows a mapping file may declare
MAX_HEADER_ROWS = 5


def _declared(rows: list[list[str]], start: int, count: int) -> HeaderShape:
    """The header as ``count`` rows from ``start`` (a mapping file's ``header_rows``): a label carries over the
    blank cells to its right (as merged cells read), and each row's labels group the names of the row below."""
    if start + 1 < len(rows) and _width(rows[start]) >= _width(rows[start + 1]):
        start = max(0, start - count + 1)  # the row found is the last header row (the labels above it are narrow)
    count = max(1, min(count, MAX_HEADER_ROWS, len(rows) - start))
    block = rows[start:start + count]
    width = max((len(r) for r in block), default=0)
    names = [block[-1][i] if i < len(block[-1]) else "" for i in range(width)]
    for upper in reversed(block[:-1]):
        groups, label = [], ""
        for i in range(width):
            label = upper[i] if i < len(upper) and upper[i] else label
            groups.append(label)
        names = _join_rows(groups, names, down=set())
    notes = [f"{count} header rows read, as the mapping file says"] if count > 1 else []
    if start:
        notes.insert(0, f"{counted(start, 'title row')} above the header skipped")
    return HeaderShape(start, count, names, "", notes)


def looks_like_header_row(header: list[str], first: list[str], rest: list[list[str]]) -> bool:
    """The first row of data looks like a second header row: under a header with unnamed columns (group labels
    over blanks, as merged cells read in a CSV), a row of distinct short words filling those columns, none of
    them found again in its column in the rows after it, nor shaped as those rows."""
    width = len(header)
    cells = [(first[i].strip() if i < len(first) else "") for i in range(width)]
    filled = [c for c in cells if c]
    unnamed = [i for i in range(width) if not header[i].strip() and cells[i]]
    if not unnamed or len(filled) < 3 or len(rest) < 3 or len(set(filled)) < len(filled):
        return False
    if any(_numeric(c) or len(c) > 80 for c in filled) or _same_shape(cells, rest[0]):
        return False
    return not any(cells[i] and any(i < len(r) and r[i].strip() == cells[i] for r in rest) for i in range(width))


_CODE_SHAPE = re.compile(r"[A-Za-z_-]{0,6}\d{1,12}")


def _same_shape(row: list[str], other: list[str]) -> bool:
    """Two rows whose first filled column holds codes of one shape ("A1" and "A2", "00123" and
    "00124"): rows of data, not a row of labels over data."""
    first = next((i for i, c in enumerate(row) if c), None)
    if first is None or first >= len(other) or not other[first]:
        return False
    return bool(_CODE_SHAPE.fullmatch(row[first]) and _CODE_SHAPE.fullmatch(other[first]))


def _joined(top: list[str], sub: list[str], plain: set[str]) -> list[str]:
    header, group = [], ""
    for i in range(max(len(top), len(sub))):
        label = top[i] if i < len(top) else ""
        below = sub[i] if i < len(sub) else ""
        if label:
            group = label
        name = label or group
        if below and below.lower() not in plain and below != name:
            name = f"{name} - {below}" if name else below
        header.append(name)
    return header


def choose_delimiter(text: str, default: str = ",") -> str:
    """The delimiter (comma, semicolon, tab or bar) that splits the first lines most consistently."""
    lines = text[:65536].split("\n")[:60]
    if len(lines) > 1 and len(text) > 65536:
        lines = lines[:-1]  # the last one may be cut
    best, best_score = default, (0.0, 0)
    for delimiter in (",", ";", "\t", "|"):
        if delimiter not in text[:65536]:
            continue
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, times = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (times / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best
