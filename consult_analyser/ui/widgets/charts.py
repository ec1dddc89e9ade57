"""Small charts painted with QPainter (PySide6-Essentials has no QtCharts): horizontal bars, and
horizontal stacked bars with a legend. Both follow the palette, so they work light or dark."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from consult_analyser.domain import percent

# Tableau 10 (its light grey kept for the unclassified alone: the tenth sector, "Other public body",
# looked like them) and two more: distinct and colour-blind aware.
UNCLASSIFIED_GREY = "#bab0ac"
SERIES = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
          "#79706e", "#5b4e9a", "#d37295")


def series_colour(i: int) -> str:
    return SERIES[i % len(SERIES)]


def sector_colours(taxonomy_keys: list[str]) -> dict[str, str]:
    """One colour per sector, by its place in the taxonomy, so a sector looks the same in every chart;
    respondents not classified yet are grey."""
    colours = {key: series_colour(i) for i, key in enumerate(taxonomy_keys)}
    colours.update({"": UNCLASSIFIED_GREY, "unclassified": UNCLASSIFIED_GREY})
    return colours


@dataclass
class Bar:
    label: str
    value: float
    colour: str = ""
    note: str = ""  # shown after the value, e.g. "12%"
    segments: tuple[tuple[str, float], ...] = ()  # (series key, value) for stacked bars


class BarChart(QWidget):
    """Horizontal bars, label on the left, value on the right. ``clicked(index)`` when a bar is clicked."""

    clicked = Signal(int)

    ROW = 26

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.percent = False
        self.full: float | None = None
        self.selected = -1
        self.series_colours: dict[str, str] = {}
        self.series_labels: dict[str, str] = {}
        self.legend = False
        self.label_width = 0
        #: with a width, labels are shown whole as long as the bars keep this many pixels (see :meth:`columns`)
        self.bar_room = 0
        self.empty_text = "Nothing to show yet"  # what an empty chart says (a view may say what fills it)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # ------------------------------------------------------------------ data
    def set_bars(self, bars: list, *, percent: bool = False, full: float | None = None) -> None:
        """``bars``: Bar objects or (label, value) pairs. ``full``: the value a bar across the whole
        width stands for (1.0 for progress: a full bar is 100%, not the best of the bars); by
        default the largest value."""
        self.bars = [b if isinstance(b, Bar) else Bar(str(b[0]), float(b[1])) for b in bars]
        self.percent = percent
        self.full = full
        self.selected = min(self.selected, len(self.bars) - 1)
        self.updateGeometry()
        self.update()

    def set_series(self, colours: dict[str, str], labels: dict[str, str] | None = None, *, legend: bool = True) -> None:
        """Colours (and display names) of the stacked segments' keys."""
        self.series_colours = colours
        self.series_labels = labels or {}
        self.legend = legend
        self.updateGeometry()
        self.update()

    def select(self, index: int) -> None:
        self.selected = index
        self.update()

    # ---------------------------------------------------------------- layout
    def _legend_height(self) -> int:
        # no legend over an empty chart: it overlapped the chart's message ("No themes yet: ...")
        if not self.legend or not self.series_colours or not self.bars:
            return 0
        return len(self._legend_lines(max(200, self.width()))) * 20 + 6

    def _legend_lines(self, width: int) -> list[list[tuple[str, str]]]:
        metrics = QFontMetrics(self.font())
        lines: list[list[tuple[str, str]]] = [[]]
        x = 0
        for key, colour in self.series_colours.items():
            text = self.series_labels.get(key, key)
            item = 18 + metrics.horizontalAdvance(text) + 14
            if x + item > width and lines[-1]:
                lines.append([])
                x = 0
            lines[-1].append((text, colour))
            x += item
        return lines

    def sizeHint(self) -> QSize:
        return QSize(420, max(40, self._legend_height() + len(self.bars) * self.ROW + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, min(self.sizeHint().height(), 3 * self.ROW + self._legend_height()))

    def _row_at(self, y: float) -> int:
        row = int((y - self._legend_height() - 4) // self.ROW)
        return row if 0 <= row < len(self.bars) else -1

    # ----------------------------------------------------------------- paint
    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = QFontMetrics(self.font())
        width = self.width()
        top = self._legend_height()
        if top:
            y = 4
            for line in self._legend_lines(width):
                x: float = 0
                for label, colour in line:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor(colour))
                    painter.drawRoundedRect(QRectF(x, y + 3, 12, 12), 3, 3)
                    painter.setPen(muted)
                    painter.drawText(QRectF(x + 17, y, 1000, 18), Qt.AlignmentFlag.AlignVCenter, label)
                    x += 18 + metrics.horizontalAdvance(label) + 14
                y += 20
        if not self.bars:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        values = [self._value_text(b) for b in self.bars]
        label_width, value_width = self.columns(width)
        labels = self.shown_labels(width)
        maximum = max(self.full or 0.0, max((b.value for b in self.bars), default=0)) or 1.0
        area = max(10, width - label_width - value_width - 6)
        for i, bar in enumerate(self.bars):
            y = top + 4 + i * self.ROW
            if i == self.selected:
                highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
                highlight.setAlpha(40)
                # with the keyboard's focus, the chosen bar is outlined too (as a focused list's row is)
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2) if self.hasFocus()
                               else Qt.PenStyle.NoPen)
                painter.setBrush(highlight)
                painter.drawRoundedRect(QRectF(1, y + 1, width - 2, self.ROW - 4), 4, 4)
            painter.setPen(text)
            label = labels[i]
            painter.drawText(QRectF(4, y, label_width - 8, self.ROW - 2),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            length = area * (bar.value / maximum)
            rect = QRectF(label_width, y + 5, max(length, 2 if bar.value else 0), self.ROW - 12)
            painter.setPen(Qt.PenStyle.NoPen)
            if bar.segments:
                x = rect.x()
                total = sum(v for _, v in bar.segments) or 1
                for key, value in bar.segments:
                    w = rect.width() * value / total
                    painter.setBrush(QColor(self.series_colours.get(key, "#bab0ac")))
                    painter.drawRect(QRectF(x, rect.y(), w, rect.height()))
                    x += w
            else:
                painter.setBrush(QColor(bar.colour or palette.color(QPalette.ColorRole.Highlight).name()))
                painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(muted)
            painter.drawText(QRectF(rect.right() + 6, y, value_width + 40, self.ROW - 2),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, values[i])

    def columns(self, width: int) -> tuple[int, int]:
        """(label column, value column) widths for a chart ``width`` pixels wide: the labels' own
        width up to 42 % of it, or the fixed ``label_width``, which never squeezes the bars and their
        values out of a narrow panel (a third of the width stays for the bars). With ``bar_room``,
        the labels' own width (up to ``label_width``, if set) as long as the bars keep that room."""
        metrics = QFontMetrics(self.font())
        value_width = max((metrics.horizontalAdvance(self._value_text(b)) for b in self.bars), default=0) + 10
        own = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0) + 12
        if self.bar_room:
            room = max(int(width * 0.3), width - value_width - 6 - self.bar_room)
            return min(own, room, self.label_width or own), value_width
        fitted = min(int(width * 0.42), own)
        if not self.label_width:
            return fitted, value_width
        return min(self.label_width, max(fitted, width - value_width - 6 - width // 3)), value_width

    def whole_width(self) -> int:
        """The least width at which every label is shown whole (with ``bar_room``: beside bars that
        keep their room); an empty chart's is its message's."""
        metrics = QFontMetrics(self.font())
        if not self.bars:
            return min(metrics.horizontalAdvance(self.empty_text) + 12, 300)
        value_width = max(metrics.horizontalAdvance(self._value_text(b)) for b in self.bars) + 10
        own = max(metrics.horizontalAdvance(b.label) for b in self.bars) + 12
        if self.bar_room:
            return own + value_width + 6 + self.bar_room
        return -(-own * 100 // 42)  # the labels take at most 42 % of the width

    def shown_labels(self, width: int | None = None) -> list[str]:
        """Each bar's label as drawn at ``width`` (the chart's own by default): elided ("…") where
        its column is too narrow."""
        metrics = QFontMetrics(self.font())
        label_width = self.columns(self.width() if width is None else width)[0]
        return [metrics.elidedText(b.label, Qt.TextElideMode.ElideRight, label_width - 10) for b in self.bars]

    def _value_text(self, bar: Bar) -> str:
        value = percent(bar.value) if self.percent else f"{bar.value:,.0f}"
        return f"{value}  {bar.note}" if bar.note else value

    # ----------------------------------------------------------------- mouse
    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        row = self._row_at(event.position().y())
        if row < 0:
            QToolTip.hideText()
            return
        bar = self.bars[row]
        lines = [f"{bar.label}: {self._value_text(bar)}"]
        total = sum(v for _, v in bar.segments)
        for key, value in sorted(bar.segments, key=lambda kv: -kv[1]):
            if value:
                lines.append(f"  {self.series_labels.get(key, key)}: {value:,.0f} ({percent(value / total)})")
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)

    def connectNotify(self, signal) -> None:  # type: ignore[no-untyped-def]
        """A chart whose bars open something takes the keyboard's focus (Tab), as a list would."""
        if signal.name() == b"clicked":
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        super().connectNotify(signal)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Up and Down choose a bar, Enter or Space opens it (what a click does)."""
        key = event.key()
        if self.bars and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End):
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(key)
            row = (0 if key == Qt.Key.Key_Home else len(self.bars) - 1) if step is None else \
                min(len(self.bars) - 1, max(0, self.selected + step))
            self.select(row)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and 0 <= self.selected < len(self.bars):
            self.clicked.emit(self.selected)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.selected < 0 and self.bars:
            self.selected = 0
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.update()
        super().focusOutEvent(event)

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        row = self._row_at(event.position().y())
        if row >= 0:
            self.select(row)
            self.clicked.emit(row)
