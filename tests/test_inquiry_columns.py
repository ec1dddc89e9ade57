"""An inquiry's evidence log as a spreadsheet (invented): a bare "Publish?" consent column, a date
received, a "Submitted by" column holding a person's or an organisation's name."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from consult_analyser.domain import Publication
from consult_analyser.ingest.closed_answers import ticked_options
from consult_analyser.ingest.column_values import looks_dates
from consult_analyser.ingest.columns import detect_mapping
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import consent
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

CHOICES = ["Yes", "Yes, anonymously", "No", "Yes", "Yes, anonymously", "Yes", "No", "Yes, anonymously", "Yes",
           "Yes", "Yes, anonymously", "No"]
TEXT = "The home did not tell us when the staffing changed and nobody answered our letters."


@pytest.mark.parametrize("header", ["Publish?", "Publish", "Can we publish your response?", "Publication",
                                    "May we publish?"])
@pytest.mark.parametrize("values", [CHOICES, ["Yes", "Yes, but anonymously", "No", "Do not publish"] * 3])
def test_a_publication_choice_column_is_the_consent_column(header: str, values: list[str]) -> None:
    rows = [[f"R{i}", v, TEXT] for i, v in enumerate(values)]
    mapping = detect_mapping(["Ref", header, "Your evidence"], rows)
    assert [c.role for c in mapping.columns] == ["id", "consent", "question"]


def test_a_consent_answer_is_never_split_on_its_comma() -> None:
    # a second publication column (the first is taken) or one a header does not name: one answer per cell
    assert ticked_options(CHOICES * 2) is None
    assert ticked_options(["Yes", "Yes, but anonymously", "No"] * 5) is None
    # a tick-all question written "Buses, Trains" is still split
    assert ticked_options(["Buses", "Trains", "Buses, Trains", "Trams", "Buses, Trams"] * 3) is not None


@pytest.mark.parametrize("values", [
    ["2024-02-27", "2024-03-15", "2024-02-13", "2024-02-21"],
    ["05/03/2024", "12/03/2024", "28/02/2024", "01/03/2024"],
    ["2024-03-05 14:02", "2024-03-05T09:15:22Z", "2024-03-06 08:00:00", "2024-03-07 17:45"],
    ["5 March 2024", "12 Mar 2024", "March 14, 2024", "1st April 2024"],
    ["2024-02-27", "2024-03-15", "2024-02-13", "2024-02-21"] * 6 + ["not recorded"],  # nearly all
])
def test_a_column_of_dates_is_information_never_a_question(values: list[str]) -> None:
    assert looks_dates(values)
    rows = [[f"R{i}", v, TEXT] for i, v in enumerate(values)]
    mapping = detect_mapping(["Ref", "Received", "Your evidence"], rows)
    assert [c.role for c in mapping.columns] == ["id", "metadata", "question"]


def test_answers_that_mention_dates_are_not_dates() -> None:
    assert not looks_dates(["We wrote on 5 March 2024 and heard nothing", "2024", "1,200", "Yes"])
    assert not looks_dates(["12", "15", "20", "7"])


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Submission ref", "Received", "Submitted by", "Capacity", "Publish?", "Q1. What went wrong?"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_evidence_log_imports_with_its_consent_and_dates_read(tmp_path: Path) -> None:
    rows: list[list[object]] = [[f"EV-{i:03}", dt.datetime(2024, 3, 1 + i % 20), f"Person {i}", ["Individual", "Charity or voluntary organisation"][i % 2],
                                 CHOICES[i % len(CHOICES)], f"{TEXT} Letter {i}."] for i in range(24)]
    project = Project.create(tmp_path / "log.consult")
    import_files(project, [_workbook(tmp_path / "log.xlsx", rows)])
    assert [q.key for q in list_questions(project)] == ["Q1"]
    counts = consent.counts(project)
    assert counts[Publication.PUBLIC.value] == 10 and counts[Publication.ANONYMOUS.value] == 8
    assert counts[Publication.NOT_FOR_PUBLICATION.value] == 6
    assert consent.choice(project, project.scalar("SELECT id FROM respondents WHERE external_id = 'EV-001'"))[1] \
        == "Yes, anonymously"
    project.close()


def test_export_warns_when_no_publication_choice_was_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from consult_analyser.cli.main import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    survey = tmp_path / "survey.csv"
    survey.write_text("Ref,Your evidence\n" + "".join(f"R{i},{TEXT} Note {i}.\n" for i in range(6)), encoding="utf-8")
    project = tmp_path / "p.consult"
    assert main(["-q", "import", str(project), str(survey)]) == 0
    capsys.readouterr()
    assert main(["-q", "export", str(project), str(tmp_path / "r.csv"), "--what", "responses"]) == 0
    assert "no consent column was found" in capsys.readouterr().err
    # the app's File > Export says it too: the warning is in the core function's message
    from consult_analyser.export.files import ExportOptions, export_file
    from consult_analyser.store.project import Project

    opened = Project.open(project)
    try:
        assert "warning: no respondent's publication choice" in export_file(opened, tmp_path / "a.xlsx", ExportOptions())
    finally:
        opened.close()
    # with a consent column, no warning
    asked = tmp_path / "asked.csv"
    asked.write_text("Ref,Publish?,Your evidence\n" + "".join(
        f"R{i},{CHOICES[i]},{TEXT} Note {i}.\n".replace("Yes, anonymously", '"Yes, anonymously"') for i in range(6)),
        encoding="utf-8")
    other = tmp_path / "q.consult"
    assert main(["-q", "import", str(other), str(asked)]) == 0
    capsys.readouterr()
    assert main(["-q", "export", str(other), str(tmp_path / "s.csv"), "--what", "responses"]) == 0
    assert "consent" not in capsys.readouterr().err


OTHER_ORGANISATIONS = ["Fernleigh Healthwatch", "Centre for Quiet Ageing", "Office of the MP for Wexcombe",
                       "Brackenfold Coroner's Officers' Association", "The Lantern Trust", "Holloway Pike LLP"]
OTHER_PEOPLE = ["C. Marlowe", "Ottilie Brandreth", "Wendell Okonjo"]


def _capacities_log(tmp_path: Path) -> Path:
    rows: list[list[object]] = []
    people = [f"{first} {last}" for first, last in zip(["Aled", "Bronwen", "Cyril", "Dilys", "Enid", "Fergus"],
                                                        ["Yardley", "Quaife", "Mottram", "Penhale", "Ormerod", "Lusk"],
                                                        strict=True)]
    charities = ["Elmstead Carers Network", "Hollins Dementia Group", "Wexcombe Age Forum", "Brightwell Trust"]
    entries = ([(n, "Bereaved family member") for n in people] + [(n, "Individual") for n in people[:4]]
               + [(n, "Charity or voluntary organisation") for n in charities]
               + [(n, "Other") for n in OTHER_ORGANISATIONS + OTHER_PEOPLE])
    for i, (name, capacity) in enumerate(entries):
        rows.append([f"EV-{i:03}", dt.datetime(2024, 3, 1 + i % 20), name, capacity, "Yes", f"{TEXT} Note {i}."])
    return _workbook(tmp_path / "capacities.xlsx", rows)


def test_a_submitted_by_column_places_each_other_respondent_by_the_name_given(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Submitted by" holds a person's or an organisation's name; "Other" holds both: each respondent
    who chose it is on the side their name says, never all on one; "Bereaved family member" are people."""
    from consult_analyser.cli.main import main
    from consult_analyser.store import organisations, reporting

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    path = _capacities_log(tmp_path)
    mapping = detect_mapping(["Submission ref", "Received", "Submitted by", "Capacity", "Publish?", "Q1"],
                             [["EV-1", "2024-03-01", "C. Marlowe", "Other", "Yes", TEXT]] * 3)
    assert mapping.columns[2].role == "name"
    project_path = tmp_path / "log.consult"
    assert main(["-q", "import", str(project_path), str(path)]) == 0
    assert main(["-q", "sectors", str(project_path)]) == 0
    project = Project.open(project_path, readonly=True)
    organisations_, individuals, unknown = reporting.respondent_kinds(project)
    assert (organisations_, individuals, unknown) == (4 + len(OTHER_ORGANISATIONS), 10 + len(OTHER_PEOPLE), 0)
    listed = {r.organisation for r in organisations.organisations(project, by_name=True)}
    assert set(OTHER_ORGANISATIONS) <= listed and not listed & set(OTHER_PEOPLE)
    vouched = organisations.declared_organisation_ids(project)
    people_ids = {r[0] for r in project.query("SELECT external_id FROM respondents WHERE name IN (?, ?, ?)",
                                               OTHER_PEOPLE)}
    assert not vouched & people_ids
    project.close()
    # the respondents table says each one's side as the counts do (it was blank where nobody ticked a box)
    assert main(["-q", "export", str(project_path), str(tmp_path / "r.csv"), "--what", "respondents"]) == 0
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as fh:
        side = {r["declared_type"]: r["is_organisation"] for r in csv.DictReader(fh)}
    assert side["Bereaved family member"] == "no" and side["Charity or voluntary organisation"] == "yes"
    # an analyst moves one of them to another sector: that sector's side holds
    assert main(["-q", "sectors", str(project_path), "--set", "EV-014", "individual"]) == 0
    project = Project.open(project_path, readonly=True)
    assert reporting.respondent_kinds(project)[1] == 10 + len(OTHER_PEOPLE) + 1
    project.close()


