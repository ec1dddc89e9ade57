"""The rows of a workbook: Excel (.xlsx and .xlsm with openpyxl; .xls and .xlsb with python-calamine),
OpenDocument (.ods), and a web page's table saved as .xls. What the file holds decides how it is read,
whatever its name says (an OpenDocument spreadsheet saved as .xlsx is read as one, and said); a file
that cannot be read is named with what it is and what to do, never with a program's error name."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_extract import OLE_MAGIC
from consult_analyser.ingest.limits import MAX_DOCUMENT_BYTES, check_archive, check_file_size, check_xlsx_shape
from consult_analyser.ingest.markup import XML_ESCAPED_TAG, markup_note
from consult_analyser.ingest.sheets import CalamineBook, data_sheet

# A record: (line, cells, None) or (line, [], error message) for a row that cannot be read.
Record = tuple[int, list[str], str | None]


@dataclass
class RawRows:
    """A sheet's (or a text file's) rows as read, before the header is found."""

    records: Iterator[Record]
    total: int | None = None  # rows, when known
    notes: list[str] = field(default_factory=list)
    #: merged cells: (first line, first column, last line, last column), columns counted from 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    workbook: bool = False  # cells came typed from a workbook (a number is a number), not as text


#: spreadsheets read with python-calamine: Excel 97-2003 (.xls), Excel binary (.xlsb), OpenDocument (.ods)
OTHER_SPREADSHEETS = {".xls": "Excel 97-2003 workbook (.xls)", ".xlsb": "Excel binary workbook (.xlsb)",
                      ".ods": "OpenDocument spreadsheet (.ods)"}
#: what each kind of workbook is called, and the kind a name promises
KINDS = {"xlsx": "Excel workbook (.xlsx)", "xls": OTHER_SPREADSHEETS[".xls"], "xlsb": OTHER_SPREADSHEETS[".xlsb"],
         "ods": OTHER_SPREADSHEETS[".ods"]}
_NAMED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".xlsb": "xlsb", ".ods": "ods"}
HTML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*<(!doctype html|html|table|\?xml[^>]*>\s*<html|meta|head|body)", re.I)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _encrypted(path: Path) -> bool:
    with path.open("rb") as fh:  # (an encrypted workbook's container names its encryption in UTF-16)
        return "EncryptionInfo".encode("utf-16-le") in fh.read(1 << 20)


def content_kind(path: Path, head: bytes) -> str:
    """What a workbook's bytes are: "xlsx", "xls", "xlsb", "ods", "encrypted" (a workbook protected by a
    password), "html", "docx", "zip" (another zip archive), "broken" (a zip archive cut short or damaged)
    or "" (none of these)."""
    if head.startswith(OLE_MAGIC):
        return "encrypted" if _encrypted(path) else "xls"
    if HTML_START.match(head):
        return "html"
    if head[:2] != b"PK":
        return ""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("mimetype") if "mimetype" in names else None
            mime = archive.read(info) if info is not None and info.file_size < 200 else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError, RuntimeError):
        return "broken"
    if mime.startswith(_ODS_MIME):
        return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"  # (a part missing is said as damage when it is read)
    if any(n.startswith("word/") for n in names):
        return "docx"
    return "zip"


_REOPEN = ("Open it in Excel or LibreOffice (which may repair it) and save it again, or export it again from the "
           "survey tool, and import that")


def read_workbook(path: Path, head: bytes) -> RawRows:
    """The rows of the workbook ``path`` (named .xlsx, .xlsm, .xls, .xlsb or .ods), read as what it holds."""
    suffix = path.suffix.lower()
    named = _NAMED[suffix]
    what = KINDS[named]
    kind = content_kind(path, head)
    if kind == "encrypted":  # a hostile-input trial's was told "if it is a CSV file, rename it to .csv"
        raise IngestError(path, "the workbook is protected by a password, so it cannot be read. Open it in Excel, "
                                "remove the password (File > Info > Protect Workbook > Encrypt with Password), save, "
                                "and import it again")
    if kind == "html":  # older web systems export an HTML table named .xls
        return _html_table_records(path)
    if kind == "broken":
        raise IngestError(path, f"the {what} is damaged or truncated (its content is a zip archive cut short or "
                                f"damaged), so it cannot be read. {_REOPEN}")
    if kind == "docx":
        raise IngestError(path, f"this is a Word document (.docx), not an {what}: if it is a letter, rename it to "
                                ".docx and import it")
    if kind == "zip":
        raise IngestError(path, f"this is a zip archive holding no workbook, not an {what}: unzip it and import the "
                                "survey export inside it")
    if not kind:
        from consult_analyser.ingest.encoding import looks_binary

        if (other := looks_binary(head)) and not other.startswith("binary"):
            raise IngestError(path, f"this is {other}, not an {what}")
        if named == "xls":
            raise IngestError(path, "this .xls file is not an Excel 97-2003 workbook. Open it in a spreadsheet program "
                                    "and save it as .xlsx or .csv, then import that")
        if named == "xlsx":
            raise IngestError(path, "this is not a real Excel workbook (.xlsx): its content is not a zip archive. "
                                    "If it is a CSV file, rename it to .csv")
        raise IngestError(path, f"this is not a real {what}: its content is not a zip archive")
    notes = [] if kind == named else [f"the file is an {KINDS[kind]} named {suffix}: read as what it is"]
    rows = _xlsx_records(path) if kind == "xlsx" else _calamine_records(path, kind, named_as="" if kind == named else suffix)
    rows.notes[:0] = notes
    return rows


_BROKEN = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, TypeError, IndexError)


def _xlsx_records(path: Path) -> RawRows:
    from openpyxl import load_workbook

    check_archive(path, path)  # sizes and compression ratios before anything is inflated
    what = KINDS["xlsx"]
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        for candidate in workbook.worksheets:  # read the cells that hold data, not the declared range
            candidate.reset_dimensions()  # (which may be A1:XFD1048576)
        sheet, notes = data_sheet(workbook)
        scan = _scan_sheet(path, sheet._worksheet_path)
    except IngestError:
        raise
    except _BROKEN:
        raise IngestError(path, f"the {what} is damaged or truncated, so it cannot be read. {_REOPEN}") from None

    def records() -> Iterator[Record]:
        number = 0
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                check_xlsx_shape(path, number, len(cells))
                yield number, [cell_text(c.value, getattr(c, "number_format", None)) for c in cells], None
        except _BROKEN:
            raise IngestError(path, f"the {what} is damaged from this row on, so it cannot be read. {_REOPEN}",
                              line=number + 1) from None
        finally:
            workbook.close()

    # no row count: the declared dimension may be false
    return RawRows(records(), None, notes + scan.notes, scan.merges, workbook=True)


_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_HIDDEN_COLUMN = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_SPAN = re.compile(rb'\b(min|max)="(\d+)"')
# a formula cell with no value saved (a file written by a program that does not calculate): read as empty
_FORMULA_NO_VALUE = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_INLINE_STRING = re.compile(rb'<c\b[^>]*\bt="inlineStr"[^>]*>\s*<is>(.*?)</is>', re.S)
_SHARED_CELL = re.compile(rb'<c\b[^>]*\bt="s"[^>]*>\s*<v>(\d+)</v>')
_SHARED_STRING = re.compile(rb"<si>(.*?)</si>", re.S)


@dataclass
class _Scan:
    notes: list[str]
    merges: list[tuple[int, int, int, int]]


def _marked_strings(archive: zipfile.ZipFile) -> set[bytes]:
    """The indexes (as the sheet writes them) of the workbook's shared strings that hold HTML formatting."""
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return set()
    if not XML_ESCAPED_TAG.search(data.decode("utf-8", "replace")):
        return set()
    return {str(i).encode() for i, m in enumerate(_SHARED_STRING.finditer(data))
            if XML_ESCAPED_TAG.search(m.group(1).decode("utf-8", "replace"))}


