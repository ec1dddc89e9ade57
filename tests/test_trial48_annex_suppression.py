"""Trial 48 M1 and m1: one rule for every count in the annex and the report.

The report's "answers by option" table and the annex's answer sheet printed "Oppose [c] [c]" (419 opposed)
because one respondent had no position and the total was printed, while the theme paragraphs printed
"Disagreed 24% (64 of 265)"; the report printed "Neutral 0%" for most themes and "Neutral: fewer than 5"
for one, showing which theme the lone neutral respondent raised. Now: the one-way counts of a closed
question (the groups' sizes) are shown in full everywhere; a group too small gets no per-theme shares
anywhere; the respondents with no closed answer are said beside the shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from consult_analyser.domain import QuestionKind, Source, Theme, ThemeAssignment
from consult_analyser.export.disclosure import withheld_by_group
from consult_analyser.store import codings, theme_runs
from consult_analyser.store.project import Project


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    p = Project.create(tmp_path / "t.consult")
    yield p
    p.close()


def _consultation(project: Project, tmp_path: Path) -> str:
    """30 support, 20 oppose, 1 no position, 10 left the closed answer blank; two themes, the lone neutral
    respondent in one of them. Returns the question's key."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.questions import list_questions

    rows = ["Response ID,Do you support the proposed rule?,Please explain your views on the proposed rule."]
    rows += [f"S{i},Support,The river will be cleaner for everyone {i}" for i in range(30)]
    rows += [f"O{i},Oppose,The costs to small farms are far too high {i}" for i in range(20)]
    rows += ["N0,Neither / no position,The river matters but so do the farms"]
    rows += [f"B{i},,Something about the rule and the river {i}" for i in range(10)]
    path = tmp_path / "form.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    (question,) = list_questions(project)
    assert question.kind == QuestionKind.HYBRID
    texts = dict(codings.answer_texts(project, question.id))
    # 30 support, the neutral one and 5 of the 10 blank (all 10 would give the neutral one away: 41 - 30 - 10)
    river = [r for r, t in texts.items() if "river" in t and not (t.startswith("Something") and t[-1] in "56789")]
    costs = [r for r, t in texts.items() if "costs" in t][:12]
    groups = {"Cleaner river": river, "Costs to farms": costs}
    themes = [Theme(question_id=question.id, label=label, description="", keywords=[], model="test",
                    source=Source.MODEL) for label in groups]
    theme_runs.save_run(project, question.id, model="test", params={}, themes=themes,
                        assignments=[ThemeAssignment(t.id, rid, 0.9, Source.MODEL, False)
                                     for t, ids in zip(themes, groups.values(), strict=True) for rid in ids])
    return question.key


def _rows(ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_answer_table_prints_every_option_s_count_and_the_theme_sheet_no_share_of_a_group_of_one(
        project, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.export.annex_xlsx import export_annex

    key = _consultation(project, tmp_path)
    out = tmp_path / "annex.xlsx"
    export_annex(project, out)
    book = load_workbook(out)
    answers = {r[0]: r[1:3] for r in _rows(book[f"{key} answers"]) if r[0] in
               ("Support", "Oppose", "Neither / no position")}
    # the headline counts in full: a one-way table has no attribute to single anyone out by
    assert answers["Oppose"][0] == 20 and answers["Support"][0] == 30 and answers["Neither / no position"][0] == 1
    assert answers["Oppose"][1] == pytest.approx(20 / 51)
    themes = book[f"{key} themes"]
    cells = [str(c) for r in _rows(themes) for c in r if c is not None]
    text = " ".join(cells)
    assert "Share among those who were neutral" not in cells  # no share of a group of one, not even "[c]"
    assert "Share among those who agreed" in cells and "Share among those who disagreed" in cells
    assert "neutral: 1 respondent, too few to show shares" in text
    assert "10 gave no closed answer" in text  # why a theme's counts by side add up to less than its total


def test_the_report_prints_the_same_figures_as_the_annex(project, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.export.report_docx import export_report

    key = _consultation(project, tmp_path)
    out = tmp_path / "report.docx"
    export_report(project, out)
    doc = Document(str(out))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    options = next(t for t in tables if t[0][:2] == ["Answer", "Respondents"])
    by_option = {r[0]: r[1:] for r in options[1:]}
    assert by_option["Oppose"] == ["20", "39%"] and by_option["Neither / no position"][0] == "1"
    assert "[c]" not in sum(options, [])
    lines = [p.text for p in doc.paragraphs if p.text.startswith("Share among those who answered the closed")]
    assert len(lines) == 2, key
    for line in lines:  # every theme alike: no "Neutral 0%" beside one "Neutral: fewer than 5"
        assert "Neutral: 1 respondent, too few to show shares" in line and "10 gave no closed answer" in line
        assert "Neutral 0%" not in line and "fewer than" not in line
    river = next(line for line in lines if "30 of 30" in line)
    assert "Agreed 100% (30 of 30)" in river and "Disagreed 0% (0 of 20)" in river
    # the river theme's 36 = 30 agreed + 0 disagreed + the neutral one or not + some of the 10 blank: safe


def test_a_group_too_small_has_no_shares_and_its_count_is_not_given_back_by_the_theme_s_total():
    # trial 48's Nepa row: 9 agreed, the 1 neutral, 27 disagreed; everyone gave a closed answer
    small, cells = withheld_by_group([[9, 1, 27], [75, 0, 7]], [694, 1, 419], [37, 82], 5)
    assert small == {1}
    assert (0, 0) in cells and (0, 1) in cells  # 37 - 27 would give "9 + the neutral one" back: 9 withheld
    assert (0, 2) not in cells and not {(1, 0), (1, 2)} & cells
    # 441 gave no closed answer (the blank variant): the theme's total no longer adds up, nothing more withheld
    small, cells = withheld_by_group([[9, 1, 27]], [407, 1, 265], [65], 5, rest=441)
    assert cells == {(0, 1)}
    # a count below 5 in a group shown is withheld, and the smallest beside it when the row adds up
    _, cells = withheld_by_group([[3, 12, 40]], [100, 50, 60], [55], 5)
    assert (0, 0) in cells and (0, 1) in cells and (0, 2) not in cells
    assert withheld_by_group([[3, 1]], [10, 1], [4], 1) == (set(), set())  # no suppression asked for
