"""All answers in one table: filters, full-text search with highlights, sorting, column chooser."""

from __future__ import annotations

import textwrap
import time

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.domain import counted
from consult_analyser.store import browse, codebook
from consult_analyser.store import questions as store_questions
from consult_analyser.store.responses import ResponseFilter, highlight_terms
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.models.responses_model import ResponsesModel
from consult_analyser.ui.tasks import Task
from consult_analyser.ui.widgets.answer_cells import AnswerCellDelegate
from consult_analyser.ui.widgets.code_picker import colour_icon

INDEX_THRESHOLD = 2_000  # answers: above this, filtering uses the in-memory index once it is loaded
INSTANT_FILTER_MS = 40  # a search that took less than this runs at every key; slower ones wait for a pause
MAX_TYPING_PAUSE_MS = 250


class ResponsesView(QWidget):
    title = "Responses"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = ResponsesModel(ctx.project, self)
        self.search = QLineEdit(placeholderText="Search answers (words, \"phrases\", prefix*)…  Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.question = QComboBox()
        self.sector = QComboBox()
        self.theme = QComboBox()
        self.code = QComboBox()
        self.campaign = QComboBox()
        self.review = QComboBox()
        self.combos = (self.question, self.sector, self.theme, self.code, self.campaign, self.review)
        for combo in self.combos:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        self.columns_button = QToolButton()
        self.columns_button.setText("Columns")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.clear_button)
        top.addWidget(self.columns_button)
        bar = QHBoxLayout()
        for label, combo in (("Question", self.question), ("Sector", self.sector), ("Theme", self.theme),
                             ("Code", self.code), ("Campaigns", self.campaign), ("Status", self.review)):
            caption = QLabel(label)
            caption.setProperty("role", "muted")
            bar.addWidget(caption)
            bar.addWidget(combo, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one height for all rows: no per-row layout
        rows.setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ResponsesModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 220), (1, 78), (2, 170), (3, 150), (5, 170), (6, 64)):
            self.table.setColumnWidth(col, width)
        self.delegate = AnswerCellDelegate(self.model, self.table, ResponsesModel.COL_TEXT, (ResponsesModel.COL_LENGTH,))
        self.table.setItemDelegate(self.delegate)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._filter_ms = 0.0  # how long the last filter took: decides whether to wait for a pause in typing
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start(self.typing_pause_ms()))
        for combo in self.combos:
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.question.currentIndexChanged.connect(lambda _i: self._reload_themes())
        self._build_column_menu()
        self.reload_choices()
        self.ctx.changed.connect(self.on_changed)
        self._update_count()
        self._index_task: Task | None = None
        # The index loads on a worker once the view is on screen: reading it right away would
        # compete with the window's first paint (answers are filtered with SQL until then).
        if browse.answer_count_estimate(ctx.project) >= INDEX_THRESHOLD:
            QTimer.singleShot(150, self, self._build_index_later)

    # ------------------------------------------------------------------ setup
    def build_index(self, *, force: bool = False) -> None:
        """On large projects, load the in-memory answer index on a worker; filtering switches to it
        when it is ready (until then, and on small projects, filters run as SQL)."""
        if not force and browse.answer_count_estimate(self.ctx.project) < INDEX_THRESHOLD:
            self.model.set_index(None)
            return
        base = self.ctx.project

        def work(progress):  # type: ignore[no-untyped-def]
            from consult_analyser.store.answer_index import load_answer_index

            progress(0.0, "reading answer keys")
            project = base.reopen()
            try:
                return load_answer_index(project)
            finally:
                project.close()

        self._index_task = self.ctx.tasks.start("Preparing the answers table", work, on_done=self._index_ready,
                                                writes=False)

    def focus_search(self) -> None:
        """Put the keyboard in the search box (Edit > Find answers, Ctrl+F, from any view)."""
        self.search.setFocus()
        self.search.selectAll()

    def _build_index_later(self) -> None:
        if self.ctx.project_open and self._index_task is None:
            self.build_index()

    def _index_ready(self, index) -> None:  # type: ignore[no-untyped-def]
        self.model.set_index(index)
        self.apply_filter()

    def _build_column_menu(self) -> None:
        menu = QMenu(self)
        stored = QSettings().value("responses/hidden_columns", []) or []
        hidden = [stored] if isinstance(stored, str) else list(stored)  # type: ignore[call-overload]
        for col, (key, label) in enumerate(ResponsesModel.COLUMNS):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key not in hidden)
            self.table.setColumnHidden(col, key in hidden)
            action.toggled.connect(lambda on, c=col: self._toggle_column(c, on))
        self.columns_button.setMenu(menu)

    def _toggle_column(self, column: int, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        hidden = [key for col, (key, _l) in enumerate(ResponsesModel.COLUMNS) if self.table.isColumnHidden(col)]
        QSettings().setValue("responses/hidden_columns", hidden)

    def reload_choices(self) -> None:
        project = self.ctx.project
        chosen = [combo.currentData() for combo in self.combos]
        for combo in self.combos:
            combo.blockSignals(True)
            combo.clear()
        self.question.addItem("All questions", None)
        for q in store_questions.list_questions(project, open_only=True):
            self.question.addItem(f"{q.key}  {textwrap.shorten(q.text, 70, placeholder=' …')}", q.id)
            self.question.setItemData(self.question.count() - 1, q.text, Qt.ItemDataRole.ToolTipRole)
        self.sector.addItem("All sectors", None)
        for key, label in browse.sector_label_map(project).items():
            self.sector.addItem(label, key)
        self.sector.addItem("Not classified", "unclassified")
        self.code.addItem("Any code", None)
        paths = codebook.code_paths(project)
        for code in codebook.list_codes(project):
            self.code.addItem(colour_icon(code.colour), paths.get(code.id, code.name), code.id)
        self.campaign.addItem("Include campaigns", None)
        self.campaign.addItem("Campaign responses only", "only")
        self.campaign.addItem("Exclude campaigns", "exclude")
        self.review.addItem("Any status", None)
        self.review.addItem("Coded", "coded")
        self.review.addItem("Not yet coded", "uncoded")
        self.review.addItem("Has suggestions", "suggested")
        for combo, data in zip(self.combos, chosen, strict=True):
            if combo is not self.theme:
                combo.setCurrentIndex(max(0, combo.findData(data)))
        self._reload_themes(chosen[2])
        for combo in self.combos:
            combo.blockSignals(False)

    def _reload_themes(self, keep: str | None = None) -> None:
        keep = keep if keep is not None else self.theme.currentData()
        question_id = self.question.currentData()
        keys = {q.id: q.key for q in store_questions.list_questions(self.ctx.project)}
        self.theme.blockSignals(True)
        self.theme.clear()
        self.theme.addItem("Any theme", None)
        for theme_id, question_key, label in browse.theme_choices(self.ctx.project):
            if question_id and keys.get(question_id) != question_key:
                continue
            self.theme.addItem(f"{question_key} · {label}", theme_id)
        self.theme.setCurrentIndex(max(0, self.theme.findData(keep)))
        self.theme.blockSignals(False)

    # ---------------------------------------------------------------- actions
    def current_filter(self) -> ResponseFilter:
        return ResponseFilter(
            question_id=self.question.currentData(), sector=self.sector.currentData(),
            theme_id=self.theme.currentData(), code_id=self.code.currentData(),
            campaign=self.campaign.currentData(), review=self.review.currentData(), text=self.search.text())

    def typing_pause_ms(self) -> int:
        """How long to wait after a key before searching: nothing while searches are quick (the
        results follow the typing); on projects where one takes longer, a pause a little longer
        than a search, so that fast typing does not queue up searches."""
        if self._filter_ms < INSTANT_FILTER_MS:
            return 0
        return int(min(MAX_TYPING_PAUSE_MS, 1.5 * self._filter_ms))

    def apply_filter(self) -> None:
        self._debounce.stop()
        started = time.perf_counter()
        self.delegate.set_terms(highlight_terms(self.search.text()))
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._filter_ms = (time.perf_counter() - started) * 1000

    def show_filter(self, f: ResponseFilter) -> None:
        """Show the answers behind a theme, code or sector chosen elsewhere (the other filters are cleared)."""
        for combo in self.combos:
            combo.blockSignals(True)
        self.search.blockSignals(True)
        self.search.setText(f.text)
        self.search.blockSignals(False)
        for combo, value in ((self.question, f.question_id), (self.sector, f.sector), (self.code, f.code_id),
                             (self.campaign, f.campaign), (self.review, f.review)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        if f.theme_id and not f.question_id:
            question = browse.theme_question(self.ctx.project, f.theme_id)
            self.question.setCurrentIndex(max(0, self.question.findData(question)))
        self._reload_themes(f.theme_id)
        for combo in self.combos:
            combo.blockSignals(False)
        self.apply_filter()

    def clear_filters(self) -> None:
        self.show_filter(ResponseFilter())

    set_filter = show_filter

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(counted(n, "answer"))

    def _open(self, index: QModelIndex) -> None:
        respondent_id = self.model.data(index, ResponsesModel.RespondentIdRole)
        if respondent_id:
            self.ctx.open_answer.emit(respondent_id, self.model.data(index, ResponsesModel.ResponseIdRole) or "")

    def on_changed(self, changes) -> None:  # type: ignore[no-untyped-def]
        tables = changes.tables
        if tables & {"respondents", "responses", "imports", "*"}:
            self.model.set_index(None)
            self.build_index()
        elif tables & {"sectors", "sector_assignments"} and self.model.answer_index is not None:
            from consult_analyser.store.answer_index import load_sectors

            ids = [i for i in changes.ids if i in self.model.answer_index.respondent_codes]
            load_sectors(self.ctx.project, self.model.answer_index, ids if ids and "sectors" not in tables else None)
        if tables & {"respondents", "responses", "imports", "sectors", "sector_assignments", "themes", "codes", "*"}:
            self.reload_choices()
            self.model.set_filter(self.current_filter())
        elif tables & {"codings", "theme_assignments", "campaign_members", "suggestions"}:
            if self.current_filter().review or self.current_filter().code_id or self.current_filter().theme_id:
                self.model.refresh()
            else:
                self.model.invalidate_rows()
        self._update_count()

    def prepare_screenshot(self) -> None:
        """Search for a word that many answers share, to show the highlighted matches."""
        self.search.setText("youth")
        self.apply_filter()
        if self.model.rowCount() == 0:
            self.search.setText("")
            self.apply_filter()
