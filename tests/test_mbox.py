"""A consultation inbox exported as one mbox file (Thunderbird, Apple Mail, Google Takeout)."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.domain import Channel
from consult_analyser.errors import IngestError
from consult_analyser.ingest.documents import MboxReader, read_document_folder
from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.registry import choose_reader
from consult_analyser.store.project import Project


def _message(sender: str, subject: str, body: str, message_id: str = "", attachment: bytes = b"") -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@example.gov.uk"
    message["Subject"] = subject
    message["Date"] = "Mon, 06 May 2024 10:15:00 +0100"
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment, maintype="text", subtype="plain", filename="annex.txt")
    return message


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(path)
    try:
        for message in messages:
            box.add(message)
        box.flush()
    finally:
        box.close()
    return path


INBOX = [
    _message("Aoife Okafor <aoife@example.org>", "Bus lanes", "We support the bus lanes.\n\nKind regards,\n"
             "Aoife Okafor\nBrennan Cycling Campaign\n", "<a1@example.org>", attachment=b"Traffic counts attached."),
    _message("declan@example.net", "Consultation response", "From my point of view the plan is too costly.\n"
             "From the start it was.\n", "<b2@example.net>"),
    _message("Maren Lindqvist <maren@example.com>", "Re: Bus lanes", "No to the plan.", ""),
]


def test_every_message_of_a_mailbox_is_a_document_with_its_sender(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "Inbox.mbox", INBOX)
    assert choose_reader(path).name == "mailbox (mbox)"
    assert choose_reader(write_mbox(tmp_path / "mbox", INBOX)).name == "mailbox (mbox)"  # Apple Mail: no suffix
    batch = MboxReader().read(path)
    assert [d.respondent.external_id for d in batch.documents] == ["a1@example.org", "b2@example.net", "Inbox.mbox#3"]
    first, second, third = batch.documents
    assert first.text.startswith("We support the bus lanes.") and first.respondent.channel == Channel.EMAIL
    assert (first.respondent.name, first.respondent.organisation) == ("Aoife Okafor", "Brennan Cycling Campaign")
    assert [a.filename for a in first.attachments] == ["annex.txt"] and "Traffic counts" in first.attachments[0].text
    assert second.text.startswith("From my point of view") and "\nFrom the start" in second.text  # ">From" undone
    assert third.text == "No to the plan." and third.respondent.email == "maren@example.com"


def test_a_mailbox_imports_once_and_again_with_only_its_new_messages(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "inbox.mbox", INBOX[:2])
    project = Project.create(tmp_path / "p.consult")
    try:
        first = import_files(project, [path])
        assert (first.respondents, first.documents) == (2, 3)  # two messages, one with an attachment
        write_mbox(path, [_message("Tom Brennan <tom@example.org>", "Late response", "Please extend the lanes.",
                                   "<c3@example.org>")])  # the mailbox grew: appended to the same file
        again = import_files(project, [path])
        assert (again.respondents, again.documents) == (1, 1)
        assert project.scalar("SELECT COUNT(*) FROM documents") == 4  # three messages, one attachment
    finally:
        project.close()


def test_a_damaged_message_is_a_warning_naming_its_place(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "inbox.mbox", INBOX[:1])
    with path.open("ab") as fh:  # a second "message" with no headers at all
        fh.write(b"From nobody Mon May  6 10:15:00 2024\n\nthis has no headers\n")
    batch = MboxReader().read(path)
    assert len(batch.documents) == 1
    assert any(w.startswith("inbox.mbox#2: ") and "not an e-mail" in w for w in batch.warnings), batch.warnings


def test_a_file_that_is_not_a_mailbox_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    path.write_text("just some notes\n")
    with pytest.raises(IngestError, match="inbox.mbox.*not an mbox mailbox"):
        MboxReader().read(path)


def test_a_folder_holding_a_mailbox_reads_its_messages(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write_mbox(folder / "Consultation.mbox", INBOX)
    (folder / "letter.txt").write_text("Dear Sir, we object.\n\nYours faithfully,\nTom Brennan\n")
    batch = read_document_folder(folder)
    ids = [d.respondent.external_id for d in batch.documents]
    assert ids == ["a1@example.org", "b2@example.net", "Consultation.mbox#3", "letter.txt"]


def test_a_mailbox_of_messages_without_a_date_is_read(tmp_path):
    """A hostile-input trial's mailbox whose messages had only "From:" and "Subject:" headers was refused as "not an
    mbox mailbox (it does not start with a 'From ' line ...)", which it did."""
    from consult_analyser.ingest.documents import read_document_folder

    box = tmp_path / "letters" / "box.mbox"
    box.parent.mkdir()
    box.write_text("".join(f"From sender{i}@example.net Mon May  6 09:0{i}:00 2024\nFrom: Sender {i} "
                           f"<sender{i}@example.net>\nSubject: Response {i}\n\nBuses to the coast in summer {i}.\n\n"
                           for i in range(3)), encoding="utf-8")
    batch = read_document_folder(box.parent)
    assert len(batch.documents) == 3, batch.warnings
