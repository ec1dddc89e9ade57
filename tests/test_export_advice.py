"""An export's warnings say where to act in the words of who reads them: the command line names its
commands and the respondents' ids, the app its Sector review (with the respondents to list there).
A GUI user was told to type `sectors PROJECT --set ID SECTOR` and given 20 ids nobody could click."""

from __future__ import annotations

from pathlib import Path

from test_publication_consent import _project

from consult_analyser.export.files import SECTOR_REVIEW_BUTTON, ExportOptions, export_file


def test_the_annex_warnings_are_worded_for_the_command_line_and_for_the_app(tmp_path: Path) -> None:
    from consult_analyser.pipeline.sectors.run import classify_project

    header = ["Respondent ID", "Submitter name", "Are you responding as an individual or on behalf of an organisation?",
              "Organisation type", "Your views"]
    stems = ["Brightwater", "Harrow", "Kestrel", "Larkfield", "Quillon", "Teasel", "Orrin", "Vantor"]
    companies = [f"{a} {b}" for a in stems for b in ("Analytics", "Robotics", "Software")]
    people = [f"{a} {b}" for a in ("Maren", "Tobias", "Priya", "Owen", "Aoife", "Sam", "Lena", "Rhys")
              for b in ("Lindqvist", "Wrenfield", "Okafor")]
    rows = [[f"A{i}", n, "On behalf of an organisation", "Company", "Rules should be clear for firms."]
            for i, n in enumerate(companies)]
    rows += [[f"B{i}", n, "Individual", "", "I worry about my data."] for i, n in enumerate(people)]
    rows += [["C1", "Quorvexa", "", "", "Rules should be clear for firms."]]
    project = _project(tmp_path, rows, header)
    try:
        classify_project(project)
        cli = export_file(project, tmp_path / "cli.xlsx", ExportOptions(small_counts=0))
        app = export_file(project, tmp_path / "app.xlsx", ExportOptions(small_counts=0, front="app"))
    finally:
        project.close()
    said = "the model filed under an organisation's sector gave only a name"
    assert said in cli and said in app  # one message ...
    assert "`sectors PROJECT --set ID SECTOR`" in cli  # ... the command line's commands
    assert "`" not in app.split("\nwarning: no respondent")[0] and "PROJECT" not in app.split("\nwarning: no")[0]
    assert f"in Sector review (\u201c{SECTOR_REVIEW_BUTTON}\u201d below lists them)" in app  # ... the app's view
    assert "C1" in app.review and "C1" not in app  # the respondents to list there, not ids to type
