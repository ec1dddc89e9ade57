"""The import wizard: detect and correct columns, check before writing, import as a task."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.store import questions as store_questions
from consult_analyser.store import responses as store_responses
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_HEADER, SURVEY_ROWS, write_survey


@pytest.fixture
def empty_window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.main_window import MainWindow

    win = MainWindow(Project.create(tmp_path / "new.consult"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.ctx.tasks.wait(10000)


def _wizard(window, paths):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.import_wizard import ImportWizard

    wizard = ImportWizard(window.ctx, window, paths=paths)
    wizard.show()
    return wizard


def test_import_with_a_corrected_column(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    csv = write_survey(tmp_path / "survey.csv")
    wizard = _wizard(empty_window, [csv])
    assert wizard.files.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    mapping = next(iter(wizard.columns.mappings.values()))
    roles = {c.header: c.role for c in mapping.columns}
    assert roles["Response ID"] == "id" and roles["Region"] == "region"
    assert wizard.columns.table.rowCount() == len(SURVEY_HEADER)
    wizard.columns.set_role("Region", "ignore")
    assert wizard.columns.mapping()[str(csv)]["Region"] == "ignore"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    assert wizard.check.isComplete()
    assert wizard.check.result.respondents == len(SURVEY_ROWS)
    assert store_responses.project_counts(empty_window.ctx.project)["respondents"] == 0  # nothing written yet
    assert wizard.check.isCommitPage() and wizard.buttonText(wizard.WizardButton.CommitButton) == "Import"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    assert not wizard.button(wizard.WizardButton.BackButton).isVisible() or \
        not wizard.button(wizard.WizardButton.BackButton).isEnabled()  # imported: no going back to import again
    assert "Discover themes" in wizard.importing.log.toPlainText()  # what to do next
    assert not wizard.button(wizard.WizardButton.CancelButton).isVisible()  # nothing left to cancel
    project = empty_window.ctx.project
    counts = store_responses.project_counts(project)
    assert counts["respondents"] == len(SURVEY_ROWS)
    assert {q.key for q in store_questions.list_questions(project)} >= {"Q1", "Q2", "Q3"}
    assert store_responses.respondent(project, "R-002").region == ""  # the corrected column was ignored
    responses_view = empty_window.views["responses"]
    qtbot.waitUntil(lambda: responses_view.model.rowCount() > 0, timeout=5000)


def test_bad_rows_are_shown_before_anything_is_written(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    rows = [list(r) for r in SURVEY_ROWS]
    rows[3][0] = ""  # a row without its respondent id
    csv = write_survey(tmp_path / "broken.csv", rows=rows)
    wizard = _wizard(empty_window, [csv])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    assert not wizard.check.isComplete()
    assert "row" in wizard.check.details.toPlainText() and "respondent id" in wizard.check.details.toPlainText()
    assert store_responses.project_counts(empty_window.ctx.project)["respondents"] == 0
    assert Path(csv).exists()


def test_bad_rows_are_shown_and_can_be_skipped(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    rows = [row[:] for row in SURVEY_ROWS]
    rows[2] = [*rows[2], "", "an extra cell"]  # line 4 has more cells than the header
    csv = write_survey(tmp_path / "messy.csv", rows)
    wizard = _wizard(empty_window, [csv])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    report = wizard.check.details.toPlainText()
    assert "wide (one row per respondent)" in report and "'Response ID'" in report and "-> id" in report
    assert "line 4: the row has 14 cells" in report
    assert not wizard.check.isComplete() and wizard.check.skip_bad_rows.isVisibleTo(wizard)
    wizard.check.skip_bad_rows.setChecked(True)
    assert wizard.check.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    assert store_responses.project_counts(empty_window.ctx.project)["respondents"] == len(SURVEY_ROWS) - 1
    assert "skipped messy.csv, line 4" in wizard.importing.log.toPlainText()


def test_a_long_table_and_a_list_of_types_picked_with_a_survey_keep_their_own_layouts(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """Each file is read by its own columns: the survey's checked mapping is not applied to a long
    table (it was, and the long table was read as a wide one with 'question' and 'answer' as two
    questions and every second row a duplicate id), nor to a list of respondents' types."""
    survey = write_survey(tmp_path / "survey.csv")
    long = write_survey(tmp_path / "letters.csv", [[f"L-{i}", q, f"Answer {i} to {q}"] for i in range(1, 7)
                                                    for q in ("Q1. Please explain your answer", "Q9. Anything else?")],
                        ["respondent_id", "question", "answer"])
    wizard = _wizard(empty_window, [survey, long])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    # the columns page names the file it shows and says the long table has no columns to check there
    status = wizard.columns.status.text()
    assert status.startswith("survey.csv: ") and "letters.csv: read in its own layout" in status, status
    assert wizard.columns.file_choice.isVisibleTo(wizard.columns)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    report = wizard.check.details.toPlainText()
    assert "letters.csv: long (one row per answer)" in report, report
    assert wizard.check.result.bad_rows == 0 and wizard.check.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    project = empty_window.ctx.project
    assert store_responses.project_counts(project)["respondents"] == len(SURVEY_ROWS) + 6
    assert "Q9" in {q.key for q in store_questions.list_questions(project)}


