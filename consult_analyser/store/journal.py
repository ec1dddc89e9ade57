"""Change journals: what makes analysts' and team leads' actions undoable, exactly.

While :func:`recording` runs, temporary triggers on a scope's tables note the inverse of every
row written (an INSERT is undone by a DELETE, an UPDATE by an UPDATE back to the old values, a
DELETE by re-inserting the old row), newest first. :func:`replay` runs those statements in one
transaction and records, the same way, the journal that reverses them again, so that
``replay(replay(j))`` is a redo of an undo and ids survive both.

A :class:`JournalScope` names the tables one kind of action may touch; each kind of undoable
action (:mod:`consult_analyser.actions`) has one, defined here: :data:`CODING`, :data:`THEMES`,
:data:`SECTORS`, :data:`PUBLICATION`, :data:`LETTERS` and :data:`WITHDRAWAL`. Recording is per connection and not
re-entrant within a scope.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from consult_analyser.store.project import Changes, Project

__all__ = ["CODING", "CODING_IMPORT", "LETTERS", "PUBLICATION", "SECTORS", "THEMES", "WITHDRAWAL", "Journal", "JournalScope", "JournalTable", "recording", "replay"]


@dataclass(frozen=True)
class JournalTable:
    """How a table is journalled: the columns identifying a row, optionally a column naming the
    row a change should be reported against (e.g. the answer a coding belongs to), and whether a
    deleted row comes back with ``INSERT OR REPLACE`` (for tables keyed by content)."""

    keys: tuple[str, ...] = ("id",)
    ref: str | None = None
    upsert: bool = False
    #: journal updates of these columns only (none: every column): for a table other writers change
    #: too, so that undo puts back what the action changed and leaves the rest of the row as it is
    columns: tuple[str, ...] = ()
    #: the name changes are reported under (:class:`Changes` ``tables``, which views refresh on), when
    #: not the table's: e.g. a publication choice, so that views of the respondents' answers stay as they are
    report_as: str = ""


@dataclass(frozen=True)
class JournalScope:
    """A named set of journalled tables; ``name`` becomes part of the temporary objects' names."""

    name: str
    tables: Mapping[str, JournalTable]

    @property
    def log_table(self) -> str:
        return f"_{self.name}_journal"

    def trigger(self, table: str, suffix: str) -> str:
        return f"_{self.name}_j_{table}_{suffix}"


@dataclass
class Journal:
    """Statements that take a scope's tables back to how they were when recording started."""

    statements: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


def _q(name: str) -> str:
    return '"' + name + '"'


def _trigger_sql(project: Project, scope: JournalScope, table: str) -> list[str]:
    spec = scope.tables[table]
    columns = [r[1] for r in project.query(f"PRAGMA main.table_info({table})")]
    ident = " || ',' || ".join(f"{{row}}.{_q(k)}" for k in spec.keys)
    where = " || ' AND ' || ".join(f"'{_q(k)} = ' || quote({{row}}.{_q(k)})" for k in spec.keys)
    ref_sql = f"{{row}}.{_q(spec.ref)}" if spec.ref else "NULL"
    log = f"INSERT INTO {scope.log_table}(tbl, ident, ref, stmt) VALUES ('{table}', {ident}, {ref_sql}, "
    values = " || ',' || ".join(f"quote(old.{_q(c)})" for c in columns)
    updated = list(spec.columns) or columns
    assignments = " || ',' || ".join(f"'{_q(c)} = ' || quote(old.{_q(c)})" for c in updated)
    of = f" OF {', '.join(_q(c) for c in spec.columns)}" if spec.columns else ""
    verb = "INSERT OR REPLACE" if spec.upsert else "INSERT"
    return [
        f"CREATE TEMP TRIGGER {scope.trigger(table, 'i')} AFTER INSERT ON main.{table} BEGIN "
        + log.replace("{row}", "new") + f"'DELETE FROM main.{table} WHERE ' || " + where.replace("{row}", "new")
        + "); END",
        f"CREATE TEMP TRIGGER {scope.trigger(table, 'u')} AFTER UPDATE{of} ON main.{table} BEGIN "
        + log.replace("{row}", "new") + f"'UPDATE main.{table} SET ' || " + assignments + " || ' WHERE ' || "
        + where.replace("{row}", "new") + "); END",
        f"CREATE TEMP TRIGGER {scope.trigger(table, 'd')} BEFORE DELETE ON main.{table} BEGIN "
        + log.replace("{row}", "old") + f"'{verb} INTO main.{table}({', '.join(_q(c) for c in columns)}) VALUES (' || "
        + values + " || ')'); END",
    ]


