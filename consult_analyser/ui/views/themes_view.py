"""Themes for team leads: per question, the themes with their sizes and the sectors behind them,
representative quotes, the answers; rename, merge, split, move, sign off; auto-coding suggestions.
Discovery and auto-coding run on the task runner, off the UI thread."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions import coding as ops
from consult_analyser.actions.base import Operation
from consult_analyser.domain import percent
from consult_analyser.errors import NotALead
from consult_analyser.export.theme_split import SplitError, split_choice_labels, theme_split
from consult_analyser.store import questions as store_questions
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store import theme_report
from consult_analyser.store import themes as store_themes
from consult_analyser.store.identity import require_lead
from consult_analyser.store.project import Changes
from consult_analyser.store.responses import ResponseFilter
from consult_analyser.ui import theme_actions
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.models.theme_table_model import ThemeTableModel
from consult_analyser.ui.tasks import Task
from consult_analyser.ui.views import theme_checks, theme_tasks
from consult_analyser.ui.widgets.ask import ask_item, ask_text, ask_yes, ask_yes_listing
from consult_analyser.ui.widgets.campaigns_dialog import CampaignsButton
from consult_analyser.ui.widgets.charts import Bar, BarChart, sector_colours
from consult_analyser.ui.widgets.suggestions_panel import SuggestionsPanel
from consult_analyser.ui.widgets.theme_detail import ANSWER_LIMIT, QUOTES, ThemeDetail

THEME_TABLES = {"themes", "theme_assignments", "reviews", "sector_assignments", "*"}


class ThemesView(QWidget):
    title = "Themes"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.question = QComboBox()
        self.question.setMinimumContentsLength(24)  # the window fits a 1,280-pixel screen
        self.question.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.question.currentIndexChanged.connect(lambda _i: self.reload())
        self.coverage = QLabel()
        self.coverage.setProperty("role", "muted")
        self.coverage.setWordWrap(True)
        # answers come after the themes: a wrapped line of its own, never widening the window (it did, 1440 px)
        self.late = QLabel()
        self.late.setProperty("role", "muted")
        self.late.setWordWrap(True)
        self.late.setVisible(False)
        self.discover_button = QPushButton("Discover themes")
        self.discover_button.setToolTip("Find themes in this question's answers (runs in the background; "
                                        "signed-off and edited themes are kept)")
        self.discover_button.clicked.connect(lambda: self.discover())
        # every open question in one background run (a lead clicked through 21 questions, 15 s each)
        self.discover_all_button = QPushButton("… in all questions")
        self.discover_all_button.setToolTip("Find themes in every open question, one after the other, in the "
                                            "background (signed-off and edited themes are kept)")
        self.discover_all_button.clicked.connect(lambda: self.discover(all_questions=True))
        self.sign_all_button = QPushButton("Sign off all")
        self.sign_all_button.setEnabled(False)  # until a question with themes is shown
        self.sign_all_button.clicked.connect(self.sign_off_all)
        self.check_themes_button = QPushButton("Check against codes")
        self.check_themes_button.setToolTip("How well these themes agree with the codes people gave the answers, "
                                            "beside a plain k-means grouping (changes nothing)")
        self.check_themes_button.clicked.connect(self.check_themes)
        self.campaigns_button = CampaignsButton(ctx)  # the question's campaigns, before they go into the annex
        # the question selector on a row of its own, the width of the view: beside the counts and four buttons a
        # question's words were cut off mid-word in a trial's window of 1,600 x 1,000 pixels
        chooser = QHBoxLayout()
        caption = QLabel("Question")
        caption.setProperty("role", "muted")
        caption.setBuddy(self.question)
        chooser.addWidget(caption)
        chooser.addWidget(self.question, 1)
        top = QHBoxLayout()
        top.addWidget(self.coverage, 1)
        top.addWidget(self.discover_button)
        top.addWidget(self.discover_all_button)
        top.addWidget(self.sign_all_button)
        top.addWidget(self.check_themes_button)
        top.addWidget(self.campaigns_button)
        self.question_text = QLabel()
        self.question_text.setWordWrap(True)
        self.question_text.setTextFormat(Qt.TextFormat.PlainText)  # a question's own words, never markup
        self.question_text.setProperty("role", "question")

        self.model = ThemeTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 100), (2, 64), (3, 110)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.doubleClicked.connect(lambda _i: self.show_answers())
        self.chart_caption = QLabel("Respondents per theme, by sector")
        self.chart_caption.setProperty("role", "section")
        self.chart = BarChart()
        self.chart.clicked.connect(self.select_row)
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("themes-left")
        left.addWidget(self.table)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 6, 0, 0)
        chart_layout.addWidget(self.chart_caption)
        # the chart scrolls in its box: 33 themes' bars made the view 1,223 px tall on a 900 px screen, the page
        # scrolled and the chart's last bars were cut off
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scroll.setWidget(self.chart)
        chart_layout.addWidget(self.chart_scroll, 1)
        left.addWidget(chart_box)
        left.setSizes([330, 420])

        self.detail = ThemeDetail()
        self.detail.action.connect(self._action)
        self.detail.split_requested.connect(self._load_split)
        self.suggestions = SuggestionsPanel()
        self.suggestions.decide.connect(self.decide_suggestions)
        self.suggestions.accept_in_bulk.connect(self.accept_in_bulk)
        self.suggestions.run_requested.connect(self.suggest_codes)
        self.suggestions.check_requested.connect(self.check_suggestions)
        self.check_box: QMessageBox | None = None
        self.detail.add_tab(self.suggestions, "Code suggestions")

        splitter = QSplitter()
        splitter.setObjectName("themes")
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addLayout(top)
        layout.addWidget(self.question_text)
        layout.addWidget(self.late)
        layout.addWidget(splitter, 1)

        for key, slot in (("F2", self.rename), ("Ctrl+M", self.merge_dialog), ("Ctrl+Return", self.toggle_sign_off),
                          ("Return", self.show_answers)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.breakdown: store_themes.SectorBreakdown | None = None
        self.discover_options: dict = {}
        self._staging = False  # a staged reload is under way (see reload)
        self._generation = 0  # counts staged reloads, so that a stale one does not show its data
        self._discovering = False  # extra arguments for discovery (e.g. a stand-in model in tests)
        self.discover_task: Task | None = None  # the last discovery started (theme_tasks.discover)
        self.run_note = ""  # what the last run did to kept themes (theme_tasks.kept_change), under the question
        self.seconds_per_answer: float | None = None  # the last run's pace, for the next one's estimate
        self.ctx.changed.connect(self.on_changed)
        self.reload_questions()

    # --------------------------------------------------------------- loading
    def reload_questions(self, *, staged: bool = False) -> None:
        keep = self.question.currentData()
        self.question.blockSignals(True)
        self.question.clear()
        for q in store_questions.list_questions(self.ctx.project, open_only=True):
            n = len(store_themes.theme_ids(self.ctx.project, q.id))
            self.question.addItem(f"{q.key}  {textwrap.shorten(q.text, 80, placeholder=' …')}" + (f"   ({n} themes)" if n else ""), q.id)
            self.question.setItemData(self.question.count() - 1, q.text, Qt.ItemDataRole.ToolTipRole)
        index = self.question.findData(keep)
        if index < 0 or "themes)" not in self.question.itemText(index):  # prefer a question with themes
            index = next((i for i in range(self.question.count()) if "themes)" in self.question.itemText(i)),
                         max(index, 0))
        self.question.setCurrentIndex(index)
        self.question.blockSignals(False)
        self.detail.set_split_choices(split_choice_labels(self.ctx.project))  # here, not on every reload
        self.reload(staged=staged)

    def question_id(self) -> str | None:
        return self.question.currentData()

    def reload(self, *, staged: bool = False) -> None:
        """Show the current question's themes. ``staged`` (after a long task, when everything
        changed): the table first, then the chart, the selected theme's detail and the suggestions,
        each in an event-loop turn of its own, so that the window never stalls for all of them."""
        project = self.ctx.project
        question_id = self.question_id()
        keep = self.selected_ids()
        self._generation += 1  # a staged reload still under way will not show its (older) data
        self._staging = False
        self.campaigns_button.show_question(question_id)
        if question_id is None:
            self.model.set_rows([])
            self.detail.show_theme(None, None)
            self.suggestions.load(project, None)
            return
        question = store_questions.get_question(project, question_id)
        self.question_text.setText(question.wording if question else "")  # a hybrid one's free-text wording too
        rows = store_themes.list_themes(project, question_id)
        self._staging = True  # the detail waits for the chart's sector breakdown (its own stage)
        self.model.set_rows(rows)
        coverage = store_themes.coverage(project, question_id)
        signed = sum(1 for r in rows if str(getattr(r.theme.status, "value", r.theme.status)) == "signed_off")
        late = store_themes.added_since_note(store_themes.added_since_themes(project, question_id)) if rows else ""
        if question is not None and (stopped := store_themes.unfinished_note(project, question.key)):
            late = f"{late}; {stopped}" if late else stopped
        late = "; ".join(t for t in (late, self.run_note and f"last theme run: {self.run_note}") if t)
        self.late.setText(late[:1].upper() + late[1:] + "." if late else "")
        self.late.setVisible(bool(late))
        placed = min(1 - coverage.unassigned_share, 0.99 if coverage.unassigned else 1)  # 9 of 1,998 out: not "100%"
        self.coverage.setText(f"{coverage.answered:,} written answers · {placed:.0%} in a theme"
                              f" · {signed} of {len(rows)} signed off" if rows else
                              f"{coverage.answered:,} written answers · no themes yet")
        self.discover_button.setEnabled(not self._discovering)
        self.discover_all_button.setEnabled(not self._discovering)
        self.sign_all_button.setEnabled(bool(rows) and signed < len(rows))
        # the model's own row order (sub-themes under their parents), not the list's (largest first): the
        # selection went to whatever theme had taken the acted-on theme's place in the list
        ids = [r.theme.id for r in self.model.rows]
        selection = self.table.selectionModel()
        for theme_id in keep:
            if theme_id in ids:
                selection.select(self.model.index(ids.index(theme_id), 0),
                                 QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        current = next((t for t in keep if t in ids), None)
        if current is not None:
            selection.setCurrentIndex(self.model.index(ids.index(current), 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        elif rows:
            self.select_row(0)
        self._load_split(self.detail.split_by.currentData() or "")  # the chosen split, of this question now

        def finish() -> None:
            self.breakdown = store_themes.sector_breakdown(project, question_id)
            self.detail.agreement = theme_report.agreement_split(project, question_id)
            self._fill_chart()
            self._staging = False
            self._show_current()
            self.suggestions.load(project, question_id)

        if not staged:
            finish()
            return
        # Staged: the rest is read on a worker's connection, then shown a part per event-loop turn.
        generation, summary = self._generation, self.current_summary()
        shown_id = summary.theme.id if summary else None

        def load():  # type: ignore[no-untyped-def]  # worker thread
            reader = project.reopen()
            try:
                return (store_themes.sector_breakdown(reader, question_id),
                        theme_report.quotes(reader, shown_id, n=QUOTES) if shown_id else [],
                        store_themes.theme_answers(reader, shown_id, limit=ANSWER_LIMIT) if shown_id else [],
                        theme_report.agreement_split(reader, question_id))
            finally:
                reader.close()

        def loaded(result) -> None:  # type: ignore[no-untyped-def]
            if generation != self._generation or self.question_id() != question_id or not self.ctx.project_open:
                return  # another reload has started since
            self.breakdown, quotes, answers, self.detail.agreement = result
            self._fill_chart()
            QTimer.singleShot(1, self, lambda: show_detail(quotes, answers))

        def show_detail(quotes, answers) -> None:  # type: ignore[no-untyped-def]
            if generation != self._generation or not self.ctx.project_open:
                return
            self._staging = False
            current = self.current_summary()
            self.chart.select(self.model.rows.index(current) if current else -1)
            if current is not None and current.theme.id == shown_id:
                self.detail.show_theme(project, current, self.breakdown, quotes=quotes, answers=answers)
            else:
                self.detail.show_theme(project, current, self.breakdown)
            QTimer.singleShot(1, self, show_suggestions)

        def show_suggestions() -> None:
            if generation == self._generation and self.ctx.project_open:
                self.suggestions.load(project, question_id)

        def failed() -> None:
            if generation == self._generation and self.question_id() == question_id and self.ctx.project_open:
                finish()

        self.ctx.tasks.fetch(load, loaded, failed)

    def _load_split(self, by: str) -> None:  # the current question's themes split by ``by``, read on a worker
        question_id = self.question_id()
        if not by or question_id is None:
            self.detail.set_split(None)
            return
        base = self.ctx.project

        def load():  # type: ignore[no-untyped-def]  # worker thread
            reader = base.reopen()
            try:
                return theme_split(reader, question_id, by)
            except SplitError:  # (the question itself, or no sectors yet)
                return None
            finally:
                reader.close()

        def loaded(split) -> None:  # type: ignore[no-untyped-def]
            if self.ctx.project_open and self.question_id() == question_id and self.detail.split_by.currentData() == by:
                self.detail.set_split(split)

        self.ctx.tasks.fetch(load, loaded)

    def _fill_chart(self) -> None:
        breakdown = self.breakdown
        palette = sector_colours([s.key for s in store_sectors.taxonomy(self.ctx.project)])
        colours = {key: palette.get(key, "#bab0ac") for key, _label in breakdown.sectors} if breakdown else {}
        self.detail.sector_colours = palette
        labels = dict(breakdown.sectors) if breakdown else {}
        self.chart.set_series(colours, labels)
        bars = []
        for summary in self.model.rows:
            counts = breakdown.counts.get(summary.theme.id, {}) if breakdown else {}
            bars.append(Bar(summary.theme.label, summary.answers, note=percent(summary.share),
                            segments=tuple((k, counts.get(k, 0)) for k, _ in (breakdown.sectors if breakdown else []))))
        self.chart.set_bars(bars)
        self.chart.setMinimumHeight(self.chart.sizeHint().height())  # all its bars, in the box that scrolls

    # ------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = [current.row()]
        return [self.model.rows[r].theme.id for r in rows if r < len(self.model.rows)]

    def current_summary(self) -> store_themes.ThemeSummary | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def select_theme(self, theme_id: str) -> None:
        ids = [r.theme.id for r in self.model.rows]
        if theme_id in ids:
            self.select_row(ids.index(theme_id))

    def _show_current(self) -> None:
        summary = self.current_summary()
        self.chart.select(self.model.rows.index(summary) if summary else -1)
        if not self._staging:  # a staged reload shows the detail in a later turn
            self.detail.show_theme(self.ctx.project, summary, self.breakdown)

    # --------------------------------------------------------------- actions
    def _action(self, name: str) -> None:
        actions: dict[str, Callable[[], object]] = {
            "answers": self.show_answers, "rename": self.rename, "merge": self.merge_dialog,
            "signoff": self.toggle_sign_off, "code": self.make_code, "move": self.move_dialog,
            "split": self.split_dialog, "remove": self.remove_answers, "open": self.open_answer,
            "accept": lambda: self.decide_proposals(True), "reject": lambda: self.decide_proposals(False)}
        actions[name]()

    def show_answers(self) -> None:
        summary = self.current_summary()
        if summary is not None:
            self.ctx.show_answers.emit(ResponseFilter(question_id=summary.theme.question_id, theme_id=summary.theme.id))

    def open_answer(self) -> None:
        respondent = self.detail.current_respondent()
        item = self.detail.answers.currentItem()
        if respondent:
            self.ctx.open_answer.emit(respondent, item.data(Qt.ItemDataRole.UserRole) if item else "")

    def _run_edit(self, operation: Operation, label: str) -> bool:
        """Run a lead's edit; say which signed-off themes it withdrew the sign-off of (a rename, a merge, a
        removal or a move: a trial's went without a word, and the annex then left those themes out)."""
        before = {r.theme.id: r.theme.label for r in self.model.rows if r.theme.status.value == "signed_off"}
        done = self.ctx.run(operation, label)
        if done and before:
            after = {t.id: t.status.value for t in (store_themes.get_theme(self.ctx.project, i) for i in before) if t}
            lost = [before[i] for i, status in after.items() if status != "signed_off"]
            if lost:
                names = ", ".join(f"“{n}”" for n in lost[:3]) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
                self.ctx.status.emit(f"{names} {'was' if len(lost) == 1 else 'were'} signed off: this change withdrew "
                                     "the sign-off; sign off again when it reads right (Ctrl+Z puts it back)")
        return bool(done)

    def rename(self, label: str | None = None) -> bool:
        summary = self.current_summary()
        if summary is None:
            return False
        signed = summary.theme.status.value == "signed_off"
        if label is None:
            # a trial renamed a signed-off theme and its sign-off went without a word
            prompt = ("Label (the theme is signed off: a new label withdraws the sign-off, to be given again):"
                      if signed else "Label:")
            label, ok = ask_text(self, "Rename theme", prompt, summary.theme.label)
            if not ok:
                return False
        return self._run_edit(theme_actions.rename(summary.theme.id, label), f"Rename theme to {label}")

    def merge(self, source_ids: list[str], target_id: str) -> bool:
        sources = [s for s in source_ids if s != target_id]
        if not sources:
            return False
        if self._run_edit(theme_actions.merge(sources, target_id), f"Merge {len(sources) + 1} themes"):
            self.select_theme(target_id)
            return True
        return False

    def merge_dialog(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        choices, prompt, labels = theme_actions.merge_choices(self.model.rows, ids)
        if not choices:
            return
        chosen, ok = ask_item(self, "Merge themes", prompt, labels)
        if ok:
            self.merge(ids, choices[labels.index(chosen)])

    def toggle_sign_off(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        rows = {r.theme.id: r for r in self.model.rows}
        signed = all(str(getattr(rows[t].theme.status, "value", rows[t].theme.status)) == "signed_off" for t in ids)
        self.sign_off(ids, not signed)

    def sign_off(self, theme_ids: list[str], signed: bool = True) -> bool:
        """Sign themes off after a confirmation that lists what is being signed, or withdraw the
        sign-off after one of its own; someone who is not a lead is told so before anything is asked."""
        try:  # the one check every lead-only action makes, before any question is asked
            require_lead(self.ctx.project.identity, "sign off themes" if signed else "withdraw the sign-off of themes")
        except NotALead as exc:
            message = str(exc)
            QMessageBox.information(self, "Sign off themes", message[:1].upper() + message[1:] + ".")
            return False
        rows = {r.theme.id: r for r in self.model.rows}
        if signed:
            chosen = [rows[t] for t in theme_ids if t in rows and rows[t].theme.status.value != "signed_off"]
            if not chosen or not self.confirm_sign_off(chosen):
                return False
            theme_ids = [r.theme.id for r in chosen]
        elif not self.confirm_withdraw([rows[t] for t in theme_ids if t in rows]):
            return False
        text = ("Sign off" if signed else "Withdraw sign-off of") + f" {len(theme_ids)} theme(s)"
        return self.ctx.run(theme_actions.sign_off(theme_ids, signed), text)

    def confirm_sign_off(self, rows: list[store_themes.ThemeSummary]) -> bool:
        return ask_yes_listing(self, "Sign off themes", *theme_actions.sign_off_parts(self.ctx.project, rows))

    def confirm_withdraw(self, rows: list[store_themes.ThemeSummary]) -> bool:
        return ask_yes(self, "Withdraw sign-off", theme_actions.withdraw_text(rows))

    def sign_off_all(self) -> None:
        self.sign_off([r.theme.id for r in self.model.rows])

    def decide_proposals(self, accept: bool) -> bool:
        """Accept or reject the answers the last model run proposed for the current (signed-off) theme."""
        summary = self.current_summary()
        if summary is None:
            return False
        from consult_analyser.actions.themes import DecideProposals

        verb = "Accept" if accept else "Reject"
        return self.ctx.run(DecideProposals(summary.theme.id, accept=accept),
                            f"{verb} proposed answers for {summary.theme.label}")

    def make_code(self) -> None:
        summary = self.current_summary()
        if summary is not None and self.ctx.run(ops.CodeFromTheme(summary.theme.id),
                                                f"Make a code from {summary.theme.label}"):
            self.ctx.status.emit(f"“{summary.theme.label}” is now a code; its answers are coded with it")

    def move_answers(self, response_ids: list[str], target_id: str | None) -> bool:
        summary = self.current_summary()
        if summary is None or not response_ids:
            return False
        return self._run_edit(theme_actions.move_answers(response_ids, summary.theme.id, target_id),
                            f"Move {len(response_ids)} answer(s)")

    def move_dialog(self) -> None:
        ids = self.detail.selected_answer_ids()
        summary = self.current_summary()
        if not ids or summary is None:
            return
        others = [r for r in self.model.rows if r.theme.id != summary.theme.id]
        labels = [r.theme.label for r in others]
        chosen, ok = ask_item(self, "Move answers", f"Move {len(ids)} answer(s) to:", labels)
        if ok:
            self.move_answers(ids, others[labels.index(chosen)].theme.id)

    def split(self, response_ids: list[str], label: str) -> bool:
        summary = self.current_summary()
        if summary is None or not response_ids:
            return False
        return self._run_edit(theme_actions.split(summary.theme.id, label, response_ids), f"Split off {label}")

    def split_dialog(self) -> None:
        ids = self.detail.selected_answer_ids()
        if not ids:
            self.ctx.status.emit("Select the answers to split off in the Answers tab first")
            return
        label, ok = ask_text(self, "Split theme", f"Label for the new theme ({len(ids)} answers):")
        if ok and label.strip():
            self.split(ids, label)

    def remove_answers(self) -> None:
        self.move_answers(self.detail.selected_answer_ids(), None)

    def decide_suggestions(self, pairs: list, accept: bool) -> None:
        operation = ops.AcceptSuggestions(pairs, selected=True) if accept else ops.RejectSuggestions(pairs)
        self.ctx.run(operation, ("Accept" if accept else "Reject") + f" {len(pairs)} suggestion(s)")

    def accept_in_bulk(self, pairs: list, threshold: float) -> None:
        self.ctx.run(ops.AcceptSuggestions(pairs, bulk_threshold=threshold),
                     f"Accept {len(pairs)} suggestion(s) at {threshold:.0%} or more")

    # ------------------------------------------------------------ long work
    def discover(self, all_questions: bool = False) -> None:
        """Discover themes for the current question (or every open question) on a worker; edited and
        signed-off themes are kept (:func:`.theme_tasks.discover`)."""
        theme_tasks.discover(self, all_questions)

    def _discovery_ended(self) -> None:
        self._discovering = False
        self.discover_button.setEnabled(True)
        self.discover_all_button.setEnabled(True)

    def _run_on_question(self, title: str, job, on_done, button: QPushButton | None = None) -> None:  # type: ignore[no-untyped-def]
        """Run ``job(project, question_id, progress)`` for the current question on a worker
        (:func:`.theme_tasks.run_on_question`)."""
        theme_tasks.run_on_question(self, title, job, on_done, button)

    def suggest_codes(self) -> None:
        from consult_analyser.pipeline.coding.autocode import suggest_question

        asked = self.question_id()  # (the analyst may choose another question while it runs)
        self._run_on_question("Suggesting codes", lambda p, q, progress: suggest_question(p, q, progress=progress),
                              lambda result: self.ctx.status.emit(self.suggestions.show_run(asked, result)))

    def check_suggestions(self) -> None:
        """Measure on a worker how well suggestions recover this question's codings; show the figures."""
        theme_checks.check_suggestions(self)

    def check_themes(self) -> None:
        """Measure on a worker how well this question's themes agree with people's codes; show the figures."""
        theme_checks.check_themes(self)

    # --------------------------------------------------------------- refresh
    def on_changed(self, changes: Changes) -> None:
        tables = changes.tables
        if "identity" in tables:  # "Sign off" looks like the main action for a lead only
            self.detail.show_role(self.ctx.project.identity)
        if tables & {"questions", "responses", "*"} or ("themes" in tables and self.question.count() == 0):
            self.reload_questions(staged="*" in tables)
        elif "themes" in tables:
            self.reload_questions()
        elif tables & THEME_TABLES:
            self.reload()
        elif tables & {"suggestions", "codes", "codings"}:
            self.suggestions.load(self.ctx.project, self.question_id())

    def prepare_screenshot(self) -> None:
        """Show the question with the most themes, its largest theme selected."""
        best, most = -1, 0
        for i in range(self.question.count()):
            n = len(store_themes.theme_ids(self.ctx.project, self.question.itemData(i)))
            if n > most:
                best, most = i, n
        if best >= 0:
            self.question.setCurrentIndex(best)
            self.select_row(0)
