"""Choosing codes from the keyboard: the numbered code palette and the Ctrl+K quick picker."""

from __future__ import annotations

import re
from typing import ClassVar

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.domain import Code

CodeRole = Qt.ItemDataRole.UserRole + 1
CreateRole = Qt.ItemDataRole.UserRole + 2


def colour_icon(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 0, size, size, 3, 3)
    painter.end()
    return QIcon(pixmap)


def _plain(text: str) -> str:
    """Text as it is compared: lower case, "_" read as a space, spaces single, " > " as ">"."""
    return ">".join(" ".join(part.replace("_", " ").split()) for part in text.casefold().split(">"))


def matches(query: str, path: str) -> bool:
    """Every word of the query appears in the code's path (case-insensitive; "_" and a space alike)."""
    plain = _plain(path)
    return all(word in plain for word in _plain(query).replace(">", " ").split())


def _at_word_start(query: str, text: str) -> bool:
    """``query`` starts a word of ``text`` (after a space, "_" or ">"; both already :func:`_plain`)."""
    return any(text.startswith(query, m.end()) for m in re.finditer(r"(?:^|[ >])", text))


def match_rank(query: str, name: str, path: str) -> int | None:
    """How well a code matches what was typed (lower is better), None when it does not match:
    0 the name or the full path exactly, 1 the name or path starts with it, 2 it starts a word of the
    path (or each typed word does), 3 elsewhere in the path. Case, "_" and spaces do not count."""
    typed, plain_name, plain_path = _plain(query), _plain(name), _plain(path)
    if not typed:
        return 3
    if not matches(query, path):
        return None
    if typed in (plain_name, plain_path):
        return 0
    if plain_name.startswith(typed) or plain_path.startswith(typed):
        return 1
    words = typed.replace(">", " ").split()
    if _at_word_start(typed, plain_path) or all(_at_word_start(word, plain_path) for word in words):
        return 2
    return 3


def rank_codes(query: str, codes: list[Code], paths: dict[str, str], recent: list[str] | tuple[str, ...] = ()
               ) -> list[Code]:
    """The codes matching ``query``, best first (:func:`match_rank`); within a rank, the shallower then
    shorter path first, then the more recently used (``recent``: code ids, the latest first), then
    codebook order. Without a query: every code, in codebook order."""
    if not query.strip():
        return list(codes)
    latest = {code_id: number for number, code_id in enumerate(recent)}
    keyed = []
    for order, code in enumerate(codes):
        path = paths.get(code.id, code.name)
        rank = match_rank(query, code.name, path)
        if rank is not None:
            keyed.append(((rank, path.count(">"), len(_plain(path)), latest.get(code.id, len(latest)), order), code))
    return [code for _key, code in sorted(keyed, key=lambda pair: pair[0])]


def exists_exactly(query: str, codes: list[Code], paths: dict[str, str]) -> bool:
    """One of ``codes`` is named ``query``, or a code of the codebook (``paths``) has it as its path (case,
    "_" and spaces aside): "+ Create code" would make a second code of that name."""
    typed = _plain(query)
    return bool(typed) and typed in {_plain(code.name) for code in codes} | {_plain(p) for p in paths.values()}


