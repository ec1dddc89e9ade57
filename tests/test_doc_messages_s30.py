"""A damaged Word file or PDF is said in plain words, with what to do: no Python exception class name
("BadZipFile", "PdfReadError") reaches the user (a hostile-input trial found them in the messages)."""

from __future__ import annotations

import io
import zipfile

import pytest

from consult_analyser.errors import IngestError
from consult_analyser.ingest.doc_extract import extract_docx, extract_pdf

_NAMES = ("Error", "BadZipFile", "KeyError", "Exception", "PdfRead", "PyPdf")


def _message(call, data: bytes, name: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(IngestError) as caught:
        call(data, name)
    return str(caught.value)


def test_a_damaged_docx_says_what_to_do_without_an_exception_name() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip package with no Word part in it
        archive.writestr("hello.txt", "not a document")
    message = _message(extract_docx, buffer.getvalue(), "letter.docx")
    assert "letter.docx" in message and "save it" in message
    assert not any(n in message for n in _NAMES)


def test_a_damaged_pdf_says_what_to_do_without_an_exception_name() -> None:
    message = _message(extract_pdf, b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer garbage", "reply.pdf")
    assert "reply.pdf" in message and "again as PDF" in message
    assert not any(n in message for n in _NAMES)
