"""Loading rows from CSV and XLSX files, with the errors an analyst can act on."""

from __future__ import annotations

import csv
import functools
import html
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_extract import OLE_MAGIC
from consult_analyser.ingest.headers import SCAN_ROWS, choose_delimiter, locate_header
from consult_analyser.ingest.limits import (
    MAX_DOCUMENT_BYTES,
    check_archive,
    check_file_size,
    check_line_length,
    check_xlsx_shape,
)
from consult_analyser.ingest.sheets import CalamineBook, data_sheet

MAX_CELL = 1_000_000  # characters; larger cells are refused, not silently cut
csv.field_size_limit(50_000_000)


# markup some portals leave in free-text answers ("<p>I <strong>support</strong> it</p>", "&nbsp;")
_HTML_TAG = re.compile(r"</?(p|br|div|span|strong|em|b|i|u|li|ul|ol|a|h[1-6]|font|blockquote|table|tr|td)\b[^<>]*>",
                       re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr)>", re.IGNORECASE)


def plain_text(value: str) -> str:
    """A free-text answer without the HTML a portal left in it: tags dropped (paragraph and line
    breaks kept as line breaks), entities read ("&amp;" -> "&"). Text with no such tag is returned
    as it is ("a < b and c > d" stays)."""
    if "<" not in value or not _HTML_TAG.search(value):
        return value
    text = _HTML_BREAK.sub("\n", value)
    text = _HTML_TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


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


def _csv_text(path: Path) -> str:
    from consult_analyser.ingest.encoding import decode_bytes

    key = None
    if _decoded is not None:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        if key in _decoded:
            return _decoded[key]
    check_line_length(path)  # a 200 MB line is refused before it is loaded
    text, encoding = decode_bytes(path.read_bytes(), path)
    _MIXED[str(path)] = encoding == "utf-8+cp1252"
    if key is not None and _decoded is not None:
        _decoded.clear()  # one file at a time is enough
        _decoded[key] = text
    return text


def _text_named_as_workbook(path: Path, head: bytes) -> bool:
    """A file named as a workbook that holds delimited text: neither a zip (.xlsx, .ods) nor an
    OLE2 file (.xls) nor an HTML table, and its first lines decode and split into two or more
    fields as a CSV or TSV does."""
    if head[:2] == b"PK" or head.startswith(OLE_MAGIC) or _HTML_START.match(head):
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


