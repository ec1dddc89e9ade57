"""A question's themes as a table: label, respondents, share, status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from consult_analyser.domain import percent
from consult_analyser.store import themes as store_themes
from consult_analyser.ui.models.row_list_model import Index, RowListModel
from consult_analyser.ui.widgets.theme_detail import STATUS_COLOURS


class ThemeTableModel(RowListModel):
    COLUMNS = ("Theme", "Respondents", "Share", "Status")

    def __init__(self, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.rows: list[store_themes.ThemeSummary] = []
        self.depth: dict[str, int] = {}

    def set_rows(self, rows: list[store_themes.ThemeSummary]) -> None:
        """Rows as a tree in table form: each theme (largest first) followed by its sub-themes."""
        self.beginResetModel()
        self.rows = tree_order(rows)
        self.depth = {r.theme.id: _depth(r, {x.theme.id: x for x in rows}) for r in rows}
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if not index.isValid():
            return None
        summary = self.rows[index.row()]
        theme = summary.theme
        status = theme.status.value if hasattr(theme.status, "value") else str(theme.status)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "    " * self.depth.get(theme.id, 0) + theme.label
            if column == 1:
                return f"{summary.answers:,}"
            if column == 2:
                return percent(summary.share)
            if column == 3:
                return ("✓ " if status == "signed_off" else "") + store_themes.STATUS_WORDS.get(status, status)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QColor(STATUS_COLOURS.get(status, "#5f6877"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return theme.description or ", ".join(theme.keywords[:8]) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def tree_order(rows: list[store_themes.ThemeSummary]) -> list[store_themes.ThemeSummary]:
    """Parents before their children, siblings largest first (``rows`` come largest first)."""
    ids = {r.theme.id for r in rows}
    children: dict[str | None, list[store_themes.ThemeSummary]] = {}
    for r in rows:
        parent = r.theme.parent_id if r.theme.parent_id in ids else None
        children.setdefault(parent, []).append(r)
    out: list[store_themes.ThemeSummary] = []

    def walk(parent: str | None) -> None:
        for r in children.get(parent, []):
            out.append(r)
            walk(r.theme.id)

    walk(None)
    return out


def _depth(row: store_themes.ThemeSummary, by_id: dict[str, store_themes.ThemeSummary]) -> int:
    depth, parent = 0, row.theme.parent_id
    while parent in by_id and depth < 10:
        depth += 1
        parent = by_id[parent].theme.parent_id
    return depth
