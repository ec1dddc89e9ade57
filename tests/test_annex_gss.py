"""The annex against the GSS / Analysis Function guidance "Releasing statistics in spreadsheets": charts
described in words, a linked contents, a Notes sheet of the shorthand, a paragraph in one cell, no
empty cells in tables, panes frozen under the first table's header, no gaps between tables, one
title, one count of a campaign and one set of words for the channels."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils import range_boundaries
from test_export_fixtures import build_project

from consult_analyser.export.annex_questions import _channel
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.export.summaries import CHANNEL_LABELS
from consult_analyser.export.summaries import question_heading as heading
from consult_analyser.export.xlsx_writer import NOT_APPLICABLE, SheetWriter, save_workbook

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
DATA_SHEETS = ("Framework matrix", "Coded excerpts")  # rows for filtering, streamed in after saving


@pytest.fixture(scope="module")
def project(tmp_path_factory):  # type: ignore[no-untyped-def]
    p = build_project(tmp_path_factory.mktemp("gss"))
    yield p
    p.close()


@pytest.fixture(scope="module")
def annex(project):  # type: ignore[no-untyped-def]
    path = project.path.parent / "annex.xlsx"
    export_annex(project, path, redact=True, small_counts=2, respondent_sheets=True)  # "<2" and "[c]" in use
    return path, openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def charted(project):  # type: ignore[no-untyped-def]
    """The annex with nothing suppressed: seven respondents, and every chart drawn."""
    path = project.path.parent / "charted.xlsx"
    export_annex(project, path, redact=False, small_counts=0)
    return path, openpyxl.load_workbook(path)


def _tables(ws) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """(first column, header row, last column, last row) of each table, top to bottom."""
    return sorted((range_boundaries(t.ref) for t in ws.tables.values()), key=lambda b: b[1])  # type: ignore[misc]


def test_every_chart_is_described_with_its_table_and_titled_axes(charted):  # type: ignore[no-untyped-def]
    path, wb = charted
    charts = sum(len(wb[name]._charts) for name in wb.sheetnames)
    assert charts >= 4
    names = {t for name in wb.sheetnames for t in wb[name].tables}
    described = 0
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if re.fullmatch(r"xl/drawings/drawing\d+\.xml", member):
                for frame in etree.fromstring(archive.read(member)).iter(f"{XDR}cNvPr"):
                    descr, title = frame.get("descr", ""), frame.get("title", "")
                    assert title and descr.startswith(("Bar chart", "Stacked bar chart")), descr
                    table = re.search(r"in the table (\S+)", descr)
                    assert table and table.group(1) in names, descr
                    described += 1
            elif re.fullmatch(r"xl/charts/chart\d+\.xml", member):
                chart = etree.fromstring(archive.read(member))
                for kind in ("catAx", "valAx"):  # both axes titled: the labels' header, the unit
                    assert chart.find(f".//{C}{kind}/{C}title") is not None, (member, kind)
                units = "".join(chart.find(f".//{C}valAx/{C}title").itertext())
                assert units in ("Respondents", "Percentage of respondents", "Cohen's kappa (-1 to 1)"), units
                for category in chart.iter(f"{C}cat"):  # text labels: a string reference, or Excel shows 1, 2, 3
                    assert category.find(f"{C}strRef") is not None and category.find(f"{C}numRef") is None
    assert described == charts


def test_the_contents_link_to_every_sheet(annex):  # type: ignore[no-untyped-def]
    _, wb = annex
    ws = wb["Cover"]
    first_col, header, _, last = range_boundaries(ws.tables["Contents"].ref)
    linked = {}
    for row in range(header + 1, last + 1):
        cell = ws.cell(row=row, column=first_col)
        assert cell.hyperlink is not None and cell.hyperlink.location == f"'{cell.value}'!A1", cell.value
        assert cell.hyperlink.ref == cell.coordinate and cell.font.underline == "single"
        linked[cell.value] = cell.hyperlink.location
    assert list(linked) == wb.sheetnames


def test_a_notes_sheet_explains_the_shorthand(annex):  # type: ignore[no-untyped-def]
    _, wb = annex
    assert wb.sheetnames[:2] == ["Cover", "Notes"]
    ws = wb["Notes"]
    first_col, header, last_col, last = range_boundaries(ws.tables["Notes"].ref)
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(header + 1, last + 1)}
    assert {"<2", "[c]", NOT_APPLICABLE, "[name]", "[email]", "[phone]", "[address]"} <= set(rows)
    assert "count from 1 to 1" in rows["<2"] and "worked out from the totals" in rows["[c]"]
    assert rows[NOT_APPLICABLE].startswith("Not applicable")
    cover = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    assert "Notes sheet" in cover


def test_a_paragraph_is_one_cell(annex, tmp_path):  # type: ignore[no-untyped-def]
    _, wb = annex
    q1 = wb["Q1 answers"]
    assert q1["A1"].value == "Q1. To what extent do you agree with the vision? — Please explain your answer"
    assert q1["A2"].value.startswith("7 respondents chose an answer") and q1["A2"].value.endswith("respondents.")
    text = "A paragraph long enough to have been cut over several rows before. " * 6
    book = openpyxl.Workbook(write_only=True)
    for title, wrap in (("Wrapped", True), ("Running", False)):
        sheet = SheetWriter(book, title, widths=[30, 10], wrap_notes=wrap)
        sheet.title_row(text)
        sheet.note(text)
    save_workbook(book, tmp_path / "notes.xlsx")
    back = openpyxl.load_workbook(tmp_path / "notes.xlsx")
    for title in ("Wrapped", "Running"):
        ws = back[title]
        assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == [text, text, None]
    assert back["Wrapped"]["A2"].alignment.wrap_text and back["Wrapped"].row_dimensions[2].height > 15
    # a note longer than the sheet's columns are wide wraps across them (merged), so that the page fitted to the
    # sheet's width is not shrunk to fit a line running far beyond it (two trials' sheets printed at 5 points)
    running = back["Running"]
    assert running["A2"].alignment.wrap_text and "A2:B2" in {str(r) for r in running.merged_cells.ranges}
    assert running.row_dimensions[2].height > 15


def test_no_cell_of_a_table_is_empty(annex):  # type: ignore[no-untyped-def]
    _, wb = annex
    checked = 0
    for name in wb.sheetnames:
        if name in DATA_SHEETS:
            continue
        ws = wb[name]
        for table in ws.tables.values():
            for row in ws[table.ref][1:]:
                assert all(c.value not in (None, "") for c in row), (name, table.name, [c.value for c in row])
                checked += 1
    assert checked > 20
    themes = wb["Q2 themes"]
    _, header, _, last = range_boundaries(themes.tables["Q2_themes"].ref)
    assert NOT_APPLICABLE in {themes.cell(row=r, column=2).value for r in range(header + 1, last + 1)}


def test_panes_freeze_under_the_first_tables_header(annex):  # type: ignore[no-untyped-def]
    _, wb = annex
    for name in wb.sheetnames:
        ws = wb[name]
        if name == "Cover":  # its first table comes after a page of prose: frozen, the screen would not scroll
            assert ws.freeze_panes is None
            continue
        header = _tables(ws)[0][1]
        column, row = re.fullmatch(r"([A-Z]+)(\d+)", ws.freeze_panes or "").groups()  # type: ignore[union-attr]
        assert int(row) == header + 1, (name, ws.freeze_panes, header)
        assert column == ("B" if name.endswith((" answers", " themes")) or name == "Coded excerpts" else
                          "D" if name == "Framework matrix" else "A"), (name, ws.freeze_panes)


def test_no_rows_are_left_empty_between_tables(annex, charted):  # type: ignore[no-untyped-def]
    _, wb = charted
    for name in wb.sheetnames:
        spans = _tables(wb[name])
        for above, below in zip(spans, spans[1:], strict=False):
            assert below[1] - above[3] <= 3, (name, above, below)  # a blank row and a heading at most
    themes = wb["Q2 themes"]
    assert themes.row_breaks.brk and themes._charts  # the chart of themes prints on a page of its own, last
    assert themes.row_breaks.brk[-1].id >= _tables(themes)[-1][3]


def test_a_question_whose_text_is_its_key_is_titled_once():
    assert heading("General comment", "General comment") == "General comment"
    assert heading("General comment", " general comment. ") == "General comment"
    assert heading("Q1", "Q1. Why?") == "Q1. Why?" and heading("Q2", "What should councils do?") == (
        "Q2. What should councils do?")


def test_campaigns_show_one_count_of_respondents(annex):  # type: ignore[no-untyped-def]
    _, wb = annex
    ws = wb["Campaigns"]
    _, header, last_col, _ = range_boundaries(ws.tables["Campaigns"].ref)
    headers = [ws.cell(row=header, column=c).value for c in range(1, last_col + 1)]
    assert headers == ["Campaign", "Question", "Respondents", "Share of all respondents", "Text"]


def test_channels_read_alike_in_every_sheet(project, annex):  # type: ignore[no-untyped-def]
    _, wb = annex
    words = set(CHANNEL_LABELS.values()) | {"Letter"}
    respondents = {wb["Respondents"].cell(row=r, column=1).value for r in range(1, wb["Respondents"].max_row + 1)}
    assert "Online survey" in respondents
    seen = set()
    for name in wb.sheetnames:
        ws = wb[name]
        for table in ws.tables.values():
            cells = ws[table.ref]
            for column, head in enumerate(cells[0]):
                if head.value == "Channel":
                    seen |= {row[column].value for row in cells[1:]}
    assert seen and seen <= words, seen
    assert "form" not in seen and "letter" not in seen
    # a letter from someone whose channel is the online survey reads "Letter"; an e-mail, "E-mail"
    online = next(r for r in project.conn.execute("SELECT id, channel FROM respondents") if r[1] == "online")[0]
    emailed = next(r for r in project.conn.execute("SELECT id, channel FROM respondents") if r[1] == "email")[0]
    assert (_channel(project, online, False), _channel(project, online, True)) == ("Online survey", "Letter")
    assert _channel(project, emailed, True) == "E-mail"


def test_a_quotes_sector_wraps_in_its_cell(charted):  # type: ignore[no-untyped-def]
    """Printed, the Quotes table cut a long sector name off ("Voluntary or commu")."""
    _path, workbook = charted
    sheet = next(ws for ws in workbook.worksheets if any(name.endswith("_quotes") for name in ws.tables))
    name = next(name for name in sheet.tables if name.endswith("_quotes"))
    first_col, header, _last_col, _last_row = range_boundaries(sheet.tables[name].ref)  # type: ignore[misc]
    sector = sheet.cell(row=header + 1, column=first_col + 1)
    assert sheet.cell(row=header, column=first_col + 1).value == "Sector"
    assert sector.alignment.wrap_text
