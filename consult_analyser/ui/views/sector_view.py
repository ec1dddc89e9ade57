"""Sector review: the least certain respondents first; Enter accepts the sector shown, a number key
corrects it to that sector, and the queue moves on. Every decision is an analyst's label, saved at
once and undoable. The search box narrows the list to the respondents an id, a name, an organisation
or words of their answers find. "Retrain" reruns the sector model with the corrections (off the UI
thread), saying in the view how far it has gone, and reorders the queue by the model's own uncertainty."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions.sectors import SetSector
from consult_analyser.pipeline.sectors.run import shown_name
from consult_analyser.pipeline.sectors.session_labels import desktop_wording
from consult_analyser.progress import ProgressFn
from consult_analyser.store import browse
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.browse import ReviewRow
from consult_analyser.store.project import Changes
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.models.review_queue_model import MiddleElided, ReviewQueueModel
from consult_analyser.ui.views.sector_chart import model_figures
from consult_analyser.ui.views.sector_keys import KEYS, DecisionNote, ReviewKeys, moved_summary, show_moved
from consult_analyser.ui.widgets.charts import Bar, BarChart, sector_colours
from consult_analyser.ui.widgets.check_dialog import figures_html, show_figures
from consult_analyser.ui.widgets.layouts import empty_layout
from consult_analyser.ui.widgets.organisation_edit import OrganisationButton
from consult_analyser.ui.widgets.queue_table import QueueTable
from consult_analyser.ui.widgets.respondent_panel import SOURCE_NAMES
from consult_analyser.ui.widgets.wrapping import breakable

QUEUE_LIMIT = 500
SEARCH_PAUSE_MS = 150  # the list follows the typing, a search after each short pause


def check_html(figures: dict) -> str:
    """The sector check's figures as rich text: its paragraphs and a table of sectors."""
    from consult_analyser.pipeline.sectors.check import CHECK_COLUMNS, check_paragraphs, check_rows

    before, after = check_paragraphs(figures)
    return figures_html(before, CHECK_COLUMNS, check_rows(figures), after)


