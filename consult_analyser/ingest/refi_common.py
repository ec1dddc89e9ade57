"""Shared pieces of REFI-QDA exchange (QDA-XML 1.0): namespaces, GUIDs, the source layout, schemas.

A ``.qdpx`` written by Consult Analyser holds ``project.qde``, one plain-text source per respondent
under ``sources/`` (all their free-text answers, each under a line naming the question, so the
file reads well in any QDA program), one source per e-mailed or posted document, and
``consult-analyser.json``: the few facts QDA-XML has no place for (question kinds and choices,
coding provenance, every sector assignment, memo targets, the team split's members). Other programs
ignore that file; our importer uses it to restore a project without loss, and falls back to plain
QDA-XML without it. A team split's assignments are codes of a "Team split" group on each answer.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SIDECAR = "consult-analyser.json"
SIDECAR_FORMAT = "consult-analyser-qdpx"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
QUESTION_GROUP = "Questions"
TEAM_GROUP = "Team split"  # codes saying which analysts were given each answer (see refi_qda)
_NAMESPACE = uuid.UUID("6f1c0e2a-4d52-4b7e-9a55-2f6a3c1d8e90")  # fixed: derived GUIDs are stable
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_RGB = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def derived_guid(*parts: str) -> str:
    """A stable GUID for something that has no id of its own (a source, a selection, a user)."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def as_guid(value: str, kind: str = "id") -> str:
    """``value`` if it is a GUID (lower case, without braces), else a GUID derived from it."""
    match = _GUID.match(value or "")
    return match.group(1).lower() if match else derived_guid(kind, value)


def normal_guid(value: str | None) -> str:
    """A GUID as read from a file, lower case without braces ("" when missing)."""
    match = _GUID.match(value or "")
    return match.group(1).lower() if match else (value or "")


def rgb(colour: str) -> str | None:
    """A colour in the schema's #RRGGBB form, or None when it is not one."""
    return colour if colour and _RGB.match(colour) else None


def expand_rgb(colour: str | None) -> str:
    """#abc -> #aabbcc (lower case); "" when missing or malformed."""
    if not colour or not _RGB.match(colour):
        return ""
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.lower()


def q(tag: str, ns: str = PROJECT_NS) -> str:
    """A namespaced tag name for lxml."""
    return f"{{{ns}}}{tag}"


@dataclass
class Block:
    """Where one answer sits in a respondent's source text."""

    response_id: str
    question_key: str
    start: int
    end: int


def source_layout(answers: list[tuple[str, str, str, str]]) -> tuple[str, list[Block]]:
    """Lay out (response id, question key, question text, answer text) into one text.

    Each answer follows a line naming its question and is separated from the next by a blank
    line. Returns the text and each answer's [start, end) in it."""
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for response_id, key, question_text, text in answers:
        if not text:
            continue
        heading = f"{key}. {' '.join(question_text.split())}\n"
        if parts:
            parts.append("\n\n")
            offset += 2
        parts.append(heading)
        offset += len(heading)
        blocks.append(Block(response_id, key, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return "".join(parts), blocks


@lru_cache(maxsize=2)
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))


def validate(document: bytes | etree._ElementTree | etree._Element, kind: str = "project") -> list[str]:
    """Check a project (``project.qde``) or codebook (``.qdc``) against the shipped QDA-XML schema.
    Returns the errors, empty when the document is valid."""
    schema = _schema("Project.xsd" if kind == "project" else "Codebook.xsd")
    if isinstance(document, bytes):
        document = etree.fromstring(document, parser=etree.XMLParser(huge_tree=True))
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
