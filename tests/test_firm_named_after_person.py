"""A firm named after a person ("Gerard J. Quinn & Associates, LLC", "Ann Lee & Partners") is a firm: the published
list of organisations never prints the remnant left once the person's name is taken out ("Associates, LLC"); it
lists the firm whole for a respondent who answered as that firm, else holds it back for review."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.pipeline.sectors.people_in_names import without_people
from consult_analyser.pipeline.sectors.rules import SectorRules


@pytest.mark.parametrize(("field", "kept"), [
    ("Hollis K. Brandt & Associates, LLC", "Hollis K. Brandt & Associates, LLC"),
    ("Maria Keller & Partners", "Maria Keller & Partners"),
    ("Michael Paton, LLC", "Michael Paton, LLC"),
    ("Smith & Co", "Smith & Co"),
    # a person beside a body of another name: the body alone, as before
    ("Michael Paton / YawLife Pty Ltd", "YawLife Pty Ltd"),
    ("Dr Catherine Singh, Centre for Social Cohesion", "Centre for Social Cohesion"),
])
def test_a_firm_named_after_a_person_keeps_its_name(field: str, kept: str) -> None:
    assert without_people(field, SectorRules.default()) == kept


def test_the_published_list_never_prints_a_firms_remnant(tmp_path: Path) -> None:
    from consult_analyser.export.safety import responding_organisations
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    path = tmp_path / "survey.csv"
    path.write_text(
        "Response ID,Full name,Are you responding as an individual or on behalf of an organisation?,"
        "Organisation name,Please explain your views\n"
        "R1,Hollis Brandt,On behalf of an organisation,\"Hollis K. Brandt & Associates, LLC\",Our firm supports the "
        "proposal on the whole.\n"
        "R2,Tom Ash,As an individual,\"Maria Keller & Partners\",I oppose the plan for my street.\n", encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        listed, held = responding_organisations(project, screen=True)
    names = [r.organisation for r in listed + held]
    assert not any(n.startswith(("Associates", "Partners", "&")) or n in {"LLC", "Associates, LLC"} for n in names)
    assert "Hollis K. Brandt & Associates, LLC" in {r.organisation for r in listed}  # answered as the firm
    assert "Maria Keller & Partners" not in {r.organisation for r in listed}  # an individual's box: for review
