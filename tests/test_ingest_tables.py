"""Wide and long survey tables: detection, mapping files, encodings, idempotent re-import."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook

from consult_analyser.domain import QuestionKind
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.ingest.preview import preview_file
from consult_analyser.store import questions, responses
from tests.conftest import REALDATA, SURVEY_HEADER, SURVEY_ROWS, write_survey


def test_wide_csv_detects_roles_and_questions(imported_project):
    project = imported_project
    qs = {q.key: q for q in questions.list_questions(project)}
    assert set(qs) == {"Q1", "Q2", "Q3"}
    assert qs["Q1"].kind == QuestionKind.HYBRID
    assert "Agree" in qs["Q1"].choices and qs["Q1"].text.startswith("To what extent")
    assert qs["Q2"].kind == QuestionKind.OPEN
    assert qs["Q3"].kind == QuestionKind.CLOSED
    council = responses.respondent(project, "R-002")
    assert council.organisation == "Anytown Borough Council"
    assert council.email_domain == "anytown.gov.uk"
    assert council.is_organisation is True
    assert council.declared_type == "Local authority"
    assert council.region == "North West"
    assert council.metadata == {"Submitted on": "01/05/2018 11:00"}
    sub = responses.submission(project, "R-002")
    q1 = next(r for key, _text, r in sub.answers if key == "Q1")
    assert (q1.choice, q1.text) == ("Strongly agree", "Councils are best placed to lead.")
    assert q1.source_file.endswith("survey.csv") and q1.source_row == 3  # the line of the file
    assert responses.respondent(project, "R-001").is_organisation is False


def test_language_is_recorded(imported_project):
    sub = responses.submission(imported_project, "R-005")
    welsh = next(r for key, _t, r in sub.answers if key == "Q1")
    assert welsh.language == "cy"
    english = next(r for key, _t, r in responses.submission(imported_project, "R-004").answers if key == "Q2")
    assert english.language == "en"


def test_reimport_adds_nothing(imported_project, survey_csv):
    before = responses.project_counts(imported_project)
    result = import_files(imported_project, [survey_csv])
    assert result.respondents == 0 and any("already imported" in w for w in result.warnings)
    assert responses.project_counts(imported_project)["responses"] == before["responses"]


def test_overlapping_export_adds_only_new_rows(imported_project, tmp_path):
    rows = SURVEY_ROWS + [["R-007", "", "Individual", "", "", "", "", "", "Agree", "New answer here.", "", ""]]
    bigger = write_survey(tmp_path / "later_export.csv", rows)
    result = import_files(imported_project, [bigger])
    assert result.respondents == 1
    assert result.responses == 1  # Q1 choice and explanation are one answer
    assert result.skipped_duplicates > 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(project, tmp_path, encoding):
    rows = [list(SURVEY_ROWS[0])]
    rows[0][9] = "Café culture – “naïve” £5 fee"
    path = write_survey(tmp_path / f"s-{encoding}.csv", rows, encoding=encoding)
    import_files(project, [path])
    sub = responses.submission(project, "R-001")
    assert any(r.text == "Café culture – “naïve” £5 fee" for _k, _t, r in sub.answers)


def test_xlsx_wide(project, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(SURVEY_HEADER)
    for row in SURVEY_ROWS:
        sheet.append(row)
    path = tmp_path / "survey.xlsx"
    workbook.save(path)
    result = import_files(project, [path])
    assert result.respondents == len(SURVEY_ROWS)
    assert responses.respondent(project, "R-006").email_domain == "northfield.sch.uk"


def test_mapping_file_overrides_detection(project, tmp_path):
    header = ["Ref", "Who", "Thoughts", "Rating"]
    rows = [["a1", "Jo", "Good idea overall", "5"], ["a2", "Al", "Not convinced at all", "3"]]
    path = write_survey(tmp_path / "odd.csv", rows, header)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Who" = "name"\n"Rating" = "question:RATE:closed"\n"Thoughts" = "question:VIEW:open"\n'
                       '[questions]\nVIEW = "What do you think of the proposal?"\n', encoding="utf-8")
    import_files(project, [path], mapping_file=mapping)
    qs = {q.key: q for q in questions.list_questions(project)}
    assert qs["VIEW"].text == "What do you think of the proposal?"
    assert qs["RATE"].kind == QuestionKind.CLOSED
    assert responses.respondent(project, "a1").name == "Jo"


def test_a_mapping_file_giving_one_respondent_two_ids_is_refused(project, tmp_path):
    """A hostile-input trial's mapping gave "Region" and "Your name" the role id: both were accepted, one became
    the id and the other was lost without a word."""
    import pytest

    from consult_analyser.errors import IngestError

    header = ["Ref", "Your name", "Region", "Thoughts"]
    path = write_survey(tmp_path / "odd.csv", [["a1", "Jo", "North", "Good idea overall"]], header)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Region" = "id"\n"Your name" = "id"\n', encoding="utf-8")
    with pytest.raises(IngestError, match="gives 2 columns the role 'id'"):
        import_files(project, [path], mapping_file=mapping)
    assert not questions.list_questions(project)


def test_long_table(project, tmp_path):
    header = ["sub_num", "sub_name", "sub_label", "sub_value"]
    rows = [[str(i), f"Person {i}", label, f"Answer {i} to {label} with some words"]
            for i in range(1, 8) for label in ("Q01 Definitions", "Q02 Risks", "General comment")]
    path = write_survey(tmp_path / "long.csv", rows, header)
    batch = parse_file(path)
    assert batch.reader == "long-table"
    result = import_files(project, [path])
    assert result.respondents == 7 and result.responses == 21
    assert {q.key for q in questions.list_questions(project)} == {"Q1", "Q2", "General comment"}


def test_long_table_rows_repeated_word_for_word_are_one_answer(project, tmp_path):
    """One row per coder (or an export run twice): the same answer is kept once, a second
    different answer to the same question is joined to the first, and the import says which."""
    header = ["response_id", "question", "answer", "coder"]
    rows = [[f"r{i}", label, f"Answer {i} to {label}", coder]
            for i in range(1, 6) for label in ("Q1", "Q2") for coder in ("primary", "secondary")]
    rows.append(["r1", "Q1", "  answer 1 TO q1 ", "third"])  # spacing and case aside, the same
    rows.append(["r2", "Q1", "A second thought", "primary"])
    result = import_files(project, [write_survey(tmp_path / "coded.csv", rows, header)])
    assert result.respondents == 5 and result.responses == 10
    texts = dict(project.query("SELECT r.external_id, s.text FROM responses s JOIN respondents r "
                               "ON r.id = s.respondent_id JOIN questions q ON q.id = s.question_id WHERE q.key = 'Q1'"))
    assert texts["r1"] == "Answer 1 to Q1" and texts["r2"] == "Answer 2 to Q1\n\nA second thought"
    assert any("11 rows repeated" in w and "kept once" in w for w in result.warnings), result.warnings
    assert any("1 respondent gave more than one answer" in w for w in result.warnings), result.warnings


@pytest.mark.realdata
def test_real_long_format_with_respondent_types(project):
    folder = REALDATA / "au_safe_responsible_ai"
    if not folder.exists():
        pytest.skip("real data not available")
    result = import_files(project, [folder / "srai_shortened.csv"])
    assert result.respondents == 446
    import_files(project, [folder / "submission_type.csv"])
    counts = dict(project.query("SELECT declared_type, COUNT(*) FROM respondents GROUP BY 1"))
    assert counts.get("Individual", 0) > 100 and counts.get("Government", 0) > 0
    info = responses.project_counts(project)
    assert info["questions"] >= 20 and info["responses"] > 3800
    json.dumps(info)


def test_csv_cells_with_unusual_line_breaks(project, tmp_path):
    """Quoted cells may hold line breaks of every kind; unquoted form feeds or line separators
    stay inside their cell (rows end only at a newline)."""
    rows = [row[:] for row in SURVEY_ROWS[:2]]
    rows[0][9] = "First line\nsecond line\u2028third\x0cfourth"
    rows[1][9] = "Plain\u2028separator\x85next"
    path = write_survey(tmp_path / "breaks.csv", rows)
    import_files(project, [path])
    texts = {r.external_id: r.text for r in responses.fetch_rows(
        project, responses.list_seqs(project, responses.ResponseFilter())) if r.question_key == "Q1"}
    assert texts[rows[0][0]] == "First line\nsecond line\u2028third\x0cfourth"
    assert texts[rows[1][0]] == "Plain\u2028separator\x85next"


def test_one_decode_per_file_within_an_import(project, survey_csv, monkeypatch):
    from consult_analyser.ingest import encoding, tabular

    calls = []
    original = encoding.decode_bytes

    def counting(data, path):
        calls.append(path)
        return original(data, path)

    monkeypatch.setattr(encoding, "decode_bytes", counting)
    import_files(project, [survey_csv])
    assert len(calls) == 1  # choosing the reader, the attribute-table check and reading share it
    assert tabular._decoded is None  # nothing kept once the import is over
    tabular.open_table(survey_csv)
    tabular.open_table(survey_csv)
    assert len(calls) == 3  # outside an import every open decodes afresh


def test_bulk_ids_are_uuid4():
    import uuid

    from consult_analyser.store.imports import new_ids

    ids = new_ids(500)
    assert len(set(ids)) == 500
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == value


def _keys(header: list[str], rows: list[list[str]]) -> list[tuple[str, str, str]]:
    from consult_analyser.ingest.columns import detect_mapping

    return [(c.header, c.question_key, c.kind) for c in detect_mapping(header, rows).columns if c.role == "question"]


def test_a_why_column_after_a_closed_question_explains_it():
    """"Do you agree ...?" then "Please explain your answer": one hybrid question, so its themes
    can be split by the answer; a free-text question that asks something else stays apart."""
    answers = ["Yes", "No", "Not sure", "Yes", "No", "Yes", "No", "Yes"]
    rows = [[a, f"because of reason {i}", "History", "No" if i % 2 else "Yes", f"comment {i}"]
            for i, a in enumerate(answers)]
    header = ["Do you agree with the proposal?", "What is the rationale behind your opinion?",
              "What is your field of study?", "Have you used the service?", "Any other comments?"]
    keys = _keys(header, rows)
    assert keys[0][1] == keys[1][1] == "C1" and (keys[0][2], keys[1][2]) == ("closed", "open")
    assert keys[2][1] == "C2"  # another question, not an explanation
    assert keys[3][1] == "C3" and keys[4][1] == "C4"  # "any other comments" is not about the answer before
    numbered = _keys(["Q4. Should fares be capped?", "Q4a. Why?", "Q5. Should parking be free?",
                      "Q6. Please explain your answer", "Q7. Is the town safe?", "Q8. Why do people move away?"],
                     [[a, "x y z " * (i + 1), a, "a b c " * (i + 1), a, "d e f " * (i + 1)]
                      for i, a in enumerate(answers)])
    assert [k for _h, k, _kind in numbered] == ["Q4", "Q4", "Q5", "Q5", "Q7", "Q8"]  # Q8 asks something else
    for follow_up in ("Pourquoi ?", "Bitte begründen Sie Ihre Antwort", "If no, please say why",
                      "Please give reasons for your answer", "Why or why not?"):
        pair = _keys(["Do you agree?", follow_up], [[a, f"reason {i}"] for i, a in enumerate(answers)])
        assert pair[0][1] == pair[1][1], follow_up


def test_a_later_export_keeps_the_projects_earlier_why_question(project, tmp_path):
    """A project whose "Why?" column was stored as a question of its own (an earlier import, or a
    mapping) keeps it: the next export's reasons go there, not into the closed question, and the
    question after it keeps its own answers."""
    header = "Response ID,Should the library open on Sundays?,Why?,What is your favourite book?\n"
    first = tmp_path / "first.csv"
    first.write_text(header + "".join(f"R{i},{'Yes' if i % 2 else 'No'},reason {i},book {i}\n" for i in range(8)),
                     encoding="utf-8")
    import_files(project, [first], mappings={str(first): {"Why?": "question:C7:open"}})
    before = {q.text: q.key for q in questions.list_questions(project)}
    assert before["Why?"] == "C7"
    later = tmp_path / "later.csv"
    later.write_text(header + "".join(f"R{i},{'Yes' if i % 2 else 'No'},reason {i},book {i}\n" for i in range(8, 12)),
                     encoding="utf-8")
    # the dry run into this project shows what the import will do: the "why" column stays question C7
    preview = preview_file(later, project=project.path)
    assert any("earlier import stored it as question C7" in w for w in preview.warnings)
    assert {q.key: q.kind for q in preview.questions}.get("C7") == QuestionKind.OPEN
    assert [q.key for q in preview_file(later).questions] != [q.key for q in preview.questions]  # without the project
    result = import_files(project, [later])
    assert any("earlier import stored it as question C7" in w for w in result.warnings)
    after = {q.text: q for q in questions.list_questions(project)}
    assert set(after) == set(before)  # no new question
    why, sunday = after["Why?"], after["Should the library open on Sundays?"]
    assert sunday.kind == QuestionKind.CLOSED
    texts = dict(project.query("SELECT r.respondent_id, r.text FROM responses r WHERE r.question_id = ?", (why.id,)))
    assert len(texts) == 12 and "reason 11" in texts.values()
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE question_id = ? AND trim(text) != ''", (sunday.id,)) == 0
    books = after["What is your favourite book?"]
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE question_id = ?", (books.id,)) == 12


def test_a_file_name_column_is_kept_as_information_not_read_as_a_question(project, tmp_path):
    """A table of submissions often names each one's file: that column is not a question to
    theme, and the text column is."""
    rows = [[f"Submission {i}.txt", f"We think the proposal on bus fares needs work, point {i}"] for i in range(6)]
    path = write_survey(tmp_path / "submissions.csv", rows, ["filename", "content"])
    batch = parse_file(path)
    roles = dict(batch.columns)
    assert roles["filename"] == "metadata" and roles["content"].startswith("question")
    result = import_files(project, [path])
    assert result.respondents == 6 and result.responses == 6


def test_a_country_column_however_headed_is_where_the_respondent_is_not_a_question():
    """The EU portal heads it "Country of origin"; other tools "Country of residence", "Your
    country", "Pays d'origine". The sector model and the check that the UK seed applies read it."""
    from consult_analyser.ingest.columns import detect_mapping

    for header in ("Country of origin", "Country of residence", "Your country", "Country", "Pays d'origine",
                   "In which country are you based?", "countryOfOrigin"):
        mapping = detect_mapping([header, "Feedback"], [["Germany", f"answer number {i}"] for i in range(6)])
        assert mapping.columns[0].role == "region", header
    mapping = detect_mapping(["Which country's approach should we copy, and why?"],
                             [[f"Denmark, because of reason {i}"] for i in range(6)])
    assert mapping.columns[0].role == "question"


