"""Sign-off that means something: signed-off themes are frozen against model re-runs (changes come
as proposals the lead accepts or rejects), a person's change withdraws a sign-off, a rename drops
the model's description of the old label, and only a team lead signs off."""

from __future__ import annotations

import pytest

from consult_analyser.actions import themes as theme_ops
from consult_analyser.domain import Source, Theme, ThemeAssignment
from consult_analyser.store import theme_edits, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.identity import Identity
from consult_analyser.store.questions import list_questions


def _answers(project, key: str) -> list[str]:
    question = next(q for q in list_questions(project) if q.key == key)
    return question.id, [r[0] for r in project.query(
        "SELECT id FROM responses WHERE question_id = ? AND trim(text) != '' ORDER BY seq", (question.id,))]


def _run(project, question_id: str, theme_id: str, label: str, response_ids: list[str]):
    theme = Theme(question_id=question_id, label=label, description=f"Answers about {label.lower()}",
                  source=Source.MODEL, model="stand-in", id=theme_id)
    rows = [ThemeAssignment(theme_id, r, 0.9, Source.MODEL, False) for r in response_ids]
    return theme_runs.save_run(project, question_id, model="stand-in", params={}, themes=[theme], assignments=rows)


def _kept_rerun(project, question_id: str, kept_id: str, response_ids: list[str]):
    """A re-run whose model finds the kept theme again (by its label) with more answers."""
    rows = [ThemeAssignment(kept_id, r, 0.8, Source.MODEL, False) for r in response_ids]
    return theme_runs.save_run(project, question_id, model="stand-in", params={}, themes=[], assignments=rows)


def test_a_rerun_never_changes_a_signed_off_theme_but_proposes_beside_it(imported_project):
    project = imported_project
    qid, ids = _answers(project, "Q2")
    assert len(ids) >= 4
    _run(project, qid, "t-fund", "Funding", ids[:2])
    theme_ops.SignOffThemes(["t-fund"]).apply(project)
    saved = _kept_rerun(project, qid, "t-fund", ids)
    assert store_themes.answer_ids(project, "t-fund") == ids[:2]  # frozen
    assert store_themes.get_theme(project, "t-fund").status.value == "signed_off"
    assert saved.proposed == len(ids) - 2
    assert [a.response_id for a in theme_runs.proposals(project, "t-fund")] == ids[2:]
    assert theme_runs.proposal_counts(project, qid) == {"t-fund": len(ids) - 2}

    accept = theme_ops.DecideProposals("t-fund", [ids[2]], accept=True)
    accept.apply(project)
    assert ids[2] in store_themes.answer_ids(project, "t-fund")
    assert store_themes.get_theme(project, "t-fund").status.value == "signed_off"  # the lead chose it
    theme_ops.DecideProposals("t-fund", None, accept=False).apply(project)
    assert theme_runs.proposals(project, "t-fund") == []
    _kept_rerun(project, qid, "t-fund", ids)  # rejected answers are not proposed again
    assert theme_runs.proposals(project, "t-fund") == []
    accept_undo = theme_ops.DecideProposals("t-fund", None, accept=True)
    accept_undo.apply(project)  # nothing left to accept: a no-op that still reverts cleanly
    accept_undo.revert(project)


def test_undo_of_accepting_proposals(imported_project):
    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-fund", "Funding", ids[:1])
    theme_ops.SignOffThemes(["t-fund"]).apply(project)
    _kept_rerun(project, qid, "t-fund", ids)
    op = theme_ops.DecideProposals("t-fund", None, accept=True)
    op.apply(project)
    assert store_themes.answer_ids(project, "t-fund") == ids
    op.revert(project)
    assert store_themes.answer_ids(project, "t-fund") == ids[:1]
    assert len(theme_runs.proposals(project, "t-fund")) == len(ids) - 1


def test_a_persons_change_withdraws_the_sign_off(imported_project):
    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-fund", "Funding", ids[:2])
    theme_ops.SignOffThemes(["t-fund"]).apply(project)
    theme_ops.MoveAnswers([ids[3]], None, "t-fund").apply(project)
    theme = store_themes.get_theme(project, "t-fund")
    assert theme.status.value == "edited" and theme.signed_off_by == ""


