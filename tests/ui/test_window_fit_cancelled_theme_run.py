"""A theme run cancelled in the desktop app leaves things as they were before it started (trial 51, minor 7:
after Cancel, the Themes view and ``info`` said "The theme run of 02:14 was cancelled during Q2 … find themes
again" of themes the completed run before it had just found, and nothing had changed)."""

from __future__ import annotations

import json

from consult_analyser.store import runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Changes, Project
from tests.ui.test_themes_view import RELEASE, _seed_themes, _stand_in_model


def _info_says(path, capsys) -> list[str]:  # type: ignore[no-untyped-def]
    from consult_analyser.cli.main import main

    capsys.readouterr()
    assert main(["info", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["interrupted"]


def test_a_cancelled_theme_run_leaves_the_themes_view_and_info_as_before(window, qtbot, project_of, capsys):  # type: ignore[no-untyped-def]
    question_id = _seed_themes(project_of)  # the last completed run's themes
    window.ctx.notify(Changes({"themes"}))
    view = window.show_view("themes")
    assert view.question_id() == question_id
    assert not view.late.isVisibleTo(view) and _info_says(project_of.path, capsys) == []
    view.discover_options = {"discover": _stand_in_model, "embedder": "minilm-m2v", "find_campaigns": None}
    from consult_analyser.pipeline.embeddings import get_embedder

    get_embedder("minilm-m2v").load()  # (as in test_themes_view: not first imported on the worker)
    RELEASE.clear()
    try:
        view.discover()
        with qtbot.waitSignal(view.discover_task.signals.progress, timeout=30000):
            pass
        window.cancel_button.click()
        qtbot.waitUntil(lambda: view.discover_button.isEnabled(), timeout=60000)
    finally:
        RELEASE.set()
    assert [t.theme.label for t in store_themes.list_themes(project_of, question_id)] == [
        "Funding for councils", "Money for local services", "English classes"]
    view.reload()
    assert "cancelled" not in view.late.text() and not view.late.isVisibleTo(view), view.late.text()
    question_key = project_of.scalar("SELECT key FROM questions WHERE id = ?", (question_id,))
    assert store_themes.unfinished_note(project_of, question_key) == ""
    assert runs.notices(project_of) == [] and _info_says(project_of.path, capsys) == []


def test_a_cancel_puts_back_what_an_earlier_killed_run_left(tmp_path, ui_project_path):  # type: ignore[no-untyped-def]
    """A run killed during Q2 left Q2 and Q3 to do; a new run of Q2 alone, cancelled, leaves that said as it was
    (and a run of Q3 that finished it before a cancel during Q2 leaves Q2 only)."""
    with Project.open(ui_project_path) as project:
        from consult_analyser.store.questions import list_questions

        keys = [q.key for q in list_questions(project)][:3]
        store_themes.set_unfinished(project, keys[1:])  # (as a killed run left it)
        before = runs.notices(project)
        assert len(before) == 1 and "was interrupted during" in before[0]
        run_id = store_themes.run_starting(project, [keys[1]])
        store_themes.run_stopped(project, run_id, "cancelled")
        assert runs.notices(project) == before
        assert store_themes.unfinished(project) == keys[1:]
        run_id = store_themes.run_starting(project, [keys[2], keys[1]])
        store_themes.run_done(project, keys[2])
        store_themes.run_stopped(project, run_id, "cancelled")
        assert store_themes.unfinished(project) == [keys[1]]
        assert "was interrupted during" in runs.notices(project)[0]