def test_a_coded_file_with_a_column_per_code_says_how_to_read_them_as_codings(tmp_path):
    header = ["caseID", "What do you like about the party?"] + [f"code {n}" for n in range(1, 7)]
    rows = [[str(i), f"answer number {i} about jobs and health"] + ["1" if (i + n) % 3 == 0 else "0" for n in range(6)]
            for i in range(1, 13)]
    batch = parse_file(write_survey(tmp_path / "coded.csv", rows, header))
    list(batch.respondents)
    assert any("6 columns hold only marks" in w and "code PROJECT --import coded.csv" in w for w in batch.warnings)
    plain = parse_file(write_survey(tmp_path / "survey.csv"))
    list(plain.respondents)
    assert not any("hold only marks" in w for w in plain.warnings)


def test_a_header_ending_in_id_with_distinct_tokens_is_the_respondent_id():
    """An inquiry's "Recommendation ID" or a tool's "Passage ref" identifies the row, whatever it is
    called; read as an open question it became a theme of ids. Without the header's word distinct
    tokens are not guessed to be ids (postcodes, phone numbers), nor is an "ID" column whose values repeat."""
    from consult_analyser.ingest.columns import detect_mapping

    rows = [[f"REC-{i:04d}", f"Postcode{i}", f"recommendation number {i} about housing"] for i in range(8)]
    mapping = detect_mapping(["Recommendation ID", "Postcode", "Recommendation"], rows)
    assert [c.role for c in mapping.columns] == ["id", "metadata", "question"]  # a postcode: information, not the id
    repeated = detect_mapping(["Group ID", "Text"], [[f"G{i % 2}", f"answer {i}"] for i in range(8)])
    assert repeated.columns[0].role != "id"
    second = detect_mapping(["Response ID", "Recommendation ref", "Text"], [[f"R{i}", f"C-{i}", f"answer {i}"] for i in range(8)])
    assert [c.role for c in second.columns] == ["id", "metadata", "question"]  # kept as information, not a question


