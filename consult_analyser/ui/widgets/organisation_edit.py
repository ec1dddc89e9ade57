"""Sector review's "Organisation name…": correct, confirm or clear the name of the organisation the respondent on
the card answered for, as the annex's Organisations sheet publishes it. Applied through the same undoable action
as the ``organisation`` command (:class:`~consult_analyser.actions.respondent_details.SetOrganisationName`), so
Ctrl+Z undoes it like the view's other decisions; a name with contact data is refused in the dialog."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions.respondent_details import SetOrganisationName, checked_name, why_not_listed
from consult_analyser.pipeline.sectors.run import shown_name
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.browse import ReviewRow
from consult_analyser.store.project import Project

if TYPE_CHECKING:
    from consult_analyser.ui.views.sector_view import SectorReviewView

#: the card's button
BUTTON_TEXT = "Organisation name…"
#: wide enough for a long organisation's name and the text above it
DIALOG_WIDTH = 480


class OrganisationNameDialog(QDialog):
    """The name as the Organisations sheet will list it: Save (as written: confirmed even unchanged), No
    organisation (the respondent answered for none), or Cancel. A name holding contact data is refused here."""

    def __init__(self, project: Project, row: ReviewRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Organisation name")
        self.setMinimumWidth(DIALOG_WIDTH)
        self.who = row.external_id
        self.chosen = ""
        found = next(iter(store_respondents.organisation_marks(project, row.respondent_id).values()), None)
        layout = QVBoxLayout(self)
        intro = QLabel(f"The organisation <b>{html.escape(shown_name(row))}</b> (respondent "
                       f"{html.escape(row.external_id)}) answered for, as the annex’s Organisations sheet lists it. "
                       "The name you save is published as you write it, as an organisation’s.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.source = QLabel(f"Set by {html.escape(found.by or 'an analyst')} on {found.at[:10]}." if found else
                             "As the import read it (the organisation box, or a letter’s sender, signature or "
                             "letterhead).")
        self.source.setProperty("role", "muted")
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.name = QLineEdit(row.organisation)
        self.name.setPlaceholderText("No organisation")
        self.name.setAccessibleName("Organisation name")
        layout.addWidget(self.name)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "notice")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.none_button = self.buttons.addButton("No organisation", QDialogButtonBox.ButtonRole.ActionRole)
        self.none_button.setToolTip("They answered for no organisation: the annex lists no organisation of theirs")
        self.none_button.clicked.connect(self.clear)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.setFocus()
        self.name.selectAll()

    def accept(self) -> None:
        try:
            self.chosen = checked_name(self.name.text(), self.who)
        except ValueError as exc:  # contact data: said here, the dialog stays open
            self.error.setText(str(exc)[:1].upper() + str(exc)[1:] + ".")
            self.error.setVisible(True)
            self.name.setFocus()
            return
        super().accept()

    def clear(self) -> None:
        self.name.clear()
        self.accept()


class OrganisationButton(QPushButton):
    """The card's "Organisation name…" button: the dialog for the respondent shown, then the change as one undoable
    step, said under the queue (the view's decision note) and in the status bar."""

    def __init__(self, view: SectorReviewView):
        super().__init__(BUTTON_TEXT)
        self.view = view
        self.setToolTip("Correct or confirm the name of the organisation this respondent answered for, as the "
                        "annex publishes it, or say they answered for none (Ctrl+Z undoes)")
        self.clicked.connect(self.edit)

    def edit(self) -> None:
        row = self.view.current_row()
        if row is None:
            self.view.ctx.status.emit("Choose a respondent first")
            return
        # (a window of its own: the view's number keys never reach its text box, "3M" sets no sector)
        dialog = OrganisationNameDialog(self.view.ctx.project, row, self.view.window())
        if not dialog.exec():
            return
        who = shown_name(row)
        done = (f"Set the organisation name of {who} to “{dialog.chosen}”" if dialog.chosen else
                f"Set {who} as answering for no organisation")
        if self.view.ctx.run(SetOrganisationName(row.respondent_id, dialog.chosen, who=row.external_id), done):
            self.view.decision_note.say(done)
            why = why_not_listed(self.view.ctx.project, row.respondent_id)
            if why:  # the name alone does not list them
                self.view.ctx.status.emit(f"{who} is not on the Organisations sheet all the same: {why}; set an "
                                          "organisation’s sector here to list them")
