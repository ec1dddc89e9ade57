"""The Team view: analysts, assignments and progress, agreement (table and chart), the
adjudication queue, merge conflicts and merge history. In an analyst's copy: my assignment.

Every button calls the same core functions as ``consult-analyser team ...``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.errors import ProjectError
from consult_analyser.export.annex_agreement import CHART_CODES, chart_codes
from consult_analyser.pipeline.coding.agreement import AgreementReport
from consult_analyser.store import codebook
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Changes, Project
from consult_analyser.store.questions import list_questions
from consult_analyser.team import agreement, conflicts, merge, owner, reassign, split
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.widgets.ask import ask_item, ask_text
from consult_analyser.ui.widgets.charts import Bar, BarChart, series_colour


def ask_about_copy(path: Path, parent: QWidget | None = None) -> str | None:
    """Asked once, at open, of an analyst's copy someone else opens (see :mod:`consult_analyser.team.owner`):
    "write" (it is theirs, or they chose before, or now, to work in it as its analyst), "read" (open it
    read-only), None (cancelled). The choice to continue is kept by :func:`owner.start_session`."""
    try:
        with Project.open(path, readonly=True) as peek:
            other = owner.someone_else(peek)
    except ProjectError:  # opening it for writing says what is wrong
        return "write"
    if other is None or other.allowed:
        return "write"
    box = QMessageBox(QMessageBox.Icon.Question, "Another analyst's copy",
                      f"{path.name}: {other.said()[:1].upper()}{other.said()[1:]}.", parent=parent)
    box.setInformativeText(
        f"What you do in it is recorded as {other.owner.name}'s work, and merges as their coding. Continue as "
        f"{other.owner.name} only if you mean to work for them (your own name goes in the copy's journal, and the "
        "lead sees it when the copy is merged); otherwise open it read-only, or open your own copy.")
    go = box.addButton(f"Continue as {other.owner.name}", QMessageBox.ButtonRole.AcceptRole)
    look = box.addButton("Open read-only", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(look)
    box.exec()
    clicked = box.clickedButton()
    return "write" if clicked is go else "read" if clicked is look else None


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    """Put ``rows`` in ``table``. Its columns sized to their contents are fixed while the cells are set and
    sized once at the end: measured after every cell, a trial's 228 agreement rows took 2 ms a cell, 15 s in
    all. Sorting and drawing are off meanwhile too."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(table.columnCount())]
    sorting = table.isSortingEnabled()
    table.setSortingEnabled(False)
    table.setUpdatesEnabled(False)
    for c, mode in enumerate(modes):
        if mode == QHeaderView.ResizeMode.ResizeToContents:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
    try:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c and value[:1].isdigit() or value in ("—",) or value[:1] == "-" and value[1:2].isdigit():
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
    finally:
        for c, mode in enumerate(modes):
            header.setSectionResizeMode(c, mode)
        table.setSortingEnabled(sorting)
        table.setUpdatesEnabled(True)


def _arrived(counts: dict[str, int]) -> str:
    """What a merge brought, as the Merge history tab lists it ("nothing new": a re-merge of work already in)."""
    return ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()
                     if v and not k.startswith("skipped")) or "nothing new"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


#: the bar drawn for a kappa of 0 or below (a bar of length 0 is not drawn at all)
LOW_BAR = 0.02


def kappa_colour(kappa: float | None) -> str:
    """Blue from 0.6 up, orange below (the chart's legend)."""
    return series_colour(0 if (kappa or 0.0) >= 0.6 else 1)


