"""The reader codes a passage selected in a letter, with the same codebook, keys and undo as answers."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from PySide6.QtGui import QTextCursor

from consult_analyser.actions.coding import CreateCode
from consult_analyser.actions.letters import MapLetters
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import passages as store_passages
from consult_analyser.store.project import Project
from tests.conftest import write_survey

LETTER = """Dear Minister,

Question 2
Councils should fund youth clubs and keep libraries open in every ward.

Yours sincerely,
Parish Clerk
"""


def test_code_a_letter_passage_in_the_reader(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    msg = EmailMessage()
    msg["From"] = "Parish Clerk <clerk@brampton.gov.uk>"
    msg["Subject"] = "Response"
    msg.set_content(LETTER)
    (tmp_path / "letter.eml").write_bytes(bytes(msg))
    path = tmp_path / "p.consult"
    project = Project.create(path)
    import_files(project, [write_survey(tmp_path / "survey.csv"), tmp_path / "letter.eml"])
    MapLetters().apply(project)
    create = CreateCode("Libraries")
    create.apply(project)
    project.close()

    make_app()
    win = MainWindow(Project.open(path))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    view = win.show_view("reader")
    project = win.ctx.project
    document_id, text, respondent_id = project.query("SELECT id, text, respondent_id FROM documents")[0]
    view.show_respondent(respondent_id)
    from PySide6.QtWidgets import QLabel

    titles = [label.text() for card in view.cards for label in card.findChildren(QLabel)]
    assert any("by letter" in t for t in titles)
    doc = view.documents[0]
    assert "Q2 (1)" in store_passages.mapping_summary(project, document_id)
    start = text.index("keep libraries open")
    end = start + len("keep libraries open")
    cursor = doc.editor.textCursor()
    cursor.setPosition(doc.editor.offsets.qt(start))
    cursor.setPosition(doc.editor.offsets.qt(end), QTextCursor.MoveMode.KeepAnchor)
    doc.editor.setTextCursor(cursor)
    view._document_focused(doc)
    view.code_with(create.code.id)
    assert [c[2:] for c in store_passages.document_codings(project, document_id)] == [(start, end)]
    assert [(s.start, s.end) for s in view.documents[0].editor.spans] == [(start, end)]
    win.ctx.undo_stack.undo()
    assert store_passages.document_codings(project, document_id) == []
    win.ctx.undo_stack.redo()
    assert len(store_passages.document_codings(project, document_id)) == 1

    # right-click a passage: move it to another question (undoable); the letter answers follow
    q1 = project.scalar("SELECT id FROM questions WHERE key = 'Q1'")
    menu = view.letter_actions(view.documents[0], start)
    move = next(a.menu() for a in menu.actions() if a.menu() is not None)
    next(a for a in move.actions() if a.text().startswith("Q1 ")).trigger()
    passage = next(p for p in store_passages.document_passages(project, document_id) if p.start <= start < p.end)
    assert passage.question_id == q1 and passage.method == "analyst"
    assert any("Q1" == card.question_key for card in view.cards)  # the reader shows the rebuilt letter answers
    win.ctx.undo_stack.undo()
    passage = store_passages.get_passage(project, passage.id)
    assert passage.question_key == "Q2"
    win.ctx.tasks.cancel_all()
    win.ctx.tasks.wait(10000)


def test_the_reader_scrolls_to_the_caret_as_the_keyboard_moves_it(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A long letter grows its card beyond the window: moving the caret with the keyboard (Page Down,
    Ctrl+End) scrolled nothing, so a keyboard user could not read the rest of a response form."""
    from PySide6.QtCore import Qt

    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    long_letter = "Dear Minister,\n\n" + "\n\n".join(
        f"Question 2\nParagraph {i}: councils should keep the libraries open in every ward." for i in range(80)) \
        + "\n\nYours sincerely,\nParish Clerk\n"
    (tmp_path / "letter.txt").write_text(long_letter, encoding="utf-8")
    path = tmp_path / "p.consult"
    project = Project.create(path)
    import_files(project, [write_survey(tmp_path / "survey.csv"), tmp_path / "letter.txt"])
    project.close()
    make_app()
    win = MainWindow(Project.open(path))
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    view = win.show_view("reader")
    respondent_id = win.ctx.project.scalar("SELECT respondent_id FROM documents")
    view.show_respondent(respondent_id)
    editor = view.documents[0].editor
    qtbot.waitUntil(editor.isVisible)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    bar = view.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() >= bar.maximum() - 200  # at the caret, the end of the letter
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() <= 400
    # a window smaller than the reader needs (200% text): the window's own scroll area follows the caret too
    win.resize(640, 320)
    outer = view.parentWidget().parentWidget().verticalScrollBar()
    qtbot.waitUntil(lambda: outer.maximum() > 0)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert outer.value() > 0 and bar.value() >= bar.maximum() - 200
