"""Readers for submissions that arrive as documents: .txt, .docx, .pdf, .html, .rtf, .odt, .eml, .msg and mbox mailboxes.

Each file becomes one :class:`ParsedDocument` in a :class:`ParsedBatch` (``questions`` and
``respondents`` stay empty); its ``respondent`` names the sender as far as the file tells.
The respondent's ``external_id`` is the file name, so importing the same file again (alone or
in its folder) finds the same respondent; in a folder where two files share a name, it is the
path inside the folder.

Channel: ``EMAIL`` for .eml and Outlook .msg files and for text that starts with e-mail headers (a message
saved from Outlook as text or PDF); ``OTHER`` for other letters, whose route (post, e-mail
attachment, hand delivery) the file does not show.

:func:`read_document_folder` reads a whole folder (e-mailed submissions usually arrive as
one); a file that cannot be read there becomes a warning instead of stopping the import.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from consult_analyser.domain import Channel
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
from consult_analyser.ingest.doc_extract import (
    OLE_MAGIC,
    ZIP_MAGIC,
    Extracted,
    extract_docx,
    extract_html,
    extract_odt,
    extract_pdf,
    extract_rtf,
    extract_text,
)
from consult_analyser.ingest.doc_form import form_details
from consult_analyser.ingest.doc_mbox import MboxReader
from consult_analyser.ingest.doc_msg import parse_msg
from consult_analyser.ingest.doc_sender import guess_sender, has_email_headers
from consult_analyser.ingest.limits import MAX_DOCUMENT_BYTES, check_file_size
from consult_analyser.ingest.tabular import TABLE_SUFFIXES, looks_like_tab_table
from consult_analyser.parsed import ParsedBatch, ParsedDocument, ParsedRespondent, Reader
from consult_analyser.progress import ProgressFn, null_progress

__all__ = ["TextDocumentReader", "DocxReader", "PdfReader", "HtmlDocumentReader", "RtfReader", "OdtReader", "EmailReader",
           "OutlookMsgReader", "MboxReader", "DOCUMENT_READERS", "read_document_folder", "letter_respondent", "DOCUMENT_SUFFIXES"]

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".rtf", ".odt", ".eml", ".msg", ".mbox", ".html", ".htm")
_SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


def letter_respondent(text: str, external_id: str) -> ParsedRespondent:
    """The sender of a letter, guessed from its text (see :mod:`doc_sender`), or read from a response
    form's respondent details where it is one (see :mod:`doc_form`)."""
    guess = guess_sender(text)
    channel = Channel.EMAIL if has_email_headers(text) else Channel.OTHER
    form = form_details(text)
    if form is not None:  # the details the form asked for, never an address printed on the form itself
        return ParsedRespondent(external_id=external_id, name=form.name, organisation=form.organisation,
                                email=form.email, declared_type=form.declared_type, channel=channel,
                                metadata={"sender_from": "response form"}, publication=form.publication,
                                consent=form.consent)
    metadata = {"sender_from": guess.source} if guess.source else {}
    return ParsedRespondent(external_id=external_id, name=guess.name, organisation=guess.organisation,
                            email=guess.email, channel=channel, metadata=metadata)


def _read_head(path: Path, size: int = 65536) -> bytes:
    check_file_size(path)  # a regular file (a FIFO would block the read), within the file budget
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from exc


def _read_bytes(path: Path) -> bytes:
    check_file_size(path, MAX_DOCUMENT_BYTES, "document")  # a regular file, within the budget
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from exc


class _LetterReader:
    """Shared behaviour of the single-document readers (subclasses set ``name`` and ``_extract``)."""

    suffixes: tuple[str, ...] = ()

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        raise NotImplementedError

    def parse(self, data: bytes, path: Path, external_id: str,
              progress: ProgressFn | None = None) -> tuple[ParsedDocument, list[str]]:
        """One document and its warnings from the bytes of ``path``."""
        extracted = self._extract(data, path, progress)
        respondent = letter_respondent(extracted.text, external_id)
        document = ParsedDocument(respondent=respondent, filename=path.name, text=extracted.text,
                                  media_type=extracted.media_type)
        return document, list(extracted.warnings)

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None) -> ParsedBatch:
        """Parse ``path`` into a batch holding one document."""
        path = Path(path)
        document, warnings = self.parse(_read_bytes(path), path, path.name, progress)
        (progress or null_progress)(1.0, f"read {path.name}")
        return ParsedBatch(source_file=str(path), reader=self.name,  # type: ignore[attr-defined]
                           documents=[document], warnings=warnings, total_rows=1)


