"""An organisation box that holds what its writer said about themselves and a person's name ("Retired nurse Jean
Ellis", "Myself - Kevin Doyle"; trial 47 finding 1) is a person's details: never listed as an organisation, held
back for review by the export, and flagged by Sector review; a real organisation whose name holds a role's word
("Royal College of Nursing", "Retired Teachers Association") is still listed. Everything here is made up."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from consult_analyser.cli.main import main
from consult_analyser.export.files import export_file
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.people_in_names import self_described_and_named
from consult_analyser.pipeline.sectors.rules import SectorRules
from consult_analyser.store.project import Project

HEADER = ["Response ID", "Are you responding as an individual or on behalf of an organisation?", "Your full name",
          "Organisation name", "Type of organisation", "May we publish your response?",
          "Q1. What should the council do about the high street?"]
ROWS = [
    ["S01", "Organisation", "Hal Brightwater", "Retired nurse Winifred Ashcombe", "Other", "Yes", "More benches."],
    ["S02", "Organisation", "Ola Penrose", "Myself - Crispin Maddox", "Other", "Yes", "Cheaper parking."],
    ["S03", "Organisation", "", "Royal College of Nursing", "Charity or not-for-profit", "Yes", "Safer crossings."],
    ["S04", "Organisation", "", "Retired Teachers Association", "Other", "Yes", "Keep the library open."],
    ["S05", "Organisation", "", "Parents for Inclusion", "Charity or not-for-profit", "Yes", "Step-free shops."],
    ["S06", "Organisation", "", "Anytown Chamber of Commerce", "Business", "Yes", "Fewer empty units."],
    # no type given: their box alone says who they are
    ["S07", "Organisation", "Rhona Gilchrist", "Grandmother (Rhona Gilchrist)", "", "Yes", "Play areas."],
    *[[f"I{i:02}", "Individual", f"Person {i}", "", "", "Yes", f"Comment number {i} on the market."] for i in range(8)],
]
PEOPLE = ("S01", "S02", "S07")
BODIES = {"S03": "Royal College of Nursing", "S04": "Retired Teachers Association", "S05": "Parents for Inclusion"}


@pytest.mark.parametrize(("box", "personal"), [
    ("Retired nurse Jean Ellis", True), ("Myself - Kevin Doyle", True), ("me, arjun mehta", True),
    ("Jean Ellis (parent)", True), ("NHS nurse Jean Ellis", True), ("Self (Tamsin Reeve)", True),
    ("Jean Ellis, retired teacher", True), ("GP - Dr Ana Ruiz", True),
    ("Royal College of Nursing", False), ("Retired Teachers Association", False), ("Parents for Inclusion", False),
    ("Carers UK", False), ("Parents Victoria", False), ("Myself", False), ("Retired teacher", False),
    ("Marjorie Featherstonehaugh", False),  # a name alone: another rule's (no self-description in it)
    ("N/A - Kevin Doyle", False),  # nothing said of themselves
    ("Governor Mark Gordon", False), ("Papa Ola Lokahi", False),  # an office's title; a body's name
])
def test_a_self_description_beside_a_name_is_told_from_a_body_with_a_role_word(box: str, personal: bool) -> None:
    assert self_described_and_named(box, SectorRules.default()) is personal


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    survey = tmp_path / "survey.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    path = tmp_path / "p.consult"
    project = Project.create(path, name="Self-described boxes")
    try:
        import_files(project, [survey])
    finally:
        project.close()
    return path


def test_sector_review_flags_a_self_description_beside_a_name(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sectors", str(project), "--review", "30"]) == 0
    out = capsys.readouterr().out
    review = out[out.index("review first"):]
    rows = {line.split()[0]: line for line in review.splitlines()[1:] if line.strip()}
    for rid in PEOPLE:
        assert "not flagged" not in rows[rid] and "organisation box says" in rows[rid], rows[rid]
    for rid in (*BODIES, "S06"):
        assert "not flagged" in rows[rid], rows[rid]
    # with no type given, the box alone files them as individuals (for review); the others keep their declared type
    assert rows["S07"].split()[4] == "individual" and "filed as an individual" in rows["S07"], rows["S07"]
    assert rows["S01"].split()[5] == "other", rows["S01"]


def test_the_annex_lists_no_self_description_beside_a_name_and_holds_it_back(project: Path, tmp_path: Path) -> None:
    assert main(["-q", "sectors", str(project)]) == 0
    out = tmp_path / "annex.xlsx"
    with Project.open(project) as p:
        message = export_file(p, out)
    book = load_workbook(out, read_only=True)
    listed = [str(v) for row in book["Organisations"].iter_rows(values_only=True) for v in row if v is not None]
    every = "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
                      if v is not None)
    for rid in PEOPLE:
        box = next(r[3] for r in ROWS if r[0] == rid)
        for word in box.replace("(", " ").replace(")", " ").split():
            if word[0].isupper() and word not in ("Retired", "Myself", "Grandmother"):
                assert word not in every, (rid, word)  # the person's name appears nowhere in the annex
    for name in (*BODIES.values(), "Anytown Chamber of Commerce"):
        assert name in listed, name
    # held back for review, as the export's warning says, never silently (S07, filed as an individual by its box,
    # is no organisation at all: nothing to hold back)
    warning = next(line for line in str(message).splitlines() if line.startswith("warning:"))
    assert "S01" in warning and "S02" in warning and not any(rid in warning for rid in BODIES)

    # the redacted organisations and respondents tables list them no more
    for what in ("organisations", "respondents"):
        table = tmp_path / f"{what}.csv"
        assert main(["-q", "export", str(project), str(table), "--what", what, "--redact"]) == 0
        with table.open(encoding="utf-8-sig", newline="") as fh:
            named = {r["respondent_id"]: r.get("organisation", "") for r in csv.DictReader(fh)}
        assert not any(named.get(rid) for rid in PEOPLE), (what, named)
        assert all(named.get(rid) == name for rid, name in BODIES.items()), (what, named)


def test_the_apps_warning_says_where_to_correct_or_confirm_each_name(project: Path, tmp_path: Path) -> None:
    """The app's held-back warning names Sector review's button that corrects or confirms a name (the command line's
    names `consult-analyser organisation PROJECT ID 'Name'`), and lists the respondents held back for it."""
    from consult_analyser.export.files import ExportOptions
    from consult_analyser.ui.widgets.organisation_edit import BUTTON_TEXT

    assert main(["-q", "sectors", str(project)]) == 0
    with Project.open(project) as p:
        app = export_file(p, tmp_path / "app.xlsx", ExportOptions(front="app"))
        cli = export_file(p, tmp_path / "cli.xlsx")
    held = next(line for line in str(app).splitlines() if line.startswith("warning:"))
    assert f"\u201c{BUTTON_TEXT}\u201d button" in held and "correct or confirm each name" in held
    assert {"S01", "S02"} <= set(app.review)
    assert "consult-analyser organisation PROJECT ID 'Name'" in str(cli) and BUTTON_TEXT not in str(cli)
