"""One question to the user before a step that changes published work: Yes, or Cancel (the default);
and one line of text asked for (a theme's new name)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

#: wide enough for a theme's label and for the window's title ("Rename theme" read "Renam…heme")
TEXT_DIALOG_WIDTH = 460


def ask_yes(parent: QWidget | None, title: str, text: str) -> bool:
    """True when the user answers Yes; Cancel is the default button (Enter does not agree)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


class ListQuestion(QDialog):
    """:func:`ask_yes` with a list that may be long (every theme of a question, with its description):
    the question above, the list in a box that scrolls, what agreeing means below, and Yes and Cancel
    (the default) always on screen. A message box grew with its list to 1,458 px on a 900 px screen."""

    def __init__(self, parent: QWidget | None, title: str, text: str, listing: str, after: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = self.rows = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        self.text = _rich_label(text)
        top.addWidget(self.text, 1)
        layout.addLayout(top)
        self.listing = _rich_label(listing)
        self.listing.setContentsMargins(4, 0, 8, 0)
        self.box = QScrollArea()
        self.box.setWidgetResizable(True)
        self.box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.box.setWidget(self.listing)
        layout.addWidget(self.box, 1)
        self.after = _rich_label(after)
        self.after.setVisible(bool(after))
        layout.addWidget(self.after)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # (once in the dialog: set before, the dialog made Yes its default)
        cancel.setFocus()
        self._fit()

    def _fit(self) -> None:
        """As wide as a message box with a long text, and the list box no taller than its content or
        two fifths of the screen's height: the dialog fits a small laptop's screen with its buttons."""
        parent = self.parentWidget()
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() if screen is not None else 768
        width = LIST_DIALOG_WIDTH
        self.setMinimumWidth(width)
        bar = self.box.verticalScrollBar().sizeHint().width()
        inner = width - self.rows.contentsMargins().left() - self.rows.contentsMargins().right()
        content = self.listing.heightForWidth(inner - bar - 2 * self.box.frameWidth())
        self.box.setFixedHeight(max(80, min(content + 2 * self.box.frameWidth(), room * 2 // 5)))
        self.setMaximumHeight(room - 40)
        height = self.rows.totalHeightForWidth(width) if self.rows.hasHeightForWidth() \
            else self.sizeHint().height()
        self.resize(width, min(max(height, self.sizeHint().height()), room - 40))


def _rich_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


#: wide enough for a theme's label and a line of its description
LIST_DIALOG_WIDTH = 620


def ask_yes_listing(parent: QWidget | None, title: str, text: str, listing: str, after: str = "") -> bool:
    """True when the user answers Yes to a question over a list that may be long (:class:`ListQuestion`)."""
    return ListQuestion(parent, title, text, listing, after).exec() == QDialog.DialogCode.Accepted


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
    first_and_last(dialog)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def first_and_last(dialog: QInputDialog) -> None:
    """Home and End choose the list's first and last item wherever the dialog's keyboard focus is (a trial
    pressed Home in a merge dialog, the target stayed the default one, and the merge went there)."""
    combo = dialog.findChild(QComboBox)
    if combo is None:
        return
    combo.setFocus()
    for key, row in (("Home", lambda: 0), ("End", lambda: combo.count() - 1)):
        shortcut = QShortcut(QKeySequence(key), dialog)
        shortcut.activated.connect(lambda r=row: combo.setCurrentIndex(max(0, r())))
