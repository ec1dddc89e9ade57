"""A list of rows to work through with the keyboard (Sector review's queue): several rows may be selected
(Shift or Ctrl with a click, Shift with an arrow, Ctrl+A), and the keys that move the current row select it.
Qt's own table moved the current row without the selection on Ctrl+Home, Ctrl+End, Ctrl+arrows and
Ctrl+Page keys: a trial's Ctrl+Home showed row 1 in the detail panel while another row stayed highlighted,
and a number key corrects every selected row, not the one shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

_MOVES = {Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class QueueTable(QTableView):
    """Rows selected whole; a key that moves the current row (with Ctrl or without) selects the row it
    moves to, alone, and with Shift extends the selection to it."""

    def selectionCommand(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 (Qt's name)
                         event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        if event is not None and event.type() == QEvent.Type.KeyPress:
            key = Qt.Key(event.key())  # type: ignore[attr-defined]
            modifiers = event.modifiers()  # type: ignore[attr-defined]
            if key in _MOVES and not modifiers & Qt.KeyboardModifier.ShiftModifier:
                return (QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
        return super().selectionCommand(index, event)
