"""Plain data objects shared by the store, the importers, the pipeline and the UI.

Nothing here touches SQL, files or Qt. Ids are UUID strings so that analysts' copies of a
project can be merged later without collisions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any


def new_id() -> str:
    """A fresh stable id (UUID4 as a string)."""
    return str(uuid.uuid4())


#: how the options a respondent ticked in a "tick all that apply" question are joined in one answer
OPTION_SEPARATOR = "; "
#: the fixed theme of answers that say nothing ("N/A", "see attached"): counted, never clustered
NO_ANSWER_LABEL = "No substantive answer"


def counted(count: int, word: str, plural: str = "") -> str:
    """``1 answer``, ``2 answers``, ``1,204 respondents`` (``plural`` when adding an s is wrong)."""
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def percent(share: float) -> str:
    """A share as a whole percentage, halves rounded up as published statistics round them (12.5%
    is "13%"; Python's own format rounds half to even and printed "12%" where the annex, in Excel,
    shows 12.5%); a share above nought that would print "0%" is "<1%"."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{int(share * 100 + 0.5 + 1e-9):d}%" if share >= 0 else f"-{percent(-share)}"


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class QuestionKind(str, Enum):
    OPEN = "open"  # free text only
    CLOSED = "closed"  # a choice from a list only
    HYBRID = "hybrid"  # a choice plus "please explain"


class Channel(str, Enum):
    ONLINE = "online"
    EMAIL = "email"
    POST = "post"
    OTHER = "other"


class Source(str, Enum):
    """Who or what produced a label (sector, theme, coding)."""

    ANALYST = "analyst"
    DECLARED = "declared"
    RULES = "rules"
    MODEL = "model"
    IMPORTED = "imported"


@dataclass
class Question:
    key: str  # short stable key from the source, e.g. "Q3"
    text: str
    kind: QuestionKind = QuestionKind.OPEN
    choices: list[str] = field(default_factory=list)
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass
class Respondent:
    external_id: str  # the id in the imported file (or a document's name)
    name: str = ""  # person or organisation name as given
    organisation: str = ""
    email_domain: str = ""
    is_organisation: bool | None = None  # None: not declared
    declared_type: str = ""  # raw text of the declared respondent type / sector
    region: str = ""
    channel: Channel = Channel.ONLINE
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)


@dataclass
class Response:
    """One respondent's answer to one question: open text and/or a closed choice."""

    respondent_id: str
    question_id: str
    text: str = ""
    choice: str = ""
    language: str = ""  # ISO 639-1 code detected from the text, "" if too short to tell
    source_file: str = ""
    source_row: int | None = None  # the line of the file (or row of the sheet) where the answer's row starts
    id: str = field(default_factory=new_id)


@dataclass
class Document:
    """A submission that came as a file (e-mail, letter, attachment)."""

    respondent_id: str
    filename: str
    text: str
    media_type: str = "text/plain"
    language: str = ""
    source_file: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Sector:
    key: str  # e.g. "local_authority"
    label: str  # e.g. "Local authority"
    is_organisation: bool = True
    position: int = 0


@dataclass
class SectorAssignment:
    respondent_id: str
    sector_key: str
    source: Source
    confidence: float = 1.0
    detail: str = ""  # e.g. the rule that fired, or the model name and version
    reviewed: bool = False
    created_by: str = ""
    created_at: str = field(default_factory=now_iso)


@dataclass
class Code:
    name: str
    description: str = ""
    colour: str = "#4e79a7"
    parent_id: str | None = None
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass
class Coding:
    """A code applied to a whole answer (start/end None) or a span [start, end) of its text."""

    code_id: str
    response_id: str
    start: int | None = None
    end: int | None = None
    coder: str = ""
    source: Source = Source.ANALYST
    confidence: float = 1.0
    created_at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


@dataclass
class Memo:
    target_kind: str  # "code" | "response" | "respondent" | "theme" | "project"
    target_id: str
    text: str
    author: str = ""
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


class ThemeStatus(str, Enum):
    CANDIDATE = "candidate"  # model output, not yet looked at
    EDITED = "edited"  # changed by a person, not signed off
    SIGNED_OFF = "signed_off"


@dataclass
class Theme:
    question_id: str
    label: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    status: ThemeStatus = ThemeStatus.CANDIDATE
    source: Source = Source.MODEL
    model: str = ""  # model name and version that proposed it, "" if made by a person
    parent_id: str | None = None
    run_id: str = ""
    signed_off_by: str = ""
    signed_off_at: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class ThemeAssignment:
    theme_id: str
    response_id: str
    confidence: float = 1.0
    source: Source = Source.MODEL
    representative: bool = False


@dataclass
class ImportResult:
    """What an import added, for messages and the UI."""

    source_files: list[str]
    questions: int = 0
    respondents: int = 0
    responses: int = 0
    documents: int = 0
    skipped_duplicates: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped_rows: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, reason) left out


def question_identity(label: str) -> str:
    """What makes two question labels the same question: they differ only in whitespace, case or
    trailing punctuation ("Q4.  Views? " and "q4. views" are one question)."""
    return " ".join(label.casefold().split()).rstrip(" .:;?!…*").strip()
