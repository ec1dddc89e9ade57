"""Sector review: accept with Enter, correct with a number key, undo; the queue moves on."""

from __future__ import annotations

from PySide6.QtCore import Qt

from consult_analyser.store import browse
from consult_analyser.store import sectors as store_sectors


def test_accept_and_correct_with_one_key_each_then_undo(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    window.activateWindow()
    assert view.model.rowCount() > 3
    # what the run flagged (unclassified, conflicts) first, in its order, then least confident first
    flagged = [rid for rid in store_sectors.review_reasons(project_of)
               if rid in {r.respondent_id for r in view.model.rows}]
    ids = [r.respondent_id for r in view.model.rows]
    assert ids[: len(flagged)] == flagged
    confidences = [r.confidence for r in view.model.rows[len(flagged):]]
    assert confidences == sorted(confidences)
    start = next(i for i, r in enumerate(view.model.rows) if r.sector)  # Enter accepts a proposed sector
    view.select_row(start)
    first = view.current_row()
    assert first is not None and first.source != "analyst"

    view.table.setFocus()
    before = view.queue_note.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    # the note counts what is left to check (it stayed at the list's length after an accept)
    left = lambda text: int(text.split(" of ")[0].replace(",", ""))  # noqa: E731
    assert left(view.queue_note.text()) == left(before) - 1
    accepted = store_sectors.analyst_sector(project_of, first.respondent_id)
    assert accepted is not None and accepted.sector_key == first.sector
    second = view.current_row()
    assert second.respondent_id != first.respondent_id
    assert view.model.rows[start].source == "analyst"  # the accepted row is now shown as checked

    target = view.taxonomy[2].key if view.taxonomy[2].key != second.sector else view.taxonomy[3].key
    key = Qt.Key.Key_3 if target == view.taxonomy[2].key else Qt.Key.Key_4
    qtbot.keyClick(view.table, key)
    corrected = store_sectors.effective_sector(project_of, second.respondent_id)
    assert corrected.source == "analyst" and corrected.sector_key == target
    assert browse.review_progress(project_of)[0] == 2
    assert view.progress_bar.value() == 2

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store_sectors.analyst_sector(project_of, second.respondent_id) is None
    assert store_sectors.effective_sector(project_of, second.respondent_id).sector_key == second.sector
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store_sectors.analyst_sector(project_of, first.respondent_id) is None
    assert browse.review_progress(project_of)[0] == 0 == view.progress_bar.value()


def test_an_unclassified_respondent_says_why_and_has_nothing_to_accept(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    # a small project of its own: the sample's model now places its few nameless respondents (a sector known from
    # one label no longer stops it), so the shared fixture has none left unclassified
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow
    from tests.conftest import write_survey

    rows = [[f"R{i}", "Brennan Trust" if i % 2 else "", f"My view number {i} on the plan."] for i in range(6)]
    path = write_survey(tmp_path / "survey.csv", rows, ["Response ID", "Organisation name", "Your views"])
    project = Project.create(tmp_path / "small.consult")
    import_files(project, [path])
    classify_project(project)
    make_app()
    window = MainWindow(project)
    qtbot.addWidget(window)
    try:
        view = window.show_view("sectors")
        unclassified = [i for i, r in enumerate(view.model.rows) if not r.sector]
        assert unclassified, "a respondent with no organisation and a plain answer is left for review"
        view.select_row(unclassified[0])
        row = view.current_row()
        reason = store_sectors.review_reason(project, row.respondent_id)
        assert reason  # the last run said why
        assert view.current_source.text().lower().startswith(reason[:20].lower())
        assert not view.accept_button.isEnabled()
    finally:
        window.ctx.tasks.cancel_all()
        window.close()


def test_a_declared_type_the_name_contradicts_is_shown_first_with_the_reason(window, project_of):  # type: ignore[no-untyped-def]
    """The run's conflicts survive closing the project: the queue opens on them and says why."""
    from consult_analyser.pipeline.sectors.run import classify_project

    police = project_of.query("SELECT id FROM respondents ORDER BY seq LIMIT 1")[0][0]
    with project_of.transaction() as conn:
        conn.execute("UPDATE respondents SET organisation = 'Humberside Police', is_organisation = 1,"
                     " declared_type = 'Business' WHERE id = ?", (police,))
    classify_project(project_of)
    assert "the name says" in store_sectors.review_reason(project_of, police)
    flagged = store_sectors.review_reasons(project_of)
    rows = browse.review_rows(project_of)
    assert police in [r.respondent_id for r in rows[: len(flagged)]]  # among those the run flagged, ahead of the rest
    view = window.show_view("sectors")
    view.reload_queue()
    view.select_row([r.respondent_id for r in view.model.rows].index(police))
    assert "To check:" in view.current_source.text() and "the name says" in view.current_source.text()


def test_a_long_label_leaves_room_for_its_bar_and_value_in_a_narrow_panel(qtbot):  # type: ignore[no-untyped-def]
    """The panel's chart keeps a wide label column ("declared: Faith group or organisation"); in a
    narrow panel the label is shortened rather than the bar and its "100%" pushed out of sight."""
    from consult_analyser.ui.widgets.charts import Bar, BarChart

    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars([Bar("declared: Faith group or organisation", 1.0)], percent=True)
    chart.label_width = 300
    label, value = chart.columns(320)
    assert label + value + 320 // 3 <= 320 + 6 and value > 20
    assert chart.columns(900)[0] == 300  # a wide panel keeps the fixed column


def test_a_placeholder_in_the_organisation_box_does_not_hide_the_persons_name():  # type: ignore[no-untyped-def]
    """The queue listed "Retired", "N/A" and "Myself" as respondents: what people wrote in the
    organisation box, not who they are."""
    from types import SimpleNamespace

    from consult_analyser.ui.views.sector_view import shown_name

    def row(name: str, organisation: str):  # type: ignore[no-untyped-def]
        return SimpleNamespace(name=name, organisation=organisation, external_id="R-9")

    assert shown_name(row("Laura Bevan", "Retired")) == "Laura Bevan"
    assert shown_name(row("Emre Fletcher", "N/A")) == "Emre Fletcher"
    assert shown_name(row("", "N/A")) == "R-9"  # by their id: a trial read a list of people named "n/a"
    assert shown_name(row("Jo Bloggs", "Leeds Food Bank")) == "Leeds Food Bank"
    assert shown_name(row("", "")) == "R-9"


def test_before_the_first_run_the_button_classifies_and_the_dashboard_says_how(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A project just imported has no sectors: Sector review's button starts the sector step
    ("Classify respondents"), and the dashboard's empty chart says where that is; after a run the
    button learns from corrections."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store.project import Changes, Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow
    from tests.conftest import write_survey

    rows = [[f"R{i}", "Brennan Trust" if i % 2 else "", f"My view number {i} on the plan."] for i in range(6)]
    path = write_survey(tmp_path / "survey.csv", rows, ["Response ID", "Organisation name", "Your views"])
    project = Project.create(tmp_path / "new.consult")
    import_files(project, [path])
    make_app()
    window = MainWindow(project)
    qtbot.addWidget(window)
    try:
        view = window.show_view("sectors")
        assert view.retrain_button.text() == "Classify respondents"
        dashboard = window.show_view("dashboard")
        assert "Sector review" in dashboard.source_chart.empty_text
        classify_project(project)
        view.on_changed(Changes({"sectors"}))  # as the app's notice after a run
        assert view.retrain_button.text() == "Retrain with corrections"
    finally:
        window.ctx.tasks.cancel_all()
        window.close()


def test_several_selected_respondents_take_one_correction_as_one_step(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """Ctrl+A (or Shift+click) then a number set only one row: now every selected row, one undo."""
    from PySide6.QtCore import QItemSelectionModel

    view = window.show_view("sectors")
    window.activateWindow()
    view.select_row(0)
    for row in (1, 2):
        view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                           | QItemSelectionModel.SelectionFlag.Rows)
    chosen = [r.respondent_id for r in view.selected_rows()]
    assert len(chosen) == 3
    target = view.taxonomy[1].key
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_2)
    assert all(store_sectors.analyst_sector(project_of, rid).sector_key == target for rid in chosen)
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(store_sectors.analyst_sector(project_of, rid) is None for rid in chosen)


def test_the_sectors_dialog_confirms_a_side_and_merges_two_sectors(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """Issue 18's taxonomy editor: a sector's side is shown with its reason for confirmation, and a
    trial's two files' words for one kind ("County council", "Local authority") can be merged."""
    from consult_analyser.pipeline.sectors.run import taxonomy_for
    from consult_analyser.ui.views.sector_taxonomy import SectorListDialog

    view = window.show_view("sectors")
    dialog = SectorListDialog(view.ctx, view)
    qtbot.addWidget(dialog)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert labels == [s.label for s in store_sectors.taxonomy(project_of)]
    assert all(dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount()))  # every side has a reason
    counts = store_sectors.counts_by_sector(project_of)
    gone, into = sorted((k for k in dialog.keys if counts.get(k)), key=lambda k: -counts[k])[1:3]
    dialog.table.selectRow(dialog.keys.index(gone))
    dialog.confirm_side(True)
    assert taxonomy_for(project_of).sides[gone].startswith("confirmed by")
    dialog.merge(gone, into)
    assert gone not in dialog.keys and gone not in {s.key for s in store_sectors.taxonomy(project_of)}
    assert store_sectors.counts_by_sector(project_of)[into] == counts[gone] + counts[into]
    assert "merged into" in window.statusBar().currentMessage()


def test_the_search_box_narrows_the_list_as_one_types(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """A trial's analyst scrolled through 446 respondents to find one they knew by name: the search box
    narrows the list live, by id, name or organisation, or words of the answers, to checked respondents too."""
    view = window.show_view("sectors")
    window.activateWindow()
    everyone = view.model.rowCount()
    organisation, external_id = project_of.query(
        "SELECT organisation, external_id FROM respondents WHERE organisation != '' ORDER BY seq LIMIT 1")[0]
    view.search.setFocus()
    qtbot.keyClicks(view.search, organisation[:12])
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < everyone)
    assert organisation in [r.organisation for r in view.model.rows]
    assert "found for" in view.queue_note.text()

    view.search.clear()
    qtbot.keyClicks(view.search, external_id)  # digits typed in the box are text, never a sector's key
    qtbot.waitUntil(lambda: [r.external_id for r in view.model.rows] == [external_id])
    assert browse.review_progress(project_of)[0] == 0
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # Enter takes the keyboard to the list, accepting nothing
    assert view.table.hasFocus() and browse.review_progress(project_of)[0] == 0

    # words of an answer find the respondent who wrote them
    respondent_id, text = project_of.query("SELECT respondent_id, text FROM responses WHERE length(text) > 80"
                                           " ORDER BY seq LIMIT 1")[0]
    words = " ".join(text.split()[2:6])
    view.search.setText(words)
    qtbot.waitUntil(lambda: respondent_id in [r.respondent_id for r in view.model.rows])
    assert view.model.rowCount() < everyone

    # a respondent already checked is found (the queue holds only those still to check)
    view.select_row(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_1)
    checked = store_sectors.analyst_sector(project_of, respondent_id)
    assert checked is not None
    view.search.setText(words)
    view.reload_queue()
    assert respondent_id in [r.respondent_id for r in view.model.rows]

    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() >= everyone - 1)
    assert "found for" not in view.queue_note.text()


def test_the_card_leaves_out_an_uploads_file_name(window, project_of):  # type: ignore[no-untyped-def]
    """The card's excerpt opened "FILENAME: Response.pdf | CONTENT:" (a platform's upload export); the
    letterhead under it, which says who wrote it, stays."""
    respondent_id = project_of.query("SELECT id FROM respondents ORDER BY seq LIMIT 1")[0][0]
    with project_of.transaction() as conn:
        conn.execute("UPDATE responses SET text = ? WHERE id = (SELECT id FROM responses WHERE respondent_id = ?"
                     " ORDER BY seq LIMIT 1)", ("FILENAME: Our response to the consultation.pdf | CONTENT: Brennan "
                                                "Housing Trust\n" + "We welcome the proposals on social housing. " * 60,
                                                respondent_id))
    view = window.show_view("sectors")
    view.reload_queue([respondent_id])
    view.select_row(0)
    assert "FILENAME" not in view.excerpt.text() and "CONTENT" not in view.excerpt.text()
    assert view.excerpt.text().startswith("“Brennan Housing Trust")


def test_a_retrain_says_in_the_view_what_it_does_then_how_it_ended(window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """A retrain takes a minute or more on a real consultation, and a trial saw nothing in the view
    meanwhile: the view says what runs and how far it has gone, then that it is done, or failed and why."""
    view = window.show_view("sectors")
    view.retrain()
    assert view.task_status.isVisible() and not view.retrain_button.isEnabled()
    assert "Retraining the sector model…" in view.task_status.text()
    qtbot.waitUntil(lambda: "Done" in view.task_status.text(), timeout=120000)
    assert "retrained" in view.task_status.text() and view.retrain_button.isEnabled()

    from consult_analyser.pipeline.sectors.run import SectorReview

    def broken(self, progress=None):  # type: ignore[no-untyped-def]
        raise ValueError("the sector model could not be trained")

    monkeypatch.setattr(SectorReview, "run", broken)
    view.retrain()
    qtbot.waitUntil(lambda: "failed" in view.task_status.text(), timeout=60000)
    assert "Retraining the sector model failed" in view.task_status.text()
    assert "could not be trained" in view.task_status.text() and view.retrain_button.isEnabled()


def test_a_long_name_is_cut_in_its_middle_and_a_label_at_its_end(window):  # type: ignore[no-untyped-def]
    """A trial saw "Sc Department Of ..." (which department?); cutting every column in its middle then made the
    labels read "Business…rivate …": the name keeps its start and end, a label its start."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    view = window.show_view("sectors")
    assert view.model.rowCount()
    elided = {}
    for column in range(view.model.columnCount()):
        option = QStyleOptionViewItem()
        option.textElideMode = Qt.TextElideMode.ElideRight
        view.table.itemDelegateForIndex(view.model.index(0, column)).initStyleOption(option, view.model.index(0, column))
        elided[column] = option.textElideMode
    assert elided[0] == Qt.TextElideMode.ElideMiddle
    assert all(mode == Qt.TextElideMode.ElideRight for column, mode in elided.items() if column)


def test_a_retrain_says_which_rule_patterns_the_corrections_withdrew(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """The command line printed each rule pattern the analyst's corrections withdrew (a trial's corrections had
    silently withdrawn a whole rule); the view's retrain says the same."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import SectorReview
    from consult_analyser.store import responses
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow
    from tests.conftest import write_survey

    names = ["Orchard Bank", "Pellow Trading Company", "Tarn Construction", "Quayside Bank",
             "Brackley Haulage Company", "Fenmore Construction", "Westbrook Business Hub", "Small Business Hub Kent",
             "Hollin Community Builders", "Eastgate Business Hub"]
    text = "We write about the proposed rule and its effect on households across the United States."
    path = write_survey(tmp_path / "us.csv", [[f"R{i}", n, text] for i, n in enumerate(names)],
                        ["Id", "Organisation", "Comments"])
    project = Project.create(tmp_path / "us.consult")
    import_files(project, [path])
    review = SectorReview(project)
    review.run()
    for external in ("R6", "R7", "R8"):
        review.correct(responses.respondent(project, external).id, "voluntary_community")
    make_app()
    window = MainWindow(project)
    qtbot.addWidget(window)
    try:
        view = window.show_view("sectors")
        view.retrain()
        qtbot.waitUntil(lambda: "Done" in view.task_status.text(), timeout=120000)
        shown = view.task_status.text()
        assert "rule 'business' pattern 'Business' withdrawn after 2 organisations were corrected" in shown
        assert "pattern 'Builders' withdrawn" in shown
    finally:
        window.ctx.tasks.cancel_all()
        window.close()
