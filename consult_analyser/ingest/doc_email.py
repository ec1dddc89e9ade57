"""E-mailed submissions saved as .eml (RFC 5322) files.

The sender's name and address come from the From header; the organisation (and the name,
when the header has only an address) from the signature. The body is the text/plain part,
else the HTML part as text. Word, PDF, RTF, OpenDocument, text, HTML and forwarded-message attachments are read
recursively and become :attr:`ParsedDocument.attachments`; other attachments are listed in
the warnings so that nobody assumes they were analysed.
"""

from __future__ import annotations

import email
import re
from collections.abc import Callable
from email import policy
from email.message import EmailMessage, MIMEPart
from pathlib import Path, PurePath

from consult_analyser.domain import Channel
from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_extract import (
    DOCX_TYPE,
    EMAIL_TYPE,
    HTML_TYPE,
    ODT_TYPE,
    OLE_MAGIC,
    PDF_TYPE,
    RTF_TYPE,
    TEXT_TYPE,
    Extracted,
    extract_docx,
    extract_html,
    extract_odt,
    extract_pdf,
    extract_rtf,
    extract_text,
    html_to_text,
    tidy,
)
from consult_analyser.ingest.doc_sender import (
    display_name_parts,
    fill_from_attachments,
    forwarded_sender,
    guess_sender,
)
from consult_analyser.ingest.encoding import decode_bytes
from consult_analyser.ingest.limits import MAX_DEPTH
from consult_analyser.parsed import ParsedDocument, ParsedRespondent
from consult_analyser.store.resends import Arrivals, resend_note

_MAX_DEPTH = 3  # forwarded message inside forwarded message inside ...

#: a subject an automatic reply opens with ("Automatic reply: ...", "Out of Office: ...", "Autoreply: ...") and one
#: a mail server's delivery failure does ("Undeliverable: ...", "Mail delivery failed", "Delivery Status Notification")
_AUTO_SUBJECT = re.compile(r"^\s*(?:(?:automatic reply|auto[- ]?reply|auto[- ]?response|out of (?:the )?office(?: reply)?|"
                           r"abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica|absence du bureau)\s*:"
                           r"|(?:automatic reply|out of (?:the )?office)\s*$)", re.I)
_BOUNCE_SUBJECT = re.compile(r"^\s*(?:undeliverable\s*:|undelivered mail returned|mail delivery (?:failed|failure|"
                             r"subsystem)|delivery status notification \((?:failure|delay)\)|returned mail\s*:|"
                             r"delivery failure|failure notice\s*$)", re.I)
#: the mail servers' own addresses, which send delivery failures
_DAEMON = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mailer_daemon)@", re.I)


class AutomaticReply(IngestError):
    """A message a mail program sent by itself (an out-of-office reply, a delivery failure): no response, and its
    sender no respondent. Readers of a folder or a mailbox skip it with a warning naming it."""


class EmptyMessage(AutomaticReply):
    """A message with no text and no attachment: no response, left out with a warning as an automatic reply is
    (and not counted among them)."""


def no_content(path: str | Path, what: str, warnings: list[str]) -> str:
    """The warning for a message (``what``: "the e-mail") with no text and no readable attachment, when one of its
    attachments could not be read (said in ``warnings``): its sender is a respondent whose letter is missing.
    Raises :class:`EmptyMessage` for one with no attachment at all, which is no response."""
    if not any("attachment" in warning for warning in warnings):
        one = what.replace("the ", "an " if what.startswith("the e") else "a ", 1)  # "an e-mail", "a message"
        raise EmptyMessage(path, f"{one} with no text and no attachment")
    return (f"{Path(path).name}: {what} has no text and its attachment could not be read, so the sender was imported "
            "without their letter: save the attachment, convert it to Word .docx or PDF, and import that file")


