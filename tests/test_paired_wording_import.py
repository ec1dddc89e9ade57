"""Trial 48 m3: a closed question and the free-text column that explains it are one hybrid question under the
closed question's text, and the free-text column's own wording ("Please explain your views on the proposed rule.")
was dropped. It is kept with the question (``Question.follow_up``, schema 13) and shown after its text
(``Question.wording``); a later export of the survey still joins the same question. And a request for views after a
closed question that asks no view (a docket chooser, "Which proposed rule are you commenting on?") is a question of
its own, not that question's explanation (the trial's open-only file themed the views under the docket chooser)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consult_analyser.domain import QuestionKind
from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.wide import WideTableReader
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.store.schema import SCHEMA_VERSION

DOCKETS = ["FWS-HQ-ES-2018-0007", "CEQ-2019-0003", "OSHA-H005C-2006-0870", "ICEB-2015-0002"]
VIEWS = "Please explain your views on the proposed rule."


def _survey(path: Path, *, support: bool, rows: int = 24) -> Path:
    """The trial's two exports: a docket chooser, the support question (``support``) and the views."""
    header = ["Id", "Which proposed rule are you commenting on?"] + (
        ["Do you support the proposed rule?"] if support else []) + [VIEWS]
    lines = [",".join(f'"{h}"' for h in header)]
    for i in range(rows):
        stance = ["Support", "Oppose", "Neither / no position"][i % 3]
        lines.append(",".join([f"R{i:04d}", DOCKETS[i % 4]] + ([stance] if support else [])
                              + [f'"The rule would change how farm {i} manages its water, and costs rise"']))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    p = Project.create(tmp_path / "p.consult")
    yield p
    p.close()


def test_the_views_after_a_docket_chooser_are_a_question_of_their_own(project, tmp_path):  # type: ignore[no-untyped-def]
    import_files(project, [_survey(tmp_path / "consult_b_open.csv", support=False)])
    chooser, views = list_questions(project)
    assert chooser.kind == QuestionKind.CLOSED and chooser.text == "Which proposed rule are you commenting on?"
    assert views.kind == QuestionKind.OPEN and views.text == VIEWS  # themed under its own wording


def test_the_views_after_the_support_question_explain_it_and_keep_their_wording(
        project, tmp_path):  # type: ignore[no-untyped-def]
    import_files(project, [_survey(tmp_path / "consult_a.csv", support=True)])
    chooser, support = list_questions(project)
    assert chooser.kind == QuestionKind.CLOSED
    assert support.kind == QuestionKind.HYBRID and support.text == "Do you support the proposed rule?"
    assert support.follow_up == VIEWS
    assert support.wording == f"Do you support the proposed rule? — {VIEWS}"


@pytest.mark.parametrize(("closed", "options", "open_header", "paired"), [
    # a chooser's answer explained: the request points at the answer, or is a bare "Why?"
    ("Which option do you prefer?", ["Option A", "Option B", "Option C"], "Please explain your choice", True),
    ("Which proposed rule are you commenting on?", DOCKETS, "Why?", True),
    ("Which proposed rule are you commenting on?", DOCKETS, "Please give reasons for your answer", True),
    # views explain a view: yes/no, agree/disagree, a rating by number, or a question that asks one
    ("Do you support the proposal?", ["Yes", "No", "Not sure"], "Please explain your views on the proposal", True),
    ("How would you rate the service?", ["Very good", "Good", "Poor"], "Please explain your views", True),
    ("Score out of 5", ["1", "2", "3", "4", "5"], "What is the rationale behind your opinion?", True),
    # ... and not a docket or a category chosen from a list
    ("Which proposed rule are you commenting on?", DOCKETS, VIEWS, False),
    ("Which area do you live in?", ["North", "South", "East", "West"], "Please explain your views", False),
])
def test_a_request_for_views_explains_only_a_closed_answer_that_is_a_view(
        tmp_path, closed, options, open_header, paired):  # type: ignore[no-untyped-def]
    lines = [f'Id,"{closed}","{open_header}"']
    lines += [f'R{i},{options[i % len(options)]},"A long answer of several words from respondent {i}"'
              for i in range(20)]
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    questions = WideTableReader().read(path).questions
    assert (len(questions) == 1 and questions[0].kind == QuestionKind.HYBRID) is paired
    if paired:
        assert questions[0].text == closed and questions[0].follow_up == open_header