@pytest.mark.parametrize("id_header, place, tags", [("Recommendation number", "Chapter", "Theme(s)"),
                                                     ("No.", "Section", "Themes"), ("Rec No", "Part", "Tags")])
def test_an_inquirys_numbered_recommendations_and_their_tags(tmp_path, id_header: str, place: str, tags: str):
    """An inquiry's findings as published: numbered, placed in a chapter, tagged. The number is the
    id (it was an open question of numbers), the chapter information, the tags codings (a "Tags"
    column was information); a phone or charity number is never taken for the id."""
    from consult_analyser.ingest.columns import detect_mapping

    codes = ["Workforce; Training", "Governance", "Patient safety", "Workforce"] * 3
    rows = [[str(i + 1), f"Chapter {1 + i // 4}", f"Trusts should publish reports on topic {i}.", c]
            for i, c in enumerate(codes)]
    roles = [c.role for c in detect_mapping([id_header, place, "Recommendation", tags], rows).columns]
    assert roles == ["id", "metadata", "question", "ignore"]
    for personal in ("Phone number", "Charity number", "Contact no"):
        numbered = detect_mapping(["Response ID", personal, "Text"], [[f"R{i}", f"0770090{i:04d}", f"answer {i}"]
                                                                      for i in range(8)])
        assert numbered.columns[1].role != "id", personal
    empty_tags = detect_mapping(["Response ID", "Text", "Tags"], [[f"R{i}", f"answer {i}", ""] for i in range(8)])
    assert empty_tags.columns[2].role == "metadata"  # a survey tool's own, empty, "Tags"