class CodePalette(QWidget):
    """The codebook as a filterable list; the first ten visible codes answer to keys 1-9 and 0."""

    activated = Signal(str)  # code id (clicked)
    new_code = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.scope_box = QCheckBox("This question’s codes")
        self.scope_box.setChecked(True)
        self.scope_box.setToolTip("Show only the codes filed under this question (a top-level code named after its key)")
        self.scope_box.toggled.connect(lambda _on: self._fill())
        self.scope_box.hide()
        self.list = QListWidget()
        self.list.setIconSize(QSize(12, 12))
        self.list.setUniformItemSizes(True)
        self.list.itemActivated.connect(lambda item: self.activated.emit(item.data(CodeRole)))
        self.list.itemClicked.connect(lambda item: self.activated.emit(item.data(CodeRole)))
        add = self.add_button = QToolButton()
        add.setText("+")
        add.setToolTip("New code")
        add.clicked.connect(self.new_code.emit)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scope_box)
        layout.addWidget(self.list, 1)
        self.codes: list[Code] = []
        self.paths: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.scope: str | None = None  # a code whose sub-codes are shown first
        self.filter.textChanged.connect(lambda _t: self._fill())

    def focus_order(self) -> list[QWidget]:
        """Its widgets in the order Tab should reach them (as on screen)."""
        return [self.filter, self.add_button, self.scope_box, self.list]

    def set_codes(self, codes: list[Code], paths: dict[str, str], counts: dict[str, int]) -> None:
        self.codes, self.paths, self.counts = codes, paths, counts
        self._fill()

    def set_scope(self, code_id: str | None, label: str = "") -> None:
        """Offer only the sub-codes of ``code_id`` (e.g. the codes filed under the current question)."""
        if code_id != self.scope:
            self.scope = code_id
            self.scope_box.setText(f"Only {label} codes" if label else "This question’s codes")
            self.scope_box.setVisible(code_id is not None)
            self._fill()

    def visible_codes(self) -> list[Code]:
        if self.scope is None or not self.scope_box.isChecked():
            return self.codes
        prefix = self.paths.get(self.scope, "") + " > "
        scoped = [c for c in self.codes if self.paths.get(c.id, "").startswith(prefix)]
        return scoped or self.codes

    def _fill(self) -> None:
        query = self.filter.text()
        self.list.clear()
        number = 0
        base_depth = self.paths.get(self.scope or "", "").count(" > ") + 1 if self._scoped() else 0
        for code in self.visible_codes():
            path = self.paths.get(code.id, code.name)
            if query and not matches(query, path):
                continue
            number += 1
            depth = path.count(" > ") - base_depth
            label = ("    " * depth) + code.name
            key = f"{number % 10}  " if number <= 10 else "    "  # 0: the 10th
            count = self.counts.get(code.id, 0)
            item = QListWidgetItem(colour_icon(code.colour), f"{key}{label}" + (f"   ({count})" if count else ""))
            item.setData(CodeRole, code.id)
            item.setToolTip(path + (f"\n{code.description}" if code.description else "")
                            + (f"\nShortcut: {number % 10}" if number <= 10 else ""))
            self.list.addItem(item)

    def _scoped(self) -> bool:
        return self.scope is not None and self.scope_box.isChecked() and self.visible_codes() is not self.codes

    def code_for_number(self, number: int) -> str | None:
        """The code id answering to key ``number`` (1-9, 10 for key 0), or None."""
        item = self.list.item(number - 1)
        return item.data(CodeRole) if item is not None and 1 <= number <= 10 else None


class QuickCodePicker(QDialog):
    """Type a few letters, press Enter: apply a code, or create one with the typed name."""

    #: the codes chosen here lately (ids, the latest first), shared by every picker of the session: among
    #: equally good matches they come first
    recent: ClassVar[list[str]] = []

    def __init__(self, codes: list[Code], paths: dict[str, str], parent: QWidget | None = None, *,
                 title: str = "Code the selection"):
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle(title)
        self.codes, self.paths = codes, paths
        self.chosen_code: str | None = None
        self.create_name: str | None = None
        self.edit = QLineEdit(placeholderText="Type to find a code, or a new name to create one…")
        self.list = QListWidget()
        self.list.setIconSize(QSize(12, 12))
        hint = QLabel("Enter: apply   ↑↓: choose   Esc: close")
        hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(hint)
        self.edit.textChanged.connect(self._fill)
        self.edit.installEventFilter(self)
        self.list.itemActivated.connect(lambda _i: self._choose())
        self.resize(460, 380)
        self.setFocusProxy(self.edit)
        self._fill("")

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Typing goes to the search field at once: under some window managers a popup is shown
        without the keyboard, and the letters went to the view behind it as its shortcuts."""
        super().showEvent(event)
        self.raise_()
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        QTimer.singleShot(0, self._take_keyboard)

    def _take_keyboard(self) -> None:
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def _fill(self, query: str) -> None:
        """The matching codes, best first (:func:`rank_codes`: an exact name above names that only contain
        it, so that typing a code's whole name and Enter applies that code), then "+ Create code" unless
        a code of that name or path exists."""
        self.list.clear()
        for code in rank_codes(query, self.codes, self.paths, QuickCodePicker.recent):
            item = QListWidgetItem(colour_icon(code.colour), self.paths.get(code.id, code.name))
            item.setData(CodeRole, code.id)
            self.list.addItem(item)
        if query.strip() and not exists_exactly(query, self.codes, self.paths):
            item = QListWidgetItem(f"+ Create code “{query.strip()}”")
            item.setData(CreateRole, query.strip())
            self.list.addItem(item)
        # nothing is chosen until the user types or moves: Ctrl+K, Enter must not code by accident
        self.list.setCurrentRow(0 if query.strip() else -1)

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.ShortcutOverride \
                and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Up,
                                    Qt.Key.Key_Down):
            event.accept()  # these keys are the picker's, not shortcuts of the view that opened it (its Esc)
            return True
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step if self.list.currentItem()
                                 else (0 if step > 0 else self.list.count() - 1)))
                self.list.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
            if event.key() == Qt.Key.Key_Escape:  # said in its hint; a popup does not always close on it itself
                self.reject()
                return True
        return super().eventFilter(obj, event)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen_code = item.data(CodeRole)
        self.create_name = item.data(CreateRole)
        if self.chosen_code:
            QuickCodePicker.recent[:] = [self.chosen_code, *(c for c in QuickCodePicker.recent
                                                               if c != self.chosen_code)][:50]
        self.accept()
