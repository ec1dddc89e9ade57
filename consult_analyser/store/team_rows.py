"""The rows team work tracks across analysts' copies, as plain dicts with stable keys and digests.

Every tracked row has a stable key (its uuid, or respondent + source for sector corrections, the
respondent for an organisation name an analyst set) that
is the same in the lead's project and in every copy, so a merge can tell "new here" from "changed
here" from "deleted here" by comparing a copy's rows with the digests noted when it was made
(``team_base``). A digest is a hash of all of a row's values in column order.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from consult_analyser.errors import ProjectError
from consult_analyser.store.project import Project
from consult_analyser.store.respondents import organisation_marks, put_organisation_mark

#: table -> (key columns, extra WHERE clause), in the order changes are applied (codes before the
#: codings that use them, themes before their answers, passages and reviews)
TRACKED: dict[str, tuple[tuple[str, ...], str]] = {
    "codes": (("id",), ""),
    "themes": (("id",), ""),
    "theme_assignments": (("theme_id", "response_id"), ""),
    # the passage of a letter that put it in a theme, quoted of it there (store.theme_report.quotes)
    "theme_passages": (("theme_id", "response_id"), ""),
    "codings": (("id",), ""),
    # a model's suggestion an analyst rejected (accepted ones arrive as their codings)
    "suggestions": (("response_id", "code_id"), "status = 'rejected'"),
    "memos": (("id",), ""),
    "sector_assignments": (("respondent_id", "source"), "source = 'analyst'"),
    "reviews": (("id",), ""),
    "organisation_names": (("respondent_id",), ""),
}
KEY_SEPARATOR = "\x1f"
#: tracked rows that are some of another table's values, named as a table of their own -> that table: the name of
#: the organisation a respondent answered for, where an analyst set or confirmed it (respondents.organisation
#: with its mark, store.respondents.organisation_marks); read and written by :func:`_names` and :func:`_put_name`
VIEWS = {"organisation_names": "respondents"}
_NAME_COLUMNS = ["respondent_id", "external_id", "organisation", "set_by", "set_at"]
#: tracked rows that are a decision on a row this project may hold undecided (a model's suggestion, pending here):
#: table -> (the decision's columns, what an undecided row says). Inserting one decides that row, if still
#: undecided, or adds it (a rejected suggestion is not suggested again); a row decided otherwise here stays so
DECISIONS = {"suggestions": (("status", "decided_by", "decided_at"), "status = 'pending'")}
#: tables whose base rows are kept whole, so that a merge can tell which fields each side changed
FIELDWISE = ("codes", "themes", "memos", "sector_assignments", "reviews", "organisation_names")
#: fields that follow from other edits (order among siblings, time of the last edit): never a conflict
SOFT_FIELDS = frozenset({"position", "updated_at"})
#: tables whose two versions of a row are the same when these fields agree (a name two people set alike is one
#: decision, whoever set it first); other tables' when all their values do
SAME_WHEN = {"organisation_names": ("organisation",), "suggestions": ("status",)}

Row = dict[str, Any]


def columns(project: Project, table: str) -> list[str]:
    if table not in TRACKED:
        raise ValueError(f"{table} is not a tracked table")
    if table in VIEWS:
        return list(_NAME_COLUMNS)
    return [r[1] for r in project.query(f"PRAGMA main.table_info({table})")]


def same(table: str, row: Row, other: Row) -> bool:
    """Whether two versions of a row say the same (see :data:`SAME_WHEN`)."""
    fields = SAME_WHEN.get(table)
    return all(row.get(f) == other.get(f) for f in fields) if fields else digest(row) == digest(other)


def _names(project: Project, respondent_id: str | None = None) -> dict[str, Row]:
    """Respondent id -> the organisation name an analyst set or confirmed for them, as a row of
    ``organisation_names`` (all of them, or ``respondent_id``'s)."""
    return {m.respondent_id: dict(zip(_NAME_COLUMNS, (m.respondent_id, m.external_id, m.organisation, m.by, m.at),
                                      strict=True))
            for m in organisation_marks(project, respondent_id).values()}


def _put_name(project: Project, row: Row) -> None:
    """Give a respondent the organisation name of an ``organisation_names`` row, marked with who set it and when
    (as they set it); inside the caller's transaction."""
    project.conn.execute("UPDATE respondents SET organisation = ? WHERE id = ?", (row["organisation"], row["respondent_id"]))
    put_organisation_mark(project, row["respondent_id"], {"by": str(row["set_by"]), "at": str(row["set_at"])})


def row_key(table: str, row: Row) -> str:
    return KEY_SEPARATOR.join(str(row[k]) for k in TRACKED[table][0])


def digest(row: Row) -> str:
    """A short hash of a row's values (key order of the dict, which follows the table's columns)."""
    text = json.dumps(list(row.values()), separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def read_rows(project: Project, table: str) -> dict[str, Row]:
    """Key -> row (a dict in column order) of every tracked row of ``table``."""
    if table in VIEWS:
        return _names(project)
    cols = columns(project, table)
    where = TRACKED[table][1]
    sql = "SELECT " + ", ".join(f'"{c}"' for c in cols) + f" FROM {table}" + (f" WHERE {where}" if where else "")
    cursor = project.conn.execute(sql)
    cursor.row_factory = None  # type: ignore[assignment]
    out: dict[str, Row] = {}
    for values in cursor:
        row = dict(zip(cols, values, strict=True))
        out[row_key(table, row)] = row
    return out


def get_row(project: Project, table: str, key: str) -> Row | None:
    if table in VIEWS:
        return _names(project, key).get(key)
    cols = columns(project, table)
    keys, where = TRACKED[table]
    values = key.split(KEY_SEPARATOR)
    sql = ("SELECT " + ", ".join(f'"{c}"' for c in cols) + f" FROM {table} WHERE "
           + " AND ".join(f'"{k}" = ?' for k in keys) + (f" AND {where}" if where else ""))
    found = project.conn.execute(sql, values).fetchone()
    return dict(zip(cols, tuple(found), strict=True)) if found else None


def insert_row(project: Project, table: str, row: Row) -> int:
    """Add a row (1), or decide the undecided one of :data:`DECISIONS` (1; 0 when it was decided here)."""
    if table in VIEWS:
        _put_name(project, row)
        return 1
    cols = [c for c in columns(project, table) if c in row]
    decided = ""
    if table in DECISIONS:
        fields, undecided = DECISIONS[table]
        decided = (" ON CONFLICT(" + ", ".join(f'"{k}"' for k in TRACKED[table][0]) + ") DO UPDATE SET "
                   + ", ".join(f'"{c}" = excluded."{c}"' for c in fields) + f" WHERE {undecided}")
    return project.conn.execute(f"INSERT INTO {table}(" + ", ".join(f'"{c}"' for c in cols) + ") VALUES ("
                                + ", ".join("?" * len(cols)) + ")" + decided, [row[c] for c in cols]).rowcount


def insert_rows(project: Project, table: str, rows: Iterable[Row]) -> None:
    if table in VIEWS:
        for row in rows:
            _put_name(project, row)
        return
    cols = columns(project, table)
    project.conn.executemany(f"INSERT INTO {table}(" + ", ".join(f'"{c}"' for c in cols) + ") VALUES ("
                             + ", ".join("?" * len(cols)) + ")", [[r.get(c) for c in cols] for r in rows])


def update_row(project: Project, table: str, row: Row) -> None:
    if table in VIEWS:
        _put_name(project, row)
        return
    keys = TRACKED[table][0]
    cols = [c for c in columns(project, table) if c in row and c not in keys]
    project.conn.execute(f"UPDATE {table} SET " + ", ".join(f'"{c}" = ?' for c in cols) + " WHERE "
                         + " AND ".join(f'"{k}" = ?' for k in keys), [row[c] for c in cols] + [row[k] for k in keys])


def delete_row(project: Project, table: str, key: str) -> None:
    if table in VIEWS:  # the analyst's decision goes; the name stays as it is
        put_organisation_mark(project, key, None)
        return
    keys = TRACKED[table][0]
    project.conn.execute(f"DELETE FROM {table} WHERE " + " AND ".join(f'"{k}" = ?' for k in keys),
                         key.split(KEY_SEPARATOR))


def existing_keys(project: Project, table: str, keys: list[str]) -> set[str]:
    """Which of ``keys`` (single-column keys only) are present."""
    (key_col,) = TRACKED[table][0]
    found: set[str] = set()
    for first in range(0, len(keys), 900):
        part = keys[first:first + 900]
        found.update(r[0] for r in project.conn.execute(
            f'SELECT "{key_col}" FROM {table} WHERE "{key_col}" IN ({",".join("?" * len(part))})', part))
    return found


# ------------------------------------------------------------------------------ base of a copy


def write_base(project: Project) -> int:
    """Note the digest of every tracked row (in an analyst's copy, when it is made)."""
    count = 0
    with project.transaction() as conn:
        conn.execute("DELETE FROM team_base")
        for table in TRACKED:
            whole = table in FIELDWISE
            items = [(table, key, digest(row), json.dumps(row, default=str) if whole else "")
                     for key, row in read_rows(project, table).items()]
            conn.executemany('INSERT INTO team_base(tbl, key, digest, "row") VALUES (?, ?, ?, ?)', items)
            count += len(items)
    return count


def base_rows(project: Project) -> dict[str, dict[str, Row]]:
    """Table -> key -> the row as it was when the copy was made (the :data:`FIELDWISE` tables)."""
    out: dict[str, dict[str, Row]] = {}
    for tbl, key, value in project.conn.execute('SELECT tbl, key, "row" FROM team_base WHERE "row" != \'\''):
        out.setdefault(tbl, {})[key] = json.loads(value)
    return out


def base_digests(project: Project) -> dict[str, dict[str, str]]:
    """Table -> key -> digest noted when the copy was made."""
    out: dict[str, dict[str, str]] = {t: {} for t in TRACKED}
    for tbl, key, value in project.conn.execute("SELECT tbl, key, digest FROM team_base"):
        out.setdefault(tbl, {})[key] = value
    return out


# ------------------------------------------------------------------------------- whole files


def copy_file(project: Project, dest: str | Path) -> None:
    """Write a consistent copy of the project to ``dest`` (which must not exist)."""
    dest = Path(dest)
    if dest.exists():
        raise ProjectError(f"{dest} already exists; choose an empty folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(str(dest))
    try:
        project.conn.backup(target)
    finally:
        target.close()


def integrity_problem(path: str | Path) -> str:
    """'' if the SQLite file passes its own page checks, else what is wrong with it."""
    try:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "" if result == ["ok"] else "; ".join(result[:3])


def foreign_key_problems(project: Project, tables: Iterable[str] = TRACKED) -> list[str]:
    """Rows of these tables whose references are missing (checked before a merge commits)."""
    problems = []
    for table in (t for t in tables if t not in VIEWS):
        for row in project.conn.execute(f"PRAGMA foreign_key_check({table})").fetchall():
            problems.append(f"{row[0]} row {row[1]} refers to a missing {row[2]} row")
    return problems
