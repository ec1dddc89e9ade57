"""Respondents: look-ups and attribute updates."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from consult_analyser.store.attached import record_attached
from consult_analyser.store.project import Changes, Project


def external_ids(project: Project) -> dict[str, str]:
    """Every respondent's id as the source gave it, by internal id."""
    return {row[0]: row[1] for row in project.query("SELECT id, external_id FROM respondents")}


def find_respondents(project: Project, text: str, limit: int = 20) -> list[str]:
    """Respondents an analyst names to go to: the one with this id, else those whose name, organisation or
    id holds the words (any case), in import order."""
    wanted = " ".join(text.split())
    if not wanted:
        return []
    exact = project.query("SELECT id FROM respondents WHERE external_id = ?", (wanted,))
    if exact:
        return [exact[0][0]]
    like = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [r[0] for r in project.query(
        "SELECT id FROM respondents WHERE name LIKE ?1 ESCAPE '\\' OR organisation LIKE ?1 ESCAPE '\\'"
        " OR external_id LIKE ?1 ESCAPE '\\' ORDER BY rowid LIMIT ?2", (like, limit))]


def lookup_key(value: str | None) -> str:
    """An id or name as :func:`lookup_keys` holds it: lower case, spaces collapsed."""
    return re.sub(r"\s+", " ", (value or "").strip().lower())


def lookup_keys(project: Project) -> dict[str, list[str]]:
    """:func:`lookup_key` of each external id, name and organisation -> the respondents holding it,
    in import order (for matching other tables; a name such as "Anonymous" may stand for many)."""
    keys: dict[str, list[str]] = {}
    for row in project.query("SELECT id, external_id, name, organisation FROM respondents ORDER BY rowid"):
        for value in {lookup_key(v) for v in (row["organisation"], row["name"], row["external_id"])} - {""}:
            keys.setdefault(value, []).append(row["id"])
    return keys


def update_attributes(project: Project, updates: list[tuple[str, str | None, dict]], *, source_file: str) -> Changes:
    """Set declared types (where given) and merge metadata, in one transaction."""
    with project.transaction() as conn:
        for respondent_id, declared, metadata in updates:
            row = conn.execute("SELECT metadata FROM respondents WHERE id = ?", (respondent_id,)).fetchone()
            merged = {**json.loads(row[0]), **metadata}
            if declared is not None:
                conn.execute("UPDATE respondents SET declared_type = ?, metadata = ? WHERE id = ?",
                             (declared, json.dumps(merged, ensure_ascii=False), respondent_id))
            else:
                conn.execute("UPDATE respondents SET metadata = ? WHERE id = ?",
                             (json.dumps(merged, ensure_ascii=False), respondent_id))
        # whose declared type came from this list, not from themselves (see store.attached)
        record_attached(conn, [u[0] for u in updates if u[1] is not None], source_file)
        project.audit("import_attributes", "file", source_file, respondents=len(updates))
    return Changes({"respondents"}, [u[0] for u in updates])


#: a column that names the rulemaking a comment is on, as its header reads in words: regulations.gov's "Docket ID",
#: a research team's "docket_id", an API's "docketId", "Docket", "Docket Number", "Docket No.", "Docket #"
_DOCKET_HEADER = re.compile(r"^(regulations gov |agency |rulemaking |federal )?docket"
                            r"( (id|ids|identifier|number|num|no|nr|#|ref|reference|code|key|title|name))?$")


def is_docket_header(header: str) -> bool:
    """Whether a kept column's header names the docket a comment is on, however it is written (case, camelCase,
    snake_case, punctuation): "Docket ID", "docket_id", "docketId", "DOCKET-NUMBER", "Docket No." (the import's
    several-dockets check; one trial's file headed it ``docket_id`` and 78 dockets came in unremarked)."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", header)  # docketId -> docket Id
    words = " ".join(re.sub(r"[^0-9a-z#]+", " ", words.casefold()).split())
    return bool(_DOCKET_HEADER.match(words))


def docket_of(metadata: Mapping[str, object]) -> tuple[str, str]:
    """(the column's header, the docket) of one respondent's kept columns; ("", "") where none names a docket."""
    for key, value in metadata.items():
        if is_docket_header(key) and str(value or "").strip():
            return key, str(value).strip()
    return "", ""


def docket_counts(project: Project) -> tuple[str, dict[str, int]]:
    """The kept column that names the docket each comment is on (the one most respondents fill, where several
    do) and the respondents by docket in it, commonest first (("", {}) where no column names one)."""
    filled = {str(key): int(n) for key, n in project.query(
        "SELECT j.key, COUNT(*) FROM respondents p, json_each(p.metadata) j WHERE TRIM(j.value) != '' GROUP BY 1")
        if is_docket_header(str(key))}
    if not filled:
        return "", {}
    column = max(sorted(filled), key=lambda k: filled[k])
    return column, {str(value): int(n) for value, n in project.query(
        "SELECT TRIM(j.value), COUNT(*) FROM respondents p, json_each(p.metadata) j"
        " WHERE j.key = ? AND TRIM(j.value) != '' GROUP BY 1 ORDER BY 2 DESC, 1", (column,))}
