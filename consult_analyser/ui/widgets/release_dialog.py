"""File > Publication details: the title, publisher and contact the annex and report print (the
same settings as ``export --title --publisher --contact``)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from consult_analyser.errors import ProjectError
from consult_analyser.store import release
from consult_analyser.ui.context import AppContext

_PERSON = ("The contact looks like a person's name or mailbox: published files name no member of staff. "
           "Give a team mailbox or web page, or press Save again to keep it.")


class ReleaseDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Publication details")
        self.setMinimumWidth(560)  # the examples in the empty fields read whole (at 262 px they were cut)
        details = release.release_details(ctx.project)
        self.title = QLineEdit(details.title if details.title_set else "")
        self.title.setPlaceholderText(details.title)
        self.publisher = QLineEdit(details.publisher)
        self.publisher.setPlaceholderText("e.g. Department for Transport, Buses Analysis Team")
        self.contact = QLineEdit(details.contact)
        self.contact.setPlaceholderText("e.g. a team mailbox or web page, not a person")
        self.error = QLabel()
        self.error.setProperty("role", "muted")
        form = QFormLayout(self)
        intro = QLabel("Printed on the annex's Cover and at the top of the report. Published files name no member "
                       "of staff: a theme there is \"signed off by a team lead\".")
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow("&Title", self.title)
        form.addRow("&Published by", self.publisher)
        form.addRow("&Contact", self.contact)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        from consult_analyser.export.safety import contact_names_someone

        contact = self.contact.text().strip()
        if contact and contact_names_someone(contact) and self.error.text() != _PERSON:
            self.error.setText(_PERSON)  # said once; Save again keeps it
            return
        try:
            release.set_release_details(self.ctx.project, title=self.title.text(), publisher=self.publisher.text(),
                                        contact=self.contact.text())
        except (ValueError, ProjectError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()
