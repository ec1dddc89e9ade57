"""Team-lead actions on themes: each one's effect, provenance, and exact undo/redo."""

from __future__ import annotations

import time

import pytest
from test_themes_store import N_RESPONDENTS, StandInModel, WordEmbedder, by_label, make_project, qid, run

from consult_analyser.actions import themes as ops
from consult_analyser.domain import ThemeStatus
from consult_analyser.store import theme_edits
from consult_analyser.store import themes as store_themes

TABLES = ("themes", "theme_assignments", "reviews")


def snapshot(project) -> dict:
    return {t: sorted(tuple(r) for r in project.query(f"SELECT * FROM {t}")) for t in TABLES}


def round_trip(project, op):
    before = snapshot(project)
    changes = op.apply(project)
    after = snapshot(project)
    assert after != before and changes
    assert op.revert(project)
    assert snapshot(project) == before
    op.apply(project)
    assert snapshot(project) == after
    return changes


@pytest.fixture
def setup(tmp_path):
    project = make_project(tmp_path)
    run(project)
    themes = by_label(project, "Q1")
    yield project, {label: row.theme.id for label, row in themes.items()}
    project.close()


def last_audit(project) -> str:
    return project.scalar("SELECT action FROM audit ORDER BY seq DESC LIMIT 1")


def test_rename(setup):
    project, ids = setup
    changes = round_trip(project, ops.RenameTheme(ids["Funding"], "Money for youth work", "Grants and staff"))
    theme = store_themes.get_theme(project, ids["Funding"])
    assert (theme.label, theme.description, theme.status) == ("Money for youth work", "Grants and staff",
                                                            ThemeStatus.EDITED)
    assert "themes" in changes.tables and ids["Funding"] in changes.ids
    actions = [r[0] for r in project.query("SELECT action FROM audit WHERE seq > (SELECT MAX(seq) FROM audit"
                                           " WHERE action = 'discover_themes')")]
    assert actions == ["update_theme", "undo", "redo"]
    with pytest.raises(ValueError):
        ops.RenameTheme(ids["Funding"], "   ").apply(project)


def test_merge_moves_answers_collapses_duplicates_and_removes_source(setup):
    project, ids = setup
    funding, schools = ids["Funding"], ids["Schools"]
    shared = store_themes.answer_ids(project, schools)[0]
    theme_edits.assign(project, funding, [shared])  # an answer in both themes, placed by a person
    expected = set(store_themes.answer_ids(project, funding)) | set(store_themes.answer_ids(project, schools))
    round_trip(project, ops.MergeThemes([schools], funding))
    assert store_themes.get_theme(project, schools) is None
    assert set(store_themes.answer_ids(project, funding)) == expected
    (row,) = project.query("SELECT source, confidence FROM theme_assignments WHERE response_id = ?", (shared,))
    assert tuple(row) == ("analyst", 1.0)
    assert store_themes.get_theme(project, funding).status == ThemeStatus.EDITED


def test_merge_across_questions_is_refused(setup):
    project, ids = setup
    other = by_label(project, "Q2")["Funding"].theme.id
    with pytest.raises(ValueError, match="different questions"):
        ops.MergeThemes([other], ids["Funding"]).apply(project)


def test_split_by_answers(setup):
    project, ids = setup
    answers = store_themes.answer_ids(project, ids["Funding"])
    op = ops.SplitTheme.by_answers(ids["Funding"], answers[:3], "Youth work", "Clubs and staff")
    round_trip(project, op)
    (new,) = op.new_themes
    assert store_themes.answer_ids(project, new.id) == answers[:3]
    assert store_themes.answer_ids(project, ids["Funding"]) == answers[3:]
    assert store_themes.get_theme(project, new.id).status == ThemeStatus.EDITED
    assert new.id in {r[0] for r in project.query("SELECT id FROM themes")}  # same id after redo


def test_split_by_model_reclusters_the_theme(setup):
    project, ids = setup
    ops.MergeThemes([ids["Schools"]], ids["Funding"]).apply(project)
    op = ops.SplitThemeByModel(ids["Funding"], 2, embedder=WordEmbedder(), discover=StandInModel())
    round_trip(project, op)
    (new,) = op.new_themes
    assert new.label in {"Funding", "Schools"}
    assert len(store_themes.answer_ids(project, new.id)) == N_RESPONDENTS // 4
    assert len(store_themes.answer_ids(project, ids["Funding"])) == N_RESPONDENTS // 4


def test_split_by_model_falls_back_to_kmeans(setup):
    project, ids = setup
    ops.MergeThemes([ids["Schools"]], ids["Funding"]).apply(project)
    op = ops.SplitThemeByModel(ids["Funding"], 2, embedder=WordEmbedder(), discover=StandInModel([("zzz", "None")]))
    round_trip(project, op)
    (new,) = op.new_themes
    assert new.label and 0 < len(store_themes.answer_ids(project, new.id)) < N_RESPONDENTS // 2


def test_delete_unassigns_answers(setup):
    project, ids = setup
    q1 = qid(project, "Q1")
    before = store_themes.coverage(project, q1).unassigned
    round_trip(project, ops.DeleteThemes([ids["Transport"]]))
    assert store_themes.get_theme(project, ids["Transport"]) is None
    assert store_themes.coverage(project, q1).unassigned == before + N_RESPONDENTS // 4


