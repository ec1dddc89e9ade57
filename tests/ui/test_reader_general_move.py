"""The Reader's right-click on a letter sends that letter's, or every letter's, General comments passages
to a question in one undoable step: the same core operation as ``letters --general-to``."""

from __future__ import annotations

from consult_analyser.pipeline.letters.run import main_open_question
from consult_analyser.store import passages as store_passages
from consult_analyser.store.project import Project
from tests.test_letters_general_move import views_project  # noqa: F401 - the fixture


def _letter_answers(project: Project, question_id: str) -> int:
    return project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?",
                          (question_id,)) or 0


def test_the_reader_moves_one_or_every_letters_general_passages(window_on, views_project):  # type: ignore[no-untyped-def]  # noqa: F811
    path = views_project.path
    views_project.close()
    win = window_on(path)
    view = win.show_view("reader")
    project = win.ctx.project
    main_question = main_open_question(project)
    assert main_question is not None
    general = store_passages.general_question(project)
    document, respondent = project.query("SELECT id, respondent_id FROM documents WHERE filename = 'eve.eml'")[0]
    said: list[str] = []
    win.ctx.status.connect(said.append)
    view.show_respondent(respondent)
    card = next(c for c in view.documents if c.document_id == document)

    def submenu(title: str):  # type: ignore[no-untyped-def]
        menu = view.letter_actions(card, 0)
        return next(a.menu() for a in menu.actions() if a.menu() is not None and a.text().startswith(title))

    this_letter = submenu("Move this letter's General comments passages (2) to")
    assert this_letter.isEnabled() and not any(a.text().startswith(general.key) for a in this_letter.actions())
    next(a for a in this_letter.actions() if a.text().startswith(main_question.key + " ")).trigger()
    assert _letter_answers(project, main_question.id) == 1 and _letter_answers(project, general.id) == 2
    assert said[-1].startswith(f"2 General comments passage(s) of 1 writer(s) now answer {main_question.key}")
    every = submenu("Move every letter's General comments passages (2) to")
    next(a for a in every.actions() if a.text().startswith(main_question.key + " ")).trigger()
    assert _letter_answers(project, main_question.id) == 2 and _letter_answers(project, general.id) == 1
    assert "1 writer(s) who answered" in said[-1]  # survey row 3's letter kept: it answered on the form
    win.ctx.undo_stack.undo()
    win.ctx.undo_stack.undo()
    assert _letter_answers(project, main_question.id) == 0 and _letter_answers(project, general.id) == 3
    win.ctx.undo_stack.redo()
    assert _letter_answers(project, main_question.id) == 1
    assert not submenu("Move this letter's General comments passages (0) to").isEnabled()