def is_xlsx(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in {".xlsx", ".xlsm"} or head[:2] == b"PK" and path.suffix.lower() not in {".docx"}


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


def open_table(path: Path, *, skip_bad_rows: bool = False) -> Table:
    """Open a CSV/TSV, Excel (.xlsx, .xls, .xlsb) or OpenDocument (.ods) file as a :class:`Table`, its
    header found as described in :mod:`consult_analyser.ingest.headers`."""
    check_file_size(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if path.stat().st_size == 0:
        raise IngestError(path, "the file is empty")
    total: int | None
    if path.suffix.lower() in {".xlsx", ".xlsm", *OTHER_SPREADSHEETS} and _text_named_as_workbook(path, head):
        records, total, notes = _csv_records(path)  # a tool's CSV export named .xls: read as what it is
        notes = [f"the file holds a text table, not a {path.suffix} workbook: read as CSV", *notes]
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        records, total, notes = _xlsx_records(path, head)
    elif path.suffix.lower() in OTHER_SPREADSHEETS:
        records, total, notes = _calamine_records(path, head)
    else:
        records, total, notes = _csv_records(path)
    return _table(path, records, total, notes, skip_bad_rows)


# A record: (line, cells, None) or (line, [], error message) for a row that cannot be read.
Record = tuple[int, list[str], str | None]


def _table(path: Path, records: Iterator[Record], total: int | None, notes: list[str], skip: bool) -> Table:
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
    shape = locate_header([r[1] for _, r in grid])
    header_at = grid[min(shape.start + shape.rows, len(grid)) - 1][0]
    # cells with no name at the end of the header row over cells most rows fill (a team's notes typed beside the
    # export): columns of their own, named below, not rows too long for the header
    named = max((k + 1 for k, h in enumerate(shape.header) if str(h or "").strip()), default=0)
    widths = [max((k + 1 for k, c in enumerate(r[1]) if c.strip()), default=0) for _, r in grid[shape.start + shape.rows:]]
    longer = [w for w in widths if w > named]
    keep = min(max(longer), len(shape.header)) if widths and len(longer) >= 0.5 * len(widths) else 0
    header = _clean_header(shape.header, path, keep=keep)  # (never more columns than the header row has cells)
    renamed = [h for h, h0 in zip(header, shape.header, strict=False) if h != " ".join(h0.split())]
    if renamed:
        notes = [*notes, f"columns with no name or a repeated name were named {', '.join(map(repr, renamed[:5]))}"]
    table = Table(path=path, header=header, rows=iter(()), total_rows=total, skip_bad_rows=skip,
                  notes=notes + shape.notes, tool=shape.tool)
    width = len(header)
    # a CSV's line broken off a cell by an unquoted line break (a spreadsheet's or a web page's row of one cell is a
    # row as its program wrote it)
    text_table = path.suffix.lower() in {".csv", ".tsv", ".txt", ".tab"}

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line, cells, error in itertools.chain(buffer[header_at + 1:], records):
            if error is not None:
                table.bad_row(line, error)
                continue
            if not any(c.strip() for c in cells):
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
            if any(c in SPREADSHEET_ERRORS for c in cells):  # "#N/A" from a lookup that failed: no answer
                table.blanked_errors += sum(c in SPREADSHEET_ERRORS for c in cells)
                cells = ["" if c in SPREADSHEET_ERRORS else c for c in cells]
            if cells and max(map(len, cells)) > MAX_CELL:
                name = next(h for h, c in zip(header, cells, strict=False) if len(c) > MAX_CELL)
                table.bad_row(line, f"a cell is larger than the {MAX_CELL:,} characters allowed", name)
                continue
            yield line, cells

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


def _csv_records(path: Path) -> tuple[Iterator[Record], int, list[str]]:
    text = _csv_text(path)
    if not text or text.isspace():
        raise IngestError(path, "the file is empty")
    delimiter = choose_delimiter(text, "\t" if path.suffix.lower() == ".tsv" else ",")
    notes = [] if delimiter == "," else [f"fields separated by {_DELIMITER_NAMES[delimiter]}"]
    if _MIXED.get(str(path)):
        notes.append("the file is UTF-8 but for a few bytes, read as Windows-1252 characters: check the accented "
                     "letters of the answers that hold them")
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
                yield start, [], f"malformed CSV ({exc})"
                continue
            line = reader.line_num
            yield start, cells, None

    return records(), text.count("\n"), notes


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars", ",": "commas"}


_BROKEN = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError)


def _xlsx_records(path: Path, head: bytes) -> tuple[Iterator[Record], int | None, list[str]]:
    from openpyxl import load_workbook

    if head.startswith(OLE_MAGIC):
        with path.open("rb") as fh:  # (an encrypted workbook's container names its encryption in UTF-16)
            encrypted = "EncryptionInfo".encode("utf-16-le") in fh.read(1 << 20)
        if encrypted:  # a hostile-input trial's was told "if it is a CSV file, rename it to .csv"
            raise IngestError(path, "the workbook is protected by a password, so it cannot be read. Open it in Excel, "
                                    "remove the password (File > Info > Protect Workbook > Encrypt with Password), save, "
                                    "and import it again")
        raise IngestError(path, "this is an Excel 97-2003 workbook (.xls) named .xlsx: rename it to .xls and import it "
                                "again")
    if head[:2] != b"PK":
        raise IngestError(path, "this is not a real Excel workbook (.xlsx): its content is not a zip archive. "
                                "If it is a CSV file, rename it to .csv")
    check_archive(path, path)  # sizes and compression ratios before anything is inflated
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        for candidate in workbook.worksheets:  # read the cells that hold data, not the declared range
            candidate.reset_dimensions()  # (which may be A1:XFD1048576)
        sheet, notes = data_sheet(workbook)
        notes += _sheet_notes(path, sheet._worksheet_path)
    except _BROKEN as exc:
        raise IngestError(path, f"the Excel workbook is damaged or truncated ({exc.__class__.__name__}: {exc})") from None

    def records() -> Iterator[Record]:
        number = 0
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                check_xlsx_shape(path, number, len(cells))
                yield number, [_cell(c.value, getattr(c, "number_format", None)) for c in cells], None
        except _BROKEN as exc:
            raise IngestError(path, f"the Excel workbook is damaged ({exc})", line=number + 1) from None
        finally:
            workbook.close()

    return records(), None, notes  # no row count: the declared dimension may be false


_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_HIDDEN_COLUMN = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_SPAN = re.compile(rb'\b(min|max)="(\d+)"')
# a formula cell with no value saved (a file written by a program that does not calculate): read as empty
_FORMULA_NO_VALUE = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')


def _sheet_notes(path: Path, member: str) -> list[str]:
    """Rows and columns hidden in the sheet are imported like the others; someone may have hidden
    them to leave them out (test responses, duplicates), so the import says which they are; and
    formula cells with no saved value, which read as empty. The sheet's XML is scanned in pieces
    (openpyxl's read-only mode does not keep row attributes)."""
    from openpyxl.utils import get_column_letter

    rows: list[str] = []
    columns: list[str] = []
    formulas: dict[str, int] = {}  # column -> formula cells without a saved value (the header row aside)

    def unsaved(text: bytes) -> None:
        if b"<f" in text:
            for m in _FORMULA_NO_VALUE.finditer(text):
                if m.group(2) != b"1":
                    formulas[m.group(1).decode()] = formulas.get(m.group(1).decode(), 0) + 1

    def hidden_columns(text: bytes) -> list[str]:
        found = []
        for tag in _HIDDEN_COLUMN.findall(text):
            span = {k.decode(): int(v) for k, v in _SPAN.findall(tag)}
            low = span.get("min", 1)
            high = span.get("max", low)
            if high - low < 50:  # not a template's "everything right of the table is hidden"
                found += [get_column_letter(c) for c in range(low, high + 1)]
        return found

    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        rest = b""
        while chunk := stream.read(1 << 20):
            text = rest + chunk
            cut = text.rfind(b"<row")  # a row's tag may be split between pieces: keep it for the next
            head, rest = (text[:cut], text[cut:]) if cut >= 0 else (text[:-8], text[-8:])
            rows += [(m.group(1) or m.group(2)).decode() for m in _HIDDEN_ROW.finditer(head)]
            columns += hidden_columns(head)
            unsaved(head)
        rows += [(m.group(1) or m.group(2)).decode() for m in _HIDDEN_ROW.finditer(rest)]
        columns += hidden_columns(rest)
        unsaved(rest)
    notes = []
    if rows:
        shown = ", ".join(rows[:5]) + (", ..." if len(rows) > 5 else "")
        notes.append(f"{len(rows)} row(s) hidden in the workbook (sheet row {shown}) were imported like the others: if they "
                     "were hidden to leave them out, delete them in the workbook and import it again")
    if columns:
        shown = ", ".join(columns[:8]) + (", ..." if len(columns) > 8 else "")
        notes.append(f"hidden column(s) in the workbook: {shown}; they were read like the others")
    if formulas:
        shown = ", ".join(f"{c} ({n})" for c, n in sorted(formulas.items())[:8])
        notes.append(f"{sum(formulas.values()):,} formula cell(s) have no saved value and read as empty (column "
                     f"{shown}): the program that wrote the file did not calculate them; open it in Excel or "
                     "LibreOffice, save it and import it again to have their values")
    return notes


#: spreadsheets read with python-calamine: Excel 97-2003 (.xls), Excel binary (.xlsb), OpenDocument (.ods)
OTHER_SPREADSHEETS = {".xls": "Excel 97-2003 workbook (.xls)", ".xlsb": "Excel binary workbook (.xlsb)",
                      ".ods": "OpenDocument spreadsheet (.ods)"}
#: the files read as tables by their name (a .txt only when :func:`looks_like_tab_table` says so)
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", *OTHER_SPREADSHEETS})
_HTML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*<(!doctype html|html|table|\?xml[^>]*>\s*<html|meta|head|body)",
                         re.I)