@contextmanager
def recording(project: Project, scope: JournalScope) -> Iterator[Journal]:
    """Run the block in one transaction and collect, in :class:`Journal`, the statements that undo
    everything it wrote to the scope's tables (newest first). Not re-entrant."""
    journal = Journal()
    log = scope.log_table
    with project.transaction() as conn:
        if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = ?", (log,)).fetchone():
            raise RuntimeError(f"a {scope.name} action is already being recorded on this connection")
        conn.execute(f"CREATE TEMP TABLE {log}(seq INTEGER PRIMARY KEY, tbl TEXT, ident TEXT, ref TEXT, stmt TEXT)")
        try:
            for table in scope.tables:
                for sql in _trigger_sql(project, scope, table):
                    conn.execute(sql)
            yield journal
            rows = conn.execute(f"SELECT tbl, ident, ref, stmt FROM {log} ORDER BY seq DESC").fetchall()
        finally:
            for table in scope.tables:
                for suffix in ("i", "u", "d"):
                    conn.execute(f"DROP TRIGGER IF EXISTS temp.{scope.trigger(table, suffix)}")
            conn.execute(f"DROP TABLE IF EXISTS temp.{log}")
    seen: set[str] = set()
    for tbl, ident, ref, stmt in rows:
        journal.statements.append(stmt)
        journal.changes.tables.add(scope.tables[tbl].report_as or tbl)
        for item in ident.split(",") + ([ref] if ref else []):
            if item not in seen:
                seen.add(item)
                journal.changes.ids.append(item)


def replay(project: Project, scope: JournalScope, journal: Journal, action: str, **detail: object) -> Journal:
    """Run a journal's statements in one transaction (with an audit row) and return the journal
    that reverses them again: ``replay(replay(j))`` is a redo of an undo."""
    with recording(project, scope) as inverse:
        project.conn.execute("PRAGMA defer_foreign_keys = ON")
        for stmt in journal.statements:
            project.conn.execute(stmt)
        project.audit(action, "journal", "", statements=len(journal.statements), **detail)
    return inverse


#: codes, codings, suggestions and memos: a coding or suggestion change is reported against its answer
CODING = JournalScope("coding", {
    "codes": JournalTable(("id",)),
    "codings": JournalTable(("id",), ref="response_id"),
    "suggestions": JournalTable(("response_id", "code_id"), ref="response_id", upsert=True),
    "memos": JournalTable(("id",)),
})

#: an imported coding sheet: the coding tables, and the answers it shows two or more coders coded
#: (double-coded, for agreement)
CODING_IMPORT = JournalScope("coding_import", {
    **CODING.tables,
    "team_assignments": JournalTable(("analyst", "response_id")),
})

#: themes, their answers and sign-off reviews
THEMES = JournalScope("theme", {
    "themes": JournalTable(("id",)),
    "theme_assignments": JournalTable(("theme_id", "response_id")),
    "reviews": JournalTable(("id",)),
    "theme_proposals": JournalTable(("theme_id", "response_id")),
    "theme_passages": JournalTable(("theme_id", "response_id")),
})

#: respondents' sector labels (an analyst's correction is reported against the respondent)
SECTORS = JournalScope("sector", {
    "sector_assignments": JournalTable(("respondent_id", "source"), ref="respondent_id", upsert=True),
})

#: respondents' publication choices as an analyst sets them: only those columns, so that undoing a
#: change leaves alone what else was written to the respondent since (e.g. imported attributes);
#: reported as "publication", as the respondents and their answers stay as they were
PUBLICATION = JournalScope("publication", {
    "respondents": JournalTable(("id",), columns=("publication", "publication_imported", "publication_set_by",
                                                  "publication_set_at", "publication_reason"),
                                report_as="publication"),
})

#: letters: passages and their mapping, documents' roles, and the letter answers built from them
#: (with what hangs on those answers: codings, suggestions, themes, campaigns)
LETTERS = JournalScope("letters", {
    "documents": JournalTable(("id",)),
    "passages": JournalTable(("id",), ref="document_id"),
    "responses": JournalTable(("id",)),
    "codings": JournalTable(("id",), ref="response_id"),
    "suggestions": JournalTable(("response_id", "code_id"), ref="response_id", upsert=True),
    "theme_assignments": JournalTable(("theme_id", "response_id")),
    "campaign_members": JournalTable(("campaign_id", "response_id")),
})

#: withdrawing respondents: the respondent rows and every row the schema's foreign keys delete with them
#: (answers, documents, passages, sectors, codings, suggestions, themes, campaigns, team work), the
#: memos written on them, the per-text caches an erasure clears, and the withdrawal's own record; a
#: campaign whose standard wording was a withdrawn answer loses only that reference
WITHDRAWAL = JournalScope("withdrawal", {
    "respondents": JournalTable(("id",)),
    "responses": JournalTable(("id",), ref="respondent_id"),
    "documents": JournalTable(("id",), ref="respondent_id"),
    "passages": JournalTable(("id",), ref="document_id"),
    "sector_assignments": JournalTable(("respondent_id", "source"), ref="respondent_id", upsert=True),
    "codings": JournalTable(("id",), ref="response_id"),
    "suggestions": JournalTable(("response_id", "code_id"), ref="response_id", upsert=True),
    "theme_assignments": JournalTable(("theme_id", "response_id")),
    "theme_proposals": JournalTable(("theme_id", "response_id")),
    "campaign_members": JournalTable(("campaign_id", "response_id")),
    "campaigns": JournalTable(("id",), columns=("canonical_response_id",)),
    "team_assignments": JournalTable(("analyst", "response_id")),
    "team_adjudications": JournalTable(("id",), ref="response_id"),
    "team_set_aside": JournalTable(("id",)),
    "memos": JournalTable(("id",)),
    "embeddings": JournalTable(("model", "text_hash"), upsert=True),
    "text_cache": JournalTable(("kind", "text_hash"), upsert=True),
    "withdrawals": JournalTable(("id",)),
    "themes": JournalTable(("id",)),  # a theme left empty, a description that quoted a withdrawn answer
})
