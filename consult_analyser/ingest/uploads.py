"""Uploaded documents exported inside a table: a column (a wide export's "Attachment", "Uploaded document") or a
long table's pseudo-question ("Transcription") whose cells hold the text of the file each respondent uploaded,
often after its name ("FILENAME: Our submission.pdf | CONTENT: Dear Department, ...").

Such a cell is a document of the row's respondent (a letter), not an answer: it is read into the batch's
documents as a folder's .docx or .pdf would be, and stored, de-duplicated and mapped to the questions
(``letters``) by the same code. The file's name comes from the cell's "FILENAME:" head
(:func:`consult_analyser.letter_text.uploaded_files`), else from the column's header.
"""

from __future__ import annotations

import re
from pathlib import Path

from consult_analyser.ingest.header_text import header_words
from consult_analyser.letter_text import file_name_and_text, uploaded_files
from consult_analyser.parsed import ParsedDocument, ParsedRespondent

MEDIA_TYPES = {".pdf": "application/pdf",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               ".doc": "application/msword", ".odt": "application/vnd.oasis.opendocument.text",
               ".txt": "text/plain", ".rtf": "application/rtf", ".html": "text/html"}

#: a header that names an uploaded or attached document's text: "Attachment", "Uploaded document", "Document
#: text", "File content", "Submission document", "Text of your submission", "Upload your response (PDF)"
DOCUMENT_HEADER = re.compile(
    r"\battach(?:ment|ments|ed (?:document|file|submission|letter|response)s?)\b"
    r"|\bupload(?:ed|s)?\b(?:\s+\w+){0,4}?\s+(?:document|file|submission|letter|response|pdf)s?\b"
    r"|\b(?:document|file|submission|letter|attachment|pdf|upload)s? (?:text|content|contents|body)\b"
    r"|\bsubmission (?:document|file|letter)s?\b|\btranscription\b"
    r"|\btext of (?:the |your |their |each )?(?:document|file|submission|letter|attachment|upload)s?\b")

#: a cell long enough to be a document pasted whole: this many characters over two paragraphs or more,
#: or this many more whatever its lines
_LONG = 1000
_VERY_LONG = 4000
#: of the filled cells read, the share that must look like documents
_SHARE = 0.8


def _has_file_head(value: str) -> bool:
    return bool(file_name_and_text(value)[0])


def _long_text(value: str) -> bool:
    text = value.strip()
    paragraphs = [p for p in re.split(r"\n\s*\n|\n(?=\s*\S)", text) if p.strip()]
    return len(text) >= _VERY_LONG or (len(text) >= _LONG and len(paragraphs) >= 2)


def looks_document_column(header: str, values: list[str]) -> bool:
    """Whether a column holds uploaded documents' texts: most of its filled cells (four in five, two at least)
    open with a file's name ("FILENAME: x.pdf | CONTENT: ..."), whatever the header; or its header names an
    attachment or an uploaded document's text and most of its cells are that, or long texts of several
    paragraphs. A header alone is not enough: "Do you have comments on the attached document?" answered in a
    line is a question, and "Attachments" holding only file names is information."""
    filled = [v for v in values if v.strip()]
    if len(filled) < 2:
        return False
    named = sum(_has_file_head(v) for v in filled)
    if named >= _SHARE * len(filled):
        return True
    if not DOCUMENT_HEADER.search(header_words(header)):
        return False
    return sum(_has_file_head(v) or _long_text(v) for v in filled) >= _SHARE * len(filled)


def media_type(filename: str) -> str:
    return MEDIA_TYPES.get(Path(filename).suffix.lower(), "text/plain")


def column_file_name(header: str) -> str:
    """The name a document takes from its column when its cell names no file: "Uploaded document.txt"."""
    name = re.sub(r"[\\/:*?\"<>|\s]+", " ", header).strip(" .") or "document"
    return f"{name[:60].rstrip()}.txt"


def row_documents(value: str, header: str, respondent: ParsedRespondent) -> list[ParsedDocument]:
    """The documents one cell of an uploads column holds, each ``respondent``'s (the row's): every file the
    cell names, under its own name, or the whole cell under the column's (:func:`column_file_name`)."""
    documents = []
    for filename, text in uploaded_files(value):
        if not text.strip():
            continue
        name = filename or column_file_name(header)
        documents.append(ParsedDocument(respondent, name, text.strip(), media_type(name), from_row=True))
    return documents
