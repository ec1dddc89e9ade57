"""A consultation project: one SQLite file, opened in WAL mode, written by one process at a time.

Repository modules next to this one (``questions``, ``respondents``, ``codebook``...) are plain
functions that take a :class:`Project`. Every write happens inside :meth:`Project.transaction`,
which is one SQLite transaction: either all of it lands or none of it does, even if the process
is killed half-way.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from consult_analyser.domain import now_iso
from consult_analyser.errors import ProjectBusy, ProjectError, ProjectLocked, WriteError, storage_reason
from consult_analyser.store import identity
from consult_analyser.store.schema import MIGRATIONS, SCHEMA_VERSION

PROJECT_SUFFIX = ".consult"


@dataclass
class Changes:
    """What a write changed, so views can refresh only that."""

    tables: set[str] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)

    def add(self, table: str, *ids: str) -> Changes:
        self.tables.add(table)
        self.ids.extend(ids)
        return self

    def __bool__(self) -> bool:
        return bool(self.tables)


# One writer lock per project file per process, shared by every connection this process opens.
_LOCKS: dict[str, tuple[FileLock, int]] = {}
_LOCKS_GUARD = threading.Lock()


def _acquire_lock(path: Path) -> None:
    key = str(path.resolve())
    with _LOCKS_GUARD:
        if key in _LOCKS:
            lock, count = _LOCKS[key]
            _LOCKS[key] = (lock, count + 1)
            return
        lock = FileLock(key + ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise ProjectLocked(
                f"{path.name} is open for writing in another program or window. "
                "Close it there first, or wait for that program to finish."
            ) from None
        _LOCKS[key] = (lock, 1)


def _release_lock(path: Path) -> None:
    key = str(path.resolve())
    with _LOCKS_GUARD:
        if key not in _LOCKS:
            return
        lock, count = _LOCKS[key]
        if count <= 1:
            lock.release()
            del _LOCKS[key]
            try:
                os.unlink(key + ".lock")
            except OSError:
                pass
        else:
            _LOCKS[key] = (lock, count - 1)


def default_actor() -> str:
    """Who is working, outside any project (see :mod:`consult_analyser.store.identity`)."""
    return identity.current().name


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`; close with :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool, actor: str):
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.actor = actor
        #: who is working, with their role; ``actor`` is its name, recorded as every action's author
        self.identity = identity.Identity(actor, "analyst", "given")
        self._closed = False
        self._in_tx = False
        #: when opening upgraded the file from an earlier version: that version and the copy kept of it
        self.upgraded: tuple[int, Path] | None = None

    # ----------------------------------------------------------------- opening
    @classmethod
    def create(cls, path: str | Path, *, name: str = "", actor: str | None = None) -> Project:
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path} already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        project = cls.open(path, create=True, actor=actor)
        with project.transaction():
            project.set_meta("name", name or path.stem)
            project.set_meta("created_at", now_iso())
        return project

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, readonly: bool = False, actor: str | None = None
    ) -> Project:
        path = Path(path)
        if not path.exists() and not create:
            raise ProjectError(f"{path} does not exist")
        upgraded: tuple[int, Path] | None = None
        if path.exists():
            _check_is_sqlite(path)
            if readonly and 0 < _schema_of(path) < SCHEMA_VERSION:
                # a project of an earlier version is upgraded (with a backup) before it is read: reading
                # commands (info, export, team status) work on it after an update of the app
                with cls.open(path, actor=actor) as writable:
                    upgraded = writable.upgraded
        if not readonly:
            _acquire_lock(path)
        try:
            # A reader's connection may write (SQLite opens it read-only by itself when the file is) and is
            # kept from writing by query_only: a "mode=ro" connection cannot checkpoint, so when it was the last
            # to close it left empty -wal and -shm files beside the project; this one, the last to close,
            # checkpoints and removes them as a writer's does. Writers, and crash safety, are as they were.
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if readonly:
                conn.execute("PRAGMA query_only = ON")
            else:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            project = cls(path, conn, readonly=readonly, actor=actor or "")
            project._migrate()
            project.upgraded = project.upgraded or upgraded
            project._set_identity(actor)
        except Exception:
            if not readonly:
                _release_lock(path)
            raise
        return project

    def reopen(self) -> Project:
        """Another connection to the same file (for a worker thread); shares this process's lock."""
        return Project.open(self.path, readonly=self.readonly, actor=self.actor)

    def _set_identity(self, given: str | None) -> None:
        who = identity.current(self.get_meta(identity.COPY_META_KEY))
        if given:
            who = identity.Identity(given, who.role, "given")
        self.identity = who
        self.actor = who.name

    def refresh_identity(self) -> None:
        """Read who is working again (after ``whoami`` or the identity dialog changed it)."""
        self._set_identity(None)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has been called."""
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.conn.close()
        if not self.readonly:
            _release_lock(self.path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- migrations
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.path.name} was written by a newer version of Consult Analyser "
                f"(schema {version}, this version knows {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise ProjectError(f"{self.path.name} needs upgrading; open it for writing once first")
        if version > 0:
            backup = self.path.with_name(f"{self.path.stem}.schema{version}.bak{self.path.suffix}")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(self.path, backup)
            self.upgraded = (version, backup)
        for number in range(version, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                if number + 1 == 7:  # the consent column older imports kept as information
                    from consult_analyser.store import consent

                    consent.backfill(self.conn)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except Exception:
                self.conn.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One SQLite transaction. Nested calls join the outer transaction."""
        if self.readonly:
            raise ProjectError(f"{self.path.name} is open read-only")
        if self._in_tx:
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # another connection holds the write lock
            raise ProjectBusy(f"{self.path.name} is busy with another write ({exc}); nothing was saved") from exc
        self._in_tx = True
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            reason = storage_reason(exc) if isinstance(exc, (OSError, sqlite3.DatabaseError)) else None
            if reason:  # the disk is full (or read-only, or failing): the transaction is undone
                raise WriteError(f"{self.path.name}: {reason}; nothing was saved and the project is as it "
                                 "was") from exc
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise WriteError(f"{self.path.name}: {storage_reason(exc) or exc}; nothing was saved and the "
                                 "project is as it was") from exc
        finally:
            self._in_tx = False

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.DatabaseError:  # SQLite may have rolled back already (e.g. after SQLITE_FULL)
            pass

    # ---------------------------------------------------------------- helpers
    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the project file itself, as far as readers allow,
        without waiting (SQLite does it every thousand pages; the app asks after each edit, so the
        ``.consult`` file alone, copied while the app is open, holds the work)."""
        if self.readonly or self._closed:
            return
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:  # busy or locked: the next one, or closing, will do it
            pass

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def get_meta(self, key: str, default: str = "") -> str:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def audit(self, action: str, target_kind: str = "", target_id: str = "", **detail: Any) -> None:
        """Record who did what. Call inside the transaction of the change it describes."""
        self.conn.execute(
            "INSERT INTO audit(at, actor, action, target_kind, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (now_iso(), self.actor, action, target_kind, target_id, json.dumps(detail, default=str)),
        )

    @property
    def name(self) -> str:
        return self.get_meta("name", self.path.stem)


def _schema_of(path: Path) -> int:
    """The schema version a project file was written with (0 when it cannot be read here)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return 0