def _scan_sheet(path: Path, member: str) -> _Scan:
    """Rows and columns hidden in the sheet are imported like the others; someone may have hidden
    them to leave them out (test responses, duplicates), so the import says which they are; and
    formula cells with no saved value, which read as empty; and cells holding HTML formatting, read
    without it. Also the sheet's merged cells (a group label over its columns). The sheet's XML is
    scanned in pieces (openpyxl's read-only mode keeps neither row attributes nor merged cells)."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    rows: list[str] = []
    columns: list[str] = []
    formulas: dict[str, int] = {}  # column -> formula cells without a saved value (the header row aside)
    merges: list[tuple[int, int, int, int]] = []
    marked = 0  # cells holding HTML formatting

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

    def piece(text: bytes) -> None:
        nonlocal marked
        rows.extend((m.group(1) or m.group(2)).decode() for m in _HIDDEN_ROW.finditer(text))
        columns.extend(hidden_columns(text))
        unsaved(text)
        if b"<mergeCell" in text:
            merges.extend((int(m.group(2)), column_index_from_string(m.group(1).decode()) - 1,
                           int(m.group(4)), column_index_from_string(m.group(3).decode()) - 1)
                          for m in _MERGE.finditer(text))
        if b"&lt;" in text and b"inlineStr" in text:  # (a tag in a cell's text is written "&lt;b&gt;")
            marked += sum(1 for m in _INLINE_STRING.finditer(text)
                          if XML_ESCAPED_TAG.search(m.group(1).decode("utf-8", "replace")))
        if shared:
            marked += sum(1 for m in _SHARED_CELL.finditer(text) if m.group(1) in shared)

    with zipfile.ZipFile(path) as archive:
        shared = _marked_strings(archive)
        with archive.open(member) as stream:
            rest = b""
            while chunk := stream.read(1 << 20):
                text = rest + chunk
                cut = text.rfind(b"<row")  # a row's tag may be split between pieces: keep it for the next
                if cut < 0:
                    cut = text.rfind(b"<mergeCell")
                head, rest = (text[:cut], text[cut:]) if cut >= 0 else (text[:-8], text[-8:])
                piece(head)
            piece(rest)
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
    if marked:
        notes.append(markup_note(marked))
    return _Scan(notes, merges)


def _html_table_records(path: Path) -> RawRows:
    """The largest table of a web page named .xls, a row per <tr>, each cell's text."""
    from lxml import html as lxml_html

    from consult_analyser.ingest.encoding import decode_bytes

    check_file_size(path, MAX_DOCUMENT_BYTES, "web page")  # parsed whole, unlike a CSV read a row at a time
    text, _encoding = decode_bytes(path.read_bytes(), path)
    try:
        tree = lxml_html.document_fromstring(text, parser=lxml_html.HTMLParser(no_network=True, huge_tree=False))
    except Exception:  # noqa: BLE001 - lxml's parser errors: the page cannot be read, whatever the fault
        raise IngestError(path, f"this {path.suffix} file is a web page that cannot be read. Open it in a spreadsheet "
                                "program and save it as .xlsx or .csv, then import that") from None
    tables = tree.xpath("//table")
    if not tables:
        raise IngestError(path, f"this {path.suffix} file is a web page with no table in it. Open it in a spreadsheet "
                                "program and save it as .xlsx or .csv, then import that")
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
    notes = [f"read the table of a web page saved as {path.suffix.lower()}"] + (
        [f"read its largest table (the page has {len(tables)})"] if len(tables) > 1 else [])
    return RawRows(((number, cells, None) for number, cells in enumerate(rows, start=1)), len(rows), notes)


