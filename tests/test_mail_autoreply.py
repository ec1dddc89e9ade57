"""Automatic replies and delivery failures are no respondents: skipped at import with a warning naming the file (and
the mailbox message), the same in a dry run, and counted; an exact resend in a folder or mailbox is reported by the
dry run as the import reports it; a follow-up from someone who had e-mailed before is worded as such."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_email import AutomaticReply, parse_email
from consult_analyser.ingest.doc_msg import parse_msg
from consult_analyser.ingest.documents import EmailReader, read_document_folder
from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.preview import preview_file
from tests.test_documents import make_cfb

LETTER = ("Dear Consultation Team,\n\nWe support the proposal because it will cut delays for rural counties and "
          "let small works go ahead sooner.\n\nYours sincerely,\nJo Bloggs\n")
OUT_OF_OFFICE = ("Thank you for your email. I am out of the office until Monday 16 March with limited access to email.\n"
                 "For urgent matters please contact my colleague Dana Price on (614) 555-0142.\n\nGregory Hale\n")


def _mail(body: str = LETTER, *, sender: str = "Jo Bloggs <jo@example.org>", subject: str = "My response",
          headers: dict[str, str] | None = None, content_type: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@dept-example.gov"
    message["Subject"] = subject
    message["Date"] = "Wed, 04 Mar 2020 20:53:20 -0000"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if content_type:
        message.replace_header("Content-Type", content_type)
    return bytes(message)


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"headers": {"Auto-Submitted": "auto-replied"}}, "Auto-Submitted: auto-replied"),
    ({"headers": {"X-Autoreply": "yes"}}, "X-Autoreply: yes"),
    ({"headers": {"X-Autorespond": "Out of office"}}, "X-Autorespond"),
    ({"headers": {"Precedence": "auto_reply"}}, "Precedence: auto_reply"),
    ({"subject": "Automatic reply: My response"}, "subject"),
    ({"subject": "Out of Office: My response"}, "subject"),
    ({"subject": "Autoreply: My response"}, "subject"),
    ({"sender": "Mail Delivery System <MAILER-DAEMON@mx.example.org>", "subject": "Undelivered Mail Returned to Sender"},
     "delivery failure"),
    ({"sender": "postmaster@example.org", "subject": "Failure"}, "delivery failure"),
    ({"content_type": 'multipart/report; report-type=delivery-status; boundary="b"'}, "delivery failure"),
])
def test_an_automatic_message_is_refused_as_no_response(tmp_path: Path, kwargs: dict, said: str) -> None:
    with pytest.raises(AutomaticReply, match=said):
        parse_email(_mail(OUT_OF_OFFICE, **kwargs), tmp_path / "ooo.eml", "ooo.eml")


@pytest.mark.parametrize("kwargs", [
    {"headers": {"Auto-Submitted": "no"}},
    {"headers": {"Auto-Submitted": "auto-generated"}},  # a form's notice may carry a response
    {"headers": {"Precedence": "bulk"}},
    {"subject": "Re: Out of office hours GP services"},
    {"subject": "Comments on the out of office working proposal"},
])
def test_a_persons_message_is_no_automatic_reply(tmp_path: Path, kwargs: dict) -> None:
    document, _ = parse_email(_mail(**kwargs), tmp_path / "a.eml", "a.eml")
    assert "We support the proposal" in document.text


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "letter.eml").write_bytes(_mail())
    (folder / "auto_reply.eml").write_bytes(_mail(OUT_OF_OFFICE, sender="Gregory Hale <greg@rail.example.com>",
                                                  subject="Automatic reply: consultation",
                                                  headers={"Auto-Submitted": "auto-replied"}))
    box = mailbox.mbox(folder / "inbox.mbox")
    for data in (_mail(sender="Ann Example <ann@example.org>", subject="Views"),
                 _mail(OUT_OF_OFFICE, sender="MAILER-DAEMON@mx.example.org", subject="Mail delivery failed"),
                 _mail(sender="Ann Example <ann@example.org>", subject="Views (resent)")):
        box.add(mailbox.mboxMessage(data))
    box.flush()
    box.close()
    return folder


def test_a_folder_skips_automatic_messages_and_resends_naming_each(tmp_path: Path) -> None:
    batch = read_document_folder(_folder(tmp_path))
    assert sorted(d.respondent.email for d in batch.documents) == ["ann@example.org", "jo@example.org"]
    text = "\n".join(batch.warnings)
    assert "auto_reply.eml: an automatic reply (Auto-Submitted: auto-replied), not a response: not imported" in text
    assert "inbox.mbox#2: a delivery failure (from MAILER-DAEMON@mx.example.org)" in text
    assert "mail: 2 automatic replies and delivery failures were not imported" in text
    assert "inbox.mbox#3: the same letter from the same sender as inbox.mbox#1; not imported again" in text


def test_the_dry_run_says_what_the_import_does(project, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    preview = preview_file(folder)
    result = import_files(project, [folder])
    assert preview.documents == 2 and result.respondents == 2
    notes = "\n".join(preview.lines())
    for said in ("auto_reply.eml: an automatic reply", "inbox.mbox#2: a delivery failure",
                 "inbox.mbox#3: the same letter from the same sender as inbox.mbox#1"):
        assert said in notes
        assert any(said in w for w in result.warnings), result.warnings
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE email_domain = 'rail.example.com'") == 0


def test_an_automatic_reply_given_alone_imports_nothing_and_says_why(project, tmp_path: Path) -> None:
    path = tmp_path / "ooo.eml"
    path.write_bytes(_mail(OUT_OF_OFFICE, headers={"X-Autoreply": "yes"}))
    batch = EmailReader().read(path)
    assert not batch.documents and batch.warnings[0].startswith("ooo.eml: an automatic reply (X-Autoreply: yes)")
    result = import_files(project, [path])
    assert result.respondents == 0 and any("ooo.eml: an automatic reply" in w for w in result.warnings)


def _msg(message_class: str = "IPM.Note", headers: str = "", subject: str = "My response") -> bytes:
    def text(value: str) -> bytes:
        return value.encode("utf-16-le")

    streams = {"__substg1.0_0037001F": text(subject), "__substg1.0_0C1A001F": text("Raj Patel"),
               "__substg1.0_5D01001F": text("raj@example.com"), "__substg1.0_1000001F": text(OUT_OF_OFFICE),
               "__substg1.0_001A001F": text(message_class), "__properties_version1.0": b"\0" * 32}
    if headers:
        streams["__substg1.0_007D001F"] = text(headers)
    return make_cfb(streams)


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"message_class": "IPM.Note.Rules.OofTemplate.Microsoft"}, "out-of-office"),
    ({"message_class": "REPORT.IPM.Note.NDR"}, "report"),
    ({"headers": "From: raj@example.com\r\nAuto-Submitted: auto-replied\r\n"}, "Auto-Submitted"),
    ({"subject": "Automatic reply: My response"}, "subject"),
])
def test_an_outlook_automatic_message_is_refused(tmp_path: Path, kwargs: dict, said: str) -> None:
    with pytest.raises(AutomaticReply, match=said):
        parse_msg(_msg(**kwargs), tmp_path / "ooo.msg", "ooo.msg")
    document, _ = parse_msg(_msg(), tmp_path / "a.msg", "a.msg")
    assert document.respondent.email == "raj@example.com"
    assert issubclass(AutomaticReply, IngestError)  # an IngestError to every other caller


def test_a_follow_up_e_mail_is_worded_as_joining_the_earlier_e_mail(imported_project, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "first.eml").write_bytes(_mail(sender="Ann Example <ann@example.org>"))
    (folder / "second.eml").write_bytes(_mail("A further point: the fees should be lower.\n\nAnn\n",
                                              sender="Ann Example <ann@example.org>", subject="Follow-up"))
    result = import_files(imported_project, [folder])
    text = "\n".join(result.warnings)
    assert "1 document came from people who had e-mailed or written before (same e-mail address)" in text
    assert "second.eml" in text and "answered online" not in text
