"""Long work runs on the task runner: progress in the status bar, Cancel stops it cleanly."""

from __future__ import annotations

import threading

import pytest

from consult_analyser.store import checks
from consult_analyser.store import responses as store_responses
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.project import Project


def test_cancel_an_import_and_nothing_is_kept(qtbot, tmp_path, ui_sample_csv):  # type: ignore[no-untyped-def]
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.ui.main_window import MainWindow

    window = MainWindow(Project.create(tmp_path / "new.consult"))
    qtbot.addWidget(window)
    window.show()
    base = window.ctx.project

    reading, clicked = threading.Event(), threading.Event()

    def work(progress):  # type: ignore[no-untyped-def]
        def gated(fraction: float, message: str = "") -> None:
            progress(fraction, message)
            if not reading.is_set():  # hold the import at its first step until Cancel is pressed
                reading.set()
                clicked.wait(10)

        project = base.reopen()
        try:
            return import_files(project, [ui_sample_csv], progress=gated)
        finally:
            project.close()

    cancelled = []
    with qtbot.waitSignal(window.ctx.tasks.started, timeout=2000):
        task = window.ctx.tasks.start("Importing", work, on_cancel=lambda: cancelled.append(True))
    assert window.cancel_button.isVisible() and window.progress.isVisible()
    qtbot.waitUntil(reading.is_set, timeout=10000)
    window.cancel_button.click()
    clicked.set()
    qtbot.waitUntil(lambda: task.done.is_set() and not window.ctx.tasks.active, timeout=30000)
    assert cancelled == [True]
    assert not window.cancel_button.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()
    assert store_responses.project_counts(base)["respondents"] == 0
    window.ctx.tasks.wait(5000)


def test_sector_retrain_runs_in_the_background_and_keeps_analyst_labels(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    view.select_row(next(i for i, r in enumerate(view.model.rows) if r.sector))
    first = view.current_row()
    view.accept_current()
    before = store_sectors.analyst_labels(project_of)
    assert before == {first.respondent_id: first.sector}
    view.retrain()
    assert not view.retrain_button.isEnabled()
    assert window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: view.retrain_button.isEnabled(), timeout=60000)
    assert "then lowest confidence" in view.queue_note.text()  # the order the view opens with, as the note says
    assert store_sectors.analyst_labels(project_of) == before
    assert all(row.source != "analyst" for row in view.model.rows[:5])
    confidences = [r.confidence for r in view.model.rows if not r.review]
    assert confidences == sorted(confidences)  # flagged rows first, then the least confident


