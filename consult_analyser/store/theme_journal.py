"""The journal scope that makes team-lead actions on themes undoable.

Every row written to themes, theme_assignments and reviews while :func:`recording` runs can be
undone and redone exactly, ids included (:func:`replay`); the mechanism is
:mod:`consult_analyser.store.journal`, shared with the coding tables.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from consult_analyser.store import journal
from consult_analyser.store.journal import Journal, JournalScope, JournalTable
from consult_analyser.store.project import Project

__all__ = ["SCOPE", "Journal", "recording", "replay"]

SCOPE = JournalScope("theme", {
    "themes": JournalTable(("id",)),
    "theme_assignments": JournalTable(("theme_id", "response_id")),
    "reviews": JournalTable(("id",)),
})


def recording(project: Project) -> AbstractContextManager[Journal]:
    """Run a block in one transaction and collect the statements that undo everything it wrote to
    themes, theme_assignments and reviews."""
    return journal.recording(project, SCOPE)


def replay(project: Project, log: Journal, action: str, **detail: object) -> Journal:
    """Undo (or redo) a recorded theme action; returns the journal that reverses it again."""
    return journal.replay(project, SCOPE, log, action, **detail)
