"""Codings on whole answers and spans, validation, search-based coding, CSV import and export
rows, and undo of coding actions."""

from __future__ import annotations

import pytest

from consult_analyser.actions import coding as ops
from consult_analyser.domain import Source
from consult_analyser.store import codebook, codings

TABLES = ("codes", "codings", "suggestions", "memos")


def snapshot(project) -> dict:
    return {t: sorted(tuple(r) for r in project.query(f"SELECT * FROM {t}")) for t in TABLES}


def round_trip(project, op):
    before = snapshot(project)
    changes = op.apply(project)
    after = snapshot(project)
    assert after != before and changes
    op.revert(project)
    assert snapshot(project) == before
    op.apply(project)
    assert snapshot(project) == after
    return changes


@pytest.fixture
def setup(imported_project):
    project = imported_project
    code = codebook.create_code(project, "Funding")
    rows = project.query("SELECT r.id, r.text, p.external_id, q.key FROM responses r JOIN respondents p"
                         " ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
                         " WHERE r.text != '' ORDER BY r.seq")
    return project, code, rows



def coded_answers(project) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(respondent's id as imported, question key, code name) of every coding."""
    names = {c.id: c.name for c in codebook.list_codes(project)}
    return {(r[0], r[1], names[r[2]]) for r in project.query(
        "SELECT p.external_id, q.key, c.code_id FROM codings c JOIN responses r ON r.id = c.response_id "
        "JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id")}

def test_whole_answer_and_spans_at_the_edges(setup):
    project, code, rows = setup
    rid, text = rows[0][0], rows[0][1]
    whole = codings.add_coding(project, code.id, rid)
    assert (whole.start, whole.end, whole.coder, whole.source) == (None, None, "tester", Source.ANALYST)
    first = codings.add_coding(project, code.id, rid, 0, 1)
    last = codings.add_coding(project, code.id, rid, len(text) - 1, len(text))
    everything = codings.add_coding(project, code.id, rid, 0, len(text))
    stored = codings.list_codings(project, response_id=rid)
    assert [c.id for c in stored] == [whole.id, first.id, last.id, everything.id]
    assert text[last.start:last.end] == text[-1]
    by_response = codings.codings_by_response(project, [rid, rows[1][0]])
    assert [(c.start, c.end) for c in by_response[rid]] == [(None, None), (0, 1), (0, len(text)),
                                                            (len(text) - 1, len(text))]
    assert by_response[rows[1][0]] == []


def test_overlapping_spans_and_other_coders(setup):
    project, code, rows = setup
    other = codebook.create_code(project, "Community")
    rid = rows[0][0]
    a = codings.add_coding(project, code.id, rid, 0, 10)
    b = codings.add_coding(project, code.id, rid, 5, 15)
    c = codings.add_coding(project, other.id, rid, 0, 10)
    d = codings.add_coding(project, code.id, rid, 0, 10, coder="second coder")
    assert len({a.id, b.id, c.id, d.id}) == 4
    again = codings.add_coding(project, code.id, rid, 0, 10)
    assert again.id == a.id  # same code, span and coder: stored once
    assert len(codings.list_codings(project)) == 4
    assert codings.code_counts(project) == {code.id: 1, other.id: 1}


@pytest.mark.parametrize("start, end, message", [
    (-1, 3, "before the beginning"),
    (3, 3, "is empty"),
    (5, 2, "is empty"),
    (0, 999, "runs past the end of the answer"),
    (0, None, "needs both start and end"),
    (None, 4, "needs both start and end"),
    (1.5, 3, "whole numbers"),
    (True, 3, "whole numbers"),
])
def test_invalid_spans(setup, start, end, message):
    project, code, rows = setup
    with pytest.raises(ValueError, match=message):
        codings.add_coding(project, code.id, rows[0][0], start, end)
    assert codings.list_codings(project) == []


def test_unknown_code_answer_and_bad_confidence(setup):
    project, code, rows = setup
    with pytest.raises(ValueError, match="no code with id 'x'"):
        codings.add_coding(project, "x", rows[0][0])
    with pytest.raises(ValueError, match="no answer with id 'y'"):
        codings.add_coding(project, code.id, "y")
    with pytest.raises(ValueError, match="confidence"):
        codings.add_coding(project, code.id, rows[0][0], confidence=1.5)


def test_bulk_add_is_all_or_nothing(setup):
    project, code, rows = setup
    from consult_analyser.domain import Coding

    good = Coding(code_id=code.id, response_id=rows[0][0])
    bad = Coding(code_id=code.id, response_id=rows[1][0], start=0, end=10_000)
    with pytest.raises(ValueError):
        codings.add_codings(project, [good, bad])
    assert codings.list_codings(project) == []


def test_remove_and_export_rows(setup):
    project, code, rows = setup
    child = codebook.create_code(project, "Youth", parent_id=code.id)
    a = codings.add_coding(project, child.id, rows[1][0], 0, 4, confidence=0.5)
    b = codings.add_coding(project, code.id, rows[0][0])
    exported = codings.export_rows(project)
    assert exported == [
        {"respondent_id": "R-001", "question": "Q1", "code_path": "Funding", "start": None, "end": None,
         "coder": "tester", "source": "analyst", "confidence": 1.0},
        {"respondent_id": "R-001", "question": "Q2", "code_path": "Funding > Youth", "start": 0, "end": 4,
         "coder": "tester", "source": "analyst", "confidence": 0.5}]
    changes = codings.remove_codings(project, [a.id, "unknown"])
    assert changes.tables == {"codings"} and rows[1][0] in changes.ids
    assert [c.id for c in codings.list_codings(project)] == [b.id]
    assert not codings.remove_codings(project, ["unknown"])


def test_undo_add_and_remove_codings(setup):
    project, code, rows = setup
    add = ops.AddCoding(code.id, rows[0][0], 2, 8)
    changes = round_trip(project, add)
    assert changes.tables == {"codings"} and rows[0][0] in changes.ids and add.coding.id in changes.ids
    second = codings.add_coding(project, code.id, rows[1][0])
    round_trip(project, ops.RemoveCoding(add.coding.id))
    round_trip(project, ops.RemoveCodings([second.id]))
    assert codings.list_codings(project) == []


def test_search_preview_and_coding_the_results(setup):
    project, code, rows = setup
    preview = ops.preview_search(project, "school*")
    assert preview.count == 2
    assert {r.external_id for r in preview.rows} == {"R-006"}
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    assert ops.preview_search(project, "school*", question_id=q2).count == 1
    op = ops.CodeSearchResults(code.id, "school*")
    round_trip(project, op)
    assert len(op.codings) == 2
    assert {c.response_id for c in codings.list_codings(project, code_id=code.id)} == {r.id for r in preview.rows}
    # Coding again adds nothing; a chosen subset of the preview can be coded instead of the query.
    other = codebook.create_code(project, "Schools")
    subset = ops.CodeSearchResults(other.id, "school*", response_ids=[preview.rows[0].id])
    subset.apply(project)
    assert [c.response_id for c in codings.list_codings(project, code_id=other.id)] == [preview.rows[0].id]
    with pytest.raises(ValueError, match="type some words"):
        ops.CodeSearchResults(code.id, "  ").apply(project)


def write_codings_csv(path, lines: list[str]):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_codings_csv(setup, tmp_path):
    project, code, rows = setup
    codebook.ensure_path(project, "Funding > Youth")
    path = write_codings_csv(tmp_path / "c.csv", [
        "Respondent ID,Question,Code,Start,End,Coder",
        "R-001,Q1,Funding,,,",
        "R-001,Q2,Funding > Youth,0,4,Ann",
        "R-002,Q2,youth,0,9,",
        "R-002,Q2,youth,0,9,",  # repeated row: stored once
    ])
    op = ops.ImportCodings(path)
    round_trip(project, op)
    assert op.added == 3
    stored = codings.list_codings(project)
    assert {(c.start, c.end, c.coder, c.source) for c in stored} == {
        (None, None, "tester", Source.IMPORTED), (0, 4, "Ann", Source.IMPORTED), (0, 9, "tester", Source.IMPORTED)}


def test_import_codings_errors_name_lines_and_change_nothing(setup, tmp_path):
    project, code, rows = setup
    path = write_codings_csv(tmp_path / "bad.csv", [
        "respondent_id;question;code;start;end",
        "R-001;Q1;Funding;;",
        "R-999;Q1;Funding;;",
        "R-001;Q9;Funding;;",
        "R-001;Q1;Nope;;",
        "R-001;Q1;Funding;0;500",
        "R-003;Q2;Funding;;",
        "R-001;Q1;Funding;a;3",
    ])
    before = snapshot(project)
    with pytest.raises(ValueError) as info:
        ops.ImportCodings(path).apply(project)
    message = str(info.value)
    assert "nothing imported" in message
    assert "line 3: no answer from respondent 'R-999' to Q1" in message
    assert "line 4: unknown question 'Q9'" in message
    assert "line 5: unknown code 'Nope'" in message
    assert "line 6: span [0, 500) runs past the end" in message
    assert "line 7: no answer from respondent 'R-003' to Q2" in message
    assert "line 8: 'a' is not a character offset" in message
    assert "line 2" not in message
    assert snapshot(project) == before


def test_a_coding_sheet_with_two_coders_lists_codes_in_one_cell_and_feeds_agreement(setup, tmp_path):
    """A coding sheet as research teams keep one: one row per coder and answer, the answer's codes
    in one cell separated by ";", sub-codes written "parent->child", an empty cell for an answer a
    coder left uncoded. Every code is imported, the uncoded rows are counted, and the answers both
    coders coded count as double-coded, so that agreement measures them (an answer one coder did not
    get to is not a disagreement); undo takes it all back."""
    from consult_analyser.team.agreement import agreement

    project, code, rows = setup
    path = write_codings_csv(tmp_path / "sheet.csv", [
        "question,coder,response_id,codes",
        "Q1,primary,R-001,Funding;cost->bus fares",
        "Q1,secondary,R-001,Funding",
        "Q1,primary,R-002,",
        "Q1,secondary,R-002,cost->bus fares",
    ])
    op = ops.ImportCodings(path, create_codes=True)
    before_team = project.query("SELECT * FROM team_assignments")
    round_trip(project, op)
    assert (op.added, op.uncoded, op.double_coded) == (4, 1, 1)
    fares = codebook.find_code(project, "cost > bus fares")
    assert fares is not None and codebook.find_code(project, "cost->bus fares").id == fares.id
    report = agreement(project)
    assert report.answers == 1  # R-001; the primary coder did not code R-002
    by_code = {c.code_id: c for c in report.codes}
    assert by_code[code.id].f1 == 1.0  # both applied Funding
    assert by_code[fares.id].f1 == 0.0  # only the primary coder applied it
    op.revert(project)
    assert project.query("SELECT * FROM team_assignments") == before_team


def test_import_codings_can_create_codes(setup, tmp_path):
    project, code, rows = setup
    path = write_codings_csv(tmp_path / "c.csv", ["respondent,question,code_path", "R-001,Q1,New > Sub",
                                                 "R-002,Q1,New > Sub"])
    op = ops.ImportCodings(path, create_codes=True)
    op.apply(project)
    assert (op.added, op.created_codes) == (2, 2)  # "New" and "Sub": every code made, parents included
    assert codebook.find_code(project, "New > Sub") is not None
    op.revert(project)
    assert codebook.find_code(project, "New") is None


def test_a_tag_sheet_in_excel_without_a_question_column_codes_the_one_open_question(project, tmp_path):
    """Passages and the tags people gave them, as an inquiry's tag export or an Excel coding sheet
    delivers them: "Passage ID" and "Tags" headers, several tags in a cell split by "|", line
    breaks or (when every part is a code) commas, and no question column (there is one question)."""
    from openpyxl import Workbook

    from consult_analyser.ingest.importer import import_files
    from tests.conftest import write_survey

    passages = [[f"P{i}", f"Passage {i} recommends that the board publishes its funding decisions each year"]
                for i in range(1, 6)]
    import_files(project, [write_survey(tmp_path / "passages.csv", passages, ["Passage ID", "Recommendation"])])
    codebook.ensure_path(project, "Health, safety")
    codebook.ensure_path(project, "Funding")
    codebook.ensure_path(project, "Governance")
    book = Workbook()
    sheet = book.active
    sheet.append(["Tags export, reviewed"])  # a title row above the header
    sheet.append(["passageId", "Tags"])
    for row in (["P1", "Funding|Governance"], ["P2", "Health, safety"], ["P3", "Funding, Governance"],
                ["P4", "Governance\nFunding"], ["P5", ""]):
        sheet.append(row)
    book.save(tmp_path / "tags.xlsx")
    op = ops.ImportCodings(tmp_path / "tags.xlsx")
    round_trip(project, op)
    coded = {(respondent, code) for respondent, _question, code in coded_answers(project)}
    assert coded == {("P1", "Funding"), ("P1", "Governance"), ("P2", "Health, safety"), ("P3", "Funding"),
                     ("P3", "Governance"), ("P4", "Governance"), ("P4", "Funding")}
    assert op.uncoded == 1


def test_a_coding_sheet_that_names_no_codes_or_no_question_says_what_is_missing(imported_project, tmp_path):
    no_codes = tmp_path / "no_codes.csv"
    no_codes.write_text("Respondent ID,Question,Comment\nR1,Q1,fine\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no_codes.csv: nothing imported: no column names the codes"):
        ops.ImportCodings(no_codes).apply(imported_project)
    no_question = tmp_path / "no_question.csv"
    no_question.write_text("Respondent ID,Code\nR1,Funding\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no question column and the project has \d+ open questions"):
        ops.ImportCodings(no_question).apply(imported_project)


def test_a_coding_matrix_with_a_column_per_code_is_read_as_codings(project, tmp_path):
    """A coder's spreadsheet (or a QDA tool's matrix export): the answer, then a column per code
    marked 1/0, x/blank or yes/no. The columns' headers are the codes' names; a row with no mark is
    an answer not coded."""
    from openpyxl import Workbook

    from consult_analyser.ingest.importer import import_files
    from tests.conftest import write_survey

    answers = [[f"C{i}", f"Answer {i} about health and about schools"] for i in range(1, 5)]
    import_files(project, [write_survey(tmp_path / "answers.csv", answers, ["Case ID", "Your views?"])])
    book = Workbook()
    sheet = book.active
    sheet.append(["caseID", "Your views?", "Health care", "Schools", "Cost of living"])
    for row in (["C1", "Answer 1 about health", 1, 0, 0], ["C2", "Answer 2", "x", "x", None],
                ["C3", "Answer 3", "yes", "no", "no"], ["C4", "Answer 4", 0, 0, 0]):
        sheet.append(row)
    book.save(tmp_path / "matrix.xlsx")
    op = ops.ImportCodings(tmp_path / "matrix.xlsx", create_codes=True)
    round_trip(project, op)
    coded = {(respondent, code) for respondent, _question, code in coded_answers(project)}
    assert coded == {("C1", "Health care"), ("C2", "Health care"), ("C2", "Schools"), ("C3", "Health care")}
    assert op.uncoded == 1 and "Cost of living" not in {c.name for c in codebook.list_codes(project)}  # never marked: no code made of it


def test_a_coding_sheet_names_the_respondent_by_any_header_ending_in_id(project, tmp_path):
    """The same file of passages and tags imports as answers (its "Recommendation ID" is the id) and
    then as codings, with nothing renamed."""
    from consult_analyser.ingest.importer import import_files
    from tests.conftest import write_survey

    rows = [["REC-1", "Fund more youth clubs", "Funding; Youth"], ["REC-2", "Publish the data", "Transparency"],
            ["REC-3", "Train more staff", "Funding"], ["REC-4", "Open the libraries", ""]]
    path = write_survey(tmp_path / "inquiry.csv", rows, ["Recommendation ID", "Recommendation", "Tags"])
    import_files(project, [path])
    op = ops.ImportCodings(path, create_codes=True)
    round_trip(project, op)
    coded = {(respondent, code) for respondent, _question, code in coded_answers(project)}
    assert coded == {("REC-1", "Funding"), ("REC-1", "Youth"), ("REC-2", "Transparency"), ("REC-3", "Funding")}
    assert op.uncoded == 1


def test_a_coded_survey_laid_out_wide_imports_each_questions_codes_from_its_column(project, tmp_path):
    """The same file as the answers: "Q1 codes" and "Q2 codes" name their question in the header; an
    empty cell of an answered question is an answer not coded, of an unanswered one nothing."""
    from consult_analyser.ingest.importer import import_files
    from tests.conftest import write_survey

    header = ["Respondent ID", "Q1. What went well?", "Q1 codes", "Q2. What could be better?", "Q2 codes"]
    rows = [["R1", "Kind nurses", "Staff; Kindness", "Shorter waits", "Waiting"],
            ["R2", "Clean wards", "Cleanliness", "", ""],
            ["R3", "The food", "", "Parking", "Parking"]]
    path = write_survey(tmp_path / "coded_wide.csv", rows, header)
    import_files(project, [path])
    op = ops.ImportCodings(path, create_codes=True)
    round_trip(project, op)
    coded = coded_answers(project)
    assert coded == {("R1", "Q1", "Staff"), ("R1", "Q1", "Kindness"), ("R1", "Q2", "Waiting"),
                     ("R2", "Q1", "Cleanliness"), ("R3", "Q2", "Parking")}
    assert op.uncoded == 1  # R3's Q1 answer; R2 did not answer Q2


def test_an_answers_codes_a_column_each_theme_1_theme_2_are_read_together(project, tmp_path):
    """Spreadsheet coding as teams without a QDA tool keep it: "Theme 1", "Theme 2", "Theme 3"."""
    from consult_analyser.ingest.importer import import_files, parse_file
    from tests.conftest import write_survey

    rows = [["P1", "Fund youth clubs", "Funding", "Youth", ""], ["P2", "Publish data", "Transparency", "", ""],
            ["P3", "Train staff", "Funding", "Skills", "Youth"], ["P4", "Open libraries", "", "", ""]]
    path = write_survey(tmp_path / "themed.csv", rows, ["Passage ID", "Passage", "Theme 1", "Theme 2", "Theme 3"])
    batch = parse_file(path)
    list(batch.respondents)
    assert [q.text for q in batch.questions] == ["Passage"]  # the theme columns are not questions
    import_files(project, [path])
    op = ops.ImportCodings(path, create_codes=True)
    round_trip(project, op)
    assert {(r, c) for r, _q, c in coded_answers(project)} == {
        ("P1", "Funding"), ("P1", "Youth"), ("P2", "Transparency"), ("P3", "Funding"), ("P3", "Skills"), ("P3", "Youth")}
    assert op.uncoded == 1