def test_check_sector_accuracy_in_the_background(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    before = {k: (v.sector_key, v.source.value) for k, v in store_sectors.effective_sectors(project_of).items()}
    view.check_button.click()
    assert not view.check_button.isEnabled()
    qtbot.waitUntil(lambda: view.check_button.isEnabled(), timeout=120000)
    assert view.check_box is not None and view.check_box.isVisible()
    assert "Checked against" in view.check_box.text() and "Plain baseline" in view.check_box.text()
    assert checks.load(project_of, checks.SECTORS)["respondents"] > 0
    view.check_box.close()
    after = {k: (v.sector_key, v.source.value) for k, v in store_sectors.effective_sectors(project_of).items()}
    assert after == before  # a check changes no sector
    dashboard = window.show_view("dashboard")
    assert "placed" in dashboard.cards["sectors"].note.text() and "in its check" in dashboard.cards["sectors"].note.text()


def test_cancel_the_sector_retrain(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    before = {k: (v.sector_key, v.source.value) for k, v in store_sectors.effective_sectors(project_of).items()}
    view.retrain()
    window.cancel_button.click()
    qtbot.waitUntil(lambda: view.retrain_button.isEnabled(), timeout=60000)
    after = {k: (v.sector_key, v.source.value) for k, v in store_sectors.effective_sectors(project_of).items()}
    assert after == before
    assert "lowest confidence" in view.queue_note.text()


@pytest.mark.slow  # the annex exporter loads the personal-data redaction models (~30 s)
def test_export_the_annex_in_the_background(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "annex.xlsx"
    task = window.export_annex(target)
    qtbot.waitUntil(lambda: task.done.is_set(), timeout=60000)
    assert task.error == ""
    assert target.exists() and target.stat().st_size > 0
    qtbot.waitUntil(lambda: "Annex written" in window.statusBar().currentMessage(), timeout=5000)


def test_check_suggestions_in_the_background(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.store import codebook, codings, suggestions
    from consult_analyser.ui.widgets import suggestions_panel

    view = window.show_view("themes")
    question_id = view.question_id()
    assert question_id is not None
    answers = [(rid, text) for rid, text in codings.answer_texts(project_of, question_id) if text.strip()][:40]
    words = codebook.create_code(project_of, "Mentions the community")
    other = codebook.create_code(project_of, "Other point")
    for rid, text in answers:
        codings.add_coding(project_of, (words if "communit" in text.lower() else other).id, rid)
    before = len(codings.list_codings(project_of))
    view.suggestions.check_button.click()
    assert not view.suggestions.check_button.isEnabled()
    qtbot.waitUntil(lambda: view.suggestions.check_button.isEnabled(), timeout=120000)
    assert view.check_box is not None and view.check_box.isVisible()
    text = view.check_box.text()
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    substantive = sum(not is_non_answer(t) for _, t in answers)  # coded non-answers are out of the check (trial 48)
    assert f"{substantive} coded answers, 2 codes" in text and "Plain baseline" in text and "Mentions the community" in text
    view.check_box.close()
    assert len(codings.list_codings(project_of)) == before  # a check changes nothing
    assert not suggestions.list_suggestions(project_of)
    view.suggestions.run_button.click()  # then suggest codes for the rest, in the background too
    qtbot.waitUntil(lambda: bool(suggestions.list_suggestions(project_of)), timeout=120000)
    # accepting every confident suggestion at once asks first; cancelled, nothing is coded
    # the list shows the most confident few; the count and "Accept all" are of every suggestion
    monkeypatch.setattr(suggestions_panel, "LIMIT", 2)
    asked: list[int] = []
    view.suggestions.confirm_bulk = lambda n: asked.append(n) or False
    view.suggestions.load(project_of, question_id)
    pending = suggestions.list_suggestions(project_of)
    assert view.suggestions.model.rowCount() == 2 < len(pending)
    assert view.suggestions.note.text().startswith(f"{len(pending):,} pending suggestion")
    view.suggestions._accept_confident()
    confident = sum(1 for s in pending if s.confidence >= 0.9)  # what the list shows as 90% or more (rounded down)
    assert asked == ([confident] if confident else []) and len(codings.list_codings(project_of)) == before
    if confident:  # confirmed: coded, each coding saying it was accepted with the others above 90%, unread
        view.suggestions.confirm_bulk = lambda n: True
        view.suggestions._accept_confident()
        made = [c for c in codings.list_codings(project_of) if c.source == "model"]
        assert len(made) == confident and all("(in bulk, at 90% or more)" in c.coder for c in made)


def test_check_themes_against_codes_in_the_background(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("themes")
    assert view.question_id() is not None
    view.check_themes_button.click()
    qtbot.waitUntil(lambda: view.check_themes_button.isEnabled(), timeout=120000)
    assert view.check_box is not None and view.check_box.isVisible()
    assert "not checked" in view.check_box.text()  # no one has coded this question's answers
    view.check_box.close()


def test_a_result_that_arrives_after_the_project_closed_goes_to_no_one(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """Quitting while a view still loads (the Responses index of a large project): the loaded data
    reach no view of the closed project ("Cannot operate on a closed database" was shown)."""
    from consult_analyser.ui.context import AppContext

    ctx = AppContext(Project.create(tmp_path / "quit.consult"))
    release, delivered = threading.Event(), []
    task = ctx.tasks.fetch(lambda: release.wait(10) and "rows", delivered.append)
    ctx.project.close()  # the window closed its project while the work ran
    release.set()
    qtbot.waitUntil(task.done.is_set, timeout=5000)
    qtbot.wait(50)  # the result's signal is delivered on the UI thread
    assert delivered == []
    ctx.tasks.wait(5000)