def _html_table_records(path: Path) -> tuple[Iterator[Record], int | None, list[str]]:
    """The largest table of a web page named .xls, a row per <tr>, each cell's text."""
    from lxml import html as lxml_html

    from consult_analyser.ingest.encoding import decode_bytes

    check_file_size(path, MAX_DOCUMENT_BYTES, "web page")  # parsed whole, unlike a CSV read a row at a time
    text, _encoding = decode_bytes(path.read_bytes(), path)
    try:
        tree = lxml_html.document_fromstring(text, parser=lxml_html.HTMLParser(no_network=True, huge_tree=False))
    except Exception as exc:  # lxml's parser errors
        raise IngestError(path, f"this .xls file is a web page that cannot be read ({exc})") from None
    tables = tree.xpath("//table")
    if not tables:
        raise IngestError(path, "this .xls file is a web page with no table in it. Open it in a spreadsheet program "
                                "and save it as .xlsx or .csv, then import that")
    table = max(tables, key=lambda t: len(t.xpath(".//tr")))
    for br in table.iter("br"):  # a line break inside a cell is one in the answer
        br.tail = "\n" + (br.tail or "")
    rows = []
    for tr in table.xpath(".//tr"):
        cells = []
        for cell in tr.xpath("./th|./td"):
            value = "\n".join(" ".join(line.split()) for line in cell.text_content().split("\n")).strip()
            cells.extend([value] + [""] * (max(1, int(cell.get("colspan", "1") or 1)) - 1))
        rows.append(cells)
    notes = ["read the table of a web page saved as .xls"] + (
        [f"read its largest table (the page has {len(tables)})"] if len(tables) > 1 else [])
    return ((number, cells, None) for number, cells in enumerate(rows, start=1)), len(rows), notes


