"""A drop-down that sits among other things to scroll (a table's cells): the mouse wheel passing over it
scrolls what holds it, and changes its value only once it has been clicked or tabbed to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget


class ScrollingComboBox(QComboBox):
    """A trial's import wizard changed a column's role as the wheel scrolled the column table past its
    drop-downs. Focus comes by a click or Tab only (not by the wheel), and the wheel over an unfocused box
    is left to the table, which scrolls on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # to the parent: the table scrolls
