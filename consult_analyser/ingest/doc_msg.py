"""E-mails saved from Outlook as .msg files (MS-OXMSG: MAPI properties in an OLE compound file).

Outlook on Windows saves or drags messages out as .msg, not .eml, so folders of e-mailed
submissions are often full of them. The compound file is opened with olefile; the message's
properties are streams named ``__substg1.0_<property id><type>``:

======  =========================  ======  =============================
id      property                   id      property
======  =========================  ======  =============================
0037    subject                    0C1A    sender name
1000    plain-text body            0C1F    sender address (may be X.500)
1013    HTML body                  5D01    sender SMTP address
007D    Internet headers           3707    attachment long file name
3701    attachment data/message    370E    attachment MIME type
3712    content id (inline image)
======  =========================  ======  =============================

A body kept only as compressed RTF is not decoded: the message is read without its body
and a warning says so.
"""

from __future__ import annotations

import email
import io
import struct
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

from consult_analyser.domain import Channel
from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_email import (
    READ_ATTACHMENTS,
    AutomaticReply,
    automatic_reply,
    extract_attachment,
    no_content,
    unique_name,
)
from consult_analyser.ingest.doc_extract import EMAIL_TYPE, OLE_MAGIC, html_to_text, tidy
from consult_analyser.ingest.doc_sender import (
    EMAIL_RE,
    display_name_parts,
    fill_from_attachments,
    forwarded_sender,
    guess_sender,
)
from consult_analyser.ingest.encoding import decode_bytes
from consult_analyser.parsed import ParsedDocument, ParsedRespondent

MSG_TYPE = "application/vnd.ms-outlook"
_MAX_DEPTH = 3
_STRING, _ANSI, _BINARY, _OBJECT = "001F", "001E", "0102", "000D"


class _Message:
    """Property access for the message stored at ``prefix`` inside an open compound file."""

    def __init__(self, ole, prefix: list[str], path: str | Path):  # noqa: ANN001 - olefile.OleFileIO
        self.ole, self.prefix, self.path = ole, prefix, path
        codepage = self._int_property(0x3FFD) or self._int_property(0x3FDE) or 1252
        self.codepage = f"cp{codepage}" if codepage not in (65001, 20127) else "utf-8"

    def _stream(self, name: str) -> bytes | None:
        entry = [*self.prefix, name]
        if not self.ole.exists(entry) or self.ole.get_type(entry) != 2:  # 2: a stream
            return None
        return self.ole.openstream(entry).read()

    def string(self, prop: str) -> str:
        data = self._stream(f"__substg1.0_{prop}{_STRING}")
        if data is not None:
            return data.decode("utf-16-le", "replace").rstrip("\x00").strip()
        data = self._stream(f"__substg1.0_{prop}{_ANSI}")
        if data is not None:
            try:
                return data.decode(self.codepage, "replace").rstrip("\x00").strip()
            except LookupError:
                return data.decode("cp1252", "replace").rstrip("\x00").strip()
        return ""

    def binary(self, prop: str) -> bytes | None:
        return self._stream(f"__substg1.0_{prop}{_BINARY}")

    def _fixed_properties(self) -> dict[int, bytes]:
        """Fixed-size properties (``__properties_version1.0``): 16-byte entries after a header
        of 32 bytes (top-level message), 24 (embedded message) or 8 (attachment)."""
        data = self._stream("__properties_version1.0") or b""
        header = 8 if self.prefix and self.prefix[-1].startswith("__attach") else (24 if self.prefix else 32)
        out: dict[int, bytes] = {}
        for offset in range(header, len(data) - 15, 16):
            tag, _flags = struct.unpack_from("<II", data, offset)
            out[tag] = data[offset + 8 : offset + 16]
        return out

    def _int_property(self, prop_id: int) -> int:
        value = self._fixed_properties().get((prop_id << 16) | 0x0003)
        return struct.unpack("<i", value[:4])[0] if value else 0

    def sent_at(self) -> str:
        """Submit time (PR_CLIENT_SUBMIT_TIME, else delivery time) as ISO 8601, or ""."""
        props = self._fixed_properties()
        for prop_id in (0x0039, 0x0E06):
            value = props.get((prop_id << 16) | 0x0040)
            if value:
                ticks = struct.unpack("<Q", value)[0]
                if ticks:
                    when = datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks // 10)
                    return when.isoformat(timespec="seconds")
        return ""

    def attachments(self) -> list[list[str]]:
        """Paths of the attachment storages directly under this message."""
        depth = len(self.prefix)
        found = {tuple(entry[: depth + 1]) for entry in self.ole.listdir(streams=True, storages=True)
                 if len(entry) > depth and entry[:depth] == self.prefix
                 and entry[depth].startswith("__attach_version1.0_")}
        return [list(entry) for entry in sorted(found)]


