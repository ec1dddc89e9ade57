"""Loading rows from CSV and XLSX files, with the errors an analyst can act on."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_extract import OLE_MAGIC
from consult_analyser.ingest.headers import SCAN_ROWS, choose_delimiter, locate_header, looks_like_header_row
from consult_analyser.ingest.limits import check_file_size, check_line_length
from consult_analyser.ingest.markup import HTML_TAG, has_markup, markup_note, nul_note
from consult_analyser.ingest.markup import plain_text as plain_text  # (read by the table readers from here)
from consult_analyser.ingest.table_rows import REPEATED_HEADER, TOTALS, HeaderRepeats, SerialDates, totals_row
from consult_analyser.ingest.workbooks import HTML_START, RawRows, Record, read_workbook
from consult_analyser.ingest.workbooks import OTHER_SPREADSHEETS as OTHER_SPREADSHEETS
from consult_analyser.ingest.workbooks import cell_text as _cell  # noqa: F401 - (tests read a cell as the reader does)

MAX_CELL = 1_000_000  # characters; larger cells are refused, not silently cut
csv.field_size_limit(50_000_000)


SKIP_HINT = ("fix the file, or import with --skip-bad-rows (in the app: \"skip bad rows\") to import the other "
             "rows and list the skipped ones")


@dataclass
class Table:
    """A header and an iterator over data rows (each padded to the header's length).

    Rows come as (line, cells): the line of the file (CSV) or row of the sheet (XLSX) where the
    row starts, as an editor or spreadsheet shows it. A malformed row raises an
    :class:`IngestError` naming that line, unless ``skip_bad_rows``: then it is left out and
    listed in ``bad_rows``.
    """

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    total_rows: int | None = None
    notes: list[str] = field(default_factory=list)  # what was recognised (title rows, tool, sheet)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (line, reason) of skipped rows
    skip_bad_rows: bool = False
    tool: str = ""
    blanked_errors: int = 0  # cells holding a spreadsheet's error ("#N/A") read as blank

    def bad_row(self, line: int, reason: str, field_name: str | None = None) -> None:
        """Refuse the file at this row, or (when skipping bad rows) note the row as skipped."""
        if not self.skip_bad_rows:
            raise IngestError(self.path, f"{reason}; {SKIP_HINT}", field_name=field_name, line=line)
        self.bad_rows.append((line, f"{reason} (field {field_name!r})" if field_name else reason))


# Decoded CSV text by (path, size, modification time), kept only inside reuse_decoded_text():
# choosing a reader, checking for an attribute table and reading the rows each open the file,
# and decoding a 100 MB export once instead of three times saves seconds.
_decoded: dict[tuple[str, int, int], str] | None = None


@contextmanager
def reuse_decoded_text() -> Iterator[None]:
    """Within this block, a CSV file opened again is not read and decoded again."""
    global _decoded
    outer = _decoded
    if outer is None:
        _decoded = {}
    try:
        yield
    finally:
        if outer is None:
            _decoded = None


#: files read as UTF-8 with a few bytes that are not UTF-8 (taken as Windows-1252): said in the notes
_MIXED: dict[str, bool] = {}


#: NUL characters removed from a file as it was decoded: said in the notes
_NULS: dict[str, int] = {}


def _csv_text(path: Path) -> str:
    from consult_analyser.ingest.encoding import decode_bytes, removed_nuls

    key = None
    if _decoded is not None:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        if key in _decoded:
            return _decoded[key]
    check_line_length(path)  # a 200 MB line is refused before it is loaded
    text, encoding = decode_bytes(path.read_bytes(), path)
    _MIXED[str(path)] = encoding == "utf-8+cp1252"
    _NULS[str(path)] = removed_nuls(path)
    if key is not None and _decoded is not None:
        _decoded.clear()  # one file at a time is enough
        _decoded[key] = text
    return text


def _text_named_as_workbook(path: Path, head: bytes) -> bool:
    """A file named as a workbook that holds delimited text: neither a zip (.xlsx, .ods) nor an
    OLE2 file (.xls) nor an HTML table, and its first lines decode and split into two or more
    fields as a CSV or TSV does."""
    if head[:2] == b"PK" or head.startswith(OLE_MAGIC) or HTML_START.match(head):
        return False
    from consult_analyser.ingest.encoding import decode_bytes

    with path.open("rb") as fh:
        sample = fh.read(65536)
    try:
        text, _encoding = decode_bytes(sample, path)
    except IngestError:
        return False
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 2 or any(ord(c) < 32 and c not in "\t\r\n" for c in text[:4096]):
        return False
    delimiter = choose_delimiter("\n".join(lines))
    return all(len(line.split(delimiter)) >= 2 for line in lines[:5])


@functools.lru_cache(maxsize=4)  # the wide, long and letter readers each ask it of the same head
def looks_like_tab_table(path: Path, head: bytes) -> bool:
    """A .txt file that is a table: Excel's "Text (Tab delimited)" and "Unicode Text" (UTF-16) save
    a sheet as .txt, every record holding the same number (three or more) of tab-separated cells."""
    from consult_analyser.ingest.encoding import decode_bytes

    text = ""
    for cut in (head, head[:-1]):  # the head may end inside a character
        try:
            text, _encoding = decode_bytes(cut, path)
            break
        except IngestError:
            continue
    if "\t" not in text:
        return False
    try:
        records = [r for r in itertools.islice(csv.reader(io.StringIO(text), delimiter="\t"), 21) if any(r)][:-1]
    except csv.Error:
        return False
    widths = [len(r) for r in records[:20]]
    return len(widths) >= 2 and widths[0] >= 3 and len(set(widths)) == 1


#: header rows a mapping file declares (``header_rows = 2``), for the tables opened meanwhile: see
#: :func:`declared_header_rows`
_HEADER_ROWS: ContextVar[int | None] = ContextVar("header_rows", default=None)


@contextmanager
def declared_header_rows(count: int | None) -> Iterator[None]:
    """Within this block, tables opened have ``count`` header rows (None: as found), as a mapping file's
    ``header_rows`` says where the file cannot tell (two header rows without merged cells)."""
    token = _HEADER_ROWS.set(count)
    try:
        yield
    finally:
        _HEADER_ROWS.reset(token)


def open_table(path: Path, *, skip_bad_rows: bool = False) -> Table:
    """Open a CSV/TSV, Excel (.xlsx, .xls, .xlsb) or OpenDocument (.ods) file as a :class:`Table`, its
    header found as described in :mod:`consult_analyser.ingest.headers`."""
    check_file_size(path)
    with path.open("rb") as fh:
        head = fh.read(512)  # (enough for a web page's "<!DOCTYPE html>" and a workbook's signature)
    if path.stat().st_size == 0:
        raise IngestError(path, "the file is empty")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", *OTHER_SPREADSHEETS} and _text_named_as_workbook(path, head):
        raw = _csv_records(path)  # a tool's CSV export named .xls: read as what it is
        raw.notes.insert(0, f"the file holds a text table, not a {path.suffix} workbook: read as CSV")
    elif suffix in {".xlsx", ".xlsm", *OTHER_SPREADSHEETS}:
        raw = read_workbook(path, head)
    else:
        raw = _csv_records(path)
    return _table(path, raw, skip_bad_rows)


def _merges_in(grid: list[tuple[int, Record]], merges: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """A workbook's merged cells in the rows of ``grid`` (its rows with content, counted from 0)."""
    lines = [record[0] for _, record in grid]
    at = {line: g for g, line in enumerate(lines)}
    out = []
    for first, c0, last, c1 in merges:
        if first in at:
            out.append((at[first], c0, max(g for g, line in enumerate(lines) if line <= last), c1))
    return out


def _table(path: Path, raw: RawRows, skip: bool) -> Table:
    records = raw.records
    buffer: list[Record] = []
    filled = 0
    for record in records:
        buffer.append(record)
        filled += record[2] is None and any(c.strip() for c in record[1])
        if filled >= SCAN_ROWS or len(buffer) >= 20 * SCAN_ROWS:
            break
    grid = [(i, r) for i, r in enumerate(buffer) if r[2] is None and any(c.strip() for c in r[1])]
    if not grid:
        if buffer and buffer[0][2] is not None:
            raise IngestError(path, f"{buffer[0][2]}; the header cannot be read", line=buffer[0][0])
        raise IngestError(path, "the file has no rows with content")
    shape = locate_header([r[1] for _, r in grid], _merges_in(grid, raw.merges) if raw.merges else (),
                          _HEADER_ROWS.get())
    header_at = grid[min(shape.start + shape.rows, len(grid)) - 1][0]
    # cells with no name at the end of the header row over cells most rows fill (a team's notes typed beside the
    # export): columns of their own, named below, not rows too long for the header
    named = max((k + 1 for k, h in enumerate(shape.header) if str(h or "").strip()), default=0)
    widths = [max((k + 1 for k, c in enumerate(r[1]) if c.strip()), default=0) for _, r in grid[shape.start + shape.rows:]]
    longer = [w for w in widths if w > named]
    keep = min(max(longer), len(shape.header)) if widths and len(longer) >= 0.5 * len(widths) else 0
    header = _clean_header(shape.header, path, keep=keep)  # (never more columns than the header row has cells)
    notes = list(raw.notes)
    renamed = [h for h, h0 in zip(header, shape.header, strict=False) if h != " ".join(h0.split())]
    if renamed:
        notes.append(f"columns with no name or a repeated name were named {', '.join(map(repr, renamed[:5]))}")
    data = [r[1] for _, r in grid[shape.start + shape.rows:]]
    # a workbook's dates held as serial numbers in General format (45352.375): read as the dates they are
    dates = SerialDates(header, data) if raw.workbook else SerialDates([], [])
    notes += shape.notes + dates.notes
    if shape.rows == 1 and data and looks_like_header_row(shape.header, data[0], data[1:]):
        line = grid[shape.start + 1][1][0]
        shown = ", ".join(repr(c.strip()) for c in data[0] if c.strip())
        notes.append(f"line {line} looks like a second header row ({shown[:160]}) under the group labels of the "
                     "header: it was read as a respondent. If the file has two header rows, make them one row in a "
                     "spreadsheet program (or keep the group labels in merged cells of a workbook) and import it again")
    # a row repeating the header (two exports pasted one after the other): no respondent
    repeats = HeaderRepeats([r[1] for _, r in grid[shape.start:shape.start + shape.rows]])
    table = Table(path=path, header=header, rows=iter(()), total_rows=raw.total, skip_bad_rows=skip,
                  notes=notes, tool=shape.tool)
    width = len(header)
    # a CSV's line broken off a cell by an unquoted line break (a spreadsheet's or a web page's row of one cell is a
    # row as its program wrote it)
    text_table = not raw.workbook and path.suffix.lower() in {".csv", ".tsv", ".txt", ".tab"}

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line, cells, error in itertools.chain(buffer[header_at + 1:], records):
            if error is not None:
                table.bad_row(line, error)
                continue
            if not any(c.strip() for c in cells):
                continue
            if repeats(cells):
                table.bad_rows.append((line, f"{REPEATED_HEADER}: left out"))
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                table.bad_row(line, f"the row has {len(cells)} cells but the header has {width} columns")
                continue
            if len(cells) == 1 and width >= 3 and cells[0].strip() and text_table:
                # a line of a cell's text broken off the row before it (a line break in a cell not put in quotes):
                # a hostile-input trial's "second line" and "alert(1)" had become respondents with no answers
                table.bad_row(line, f"the row has 1 cell but the header has {width} columns (a line break inside "
                                    "a cell that was not put in quotes?)")
                continue
            if len(cells) != width:
                cells = (cells + [""] * width)[:width]
            if (label := totals_row(cells)) is not None:  # "Total responses" in the name column, the id blank
                table.bad_rows.append((line, f"{TOTALS} ({cells[label].strip()!r} in column {header[label]!r}), not a "
                                             "respondent: left out"))
                continue
            if any(c in SPREADSHEET_ERRORS for c in cells):  # "#N/A" from a lookup that failed: no answer
                table.blanked_errors += sum(c in SPREADSHEET_ERRORS for c in cells)
                cells = ["" if c in SPREADSHEET_ERRORS else c for c in cells]
            if cells and max(map(len, cells)) > MAX_CELL:
                name = next(h for h, c in zip(header, cells, strict=False) if len(c) > MAX_CELL)
                table.bad_row(line, f"a cell is larger than the {MAX_CELL:,} characters allowed", name)
                continue
            yield line, dates(cells)

    table.rows = rows()
    return table


#: what a spreadsheet shows in a cell whose formula failed: never an answer
SPREADSHEET_ERRORS = frozenset({"#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                                "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _clean_header(header: list[str], path: Path, keep: int = 0) -> list[str]:
    """The header's names: invisible characters out, blank columns at the end dropped (but the first ``keep``
    columns kept, which most rows fill), and a blank or repeated name made unique ("Column 14", "Email (2)")."""
    # zero-width characters copied in with a header made "Q1\u200b What do you think?" a second question
    cleaned = [" ".join(_INVISIBLE.sub("", str(h or "")).split()) for h in header]
    while len(cleaned) > keep and not cleaned[-1]:
        cleaned.pop()
    if not any(cleaned):
        raise IngestError(path, "the header row is empty", line=1)
    seen: dict[str, int] = {}
    for i, name in enumerate(cleaned):
        if not name:
            name = f"Column {i + 1}"
        folded = name.casefold()
        if folded in seen:
            seen[folded] += 1
            name = f"{name} ({seen[folded]})"
        else:
            seen[folded] = 1
        cleaned[i] = name
    return cleaned


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (newlines already normalised to \\n), each with its newline.

    Unlike ``io.StringIO(text)``, which copies the whole text into a buffer of four bytes per
    character, this holds one line at a time.
    """
    start, find = 0, text.find
    while True:
        end = find("\n", start)
        if end < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _csv_records(path: Path) -> RawRows:
    text = _csv_text(path)
    if not text or text.isspace():
        raise IngestError(path, "the file is empty")
    delimiter = choose_delimiter(text, "\t" if path.suffix.lower() == ".tsv" else ",")
    notes = [] if delimiter == "," else [f"fields separated by {_DELIMITER_NAMES[delimiter]}"]
    if _MIXED.get(str(path)):
        notes.append("the file is UTF-8 but for a few bytes, read as Windows-1252 characters: check the accented "
                     "letters of the answers that hold them")
    if nuls := _NULS.get(str(path)):
        notes.append(nul_note(nuls))
    if HTML_TAG.search(text):  # a portal's HTML in the answers, read without it (see markup.plain_text): how much
        marked = 0
        with contextlib.suppress(csv.Error):  # (a malformed row is reported as the rows are read)
            for cells in csv.reader(_lines(text), delimiter=delimiter, strict=True):
                marked += sum(1 for c in cells if has_markup(c))
        if marked:
            notes.append(markup_note(marked))
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)

    def records() -> Iterator[Record]:
        line = 0
        while True:
            start = line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line = reader.line_num
                if "unexpected end of data" in str(exc):  # a quote opened and never closed: the file was cut off
                    yield start, [], (f"malformed CSV: the file ends inside a quoted answer that starts on line "
                                      f"{start}, so it may be incomplete (cut off while it was downloaded or copied?); "
                                      "download or export it again")
                    return
                yield start, [], f"malformed CSV ({exc})"
                continue
            line = reader.line_num
            yield start, cells, None

    return RawRows(records(), text.count("\n"), notes)


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars", ",": "commas"}


#: the files read as tables by their name (a .txt only when :func:`looks_like_tab_table` says so)
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", *OTHER_SPREADSHEETS})
