"""`themes --list` gives no shares for a group under the small-numbers threshold, as the annex and the report do
(trial 48: "neutral 100%" beside the one theme the lone neutral respondent raised, "neutral 0%" beside the others)."""

from __future__ import annotations

from consult_analyser.cli.main import main
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codings
from consult_analyser.store.questions import list_questions
from tests.test_theme_quality import _themes


def test_a_group_too_small_has_no_shares_in_the_listing(project, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "form.csv"
    rows = ["Response ID,Do you support the proposed rule?,Please explain your views"]
    rows += [f"S{i},Support,It protects the river wildlife {i}" for i in range(6)]
    rows += [f"O{i},Oppose,It costs farmers too much money {i}" for i in range(5)]
    rows += ["N0,Neither,I have no view on the rule either way"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    (question,) = list_questions(project)
    ids = {rid: text for rid, text in codings.answer_texts(project, question.id)}
    _themes(project, question.id, {"Cost to farmers": [r for r in ids if "costs" in ids[r] or "view" in ids[r]]})
    where = str(project.path)
    project.close()
    assert main(["themes", where, "--list"]) == 0
    out = capsys.readouterr().out
    assert "were neutral (1: too few to show shares)" in out
    line = next(x for x in out.splitlines() if "Cost to farmers" in x)
    assert "neutral" not in line and "agreed 0%" in line and "disagreed 100%" in line
