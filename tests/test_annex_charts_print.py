"""The annex's charts and printed pages: every bar chart's value axis starts at nought and its tick
labels read apart ("1% 1% 1%" on shares of 0.85% to 0.92%, a trial's annex, and a bar of 39 drawn 2.5
times one of 36); long cells wrap in their column and the header repeats on every printed page."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.chart.bar_chart import BarChart
from test_export_fixtures import build_project

from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.export.xlsx_writer import PERCENT, SheetWriter, save_workbook, value_axis


@pytest.fixture(scope="module")
def project(tmp_path_factory):  # type: ignore[no-untyped-def]
    p = build_project(tmp_path_factory.mktemp("charts_print"))
    yield p
    p.close()


@pytest.fixture(scope="module")
def charted(project):  # type: ignore[no-untyped-def]
    """The annex with nothing suppressed, so that every chart is drawn."""
    path = project.path.parent / "charted.xlsx"
    export_annex(project, path, redact=True, small_counts=0)
    return openpyxl.load_workbook(path)


def _label(value: float, number_format: str) -> str:
    """A tick's label as a spreadsheet shows it, for the formats the annex uses ("0.0%", "#,##0")."""
    places = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
    if number_format.endswith("%"):
        return f"{value * 100:.{places}f}%"
    return f"{value:,.{places}f}"


def _ticks(chart: BarChart) -> list[str]:
    axis = chart.y_axis
    low, high, step = axis.scaling.min, axis.scaling.max, axis.majorUnit
    assert step and step > 0 and high is not None and high > low
    count = round((high - low) / step)
    assert abs(low + count * step - high) < 1e-9 * max(1.0, abs(high))  # a whole number of steps
    return [_label(low + k * step, _axis_format(chart)) for k in range(count + 1)]


def _axis_format(chart: BarChart) -> str:
    fmt = chart.y_axis.number_format
    return fmt if isinstance(fmt, str) else fmt.formatCode


def test_every_chart_of_the_annex_starts_at_nought_with_distinct_labels(charted):  # type: ignore[no-untyped-def]
    seen = 0
    for ws in charted.worksheets:
        for chart in ws._charts:
            seen += 1
            assert chart.y_axis.scaling.min == 0, (ws.title, chart.y_axis.scaling.min)
            labels = _ticks(chart)
            assert len(set(labels)) == len(labels) and labels[0] in ("0%", "0.0%", "0.00%", "0"), (ws.title, labels)
            assert 2 <= len(labels) <= 6, (ws.title, labels)  # labels do not run together
    assert seen >= 4  # respondents by sector and channel, a question's answers, a question's themes


def _chart_of(tmp_path, values: list[object], *, percent: bool = True, stacked_cols: int = 0):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook(write_only=True)
    sheet = SheetWriter(book, "Themes", widths=[30, 12, 12])
    rows = [[f"Theme {k}", v, *([v] * stacked_cols)] for k, v in enumerate(values)]
    span = sheet.table("T", ["Theme", "Share", *(f"S{k}" for k in range(stacked_cols))], rows,
                       formats={1: PERCENT} if percent else {})
    cols = [2, *range(3, 3 + stacked_cols)] if stacked_cols else [2]
    sheet.bar_chart(span, label_col=1, value_cols=cols, title="Chart", anchor="E1", percent=percent,
                    stacked=bool(stacked_cols))
    save_workbook(book, tmp_path / "chart.xlsx")
    chart = openpyxl.load_workbook(tmp_path / "chart.xlsx")["Themes"]._charts[0]
    return chart


def test_small_shares_get_decimals_and_a_zero_based_axis(tmp_path):  # type: ignore[no-untyped-def]
    chart = _chart_of(tmp_path, [39 / 4235, 36 / 4235])  # the trial's theme shares, 0.92% and 0.85%
    assert chart.y_axis.scaling.min == 0 and _axis_format(chart) == "0.0%"
    assert _ticks(chart) == ["0.0%", "0.2%", "0.4%", "0.6%", "0.8%", "1.0%"]


@pytest.mark.parametrize(("values", "percent", "expected"), [
    ([0.43, 0.2, 0.05], True, ["0%", "10%", "20%", "30%", "40%", "50%"]),
    ([0.0009, 0.0004], True, ["0.00%", "0.02%", "0.04%", "0.06%", "0.08%", "0.10%"]),
    ([2500, 205, 7], False, ["0", "1,000", "2,000", "3,000"]),
    ([3, 1], False, ["0", "1", "2", "3"]),  # no half-way tick that a whole-number format would print as "1"
    ([0, 0], False, ["0", "1", "2", "3", "4"]),
])
def test_axis_steps_follow_the_figures(tmp_path, values, percent, expected):  # type: ignore[no-untyped-def]
    assert _ticks(_chart_of(tmp_path, values, percent=percent)) == expected


