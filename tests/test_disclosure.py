"""Secondary suppression: a small count hidden as "<5" cannot be worked out from a published total."""

from __future__ import annotations

import itertools
import random

from consult_analyser.export.disclosure import withheld_cells, withheld_in_list
from consult_analyser.export.summaries import Suppress


def _solutions(values: list[int], hidden: set[int], threshold: int) -> int:
    """How many ways a reader who knows the line's total, the counts shown and the marks ("<5": 1 to 4;
    "[c]": at least 5) could fill the hidden cells: brute force, small lines only."""
    known = sum(values[i] for i in hidden)
    ranges = [range(1, threshold) if 0 < values[i] < threshold else range(threshold, known + 1) for i in sorted(hidden)]
    return sum(1 for combo in itertools.product(*ranges) if sum(combo) == known)


def test_one_hidden_count_beside_a_total_takes_another_with_it() -> None:
    # "First year" 2 of 84 with 7, 23 and 52 shown: 84 - 82 = 2
    assert withheld_in_list([2, 7, 23, 52], 5) == ({0}, {1})
    # two hidden counts of 4 under a total: 8 = 4 + 4, so a third is withheld
    assert withheld_in_list([38, 4, 9, 10, 4], 5) == ({1, 4}, {2})
    # 3 + 2 could be 1 + 4, 2 + 3, ...: nothing more to hide; nor when nothing is small
    assert withheld_in_list([30, 3, 2], 5) == ({1, 2}, set())
    assert withheld_in_list([30, 12, 0], 5) == (set(), set())
    assert withheld_in_list([2, 7], 1) == (set(), set())  # no suppression at all


def test_no_line_with_a_published_total_gives_a_hidden_count_away() -> None:
    rng = random.Random(7)
    for _ in range(400):
        values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14, 30]) for _ in range(rng.randint(2, 6))]
        primary, secondary = withheld_in_list(values, 5)
        hidden = primary | secondary
        if primary and len(hidden) < sum(1 for v in values if v):
            assert _solutions(values, hidden, 5) >= 2, values


def test_rows_and_columns_of_a_table_with_both_totals_published() -> None:
    table = [[10, 2, 8], [7, 9, 20], [12, 15, 30]]
    primary, secondary = withheld_cells(table, 5, column_totals=True)
    hidden = primary | secondary
    assert primary == {(0, 1)}
    for r in range(len(table)):  # the row of the small count, and its column, each hide two or more
        assert sum((r, c) in hidden for c in range(3)) != 1
    for c in range(3):
        assert sum((r, c) in hidden for r in range(3)) != 1


def test_suppress_marks_withheld_counts_and_their_shares() -> None:
    suppress = Suppress(5)
    hide = suppress.withheld([2, 7, 23, 52])
    assert [suppress.count_or_withheld(n, h) for n, h in zip([2, 7, 23, 52], hide, strict=True)] == ["<5", "[c]", 23, 52]
    assert suppress.share_or_withheld(7, 84, True) == "[c]"


def test_the_annex_and_report_withhold_a_second_count_of_a_closed_question(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import docx
    import openpyxl

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.report_docx import export_report
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    years = ["First year"] * 2 + ["Second year"] * 7 + ["Third year"] * 23 + ["Fourth year"] * 52
    path = tmp_path / "survey.csv"
    path.write_text("Respondent ID,Which year are you in?\n" + "".join(f"R{i},{y}\n" for i, y in enumerate(years)),
                    encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        export_annex(project, tmp_path / "annex.xlsx")
        export_report(project, tmp_path / "report.docx")
    sheet = next(ws for ws in openpyxl.load_workbook(tmp_path / "annex.xlsx") if ws.title.endswith("answers"))
    shown = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0] in set(years)}
    assert shown == {"First year": "<5", "Second year": "[c]", "Third year": 23, "Fourth year": 52}
    table = next(t for t in docx.Document(str(tmp_path / "report.docx")).tables if t.rows[0].cells[0].text == "Answer")
    assert [[c.text for c in r.cells] for r in table.rows][1:3] == [["First year", "<5", "[c]"],
                                                                    ["Second year", "[c]", "[c]"]]


def test_a_theme_table_says_how_many_are_in_no_theme(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.export.summaries import no_theme_sentence
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project
    from consult_analyser.store.theme_report import question_report
    from consult_analyser.store.themes import create_theme

    path = tmp_path / "survey.csv"
    path.write_text("Respondent ID,What would improve the park?\n" + "".join(
        f"R{i},{'More benches near the pond please' if i < 6 else f'Something rare number {i} about the park'}\n"
        for i in range(9)), encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        question = project.scalar("SELECT id FROM questions")
        benches = [r for (r,) in project.query("SELECT id FROM responses WHERE text LIKE 'More benches%'")]
        create_theme(project, question, "Benches", response_ids=benches)
        report = question_report(project, question)
    assert (report.answered, report.in_no_theme) == (9, 3)
    assert no_theme_sentence(report.in_no_theme, False, 5) == (
        " Fewer than 5 of them are in none of the themes shown (their points were raised too rarely to group).")
    assert no_theme_sentence(0, False, 5) == ""
