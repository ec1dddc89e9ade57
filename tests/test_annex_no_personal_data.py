"""No planted personal data survives anywhere in a published (redacted) annex: not in quotes, coded
excerpts, the framework matrix, organisations or respondent ids."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from consult_analyser.domain import Theme, ThemeAssignment
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings, theme_runs
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

PLANTED = {
    "name": "Margaret Okonkwo-Reilly",
    "lower-case name": "david jones",
    "apostrophe name": "Sarah O'Connor",
    "NI number": "QQ 12 34 56 C",
    "NHS number": "943 476 5919",
    "date of birth": "14/03/1985",
    "e-mail": "m.okonkwo@example.org",
    "phone": "07700 900123",
}

ANSWERS = [
    "My name is Margaret Okonkwo-Reilly and I am happy to be contacted about English classes for new arrivals.",
    "As david jones said at the meeting, youth clubs need long-term funding, not short pots of money.",
    "Sarah O'Connor from our street runs the food bank; councils should fund such volunteers properly.",
    "My NI number is QQ 12 34 56 C, please record my support for more English classes.",
    "I was born on 14/03/1985 and my NHS number is 943 476 5919; health services should be part of this.",
    "Write to me at m.okonkwo@example.org or call 07700 900123 about funding for youth clubs.",
    "Councils should lead integration work with schools, faith groups and local employers together.",
]


def _project(tmp_path: Path) -> Project:
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "Your name", "Organisation name", "Email address",
                         "Q1. What should be done to build integrated communities?"])
        for n, text in enumerate(ANSWERS):
            writer.writerow([f"R-{n:03d}", "Margaret Okonkwo-Reilly" if n == 0 else "", "", "", text])
        writer.writerow(["m.okonkwo@example.org", "", "Sarah O'Connor 07700 900123", "", "More funding please."])
    project = Project.create(tmp_path / "pii.consult")
    import_files(project, [path])
    question = list_questions(project)[0]
    answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? ORDER BY seq",
                                           (question.id,))]
    code = codebook.create_code(project, "Support")
    for rid in answers:
        codings.add_coding(project, code.id, rid)
    theme = Theme(question.id, "Support for communities", "", model="test")
    theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                    assignments=[ThemeAssignment(theme.id, rid, 0.9, representative=True) for rid in answers])
    return project


def test_no_planted_personal_data_in_any_sheet(tmp_path):  # type: ignore[no-untyped-def]
    project = _project(tmp_path)
    out = tmp_path / "annex.xlsx"
    try:
        result = export_annex(project, out, redact=True, small_counts=0)
    finally:
        project.close()
    assert result.redacted
    workbook = openpyxl.load_workbook(out)
    text = "\n".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Coded excerpts" in workbook.sheetnames
    survived = {kind: value for kind, value in PLANTED.items() if value.lower() in text.lower()}
    assert not survived, f"personal data left in the annex: {survived}"
    # the ordinary words around them stay
    assert "youth clubs" in text and "English classes" in text and "faith groups" in text


def _submissions(path: Path, submitters) -> Path:  # type: ignore[no-untyped-def]
    """A consultation that asks only for the "submitter", one answer each."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Submission", "Submitter", "Q1. What should be done?"])
        for n, name in enumerate(submitters):
            writer.writerow([f"S-{n}", name, "Regulate high-risk uses of AI and fund public education."])
    return path


def _listed_organisations(tmp_path: Path, files: list[Path]) -> set[str]:
    """Import the files one after the other, classify, export the annex: its Organisations sheet's names."""
    from consult_analyser.pipeline.sectors.run import classify_project

    project = Project.create(tmp_path / "sub.consult")
    for path in files:
        import_files(project, [path])
    classify_project(project)
    out = tmp_path / "annex.xlsx"
    export_annex(project, out)
    project.close()
    sheet = openpyxl.load_workbook(out, read_only=True)["Organisations"]
    return {row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row and row[0]}


def test_a_submitter_column_lists_organisations_but_never_people(tmp_path):
    """A consultation that asks only for the "submitter": organisations and people share the name
    column. Names a sector rule knows for an organisation's are listed; people, and organisation
    names with a person's name in them, are not."""
    submitters = ["Monash University", "Australian Retailers Association", "Kristen Migliorini of KomplyAi Pty Ltd",
                  "Jenna Ong", "Margaret Okonkwo-Reilly"]
    listed = _listed_organisations(tmp_path, [_submissions(tmp_path / "submissions.csv", submitters)])
    assert {"Monash University", "Australian Retailers Association"} <= listed
    assert not listed & {"Kristen Migliorini of KomplyAi Pty Ltd", "Jenna Ong", "Margaret Okonkwo-Reilly"}


def test_organisations_that_declared_their_type_are_listed_though_no_rule_knows_their_name(tmp_path):
    """A published list of types named "Quillfeather" and "Brightwater Labs" companies: no rule knows
    those names, and 122 of 253 organisations of a real consultation went unlisted. A person's name
    declared as a company is still kept out."""
    submitters = {"Quillfeather": "Company", "Brightwater Labs": "Company", "Tamsin Oduya": "Company",
                  "Rowan Achterberg": "Individual"}
    types = tmp_path / "types.csv"
    with types.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Submitter", "Type"])
        writer.writerows(submitters.items())
    listed = _listed_organisations(tmp_path, [_submissions(tmp_path / "submissions.csv", submitters), types])
    assert {"Quillfeather", "Brightwater Labs"} <= listed
    assert not listed & {"Tamsin Oduya", "Rowan Achterberg"}


def test_people_named_in_a_us_organisation_field_are_not_published(tmp_path):
    """regulations.gov title-cases the organisation field, and commenters put people in it: a person after
    "And" beside the body, a comment's heading with the commenter's name, an elected official's title and
    name. The body is listed alone; a field of nothing but people is held back, whoever's name it is."""
    from consult_analyser.pipeline.sectors.run import classify_project
    from tests.conftest import regulations_gov_project

    rows = [("D1", "Ada", "Quill", "Ridgeline Against Landfills And Donna Pellworth", "Individual"),
            ("D2", "Ben", "Rook", "Comment From Quorin Bellweather, Rep. Walter J. Brannock", "Individual"),
            ("D3", "Cy", "Lark", "Senator Ruth Calloway", "Federal Government"),
            ("D4", "Di", "Moss", "Rep. Walter J. Brannock", "Federal Government"),
            ("D5", "Ed", "Wren", "Texas Senate", "State Government"),
            ("D6", "Fay", "Dunn", "Oneida Nation", "Tribal Government")]
    project = regulations_gov_project(tmp_path, rows)
    classify_project(project)
    out = tmp_path / "annex.xlsx"
    try:
        export_annex(project, out, redact=True, small_counts=0)
    finally:
        project.close()
    sheet = openpyxl.load_workbook(out, read_only=True)["Organisations"]
    listed = {row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row and row[0]}
    assert {"Ridgeline Against Landfills", "Texas Senate", "Oneida Nation"} <= listed, listed
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    for person in ("Pellworth", "Bellweather", "Brannock", "Calloway", "Comment From"):
        assert person not in text, (person, listed)
