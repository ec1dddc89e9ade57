"""The sectors a consultation reports by, for an analyst to confirm: each sector's side (individual
or organisation) with the reason it was read so, and merging two sectors that are one kind (a
second file's words for it: "County council" beside the survey's "Local authority").

The same core functions as ``sectors --side`` and ``sectors --merge``
(:func:`~consult_analyser.pipeline.sectors.run.set_sector_side`,
:func:`~consult_analyser.pipeline.sectors.run.merge_sectors`); the next classification uses them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.project import Changes
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.widgets.ask import ask_item

HEADERS = ["Sector", "Counted as", "Why", "Respondents"]


class SectorListDialog(QDialog):
    """Sectors with their side and its reason; confirm a side or merge a sector into another."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Sectors")
        self.changed = False
        note = QLabel("Each sector counts respondents as individuals or as organisations; the reason says what "
                      "decided it. Confirm each, and merge two sectors that are one kind (two files' words for "
                      "it). Retrain with corrections afterwards to place everyone again.")
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Sectors")
        self.individual_button = QPushButton("Individuals")
        self.individual_button.setToolTip("Confirm the selected sector as a category of individuals")
        self.individual_button.clicked.connect(lambda: self.confirm_side(False))
        self.organisation_button = QPushButton("Organisations")
        self.organisation_button.setToolTip("Confirm the selected sector as a category of organisations")
        self.organisation_button.clicked.connect(lambda: self.confirm_side(True))
        self.merge_button = QPushButton("Merge into…")
        self.merge_button.setToolTip("Merge the selected sector into another: its respondents and the declared "
                                     "types that named it go with it")
        self.merge_button.clicked.connect(self.ask_merge)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Selected sector counts:"))
        actions.addWidget(self.individual_button)
        actions.addWidget(self.organisation_button)
        actions.addStretch(1)
        actions.addWidget(self.merge_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self.reload()

    def reload(self) -> None:
        sectors = store_sectors.taxonomy(self.ctx.project)
        reasons = store_sectors.side_reasons(self.ctx.project)
        counts = store_sectors.counts_by_sector(self.ctx.project)
        self.keys = [s.key for s in sectors]
        self.labels = {s.key: s.label for s in sectors}
        self.table.setRowCount(len(sectors))
        for row, sector in enumerate(sectors):
            cells = [sector.label, {True: "organisations", False: "individuals", None: "either side"}[sector.is_organisation],
                     reasons.get(sector.key, "shipped taxonomy"), f"{counts.get(sector.key, 0):,}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        if sectors and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def selected_key(self) -> str | None:
        row = self.table.currentRow()
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def confirm_side(self, is_organisation: bool) -> None:
        from consult_analyser.pipeline.sectors.run import set_sector_side

        key = self.selected_key()
        if key is None:
            return
        set_sector_side(self.ctx.project, key, is_organisation)
        self._done(f"{self.labels[key]!r} confirmed as a category of "
                   f"{'organisations' if is_organisation else 'individuals'}")

    def ask_merge(self) -> None:
        key = self.selected_key()
        if key is None or len(self.keys) < 2:
            return
        others = [self.labels[k] for k in self.keys if k != key]
        chosen, ok = ask_item(self, "Merge sector", f"Merge {self.labels[key]!r} into:", others)
        if ok and chosen:
            self.merge(key, next(k for k in self.keys if k != key and self.labels[k] == chosen))

    def merge(self, key: str, into: str) -> None:
        from consult_analyser.pipeline.sectors.run import merge_sectors

        try:
            merge_sectors(self.ctx.project, key, into)
        except ValueError as exc:
            QMessageBox.warning(self, "Merge sector", str(exc))
            return
        self._done(f"{self.labels[key]!r} merged into {self.labels[into]!r}")

    def _done(self, said: str) -> None:
        self.changed = True
        self.ctx.notify(Changes({"sectors", "sector_assignments"}))
        self.ctx.status.emit(f"{said}; retrain with corrections to place everyone again")
        self.reload()
