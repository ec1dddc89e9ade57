"""Working out what each column of a survey export holds, and the TOML mapping that overrides it.

Roles: ``id``, ``name``, ``organisation``, ``email``, ``respondent_type`` (individual or
organisation), ``sector`` (declared type of organisation), ``region``, ``metadata``, ``ignore``,
and ``question`` (with a question key and kind ``open`` or ``closed``).
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.errors import IngestError

ROLES = ("id", "name", "organisation", "email", "respondent_type", "sector", "region", "metadata", "ignore", "question")

# Header patterns, checked in order; the first match wins. Generic survey-export wording.
_HEADER_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"\be-?mail\b", re.I)),
    ("respondent_type", re.compile(r"(responding|respond|reply(ing)?|submitting)\b.*\b(as an? |on behalf|individual)"
                                   r"|individual or (an )?organi[sz]ation|are you an? individual", re.I)),
    ("sector", re.compile(r"type of (organi[sz]ation|respondent|body)|best describes|\bsector\b|respondent type"
                          r"|organi[sz]ation type|\bcategory\b|capacity", re.I)),
    ("organisation", re.compile(r"organi[sz]ation('s)? name|name of (your )?organi[sz]ation|^organi[sz]ation$"
                                r"|^company( name)?$|on behalf of (which|what)", re.I)),
    ("id", re.compile(r"^(response|respondent|submission|record|unique|participant|case)[ _-]?(id|number|no\.?|ref(erence)?)$"
                      r"|^id$|^ref(erence)?$|^case ?id$|^sub_?num$", re.I)),
    ("name", re.compile(r"^(your |full |respondent |first |last )?name$|^(submitter|respondent)( name)?$"
                        r"|^sub_?name$|^name of (the )?respondent", re.I)),
    ("region", re.compile(r"\bregion\b|where (do you|are you) (live|based)|^location$|^country$|^nation$", re.I)),
    ("metadata", re.compile(r"submitted|^date|started|completed|timestamp|^time$|^channel$|^status$|^ip address", re.I)),
]

_QUESTION_KEY = re.compile(r"^\s*(?:question\s*|q\s*)?(\d{1,3}[a-z]?)(?=[\s.:)\-–]|$)\s*[.:)\-–]?\s*", re.I)

_CLOSED_VOCAB = {
    "strongly agree", "agree", "neither agree nor disagree", "disagree", "strongly disagree", "don't know",
    "dont know", "do not know", "yes", "no", "not sure", "unsure", "maybe", "neutral", "tend to agree",
    "tend to disagree", "not applicable", "n/a", "very important", "important", "not important", "support",
    "oppose", "partly", "somewhat agree", "somewhat disagree", "prefer not to say", "other",
}


@dataclass
class ColumnSpec:
    header: str
    role: str
    question_key: str = ""
    kind: str = ""  # "open" | "closed" for question columns
    samples: list[str] = field(default_factory=list)


@dataclass
class TableMapping:
    columns: list[ColumnSpec]
    question_texts: dict[str, str] = field(default_factory=dict)

    def by_role(self, role: str) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role == role]

    def describe(self) -> str:
        lines = []
        for c in self.columns:
            extra = f" {c.question_key} ({c.kind})" if c.role == "question" else ""
            lines.append(f"{c.header[:60]!r:64} -> {c.role}{extra}")
        return "\n".join(lines)


def question_key_of(header: str) -> tuple[str, str]:
    """Split "Q4. Please explain" into ("Q4", "Please explain"); ("", header) when there is no key."""
    match = _QUESTION_KEY.match(header)
    if not match:
        return "", header.strip()
    token = match.group(1)
    letter = token[-1].lower() if token[-1].isalpha() else ""
    key = f"Q{int(token.rstrip('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'))}{letter}"
    return key, header[match.end():].strip()


def looks_closed(values: list[str]) -> bool:
    """A column of short answers drawn from a small set (a closed question)."""
    filled = [v for v in map(str.strip, values) if v]
    if not filled:
        return False
    counts = Counter(v.lower() for v in filled)
    if all(v in _CLOSED_VOCAB for v in counts):
        return True
    mean_length = sum(len(v) for v in filled) / len(filled)
    return len(counts) <= 15 and mean_length <= 40 and len(filled) >= 4 * len(counts)


def _looks_email(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    return bool(filled) and sum("@" in v and " " not in v.strip() for v in filled) >= 0.8 * len(filled)


def detect_mapping(header: list[str], sample_rows: list[list[str]]) -> TableMapping:
    """Guess each column's role from its header and the first rows of data."""
    columns: list[ColumnSpec] = []
    used_roles: set[str] = set()
    auto_key = 0
    for index, name in enumerate(header):
        values = [row[index] for row in sample_rows if index < len(row)]
        samples = list(itertools.islice((v for v in values if v.strip()), 5))
        role = ""
        key, rest = question_key_of(name)
        if not key:
            for candidate, pattern in _HEADER_RULES:
                if pattern.search(name) and not (candidate in {"id", "email", "respondent_type"} and candidate in used_roles):
                    role = candidate
                    break
            if not role and _looks_email(values):
                role = "email"
        if role:
            used_roles.add(role)
            columns.append(ColumnSpec(name, role, samples=samples))
            continue
        if not key:
            auto_key += 1
            key = f"C{auto_key}"
        kind = "closed" if looks_closed(values) else "open"
        if kind == "closed":  # keep every choice seen, in order of first appearance
            samples = list(dict.fromkeys(v.strip() for v in values if v.strip()))[:30]
        columns.append(ColumnSpec(name, "question", key, kind, samples))
    _disambiguate(columns)
    return TableMapping(columns=columns)


def _disambiguate(columns: list[ColumnSpec]) -> None:
    """A key may hold one closed and one open column (a hybrid question); more get suffixes."""
    seen: dict[tuple[str, str], int] = {}
    for column in columns:
        if column.role != "question":
            continue
        slot = (column.question_key, column.kind)
        seen[slot] = seen.get(slot, 0) + 1
        if seen[slot] > 1:
            column.question_key = f"{column.question_key}_{seen[slot]}"


def apply_mapping_file(mapping: TableMapping, path: str | Path) -> TableMapping:
    """Override detected roles with a TOML file::

        [columns]
        "Response ID" = "id"
        "Which best describes you?" = "sector"
        "Q4. Please explain" = "question:Q4:open"
        "Internal notes" = "ignore"

        [questions]
        Q4 = "Do you agree that ...?"
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise IngestError(path, f"cannot read the mapping file: {exc}") from None
    overrides = data.get("columns", {})
    known = {c.header: c for c in mapping.columns}
    for header, value in overrides.items():
        if header not in known:
            raise IngestError(path, f"the mapping names a column that the table does not have: {header!r}",
                              field_name=header)
        parts = str(value).split(":")
        role = parts[0].strip().lower()
        if role not in ROLES:
            raise IngestError(path, f"unknown role {role!r} (use one of {', '.join(ROLES)})", field_name=header)
        column = known[header]
        column.role = role
        if role == "question":
            column.question_key = parts[1].strip() if len(parts) > 1 and parts[1].strip() else column.question_key
            if not column.question_key:
                column.question_key = question_key_of(header)[0] or header[:20]
            column.kind = parts[2].strip().lower() if len(parts) > 2 else (column.kind or "open")
            if column.kind not in {"open", "closed"}:
                raise IngestError(path, f"question kind must be open or closed, not {column.kind!r}", field_name=header)
    mapping.question_texts.update({str(k): str(v) for k, v in data.get("questions", {}).items()})
    return mapping