def _check_is_sqlite(path: Path) -> None:
    _check_is_a_project_file(path)
    if path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return  # (unreadable here, as on a read-only mount: opening it says why)
    # another program's database given a project's name: never made a project of (a hostile-input trial's
    # was converted in place, and one with a "meta" table of its own was left in WAL mode by a failed import)
    if tables and (version == 0 or not {"meta", "respondents", "responses"} <= tables):
        raise ProjectError(f"{path.name} is not a Consult Analyser project: it is a database of another program "
                           f"(tables {', '.join(sorted(tables)[:4])}{', ...' if len(tables) > 4 else ''}); nothing "
                           "was changed. A project is a .consult file that the app or `consult-analyser import` made")


def _check_is_a_project_file(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(16)
    if path.stat().st_size and head != b"SQLite format 3\x00":
        data = path.suffix.lower() in {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsb", ".ods", ".docx", ".pdf",
                                       ".eml", ".msg", ".mbox", ".json"}
        raise ProjectError(f"{path.name} is not a Consult Analyser project" + (
            ": it looks like responses to bring in. Make a project of it with File > New project (or "
            "`consult-analyser import PROJECT.consult FILE`), or add it to an open project with File > Import files"
            if data else " (a project is a .consult file that the app or `consult-analyser import` made)"))


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers contain inner semicolons)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.strip().startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def database_problem(exc: BaseException, path: str | Path | None) -> str | None:
    """What a database error says of the project file at ``path``, for a user, or None when it is none of these:
    a damaged file (a hostile-input trial's lost page was reported as the program's fault), a file that cannot be
    opened where it lies (a read-only drive: it was called damaged), a full disk (reported as "disk I/O error")."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    name = Path(path).name if path else "the project"
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "encrypted" in text:
        return (f"{name} is damaged ({exc}): nothing was changed. Restore it from a backup: the copy your team or "
                "your computer's backup keeps, or the '.bak.consult' file an upgrade left beside it")
    if "unable to open database file" in text:
        return (f"{name} cannot be opened where it is (its folder may be read-only, as on a shared or removable "
                "drive, or it was moved): copy it to a folder you can write to and open the copy")
    if "disk i/o error" in text or "disk is full" in text:
        folder = Path(path).resolve().parent if path else Path.cwd()
        try:
            full = shutil.disk_usage(folder).free < 1024 * 1024
        except OSError:
            full = False
        return (f"{name}: {'the disk is full' if full else 'the disk reported an input/output error'}; nothing was "
                "saved and the project is as it was" + ("; free some space and try again" if full else ""))
    return None

