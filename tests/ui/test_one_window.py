"""One window per project in a process; a refused project goes back to the Welcome window; number keys
toggle what the card shows; the keyboard back on the answer after undo and on coming to the front; a
killed run said on reopening (trial 37's findings 1, 2, 8 and 9)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from consult_analyser.actions import coding as ops
from consult_analyser.store import codings, runs
from consult_analyser.store import themes as store_themes


@pytest.fixture
def opened(qtbot, ui_project_path):  # type: ignore[no-untyped-def]
    """Windows opened through the app's own open_window (as Ctrl+O and the Welcome window do); closed after."""
    from consult_analyser.ui import app

    app.make_app()
    made: list = []

    def open_(path: Path, **kwargs):  # type: ignore[no-untyped-def]
        window = app.open_window(path, **kwargs)
        if window is not None and window not in made:
            made.append(window)
        return window

    yield open_
    for window in made:
        window.close()
    app._WINDOWS.clear()


def _main_windows() -> list:
    from consult_analyser.ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.ctx.project_open]


def test_opening_the_open_project_again_brings_its_window_to_the_front(opened, qtbot, ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    first = opened(ui_project_path)
    assert first is not None
    qtbot.waitExposed(first)
    # Ctrl+O on the same file, written another way (relative, through a link): the same window, said in its status bar
    link = tmp_path / "link.consult"
    link.symlink_to(ui_project_path)
    for again in (ui_project_path, link, Path(str(ui_project_path).replace(str(tmp_path), str(tmp_path) + "/.")) ):
        first.open_requested.emit(again)
        assert _main_windows() == [first]
        assert "is already open in this window" in first.statusBar().currentMessage()
    assert opened(ui_project_path) is first and _main_windows() == [first]
    # closed, it opens again as a new window
    first.close()
    second = opened(ui_project_path)
    assert second is not None and second is not first and _main_windows() == [second]


def _hold_lock(path: Path) -> subprocess.Popen:
    """Another program holding the project's writer's lock (as a second copy of the app does)."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from filelock import FileLock
        lock = FileLock(sys.argv[1] + ".lock")
        lock.acquire()
        print("held", flush=True)
        sys.stdin.read()
        """), str(path.resolve())], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.parametrize("from_command_line", [True, False])
def test_a_project_in_use_elsewhere_goes_back_to_the_welcome_window(qtbot, ui_project_path, monkeypatch,
                                                                    from_command_line):  # type: ignore[no-untyped-def]
    import argparse

    from consult_analyser.ui import app

    holder = _hold_lock(ui_project_path)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a, **k: warned.append(title))
    shown: list[int] = []

    def welcome_exec(dialog):  # type: ignore[no-untyped-def]
        shown.append(1)
        if len(shown) == 1 and not from_command_line:  # chosen from Recent projects: refused
            dialog.chosen = ui_project_path
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected  # then the analyst closes the Welcome window

    monkeypatch.setattr(app.WelcomeDialog, "exec", welcome_exec)
    previous = sys.excepthook
    try:
        args = argparse.Namespace(project=str(ui_project_path) if from_command_line else None, screenshot=None,
                                  view=None, respondent=None, size=None, sample=False)
        assert app.run(args) == 0  # the analyst's choice to close the Welcome window, not a failure
    finally:
        sys.excepthook = previous
        holder.communicate("", timeout=10)
    assert warned == ["Project in use"]
    assert len(shown) == (1 if from_command_line else 2)  # back to the Welcome window after the refusal


def _reader(window, qtbot):  # type: ignore[no-untyped-def]
    reader = window.show_view("reader")
    window.activateWindow()
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.editor is not None, timeout=3000)
    return reader


def test_a_number_key_changes_what_the_card_shows_even_when_the_file_changed_behind_it(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    made = ops.CreateCode("Research investment")
    assert window.ctx.run(made)
    code_id = made.code.id
    card = reader.current
    editor = card.editor
    editor.setFocus()
    # coded behind the card's back (the card shows it absent): the key meant "add", so it stays coded
    ops.AddCoding(code_id, card.response_id).apply(project_of)
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert [c.code_id for c in codings.list_codings(project_of, response_id=card.response_id)] == [code_id]
    assert code_id in reader.shown_whole[card.response_id] and card.chips.count() == 1  # redrawn as saved
    assert "already on this answer" in window.statusBar().currentMessage()
    # removed behind the card's back (the card shows it present): the key meant "remove", so nothing is added
    ops.RemoveCodings([c.id for c in codings.list_codings(project_of, response_id=card.response_id)]).apply(project_of)
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert codings.list_codings(project_of, response_id=card.response_id) == []
    assert code_id not in reader.shown_whole[card.response_id]
    # the card and the file agree: the key toggles as before
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert len(codings.list_codings(project_of, response_id=card.response_id)) == 1
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert codings.list_codings(project_of, response_id=card.response_id) == []


def _undo_action(window):  # type: ignore[no-untyped-def]
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    return next(a for a in edit.actions() if a.text().startswith("&Undo") or a.text().startswith("Undo"))


def test_after_undo_and_on_coming_to_the_front_the_keyboard_is_on_the_answer(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    made = ops.CreateCode("Privacy law")
    assert window.ctx.run(made)
    editor = reader.current.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert len(codings.list_codings(project_of, response_id=reader.current.response_id)) == 1
    reader.code_palette.setFocus()  # the keyboard elsewhere (a click on the code list)
    _undo_action(window).trigger()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is reader.current.editor, timeout=3000)
    assert codings.list_codings(project_of, response_id=reader.current.response_id) == []
    qtbot.keyClick(reader.current.editor, Qt.Key.Key_1)  # a number key works at once
    assert len(codings.list_codings(project_of, response_id=reader.current.response_id)) == 1
    # the window comes to the front with the keyboard nowhere in it: back on the answer
    reader.code_palette.setFocus()
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is reader.current.editor, timeout=3000)
    # typing a memo is left alone
    reader.memo.setFocus()
    window.focus_work()
    assert QApplication.focusWidget() is reader.memo


def test_reopening_after_a_killed_theme_run_says_so_on_the_dashboard_and_status_bar(qtbot, ui_project_path):  # type: ignore[no-untyped-def]
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    with Project.open(ui_project_path) as project:
        keys = [r[0] for r in project.query("SELECT key FROM questions WHERE kind != 'closed' ORDER BY position")][:3]
        store_themes.run_starting(project, keys)
        store_themes.run_done(project, keys[0])
        stored = json.loads(project.get_meta(runs.RUNS_META))
        stored[0]["token"] = "a killed app"  # as a process killed mid-run left it
        with project.transaction():
            project.set_meta(runs.RUNS_META, json.dumps(stored))
    make_app()
    win = MainWindow(Project.open(ui_project_path))
    qtbot.addWidget(win)
    win.show_view("dashboard")
    win.show()
    qtbot.waitExposed(win)
    said = f"was interrupted during {keys[1]}; {keys[1]} and {keys[2]} kept their earlier themes"
    assert said in win.statusBar().currentMessage()
    dashboard = win.views["dashboard"]
    assert dashboard.interrupted.isVisible() and said in dashboard.interrupted.text()
    for key in keys[1:]:  # found again: the notice goes
        store_themes.run_starting(win.ctx.project, [key])
        store_themes.run_done(win.ctx.project, key)
    dashboard.refresh()
    assert not dashboard.interrupted.isVisible()
    win.close()
