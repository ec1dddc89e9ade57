"""Every common survey-tool export shape imports without a mapping file.

The fixtures are written here, small, after the layouts the tools document for their CSV/Excel
exports (column names, header rows, metadata columns). Each is checked for respondent count,
questions and their kinds, declared types and organisation names; files no rule can read fail
with a message that names the fix.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook

from consult_analyser.domain import QuestionKind
from consult_analyser.errors import IngestError
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.ingest.preview import preview_file
from consult_analyser.store import responses
from consult_analyser.store.project import Project

# Eight respondents: (id, first name, last name, organisation, declared type, individual?, support, why)
PEOPLE = [
    ("1001", "Ann", "Example", "", "Individual", True, "Yes", "It would make the high street safer for children."),
    ("1002", "Raj", "Patel", "Anytown Borough Council", "Local authority", False, "No",
     "The council cannot fund the scheme without extra money from government."),
    ("1003", "Li", "Wong", "Green Streets Trust", "Charity", False, "Yes",
     "Cleaner air matters to the families we support, and the evidence is strong."),
    ("1004", "Bo", "Smith", "", "Individual", True, "Not sure", "I need to know more about the costs first."),
    ("1005", "Eve", "Jones", "Acme Haulage Ltd", "Business", False, "No",
     "Our lorries would need new routes and that raises prices for customers."),
    ("1006", "Sam", "Brown", "", "Individual", True, "Yes", "Buses would run on time for once."),
    ("1007", "Ola", "Nowak", "Northfield University", "Academic", False, "Yes",
     "Our research on low-traffic areas supports the proposal."),
    ("1008", "Kim", "Lee", "", "Individual", True, "No", "I drive to work and there is no other way."),
]
ORG_NAMES = {p[0]: p[3] for p in PEOPLE}
TYPES = {p[0]: p[4] for p in PEOPLE}


@dataclass
class Shape:
    name: str
    write: object  # (folder) -> Path
    respondents: int = 8
    open_questions: int = 1
    closed_questions: int = 1
    hybrid_questions: int = 0
    declared: bool = True
    organisations: bool = True
    ids: bool = True  # the respondents' ids are the tool's ids (PEOPLE[0])
    notes: list[str] = field(default_factory=list)  # words expected in the batch's warnings


def _csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _xlsx(path: Path, sheets: dict[str, list[list[object]]], merge: list[str] | None = None) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in merge or []:
            if title == "Responses":
                sheet.merge_cells(cells)
    workbook.save(path)
    return path


def citizen_space(folder: Path) -> Path:
    header = ["Response ID", "Submitted on", "Are you responding as an individual or on behalf of an organisation?",
              "What is your name?", "What is your organisation?", "What is your email address?",
              "Which of the following best describes your organisation?",
              "1. Do you support the proposal?", "1. Please explain your answer"]
    rows = [[p[0], "2024-05-01 10:00", "Individual" if p[5] else "Organisation", f"{p[1]} {p[2]}", p[3],
             f"{p[1].lower()}@example.org", "" if p[5] else p[4], p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "citizen_space.csv", [header, *rows])


def smartsurvey(folder: Path) -> Path:
    header = ["UserID", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended",
              "1. Type of organisation", "2. Organisation name (if applicable)", "3. Do you support the proposal?",
              "4. Why?"]
    rows = [[p[0], f"{p[1]} {p[2]}", "", "10.0.0.1", "", "01/05/2024 10:00", "01/05/2024 10:05", p[4], p[3], p[6],
             p[7]] for p in PEOPLE]
    return _csv(folder / "smartsurvey.csv", [header, *rows])


def surveymonkey(folder: Path) -> Path:
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
           "Last Name", "Custom Data 1", "Which of the following best describes you?", "Organisation name",
           "Do you support the proposal?", "Why?"]
    sub = ["", "", "", "", "", "", "", "", "", "Response", "Open-Ended Response", "Response", "Open-Ended Response"]
    rows = [[f"11{p[0]}", "4321", "05/01/2024 10:00:00 AM", "05/01/2024 10:04:00 AM", "10.0.0.1", "", p[1], p[2], "",
             p[4], p[3], p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "surveymonkey.csv", [top, sub, *rows])


QUALTRICS_META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                  "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                  "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
QUALTRICS_TEXT = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
                  "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
                  "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
                  "Distribution Channel", "User Language"]


def qualtrics(folder: Path) -> Path:
    ids = [*QUALTRICS_META, "Q1", "Q2", "Q3", "Q4"]
    texts = [*QUALTRICS_TEXT, "Which best describes your organisation?", "What is the name of your organisation?",
             "Do you support the proposal?", "Please explain your answer."]
    imports = [json.dumps({"ImportId": c}) for c in QUALTRICS_META] + [json.dumps({"ImportId": f"QID{i}"})
                                                                       for i in range(1, 5)]
    rows = [["2024-05-01 10:00:00", "2024-05-01 10:04:00", "IP Address", "10.0.0.1", "100", "240", "True",
             "2024-05-01 10:04:01", f"R_{p[0]}", "", "", "", "", "51.5", "-0.1", "anonymous", "EN", p[4], p[3], p[6],
             p[7]] for p in PEOPLE]
    return _csv(folder / "qualtrics.csv", [ids, texts, imports, *rows])


def qualtrics_legacy(folder: Path) -> Path:
    ids = [f"V{i}" for i in range(1, 11)] + ["Q1", "Q2", "Q3"]
    texts = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
             "StartDate", "EndDate", "Finished", "Type of organisation", "Do you support the proposal?",
             "Please explain your answer"]
    rows = [[f"R_{p[0]}", "Default Response Set", "Anonymous", "", "", "10.0.0.1", "0", "2024-05-01 10:00:00",
             "2024-05-01 10:04:00", "1", p[4], p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "qualtrics_legacy.csv", [ids, texts, *rows])


def microsoft_forms(folder: Path) -> Path:
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
              "Respondent type", "Organisation name (if applicable)", "Do you support the proposal?", "Why?"]
    rows = [[int(p[0]), "5/1/24 10:00:00", "5/1/24 10:04:00", "anonymous", "", "", p[4], p[3], p[6], p[7]]
            for p in PEOPLE]
    return _xlsx(folder / "microsoft_forms.xlsx", {"Sheet1": [header, *rows]})


def google_forms(folder: Path) -> Path:
    header = ["Timestamp", "Email address", "What is your name?", "Organisation name (if applicable)",
              "Which best describes you?", "Do you support the proposal?", "Please explain your answer"]
    rows = [[f"01/05/2024 10:0{i}:00", "", f"{p[1]} {p[2]}", p[3], p[4], p[6], p[7]] for i, p in enumerate(PEOPLE)]
    return _csv(folder / "google_forms.csv", [header, *rows])


def jotform(folder: Path) -> Path:
    header = ["Submission Date", "Full Name", "E-mail", "Organisation", "Type of organisation",
              "Do you support the proposal?", "Please explain", "Submission ID"]
    rows = [["May 1, 2024", f"{p[1]} {p[2]}", "", p[3], p[4], p[6], p[7], p[0]] for p in PEOPLE]
    return _csv(folder / "jotform.csv", [header, *rows])


def typeform(folder: Path) -> Path:
    header = ["#", "What is your name?", "Which organisation do you represent?", "What type of organisation is it?",
              "Do you support the proposal?", "Why?", "Response Type", "Start Date (UTC)", "Stage Date (UTC)",
              "Submit Date (UTC)", "Network ID", "Tags"]
    rows = [[f"tok{p[0]}", f"{p[1]} {p[2]}", p[3], p[4], p[6], p[7], "completed", "2024-05-01 10:00:00", "",
             "2024-05-01 10:04:00", "a1b2c3", ""] for p in PEOPLE]
    return _csv(folder / "typeform.csv", [header, *rows])


def limesurvey(folder: Path) -> Path:
    """LimeSurvey's export with question codes as headings: its own record of each visit, the
    respondent type with its "Other" box, and a list question with a comment box."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
              "respondenttype", "respondenttype[other]", "orgname", "q1", "q1comment", "interviewtime", "groupTime12"]
    rows = [[p[0], "2024-05-01 10:04:00", "2", "en", "1480227", "2024-05-01 10:00:00", "2024-05-01 10:04:00", "",
             p[4], "", p[3], p[6], p[7], "241.5", "120.2"] for p in PEOPLE]
    return _csv(folder / "results-survey451.csv", [header, *rows])


