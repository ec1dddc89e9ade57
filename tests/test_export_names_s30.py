"""Trial 43 (M6): the annex and the redacted respondents table published lists of legislators as organisations ("Mona
Das, Manka Dhingra, Sam Hunt, ...": what was left of a list once the names the first-name list knows were taken out;
"Niraj J. Antani") and held back bodies as "a person's details" ("Smokefree Pennsylvania", "Nebraska Appleseed",
"Nj - Naacp"; "Cleveland Metroparks And Cleveland Metroparks Zoo" was published as "Zoo"). A box holding people's
names, one or a list, with or without titles, is never published; a box with a word no person's name has there (a
place first, an acronym, an everyday word) is."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.export.safety import screen_organisations
from consult_analyser.pipeline.sectors.people_in_names import without_people
from consult_analyser.pipeline.sectors.rules import SectorRules


@pytest.mark.parametrize(("field", "kept"), [
    # a list of people, some of whose first names no list holds: all of it goes
    ("Andy Billwell;Annette Clevedon;Mona Dassel;Manka Dhingrell;Sam Huntley;John Mccoyne;Guy Palumbri", ""),
    ("Nanette Diaz Barrow;David Pricewell;Salud Carbajon;Ro Khandeval;Markdesaulnay;A. Donald Mceachran", ""),
    ("Jeffrey A. Merkwell; Richard J.durbank; Sherrod Brownlow; Angus S. Kingsley, Jr.; Kyrsten Sinnott", ""),
    ("Katie Portwell; Jesus G. “Chuy” Garciano; Pramila Jayapur Congressman Mike Quiglett; Robin Kellow", ""),
    # titled, one or several, the office of a place before them
    ("Representatives Robert C. Scottwell, Alma S. Adamson, Joseph P. Kennard Iii, Danny K. Davison", ""),
    ("Massachusetts State Senators Julian Cyrus, Paul Feeley, Massachusetts State Representatives Paul Brodell", ""),
    ("State Attorney Generals Maura Healing, Letitia Jameson, Tj Donavan", ""),
    ("Governor Of Michigan Hedda Marlowe", ""),
    ("Washington State Governor Jay Tillbrook", ""),
    ("Niraj J. Antarin", ""),
    ("William C. Smithers, Jr.", ""),
    ("F/V Barbara L. Petersen", ""),
    # a person beside a body, or holding its office: the body alone
    ("Aubery L. Hulwick, Farmers National Bank", "Farmers National Bank"),
    ("The Honorable Terry E. Mcdonnell, Mayor, City Of New Haven - Comments", "City Of New Haven"),
    # bodies, whole
    ("Cleveland Metroparks And Cleveland Metroparks Zoo", "Cleveland Metroparks And Cleveland Metroparks Zoo"),
    ("Governor Of Utah", "Governor Of Utah"),
    ("Rural County Representatives Of California", "Rural County Representatives Of California"),
    ("Mayor Of Jersey City, Nj", "Mayor Of Jersey City, Nj"),
    ("Alderman, Devorsetz And Hora Law", "Alderman, Devorsetz And Hora Law"),
    ("Texas A&M Forest Service", "Texas A&M Forest Service"),
    ("Oregon Cattlemen's Association;Oregon Farm Bureau", "Oregon Cattlemen's Association;Oregon Farm Bureau"),
])
def test_people_in_an_organisation_box_go_whole(field: str, kept: str) -> None:
    assert without_people(field, SectorRules.default()) == kept


def test_bodies_are_published_and_people_held_back() -> None:
    bodies = ["Smokefree Pennsylvania", "Nebraska Appleseed", "Nj - Naacp", "Ohio - Naacp", "Freedom House Et Al",
              "Minnesota Climategen", "California Trout"]
    people = ["Niraj J. Antarin", "Tamsin Oduya", "Sherrod Brown", "Charles Combs Et Al.", "Mr Okafor",
              "Alan Mcpherson", "Bonnie Macraith", "Residents Group - Okafor"]
    assert screen_organisations(bodies + people) == set(people)


def _survey(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Respondent ID", "Name of organisation (if responding on behalf of one)", "Respondent type",
                         "Your comments on the proposed rule"])
        writer.writerows([i, org, kind, f"We write about the proposed rule and its effects, comment {i}."]
                         for i, org, kind in rows)
    return path


def test_the_annex_and_the_redacted_table_publish_bodies_never_people(tmp_path: Path) -> None:
    from consult_analyser.export.csv_export import export_csv
    from consult_analyser.export.safety import responding_organisations
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store.project import Project

    rows = [("R1", "Andy Billwell;Annette Clevedon;Mona Dassel;Manka Dhingrell;Sam Huntley", "Elected"),
            ("R2", "Representatives Virginia Quayle, Lamar Pendergast, Bradley Byrnes", "Elected"),
            ("R3", "Niraj J. Antarin", "Elected"),
            ("R4", "Smokefree Pennsylvania", "Org"), ("R5", "Nebraska Appleseed", "Org"),
            ("R6", "Nj - Naacp", "Org"), ("R7", "Cleveland Metroparks And Cleveland Metroparks Zoo", "Org"),
            ("R8", "Aubery L. Hulwick, Farmers National Bank", "Corp"), ("R9", "Portland Cement Association", "Org"),
            ("R10", "", "Individual")]
    out = tmp_path / "respondents.csv"
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [_survey(tmp_path / "b.csv", rows)])
        classify_project(project)
        listed, held = responding_organisations(project, screen=True)
        export_csv(project, out, "respondents", redact=True)
    names = {r.organisation for r in listed}
    assert names == {"Smokefree Pennsylvania", "Nebraska Appleseed", "Nj - Naacp", "Portland Cement Association",
                     "Cleveland Metroparks And Cleveland Metroparks Zoo", "Farmers National Bank"}, names
    assert {r.external_id for r in held} == {"R1", "R2", "R3"}
    published = {r["respondent_id"]: r["organisation"] for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert published["R4"] == "Smokefree Pennsylvania" and published["R8"] == "Farmers National Bank"
    assert published["R1"] == published["R2"] == published["R3"] == ""
    text = out.read_text(encoding="utf-8-sig")
    for person in ("Dassel", "Dhingrell", "Quayle", "Pendergast", "Antarin", "Hulwick"):
        assert person not in text
