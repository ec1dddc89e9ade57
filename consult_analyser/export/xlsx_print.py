"""How a sheet of several tables prints: columns narrow enough that the page fitted to their width keeps
its type readable, a wide table cut into blocks of columns, and a table that would run over a page's foot
started on a page of its own (print titles repeat one row range a sheet: a question's quotes; trial 49's
sector table ran on to a page with no header).

A width unit of a column prints at about 6.56 points before the page is scaled to fit (LibreOffice,
measured on trial 48's annex: 262 units across A4 landscape at 44%), so a sheet :data:`PRINT_WIDTH` units
wide prints its 11-point type at about 8.5 points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.worksheet.pagebreak import Break

from consult_analyser.export.xlsx_writer import SheetWriter, _lines

#: the widest a sheet of tables is laid out (units): fitted to A4 landscape, its type stays about 8.5 points
PRINT_WIDTH = 152.0
_POINTS_PER_UNIT = 6.56
_PAGE_WIDTH = 770.0  # A4 landscape less half-inch margins (points)
_PAGE_HEIGHT = 451.0  # A4 landscape less the one-inch top and bottom margins (points)


def blocks(widths: list[float], labels: Sequence[str], *, limit: float = PRINT_WIDTH,
           narrowest: float = 10.0, widest: float = 16.0) -> list[list[int]]:
    """The columns of a table with a first column and one per label (a sector, a value), cut into blocks
    that each print within ``limit`` units: the label ``i`` of a block goes in column ``1 + its place``,
    widened (in ``widths``, changed in place) to its longest word, or the word broke in print. Returns
    the labels' indices block by block: as few blocks as fit, of even sizes if fewer than cut in order (trial 51's 15 sectors came in
    blocks of 10, 2 and 3 columns, each over two pages of 78 answers, where two blocks of 8 and 7 fit)."""
    needs = [min(widest, max(narrowest, max((len(w) for w in label.split()), default=0) + 1)) for label in labels]
    cap = max(limit, sum(widths))
    greedy = _greedy(list(widths), needs, cap)
    for count in range(1, len(greedy)):  # (as many as the greedy cut: its blocks, narrower than even ones)
        size = -(-len(labels) // count)
        parts = [list(range(i, min(i + size, len(labels)))) for i in range(0, len(labels), size)]
        if sum(_widened(widths, needs, parts)) <= cap:
            widths[:] = _widened(widths, needs, parts)
            return parts
    widths[:] = _widened(widths, needs, greedy)
    return greedy


def _widened(widths: list[float], needs: list[float], parts: list[list[int]]) -> list[float]:
    """``widths`` with each column of the blocks ``parts`` as wide as its labels need."""
    out = list(widths)
    for part in parts:
        for place, i in enumerate(part, 1):
            if place < len(out):
                out[place] = max(out[place], needs[i])
            else:
                out.append(needs[i])
    return out


def _greedy(widths: list[float], needs: list[float], cap: float) -> list[list[int]]:
    """Labels placed in order, a new block begun where the next would widen the table beyond ``cap``."""
    out: list[list[int]] = [[]]
    for i, need in enumerate(needs):
        column = 1 + len(out[-1])
        have = widths[column] if column < len(widths) else 0.0
        grown = sum(widths) - have + max(have, need) if column < len(widths) else sum(widths) + need
        if out[-1] and grown > cap:
            out.append([])
            column = 1
        if column < len(widths):
            widths[column] = max(widths[column], need)
        else:
            widths.append(need)
        out[-1].append(i)
    return [b for b in out if b]


def _scale(sheet: SheetWriter) -> float:
    """The share of its size the sheet prints at, fitted to the page's width."""
    units = sum(sheet.ws.column_dimensions[c].width or 8.43 for c in list(sheet.ws.column_dimensions))
    return min(1.0, _PAGE_WIDTH / max(1.0, units * _POINTS_PER_UNIT))


def _height(sheet: SheetWriter, row: int) -> float:
    dims = sheet.ws.row_dimensions.get(row) if hasattr(sheet.ws.row_dimensions, "get") else None
    return float(dims.height) if dims is not None and dims.height else 15.0


def table_height(sheet: SheetWriter, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 wrap: Sequence[int] = ()) -> float:
    """Points a table takes unscaled, its rows as tall as :meth:`SheetWriter.table` makes them."""
    widths = {i: sheet._width(i) for i in wrap}  # noqa: SLF001 - the writer's own measure
    header = max([1] + [_lines(h, sheet._width(i)) for i, h in enumerate(headers)])  # noqa: SLF001
    body = sum(15.0 * max([1] + [_lines(v, widths[i]) for i, v in enumerate(row) if i in widths and isinstance(v, str)])
               for row in rows)
    return 15.0 * header + body


def keep_on_page(sheet: SheetWriter, height: float, lead: int = 1) -> None:
    """Start a new printed page before the ``lead`` rows just written (a table's title) when a table
    ``height`` points tall would not fit under them on the page they fall on (and is no taller than a page,
    or they are not at its top already): no table begins at a page's foot and runs on without its header."""
    scale = _scale(sheet)
    capacity = _PAGE_HEIGHT / scale
    start = max([b.id for b in sheet.ws.row_breaks.brk] + [0]) + 1
    first = max(start, sheet.row - lead + 1)
    used = 0.0
    for row in range(start, first):  # the rows above, laid out page by page as the printer does
        h = _height(sheet, row)
        used = h if used + h > capacity else used + h
    lead_height = sum(_height(sheet, r) for r in range(first, sheet.row + 1))
    if used and used + lead_height + height > capacity:
        sheet.ws.row_breaks.append(Break(id=first - 1))