def _calamine_records(path: Path, kind: str, *, named_as: str = "") -> RawRows:
    """A workbook read with python-calamine; ``named_as``: the suffix of a name that says another kind (it is read
    as what it holds)."""
    from python_calamine import CalamineWorkbook

    what = KINDS[kind]
    damaged = (f"this is an {what} named {named_as}, and it is damaged or truncated" if named_as else
               f"the {what} is damaged or truncated")
    if kind != "xls":
        check_archive(path, path)  # sizes and compression ratios before anything is inflated
    try:
        if named_as:
            with path.open("rb") as fh:
                workbook = CalamineWorkbook.from_filelike(fh)
        else:
            workbook = CalamineWorkbook.from_path(str(path))
        sheet, notes = data_sheet(CalamineBook(workbook))
        merges = _calamine_merges(workbook.get_sheet_by_name(sheet.title))
    except IngestError:
        raise
    except Exception:  # noqa: BLE001 - calamine reports a damaged file with its own exception types
        raise IngestError(path, f"{damaged}, so it cannot be read. {_REOPEN}") from None

    def records() -> Iterator[Record]:
        number = 0
        try:
            for number, values in enumerate(sheet.iter_rows(), start=1):
                check_xlsx_shape(path, number, len(values))
                yield number, [cell_text(v) for v in values], None
        except IngestError:
            raise
        except Exception:  # noqa: BLE001 - as above
            raise IngestError(path, f"the {what} is damaged from this row on, so it cannot be read. {_REOPEN}",
                              line=number + 1) from None
        finally:
            workbook.close()

    return RawRows(records(), None, notes, merges, workbook=True)


def _calamine_merges(sheet) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """A calamine sheet's merged cells as lines and columns of its rows (which start at its first used cell)."""
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    top, left = getattr(sheet, "start", None) or (0, 0)
    return [(r0 - top + 1, c0 - left, r1 - top + 1, c1 - left) for (r0, c0), (r1, c1) in ranges]


_PADDED = re.compile(r"0+")  # "00000": 123 shows as 00123 (identifiers, postcodes, telephone numbers)
_PERCENT = re.compile(r"0(?:\.(0+))?%")  # "0%", "0.0%": 0.25 shows as 25%
_CURRENCY = re.compile(r"^(?:\[\$|\")?([£$€¥])")  # "£#,##0.00", "[$€-x-euro2] #,##0.00"


def cell_text(value: object, number_format: str | None = None) -> str:
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
