"""A question's campaigns (copies of one standard wording), to inspect before they go into the annex: the
Themes view's "Campaigns…" button and the dialog it opens, listing each campaign's wording, size and how
alike its copies are, and the selected campaign's members (double-click: open the respondent in the Reader).
The list is :func:`consult_analyser.store.campaigns.campaign_overview`, as ``themes --campaigns`` prints it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.domain import percent
from consult_analyser.export.campaign_members import MemberName, member_names
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store.project import Changes
from consult_analyser.store.questions import get_question
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.models.row_list_model import Index, RowListModel

#: the tables whose change makes an open dialog read its campaigns again
CAMPAIGN_TABLES = {"campaigns", "campaign_members", "themes", "theme_assignments", "respondents", "responses", "*"}


class CampaignListModel(RowListModel):
    """One row per campaign (:class:`~consult_analyser.store.campaigns.CampaignOverview`)."""

    COLUMNS = ("Members", "Similarity (lowest · median)", "Standard wording (opening)")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        c: store_campaigns.CampaignOverview = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            low, median = c.similarities
            return (f"{c.info.members:,}", f"{low:.2f} · {median:.2f}", c.wording)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.wording + ("\n\nTheme: " + "; ".join(c.themes) if c.themes else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() < 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CampaignMembersModel(RowListModel):
    """One row per member of a campaign (:class:`~consult_analyser.store.campaigns.CampaignMember`), named as
    ``themes --campaigns`` and the annex name them (:func:`~consult_analyser.export.campaign_members.member_names`):
    the id as published, the organisation's name as the annex lists it (never a private person's); the similarity to
    the standard wording."""

    COLUMNS = ("Respondent", "Organisation", "Similarity", "")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.names: dict[str, MemberName] = {}  # response id -> how the member is named

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        m: store_campaigns.CampaignMember = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            name = self.names.get(m.response_id) or MemberName(m.external_id)
            return (name.respondent, name.organisation, f"{m.similarity:.2f}",
                    "the standard wording" if m.canonical else "")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Double-click to open this response in the Reader"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _table(model: RowListModel, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class CampaignsDialog(QDialog):
    """The campaigns of one question, in a window of its own (not modal, and not kept above the main window: a member
    opened in the Reader brings the main window to the front, over this one; the Campaigns button brings it back)."""

    def __init__(self, ctx: AppContext, question_id: str, parent: QWidget | None = None):
        super().__init__(None)  # no parent window: a dialog with one is kept above it, over the Reader
        self.owner = parent
        if parent is not None:
            parent.destroyed.connect(self.deleteLater)
        self.ctx = ctx
        self.question_id = question_id
        self.setModal(False)
        self.resize(900, 640)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.campaigns = CampaignListModel(self)
        self.campaign_table = _table(self.campaigns, 2)
        self.campaign_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_members())
        self.wording = QPlainTextEdit()
        self.wording.setReadOnly(True)
        self.wording.setMaximumHeight(110)
        self.theme = QLabel()
        self.theme.setProperty("role", "muted")
        self.theme.setWordWrap(True)
        self.theme.setTextFormat(Qt.TextFormat.PlainText)
        self.member_names: dict[str, MemberName] = {}  # response id -> how the member is named (reload)
        self.members = CampaignMembersModel(self)
        self.member_table = _table(self.members, 1)
        self.member_table.doubleClicked.connect(self.open_member)
        self.members_caption = QLabel()
        self.members_caption.setProperty("role", "section")

        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 6, 0, 0)
        caption = QLabel("Standard wording")
        caption.setProperty("role", "section")
        box.addWidget(caption)
        box.addWidget(self.wording)
        box.addWidget(self.theme)
        box.addWidget(self.members_caption)
        box.addWidget(self.member_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.campaign_table)
        splitter.addWidget(lower)
        splitter.setSizes([220, 420])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Read the question's campaigns again, keeping the selected one where it still is."""
        if not self.ctx.project_open:
            return
        project = self.ctx.project
        keep = self.current_campaign()
        question = get_question(project, self.question_id)
        key = question.key if question else ""
        found = store_campaigns.campaign_overview(project, self.question_id)
        named = member_names(project) if found else None  # (once: it reads every respondent)
        self.member_names = {m.response_id: named(m) for c in found for m in c.members} if named else {}
        inside, answered = store_campaigns.campaign_share(project, self.question_id)
        self.setWindowTitle(f"Campaigns in {key}" if key else "Campaigns")
        self.summary.setText(
            f"{len(found)} campaign(s) in {key}: {inside:,} of {answered:,} written answers "
            f"({percent(inside / max(answered, 1))}) are copies of a standard wording. Each campaign's wording is "
            "clustered once; where it makes most of its theme it is a theme of its own ('Campaign: \"…\"') in the "
            "annex and report. Double-click a member to read it." if found else
            f"No campaigns in {key}: campaigns (copies of one standard wording) are found when themes are discovered.")
        self.campaigns.beginResetModel()
        self.campaigns.rows = found
        self.campaigns.endResetModel()
        ids = [c.info.id for c in found]
        row = ids.index(keep.info.id) if keep is not None and keep.info.id in ids else 0
        if found:
            self.campaign_table.selectRow(row)
        self._show_members()

    def current_campaign(self) -> store_campaigns.CampaignOverview | None:
        index = self.campaign_table.currentIndex()
        rows = self.campaigns.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _show_members(self) -> None:
        campaign = self.current_campaign()
        self.members.beginResetModel()
        self.members.rows = campaign.members if campaign else []
        self.members.names = self.member_names
        self.members.endResetModel()
        self.wording.setPlainText(campaign.info.canonical_text if campaign else "")
        self.theme.setText("In the theme: " + "; ".join(campaign.themes) if campaign and campaign.themes else "")
        self.theme.setVisible(bool(self.theme.text()))
        self.members_caption.setText(f"Members ({len(self.members.rows):,})" if campaign else "Members")

    def open_member(self, index: QModelIndex) -> None:
        """Show the member's response in the Reader (this dialog stays open beside it)."""
        if index.isValid() and index.row() < len(self.members.rows):
            member: store_campaigns.CampaignMember = self.members.rows[index.row()]
            self.ctx.open_answer.emit(member.respondent_id, member.response_id)
            if self.owner is not None:  # the Reader in front; this window stays open behind it
                self.owner.raise_()
                self.owner.activateWindow()

    def _on_changed(self, changes: Changes) -> None:
        if changes.tables & CAMPAIGN_TABLES and self.isVisible():
            self.reload()


