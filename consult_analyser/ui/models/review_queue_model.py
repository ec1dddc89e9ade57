"""The Sector review's queue as a table model: who each respondent is, their declared type, the sector in effect,
where it came from and how sure; and the delegate that cuts a long name in its middle."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from consult_analyser.pipeline.sectors.run import shown_name
from consult_analyser.store.browse import ReviewRow
from consult_analyser.ui.models.row_list_model import Index, RowListModel


class ReviewQueueModel(RowListModel):
    COLUMNS = ("Respondent", "Declared type", "Sector", "Source", "Confidence")

    def __init__(self, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.rows: list[ReviewRow] = []
        self.labels: dict[str, str] = {}

    def set_rows(self, rows: list[ReviewRow], labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.labels = rows, labels
        self.endResetModel()

    def update_rows(self, fresh: list[ReviewRow]) -> None:
        by_id = {r.respondent_id: r for r in fresh}
        for i, row in enumerate(self.rows):
            if row.respondent_id in by_id:
                self.rows[i] = by_id[row.respondent_id]
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        done = row.source == "analyst"
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return ("✓ " if done else "") + shown_name(row)
            if column == 1:
                return row.declared_type or "—"
            if column == 2:
                return self.labels.get(row.sector, row.sector or "Not classified")
            if column == 3:
                return "analyst" if done else row.source or "—"
            if column == 4:  # (no confidence in a sector not chosen: "—", not "0%")
                return "" if done else f"{row.confidence:.0%}" if row.sector else "—"
        if role == Qt.ItemDataRole.ForegroundRole and done:
            return QColor("#5f6877")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return row.detail or None
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 1, 2):  # a long name or label, whole
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None


class MiddleElided(QStyledItemDelegate):
    """A cell whose text too long for it is cut in its middle, its start and end shown: a respondent's name
    ("Sc Department Of ... Control"), where a label ("Business or private sector") reads best by its start."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
