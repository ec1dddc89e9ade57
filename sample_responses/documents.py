"""E-mailed submissions written as .eml, .docx, .pdf and .txt files, byte-identical for a seed.

Every date, id and boundary inside the files comes from the seed: .docx zip entries carry the
letter's date, PDFs a fixed creation date, e-mails fixed Date, Message-ID and MIME boundaries.
"""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from html import escape
from pathlib import Path

import docx
from fpdf import FPDF

from sample_responses.answers import make_speaker
from sample_responses.campaigns import CAMPAIGNS, Campaign
from sample_responses.letters import Letter, campaign_letter, compose_letter, cover_note
from sample_responses.orgs import pick
from sample_responses.survey import END, START, Linked

TO_ADDRESS = "integratedcommunities@communities.gov.uk"
DOC_SECTORS = {"faith": 0.2, "local_authority": 0.14, "voluntary_community": 0.2, "education": 0.1,
               "academic_research": 0.1, "health_care": 0.06, "police_justice_fire": 0.05, "other_public_body": 0.06,
               "business": 0.04, "other": 0.05}
FORMATS = {"eml": 0.37, "eml+docx": 0.18, "eml+pdf": 0.14, "docx": 0.12, "pdf": 0.09, "txt": 0.10}
MAILERS = ("Microsoft Outlook 16.0", "Microsoft Outlook 14.0", "Apple Mail (2.3445.6.18)", "iPhone Mail (15E216)",
           "Mozilla Thunderbird 52.7.0", "")
SUBJECTS = ("Integrated Communities Strategy green paper - response from <who>", "Consultation response",
            "Response to Integrated Communities consultation", "Integrated communities", "ICS consultation response - <who>",
            "Green paper response", "Integrated Communities Strategy: our response", "Response")

Sink = Callable[..., None]


@dataclass
class DocumentSummary:
    files: int = 0
    by_format: dict[str, int] = field(default_factory=dict)
    respondents: int = 0
    by_sector: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)
    linked: int = 0


def _london(d: datetime) -> datetime:
    """Attach UK time (BST from 25 March 2018)."""
    offset = 1 if d >= datetime(2018, 3, 25, 1) else 0
    return d.replace(tzinfo=timezone(timedelta(hours=offset)))


def docx_bytes(letter: Letter) -> bytes:
    """The letter as a Word document with fixed metadata and zip timestamps."""
    document = docx.Document()
    props = document.core_properties
    props.author = letter.sender.name
    props.last_modified_by = letter.sender.name
    props.title = "Response to the Integrated Communities Strategy green paper"
    props.comments = ""
    props.created = letter.date
    props.modified = letter.date
    props.revision = 1
    for kind, text in letter.blocks:
        if kind == "heading":
            document.add_heading(text, level=2)
        elif kind == "letterhead":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text)
    raw = io.BytesIO()
    document.save(raw)
    stamp = letter.date.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _cp1252(text: str) -> str:
    return text.encode("cp1252", errors="replace").decode("cp1252")


