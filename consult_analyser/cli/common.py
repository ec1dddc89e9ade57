"""Helpers shared by the commands: opening projects, progress bars, errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from consult_analyser.domain import Question
from consult_analyser.progress import ProgressFn
from consult_analyser.store.project import Project


class CommandError(Exception):
    """A user-facing failure: printed without a traceback, exit code 1."""


def question_named(project: Project, name: str) -> Question:
    """The question a user names (key, id or text); a :class:`CommandError` listing the keys if none."""
    from consult_analyser.store.questions import find_question, list_questions

    found = find_question(project, name)
    if found is None:
        keys = [q.key for q in list_questions(project)]
        shown = ", ".join(keys[:30]) + (f" and {len(keys) - 30} more" if len(keys) > 30 else "")
        raise CommandError(f"no question {name!r} in {project.path.name}; its questions are {shown or 'none'}")
    return found


@contextmanager
def progress_bar(description: str, enabled: bool = True) -> Iterator[ProgressFn]:
    """A tqdm bar on stderr driven by a ProgressFn. When stderr is not a terminal (a log, a pipe, a CI
    job) it prints a plain line instead, at most every 10 seconds, so a long step never looks hung;
    nothing at all when disabled (``--quiet``)."""
    if not enabled:
        def silent(fraction: float, message: str = "") -> None:
            return None

        yield silent
        return
    if not sys.stderr.isatty():
        import time

        last = [0.0]

        def plain(fraction: float, message: str = "") -> None:
            now = time.monotonic()
            if now - last[0] >= 10.0:
                last[0] = now
                print(f"{description}: {max(0.0, min(1.0, fraction)):.0%} {message}".rstrip(), file=sys.stderr,
                      flush=True)

        yield plain
        return
    from tqdm import tqdm

    with tqdm(total=1000, desc=description, unit="", bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}",
              file=sys.stderr, leave=False) as bar:
        def update(fraction: float, message: str = "") -> None:
            bar.n = int(max(0.0, min(1.0, fraction)) * 1000)
            bar.set_postfix_str(message[:40], refresh=False)
            bar.refresh()

        yield update


def open_project(path: str | Path, *, create: bool = False, readonly: bool = False) -> Project:
    path = Path(path)
    if not path.exists() and not create:
        raise CommandError(f"{path}: no such project (create it with `consult-analyser import {path} FILE`)")
    if not path.exists():
        return Project.create(path)
    project = Project.open(path, readonly=readonly)
    if project.upgraded is not None:
        version, backup = project.upgraded
        print(f"note: {path.name} was made by an earlier version (schema {version}) and has been upgraded; "
              f"the file as it was is kept as {backup.name}", file=sys.stderr)
    return project
