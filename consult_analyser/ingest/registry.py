"""Choosing a reader for a file from its extension and content."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.long import LongTableReader
from consult_analyser.ingest.wide import WideTableReader
from consult_analyser.parsed import ParsedBatch, Reader
from consult_analyser.progress import ProgressFn

_DOCUMENT_MODULE = "consult_analyser.ingest.documents"


def _document_readers() -> list[Reader]:
    module = importlib.import_module(_DOCUMENT_MODULE)
    readers: list[Reader] = []
    for _name, obj in inspect.getmembers(module, inspect.isclass):
        if obj.__module__.startswith("consult_analyser.ingest") and all(
            hasattr(obj, attr) for attr in ("name", "sniff", "read")
        ):
            readers.append(obj())
    return readers


def all_readers() -> list[Reader]:
    """Every reader, table readers first."""
    from consult_analyser.ingest.refi_import import QdpxReader

    return [LongTableReader(), WideTableReader(), QdpxReader(), *_document_readers()]


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
    if best is None:
        raise IngestError(path, f"no reader for {path.suffix or 'files without an extension'} files "
                                "(expected .csv, .xlsx, .docx, .pdf, .txt, .eml or a folder of them)")
    return best


def read_folder(path: Path, progress: ProgressFn | None = None) -> ParsedBatch:
    """A folder of e-mailed submissions."""
    module = importlib.import_module(_DOCUMENT_MODULE)
    return module.read_document_folder(path, progress)
