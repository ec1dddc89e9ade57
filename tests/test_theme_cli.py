"""The ``themes`` command, run in-process with the stand-in model and embedder."""

from __future__ import annotations

import pytest
from test_themes_store import StandInModel, WordEmbedder, make_project, stand_in_campaigns

from consult_analyser.cli.main import main
from consult_analyser.domain import ThemeStatus
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_themes, "model_discover", lambda: StandInModel())
    monkeypatch.setattr(pipeline_themes, "model_find_campaigns", lambda: stand_in_campaigns)
    monkeypatch.setattr(pipeline_themes, "get_embedder", lambda name=None: WordEmbedder())
    make_project(tmp_path).close()
    return tmp_path / "themes.consult"


def themes_of(path, key: str) -> dict[str, store_themes.ThemeSummary]:
    with Project.open(path, readonly=True) as project:
        qid = project.scalar("SELECT id FROM questions WHERE key = ?", (key,))
        return {t.theme.label: t for t in store_themes.list_themes(project, qid)}


def test_discover_and_list(path, capsys):
    assert main(["-q", "themes", str(path)]) == 0
    out = capsys.readouterr().out
    assert "themes in 2 question(s)" in out and "Q1." in out and "Q2." in out
    assert "unassigned (25%)" in out and "1 campaign(s), 8 answers" in out
    assert "Funding" in out and "candidate" in out
    assert main(["-q", "themes", str(path), "--question", "Q1", "--list"]) == 0
    out = capsys.readouterr().out
    assert "Q1." in out and "Q2." not in out and "themes in" not in out


def test_sign_off_rename_merge(path, capsys):
    main(["-q", "themes", str(path), "--question", "Q1"])
    ids = {label: row.theme.id for label, row in themes_of(path, "Q1").items()}
    capsys.readouterr()
    assert main(["-q", "themes", str(path), "--sign-off", ids["Funding"][:8]]) == 0
    said = capsys.readouterr().out  # the edited question's themes, not every question's (a re-test's 400 lines)
    assert "Q1." in said and "Q2." not in said
    # and first which theme it signed, with its id and count (the README: "lists what it signed")
    funding = themes_of(path, "Q1")["Funding"]
    line = f"  signed off: Funding  [{ids['Funding'][:8]}, {funding.answers:,} answer(s)]"
    assert line in said.splitlines() and said.index(line) < said.index("Q1.")
    assert main(["-q", "themes", str(path), "--sign-off", ids["Funding"][:8]]) == 0
    assert "signed off: Funding" in (again := capsys.readouterr().out) and "(already signed off)" in again
    assert main(["-q", "themes", str(path), "--rename", ids["Schools"], "Schools and colleges"]) == 0
    assert main(["-q", "themes", str(path), "--merge", ids["Transport"], ids["Schools"]]) == 0
    out = capsys.readouterr().out
    assert "Merge themes by tester: done" in out
    after = themes_of(path, "Q1")
    assert after["Funding"].theme.status == ThemeStatus.SIGNED_OFF
    assert after["Schools and colleges"].answers == 24 and "Transport" not in after
    assert main(["-q", "themes", str(path), "--unsign", ids["Funding"]]) == 0
    assert themes_of(path, "Q1")["Funding"].theme.status == ThemeStatus.EDITED


def test_errors(path, capsys):
    assert main(["-q", "themes", str(path), "--question", "Q9"]) == 1
    assert "no question 'Q9'" in capsys.readouterr().err
    assert main(["-q", "themes", str(path), "--sign-off", "nope"]) == 1
    assert "no theme 'nope'" in capsys.readouterr().err


def test_a_theme_run_that_stopped_part_way_says_which_questions_it_left(tmp_path, capsys):
    """A run killed or cancelled between questions left some re-themed and others not, and nothing said so."""
    from consult_analyser.cli.main import main
    from consult_analyser.store import themes as store_themes
    from consult_analyser.store.project import Project
    from tests.conftest import write_survey

    path = str(tmp_path / "p.consult")
    assert main(["-q", "import", path, str(write_survey(tmp_path / "s.csv"))]) == 0
    with Project.open(path) as project:
        store_themes.set_unfinished(project, ["Q2"])  # as a run killed during Q2 leaves it
    assert main(["themes", path, "--list"]) == 0
    out = capsys.readouterr().out  # (killed during Q2, not "before" it: see tests/test_interrupted_runs.py)
    assert "was interrupted during Q2, which kept its earlier themes" in out and "note: the theme run of " in out
    with Project.open(path) as project:
        assert store_themes.unfinished_note(project) and not store_themes.unfinished_note(project, "Q9")
        store_themes.set_unfinished(project, [])
        assert store_themes.unfinished_note(project) == ""


