"""A mailbox of e-mailed submissions exported as one mbox file.

Thunderbird, Apple Mail (``Inbox.mbox/mbox``) and Google Takeout (``All mail.mbox``) export a
consultation inbox this way: every message one after the other, each starting with a ``From ``
line (and a line of a message that began "From " written ">From ", which is undone). Python's
:mod:`mailbox` splits the file; each message is then read exactly as a saved .eml is
(:func:`doc_email.parse_email`: sender, body, attachments), so a message reads the same whichever
way it arrived, and each is read once.

A message's respondent id is its Message-ID when the mailbox has it once (importing the same
mailbox again finds the same respondents, whatever was added to it meanwhile), else
``<file name>#<position>``. A message that cannot be read becomes a warning naming its position;
the rest are imported.
"""

from __future__ import annotations

import mailbox
import re
from collections import Counter
from email.parser import BytesHeaderParser
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_email import (
    AutomaticReply,
    EmptyMessage,
    automatic_count,
    drop_resends,
    looks_like_email,
    parse_email,
    skipped_reply,
)
from consult_analyser.ingest.limits import MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, check_file_size
from consult_analyser.parsed import ParsedBatch, ParsedDocument
from consult_analyser.progress import ProgressFn, null_progress

SUFFIXES = (".mbox", ".mbx")
# the separator line that starts every message: "From sender@example.org Mon Jan  1 00:00:00 2024"
_FROM_LINE = re.compile(rb"From \S+[ \t]+\S[^\r\n]*\r?\n")
# a line of the message that began "From " was written ">From " so as not to start a new message
_QUOTED_FROM = re.compile(rb"(?m)^>(>*From )")


def looks_like_mbox(head: bytes) -> bool:
    """True when ``head`` starts with an mbox separator line followed by e-mail headers."""
    match = _FROM_LINE.match(head)
    # (after a separator line two headers say enough: a hostile-input trial's mailbox of "From:" and "Subject:"
    # messages, without "Date:", was refused as no mailbox)
    return match is not None and looks_like_email(head[match.end():], least=2)


def _message_id(data: bytes) -> str:
    """The message's Message-ID from its headers alone (the body is not parsed here)."""
    headers = BytesHeaderParser().parsebytes(data)
    return " ".join(str(headers.get("Message-ID", "") or "").split()).strip("<>")


class MboxReader:
    """Every message of an mbox mailbox file, each with its attachments."""

    name = "mailbox (mbox)"
    suffixes = SUFFIXES

    def sniff(self, path: Path, head: bytes) -> float:
        if looks_like_mbox(head):
            return 0.97  # above .eml: a file of several messages must not be read as its first one
        return 0.5 if Path(path).suffix.lower() in self.suffixes else 0.0

    def parse_all(self, path: Path, progress: ProgressFn | None = None,
                  automatic: list[str] | None = None) -> tuple[list[ParsedDocument], list[str]]:
        """Every readable message of the mailbox ``path`` as a document, and the warnings. An automatic reply or a
        delivery failure is left out with a warning naming its place ("box.mbox#12"), added to ``automatic``; so is
        a message that resends an earlier one of the mailbox (the same sender and text)."""
        automatic = automatic if automatic is not None else []
        path = Path(path)
        check_file_size(path, MAX_FILE_BYTES, "mailbox")
        progress = progress or null_progress
        with path.open("rb") as fh:
            if not looks_like_mbox(fh.read(65536)):
                raise IngestError(path, "this is not an mbox mailbox (it does not start with a 'From ' line "
                                        "followed by e-mail headers)")
        try:
            box = mailbox.mbox(path, create=False)
            keys = list(box.iterkeys())
        except (OSError, mailbox.Error) as exc:
            raise IngestError(path, f"cannot read the mailbox ({exc})") from exc
        read: list[tuple[ParsedDocument, str, str]] = []  # (document, Message-ID, place)
        warnings: list[str] = []
        try:
            for number, key in enumerate(keys, start=1):
                progress((number - 1) / max(1, len(keys)), f"reading message {number:,} of {len(keys):,}")
                place = f"{path.name}#{number}"
                try:
                    data = _QUOTED_FROM.sub(rb"\1", box.get_bytes(key))
                    if not data.strip():
                        raise IngestError(path, "the message is empty")
                    if len(data) > MAX_DOCUMENT_BYTES:
                        raise IngestError(path, f"the message is larger than the {MAX_DOCUMENT_BYTES // 2**20} MB "
                                                "limit for one letter")
                    document, found = parse_email(data, place, place)
                except AutomaticReply as exc:
                    warnings.append(skipped_reply(place, exc.reason))
                    if not isinstance(exc, EmptyMessage):
                        automatic.append(place)
                    continue
                except IngestError as exc:
                    warnings.append(f"{place}: {exc.reason}")
                    continue
                read.append((document, _message_id(data), place))
                warnings.extend(found)
        except (OSError, mailbox.Error) as exc:
            raise IngestError(path, f"cannot read the mailbox ({exc})") from exc
        finally:
            box.close()
        seen = Counter(message_id for _, message_id, _ in read if message_id)
        for document, message_id, _place in read:  # the id once every message is known to be the only one
            if message_id and seen[message_id] == 1:
                document.respondent.external_id = message_id  # its attachments share the respondent
        documents, resent = drop_resends([document for document, _, _ in read])
        warnings.extend(resent)
        progress(1.0, f"read {len(documents):,} messages")
        if not documents:
            raise IngestError(path, "the mailbox holds no readable message" + (f": {warnings[0]}" if warnings else ""))
        repeated = sum(n - 1 for n in seen.values() if n > 1)
        if repeated:
            warnings.append(f"{path.name}: {repeated} messages repeat another's Message-ID (a message filed twice?); "
                            "each was imported under its position in the mailbox")
        return documents, warnings

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None) -> ParsedBatch:
        """Every message of the mailbox ``path`` in one batch."""
        automatic: list[str] = []
        documents, warnings = self.parse_all(Path(path), progress, automatic)
        warnings += automatic_count(Path(path).name, automatic)
        return ParsedBatch(source_file=str(path), reader=self.name, documents=documents, warnings=warnings,
                           total_rows=len(documents))