def _body(message: _Message, path: str | Path, warnings: list[str]) -> str:
    text = tidy(message.string("1000"))
    if text:
        return text
    html = message.binary("1013")
    html_text = decode_bytes(html, path)[0] if html else message.string("1013")
    if html_text:
        return html_to_text(html_text)
    if message.binary("1009"):
        warnings.append(f"{Path(path).name}: the message body is stored only as RTF, which is not read; "
                        "save the message as HTML or text to include it")
    return ""


#: Outlook's message classes of messages it sent by itself: an out-of-office reply, a rule's reply, and the
#: reports of a delivery failed (NDR), a delivery and a message read
_AUTOMATIC_CLASSES = (("ipm.note.rules.ooftemplate", "an automatic reply (an Outlook out-of-office message)"),
                      ("ipm.note.rules.replytemplate", "an automatic reply (an Outlook rule's reply)"),
                      ("report.", "a delivery or read report (an Outlook report message)"))


def _automatic(message: _Message) -> str:
    """What an automatic message is (see :func:`doc_email.automatic_reply`), from Outlook's message class
    (PR_MESSAGE_CLASS, 001A), its Internet headers (007D: Auto-Submitted, X-Autoreply, ...), its subject and its
    sender; "" for a message a person sent."""
    kind = message.string("001A").lower()
    for prefix, what in _AUTOMATIC_CLASSES:
        if kind.startswith(prefix):
            return what
    headers = message.string("007D")
    parsed = email.message_from_string(headers + "\n\n", policy=policy.compat32) if headers else None

    def header(name: str) -> str:
        return str(parsed.get(name, "") or "") if parsed is not None else ""

    sender = next((a for a in (message.string("5D01"), message.string("0C1F"), message.string("0065"))
                   if EMAIL_RE.fullmatch(a)), "")
    content_type = parsed.get_content_type() if parsed is not None and parsed.get("Content-Type") else ""
    return automatic_reply(header, message.string("0037"), sender, content_type)


def _sender(message: _Message, body: str, external_id: str) -> ParsedRespondent:
    name = message.string("0C1A") or message.string("0042")
    address = next((a for a in (message.string("5D01"), message.string("0C1F"), message.string("5D02"),
                                message.string("0065")) if EMAIL_RE.fullmatch(a)), "")
    headers = message.string("007D")
    date = ""
    if headers:
        parsed = email.message_from_string(headers + "\n\n", policy=policy.default)
        date = str(parsed.get("Date", "") or "")
        if not address:
            found = EMAIL_RE.search(str(parsed.get("From", "") or ""))
            address = found.group(0) if found else ""
    forwarded = forwarded_sender(body)
    if forwarded is not None:  # a colleague passed the writer's message on: the writer is the respondent
        name, address = forwarded.name, forwarded.email
    name, organisation = display_name_parts(name, address, body)  # "Mei Example (Anytown Arts Association)"
    if name and EMAIL_RE.fullmatch(name):
        name = ""
    guess = forwarded or guess_sender(body)
    metadata = {key: value for key, value in (("subject", message.string("0037")),
                                              ("date", date or message.sent_at())) if value}
    return ParsedRespondent(external_id=external_id, name=name or guess.name,
                            organisation=organisation or guess.organisation,
                            email=(address or guess.email).lower(), channel=Channel.EMAIL, metadata=metadata)


