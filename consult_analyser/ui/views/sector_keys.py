"""Sector review's keyboard and what it says of each decision (part of
:class:`~consult_analyser.ui.views.sector_view.SectorReviewView`).

On the queue, Enter accepts the sector shown and a number key corrects it; in the search box every key is text
(an id's digits never set a sector), Enter and Escape give the keyboard back to the queue. Ctrl+F is the window's
Edit > Find, which puts the keyboard in this view's search box (:meth:`ReviewKeys.focus_search`): a second Ctrl+F
of the view's own made the key ambiguous, and Qt then ran neither (trial 46: the letters typed next went to the
queue as type-ahead, and an id's "8" set an Individual to the 8th sector).

Every decision is said in the status bar and, until the next one, under the queue ("Set NAME to SECTOR (Ctrl+Z
undoes)"), and an undo of it is said there too (:class:`DecisionNote`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from consult_analyser.ui.context import AppContext

if TYPE_CHECKING:
    from consult_analyser.ui.views.sector_view import SectorReviewView

KEYS = "1234567890"


def bind(widget: QWidget, key: str, slot: Callable[[], None],
         context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> None:
    shortcut = QShortcut(QKeySequence(key), widget)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)


class ReviewKeys:
    """The view's keys: Enter, the number keys, and Escape in the search box."""

    def __init__(self, view: SectorReviewView):
        self.view = view
        for key in ("Return", "Enter"):
            bind(view, key, self.enter)
        for number, key in enumerate(KEYS):
            bind(view, key, partial(self.number, number))
        bind(view.search, "Escape", self.to_queue, Qt.ShortcutContext.WidgetShortcut)

    def focus_search(self) -> None:
        """Ctrl+F (Edit > Find): the keyboard in the search box, its text selected to be typed over."""
        self.view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.search.selectAll()

    def enter(self) -> None:
        """Enter accepts the current respondent's sector; in the search box it ends the search instead."""
        if self.view.search.hasFocus():
            self.view.search_done()
        else:
            self.view.accept_current()

    def number(self, number: int) -> None:
        """A number key corrects the respondent shown; never from the search box (where a digit is text)."""
        if not self.view.search.hasFocus():
            self.view.correct_number(number)

    def to_queue(self) -> None:
        """Escape in the search box: the keyboard back on the list, which stays as searched."""
        self.view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)


class DecisionNote(QLabel):
    """The last decision taken in the view, said until the next one ("Set NAME to SECTOR (Ctrl+Z undoes)"), and
    "Undone: …" once the undo stack goes back past it (a trial's stray key changed a respondent unseen)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWordWrap(True)
        self.setVisible(False)
        self._said = ""
        self._index = -1  # the undo stack's index just after the decision, and that step's own text
        self._step = ""
        ctx.undo_stack.indexChanged.connect(self._stack_moved)

    def say(self, done: str) -> None:
        """``done`` ("Set NAME to SECTOR") was just applied and pushed on the undo stack."""
        self._said = done
        self._index = self.ctx.undo_stack.index()
        self._step = self.ctx.undo_stack.text(self._index - 1)
        self._show()
        self.ctx.status.emit(self.text())

    def _show(self) -> None:
        self.setText(f"{self._said} (Ctrl+Z undoes).")
        self.setVisible(True)

    def _stack_moved(self, index: int) -> None:
        if not self._said:
            return
        if index < self._index:  # (asks nothing of the stack: a closing window's stack, being deleted, says 0)
            self.setText(f"Undone: {self._said[:1].lower()}{self._said[1:]}.")
        elif self.ctx.undo_stack.text(self._index - 1) != self._step:  # undone, then another step took its place
            self._said = ""
            self.setVisible(False)
        elif index == self._index:  # redone
            self._show()


def moved_summary(moves: list, labels: dict[str, str], shown: int = 5) -> str:
    """What a retrain moved that no analyst set, for the view's status line (rich text): the heading and the first
    few moves (:func:`~consult_analyser.pipeline.sectors.moves.describe_moves`, as the command line prints them)."""
    import html

    from consult_analyser.pipeline.sectors.moves import describe_moves

    lines = describe_moves(moves, labels, limit=shown, more="the Who moved… button")
    return "".join(f"<br>{html.escape(line, quote=False)}" for line in lines)


def show_moved(parent: QWidget, project, labels: dict[str, str]):  # type: ignore[no-untyped-def]
    """Every respondent the last run moved that no analyst set, with why (``sectors --moved`` lists the same)."""
    from PySide6.QtWidgets import QMessageBox

    from consult_analyser.pipeline.sectors.moves import describe_moves, last_moves, moves_heading

    at, moves = last_moves(project)
    box = QMessageBox(QMessageBox.Icon.Information, "Who moved",
                      f"The last sector run ({at or 'none yet'}): {moves_heading(moves)}.",
                      QMessageBox.StandardButton.Close, parent)
    if moves:
        box.setDetailedText("\n".join(describe_moves(moves, labels, limit=None)[1:]))
    box.open()
    return box