class TextDocumentReader(_LetterReader):
    """A plain-text letter or e-mail saved as text."""

    name = "text document"
    suffixes = (".txt", ".text")

    def sniff(self, path: Path, head: bytes) -> float:
        if Path(path).suffix.lower() not in self.suffixes:
            return 0.0
        if looks_like_tab_table(Path(path), head):
            return 0.3  # a tab-separated table saved as .txt: the table readers know better
        return 0.6

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        return extract_text(data, path)


class HtmlDocumentReader(_LetterReader):
    """A web page or e-mail saved as HTML."""

    name = "HTML document"
    suffixes = (".html", ".htm")

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.8 if Path(path).suffix.lower() in self.suffixes else 0.0

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        return extract_html(data, path)


class DocxReader(_LetterReader):
    """A Word .docx letter (paragraphs and tables)."""

    name = "Word document"
    suffixes = (".docx",)

    def sniff(self, path: Path, head: bytes) -> float:
        is_docx = Path(path).suffix.lower() in self.suffixes
        if head.startswith(ZIP_MAGIC):
            if is_docx:
                return 0.95
            return 0.8 if b"word/" in head else 0.0
        # A .docx that is not a zip: still ours, so the user hears why it cannot be read.
        return 0.5 if is_docx or (head.startswith(OLE_MAGIC) and Path(path).suffix.lower() == ".doc") else 0.0

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        return extract_docx(data, path)


class PdfReader(_LetterReader):
    """A PDF letter or report: the text layer of every page."""

    name = "PDF document"
    suffixes = (".pdf",)

    def sniff(self, path: Path, head: bytes) -> float:
        if b"%PDF-" in head[:1024]:
            return 0.95
        return 0.5 if Path(path).suffix.lower() in self.suffixes else 0.0

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        return extract_pdf(data, path, progress)


class RtfReader(_LetterReader):
    """A Rich Text Format letter (WordPad, Outlook, Word's "Save as RTF")."""

    name = "RTF document"
    suffixes = (".rtf",)

    def sniff(self, path: Path, head: bytes) -> float:
        if head.lstrip()[:5].lower() == b"{\\rtf":
            return 0.9
        return 0.5 if Path(path).suffix.lower() in self.suffixes else 0.0

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        return extract_rtf(data, path)


class OdtReader(_LetterReader):
    """An OpenDocument text letter (LibreOffice's .odt)."""

    name = "OpenDocument text"
    suffixes = (".odt",)

    def sniff(self, path: Path, head: bytes) -> float:
        is_odt = Path(path).suffix.lower() in self.suffixes
        if head.startswith(ZIP_MAGIC):
            return 0.95 if is_odt or b"application/vnd.oasis.opendocument.text" in head[:200] else 0.0
        return 0.5 if is_odt else 0.0  # not a zip: still ours, so the user hears why it cannot be read

    def _extract(self, data: bytes, path: Path, progress: ProgressFn | None) -> Extracted:
        return extract_odt(data, path)


class EmailReader:
    """An e-mail saved as .eml, with its attachments."""

    name = "e-mail"
    suffixes = (".eml",)

    def sniff(self, path: Path, head: bytes) -> float:
        suffix = Path(path).suffix.lower()
        if suffix in self.suffixes:
            return 0.95
        if suffix in {"", ".txt", ".msg", ".mht", ".mhtml"} and looks_like_email(head):
            return 0.8
        return 0.0

    def parse(self, data: bytes, path: Path, external_id: str,
              progress: ProgressFn | None = None) -> tuple[ParsedDocument, list[str]]:
        """One e-mail document (attachments inside) and its warnings."""
        if data.startswith(OLE_MAGIC):  # an Outlook message saved with the wrong extension
            return parse_msg(data, path, external_id)
        return parse_email(data, path, external_id)

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None) -> ParsedBatch:
        """Parse the e-mail file ``path`` into a batch holding one document."""
        path = Path(path)
        try:
            document, warnings = self.parse(_read_bytes(path), path, path.name)
        except AutomaticReply as exc:  # an out-of-office reply given on its own: nothing to import, and said
            return ParsedBatch(source_file=str(path), reader=self.name, warnings=[skipped_reply(path.name, exc.reason)],
                               total_rows=1)
        (progress or null_progress)(1.0, f"read {path.name}")
        return ParsedBatch(source_file=str(path), reader=self.name, documents=[document], warnings=warnings,
                           total_rows=1)


