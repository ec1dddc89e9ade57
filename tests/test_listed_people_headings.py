"""The Organisations sheet lists organisations, never a private individual (trial 51: 87 entries "Comment Submitted By
<a person>", "Mass Mail Campaign N; Comment Submitted By ..., Total As Of ...", "<surname> <name> Et. Al.47" were listed,
firms such as "<company> Missouri" were held back as people's names, and "4", "School", "New York" were listed).
All names here are made up, of the same shapes."""

from __future__ import annotations

from consult_analyser.export.safety import screen_organisations
from consult_analyser.pipeline.sectors.orgnames import identifies_no_organisation, listed_organisations
from consult_analyser.pipeline.sectors.people_in_names import without_heading, without_people
from consult_analyser.pipeline.sectors.rules import SectorRules


def _docket(tmp_path, names: list[str]):  # type: ignore[no-untyped-def]
    """(listed names, held names) for a docket whose commenter column holds ``names`` as organisations."""
    from consult_analyser.export.safety import responding_organisations
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    path = tmp_path / "docket.csv"
    path.write_text("document_id,commenter,org_type,comment_text\n" + "".join(
        f"{i},\"{name}\",Ngo,We have views on the proposed rule and set them out for the agency {i}\n"
        for i, name in enumerate(names)), encoding="utf-8")
    with Project.create(tmp_path / "d.consult") as project:
        import_files(project, [path])
        listed, held = responding_organisations(project, screen=True)
    return {e.name for e in listed_organisations((r.organisation, r.sector) for r in listed)}, \
        {r.organisation for r in held}


PEOPLE_HEADED = ["Comment Submitted By Orla Pennycook", "Comment Submitted By Wendell Trasker, Na",
                 "Mass Mail Campaign 42b; Comment Submitted By Dorrit Feathersby, Total As Of 8/23/2017; 1,204",
                 "Mass Mail Campaign 7; Comment Submitted By Ysolde Quarrington (Total As Of 9/4/2016; 31)",
                 "Mm Comment Submitted By Jolene Vantreight", "Comments From Rev. Dr. Amos T. Wickliffe",
                 "Comment Of Joy Marram", "Submitted By Karem Oddbody"]


def test_a_submissions_heading_before_a_persons_name_is_held_back_never_listed(tmp_path):
    listed, held = _docket(tmp_path, PEOPLE_HEADED + ["Harbourside Data Trust"])
    assert listed == {"Harbourside Data Trust"}
    assert held == set(PEOPLE_HEADED)


def test_a_submissions_heading_before_an_organisations_name_lists_the_organisation_under_its_own_name(tmp_path):
    names = ["Comments From Kestrel Valley Conservancy", "Submitted By Ohio Consumers",
             "Mass Mail Campaign 12; Comment Submitted By Friends Of The Quillon River, Total As Of 8/23/2017; 88"]
    listed, held = _docket(tmp_path, names)
    assert listed == {"Kestrel Valley Conservancy", "Ohio Consumers", "Friends Of The Quillon River"}
    assert not held


def test_what_a_heading_names():
    assert without_heading("Mass Mail Campaign 9a; Comment Submitted By Dorrit Feathersby, Total As Of 8/23/2017; 4") \
        == "Dorrit Feathersby"
    assert without_heading("Comment Submitted By Wendell Trasker, Na") == "Wendell Trasker"
    assert without_heading("Harbourside Data Trust") == "Harbourside Data Trust"
    rules = SectorRules.default()
    assert without_people("Comment Submitted By Orla Pennycook", rules) == ""
    assert without_people("Comments From Kestrel Valley Conservancy", rules) == "Kestrel Valley Conservancy"


def test_et_al_with_a_clerks_count_after_it_is_a_person_and_others(tmp_path):
    people = ["Pell Tamsin Et. Al.47", "Ormond Mayhew Et. Al. 38", "Quinn Jerold Et.al.ussenate",
              "Max & Ulric Brannagh Et Al.", "Charles Wexby Et Al."]
    listed, held = _docket(tmp_path, people + ["Freedom House Et Al", "Harbourside Data Trust"])
    assert listed == {"Freedom House Et Al", "Harbourside Data Trust"}
    assert held == set(people)
    assert screen_organisations(people) == set(people)


def test_a_number_a_kind_of_body_or_a_state_alone_is_neither_listed_nor_held_as_a_person(tmp_path):
    junk = ["4", "350", "School", "Council", "The Company", "Institute", "New York", "Ohio", "Nevada"]
    listed, held = _docket(tmp_path, junk + ["State Of Ohio", "Ohio Farm Bureau", "Council Of Europe"])
    assert listed == {"State Of Ohio", "Ohio Farm Bureau", "Council Of Europe"}
    assert not held
    rules = SectorRules.default()
    assert all(identifies_no_organisation(j, rules) for j in junk)
    assert not any(identifies_no_organisation(n, rules) for n in ("3M", "Earthjustice", "Shell", "Amazon"))


def test_a_company_named_with_a_state_after_it_is_listed_and_a_person_is_not(tmp_path):
    firms = ["Zentrion Missouri", "Grovaphillips Alaska", "Aft-New Mexico", "Kellamar Energy Texas"]
    people = ["Wendell Trasker", "Orla Pennycook"]
    listed, held = _docket(tmp_path, firms + people)
    assert listed == set(firms)
    assert held == set(people)
    assert screen_organisations(firms + people) == set(people)
