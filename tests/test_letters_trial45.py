"""Follow-ups of a trial with a real e-mailed consultation (trial 45): RTF and OpenDocument letters, senders'
display names that hold an organisation, letter titles taken for a name, empty e-mails and covering notes.

Every e-mail and document here is synthetic, written in the test."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_email import parse_email
from consult_analyser.ingest.doc_extract import extract_odt, extract_rtf
from consult_analyser.ingest.documents import read_document_folder

_ODF_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
             '<office:body><office:text>')
_ODF_TAIL = '</office:text></office:body></office:document-content>'

ODT_BODY = ('<text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>'
            '<text:h text:outline-level="1">Submission of the Anytown Heritage Trust</text:h>'
            '<text:p>We support the<text:s text:c="2"/>plan<text:note><text:note-body><text:p>A footnote.</text:p>'
            '</text:note-body></text:note>, with <text:span>two changes</text:span>:</text:p>'
            '<text:list><text:list-item><text:p>protect the old mill;</text:p></text:list-item>'
            '<text:list-item><text:p>keep the towpath open.</text:p></text:list-item></text:list>'
            '<table:table><table:table-row><table:table-cell><text:p>Site</text:p></table:table-cell>'
            '<table:table-cell><text:p>View</text:p></table:table-cell></table:table-row>'
            '<table:table-row><table:table-cell><text:p>Mill</text:p></table:table-cell>'
            '<table:table-cell><text:p>Keep</text:p></table:table-cell></table:table-row></table:table>'
            '<text:p>Yours faithfully,<text:line-break/>Anytown Heritage Trust</text:p>')


def make_odt(body: str = ODT_BODY, manifest: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", _ODF_HEAD + body + _ODF_TAIL)
        archive.writestr("META-INF/manifest.xml", manifest or '<manifest:manifest xmlns:manifest="x"/>')
    return buffer.getvalue()


RTF = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}{\f1\fswiss Arial;}}"
       rb"{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\info{\author Secret Author}{\title T}}"
       rb"\pard\f0 Submission of the Anytown Heritage Trust\par "
       rb"We support the plan, caf\'e9 owners too\u8217?s view\par "
       rb"{\*\generator Riched20;}{\pict\pngblip 89504e470d0a}Second paragraph.\par}")


def make_email(body: str = "Please find attached our submission.", attachment: tuple[str, bytes, str] | None = None,
               sender: str = "Jo Bloggs <jo@anytownheritage.org.uk>", subject: str = "Consultation response") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@example.gov.uk"
    message["Subject"] = subject
    message["Date"] = "Mon, 31 Jul 2023 14:53:00 +1000"
    message.set_content(body)
    if attachment is not None:
        name, data, content_type = attachment
        main, sub = content_type.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return bytes(message)


# -- finding 2: RTF and OpenDocument letters ----------------------------------------------------

def test_an_odt_letter_is_read_in_order() -> None:
    text = extract_odt(make_odt(), "letter.odt").text
    assert text.split("\n") == ["Submission of the Anytown Heritage Trust", "We support the  plan, with two changes:",
                                "protect the old mill;", "keep the towpath open.", "Site | View", "Mill | Keep",
                                "Yours faithfully,", "Anytown Heritage Trust"]
    assert "footnote" not in text and "Figure" not in text


def test_an_rtf_letter_is_read_without_its_tables_and_pictures() -> None:
    text = extract_rtf(RTF, "letter.rtf").text
    assert "Submission of the Anytown Heritage Trust" in text
    assert "café owners too’s view" in text and "Second paragraph." in text
    for hidden in ("Times New Roman", "Arial", "Normal", "Secret Author", "Riched20", "89504e"):
        assert hidden not in text


def test_damaged_rtf_and_odt_files_are_named_in_plain_words() -> None:
    with pytest.raises(IngestError, match=r"^broken\.odt: the OpenDocument file is damaged"):
        extract_odt(make_odt()[:60], "broken.odt")
    bad_xml = make_odt(body="<text:p>cut")
    with pytest.raises(IngestError, match=r"^bad\.odt: the OpenDocument file is damaged"):
        extract_odt(bad_xml, "bad.odt")
    locked = make_odt(manifest='<manifest:manifest><manifest:encryption-data/></manifest:manifest>')
    with pytest.raises(IngestError, match=r"^locked\.odt: the OpenDocument file is password-protected"):
        extract_odt(locked, "locked.odt")
    with pytest.raises(IngestError, match=r"^notes\.rtf: this is not an RTF file"):
        extract_rtf(b"Just some text", "notes.rtf")


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("Our response.rtf", RTF, "application/rtf"),
    ("Our response.odt", make_odt(), "application/vnd.oasis.opendocument.text"),
])
def test_rtf_and_odt_attachments_are_read(tmp_path: Path, name: str, data: bytes, content_type: str) -> None:
    document, warnings = parse_email(make_email(attachment=(name, data, content_type)), tmp_path / "m.eml", "m.eml")
    assert warnings == []
    assert [a.filename for a in document.attachments] == [name]
    assert "Submission of the Anytown Heritage Trust" in document.attachments[0].text


def test_rtf_and_odt_files_in_a_folder_are_letters(tmp_path: Path) -> None:
    (tmp_path / "a.rtf").write_bytes(RTF)
    (tmp_path / "b.odt").write_bytes(make_odt())
    batch = read_document_folder(tmp_path)
    assert sorted(d.filename for d in batch.documents) == ["a.rtf", "b.odt"]
    assert all("Anytown Heritage Trust" in d.text for d in batch.documents)
    from consult_analyser.ingest.registry import choose_reader

    assert choose_reader(tmp_path / "a.rtf").name == "RTF document"
    assert choose_reader(tmp_path / "b.odt").name == "OpenDocument text"


# -- finding 3: a sender's display name that holds the organisation ----------------------------

@pytest.mark.parametrize(("sender", "name", "organisation"), [
    ('"Mei Example (Anytown Arts Association)" <mei@anytownarts.org>', "Mei Example", "Anytown Arts Association"),
    ('"Sam Example (Campaign for Safer Roads - supplementary on speed)" <s@csr.org>', "Sam Example",
     "Campaign for Safer Roads"),
    ('"Hannah Example (Digital Industry Group Inc (DIGI))" <h@digi.org>', "Hannah Example",
     "Digital Industry Group Inc (DIGI)"),
    ('"Harriet Example (Visa)" <harriet@visa.com.au>', "Harriet Example", "Visa"),
    ('"Callum Example (Getty Images)" <info@gettyimages.org.au>', "Callum Example", "Getty Images"),
    ("Grace Example (Anytown Heritage Trust) <g@aht.org.uk>", "Grace Example", "Anytown Heritage Trust"),
    ('"Jo Bloggs (she/her)" <jo@example.org>', "Jo Bloggs", ""),
    ('"Jo Bloggs (Jane Smith)" <jo@example.org>', "Jo Bloggs", ""),
    ('"Jo Bloggs | Anytown Heritage Trust" <jo@example.org>', "Jo Bloggs", "Anytown Heritage Trust"),
    ('"Anytown Heritage Trust - Jo Bloggs" <jo@example.org>', "Jo Bloggs", "Anytown Heritage Trust"),
    ('"Jo Bloggs, Anytown Heritage Trust" <jo@example.org>', "Jo Bloggs", "Anytown Heritage Trust"),
    ('"Special Broadcasting Service (SBS)" <policy@sbs.com.au>', "", "Special Broadcasting Service (SBS)"),
    ('"Smith, John" <js@example.org>', "Smith, John", ""),
])
def test_a_display_name_is_split_into_person_and_organisation(tmp_path: Path, sender: str, name: str,
                                                              organisation: str) -> None:
    body = "We support the plan.\n\nKind regards,\n\nThe team\n"
    document, _ = parse_email(make_email(body, sender=sender), tmp_path / "m.eml", "m.eml")
    assert (document.respondent.name, document.respondent.organisation) == (name, organisation)


def test_a_person_shaped_body_in_brackets_needs_the_message_to_repeat_it(tmp_path: Path) -> None:
    sender = '"Imogen Example (Medicines Anytown)" <imogen@example.com>'
    signed = "We support the plan.\n\nKind regards,\n\nImogen Example\nMedicines Anytown\n"
    document, _ = parse_email(make_email(signed, sender=sender), tmp_path / "m.eml", "m.eml")
    assert (document.respondent.name, document.respondent.organisation) == ("Imogen Example", "Medicines Anytown")
    document, _ = parse_email(make_email("We support the plan.", sender=sender), tmp_path / "m.eml", "m.eml")
    assert (document.respondent.name, document.respondent.organisation) == ("Imogen Example", "")


def test_a_sender_name_the_domain_spells_and_the_signature_repeats_is_the_organisation(tmp_path: Path) -> None:
    body = "We support the plan.\n\nKind regards,\n\nComplexo\n"
    document, _ = parse_email(make_email(body, sender="Complexo <submissions@complexo.org.au>"),
                              tmp_path / "m.eml", "m.eml")
    assert (document.respondent.name, document.respondent.organisation) == ("", "Complexo")


# -- finding 4: a letter's title, a comma in a name, a person in brackets ------------------------

@pytest.mark.parametrize(("letter", "organisation"), [
    ("Acme Systems, Inc. Comments\nJuly 2023\nWe support the plan.\n\nKind regards,\n\nJo Bloggs\nChief Executive\n"
     "Acme Anytown\n", "Acme Anytown"),
    ("ATA SUBMISSION TO DEPARTMENT OF TRANSPORT, ROADS AND\nWe support the plan.\n\nKind regards,\n\nJo Bloggs\n"
     "General Counsel\nAnytown Schools Association\n", "Anytown Schools Association"),
    ("We support the plan.\n\nKind regards,\n\nJo Bloggs\nExecutive Assistant | Media, Entertainment & Arts Union | "
     "jo@meau.org.au\n", "Media, Entertainment & Arts Union"),
    ("We support the plan.\n\nKind regards,\n\nJo Bloggs\nKettle Comment on Safe Roads Trust\n", ""),
])
def test_a_letters_title_is_no_organisation(letter: str, organisation: str) -> None:
    from consult_analyser.ingest.doc_sender import guess_sender

    found = guess_sender(letter).organisation
    assert found == organisation or (not organisation and "Comment" not in found)


def test_a_titled_persons_name_in_brackets_leaves_the_organisation(tmp_path: Path) -> None:
    body = "We support the plan.\n\nKind regards,\n\nData Synergos (Prof Jo Bloggs)\n"
    document, _ = parse_email(make_email(body, sender="Sam Other <info@datasynergos.org.au>"), tmp_path / "m.eml",
                              "m.eml")
    assert document.respondent.organisation == "Data Synergos"


# -- finding 5: an e-mail with no text and no attachment -----------------------------------------

def _blank_email(attachment: tuple[str, bytes, str] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Jo Bloggs <jo@example.org>"
    message["Subject"] = "Submission"
    message["Date"] = "Mon, 31 Jul 2023 14:53:00 +1000"
    message.set_content("")
    if attachment is not None:
        name, data, content_type = attachment
        main, sub = content_type.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return bytes(message)


def test_an_empty_email_is_left_out_and_named(tmp_path: Path) -> None:
    (tmp_path / "letter.eml").write_bytes(make_email("We support the plan.\n\nJo"))
    (tmp_path / "empty.eml").write_bytes(_blank_email())
    batch = read_document_folder(tmp_path)
    assert [d.filename for d in batch.documents] == ["letter.eml"]
    said = [w for w in batch.warnings if w.startswith("empty.eml:")]
    assert said and "no text and no attachment" in said[0] and "not imported" in said[0]


def test_an_empty_message_in_a_mailbox_is_left_out(tmp_path: Path) -> None:
    from consult_analyser.ingest.doc_mbox import MboxReader

    box = tmp_path / "box.mbox"
    box.write_bytes(b"".join(b"From jo@example.org Mon Jul 31 14:53:00 2023\n" + m.replace(b"\r\n", b"\n") + b"\n"
                             for m in (make_email("We support the plan.\n\nJo"), _blank_email())))
    documents, warnings = MboxReader().parse_all(box)
    assert len(documents) == 1
    assert any(w.startswith("box.mbox#2: an e-mail with no text and no attachment") for w in warnings)


def test_an_email_whose_only_attachment_cannot_be_read_keeps_its_sender(tmp_path: Path) -> None:
    raw = _blank_email(("Our letter.docx", b"PK\x03\x04 damaged", "application/octet-stream"))
    document, warnings = parse_email(raw, tmp_path / "m.eml", "m.eml")
    assert document.respondent.email == "jo@example.org"
    assert any("imported without their letter" in w and "import that file" in w for w in warnings)


# -- finding 6: a covering e-mail's note over an attached letter ---------------------------------

@pytest.mark.parametrize("body", [
    "On behalf of Anytown Trust, please see the attached submission.\n\nKind regards,\n\nJo Bloggs\nAnytown Trust\n",
    "Dear Sir/Madam,\n\nPlease find attached our submission to the discussion paper.\nWe are happy for it to be "
    "published.\n\nKind regards,\nJo\n",
    "Attached is our submission in response to the paper. Apologies for the late lodgement.\n\nRegards,\nJo Bloggs\n",
])
def test_a_covering_note_gives_no_passage_of_an_answer(body: str) -> None:
    from consult_analyser.pipeline.letters.segment import split_passages

    assert all(p.kind == "heading" for p in split_passages(body))


def test_a_covering_note_that_gives_a_view_keeps_it() -> None:
    from consult_analyser.pipeline.letters.segment import split_passages

    body = "Please find attached our submission.\n\nWe strongly oppose the plan: it floods the village.\n\nThanks,\nJo\n"
    kept = [body[p.start:p.end] for p in split_passages(body) if p.kind != "heading"]
    assert kept == ["We strongly oppose the plan: it floods the village."]
    letter = "We oppose the plan.\n\nIt floods the village. We are happy for this to be published.\n\nKind regards,\nJo\n"
    assert [p.kind for p in split_passages(letter)][:2] == ["paragraph", "paragraph"]