class SectorReviewView(QWidget):
    title = "Sector review"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = ReviewQueueModel(self)
        self.probabilities: dict[str, dict[str, float]] = {}
        self.proposals: dict[str, float] = {}  # the retrain's figure for each sector it proposed but left unclassified
        self.order_note = "conflicts and unclassified first, then lowest confidence"
        self._queue_ids: list[str] | None = None  # the model's order after a retrain

        heading = QLabel("Sector review")
        heading.setProperty("role", "heading")
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(8)
        self.retrain_button = QPushButton("Retrain with corrections")  # "Classify respondents" before a first run
        self.retrain_button.clicked.connect(self.retrain)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.progress_label)
        top.addWidget(self.progress_bar, 1)
        top.addWidget(self.retrain_button)
        self.check_button = QPushButton("Check accuracy")
        self.check_button.setToolTip("Hide the known sectors (declared or set by an analyst) a share at a time, "
                                     "place them again and compare with a plain baseline (runs in the background)")
        self.check_button.clicked.connect(self.check_accuracy)
        top.addWidget(self.check_button)
        self.sectors_button = QPushButton("Sectors…")
        self.sectors_button.setToolTip("The sectors reported by: confirm whether each counts individuals or "
                                       "organisations, and merge two that are one kind")
        self.sectors_button.clicked.connect(self.edit_sectors)
        top.addWidget(self.sectors_button)
        self.moved_button = QPushButton("Who moved…")  # every respondent the last retrain moved that no analyst set
        self.moved_button.clicked.connect(self.show_moved)
        self.moved_button.setVisible(False)
        top.addWidget(self.moved_button)
        self.check_box: QMessageBox | None = None
        # what a long run is doing, in the view (a retrain takes a minute or more on a real consultation, and a
        # trial saw nothing but the status bar's small print meanwhile), then how it ended
        self.task_status = QLabel()
        self.task_status.setWordWrap(True)
        self.task_status.setTextFormat(Qt.TextFormat.RichText)
        self.task_status.setVisible(False)

        # finding a named respondent among hundreds meant scrolling (a trial's 446): the list narrows as one types
        self.search = QLineEdit(placeholderText="Find respondents: id, name, organisation or words of their answers…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find respondents")
        self._search_pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self._search_paused)
        self.search.textChanged.connect(self._search_typed)

        self.table = QueueTable()  # the keys that move the current row select it (Ctrl+Home did not)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        # several rows (Shift/Ctrl+click, Ctrl+A) take one correction together
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # the respondent's name first and widest (a trial saw "Tariq …", "Edwards & …"); the labels wrap less
        # often than names are cut, and whole in their tooltips; a name too long is cut in its middle, its
        # start and end shown ("Sc Department Of ..." named no department at a 1440 px screen's split)
        for col, width in ((1, 124), (2, 120), (3, 70), (4, 84)):
            self.table.setColumnWidth(col, width)
        self.table.setItemDelegateForColumn(0, MiddleElided(self.table))  # the labels' columns keep their start
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.queue_note = QLabel()
        self.queue_note.setWordWrap(True)  # a long note wraps; it set the window 1,500 pixels wide
        self.queue_note.setProperty("role", "muted")
        self.decision_note = DecisionNote(ctx)  # the last decision, said until the next ("… (Ctrl+Z undoes)")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.queue_note)
        left_layout.addWidget(self.decision_note)

        # the decision card
        self.card = QFrame()
        self.card.setProperty("role", "card")
        self.who = QLabel()
        self.who.setProperty("role", "heading")
        self.who.setWordWrap(True)
        self.who.setTextFormat(Qt.TextFormat.RichText)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.excerpt = QLabel()
        self.excerpt.setWordWrap(True)
        self.excerpt.setProperty("role", "quote")
        self.excerpt.setTextFormat(Qt.TextFormat.RichText)
        self.current_sector = QLabel()
        self.current_sector.setProperty("role", "big")
        self.current_sector.setWordWrap(True)  # "Voluntary or community organisation" in the big font
        self.current_sector.setTextFormat(Qt.TextFormat.RichText)
        self.current_source = QLabel()
        self.current_source.setProperty("role", "muted")
        self.current_source.setTextFormat(Qt.TextFormat.RichText)
        self.current_source.setWordWrap(True)  # an unclassified respondent's reason runs long
        self.chart_caption = QLabel()
        self.chart_caption.setProperty("role", "section")
        self.chart_caption.setWordWrap(True)
        self.chart = BarChart()
        self.chart.setMinimumHeight(60)
        self.chart.setMinimumWidth(160)
        self.accept_button = QPushButton("Accept  (Enter)")
        self.accept_button.setProperty("role", "primary")
        self.accept_button.clicked.connect(self.accept_current)
        self.sector_grid = QGridLayout()
        self.sector_grid.setVerticalSpacing(3)
        self.combo = QComboBox()
        self.combo.activated.connect(lambda i: self.correct_current(self.combo.itemData(i)))
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(16, 14, 16, 14)
        card_layout.addWidget(self.who)
        card_layout.addWidget(self.facts)
        card_layout.addWidget(OrganisationButton(self), 0, Qt.AlignmentFlag.AlignLeft)  # its name, as published
        card_layout.addWidget(self.excerpt)
        caption = QLabel("Current sector")
        caption.setProperty("role", "section")
        card_layout.addWidget(caption)
        card_layout.addWidget(self.current_sector)
        card_layout.addWidget(self.current_source)
        card_layout.addWidget(self.chart_caption)
        card_layout.addWidget(self.chart)
        card_layout.addWidget(self.accept_button)
        caption = QLabel("Or correct it  (number keys)")
        caption.setProperty("role", "section")
        card_layout.addWidget(caption)
        card_layout.addLayout(self.sector_grid)
        card_layout.addWidget(self.combo)
        card_layout.addStretch(1)

        splitter = QSplitter()
        splitter.setObjectName("sectors")
        card_scroll = QScrollArea()
        card_scroll.setWidgetResizable(True)
        card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # the card fits its width (its texts wrap) and scrolls only down: sideways it hid the name, the
        # reason to check and the correction buttons behind a scroll bar in the default window
        card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card_scroll.setWidget(self.card)
        splitter.addWidget(left)
        splitter.addWidget(card_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.task_status)
        layout.addWidget(splitter, 1)

        self.keys = ReviewKeys(self)  # Enter, the number keys; Escape in the search box (Ctrl+F: Edit > Find)
        self.taxonomy = store_sectors.taxonomy(ctx.project)
        self.side_reasons = store_sectors.side_reasons(ctx.project)
        self._build_sector_buttons()
        self.ctx.changed.connect(self.on_changed)
        self.reload_queue()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        """On coming into view the keyboard goes to the queue, where Enter and the number keys act (the focus ring
        was on "Retrain with corrections" while Enter accepted the current respondent's sector)."""
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_queue)

    def _focus_queue(self) -> None:
        focused = self.focusWidget()
        if self.isVisible() and (focused is None or focused not in (self.search, self.table, self.combo)):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def colours(self) -> dict[str, str]:
        return sector_colours([s.key for s in self.taxonomy])

    def _build_sector_buttons(self) -> None:
        empty_layout(self.sector_grid)
        for i, sector in enumerate(self.taxonomy):
            key = KEYS[i] if i < len(KEYS) else ""
            button = QPushButton(f"{key}   {sector.label}" if key else sector.label)
            button.setProperty("role", "choice")
            side = {True: "organisations", False: "individuals",
                    None: "individuals or organisations, each on the side they answered"}[sector.is_organisation]
            why = self.side_reasons.get(sector.key, "")
            button.setToolTip(f"A category of {side}" + (f" ({why})" if why else ""))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, k=sector.key: self.correct_current(k))
            self.sector_grid.addWidget(button, i, 0)
        self.combo.clear()
        for sector in self.taxonomy:
            self.combo.addItem(sector.label, sector.key)
        self.combo.setVisible(len(self.taxonomy) > len(KEYS))

    # ------------------------------------------------------------------ queue
    def reload_queue(self, respondent_ids: list[str] | None = None) -> None:
        """Show the queue, or ``respondent_ids``, or (while the search box holds text) what it finds."""
        project = self.ctx.project
        keep = self.current_row()
        self._search_pause.stop()
        if respondent_ids is None and self.searched():
            respondent_ids = browse.review_search(project, self.searched(), limit=QUEUE_LIMIT)
        rows = browse.review_rows(project, respondent_ids, limit=QUEUE_LIMIT)
        self.model.set_rows(rows, {s.key: s.label for s in self.taxonomy})
        self._update_counts()
        ids = [r.respondent_id for r in rows]
        if keep is not None and keep.respondent_id in ids:
            self.select_row(ids.index(keep.respondent_id))
        elif rows:
            self.select_row(next((i for i, r in enumerate(rows) if r.source != "analyst"), 0))
        else:
            self._show_current()

    def _search_paused(self) -> None:
        """The search after a pause in typing: not once the project is closed (a window closed while the pause ran
        had its timer fire on a closed project)."""
        if not self.ctx.project.closed:
            self.reload_queue()

    def _search_typed(self, _text: str) -> None:
        self._queue_ids = None  # (a list an export's warning named gives way to the search)
        self._search_pause.start()

    def show_respondents(self, external_ids: list[str]) -> None:
        """List exactly these respondents (ids as imported; an export's warning names them), until the
        search box is used or the model retrained."""
        found: dict[str, str] = {r[0]: r[1] for r in self.ctx.project.query("SELECT external_id, id FROM respondents")}
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._queue_ids = [found[e] for e in external_ids if e in found][:QUEUE_LIMIT]
        self.reload_queue(self._queue_ids)
        self.table.setFocus()

    def searched(self) -> str:
        return " ".join(self.search.text().split())

    def focus_search(self) -> None:
        """Edit > Find (Ctrl+F) in this view: its own search box."""
        self.keys.focus_search()

    def search_done(self) -> None:
        """Enter in the search box: the list as typed, the keyboard back on it (to accept or correct)."""
        if self._search_pause.isActive():
            self.reload_queue()
        self.table.setFocus()

    def _update_counts(self) -> None:
        """The progress over the queue and the note under it, from one count of the respondents checked (both
        follow every decision)."""
        progress = browse.review_progress(self.ctx.project)
        self._update_progress(progress)
        self._update_note(progress)

    def _update_note(self, progress: tuple[int, int]) -> None:
        rows = self.model.rows
        left = sum(1 for r in rows if r.source != "analyst")  # a decided row stays in the list, ticked
        if self.searched():
            found = f"{len(rows):,}{'+' if len(rows) >= QUEUE_LIMIT else ''}"
            self.queue_note.setText(f"{found} {'respondent' if len(rows) == 1 else 'respondents'} found for "
                                    f"“{self.searched()}”, {left:,} still to check. Clear the search box for the "
                                    "whole queue. Enter accepts; 1–9, 0 correct; Ctrl+Z undoes.")
            return
        if self._queue_ids is not None:
            self.queue_note.setText(f"{len(rows):,} respondents an export's warning named, {left:,} still to check. "
                                    "Search to list others; clear the search for the whole queue. Enter accepts; 1–9, 0 "
                                    "correct; Ctrl+Z undoes.")
            return
        # of every respondent, as the header counts them: after a restart the list leaves out those already
        # checked, and its own count read "438 of 438 still to check" under "8 of 446 checked"
        done, total = progress
        listed = f"{total - done:,} of {total:,} respondents still to check" + (
            f" (the list holds the {len(rows):,} to check first)" if len(rows) >= QUEUE_LIMIT else "")
        self.queue_note.setText(f"{listed}, {self.order_note}. Enter accepts; 1–9, 0 correct; ↑/↓ move; Ctrl+Z undoes.")

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def current_row(self) -> ReviewRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _advance(self) -> None:
        start = self.table.currentIndex().row()
        for row in range(start + 1, len(self.model.rows)):
            if self.model.rows[row].source != "analyst":
                self.select_row(row)
                return
        self._show_current()

    def _update_progress(self, progress: tuple[int, int]) -> None:
        done, total = progress
        # before the first run the button starts the sector step; after it, it learns from corrections
        first = not self.taxonomy
        self.retrain_button.setText("Classify respondents" if first else "Retrain with corrections")
        self.retrain_button.setToolTip("Classify every respondent by sector: declared types, name rules and a model "
                                       "(runs in the background)" if first else
                                       "Rerun the sector model with every analyst label (runs in the background)")
        self.progress_label.setText(f"<b>{done:,}</b> of {total:,} {'respondent' if total == 1 else 'respondents'} "
                                    "checked by an analyst")
        self.progress_bar.setMaximum(max(1, total))
        self.progress_bar.setValue(done)

    # --------------------------------------------------------------- decisions
    def accept_current(self) -> None:
        row = self.current_row()
        if row is None or not row.sector:
            return
        name = shown_name(row)
        if self.ctx.run(SetSector(row.respondent_id, row.sector), f"Confirm sector of {name}"):
            self.decision_note.say(f"Confirmed {name} as {self._label(row.sector)}")
            self._advance()

    def correct_number(self, number: int) -> None:
        if number < len(self.taxonomy):
            self.correct_current(self.taxonomy[number].key)

    def selected_rows(self) -> list[ReviewRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def correct_current(self, sector_key: str | None) -> None:
        row = self.current_row()
        if row is None or not sector_key:
            return
        label = self._label(sector_key)
        chosen = self.selected_rows()
        if len(chosen) > 1:  # every selected respondent, as one undoable step
            if self.ctx.run(SetSector([r.respondent_id for r in chosen], sector_key),
                            f"Set sector of {len(chosen):,} respondents to {label}"):
                self.decision_note.say(f"Set {len(chosen):,} respondents to {label}")
            return
        name = shown_name(row)
        if self.ctx.run(SetSector(row.respondent_id, sector_key), f"Set sector of {name} to {label}"):
            self.decision_note.say(f"Set {name} to {label}")
            self._advance()

    def _label(self, sector_key: str) -> str:
        return next((s.label for s in self.taxonomy if s.key == sector_key), sector_key)

    # ----------------------------------------------------------------- details
    def _show_current(self) -> None:
        row = self.current_row()
        self.accept_button.setEnabled(row is not None and bool(row.sector))  # nothing to accept when unclassified
        if row is None:
            self.who.setText("Nothing left to review")
            for label in (self.facts, self.excerpt, self.current_sector, self.current_source):
                label.setText("")
            self.chart.set_bars([])
            self.chart_caption.setText("")
            return
        # every text wraps to the card, a long unbroken run too (a table of contents' dot leaders cut the card)
        self.who.setText(html.escape(breakable(shown_name(row))))
        facts = []
        if row.organisation and row.name:  # the other of the two, as written
            named = shown_name(row) == row.name
            facts.append(("Organisation box", row.organisation) if named else ("Contact", row.name))
        for caption, value in (("Declared type", row.declared_type), ("E-mail domain", row.email_domain),
                               ("Channel", row.channel.capitalize()), ("Respondent id", row.external_id)):
            if value:
                facts.append((caption, value))
        self.facts.setText("<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td style='color:gray; padding-right:12px'>{c}</td><td>{html.escape(breakable(v))}</td></tr>"
            for c, v in facts)
            + "</table>")
        self.excerpt.setText(f"“{html.escape(breakable(row.excerpt.strip()))}…”" if row.excerpt else "")
        self.excerpt.setVisible(bool(row.excerpt))
        labels = {s.key: s.label for s in self.taxonomy}
        self.current_sector.setText(html.escape(labels.get(row.sector, row.sector or "Not classified")))
        source = SOURCE_NAMES.get(row.source, row.source)
        detail = f" · {row.detail}" if row.detail and row.source in ("rules", "model") else ""
        why = desktop_wording(row.review)  # the app's control, where the command line's reason names a command
        if not row.sector:  # nothing decided: say why, so the analyst knows what is missing
            self.current_source.setText(html.escape(why[:1].upper() + why[1:]) if why else "No sector run yet")
        elif row.source == "analyst":
            self.current_source.setText("checked by an analyst")
        else:  # and why the run asks for a look (a declared type the name contradicts)
            check = f"<br><b>To check:</b> {html.escape(breakable(why))}" if why else ""
            self.current_source.setText(f"{source} · {row.confidence:.0%}{html.escape(detail)}{check}")
        probabilities = self.probabilities.get(row.respondent_id, {})
        if probabilities:  # the retrained model's view of this respondent, in the figures the text gives
            caption, figures = model_figures(row, probabilities, self.proposals.get(row.respondent_id, 0.0))
            self.chart_caption.setText(caption)
            self.chart.set_bars([Bar(labels.get(k, k), v, colour=self.colours.get(k, "")) for k, v in figures],
                                percent=True)
        else:  # every label on record, with where it came from
            labels_on_record = store_sectors.all_assignments(self.ctx.project, row.respondent_id)
            self.chart_caption.setText("Every label on record")
            self.chart.set_bars([Bar(f"{a.source.value}: {labels.get(a.sector_key, a.sector_key)}", a.confidence,
                                     colour=self.colours.get(a.sector_key, "")) for a in labels_on_record],
                                percent=True)
        self.chart.label_width = 300
        self.combo.setCurrentIndex(max(0, self.combo.findData(row.sector)))

    # ---------------------------------------------------------------- retrain
    def retrain(self) -> None:
        """Rerun classification with the analysts' labels on a worker; reorder the queue by the model."""
        path_project = self.ctx.project

        def work(progress):  # type: ignore[no-untyped-def]
            from consult_analyser.pipeline.sectors.run import SectorReview
            from consult_analyser.progress import scaled

            project = path_project.reopen()
            try:
                review = SectorReview(project, progress=scaled(progress, 0.0, 0.7))
                results = review.run(scaled(progress, 0.7, 0.95))
                queue = review.queue(QUEUE_LIMIT)
                wanted = set(queue)
                return (queue, {r.respondent_id: r.probabilities for r in results if r.respondent_id in wanted},
                        review.session.withdrawal_lines(), review.moves,  # what the labels withdrew and who moved, as the CLI says
                        {r.respondent_id: r.confidence for r in results if r.respondent_id in wanted and not r.sector})
            finally:
                project.close()

        if self.taxonomy:
            self.run_task("Retraining the sector model", work, self.retrain_button, self._retrained,
                          "Sector model retrained with every analyst label: the list is in its new order")
        else:
            self.run_task("Classifying respondents by sector", work, self.retrain_button, self._retrained,
                          "Respondents classified by sector")

    def run_task(self, title: str, work: Callable[[ProgressFn], Any], button: QPushButton,
                 on_done: Callable[[Any], None], done_text: str) -> None:
        """Run ``work`` on the app's task runner with ``button`` disabled, the view saying what it does and how far
        it has gone ("Retraining the sector model… 40% · Training the sector model"), then that it is done (and
        how long it took), failed (and why) or was cancelled."""
        started = time.monotonic()

        def report(fraction: float, message: str) -> None:
            self.task_status.setText(f"<b>{html.escape(title)}…</b> {fraction:.0%}"
                                     + (f" · {html.escape(message)}" if message else ""))

        def ended(text: str) -> None:
            button.setEnabled(True)
            self.task_status.setText(text)

        def done(result: Any) -> None:
            ended(f"<b>Done:</b> {html.escape(done_text)} ({time.monotonic() - started:.0f} s).")
            on_done(result)

        if button.hasFocus():  # the keyboard stays on the queue, not on the next button (a stray key ran it)
            self.table.setFocus()
        button.setEnabled(False)
        report(0.0, "starting")
        self.task_status.setVisible(True)
        task = self.ctx.tasks.start(title, work, on_done=done,
                                    on_error=lambda m: ended(f"<b>{html.escape(title)} failed:</b> {html.escape(m)}"),
                                    on_cancel=lambda: ended(f"{html.escape(title)} was cancelled; nothing was changed."))
        task.signals.progress.connect(report)

    def show_moved(self) -> QMessageBox:
        """Every respondent the last run moved that no analyst set (``sectors --moved`` lists the same)."""
        return show_moved(self, self.ctx.project, {s.key: s.label for s in self.taxonomy})

    def edit_sectors(self) -> None:
        """The sectors, their sides and merging (:mod:`.sector_taxonomy`)."""
        from consult_analyser.ui.views.sector_taxonomy import SectorListDialog

        SectorListDialog(self.ctx, self).exec()

    def check_accuracy(self) -> None:
        """Measure on a worker how well the sector step places the known sectors; show the figures."""
        path_project = self.ctx.project

        def work(progress):  # type: ignore[no-untyped-def]
            from consult_analyser.pipeline.sectors.run import check_project

            project = path_project.reopen()
            try:
                return check_project(project, progress=progress).summary()
            finally:
                project.close()

        def done(figures) -> None:  # type: ignore[no-untyped-def]
            self.ctx.notify(Changes({"meta"}))  # the dashboard shows the last check
            self.check_box = show_figures(self, "Sector check", check_html(figures))

        self.run_task("Checking how well sectors are placed", work, self.check_button, done,
                      "the sector check's figures are shown, and kept for the annex's method note")

    def _retrained(self, result) -> None:  # type: ignore[no-untyped-def]
        queue, probabilities, withdrawn, moves, proposals = result
        self.probabilities, self.proposals = probabilities, proposals
        if withdrawn:
            self.task_status.setText(self.task_status.text() + "".join(f"<br>{html.escape(w, quote=False)}" for w in withdrawn))
        self.task_status.setText(self.task_status.text() + moved_summary(moves, {s.key: s.label for s in self.taxonomy}))
        self.moved_button.setVisible(bool(moves))
        # the same order as when the view opens (what the note says): the run's flagged respondents,
        # then the least confident; the model-margin order put 100% declared rows first
        del queue
        self.taxonomy = store_sectors.taxonomy(self.ctx.project)
        self.side_reasons = store_sectors.side_reasons(self.ctx.project)
        self._build_sector_buttons()
        self._queue_ids = None
        self.reload_queue()

    # ----------------------------------------------------------------- refresh
    def on_changed(self, changes: Changes) -> None:
        if changes.tables & {"sectors", "respondents", "*"}:
            self.taxonomy = store_sectors.taxonomy(self.ctx.project)
            self.side_reasons = store_sectors.side_reasons(self.ctx.project)
            self._build_sector_buttons()
            self.reload_queue(self._queue_ids)
            return
        if "sector_assignments" in changes.tables:
            ids = [i for i in changes.ids if any(r.respondent_id == i for r in self.model.rows)]
            if ids:
                self.model.update_rows(browse.review_rows(self.ctx.project, ids))
            self._update_counts()
            self._show_current()

    def prepare_screenshot(self) -> None:
        """Select an organisation whose declared type its name contradicts (the panel says why), else
        one whose labels disagree, near the top of the queue."""
        for i, row in enumerate(self.model.rows[:300]):
            if row.sector and row.organisation and "name says" in row.review:
                self.select_row(i)
                return
        candidates = [i for i, row in enumerate(self.model.rows[:300]) if row.organisation and row.email_domain]
        for i in candidates:
            on_record = store_sectors.all_assignments(self.ctx.project, self.model.rows[i].respondent_id)
            if len({a.sector_key for a in on_record}) > 1:
                self.select_row(i)
                return
        if candidates:
            self.select_row(candidates[0])