def test_a_column_of_the_codes_given_to_each_answer_is_not_read_as_a_question(tmp_path):
    """A file of passages and the tags people gave them: the tags column is codings, and the import
    says how to read it as such; a "Themes" question people answered in sentences stays a question."""
    from consult_analyser.ingest.columns import detect_mapping

    codes = ["cheating; cheating->reduce_cheating", "covid", "cheating", "privacy; covid->infection_risk"] * 3
    rows = [[f"P{i}", f"passage {i} on exams", tags] for i, tags in enumerate(codes)]
    header = ["Passage ID", "Passage", "Themes"]
    assert [c.role for c in detect_mapping(header, rows).columns] == ["id", "question", "ignore"]
    batch = parse_file(write_survey(tmp_path / "tagged.csv", rows, header))
    list(batch.respondents)
    assert any("column 'Themes' lists codes given to each answer; not read as questions" in w and "code PROJECT --import tagged.csv" in w
               for w in batch.warnings)
    sentences = [[f"P{i}", f"passage {i}", f"I think the main theme here is number {i} and why it matters"]
                 for i in range(12)]
    assert detect_mapping(header, sentences).columns[2].role == "question"


def test_a_coded_survey_laid_out_wide_keeps_each_questions_codes_out_of_its_questions(tmp_path):
    """"Q1 codes" beside "Q1. ...": the codes of that question's answers, not a second question Q1_2."""
    header = ["Respondent ID", "Q1. What went well?", "Q1 codes", "Q2. What could be better?", "Q2 codes"]
    rows = [[f"R{i}", f"the nurses were kind {i}", "staff; kindness", f"waiting times {i}", "waiting"] for i in range(6)]
    batch = parse_file(write_survey(tmp_path / "coded_wide.csv", rows, header))
    list(batch.respondents)
    assert [q.key for q in batch.questions] == ["Q1", "Q2"]
    assert any("columns 'Q1 codes', 'Q2 codes' list codes given to each answer" in w for w in batch.warnings)


def test_a_feedback_column_of_a_few_repeated_campaign_lines_stays_an_open_question():
    """Short answers from a small set look closed; under a header that names free text they are
    campaign lines, whose themes and counts the analysts need. Agree/disagree answers stay closed."""
    from consult_analyser.ingest.columns import detect_mapping

    lines = ["I support this.", "Nous sommes contre cette proposition.", "Wir unterstützen den Vorschlag."] * 20
    assert detect_mapping(["Feedback"], [[v] for v in lines]).columns[0].kind == "open"
    assert detect_mapping(["Sector"], [[v] for v in ["Retail", "Farming", "Tourism"] * 20]).columns[0].role == "sector"
    assert detect_mapping(["Choice"], [[v] for v in lines]).columns[0].kind == "closed"
    assert detect_mapping(["Comments"], [[v] for v in ["Agree", "Disagree"] * 20]).columns[0].kind == "closed"


def test_a_long_table_with_a_codes_column_says_how_to_read_them_as_codings(tmp_path):
    """Answers a row each, with the codes people gave them (a coder's export): the answers import, and
    the codes column is named with the command that reads it as codings."""
    header = ["response_id", "question", "answer", "codes"]
    rows = [[f"R{i}", "Q1", f"answer number {i} about exams", "cheating; covid" if i % 2 else "covid"] for i in range(8)]
    rows += [[f"R{i}", "Q2", f"second answer {i}", "privacy"] for i in range(8)]
    batch = parse_file(write_survey(tmp_path / "coded_long.csv", rows, header))
    list(batch.respondents)
    assert batch.reader == "long-table"
    assert any("column 'codes' lists codes given to each answer" in w for w in batch.warnings)


def test_a_label_or_category_column_of_respondent_types_is_not_taken_for_codes():
    """"Label" beside a name is as often the declared type as a code: never dropped as codes."""
    from consult_analyser.ingest.columns import detect_mapping

    types = ["Individual", "NGO", "Company", "Government", "Individual", "Company"] * 3
    rows = [[f"Name {i}", t, f"feedback number {i}"] for i, t in enumerate(types)]
    roles = [c.role for c in detect_mapping(["Name", "Label", "Feedback"], rows).columns]
    assert roles[1] != "ignore"


def test_html_a_portal_left_in_free_text_answers_is_read_as_text(tmp_path):
    """"<p>I <strong>strongly</strong> support…</p>" would put "strong" and "nbsp" into themes and
    tags into every quote; text that only uses < and > as signs is left alone."""
    from consult_analyser.ingest.tabular import plain_text

    rows = [["R1", "<p>I <strong>strongly</strong> support it.</p><p>More buses&nbsp;please.</p>"],
            ["R2", "<div>Funding for youth clubs &amp; libraries</div>"], ["R3", "Plain: a < b and c > d"]]
    batch = parse_file(write_survey(tmp_path / "html.csv", rows, ["Response ID", "Your views"]))
    texts = [r.answers[0].text for r in batch.respondents]
    assert texts == ["I strongly support it.\nMore buses please.", "Funding for youth clubs & libraries",
                     "Plain: a < b and c > d"]
    assert plain_text("x<br>y<br/>z") == "x\ny\nz"


