"""A small layer over openpyxl's write-only (streaming) workbook.

Every sheet is streamed row by row, so a 100,000-row framework matrix costs little memory. The
layer adds what write-only mode leaves to the caller: native tables with their column names set by
hand, frozen headers and column widths fixed before the first row, number formats per column, and
text cells that can never be formulas (see :mod:`consult_analyser.export.safety`). A title or a
paragraph of notes is always one cell (never a sentence cut over several rows); a sheet's header
can be frozen at its first table's header row, wherever that falls; every chart gets a text
description (alt text) and axis titles (see :func:`save_workbook`).
"""

from __future__ import annotations

import math
import os
import posixpath
import re
import warnings
import weakref
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from consult_analyser.export.safety import cell_text, looks_like_formula

MAX_ROWS = 1_048_576  # Excel's limit per sheet
PERCENT = "0.0%"
INTEGER = "#,##0"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
LINK_FONT = Font(color="0563C1", underline="single")  # Excel's own Hyperlink style
NOT_APPLICABLE = "[z]"  # GSS shorthand for an empty cell of a table: not applicable (see the Notes sheet)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER = Alignment(wrap_text=True, vertical="bottom")
HEADER_RIGHT = Alignment(wrap_text=True, vertical="bottom", horizontal="right")  # over a column of figures
RIGHT = Alignment(horizontal="right")
TOP = Alignment(vertical="top")  # figures beside a wrapped label sit at its first line, not beside the next row's
RIGHT_TOP = Alignment(horizontal="right", vertical="top")
# text in a column to the right of a column of figures, set off from them ("134Mass Comment ..." in print)
INDENT = Alignment(horizontal="left", indent=1)
INDENT_TOP = Alignment(horizontal="left", vertical="top", indent=1)
WRAP_INDENT = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)
HEADER_INDENT = Alignment(wrap_text=True, vertical="bottom", horizontal="left", indent=1)
CHART_ROWS = 200  # rows of a table kept for scaling a chart's axis (a chart draws 25 or 30 at most)
# at most this many intervals on a value axis: counts' labels ("2,500") ran together at 5 in a narrow chart
AXIS_STEPS = 4
PERCENT_STEPS = 5  # (shorter labels: "40%")