def test_rename_carries_the_new_label_into_the_models_description(imported_project):
    """The model's description names the old label: it names the new one after a rename (it was
    dropped, and the renamed theme had no description in the annex and report); one that does not
    name the old label goes, and a person's description stays as written."""
    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-fund", "Funding", ids[:2])
    theme_ops.RenameTheme("t-fund", label="Youth clubs").apply(project)
    assert store_themes.get_theme(project, "t-fund").description == "Answers about youth clubs"
    with project.transaction() as conn:
        conn.execute("UPDATE themes SET description = 'Answers about money' WHERE id = 't-fund'")
    theme_ops.RenameTheme("t-fund", label="Clubs").apply(project)
    assert store_themes.get_theme(project, "t-fund").description == ""
    theme_ops.RenameTheme("t-fund", description="Clubs and libraries for young people").apply(project)
    theme_ops.RenameTheme("t-fund", label="Youth services").apply(project)  # a person's description stays
    assert store_themes.get_theme(project, "t-fund").description == "Clubs and libraries for young people"


def test_only_a_lead_signs_off(imported_project):
    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-fund", "Funding", ids[:2])
    project.identity = Identity(project.actor, "analyst")
    with pytest.raises(theme_ops.NotALead, match="team lead"):
        theme_ops.SignOffThemes(["t-fund"]).apply(project)
    assert store_themes.get_theme(project, "t-fund").status.value == "candidate"
    project.identity = Identity(project.actor, "lead")
    theme_ops.SignOffThemes(["t-fund"]).apply(project)
    theme = store_themes.get_theme(project, "t-fund")
    assert theme.status.value == "signed_off" and theme.signed_off_by == project.actor


def test_theme_keywords_keep_accents_and_apostrophes():
    """BERTopic's "english" cleaning dropped every non-ASCII letter ("crche") and the vectoriser cut
    "don’t" to "don"; keywords now keep words whole ("council’s"), and a contraction, whole, is a
    stop word ("don’t" is no keyword either)."""
    import numpy as np

    from consult_analyser.pipeline.themes.model import discover_themes

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(2, 32))
    texts, vectors = [], []
    for i in range(30):
        texts.append(f"The crèche fees are too high for écoles and families, case {i}")
        texts.append(f"People don’t trust the council’s plans, really don’t, case {i}")
        for k in (0, 1):
            v = centres[k] + 0.05 * rng.normal(size=32)
            vectors.append(v / np.linalg.norm(v))
    result = discover_themes(texts, np.asarray(vectors, dtype=np.float32))
    words = {w for theme in result.themes for w in theme.keywords for w in w.split()}
    assert "crèche" in words and "crche" not in words
    assert any(w.startswith("council") and w.endswith("’s") for w in words), words
    assert not words & {"don", "t", "don’t", "don't"}, words


def test_command_line_accepts_and_lists_proposals(imported_project, capsys):
    from consult_analyser.cli.main import main

    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-fund-cli", "Funding", ids[:1])
    theme_ops.SignOffThemes(["t-fund-cli"]).apply(project)
    _kept_rerun(project, qid, "t-fund-cli", ids)
    path = str(project.path)
    project.close()
    assert main(["themes", path, "--list", "--question", "Q2"]) == 0
    assert "proposed by the model, not added" in capsys.readouterr().out
    assert main(["themes", path, "--accept-proposed", "t-fund-cli", "--question", "Q2"]) == 0
    from consult_analyser.store.project import Project

    with Project.open(path) as reopened:
        assert store_themes.answer_ids(reopened, "t-fund-cli") == ids


