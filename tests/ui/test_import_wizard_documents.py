"""The import wizard on e-mails and letters: its column page says there are no columns to check (in
words that wrap, no empty table), and its check page says what ``import --dry-run`` says of them, from
the same reading: the messages by kind and every file or attachment that cannot be read, and why."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.store.project import Project


def _email(sender: str, body: str, attachment: tuple[str, bytes] | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@example.gov.uk"
    message["Subject"] = "Consultation response"
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment[1], maintype="application", subtype="pdf", filename=attachment[0])
    return message


@pytest.fixture
def mail_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "good.eml").write_bytes(bytes(_email("Ann <ann@example.org>", "Dear team,\n\nWe support the plan "
                                                   "because the buses are full.\n\nRegards,\nAnn\n")))
    (folder / "corrupt_pdf.eml").write_bytes(bytes(_email(
        "Bob <bob@example.org>", "Please find our response attached.\n",
        ("Comments_final.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nstream\nxx"))))
    box = mailbox.mbox(folder / "inbox.mbox")
    for n in range(2):
        box.add(_email(f"Writer {n} <w{n}@example.net>", f"Dear team,\n\nThe harbour plan is good, point {n}.\n"))
    box.flush()
    box.close()
    return folder


def test_the_dry_run_counts_the_messages_by_kind_and_names_the_unreadable(mail_folder, capsys):
    from consult_analyser.cli.main import main

    assert main(["import", str(mail_folder.parent / "p.consult"), str(mail_folder), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would import 4 submissions" in out and "of which 2 e-mails, 2 messages of a mailbox" in out
    assert "corrupt_pdf.eml: attachment 'Comments_final.pdf' could not be read" in out


def test_the_wizard_says_what_the_dry_run_says_of_e_mails(qtbot, tmp_path, mail_folder):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.import_wizard import ImportWizard, check_files
    from consult_analyser.ui.main_window import MainWindow

    result = check_files([mail_folder], {}, lambda *_: None)  # the page's reading: the dry run's function
    assert result.submissions == ["mail: 4 submissions (4 files), of which 2 e-mails, 2 messages of a mailbox"]
    assert any(n.startswith("corrupt_pdf.eml: attachment 'Comments_final.pdf' could not be read") for n in result.notes)

    win = MainWindow(Project.create(tmp_path / "new.consult"))
    qtbot.addWidget(win)
    win.show()
    wizard = ImportWizard(win.ctx, win, paths=[mail_folder])
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.read_done, timeout=20000)
    columns = wizard.columns
    assert columns.status.wordWrap() and not columns.table.isVisible()  # no empty table of columns
    said = columns.status.text()
    assert "no columns to check" in said and "mail: e-mails, mailboxes and letters" in said and "Press Next" in said
    assert columns.status.width() <= wizard.width()  # wrapped within the window, not cut off at its edge
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=30000)
    summary = wizard.check.summary.text()
    assert "E-mails and letters: mail: 4 submissions" in summary and "2 messages of a mailbox" in summary
    assert "Comments_final.pdf" in summary and "could not be read" in summary and "1 note on them" in summary
    assert "of which 2 e-mails" in wizard.check.details.toPlainText()
    assert wizard.check.summary.wordWrap()
    wizard.close()
    win.ctx.tasks.wait(10000)
