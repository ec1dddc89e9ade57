"""Sector review's keyboard (trial 46): Ctrl+F reaches the view's own search box, an id typed there never
sets a sector, Escape gives the keyboard back to the queue, and a number key's correction is said."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from consult_analyser.store import browse
from consult_analyser.store import sectors as store_sectors


def _sector_review(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    return view


def test_ctrl_f_puts_the_keyboard_in_the_search_box_and_an_id_typed_there_sets_nothing(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """A trial pressed Ctrl+F in Sector review and typed an id: the letters went to the queue as type-ahead
    and the id's "8" set an Individual to the 8th sector, silently."""
    view = _sector_review(window, qtbot)
    external_id = project_of.scalar("SELECT external_id FROM respondents ORDER BY seq DESC LIMIT 1")
    view.search.setText("old words")
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is view  # not the Responses view's search
    assert QApplication.focusWidget() is view.search and view.search.selectedText() == "old words"
    qtbot.keyClicks(QApplication.focusWidget(), external_id)  # replaces the selected text
    qtbot.waitUntil(lambda: [r.external_id for r in view.model.rows] == [external_id])
    assert browse.review_progress(project_of)[0] == 0 and view.search.text() == external_id

    qtbot.keyClick(view.search, Qt.Key.Key_Escape)  # back to the queue, the list as searched
    assert QApplication.focusWidget() is view.table and view.search.text() == external_id
    assert browse.review_progress(project_of)[0] == 0


def test_ctrl_f_elsewhere_still_opens_the_responses_search(window, qtbot):  # type: ignore[no-untyped-def]
    window.show_view("dashboard")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    responses = window.views["responses"]
    assert window.current_view() is responses
    qtbot.waitUntil(lambda: QApplication.focusWidget() is responses.search)


def test_a_number_key_correction_is_said_until_undone(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """The trial's accidental correction changed a respondent and the header's count, and nothing said so."""
    from consult_analyser.pipeline.sectors.run import shown_name

    view = _sector_review(window, qtbot)
    row = next(r for r in view.model.rows if r.sector and r.source != "analyst")
    view.select_row(view.model.rows.index(row))
    target = next(s for s in view.taxonomy[:9] if s.key != row.sector)
    qtbot.keyClick(view.table, Qt.Key.Key_1 + view.taxonomy.index(target))
    assert store_sectors.analyst_sector(project_of, row.respondent_id).sector_key == target.key
    said = f"Set {shown_name(row)} to {target.label} (Ctrl+Z undoes)"
    assert said in window.statusBar().currentMessage()
    assert said in view.decision_note.text() and view.decision_note.isVisible()

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store_sectors.analyst_sector(project_of, row.respondent_id) is None
    assert "Undone" in view.decision_note.text() and "Ctrl+Z undoes" not in view.decision_note.text()


def test_the_keyboard_help_lists_ctrl_f_for_sector_review():  # type: ignore[no-untyped-def]
    from consult_analyser.ui.shortcuts_help import SHORTCUTS_HTML

    sector_part = SHORTCUTS_HTML.split("<h3>Sector review</h3>")[1].split("<h3>")[0]
    assert "Ctrl+F" in sector_part and "Esc" in sector_part
