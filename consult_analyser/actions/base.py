"""The base of every undoable action (coding, themes, sectors).

Each operation is a small object: :meth:`Operation.apply` does it (one transaction, one audit
row) and :meth:`Operation.revert` undoes it exactly, ids included; ``apply`` after ``revert``
redoes it. Both return :class:`~consult_analyser.store.project.Changes` so views refresh only
what changed. The desktop app wraps each operation in a ``QUndoCommand`` (redo -> apply,
undo -> revert); the command line applies them once. Undo relies on the one change-journal
mechanism of :mod:`consult_analyser.store.journal`, with the tables of the operation's ``scope``.
Operations must be reverted in the reverse order they were applied (as an undo stack does).
"""

from __future__ import annotations

from consult_analyser.store import journal
from consult_analyser.store.journal import Journal, JournalScope
from consult_analyser.store.project import Changes, Project


class Operation:
    """Base of the undoable actions: subclasses set ``action`` and implement :meth:`_do`."""

    action = "operation"
    #: the tables this kind of operation writes, journalled for undo
    scope: JournalScope = journal.CODING

    def __init__(self) -> None:
        self._undo: Journal | None = None  # set while applied
        self._redo: Journal | None = None  # set while reverted

    @property
    def label(self) -> str:
        """A short description for menus ("Undo Rename code")."""
        return self.action.replace("_", " ").capitalize()

    @property
    def applied(self) -> bool:
        return self._undo is not None

    def apply(self, project: Project) -> Changes:
        """Do the action (or redo it after :meth:`revert`)."""
        if self._undo is not None:
            raise RuntimeError(f"{self.label}: already applied")
        if self._redo is None:
            self._prepare(project)
            with journal.recording(project, self.scope) as log:
                self._do(project)
            self._undo = log
        else:
            self._undo = journal.replay(project, self.scope, self._redo, "redo", operation=self.action)
            self._redo = None
        return self._undo.changes

    def revert(self, project: Project) -> Changes:
        """Undo the action, restoring every row it changed exactly as it was."""
        if self._undo is None:
            raise RuntimeError(f"{self.label}: not applied")
        self._redo = journal.replay(project, self.scope, self._undo, "undo", operation=self.action)
        self._undo = None
        return self._redo.changes

    def _prepare(self, project: Project) -> None:
        """Work done before the write transaction (first apply only), e.g. clustering."""

    def _do(self, project: Project) -> None:
        raise NotImplementedError
