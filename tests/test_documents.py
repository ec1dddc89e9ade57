"""Document readers: .txt, .docx, .pdf, .html and .eml files, folders of them, and bad input."""

from __future__ import annotations

import io
import struct
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.domain import Channel
from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_sender import guess_sender
from consult_analyser.ingest.documents import (
    DocxReader,
    EmailReader,
    HtmlDocumentReader,
    OutlookMsgReader,
    PdfReader,
    TextDocumentReader,
    read_document_folder,
)

LETTER = """Dear Sir or Madam,

I am writing on behalf of the Anytown Cycling Campaign about the proposed bus lanes.
We support the plan but ask for protected cycle lanes on the High Street.

Yours sincerely,

Jane Smith
Head of Policy, Anytown Borough Council
jane.smith@anytown.gov.uk
"""


# -- fixtures made in the test ------------------------------------------------------------------

def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one Helvetica text line per line of each page ("" = no text)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        ops = "".join(f"({_pdf_escape(line)}) Tj T* " for line in text.split("\n")) if text else ""
        content = f"BT /F1 12 Tf 14 TL 72 720 Td {ops}ET".encode() if text else b""
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def encrypt_pdf(data: bytes, user_password: str, algorithm: str = "RC4-128") -> bytes:
    from pypdf import PdfReader as PyPdfReader
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PyPdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs[:1]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_eml(*, html_only: bool = False, attachments: list[tuple[str, bytes, str]] = ()) -> bytes:
    message = EmailMessage()
    message["From"] = "Jane Smith <Jane.Smith@Example.org>"
    message["To"] = "consultation@example.gov.uk"
    message["Subject"] = "Response to the bus lanes consultation"
    message["Date"] = "Mon, 06 May 2024 10:15:00 +0100"
    html = ("<html><head><style>p {color: red}</style></head><body><p>We <b>support</b> the plan.</p>"
            "<p>Please add cycle lanes.</p><script>alert(1)</script></body></html>")
    if html_only:
        message.set_content(html, subtype="html")
    else:
        message.set_content("We support the plan.\nPlease add cycle lanes.\n\nKind regards,\nJane Smith\n"
                            "Anytown Cycling Campaign\n")
        message.add_alternative(html, subtype="html")
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def make_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3) holding ``streams`` ("storage/stream" paths).

    Every stream is padded to 4096 bytes so that none lives in the mini stream; siblings are
    chained through their right links. Enough for olefile, which is what reads .msg files.
    """
    end, free, fat_mark, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    children: dict[str, list[str]] = {"": []}
    for path in streams:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            parent, node = "/".join(parts[: depth - 1]), "/".join(parts[:depth])
            if node not in children.setdefault(parent, []):
                children[parent].append(node)
            if depth < len(parts):
                children.setdefault(node, [])
    order = [""] + [node for parent in children for node in children[parent]]
    order = list(dict.fromkeys(order))
    index = {node: number for number, node in enumerate(order)}
    sectors: list[bytes] = []
    chains: dict[str, tuple[int, int]] = {}
    fat: list[int] = []
    for node in order[1:]:
        if node in streams:
            data = streams[node].ljust(4096, b"\0")
            data = data.ljust(-(-len(data) // 512) * 512, b"\0")
            start = len(sectors)
            chunks = [data[i : i + 512] for i in range(0, len(data), 512)]
            sectors.extend(chunks)
            fat.extend(list(range(start + 1, start + len(chunks))) + [end])
            chains[node] = (start, len(streams[node].ljust(4096, b"\0")))
    entries = []
    for node in order:
        name = node.rsplit("/", 1)[-1] if node else "Root Entry"
        kids = children.get(node)
        siblings = children["/".join(node.split("/")[:-1])] if node else [node]
        position = siblings.index(node)
        right = index[siblings[position + 1]] if position + 1 < len(siblings) else none
        child = index[kids[0]] if kids else none
        kind = 5 if not node else (1 if node not in streams else 2)
        start, size = chains.get(node, (end, 0))
        encoded = (name + "\0").encode("utf-16-le")
        entries.append(struct.pack("<64sHBBIII16sIQQIII", encoded, len(encoded), kind, 1, none, right, child,
                                   b"\0" * 16, 0, 0, 0, start, size, 0))
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // 512) * 512, b"\0")
    dir_start = len(sectors)
    dir_count = len(directory) // 512
    sectors.extend(directory[i : i + 512] for i in range(0, len(directory), 512))
    fat.extend(list(range(dir_start + 1, dir_start + dir_count)) + [end])
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * 128:
        fat_count += 1
    fat_start = len(sectors)
    fat.extend([fat_mark] * fat_count)
    fat.extend([free] * (fat_count * 128 - len(fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors.extend(fat_bytes[i : i + 512] for i in range(0, len(fat_bytes), 512))
    difat = [fat_start + i for i in range(fat_count)] + [free] * (109 - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, fat_count, dir_start, 0, 4096, end, 0, end, 0)
    header += struct.pack("<109I", *difat)
    return header + b"".join(sectors)


def make_msg(body: str, attachments: dict[str, bytes] | None = None, forwarded_body: str = "") -> bytes:
    """An Outlook .msg with sender, subject, submit time, body and attachments."""
    def text(value: str) -> bytes:
        return value.encode("utf-16-le")

    filetime = (1715000000 + 11644473600) * 10_000_000  # 2024-05-06
    properties = b"\0" * 32 + struct.pack("<IIQ", (0x0039 << 16) | 0x0040, 0, filetime)
    streams = {
        "__substg1.0_0037001F": text("Response to the bus lanes consultation"),
        "__substg1.0_0C1A001F": text("Raj Patel"),
        "__substg1.0_5D01001F": text("Raj.Patel@example.com"),
        "__substg1.0_1000001F": text(body),
        "__properties_version1.0": properties,
    }
    for number, (filename, data) in enumerate((attachments or {}).items()):
        folder = f"__attach_version1.0_#{number:08X}"
        streams[f"{folder}/__substg1.0_3707001F"] = text(filename)
        streams[f"{folder}/__substg1.0_37010102"] = data
        streams[f"{folder}/__properties_version1.0"] = b"\0" * 8
    if forwarded_body:
        folder = f"__attach_version1.0_#{len(attachments or {}):08X}/__substg1.0_3701000D"
        streams[f"{folder}/__substg1.0_0037001F"] = text("Original comment")
        streams[f"{folder}/__substg1.0_1000001F"] = text(forwarded_body)
    return make_cfb(streams)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- plain text ---------------------------------------------------------------------------------

def test_text_letter_and_its_sender(tmp_path: Path) -> None:
    path = write(tmp_path, "letter 1.txt", LETTER.encode("cp1252"))
    batch = TextDocumentReader().read(path)
    assert batch.reader == "text document" and not batch.questions and not list(batch.respondents)
    (document,) = batch.documents
    assert "protected cycle lanes" in document.text and document.media_type == "text/plain"
    respondent = document.respondent
    assert respondent.external_id == "letter 1.txt"
    assert respondent.name == "Jane Smith"
    assert respondent.organisation == "Anytown Borough Council"
    assert respondent.email == "jane.smith@anytown.gov.uk"
    assert respondent.channel == Channel.OTHER


def test_saved_outlook_message_is_an_email(tmp_path: Path) -> None:
    text = ("From: Raj Patel <raj@example.com>\nSent: 06 May 2024 10:15\nTo: Consultation\n"
            "Subject: My response\n\nI object to the proposal.\n")
    (document,) = TextDocumentReader().read(write(tmp_path, "saved.txt", text)).documents
    assert document.respondent.channel == Channel.EMAIL
    assert document.respondent.name == "Raj Patel" and document.respondent.email == "raj@example.com"


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [
        ("I support this.\n\nKind regards,\nDr A. Okafor\n", "Dr A. Okafor", ""),
        ("We object.\n\nYours faithfully,\n\nAnytown Civic Society\n", "", "Anytown Civic Society"),
        ("Responding on behalf of the Ramblers Association, we object.\n\nThanks,\nSam\n", "",
         "Ramblers Association"),
        ("Policy Officer at the Northfield Wildlife Trust says no.\n", "", ""),
        ("Yes.\n", "", ""),
    ],
)
def test_sender_guesses_stay_modest(text: str, name: str, organisation: str) -> None:
    guess = guess_sender(text)
    assert (guess.name, guess.organisation) == (name, organisation)


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [  # where letters name their organisation without an organisation word, or without a closing
        ("We agree.\n\nKind regards,\nNgozi Example\nPolicy Officer, Fenmoor Refugee Welcome\n07700 900148\n",
         "Ngozi Example", "Fenmoor Refugee Welcome"),
        ("We agree.\n\nYours sincerely,\nRupert Example\nPresident\nKettlewick Chamber of Commerce\n",
         "Rupert Example", "Kettlewick Chamber of Commerce"),
        ("Kettlewick Mosque and Community Centre\n45 Station Road, Kettlewick\n\nOur mosque runs a food bank.\n"
         "Respectfully,\nDr Faisal Example\nChair of Trustees\n", "Dr Faisal Example",
         "Kettlewick Mosque and Community Centre"),
        ("Dunmore Vale Community Foundation\nResponse to the strategy\nWe support it.\nRashid Example\n"
         "Chief Executive, Dunmore Vale Community Foundation\n", "Rashid Example", "Dunmore Vale Community Foundation"),
        ("Dear team,\n\nPlease accept this response from Youth Voice Kettlewick, a youth-led charity.\n", "",
         "Youth Voice Kettlewick"),
        ("Dear team,\n\nThis response is from Jane Example, a resident.\n", "", ""),  # a person, not an organisation
    ],
)
def test_letters_name_their_organisation_in_a_letterhead_or_under_a_job_title(text: str, name: str,
                                                                              organisation: str) -> None:
    guess = guess_sender(text)
    assert (guess.name, guess.organisation) == (name, organisation)


def test_a_forwarded_message_is_its_writers_and_an_attachment_names_the_organisation(tmp_path: Path) -> None:
    """A council officer forwards a resident's e-mail with a short note: the resident is the
    respondent. A covering note whose attachment is signed for an organisation gives that organisation."""
    from consult_analyser.ingest.doc_email import parse_email

    forwarded = EmailMessage()
    forwarded["From"] = "Priya Example <priya@council.example.gov.uk>"
    forwarded["Subject"] = "FW: cohesion consultation"
    forwarded.set_content("Hi team,\n\nForwarding a response that came to our inbox by mistake.\n\nThanks\nPriya\n\n"
                          "-----Original Message-----\nFrom: Bart Example <bart@mail.example.com>\nSent: 10 May 2024\n"
                          "To: enquiries@council.example.gov.uk\nSubject: cohesion consultation\n\n"
                          "On question 3, the funding should go to residents' groups directly.\n\nRegards\nBart Example\n")
    document, _ = parse_email(bytes(forwarded), tmp_path / "fw.eml", "fw.eml")
    assert (document.respondent.name, document.respondent.email) == ("Bart Example", "bart@mail.example.com")
    covering = EmailMessage()
    covering["From"] = "Ngozi Example <ngozi@example.org>"
    covering["Subject"] = "Response"
    covering.set_content("Response attached.\n")
    covering.add_attachment("Question 1: We agree.\n\nYours faithfully,\nNgozi Example\n"
                            "Policy Officer, Fenmoor Refugee Welcome\n", filename="response.txt")
    document, _ = parse_email(bytes(covering), tmp_path / "c.eml", "c.eml")
    assert document.respondent.organisation == "Fenmoor Refugee Welcome"


def test_tab_separated_table_in_a_txt_file_is_left_to_the_table_readers(tmp_path: Path) -> None:
    head = b"id\tname\tanswer\n1\tA\tyes\n2\tB\tno\n3\tC\tmaybe\n"
    assert TextDocumentReader().sniff(tmp_path / "export.txt", head) < 0.5
    assert TextDocumentReader().sniff(tmp_path / "letter.txt", LETTER.encode()) >= 0.5


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_sheet_excel_saved_as_tab_delimited_or_unicode_text_is_a_table(tmp_path: Path, encoding: str) -> None:
    """Excel's "Text (Tab delimited)" and "Unicode Text" (UTF-16) save a sheet as .txt: a table,
    read as one (an answer may run over several lines), not a letter."""
    from consult_analyser.ingest.importer import parse_file
    from consult_analyser.ingest.registry import choose_reader

    rows = ["Response ID\tOrganisation\tDo you agree?\tWhy?"] + [
        f"R{i}\tBrennan Trust {i}\t{'Yes' if i % 2 else 'No'}\t\"Because of the costs,\nand the timing ({i}).\""
        for i in range(1, 13)]
    path = tmp_path / "export.txt"
    path.write_bytes("\r\n".join(rows).encode(encoding))
    assert choose_reader(path).name == "wide-table"
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert [p.external_id for p in people][:2] == ["R1", "R2"] and len(people) == 12
    assert people[0].answers[0].choice == "Yes" and "and the timing (1)" in people[0].answers[0].text


# -- Word ---------------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    data = make_docx(["Response from Anytown Parish Council", "Kind regards,", "Peter Jones",
                      "Clerk, Anytown Parish Council"],
                     table=[["Question", "Answer"], ["Q1 bus lanes", "Strongly agree"]])
    path = write(tmp_path, "parish.docx", data)
    reader = DocxReader()
    assert reader.sniff(path, data[:65536]) > 0.9
    (document,) = reader.read(path).documents
    assert document.text.index("Response from") < document.text.index("Q1 bus lanes | Strongly agree")
    assert document.text.index("Strongly agree") < document.text.index("Peter Jones")
    assert document.respondent.name == "Peter Jones"
    assert document.respondent.organisation == "Anytown Parish Council"


# -- PDF ----------------------------------------------------------------------------------------

def test_pdf_text_of_all_pages(tmp_path: Path) -> None:
    data = make_pdf(["Page one: we support the plan.", "Page two (costs): too high.\nYours sincerely,\nAmy Lee"])
    path = write(tmp_path, "submission.pdf", data)
    assert PdfReader().sniff(path, data[:65536]) > 0.9
    steps: list[float] = []
    batch = PdfReader().read(path, progress=lambda fraction, message: steps.append(fraction))
    (document,) = batch.documents
    assert "we support the plan" in document.text and "too high" in document.text
    assert document.media_type == "application/pdf" and not batch.warnings
    assert document.respondent.name == "Amy Lee"
    assert steps and steps[-1] == 1.0


def test_scanned_pdf_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    batch = PdfReader().read(write(tmp_path, "scan.pdf", make_pdf(["", ""])))
    assert batch.documents[0].text == ""
    assert any("scan.pdf" in w and "no text layer" in w for w in batch.warnings)


def test_partly_scanned_pdf_names_the_pages(tmp_path: Path) -> None:
    batch = PdfReader().read(write(tmp_path, "mixed.pdf", make_pdf(["Some text here.", "", ""])))
    assert "Some text here." in batch.documents[0].text
    assert any("pages 2-3" in w for w in batch.warnings)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128"])
def test_pdf_restricted_by_an_owner_password_only_still_opens(tmp_path: Path, algorithm: str) -> None:
    data = encrypt_pdf(make_pdf(["Restricted but readable."]), user_password="", algorithm=algorithm)
    (document,) = PdfReader().read(write(tmp_path, "restricted.pdf", data)).documents
    assert "Restricted but readable." in document.text


# -- HTML and e-mail ----------------------------------------------------------------------------

def test_html_file(tmp_path: Path) -> None:
    html = "<html><body><h1>Our response</h1><p>We object.</p><ul><li>Cost</li><li>Noise</li></ul></body></html>"
    (document,) = HtmlDocumentReader().read(write(tmp_path, "page.html", html)).documents
    assert document.text == "Our response\nWe object.\n- Cost\n- Noise"


def test_email_with_attachments(tmp_path: Path) -> None:
    docx = make_docx(["Full response: we support option B."])
    pdf = make_pdf(["Annex: traffic counts."])
    data = make_eml(attachments=[("response.docx", docx, "application/vnd.openxmlformats-officedocument."
                                                          "wordprocessingml.document"),
                                 ("annex.pdf", pdf, "application/pdf"),
                                 ("notes.txt", b"Extra notes", "text/plain"),
                                 ("photo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"),
                                 ("broken.pdf", b"not a pdf at all", "application/pdf")])
    path = write(tmp_path, "msg-0001.eml", data)
    assert EmailReader().sniff(path, data[:65536]) > 0.9
    assert EmailReader().sniff(tmp_path / "msg-0001", data[:65536]) > 0.6  # no extension: headers tell
    batch = EmailReader().read(path)
    (document,) = batch.documents
    assert document.text.startswith("We support the plan.") and document.media_type == "message/rfc822"
    respondent = document.respondent
    assert (respondent.name, respondent.email, respondent.channel) == ("Jane Smith", "jane.smith@example.org",
                                                                       Channel.EMAIL)
    assert respondent.organisation == "Anytown Cycling Campaign"
    assert respondent.external_id == "msg-0001.eml"
    assert respondent.metadata["subject"] == "Response to the bus lanes consultation"
    assert [a.filename for a in document.attachments] == ["response.docx", "annex.pdf", "notes.txt"]
    assert "option B" in document.attachments[0].text and "traffic counts" in document.attachments[1].text
    assert all(a.respondent is respondent for a in document.attachments)
    assert any("photo.png" in w and "not read" in w for w in batch.warnings)
    assert any("broken.pdf" in w and "not a PDF" in w for w in batch.warnings)


def test_html_only_email_is_stripped_to_text(tmp_path: Path) -> None:
    (document,) = EmailReader().read(write(tmp_path, "html.eml", make_eml(html_only=True))).documents
    assert document.text == "We support the plan.\nPlease add cycle lanes."


def test_forwarded_message_becomes_an_attachment(tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["From"] = "Someone <someone@example.net>"
    inner["Subject"] = "Original comment"
    inner.set_content("The original comment text.")
    outer = EmailMessage()
    outer["From"] = "Forwarder <fwd@example.org>"
    outer["Subject"] = "Fwd: Original comment"
    outer.set_content("Forwarding this response.")
    outer.add_attachment(inner)
    (document,) = EmailReader().read(write(tmp_path, "fwd.eml", outer.as_bytes())).documents
    (attachment,) = document.attachments
    assert attachment.filename == "Original comment.eml" and "original comment text" in attachment.text


def test_outlook_msg_with_attachments(tmp_path: Path) -> None:
    docx = make_docx(["Our full response: option B."])
    data = make_msg("We object to the plan.\n\nRegards,\nRaj Patel\nChair, Anytown Residents Association",
                    attachments={"response.docx": docx, "map.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 10},
                    forwarded_body="The original comment text.")
    path = write(tmp_path, "Response from Raj.msg", data)
    assert OutlookMsgReader().sniff(path, data[:65536]) > 0.9
    assert EmailReader().sniff(path, data[:65536]) == 0.0
    batch = OutlookMsgReader().read(path)
    (document,) = batch.documents
    assert document.text.startswith("We object to the plan.")
    respondent = document.respondent
    assert (respondent.name, respondent.email, respondent.channel) == ("Raj Patel", "raj.patel@example.com",
                                                                       Channel.EMAIL)
    assert respondent.organisation == "Anytown Residents Association"
    assert respondent.metadata == {"subject": "Response to the bus lanes consultation",
                                   "date": "2024-05-06T12:53:20+00:00"}
    assert [a.filename for a in document.attachments] == ["response.docx", "Original comment.msg"]
    assert "option B" in document.attachments[0].text
    assert document.attachments[1].text == "The original comment text."
    assert any("'map.png' was not read" in w for w in batch.warnings)


def test_damaged_msg_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(IngestError, match=r"^broken\.msg: the Outlook message is damaged"):
        OutlookMsgReader().read(path)


# -- folders ------------------------------------------------------------------------------------

def test_folder_of_submissions(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write(folder, "0001.eml", make_eml())
    write(folder, "0001b.msg", make_msg("Sent from Outlook."))
    write(folder, "0002.docx", make_docx(["We object.", "Yours sincerely,", "Tom Brown"]))
    write(folder, "letters/0003.txt", LETTER)
    write(folder, "letters/scan.pdf", make_pdf([""]))
    write(folder, "corrupt.docx", b"PK\x03\x04 this zip is cut short")
    write(folder, "figures.xlsx", b"PK\x03\x04xl/workbook.xml")
    write(folder, "~$0002.docx", b"lock")
    write(folder, ".hidden/secret.txt", "hidden")
    write(folder, "empty.txt", b"")
    write(folder, "a/response.txt", "First response.")
    write(folder, "b/response.txt", "Second response.")
    seen: list[str] = []
    batch = read_document_folder(folder, progress=lambda fraction, message: seen.append(message))
    ids = [d.respondent.external_id for d in batch.documents]
    assert ids == ["0001.eml", "0001b.msg", "0002.docx", "a/response.txt", "b/response.txt", "0003.txt", "scan.pdf"]
    assert batch.documents[2].respondent.name == "Tom Brown"
    warnings = "\n".join(batch.warnings)
    assert "corrupt.docx: " in warnings and "damaged" in warnings
    assert "figures.xlsx: a spreadsheet, not read with the letters; if it is the survey export" in warnings
    assert "empty.txt: the file is empty" in warnings
    assert "letters/scan.pdf: the PDF has no text layer" in warnings
    assert "secret" not in warnings and "~$" not in warnings
    assert batch.total_rows == 10 and seen[0] == "reading 0001.eml" and seen[-1] == "read 7 documents"


def test_folder_without_documents_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    write(folder, "data.xlsx", b"PK\x03\x04")
    with pytest.raises(IngestError, match="nothing: the folder holds no readable documents"):
        read_document_folder(folder)


# -- bad input ----------------------------------------------------------------------------------

BAD_INPUTS = [
    (DocxReader, "broken.docx", b"PK\x03\x04\x14\x00garbage that is not a zip", "damaged"),
    (DocxReader, "renamed.docx", b"Just some text, not a Word file", "not a Word .docx file"),
    (DocxReader, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-format Office file"),
    (DocxReader, "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
     "password-protected"),
    (PdfReader, "fake.pdf", b"<html>this is not a pdf</html>", "not a PDF"),
    (PdfReader, "cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "damaged"),
    (TextDocumentReader, "empty.txt", b"", "empty"),
    (TextDocumentReader, "blank.txt", b"  \r\n\r\n ", "empty"),
    (DocxReader, "empty.docx", b"", "empty"),
    (PdfReader, "empty.pdf", b"", "empty"),
    (EmailReader, "empty.eml", b"", "empty"),
    (EmailReader, "outlook.eml", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Outlook message is damaged"),
    (EmailReader, "notmail.eml", b"just a line of text without headers", "not an e-mail"),
    (TextDocumentReader, "binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
]


@pytest.mark.parametrize(("reader", "name", "data", "reason"), BAD_INPUTS, ids=[b[1] for b in BAD_INPUTS])
def test_bad_input_names_the_file(tmp_path: Path, reader, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(IngestError) as info:
        reader().read(path)
    assert str(info.value).startswith(f"{name}: ")
    assert reason in str(info.value)


def test_password_protected_pdf(tmp_path: Path) -> None:
    data = encrypt_pdf(make_pdf(["Secret text."]), user_password="letmein")
    with pytest.raises(IngestError, match=r"^locked\.pdf: the PDF is password-protected"):
        PdfReader().read(write(tmp_path, "locked.pdf", data))


def test_registry_picks_the_document_readers(tmp_path: Path) -> None:
    from consult_analyser.ingest.registry import choose_reader

    cases = {"a.docx": make_docx(["Hello there."]), "b.pdf": make_pdf(["Hello."]), "c.eml": make_eml(),
             "d.txt": LETTER, "e.html": "<p>Hi</p>", "f.msg": make_msg("Hello.")}
    names = {name: choose_reader(write(tmp_path, name, data)).name for name, data in cases.items()}
    assert names == {"a.docx": "Word document", "b.pdf": "PDF document", "c.eml": "e-mail",
                     "d.txt": "text document", "e.html": "HTML document", "f.msg": "Outlook message"}


def test_an_archive_says_to_unzip_it(tmp_path: Path) -> None:
    from consult_analyser.ingest.registry import choose_reader

    path = write(tmp_path, "responses.zip", b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(IngestError, match=r"responses\.zip.*archive: unzip it first"):
        choose_reader(path)


def test_an_email_with_no_charset_is_read_as_its_bytes_say(tmp_path: Path) -> None:
    """An old mail program's message declares no charset and writes Windows-1252: "£" and "’" stay."""
    from consult_analyser.ingest.doc_email import parse_email

    raw = ("From: Ruaridh Example <r@example.co.uk>\r\nSubject: Comments\r\nDate: Thu, 16 May 2024 12:45:00 +0100\r\n"
           "\r\nQuestion 6 \u2013 the \u00a350 million headline is spread over ten years. That\u2019s not serious.\r\n"
           ).encode("cp1252")
    document, _ = parse_email(raw, tmp_path / "old.eml", "old.eml")
    assert "\u00a350 million" in document.text and "That\u2019s" in document.text and "\ufffd" not in document.text


