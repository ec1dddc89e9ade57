"""`team resolve` says what it changed in words for the tables a merge tracks since trial 45's follow-up (organisation
names, letters' quoted passages, rejected suggestions): it said "organisation_name: organisation changed"."""

from __future__ import annotations

from consult_analyser.cli.team_commands import _what_changed


def test_an_organisation_name_decided_by_the_lead_is_said_in_words() -> None:
    said = _what_changed("organisation_names", {"respondent_id": "p1", "organisation": "Concordia Vox Ltd"},
                         {"respondent_id": "p1", "organisation": "Concordia Vox Pty Ltd"})
    assert said == 'organisation name changed from "Concordia Vox Ltd" to "Concordia Vox Pty Ltd"'


def test_a_suggestion_and_a_passage_are_named_by_what_they_are() -> None:
    assert _what_changed("suggestions", {"status": "pending"}, {"status": "rejected"}) == \
        'suggestion\'s status changed from "pending" to "rejected"'
    assert _what_changed("theme_passages", None, {"passage": "x"}) == "quoted passage restored"
