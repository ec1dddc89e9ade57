"""An organisation name an analyst confirms, corrects or clears in their copy (``organisation COPY ID "Name"``)
reaches the lead's project when the copy (or its change file) is merged, with who set it and when; where the lead
set the same respondent's name otherwise since the copy was made, the merge records a conflict for the lead and
changes nothing until they decide."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.actions.respondent_details import SetOrganisationName
from consult_analyser.cli.main import main
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import responses
from consult_analyser.store.project import Project
from consult_analyser.store.respondents import organisation_marks
from consult_analyser.team import changes, conflicts, merge, split
from tests.conftest import write_survey
from tests.test_organisation_names import HEADER, ROWS


@pytest.fixture
def lead(tmp_path: Path):  # type: ignore[no-untyped-def]
    project = Project.create(tmp_path / "lead.consult", actor="lena")
    import_files(project, [write_survey(tmp_path / "survey.csv", ROWS, HEADER)])
    yield project
    project.close()


def _rid(project: Project, external: str) -> str:
    found = responses.respondent(project, external)
    assert found is not None
    return found.id


def _names(project: Project) -> dict[str, tuple[str, str]]:
    """External id -> (organisation name, who set it) of every name an analyst set."""
    return {e: (m.organisation, m.by) for e, m in organisation_marks(project).items()}


def _organisation(project: Project, external: str) -> str:
    return str(project.scalar("SELECT organisation FROM respondents WHERE external_id = ?", (external,)))


def test_names_set_in_a_copy_are_merged_with_who_set_them(lead, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made = split.split(lead, ["alice"], tmp_path / "copies")
    copy_path = made.files["alice"]
    with Project.open(copy_path, actor="alice") as copy:
        SetOrganisationName(_rid(copy, "R4"), "Cisco Systems, Inc.").apply(copy)  # corrected
        SetOrganisationName(_rid(copy, "R2"), "").apply(copy)  # answered for no organisation
        at = organisation_marks(copy)["R4"].at
    monkeypatch.setenv("CONSULT_ANALYST", "alice")  # alice herself, in her copy
    assert main(["organisation", str(copy_path), "R1", "Concordia Vox"]) == 0  # confirmed, by the command
    assert "confirmed as it was" in capsys.readouterr().out
    monkeypatch.delenv("CONSULT_ANALYST")
    assert _names(lead) == {}
    out = changes.write_file(changes.from_copy(copy_path), tmp_path / "alice.changes")
    results, _ = merge.merge(lead, [out])
    assert results[0].counts.get("organisation_names_added") == 3 and results[0].conflicts == 0
    assert _names(lead) == {"R4": ("Cisco Systems, Inc.", "alice"), "R2": ("", "alice"),
                            "R1": ("Concordia Vox", "alice")}
    assert organisation_marks(lead)["R4"].at == at
    assert _organisation(lead, "R3") == "Northfield Academy Trust"  # not touched in the copy: as it was
    again, _ = merge.merge(lead, [copy_path])  # the copy itself, after its change file: nothing more
    assert again[0].added_nothing


def test_a_name_the_lead_set_otherwise_since_the_split_is_a_conflict_for_the_lead(lead, tmp_path) -> None:  # type: ignore[no-untyped-def]
    SetOrganisationName(_rid(lead, "R3"), "Northfield Academy").apply(lead)  # set before the split
    SetOrganisationName(_rid(lead, "R2"), "Anytown Council").apply(lead)
    made = split.split(lead, ["alice"], tmp_path / "copies")
    with Project.open(made.files["alice"], actor="alice") as copy:
        SetOrganisationName(_rid(copy, "R1"), "Concordia Vox Pty Ltd").apply(copy)
        SetOrganisationName(_rid(copy, "R4"), "Cisco Systems").apply(copy)
        SetOrganisationName(_rid(copy, "R3"), "Northfield Academy Trust").apply(copy)
        SetOrganisationName(_rid(copy, "R2"), "Anytown Borough Council").apply(copy)
    # the lead, meanwhile: R1 otherwise, R4 the same way, R2 otherwise again; R3 left as it was
    SetOrganisationName(_rid(lead, "R1"), "Concordia Vox Ltd").apply(lead)
    SetOrganisationName(_rid(lead, "R4"), "Cisco Systems").apply(lead)
    SetOrganisationName(_rid(lead, "R2"), "Anytown BC").apply(lead)
    results, _ = merge.merge(lead, [made.files["alice"]])
    assert results[0].conflicts == 2
    assert _names(lead) == {"R1": ("Concordia Vox Ltd", "lena"), "R4": ("Cisco Systems", "lena"),
                            "R3": ("Northfield Academy Trust", "alice"), "R2": ("Anytown BC", "lena")}
    found = {c.key: c for c in conflicts.open_conflicts(lead)}
    assert set(found) == {_rid(lead, "R1"), _rid(lead, "R2")}
    r1 = found[_rid(lead, "R1")]
    assert "R1" in r1.summary and "alice" in r1.summary
    assert (r1.payload["incoming"]["organisation"], r1.payload["lead"]["organisation"]) == \
        ("Concordia Vox Pty Ltd", "Concordia Vox Ltd")
    conflicts.resolve(lead, r1.id, "analyst")
    conflicts.resolve(lead, found[_rid(lead, "R2")].id, "lead")
    assert _names(lead)["R1"] == ("Concordia Vox Pty Ltd", "alice") and _names(lead)["R2"] == ("Anytown BC", "lena")
    again, _ = merge.merge(lead, [made.files["alice"]])  # decided: not asked again
    assert again[0].conflicts == 0 and _names(lead)["R2"] == ("Anytown BC", "lena")