def pdf_bytes(letter: Letter) -> bytes:
    """The letter as a simple PDF (core Helvetica font, Windows-1252 text)."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(_london(letter.date))
    pdf.set_title("Response to the Integrated Communities Strategy green paper")
    pdf.set_author(_cp1252(letter.author))
    pdf.set_margins(22, 20, 22)
    pdf.add_page()
    for kind, text in letter.blocks:
        text = _cp1252(text)
        if kind == "letterhead":
            pdf.set_font("Helvetica", "B", 14)
        elif kind == "heading":
            pdf.set_font("Helvetica", "B", 11.5)
        else:
            pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def txt_bytes(letter: Letter, index: int) -> tuple[bytes, str]:
    """Plain text in the encoding a mail client or Notepad might have used (cycling by ``index``)."""
    text = letter.text()
    encoding = ("utf-8", "cp1252", "utf-16", "utf-8", "cp1252")[index % 5]
    if encoding == "utf-8":
        return text.encode("utf-8"), encoding
    crlf = text.replace("\n", "\r\n").replace("'", "\u2019")
    return crlf.encode(encoding, errors="replace"), encoding


def eml_bytes(letter: Letter, rng: random.Random, attachment: tuple[str, bytes] | None, subject: str) -> bytes:
    """An e-mail as saved by a mail client; the letter is the body or rides as an attachment."""
    sp = letter.sender
    msg = EmailMessage()
    msg["From"] = formataddr((sp.name, sp.email or f"{sp.first.lower()}.{sp.last.lower()}@gmail.com"))
    msg["To"] = TO_ADDRESS
    forwarded = attachment is None and rng.random() < 0.06
    msg["Subject"] = ("Fw: " if forwarded else "") + subject
    msg["Date"] = format_datetime(_london(letter.date))
    digest = hashlib.sha1(f"{sp.email}{letter.date.isoformat()}{subject}".encode()).hexdigest()
    domain = (sp.email.split("@")[-1] if sp.email else "mail.gmail.com")
    msg["Message-ID"] = f"<{digest[:24]}@{domain}>"
    mailer = pick(rng, MAILERS)
    if mailer:
        msg["X-Mailer"] = mailer
    body = cover_note(letter, rng) if attachment else letter.text()
    if forwarded:
        body = (f"---------- Forwarded message ---------\nFrom: {sp.name} <{sp.email}>\nDate: {long_date_short(letter.date)}\n"
                f"Subject: {subject}\nTo: {TO_ADDRESS}\n\n") + body
    roll = rng.random()
    if roll < 0.12:
        msg.set_content(body.replace("'", "\u2019"), charset="windows-1252", cte="quoted-printable")
    elif roll < 0.17:
        msg.set_content(_cp1252(body).encode("latin-1", errors="replace").decode("latin-1"), charset="iso-8859-1",
                        cte="quoted-printable")
    else:
        msg.set_content(body)
    if rng.random() < 0.15:
        html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
        msg.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    if attachment:
        name, data = attachment
        if name.endswith(".pdf"):
            msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        else:
            msg.add_attachment(data, maintype="application",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename=name)
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"----=_Part_{digest[24:36]}_{i}")
    return msg.as_bytes(policy=SMTP)


def long_date_short(d: datetime) -> str:
    return f"{d:%a}, {d.day} {d:%b %Y} at {d:%H:%M}"


def _attachment_name(letter: Letter, ext: str, rng: random.Random) -> str:
    who = letter.author.replace("/", " ").replace("'", "").replace(",", "")
    return pick(rng, (f"Response - {who}.{ext}", f"ICS green paper response.{ext}", f"{who} consultation response.{ext}",
                      f"Integrated Communities response {letter.date:%d%m%y}.{ext}", f"letter.{ext}"))


def write_documents(folder: Path, seed: int, n_docs: int, linked: list[Linked], respondent: Sink, document: Sink,
                    pii: Sink) -> DocumentSummary:
    """Write ``n_docs`` submissions into ``folder`` and report their truth to the sinks."""
    rng = random.Random(f"{seed}-documents")
    folder.mkdir(parents=True, exist_ok=True)
    span = (END - START).total_seconds()
    specs: list[tuple[datetime, str, Linked | Campaign | None]] = []
    for link in linked[: max(1, n_docs // 10)]:
        specs.append((link.when + timedelta(minutes=rng.randint(-600, 30)), "linked", link))
    for c in CAMPAIGNS:
        for _ in range(max(1, round(c.email_copies * n_docs / 150))):
            specs.append((START + timedelta(seconds=span * (0.55 + 0.45 * rng.random())), "campaign", c))
    while len(specs) < n_docs:
        specs.append((START + timedelta(seconds=span * rng.random() ** 0.6), "letter", None))
    specs.sort(key=lambda s: (s[0], s[1]))
    summary = DocumentSummary()
    sectors, weights = list(DOC_SECTORS), list(DOC_SECTORS.values())
    for number, (when, kind, extra) in enumerate(specs, start=1):
        when = when.replace(second=0, microsecond=0)
        campaign, subject = "", pick(rng, SUBJECTS)
        if isinstance(extra, Linked):
            sp = extra.speaker
            fmt = pick(rng, ("eml+docx", "eml+docx", "eml+pdf"))
            letter = compose_letter(sp, rng, when)
        elif isinstance(extra, Campaign):
            sp = make_speaker(rng, "individual")
            campaign, subject = extra.key, extra.subject
            fmt = "eml"
            letter = campaign_letter(extra, sp, rng, when)
        else:
            sector = "individual" if rng.random() < 0.3 else rng.choices(sectors, weights)[0]
            sp = make_speaker(rng, sector)
            fmt = rng.choices(list(FORMATS), list(FORMATS.values()))[0]
            letter = compose_letter(sp, rng, when)
        ext = fmt.split("+")[-1] if "+" not in fmt else "eml"
        filename = f"{'email' if ext == 'eml' else 'letter'}-{number:04d}.{ext}"
        subject = subject.replace("<who>", letter.author)
        if fmt == "eml":
            data = eml_bytes(letter, rng, None, subject)
        elif fmt.startswith("eml+"):
            inner = fmt.split("+")[1]
            payload = docx_bytes(letter) if inner == "docx" else pdf_bytes(letter)
            data = eml_bytes(letter, rng, (_attachment_name(letter, inner, rng), payload), subject)
        elif fmt == "docx":
            data = docx_bytes(letter)
        elif fmt == "pdf":
            data = pdf_bytes(letter)
        else:
            data, _ = txt_bytes(letter, summary.by_format.get("txt", 0))
        (folder / filename).write_bytes(data)
        external_id = extra.response_id if isinstance(extra, Linked) else filename
        if kind == "linked":
            summary.linked += 1
        else:
            respondent(external_id, sp.sector, int(sp.is_org), campaign, "email")
            summary.respondents += 1
            summary.by_sector[sp.sector] = summary.by_sector.get(sp.sector, 0) + 1
        if campaign:
            summary.campaigns[campaign] = summary.campaigns.get(campaign, 0) + 1
        document(filename, external_id, sp.sector, "|".join(sorted(letter.themes)))
        for pkind, value in letter.pii:
            pii(filename, "", pkind, value)
        summary.files += 1
        summary.by_format[fmt] = summary.by_format.get(fmt, 0) + 1
    return summary
