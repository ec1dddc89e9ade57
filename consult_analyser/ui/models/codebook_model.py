"""The codebook as a Qt tree model: names, counts and descriptions; drag and drop asks for a move."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from consult_analyser.domain import Code
from consult_analyser.store import codebook, codings
from consult_analyser.store.project import Project
from consult_analyser.ui.widgets.code_picker import colour_icon

MIME = "application/x-consult-code-ids"
Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Node:
    code: Code | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class CodebookModel(QAbstractItemModel):
    """Columns: name (editable; colour swatch), answers coded (this code and its sub-codes), description.
    Dropping codes emits ``move_requested(ids, parent id or None, position)`` and ``rename_requested``
    is emitted on edit; the view turns both into undoable operations and the model reloads on change."""

    COLUMNS = ("Code", "Answers", "Description")
    COL_NAME, COL_COUNT, COL_DESCRIPTION = range(3)
    CodeIdRole = Qt.ItemDataRole.UserRole + 1

    move_requested = Signal(list, object, object)  # ids, parent id | None, position | None
    rename_requested = Signal(str, str)  # id, new name

    def __init__(self, project: Project, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.project = project
        self.root = _Node(None)
        self.nodes: dict[str, _Node] = {}
        self.counts: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.root = _Node(None)
        self.nodes = {}
        code_list = codebook.list_codes(self.project)
        for code in code_list:
            self.nodes[code.id] = _Node(code)
        for code in code_list:
            node = self.nodes[code.id]
            parent = self.nodes.get(code.parent_id or "", self.root)
            node.parent = parent
            parent.children.append(node)
        self.counts = codings.code_counts(self.project)
        self.totals = {}
        for code in reversed(code_list):  # children come after parents in tree order
            total = self.counts.get(code.id, 0) + sum(self.totals.get(c.code.id, 0) for c in self.nodes[code.id].children
                                                      if c.code)
            self.totals[code.id] = total
        self.endResetModel()

    def index_of(self, code_id: str, column: int = 0) -> QModelIndex:
        node = self.nodes.get(code_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), column, node)

    def code_at(self, index: Index) -> Code | None:
        return index.internalPointer().code if index.isValid() else None  # type: ignore[union-attr]

    # --------------------------------------------------------------- structure
    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self.root  # type: ignore[return-value]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < len(self.COLUMNS):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()  # type: ignore[assignment]
        parent = node.parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        code = self.code_at(index)
        if code is None:
            return None
        column = index.column()
        if role == self.CodeIdRole:
            return code.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.COL_NAME:
                return code.name
            if column == self.COL_COUNT:
                own, total = self.counts.get(code.id, 0), self.totals.get(code.id, 0)
                return f"{own:,}" if own == total else f"{own:,}  ({total:,})"
            if column == self.COL_DESCRIPTION:
                return code.description.replace("\n", " ")
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_NAME:
            return colour_icon(code.colour, 14)
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.description or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # type: ignore[no-untyped-def, override]
        code = self.code_at(index)
        if code is None or role != Qt.ItemDataRole.EditRole or index.column() != self.COL_NAME:
            return False
        name = str(value).strip()
        if name and name != code.name:
            self.rename_requested.emit(code.id, name)
        return False  # the model reloads when the rename is saved

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == self.COL_NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # ------------------------------------------------------------ drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list) -> QMimeData:  # type: ignore[override]
        ids = list(dict.fromkeys(self.data(i, self.CodeIdRole) for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(MIME, json.dumps(ids).encode())
        return mime

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not data.hasFormat(MIME):
            return False
        ids = json.loads(bytes(data.data(MIME).data()).decode())
        self.request_move(ids, self.code_at(parent).id if parent.isValid() else None, row)  # type: ignore[union-attr]
        return False  # nothing to remove: the store moves the codes and the model reloads

    def request_move(self, ids: list[str], parent_id: str | None, row: int) -> None:
        """Translate a drop row (among the parent's current children) into the store's position."""
        node = self.nodes.get(parent_id or "", self.root) if parent_id else self.root
        if row < 0:
            position = None
        else:
            before = [c.code.id for c in node.children[:row] if c.code]
            position = len([c for c in before if c not in ids])
        self.move_requested.emit(ids, parent_id, position)
