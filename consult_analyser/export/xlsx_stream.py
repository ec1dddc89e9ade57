"""Fast rows for the annex's biggest sheets.

openpyxl writes about 50,000 cells a second; a framework matrix of 100,000 respondents and 120
codes has 12 million. So the workbook is first saved by openpyxl with those sheets holding only
their titles, header row and a native table sized for the rows to come (see
:meth:`SheetWriter.reserve_table <consult_analyser.export.xlsx_writer.SheetWriter.reserve_table>`),
and the rows are then streamed straight into the sheets' XML while the archive is copied. Text
cells are written as inline strings (never formulas), numbers as numbers.

A cell is rendered once without its reference, as the "tail" that follows ``<c r="B7"`` (for
example ``><v>1</v></c>``), so that repeated cells cost nothing to render again; the row writer adds
the references.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from openpyxl.utils import get_column_letter

from consult_analyser.export.safety import cell_text, looks_like_formula
from consult_analyser.progress import ProgressFn, null_progress

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
EMPTY = ""  # nothing is written for an empty cell
ZERO = "><v>0</v></c>"
ONE = "><v>1</v></c>"


@dataclass
class Fill:
    """Rows to stream into a sheet saved with only its header: ``rows()`` is called once, while
    the archive is rewritten; ``first_row`` is the 1-based row of the first data row."""

    sheet: str
    first_row: int
    rows: Callable[[], Iterable[Sequence[object]]]  # values, or cell tails made by text_cell/cells
    planned: int
    label: str = ""
    quote_style: int | None = None  # cellXfs index with quotePrefix (see SheetWriter.quote_style)


def text_cell(value: str, quote_style: int | None = None) -> str:
    """An inline-string cell; text that looks like a formula also gets the workbook's
    quote-prefix style (``quote_style``), so that editing it keeps it text."""
    value = cell_text(value)
    if not value:
        return EMPTY
    style = f' s="{quote_style}"' if quote_style is not None and looks_like_formula(value) else ""
    return f'{style} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def cells(values: Sequence[object], quote_style: int | None = None) -> list[str]:
    """The tails of one row's cells."""
    parts = []
    for value in values:
        if value is None:
            parts.append(EMPTY)
        elif isinstance(value, str):
            parts.append(text_cell(value, quote_style))
        elif isinstance(value, bool):
            parts.append(f' t="b"><v>{int(value)}</v></c>')
        else:
            parts.append(f"><v>{value}</v></c>")
    return parts


class Rendered(list):
    """A row whose cells are already tails (see :func:`text_cell`)."""


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> archive member holding its XML."""
    book = etree.fromstring(archive.read("xl/workbook.xml"))
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iterfind("p:Relationship", _NS)}
    out = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")].lstrip("/")
        out[sheet.get("name")] = target if target.startswith("xl/") else "xl/" + target
    return out


def fill_sheets(source: Path, target: Path, fills: list[Fill], *, max_rows: int,
                progress: ProgressFn | None = None) -> dict[str, int]:
    """Copy the workbook ``source`` to ``target``, streaming each fill's rows into its sheet.
    A row is a sequence of values, or a :class:`Rendered` list of cell tails. Returns rows written per
    sheet."""
    progress = progress or null_progress
    written: dict[str, int] = {}
    total = sum(max(f.planned, 1) for f in fills) or 1
    done = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as zout:
        members = _sheet_members(zin)
        by_member = {members[f.sheet]: f for f in fills}
        for info in zin.infolist():
            fill = by_member.get(info.filename)
            if fill is None:
                zout.writestr(info, zin.read(info.filename), compress_type=zipfile.ZIP_DEFLATED, compresslevel=3)
                continue
            xml = zin.read(info.filename).decode("utf-8")
            cut = xml.rindex("</sheetData>")
            count = 0
            with zout.open(info.filename, "w", force_zip64=True) as out:
                # the dimension (an optional hint) would be stale: drop it
                out.write(re.sub(r'<dimension ref="[^"]*"\s*/>', "", xml[:cut]).encode("utf-8"))
                row_number = fill.first_row
                buffer: list[str] = []
                columns: list[str] = []
                for row in fill.rows():
                    if row_number > max_rows:
                        break
                    tails = row if isinstance(row, Rendered) else cells(row, fill.quote_style)
                    if len(columns) < len(tails):
                        columns = [get_column_letter(i) for i in range(1, len(tails) + 1)]
                    n = str(row_number)
                    body = "".join(f'<c r="{col}{n}"{tail}' for col, tail in zip(columns, tails, strict=False) if tail)
                    buffer.append(f'<row r="{n}">{body}</row>')
                    row_number += 1
                    count += 1
                    if len(buffer) >= 2000:
                        out.write("".join(buffer).encode("utf-8"))
                        buffer = []
                        progress((done + count) / total, f"{fill.label or fill.sheet}: {count:,} rows")
                out.write("".join(buffer).encode("utf-8"))
                out.write(xml[cut:].encode("utf-8"))
            done += max(fill.planned, 1)
            written[fill.sheet] = count
    return written
