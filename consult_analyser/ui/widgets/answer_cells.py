"""Painting the answers table's cells: plain text, elided, and search matches highlighted.

The answers table shows tens of cells per screen and repaints all of them after every filter
change, so its cells are painted here directly from the model's prepared texts (one call per
cell) instead of through the style's item drawing, which asks the model for every role of every
cell and goes through the application's style sheet each time."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

MATCH_BACKGROUND = QColor("#ffe08a")
MATCH_TEXT = QColor("#000000")
PADDING = 6
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ROOT = QModelIndex()


def highlight_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A pattern matching any of the search terms (and the rest of the word it starts), or None."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) + r"\w*" for w in words), re.I) if words else None


def visible_window(text: str, pattern: re.Pattern[str] | None, width_chars: int = 300) -> str:
    """The part of an answer to show: from a little before the first match, so that it is visible."""
    text = " ".join(text.split())
    first = pattern.search(text) if pattern else None
    start = 0
    if first is not None and first.start() > 50:
        cut = text.rfind(" ", 0, first.start() - 30)
        start = cut + 1 if cut > 0 else first.start() - 30
    return ("…" if start else "") + text[start:start + width_chars]


class AnswerCellDelegate(QStyledItemDelegate):
    """Paints every cell of the answers table from :meth:`ResponsesModel.cells_at`; in the answer
    column, the words of the current search are highlighted."""

    def __init__(self, model, view: QTableView, text_column: int, right_columns: tuple[int, ...] = ()):  # type: ignore[no-untyped-def]
        super().__init__(view)
        self.model = model
        self.view = view
        self.text_column = text_column
        self.right_columns = frozenset(right_columns)
        self.terms: list[str] = []
        self.pattern: re.Pattern[str] | None = None
        self._bold: tuple[QFont, QFont, QFontMetrics] | None = None
        self._widest: tuple[QFont, int] | None = None

    def set_terms(self, terms: list[str]) -> None:
        self.terms = list(terms)
        self.pattern = highlight_pattern(self.terms)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row, column = index.row(), index.column()
        cells = self.model.cells_at(row)
        if cells is None:
            return
        view = self.view
        rect: QRect = option.rect
        # Row state from the view itself: testing the option's flags goes through Python's enum
        # machinery, which costs more than the rest of a cell's painting.
        group = QPalette.ColorGroup.Active if view.isActiveWindow() else QPalette.ColorGroup.Inactive
        palette = option.palette
        selected = view.selectionModel().isRowSelected(row, _ROOT)
        if selected:
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
        elif row & 1 and view.alternatingRowColors():
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        area = rect.adjusted(PADDING, 0, -PADDING, 0)
        if column == self.text_column and self.pattern is not None:
            entry = self.model.row_at(row)
            self._paint_matches(painter, option, area, visible_window(entry.text if entry else cells[column],
                                                                          self.pattern))
            return
        value = cells[column]
        text = value if isinstance(value, str) else f"{value:,}"
        if len(text) * self._max_char_width(option) > area.width():
            text = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, _RIGHT if column in self.right_columns else _LEFT, text)

    def _max_char_width(self, option: QStyleOptionViewItem) -> int:
        """The widest character of the view's font (to skip measuring texts that surely fit)."""
        font = option.font
        if self._widest is None or self._widest[0] != font:
            self._widest = (QFont(font), option.fontMetrics.maxWidth())
        return self._widest[1]

    def _paint_matches(self, painter: QPainter, option: QStyleOptionViewItem, area: QRect, text: str) -> None:
        """Draw ``text`` left to right in pieces, the matches in bold on a highlight; text that does not fit
        ends in an ellipsis at the cell's edge."""
        assert self.pattern is not None
        font = option.font
        if self._bold is None or self._bold[0] != font:
            bold = QFont(font)
            bold.setBold(True)
            self._bold = (QFont(font), bold, QFontMetrics(bold))
        _normal, bold, bold_metrics = self._bold
        metrics = option.fontMetrics
        painter.save()
        painter.setClipRect(area)
        baseline = area.top() + (area.height() - metrics.height()) // 2 + metrics.ascent()
        x, right, at = area.left(), area.right(), 0
        pen = painter.pen()
        pieces: list[tuple[str, bool]] = []
        for match in self.pattern.finditer(text):
            if match.start() > at:
                pieces.append((text[at:match.start()], False))
            pieces.append((match.group(), True))
            at = match.end()
        pieces.append((text[at:], False))
        for piece, is_match in pieces:
            if not piece:
                continue
            piece_metrics = bold_metrics if is_match else metrics
            width = piece_metrics.horizontalAdvance(piece)
            last = x + width > right + 1
            if last:  # the text goes on past the cell: end this piece with an ellipsis and stop
                piece = piece_metrics.elidedText(piece, Qt.TextElideMode.ElideRight, max(0, right + 1 - x))
                width = piece_metrics.horizontalAdvance(piece)
            if is_match:
                painter.fillRect(QRect(x, area.top() + 3, width, area.height() - 6), MATCH_BACKGROUND)
                painter.setFont(bold)
                painter.setPen(MATCH_TEXT)
                painter.drawText(x, baseline, piece)
                painter.setFont(font)
                painter.setPen(pen)
            else:
                painter.drawText(x, baseline, piece)
            x += width
            if last:
                break
        painter.restore()
