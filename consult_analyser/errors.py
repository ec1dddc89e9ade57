"""The errors a user can see. Each message is one sentence that names the file, row, field or
project concerned; the CLI prints it and the app shows it, and neither shows a traceback.

This module sits at the bottom of the package (beside :mod:`consult_analyser.domain` and
:mod:`consult_analyser.progress`) so every layer can raise and catch the same classes.
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """Bad input. The message names the file and, where known, the row and field."""

    def __init__(self, path: str | Path, message: str, row: int | None = None, field_name: str | None = None,
                 *, line: int | None = None):
        self.path = str(path)
        self.row = row
        self.line = line
        self.field_name = field_name
        self.reason = message
        where = Path(self.path).name
        if line is not None:
            where += f", line {line}"
        elif row is not None:
            where += f", row {row}"
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {message}")


class NoQuestions(IngestError):
    """A table with no question to import; ``describes_respondents`` when it names their types
    (a list to attach to respondents imported from another file)."""

    def __init__(self, path: str | Path, message: str, describes_respondents: bool = False):
        super().__init__(path, message)
        self.describes_respondents = describes_respondents


class NotALead(ValueError):
    """The current user may not do what only a team lead may (sign off themes, decide on the
    model's proposals, merge analysts' copies, resolve conflicts, adjudicate disagreements)."""


class ProjectError(Exception):
    """A project cannot be opened or written as asked."""


class ProjectLocked(ProjectError):
    """Another process has the project open for writing."""


class ProjectBusy(ProjectError):
    """A write could not take the project's write lock in time (another write is under way);
    nothing was written and the action can simply be tried again."""


class WriteError(ProjectError):
    """A file could not be written (the disk is full, no permission, ...): nothing was changed and
    any temporary file was removed."""


def storage_reason(exc: BaseException) -> str | None:
    """A plain description of a storage failure (disk full, read-only disk, I/O error), or None
    when ``exc`` is not one. Works for OSError and for SQLite's "database or disk is full"."""
    import errno

    if isinstance(exc, OSError):
        known = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                 errno.EROFS: "the disk is read-only", errno.EACCES: "permission denied",
                 errno.EPERM: "permission denied", errno.EIO: "the disk reported an input/output error",
                 errno.EFBIG: "the file would be larger than the system allows"}
        return known.get(exc.errno or -1, exc.strerror or str(exc))
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full"
    if "disk i/o error" in text:
        return "the disk reported an input/output error (is it full?)"
    if "readonly" in text or "read-only" in text:
        return "the disk is read-only"
    return None
