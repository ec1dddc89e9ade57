"""The change journal that makes team-lead actions on themes undoable.

While :func:`recording` runs, temporary triggers note the inverse of every row written to
themes, theme_assignments and reviews, so that an action can be undone and redone exactly, ids
included (:func:`replay`). The same technique as the coding tables' journal in
:mod:`consult_analyser.store.codings`, over the theme tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from consult_analyser.store.project import Changes, Project

# Table -> columns identifying a row.
JOURNAL_TABLES: dict[str, tuple[str, ...]] = {
    "themes": ("id",),
    "theme_assignments": ("theme_id", "response_id"),
    "reviews": ("id",),
}


@dataclass
class Journal:
    """Statements that take the theme tables back to how they were when recording started."""

    statements: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


def _trigger_sql(project: Project, table: str) -> list[str]:
    keys = JOURNAL_TABLES[table]
    columns = [r[1] for r in project.query(f"PRAGMA main.table_info({table})")]
    ident = " || ',' || ".join(f"{{row}}.{k}" for k in keys)
    where = " || ' AND ' || ".join(f"'{k} = ' || quote({{row}}.{k})" for k in keys)
    log = f"INSERT INTO _theme_journal(tbl, ident, stmt) VALUES ('{table}', {ident}, "
    values = " || ',' || ".join(f"quote(old.{c})" for c in columns)
    sets = " || ',' || ".join(f"'{c} = ' || quote(old.{c})" for c in columns)
    return [
        f"CREATE TEMP TRIGGER _tj_{table}_i AFTER INSERT ON main.{table} BEGIN "
        + log.replace("{row}", "new") + f"'DELETE FROM main.{table} WHERE ' || "
        + where.replace("{row}", "new") + "); END",
        f"CREATE TEMP TRIGGER _tj_{table}_u AFTER UPDATE ON main.{table} BEGIN "
        + log.replace("{row}", "new") + f"'UPDATE main.{table} SET ' || {sets} || ' WHERE ' || "
        + where.replace("{row}", "new") + "); END",
        f"CREATE TEMP TRIGGER _tj_{table}_d BEFORE DELETE ON main.{table} BEGIN "
        + log.replace("{row}", "old") + f"'INSERT INTO main.{table}({', '.join(columns)}) VALUES (' || "
        + values + " || ')'); END",
    ]


@contextmanager
def recording(project: Project) -> Iterator[Journal]:
    """Run the block in one transaction and collect the statements that undo everything it wrote
    to themes, theme_assignments and reviews (newest first). Not re-entrant."""
    journal = Journal()
    with project.transaction() as conn:
        if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = '_theme_journal'").fetchone():
            raise RuntimeError("a theme action is already being recorded on this connection")
        conn.execute("CREATE TEMP TABLE _theme_journal(seq INTEGER PRIMARY KEY, tbl TEXT, ident TEXT, stmt TEXT)")
        try:
            for table in JOURNAL_TABLES:
                for sql in _trigger_sql(project, table):
                    conn.execute(sql)
            yield journal
            rows = conn.execute("SELECT tbl, ident, stmt FROM _theme_journal ORDER BY seq DESC").fetchall()
        finally:
            for table in JOURNAL_TABLES:
                for suffix in ("i", "u", "d"):
                    conn.execute(f"DROP TRIGGER IF EXISTS temp._tj_{table}_{suffix}")
            conn.execute("DROP TABLE IF EXISTS temp._theme_journal")
    seen: set[str] = set()
    for tbl, ident, stmt in rows:
        journal.statements.append(stmt)
        journal.changes.tables.add(tbl)
        for item in ident.split(","):
            if item not in seen:
                seen.add(item)
                journal.changes.ids.append(item)


def replay(project: Project, journal: Journal, action: str, **detail: object) -> Journal:
    """Run a journal's statements in one transaction (with an audit row) and return the journal
    that reverses them again: ``replay(replay(j))`` is a redo of an undo."""
    with recording(project) as inverse:
        project.conn.execute("PRAGMA defer_foreign_keys = ON")
        for stmt in journal.statements:
            project.conn.execute(stmt)
        project.audit(action, "journal", "", statements=len(journal.statements), **detail)
    return inverse
