"""Auto-coding suggestions for one question, to accept (A) or reject (X), one or many at a time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions.coding import AcceptSuggestions
from consult_analyser.domain import confidence_percent, counted
from consult_analyser.store import browse, codebook, suggestions
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import Suggestion
from consult_analyser.ui.models.row_list_model import Index, RowListModel
from consult_analyser.ui.widgets.ask import ask_yes
from consult_analyser.ui.widgets.code_picker import colour_icon

if TYPE_CHECKING:
    from consult_analyser.pipeline.coding.autocode import AutocodeResult

LIMIT = 1000  # rows listed; counts and "Accept all" read the store, not the list
#: "Accept all ≥ 90%" takes what the list shows as 90% or more (confidences are shown rounded down), as
#: ``autocode --accept-above 0.9`` does
CONFIDENT = 0.9


class SuggestionsModel(RowListModel):
    COLUMNS = ("Answer", "Suggested code", "Confidence")

    def __init__(self, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.rows: list[Suggestion] = []
        self.texts: dict[str, tuple[str, str]] = {}
        self.paths: dict[str, str] = {}
        self.colours: dict[str, str] = {}

    def load(self, project: Project, question_id: str | None) -> None:
        self.beginResetModel()
        self.rows = suggestions.list_suggestions(project, question_id=question_id)[:LIMIT] if question_id else []
        self.texts = browse.answer_texts(project, list({s.response_id for s in self.rows}))
        self.paths = codebook.code_paths(project)
        self.colours = {c.id: c.colour for c in codebook.list_codes(project)}
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        column = index.column()
        external, text = self.texts.get(s.response_id, ("", ""))
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return " ".join(text.split())[:300]
            if column == 1:
                return self.paths.get(s.code_id, "?").split(" > ")[-1]
            if column == 2:
                return confidence_percent(s.confidence)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{external}: {text[:1500]}" if column == 0 else f"{self.paths.get(s.code_id, '')}\n{s.model}"
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return colour_icon(self.colours.get(s.code_id, "#8a94a6"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SuggestionsPanel(QWidget):
    """Emits ``decide(pairs, accept)``, ``run_requested()`` and ``check_requested()``; the view runs
    the operations and tasks."""

    decide = Signal(list, bool)
    #: suggestions accepted together at a confidence or more, unread one by one (pairs, the confidence)
    accept_in_bulk = Signal(list, float)
    run_requested = Signal()
    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = SuggestionsModel(self)
        self.project: Project | None = None
        self.question_id: str | None = None
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(2, 90)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, tip, slot in (("Accept (A)", "Accept the selected suggestions", lambda: self._decide(True)),
                                ("Reject (X)", "Reject the selected suggestions", lambda: self._decide(False)),
                                ("Accept all ≥ 90%", "Accept every suggestion with confidence of 90% or more",
                                 self._accept_confident)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.run_button = QPushButton("Suggest codes")
        self.run_button.setToolTip("Learn from the answers coded so far and suggest codes for the rest "
                                   "(runs in the background)")
        self.run_button.clicked.connect(self.run_requested.emit)
        buttons.addWidget(self.run_button)
        self.check_button = QPushButton("Check suggestions")
        self.check_button.setToolTip("Hide the codings made so far a share at a time, suggest them again and compare "
                                     "with a plain baseline: how far to trust the suggestions (changes nothing)")
        self.check_button.clicked.connect(self.check_requested.emit)
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        # what the last "Suggest codes" did, kept under the table (the status bar's line went by unseen in a trial)
        self.last_run = QLabel()
        self.last_run.setWordWrap(True)
        self.last_run.setProperty("role", "small")
        self.last_run.hide()
        layout.addWidget(self.last_run)
        self._runs: dict[str, str] = {}
        for key, accept in (("A", True), ("X", False)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda a=accept: self._decide(a))

    def load(self, project: Project, question_id: str | None) -> None:
        self.project, self.question_id = project, question_id
        self.model.load(project, question_id)
        counts = suggestions.status_counts(project, question_id) if question_id else {}
        n = counts.get("pending", 0)
        self.note.setText(
            counted(n, "pending suggestion") + (f" (the {LIMIT:,} most confident shown)" if n > LIMIT else "")
            + f"; {counts.get('accepted', 0):,} accepted, {counts.get('rejected', 0):,} rejected so far."
            " Suggestions come from the answers you coded; rejected ones are not made again.")
        self._show_last_run()

    def show_run(self, question_id: str | None, result: AutocodeResult) -> str:
        """Say under the table what a "Suggest codes" run did (kept for its question); returns the status bar's line."""
        when = datetime.now().strftime("%H:%M")
        if question_id:
            self._runs[question_id] = f"Suggest codes finished at {when}: {result.summary()}"
            self._show_last_run()
        if result.skipped:
            return f"Suggest codes finished: {result.summary()}"
        return (f"Suggest codes finished: {counted(result.suggestions, 'suggestion')} for "
                f"{counted(result.suggested_answers, 'answer')} of {result.question_key} (details under the table)")

    def _show_last_run(self) -> None:
        text = self._runs.get(self.question_id or "", "")
        self.last_run.setText(text)
        self.last_run.setVisible(bool(text))

    def _decide(self, accept: bool) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        pairs = [(self.model.rows[r].response_id, self.model.rows[r].code_id) for r in rows]
        if pairs:
            self.decide.emit(pairs, accept)
            if rows and self.model.rowCount():
                self.table.selectRow(min(rows[0], self.model.rowCount() - 1))

    def _accept_confident(self) -> None:
        if self.project is None or not self.question_id:
            return
        # every one of the question's, not only those listed; in an analyst's copy, theirs (see above())
        pairs = AcceptSuggestions.above(self.project, CONFIDENT, question_id=self.question_id).pairs
        if pairs and self.confirm_bulk(len(pairs)):
            self.accept_in_bulk.emit(pairs, CONFIDENT)

    def confirm_bulk(self, n: int) -> bool:
        """Ask before coding many answers at once (it coded 23 answers with no question asked)."""
        return ask_yes(
            self, "Accept suggestions", f"Accept {n:,} suggestion(s) with confidence of 90% or more as codings? "
            "Check a few first: confidence is the model's, and Check suggestions says how far to trust it. "
            "Edit > Undo takes them back.")
