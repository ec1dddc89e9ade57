"""Trial 43 (m1): on a form whose organisation column says it is for those responding on behalf of one ("Name of
organisation (if responding on behalf of one)"), a blank cell means the respondent answered as an individual; the app
left all 90 such respondents with no side. At import they are individuals, and the import summary says why; a
respondent type or a declared type still says the side where given, and a blank plain "Organisation" box decides
nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.ingest.header_roles import conditional_organisation
from consult_analyser.ingest.wide import WideTableReader


@pytest.mark.parametrize(("header", "conditional"), [
    ("Name of organisation (if responding on behalf of one)", True),
    ("Organisation (if applicable)", True),
    ("Organisation, if any", True),
    ("(Optional) Organisation you represent", True),
    ("If you are responding on behalf of an organisation, please tell us its name", True),
    ("Organisation name", False),
    ("Organisation", False),
    ("Organization Name", False),
    ("Company", False),
])
def test_a_conditional_organisation_header(header: str, conditional: bool) -> None:
    assert conditional_organisation(header) is conditional


def _read(tmp_path: Path, header: list[str], rows: list[list[str]]):  # noqa: ANN202 - (respondents by id, notes)
    path = tmp_path / "form.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    batch = WideTableReader().read(path)
    return {r.external_id: r for r in batch.respondents}, batch.warnings


def test_a_blank_conditional_box_is_an_individuals_answer(tmp_path: Path) -> None:
    header = ["Respondent ID", "Name of organisation (if responding on behalf of one)", "Respondent type",
              "Your comments on the proposed rule"]
    rows = [["R1", "Harbourside Data Trust", "", "We support the rule in the main."],
            ["R2", "", "", "I oppose this rule as a resident."],
            ["R3", "N/A", "", "I have concerns about the costs."],
            ["R4", "", "Org", "Our members asked us to write."],  # the type says otherwise
            ["R5", "", "Mass", "Please stop this rule now."],  # a declared type: the sectors step reads it
            ["R6", "", "Individual", "I agree with the proposal."]]
    found, notes = _read(tmp_path, header, rows)
    sides = {rid: r.is_organisation for rid, r in found.items()}
    assert sides == {"R1": True, "R2": False, "R3": False, "R4": True, "R5": None, "R6": False}
    assert found["R2"].declared_type == "" and found["R2"].organisation == ""
    note = next(n for n in notes if "left 'Name of organisation (if responding on behalf of one)' blank" in n)
    assert note.startswith("form.csv: 2 respondents") and "counted as answering as individuals" in note


def test_a_blank_plain_organisation_box_decides_nothing(tmp_path: Path) -> None:
    header = ["Respondent ID", "Organisation name", "Your comments on the proposed rule"]
    rows = [["R1", "Harbourside Data Trust", "We support the rule in the main."],
            ["R2", "", "I oppose this rule as a resident."]]
    found, notes = _read(tmp_path, header, rows)
    assert found["R2"].is_organisation is None and found["R1"].is_organisation is True
    assert not any("counted as answering as individuals" in n for n in notes)


def test_the_sector_step_files_them_as_individuals(tmp_path: Path) -> None:
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store import reporting
    from consult_analyser.store.project import Project

    path = tmp_path / "form.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Respondent ID", "Name of organisation (if responding on behalf of one)",
                         "Your comments on the proposed rule"])
        writer.writerows([[f"O{i}", name, f"Our organisation supports the proposed rule, for reason {i} of many."]
                          for i, name in enumerate(["Harbourside Data Trust", "Kellsbridge Parish Council",
                                                    "Northshire Fire and Rescue Service"])])
        writer.writerows([[f"P{i}", "", text] for i, text in enumerate([
            "I am writing as a resident: the rule would raise my costs.", "Please withdraw this rule, it harms us.",
            "The proposal is sensible and I support it fully.", "I worry about the effect on local jobs here."])])
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        classify_project(project)
        organisations, individuals, unknown = reporting.respondent_kinds(project)
    assert (organisations, individuals, unknown) == (3, 4, 0)