def test_list_gives_shares_outside_a_large_campaign(tmp_path, capsys):  # type: ignore[no-untyped-def]
    """A 40,000-letter campaign made every other theme's share "0%" or "1%": beside it, the share
    among those who answered outside campaigns."""
    from test_export_fixtures import build_project

    from consult_analyser.cli.main import main as run

    project = build_project(tmp_path)
    path = project.path
    project.close()
    assert run(["themes", str(path), "--list", "--question", "Q2"]) == 0
    out = capsys.readouterr().out
    assert "outside campaigns is a theme's share among the other" in out
    funding = next(line for line in out.splitlines() if "Long-term funding" in line)
    assert "outside campaigns}" in funding


def test_an_expected_theme_no_answer_stood_out_for_is_said_so(tmp_path, monkeypatch, capsys):
    """A trial's --expected "More frequent buses" was listed with 0 answers on a question about hourly
    buses, with no word of why."""
    monkeypatch.setattr(pipeline_themes, "get_embedder", lambda name=None: WordEmbedder())
    make_project(tmp_path).close()
    path = tmp_path / "themes.consult"
    assert main(["-q", "themes", str(path), "--question", "Q1", "--expected", "Xylophone lessons"]) == 0
    out = capsys.readouterr().out
    assert "note: Q1: no answer stood out for 'Xylophone lessons'" in out
    assert "a code's description in the codebook" in out


def test_split_and_move_answers_from_the_command_line(path, capsys):
    """Two trials' leads found no way to split a theme or move an answer on the command line (the app's
    buttons sat below the answers): both run the same undoable operations as the app's."""
    main(["-q", "themes", str(path), "--question", "Q1"])
    ids = {label: row.theme.id for label, row in themes_of(path, "Q1").items()}
    with Project.open(path, readonly=True) as project:
        members = [r[0] for r in project.query(
            "SELECT p.external_id FROM theme_assignments a JOIN responses r ON r.id = a.response_id JOIN respondents p"
            " ON p.id = r.respondent_id WHERE a.theme_id = ? ORDER BY p.external_id", (ids["Schools"],))]
    before = themes_of(path, "Q1")
    assert main(["-q", "themes", str(path), "--split", ids["Schools"][:8], "School buses", "--answers",
                 *members[:3]]) == 0
    assert "Split" in capsys.readouterr().out
    after = themes_of(path, "Q1")
    assert after["School buses"].answers == 3 and after["Schools"].answers == before["Schools"].answers - 3
    assert main(["-q", "themes", str(path), "--move", ids["Schools"], ids["Funding"], "--answers", members[3]]) == 0
    assert themes_of(path, "Q1")["Funding"].answers == before["Funding"].answers + 1
    assert main(["-q", "themes", str(path), "--move", ids["Schools"], "none", "--answers", members[4]]) == 0
    assert themes_of(path, "Q1")["Schools"].answers == before["Schools"].answers - 5
    # an answer making two points joins a second theme and keeps its first (a re-test could only move it)
    assert main(["-q", "themes", str(path), "--move", "none", ids["Funding"], "--answers", members[5]]) == 0
    after = themes_of(path, "Q1")
    assert after["Funding"].answers == before["Funding"].answers + 2
    assert after["Schools"].answers == before["Schools"].answers - 5
    capsys.readouterr()
    assert main(["-q", "themes", str(path), "--move", ids["Schools"], ids["Funding"], "--answers", "NOPE"]) == 1
    assert "no respondent 'NOPE' in this project" in capsys.readouterr().err
    assert main(["-q", "themes", str(path), "--move", ids["Schools"], ids["Funding"], "--answers", members[3]]) == 1
    assert f"not in the theme 'Schools': {members[3]}" in capsys.readouterr().err  # (moved out above)
    assert main(["-q", "themes", str(path), "--split", ids["Schools"], "X"]) == 1
    assert "need --answers" in capsys.readouterr().err