def sheet_title(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name (31 characters at most, none of []:*?/\\)."""
    base = _SHEET_BAD.sub(" ", text).strip(" '")[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def unique_headers(headers: Sequence[str]) -> list[str]:
    """Table column names must be unique, non-empty text of at most 255 characters."""
    out: list[str] = []
    seen: set[str] = set()
    for i, header in enumerate(headers, 1):
        name = re.sub(r"\s+", " ", cell_text(str(header))).strip()[:250] or f"Column {i}"
        candidate, number = name, 2
        while candidate.lower() in seen:
            candidate = f"{name} ({number})"
            number += 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def _lines(text: str, width: float) -> int:
    """Roughly how many lines ``text`` wraps to in a column ``width`` characters wide, wrapped at spaces as a
    spreadsheet wraps it (counting characters alone gave "Provisions of the National Environmental Policy Act"
    two lines in a column it takes four of, and it ran over the row below in print)."""
    per_line = max(1, int(width * 1.1))
    return sum(_wrapped(part, per_line) for part in text.split("\n"))


def _wrapped(part: str, per_line: int) -> int:
    """Lines one paragraph takes, its words placed greedily; a word longer than a line runs on over several."""
    if len(part) <= per_line:
        return 1
    lines, used = 1, -1  # -1: nothing on the line yet
    for word in part.split():
        n = len(word)
        if used >= 0 and used + 1 + n <= per_line:
            used += 1 + n
            continue
        if used >= 0:
            lines += 1
        spill = (n - 1) // per_line
        lines += spill
        used = n - spill * per_line
    return lines


@dataclass
class TableSpan:
    """Where a table landed: header row, last row, first column, last column (1-based)."""

    header_row: int
    last_row: int
    first_col: int
    last_col: int
    name: str = ""  # the table's name in Excel
    headers: list[str] = field(default_factory=list)
    # the first CHART_ROWS rows as written: a chart of the table scales its value axis to them
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def data_rows(self) -> int:
        return self.last_row - self.header_row


@dataclass
class Link:
    """A cell's text that links to cell A1 of a sheet of the workbook."""

    text: str
    sheet: str


_WRITERS: weakref.WeakKeyDictionary[Workbook, list[SheetWriter]] = weakref.WeakKeyDictionary()


def save_workbook(workbook: Workbook, path: str | Path) -> None:
    """Save a workbook whose sheets were written by :class:`SheetWriter`: rows still held back (a
    sheet that never reached a table to freeze at) are written, then every chart is given its text
    description (openpyxl writes none)."""
    writers = _WRITERS.pop(workbook, [])
    for writer in writers:
        writer.flush()
    workbook.save(path)
    texts = {w.title: w.chart_texts for w in writers if w.chart_texts}
    if texts:
        describe_charts(Path(path), texts)


class SheetWriter:
    """Rows written top to bottom into one streaming sheet."""

    def __init__(self, workbook: Workbook, title: str, *, widths: Sequence[float] = (),
                 freeze: str | None = None, table_names: set[str] | None = None, wrap_notes: bool = False,
                 portrait: bool = False):
        """``freeze``: a cell ("D5") to freeze the panes at; column letters only ("A", or "B" to keep
        column A in view too): freeze at the header row of the sheet's first table, however many
        rows of notes come before it (the rows are held back until it is known; see
        :func:`save_workbook`). ``wrap_notes``: each title and note wraps inside its one cell (column
        A's width; for sheets of prose, such as a cover, whose panes are not frozen), instead of
        running on across the empty cells to its right. ``portrait``: printed upright (a long list in a
        few columns: more rows on a page than landscape gives, the page still fitted to the columns' width)."""
        self.ws = workbook.create_sheet(title)
        self.title = title
        _WRITERS.setdefault(workbook, []).append(self)
        self.wrap_notes = wrap_notes
        self.chart_texts: list[tuple[str, str]] = []  # (title, description) of each chart, in order
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self._columns, self._columns_width = len(widths), float(sum(widths))
        self._pending: list[list[Any]] | None = None  # rows held back until the freeze row is known
        self._freeze_column = ""
        if freeze and freeze.isalpha():
            self._pending, self._freeze_column = [], freeze.upper()
        elif freeze:
            self.ws.freeze_panes = freeze
        # printing (and PDF): landscape (or portrait), as wide as the page, as many pages down as needed
        self.ws.page_setup.orientation = "portrait" if portrait else "landscape"
        self.ws.page_setup.paperSize = "9"  # A4
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.print_options.gridLines = False
        self.ws.page_margins.left = self.ws.page_margins.right = 0.5
        self.ws.oddFooter.center.text = "&A, page &P of &N"  # sheet name and page number on every page
        self.row = 0
        self._table_names = table_names if table_names is not None else set()
        self.truncated = False

    # ------------------------------------------------------------------------------ cells
    def cell(self, value: Any, *, number_format: str | None = None, font: Font | None = None,
             alignment: Alignment | None = None) -> Any:
        """A value ready to append: text is made legal and never a formula."""
        if isinstance(value, Link):
            cell = WriteOnlyCell(self.ws, value=cell_text(value.text))
            cell.data_type = "s"
            cell.font = LINK_FONT
            return cell
        if isinstance(value, str):
            value = cell_text(value)
            if looks_like_formula(value) or number_format or font or alignment:
                cell = WriteOnlyCell(self.ws, value=value)
                cell.data_type = "s"  # openpyxl would turn "=..." into a formula cell
                if looks_like_formula(value):
                    cell.quotePrefix = True
                self._style(cell, number_format, font, alignment)
                return cell
            return value
        if number_format or font or alignment:
            cell = WriteOnlyCell(self.ws, value=value)
            self._style(cell, number_format, font, alignment)
            return cell
        return value

    @staticmethod
    def _style(cell: WriteOnlyCell, number_format: str | None, font: Font | None,
               alignment: Alignment | None) -> None:
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        if alignment:
            cell.alignment = alignment

    def append(self, values: Iterable[Any], formats: dict[int, str] | None = None) -> bool:
        """Append one row (``formats`` maps 0-based column to a number format). False when the
        sheet is full."""
        if self.row >= MAX_ROWS:
            self.truncated = True
            return False
        if formats:
            row = [self.cell(v, number_format=formats.get(i)) for i, v in enumerate(values)]
        else:
            row = [self.cell(v) for v in values]
        self._emit(row)
        return True

    def _emit(self, row: list[Any]) -> None:
        """Write one row (held back while the row to freeze the panes at is not yet known)."""
        if self._pending is not None:
            self._pending.append(row)
        else:
            self.ws.append(row)
        self.row += 1

    def _freeze_at(self, header_row: int) -> None:
        """The first table's header is at ``header_row``: freeze the panes under it, write the rows held back."""
        if self._pending is None:
            return
        self.ws.freeze_panes = f"{self._freeze_column}{header_row + 1}"
        self.flush()

    def flush(self) -> None:
        """Write the rows held back (no table came to freeze at)."""
        pending, self._pending = self._pending, None
        for row in pending or []:
            self.ws.append(row)

    def title_row(self, text: str) -> None:
        """The sheet's title: one cell, however long (see :meth:`paragraph`)."""
        self.paragraph(text, TITLE_FONT, 1.3, 19)

    def note(self, text: str, *, bold: bool = False) -> None:
        """A paragraph of notes: one cell, however long (see :meth:`paragraph`)."""
        self.paragraph(text, BOLD if bold else None)

    def paragraph(self, text: str, font: Font | None = None, scale: float = 1.0, line_height: int = 15) -> None:
        """One cell in column A holding the whole paragraph (a sentence cut over several cells reads
        as several notes, and a screen reader reads it so). With ``wrap_notes`` it wraps inside the
        cell, in a row as tall as its lines (``scale``: wider type than the body's); otherwise it
        runs on across the empty cells to its right."""
        if self.wrap_notes and text:
            lines = _lines(text, self._width(0) / scale)
            if lines > 1:
                self.ws.row_dimensions[self.row + 1].height = min(409, line_height * lines)
            self._emit([self.cell(text, font=font, alignment=WRAP)])
        elif text and self._columns >= 2 and len(text) * scale > self._columns_width:
            # longer than the sheet's columns are wide: wrapped across them (one cell, merged), or the page
            # fitted to its width printed a question's sheet at 5 points (two trials' annexes)
            row = self.row + 1
            lines = _lines(text, self._columns_width / scale)
            self.ws.row_dimensions[row].height = min(409, line_height * lines)
            self.ws.merged_cells.add(f"A{row}:{get_column_letter(self._columns)}{row}")
            self._emit([self.cell(text, font=font, alignment=WRAP)])
        else:
            self._emit([self.cell(text, font=font)] if text else [])

    def pair(self, label: str, value: Any, number_format: str | None = None) -> None:
        # a withheld count ("<5") lines up with the figures around it
        right = RIGHT if number_format and isinstance(value, str) else None
        self._emit([self.cell(label, font=BOLD), self.cell(value, number_format=number_format, alignment=right)])

    def blank(self) -> None:
        self._emit([])

    # ---------------------------------------------------------------------------- printing
    def repeat_header(self, span: TableSpan) -> None:
        """Print the table's header row at the top of every page."""
        self.ws.print_title_rows = f"{span.header_row}:{span.header_row}"

    def page_break(self) -> None:
        """Start a new printed page after the rows written so far (e.g. to keep a chart whole)."""
        if self.row:
            self.ws.row_breaks.append(Break(id=self.row))

    def data_sheet(self, columns: int = 4, rows: int = 3) -> None:
        """A sheet for filtering and analysis, not for printing: only its title and notes print."""
        self.ws.print_area = f"A1:{get_column_letter(max(1, columns))}{max(1, rows)}"

    # ----------------------------------------------------------------------------- tables
    def table(self, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
              formats: dict[int, str] | None = None, wrap: Sequence[int] = (),
              style: str = "TableStyleMedium2") -> TableSpan:
        """A native Excel table (filter buttons, banded rows) from a header and streamed rows.

        ``wrap`` lists 0-based columns whose text wraps. Stops at Excel's row limit.
        """
        headers = unique_headers(headers)
        header_row = self.row + 1
        # a header wrapped over more lines than the row holds showed only its last words ("those who agreed")
        lines = max([1] + [_lines(h, self._width(i)) for i, h in enumerate(headers)])
        if lines > 1:
            self.ws.row_dimensions[header_row].height = min(409, 15 * lines)
        formats = dict(formats or {})
        self._freeze_at(header_row)
        # text right of a column of figures is indented: right-aligned figures ran into it ("134Mass ...")
        indented = {i for i in range(1, len(headers)) if i not in formats and i - 1 in formats}
        # a header over figures lines up with them (left-aligned, Individual's counts read as the next column's)
        self._emit([self.cell(h, font=BOLD, alignment=HEADER_RIGHT if i in formats else
                              HEADER_INDENT if i in indented else HEADER) for i, h in enumerate(headers)])
        widths = {i: self._width(i) for i in wrap}
        kept: list[tuple[Any, ...]] = []
        for row in rows:
            if self.row >= MAX_ROWS:
                self.truncated = True
                break
            values = []
            lines = max([1] + [_lines(v, widths[i]) for i, v in enumerate(row) if i in widths and isinstance(v, str)])
            for i, value in enumerate(row):
                if isinstance(value, Link):  # to the sheet's cell A1, inside the workbook
                    cell = self.cell(value)
                    cell.hyperlink = Hyperlink(ref=f"{get_column_letter(i + 1)}{self.row + 1}",
                                               location=f"'{value.sheet}'!A1", display=value.text)
                    cell.hyperlink.ref = f"{get_column_letter(i + 1)}{self.row + 1}"  # (the setter sets A1)
                    values.append(cell)
                elif i in widths and isinstance(value, str):
                    values.append(self.cell(value, number_format=formats.get(i),
                                            alignment=WRAP_INDENT if i in indented else WRAP))
                elif i in indented and isinstance(value, str):
                    values.append(self.cell(value, alignment=INDENT_TOP if widths else INDENT))
                elif isinstance(value, str) and i in formats:  # a number shown as text ("<5") lines up right
                    values.append(self.cell(value, alignment=RIGHT_TOP if widths else RIGHT))
                else:  # (in a table that wraps, every cell at the top: a figure sat lower than its one-line name)
                    values.append(self.cell(value, number_format=formats.get(i), alignment=TOP if widths else None))
            if lines > 1:  # programs do not all size wrapped rows themselves
                self.ws.row_dimensions[self.row + 1].height = min(409, 15 * lines)
            if len(kept) < CHART_ROWS:
                kept.append(tuple(row))
            self._emit(values)
        last_row = self.row
        if last_row == header_row:  # a table needs a data row, even an empty one
            self.blank()
            last_row = self.row
        span = TableSpan(header_row, last_row, 1, len(headers), headers=headers, rows=kept)
        span.name = self._add_table(name, headers, span, style)
        return span

    def reserve_table(self, name: str, headers: Sequence[str], planned: int, *,
                      style: str = "TableStyleMedium2") -> TableSpan:
        """Write only the header of a table whose ``planned`` rows are streamed in after saving
        (see :mod:`consult_analyser.export.xlsx_stream`). Returns the table's span."""
        headers = unique_headers(headers)
        header_row = self.row + 1
        self._freeze_at(header_row)
        self._emit([self.cell(h, font=BOLD, alignment=HEADER) for h in headers])
        last_row = min(MAX_ROWS, header_row + max(planned, 1))
        span = TableSpan(header_row, last_row, 1, len(headers), headers=headers)
        span.name = self._add_table(name, headers, span, style)
        return span

    def quote_style(self) -> int:
        """The workbook's style index for text with Excel's quote prefix (registered on first use)."""
        cell = WriteOnlyCell(self.ws)
        cell.quotePrefix = True
        return cell.style_id

    def _width(self, index: int) -> float:
        dims = self.ws.column_dimensions.get(get_column_letter(index + 1))
        return float(dims.width) if dims is not None and dims.width else 8.43

    def _add_table(self, name: str, headers: list[str], span: TableSpan, style: str) -> str:
        """Add the table; returns its name as Excel has it."""
        name = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not re.match(r"[A-Za-z_]", name):
            name = "T_" + name
        base, number = name[:200], 2
        while name.lower() in self._table_names:
            name = f"{base}_{number}"
            number += 1
        self._table_names.add(name.lower())
        ref = f"A{span.header_row}:{get_column_letter(span.last_col)}{span.last_row}"
        table = Table(displayName=name, ref=ref)
        table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
        table.autoFilter = AutoFilter(ref=ref)
        table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
        with warnings.catch_warnings():  # the columns are set above, as write-only mode needs
            warnings.simplefilter("ignore", UserWarning)
            self.ws.add_table(table)
        return name

    # ----------------------------------------------------------------------------- charts
    def chart_page(self, span: TableSpan, *, height: float, **options: Any) -> None:
        """A bar chart (see :meth:`bar_chart`) on a printed page of its own: a page break, the chart,
        empty rows under it, so that no chart is ever cut in two."""
        self.charts_page([(span, "A", dict(options, height=height))])

    def charts_page(self, charts: Sequence[tuple[TableSpan, str, dict[str, Any]]]) -> None:
        """Charts side by side on a printed page of their own: (table span, anchor column, options
        of :meth:`bar_chart` with ``height``) each. Put it after the sheet's last table: the rows
        under the charts are left empty."""
        if not charts:
            return
        self.page_break()
        row = self.row + 1
        for span, column, options in charts:
            self.bar_chart(span, anchor=f"{column}{row}", **options)
        height = max(float(options["height"]) for _s, _c, options in charts)
        for _ in range(int(height / 0.5) + 2):  # rows of 15 points (0.53 cm) under the charts
            self.blank()

    def bar_chart(self, span: TableSpan, *, label_col: int, value_cols: Sequence[int], title: str,
                  anchor: str, horizontal: bool = True, percent: bool = False, max_rows: int = 25,
                  stacked: bool = False, height: float = 9.0, width: float = 16.0, axis_title: str | None = None,
                  description: str = "") -> None:
        """A native bar chart of table columns (1-based column numbers). Its value axis is titled with
        its unit (``axis_title``; by default respondents, or their percentage), its category axis with
        the label column's header, and it is described in words for screen readers (``description``,
        to which the table holding its figures is added)."""
        if span.data_rows < 1:
            return
        last = min(span.last_row, span.header_row + max_rows)
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.height, chart.width = height, width
        chart.legend = None if len(value_cols) == 1 else chart.legend
        if stacked:
            chart.grouping = "percentStacked" if percent else "stacked"
            chart.overlap = 100
        for col in value_cols:
            data = Reference(self.ws, min_col=col, min_row=span.header_row, max_row=last)
            chart.add_data(data, titles_from_data=True)
        labels = Reference(self.ws, min_col=label_col, min_row=span.header_row + 1, max_row=last)
        for series in chart.series:  # text labels: a string reference (openpyxl writes a numeric one)
            series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
        if horizontal:
            chart.y_axis.scaling.orientation = "minMax"
            chart.x_axis.scaling.orientation = "maxMin"  # first row at the top
        # the value axis starts at nought (a bar of 39 drew 2.5 times one of 36) and its labels read apart
        # ("1% 1% 1%" on shares of 0.85% to 0.92%): steps and number format from the figures drawn
        low, high, step, number_format = value_axis(span, value_cols, last - span.header_row, percent=percent,
                                                    stacked=stacked)
        chart.y_axis.scaling.min = low
        if high is not None:
            chart.y_axis.scaling.max = high
            chart.y_axis.majorUnit = step
        chart.y_axis.number_format = number_format
        chart.y_axis.title = axis_title or ("Percentage of respondents" if percent else "Respondents")
        if span.headers[label_col - 1:label_col]:
            chart.x_axis.title = span.headers[label_col - 1]
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        self.ws.add_chart(chart, anchor)
        letters = re.match(r"[A-Z]*", anchor).group()  # type: ignore[union-attr]  # (always matches)
        row = int(anchor[len(letters):] or 0)
        above, left = row > span.last_row, bool(letters) and column_index_from_string(letters) > span.last_col
        where = "above, on the left" if above and left else "above" if above else "to the left" if left else "here"
        figures = ", ".join(span.headers[c - 1] for c in value_cols if c - 1 < len(span.headers))
        shown = f" (its first {max_rows} rows)" if span.last_row > last else ""
        self.chart_texts.append((title, f"{'Stacked bar' if stacked else 'Bar'} chart: {title}{shown}. "
                                        + (description + " " if description else "")
                                        + f"The figures ({figures}) are in the table {span.name} {where}."))


def nice_step(span: float, steps: int = AXIS_STEPS) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that cuts ``span`` into at most ``steps`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / steps
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw * (1 - 1e-9):
            return float(f"{factor * power:.12g}")
    return 10 * power  # (not reached)


def _decimals(step: float) -> int:
    """Decimal places that tell labels ``step`` apart (0.2 -> 1, 0.05 -> 2, 5 -> 0)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def value_axis(span: TableSpan, value_cols: Sequence[int], rows: int, *, percent: bool = False,
               stacked: bool = False) -> tuple[float, float | None, float, str]:
    """A bar chart's value axis for the first ``rows`` rows of a table: (minimum, maximum, major unit,
    number format). The minimum is nought (below it only for negative figures, such as a kappa); the
    maximum a whole number of steps at or above the longest bar (None: the rows are not known, and the
    program sets it); labels in whole numbers for counts, with as many decimals as the step needs."""
    if stacked and percent:  # each bar fills 0% to 100%
        return 0.0, 1.0, 0.25, "0%"
    if rows > len(span.rows):
        return 0.0, None, 1.0, "0%" if percent else INTEGER
    figures: list[list[float]] = []
    for row in span.rows[:rows]:
        cells = [row[c - 1] if c - 1 < len(row) else None for c in value_cols]
        numbers = [float(v) for v in cells if isinstance(v, int | float) and not isinstance(v, bool)
                   and math.isfinite(v)]
        figures.append([sum(numbers)] if stacked else numbers)
    values = [v for row_values in figures for v in row_values]
    low, high = min([0.0, *values]), max([0.0, *values])
    step = nice_step(high - low, PERCENT_STEPS if percent else AXIS_STEPS)
    whole = all(float(v).is_integer() for v in values)
    if not percent and whole:
        step = max(1.0, step)  # no tick between two counts (a "#,##0" label of 0.5 reads "1")
    if high == low:  # nothing but noughts: an axis of 0 to 100%, or 0 to 4
        step, high = (0.25, 1.0) if percent else (1.0, 4.0)
    minimum = float(f"{math.floor(low / step - 1e-9) * step:.12g}") if low < 0 else 0.0
    maximum = float(f"{math.ceil(high / step - 1e-9) * step:.12g}")
    if percent:
        places = _decimals(step * 100)
        return minimum, maximum, step, "0" + ("." + "0" * places if places else "") + "%"
    places = _decimals(step)
    return minimum, maximum, step, INTEGER + ("." + "0" * places if places else "")


_PACKAGE = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "p": "http://schemas.openxmlformats.org/package/2006/relationships",
            "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}


def _target(base: str, target: str) -> str:
    """A relationship's target as an archive member (relative to the part ``base``, or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, archive member)."""
    path = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if path not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read(path))
    return {r.get("Id"): (r.get("Type", ""), _target(part, r.get("Target", "")))
            for r in root.iterfind("p:Relationship", _PACKAGE)}


def describe_charts(path: Path, texts: dict[str, list[tuple[str, str]]]) -> None:
    """Give each chart of the saved workbook at ``path`` its alt text: ``texts`` maps a sheet's title
    to (title, description) of its charts in the order they were added. openpyxl writes a chart's
    frame with a name only (``<xdr:cNvPr id="1" name="Chart 1"/>``) and has no way to set its
    ``descr``: the drawings' XML is rewritten here, the rest of the archive copied as it is."""
    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive:
        book = etree.fromstring(archive.read("xl/workbook.xml"))
        sheets = _rels(archive, "xl/workbook.xml")
        for sheet in book.iterfind("m:sheets/m:sheet", _PACKAGE):
            charts = texts.get(sheet.get("name", ""))
            if not charts:
                continue
            member = sheets[sheet.get(f"{{{_PACKAGE['r']}}}id")][1]
            for kind, drawing in _rels(archive, member).values():
                if not kind.endswith("/drawing"):
                    continue
                root = etree.fromstring(archive.read(drawing))
                frames = root.findall(".//xdr:graphicFrame/xdr:nvGraphicFramePr/xdr:cNvPr", _PACKAGE)
                for frame in frames:  # ids count the drawing's charts from 1, in the order they were added
                    number = int(frame.get("id", "0"))
                    if 0 < number <= len(charts):
                        frame.set("title", charts[number - 1][0])
                        frame.set("descr", charts[number - 1][1])
                changed[drawing] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not changed:
        return
    temporary = path.with_name(path.name + ".alt")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, changed.get(info.filename) or source.read(info.filename),
                            compress_type=zipfile.ZIP_DEFLATED)
    os.replace(temporary, path)
