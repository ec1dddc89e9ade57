"""All answers in one table: filters, full-text search with highlights, sorting, column chooser."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QTableView, QToolButton, QVBoxLayout, QWidget,
)

from consult_analyser.store import questions as store_questions
from consult_analyser.store.responses import ResponseFilter, highlight_terms
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.models.responses_model import ResponsesModel


class HighlightDelegate(QStyledItemDelegate):
    """Paints the answer text with the search terms highlighted."""

    def __init__(self, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.terms: list[str] = []

    def paint(self, painter, option, index):  # type: ignore[no-untyped-def]
        if not self.terms:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        escaped = html.escape(text)
        for term in self.terms:
            escaped = re.sub(f"({re.escape(html.escape(term))}\\w*)", r"<b style='background:#ffe08a;color:#000'>\1</b>",
                             escaped, flags=re.I)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setHtml(f"<span>{escaped}</span>")
        doc.setTextWidth(10_000)
        painter.save()
        rect = opt.rect.adjusted(4, 0, -4, 0)
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected
                                   else QPalette.ColorRole.Text)
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        offset = max(0.0, (rect.height() - doc.size().height()) / 2)
        painter.translate(0, offset)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # type: ignore[no-untyped-def]
        return super().sizeHint(option, index)


class ResponsesView(QWidget):
    title = "Responses"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = ResponsesModel(ctx.project, self)
        self.search = QLineEdit(placeholderText="Search answers (words, \"phrases\", prefix*)…")
        self.search.setClearButtonEnabled(True)
        self.question = QComboBox()
        self.sector = QComboBox()
        self.campaign = QComboBox()
        self.review = QComboBox()
        self.count_label = QLabel()
        self.columns_button = QToolButton(text="Columns")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for label, combo in (("Question", self.question), ("Sector", self.sector), ("Campaign", self.campaign),
                             ("Status", self.review)):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo, 1)
        bar.addWidget(self.columns_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ResponsesModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 220), (1, 60), (2, 150), (3, 140), (5, 160), (6, 60)):
            self.table.setColumnWidth(col, width)
        self.delegate = HighlightDelegate(self.table)
        self.table.setItemDelegateForColumn(ResponsesModel.COL_TEXT, self.delegate)
        self.table.doubleClicked.connect(self._open)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.question, self.sector, self.campaign, self.review):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self._build_column_menu()
        self.reload_choices()
        self.ctx.changed.connect(self.on_changed)
        self._update_count()

    # ------------------------------------------------------------------ setup
    def _build_column_menu(self) -> None:
        menu = QMenu(self)
        for col, (_key, label) in enumerate(ResponsesModel.COLUMNS):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
        self.columns_button.setMenu(menu)

    def reload_choices(self) -> None:
        project = self.ctx.project
        for combo in (self.question, self.sector, self.campaign, self.review):
            combo.blockSignals(True)
            combo.clear()
        self.question.addItem("All questions", None)
        for q in store_questions.list_questions(project, open_only=True):
            self.question.addItem(f"{q.key}  {q.text[:60]}", q.id)
        self.sector.addItem("All sectors", None)
        for row in project.query("SELECT key, label FROM sectors ORDER BY position"):
            self.sector.addItem(row["label"], row["key"])
        self.sector.addItem("Unclassified", "unclassified")
        self.campaign.addItem("Include campaigns", None)
        self.campaign.addItem("Campaign responses only", "only")
        self.campaign.addItem("Exclude campaigns", "exclude")
        self.review.addItem("Any status", None)
        self.review.addItem("Coded", "coded")
        self.review.addItem("Not yet coded", "uncoded")
        self.review.addItem("Has suggestions", "suggested")
        for combo in (self.question, self.sector, self.campaign, self.review):
            combo.blockSignals(False)

    # ---------------------------------------------------------------- actions
    def current_filter(self) -> ResponseFilter:
        return ResponseFilter(
            question_id=self.question.currentData(), sector=self.sector.currentData(),
            campaign=self.campaign.currentData(), review=self.review.currentData(), text=self.search.text())

    def apply_filter(self) -> None:
        self.delegate.terms = highlight_terms(self.search.text())
        self.model.set_filter(self.current_filter())
        self._update_count()

    def set_filter(self, f: ResponseFilter) -> None:
        """Show the answers behind a theme, code or sector chosen elsewhere."""
        self.model.set_filter(f)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.model.rowCount():,} answers")

    def _open(self, index: QModelIndex) -> None:
        respondent_id = self.model.data(index, ResponsesModel.RespondentIdRole)
        if respondent_id:
            self.ctx.open_respondent.emit(respondent_id)

    def on_changed(self, changes) -> None:  # type: ignore[no-untyped-def]
        if changes.tables & {"respondents", "responses", "imports"}:
            self.reload_choices()
            self.model.refresh()
        elif changes.tables & {"sectors", "sector_assignments"}:
            self.reload_choices()
            self.model.refresh()
        elif changes.tables & {"codings", "codes", "themes", "theme_assignments", "campaign_members", "suggestions"}:
            self.model.invalidate_rows()
        self._update_count()
