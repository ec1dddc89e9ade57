"""A finished command leaves only the .consult file: no empty -wal / -shm files beside it, even when it
only read the project (a trial found them beside every project and package). A read-only connection
could not checkpoint, so the last one to close left them; a reader's connection now may, kept from
writing by query_only. Crash safety is the write-ahead log's and is unchanged: work committed before a
kill -9 is in the project and reaches the .consult file when it is next opened and closed."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from consult_analyser.errors import ProjectError
from consult_analyser.store.project import Project


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)


def test_reading_a_project_leaves_no_wal_or_shm_files(tmp_path: Path) -> None:
    path = tmp_path / "p.consult"
    Project.create(path, name="p").close()
    assert _beside(path) == []  # a writer's close removed them, as before
    with Project.open(path, readonly=True) as project:
        assert project.name == "p"
        with pytest.raises(ProjectError, match="read-only"):
            with project.transaction():
                pass
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            project.conn.execute("UPDATE meta SET value = 'x' WHERE key = 'name'")
    assert _beside(path) == []
    with Project.open(path, readonly=True) as first, Project.open(path, readonly=True) as second:
        assert first.name == second.name == "p"
    assert _beside(path) == []


def test_work_committed_before_a_kill_is_kept_and_then_tidied(tmp_path: Path) -> None:
    path = tmp_path / "p.consult"
    Project.create(path, name="p").close()
    # a writer commits and dies without closing (kill -9): the commit is only in the write-ahead log
    code = ("import os, sys; from consult_analyser.store.project import Project\n"
            "p = Project.open(sys.argv[1]); p.conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "with p.transaction(): p.set_meta('name', 'after')\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert (tmp_path / "p.consult-wal").stat().st_size > 0
    with Project.open(path, readonly=True) as project:  # a reading command after the crash
        assert project.name == "after"
    assert _beside(path) == ["p.consult.lock"]  # (the dead writer's lock file: the next writer's close removes it)
    alone = tmp_path / "alone" / "p.consult"
    alone.parent.mkdir()
    shutil.copy2(path, alone)  # the .consult file alone holds the work
    with Project.open(alone, readonly=True) as project:
        assert project.name == "after"
