"""Loading rows from CSV and XLSX files, with the errors an analyst can act on."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.limits import check_archive, check_file_size, check_line_length, check_xlsx_shape

MAX_CELL = 1_000_000  # characters; larger cells are refused, not silently cut
csv.field_size_limit(50_000_000)


@dataclass
class Table:
    """A header and an iterator over data rows (each padded to the header's length)."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (1-based data row number, cells)
    total_rows: int | None = None


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


def _csv_text(path: Path) -> str:
    from consult_analyser.ingest.encoding import decode_bytes

    key = None
    if _decoded is not None:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        if key in _decoded:
            return _decoded[key]
    check_line_length(path)  # a 200 MB line is refused before it is loaded
    text, _encoding = decode_bytes(path.read_bytes(), path)
    if key is not None and _decoded is not None:
        _decoded.clear()  # one file at a time is enough
        _decoded[key] = text
    return text


def is_xlsx(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in {".xlsx", ".xlsm"} or head[:2] == b"PK" and path.suffix.lower() not in {".docx"}


def open_table(path: Path) -> Table:
    """Open a CSV/TSV or XLSX file as a :class:`Table`."""
    check_file_size(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if path.stat().st_size == 0:
        raise IngestError(path, "the file is empty")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _open_xlsx(path, head)
    return _open_csv(path)


def _clean_header(header: list[str], path: Path) -> list[str]:
    cleaned = [str(h or "").replace("\ufeff", "").strip() for h in header]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if not any(cleaned):
        raise IngestError(path, "the first row (the header) is empty", row=0)
    seen: dict[str, int] = {}
    for i, name in enumerate(cleaned):
        if not name:
            name = f"Column {i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        cleaned[i] = name
    return cleaned


def _check_cells(path: Path, header: list[str], number: int, cells: list[str]) -> list[str]:
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        raise IngestError(path, f"the row has {len(cells)} cells but the header has {len(header)} columns", row=number)
    if len(cells) != len(header):
        cells = (cells + [""] * len(header))[: len(header)]
    if cells and max(map(len, cells)) > MAX_CELL:
        for name, cell in zip(header, cells, strict=False):
            if len(cell) > MAX_CELL:
                raise IngestError(path, f"a cell of {len(cell):,} characters is larger than the {MAX_CELL:,} allowed",
                                  row=number, field_name=name)
    return cells


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


def _open_csv(path: Path) -> Table:
    text = _csv_text(path)
    if not text or text.isspace():
        raise IngestError(path, "the file is empty")
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    try:
        header = _clean_header(next(reader), path)
    except csv.Error as exc:
        raise IngestError(path, f"malformed CSV: {exc}", row=0) from None
    total = text.count("\n")  # an upper bound, good enough for progress

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise IngestError(path, f"malformed CSV: {exc}", row=number + 1) from None
            number += 1
            if not any(c.strip() for c in cells):
                continue
            yield number, _check_cells(path, header, number, cells)

    return Table(path=path, header=header, rows=rows(), total_rows=total)


def _open_xlsx(path: Path, head: bytes) -> Table:
    from openpyxl import load_workbook

    if head[:2] != b"PK":
        raise IngestError(path, "this is not a real Excel workbook (.xlsx): its content is not a zip archive. "
                                "If it is a CSV file, rename it to .csv")
    check_archive(path, path)  # sizes and compression ratios before anything is inflated
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise IngestError(path, f"the Excel workbook is damaged or truncated ({exc.__class__.__name__}: {exc})") from None
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # read the cells that hold data, not the declared range (it may be A1:XFD1048576)
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        raise IngestError(path, "the first sheet is empty") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise IngestError(path, f"the Excel workbook is damaged ({exc})") from None
    check_xlsx_shape(path, 1, len(first))
    header = _clean_header([_cell(v) for v in first], path)

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            for values in iterator:
                number += 1
                check_xlsx_shape(path, number + 1, len(values))
                cells = [_cell(v) for v in values]
                if not any(c.strip() for c in cells):
                    continue
                yield number, _check_cells(path, header, number, cells)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
            raise IngestError(path, f"the Excel workbook is damaged ({exc})", row=number + 1) from None
        finally:
            workbook.close()

    return Table(path=path, header=header, rows=rows(), total_rows=None)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
    return str(value)
