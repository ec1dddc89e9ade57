"""The import wizard with files that cannot be read among others (trial 44): every one is listed at once with
its reason, the others' columns are shown, and they can be left out in one go; a row that cannot be read is
counted in words that agree with the number."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.store import responses as store_responses
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_ROWS, write_survey


@pytest.fixture
def window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
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


def test_every_unreadable_file_is_listed_and_left_out_in_one_go(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """The trial's wizard showed one unreadable file at a time, and no other file's columns meanwhile."""
    good = write_survey(tmp_path / "good.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(1, 32)) * 200)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(b"PK\x03\x04" + bytes(300))
    other = write_survey(tmp_path / "other.csv", rows=[[f"X-{r[0]}", *r[1:]] for r in SURVEY_ROWS])
    wizard = _wizard(window, [good, empty, binary, cut, other])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    page = wizard.columns
    assert set(page.mappings) == {str(good), str(other)}  # the readable files' columns are shown
    assert set(page.unreadable) == {str(empty), str(binary), str(cut)}
    status = page.status.text()
    assert "3 files cannot be read" in status
    assert "empty.csv: the file is empty" in status and "binary.csv: " in status and "cut.xlsx: " in status
    assert "damaged or truncated" in status and "BadZipFile" not in status
    assert page.leave_out.isVisibleTo(wizard) and page.isComplete()
    page.leave_out.click()
    assert [p.name for p in wizard.files.paths()] == ["good.csv", "other.csv"]
    assert not page.leave_out.isVisibleTo(wizard) and "cannot be read" not in page.status.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=20000)
    assert wizard.check.isComplete() and wizard.check.result.respondents == 2 * len(SURVEY_ROWS)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    assert store_responses.project_counts(window.ctx.project)["respondents"] == 2 * len(SURVEY_ROWS)


def test_the_check_page_lists_the_files_that_cannot_be_imported_and_leaves_them_out(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    good = write_survey(tmp_path / "good.csv")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    letter2 = tmp_path / "letter2.docx"
    letter2.write_bytes(b"PK\x03\x04 cut short")
    wizard = _wizard(window, [good, letter, letter2])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=20000)
    page = wizard.check
    summary = page.summary.text()
    assert "2 files cannot be imported" in summary and "letter.pdf: " in summary and "letter2.docx: " in summary
    assert not page.isComplete() and page.leave_out.isVisibleTo(wizard)
    page.leave_out.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=20000)
    assert [p.name for p in wizard.files.paths()] == ["good.csv"] and page.isComplete()


def test_one_row_that_cannot_be_read_is_said_in_the_singular(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    rows = [list(r) for r in SURVEY_ROWS]
    rows[3][0] = ""  # a row without its respondent id
    csv = write_survey(tmp_path / "broken.csv", rows=rows)
    wizard = _wizard(window, [csv])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=20000)
    summary = wizard.check.summary.text()
    assert "1 row cannot be read" in summary and "1 rows" not in summary


def test_a_header_repeated_mid_file_is_no_respondent_on_the_check_page(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from tests.conftest import SURVEY_HEADER

    csv = write_survey(tmp_path / "joined.csv", rows=[*SURVEY_ROWS[:3], SURVEY_HEADER, *SURVEY_ROWS[3:]])
    wizard = _wizard(window, [csv])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=20000)
    assert wizard.check.isComplete() and wizard.check.result.respondents == len(SURVEY_ROWS)
    assert "line 5: the row repeats the header (two exports joined?)" in wizard.check.details.toPlainText()
    assert Path(csv).exists()


def test_when_every_file_is_left_out_nothing_is_left_to_import(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.xlsx"
    binary.write_bytes(bytes(range(1, 32)) * 50)
    wizard = _wizard(window, [empty, binary])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    assert "2 files cannot be read" in wizard.columns.status.text()
    wizard.columns.leave_out.click()
    assert not wizard.files.paths() and not wizard.columns.isComplete()
    assert "No file is left to import" in wizard.columns.status.text()


def test_a_later_export_can_take_in_corrected_answers_from_the_wizard_too(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """`import --update-answers` took a later export's corrected answers in; the wizard had no way to (trial 44):
    its check page now offers it where respondents of the files are already in the project, unticked."""
    from consult_analyser.ingest.importer import import_files

    first = write_survey(tmp_path / "export.csv")
    import_files(window.ctx.project, [first])
    rows = [list(r) for r in SURVEY_ROWS]
    old, rows[0][9] = rows[0][9], "Communities should mix far more, and sooner."
    later = write_survey(tmp_path / "export_later.csv", rows=rows)

    def answer() -> str:
        return str(window.ctx.project.scalar("SELECT text FROM responses r JOIN respondents p ON p.id = r.respondent_id "
                                             "WHERE p.external_id = 'R-001' AND r.text LIKE 'Communities%'"))

    assert answer() == old
    wizard = _wizard(window, [later])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=20000)
    box = wizard.check.update_answers
    assert box.isVisibleTo(wizard) and not box.isChecked()
    box.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    assert answer() == "Communities should mix far more, and sooner."
