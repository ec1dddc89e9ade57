"""The reader's respondent panel changes a respondent's publication choice (asking why), through the
same operation as the command line, and Ctrl+Z undoes it."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from consult_analyser.store import consent


def _reader(window, qtbot):  # type: ignore[no-untyped-def]
    reader = window.show_view("reader")
    window.activateWindow()
    qtbot.waitUntil(lambda: reader.respondent_id is not None, timeout=3000)
    return reader


def _pick(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_change_the_publication_choice_from_the_reader_and_undo(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    rid = reader.respondent_id
    before = consent.record(project_of, rid)
    target = "not_for_publication" if before.publication != "not_for_publication" else "public"
    combo = reader.panel.publication_combo
    assert combo.isEnabled() and reader.panel.publication.isVisibleTo(reader.panel)

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))  # cancelled: nothing changes
    _pick(combo, target)
    assert consent.record(project_of, rid) == before
    assert combo.currentData() == before.publication

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Letter of 9 May: please keep this confidential", True))
    _pick(combo, target)
    now = consent.record(project_of, rid)
    assert (now.publication, now.imported, now.reason) == (target, before.publication,
                                                           "Letter of 9 May: please keep this confidential")
    assert now.set_by == project_of.actor
    shown = reader.panel.publication.text()
    assert f"Set by {project_of.actor}" in shown and "Letter of 9 May" in shown and "Read at import" in shown
    assert combo.currentData() == target and combo.findData("") >= 0  # and a way back to the imported choice

    window.ctx.undo_stack.undo()
    assert consent.record(project_of, rid) == before
    assert combo.currentData() == before.publication and "Set by" not in reader.panel.publication.text()
    window.ctx.undo_stack.redo()
    assert consent.record(project_of, rid).publication == target

    _pick(combo, "")  # put back what the import read
    assert consent.record(project_of, rid).publication == before.publication
    assert not consent.record(project_of, rid).changed


def test_the_wheel_or_an_arrow_key_does_not_change_a_choice(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    """Scrolling over the card, or pressing Down on the list, had set a sector (or asked why) at once."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    reader = _reader(window, qtbot)
    rid = reader.respondent_id
    before = consent.record(project_of, rid)
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append("asked"), ("", False))[1])
    for combo in (reader.panel.publication_combo, reader.panel.combo):
        shown = combo.currentIndex()
        wheel = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(combo, wheel)
        assert combo.currentIndex() == shown
        monkeypatch.setattr(type(combo), "showPopup", lambda self: None)
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() == shown
    assert not asked and consent.record(project_of, rid) == before


def test_publication_details_dialog_says_when_the_contact_is_a_person(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """File > Publication details: a person's mailbox as the contact is said once; Save again keeps it."""
    from consult_analyser.store import release
    from consult_analyser.store.project import Project
    from consult_analyser.ui.context import AppContext
    from consult_analyser.ui.widgets.release_dialog import ReleaseDialog

    ctx = AppContext(Project.create(tmp_path / "pub.consult"))
    dialog = ReleaseDialog(ctx)
    qtbot.addWidget(dialog)
    # the examples in the empty fields read whole (a trial saw "e.g. Department for ...")
    assert dialog.minimumWidth() >= dialog.publisher.fontMetrics().horizontalAdvance(dialog.publisher.placeholderText())
    dialog.title.setText("Bus services review")
    dialog.contact.setText("priya.okafor@example.gov.uk")
    dialog.save()
    assert "looks like a person" in dialog.error.text()
    assert release.release_details(ctx.project).contact == ""  # not yet
    dialog.save()
    details = release.release_details(ctx.project)
    assert details.title == "Bus services review" and details.contact == "priya.okafor@example.gov.uk"
    ctx.project.close()
