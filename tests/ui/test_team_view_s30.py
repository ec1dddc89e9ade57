"""Trial 42 in the app: the lead's decisions say what they do to the agreed coding, which the Team view
exports; an analyst's copy someone else opens asks, once, whether to work as its analyst or read only."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from consult_analyser.store import codebook, codings, identity
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import owner, split


def _double_coded(project: Project, folder: Path) -> dict[str, Path]:
    a = codebook.create_code(project, "Alpha").id
    b = codebook.create_code(project, "Beta").id
    result = split.split(project, ["alice", "bob"], folder, overlap=1.0, seed=1)
    for name in ("alice", "bob"):
        with Project.open(result.files[name]) as copy:
            for i, rid in enumerate(team_store.assigned_answers(copy, name)[:20]):
                codings.add_coding(copy, a, rid)
                if (i % 3 == 0) == (name == "alice"):
                    codings.add_coding(copy, b, rid)
    return result.files


def test_decisions_say_what_they_do_and_the_agreed_coding_is_exported(window, project_of, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    files = _double_coded(project_of, tmp_path / "copies")
    view = window.show_view("team")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(p) for p in files.values()], ""))
    view.merge_dialog()
    before = project_of.scalar("SELECT COUNT(*) FROM codings")
    assert view.both_button.text() == "Code applies" and view.neither_button.text() == "Code does not apply"
    assert "the code does not apply to this answer" in view.neither_button.toolTip()
    view.queue_table.selectRow(0)
    view.both_button.click()
    view.queue_table.selectRow(1)
    view.neither_button.click()
    assert [view.queue_table.item(r, 5).text() for r in range(3)] == ["applied", "not applied", "to decide"]
    assert "the agreed coding does not apply the code" in window.statusBar().currentMessage()
    assert project_of.scalar("SELECT COUNT(*) FROM codings") == before  # the coders' own codings stay
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(tmp_path))
    view.export_agreed_button.click()
    with (tmp_path / "decisions.csv").open(encoding="utf-8-sig", newline="") as fh:
        decided = list(csv.DictReader(fh))
    assert sorted(r["decision"] for r in decided) == ["applied", "not applied"]
    assert (tmp_path / "agreed.csv").stat().st_size > 0
    said = window.statusBar().currentMessage()
    assert said.startswith("Wrote ") and "rows of agreed and 2 rows of decisions to " in said


@pytest.fixture
def as_bob(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONSULT_ANALYST", raising=False)
    monkeypatch.delenv("CONSULT_ROLE", raising=False)
    identity.save_settings("bob", "analyst")


def _answer_with(monkeypatch, label: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the question at open by clicking the button ``label`` (None: Cancel); returns what it said."""
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text() + " " + box.informativeText())
        wanted = next(b for b in box.buttons() if (b.text() == label if label else
                                                   box.standardButton(b) == QMessageBox.StandardButton.Cancel))
        wanted.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_another_analysts_copy_asks_once_at_open(qtbot, ui_project_path, tmp_path, as_bob, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import make_app, open_window

    make_app()
    with Project.open(ui_project_path, actor="lena") as lead:
        copy = split.split(lead, ["alice", "bob"], tmp_path / "copies", seed=1).files["alice"]
    asked = _answer_with(monkeypatch, None)
    assert open_window(copy) is None and "belongs to alice; you are bob (analyst)" in asked[0]
    asked = _answer_with(monkeypatch, "Open read-only")
    window = open_window(copy)
    qtbot.addWidget(window)
    assert window.ctx.project.readonly and not window.ctx.writable
    assert "open read-only" in window.statusBar().currentMessage()
    window.ctx.project.close()
    window.close()
    asked = _answer_with(monkeypatch, "Continue as alice")
    window = open_window(copy)
    qtbot.addWidget(window)
    assert not window.ctx.project.readonly and window.ctx.project.actor == "alice"
    journal = [tuple(r) for r in window.ctx.project.query("SELECT actor, action FROM audit WHERE actor = 'bob'")]
    assert journal == [("bob", owner.ALLOWED_ACTION), ("bob", owner.SESSION_ACTION)]
    window.ctx.project.close()
    window.close()
    asked = _answer_with(monkeypatch, "Open read-only")  # chosen once: not asked again
    window = open_window(copy)
    qtbot.addWidget(window)
    assert len(asked) == 0 and not window.ctx.project.readonly
    window.ctx.project.close()
    window.close()


def test_the_team_view_adds_an_analyst_and_hands_a_leavers_answers_on(window, project_of, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from consult_analyser.ui.views import team_view

    view = window.show_view("team")
    assert not view.change_button.isVisibleTo(view)  # not split yet
    split.split(project_of, ["alice", "bob"], tmp_path / "copies", seed=1)
    view.refresh()
    assert view.change_button.isVisibleTo(view)
    answers: list[str] = []
    def pick(_parent, _title, _label, items, *_rest):  # type: ignore[no-untyped-def]
        start = answers.pop(0)
        return next(i for i in items if i.startswith(start)), True

    monkeypatch.setattr(team_view, "ask_item", pick)
    monkeypatch.setattr(team_view, "ask_text", lambda *a, **k: (answers.pop(0), True))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (float(answers.pop(0)), True))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(answers.pop(0)))
    (tmp_path / "carol").mkdir()
    answers[:] = ["Add an analyst", "carol", "0.5", "0", str(tmp_path / "carol")]
    view.change_dialog()
    assert (tmp_path / "carol" / "carol.consult").exists() and "carol takes" in window.statusBar().currentMessage()
    taken = set(team_store.assigned_answers(project_of, "carol"))
    assert taken and view.analysts.rowCount() == 3
    (tmp_path / "dan").mkdir()
    answers[:] = ["Give", "bob", "dan", str(tmp_path / "dan")]
    view.change_dialog()
    assert not team_store.assigned_answers(project_of, "bob") and (tmp_path / "dan" / "dan.consult").exists()
    answers[:] = ["Give", "bob", "dan", str(tmp_path / "dan")]
    view.change_dialog()  # nothing left: refused, said
    assert window.statusBar().currentMessage().startswith("Nothing changed: bob has coded every answer")
