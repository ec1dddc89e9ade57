"""One question to the user before a step that changes published work: Yes, or Cancel (the default);
and one line of text asked for (a theme's new name)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

#: wide enough for a theme's label and for the window's title ("Rename theme" read "Renam…heme")
TEXT_DIALOG_WIDTH = 460


def ask_yes(parent: QWidget | None, title: str, text: str) -> bool:
    """True when the user answers Yes; Cancel is the default button (Enter does not agree)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """One line of text from the user, as ``QInputDialog.getText`` asks it, in a dialog wide enough to
    show its title and a long label whole."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setMinimumWidth(TEXT_DIALOG_WIDTH)
    # and opened at that width: under some window managers the minimum alone left "Renam…heme"
    dialog.resize(max(TEXT_DIALOG_WIDTH, dialog.sizeHint().width()), dialog.sizeHint().height())
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def ask_item(parent: QWidget | None, title: str, label: str, items: list[str], current: int = 0) -> tuple[str, bool]:
    """One of ``items`` chosen by the user, as ``QInputDialog.getItem`` asks it (not editable), in a dialog
    as wide as :func:`ask_text`'s ("Split among analysts" read "Split a… alysts")."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    if items:
        dialog.setTextValue(items[max(0, min(current, len(items) - 1))])
    dialog.setMinimumWidth(TEXT_DIALOG_WIDTH)
    dialog.resize(max(TEXT_DIALOG_WIDTH, dialog.sizeHint().width()), dialog.sizeHint().height())
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok
