"""Who is working, in the status bar, and the small dialog that sets it (same settings file as
``consult-analyser whoami``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from consult_analyser.store import identity
from consult_analyser.store.project import Changes
from consult_analyser.ui.context import AppContext


class IdentityDialog(QDialog):
    """Name and role, saved for this user; an analyst's copy keeps the name it was made for."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Who is working")
        saved = identity.load_settings() or identity.current()
        self.name = QLineEdit(saved.name)
        self.role = QComboBox()
        self.role.addItems(list(identity.ROLES))
        self.role.setCurrentText(saved.role)
        self.error = QLabel()
        self.error.setProperty("role", "muted")
        form = QFormLayout(self)
        form.addRow(QLabel("Your name is recorded on every coding, memo, sector correction, theme edit and review."))
        form.addRow("Name", self.name)
        form.addRow("Role", self.role)
        if ctx.project.identity.source == "copy":
            form.addRow(QLabel(f"This project is {ctx.project.identity.name}'s copy: work in it stays theirs."))
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            identity.save_settings(self.name.text(), self.role.currentText())
        except (ValueError, OSError) as exc:
            self.error.setText(str(exc))
            return
        self.ctx.project.refresh_identity()
        self.accept()


class IdentityButton(QPushButton):
    """A flat status-bar button: "name (role)"; click to change it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setFlat(True)
        self.setToolTip("Who is working: recorded as the author of every action. Click to change.")
        self.clicked.connect(self.edit)
        self.update_text()

    def update_text(self) -> None:
        who = self.ctx.project.identity
        self.setText(f"Working as {who.name} ({who.role})")

    def edit(self) -> None:
        if IdentityDialog(self.ctx, self.window()).exec():
            self.update_text()
            self.ctx.status.emit(f"Now working as {self.ctx.project.identity.describe()}")
            self.ctx.notify(Changes({"identity"}))  # what a role may do shows as it changes (Themes' "Sign off")
