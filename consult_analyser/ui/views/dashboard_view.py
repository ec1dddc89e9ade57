"""The dashboard: who responded (by sector and channel) and how far coding and review have got,
as cards with big numbers and bar charts. Clicking a sector bar opens its answers."""

from __future__ import annotations

import html
import textwrap

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from consult_analyser.domain import counted, percent
from consult_analyser.export.editions import since_last_edition
from consult_analyser.store import checks, dashboard, runs
from consult_analyser.store.project import Changes
from consult_analyser.store.release import release_details
from consult_analyser.store.responses import ResponseFilter
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.widgets.charts import Bar, BarChart, sector_colours, series_colour

#: the charts in each column, three or two (the respondents' charts, then the questions'); in three, the two
#: charts of a row per question side by side, not one under the other: a trial's window of 1600 x 1000 cut the
#: themes' chart off under the coding progress of 16 questions
ARRANGEMENTS = {3: (("sectors", "sources"), ("coding", "channels"), ("themes",)),
                2: (("sectors", "sources", "channels"), ("themes", "coding"))}
SPACING = 12
#: the least width a chart's bars keep beside whole labels and values
BAR_ROOM = 72

CHANNELS = {"online": "Online survey", "email": "E-mail", "post": "Post", "other": "Other (letters, files)"}


def _pct(part: int, whole: int) -> str:
    """As the report prints it (halves rounded up: 12 of 480 is "3%" in both)."""
    return percent(part / whole) if whole else "—"