def test_export_warns_when_declared_types_are_not_yet_read_as_sectors(tmp_path: Path) -> None:
    """A patient survey's lead exported before classifying: the annex said all 2,500 'did not say' who they
    were, though every one had answered 'Are you responding as:'."""
    from consult_analyser.export.files import ExportOptions, export_file
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project

    survey = tmp_path / "s.csv"
    survey.write_text("Ref,Are you responding as:,Publish?,Your evidence\n" + "".join(
        f"R{i},{'Patient' if i % 2 else 'Carer or relative'},Yes,{TEXT} Note {i}.\n" for i in range(8)),
        encoding="utf-8")
    project = Project.create(tmp_path / "p.consult")
    try:
        import_files(project, [survey])
        assert "classify them first" in export_file(project, tmp_path / "a.xlsx", ExportOptions())
        classify_project(project)
        assert "classify them first" not in export_file(project, tmp_path / "b.xlsx", ExportOptions())
    finally:
        project.close()


def test_a_roles_label_lists_the_farms_that_named_themselves_and_never_a_farmers_own_name(tmp_path: Path,
                                                                                           monkeypatch: pytest.MonkeyPatch
                                                                                           ) -> None:
    """ "Farmer or grower" holds farmers and farm businesses: those who named an organisation are on the
    Organisations sheet, as the Cover counts them; a farmer who left the organisation box blank is never
    listed by their own name, even once the analyst files the label under organisations."""
    from consult_analyser.cli.main import main
    from consult_analyser.store import organisations

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    rows = [(f"S{i}", name, org, kind) for i, (name, org, kind) in enumerate(
        [("Hemi Tamatea", "Otarewa Station Ltd", "Farmer or grower"),
         ("Aroha Wiremu", "Kaipiri Growers Group", "Farmer or grower"),
         ("Mere Talavou", "", "Farmer or grower"), ("Rangi Pohatu", "", "Farmer or grower"),
         ("Tipene Marsh", "", "Farmer or grower")]
        + [(f"Person {i}", "", "Individual") for i in range(6)]
        + [(f"Contact {i}", f"Tarawera Catchment Society {i}", "Community group") for i in range(4)])]
    path = tmp_path / "submissions.csv"
    path.write_text("Submission ID,Submitter name,Organisation,Submitter type,What should change?\n" + "".join(
        f"{rid},{name},{org},{kind},Keep the rivers clean for swimming and for the fish ({rid})\n"
        for rid, name, org, kind in rows), encoding="utf-8")
    project_path = tmp_path / "water.consult"
    assert main(["-q", "import", str(project_path), str(path)]) == 0
    assert main(["-q", "sectors", str(project_path)]) == 0
    with Project.open(project_path, readonly=True) as project:
        listed = {r.organisation for r in organisations.organisations(project)}
    assert {"Otarewa Station Ltd", "Kaipiri Growers Group"} <= listed
    assert main(["-q", "sectors", str(project_path), "--side", "farmer_or_grower", "organisation"]) == 0
    with Project.open(project_path, readonly=True) as project:
        by_name = {r.organisation for r in organisations.organisations(project, by_name=True)}
    assert not by_name & {"Mere Talavou", "Rangi Pohatu", "Tipene Marsh"}
