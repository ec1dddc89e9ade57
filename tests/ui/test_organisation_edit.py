"""Sector review's "Organisation name…": the respondent card's button corrects, confirms or clears the name of
the organisation a respondent answered for, through the same undoable action as the ``organisation`` command
(Ctrl+Z undoes it); a name with contact data is refused in the dialog, which stays open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.respondents import organisation_marks
from consult_analyser.ui.widgets.organisation_edit import BUTTON_TEXT, OrganisationButton, OrganisationNameDialog

ROWS = [["R1", "Concordia Vox", "We support extending the consumer data right to AI."],
        ["R2", "Anytown Borough Council", "Councils are best placed to lead."],
        ["R3", "Northfield Academy Trust", "Schools twinning works well."],
        ["R4", "Cisco Systems, Inc. Comments", "We welcome the discussion paper."]]


@pytest.fixture
def sector_view(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow
    from tests.conftest import write_survey

    path = write_survey(tmp_path / "survey.csv", ROWS, ["Response ID", "Organisation name", "Your views"])
    project = Project.create(tmp_path / "orgs.consult")
    import_files(project, [path])
    classify_project(project)
    make_app()
    window = MainWindow(project)
    qtbot.addWidget(window)
    window.show()
    yield window.show_view("sectors")
    window.ctx.tasks.cancel_all()
    window.ctx.tasks.wait(10000)


def _select(view, external: str):  # type: ignore[no-untyped-def]
    index = next(i for i, r in enumerate(view.model.rows) if r.external_id == external)
    view.select_row(index)
    return view.current_row()


def _organisation(project, external: str) -> str:  # type: ignore[no-untyped-def]
    return str(project.scalar("SELECT organisation FROM respondents WHERE external_id = ?", (external,)))


def test_the_card_corrects_the_name_and_ctrl_z_undoes_it(sector_view, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = sector_view
    project = view.ctx.project
    button = view.card.findChild(OrganisationButton)
    assert button is not None and button.text() == BUTTON_TEXT and button.isVisibleTo(view)
    row = _select(view, "R4")
    sector_before = store_sectors.effective_sector(project, row.respondent_id)
    shown: list[OrganisationNameDialog] = []

    def answer(dialog: OrganisationNameDialog) -> int:
        shown.append(dialog)
        assert dialog.name.text() == "Cisco Systems, Inc. Comments"  # the name as read, to correct
        dialog.name.setText("Cisco Systems")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(OrganisationNameDialog, "exec", answer)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown and _organisation(project, "R4") == "Cisco Systems"
    assert organisation_marks(project)["R4"].by == project.actor
    assert "Cisco Systems" in view.decision_note.text()
    assert view.current_row().external_id == "R4" and view.current_row().organisation == "Cisco Systems"
    # the sector is the analyst's other decision: untouched
    after = store_sectors.effective_sector(project, row.respondent_id)
    assert (after.sector_key, after.source) == (sector_before.sector_key, sector_before.source)

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _organisation(project, "R4") == "Cisco Systems, Inc. Comments"
    assert "R4" not in organisation_marks(project)
    assert view.current_row().organisation == "Cisco Systems, Inc. Comments"


def test_confirm_as_it_is_and_no_organisation(sector_view, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = sector_view
    project = view.ctx.project
    button = view.card.findChild(OrganisationButton)
    _select(view, "R1")
    monkeypatch.setattr(OrganisationNameDialog, "exec", lambda dialog: dialog.buttons.button(
        QDialogButtonBox.StandardButton.Save).click() or dialog.result())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _organisation(project, "R1") == "Concordia Vox" and "R1" in organisation_marks(project)  # confirmed

    _select(view, "R2")
    monkeypatch.setattr(OrganisationNameDialog, "exec", lambda dialog: dialog.none_button.click() or dialog.result())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _organisation(project, "R2") == "" and organisation_marks(project)["R2"].organisation == ""
    assert "no organisation" in view.decision_note.text()


def test_contact_data_is_refused_in_the_dialog_and_digits_set_no_sector(sector_view, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = sector_view
    project = view.ctx.project
    row = _select(view, "R1")
    assert store_sectors.analyst_sector(project, row.respondent_id) is None
    dialog = OrganisationNameDialog(project, row, view.window())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "3M policy@concordiavox.org.au")  # typed: a digit is text, never a sector key
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.error.isVisible() and "contact data" in dialog.error.text() and "R1" in dialog.error.text()
    dialog.reject()
    assert _organisation(project, "R1") == "Concordia Vox" and organisation_marks(project) == {}
    assert store_sectors.analyst_sector(project, row.respondent_id) is None  # "3" set no sector