def test_move_answers_between_in_and_out(setup):
    project, ids = setup
    funding, schools = ids["Funding"], ids["Schools"]
    moving = store_themes.answer_ids(project, funding)[:2]
    round_trip(project, ops.MoveAnswers(moving, funding, schools))
    assert set(moving) <= set(store_themes.answer_ids(project, schools))
    assert not set(moving) & set(store_themes.answer_ids(project, funding))
    assert {tuple(r) for r in project.query(
        "SELECT source, confidence FROM theme_assignments WHERE theme_id = ? AND response_id IN (?, ?)",
        (schools, *moving))} == {("analyst", 1.0)}
    round_trip(project, ops.MoveAnswers(moving[:1], schools, None))
    assert moving[0] not in store_themes.answer_ids(project, schools)
    round_trip(project, ops.MoveAnswers(moving[:1], None, funding))
    assert moving[0] in store_themes.answer_ids(project, funding)
    other_question = store_themes.answer_ids(project, by_label(project, "Q2")["Funding"].theme.id)[0]
    with pytest.raises(ValueError, match="another question"):
        ops.MoveAnswers([other_question], None, funding).apply(project)


def test_add_theme_by_hand(setup):
    project, ids = setup
    q1 = qid(project, "Q1")
    unassigned = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? AND text LIKE 'I have%'",
                                              (q1,))]
    op = ops.AddTheme(q1, "No view", "Answers without a view", response_ids=unassigned, parent_id=None)
    round_trip(project, op)
    theme = store_themes.get_theme(project, op.theme.id)
    assert theme.status == ThemeStatus.EDITED and theme.source.value == "analyst" and theme.model == ""
    assert store_themes.coverage(project, q1).unassigned == 0


def test_sign_off_and_withdraw(setup):
    project, ids = setup
    changes = round_trip(project, ops.SignOffThemes([ids["Funding"]], note="agreed at panel"))
    theme = store_themes.get_theme(project, ids["Funding"])
    assert theme.status == ThemeStatus.SIGNED_OFF and theme.signed_off_by == "tester" and theme.signed_off_at
    assert "reviews" in changes.tables
    assert tuple(project.query("SELECT status, reviewer, note FROM reviews")[0]) == ("signed_off", "tester",
                                                                                     "agreed at panel")
    round_trip(project, ops.UnsignThemes([ids["Funding"]]))
    theme = store_themes.get_theme(project, ids["Funding"])
    assert (theme.status, theme.signed_off_by) == (ThemeStatus.EDITED, "")
    assert project.scalar("SELECT COUNT(*) FROM audit WHERE action = 'unsign_themes'") == 1


def test_hierarchy_and_cycles(setup):
    project, ids = setup
    round_trip(project, ops.SetThemeParent([ids["Schools"], ids["Transport"]], ids["Funding"]))
    assert store_themes.get_theme(project, ids["Schools"]).parent_id == ids["Funding"]
    with pytest.raises(ValueError, match="under itself"):
        ops.SetThemeParent([ids["Funding"]], ids["Schools"]).apply(project)
    # Merging a parent into its own sub-theme: the sub-theme takes its place, the others go under it.
    round_trip(project, ops.MergeThemes([ids["Funding"]], ids["Schools"]))
    assert store_themes.get_theme(project, ids["Schools"]).parent_id is None
    assert store_themes.get_theme(project, ids["Transport"]).parent_id == ids["Schools"]
    # Deleting a parent together with its sub-theme leaves no dangling parent.
    round_trip(project, ops.DeleteThemes([ids["Schools"], ids["Transport"]]))
    assert project.query("SELECT id FROM themes WHERE parent_id IS NOT NULL AND parent_id NOT IN"
                         " (SELECT id FROM themes)") == []


def test_undo_stack_in_reverse_order(setup):
    project, ids = setup
    start = snapshot(project)
    stack = [ops.RenameTheme(ids["Funding"], "Money"), ops.MergeThemes([ids["Schools"]], ids["Funding"]),
             ops.SignOffThemes([ids["Funding"]]), ops.DeleteThemes([ids["Transport"]])]
    for op in stack:
        op.apply(project)
    end = snapshot(project)
    for op in reversed(stack):
        op.revert(project)
    assert snapshot(project) == start
    for op in stack:
        op.apply(project)
    assert snapshot(project) == end
    with pytest.raises(RuntimeError):
        stack[0].apply(project)


def test_recluster_after_merge_keeps_the_merged_theme_and_is_fast(setup):
    project, ids = setup
    ops.MergeThemes([ids["Schools"]], ids["Funding"]).apply(project)
    merged = set(store_themes.answer_ids(project, ids["Funding"]))
    started = time.perf_counter()
    run(project, question="Q1")
    assert time.perf_counter() - started < 2.0
    themes = by_label(project, "Q1")
    assert themes["Funding"].theme.id == ids["Funding"] and set(store_themes.answer_ids(project, ids["Funding"])) \
        == merged
    assert "Schools" not in themes  # merged into Funding: the re-run does not make it again beside it