def _calamine_records(path: Path, head: bytes) -> tuple[Iterator[Record], int | None, list[str]]:
    from python_calamine import CalamineWorkbook

    suffix = path.suffix.lower()
    what = OTHER_SPREADSHEETS[suffix]
    if suffix == ".xls" and not head.startswith(OLE_MAGIC):
        if _HTML_START.match(head):  # older web systems export an HTML table named .xls
            return _html_table_records(path)
        raise IngestError(path, "this .xls file is not an Excel 97-2003 workbook. Open it in a spreadsheet program "
                                "and save it as .xlsx or .csv, then import that")
    if suffix != ".xls":
        if head[:2] != b"PK":
            raise IngestError(path, f"this is not a real {what}: its content is not a zip archive")
        check_archive(path, path)  # sizes and compression ratios before anything is inflated
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet, notes = data_sheet(CalamineBook(workbook))
    except IngestError:
        raise
    except Exception as exc:  # calamine reports a damaged file with its own exception types
        raise IngestError(path, f"the {what} is damaged or cannot be read ({exc})") from None

    def records() -> Iterator[Record]:
        number = 0
        try:
            for number, values in enumerate(sheet.iter_rows(), start=1):
                check_xlsx_shape(path, number, len(values))
                yield number, [_cell(v) for v in values], None
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(path, f"the {what} is damaged ({exc})", line=number + 1) from None
        finally:
            workbook.close()

    return records(), None, notes


_PADDED = re.compile(r"0+")  # "00000": 123 shows as 00123 (identifiers, postcodes, telephone numbers)
_PERCENT = re.compile(r"0(?:\.(0+))?%")  # "0%", "0.0%": 0.25 shows as 25%
_CURRENCY = re.compile(r"^(?:\[\$|\")?([£$€¥])")  # "£#,##0.00", "[$€-x-euro2] #,##0.00"


def _cell(value: object, number_format: str | None = None) -> str:
    """A cell as text, as the spreadsheet shows it where that matters: a number formatted with
    leading zeros keeps them ("00123", as the survey tool's CSV of the same export has it) and a
    percentage reads as one; other numbers are written plainly (no thousands separators)."""
    if value is None:
        return ""
    if number_format and isinstance(value, int | float) and not isinstance(value, bool):
        if _PADDED.fullmatch(number_format) and float(value).is_integer() and value >= 0:
            return str(int(value)).zfill(len(number_format))
        if percent := _PERCENT.fullmatch(number_format):
            return f"{value * 100:.{len(percent.group(1) or '')}f}%"
        if currency := _CURRENCY.search(number_format):  # "£#,##0.00": £21.46, as shown
            return f"{'-' if value < 0 else ''}{currency.group(1)}{abs(value):.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        if not any(getattr(value, part, 0) for part in ("hour", "minute", "second")):
            return value.strftime("%Y-%m-%d")  # type: ignore[attr-defined]  # a date: no "00:00"
        return value.strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
    if isinstance(value, str) and "_x" in value:
        # Excel stores a carriage return in a cell as "_x000D_", which openpyxl hands over as written:
        # multi-line answers from survey tools' Excel exports read "First line_x000D_ Second line"
        from openpyxl.utils.escape import unescape

        return unescape(value).replace("\r\n", "\n").replace("\r", "\n")
    return str(value)
