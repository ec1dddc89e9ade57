"""The selected theme in the themes view: what it is, who raised it, quotes, and the answers behind it."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.domain import percent
from consult_analyser.export.summaries import small_counts_threshold
from consult_analyser.export.theme_split import ThemeSplit, stance_line
from consult_analyser.pipeline.themes.quotable import no_quote, quotable_part
from consult_analyser.store import theme_report, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.identity import Identity
from consult_analyser.store.organisations import organisation_names
from consult_analyser.store.project import Project
from consult_analyser.ui.widgets.charts import Bar, BarChart
from consult_analyser.ui.widgets.chips import Chip, FlowLayout
from consult_analyser.ui.widgets.layouts import empty_layout
from consult_analyser.ui.widgets.wrapping import breakable

ANSWER_LIMIT = 500
QUOTES = 6
SIGN_OFF_TIP = "Sign the selected themes off (Ctrl+Enter)"
# as text on white or the table's rows at least 4.5:1 (WCAG AA)
STATUS_COLOURS = {"candidate": "#5f6877", "edited": "#a8500f", "signed_off": "#2e7d32"}


def status_text(theme) -> str:  # type: ignore[no-untyped-def]
    status = theme.status.value if hasattr(theme.status, "value") else str(theme.status)
    if status == "signed_off":
        return f"Signed off by {theme.signed_off_by} on {theme.signed_off_at[:10]}"
    return {"candidate": "Candidate (model)", "edited": "Edited, not signed off"}.get(status, status)


class ThemeDetail(QWidget):
    """Emits ``action(name)`` for the buttons and ``split_requested(what)`` when the user picks what
    to split the themes by; the themes view does the work."""

    action = Signal(str)
    split_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme_id: str | None = None
        self.names: dict[str, str] = {}  # respondent id -> the organisation they answered for (organisation_names)
        self.sector_colours: dict[str, str] = {}
        self.title = QLabel()
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setWordWrap(True)  # long status lines wrap instead of widening the window
        #: who said what: the question's closed agree/disagree split (set by the themes view)
        self.agreement: theme_report.AgreementSplit | None = None
        self.stance = QLabel()
        self.stance.setWordWrap(True)
        self.stance.setToolTip("The theme's share among respondents who agreed, were neutral or disagreed in "
                               "their closed answer to this question")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setProperty("role", "muted")
        self.description.setTextFormat(Qt.TextFormat.RichText)
        self.keyword_box = QWidget()
        self.keywords = FlowLayout(self.keyword_box, spacing=4)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip in (("answers", "Show answers", "Open these answers in the Responses view"),
                                ("rename", "Rename…", "Rename the theme (F2)"),
                                ("merge", "Merge…", "Merge the selected themes into one (Ctrl+M)"),
                                ("signoff", "Sign off", SIGN_OFF_TIP),
                                ("code", "Make a code", "Add this theme to the codebook and code its answers")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, n=name: self.action.emit(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        self.buttons["signoff"].setProperty("role", "primary")
        # wide enough for "Withdraw sign-off": the buttons after it stay put when its text changes (a click
        # meant for "Make a code" landed on "Withdraw sign-off")
        sign = self.buttons["signoff"]
        sign.setMinimumWidth(sign.fontMetrics().horizontalAdvance("Withdraw sign-off") + 36)

        # a model re-run never changes a signed-off theme: what it would add waits here for the lead
        self.proposal_box = QFrame()
        proposal_row = QHBoxLayout(self.proposal_box)
        proposal_row.setContentsMargins(0, 2, 0, 2)
        self.proposal_note = QLabel()
        self.proposal_note.setWordWrap(True)
        proposal_row.addWidget(self.proposal_note, 1)
        for name, text in (("accept", "Accept"), ("reject", "Reject")):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, n=name: self.action.emit(n))
            proposal_row.addWidget(button)
            self.buttons[name] = button
        self.proposal_box.hide()

        self.sector_caption = QLabel("Share of each sector’s respondents who raised it")
        self.sector_caption.setWordWrap(True)
        self.sector_caption.setProperty("role", "section")
        self.sector_chart = BarChart()

        self.quotes = QWidget()
        self.quotes_layout = QVBoxLayout(self.quotes)
        self.quotes_layout.setContentsMargins(0, 4, 8, 4)
        self.quotes_layout.setSpacing(8)
        quotes_scroll = QScrollArea()
        quotes_scroll.setWidgetResizable(True)
        quotes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        quotes_scroll.setWidget(self.quotes)

        self.answers = QListWidget()
        self.answers.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.answers.setWordWrap(True)
        self.answers.setAlternatingRowColors(True)
        self.answers.itemDoubleClicked.connect(lambda _i: self.action.emit("open"))
        # Ctrl+C copies every selected answer, each on its own lines (it copied the current one only)
        QShortcut(QKeySequence.StandardKey.Copy, self.answers, self.copy_selected_answers,
                  context=Qt.ShortcutContext.WidgetShortcut)
        answer_buttons = QHBoxLayout()
        for name, text, tip in (("move", "Move selected to…", "Move the selected answers to another theme"),
                                ("split", "Split selected off…", "Make a new theme from the selected answers"),
                                ("remove", "Remove from theme", "Take the selected answers out of this theme")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, n=name: self.action.emit(n))
            answer_buttons.addWidget(button)
        answer_buttons.addStretch(1)
        self.answers_note = QLabel()
        self.answers_note.setProperty("role", "muted")
        answers_page = QWidget()
        answers_layout = QVBoxLayout(answers_page)
        # the buttons above the answers, where a small window still shows them (trials found none below the
        # fold), and the same on a right click
        answers_layout.addLayout(answer_buttons)
        answers_layout.addWidget(self.answers, 1)
        answers_layout.addWidget(self.answers_note)
        self.answers.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.answers.customContextMenuRequested.connect(self._answers_menu)

        # who said what by another closed answer or a detail (a rating asked once, the site, the ward)
        self.theme_split: ThemeSplit | None = None
        self.split_by = QComboBox()
        self.split_by.setAccessibleName("Split the themes by")
        self.split_by.setToolTip("A closed question or a respondent detail: the theme's share among those who gave "
                                 "each answer (themes --list --by)")
        self.split_by.currentIndexChanged.connect(lambda _i: self.split_requested.emit(self.split_by.currentData() or ""))
        self.split_note = QLabel()
        self.split_note.setWordWrap(True)
        self.split_note.setProperty("role", "muted")
        self.split_chart = BarChart()
        split_page = QWidget()
        split_layout = QVBoxLayout(split_page)
        split_row = QHBoxLayout()
        split_label = QLabel("Split by")
        split_label.setBuddy(self.split_by)
        split_row.addWidget(split_label)
        split_row.addWidget(self.split_by, 1)
        split_layout.addLayout(split_row)
        split_layout.addWidget(self.split_note)
        split_layout.addWidget(self.split_chart)
        split_layout.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(quotes_scroll, "Quotes")
        self.tabs.addTab(answers_page, "Answers")
        self.tabs.addTab(split_page, "By answer")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.title)
        # the buttons under the title, above what varies in length (a lead's clicks meant for "Sign off"
        # landed elsewhere when a longer description moved them down)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.stance)
        layout.addWidget(self.description)
        layout.addWidget(self.keyword_box)
        layout.addWidget(self.proposal_box)
        layout.addWidget(self.sector_caption)
        layout.addWidget(self.sector_chart)
        layout.addWidget(self.tabs, 1)
        self.show_theme(None, None)

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)

    def set_split_choices(self, choices: list[tuple[str, str]]) -> None:
        """What the themes can be split by, as (value, shown) pairs
        (:func:`~consult_analyser.export.theme_split.split_choice_labels`); the choice made stays when it
        is still offered (the view asks for its split again as it reloads)."""
        chosen = self.split_by.currentData() or ""
        self.split_by.blockSignals(True)
        self.split_by.clear()
        self.split_by.addItem("(choose a closed question or a detail)", "")
        for choice, shown in choices:
            self.split_by.addItem(shown, choice)
        self.split_by.setCurrentIndex(max(0, self.split_by.findData(chosen)) if chosen else 0)
        self.split_by.blockSignals(False)

    def set_split(self, split: ThemeSplit | None) -> None:
        self.theme_split = split
        self._show_split()

    def _show_split(self) -> None:
        split = self.theme_split
        if split is None or self.theme_id is None:
            self.split_chart.set_bars([])
            self.split_note.setText("The theme's share among those who gave each answer to a closed question "
                                    "(a rating asked once, a yes/no) or who share a detail (the site, the ward, "
                                    "the region): choose one above." if self.theme_id else "")
            return
        self.split_note.setText(f"By {html.escape(split.by[:120])}: the theme's share among those who gave each answer.")
        self.split_chart.set_bars([
            Bar(value, split.share(self.theme_id, value),
                note=f"({split.by_theme.get(self.theme_id, {}).get(value, 0):,} of {split.answered[value]:,})")
            for value in split.values if split.answered.get(value)], percent=True)

    def _answers_menu(self, position: QPoint) -> None:
        """Right click on the answers: what the buttons do, and open the answer in the Reader."""
        if not self.answers.selectedItems():
            item = self.answers.itemAt(position)
            if item is None:
                return
            item.setSelected(True)
        self.answers_menu().exec(self.answers.viewport().mapToGlobal(position))

    def answers_menu(self) -> QMenu:
        menu = QMenu(self.answers)
        for name, text in (("open", "Open in Reader"), ("move", "Move selected to…"),
                           ("split", "Split selected off…"), ("remove", "Remove from theme")):
            menu.addAction(text).triggered.connect(lambda _c=False, n=name: self.action.emit(n))
        return menu

    def copy_selected_answers(self) -> str:
        """Put the selected answers' lines (respondent, sector, text) on the clipboard; returns them."""
        rows = sorted(self.answers.selectedItems(), key=self.answers.row)
        text = "\n\n".join(item.text() for item in rows)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def selected_answer_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.answers.selectedItems()]

    def current_respondent(self) -> str | None:
        item = self.answers.currentItem()
        return item.data(Qt.ItemDataRole.UserRole + 1) if item else None

    def show_role(self, who: Identity) -> None:
        """"Sign off" is the main action (blue) for a lead; for anyone else a plain button whose tooltip says it
        needs the lead role (still clickable: its message says how to change the role)."""
        sign = self.buttons["signoff"]
        sign.setProperty("role", "primary" if who.is_lead else "")
        sign.setToolTip(SIGN_OFF_TIP if who.is_lead else
                        f"Signing off needs the lead role; you are working as {who.describe()} (change it in the "
                        "status bar, or click to see how)")
        sign.style().unpolish(sign)
        sign.style().polish(sign)

    def show_theme(self, project: Project | None, summary: store_themes.ThemeSummary | None,
                   breakdown: store_themes.SectorBreakdown | None = None, *,
                   quotes: list[store_themes.ThemeAnswer] | None = None,
                   answers: list[store_themes.ThemeAnswer] | None = None) -> None:
        """Show a theme; ``quotes`` and ``answers``, when given, were read already (off the UI thread)."""
        self.theme_id = summary.theme.id if summary else None
        for button in self.buttons.values():
            button.setEnabled(summary is not None)
        self.keywords.clear()
        self._clear_quotes()
        self.answers.clear()
        self.proposal_box.hide()
        self._show_split()
        if project is None or summary is None:
            self.title.setText("No theme selected")
            self.status.setText("")
            self.stance.setVisible(False)
            self.description.setText("Pick a question with themes, or discover themes for it.")
            self.sector_chart.set_bars([])
            self.answers_note.setText("")
            return
        self.show_role(project.identity)
        theme = summary.theme
        self.title.setText(html.escape(theme.label))
        status = theme.status.value if hasattr(theme.status, "value") else str(theme.status)
        colour = STATUS_COLOURS.get(status, "#5f6877")
        self.status.setText(f"<span style='color:{colour}'>●</span> {html.escape(status_text(theme))}"
                            f" &nbsp;·&nbsp; <b>{summary.answers:,}</b> respondents ({html.escape(percent(summary.share))} of those who"
                            " answered)" + (f" · {summary.campaign_answers:,} from campaigns"
                                            if summary.campaign_answers else ""))
        self.description.setText(html.escape(theme.description))
        self.description.setVisible(bool(theme.description))
        proposed = len(theme_runs.proposals(project, theme.id))
        if proposed:
            self.proposal_note.setText(f"The last model run proposes adding <b>{proposed:,}</b> answer(s) to this "
                                       "signed-off theme; it was not changed. Look at them under Answers? Accept adds "
                                       "them, Reject keeps them out (and out of later runs).")
            self.proposal_box.show()
        split = self.agreement
        self.stance.setText("" if split is None else
                            "Who said what: " + html.escape(self._stance_line(project, summary, split)))
        self.stance.setVisible(split is not None)
        for word in theme.keywords[:12]:
            self.keywords.addWidget(Chip(word, "#8a94a6", style="outline"))
        self.keyword_box.setVisible(bool(theme.keywords))
        self.buttons["signoff"].setText("Withdraw sign-off" if status == "signed_off" else "Sign off")
        classified = breakdown is not None and any(
            n for key, n in breakdown.answered.items() if key != store_themes.UNCLASSIFIED)
        self.sector_caption.setText("Share of each sector’s respondents who raised it" if classified or breakdown is None
                                    else "Who raised it by sector shows once respondents are classified (Sector review)")
        if breakdown is not None:
            bars = [Bar(label, breakdown.share(theme.id, key), colour=self.sector_colours.get(key, ""),
                        note=f"({breakdown.counts.get(theme.id, {}).get(key, 0):,} of {breakdown.answered.get(key, 0):,})")
                    for key, label in breakdown.sectors if breakdown.answered.get(key, 0)] if classified else []
            bars.sort(key=lambda b: -b.value)
            self.sector_chart.set_bars(bars, percent=True)
        if quotes is None:
            quotes = theme_report.quotes(project, theme.id, n=QUOTES)
        # a covering note, a memo's heading or a title line is no quote (trial 48), as in the published report
        quotes = [q for q in quotes if not no_quote(q.text)]
        if answers is None:
            answers = store_themes.theme_answers(project, theme.id, limit=ANSWER_LIMIT)
        # who raised it: an organisation by its name (a trial read only ids and sectors), a person by their id
        self.names = organisation_names(project, [a.respondent_id for a in [*quotes, *answers]])
        for quote in quotes:
            self._add_quote(quote, breakdown, theme.keywords)
        self.quotes_layout.addStretch(1)
        labels = dict(breakdown.sectors) if breakdown else {}
        for answer in answers:
            text = " ".join(answer.text.split())
            item = QListWidgetItem(f"{self.names.get(answer.respondent_id, answer.external_id)}"
                                   f" · {labels.get(answer.sector, answer.sector)}"
                                   f"{' · by letter' if answer.by_letter else ''}\n"
                                   f"{text[:300]}{'…' if len(text) > 300 else ''}")
            item.setData(Qt.ItemDataRole.UserRole, answer.response_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, answer.respondent_id)
            item.setToolTip(f"{answer.external_id} · {answer.source}, confidence {answer.confidence:.0%}")
            self.answers.addItem(item)
        more = summary.answers - len(answers)
        self.answers_note.setText(f"{len(answers):,} answers shown" + (f"; {more:,} more in Responses" if more > 0
                                                                        else "") + ". Double-click to read one.")

    @staticmethod
    def _stance_line(project: Project, summary: store_themes.ThemeSummary, split: theme_report.AgreementSplit) -> str:
        """The theme's shares by side as the annex and the report give them (:func:`~consult_analyser.export.
        theme_split.stance_line`: a side of fewer respondents than the small-numbers threshold has no share, "Neutral:
        1 respondent, too few to show shares"; trial 48's desktop showed "neutral 100%" for a side of one)."""
        theme = summary.theme
        answered = round(summary.answers / summary.share) if summary.share else sum(split.answered.values())
        reported = theme_report.ReportedTheme(theme, summary.answers, summary.share, summary.campaign_answers,
                                              summary.analyst_answers, {},
                                              by_stance=dict(split.by_theme.get(theme.id, dict.fromkeys(theme_report.STANCES, 0))))
        report = theme_report.QuestionReport(theme.question_id, answered, {}, [], [reported], False,
                                             answered_by_stance=split.answered, stance_scale=split.scale)
        return stance_line(report, reported, small_counts_threshold(project))

    def _clear_quotes(self) -> None:
        empty_layout(self.quotes_layout)

    def _add_quote(self, quote: store_themes.ThemeAnswer, breakdown: store_themes.SectorBreakdown | None,
                   keywords: list[str]) -> None:
        frame = QFrame()
        frame.setProperty("role", "quote-card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        body = QLabel(f"“{html.escape(breakable(theme_report.quote_excerpt(quotable_part(quote.text), keywords)))}”")
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        labels = dict(breakdown.sectors) if breakdown else {}
        who = self.names.get(quote.respondent_id, quote.external_id)
        source = QLabel(f"{html.escape(who)} · {html.escape(labels.get(quote.sector, quote.sector))}"
                        + (" · campaign" if quote.campaign_id else "") + (" · by letter" if quote.by_letter else ""))
        source.setProperty("role", "muted")
        source.setTextFormat(Qt.TextFormat.RichText)
        # a long name and sector wrap too: as one line they set the card's least width, wider than the
        # column, and every quote was cut at the right (trial 45)
        source.setWordWrap(True)
        layout.addWidget(body)
        layout.addWidget(source)
        self.quotes_layout.addWidget(frame)
