"""The reader's side card: a respondent's sector, where it came from, and a way to correct it; and
what they said may be published (their answer to a consultation's consent question), with a way
to change it (a request made later, a letter marked confidential), asking why."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from consult_analyser.domain import PUBLICATION_LABELS, Publication, Sector, SectorAssignment
from consult_analyser.store.consent import Choice

#: what each publication choice means for the exports, as the panel says it
PUBLICATION_EFFECTS = {
    Publication.ANONYMOUS: "Their name and their organisation's are not published and are removed from their quotes.",
    Publication.NOT_FOR_PUBLICATION: "Counted in the figures, never quoted; their names are not published.",
}

SOURCE_NAMES = {"analyst": "set by an analyst", "declared": "declared by the respondent", "rules": "matched a rule",
                "model": "predicted by the model", "imported": "imported"}


def describe_source(assignment: SectorAssignment) -> str:
    source = assignment.source.value if hasattr(assignment.source, "value") else str(assignment.source)
    text = SOURCE_NAMES.get(source, source)
    if source == "analyst" and assignment.created_by:
        text = f"set by {assignment.created_by}"
    if source != "analyst":
        text += f" · {assignment.confidence:.0%}"
    return text



class PickBox(QComboBox):
    """A list whose choice changes a record (a sector, a publication choice): chosen only from its
    open list, never by the mouse wheel passing over it or an arrow key (each of which had set a
    sector, or asked why, at once); those open the list instead."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        event.ignore()  # the card scrolls on

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                           Qt.Key.Key_Home, Qt.Key.Key_End):
            self.showPopup()
            return
        super().keyPressEvent(event)

