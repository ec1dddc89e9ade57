"""Letters' General comments passages sent to a question at once (every letter's, or one letter's): the
same move as ``letters --move`` (an analyst's, kept when the letters are mapped again, undoable), from
the command line and the app alike; and the import's word on the survey's one main open question."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.actions.coding import AddCoding, CreateCode
from consult_analyser.actions.letters import MapLetters, MoveGeneralPassages
from consult_analyser.cli.main import main
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.letters.run import general_note, main_open_question
from consult_analyser.store import passages as store_passages
from consult_analyser.store.project import Project
from consult_analyser.store.questions import get_question
from tests.conftest import write_survey

HEADER = ["Id", "Name", "Email", "Do you support the proposal?", "Please explain your views on the proposal",
          "Any other comments?"]
ROWS = [["1", "Ann Example", "ann@example.com", "Yes", "Longer training periods keep graduates here.", ""],
        ["2", "Bob Sample", "bob@example.com", "No", "The extension undercuts local graduates.", "None"],
        ["3", "Cy Dee", "cy@example.com", "Yes", "Universities depend on these students.", "Thanks"]]

VIEW = "Dear team,\n\n{body}\n\nYours sincerely,\n{name}\n"


def _email(folder: Path, name: str, sender: str, body: str) -> Path:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "consultation@example.gov.uk"
    msg["Subject"] = "Proposal"
    msg.set_content(VIEW.format(body=body, name=name))
    path = folder / f"{name.split()[0].lower()}.eml"
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture
def views_project(tmp_path: Path):
    """A survey with one main open question (C2's explanation) and "Any other comments?", and three
    e-mails whose views answer no particular question (General comments); one is from survey row 3's
    sender, who answered the main question on the form."""
    folder = tmp_path / "mail"
    folder.mkdir()
    _email(folder, "Dana Lee", "dana@example.org", "Skilled graduates lift wages for everyone in the region.")
    _email(folder, "Eve Roe", "eve@example.org", "Foreign students fill places that local people want.\n\n"
           "Employers will prefer cheaper hires over training.")
    _email(folder, "Cy Dee", "cy@example.com", "Research labs rely on international staff.")
    project = Project.create(tmp_path / "p.consult")
    import_files(project, [write_survey(tmp_path / "survey.csv", ROWS, HEADER)])
    import_files(project, [folder])
    MapLetters().apply(project)
    yield project
    project.close()


def _state(project: Project) -> tuple:
    return (project.query('SELECT id, question_id, method, confidence, response_id, answer_start FROM passages'
                          ' ORDER BY id'),
            project.query("SELECT id, question_id, text, origin FROM responses ORDER BY id"),
            project.query('SELECT id, response_id, start, "end" FROM codings ORDER BY id'))


def _rows(rows: list) -> list[tuple]:
    return [tuple(r) for r in rows]


def test_every_letters_general_passages_go_to_the_question_and_back(views_project):
    project = views_project
    general = store_passages.general_question(project)
    main_question = main_open_question(project)
    assert main_question is not None and main_question.key != general.key  # the survey's "explain your views"
    letters_before = project.query("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?",
                                   (general.id,))[0][0]
    assert letters_before == 3
    # a coding on a whole General answer goes with its passages
    dana = project.scalar("SELECT r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                          " WHERE r.origin = 'letter' AND r.text LIKE 'Skilled graduates%'")
    code = CreateCode("Wages")
    code.apply(project)
    assert code.code is not None
    AddCoding(code.code.id, dana).apply(project)
    before = [_rows(t) for t in _state(project)]

    op = MoveGeneralPassages(main_question.id)
    op.apply(project)
    result = op.result
    assert result is not None and result.passages == 3 and result.respondents == 2
    assert result.kept_for_form == ["3"]  # answered C2 on the form: the letter stays under General comments
    moved = project.query("SELECT r.text, c.start FROM responses r LEFT JOIN codings c ON c.response_id = r.id"
                          " WHERE r.origin = 'letter' AND r.question_id = ? ORDER BY r.text", (main_question.id,))
    assert [m[0] for m in moved] == ["Foreign students fill places that local people want.\n\nEmployers will prefer "
                                     "cheaper hires over training.",
                                     "Skilled graduates lift wages for everyone in the region."]
    assert moved[1][1] is None  # the whole answer's coding, on the whole answer it now is
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?",
                          (general.id,)) == 1
    assert {r[0] for r in project.query("SELECT method FROM passages WHERE question_id = ?", (main_question.id,))} \
        == {"analyst"}
    assert project.scalar("SELECT COUNT(*) FROM audit WHERE action = 'move_general_passages'") == 1

    MapLetters().apply(project)  # mapping the letters again keeps an analyst's moves
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?",
                          (main_question.id,)) == 2

    again = MoveGeneralPassages(main_question.id)  # nothing left to move but the form-answerer's
    again.apply(project)
    assert again.result is not None and again.result.passages == 0
    again.revert(project)
    op.revert(project)  # undo gives back every row as it was: passages, answers and the coding
    assert [_rows(t) for t in _state(project)] == before


def test_one_letters_general_passages_and_the_refusals(views_project):
    project = views_project
    main_question = main_open_question(project)
    assert main_question is not None
    eve = [r[0] for r in project.query("SELECT id FROM documents WHERE filename = 'eve.eml'")]
    op = MoveGeneralPassages(main_question.id, eve)
    op.apply(project)
    assert op.result is not None and op.result.passages == 2 and op.result.respondents == 1
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?",
                          (main_question.id,)) == 1
    general = store_passages.general_question(project)
    with pytest.raises(ValueError, match="General comments already"):
        MoveGeneralPassages(general.id).apply(project)
    closed = project.scalar("SELECT id FROM questions WHERE kind = 'closed' LIMIT 1")
    if closed:
        with pytest.raises(ValueError, match="closed question"):
            MoveGeneralPassages(closed).apply(project)


def test_the_command_line_moves_every_or_one_letters_general_passages(views_project, capsys):
    project = views_project
    key = main_open_question(project).key  # type: ignore[union-attr]
    path = str(project.path)
    project.close()
    assert main(["letters", path, "--general-to", key, "--document", "dana.eml"]) == 0
    out = capsys.readouterr().out
    assert f"1 General comments passage(s) of 1 writer(s) now answer {key}" in out
    assert main(["letters", path, "--general-to", key]) == 0
    out = capsys.readouterr().out
    assert f"2 General comments passage(s) of 1 writer(s) now answer {key}" in out
    assert f"who answered {key} on the form (3)" in out
    assert main(["letters", path, "--document", "dana.eml"]) == 1
    assert "--document goes with --general-to" in capsys.readouterr().err
    assert main(["letters", path, "--general-to", "GENERAL"]) == 1
    assert "General comments already" in capsys.readouterr().err
    assert main(["letters", path, "--general-to", key, "--document", "nobody.eml"]) == 1
    assert "no document 'nobody.eml'" in capsys.readouterr().err
    again = Project.open(path)
    try:
        q = get_question(again, key)
        assert q is not None
        assert again.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?", (q.id,)) == 2
    finally:
        again.close()


def test_the_import_names_the_main_open_question_and_moves_nothing(tmp_path, capsys):
    folder = tmp_path / "mail"
    folder.mkdir()
    _email(folder, "Dana Lee", "dana@example.org", "Skilled graduates lift wages for everyone in the region.")
    path = str(tmp_path / "p.consult")
    assert main(["-q", "import", path, str(write_survey(tmp_path / "survey.csv", ROWS, HEADER)), str(folder)]) == 0
    out = capsys.readouterr().out
    note = next(line for line in out.splitlines() if line.startswith("note: ") and "General comments" in line)
    project = Project.open(path)
    try:
        main_question = main_open_question(project)
        assert main_question is not None
        assert f"one main open question, {main_question.key}" in note
        assert f"letters {path} --general-to {main_question.key}" in note and "nothing was moved" in note
        general = store_passages.general_question(project)
        assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id = ?",
                              (general.id,)) == 1  # not moved unasked
        assert general_note(project) == note[len("note: "):].replace(path, "PROJECT")
    finally:
        project.close()


def test_no_main_question_is_guessed_among_several(imported_project, tmp_path):
    """The usual survey has two open questions that ask for views: no main one is named, and the note
    says to choose."""
    assert main_open_question(imported_project) is None
    folder = tmp_path / "mail"
    folder.mkdir()
    _email(folder, "Dana Lee", "dana@example.org", "Weather was lovely at the fete this year, thank you.")
    import_files(imported_project, [folder])
    MapLetters().apply(imported_project)
    note = general_note(imported_project)
    assert "--general-to KEY" in note and "main open question" not in note