def test_an_excel_line_break_stored_as_x000d_reads_as_a_line_break(tmp_path):
    """Excel keeps a carriage return in a cell as "_x000D_", which openpyxl hands over as written:
    multi-line answers read "First line_x000D_ Second line" in every quote. An escaped underscore
    ("_x005F_x000D_") stays the literal text."""
    wb = Workbook()
    wb.active.append(["Response ID", "Your views"])
    wb.active.append(["R1", "First line_x000D_\nSecond line"])
    wb.active.append(["R2", "Literal _x005F_x000D_ kept"])
    wb.save(tmp_path / "lines.xlsx")
    texts = [r.answers[0].text for r in parse_file(tmp_path / "lines.xlsx").respondents]
    assert texts == ["First line\nSecond line", "Literal _x000D_ kept"]


def test_a_table_of_facts_about_respondents_attaches_them_and_the_dry_run_says_so(project, tmp_path):
    """A published 'submitter -> type' list imported after the answers, as a new user would (no
    --layout): it attaches types to the respondents already there, adds none; the dry run and the
    import wizard's check say the same before anything is written."""
    import_files(project, [write_survey(tmp_path / "survey.csv")])
    before = project.scalar("SELECT COUNT(*) FROM respondents")
    types = tmp_path / "types.csv"
    types.write_text("name,attachment,label\nAnytown Borough Council,Anytown Borough Council.pdf,Government\n"
                     "St Mary's Parish Church,St Mary's Parish Church.pdf,Faith group\n"
                     "Nobody Known,Nobody Known.pdf,Charity\n", encoding="utf-8")
    project.close()
    preview = preview_file(types, project=project.path)
    assert preview.layout == "attributes" and preview.respondents == 0
    lines = "\n".join(preview.lines())
    assert "would attach attributes to 2 respondents already in the project" in lines, lines
    assert "1 row matches no respondent (e.g. 'Nobody Known')" in lines, lines
    from consult_analyser.store.project import Project

    with Project.open(project.path) as reopened:
        result = import_files(reopened, [types])
        assert result.respondents == 0 and reopened.scalar("SELECT COUNT(*) FROM respondents") == before
        declared = dict(reopened.query("SELECT r.organisation, r.declared_type FROM respondents r "
                                       "WHERE r.organisation != ''"))
        assert declared["Anytown Borough Council"] == "Government"
        assert declared["St Mary's Parish Church"] == "Faith group"
    assert preview_file(types).layout != "attributes"  # without the project, it is read as any table
    # the wizard shows no columns to correct for it beside the survey's (its check page says what it attaches)
    from consult_analyser.ui.import_wizard import detect_tables

    found = detect_tables([tmp_path / "survey.csv", types], lambda *_a: None, project.path)
    assert list(found) == [str(tmp_path / "survey.csv")]


def test_a_column_of_file_names_is_information_not_a_question():
    from consult_analyser.ingest.columns import detect_mapping

    rows = [["1", "Okafor Foundation submission.pdf", "More buses"], ["2", "response.docx", "Fewer cars"],
            ["3", "Brennan & Co.txt", "Cleaner air"], ["4", "", "Safer streets"]]
    roles = {c.header: c.role for c in detect_mapping(["id", "Attachment", "Q1 Why?"], rows).columns}
    assert roles == {"id": "id", "Attachment": "metadata", "Q1 Why?": "question"}


def test_a_list_of_respondent_types_alone_says_where_it_belongs(tmp_path):
    kinds = ["Individual", "Charity", "Local authority", "Business"]
    path = write_survey(tmp_path / "types.csv", [[f"Submitter {i}", f"Submitter {i}.pdf", kinds[i % 4]]
                                                 for i in range(12)], ["Name", "File", "Respondent type"])
    error = preview_file(path).error
    assert "no question columns found" in error and "import it into the project that holds their answers" in error


def test_a_list_of_types_given_before_the_answers_waits_for_them(project, tmp_path):
    """The user picks both files at once, the list of types first: it is read after the answers."""
    kinds = ["Local authority", "Faith group", "Charity", "Business"]
    orgs = [row[4] for row in SURVEY_ROWS if row[4]]
    types = write_survey(tmp_path / "types.csv", [[org, f"{org}.pdf", kinds[i % 4]] for i, org in enumerate(orgs)]
                         + [[f"Someone else {i}", "", kinds[i % 4]] for i in range(2)],
                         ["Organisation", "File", "Respondent type"])
    survey = write_survey(tmp_path / "survey.csv")
    previews = [preview_file(p, alongside=True) for p in (types, survey)]
    assert previews[0].layout == "attributes" and not previews[0].error and previews[1].respondents == len(SURVEY_ROWS)
    result = import_files(project, [types, survey])
    assert result.respondents == len(SURVEY_ROWS)
    assert any("attributes attached to" in w for w in result.warnings), result.warnings
    declared = dict(project.query("SELECT organisation, declared_type FROM respondents WHERE organisation != ''"))
    assert declared[orgs[0]] == kinds[0] and declared[orgs[1]] == kinds[1]


