"""Respondents: look-ups and attribute updates."""

from __future__ import annotations

import json
import re

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
        project.audit("import_attributes", "file", source_file, respondents=len(updates))
    return Changes({"respondents"}, [u[0] for u in updates])


#: the kept column that names the rulemaking a comment is on (regulations.gov's "Docket ID")
DOCKET_HEADERS = ("docket id", "docket", "docket number", "docket no")


def docket_counts(project: Project) -> dict[str, int]:
    """Respondents by the docket their comment is on, where a kept column names it ({} where none does)."""
    marks = ",".join("?" * len(DOCKET_HEADERS))
    return {str(value): int(n) for value, n in project.query(
        "SELECT TRIM(j.value), COUNT(*) FROM respondents p, json_each(p.metadata) j"
        f" WHERE LOWER(TRIM(j.key)) IN ({marks}) AND TRIM(j.value) != '' GROUP BY TRIM(j.value) ORDER BY 2 DESC",
        DOCKET_HEADERS)}
