"""What every view shares: the open project, the undo stack, the task runner and change signals."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from consult_analyser.store.project import Changes, Project
from consult_analyser.ui.tasks import TaskRunner


class AppContext(QObject):
    """Views talk to the core through this object and listen to ``changed`` to refresh."""

    changed = Signal(object)  # Changes
    project_opened = Signal(object)  # Project
    status = Signal(str)
    open_respondent = Signal(str)  # respondent id: show it in the reader

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)

    def notify(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def push(self, command: QUndoCommand) -> None:
        """Run an undoable analyst action (its redo() runs now, and is saved at once)."""
        self.undo_stack.push(command)


class CoreCommand(QUndoCommand):
    """An undo command from a pair of core functions, each returning Changes."""

    def __init__(self, ctx: AppContext, text: str, apply: Callable[[], Changes], revert: Callable[[], Changes]):
        super().__init__(text)
        self.ctx = ctx
        self._apply = apply
        self._revert = revert

    def redo(self) -> None:
        self.ctx.notify(self._apply())

    def undo(self) -> None:
        self.ctx.notify(self._revert())
