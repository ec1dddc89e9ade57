"""Organisation fields: a person's name or contact details typed there are held back from the
published list; the names of real organisations, whatever their language, are not."""

from __future__ import annotations

from consult_analyser.export.safety import screen_organisations

ORGANISATIONS = ["Avon and Somerset Constabulary", "London Borough of Tower Hamlets", "Jamia Masjid Bilal Basingstoke",
                 "Gurdwara Sahib Bristol", "Sri Guru Singh Sabha Blackburn", "Inverness Hindu Temple",
                 "Healthwatch Walsall", "Humberside Police", "St Thomas' Hospital", "Church of England"]
PEOPLE = ["Priya Shah", "david jones", "Sarah O'Connor 07700 900123", "m.okonkwo@example.org",
          "Margaret Okonkwo-Reilly"]


def test_people_are_held_back_and_organisations_are_not():
    assert screen_organisations(ORGANISATIONS + PEOPLE) == set(PEOPLE)


def test_a_commenters_name_in_the_organisation_box_is_held_back_and_a_tribe_or_firm_listed(tmp_path):
    """regulations.gov: some mass comments give a person ("David Wieland,") as the organisation, beside
    the commenter's own name fields; legal forms and tribes are organisations."""
    from consult_analyser.export.safety import responding_organisations
    from tests.conftest import regulations_gov_project

    rows = [("D1", "Ada", "Quill", "Daniel Wexford,", "State Government"),
            ("D2", "Ben", "Rook", "Oneida Nation", "Tribal Government"),
            ("D3", "Cy", "Lark", "Frost Brown Todd Llc", "Private Industry"),
            ("D4", "Di", "Moss", "Texas Senate", "State Government")]
    project = regulations_gov_project(tmp_path, rows)
    try:
        listed, held = responding_organisations(project, screen=True)
    finally:
        project.close()
    assert {r.organisation for r in listed} == {"Oneida Nation", "Frost Brown Todd Llc", "Texas Senate"}
    assert {r.organisation for r in held} == {"Daniel Wexford,"}


def test_a_declared_organisation_naming_a_person_is_listed_without_them(tmp_path):
    """A submitter column with declared types: an office's name is listed; a person's name beside
    their firm's is taken out and the firm listed (it had been left out of the sheet without a word,
    then held back whole)."""
    from consult_analyser.export.safety import responding_organisations
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store.project import Project

    rows = [("S1", "Office of the Regional Ombudsman", "Government"),
            ("S2", "Tomasz Wielgosz and the Quillfeather Institute", "Company"),
            ("S3", "Harbourside Data Trust", "NGO"), ("S4", "Ines Varga", "Individual"),
            ("S5", "Ruth Abara", "Individual"), ("S6", "Kellsbridge Parish Council", "Government")]
    path = tmp_path / "submissions.csv"
    path.write_text("Submission ID,Submitter,Respondent type,Response\n" + "".join(
        f"{i},{name},{kind},Our view on the proposals in section {i} is set out here at length\n"
        for i, name, kind in rows), encoding="utf-8")
    with Project.create(tmp_path / "s.consult") as project:
        import_files(project, [path])
        classify_project(project)
        listed, held = responding_organisations(project, screen=True)
    assert {r.organisation for r in listed} >= {"Office of the Regional Ombudsman", "Harbourside Data Trust"}
    assert "The Quillfeather Institute" in {r.organisation for r in listed}
    assert not any("Wielgosz" in r.organisation for r in listed + held)


def test_a_dockets_people_notes_and_numbered_entries_are_never_listed(tmp_path):
    """A trial's annex, from a docket's commenter column with a declared type, listed "Charles Combs Et Al.",
    "Becky" (what was left of "Becky & Brian Smith"), 48 entries "2333 Rando" ... and clerks' notes such as
    "Duplicate, Comment Was Entered Two Times." and "Organization Unknown 4" as organisations."""
    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.safety import responding_organisations
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.orgnames import listed_organisations
    from consult_analyser.store.project import Project

    rows = [("C1", "Charles Combs Et Al.", "Mass"), ("C2", "Becky & Brian Smith", "Mass"),
            ("C3", "2333 Rando", "Mass"), ("C4", "2334 Rando", "Mass"), ("C5", "2335 Rando", "Mass"),
            ("C6", "Duplicate, Comment Was Entered Two Times.", "Mass"), ("C7", "Organization Unknown 4", "Corp"),
            ("C8", "Mass Comment Campaign Sponsoring Organization Unknown. Sample Attached (Email)", "Ngo"),
            ("C9", "Sierra Club Et Al.", "Ngo"), ("C10", "Harbourside Data Trust", "Ngo"),
            ("C11", "Steph Lady Et Al. (Late)", "Mass"), ("C12", "Incomplete Information", "Mass")]
    path = tmp_path / "docket.csv"
    path.write_text("document_id,commenter,org_type,comment_text\n" + "".join(
        f"{i},\"{name}\",{kind},We have views on the proposed rule and set them out for the agency {i}\n"
        for i, name, kind in rows), encoding="utf-8")
    with Project.create(tmp_path / "d.consult") as project:
        import_files(project, [path])
        listed, _held = responding_organisations(project, screen=True)
        names = {e.name for e in listed_organisations((r.organisation, r.sector) for r in listed)}
        export_annex(project, tmp_path / "annex.xlsx", redact=True)
    assert names == {"Sierra Club Et Al.", "Harbourside Data Trust"}


def test_names_in_text_capitalised_throughout_need_a_first_name():
    """Text exported in Title Case: "Removing The Gray Wolf (Canis Lupus)" was published as "Removing [name]
    ([name])"; a name under a date a PDF glued to it ("2016lisa A. Maier") was published whole."""
    from consult_analyser.export.safety import make_redactor

    texts = ["Endangered And Threatened Wildlife And Plants; Removing The Gray Wolf (Canis Lupus) From The List. "
             "Attached You Will Find A Comment Letter Opposing The Gray Wolf Delisting.",
             "Hearing Transcript For February 29, 2016lisa A. Maier, Md, National Jewish Health",
             "I Am Writing On Behalf Of Myself And My Family. Sincerely, Robert Johnson, Denver Colorado"]
    wolf, transcript, letter = make_redactor(True)(texts)
    assert wolf == texts[0]
    assert "Maier" not in transcript and "lisa" not in transcript.lower()
    assert "Robert Johnson" not in letter and "[name]" in letter
