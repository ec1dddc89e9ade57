"""A model's suggestion an analyst rejects in their copy stays rejected in the lead's project once merged: it is
not offered again, and the lead's "accept every suggestion above a confidence" does not code the answer with it.
(Before, a merge left it pending in the lead's project.)"""

from __future__ import annotations

from pathlib import Path

from consult_analyser.actions.coding import AcceptSuggestions, RejectSuggestions
from consult_analyser.store import codebook, suggestions
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import changes, merge, split
from tests.test_team import lead  # noqa: F401 - the fixture

Pair = tuple[str, str]


def _status(project: Project) -> dict[Pair, tuple[str, str]]:
    return {(r[0], r[1]): (r[2], r[3]) for r in project.query(
        "SELECT response_id, code_id, status, decided_by FROM suggestions")}


def _suggest(project: Project, code_id: str, answers: list[str], keep: set[str] | None = None) -> None:
    """Suggest ``code_id`` for these answers (of Q1), as an auto-coding run does (``keep``: only these)."""
    question = str(project.scalar("SELECT id FROM questions WHERE key = 'Q1'"))
    suggestions.replace_pending(project, question, [(r, code_id, 0.9) for r in answers if keep is None or r in keep],
                                model="test-model")


def test_suggestions_rejected_in_a_copy_stay_rejected_in_the_leads_project(lead, tmp_path: Path) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    with Project.open(lead, actor="lena") as project:
        code = codebook.find_code(project, "Funding")
        assert code is not None
        answers = [r[0] for r in project.query("SELECT r.id FROM responses r JOIN questions q ON q.id = r.question_id"
                                               " WHERE q.key = 'Q1' ORDER BY r.seq")]
        _suggest(project, code.id, answers)
        made = split.split(project, ["alice", "bob"], tmp_path / "copies", seed=3)
    with Project.open(made.files["alice"], actor="alice") as copy:
        mine = [r for r in team_store.assigned_answers(copy, "alice") if r in set(answers)]
        rejected = mine[:4]
        RejectSuggestions([(r, code.id) for r in rejected]).apply(copy)
    with Project.open(lead, actor="lena") as project:
        # meanwhile the lead accepted one of them, and a new auto-coding run no longer suggests another
        AcceptSuggestions([(rejected[0], code.id)]).apply(project)
        _suggest(project, code.id, answers, keep=set(answers) - {rejected[1]})
        out = changes.write_file(changes.from_copy(made.files["alice"]), tmp_path / "alice.changes")
        results, _ = merge.merge(project, [out])
        assert results[0].counts.get("suggestions_added") == 3 and results[0].conflicts == 0
        assert results[0].counts.get("skipped_decided_here") == 1
        now = _status(project)
        assert now[(rejected[0], code.id)] == ("accepted", "lena")  # the lead's decision stands
        for r in rejected[1:]:  # rejected by alice, and kept as such (one the new run dropped: not suggested again)
            assert now[(r, code.id)] == ("rejected", "alice")
        # the lead's bulk acceptance leaves them alone
        bulk = AcceptSuggestions.above(project, 0.5)
        assert not {(r, code.id) for r in rejected} & set(bulk.pairs)
        assert len(bulk.pairs) == len(answers) - 4
        again, _ = merge.merge(project, [made.files["alice"]])
        assert again[0].added_nothing