class OutlookMsgReader(EmailReader):
    """An e-mail saved from Outlook as .msg, with its attachments."""

    name = "Outlook message"
    suffixes = (".msg",)

    def sniff(self, path: Path, head: bytes) -> float:
        is_msg = Path(path).suffix.lower() in self.suffixes
        if head.startswith(OLE_MAGIC):
            return 0.95 if is_msg else (0.7 if "__substg1.0_".encode("utf-16-le") in head else 0.0)
        return 0.5 if is_msg and not looks_like_email(head) else 0.0

    def parse(self, data: bytes, path: Path, external_id: str,
              progress: ProgressFn | None = None) -> tuple[ParsedDocument, list[str]]:
        """One Outlook message (attachments inside) and its warnings."""
        if not data.startswith(OLE_MAGIC) and looks_like_email(data[:65536]):
            return parse_email(data, path, external_id)  # an .eml saved with the wrong extension
        return parse_msg(data, path, external_id)


DOCUMENT_READERS = (MboxReader(), EmailReader(), OutlookMsgReader(), DocxReader(), PdfReader(), HtmlDocumentReader(),
                    RtfReader(), OdtReader(), TextDocumentReader())


def _best_reader(path: Path, head: bytes) -> MboxReader | EmailReader | _LetterReader | None:
    best, best_score = None, 0.0
    for reader in DOCUMENT_READERS:
        score = reader.sniff(path, head)
        if score > best_score:
            best, best_score = reader, score
    return best


#: a project's own files (the project, its write-ahead log, its lock): a project kept in the
#: folder of letters it imports is not a letter
_PROJECT_FILE = re.compile(r"\.consult(?:-wal|-shm|-journal|\.lock)?$", re.I)


