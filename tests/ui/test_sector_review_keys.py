"""Sector review's keyboard (trial 46): Ctrl+F reaches the view's own search box, an id typed there never
sets a sector, Escape gives the keyboard back to the queue, and a number key's correction is said."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from consult_analyser.store import browse
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.project import Changes


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


def test_a_reason_to_check_names_the_apps_control_not_a_command(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """Trial 46: the panel told a desktop user to run `sectors --side` to confirm a declared type's side."""
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.pipeline.sectors.session_labels import SIDE_CHECK, SIDE_CHECK_DESKTOP

    # an individual who ticked an organisations' type (the trial's sample had hundreds), then the sector run again
    organisations = [s.label for s in store_sectors.taxonomy(project_of)
                     if s.is_organisation and "other" not in s.label.lower()]
    with project_of.transaction() as conn:
        conn.execute("UPDATE respondents SET declared_type = ? WHERE id = (SELECT id FROM respondents"
                     " WHERE is_organisation = 0 ORDER BY seq LIMIT 1)", (organisations[0],))
    classify_project(project_of)
    window.ctx.notify(Changes({"sectors"}))
    reasons = store_sectors.review_reasons(project_of)
    flagged = [rid for rid, why in reasons.items() if why.endswith(SIDE_CHECK)]  # as the sector run wrote it
    assert len(flagged) == 1
    view = _sector_review(window, qtbot)
    view.select_row([r.respondent_id for r in view.model.rows].index(flagged[0]))
    shown = view.current_source.text()
    assert "To check:" in shown and "declared" in shown
    assert "sectors --side" not in shown and html.escape(SIDE_CHECK_DESKTOP) in shown
    assert view.sectors_button.text().startswith("Sectors")  # the control it names
