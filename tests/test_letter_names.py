"""A mailbox's message is known by one name where a user meets it: its place in the mailbox
("inbox.mbox#2", as the import's warnings say it) in the Reader, search and ``letters --show``, with the
Message-ID it was imported under beside it; every command that names a document or a respondent takes
either name."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.cli.main import main
from consult_analyser.store import letter_names
from consult_analyser.store.project import Project
from tests.conftest import write_survey


def _message(sender: str, body: str, message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@example.gov.uk"
    message["Subject"] = "Consultation response"
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


@pytest.fixture
def mailbox_project(tmp_path: Path) -> str:
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    for message in (_message("Aoife Okafor <aoife@example.org>", "Dear team,\n\nQuestion 2: fund the youth clubs in every ward. They keep teenagers busy and safe in the "
                             "evenings.\n\nKind regards,\nAoife\n",
                             "<a1.111@example.org>"),
                    _message("Declan Roe <declan@example.net>", "Dear team,\n\nQuestion 2: keep the harbour library open late. Families use it after work and "
                             "at weekends.\n\nKind regards,\nDeclan\n",
                             "<b2.222@example.net>")):
        box.add(message)
    box.flush()
    box.close()
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear team,\n\nQuestion 2: more evening English classes, please, for people who work "
                      "during the day.\n\nYours,\nPat\n", encoding="utf-8")
    path = str(tmp_path / "p.consult")
    assert main(["-q", "import", path, str(write_survey(tmp_path / "survey.csv")), str(tmp_path / "inbox.mbox"),
                 str(letter)]) == 0
    return path


def test_a_mailbox_message_is_shown_by_its_place_and_found_by_either_name(mailbox_project, capsys):
    path = mailbox_project
    project = Project.open(path)
    try:
        names = letter_names.shown_ids(project)
        by_imported = {project.scalar("SELECT external_id FROM respondents WHERE id = ?", (k,)): v
                       for k, v in names.items()}
        assert by_imported["b2.222@example.net"] == "inbox.mbox#2"
        assert by_imported["R-001"] == "R-001" and by_imported["letter.txt"] == "letter.txt"  # others: as imported
        declan = project.scalar("SELECT id FROM respondents WHERE external_id = 'b2.222@example.net'")
        assert letter_names.other_name(project, declan) == "b2.222@example.net"
        assert letter_names.respondents_named(project, "inbox.mbox#2") == [declan]
        assert letter_names.respondents_named(project, "b2.222@example.net") == [declan]
        assert letter_names.imported_id(project, "inbox.mbox#2") == "b2.222@example.net"
        assert letter_names.imported_id(project, "no such") == "no such"
    finally:
        project.close()
    capsys.readouterr()

    assert main(["search", path, "harbour"]) == 0
    assert capsys.readouterr().out.startswith("inbox.mbox#2\t")  # as the warnings name it, not its Message-ID

    assert main(["letters", path, "--show", "inbox.mbox#2"]) == 0
    by_place = capsys.readouterr().out
    assert by_place.splitlines()[0].startswith("inbox.mbox#2 (document ")
    assert "Message-ID b2.222@example.net" in by_place.splitlines()[0] and "harbour library" in by_place
    assert main(["letters", path, "--show", "b2.222@example.net"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == by_place.splitlines()[1:]

    # the commands that name respondents take the place too
    assert main(["withdraw", path, "inbox.mbox#2", "--reason", "test", "--dry-run"]) == 0
    assert "would withdraw 1 respondent" in capsys.readouterr().out
    assert main(["withdraw", path, "inbox.mbox#9", "--reason", "test", "--dry-run"]) == 1
    assert "no respondent 'inbox.mbox#9'" in capsys.readouterr().err


def test_the_reader_shows_the_place_and_the_message_id(window_on, mailbox_project):  # type: ignore[no-untyped-def]
    win = window_on(mailbox_project)
    view = win.show_view("reader")
    project = win.ctx.project
    declan = project.scalar("SELECT id FROM respondents WHERE external_id = 'b2.222@example.net'")
    view.show_respondent(declan)
    assert view.subheading.text().startswith("inbox.mbox#2 (Message-ID b2.222@example.net)")
    view.show_respondent(project.scalar("SELECT id FROM respondents WHERE external_id = 'R-001'"))
    view.goto.setText("inbox.mbox#2")  # the name a warning gives goes to the message
    view._goto()
    assert view.respondent_id == declan


def test_the_answers_to_code_next_name_a_mailbox_message_by_its_place(mailbox_project):  # type: ignore[no-untyped-def]
    """A trial's `autocode --next` and campaign lists named mailbox messages by their Message-IDs (which carry the
    sender's mail domain), where the warnings and the Reader said "inbox.mbox#N"."""
    from consult_analyser.store import codings

    project = Project.open(mailbox_project)
    try:
        rows = project.query("SELECT r.id, p.external_id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                             " ORDER BY r.seq")
        shown = codings.external_ids(project, [r[0] for r in rows])
    finally:
        project.close()
    by_imported = dict(zip((r[1] for r in rows), shown, strict=True))
    assert by_imported["b2.222@example.net"] == "inbox.mbox#2"
    assert all(name == imported for imported, name in by_imported.items() if "@" not in imported)  # others as imported
