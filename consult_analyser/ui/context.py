"""What every view shares: the open project, the undo stack, the task runner and change signals."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from consult_analyser.errors import ProjectBusy
from consult_analyser.store.project import Changes, Project
from consult_analyser.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class Operation(Protocol):
    """An undoable core action (see :mod:`consult_analyser.actions.coding`)."""

    @property
    def label(self) -> str: ...

    def apply(self, project: Project) -> Changes: ...

    def revert(self, project: Project) -> Changes: ...


class AppContext(QObject):
    """Views talk to the core through this object and listen to ``changed`` to refresh."""

    changed = Signal(object)  # Changes
    project_opened = Signal(object)  # Project
    status = Signal(str)
    open_respondent = Signal(str)  # respondent id: show it in the reader
    open_answer = Signal(str, str)  # respondent id, answer id: show the respondent in the reader at that answer
    show_answers = Signal(object)  # ResponseFilter: show these answers in the responses view

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        #: a window drawn for ``gui --screenshot``: the project is open read-only (the app may have it open for
        #: writing), and drawn as its user sees it, with the buttons that write
        self.drawn_only = False
        #: what opening said once of exports a killed app left unfinished (the Dashboard shows it with the runs')
        self.opening_notices: list[str] = []
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self, alive=lambda: self.project_open)
        # the project file brought up to date a moment after the last change (not on every keystroke)
        self._checkpoint = QTimer(self)
        self._checkpoint.setSingleShot(True)
        self._checkpoint.setInterval(2000)
        self._checkpoint.timeout.connect(self._bring_file_up_to_date)
        self.changed.connect(lambda _changes: self._checkpoint.start())

    def _bring_file_up_to_date(self) -> None:
        if self.project_open:
            self.project.checkpoint()

    @property
    def writable(self) -> bool:
        """Whether the views offer what writes to the project (a screenshot draws them as they are offered)."""
        return not self.project.readonly or self.drawn_only

    @property
    def project_open(self) -> bool:
        """False once the project has been closed (work deferred to a later event-loop turn checks it)."""
        return not self.project.closed

    def notify(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def push(self, command: QUndoCommand) -> None:
        """Run an undoable analyst action (its redo() runs now, and is saved at once)."""
        self.undo_stack.push(command)

    def run(self, operation: Operation, text: str = "") -> bool:
        """Apply a core operation now and put it on the undo stack. If the core refuses (a
        ``ValueError`` such as a duplicate code name), nothing is pushed and the reason is shown
        in the status bar. Returns whether it was applied."""
        try:
            changes = operation.apply(self.project)
        except ProjectBusy as exc:  # e.g. a background import holds the write lock
            self.status.emit(f"{text or operation.label}: not saved, the project is busy ({exc}); try again")
            return False
        except (ValueError, KeyError, RuntimeError) as exc:
            message = str(exc).strip("'\"") or exc.__class__.__name__
            self.status.emit(f"{text or operation.label}: {message}")
            return False
        self.undo_stack.push(OperationCommand(self, operation, text or operation.label, applied=True))
        self.notify(changes)
        return True


class OperationCommand(QUndoCommand):
    """A QUndoCommand over a core operation: redo applies it, undo reverts it."""

    def __init__(self, ctx: AppContext, operation: Operation, text: str, *, applied: bool = False):
        super().__init__(text)
        self.ctx = ctx
        self.operation = operation
        self._skip_first_redo = applied

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self.ctx.notify(self.operation.apply(self.ctx.project))

    def undo(self) -> None:
        self.ctx.notify(self.operation.revert(self.ctx.project))
