"""A TOML mapping file that corrects the column detection (see README, "Column mapping files"):
``[columns]`` gives roles, ``[questions]`` question texts, ``[labels.COLUMN]`` the words for answer codes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from consult_analyser.domain import Channel, question_identity
from consult_analyser.errors import IngestError
from consult_analyser.ingest.answer_codes import apply_labels
from consult_analyser.ingest.columns import ROLES, ColumnSpec, TableMapping, companion_of
from consult_analyser.ingest.header_text import question_key_of
from consult_analyser.ingest.option_columns import merge_mapped_options


def _follow_the_type(columns: list[ColumnSpec], mapped: set[str]) -> None:
    """A column mapped as the declared type takes its "other" box along ("Q00" = "sector" makes
    "Q00[other]" its Other words), unless the mapping gives the box a role of its own."""
    for i, column in enumerate(columns):
        if column.header in mapped or column.role != "question":
            continue
        base = companion_of(columns[:i], column.header)
        if base is not None and base.header in mapped and base.role in {"sector", "respondent_type"}:
            taken = any(c.role == "sector_other" for c in columns)
            columns[i] = ColumnSpec(column.header, "metadata" if taken else "sector_other", samples=column.samples)


def _apply_labels(mapping: TableMapping, tables: object, path: Path, known: dict[str, ColumnSpec],
                  folded: dict[str, str]) -> None:
    """A mapping file's ``[labels.COLUMN]`` tables: the words for a column's answer codes ("A1" =
    "Individual"), named by the column's header or a question's key (then for all its columns)."""
    if not isinstance(tables, dict):
        raise IngestError(path, "[labels] must hold tables such as [labels.\"Q00\"] with \"A1\" = \"Individual\"")
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise IngestError(path, f"[labels.{name}] must map codes to words (\"A1\" = \"Individual\")", field_name=name)
        header = name if name in known else folded.get(question_identity(name), "")
        targets = [known[header]] if header else [c for c in mapping.columns
                                                  if c.role == "question" and c.question_key == name]
        if not targets:
            raise IngestError(path, f"[labels] names {name!r}, which is neither a column nor a question's key",
                              field_name=name)
        for column in targets:
            apply_labels(column, {str(code): words for code, words in table.items()})


_UNTITLED_NOTE = re.compile(r"are the options of one tick-all question \(([^)]+)\); the file does not give its text")


def apply_mapping_file(mapping: TableMapping, path: str | Path, table: str | Path | None = None) -> TableMapping:
    """Override detected roles with a TOML file::

        [columns]
        "Response ID" = "id"
        "Which best describes you?" = "sector"
        "Q4. Please explain" = "question:Q4:open"
        "Internal notes" = "ignore"

        [questions]
        Q4 = "Do you agree that ...?"

        [labels."Q00"]   # the words for a column's (or a question's) answer codes
        A1 = "Individual"

        [import]          # a respondent may have several rows (a comment a row): they are joined
        several_rows_per_respondent = true
        channel = "email"  # how the file's responses came: online (the default), email, post, other
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise IngestError(path, f"cannot read the mapping file: {exc}") from None
    overrides = data.get("columns", {})
    known = {c.header: c for c in mapping.columns}
    folded = {question_identity(c.header): c.header for c in mapping.columns}
    for header, value in overrides.items():
        header = header if header in known else folded.get(question_identity(header), header)
        if header not in known:
            where = Path(table).name if table else "the table"
            raise IngestError(path, f"the mapping names a column that {where} does not have: {header!r} (one "
                              "mapping file applies to every file imported with it: import files that need "
                              "different mappings one at a time)", field_name=header)
        parts = str(value).split(":")
        role = parts[0].strip().lower()
        if role not in ROLES:
            raise IngestError(path, f"unknown role {role!r} (use one of {', '.join(ROLES)})", field_name=header)
        column = known[header]
        column.role = role
        column.why = f"the mapping file {path.name} gives it the role {role!r}"
        if role == "question":
            column.question_key = parts[1].strip() if len(parts) > 1 and parts[1].strip() else column.question_key
            if len(parts) > 1 and parts[1].strip():
                mapping.given_keys.add(column.question_key)
            if not column.question_key:
                column.question_key = question_key_of(header)[0] or header[:20]
            column.kind = parts[2].strip().lower() if len(parts) > 2 else (column.kind or "open")
            if column.kind not in {"open", "closed"}:
                raise IngestError(path, f"question kind must be open or closed, not {column.kind!r}", field_name=header)
    named = {known[h].header if h in known else folded.get(question_identity(h), h) for h in overrides}
    for role in ("id", "email", "consent", "respondent_type"):
        given = sorted(h for h in named if h in known and known[h].role == role)
        if len(given) > 1:  # (a hostile-input trial's two "id" columns were accepted: one silently lost)
            raise IngestError(path, f"the mapping gives {len(given)} columns the role {role!r} ("
                              + ", ".join(map(repr, given)) + "): a respondent has one; give the others another role",
                              field_name=given[1])
    if any(known[h].role == "id" for h in named if h in known):
        # the id the mapping names is the respondent's: a detected one beside it ("Comment ID" beside "Email"
        # made the id) is information, or the rows of one person were never joined, and nothing said so
        for column in mapping.columns:
            if column.role == "id" and column.header not in named:
                column.role = "metadata"
    _follow_the_type(mapping.columns, {known[h].header for h in overrides if h in known}
                     | {folded[question_identity(h)] for h in overrides if question_identity(h) in folded})
    # several columns given one closed question: its options, every one ticked kept (tick all that apply)
    merge_mapped_options(mapping.columns, mapping.question_texts)
    _apply_labels(mapping, data.get("labels", {}), path, known, folded)
    options = data.get("import", {})
    channels = [c.value for c in Channel]
    if not isinstance(options, dict) or not set(options) <= {"several_rows_per_respondent", "channel"} \
            or not isinstance(options.get("several_rows_per_respondent", False), bool) \
            or str(options.get("channel", "online")).strip().lower() not in channels:
        raise IngestError(path, "[import] may only say several_rows_per_respondent = true or false, and channel = "
                                + " or ".join(f'"{c}"' for c in channels) + " (how the file's responses came)")
    mapping.several_rows = options.get("several_rows_per_respondent", False)
    if "channel" in options:  # a team's log of e-mailed responses: "email", not the survey's "online"
        mapping.channel = str(options["channel"]).strip().lower()
    keys = {c.question_key for c in mapping.columns if c.role == "question"}
    by_text = {question_identity(question_key_of(c.header)[1] or c.header): c.question_key
               for c in mapping.columns if c.role == "question"}
    for name, text in data.get("questions", {}).items():
        key = str(name) if str(name) in keys else by_text.get(question_identity(str(name)))
        if key is None:
            raise IngestError(path, f"[questions] names {name!r}, which is neither the key nor the text of a question "
                                    f"column (keys: {', '.join(sorted(keys)[:12])})", field_name=str(name))
        mapping.question_texts[key] = str(text)
    # a note that asked for a tick-all question's text goes once the mapping gave it, or moved its columns
    keys = {c.question_key for c in mapping.columns if c.role == "question"}
    mapping.notes = [n for n in mapping.notes if not (m := _UNTITLED_NOTE.search(n))
                     or (m.group(1) in keys and m.group(1) not in mapping.question_texts)]
    return mapping