def test_a_shared_stem_is_not_repeated_in_the_wording(tmp_path):  # type: ignore[no-untyped-def]
    lines = ['Id,"Q2. Do you agree with B? - Response","Q2. Do you agree with B? - Comments"']
    lines += [f'R{i},{"Agree" if i % 2 else "Disagree"},"Note {i} here on the plan"' for i in range(20)]
    path = tmp_path / "stems.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (question,) = WideTableReader().read(path).questions
    assert question.wording == "Do you agree with B? — Comments"


def test_a_closed_column_whose_tail_is_the_question_keeps_it(tmp_path):  # type: ignore[no-untyped-def]
    """"Proposal A - Do you agree?" beside "Proposal A - Why?" was kept as "Proposal A": the stem is the question
    only beside a label ("Response", "Your rating")."""
    lines = ['Id,"Proposal A - Do you agree?","Proposal A - Why?"']
    lines += [f'R{i},{"Yes" if i % 2 else "No"},"My own view {i} on housing and roads"' for i in range(24)]
    path = tmp_path / "proposal.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (question,) = WideTableReader().read(path).questions
    assert question.kind == QuestionKind.HYBRID
    assert question.text == "Proposal A - Do you agree?"
    assert question.wording == "Proposal A - Do you agree? — Why?"


def test_an_old_project_is_migrated_without_loss_and_a_later_export_fills_the_wording_under_the_same_key(
        tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "old.consult"
    with Project.create(path) as project:
        import_files(project, [_survey(tmp_path / "consult_a.csv", support=True)])
        before = {q.key: (q.id, q.text, q.kind, q.choices) for q in list_questions(project)}
        answers = project.query("SELECT id, question_id, text, choice FROM responses ORDER BY id")
        # as schema 12 left it: no column for the wording
        project.conn.execute("ALTER TABLE questions DROP COLUMN follow_up")
        project.conn.execute("PRAGMA user_version = 12")
    with Project.open(path) as project:
        assert project.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert {q.key: (q.id, q.text, q.kind, q.choices) for q in list_questions(project)} == before
        assert [tuple(r) for r in project.query("SELECT id, question_id, text, choice FROM responses ORDER BY id")] \
            == [tuple(r) for r in answers]
        assert [q.follow_up for q in list_questions(project)] == ["", ""]  # nothing recorded it: none made up
        # a later export of the same survey (two more respondents): the same questions, the wording now kept
        later = _survey(tmp_path / "consult_a_later.csv", support=True, rows=26)
        result = import_files(project, [later])
        assert result.questions == 0 and result.respondents == 2
        after = list_questions(project)
        assert [(q.key, q.id, q.text) for q in after] == [(k, v[0], v[1]) for k, v in before.items()]
        assert after[1].follow_up == VIEWS


def test_a_later_export_keeps_matching_the_question_the_wording_belongs_to(
        project, tmp_path):  # type: ignore[no-untyped-def]
    import_files(project, [_survey(tmp_path / "a.csv", support=True)])
    first = [(q.key, q.id) for q in list_questions(project)]
    # the later export's free-text column reworded: the question is matched by the closed question's text
    later = _survey(tmp_path / "b.csv", support=True, rows=26)
    later.write_text(later.read_text(encoding="utf-8").replace(VIEWS, "Please explain your answer"), encoding="utf-8")
    result = import_files(project, [later])
    assert result.questions == 0 and [(q.key, q.id) for q in list_questions(project)] == first
    assert list_questions(project)[1].follow_up == "Please explain your answer"  # the latest export's wording


REALDATA = Path(os.environ.get("CONSULT_REALDATA", "/nonexistent")) / "survey_tool_exports"


@pytest.mark.skipif(not REALDATA.is_dir(), reason="CONSULT_REALDATA not set")
def test_real_exports_keep_their_one_pairing_with_its_wording():
    """Every real survey-tool export: the one closed question with its explanation (the Google Forms export's
    hotdog question and its rationale) stays paired, and nothing else is."""
    hybrids = []
    for path in sorted(REALDATA.iterdir()):
        if path.suffix in (".csv", ".xlsx"):
            hybrids += [(path.name, q.wording) for q in WideTableReader().read(path).questions
                        if q.kind == QuestionKind.HYBRID]
    assert hybrids == [("google_forms_export.csv", "Do you believe that a hotdog falls under the category of a "
                        "sandwich? — What is the rationale behind your opinion?")]
