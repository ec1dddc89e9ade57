"""Respondents: look-ups and attribute updates."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from consult_analyser.domain import now_iso
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


#: the key of a respondent's details (``respondents.metadata``) that says an analyst set or confirmed the name
#: of the organisation they answered for: {"by": who, "at": when}. An empty name so marked says the respondent
#: answered for no organisation. Its header reads as a person's detail to the exports (``personal_field``:
#: "name"), so who set it is published with the respondents' names only.
ORGANISATION_SET_BY = "organisation name set by"
_MARK = f"$.\"{ORGANISATION_SET_BY}\""
#: SQL: the respondent (a row of ``respondents``) has no organisation name an analyst set
_MARK_SQL = f"CASE WHEN json_valid(metadata) THEN json_extract(metadata, '{_MARK}') END"
NOT_SET = f"{_MARK_SQL} IS NULL"


@dataclass(frozen=True)
class OrganisationMark:
    """A respondent whose organisation's name an analyst set or confirmed ("" : no organisation)."""

    respondent_id: str
    external_id: str
    organisation: str
    by: str
    at: str


def organisation_marks(project: Project, respondent_id: str | None = None) -> dict[str, OrganisationMark]:
    """External id -> :class:`OrganisationMark` of every respondent whose organisation's name an analyst set or
    confirmed (or of ``respondent_id`` alone, an internal id): the one reader of :data:`ORGANISATION_SET_BY`."""
    sql = f"SELECT id, external_id, organisation, {_MARK_SQL} AS mark FROM respondents WHERE mark IS NOT NULL"
    marks = {}
    for rid, external_id, organisation, mark in project.query(sql + (" AND id = ?" if respondent_id else ""),
                                                               (respondent_id,) if respondent_id else ()):
        try:
            found = json.loads(mark)
        except ValueError:
            found = {}
        found = found if isinstance(found, dict) else {}
        marks[external_id] = OrganisationMark(rid, external_id, (organisation or "").strip(), str(found.get("by", "")),
                                              str(found.get("at", "")))
    return marks


#: a mark as kept: {"by": who, "at": when}
Mark = dict[str, str]


def put_organisation_mark(project: Project, respondent_id: str, mark: Mark | None) -> Mark | None:
    """Put ``mark`` in the respondent's details (None: take it away), the rest of them as they are (an attribute
    imported since stays); one transaction, or the caller's. Returns the mark they had (None: none)."""
    with project.transaction() as conn:
        row = conn.execute("SELECT metadata FROM respondents WHERE id = ?", (respondent_id,)).fetchone()
        if row is None:
            raise ValueError(f"no respondent {respondent_id!r} in {project.path.name}")
        try:
            metadata = json.loads(row[0] or "{}")
        except ValueError:
            metadata = {}
        metadata = metadata if isinstance(metadata, dict) else {}
        before = metadata.pop(ORGANISATION_SET_BY, None)
        if mark is not None:
            metadata[ORGANISATION_SET_BY] = mark
        conn.execute("UPDATE respondents SET metadata = ? WHERE id = ?",
                     (json.dumps(metadata, ensure_ascii=False), respondent_id))
    return before if isinstance(before, dict) else None


def set_organisation_name(project: Project, respondent_id: str, name: str) -> tuple[str, Mark | None, Mark]:
    """Set the name of the organisation ``respondent_id`` answered for, as the current user's decision (empty: they
    answered for none), marked with who and when (:data:`ORGANISATION_SET_BY`, :func:`put_organisation_mark`) and
    audited with the name it had; one transaction, or the caller's. Returns that former name, the mark it had
    (None: none) and the mark it has now."""
    with project.transaction() as conn:
        row = conn.execute("SELECT external_id, organisation FROM respondents WHERE id = ?", (respondent_id,)).fetchone()
        if row is None:
            raise ValueError(f"no respondent {respondent_id!r} in {project.path.name}")
        conn.execute("UPDATE respondents SET organisation = ? WHERE id = ?", (name, respondent_id))
        mark = {"by": project.actor, "at": now_iso()}
        before = put_organisation_mark(project, respondent_id, mark)
        project.audit("set_organisation_name", "respondent", respondent_id, external_id=row[0],
                      old=row[1] or "", new=name)
    return row[1] or "", before, mark