def _skip(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return (any(part.startswith(".") for part in parts) or path.name.lower() in _SKIP_NAMES
            or path.name.startswith("~$")  # Word's lock files
            or bool(_PROJECT_FILE.search(path.name)))


def folder_files(root: Path) -> tuple[list[Path], list[str]]:
    """The regular files under the folder ``root`` (recursively, hidden and lock files left out), in a stable order,
    and a warning for each entry passed over: a link to a place outside the folder (a hostile-input trial's link to
    /etc/passwd was imported as a letter and quoted in the annex), a broken link, or no file at all (a pipe, a device)."""
    top = root.resolve()
    files: list[Path] = []
    warnings: list[str] = []
    for path in root.rglob("*"):
        if _skip(path, root):
            continue
        relative = path.relative_to(root).as_posix()
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a broken link, or links in a loop
            warnings.append(f"{relative}: skipped: a link that leads nowhere")
            continue
        if not target.is_relative_to(top):
            if path.is_symlink() or not path.parent.resolve().is_relative_to(top) or path.is_file():
                warnings.append(f"{relative}: skipped: a link to a place outside the folder")
            continue
        if path.is_dir():
            continue
        if path.is_symlink():  # a link to a file of the folder itself: that file is read, once
            continue
        if not path.is_file():
            warnings.append(f"{relative}: skipped: not a file (a pipe or a device)")
            continue
        files.append(path)
    files.sort(key=lambda p: p.relative_to(root).as_posix().lower())
    return files, warnings


def document_readers() -> list[Reader]:
    """The readers of single submitted documents (the registry asks each how sure it is)."""
    return [DocxReader(), EmailReader(), MboxReader(), HtmlDocumentReader(), OutlookMsgReader(), PdfReader(),
            RtfReader(), OdtReader(), TextDocumentReader()]


def read_document_folder(path: str | Path, progress: ProgressFn | None = None) -> ParsedBatch:
    """Every document under the folder ``path`` (recursively) as one batch.

    Files that cannot be read, and files of other types, are listed in ``warnings``. Raises
    :class:`IngestError` when the folder holds no readable document at all.
    """
    root = Path(path)
    if not root.is_dir():
        raise IngestError(root, "is not a folder")
    progress = progress or null_progress
    files, passed_over = folder_files(root)
    batch = ParsedBatch(source_file=str(root), reader="document folder", total_rows=len(files))
    batch.warnings.extend(passed_over)
    name_counts = Counter(file.name.lower() for file in files)
    failures = 0
    tables: list[str] = []  # survey exports or spreadsheets in the folder, not read with the letters
    automatic: list[str] = []  # out-of-office replies and delivery failures, left out
    for number, file in enumerate(files):
        relative = file.relative_to(root).as_posix()
        # The file name alone, as when the file is imported on its own, unless two files in the
        # folder share it: then the path inside the folder tells them apart.
        external_id = file.name if name_counts[file.name.lower()] == 1 else relative
        progress(number / max(1, len(files)), f"reading {relative}")
        try:
            head = _read_head(file)  # enough to choose a reader: a spreadsheet or mailbox is not read whole here
            if not head.strip() and not _read_bytes(file).strip():
                raise IngestError(file, "the file is empty")
            reader = _best_reader(file, head)
            if reader is None and file.suffix.lower() in TABLE_SUFFIXES:
                # a survey export beside the letters, or a spreadsheet a respondent attached: which,
                # only the user knows (read as an export, an attachment would add false respondents)
                if (binary := _binary_table(file, head)) is not None:
                    batch.warnings.append(f"{relative}: skipped: {binary}")
                    continue
                tables.append(relative)
                batch.warnings.append(f"{relative}: a {'table' if _TEXT_TABLE.search(relative) else 'spreadsheet'}, "
                                      "not read with the letters; if it is the survey export, import it as a file of "
                                      "its own")
                continue
            if reader is None:
                batch.warnings.append(f"{relative}: skipped: not a document type that can be read "
                                      f"({', '.join(DOCUMENT_SUFFIXES)})")
                continue
            if isinstance(reader, MboxReader):  # a mailbox: every message in it (ids of their own)
                documents, warnings = reader.parse_all(file, automatic=automatic)
            else:
                document, warnings = reader.parse(_read_bytes(file), file, external_id)
                documents = [document]
        except AutomaticReply as exc:
            batch.warnings.append(skipped_reply(relative, exc.reason))
            if not isinstance(exc, EmptyMessage):
                automatic.append(relative)
            continue
        except IngestError as exc:
            failures += 1
            batch.warnings.append(f"{relative}: {exc.reason}")
            continue
        for document in documents:
            document.path = relative
        batch.documents.extend(documents)
        prefix = f"{file.name}:"
        batch.warnings.extend(f"{relative}:{w[len(prefix):]}" if w.startswith(prefix) else w for w in warnings)
    # the same letter from the same sender twice (a message in the mailbox and saved as an .eml, an exact resend):
    # imported once, and said here, so that a dry run says it as the import does
    batch.documents, resent = drop_resends(batch.documents)
    batch.warnings += resent + automatic_count(root.name, automatic)
    progress(1.0, f"read {len(batch.documents)} documents")
    if not batch.documents:
        raise IngestError(root, _nothing_read(root, tables, batch.warnings))
    return batch


_TEXT_TABLE = re.compile(r"\.(csv|tsv)$", re.I)


def _binary_table(path: Path, head: bytes) -> str | None:
    """Why a file named as a table is neither a workbook nor text (random bytes named .csv), or None."""
    from consult_analyser.ingest.encoding import decode_bytes
    from consult_analyser.ingest.workbooks import content_kind

    if not _TEXT_TABLE.search(path.name) and content_kind(path, head):
        return None  # a workbook (or what tries to be one: said when it is imported)
    try:
        decode_bytes(head[:4096], path)
    except IngestError as exc:
        return exc.reason  # "this looks like binary data (mostly control characters), not a text file"
    return None


def _nothing_read(root: Path, tables: list[str], warnings: list[str]) -> str:
    """Why a folder gave nothing to import: letters and e-mails are read from a folder, survey exports are not
    (a hostile-input trial's folder of exports was told its random bytes were "a spreadsheet", its valid export
    never named)."""
    others = [w for w in warnings if not any(w.startswith(f"{t}:") for t in tables)]
    more = "; ".join(others[:5]) + ("; ..." if len(others) > 5 else "")
    if tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        first = f"{root.name}/{tables[0]}"
        return (f"the folder holds no readable documents ({', '.join(DOCUMENT_SUFFIXES)}): a folder is read as "
                f"letters and e-mails, and its survey exports or spreadsheets ({shown}) must be given to the import as "
                f"files of their own (such as: import PROJECT {first})" + (f". Also: {more}" if more else ""))
    return f"the folder holds no readable documents ({', '.join(DOCUMENT_SUFFIXES)})" + (f": {more}" if more else "")