def automatic_reply(header: Callable[[str], str], subject: str, sender: str, content_type: str = "") -> str:
    """What an automatic message is, with the header that says so ("an automatic reply (Auto-Submitted:
    auto-replied)", "a delivery failure (from MAILER-DAEMON@...)"); "" for a message a person sent. ``header``
    gives a header's value by name ("" when absent): RFC 3834's Auto-Submitted (its "auto-replied"; a list's or a
    form's "auto-generated" notice may carry a response), X-Autoreply, X-Autorespond, Precedence: auto_reply, an
    automatic reply's subject; a delivery report (multipart/report) or a mail server's sender."""
    submitted = header("Auto-Submitted").strip().lower()
    if submitted.startswith(("auto-replied", "auto-notified")):
        return f"an automatic reply (Auto-Submitted: {submitted})"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        value = header(name).strip()
        if value and value.lower() not in {"no", "false", "0"}:
            return f"an automatic reply ({name}: {value})"
    if header("Precedence").strip().lower() == "auto_reply":
        return "an automatic reply (Precedence: auto_reply)"
    report, daemon = content_type.lower() == "multipart/report", _DAEMON.match(sender.strip())
    if report or daemon or _BOUNCE_SUBJECT.match(subject):
        why = f"from {sender.strip()}" if daemon else "a delivery report" if report else f"subject {subject.strip()!r}"
        return f"a delivery failure ({why})"
    if _AUTO_SUBJECT.match(subject):
        return f"an automatic reply (subject {' '.join(subject.split())[:60]!r})"
    return ""


def skipped_reply(place: str, what: str) -> str:
    """The warning for an automatic message left out (see :func:`automatic_reply`), naming it by ``place``."""
    return (f"{place}: {what}, not a response: not imported (nothing to do; if it does hold a response, save its "
            "text as a .txt file and import that)")


def drop_resends(documents: list[ParsedDocument]) -> tuple[list[ParsedDocument], list[str]]:
    """``documents`` without a letter sent again among them (the same sender and text as an earlier one:
    :class:`~consult_analyser.store.resends.Arrivals`, as the import checks it against the project), and a
    warning naming each left out and the one kept: a folder's or a mailbox's own resends, which a dry run
    reports as the import does."""
    kept: list[ParsedDocument] = []
    warnings: list[str] = []
    met = Arrivals()
    for document in documents:
        # a file by its path in the folder, a mailbox's message by its place ("box.mbox#6")
        name = document.path if document.path.endswith(document.filename) else document.filename
        before = met.resent(document, name)
        if before:
            warnings.append(resend_note(name, before))
            continue
        kept.append(document)
    return kept, warnings


def automatic_count(source: str, places: list[str]) -> list[str]:
    """The count of automatic messages a folder or mailbox left out, when there are several (each was named)."""
    if len(places) < 2:
        return []
    return [f"{source}: {len(places)} automatic replies and delivery failures were not imported as responses "
            f"({', '.join(places[:10])}{', ...' if len(places) > 10 else ''})"]


_HEADER_NAMES = ("from", "to", "subject", "date", "message-id", "received", "mime-version", "return-path")


def looks_like_email(head: bytes, least: int = 3) -> bool:
    """True when ``head`` starts with RFC 5322 headers (used to sniff .eml files without the extension): a
    known header first, and a "Received" or at least ``least`` known headers."""
    text = head[:4096].decode("latin-1").replace("\r\n", "\n")
    lines = text.split("\n\n", 1)[0].split("\n")
    names = {line.split(":", 1)[0].strip().lower() for line in lines if ":" in line and not line[:1].isspace()}
    first = lines[0].split(":", 1)[0].strip().lower() if lines else ""
    known = names & set(_HEADER_NAMES)
    return (first in _HEADER_NAMES or first.startswith("x-") or first in {"delivered-to", "return-path"}) and (
        "received" in known or len(known) >= least)


def _payload(part: MIMEPart) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _part_text(part: MIMEPart, path: str | Path) -> str:
    """Decoded text of a text/* part, tolerating unknown or wrong charsets; a part that declares
    none is read as its bytes say (an old mail program's Windows-1252 "£" and "’" undeclared would
    otherwise read as US-ASCII and become "�")."""
    raw = _payload(part) if part.get_param("charset") is None else b""
    if raw and any(b > 0x7F for b in raw):
        return decode_bytes(raw, path)[0]
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        content = _payload(part)
    if isinstance(content, bytes):
        content = decode_bytes(content, path)[0] if content else ""
    return str(content)


