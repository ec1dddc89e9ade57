"""Trial 48 m5 and trial 49 m1: the annex's theme sheets print readably, and no table runs on to a page
without its header. The C2 themes sheet was 262 units wide (its 15-column table by sector), printed at
about 4.5 points with the "Share among ..." headers running together; trial 49's Q1 table by sector
started at a page's foot and went on over the next with no header row."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from consult_analyser.export.xlsx_print import PRINT_WIDTH, blocks, keep_on_page, table_height
from consult_analyser.export.xlsx_writer import SheetWriter
from tests.test_trial48_annex_suppression import _consultation, project  # noqa: F401 - the fixture


def test_a_wide_table_is_cut_into_blocks_that_print_within_the_page():
    widths = [24.0, 13, 40, 14, 12, 10, 10, 12, 12]
    sectors = ["Individual", "Faith group or organisation", "Local or regional government", "School or college",
               "Non-profit, voluntary or community organisation", "Academic or research organisation", "Business",
               "Health or care organisation", "Other public authority", "Trade body or business association",
               "Trade union or staff association", "Elected representative", "Other", "Not classified"]
    parts = blocks(widths, sectors)
    assert sorted(i for part in parts for i in part) == list(range(len(sectors)))  # every sector, once
    # the page stays readable, the description's column (40) giving way down to 30 as the sheet does
    assert len(parts) > 1 and sum(widths) - (widths[2] - 30) <= PRINT_WIDTH
    for part in parts:  # each label's longest word fits its column: no "Non-governmenta l"
        for place, i in enumerate(part, 1):
            assert widths[place] >= max(len(w) for w in sectors[i].split()) + 1


def test_a_table_that_would_not_fit_under_the_rows_above_starts_a_page(tmp_path: Path):
    book = Workbook(write_only=True)
    sheet = SheetWriter(book, "S", widths=[30, 12, 12])
    for i in range(20):  # 20 rows of 15 points: a page (A4 landscape at this width) holds about 30
        sheet.note(f"line {i}")
    sheet.note("The table:")
    rows = [[f"Theme {i}", i, i] for i in range(15)]
    keep_on_page(sheet, table_height(sheet, ["Theme", "A", "B"], rows, [0]))
    span = sheet.table("T", ["Theme", "A", "B"], rows, wrap=[0])
    assert [b.id for b in sheet.ws.row_breaks.brk] == [span.header_row - 2]  # before its title: both on the next page
    small = Workbook(write_only=True)
    short = SheetWriter(small, "S", widths=[30, 12, 12])
    short.note("The table:")
    keep_on_page(short, table_height(short, ["Theme", "A", "B"], rows[:3], [0]))
    assert not short.ws.row_breaks.brk  # it fits: no page wasted


def test_the_theme_sheet_is_laid_out_within_the_readable_width(project, tmp_path):  # noqa: F811
    from consult_analyser.export.annex_xlsx import export_annex

    key = _consultation(project, tmp_path)
    export_annex(project, tmp_path / "a.xlsx")
    ws = load_workbook(tmp_path / "a.xlsx")[f"{key} themes"]
    used = max(c.column for row in ws.iter_rows() for c in row if c.value is not None)
    from openpyxl.utils import get_column_letter

    width = sum(ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, used + 1))
    assert width <= PRINT_WIDTH, width  # fitted to A4 landscape: about 8.5 points, not 4.5