def test_a_rerun_does_not_propose_back_what_the_lead_moved_out(imported_project):
    """A re-test moved 28 answers out of a signed-off theme; the re-run proposed all 28 back ("+32 proposed"),
    and accepting them undid the lead's work. Answers a person moved or split out stay out; one a person puts
    back in may be proposed again after it leaves again by the model's hand only."""
    project = imported_project
    qid, ids = _answers(project, "Q2")
    assert len(ids) >= 4
    _run(project, qid, "t-fund", "Funding", ids)
    theme_ops.SignOffThemes(["t-fund"]).apply(project)
    theme_edits.create_theme(project, qid, "Schools", theme_id="t-schools")
    theme_ops.MoveAnswers([ids[0]], "t-fund", "t-schools").apply(project)
    theme_ops.MoveAnswers([ids[1]], "t-fund", None).apply(project)
    theme_ops.SignOffThemes(["t-fund"]).apply(project)
    _kept_rerun(project, qid, "t-fund", ids)
    assert theme_runs.proposals(project, "t-fund") == []
    move_back = theme_ops.MoveAnswers([ids[0]], None, "t-fund")
    move_back.apply(project)  # put back by a person
    assert ids[0] in store_themes.answer_ids(project, "t-fund")
    move_back.revert(project)
    assert project.scalar("SELECT status FROM theme_proposals WHERE theme_id = 't-fund' AND response_id = ?",
                          (ids[0],)) == "rejected"  # undo brings the keep-out back


def test_the_command_line_decides_some_proposals_and_says_when_an_edit_withdraws_a_sign_off(imported_project, capsys):
    """A re-test: the command line could accept all of a theme's proposals or none (43% were right), listed none
    of them, and an edit that changed nothing ("--move none" of an answer already there) withdrew the sign-off
    without a word, leaving the theme out of the annex and the report."""
    from consult_analyser.cli.main import main
    from consult_analyser.store.project import Project

    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-few", "Funding", ids[:1])
    theme_ops.SignOffThemes(["t-few"]).apply(project)
    _kept_rerun(project, qid, "t-few", ids)
    externals = dict(project.query("SELECT r.id, p.external_id FROM responses r JOIN respondents p"
                                   " ON p.id = r.respondent_id"))
    path = str(project.path)
    project.close()
    assert main(["themes", path, "--show-proposed", "t-few"]) == 0
    shown = capsys.readouterr().out
    assert f"{len(ids) - 1} answer(s) proposed for 'Funding'" in shown and externals[ids[1]] in shown
    assert main(["-q", "themes", path, "--accept-proposed", "t-few", "--answers", externals[ids[1]]]) == 0
    assert main(["-q", "themes", path, "--reject-proposed", "t-few", "--answers", externals[ids[2]]]) == 0
    with Project.open(path, readonly=True) as again:
        assert store_themes.answer_ids(again, "t-few") == ids[:2]
        assert store_themes.get_theme(again, "t-few").status.value == "signed_off"
    capsys.readouterr()
    assert main(["-q", "themes", path, "--move", "none", "t-few", "--answers", externals[ids[0]]]) == 0  # no change
    assert "withdrew the sign-off" not in capsys.readouterr().out
    assert main(["-q", "themes", path, "--unnest", "t-few"]) == 0  # not a sub-theme: no change either
    with Project.open(path, readonly=True) as again:
        assert store_themes.get_theme(again, "t-few").status.value == "signed_off"
    assert main(["-q", "themes", path, "--rename", "t-few", "Funding for clubs"]) == 0
    assert "'Funding' was signed off: this edit withdrew the sign-off" in capsys.readouterr().out


def test_the_command_line_lists_every_answer_of_a_theme(imported_project, capsys):
    """Trial 49: no command listed a theme's members, so a lead could trace a published count to its answers only in
    the desktop app. `themes --members THEME` lists them all, as the Themes view's Answers tab does, and changes
    nothing."""
    from consult_analyser.cli.main import main

    project = imported_project
    qid, ids = _answers(project, "Q2")
    _run(project, qid, "t-fund", "Funding", ids[:7])
    members = store_themes.answer_ids(project, "t-fund")
    assert len(members) > 1
    externals = dict(project.query("SELECT r.id, p.external_id FROM responses r JOIN respondents p"
                                   " ON p.id = r.respondent_id"))
    path = str(project.path)
    project.close()
    assert main(["themes", path, "--members", "t-fund"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"'Funding': {len(members)} answer(s) from {len(members)} respondent(s)")
    listed = [line.split()[0] for line in out[1:]]
    assert sorted(listed) == sorted(externals[i] for i in members)