class RespondentPanel(QFrame):
    """Shows the effective sector with its source and confidence; ``sector_chosen`` carries the
    key an analyst picked (or the current one when they press Confirm). ``publication_chosen``
    carries the publication choice an analyst picked ("" to put back the one read at import) and
    the reason they gave."""

    sector_chosen = Signal(str)
    publication_chosen = Signal(str, str)
    withdraw_requested = Signal()  # "Withdraw respondent…": the reader asks why (see ui.views.reader_withdraw)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.caption = QLabel("Sector")
        self.caption.setProperty("role", "section")
        self.sector = QLabel("—")
        self.sector.setProperty("role", "big")
        self.sector.setTextFormat(Qt.TextFormat.RichText)
        # wrapped to the panel: on one line a long sector's name widened the panel, so the Reader's splitter moved
        # from one respondent to the next ("Non-profit, voluntary or community organisation", then "Business")
        self.sector.setWordWrap(True)
        self.source = QLabel()
        self.source.setProperty("role", "muted")
        self.source.setWordWrap(True)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setProperty("role", "small")
        self.combo = PickBox()
        self.combo.setToolTip("Correct the sector (saved as an analyst's label; Ctrl+Z undoes)")
        self.confirm = QPushButton("Confirm")
        self.confirm.setToolTip("Mark this sector as checked by an analyst")
        self.confirm.clicked.connect(lambda: self._chosen(self._current_key))
        self.combo.activated.connect(lambda i: self._chosen(self.combo.itemData(i)))
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.caption)
        layout.addWidget(self.sector)
        layout.addWidget(self.source)
        layout.addWidget(self.history)
        layout.addLayout(row)
        self.publication = QLabel()  # what they said may be published, and who changed it since
        self.publication.setWordWrap(True)
        self.publication.setProperty("role", "small")
        self.publication.setTextFormat(Qt.TextFormat.RichText)
        self.publication.setVisible(False)
        layout.addWidget(self.publication)
        self.publication_combo = PickBox()
        self.publication_combo.setToolTip("Change what this respondent said may be published (a request made "
                                          "later, a letter marked confidential): asks why; Ctrl+Z undoes")
        self.publication_combo.activated.connect(lambda i: self._publication_picked(self.publication_combo.itemData(i)))
        self.publication_combo.setEnabled(False)
        layout.addWidget(self.publication_combo)
        self.withdraw_button = QPushButton("Withdraw respondent…")
        self.withdraw_button.setToolTip("Take this respondent out of the analysis (a duplicate, a test, spam, or they "
                                        "asked to withdraw): asks why and names what goes; Ctrl+Z undoes")
        self.withdraw_button.clicked.connect(self.withdraw_requested.emit)
        self.withdraw_button.setEnabled(False)
        layout.addWidget(self.withdraw_button)
        self._current_key: str = ""
        self._labels: dict[str, str] = {}
        self._choice = Choice(Publication.UNKNOWN.value)

    def focus_order(self) -> list[QWidget]:
        """Its widgets in the order Tab should reach them (as on screen)."""
        return [self.combo, self.confirm, self.publication_combo, self.withdraw_button]

    def _chosen(self, key: str | None) -> None:
        if key:
            self.sector_chosen.emit(key)

    def show_sector(self, taxonomy: list[Sector], effective: SectorAssignment | None,
                    assignments: list[SectorAssignment], *, classified_before: bool = False) -> None:
        """``classified_before``: the sector step has run on the project (and left this one out)."""
        self._labels = {s.key: s.label for s in taxonomy}
        self._current_key = effective.sector_key if effective else ""
        self.sector.setText(html.escape(self._labels.get(self._current_key, self._current_key or "Not classified")))
        self.source.setText(describe_source(effective) if effective else
                            "The sector step could not place this respondent: choose a sector below"
                            if classified_before else "No sector yet: run sector classification")
        others = [a for a in assignments if effective is None or a.source != effective.source]
        self.history.setText("<br>".join(
            f"<span style='color:gray'>{html.escape(a.source.value if hasattr(a.source, 'value') else a.source)}:</span> "
            f"{html.escape(self._labels.get(a.sector_key, a.sector_key))} ({a.confidence:.0%})" for a in others))
        self.history.setVisible(bool(others))
        self.combo.blockSignals(True)
        self.combo.clear()
        for sector in taxonomy:
            self.combo.addItem(sector.label, sector.key)
        index = self.combo.findData(self._current_key)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        analyst = effective is not None and (effective.source == "analyst" or getattr(effective.source, "value", "") == "analyst")
        self.confirm.setEnabled(bool(self._current_key) and not analyst)
        self.combo.setEnabled(bool(taxonomy))

    def show_publication(self, choice: Choice) -> None:
        """What the respondent said may be published ("Publication: Anonymous (no names)"), what that
        does to the exports and, when an analyst changed it, who did, when, why and what the import read."""
        self._choice = choice
        chosen = _publication(choice.publication)
        raw = choice.raw
        said = f" (“{html.escape(raw)}”)" if raw and raw.casefold() != PUBLICATION_LABELS[chosen].casefold() else ""
        lines = [f"<b>Publication:</b> {html.escape(PUBLICATION_LABELS[chosen])}"]
        if choice.changed:
            lines.append(html.escape(f"Set by {choice.set_by or 'an analyst'} on {choice.set_at[:10]}: {choice.reason}"))
            read = PUBLICATION_LABELS[_publication(choice.imported or "")]
            lines.append("<span style='color:gray'>" + html.escape(f"Read at import: {read}") + said
                         + ("" if raw else " (no consent answer)") + "</span>")
        else:
            lines[0] += said
        effect = PUBLICATION_EFFECTS.get(chosen, "")
        if effect:
            lines.append(f"<span style='color:gray'>{html.escape(effect)}</span>")
        self.publication.setText("<br>".join(lines))
        self.publication.setVisible(True)
        combo = self.publication_combo
        combo.blockSignals(True)
        combo.clear()
        for value in Publication:
            combo.addItem(PUBLICATION_LABELS[value], value.value)
        if choice.changed:
            combo.addItem("Put back the choice read at import", "")
        combo.setCurrentIndex(combo.findData(chosen.value))
        combo.blockSignals(False)
        combo.setEnabled(True)
        self.withdraw_button.setEnabled(True)

    def _publication_picked(self, value: str | None) -> None:
        """Ask why, then pass the choice on; nothing changes (and the list shows the choice again) on Cancel."""
        if value is None or value == self._choice.publication:
            self.show_publication(self._choice)
            return
        what = (f"“{PUBLICATION_LABELS[Publication(value)]}”" if value else "the choice read at import")
        reason, ok = QInputDialog.getText(
            self, "Change publication choice", f"Why does this respondent's choice become {what}?\n"
            "(kept with your name and the date, e.g. “e-mail of 3 May asking to be anonymous”)")
        if ok and reason.strip():
            self.publication_chosen.emit(value, reason.strip())
        else:
            self.show_publication(self._choice)


def _publication(value: str) -> Publication:
    try:
        return Publication(value)
    except ValueError:
        return Publication.UNKNOWN
