"""A thin, lazily paged table model over the store's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from consult_analyser.store import browse
from consult_analyser.store import responses as store_responses

if TYPE_CHECKING:
    import numpy as np

    from consult_analyser.store.answer_index import AnswerIndex
from consult_analyser.store.project import Project
from consult_analyser.store.responses import ResponseFilter, ResponseRow

PAGE = 64  # rows fetched at a time: a screenful and a bit (the first page is fetched after every filter)
MAX_PAGES = 150  # pages of rows kept in memory when scrolling far
TEXT_CHARS = 300  # characters of an answer shown in its cell
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex
Cells = tuple[str, str, str, str, str, str, int]


class ResponsesModel(QAbstractTableModel):
    """Rows are answers matching a :class:`ResponseFilter`. Only the integer keys of all matching
    rows are held (a list, or an array when the in-memory index answered); the rows themselves are fetched a page at a time when a view asks
    for them, and their cell texts are worked out once per fetched row."""

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

    _DISPLAY = int(Qt.ItemDataRole.DisplayRole)
    _TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
    _ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
    _ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, int(RowRole), int(ResponseIdRole), int(RespondentIdRole)})

    def __init__(self, project: Project, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.project = project
        self.filter = ResponseFilter()
        self.sort_key = "order"
        self.descending = False
        self._seqs: list[int] | np.ndarray = []  # a list, or an array from the answer index
        self._pages: dict[int, list[tuple[ResponseRow, Cells]]] = {}
        self.sector_labels: dict[str, str] = {}
        self.answer_index: AnswerIndex | None = None  # in-memory keys of written answers, for large projects
        self.refresh()

    # ----------------------------------------------------------- data access
    def set_filter(self, f: ResponseFilter) -> None:
        self.filter = f
        self.refresh()

    def refresh(self) -> None:
        """Re-run the query (after a filter change or a write that affects rows). The table is
        reset: with fixed row heights that costs the view nothing per row."""
        seqs = self.matching_seqs()
        labels = browse.sector_label_map(self.project)
        self.beginResetModel()
        self._seqs = seqs
        self._pages.clear()
        self.sector_labels = labels
        self.endResetModel()

    def matching_seqs(self) -> list[int] | np.ndarray:
        """Keys of the matching answers: from the in-memory index when it can answer, else SQL."""
        if self.answer_index is not None:
            from consult_analyser.store.answer_index import filter_index_array

            found = filter_index_array(self.project, self.answer_index, self.filter, self.sort_key, self.descending)
            if found is not None:
                return found
        return store_responses.list_seqs(self.project, self.filter, self.sort_key, self.descending)

    def set_index(self, index: AnswerIndex | None) -> None:
        self.answer_index = index

    def invalidate_rows(self) -> None:
        """Drop cached rows (e.g. codes changed) without changing which rows match."""
        self._pages.clear()
        if len(self._seqs):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seqs) - 1, len(self.COLUMNS) - 1))

    def _entry(self, row: int) -> tuple[ResponseRow, Cells] | None:
        if not 0 <= row < len(self._seqs):
            return None
        page = row // PAGE
        entries = self._pages.get(page)
        if entries is None:
            keys = self._seqs[page * PAGE:(page + 1) * PAGE]
            rows = store_responses.fetch_rows(self.project, keys if isinstance(keys, list) else keys.tolist())
            entries = self._pages[page] = [(r, self._cells(r)) for r in rows]
            if len(self._pages) > MAX_PAGES:  # keep memory bounded when scrolling far
                self._pages.pop(next(iter(self._pages)))
        offset = row - page * PAGE
        return entries[offset] if offset < len(entries) else None

    def _cells(self, row: ResponseRow) -> Cells:
        text = " ".join(row.text[:TEXT_CHARS * 2].split())
        return (row.respondent_name or row.external_id, row.question_key,
                self.sector_labels.get(row.sector, row.sector or "—"), row.choice,
                text if len(text) < TEXT_CHARS else text[:TEXT_CHARS] + "…", ", ".join(row.codes), len(row.text))

    def row_at(self, row: int) -> ResponseRow | None:
        entry = self._entry(row)
        return entry[0] if entry else None

    def cells_at(self, row: int) -> Cells | None:
        """The texts shown in a row's cells (what ``data`` gives for the display role)."""
        entry = self._entry(row)
        return entry[1] if entry else None

    def row_of_response(self, response_id: str) -> int:
        seq = browse.response_seq(self.project, response_id)
        if seq is None:
            return -1
        if isinstance(self._seqs, list):
            return self._seqs.index(seq) if seq in self._seqs else -1
        found = (self._seqs == seq).nonzero()[0]
        return int(found[0]) if len(found) else -1

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
        role = int(role)
        if role not in self._ROLES:  # views ask for many roles per cell: answer fast
            return None
        column = index.column()
        if role == self._ALIGN:
            return _RIGHT if column == self.COL_LENGTH else None
        entry = self._entry(index.row())
        if entry is None:
            return None
        row, cells = entry
        if role == self._DISPLAY:
            return cells[column]
        if role == self.RowRole:
            return row
        if role == self.ResponseIdRole:
            return row.id
        if role == self.RespondentIdRole:
            return row.respondent_id
        if column == self.COL_TEXT:  # tooltip
            return row.text[:2000]
        if column == self.COL_SECTOR and row.sector_source:
            return f"source: {row.sector_source}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column][0] if 0 <= column < len(self.COLUMNS) else "order"
        self.sort_key = "order" if key == "codes" else key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
