"""Choosing a reader for a file from its extension and content."""

from __future__ import annotations

from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.documents import document_readers, read_document_folder
from consult_analyser.ingest.long import LongTableReader
from consult_analyser.ingest.refi_import import QdpxReader
from consult_analyser.ingest.wide import WideTableReader
from consult_analyser.parsed import ParsedBatch, Reader
from consult_analyser.progress import ProgressFn


def all_readers() -> list[Reader]:
    """Every reader, table readers first."""
    return [LongTableReader(), WideTableReader(), QdpxReader(), *document_readers()]


def choose_reader(path: Path) -> Reader:
    """The reader most confident it can read ``path``; an :class:`IngestError` if none is."""
    if path.stat().st_size == 0:
        raise IngestError(path, "the file is empty")
    with path.open("rb") as fh:
        head = fh.read(65536)
    best, best_score = None, 0.0
    for reader in all_readers():
        score = reader.sniff(path, head)
        if score > best_score:
            best, best_score = reader, score
    if best is None and path.suffix.lower() in {".zip", ".7z", ".rar", ".gz", ".tgz", ".tar"}:
        raise IngestError(path, "this is an archive: unzip it first, then import the survey export inside it "
                                "and the folder of letters or attachments (both in one import)")
    if best is None:
        raise IngestError(path, f"no reader for {(path.suffix + ' files') if path.suffix else 'files without an extension'} "
                                "(expected .csv, .xlsx, .xls, .ods, .docx, .pdf, .txt, .eml, .msg, .mbox or a folder of them)")
    return best


def read_folder(path: Path, progress: ProgressFn | None = None) -> ParsedBatch:
    """A folder of e-mailed submissions."""
    return read_document_folder(path, progress)