def test_a_name_several_respondents_share_attaches_to_all_when_its_rows_agree(project, tmp_path):
    rows = [[f"R-{i:03d}", "Anonymous" if i < 4 else f"Person {i}", f"Answer {i}"] for i in range(8)]
    import_files(project, [write_survey(tmp_path / "answers.csv", rows, ["Response ID", "Your name", "Q1 Why?"])])
    agree = write_survey(tmp_path / "agree.csv", [["Anonymous", "Individual"]] * 4
                         + [[f"Person {i}", "Charity"] for i in range(4, 8)], ["Name", "Respondent type"])
    result = import_files(project, [agree])
    assert any("attached to 8 respondents" in w for w in result.warnings), result.warnings
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE declared_type = 'Individual'") == 4
    # rows of a shared name that disagree say nothing sure about any of them: none attached, and said
    differ = write_survey(tmp_path / "differ.csv", [["Anonymous", "Business"], ["Anonymous", "Charity"]]
                          + [[f"Person {i}", "Business"] for i in range(4, 8)], ["Name", "Respondent type"])
    result = import_files(project, [differ])
    assert any("1 name that several respondents share, with different types ('Anonymous')" in w
               for w in result.warnings), result.warnings
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE declared_type = 'Individual'") == 4
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE declared_type = 'Business'") == 4


def test_the_check_counts_people_once_whether_they_answered_or_wrote(tmp_path):
    """A folder of letters adds a respondent per sender; a survey's own uploads add none (the
    wizard's check said 828 respondents for the AU consultation's 446)."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for name in ("first.txt", "second.txt"):
        (folder / name).write_text(f"Dear Sir or Madam,\n\nWe oppose the plan ({name}).\n\nYours faithfully,\n"
                                   "Aoife Brennan\n", encoding="utf-8")
    letters = preview_file(folder)
    assert letters.documents == 2 and letters.senders == 2
    au = REALDATA / "au_safe_responsible_ai" / "srai_shortened.csv"
    if au.exists():
        survey = preview_file(au)
        assert survey.respondents == 446 and survey.documents == 382 and survey.senders == 0


def _roles(header: list[str], rows: list[list[str]]) -> dict[str, str]:
    from consult_analyser.ingest.columns import detect_mapping

    return {c.header: c.role + (f":{c.question_key}:{c.kind}" if c.role == "question" else "")
            for c in detect_mapping(header, rows).columns}


def test_who_is_answering_columns_as_survey_tools_word_them():
    """Citizen Space, SmartSurvey, SurveyMonkey, Qualtrics and JISC word the who-are-you columns
    differently; each keeps its declared type, its organisation name and its "Other" box, and
    personal details or publication choices are never read as questions."""
    kinds = ["Individual", "Organisation"] * 6
    types = ["", "Local authority", "", "Faith group", "", "Charity / voluntary sector"] * 2
    agree = ["Agree", "Disagree", "Strongly agree", "Neither agree nor disagree"] * 3
    rows = [[f"R{i}", kinds[i], f"Person {i}", f"p{i}@example.org", f"AB{i % 9 + 1} {i % 9}CD", f"Org {i}" if i % 2 else "",
             types[i], "Parish meeting" if i == 5 else "", agree[i], f"because reason number {i} applies here",
             "Yes" if i % 2 else "No", "Yes" if i % 3 else "No", f"0161 496 00{i:02d}"] for i in range(12)]
    header = ["Response ID", "Are you responding as an individual or on behalf of an organisation?", "What is your name?",
              "What is your email address?", "What is your postcode?", "Organisation name",
              "What type of organisation are you responding on behalf of?", "If other, please specify",
              "Do you agree with the proposal?", "Please tell us why.", "Would you like your response to be published?",
              "May we contact you again about this consultation?", "Telephone number"]
    roles = _roles(header, rows)
    assert roles["Are you responding as an individual or on behalf of an organisation?"] == "respondent_type"
    assert roles["What type of organisation are you responding on behalf of?"] == "sector"
    assert roles["If other, please specify"] == "sector_other"
    assert roles["Please tell us why."] == "question:C1:open" and roles["Do you agree with the proposal?"] == "question:C1:closed"
    for personal in ("What is your postcode?", "May we contact you again about this consultation?", "Telephone number"):
        assert roles[personal] == "metadata", personal
    # whether the response may be published: the respondent's choice, which the exports honour
    assert roles["Would you like your response to be published?"] == "consent"
    numbered = _roles(["UserID", "1. Are you responding as...?", "1. Are you responding as...? (Other - please specify)",
                       "2. If you are responding on behalf of an organisation, group or business, please tell us its name",
                       "3. Your full name", "4. What is your postcode?", "5. Do you agree?", "6. Please explain your answer"],
                      [[f"U{i}", kinds[i], "Parish meeting" if i == 5 else "", f"Org {i}" if i % 2 else "",
                        f"Person {i}", f"AB{i % 9 + 1} {i % 9}CD", agree[i], f"reason number {i}"] for i in range(12)])
    assert list(numbered.values()) == ["id", "respondent_type", "sector_other", "organisation", "name", "metadata",
                                       "question:Q5:closed", "question:Q5:open"], numbered
    qualtrics = _roles(["Response ID", "Q1. In what capacity are you responding to this consultation?",
                        "In what capacity are you responding to this consultation? - Other (please specify) - Text",
                        "Q7. If you are responding on behalf of an organisation, please give its name"],
                       [[f"R_{i}", "Retailer" if i % 2 else "Parent", "", f"Shop {i}" if i % 2 else ""] for i in range(12)])
    assert list(qualtrics.values()) == ["id", "sector", "sector_other", "organisation"], qualtrics
    # a question that merely mentions these words stays a question
    kept = _roles(["ID", "Should councils publish the register of lets?", "Should phone masts need planning consent?"],
                  [[str(i), agree[i], f"views on masts number {i}"] for i in range(12)])
    assert kept["Should councils publish the register of lets?"].startswith("question")
    assert kept["Should phone masts need planning consent?"].startswith("question")


def test_ticked_options_joined_by_semicolons_alone_are_one_closed_question():
    from consult_analyser.ingest.closed_answers import ticked_options

    options = ["Free school meals", "Care experience", "Young carer", "Disability"]
    cells = [";".join(options[: 1 + i % 3]) for i in range(20)] + ["Disability"] * 3
    found = ticked_options(cells)
    assert found is not None and found[0] == ";" and set(found[1]) == set(options)
    assert ticked_options([f"I think so; because of reason {i}; and more" for i in range(20)]) is None


def test_the_dry_run_of_an_export_to_date_counts_only_the_new_respondents(imported_project, survey_csv, tmp_path):
    """A consultation's export at close holds everyone to date: the dry run says how many are new,
    as the import then adds them (it said "would import" all of them)."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.ingest.preview import preview_file

    lines = survey_csv.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "export_at_close.csv"
    header_fields = next(csv.reader([lines[0]]))
    extra = [["R-NEW-1"] + ["Yes"] + [""] * (len(header_fields) - 2)]
    with later.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerows(csv.reader(lines))
        writer.writerows(extra)
    before = imported_project.scalar("SELECT COUNT(*) FROM respondents")
    preview = preview_file(later, project=imported_project.path)
    assert preview.respondents == 1 and preview.already == before
    assert f"({before:,} respondents of the file are already in the project" in "\n".join(preview.lines())
    assert import_files(imported_project, [later]).respondents == 1


