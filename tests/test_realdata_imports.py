"""The real exports kept aside (../shared/realdata) import without a mapping file."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from consult_analyser.domain import QuestionKind
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.store import questions, responses
from tests.conftest import REALDATA

pytestmark = pytest.mark.realdata


def need(*parts: str):
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip("real data not available")
    return path


def test_au_long_table(project):
    path = need("au_safe_responsible_ai", "srai_shortened.csv")
    batch = parse_file(path)
    assert batch.reader == "long-table"
    result = import_files(project, [path])
    assert result.respondents == 446 and result.responses > 3800
    keys = {q.key for q in questions.list_questions(project)}
    assert {"Q1", "Q20", "General comment"} <= keys
    named = project.scalar("SELECT COUNT(*) FROM respondents WHERE name != ''")
    assert named > 400  # sub_name is the submitter


def test_google_forms_csv_and_xlsx(project):
    for name, people in (("google_forms_export.csv", 91), ("google_forms_export.xlsx", 207)):
        path = need("survey_tool_exports", name)
        batch = parse_file(path)
        assert batch.reader == "wide-table", name
        assert any("no respondent id column" in w for w in batch.warnings)
        roles = dict(batch.columns)
        assert roles["Timestamp"] == "metadata"
        result = import_files(project, [path])
        assert result.respondents == people, name
    kinds = {q.text: q.kind for q in questions.list_questions(project)}
    # the yes/no question and "What is the rationale behind your opinion?" right after it are one
    # question: the reasons can be split by the answer (who said what)
    hotdog = "Do you believe that a hotdog falls under the category of a sandwich?"
    assert kinds[hotdog] == QuestionKind.HYBRID
    assert "What is the rationale behind your opinion?" not in kinds
    assert kinds["What is your field of study or major?"] == QuestionKind.OPEN  # not a follow-up
    assert kinds["Is hotdog a sandwich?"] == QuestionKind.CLOSED
    question = next(q for q in questions.list_questions(project) if q.text == hotdog)
    both = project.scalar("SELECT COUNT(*) FROM responses WHERE question_id = ? AND choice != '' AND trim(text) != ''",
                          (question.id,))
    assert both > 50


def test_microsoft_forms_csv(project):
    path = need("survey_tool_exports", "microsoft_forms_export.csv")
    roles = dict(parse_file(path).columns)
    assert (roles["Id"], roles["Start time"], roles["Completion time"], roles["Email"], roles["Name"]) == \
           ("id", "metadata", "metadata", "email", "name")
    result = import_files(project, [path])
    assert result.respondents == 187
    kinds = {q.text: q.kind for q in questions.list_questions(project)}
    assert kinds["Is a hotdog a sandwich"] == QuestionKind.CLOSED
    assert kinds["What is your major?"] == QuestionKind.OPEN


def test_rulemaking_comments_with_commenter_and_org_type(project):
    path = need("us_rulemaking_comments", "comments_coded.csv")
    roles = dict(parse_file(path, skip_bad_rows=True).columns)
    assert roles["document_id"] == "id" and roles["org_type"] == "sector" and roles["commenter"] == "name"
    assert roles["comment_type"] == "respondent_type"
    assert roles["comment_text"].endswith("(open)")
    # a few document ids are listed once per signatory, with the same comment and another code
    # (co-signed letters): each is read once, with its first row's details, and the import says so
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_id: dict[str, set[tuple]] = {}
    for row in rows:
        by_id.setdefault(row["document_id"], set()).add(tuple(row.values()))
    result = import_files(project, [path])
    assert result.respondents == len(by_id)
    assert not result.skipped_rows
    said = " ".join(result.warnings)
    assert "'CFPB-2019-0006-5496' at lines 236, 237, 238" in said and "same answers but other details" in said
    declared = Counter(r[0].split(";")[0].lower() for r in project.query(
        "SELECT declared_type FROM respondents WHERE declared_type != ''"))
    assert declared["ngo"] > 3000 and declared["corp"] > 1000 and declared["gov"] > 500
    church = responses.respondent(project, "USCIS-2006-0044-0367")
    assert church.organisation == "Seminole United Methodist Church" and church.is_organisation is True
    assert church.declared_type == "Ngo;Church"
    person = responses.respondent(project, "USCIS-2006-0044-0235")
    assert person.is_organisation is False and person.organisation == ""


def test_a_long_table_with_one_row_per_coder_keeps_each_answer_once(project):
    """The double-coded survey lists every answer twice (primary and secondary coder): the answer
    is imported once, not joined to itself, and the import says so."""
    path = need("double_coded_survey", "codings.csv")
    batch = parse_file(path)
    assert batch.reader == "long-table"
    result = import_files(project, [path])
    assert result.respondents == 125
    texts = [r[0] for r in project.query("SELECT text FROM responses WHERE trim(text) != ''")]
    assert len(texts) == 580 and not any("\n\n" in t and len(set(t.split("\n\n"))) == 1 for t in texts)
    assert any("kept once" in w for w in result.warnings)
