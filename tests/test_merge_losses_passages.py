"""A letter themed by its passages keeps the passage that put it in a theme across team work: themes run or
merged in an analyst's copy arrive in the lead's project with their letters' passages (the quotes are the
passages, not whole letters), and merging two themes keeps the letters' passages in the merged theme (undone,
they are back as they were)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.actions.respondent_details import SetOrganisationName
from consult_analyser.actions.themes import DeleteThemes, MergeThemes, SplitTheme
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.store import theme_report
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.team import changes, merge, split
from tests.test_themes_passages_store import letters_project
from tests.test_themes_store import WordEmbedder

Passages = dict[tuple[str, str], str]


class OtherWords(WordEmbedder):
    """Another hashed bag of words: a re-run with it finds other themes."""

    name, dim = "other-words", 24


def _passages(project: Project) -> Passages:
    return {(r[0], r[1]): r[2] for r in project.query("SELECT theme_id, response_id, passage FROM theme_passages")}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _quoted_by_passage(project: Project) -> tuple[int, int]:
    """(quotes that are their letter's stored passage in the theme, quotes of every theme of the question)."""
    question = list_questions(project, open_only=True)[0]
    by_passage = total = 0
    stored = _passages(project)
    for summary in store_themes.list_themes(project, question.id):
        for quote in theme_report.quotes(project, summary.theme.id, 5):
            total += 1
            by_passage += quote.text == stored.get((summary.theme.id, quote.response_id))
    return by_passage, total


def _two_themes(project: Project) -> tuple[str, str]:
    """The two largest themes of the letters' question."""
    question = list_questions(project, open_only=True)[0]
    ranked = sorted(store_themes.list_themes(project, question.id), key=lambda s: -s.answers)
    return ranked[0].theme.id, ranked[1].theme.id


@pytest.fixture
def lead(tmp_path: Path):  # type: ignore[no-untyped-def]
    project, _texts, _made = letters_project(tmp_path)
    yield project
    project.close()


def test_themes_run_in_an_analysts_copy_arrive_with_their_passages(lead, tmp_path) -> None:  # type: ignore[no-untyped-def]
    made = split.split(lead, ["alice"], tmp_path / "copies")
    with Project.open(made.files["alice"], actor="alice") as copy:
        pipeline_themes.discover_project_themes(copy, embedder=WordEmbedder(), campaigns=False)
        theirs = _passages(copy)
    assert len(theirs) >= 30  # every letter has the passage that put it in its theme
    results, _ = merge.merge(lead, [made.files["alice"]])
    assert results[0].counts.get("theme_passages_added") == len(theirs)
    assert _passages(lead) == theirs
    by_passage, total = _quoted_by_passage(lead)
    assert total >= 10 and by_passage == total  # (before: 0 of them; every quote was the whole letter)
    # merging the same copy again adds nothing
    again, _ = merge.merge(lead, [made.files["alice"]])
    assert again[0].added_nothing and _passages(lead) == theirs


def test_a_re_run_and_a_merge_of_themes_in_a_copy_reach_the_lead_by_change_file(lead, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pipeline_themes.discover_project_themes(lead, embedder=WordEmbedder(), campaigns=False)
    made = split.split(lead, ["alice"], tmp_path / "copies")
    with Project.open(made.files["alice"], actor="alice") as copy:
        pipeline_themes.discover_project_themes(copy, embedder=OtherWords(), campaigns=False)
        target, source = _two_themes(copy)
        MergeThemes([source], target).apply(copy)
        theirs = _passages(copy)
    letters = {r for t, r in theirs if t == target}
    assert len(letters) >= 10
    out = changes.write_file(changes.from_copy(made.files["alice"]), tmp_path / "alice.changes")
    merge.merge(lead, [out])
    assert _passages(lead) == theirs
    by_passage, total = _quoted_by_passage(lead)
    assert total >= 10 and by_passage == total


def test_merging_two_themes_keeps_each_letters_passage_and_undo_puts_them_back(lead) -> None:  # type: ignore[no-untyped-def]
    pipeline_themes.discover_project_themes(lead, embedder=WordEmbedder(), campaigns=False)
    before = _passages(lead)
    target, source = _two_themes(lead)
    brought = {r: p for (t, r), p in before.items() if t == source}
    own = {r: p for (t, r), p in before.items() if t == target}
    assert brought and own
    operation = MergeThemes([source], target)
    operation.apply(lead)
    after = _passages(lead)
    kept = {r: p for (t, r), p in after.items() if t == target}
    # each letter the merged-away theme brought keeps its passage; the target's own letters keep theirs
    assert kept == {**brought, **own}
    assert not [k for k in after if k[0] == source]
    quoted = theme_report.quotes(lead, target, 5)
    assert quoted and all(q.text == kept[q.response_id] for q in quoted)
    operation.revert(lead)
    assert _passages(lead) == before
    operation.apply(lead)  # redo
    assert _passages(lead) == after


def test_a_split_off_theme_keeps_its_letters_passages_and_a_deleted_theme_gets_them_back_on_undo(lead) -> None:  # type: ignore[no-untyped-def]
    pipeline_themes.discover_project_themes(lead, embedder=WordEmbedder(), campaigns=False)
    before = _passages(lead)
    theme_id, other = _two_themes(lead)
    letters = sorted(r for (t, r) in before if t == theme_id)
    off = letters[: len(letters) // 2]
    assert off
    operation = SplitTheme(theme_id, [("Split off", "", off)])
    operation.apply(lead)
    new_id = str(lead.scalar("SELECT id FROM themes WHERE label = 'Split off'"))
    after = _passages(lead)
    assert {r: p for (t, r), p in after.items() if t == new_id} == {r: before[(theme_id, r)] for r in off}
    assert {r for (t, r) in after if t == theme_id} == set(letters) - set(off)
    operation.revert(lead)
    assert _passages(lead) == before
    deleting = DeleteThemes([other])
    deleting.apply(lead)
    assert not [k for k in _passages(lead) if k[0] == other]
    deleting.revert(lead)
    assert _passages(lead) == before


def test_a_copy_made_before_passages_and_names_were_tracked_merges_without_conflicts(lead, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pipeline_themes.discover_project_themes(lead, embedder=WordEmbedder(), campaigns=False)
    respondent = str(lead.scalar("SELECT id FROM respondents ORDER BY seq LIMIT 1"))
    SetOrganisationName(respondent, "Organisation Zero Ltd").apply(lead)
    made = split.split(lead, ["alice"], tmp_path / "copies")
    with Project.open(made.files["alice"], actor="alice") as copy, copy.transaction() as conn:
        # as a copy made by an earlier version noted it: without these rows
        conn.execute("DELETE FROM team_base WHERE tbl IN ('theme_passages', 'organisation_names')")
    before = _passages(lead)
    results, _ = merge.merge(lead, [made.files["alice"]])
    assert results[0].added_nothing and results[0].conflicts == 0
    assert _passages(lead) == before