def test_a_later_export_adds_its_new_respondents_and_says_which_answers_changed(project, tmp_path):
    """An export at close of a small survey names many respondents already in the project but holds
    answers: its new rows are new respondents (it was read as a table of facts about respondents
    and added nothing), and an answer that changed since is said (the project keeps its own)."""
    header = ["Response ID", "Do you agree?", "Please explain your answer"]
    first = [[f"R{i:03d}", "Agree" if i % 2 else "Disagree", f"Because the buses in town {i} are always late."]
             for i in range(30)]
    later = [list(r) for r in first] + [[f"R{i:03d}", "Agree", f"New answer number {i} about the libraries."]
                                         for i in range(30, 40)]
    later[3][2] = "I have changed my mind: the buses are fine now."
    for name, rows in (("first.csv", first), ("later.csv", later)):
        with (tmp_path / name).open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *rows])
    import_files(project, [tmp_path / "first.csv"])
    result = import_files(project, [tmp_path / "later.csv"])
    assert result.respondents == 10
    assert any("1 answer of respondents already in the project differs from the one imported before" in w
               and "R003 C1: " in w for w in result.warnings), result.warnings
    kept = project.scalar("SELECT r.text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                          " WHERE p.external_id = 'R003' AND r.text != ''")
    assert kept.startswith("Because the buses")


def test_another_surveys_question_of_the_same_number_is_a_question_of_its_own(project, tmp_path):
    """A second survey's "Q3. What else should we consider?" is not the project's "Q3. How much
    would you pay?" renamed (its 40 price answers sat under the new wording); a reworded Q3 is."""
    rows = [[f"A{i}", "Yes", f"{10 + i} pounds a month at most"] for i in range(12)]
    first = tmp_path / "first.csv"
    with first.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["ID", "Q1. Do you support the scheme?", "Q3. How much would you pay (£)?"], *rows])
    second = tmp_path / "second.csv"
    with second.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["ID", "Q1. Do you support the scheme?", "Q3. What else should we consider?"],
                                  *[[f"B{i}", "No", f"Think about the parking near school {i}"] for i in range(12)]])
    import_files(project, [first])
    result = import_files(project, [second])
    texts = dict(project.query("SELECT key, text FROM questions"))
    assert texts["Q3"] == "How much would you pay (£)?" and texts["Q3_2"] == "What else should we consider?"
    assert any(w.startswith("second.csv: Q3 of this file") and "imported as Q3_2" in w for w in result.warnings), \
        result.warnings  # several files in one import: the warning says which
    reworded = tmp_path / "third.csv"
    with reworded.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["ID", "Q1. Do you support this scheme?", "Q3. How much would you pay (£) a month?"],
                                  ["C1", "Yes", "5 pounds"]])
    assert import_files(project, [reworded]).questions == 0  # the same questions, reworded


def test_a_blank_header_cell_does_not_make_the_first_respondent_a_header_row(tmp_path):
    """A header with a blank column in the middle, and a first respondent who answered that column
    but left another blank, looked like two header rows (merged cells): respondent A1 was lost."""
    header = ["ID", "", "Q2. Why?", "Q3. Anything else?"]
    rows = [["A1", "note", "", "more"]] + [[f"A{i}", "", f"reason {i}", f"more {i}"] for i in range(2, 8)]
    path = tmp_path / "blank.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    people = [p.external_id for p in parse_file(path).iter_respondents()]
    assert people[0] == "A1" and len(people) == 7


def test_spreadsheet_errors_are_no_answers_and_invisible_characters_leave_headers(tmp_path):
    """"#N/A" from a lookup that failed is no answer (it became a closed question's option and a
    theme's quote); a zero-width space copied into a header made "Q1" a second question."""
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Q1.\u200b What do you think?", "Lookup"])
    for i in range(6):
        ws.append([f"R{i}", "#N/A" if i == 0 else f"buses are late {i}", "#REF!" if i < 2 else "Yes"])
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert [q.text for q in batch.questions][0] == "What do you think?"
    assert all(a.text != "#N/A" and a.choice not in ("#N/A", "#REF!") for p in people for a in p.answers)
    assert any("3 cells held a spreadsheet's error" in w for w in batch.warnings), batch.warnings


def test_an_id_kept_as_a_number_in_one_export_matches_its_padded_form_in_another(project, tmp_path):
    """An .ods or .xls export read without its number format gives 123 where the tool's CSV gives
    00123: the later export counted every respondent twice. Ids of figures alone match by value, in
    the import and in its dry run, and the import says so."""
    first, later = tmp_path / "first.csv", tmp_path / "later.csv"
    first.write_text("ID,Q1. What would help?\n123,More buses please\n7,Libraries open later\n")
    later.write_text("ID,Q1. What would help?\n00123,More buses please\n00007,Libraries open later\n"
                     "00009,A new youth club\n")
    import_files(project, [first])
    project_path = project.path
    preview = preview_file(later, project=project_path)
    assert (preview.respondents, preview.already) == (1, 2)
    result = import_files(project, [later])
    assert result.respondents == 1 and project.scalar("SELECT COUNT(*) FROM respondents") == 3
    assert any("2 respondents matched those already in the project by the value of their id" in w
               for w in result.warnings)


