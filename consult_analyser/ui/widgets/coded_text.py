"""Read-only answer text with coded passages painted as coloured highlights.

Offsets in the store are Python string indices into the answer text; Qt counts UTF-16 units and
turns "\\r\\n" into one line break. :class:`OffsetMap` converts between the two so that a span
selected on screen is stored exactly, and a stored span is painted exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QTextEdit, QToolTip, QWidget


class OffsetMap:
    """Python index <-> Qt document position for one text."""

    def __init__(self, text: str):
        self.display_parts: list[str] = []
        self.to_qt: list[int] = []  # python index -> qt position (len(text) + 1 entries)
        position = 0
        for i, ch in enumerate(text):
            self.to_qt.append(position)
            if ch == "\r" and text[i + 1:i + 2] == "\n":
                continue  # "\r\n" is one line break on screen
            self.display_parts.append("\n" if ch == "\r" else ch)
            position += 2 if ord(ch) > 0xFFFF else 1
        self.to_qt.append(position)
        self.display = "".join(self.display_parts)
        self.to_py: dict[int, int] = {}
        for index in range(len(self.to_qt) - 1, -1, -1):
            self.to_py[self.to_qt[index]] = index  # first python index for each qt position

    def qt(self, index: int) -> int:
        return self.to_qt[max(0, min(index, len(self.to_qt) - 1))]

    def py(self, position: int) -> int:
        while position > 0 and position not in self.to_py:
            position -= 1
        return self.to_py.get(position, 0)


@dataclass
class Span:
    start: int  # python indices
    end: int
    colour: str
    label: str
    coding_id: str


class CodedTextEdit(QTextEdit):
    """Shows one answer; grows to fit its text; reports focus so the reader knows the current answer."""

    focused = Signal()

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(6)
        self.text = text
        self.offsets = OffsetMap(text)
        self.setPlainText(self.offsets.display)
        self.spans: list[Span] = []
        self.setMouseTracking(True)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self.updateGeometry())
        self.cursorPositionChanged.connect(self._follow_caret)

    def _follow_caret(self) -> None:
        """Keep the caret on screen as the keyboard moves it (Page Down, arrows, Shift+arrows selecting):
        the editor grows to its text, so it is the reader's scroll area around it that must scroll."""
        if not self.hasFocus():
            return
        # the editor shows all its text (the reader's scroll area scrolls): a caret moved while the editor was
        # shorter than its text for a moment (a window being resized) scrolled the text inside it, and the letter's
        # top stayed hidden with blank space below its end
        self._fit_height()
        caret = self.cursorRect()
        parent = self.parentWidget()
        while parent is not None:  # the reader's scroll area, then the window's around it (at 200% text)
            inside = parent.widget() if isinstance(parent, QScrollArea) else None
            if isinstance(parent, QScrollArea) and inside is not None:
                point = self.viewport().mapTo(inside, caret.center())
                parent.ensureVisible(point.x(), point.y(), 20, max(40, caret.height() * 2))
            parent = parent.parentWidget()

    # ---------------------------------------------------------------- layout
    def sizeHint(self) -> QSize:
        self.document().setTextWidth(max(100, self.viewport().width()))
        return QSize(400, int(self.document().size().height()) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.sizeHint().height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_height()
        if event.oldSize().width() != event.size().width():
            # and again once the layout has settled: a height fitted to a passing narrower width stayed, and a
            # long letter's card ran on blank below its text
            QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self) -> None:
        height = self.sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)
        self.verticalScrollBar().setValue(0)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.setFixedHeight(self.sizeHint().height())

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self.focused.emit()

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mousePressEvent(event)
        self.focused.emit()

    # ---------------------------------------------------------------- spans
    def set_spans(self, spans: list[Span]) -> None:
        """Paint coded passages (overlaps blend; the newest is on top)."""
        self.spans = spans
        selections = []
        for span in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.qt(span.start))
            cursor.setPosition(self.offsets.qt(span.end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            colour = QColor(span.colour)
            colour.setAlpha(95)
            fmt.setBackground(colour)
            underline = QColor(span.colour)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(underline)
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = fmt  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    def spans_at(self, index: int) -> list[Span]:
        return [s for s in self.spans if s.start <= index < s.end]

    def selected_range(self) -> tuple[int, int] | None:
        """The selected passage as python indices, trimmed of surrounding white space; None if nothing."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.py(cursor.selectionStart()), self.offsets.py(cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.qt(start))
        cursor.setPosition(self.offsets.qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mouseMoveEvent(event)
        position = self.cursorForPosition(event.position().toPoint()).position()
        spans = self.spans_at(self.offsets.py(position))
        if spans:
            QToolTip.showText(event.globalPosition().toPoint(), "\n".join(s.label for s in spans), self)
        else:
            QToolTip.hideText()
