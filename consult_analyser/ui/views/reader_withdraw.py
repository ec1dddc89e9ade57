"""Withdraw the respondent the reader shows ("Withdraw respondent…" on the respondent panel): a small
dialog asks the reason (a duplicate submission, a test response, spam, or the respondent asked to
withdraw), the respondent kept in its place for a duplicate and a note, and names what will be
removed; the same undoable operation as ``consult-analyser withdraw`` then runs on the undo stack
(:class:`consult_analyser.actions.withdraw.Withdraw`). When the respondent shown is withdrawn (or
withdrawn again by Redo), the reader moves on to the next one."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions.withdraw import Withdraw
from consult_analyser.store import withdrawals
from consult_analyser.store.project import Changes, Project
from consult_analyser.ui.widgets.layouts import empty_layout

if TYPE_CHECKING:
    from consult_analyser.ui.views.reader_view import ReaderView

#: the reasons as the dialog offers them
REASON_CHOICES = {"duplicate": "Duplicate submission (the same person sent it twice)",
                  "test": "Test response (made by staff before launch)",
                  "spam": "Spam (no consultation content)",
                  "request": "The respondent asked to withdraw (erase their data)"}


class WithdrawDialog(QDialog):
    """Reason, the respondent kept (for a duplicate), a note; what will be removed. Withdraw is
    enabled once a note is written and a respondent kept, when named, is found."""

    def __init__(self, project: Project, respondent_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.project = project
        self.respondent_id = respondent_id
        row = project.conn.execute("SELECT external_id, name, organisation FROM respondents WHERE id = ?",
                                   (respondent_id,)).fetchone()
        self.external_id = row[0] if row else respondent_id
        who = " · ".join(v for v in (row[2], row[1]) if v) if row else ""
        self.setWindowTitle("Withdraw respondent")
        self.setMinimumWidth(520)
        self.reason = QComboBox()
        for value, label in REASON_CHOICES.items():
            self.reason.addItem(label, value)
        self.duplicate_of = QLineEdit(placeholderText="Id of the respondent kept, as in the imported file")
        self.note = QLineEdit(placeholderText="Required: why, for the record, e.g. “sent the online form twice”")
        self.problem = QLabel()
        self.problem.setProperty("role", "small")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        goes = withdrawals.describe(withdrawals.what_goes(project, [respondent_id]))
        self._removes = (f"This removes respondent <b>{html.escape(self.external_id)}</b>"
                         + (f" ({html.escape(who)})" if who else "") + f" from the project, with {html.escape(goes)}.")
        form = QFormLayout()
        form.addRow("Reason", self.reason)
        form.addRow("Duplicate of", self.duplicate_of)
        form.addRow("Note (required)", self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton("Withdraw", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._update)
        self.note.textChanged.connect(self._update)
        self.duplicate_of.textChanged.connect(self._update)
        self._update()

    @property
    def chosen_reason(self) -> str:
        return str(self.reason.currentData())

    def kept_id(self) -> str | None:
        """The project's id of the respondent named as kept (None when none is named or it is not found)."""
        text = self.duplicate_of.text().strip()
        if not text or self.chosen_reason != "duplicate":
            return None
        found = self.project.scalar("SELECT id FROM respondents WHERE external_id = ?", (text,))
        return found if found and found != self.respondent_id else None

    def _update(self) -> None:
        reason = self.chosen_reason
        self.duplicate_of.setEnabled(reason == "duplicate")
        named = self.duplicate_of.text().strip() if reason == "duplicate" else ""
        problem = ""
        if named and self.kept_id() is None:
            problem = (f"{named} is the respondent being withdrawn" if named == self.external_id
                       else f"No respondent {named!r} in this project")
        missing = reason == "duplicate" and not named  # a duplicate of whom: the one kept is named
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        after = ("Their data are erased from the project file: Undo (Ctrl+Z) can put them back only until the app "
                 "is closed. Copies made before (analysts' copies, exports, backups) still hold them."
                 if reason == "request" else "Undo (Ctrl+Z) puts everything back.")
        self.summary.setText(f"{self._removes}<br>A later import of the same file skips them; counts, themes and "
                             f"exports leave them out. {html.escape(after)}")
        self.confirm.setEnabled(bool(self.note.text().strip()) and not problem and not missing)


class ReaderWithdrawal(QObject):
    """Connects the reader's respondent panel to the dialog and the undo stack; create it before the
    reader listens to the project's changes, so that it moves the reader off a withdrawn respondent first."""

    def __init__(self, reader: ReaderView):
        super().__init__(reader)
        self.reader = reader
        reader.panel.withdraw_requested.connect(self.ask)
        reader.ctx.changed.connect(self.on_changed)

    def make_dialog(self, respondent_id: str) -> WithdrawDialog:
        return WithdrawDialog(self.reader.ctx.project, respondent_id, self.reader)

    def ask(self) -> bool:
        """Ask, then withdraw the respondent shown (one undo step). Returns whether it was withdrawn."""
        respondent_id = self.reader.respondent_id
        if respondent_id is None:
            return False
        dialog = self.make_dialog(respondent_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        operation = Withdraw(respondent_id, dialog.chosen_reason, dialog.note.text(), duplicate_of=dialog.kept_id())
        done = self.reader.ctx.run(operation, f"Withdraw {dialog.external_id}")
        if done:  # said where the eye is, as the reader moves on to the next respondent
            self.reader.ctx.status.emit(f"Withdrew {dialog.external_id} ({withdrawals.REASON_LABELS[dialog.chosen_reason]}); "
                                        "Edit > Undo (Ctrl+Z) puts them back")
        return done

    def on_changed(self, changes: Changes) -> None:
        reader = self.reader
        shown = reader.respondent_id
        if shown is None or not changes.tables & {"respondents", "*"}:
            return
        if reader.ctx.project.scalar("SELECT 1 FROM respondents WHERE id = ?", (shown,)):
            if "respondents" in changes.tables:  # one came back (an undone withdrawal): count them all again
                reader._ids = None
                reader.show_respondent(shown)
            return
        before = reader._ids or []  # (the list as it was: the reader forgets it after this)
        reader._ids = None
        now = reader.respondent_ids()
        at = before.index(shown) if shown in before else 0
        present = set(now)
        following = [r for r in before[at + 1:] + before[:at][::-1] if r in present]
        if following or now:
            reader.show_respondent(following[0] if following else now[0])
        else:  # the last one
            empty_layout(reader.body_layout)
            reader.cards, reader.current, reader.documents, reader.current_document = [], None, [], None
            reader.respondent_id = None
            reader.heading.setText("No respondents")
            reader.subheading.setText("")