class StatCard(QFrame):
    """A big number with a caption and a line of context."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "section")
        self.value = QLabel("—")
        self.value.setProperty("role", "number")
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_value(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)


class ChartCard(QFrame):
    def __init__(self, caption: str, chart: BarChart, note: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(caption)
        title.setProperty("role", "section")
        layout.addWidget(title)
        if note:
            hint = QLabel(note)
            hint.setProperty("role", "muted")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(chart, 1)


class DashboardView(QWidget):
    title = "Dashboard"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.subheading = QLabel()
        self.subheading.setProperty("role", "muted")
        self.interrupted = QLabel()  # runs (and exports) a killed app left unfinished: store.runs
        self.interrupted.setProperty("role", "notice")
        self.interrupted.setWordWrap(True)
        self.interrupted.hide()
        # the last edition published and what changed since (export PROJECT --editions lists them all)
        self.published = QLabel()
        self.published.setProperty("role", "muted")
        self.published.setWordWrap(True)
        self.published.hide()
        self.cards = {key: StatCard(caption) for key, caption in (
            ("respondents", "Respondents"), ("organisations", "Answering for an organisation"), ("answers", "Written answers"),
            ("coded", "Answers coded"), ("themes", "Themes signed off"), ("sectors", "Sectors checked"))}
        self.sector_chart = BarChart()
        self.sector_chart.clicked.connect(self._open_sector)
        self.channel_chart = BarChart()
        self.coding_chart = BarChart()
        self.source_chart = BarChart()
        self.source_chart.empty_text = "No sectors yet: Sector review › Classify respondents"
        self.theme_chart = BarChart()
        self.theme_chart.empty_text = "No themes yet: Themes › Discover themes"
        self.sector_keys: list[str] = []

        grid = QGridLayout()
        grid.setSpacing(12)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        self.chart_of = {"sectors": self.sector_chart, "sources": self.source_chart, "coding": self.coding_chart,
                         "channels": self.channel_chart, "themes": self.theme_chart}
        for chart in self.chart_of.values():
            chart.bar_room = BAR_ROOM  # labels whole while the bars keep their room
        self.chart_cards = {
            "sectors": ChartCard("Respondents by sector", self.sector_chart,
                                 "Report findings by respondent type, not by counting votes. Click a bar to read "
                                 "that sector’s answers."),
            "sources": ChartCard("Where each sector came from", self.source_chart,
                                 "The label in effect: an analyst’s, the respondent’s own, a rule, or the model."),
            "coding": ChartCard("Coding progress by question", self.coding_chart,
                                "Share of each question’s written answers coded (or a suggestion accepted) by an "
                                "analyst."),
            "channels": ChartCard("Respondents by channel", self.channel_chart),
            "themes": ChartCard("Themes by question", self.theme_chart, "Signed off, edited and candidate themes.")}
        self.charts_box = QWidget()  # the charts' columns, laid out again when the width asks (see _reflow)
        self.chart_columns = 0
        self._reflow_due = False
        self._least: tuple[list[int], bool] | None = None  # the columns' least widths last laid out, and whether they fit

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 4, 12, 12)
        self.body_layout.setSpacing(12)
        self.body_layout.addWidget(self.heading)
        self.body_layout.addWidget(self.subheading)
        self.body_layout.addWidget(self.interrupted)
        self.body_layout.addWidget(self.published)
        self.body_layout.addLayout(grid)
        self.body_layout.addWidget(self.charts_box)
        self.body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.ctx.changed.connect(self.on_changed)
        self.refresh()

    def refresh(self) -> None:
        project = self.ctx.project
        h = dashboard.headline(project)
        # the consultation's title as the annex prints it, once a lead set it (else the project's name): a team
        # trial's dashboard read "lead", its file's name, though the title was set
        self.heading.setText(html.escape(release_details(project).title))
        notes = [*self.ctx.opening_notices, *runs.notices(project)]
        self.interrupted.setText("\n".join(n + "." for n in notes))
        self.interrupted.setVisible(bool(notes))
        heading, changed = since_last_edition(project)
        self.published.setText(heading + (": since then " + "; ".join(changed) if changed else
                                          ": nothing in the published figures has changed since" if heading else ""))
        self.published.setVisible(bool(heading))
        channels = dashboard.channel_counts(project)
        self.subheading.setText(
            f"{counted(h.respondents, 'respondent')} · {counted(h.open_questions, 'open question')} · "
            f"{counted(h.letters, 'e-mail or letter', 'e-mails and letters')}"
            + (f" ({counted(h.documents, 'document')} with attachments)" if h.documents != h.letters else "")
            + (f" · {counted(h.campaigns, 'campaign')} ({counted(h.campaign_answers, 'answer')})" if h.campaigns else ""))
        by_channel = dict(channels)
        # each channel as counted (typed-in paper forms are "by post", not "by e-mail or letter")
        ways = [f"{by_channel[c]:,} {name}" for c, name in (("online", "online"), ("post", "by post"),
                                                             ("email", "by e-mail"), ("other", "other"))
                if by_channel.get(c)]
        self.cards["respondents"].set_value(f"{h.respondents:,}", (", ".join(ways) or "none yet")
                                            + (f"; {h.letter_respondents:,} sent a letter or document"
                                               if h.letter_respondents else ""))
        self.cards["organisations"].set_value(f"{h.organisations:,}", f"{_pct(h.organisations, h.respondents)} of "
                                                                 f"respondents; {h.individuals:,} individuals"
                                              + (f"; {h.not_known:,} not known" if h.not_known else ""))
        self.cards["answers"].set_value(f"{h.written_answers:,}", f"across {counted(h.open_questions, 'open question')}"
                                        + (f"; {h.letter_answers:,} of them from letters' passages"
                                           if h.letter_answers else ""))
        self.cards["coded"].set_value(_pct(h.coded_answers, h.written_answers),
                                 f"{h.coded_answers:,} answers coded or accepted by analysts, {counted(h.codes, 'code')}"
                                 + (f"; {h.model_coded_answers:,} coded only by a model (not counted)"
                                    if h.model_coded_answers else "")
                                 + (f"; {h.pending_suggestions:,} suggestions waiting" if h.pending_suggestions else ""))
        self.cards["themes"].set_value(f"{h.signed_off_themes:,} / {h.themes:,}" if h.themes else "—",
                                  "themes signed off" if h.themes else "no themes discovered yet")
        check = checks.load(project, checks.SECTORS)  # how the sector step did when last checked, if it was
        self.cards["sectors"].set_value(_pct(h.sectors_checked, h.respondents),
                                   f"{h.sectors_checked:,} respondents checked by an analyst"
                                   + (f"; the sector step placed {check['accuracy']:.0%} of known ones right in its "
                                      f"check (baseline {check['baseline_accuracy']:.0%})"
                                      if check.get("respondents") else ""))

        sectors = dashboard.sector_counts(project)
        self.sector_keys = [key for key, _label, _n in sectors]
        palette = sector_colours([key for key, _label, _n in sectors if key])
        self.sector_chart.set_bars([Bar(label, n, colour=palette.get(key, "#bab0ac"), note=_pct(n, h.respondents))
                                    for key, label, n in sectors])
        self.channel_chart.set_bars([Bar(CHANNELS.get(c, c.capitalize()), n, colour=series_colour(i),
                                         note=_pct(n, h.respondents)) for i, (c, n) in enumerate(channels)])
        names = {"analyst": "Checked by an analyst", "declared": "Declared by the respondent",
                 "rules": "Matched a rule (name, e-mail domain)", "model": "Predicted by the model",
                 "imported": "Imported"}
        self.source_chart.set_bars([Bar(names.get(s, s), n, colour=series_colour(i + 4), note=_pct(n, h.respondents))
                                    for i, (s, n) in enumerate(dashboard.sources_of_sectors(project))])
        progress = [p for p in dashboard.question_progress(project) if p.written]
        self.coding_chart.set_bars([Bar(f"{p.key}", p.coded / p.written, colour="#59a14f",
                                        note=f"{p.coded:,} of {p.written:,}") for p in progress], percent=True,
                                   full=1.0)  # a full bar is every answer coded
        self.theme_chart.set_series({"signed": "#59a14f", "edited": "#f28e2b", "candidate": "#bab0ac"},
                                    {"signed": "Signed off", "edited": "Edited", "candidate": "Candidate"})
        self.theme_chart.set_bars([Bar(f"{p.key}  {textwrap.shorten(p.text, 60, placeholder=' …')}", p.themes,
                                       segments=(("signed", p.signed_off), ("edited", p.edited),
                                                 ("candidate", p.themes - p.signed_off - p.edited)))
                                   for p in progress if p.themes])
        self._reflow()

    # ---------------------------------------------------------------- layout
    def column_widths(self, columns: int) -> list[int]:
        """The least width of each column of charts at which every chart's labels are shown whole."""
        margins = 34  # a card's padding and frame each side of its chart
        return [max(self.chart_of[key].whole_width() for key in keys) + margins for keys in ARRANGEMENTS[columns]]

    def _room(self) -> int:
        """The width the charts' columns share: the view's, less the body's margins and a scroll bar
        (counted whether shown or not, so the layout never depends on the one before it)."""
        margins = self.body_layout.contentsMargins()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        return self.scroll_area.width() - margins.left() - margins.right() - bar

    def _column_heights(self, columns: int, widths: list[int]) -> list[int]:
        """How tall each column of charts is with these widths."""
        def height(card: QWidget, width: int) -> int:
            return card.heightForWidth(width) if card.hasHeightForWidth() else card.sizeHint().height()

        return [sum(height(self.chart_cards[key], width) for key in keys) + SPACING * (len(keys) - 1)
                for keys, width in zip(ARRANGEMENTS[columns], widths, strict=True)]

    def choose_columns(self, room: int, height: int) -> tuple[int, list[int], bool]:
        """(columns, each column's least width, whether those fit the ``room``) for charts sharing a
        ``room`` wide and ``height`` tall: three where every label is shown whole, else two, wider
        ones, unless two would scroll where three would not (the whole dashboard in one screen of
        1600 x 1000 comes before a long label's last words). Columns that do not fit share the room
        as they ask, their labels shortened."""
        def shared(least: list[int]) -> list[int]:  # the room shared out as the columns ask
            free = room - SPACING * (len(least) - 1)
            return [free * w // max(1, sum(least)) for w in least]

        three, two = self.column_widths(3), self.column_widths(2)
        if room >= sum(three) + SPACING * 2:
            return 3, three, True
        if max(self._column_heights(3, shared(three))) <= height < max(self._column_heights(2, shared(two))):
            return 3, three, False  # only three keep the dashboard in one screen
        return 2, two, room >= sum(two) + SPACING

    def _reflow(self) -> None:
        """Lay the charts out in three columns or two as :meth:`choose_columns` says (a window of 1440
        x 900 cut the sectors' and the questions' labels in three: "Faith group or organi…")."""
        self._reflow_due = False
        # below the heading and the figures' cards, as last laid out
        top = max(card.geometry().bottom() for card in self.cards.values()) + 1 + SPACING
        height = self.scroll_area.height() - top - self.body_layout.contentsMargins().bottom()
        columns, least, fits = self.choose_columns(self._room(), height)
        if columns == self.chart_columns and self._least == (least, fits):
            return
        self.chart_columns, self._least = columns, (least, fits)
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACING)
        for column, keys in enumerate(ARRANGEMENTS[columns]):
            part = QVBoxLayout()
            part.setSpacing(SPACING)
            for key in keys:
                part.addWidget(self.chart_cards[key])
            part.addStretch(1)
            grid.addLayout(part, 0, column)
            # each column wide enough for its labels where the room allows, the rest shared evenly; else shared as
            # the columns ask (never wider than the window: a narrow column shortens labels rather than scrolling
            # sideways)
            grid.setColumnStretch(column, 1 if fits else least[column])
            grid.setColumnMinimumWidth(column, least[column] if fits else 0)
        self.body_layout.replaceWidget(self.charts_box, box)
        self.charts_box.deleteLater()
        self.charts_box = box

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if not self._reflow_due:  # once the new size is laid out (the cards above the charts wrap their notes)
            self._reflow_due = True
            QTimer.singleShot(0, self, self._reflow)

    def _open_sector(self, row: int) -> None:
        if 0 <= row < len(self.sector_keys):
            self.ctx.show_answers.emit(ResponseFilter(sector=self.sector_keys[row] or "unclassified"))

    def on_changed(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.refresh()
        else:
            self._reflow()

    def prepare_screenshot(self) -> None:
        self.refresh()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
