"""The annex's chart of kappa by code (trial 35): it plotted the Agreement table's first 30 rows, in
code order, of which 28 were withheld as "[c]" (text): 2 bars, 8 labels of 30 printed, and a bar
beside a code whose figures the table withholds. It now plots, from a small table of its own, the
most-used codes whose kappa the sheet shows, chosen as the Team view chooses its 25 codes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl import Workbook

from consult_analyser.export.annex_agreement import CHART_CODES, N_MEANING, chart_codes, write_agreement
from consult_analyser.export.summaries import Suppress
from consult_analyser.export.xlsx_writer import save_workbook
from consult_analyser.pipeline.coding.agreement import AgreementReport, CodeAgreement


def _report(count: int = 40) -> AgreementReport:
    """``count`` codes named so that the least used come first in code order (as "academic_..." did):
    code i is applied i times; every seventh has no kappa (one value only)."""
    codes = [CodeAgreement(f"code_{i:03d}", 12, None if i % 7 == 0 else round(0.3 + (i % 5) / 10, 2),
                           None, 0.9, 0.8, applied=i) for i in range(1, count + 1)]
    overall = CodeAgreement("", 2_000, 0.8, 0.8, 0.96, 0.85, applied=sum(c.applied for c in codes))
    return AgreementReport(coders=["ann", "ben"], answers=146, codes=codes, overall=overall, disagreements=[])


def test_the_chart_takes_the_most_used_codes_with_a_kappa_shown_highest_first():
    report = _report()
    hidden = Suppress(5)
    chosen = chart_codes(report, withheld=lambda c: hidden.small(c.applied))
    assert len(chosen) == CHART_CODES == 25
    assert all(c.kappa is not None and c.applied >= 5 for c in chosen)  # every plotted value a number, shown
    candidates = sorted((c for c in report.codes if c.kappa is not None), key=lambda c: -c.applied)
    assert {c.code_id for c in chosen} == {c.code_id for c in candidates[:25]}  # the most used
    kappas = [c.kappa or 0.0 for c in chosen]
    assert kappas == sorted(kappas, reverse=True)  # drawn highest first
    # a working view (nothing withheld) makes the same choice from the same function
    assert chart_codes(report) == chosen
    assert len(chart_codes(report, limit=3)) == 3
    assert chart_codes(_report(3), withheld=lambda c: True) == []


def _chart_refs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        (chart,) = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
        return re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", book.read(chart).decode())


def _cells(sheet, ref: str) -> list[object]:  # type: ignore[no-untyped-def]
    first, last = (int(n) for n in re.findall(r"\$?[A-Z]+\$?(\d+)", ref.split("!")[1]))
    column = re.search(r"!\$?([A-Z]+)", ref).group(1)  # type: ignore[union-attr]
    return [sheet[f"{column}{row}"].value for row in range(first, last + 1)]


def test_the_annex_chart_reads_a_table_of_numbers_whose_labels_are_its_bars(project, tmp_path):  # type: ignore[no-untyped-def]
    report = _report()
    book = Workbook(write_only=True)
    write_agreement(book, "Agreement", project, report, set(), Suppress(5))
    path = tmp_path / "agreement.xlsx"
    save_workbook(book, path)
    _title, labels_ref, values_ref = _chart_refs(path)
    sheet = openpyxl.load_workbook(path)["Agreement"]
    labels, values = _cells(sheet, labels_ref), _cells(sheet, values_ref)
    chosen = chart_codes(report, withheld=lambda c: c.applied < 5)
    assert labels == [c.code_id for c in chosen]  # (no codebook: a code is named by its id)
    assert values == [c.kappa for c in chosen] and all(isinstance(v, float) for v in values)
    # not the main table's first rows (the least used here, withheld as "[c]")
    main = [r for r in sheet.iter_rows(values_only=True) if r[0] == "code_001"]
    assert main and main[0][2] == "[c]" and "code_001" not in labels
    text = " ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v is not None)
    assert "Cohen's kappa of the 25 most-used of the 31 codes whose kappa is shown above" in text
    # the codes left out because their figures are withheld are counted, not silently dropped
    assert "(4 codes applied fewer than 5 times are not charted: their figures are withheld)" in text
    assert N_MEANING in text  # N means answers on a code's row, units on the overall row: said


def test_no_chart_when_no_kappa_is_shown(project, tmp_path):  # type: ignore[no-untyped-def]
    book = Workbook(write_only=True)
    write_agreement(book, "Agreement", project, _report(4), set(), Suppress(5))
    path = tmp_path / "agreement.xlsx"
    save_workbook(book, path)
    with zipfile.ZipFile(path) as saved:
        assert not [n for n in saved.namelist() if n.startswith("xl/charts/")]
    text = " ".join(str(v) for r in openpyxl.load_workbook(path)["Agreement"].iter_rows(values_only=True)
                    for v in r if v is not None)
    assert "No chart of kappa by code" in text