def test_a_key_typed_in_the_column_check_joins_the_projects_question(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """Paper forms typed in with their own headers: typing the online form's key "C1" in the column check
    joins that question (it was renumbered C13 without a word)."""
    from consult_analyser.ingest.importer import import_files

    project = empty_window.ctx.project
    online = tmp_path / "online.csv"
    online.write_text("id,How important are bin collections to you?\n" + "".join(
        f"O{i},{'Very important' if i % 2 else 'Fairly important'}\n" for i in range(20)), encoding="utf-8")
    import_files(project, [online])
    paper = tmp_path / "paper.csv"
    paper.write_text("Ref,Importance - Bins\n" + "".join(f"P{i},Very important\n" for i in range(20)), encoding="utf-8")
    wizard = _wizard(empty_window, [paper])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.columns.set_role("Importance - Bins", "question", "C1", "closed")
    assert wizard.columns.mapping()[str(paper)]["Importance - Bins"] == "question:C1:closed:given"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    assert [q.key for q in store_questions.list_questions(project)] == ["C1"]


def test_the_wheel_over_a_columns_drop_down_scrolls_the_table_and_changes_nothing(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A trial scrolled the column check with the mouse wheel and changed the roles it passed over: a
    drop-down takes the wheel only once clicked (focused); until then the table scrolls."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    csv = write_survey(tmp_path / "survey.csv")
    wizard = _wizard(empty_window, [csv])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    table = wizard.columns.table
    wizard.resize(900, 420)  # fewer rows than the columns: the table scrolls
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() > 0)
    before = wizard.columns.mapping()
    combo = table.cellWidget(0, 1)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never gives it the focus

    def wheel(widget, notches: int) -> None:  # type: ignore[no-untyped-def]
        """The wheel turned over ``widget``, as the window system delivers it (passed on to the parents)."""
        QTest.wheelEvent(wizard.windowHandle(), widget.mapTo(wizard, widget.rect().center()), QPoint(0, -120 * notches))

    start, role = table.verticalScrollBar().value(), combo.currentIndex()
    wheel(combo, 2)
    assert combo.currentIndex() == role and wizard.columns.mapping() == before
    assert table.verticalScrollBar().value() > start
    kind = next(table.cellWidget(r, 3) for r in range(table.rowCount()) if table.cellWidget(r, 3) is not None)
    wheel(kind, 1)
    assert wizard.columns.mapping() == before

    wizard.activateWindow()
    combo = table.cellWidget(table.rowAt(table.viewport().height() // 2), 1)
    combo.setFocus()  # clicked: now the wheel is the drop-down's
    qtbot.waitUntil(combo.hasFocus)
    role = combo.currentIndex()
    wheel(combo, 1 if role == 0 else -1)  # (the last role can go only up)
    assert combo.currentIndex() != role


def test_the_column_check_sets_and_unsets_an_uploaded_documents_role(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A column of uploaded documents' texts is offered as "Uploaded document (a letter)": detected so, and the
    analyst can give another column that role (its cells become the row's respondent's letters) or take it away."""
    from tests.test_document_column import _survey_with_uploads

    csv = _survey_with_uploads(tmp_path / "survey.csv")
    wizard = _wizard(empty_window, [csv])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    mapping = next(iter(wizard.columns.mappings.values()))
    assert {c.header: c.role for c in mapping.columns}["Attachment"] == "document"
    assert "column(s) of uploaded documents" in wizard.columns.status.text()
    row = [c.header for c in mapping.columns].index("Attachment")
    combo = wizard.columns.table.cellWidget(row, 1)
    assert combo.currentText() == "Uploaded document (a letter)"
    combo.setCurrentIndex(combo.findData("question"))  # as the analyst picks it in the drop-down
    assert wizard.columns.mapping()[str(csv)]["Attachment"].startswith("question:")
    wizard.columns.set_role("Attachment", "document")
    wizard.columns.set_role("Q1. Please explain your answer", "document")
    assert wizard.columns.mapping()[str(csv)]["Q1. Please explain your answer"] == "document"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    project = empty_window.ctx.project
    assert project.scalar("SELECT COUNT(*) FROM documents") == 4 + 5  # the uploads, and five rows' explanations
    assert project.scalar("SELECT COUNT(*) FROM documents WHERE filename = 'Q1. Please explain your answer.txt'") == 5
    asked = store_questions.list_questions(project)
    assert {q.key for q in asked} - {"GENERAL"} == {"Q1", "Q2", "Q3"}  # (GENERAL: the letters' general comments)
    assert project.scalar("SELECT COUNT(*) FROM questions WHERE text LIKE '%Attachment%'") == 0