def test_files_named_by_an_online_responses_id_join_that_respondent(tmp_path: Path) -> None:
    """A survey tool exports uploaded files named by the response id, or in a folder of that name:
    they are that respondent's documents, not new respondents (400 became 402)."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    survey = tmp_path / "survey.csv"
    survey.write_text("Response ID,Q1. Your views?\nANON-4821-7730-B,We support the harbour plan\n"
                      "ANON-4821-7731-C,We oppose the harbour plan\n12,A short answer\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    (uploads / "ANON-4821-7731-C").mkdir(parents=True)
    (uploads / "ANON-4821-7730-B_response.txt").write_text("Our full response on the harbour plan.", encoding="utf-8")
    (uploads / "ANON-4821-7731-C" / "evidence.txt").write_text("Evidence on the costs of dredging.", encoding="utf-8")
    (uploads / "12.txt").write_text("A letter from someone else entirely about the harbour.", encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [survey])
        result = import_files(project, [uploads])
        owners = dict(project.query("SELECT d.filename, r.external_id FROM documents d JOIN respondents r"
                                    " ON r.id = d.respondent_id"))
        assert project.scalar("SELECT COUNT(*) FROM respondents") == 4  # "12.txt": a few figures are no id
    assert owners["ANON-4821-7730-B_response.txt"] == "ANON-4821-7730-B"
    assert owners["evidence.txt"] == "ANON-4821-7731-C"
    assert "2 documents named by the id of a response already in the project" in " ".join(result.warnings)


def test_a_letterhead_over_its_charity_number_is_the_organisation() -> None:
    """"DebtFree Futures" names no kind of body, but "Registered charity no. 1234567" under it says it is one:
    the letter was filed as its signatory's, an individual's."""
    text = ("Brightwater Futures\nRegistered charity no. 1234567\nUnit 3, Canal Wharf, Lowbridge LB2 9QA\n\n"
            "Dear Sir or Madam,\n\nWe advise 48,000 people a year on debt.\n\nYours faithfully,\nAdaeze Okoro\n"
            "Head of Policy")
    assert guess_sender(text).organisation == "Brightwater Futures"
    assert guess_sender("Ann Example\nRegistered nurse\n\nDear Sir,\n\nI write.\n\nYours,\nAnn Example").organisation == ""


def test_a_folder_of_letters_never_reads_outside_itself(tmp_path):
    """A hostile-input trial's letters folder held a link to /etc/passwd: it was imported as a letter and its lines
    quoted in the annex. A pipe, a link to a device, a broken link and a link looping back were passed over without
    a word. Each is now passed over, and said."""
    import os

    from consult_analyser.ingest.documents import read_document_folder

    outside = tmp_path / "outside.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "letters"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Dear Sir, the buses should run later. Regards, Jo", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "sub" / "loop").symlink_to(folder)
    os.mkfifo(folder / "pipe.txt")
    batch = read_document_folder(folder)
    assert batch.total_rows == 1 and "root:x" not in str(batch.documents)
    said = " ".join(batch.warnings)
    assert "passwd.txt: skipped: a link to a place outside the folder" in said
    assert "dangling.txt: skipped: a link that leads nowhere" in said and "pipe.txt: skipped: not a file" in said


def test_a_file_name_in_another_encoding_is_imported_and_named_readably(tmp_path):
    """A hostile-input trial's 'caf\\xe9_latin1_\\xff.txt' (Latin-1 bytes in a file name) ended the import of its
    folder in a traceback, which the error handler then failed to write."""
    import os

    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    folder = tmp_path / "letters"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9_latin1_\xff.txt"), "w", encoding="utf-8") as fh:
        fh.write("Dear Sir, the buses should run later in the evening. Regards, Jo")
    with Project.create(tmp_path / "p.consult") as project:
        result = import_files(project, [folder])
        assert result.respondents == 1
        (name,) = [r[0] for r in project.query("SELECT external_id FROM respondents")]
    assert name == "caf\ufffd_latin1_\ufffd.txt"
