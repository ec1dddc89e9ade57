"""Memos on codes, answers, respondents, themes and the project, and undo of memo actions."""

from __future__ import annotations

import pytest

from consult_analyser.actions import coding as ops
from consult_analyser.domain import new_id, now_iso
from consult_analyser.store import codebook, memos
from consult_analyser.store.project import Project


def snapshot(project) -> list[tuple]:
    return sorted(tuple(r) for r in project.query("SELECT * FROM memos"))


@pytest.fixture
def targets(imported_project):
    project = imported_project
    code = codebook.create_code(project, "Funding")
    response = project.scalar("SELECT id FROM responses ORDER BY seq LIMIT 1")
    respondent = project.scalar("SELECT id FROM respondents ORDER BY seq LIMIT 1")
    question = project.scalar("SELECT id FROM questions ORDER BY position LIMIT 1")
    theme = new_id()
    with project.transaction() as conn:
        conn.execute("INSERT INTO themes(id, question_id, label, created_at, updated_at) VALUES (?, ?, 'T', ?, ?)",
                     (theme, question, now_iso(), now_iso()))
    return project, {"code": code.id, "response": response, "respondent": respondent, "theme": theme,
                     "project": ""}


def test_memos_on_every_kind_of_target(targets):
    project, ids = targets
    for kind, target in ids.items():
        memo = memos.add_memo(project, kind, target, f"about this {kind}")
        assert memo.author == "tester"
        assert [m.text for m in memos.memos_for(project, kind, target)] == [f"about this {kind}"]
    assert len(memos.list_memos(project)) == 5
    assert [m.target_kind for m in memos.list_memos(project, "code")] == ["code"]
    assert memos.memo_counts(project, "response") == {ids["response"]: 1}


def test_memo_validation(targets):
    project, ids = targets
    with pytest.raises(ValueError, match="not on 'question'"):
        memos.add_memo(project, "question", "x", "text")
    with pytest.raises(ValueError, match="no code with id 'missing'"):
        memos.add_memo(project, "code", "missing", "text")
    with pytest.raises(ValueError, match="needs some text"):
        memos.add_memo(project, "code", ids["code"], "  ")
    with pytest.raises(ValueError, match="no memo"):
        memos.update_memo(project, "missing", "x")
    assert memos.add_memo(project, "project", "ignored", "project memo").target_id == ""


def test_update_delete_and_set_memo(targets):
    project, ids = targets
    memo = memos.add_memo(project, "code", ids["code"], "first")
    memos.update_memo(project, memo.id, "second")
    assert memos.get_memo(project, memo.id).text == "second"
    # set_memo edits the actor's own memo on the target; another analyst's stays separate.
    other = Project.open(project.path, actor="someone else")
    try:
        memos.set_memo(other, "code", ids["code"], "their view")
    finally:
        other.close()
    same = memos.set_memo(project, "code", ids["code"], "third")
    assert same.id == memo.id and same.text == "third"
    assert sorted(m.text for m in memos.memos_for(project, "code", ids["code"])) == ["their view", "third"]
    assert memos.set_memo(project, "code", ids["code"], "") is None
    assert [m.text for m in memos.memos_for(project, "code", ids["code"])] == ["their view"]
    assert memos.set_memo(project, "respondent", ids["respondent"], "") is None
    assert not memos.delete_memo(project, "missing")


def test_code_memos_go_with_deleted_codes(targets):
    project, ids = targets
    memos.add_memo(project, "code", ids["code"], "note")
    codebook.delete_codes(project, [ids["code"]])
    assert memos.list_memos(project, "code") == []


def test_undo_memo_actions(targets):
    project, ids = targets
    empty = snapshot(project)
    create = ops.SetMemo("response", ids["response"], "quotable")
    create.apply(project)
    created = snapshot(project)
    create.revert(project)
    assert snapshot(project) == empty
    create.apply(project)
    assert snapshot(project) == created
    edit = ops.SetMemo("response", ids["response"], "very quotable")
    edit.apply(project)
    assert memos.memos_for(project, "response", ids["response"])[0].text == "very quotable"
    edit.revert(project)
    assert snapshot(project) == created
    edit.apply(project)
    delete = ops.EditMemo(create.memo.id, "")
    delete.apply(project)
    assert snapshot(project) == empty
    delete.revert(project)
    assert memos.get_memo(project, create.memo.id).text == "very quotable"
    delete.apply(project)
    assert snapshot(project) == empty