def _attachments(ole, message: _Message, respondent: ParsedRespondent, path: str | Path, depth: int,  # noqa: ANN001
                 warnings: list[str]) -> list[ParsedDocument]:
    source = Path(path).name
    documents: list[ParsedDocument] = []
    used: set[str] = set()
    for number, prefix in enumerate(message.attachments(), start=1):
        attachment = _Message(ole, prefix, path)
        filename = attachment.string("3707") or attachment.string("3704") or attachment.string("3001")
        inner = [*prefix, f"__substg1.0_3701{_OBJECT}"]
        if ole.exists(inner) and ole.get_type(inner) == 1:  # 1: a storage: an attached e-mail
            if depth >= _MAX_DEPTH:
                warnings.append(f"{source}: a forwarded message nested too deeply was not read")
                continue
            embedded = _Message(ole, inner, path)
            name = unique_name(filename or f"{embedded.string('0037') or 'forwarded message'}.msg", used)
            body = _body(embedded, path, warnings)
            documents.append(ParsedDocument(respondent=respondent, filename=name, text=body, media_type=MSG_TYPE,
                                            attachments=_attachments(ole, embedded, respondent, path, depth + 1,
                                                                     warnings)))
            continue
        data = attachment.binary("3701")
        filename = filename or f"attachment {number}"
        if data is None:
            warnings.append(f"{source}: attachment {filename!r} has no data (a link or an OLE object); not read")
            continue
        content_type = attachment.string("370E").lower()
        label = f"{source} > {filename}"
        try:
            extracted = extract_attachment(data, filename, content_type, label)
        except IngestError as exc:
            warnings.append(f"{source}: attachment {filename!r} could not be read: {exc.reason}")
            continue
        if extracted is None:
            if not attachment.string("3712"):  # no content id: attached, not an inline picture
                warnings.append(f"{source}: attachment {filename!r} was not read: {READ_ATTACHMENTS}")
            continue
        warnings.extend(w.replace(f"{label}:", f"{source}: attachment {filename!r}:") for w in extracted.warnings)
        documents.append(ParsedDocument(respondent=respondent, filename=unique_name(filename, used),
                                        text=extracted.text, media_type=extracted.media_type))
    return documents


def parse_msg(data: bytes, path: str | Path, external_id: str) -> tuple[ParsedDocument, list[str]]:
    """One Outlook .msg file as a :class:`ParsedDocument` (attachments inside) plus warnings."""
    import olefile

    if not data.strip():
        raise IngestError(path, "the file is empty")
    if not data.startswith(OLE_MAGIC):
        raise IngestError(path, "this is not an Outlook .msg file")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error) as exc:
        raise IngestError(path, f"the Outlook message is damaged and cannot be opened ({exc})") from exc
    try:
        if not any(entry[0].startswith("__substg1.0_") for entry in ole.listdir()):
            raise IngestError(path, "this Office file is not an Outlook message")
        message = _Message(ole, [], path)
        automatic = _automatic(message)
        if automatic:
            raise AutomaticReply(path, automatic)
        warnings: list[str] = []
        body = _body(message, path, warnings)
        respondent = _sender(message, body, external_id)
        document = ParsedDocument(respondent=respondent, filename=Path(path).name, text=body, media_type=MSG_TYPE)
        document.attachments = _attachments(ole, message, respondent, path, 0, warnings)
        fill_from_attachments(document)
    finally:
        ole.close()
    if not body and not document.attachments:
        warnings.append(no_content(path, "the message", warnings))
    return document, warnings


__all__ = ["parse_msg", "MSG_TYPE", "EMAIL_TYPE"]