class CampaignsButton(QPushButton):
    """"Campaigns (N)…": enabled when the question shown has campaigns; opens :class:`CampaignsDialog`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__("Campaigns…", parent)
        self.ctx = ctx
        self.question_id: str | None = None
        self.count = 0
        self.dialog: CampaignsDialog | None = None
        self.clicked.connect(self.open_dialog)
        self.show_question(None)

    def show_question(self, question_id: str | None) -> None:
        """Count the question's campaigns into the button's text and tooltip."""
        self.question_id = question_id
        self.count = len(store_campaigns.list_campaigns(self.ctx.project, question_id)) if question_id else 0
        self.setText(f"Campaigns ({self.count})…" if self.count else "Campaigns…")
        self.setEnabled(self.count > 0)
        self.setToolTip(f"{self.count} campaign(s) in this question: copies of one standard wording, each a theme of "
                        "its own in the annex where it makes most of its theme; see their wording and members"
                        if self.count else "No campaigns in this question (copies of one standard wording are found "
                                           "when themes are discovered)")

    def open_dialog(self) -> CampaignsDialog | None:
        if self.question_id is None or not self.count:
            return None
        if self.dialog is not None and self.dialog.question_id == self.question_id and self.dialog.isVisible():
            self.dialog.raise_()  # already open (perhaps behind the main window): in front again, as it was left
            self.dialog.activateWindow()
            return self.dialog
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = CampaignsDialog(self.ctx, self.question_id, self.window())
        self.dialog.show()
        return self.dialog
