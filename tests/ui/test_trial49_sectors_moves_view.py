"""Trial 49: after a retrain, Sector review says who moved that no analyst set, and why, and lists them all."""

from __future__ import annotations


def test_a_retrain_names_who_it_moved_and_lists_them_all(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.actions.sectors import SetSector
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store import responses
    from consult_analyser.store import sectors as store_sectors
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow
    from tests.conftest import write_survey
    from tests.test_trial49_sectors_moves import DECLARED, UNDECLARED, _said

    rows = [[f"d{i}", org, kind, _said(i, org, kind)] for i, (org, kind) in enumerate(DECLARED)]
    rows += [[f"u{i}", org, "", _said(i, org, "")] for i, org in enumerate(UNDECLARED)]
    survey = write_survey(tmp_path / "s.csv", rows, ["Id", "Organisation", "Respondent type", "Comments"])
    project = Project.create(tmp_path / "p.consult")
    import_files(project, [survey])
    classify_project(project)
    first = responses.respondent(project, "u0").id
    was = store_sectors.effective_sector(project, first)
    assert was is not None and was.sector_key != "company"
    make_app()
    window = MainWindow(project)
    qtbot.addWidget(window)
    try:
        view = window.show_view("sectors")
        assert not view.moved_button.isVisibleTo(view)
        # the recruitment firm's second response set to Company, then the retrain: its first response follows
        assert window.ctx.run(SetSector(responses.respondent(project, "u5").id, "company"), "Set sector")
        view.retrain()
        qtbot.waitUntil(lambda: "Done" in view.task_status.text(), timeout=120000)
        said = view.task_status.text()
        assert "no analyst set changed sector in this run" in said, said
        assert "u0  Guest Work Agency: " in said and "-&gt; Company (same organisation as one an analyst set)" in said, said
        assert view.moved_button.isVisibleTo(view)
        box = view.show_moved()
        assert "u0  Guest Work Agency: " in box.detailedText() and "u5 " not in box.detailedText()
        box.close()
    finally:
        window.ctx.tasks.cancel_all()
        window.close()
