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