def test_negative_figures_keep_nought_on_the_axis():
    from consult_analyser.export.xlsx_writer import TableSpan

    span = TableSpan(1, 4, 1, 2, rows=[("a", 0.8), ("b", -0.2), ("c", "[c]")])  # a kappa can be below nought
    low, high, step, number_format = value_axis(span, [2], 3)
    assert low < 0 < high and (low, high, step, number_format) == (-0.5, 1.0, 0.5, "#,##0.0")


def test_a_percent_stacked_chart_runs_from_nought_to_all(tmp_path):  # type: ignore[no-untyped-def]
    chart = _chart_of(tmp_path, [0.2, 0.5], stacked_cols=2)
    assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (0, 1)
    assert _ticks(chart) == ["0%", "25%", "50%", "75%", "100%"]


LONG_NAME = ("Anytown Borough Council Department For Communities, Housing And Local Integration Partnership "
             "Programme Board")  # the kind of name that ran into the Sector column in print


@pytest.fixture(scope="module")
def printed(tmp_path_factory):  # type: ignore[no-untyped-def]
    """An annex whose Organisations sheet holds a name far longer than its column."""
    p = build_project(tmp_path_factory.mktemp("printed"))
    p.conn.execute("UPDATE respondents SET organisation = ? WHERE external_id = 'R-002'", (LONG_NAME,))
    p.conn.commit()
    path = p.path.parent / "printed.xlsx"
    export_annex(p, path, redact=True)
    p.close()
    return openpyxl.load_workbook(path)


def test_the_organisations_sheet_prints_upright_wrapped_with_its_header_on_every_page(printed):  # type: ignore[no-untyped-def]
    ws = printed["Organisations"]
    assert ws.page_setup.orientation == "portrait"  # a list in four columns: more rows on a page
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0  # as many pages down as the list needs: nothing left out
    assert not ws.row_breaks.brk
    table = ws.tables["Organisations"]
    header = int(table.ref.split(":")[0][1:])
    assert ws.print_title_rows == f"${header}:${header}"
    assert [ws.cell(header, c).value for c in range(1, 5)] == ["Organisation", "Sector", "Responses",
                                                               "Spellings merged"]
    widths = [ws.column_dimensions[letter].width for letter in "ABCD"]
    assert 24 <= widths[0] <= 50 and 10 <= widths[1] <= 36 and widths[2] >= len("Responses") + 2
    assert 18 <= widths[3] <= 40 and sum(widths) <= 140  # fitted upright, the type stays readable
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, ws.max_row + 1)}
    assert LONG_NAME in rows
    row = rows[LONG_NAME]
    name, sector, count, spellings = (ws.cell(row, c) for c in range(1, 5))
    assert name.alignment.wrap_text and sector.alignment.wrap_text and spellings.alignment.wrap_text
    assert ws.row_dimensions[row].height >= 15 * 2  # tall enough for its lines: not cut off in print
    assert isinstance(count.value, int) and count.number_format == "#,##0" and count.alignment.vertical == "top"
    # the text right of the figures is set off from them ("134Mass Comment ..." in print)
    assert spellings.alignment.indent >= 1 and spellings.alignment.horizontal == "left"
    assert ws.cell(header, 4).alignment.indent >= 1 and ws.cell(header, 3).alignment.horizontal == "right"


def test_other_sheets_stay_landscape_and_fitted_to_width(printed):  # type: ignore[no-untyped-def]
    for ws in printed.worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
        if ws.title != "Organisations":
            assert ws.page_setup.orientation == "landscape", ws.title


def test_a_wrapped_cell_is_given_the_lines_its_words_take():
    """Trial 39's annex printed "Provisions of the National Environmental Policy Act" as a parent theme over the
    row below: its row was sized by characters alone (two lines) where wrapping at spaces takes four."""
    from consult_analyser.export.xlsx_writer import _lines

    assert _lines("Provisions of the National Environmental Policy Act", 14) == 4
    assert _lines("short", 14) == 1 and _lines("a" * 40, 14) == 3  # a word longer than the line runs on
    assert _lines("one two\nthree", 14) == 2