class KappaChart(BarChart):
    """Bars of kappa values, shown with two decimals."""

    def _value_text(self, bar: Bar) -> str:
        return bar.note

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Every bar: the chart scrolls (in the view's scroll area) rather than cutting off the last ones."""
        return QSize(200, self.sizeHint().height())


class TeamView(QWidget):
    title = "Team"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: AgreementReport | None = None
        self.queue: list[agreement.QueueItem] = []
        self.open_conflicts: list[team_store.Conflict] = []
        self.heading = QLabel("Team")
        self.heading.setProperty("role", "heading")
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.split_button = QPushButton("Split among analysts…")
        self.merge_button = QPushButton("Merge copies or change files…")
        self.change_button = QPushButton("Add or replace an analyst…")
        self.change_button.setToolTip("After a split: an analyst who joins takes a share of the answers still to code "
                                      "(or double-codes); one who leaves hands theirs on (team split --add, team "
                                      "reassign)")
        self.split_button.clicked.connect(self.split_dialog)
        self.merge_button.clicked.connect(self.merge_dialog)
        self.change_button.clicked.connect(self.change_dialog)
        buttons = QHBoxLayout()
        buttons.addWidget(self.split_button)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)

        self.analysts = _table(["Analyst", "Role", "Assigned", "Coded", "Progress", "Double-coded", "Copy"])
        self.agreement_table = _table(["Code", "N", "Kappa", "Alpha", "Agreement", "F1", "Applied"])
        self.chart = KappaChart()
        agreement_page = QSplitter(Qt.Orientation.Horizontal)
        agreement_page.addWidget(self.agreement_table)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_caption = QLabel(f"Cohen's kappa of the {CHART_CODES} most-used codes (mean over coder pairs; the unit is the "
                               "answer x code). Orange: below 0.6.")
        chart_caption.setWordWrap(True)
        chart_caption.setProperty("role", "muted")
        chart_layout.addWidget(chart_caption)
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chart_scroll.setWidget(self.chart)
        chart_layout.addWidget(chart_scroll, 1)
        agreement_page.addWidget(chart_box)
        # the table wide enough for its columns beside a 300-pixel code column (a 1440-pixel window's view is
        # 1,200 wide): at [560, 640] a trial read "Agreeme", and F1 and Applied were off to the right
        agreement_page.setSizes([680, 520])
        header = self.agreement_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.agreement_table.setColumnWidth(0, 300)

        self.queue_table = _table(["Respondent", "Question", "Code", "Applied by", "Not by", "Decision"])
        self.queue_table.itemSelectionChanged.connect(self._show_answer)
        self.answer = QPlainTextEdit()
        self.answer.setReadOnly(True)
        self.answer.setMaximumHeight(110)
        # what each decision does to the agreed coding, said on its button (a trial read "Keep both" of a code one
        # coder applied and the other did not as "keep both calls")
        self.keep_button = QPushButton("Keep one coder's call…")
        self.both_button = QPushButton("Code applies")
        self.neither_button = QPushButton("Code does not apply")
        self.export_agreed_button = QPushButton("Export agreed coding…")
        for button, decision in ((self.keep_button, "keep"), (self.both_button, "applied"),
                                 (self.neither_button, "not-applied")):
            button.setToolTip(f"In the agreed coding, {agreement.EXPLAIN_DECISION[decision].replace(' (--coder)', '')}. Neither coder's own "
                              "coding changes; the agreement figures stay those of the blind coding.")
            button.clicked.connect(lambda _checked=False, d=decision: self.decide(d))
        self.export_agreed_button.setToolTip("Write the agreed coding (agreed.csv) and the lead's decisions "
                                             "(decisions.csv) to a folder, as `export --what agreed|decisions` does")
        self.export_agreed_button.clicked.connect(self.export_agreed)
        decide = QHBoxLayout()
        for b in (self.keep_button, self.both_button, self.neither_button):
            decide.addWidget(b)
        decide.addStretch(1)
        decide.addWidget(self.export_agreed_button)
        queue_page = QWidget()
        queue_layout = QVBoxLayout(queue_page)
        queue_layout.addWidget(self.queue_table, 1)
        queue_layout.addWidget(self.answer)
        queue_layout.addLayout(decide)

        self.conflict_table = _table(["Kind", "Analyst", "What happened", "State"])
        self.mine_button = QPushButton("Keep this project's version")
        self.theirs_button = QPushButton("Take the analyst's version")
        self.mine_button.clicked.connect(lambda: self.resolve("lead"))
        self.theirs_button.clicked.connect(lambda: self.resolve("analyst"))
        conflict_page = QWidget()
        conflict_layout = QVBoxLayout(conflict_page)
        conflict_layout.addWidget(self.conflict_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.mine_button)
        row.addWidget(self.theirs_button)
        row.addStretch(1)
        conflict_layout.addLayout(row)

        self.merge_table = _table(["Merged", "Analyst", "From", "By", "What arrived"])
        self.tabs = QTabWidget()
        self.tabs.addTab(agreement_page, "Agreement")
        self.tabs.addTab(queue_page, "Disagreements")
        self.tabs.addTab(conflict_page, "Conflicts")
        self.tabs.addTab(self.merge_table, "Merge history")

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.analysts)
        body.addWidget(self.tabs)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 3)
        body.setSizes([170, 600])
        # the view fits its window, and the tables scroll within it: the summary's wrapped text made the view as
        # tall as its panels would like (the chart's 25 bars), taller than a 1440 x 900 window, so the bottom
        # of the tables (and the Agreement table's horizontal scroll bar) was below the window's edge. A window
        # too small for the panels' least still scrolls the whole view.
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        body.setMinimumHeight(body.minimumSizeHint().height())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(body, 1)
        self.ctx.changed.connect(self.on_changed)
        self.refreshes = 0  # how many times the tables were filled (once each time the view is shown or changed)
        self.refresh()
        self._filled_for_show = True  # built to be shown at once: its first showEvent need not fill it again

    # ------------------------------------------------------------------ data
    def on_changed(self, changes: Changes) -> None:
        if changes.tables & {"*", "team", "codings", "codes"}:
            if self.isVisible():
                self.refresh()
            else:
                self._filled_for_show = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._filled_for_show:
            self._filled_for_show = False
        else:  # shown again: filled afresh (a merge from the command line meanwhile shows)
            self.refresh()

    def refresh(self) -> None:
        self.refreshes += 1
        project = self.ctx.project
        who = project.identity
        is_copy = who.source == "copy"
        self._offer_buttons()
        progress = team_store.progress(project)
        members = {m.analyst: m for m in team_store.members(project)}
        rows = []
        for p in progress:
            m = members.get(p.analyst)
            rows.append([p.analyst, m.role if m else "analyst", f"{p.assigned:,}", f"{p.coded:,}", f"{p.share:.0%}",
                         f"{p.overlap:,}", Path(m.file).name if m else ""])
        _fill(self.analysts, rows)
        if is_copy:
            mine = next((p for p in progress if p.analyst == who.name), None)
            self.heading.setText(f"My assignment — {who.name}")
            self.summary.setText(
                f"{mine.coded:,} of {mine.assigned:,} answers coded ({mine.share:.0%}); {mine.overlap:,} of them are"
                " also coded by a colleague, blind. When done, send this file (or a change file: "
                "consult-analyser team changes) to your lead." if mine else "No answers are assigned to you here.")
            self.tabs.hide()
            return
        self.tabs.show()
        self.heading.setText("Team")
        self.report = agreement.agreement(project)
        self.queue = agreement.queue(project, self.report)
        self.open_conflicts = conflicts.open_conflicts(project)
        merges = team_store.merges(project)
        overall = self.report.overall
        if not progress:
            self.summary.setText(f"Working as {who.describe()}. Split the work among analysts to start; their "
                                 "copies come back here to be merged.")
        else:
            # merges that brought something; re-merges of work already in are said apart (a trial's "4 merges"
            # were 2, and 2 that the Merge history tab lists as "nothing new")
            idle = sum(1 for m in merges if _arrived(m["counts"] or {}) == "nothing new")
            merged = _plural(len(merges) - idle, "merge") + (f" ({idle:,} more added nothing new)" if idle else "")
            self.summary.setText(
                f"Working as {who.describe()}. {_plural(len(progress), 'analyst')}, {merged}, "
                f"{len(self.open_conflicts)} open conflicts. Answers coded blind by two analysts: "
                f"{self.report.answers:,}; kappa {_num(overall.kappa)}, alpha {_num(overall.alpha)}, agreement "
                f"{_num(overall.percent_agreement)}, per-answer F1 {_num(overall.f1)}; "
                f"{sum(1 for q in self.queue if not q.decision):,} disagreements to decide. "
                f"{self.report.waiting_note()} {self.report.excluded_note(codebook.code_paths(project))}".rstrip())
        paths = codebook.code_paths(project)
        ordered = sorted(self.report.codes, key=lambda c: paths.get(c.code_id, c.code_id).casefold())
        items = [overall, *ordered] if self.report.answers else []
        _fill(self.agreement_table, [[paths.get(c.code_id, c.code_id) if c.code_id else "(overall)", f"{c.n:,}",
                                      _num(c.kappa), _num(c.alpha), _num(c.percent_agreement), _num(c.f1),
                                      f"{c.applied:,}"] for c in items])
        # the codes the annex's chart plots too (chart_codes: the most used, highest kappa first); a kappa of 0 or
        # below still gets a short orange bar: the legend promises orange below 0.6
        self.chart.set_bars([Bar(paths.get(c.code_id, c.code_id)[:44], max(LOW_BAR, c.kappa or 0.0),
                                 kappa_colour(c.kappa), _num(c.kappa)) for c in chart_codes(self.report)], full=1.0)
        # the code's path, as `team disagreements` prints it: two codes named "monitoring" under different
        # parents read alike by their names
        _fill(self.queue_table, [[q.respondent, q.question, paths.get(q.code_id, q.code), ", ".join(q.applied_by),
                                  ", ".join(q.not_applied_by),
                                  q.decided or "to decide"]
                                 for q in self.queue])
        _fill(self.conflict_table, [[c.kind.replace("_", " "), c.analyst, conflicts.describe(project, c), "open"]
                                    for c in self.open_conflicts])
        _fill(self.merge_table, [[m["merged_at"].replace("T", " ")[:16], m["analyst"], Path(m["source_file"]).name,
                                  m["merged_by"], _arrived(m["counts"] or {})]
                                 for m in reversed(merges)])
        self.tabs.setTabText(1, f"Disagreements ({sum(1 for q in self.queue if not q.decision):,})")
        self.tabs.setTabText(2, f"Conflicts ({len(self.open_conflicts):,})")

    def _offer_buttons(self) -> None:
        offered = self.ctx.project.identity.source != "copy" and self.ctx.writable
        self.split_button.setVisible(offered)
        self.merge_button.setVisible(offered)
        self.change_button.setVisible(offered and bool(team_store.members(self.ctx.project)))

    # --------------------------------------------------------------- actions
    def _selected(self, table: QTableWidget) -> int:
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show_answer(self) -> None:
        row = self._selected(self.queue_table)
        self.answer.setPlainText(self.queue[row].text if 0 <= row < len(self.queue) else "")

    def _done(self, text: str, changes: Changes) -> None:
        before = self.refreshes
        self.ctx.notify(changes)  # refreshes this view when the team's tables changed (on_changed)
        self.ctx.status.emit(text)
        if self.refreshes == before:
            self.refresh()

    def decide(self, decision: str) -> None:
        row = self._selected(self.queue_table)
        if not 0 <= row < len(self.queue):
            self.ctx.status.emit("Select a disagreement first")
            return
        item = self.queue[row]
        coder = ""
        if decision == "keep":
            coders = item.applied_by + item.not_applied_by
            code = codebook.code_paths(self.ctx.project).get(item.code_id, item.code)
            coder, ok = ask_item(self, "Keep whose call?", f"{code} on {item.respondent} {item.question}:", coders)
            if not ok:
                return
        try:
            changes = agreement.adjudicate(self.ctx.project, item.response_id, item.code_id, decision, coder=coder)
        except ProjectError as exc:
            self.ctx.status.emit(str(exc))
            return
        stored = agreement.STORED[decision]
        said = agreement.decision_text(stored, coder)
        outcome = agreement.explain_outcome(agreement.AgreedUnit(  # (the coders' calls are the item's: no recount)
            item.response_id, item.code_id, agreement.decided_result(stored, coder, item.applied_by,
                                                                     item.not_applied_by),
            "decided by the lead", item.applied_by, item.not_applied_by))
        self._done(f"Recorded: {said}; {outcome}", changes)
        self.queue_table.selectRow(min(row + 1, self.queue_table.rowCount() - 1))

    def export_agreed(self) -> None:
        """The agreed coding and the decisions, through the export core the command line uses."""
        from consult_analyser.export.files import ExportOptions, FileExportError, export_file

        folder = QFileDialog.getExistingDirectory(self, "Folder for the agreed coding and the decisions",
                                                  str(self.ctx.project.path.parent))
        if not folder:
            return
        written = []
        try:
            for what in ("agreed", "decisions"):
                message = export_file(self.ctx.project, Path(folder) / f"{what}.csv",
                                      ExportOptions(what=what, front="app"))
                written.append(message.split(";")[0].split(" written")[0])
        except (FileExportError, OSError) as exc:
            self.ctx.status.emit(f"Not exported: {exc}")
            return
        self.ctx.status.emit(f"Wrote {' and '.join(written)} to {folder}")

    def resolve(self, choice: str) -> None:
        row = self._selected(self.conflict_table)
        if not 0 <= row < len(self.open_conflicts):
            self.ctx.status.emit("Select a conflict first")
            return
        try:
            changes = conflicts.resolve(self.ctx.project, self.open_conflicts[row].id, choice)
        except ProjectError as exc:
            self.ctx.status.emit(str(exc))
            return
        self._done(f"Conflict resolved: {conflicts.EXPLAIN[choice]}", changes)

    def merge_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Merge analysts' copies or change files", "",
                                                "Copies and change files (*.consult *.changes);;All files (*)")
        if not files:
            return
        try:
            results, changes = merge.merge(self.ctx.project, files)
        except ProjectError as exc:
            self.ctx.status.emit(f"Nothing merged: {exc}")
            return
        added = sum(v for r in results for k, v in r.counts.items() if k.endswith("_added"))
        removed = sum(v for r in results for k, v in r.counts.items() if k.endswith("_deleted"))
        found = sum(r.conflicts for r in results)
        notes = " ".join(note for r in results for note in r.notes)
        self._done(f"Merged {len(results)} file(s): {added:,} rows added, {removed:,} removed, {found} conflict(s) "
                   f"to resolve" + (f". {notes}" if notes else ""), changes)

    def split_dialog(self) -> None:
        names, ok = ask_text(self, "Split among analysts", "Analysts (comma-separated):")
        if not ok or not names.strip():
            return
        everything = "All questions with written answers"
        choices = [everything] + [f"{q.key}  {' '.join(q.text.split())[:70]}"
                                  for q in list_questions(self.ctx.project, open_only=True)]
        chosen, ok = ask_item(self, "Split among analysts", "Questions to share out:", choices)
        if not ok:
            return
        questions = [] if chosen == everything else [chosen.split()[0]]  # as `team split --question KEY`
        overlap, ok = QInputDialog.getDouble(self, "Double coding", "Share of respondents coded by two analysts:",
                                             0.1, 0.0, 1.0, 2)
        if not ok:
            return
        between = ""
        if overlap > 0:
            between, ok = ask_text(self, "Double coding", "Double-coded by (comma-separated; blank: any "
                                               "two of them):")
            if not ok:
                return
        folder = QFileDialog.getExistingDirectory(self, "Folder for the analysts' copies")
        if not folder:
            return
        try:
            result = split.split(self.ctx.project, [n.strip() for n in names.split(",") if n.strip()], folder,
                                 overlap=overlap, questions=questions,
                                 overlap_between=[n.strip() for n in between.split(",") if n.strip()])
        except (ProjectError, ValueError) as exc:
            self.ctx.status.emit(f"Not split: {exc}")
            return
        self._done(f"Wrote {len(result.files)} copies to {folder}", Changes().add("team"))

    def change_dialog(self) -> None:
        """Add an analyst to the split, or give a leaving analyst's answers still to code to another: the
        core functions of `team split --add` and `team reassign`."""
        add, move = "Add an analyst (a share of what is left to code, or of the double coding)", \
            "Give an analyst's answers still to code to another"
        chosen, ok = ask_item(self, "Change the team", "What to do:", [add, move])
        if not ok:
            return
        team = sorted({m.analyst for m in team_store.members(self.ctx.project)})
        if chosen == add:
            name, ok = ask_text(self, "Add an analyst", "Their name:")
            if not ok or not name.strip():
                return
            share, ok = QInputDialog.getDouble(self, "Add an analyst", "Share of each analyst's answers still to code "
                                               "they take (0: none):", 0.3, 0.0, 1.0, 2)
            overlap, ok2 = QInputDialog.getDouble(self, "Add an analyst", "Share of the respondents one analyst codes "
                                                  "alone they also code, blind (0: none):", 0.0, 0.0, 1.0, 2) \
                if ok else (0.0, False)
            if not ok2:
                return
        else:
            source, ok = ask_item(self, "Reassign", "Whose answers still to code:", team)
            if not ok:
                return
            name, ok = ask_text(self, "Reassign", f"Give {source}'s answers still to code to (a name in the team, or "
                                                  "a new one):")
            if not ok or not name.strip():
                return
        folder = QFileDialog.getExistingDirectory(self, f"Folder for {name.strip()}'s new copy")
        if not folder:
            return
        try:
            if chosen == add:
                result = reassign.add_analyst(self.ctx.project, name, folder, share=share, overlap=overlap)
            else:
                result = reassign.reassign(self.ctx.project, source, name, folder)
        except (ProjectError, ValueError) as exc:
            self.ctx.status.emit(f"Nothing changed: {exc}")
            return
        self._done(f"Wrote {', '.join(p.name for p in result.files.values())} to {folder}. {result.note}",
                   Changes().add("team"))

    def prepare_screenshot(self) -> None:
        # on screen, so filled when it was shown: not again; but drawn as offered (ctx.drawn_only), even when
        # the view was built (a remembered view) before the screenshot said so
        self._offer_buttons()
        if self.queue_table.rowCount():
            self.queue_table.selectRow(0)