def _body_text(message: EmailMessage, path: str | Path) -> str:
    plain = message.get_body(preferencelist=("plain",))
    text = tidy(_part_text(plain, path)) if plain is not None else ""
    if not text:
        html = message.get_body(preferencelist=("html",))
        if html is not None:
            text = html_to_text(_part_text(html, path))
    return text


def _header(message: EmailMessage, name: str) -> str:
    """A header's value ("" when absent or malformed)."""
    try:
        return str(message.get(name, "") or "")
    except (IndexError, ValueError, TypeError):
        return ""


def _header_from(message: EmailMessage) -> tuple[str, str]:
    """The From header's first display name and address ("", "" when it has none or is malformed)."""
    try:
        header = message["From"]
        addresses = getattr(header, "addresses", ()) if header is not None else ()
    except (IndexError, ValueError, TypeError):  # malformed From header
        return "", ""
    if not addresses:
        return "", ""
    name = addresses[0].display_name.strip()
    # a display name written unquoted, "Jo Bloggs (Anytown Trust) <jo@...>", is a name and a comment, which the
    # parser drops: Outlook's way of giving the sender's organisation, kept
    raw = next((" ".join(value.split()) for key, value in message.raw_items() if key.lower() == "from"), "")
    comment = re.match(r"\s*([^\"<>(),]+?)\s*\((.+)\)\s*<", raw)
    if name and "(" not in name and comment and comment.group(1).strip() == name:
        name = f"{name} ({comment.group(2).strip()})"
    return name, addresses[0].addr_spec


def _sender(message: EmailMessage, body: str, external_id: str) -> ParsedRespondent:
    name, address = _header_from(message)
    guess = guess_sender(body)
    forwarded = forwarded_sender(body)
    if forwarded is not None:  # a colleague passed the writer's message on: the writer is the respondent
        name, address, guess = forwarded.name, forwarded.email, forwarded
    name, organisation = display_name_parts(name, address, body)  # "Mei Example (Anytown Arts Association)"
    name = name or guess.name
    organisation = organisation or guess.organisation
    metadata: dict[str, str] = {}
    for key in ("Subject", "Date", "Message-ID"):
        try:
            value = message.get(key)
        except (IndexError, ValueError, TypeError):
            value = None
        if value:
            metadata[key.lower().replace("-", "_")] = str(value).strip()
    return ParsedRespondent(external_id=external_id, name=name, organisation=organisation,
                            email=(address or guess.email).lower(), channel=Channel.EMAIL, metadata=metadata)