def alchemer(folder: Path) -> Path:
    """Alchemer (SurveyGizmo): the tool's record of each visit before the questions."""
    header = ["Response ID", "Time Started", "Date Submitted", "Status", "Contact ID", "Legacy Comments", "Language",
              "Referer", "SessionID", "User Agent", "Tags", "IP Address", "Longitude", "Latitude", "Country", "City",
              "State/Region", "Postal", "Organisation name", "Type of organisation", "Do you support the proposal?",
              "Please explain your answer"]
    rows = [[p[0], "May 01, 2024 10:00:02 am", "May 01, 2024 10:04:12 am", "Complete", "", "", "English",
             "https://example.gov.uk/consult", f"17146{p[0]}-5f3a", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "",
             f"81.2.69.{p[0][-2:]}", "-1.55", "53.80", "United Kingdom", "Leeds", "England", "LS1",
             p[3], p[4], p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "alchemer.csv", [header, *rows])


HYS_TYPES = {"Individual": "EU_CITIZEN", "Local authority": "PUBLIC_AUTHORITY", "Charity": "NGO",
             "Business": "COMPANY", "Academic": "ACADEMIC_RESEARCH_INSTITUTION"}


def have_your_say(folder: Path) -> Path:
    header = ["id", "language", "country", "organization", "surname", "firstName", "userType", "companySize",
              "trNumber", "feedback", "dateFeedback", "publication", "referenceInitiative"]
    rows = [[p[0], "EN", "BEL", p[3], p[2], p[1], HYS_TYPES[p[4]], "" if p[5] else "SMALL", "", p[7],
             "2024/05/01 10:00:00", "WITHINFO", "PLAN-2024-1"] for p in PEOPLE]
    return _csv(folder / "have_your_say.csv", [header, *rows])


def regulations_gov(folder: Path) -> Path:
    header = ["Document ID", "Agency ID", "Docket ID", "Tracking Number", "Document Type", "Posted Date",
              "Is Withdrawn?", "Title", "Received Date", "First Name", "Last Name", "City", "State/Province",
              "Zip/Postal Code", "Country", "Organization Name", "Submitter Representative", "Government Agency",
              "Government Agency Type", "Comment", "Category"]
    rows = [[f"EPA-HQ-2024-0001-{p[0]}", "EPA", "EPA-HQ-2024-0001", f"trk-{p[0]}", "Public Submission", "2024-05-02",
             "false", f"Comment from {p[1]} {p[2]}", "2024-05-01", p[1], p[2], "Springfield", "IL", "62701",
             "United States", p[3], "", "", "", p[7], p[4]] for p in PEOPLE]
    return _csv(folder / "regulations_gov.csv", [header, *rows])


def long_sorted_by_question(folder: Path) -> Path:
    rows = [["respondent_id", "question", "answer"]]
    rows += [[p[0], "Q1 Do you support the proposal?", p[6]] for p in PEOPLE]
    rows += [[p[0], "Q2 Please explain your answer", p[7]] for p in PEOPLE[:2]]
    return _csv(folder / "long_by_question.csv", rows)


def title_block_xlsx(folder: Path) -> Path:
    header = ["Response ID", "Organisation name", "Type of respondent", "Do you support the proposal?", "Why?"]
    data = [[p[0], p[3], p[4], p[6], p[7]] for p in PEOPLE]
    about = [["This workbook holds the responses to the clean air consultation."], ["Published May 2024"]]
    return _xlsx(folder / "title_block.xlsx", {
        "About": about,
        "Responses": [["Clean air zone consultation: responses"], ["Exported 3 May 2024"], [], header, *data],
        "Summary": [["Support", "Count"], ["Yes", 4], ["No", 3], ["Not sure", 1]],
    })


def merged_header_xlsx(folder: Path) -> Path:
    top = ["Response ID", "Organisation", "Respondent type", "Proposal A", None]
    sub = [None, None, None, "Do you agree?", "Why?"]
    data = [[p[0], p[3], p[4], p[6], p[7]] for p in PEOPLE]
    return _xlsx(folder / "merged.xlsx", {"Responses": [top, sub, *data]}, merge=["D1:E1"])


def grouped_questions_xlsx(folder: Path) -> Path:
    """A team's master workbook: a title, then question texts merged over "Response" and "Comments"
    columns that repeat under every question, narrower than the header row below them."""
    group = ["About you", None, None, "Q1. Do you support the proposal?", None, "Q2. Anything else?"]
    header = ["Ref", "Organisation", "Respondent type", "Response", "Comments", "Comments"]
    data = [[p[0], p[3], p[4], p[6], p[7], ""] for p in PEOPLE]
    return _xlsx(folder / "master.xlsx", {"Responses": [["Clean air consultation: all responses"], [], group, header,
                                                        *data]}, merge=["A3:C3", "D3:E3"])


def french_semicolon(folder: Path) -> Path:
    header = ["Identifiant", "Nom", "Nom de l'organisation", "Type de répondant", "Courriel",
              "Q1. Êtes-vous favorable à la proposition ?", "Q1. Pourquoi ?"]
    rows = [[p[0], p[1], p[3], p[4], "", p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "reponses.csv", [header, *rows], delimiter=";", encoding="cp1252")


def german_tabs(folder: Path) -> Path:
    header = ["ID", "Vorname", "Nachname", "Name der Organisation", "Art der Organisation", "Unterstützen Sie den "
              "Vorschlag?", "Bitte begründen Sie Ihre Antwort"]
    rows = [[p[0], p[1], p[2], p[3], p[4], p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "antworten.tsv", [header, *rows], delimiter="\t")


def snake_case_types(folder: Path) -> Path:
    header = ["respondent_id", "org_name", "org_type", "support", "comment_text"]
    rows = [[p[0], p[3], p[4], p[6], p[7]] for p in PEOPLE]
    return _csv(folder / "snake.csv", [header, *rows])


# a closed question followed by "Why?" / "Please explain your answer" is one hybrid question
WHY_FOLLOWS = {"closed_questions": 0, "open_questions": 0, "hybrid_questions": 1}

SHAPES = [
    Shape("Citizen Space", citizen_space, **WHY_FOLLOWS),
    Shape("SmartSurvey", smartsurvey, **WHY_FOLLOWS),
    Shape("SurveyMonkey (two header rows)", surveymonkey, **WHY_FOLLOWS, ids=False, notes=["SurveyMonkey"]),
    Shape("Qualtrics (three header rows)", qualtrics, **WHY_FOLLOWS, ids=False, notes=["Qualtrics"]),
    Shape("Qualtrics legacy (V1..Vn)", qualtrics_legacy, **WHY_FOLLOWS, organisations=False, ids=False, notes=["legacy"]),
    Shape("Microsoft Forms (xlsx)", microsoft_forms, **WHY_FOLLOWS),
    Shape("Google Forms (no id)", google_forms, **WHY_FOLLOWS, ids=False, notes=["no respondent id"]),
    Shape("JotForm", jotform, **WHY_FOLLOWS),
    Shape("Typeform", typeform, **WHY_FOLLOWS, ids=False),
    Shape("LimeSurvey (question codes)", limesurvey, **WHY_FOLLOWS),
    Shape("Alchemer (SurveyGizmo)", alchemer, **WHY_FOLLOWS),
    Shape("EU Have your say", have_your_say, declared=False, closed_questions=0),  # declared as the portal's codes, checked below
    Shape("regulations.gov", regulations_gov, ids=False, closed_questions=0),  # State/Province is where, not a question
    Shape("long table sorted by question", long_sorted_by_question, declared=False, organisations=False,
          open_questions=1, closed_questions=1),
    Shape("title rows and several sheets (xlsx)", title_block_xlsx, **WHY_FOLLOWS, notes=["title row", "sheet 'Responses'"]),
    Shape("merged header cells (xlsx)", merged_header_xlsx, **WHY_FOLLOWS, notes=["merged"]),
    Shape("question texts merged over repeated columns (xlsx)", grouped_questions_xlsx, closed_questions=0,
          open_questions=1, hybrid_questions=1, notes=["question texts over their columns"]),
    Shape("French, semicolons, cp1252", french_semicolon, **WHY_FOLLOWS,
          notes=["semicolons"]),
    Shape("German, tabs", german_tabs, **WHY_FOLLOWS, notes=["tabs"]),
    Shape("snake_case org_type", snake_case_types),
]


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_export_shape_imports_without_a_mapping(shape: Shape, project, tmp_path):
    path = shape.write(tmp_path)  # type: ignore[operator]
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert len(people) == shape.respondents, [p.external_id for p in people]
    kinds = [q.kind for q in batch.questions]
    assert kinds.count(QuestionKind.OPEN) == shape.open_questions, batch.columns
    assert kinds.count(QuestionKind.CLOSED) == shape.closed_questions, batch.columns
    assert kinds.count(QuestionKind.HYBRID) == shape.hybrid_questions, batch.columns
    if shape.ids:
        assert [p.external_id for p in people] == [p[0] for p in PEOPLE]
    if shape.declared:
        assert [p.declared_type for p in people if p.declared_type] == \
               [p[4] for p in PEOPLE if shape.name != "Citizen Space" or not p[5]], batch.columns
    if shape.organisations:
        assert [p.organisation for p in people] == [p[3] for p in PEOPLE], batch.columns
    for word in shape.notes:
        assert any(word in w for w in batch.warnings), batch.warnings
    result = import_files(project, [path])
    assert result.respondents == shape.respondents


def test_have_your_say_declares_the_portal_types(project, tmp_path):
    path = have_your_say(tmp_path)
    import_files(project, [path])
    council = responses.respondent(project, "1002")
    assert (council.declared_type, council.organisation, council.is_organisation) == \
           ("PUBLIC_AUTHORITY", "Anytown Borough Council", True)
    citizen = responses.respondent(project, "1001")
    assert citizen.declared_type == "EU_CITIZEN" and citizen.is_organisation is False
    assert citizen.name == "Ann Example"  # first name first, whatever order the portal's columns come in


def test_have_your_say_stray_quotes_refuse_or_skip(project, tmp_path):
    path = have_your_say(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Green Streets Trust", 'Green "Streets" Trust', 1).replace(',Green', ',"Green', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        import_files(project, [path])
    message = str(info.value)
    assert "have_your_say.csv, line 4" in message and "--skip-bad-rows" in message
    assert project.scalar("SELECT COUNT(*) FROM respondents") == 0
    result = import_files(project, [path], skip_bad_rows=True)
    assert result.respondents == 7
    assert [(line, "malformed" in why) for _f, line, why in result.skipped_rows] == [(4, True)]
    record = json.loads(project.scalar("SELECT counts FROM imports"))
    assert record["skipped_rows"][0][0] == 4


def test_a_file_no_rule_can_read_names_the_fix(tmp_path):
    path = _csv(tmp_path / "only_ids.csv", [["Response ID", "Submitted on"], ["1", "2024-05-01"], ["2", "2024-05-02"]])
    with pytest.raises(IngestError, match="--mapping"):
        parse_file(path)
    preview = preview_file(path)
    assert "--mapping" in preview.error


def test_two_columns_and_tabs_no_longer_crash(tmp_path):
    two = _csv(tmp_path / "two.csv", [["id", "comment"], *[[p[0], p[7]] for p in PEOPLE]])
    assert [q.kind for q in parse_file(two).questions] == [QuestionKind.OPEN]
    tab = _csv(tmp_path / "long.tsv", [["id", "question", "answer"], *[[p[0], q, p[7]] for p in PEOPLE
                                                                        for q in ("Q1", "Q2")]], delimiter="\t")
    batch = parse_file(tab)
    assert batch.reader == "long-table" and len(list(batch.iter_respondents())) == 8


def test_duplicated_header_names_are_kept_apart(tmp_path):
    path = _csv(tmp_path / "dup.csv", [["Response ID", "Comment", "Comment"],
                                       *[[p[0], p[7], p[6]] for p in PEOPLE]])
    batch = parse_file(path)
    assert [c[0] for c in batch.columns] == ["Response ID", "Comment", "Comment (2)"]
    assert any("repeated name" in w for w in batch.warnings)


def test_labels_differing_in_spaces_case_or_punctuation_are_one_question(tmp_path):
    rows = [["respondent", "question", "answer"]]
    variants = ["Q1 Your views on the plan", "Q1 Your views\non the plan", "q1 your views on the plan.",
                "Q1  Your views on the plan ?"]
    rows += [[p[0], variants[i % 4], p[7]] for i, p in enumerate(PEOPLE)]
    batch = parse_file(_csv(tmp_path / "variants.csv", rows))
    assert [(q.key, q.text) for q in batch.questions] == [("Q1", "Your views on the plan")]  # the key is not repeated


def test_stable_generated_ids(project, tmp_path):
    path = google_forms(tmp_path)
    first = [p.external_id for p in parse_file(path).iter_respondents()]
    assert first == [p.external_id for p in parse_file(path).iter_respondents()]
    assert first[0] == "google_forms.csv-row2"


def test_layout_option_and_long_mapping(project, tmp_path):
    rows = [["Ref", "Item", "Text"]] + [[p[0], f"Point {k}", p[7]] for p in PEOPLE for k in (1, 2)]
    path = _csv(tmp_path / "plain.csv", rows)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[long]\nid = "Ref"\nquestion = "Item"\nanswer = "Text"\n', encoding="utf-8")
    batch = parse_file(path, mapping_file=mapping)
    assert batch.reader == "long-table" and len(batch.questions) == 2
    assert parse_file(path, layout="wide").reader == "wide-table"
    result = import_files(project, [path], layout="long", mapping_file=mapping)
    assert result.respondents == 8 and result.questions == 2


def test_a_long_tables_questions_take_the_wording_a_mapping_gives(tmp_path):
    """Trial 41 gave the 20 questions' wording of a long table labelled "Q01 Definitions" in [questions]: with [long]
    it was dropped without a word (nothing published said what was asked); without it the file was read as wide and
    refused ("neither the key nor the text of a question column (keys: C1, C2)")."""
    rows = [["sub_num", "sub_label", "sub_value"]]
    rows += [[p[0], label, p[7]] for p in PEOPLE for label in ("Q01 Definitions", "Q02 Risks")]
    path = _csv(tmp_path / "long.csv", rows)
    mapping = tmp_path / "map.toml"
    wording = '[questions]\nQ1 = "Do you agree with the definitions?"\n"Q02 Risks" = "What risks are not covered?"\n'
    for extra in ("", '[long]\nid = "sub_num"\nquestion = "sub_label"\nanswer = "sub_value"\n'):
        mapping.write_text(extra + wording, encoding="utf-8")
        batch = parse_file(path, mapping_file=mapping)
        assert batch.reader == "long-table"
        assert {q.key: q.text for q in batch.questions} == {"Q1": "Do you agree with the definitions?",
                                                            "Q2": "What risks are not covered?"}
    mapping.write_text('[questions]\nQ9 = "x"\n', encoding="utf-8")
    with pytest.raises(IngestError, match="neither the key nor the label"):
        parse_file(path, mapping_file=mapping)


def test_mapping_file_names_questions_by_key_or_text(tmp_path):
    path = jotform(tmp_path)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"please explain." = "question:WHY:open"\n\n[questions]\n'
                       '"do you support the proposal" = "Do you support the clean air proposal?"\n'
                       'WHY = "Please explain your answer"\n', encoding="utf-8")
    batch = parse_file(path, mapping_file=mapping)
    assert {q.key: q.text for q in batch.questions} == {"C1": "Do you support the clean air proposal?",
                                                        "WHY": "Please explain your answer"}
    mapping.write_text('[questions]\n"no such question" = "x"\n', encoding="utf-8")
    with pytest.raises(IngestError, match="neither the key nor the text"):
        parse_file(path, mapping_file=mapping)


def test_a_question_about_organisations_stays_a_question(tmp_path):
    answers = ["Individuals", "Businesses", "Individuals", "Charities", "Businesses", "Individuals", "Businesses",
               "Individuals"]
    path = _csv(tmp_path / "who.csv", [["Response ID", "Who should pay for the scheme?", "Why?"],
                                       *[[p[0], a, p[7]] for p, a in zip(PEOPLE, answers, strict=True)]])
    roles = dict(parse_file(path).columns)
    assert roles["Who should pay for the scheme?"].startswith("question")


def test_an_individual_or_organisation_answer_that_names_a_type_keeps_it(tmp_path):
    """Where the form's only who-are-you question offers types ("Local authority", "Charity") beside
    "Individual", each answer is the respondent's declared type; "On behalf of an organisation"
    says only the side, and declares nothing."""
    header = ["Response ID", "Are you responding as an individual or on behalf of an organisation?",
              "Organisation name", "Your views"]
    rows = [[p[0], p[4] if p[0] != "1005" else "On behalf of an organisation", p[3], p[7]] for p in PEOPLE]
    batch = parse_file(_csv(tmp_path / "form.csv", [header, *rows]))
    people = {p.external_id: p for p in batch.iter_respondents()}
    assert (people["1002"].declared_type, people["1002"].is_organisation) == ("Local authority", True)
    assert (people["1001"].declared_type, people["1001"].is_organisation) == ("Individual", False)
    assert (people["1005"].declared_type, people["1005"].is_organisation) == ("", True)


def test_a_tick_all_that_apply_question_laid_out_a_column_per_option(project, tmp_path):
    """SurveyMonkey writes a several-options question as a column per option (the option when
    ticked) and one for "Other": one question, its ticked options one answer, each option counted
    in the annex against the respondents who ticked any (shares add up to more than 100%)."""
    import openpyxl

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.store import reporting

    options = ["English classes", "Sports clubs", "Community events"]
    top = ["Respondent ID", "Which of these would help you most? (tick all that apply)", "", "", "",
           "Do you support the proposal?", "Why?"]
    sub = ["", *options, "Other (please specify)", "Response", "Open-Ended Response"]
    ticks = {"1001": "110", "1002": "011", "1003": "100", "1004": "000", "1005": "111", "1006": "001"}
    rows = [[rid, *[o if t == "1" else "" for o, t in zip(options, marks, strict=True)],
             "Faith groups" if rid == "1004" else "", "Yes", f"Because of reason {rid}."] for rid, marks in ticks.items()]
    path = _csv(tmp_path / "surveymonkey_multi.csv", [top, sub, *rows])
    batch = parse_file(path)
    people = {p.external_id: p for p in batch.iter_respondents()}
    first = batch.questions[0]
    assert [q.key for q in batch.questions] == ["C1", "C2"] and first.kind == QuestionKind.HYBRID
    assert first.text == "Which of these would help you most? (tick all that apply)" and first.choices == options
    assert people["1001"].answers[0].choice == "English classes; Sports clubs"
    assert (people["1004"].answers[0].choice, people["1004"].answers[0].text) == ("", "Faith groups")
    import_files(project, [path])
    counts = next(c for c in reporting.question_counts(project).values() if c.several)
    assert {c: n for (c, _s), n in counts.closed.items()} == {"English classes": 3, "Sports clubs": 3,
                                                               "Community events": 3}
    assert sum(counts.with_choice.values()) == 5  # five ticked at least one
    export_annex(project, tmp_path / "annex.xlsx", small_counts=0)
    sheet = openpyxl.load_workbook(tmp_path / "annex.xlsx")["C1 answers"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    notes = " ".join(row[0] for row in cells[1:6] if isinstance(row[0], str))  # (wrapped to the tables' width)
    assert "could tick several options" in notes and notes.startswith("5 respondents chose an answer")
    assert ["English classes", 3, 0.6] in [r[:3] for r in cells]


@pytest.mark.parametrize("tool, separator, end", [("Microsoft Forms", ";", ";"), ("Google Forms", ", ", ""),
                                                 ("Qualtrics", ",", "")])
def test_a_tick_all_that_apply_question_in_one_column(tmp_path, tool: str, separator: str, end: str):
    """Microsoft Forms writes the ticked options in one cell as "Buses;Trains;", Google Forms as
    "Buses, Trains": one closed question whose options (not their combinations) are its choices. A
    free-text column of answers that list things with commas stays an open question."""
    from consult_analyser.ingest.closed_answers import ticked_options

    options = ["Buses", "Trains", "Cycle lanes", "Footpaths"]
    picks = [[options[j] for j in range(4) if (i >> j) & 1] or ["Buses"] for i in range(24)]
    rows = [[str(i + 1), separator.join(p) + end, f"More {p[0].lower()}, better {options[i % 4].lower()} and item {i}"]
            for i, p in enumerate(picks)]
    path = _csv(tmp_path / "form.csv", [["Id", "Which would you use? (choose all that apply)", "What else would help you travel?"], *rows])
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    question, why = batch.questions
    assert question.kind == QuestionKind.CLOSED and sorted(question.choices) == sorted(options), tool
    assert people[3].answers[0].choice == "Buses; Trains"  # row 3: buses and trains ticked
    assert why.kind == QuestionKind.OPEN
    assert ticked_options([r[2] for r in rows]) is None
    likert = ["Yes, definitely", "Yes, probably", "No, probably not", "No, definitely not", "Don't know"] * 5
    assert ticked_options(likert) is None  # options of one choice that hold a comma


@pytest.mark.parametrize("type_header, other_header", [
    ("respondenttype", "respondenttype[other]"),  # LimeSurvey
    ("Which of the following best describes you?",  # SurveyMonkey, its two header rows joined
     "Which of the following best describes you? - Other (please specify)"),
])
def test_the_words_of_a_declared_types_other_are_declared_with_it(tmp_path, type_header: str, other_header: str):
    """"Other" and the box beside it ("Parish meeting") are one declared type, "Other (please
    specify): Parish meeting", which the sector step reads for a sector; an answer of another type
    ignores a stray word in the box."""
    from consult_analyser.pipeline.sectors.declared import normalise_declared
    from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy

    header = ["Response ID", type_header, other_header, "Organisation name", "Your views"]
    types = ["Individual", "Local authority", "Other", "Charity", "Other", "Business"] * 2
    rows = [[str(1000 + i), t, ("Parish council" if t == "Other" else ("n/a" if i == 1 else "")),
             "" if t == "Individual" else f"Body {i}", f"My view number {i} on the plan."] for i, t in enumerate(types)]
    batch = parse_file(_csv(tmp_path / "form.csv", [header, *rows]))
    assert dict(batch.columns)[other_header] == "sector_other"
    declared = [p.declared_type for p in batch.iter_respondents()]
    assert declared[:4] == ["Individual", "Local authority", "Other (please specify): Parish council", "Charity"]
    assert normalise_declared(declared[2], default_taxonomy())[0] == "local_authority"


@pytest.mark.parametrize("headers, mark", [
    (["q2[SQ001]", "q2[SQ002]", "q2[SQ003]"], "Y"),  # LimeSurvey, question codes
    (["Which would you use? [Buses]", "Which would you use? [Trains]", "Which would you use? [Cycle lanes]"], "Yes"),
])
def test_a_column_per_option_marked_when_ticked(tmp_path, headers: list[str], mark: str):
    """LimeSurvey writes a multiple-choice question as a column per option, "Y" (or "Yes") when
    ticked: one question whose answer names the options; a grid of Yes/No rows is not one."""
    options = [h.rsplit("[", 1)[1].rstrip("]") for h in headers]
    rows = [[str(i + 1), *[mark if (i >> j) & 1 else "" for j in range(3)], f"Reason number {i}."] for i in range(12)]
    batch = parse_file(_csv(tmp_path / "results.csv", [["id", *headers, "Any other comments?"], *rows]))
    first = batch.questions[0]
    assert first.kind == QuestionKind.CLOSED and first.choices == options
    people = list(batch.iter_respondents())
    assert people[3].answers[0].choice == f"{options[0]}; {options[1]}"  # row 3: the first two ticked
    grid = [[str(i + 1), *["Yes" if (i + j) % 2 else "No" for j in range(3)], f"Reason {i}."] for i in range(12)]
    batch = parse_file(_csv(tmp_path / "grid.csv", [["id", *headers, "Any other comments?"], *grid]))
    assert len(batch.questions) == 4  # three Yes/No questions and the comments


def test_preview_rows_are_left_out_and_a_channel_column_is_read(project, tmp_path):
    """Qualtrics marks its author's test runs "Survey Preview"; a team's master sheet says how each
    response came in ("Online form", "Email", "Post"), which the annex counts by."""
    from consult_analyser.domain import Channel

    header = ["Response ID", "Status", "Channel", "Do you agree?", "Why?"]
    rows = [[p[0], "Survey Preview" if p[0] == "1001" else "IP Address", ["Online form", "Email", "Post"][i % 3], p[6], p[7]]
            for i, p in enumerate(PEOPLE)]
    path = _csv(tmp_path / "export.csv", [header, *rows])
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert [p.external_id for p in people] == [p[0] for p in PEOPLE[1:]]
    assert any("preview or test runs were left out (lines 2)" in w for w in batch.warnings), batch.warnings
    assert [p.channel for p in people][:3] == [Channel.EMAIL, Channel.POST, Channel.ONLINE]


def test_a_bilingual_header_is_read_in_either_language():
    """Canadian forms head each column in both languages: a name is never a question to theme."""
    from consult_analyser.ingest.columns import detect_mapping

    header = ["Response ID / ID de réponse", "First name / Prénom", "Last name / Nom de famille",
              "Organization name / Nom de l'organisation", "Province or territory / Province ou territoire",
              "Email / Courriel", "What do you think? / Qu'en pensez-vous?"]
    rows = [["R1", "Liam", "Okonedo", "", "Ontario", "a@example.ca", "I like it a lot because it cuts waste"],
            ["R2", "Anne", "Tremblay", "Acme Inc", "Québec", "b@example.ca", "Je pense que non parce que c'est cher"]]
    roles = [c.role for c in detect_mapping(header, rows).columns]
    assert roles == ["id", "name", "name", "organisation", "region", "email", "question"]


def test_a_full_regulations_gov_download_has_one_question_and_keeps_where_people_live_out_of_it():
    """Its 62 columns: the comment is the question; dates, citations, addresses and states are facts
    about the document or personal data, never questions to theme (24 empty ones had been)."""
    from consult_analyser.ingest.columns import detect_mapping

    header = ['Document ID', 'Agency ID', 'Docket ID', 'Tracking Number', 'Document Type', 'Posted Date',
              'Is Withdrawn?', 'Federal Register Number', 'FR Citation', 'Title', 'Comment Start Date',
              'Comment Due Date', 'Allow Late Comments', 'Comment on Document ID', 'Effective Date',
              'Implementation Date', 'Postmark Date', 'Received Date', 'Author Date', 'Related RIN(s)', 'Authors',
              'CFR', 'Abstract', 'Legacy ID', 'Media', 'Document Subtype', 'Exhibit Location', 'Exhibit Type',
              'Additional Field 1', 'Additional Field 2', 'Topics', 'Duplicate Comments', 'OMB/PRA Approval Number',
              'Page Count', 'Page Length', 'Paper Width', 'Special Instructions', 'Source Citation',
              'Start End Page', 'Subject', 'First Name', 'Last Name', 'City', 'State/Province', 'Zip/Postal Code',
              'Country', 'Organization Name', 'Submitter Representative', "Representative's Address",
              "Representative's City, State & Zip", 'Government Agency', 'Government Agency Type', 'Comment',
              'Category', 'Restrict Reason Type', 'Restrict Reason', 'Reason Withdrawn', 'Content Files',
              'Attachment Files', 'Display Properties (Pagination)', 'Display Properties (Date Format)', 'Withdrawn']
    row = {name: "" for name in header}
    row.update({"Document ID": "CFPB-2016-0025-0001", "Agency ID": "CFPB", "Docket ID": "CFPB-2016-0025",
                "Comment": "I oppose this rule because it will cut access to credit for families like mine.",
                "First Name": "Ada", "Last Name": "Okonkwo", "City": "Springfield", "State/Province": "MO",
                "Country": "United States", "Category": "Individual", "Title": "Comment from Okonkwo, Ada",
                "Allow Late Comments": "false", "Display Properties (Pagination)": "pagination, false",
                "Representative's Address": "1 Main St", "Attachment Files": "https://downloads.example.gov/a.pdf"})
    mapping = detect_mapping(header, [[row[name] for name in header]] * 3)
    questions = [c for c in mapping.columns if c.role == "question"]
    assert [c.header for c in questions] == ["Comment"]
    roles = {c.header: c.role for c in mapping.columns}
    assert roles["State/Province"] == "region" and roles["Representative's Address"] == "metadata"


def test_who_is_answering_is_read_in_the_wordings_forms_use():
    """A trial's second New Zealand form asked "Are you making this submission as an individual or on
    behalf of an organisation?" and "Which of the following best describes you or your organisation?":
    both became survey questions and its 436 declared types were lost, without a word."""
    from consult_analyser.ingest.columns import detect_mapping

    header = ["Response ID", "Are you making this submission as an individual or on behalf of an organisation?",
              "Organisation name", "Which of the following best describes you or your organisation?",
              "If other, please specify", "What do you think of the proposals?"]
    rows = [["1", "Individual", "", "Farmer or grower", "", "They would cost us a great deal"],
            ["2", "On behalf of an organisation", "DairyNZ", "Industry body", "", "We support the aim"],
            ["3", "Individual", "", "Other (please specify)", "Landowner", "Too much paperwork"]] * 3
    roles = [c.role for c in detect_mapping(header, rows).columns]
    assert roles == ["id", "respondent_type", "organisation", "sector", "sector_other", "question"]
    # a question in words of its own whose answers say which side: still who is answering
    header = ["Response ID", "In your reply, will you be speaking for yourself or for your organisation?",
              "Organisation name", "What do you think?"]
    rows = [["1", "Myself", "", "good"], ["2", "My organisation", "Fonterra", "bad"],
            ["3", "On behalf of an organisation", "DairyNZ", "fine"]] * 3
    assert [c.role for c in detect_mapping(header, rows).columns][1] == "respondent_type"


def test_a_capacity_question_answered_individual_or_organisation_is_who_is_answering():
    """A re-tested trial's "In what capacity are you making this submission?" ("An individual", "An organisation")
    was read as the declared type, and the real type column became a question."""
    from consult_analyser.ingest.columns import detect_mapping

    header = ["Response ID", "In what capacity are you making this submission?", "Organisation name",
              "Which best describes you / your organisation?", "Views?"]
    rows = [["1", "An individual", "", "Farmer or grower", "It costs too much"],
            ["2", "An organisation", "DairyNZ", "Industry body", "We support it"]] * 4
    roles = [c.role for c in detect_mapping(header, rows).columns]
    assert roles == ["id", "respondent_type", "organisation", "sector", "question"]
    # a declared type column asked "in what capacity" keeps its role
    rows = [["1", "Local authority", "Kent", "", "x"], ["2", "Charity", "Shelter", "", "y"],
            ["3", "Individual", "", "", "z"]] * 4
    assert detect_mapping(header[:3] + header[4:], [[r[0], r[1], r[2], r[4]] for r in rows]).columns[1].role == "sector"


def test_columns_nobody_filled_in_are_no_questions():
    """A trial's regulations.gov download had "Representative's City / State / Country / Phone" empty in every row:
    they became open questions C1-C4, counted on the annex's Cover and given headings in the Word report
    ("C4. Representative's Phone - 0 respondents answered")."""
    from consult_analyser.ingest.columns import detect_mapping

    header = ["Document ID", "Representative's City", "Representative's Phone", "Comment", "Fax"]
    rows = [[f"D-{i}", "", "", f"I support the rule for reason {i}", ""] for i in range(25)]
    mapping = detect_mapping(header, rows)
    roles = {c.header: c.role for c in mapping.columns}
    assert [h for h, r in roles.items() if r == "question"] == ["Comment"]
    assert roles["Representative's City"] == "metadata"
    phone = next(c for c in mapping.columns if c.header == "Representative's Phone")
    assert phone.role == "metadata" and phone.personal  # a phone number, if one ever comes, is someone's
    assert any("Representative's City" in note and "not read as questions" in note for note in mapping.notes)
    # a handful of rows says too little: a question nobody has answered yet stays one
    assert [c.role for c in detect_mapping(header, rows[:3]).columns].count("question") == 2


def test_a_data_tools_empty_cell_is_no_organisation(tmp_path):
    """A trial's export had 53 rows with "nan" (what pandas writes for nothing) as the organisation: they were
    filed as declared individuals ("Nan" is a grandmother) and "nan" was kept as their organisation."""
    from consult_analyser.ingest.sides import organisation_box_side

    assert organisation_box_side("nan") is None and organisation_box_side("NULL") is None
    assert organisation_box_side("Myself") is False
    path = tmp_path / "comments.csv"
    path.write_text("Document ID,Organization Name,Category,Comment\n"
                    "D-1,nan,Nonprofit,We oppose the rule\nD-2,Harrow Trust,Nonprofit,We support it\n", encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        rows = dict(project.query("SELECT external_id, organisation FROM respondents"))
        sides = dict(project.query("SELECT external_id, is_organisation FROM respondents"))
    assert rows["D-1"] == "" and sides["D-1"] is None and rows["D-2"] == "Harrow Trust"


def test_a_question_about_phones_or_email_answered_in_sentences_is_a_question():
    """A re-test's survey lost "How do you use your phone to contact the council?" (kept as a personal detail) and
    took "How could the council improve its email and phone services?" for the respondents' e-mail column."""
    from consult_analyser.ingest.columns import detect_mapping

    header = ["ID", "Email", "Are you responding as an individual or on behalf of an organisation?",
              "How do you use your phone to contact the council?",
              "How could the council improve its email and phone services?", "Your phone number"]
    rows = [[f"R{i}", f"p{i}@example.org", ["Individual", "On behalf of an organisation"][i % 2],
             f"I ring them about the bins {i} times a year", f"Answer the phone faster, reply to emails in {i} days",
             f"07700 900{i:03d}"] for i in range(12)]
    roles = [c.role for c in detect_mapping(header, rows).columns]
    assert roles[:3] == ["id", "email", "respondent_type"]
    assert roles[3:5] == ["question", "question"] and roles[5] != "question"


def test_a_download_of_several_dockets_says_so(tmp_path):
    """A trial imported three rules' comments as one file: each docket became one theme, for and against alike."""
    rows = [["Document ID", "Docket ID", "Comment", "Category"]]
    rows += [[f"EPA-{d}-{i}", f"EPA-HQ-2024-000{d}", f"Comment {i} on rule {d}: it will cost farms", "Individual"]
             for d in (1, 2) for i in range(6)]
    path = tmp_path / "two_dockets.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    with Project.create(tmp_path / "p.consult") as project:
        warnings = import_files(project, [path]).warnings
    said = [w for w in warnings if "dockets" in w]
    assert len(said) == 1 and "on 2 dockets" in said[0] and "EPA-HQ-2024-0001 (6)" in said[0]
    one, other = tmp_path / "one_docket.csv", tmp_path / "other_docket.csv"
    for path, part in ((one, rows[:7]), (other, rows[:1] + rows[7:])):
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(part)
    with Project.create(tmp_path / "q.consult") as project:
        assert not any("dockets" in w for w in import_files(project, [one]).warnings)
        # a re-test imported each docket's download as a file of its own: the project holds both, and says so
        assert any("on 2 dockets" in w for w in import_files(project, [other]).warnings)
