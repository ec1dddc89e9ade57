"""An analyst sets, confirms or clears the name of the organisation a respondent answered for (trial 45 finding 4:
"Cisco Systems, Inc. Comments" was published as read, and the company "Concordia Vox" was left out of the annex as
a possible person's name with no way to confirm it). The name is published as set, undoable, audited, refused
with contact data, and kept by later sector runs and imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from consult_analyser.actions.respondent_details import PERSON_SHAPED, SetOrganisationName, held_organisations
from consult_analyser.cli.main import main
from consult_analyser.export.files import ExportOptions, export_file
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.run import classify_project
from consult_analyser.store import responses
from consult_analyser.store.project import Project
from consult_analyser.store.respondents import ORGANISATION_SET_BY, organisation_marks
from tests.conftest import write_survey

HEADER = ["Response ID", "Organisation name", "Your views"]
ROWS = [["R1", "Concordia Vox", "We support extending the consumer data right to AI."],
        ["R2", "Anytown Borough Council", "Councils are best placed to lead."],
        ["R3", "Northfield Academy Trust", "Schools twinning works well."],
        ["R4", "Cisco Systems, Inc. Comments", "We welcome the discussion paper."]]


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    return write_survey(tmp_path / "survey.csv", ROWS, HEADER)


@pytest.fixture
def classified(tmp_path: Path, survey: Path):  # type: ignore[no-untyped-def]
    project = Project.create(tmp_path / "orgs.consult")
    import_files(project, [survey])
    classify_project(project)
    yield project
    project.close()


def _rid(project: Project, external: str) -> str:
    found = responses.respondent(project, external)
    assert found is not None
    return found.id


def _row(project: Project, external: str) -> tuple[str, str]:
    return tuple(project.query("SELECT organisation, metadata FROM respondents WHERE external_id = ?", (external,))[0])


def _annex_organisations(project: Project, out: Path) -> tuple[list[str], str]:
    """The names on the annex's Organisations sheet as the app exports it, and the export's message."""
    message = export_file(project, out, ExportOptions(front="cli"))
    sheet = load_workbook(out, read_only=True)["Organisations"]
    return [str(row[0]) for row in sheet.iter_rows(values_only=True) if row and row[0]], str(message)


def test_setting_a_name_is_journalled_audited_and_undoable(classified) -> None:  # type: ignore[no-untyped-def]
    project = classified
    before = _row(project, "R4")
    op = SetOrganisationName(_rid(project, "R4"), "  Cisco   Systems, Inc. ")
    changes = op.apply(project)
    assert "respondents" in changes.tables and _rid(project, "R4") in changes.ids
    organisation, metadata = _row(project, "R4")
    assert organisation == "Cisco Systems, Inc."  # spaces collapsed
    mark = organisation_marks(project)["R4"]
    assert (mark.by, mark.organisation) == (project.actor, "Cisco Systems, Inc.") and mark.at
    assert ORGANISATION_SET_BY in json.loads(metadata)
    audit = project.query("SELECT actor, detail FROM audit WHERE action = 'set_organisation_name'")
    assert len(audit) == 1 and audit[0][0] == project.actor
    assert json.loads(audit[0][1])["old"] == "Cisco Systems, Inc. Comments"
    assert json.loads(audit[0][1])["new"] == "Cisco Systems, Inc."

    op.revert(project)
    assert _row(project, "R4") == before  # the name and the details exactly as they were
    assert "R4" not in organisation_marks(project)
    op.apply(project)  # redo
    assert _row(project, "R4")[0] == "Cisco Systems, Inc." and "R4" in organisation_marks(project)


def test_undo_keeps_the_details_imported_since(classified) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.store.respondents import update_attributes

    project = classified
    rid = _rid(project, "R1")
    op = SetOrganisationName(rid, "Concordia Vox Pty Ltd")
    op.apply(project)
    update_attributes(project, [(rid, None, {"Size": "Small business"})], source_file="sizes.csv")
    op.revert(project)
    organisation, metadata = _row(project, "R1")
    assert organisation == "Concordia Vox" and json.loads(metadata) == {"Size": "Small business"}
    op.apply(project)  # redo: the name and the mark again, the detail kept
    assert json.loads(_row(project, "R1")[1])["Size"] == "Small business"
    assert organisation_marks(project)["R1"].organisation == "Concordia Vox Pty Ltd"


def test_a_company_name_held_back_is_published_once_an_analyst_confirms_it(classified, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = classified
    listed, message = _annex_organisations(project, tmp_path / "before.xlsx")
    assert "Concordia Vox" not in listed  # read as a person's name: held back
    assert "R1" in message and "consult-analyser organisation PROJECT ID 'Name'" in message
    assert [(h.external_id, h.name, h.reason) for h in held_organisations(project)] == \
        [("R1", "Concordia Vox", PERSON_SHAPED)]

    SetOrganisationName(_rid(project, "R1"), "Concordia Vox").apply(project)  # confirmed as it was
    listed, message = _annex_organisations(project, tmp_path / "after.xlsx")
    assert "Concordia Vox" in listed
    assert "R1" not in message and "look like a person's name" not in message
    assert held_organisations(project) == []


def test_a_corrected_name_is_published_and_a_cleared_one_lists_no_organisation(classified, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = classified
    SetOrganisationName(_rid(project, "R4"), "Cisco Systems").apply(project)
    SetOrganisationName(_rid(project, "R2"), "").apply(project)  # not an organisation's name
    listed, _message = _annex_organisations(project, tmp_path / "annex.xlsx")
    assert "Cisco Systems" in listed and "Cisco Systems, Inc. Comments" not in listed
    assert "Anytown Borough Council" not in listed and "Northfield Academy Trust" in listed
    assert organisation_marks(project)["R2"].organisation == ""


def test_a_name_with_contact_data_is_refused(classified) -> None:  # type: ignore[no-untyped-def]
    project = classified
    before = _row(project, "R1")
    with pytest.raises(ValueError, match="contact data") as refused:
        SetOrganisationName(_rid(project, "R1"), "Concordia Vox policy@concordiavox.org.au", who="R1")
    assert "R1" in str(refused.value) and "Traceback" not in str(refused.value)
    with pytest.raises(ValueError, match="contact data"):
        SetOrganisationName(_rid(project, "R1"), "Concordia Vox, +61 435 948 464")
    assert _row(project, "R1") == before


def test_a_later_sector_run_and_import_keep_the_analysts_name(classified, survey) -> None:  # type: ignore[no-untyped-def]
    project = classified
    SetOrganisationName(_rid(project, "R4"), "Cisco Systems").apply(project)
    SetOrganisationName(_rid(project, "R1"), "").apply(project)
    classify_project(project)
    # a later export of the survey, with the same respondents as they wrote it and one more
    write_survey(survey, [*ROWS, ["R5", "Brennan Trust", "More funding, please."]], HEADER)
    import_files(project, [survey])
    assert responses.respondent(project, "R5") is not None  # the later export came in
    assert _row(project, "R4")[0] == "Cisco Systems" and _row(project, "R1")[0] == ""
    assert {e: m.organisation for e, m in organisation_marks(project).items()} == {"R4": "Cisco Systems", "R1": ""}


def test_a_later_download_of_a_file_without_ids_keeps_the_name_and_adds_no_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a Google Forms download has no id column: its rows are known again by what they hold, the name as written
    header = ["Timestamp", "Organisation name", "Your views"]
    rows = [["01/05/2024 10:00:00", "Concordia Vox", "We support the consumer data right for AI."],
            ["01/05/2024 11:00:00", "Anytown Borough Council", "Councils are best placed to lead."]]
    first = write_survey(tmp_path / "Consultation (Responses).csv", rows, header)
    with Project.create(tmp_path / "forms.consult") as project:
        import_files(project, [first])
        rid = str(project.scalar("SELECT id FROM respondents WHERE organisation = 'Concordia Vox'"))
        SetOrganisationName(rid, "Concordia Vox Pty Ltd").apply(project)
        later = write_survey(tmp_path / "Consultation (Responses) (1).csv",
                             [*rows, ["02/05/2024 09:00:00", "Brennan Trust", "More funding, please."]], header)
        import_files(project, [later])
        assert sorted(r[0] for r in project.query("SELECT organisation FROM respondents")) == \
            ["Anytown Borough Council", "Brennan Trust", "Concordia Vox Pty Ltd"]


def test_a_set_name_does_not_make_a_file_of_submitters_look_as_if_it_asked_for_organisations(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a file with only the submitter's name: organisations are listed by it, as long as the file holds no
    # organisation box; an analyst's correction of one is no such box
    from consult_analyser.store import organisations as store_organisations

    rows = [["S1", "Australian Human Rights Commission", "Rights must come first."],
            ["S2", "Getty Images Ltd", "Copyright matters for training data."],
            ["S3", "Law Council of Australia", "The law needs updating."]]
    path = write_survey(tmp_path / "submitters.csv", rows, ["Response ID", "Submitter", "Comment"])
    with Project.create(tmp_path / "s.consult") as project:
        import_files(project, [path])
        classify_project(project)
        by_name = {r.external_id for r in store_organisations.organisations(project, by_name=True)}
        assert {"S1", "S2"} <= by_name  # (the premise: listed by their names)
        SetOrganisationName(_rid(project, "S3"), "The Law Council of Australia").apply(project)
        assert {r.external_id for r in store_organisations.organisations(project, by_name=True)} == by_name - {"S3"}
        assert "S3" in {r.external_id for r in store_organisations.organisations(project)}


def test_the_command_sets_clears_and_lists_what_the_annex_holds_back(classified, capsys) -> None:  # type: ignore[no-untyped-def]
    path = str(classified.path)
    classified.close()
    assert main(["organisation", path, "--held"]) == 0
    out = capsys.readouterr().out
    assert "R1" in out and "'Concordia Vox'" in out and "person's name" in out
    assert "Anytown" not in out

    assert main(["organisation", path, "R1", "Concordia Vox"]) == 0
    assert "R1: organisation name set to 'Concordia Vox'" in capsys.readouterr().out
    assert main(["organisation", path, "--held"]) == 0
    assert "holds back no name" in capsys.readouterr().out

    assert main(["organisation", path, "R4", "Cisco info@cisco.com"]) == 1
    err = capsys.readouterr().err
    assert "contact data" in err and "R4" in err and "nothing was changed" in err and "Traceback" not in err

    assert main(["organisation", path, "R2", "--clear"]) == 0
    assert "no organisation" in capsys.readouterr().out
    assert main(["organisation", path, "R2"]) == 0
    assert "R2: no organisation, set by" in capsys.readouterr().out
    assert main(["organisation", path]) == 0  # the names analysts set
    out = capsys.readouterr().out
    assert "R1" in out and "R2" in out and "2 organisation name(s) set by an analyst" in out
    with Project.open(Path(path)) as project:
        assert _row(project, "R1")[0] == "Concordia Vox" and _row(project, "R2")[0] == ""
        assert _row(project, "R4")[0] == "Cisco Systems, Inc. Comments"
