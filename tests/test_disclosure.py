"""Secondary suppression: a small count hidden as "<5" cannot be worked out from a published total."""

from __future__ import annotations

import itertools
import random

from consult_analyser.export.disclosure import exposed_lines, withheld_cells, withheld_in_list
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
    # (trial 48: the one-way table of answers overall is shown in full, its counts being the groups' sizes:
    # small-number suppression is for cross-tabulations, as the table by sector below it)
    assert shown == {"First year": 2, "Second year": 7, "Third year": 23, "Fourth year": 52}
    table = next(t for t in docx.Document(str(tmp_path / "report.docx")).tables if t.rows[0].cells[0].text == "Answer")
    assert [[c.text for c in r.cells] for r in table.rows][1:3] == [["First year", "2", "2%"],
                                                                    ["Second year", "7", "8%"]]


def test_a_theme_table_says_how_many_are_in_no_theme(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.export.summaries import no_theme_sentence
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project
    from consult_analyser.store.theme_edits import create_theme
    from consult_analyser.store.theme_report import question_report

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
    assert no_theme_sentence(report.in_no_theme, False) == (
        " 3 of those who answered are in none of the themes shown (their points were raised too rarely to group).")
    assert no_theme_sentence(0, False) == ""
    # a campaign's letters in no theme shown are no rare point (40,000 letters read as "raised too rarely")
    assert no_theme_sentence(42735, True, 40000) == (
        " 42,735 of those who answered are in none of the themes shown (40,000 of them sent an organised campaign's standard "
        "wording (see the campaigns); the others' points were raised too rarely to group, or are in themes not "
        "signed off).")
    assert report.in_no_theme_campaign == 0


def test_a_small_did_not_say_is_counted_with_the_individuals() -> None:
    """Cover: 3,444 = 942 + 2,501 + "<5" gave the 1 back; hiding 942 instead would hide the headline."""
    from consult_analyser.export.summaries import published_kinds

    suppress = Suppress(5)
    assert published_kinds(942, 2501, 1, suppress) == [("organisation", 942), ("individual or not stated", 2502)]
    assert published_kinds(942, 2501, 0, suppress) == [("organisation", 942), ("individual", 2501)]
    assert published_kinds(3, 40, 12, suppress) == [("organisation", 3), ("individual", 40), ("not stated", -1)]


def test_the_report_names_no_sector_whose_count_the_annex_withholds() -> None:
    from consult_analyser.domain import Theme
    from consult_analyser.export.summaries import sector_pattern, withheld_sectors
    from consult_analyser.store.theme_report import ReportedTheme

    theme = ReportedTheme(Theme(question_id="q", label="Extinction"), 28, 0.2, 0, 0,
                          {"individual": 26, "company": 2})
    hidden = withheld_sectors(theme, ["individual", "company"], Suppress(5))
    assert hidden == {"individual"}  # 28 - 26 would give the company's 2 back
    said = sector_pattern(theme, {"individual": 120, "company": 40}, {}, min_count=5, withheld=hidden)
    assert "26" not in said and "individual" not in said


def test_a_share_beside_a_withheld_group_size_is_withheld() -> None:
    """'Q13 answers' hid the Police group's size but printed 43% beside its count of 6: 14. Here group
    d's size is withheld beside a's "<5": its 100% beside its 7 gave it back."""
    from openpyxl import Workbook

    from consult_analyser.domain import Question, QuestionKind
    from consult_analyser.export.annex_questions import write_closed_question
    from consult_analyser.store.reporting import QuestionCounts

    closed = {("Yes", "a"): 1, ("No", "a"): 2, ("Yes", "b"): 6, ("No", "b"): 8, ("Yes", "c"): 50, ("No", "c"): 50,
              ("Maybe", "d"): 7}
    sizes: dict[str, int] = {}
    for (_choice, sector), n in closed.items():
        sizes[sector] = sizes.get(sector, 0) + n
    book = Workbook()
    question = Question(key="Q1", text="Which?", kind=QuestionKind.CLOSED, choices=["Yes", "No", "Maybe"])
    write_closed_question(book, "Q1 answers", question, QuestionCounts(closed, {}, sizes), {s: s for s in "abcd"},
                          set(), Suppress(5))
    shares = next(r for r in book["Q1 answers"].iter_rows(values_only=True) if r and r[0] == "d")
    assert shares[1:5] == ("[c]", "[c]", "[c]", "[c]")


def _table_solutions(table: list[list[int]], hidden: set[tuple[int, int]], primary: set[tuple[int, int]],
                     threshold: int, open_rows: set[int], open_columns: set[int]) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell can take, the totals of rows and columns known but those withheld
    (``open_rows``, ``open_columns``): brute force, small tables."""
    cells = sorted(hidden)
    top = max(sum(r) for r in table)
    ranges = [range(1, threshold) if c in primary else range(threshold, top + 1) for c in cells]
    rows, cols = len(table), len(table[0])
    found: dict[tuple[int, int], set[int]] = {c: set() for c in cells}
    for combo in itertools.product(*ranges):
        value = dict(zip(cells, combo, strict=True))
        filled = [[value.get((r, c), table[r][c]) for c in range(cols)] for r in range(rows)]
        if all(sum(filled[r]) == sum(table[r]) for r in range(rows) if r not in open_rows) and all(
                sum(filled[r][c] for r in range(rows)) == sum(table[r][c] for r in range(rows)) for c in range(cols)
                if c not in open_columns):
            for cell, v in value.items():
                found[cell].add(v)
    return found


def test_rows_and_columns_read_together_pin_no_small_count() -> None:
    rng = random.Random(11)
    checked = 0
    for _ in range(150):
        table = [[rng.choice([0, 1, 1, 2, 3, 5, 6, 7]) for _ in range(3)] for _ in range(2)]
        primary, secondary = withheld_cells(table, 5, column_totals=True)
        hidden = primary | secondary
        if not primary or len(hidden) > 5:
            continue
        open_rows, open_columns = exposed_lines(table, 5, hidden, column_totals=True)  # totals withheld too
        checked += 1
        values = _table_solutions(table, hidden, primary, 5, open_rows, open_columns)
        assert all(len(values[c]) >= 2 for c in primary), (table, hidden)
    assert checked >= 20


def test_a_table_by_sector_with_its_margins_gives_no_count_away() -> None:
    """Groups by answers, each group's size, each answer's count and the grand total published; in the
    table every withheld count reads "[c]" (nought included), margins "<5" or "[c]"."""
    from consult_analyser.export.disclosure import protect_table

    rng = random.Random(5)
    checked = 0
    for _ in range(200):
        table = [[rng.choice([0, 0, 1, 2, 3, 5, 6, 7]) for _ in range(3)] for _ in range(2)]
        sizes, counts = [sum(r) for r in table], [sum(c) for c in zip(*table, strict=True)]
        cells, hidden_rows, hidden_columns = protect_table(table, 5, sizes, counts)
        hidden = cells | {(r, c) for r in range(2) for c in range(3) if 0 < table[r][c] < 5}
        if len(hidden) > 4 or not any(0 < v < 5 for row in table for v in row) or sum(sizes) < 15:
            continue  # (a table of a handful of answers in all cannot be protected but by withholding its total)
        checked += 1
        top, grand = min(max(sizes), 14), sum(sizes)  # (a hidden count above 14 would need another row)
        order = sorted(hidden)
        seen: dict[tuple[int, int], set[int]] = {c: set() for c in order}
        for combo in itertools.product(range(top + 1), repeat=len(order)):
            value = dict(zip(order, combo, strict=True))
            filled = [[value.get((r, c), table[r][c]) for c in range(3)] for r in range(2)]
            rows = [sum(r) for r in filled]
            cols = [sum(c) for c in zip(*filled, strict=True)]
            if sum(rows) != grand:
                continue
            if any(rows[r] != sizes[r] if r not in hidden_rows else not _margin_fits(rows[r], sizes[r])
                   for r in range(2)):
                continue
            if any(cols[c] != counts[c] if c not in hidden_columns else not _margin_fits(cols[c], counts[c])
                   for c in range(3)):
                continue
            for cell, v in value.items():
                seen[cell].add(v)
        small = [c for c in order if 0 < table[c[0]][c[1]] < 5]
        assert all(len(seen[c]) >= 2 for c in small), (table, hidden, hidden_rows, hidden_columns)
    assert checked >= 15


def _margin_fits(value: int, true: int) -> bool:
    """A withheld margin as a reader reads it: "<5" is 1-4, "[c]" at least 5."""
    return 1 <= value <= 4 if 0 < true < 5 else value >= 5