def extract_attachment(data: bytes, filename: str, content_type: str, label: str) -> Extracted | None:
    """Text of a readable attachment, or None for a type that is not read."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".docx" or content_type == DOCX_TYPE:
        return extract_docx(data, label)
    if suffix == ".pdf" or content_type == PDF_TYPE:
        return extract_pdf(data, label)
    if suffix in {".txt", ".text"} or (content_type == TEXT_TYPE and suffix in {"", ".txt"}):
        return extract_text(data, label)
    if suffix in {".html", ".htm"} or content_type == HTML_TYPE:
        return extract_html(data, label)
    if suffix == ".rtf" or content_type in {RTF_TYPE, "text/rtf", "text/richtext"}:
        return extract_rtf(data, label)
    if suffix == ".odt" or content_type == ODT_TYPE:
        return extract_odt(data, label)
    return None


#: the attachments :func:`extract_attachment` reads, for the warning about one it does not
READ_ATTACHMENTS = "only Word .docx, PDF, RTF, OpenDocument .odt, text and HTML attachments are"


def unique_name(filename: str, used: set[str]) -> str:
    candidate, number = filename, 2
    stem, suffix = PurePath(filename).stem, PurePath(filename).suffix
    while candidate in used:
        candidate = f"{stem} ({number}){suffix}"
        number += 1
    used.add(candidate)
    return candidate


def _attachments(message: EmailMessage, respondent: ParsedRespondent, path: str | Path, depth: int,
                 warnings: list[str]) -> list[ParsedDocument]:
    source = Path(path).name
    documents: list[ParsedDocument] = []
    used: set[str] = set()
    for number, part in enumerate(message.iter_attachments(), start=1):
        content_type = part.get_content_type()
        filename = part.get_filename() or ""
        if content_type == "message/rfc822":
            inner = part.get_content()
            if depth >= _MAX_DEPTH or not isinstance(inner, EmailMessage):
                warnings.append(f"{source}: a forwarded message nested too deeply was not read")
                continue
            subject = str(inner.get("Subject", "") or "").strip()
            name = unique_name(filename or f"{subject or 'forwarded message'}.eml", used)
            documents.append(_message_document(inner, name, respondent, path, depth + 1, warnings))
            continue
        if not filename:
            if part.get_content_disposition() != "attachment":
                continue  # inline images of signatures and logos
            filename = f"attachment {number}"
        label = f"{source} > {filename}"
        payload = _payload(part)
        try:
            extracted = extract_attachment(payload, filename, content_type, label)
        except IngestError as exc:
            warnings.append(f"{source}: attachment {filename!r} could not be read: {exc.reason}")
            continue
        if extracted is None:
            if not content_type.startswith("image/") or part.get_content_disposition() == "attachment":
                warnings.append(f"{source}: attachment {filename!r} ({content_type}) was not read: {READ_ATTACHMENTS}")
            continue
        warnings.extend(w.replace(f"{label}:", f"{source}: attachment {filename!r}:") for w in extracted.warnings)
        documents.append(ParsedDocument(respondent=respondent, filename=unique_name(filename, used),
                                        text=extracted.text, media_type=extracted.media_type))
    return documents


def _message_document(message: EmailMessage, filename: str, respondent: ParsedRespondent, path: str | Path,
                      depth: int, warnings: list[str]) -> ParsedDocument:
    body = _body_text(message, path)
    return ParsedDocument(respondent=respondent, filename=filename, text=body, media_type=EMAIL_TYPE,
                          attachments=_attachments(message, respondent, path, depth, warnings))


def parse_email(data: bytes, path: str | Path, external_id: str) -> tuple[ParsedDocument, list[str]]:
    """One .eml file as a :class:`ParsedDocument` (attachments inside) plus warnings."""
    if not data.strip():
        raise IngestError(path, "the file is empty")
    if data.startswith(OLE_MAGIC):
        raise IngestError(path, "this is an Outlook .msg file, not an .eml e-mail; "
                                "it cannot be read as .eml")
    if b"\x00" in data[:4096]:
        raise IngestError(path, "this is binary data, not an e-mail message")
    if data.lower().count(b"boundary=") > 2 * MAX_DEPTH:
        raise IngestError(path, f"the e-mail holds more than {2 * MAX_DEPTH} multipart sections (the limit)")
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        if not isinstance(message, EmailMessage) or not any(message.get(h) for h in ("From", "Subject", "Date")):
            raise IngestError(path, "this is not an e-mail message (no From, Subject or Date header)")
        automatic = automatic_reply(lambda name: _header(message, name), _header(message, "Subject"),
                                    _header_from(message)[1], message.get_content_type())
        if automatic:
            raise AutomaticReply(path, automatic)
        warnings: list[str] = []
        body = _body_text(message, path)
        respondent = _sender(message, body, external_id)
        document = ParsedDocument(respondent=respondent, filename=Path(path).name, text=body, media_type=EMAIL_TYPE)
        document.attachments = _attachments(message, respondent, path, 0, warnings)
        fill_from_attachments(document)
    except RecursionError:  # the standard library's parser recurses into nested parts
        raise IngestError(path, f"the e-mail's parts are nested more than the {MAX_DEPTH} levels allowed") from None
    if not body and not document.attachments:
        warnings.append(no_content(path, "the e-mail", warnings))
    return document, warnings
