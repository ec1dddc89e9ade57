"""One question to the user before a step that changes published work: Yes, or Cancel (the default)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_yes(parent: QWidget | None, title: str, text: str) -> bool:
    """True when the user answers Yes; Cancel is the default button (Enter does not agree)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes
