"""A thin, lazily paged table model over the store's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from consult_analyser.store import browse
if TYPE_CHECKING:
    from consult_analyser.store.answer_index import AnswerIndex
from consult_analyser.store.project import Project
from consult_analyser.store.responses import ResponseFilter, ResponseRow

PAGE = 200
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


class ResponsesModel(QAbstractTableModel):
    """Rows are answers matching a :class:`ResponseFilter`. Only the integer keys of all matching
    rows are held; the rows themselves are fetched a page at a time when a view asks for them."""

    COLUMNS = [
        ("respondent", "Respondent"),
        ("question", "Question"),
        ("sector", "Sector"),
        ("choice", "Choice"),
        ("text", "Answer"),
        ("codes", "Codes"),
        ("length", "Length"),
    ]
    COL_RESPONDENT, COL_QUESTION, COL_SECTOR, COL_CHOICE, COL_TEXT, COL_CODES, COL_LENGTH = range(7)
    RowRole = Qt.ItemDataRole.UserRole + 1  # the ResponseRow
    ResponseIdRole = Qt.ItemDataRole.UserRole + 2
    RespondentIdRole = Qt.ItemDataRole.UserRole + 3

    _ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                        RowRole, ResponseIdRole, RespondentIdRole})

    def __init__(self, project: Project, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.project = project
        self.filter = ResponseFilter()
        self.sort_key = "order"
        self.descending = False
        self._seqs: list[int] = []
        self._pages: dict[int, list[ResponseRow]] = {}
        self.sector_labels: dict[str, str] = {}
        self.answer_index: AnswerIndex | None = None  # in-memory keys of written answers, for large projects
        self.refresh()

    # ----------------------------------------------------------- data access
    def set_filter(self, f: ResponseFilter) -> None:
        self.filter = f
        self.refresh()

    def refresh(self) -> None:
        """Re-run the query (after a filter change or a write that affects rows)."""
        self.beginResetModel()
        self._seqs = self.matching_seqs()
        self._pages.clear()
        self.sector_labels = browse.sector_label_map(self.project)
        self.endResetModel()

    def matching_seqs(self) -> list[int]:
        """Keys of the matching answers: from the in-memory index when it can answer, else SQL."""
        if self.answer_index is not None:
            from consult_analyser.store.answer_index import filter_index

            found = filter_index(self.project, self.answer_index, self.filter, self.sort_key, self.descending)
            if found is not None:
                return found
        return browse.list_seqs(self.project, self.filter, self.sort_key, self.descending)

    def set_index(self, index: AnswerIndex | None) -> None:
        self.answer_index = index

    def invalidate_rows(self) -> None:
        """Drop cached rows (e.g. codes changed) without changing which rows match."""
        self._pages.clear()
        if self._seqs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seqs) - 1, len(self.COLUMNS) - 1))

    def row_at(self, row: int) -> ResponseRow | None:
        if not 0 <= row < len(self._seqs):
            return None
        page = row // PAGE
        if page not in self._pages:
            self._pages[page] = browse.fetch_rows(self.project, self._seqs[page * PAGE:(page + 1) * PAGE])
            if len(self._pages) > 50:  # keep memory bounded when scrolling far
                self._pages.pop(next(iter(self._pages)))
        rows = self._pages[page]
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def row_of_response(self, response_id: str) -> int:
        seq = browse.response_seq(self.project, response_id)
        try:
            return self._seqs.index(seq)
        except ValueError:
            return -1

    # ----------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if role not in self._ROLES or not index.isValid():  # views ask for many roles per cell: answer fast
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() == self.COL_LENGTH else None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == self.RowRole:
            return row
        if role == self.ResponseIdRole:
            return row.id
        if role == self.RespondentIdRole:
            return row.respondent_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_RESPONDENT:
                return row.respondent_name or row.external_id
            if column == self.COL_QUESTION:
                return row.question_key
            if column == self.COL_SECTOR:
                return self.sector_labels.get(row.sector, row.sector or "—")
            if column == self.COL_CHOICE:
                return row.choice
            if column == self.COL_TEXT:
                text = row.text.replace("\n", " ")
                return text if len(text) < 300 else text[:300] + "…"
            if column == self.COL_CODES:
                return ", ".join(row.codes)
            if column == self.COL_LENGTH:
                return len(row.text)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TEXT:
            return row.text[:2000]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_SECTOR and row.sector_source:
            return f"source: {row.sector_source}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_LENGTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column][0] if 0 <= column < len(self.COLUMNS) else "order"
        self.sort_key = "order" if key == "codes" else key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
