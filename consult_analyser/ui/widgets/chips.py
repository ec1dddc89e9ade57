"""Small coloured labels ("chips") in a wrapping row: whole-answer codes, themes, suggestions."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QToolButton, QWidget

from consult_analyser.ui.widgets.layouts import discard


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping onto new lines (as in Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def clear(self) -> None:
        while self._items:
            item = self._items.pop()
            widget = item.widget() if item is not None else None
            if widget is not None:
                discard(widget)

    def _layout(self, rect: QRect, *, apply: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


#: the widest a chip's text is shown, in pixels
CHIP_TEXT_WIDTH = 300


def text_colour_for(background: QColor) -> str:
    return "#111111" if background.lightnessF() > 0.6 else "#ffffff"


class Chip(QFrame):
    """A pill with a label and optional action buttons (e.g. remove, accept, reject)."""

    action = Signal(str)  # the name of the button pressed

    def __init__(self, text: str, colour: str = "#8a94a6", *, style: str = "solid", tooltip: str = "",
                 buttons: tuple[tuple[str, str, str], ...] = (), parent: QWidget | None = None):
        """``style`` is solid (coloured fill), outline (coloured border) or dashed (a suggestion);
        ``buttons`` are (name, glyph, tooltip)."""
        super().__init__(parent)
        self.setObjectName("chip")
        colour_q = QColor(colour)
        if style == "solid":
            css = (f"#chip {{ background: {colour}; border: 1px solid {colour}; border-radius: 10px; }}"
                   f" QLabel, QToolButton {{ color: {text_colour_for(colour_q)}; background: transparent; }}")
        else:
            border = "dashed" if style == "dashed" else "solid"
            css = (f"#chip {{ background: transparent; border: 1px {border} {colour}; border-radius: 10px; }}")
        css += " QToolButton { border: none; padding: 0 2px; font-weight: 700; background: transparent; }"
        css += " #chip:focus { border: 2px solid palette(highlight); }"  # a chip Tab lands on (see take_keys)
        self.setStyleSheet(css)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 1, 5 if buttons else 9, 1)
        layout.setSpacing(2)
        # a long label (a theme's) is cut short, whole in the tooltip: a chip wider than the Reader's column set it
        # wider than the window
        metrics = self.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, CHIP_TEXT_WIDTH)
        self.label = QLabel(shown)
        layout.addWidget(self.label)
        if shown != text:
            tooltip = f"{text}\n{tooltip}" if tooltip else text
        self.buttons: dict[str, QToolButton] = {}
        for name, glyph, tip in buttons:
            button = QToolButton()
            button.setText(glyph)
            button.setToolTip(tip)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            # clicked, or by its key (a number toggles a code, A and X decide suggestions): Tab passed through
            # every chip's buttons, out of view below the answers, before it reached the side panel
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, n=name: self.action.emit(n))
            layout.addWidget(button)
            self.buttons[name] = button
        if tooltip:
            self.setToolTip(tooltip)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.keys: dict[Qt.Key, str] = {}

    def take_keys(self, keys: dict[Qt.Key, str]) -> None:
        """Let Tab land on the chip (one stop, not one per button), where these keys press its buttons (key ->
        button name): a suggestion's Enter accepts it and Delete rejects it."""
        self.keys = keys
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        name = self.keys.get(Qt.Key(event.key()))
        if name is None:
            super().keyPressEvent(event)
            return
        event.accept()
        self.action.emit(name)