def test_a_header_that_is_a_question_code_is_its_key(tmp_path):
    """Analysis files name columns by the question's code ("N2", "S10"): that is the key analysts use,
    not an invented C1."""
    from consult_analyser.ingest.columns import detect_mapping

    mapping = detect_mapping(["ID", "N2", "S10", "Comments"],
                             [["R1", "Buses are too slow", "Too long to wait", "none at all"],
                              ["R2", "Schools need money", "Yes they do", "ok then"]])
    keys = {c.header: c.question_key for c in mapping.columns if c.role == "question"}
    assert keys == {"N2": "N2", "S10": "S10", "Comments": "C1"}


def test_a_file_of_another_survey_is_previewed_with_its_keys_in_the_project_and_a_warning(tmp_path):
    """The preview showed the file's questions as C1, C2 (the project's own keys) though the import
    stores them as C3, C4, and said nothing of a file sharing no question with the project."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.ingest.preview import preview_file
    from consult_analyser.store.project import Project

    first = tmp_path / "first.csv"
    first.write_text("What do you think of the bus plan?,Any other comments?\nToo slow to be useful,None\n"
                     "Buses should run later,Thanks\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("What year are you in?,Is a hotdog a sandwich?\nFirst year,No\nSecond year,Yes\n",
                     encoding="utf-8")
    path = tmp_path / "p.consult"
    with Project.create(path) as project:
        import_files(project, [first])
        before = {r[0] for r in project.query("SELECT key FROM questions")}
    preview = preview_file(other, project=path)
    shown = {q.key for q in preview.questions}
    assert not shown & before and any("none of its 2 questions" in w for w in preview.warnings), preview.warnings
    with Project.open(path) as project:
        result = import_files(project, [other])
        stored = {r[0] for r in project.query("SELECT key FROM questions")} - before
    assert stored == shown and any("none of the file's 2 questions" in w for w in result.warnings)


def test_options_ticked_in_one_cell_on_lines_of_their_own():
    """Jotform writes a tick-all question's options in one cell, one per line."""
    from consult_analyser.ingest.closed_answers import ticked_options

    cells = ["Bus\nCar\nBicycle", "Bicycle", "Bus\nTrain\nCar\nWalking", "Train", "Bus", "Car\nWalking",
             "Walking", "Bus\nTrain", "Car", "Train\nBicycle", "Bus", "Walking\nBicycle"]
    found = ticked_options(cells)
    assert found is not None and found[0] == "\n"
    assert sorted(found[1]) == ["Bicycle", "Bus", "Car", "Train", "Walking"]
    # an open answer of several lines is no list of options
    essays = [f"We need better buses.\nThe 4{i} is always late.\nPlease fix it." for i in range(12)]
    assert ticked_options(essays) is None


def test_a_mapping_naming_a_column_another_file_lacks_names_that_file(project, tmp_path):
    """One mapping file applies to every file of an import; a trial's refusal named only the mapping
    ("mapping.toml, field 'Q1 response'") and not the survey export that lacked the column."""
    from consult_analyser.errors import IngestError

    survey = tmp_path / "survey_export.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["ID", "Q1. Your views?"], *[[f"A{i}", f"Buses {i}"] for i in range(5)]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Q1 response" = "question:Q1:open"\n', encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        import_files(project, [survey], mapping_file=mapping)
    assert "survey_export.csv does not have: 'Q1 response'" in str(caught.value)
    assert "one at a time" in str(caught.value)


def test_a_teams_log_of_emailed_responses_reads_its_comments_as_words_and_its_notes_as_its_own(tmp_path):
    """A trial's log read "General comments" (a few stock lines repeated) and the team's "Notes"
    ("Late - accepted", "Chased for Q5") as closed questions, and the dry run called a protected
    postcode column "metadata"."""
    path = tmp_path / "log.csv"
    stock = ["We welcome the plan overall.", "We would welcome a meeting with officials.", ""]
    notes = ["Late - accepted by SRO", "Chased for Q5", "Acknowledged"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Ref", "Postcode", "Q1 response", "General comments", "Notes"],
                                  *[[f"L{i}", f"SY{i % 9 + 1} 6JL", f"Buses in the valley stop at six, point {i}",
                                     stock[i % 3], notes[i % 3]] for i in range(15)]])
    shown = dict(preview_file(path).columns)
    assert shown["General comments"] == "question C1 (open)"
    assert shown["Notes"] == "metadata" and shown["Postcode"] == "personal (postcode)"
    ip = tmp_path / "ip.csv"
    ip.write_text("Response ID,IP Address,Q1. Views?\n1,192.0.2.1,Buses are late\n2,192.0.2.9,Trains too\n",
                  encoding="utf-8")
    assert dict(preview_file(ip).columns)["IP Address"] == "personal (IP address)"


def test_a_mapping_file_says_how_a_files_responses_came(project, tmp_path):
    """A trial's log of 40 e-mailed responses was published as 'Online survey': nothing could say otherwise."""
    from consult_analyser.errors import IngestError

    path = tmp_path / "response_log.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Ref", "Q1 response"], *[[f"L{i}", f"Our view on buses, {i}"] for i in range(4)]])
    mapping = tmp_path / "log.toml"
    mapping.write_text('[import]\nchannel = "email"\n', encoding="utf-8")
    import_files(project, [path], mapping_file=mapping)
    assert [tuple(r) for r in project.query("SELECT DISTINCT channel FROM respondents")] == [("email",)]
    mapping.write_text('[import]\nchannel = "pigeon"\n', encoding="utf-8")
    with pytest.raises(IngestError, match='channel = "online" or "email"'):
        parse_file(path, mapping_file=mapping)
