"""Long work runs on the task runner: progress in the status bar, Cancel stops it cleanly."""

from __future__ import annotations

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

    def work(progress):  # type: ignore[no-untyped-def]
        project = base.reopen()
        try:
            return import_files(project, [ui_sample_csv], progress=progress)
        finally:
            project.close()

    cancelled = []
    with qtbot.waitSignal(window.ctx.tasks.started, timeout=2000):
        task = window.ctx.tasks.start("Importing", work, on_cancel=lambda: cancelled.append(True))
    assert window.cancel_button.isVisible() and window.progress.isVisible()
    with qtbot.waitSignal(task.signals.progress, timeout=10000):
        pass
    window.cancel_button.click()
    qtbot.waitUntil(lambda: task.done.is_set() and not window.ctx.tasks.active, timeout=30000)
    assert cancelled == [True]
    assert not window.cancel_button.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()
    assert store_responses.project_counts(base)["respondents"] == 0
    window.ctx.tasks.wait(5000)


def test_sector_retrain_runs_in_the_background_and_keeps_analyst_labels(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    first = view.current_row()
    view.accept_current()
    before = store_sectors.analyst_labels(project_of)
    assert before == {first.respondent_id: first.sector}
    view.retrain()
    assert not view.retrain_button.isEnabled()
    assert window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: view.retrain_button.isEnabled(), timeout=60000)
    assert "model margin" in view.queue_note.text()
    assert store_sectors.analyst_labels(project_of) == before
    assert all(row.source != "analyst" for row in view.model.rows[:5])


def test_cancel_the_sector_retrain(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    before = {k: (v.sector_key, v.source.value) for k, v in store_sectors.effective_sectors(project_of).items()}
    view.retrain()
    window.cancel_button.click()
    qtbot.waitUntil(lambda: view.retrain_button.isEnabled(), timeout=60000)
    after = {k: (v.sector_key, v.source.value) for k, v in store_sectors.effective_sectors(project_of).items()}
    assert after == before
    assert "lowest confidence" in view.queue_note.text()
