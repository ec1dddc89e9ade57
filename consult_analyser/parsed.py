"""What every reader produces (its error is :class:`consult_analyser.errors.IngestError`).

Readers turn one file into a :class:`ParsedBatch`: the questions it declares and an iterator
of respondents (so 100,000 rows never need to sit in memory at once) and documents. Readers
never touch the store or the GUI; :mod:`consult_analyser.ingest.importer` writes batches into a
project in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from consult_analyser.domain import Channel, Publication, Question
from consult_analyser.progress import ProgressFn


@dataclass
class ParsedAnswer:
    question_key: str
    text: str = ""
    choice: str = ""


@dataclass
class ParsedRespondent:
    external_id: str
    name: str = ""
    organisation: str = ""
    email: str = ""
    declared_type: str = ""
    is_organisation: bool | None = None
    region: str = ""
    channel: Channel = Channel.ONLINE
    metadata: dict[str, str] = field(default_factory=dict)
    answers: list[ParsedAnswer] = field(default_factory=list)
    source_row: int | None = None  # line of the file (row of the sheet); None for documents
    #: what they said may be published (the consent column), and the cell as written
    publication: Publication = Publication.UNKNOWN
    consent: str = ""


@dataclass
class ParsedDocument:
    """A file submission. ``respondent`` identifies who sent it (from headers, the file name or
    the signature); the importer creates that respondent if it is new."""

    respondent: ParsedRespondent
    filename: str
    text: str
    media_type: str
    attachments: list[ParsedDocument] = field(default_factory=list)
    #: where it lay in the folder imported ("ANON-1234-5678-9/evidence.pdf"): a survey tool's export of
    #: uploaded files names each file or folder by the response id
    path: str = ""
    #: the text of a file uploaded with a table's row (a column or a long table's label of uploads): its
    #: respondent is that row's, never another sender's letter of the same file name or signature
    from_row: bool = False


def question_role(key: str, kind: str) -> str:
    """How :attr:`ParsedBatch.columns` describes a question column: "question Q4 (open)"."""
    return f"question {key} ({kind})"


#: reads :func:`question_role` back: the key and the kind
QUESTION_ROLE = re.compile(r"^question (.+) \((open|closed)\)$")


@dataclass
class ParsedBatch:
    source_file: str
    reader: str
    questions: list[Question] = field(default_factory=list)
    respondents: Iterable[ParsedRespondent] = field(default_factory=list)
    documents: list[ParsedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    total_rows: int | None = None  # for progress, when known
    # rows left out because they could not be read (line, reason); filled while respondents are
    # read, so complete only once the iterator is exhausted
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header, what it was read as) for tables

    def iter_respondents(self) -> Iterator[ParsedRespondent]:
        return iter(self.respondents)


class Reader(Protocol):
    """A reader for one kind of source file."""

    name: str

    def sniff(self, path: Path, head: bytes) -> float:
        """How confident (0..1) this reader is that it can read ``path``; ``head`` is its first 64 KiB."""
        ...

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None) -> ParsedBatch:
        """Parse ``path``. Raise :class:`IngestError` on bad input."""
        ...
