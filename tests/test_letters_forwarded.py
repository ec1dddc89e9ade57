"""Forwarded e-mails whose letter is in the body (Gmail, Outlook and Apple Mail forms): the forwarded letter is the
letter (its passages answer, its writer is the respondent), the forwarding note is no answer; a reply quoting an
earlier message keeps its own text as the answer; a latin-1 forwarded sender keeps the name's accents; letter answers
carry their letter's language."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.actions.letters import MapLetters
from consult_analyser.ingest.doc_email import parse_email
from consult_analyser.ingest.importer import import_files
from consult_analyser.letter_text import forwarded_message, forwarded_start, letter_body
from consult_analyser.pipeline.letters.segment import split_passages
from consult_analyser.pipeline.themes.nonanswers import is_non_answer

NOTE = "Hi,\n\nForwarding this on behalf of Hannah, who could not reach the mailbox.\n\nThanks,\nDmitri Quintero\n\n"
LETTER = ("Dear Consultation Team,\n\n"
          "Elko County supports any effort to make the environmental review a more streamlined process, because the "
          "delays cost rural counties dearly and hold back the building of roads and water works.\n\n"
          "The county also asks that wildland fire be analysed in every review of an action on public lands, since "
          "fire is the greatest threat our communities face.\n\n"
          "Yours sincerely,\n\nHannah Nakamura\nPolicy Director\nElko County\nPhone: (303) 555-0160\n")
GMAIL = ("---------- Forwarded message ---------\nFrom: Hannah Nakamura <hannah.nakamura@elkocounty.org>\n"
         "Date: Mon, 2 Mar 2020 at 09:14\nSubject: Response to consultation\nTo: consultation@dept-example.gov\n\n")
OUTLOOK = ("________________________________\nFrom: Hannah Nakamura <hannah.nakamura@elkocounty.org>\n"
           "Sent: 02 March 2020 09:14\nTo: consultation@dept-example.gov\nSubject: Response to consultation\n\n")
OUTLOOK_BARE = ("From: Hannah Nakamura <hannah.nakamura@elkocounty.org>\nSent: 02 March 2020 09:14\n"
                "To: consultation@dept-example.gov\nSubject: Response to consultation\n\n")
APPLE = ("Begin forwarded message:\n\nFrom: Hannah Nakamura <hannah.nakamura@elkocounty.org>\n"
         "Subject: Response to consultation\nDate: 2 March 2020 at 09:14:00 GMT\nTo: consultation@dept-example.gov\n\n")


def _mail(body: str, *, sender: str = "Dmitri Quintero <dmitri.quintero@elkocounty.org>",
          subject: str = "Fwd: Response to consultation", charset: str = "utf-8") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@dept-example.gov"
    message["Subject"] = subject
    message["Date"] = "Wed, 04 Mar 2020 20:53:20 -0000"
    message.set_content(body, charset=charset, cte="8bit" if charset != "utf-8" else None)
    return bytes(message)


@pytest.mark.parametrize("header", [GMAIL, OUTLOOK, OUTLOOK_BARE, APPLE], ids=["gmail", "outlook", "outlook-bare", "apple"])
def test_the_forwarded_letter_is_the_letter_and_the_note_no_passage(header: str) -> None:
    text = NOTE + header + LETTER
    found = forwarded_message(text)
    assert found is not None and found.headers["from"].startswith("Hannah Nakamura")
    assert text[found.start:].startswith("Dear Consultation Team")
    passages = [text[p.start:p.end] for p in split_passages(text)]
    assert not any("Forwarding this" in p or "Dmitri" in p or "From:" in p for p in passages)
    assert any(p.startswith("Elko County supports") for p in passages)
    assert letter_body(text).startswith("Elko County supports")


@pytest.mark.parametrize("header", [GMAIL, OUTLOOK, APPLE], ids=["gmail", "outlook", "apple"])
def test_the_forwarded_letters_writer_is_the_respondent(tmp_path: Path, header: str) -> None:
    document, _ = parse_email(_mail(NOTE + header + LETTER), tmp_path / "fw.eml", "fw.eml")
    assert document.respondent.name == "Hannah Nakamura"
    assert document.respondent.email == "hannah.nakamura@elkocounty.org"


def test_a_reply_quoting_the_departments_message_is_no_forward() -> None:
    """A reply above Outlook's "-----Original Message-----" (which replies use too) or a Gmail quote keeps its own
    text as the letter; the quoted acknowledgement stays out as before."""
    reply = ("I agree with the proposal: the delays cost us dearly.\n\nRegards,\nJo Bloggs\n\n"
             "-----Original Message-----\nFrom: Consultation Team <consultation@dept-example.gov>\n"
             "Sent: 25 February 2020 10:02\nTo: jo@example.org\nSubject: Consultation\n\n"
             "Thank you for your interest in our consultation.\n")
    assert forwarded_message(reply) is None and forwarded_start(reply) == 0
    passages = [reply[p.start:p.end] for p in split_passages(reply)]
    assert passages[0].startswith("I agree with the proposal")
    quoted = ("I agree with the proposal.\n\nOn Tue, 25 Feb 2020 at 10:02, Consultation Team "
              "<consultation@dept-example.gov> wrote:\n> Thank you for your interest.\n")
    assert forwarded_message(quoted) is None


def test_a_long_letter_above_an_earlier_message_is_the_writers_own() -> None:
    own = " ".join(["We oppose the rule because it harms small farms."] * 12) + "\n\n" + GMAIL + LETTER
    assert forwarded_message(own) is None


def test_a_forward_of_a_forward_reaches_the_letter() -> None:
    text = "FYI\n\n" + GMAIL.replace("Hannah Nakamura", "Dmitri Quintero") + NOTE + GMAIL + LETTER
    assert text[forwarded_start(text):].startswith("Dear Consultation Team")


def test_a_latin1_forwarded_senders_name_keeps_its_accents(tmp_path: Path) -> None:
    header = GMAIL.replace("Hannah Nakamura <hannah.nakamura@", "Kevin Sørensen <kevin.sorensen@")
    document, _ = parse_email(_mail(NOTE + header + LETTER, charset="iso-8859-1"), tmp_path / "fw.eml", "fw.eml")
    assert document.respondent.name == "Kevin Sørensen"
    encoded = GMAIL.replace("Hannah Nakamura <hannah.nakamura@", "=?iso-8859-1?q?Kevin_S=F8rensen?= <kevin.sorensen@")
    document, _ = parse_email(_mail(NOTE + encoded + LETTER), tmp_path / "fw2.eml", "fw2.eml")
    assert document.respondent.name == "Kevin Sørensen"


@pytest.mark.parametrize("note", [
    "Forwarding this on behalf of Hannah, who could not reach the mailbox.",
    "Hi,\n\nForwarding this on behalf of Hannah, who could not reach the mailbox.\n\nThanks,\nDmitri Quintero",
    "FYI - see below.",
    "Please find our response attached. The password will follow under separate cover.\n\nVictor Anand",
])
def test_a_note_that_only_forwards_or_covers_is_no_answer(note: str) -> None:
    assert is_non_answer(note)


@pytest.mark.parametrize("answer", [
    "Forwarding on behalf of my colleague. We strongly oppose the rule.",
    "We should forward the funds to the schools.",
    "The password will follow in a separate email.",  # no attachment sent: not a covering note
])
def test_a_forwarding_word_in_an_answer_keeps_it_an_answer(answer: str) -> None:
    assert not is_non_answer(answer)


def test_an_imported_forward_answers_with_the_letter_in_its_language(imported_project, tmp_path: Path) -> None:
    """The import and the letters' mapping: the forwarded letter's paragraphs make the letter answer (not the note),
    the sender is the writer, and letter answers carry the language detected of their letter (Spanish here)."""
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "fw.eml").write_bytes(_mail(NOTE + GMAIL + LETTER))
    spanish = ("Estimado equipo de consulta:\n\nNos oponemos a los cambios propuestos porque reducen la participación "
               "pública y debilitan la protección del medio ambiente en las comunidades rurales.\n\nAtentamente,\n"
               "María López\n")
    (folder / "es.eml").write_bytes(_mail(spanish, sender="María López <maria@example.es>", subject="Comentarios"))
    import_files(imported_project, [folder])
    MapLetters().apply(imported_project)
    rows = imported_project.query(
        "SELECT p.name, r.text, r.language FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " WHERE r.origin = 'letter' ORDER BY p.name")
    by_name = {name: (text, language) for name, text, language in rows}
    assert set(by_name) == {"Hannah Nakamura", "María López"}
    text, language = by_name["Hannah Nakamura"]
    assert "Elko County supports" in text and "wildland fire" in text and "Forwarding" not in text
    assert language == "en"
    assert by_name["María López"][1] == "es"
