"""A question's campaigns as an analyst inspects them before export: the store's overview (wording, size,
similarity, members named by id, organisations by name, never a person) and ``themes --campaigns``."""

from __future__ import annotations

import pytest
from test_export_fixtures import CAMPAIGN_TEXT, answer_ids, build_project

from consult_analyser.cli.main import main
from consult_analyser.store import campaigns
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions


@pytest.fixture
def path(tmp_path):
    """The export tests' project, its Q2 campaign widened by a private person (Ann Example) and a council
    whose copies are less alike."""
    project = build_project(tmp_path)
    try:
        answers = answer_ids(project)
        q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
        members = [(answers[(e, "Q2")], s) for e, s in
                   (("R-005", 1.0), ("R-006", 0.9), ("R-007", 1.0), ("R-001", 0.7), ("R-002", 0.8))]
        campaigns.replace_campaigns(project, q2, [campaigns.NewCampaign(members[0][0], members,
                                                                        "Fair Funding for Communities")])
    finally:
        project.close()
    return tmp_path / "exp.consult"


def test_overview_lists_wording_counts_similarity_and_members(path):
    with Project.open(path, readonly=True) as project:
        q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
        (c,) = campaigns.campaign_overview(project, q2)
        assert campaigns.campaign_overview(project) == [c]  # every question's: the same one
        q1 = next(q.id for q in list_questions(project) if q.key == "Q1")
        assert campaigns.campaign_overview(project, q1) == []
    assert c.info.members == 5 and c.info.question_key == "Q2" and c.wording == CAMPAIGN_TEXT
    assert c.similarities == (0.7, 0.9)
    assert [m.external_id for m in c.members] == ["R-001", "R-002", "R-005", "R-006", "R-007"]  # import order
    who = {m.external_id: m.who for m in c.members}
    assert who["R-002"] == "R-002 (Anytown Borough Council)" and who["R-006"] == "R-006 (Northfield Academy Trust)"
    assert who["R-001"] == "R-001" and "Ann Example" not in repr(c)  # a private person is never named
    assert [m.canonical for m in c.members] == [False, False, True, False, False]
    assert c.themes == ["Campaign: fair funding"]
    assert all(m.respondent_id and m.response_id for m in c.members)


def test_opening_is_cut_at_a_word():
    text = "word " * 100
    cut = campaigns.opening(text)
    assert len(cut) <= campaigns.WORDING_CHARS + 2 and cut.endswith("word …")
    assert campaigns.opening("  short\n text ") == "short text"


def test_cli_lists_campaigns(path, capsys):
    assert main(["-q", "themes", str(path), "--campaigns"]) == 0
    out = capsys.readouterr().out
    assert "Q2." in out and "1 campaign(s): 5 of" in out
    assert "5 member(s); similarity to the standard wording: lowest 0.70, median 0.90" in out
    assert f'wording: "{CAMPAIGN_TEXT}"' in out and "theme: Campaign: fair funding" in out
    assert "R-002 (Anytown Borough Council)" in out and "1.00  R-005  (the standard wording)" in out
    assert "Ann Example" not in out
    assert out.rstrip().endswith("no campaigns in 1 other question(s): Q1")  # (Q3 is a closed question)
    assert main(["-q", "themes", str(path), "--campaigns", "--question", "Q1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Q1.") and "no campaigns" in out


def test_cli_says_no_campaigns(tmp_path, capsys):
    project = build_project(tmp_path)
    q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
    campaigns.replace_campaigns(project, q2, [])
    project.close()
    assert main(["-q", "themes", str(tmp_path / "exp.consult"), "--campaigns"]) == 0
    assert capsys.readouterr().out.strip() == "no campaigns in any question"
    assert main(["-q", "themes", str(tmp_path / "exp.consult"), "--campaigns", "--rename", "x", "y"]) != 0
    assert "--campaigns only lists" in capsys.readouterr().err
