"""Trial 48 follow-up: the annex Cover's and the report's "About these figures" state the rule the tables follow."""

from __future__ import annotations


def test_the_suppression_rule_says_what_is_shown_in_full_and_what_is_withheld() -> None:
    from consult_analyser.export.summaries import suppression_rule

    rule = suppression_rule(5, "report")
    assert "closed question's answers overall" in rule and "shown in full" in rule
    assert "cross-tabulations" in rule
    assert "fewer than 5 respondents has no shares" in rule
    assert "Neutral: 1 respondent, too few to show shares" in rule
    assert suppression_rule(1, "report") == "Small numbers are not suppressed in this report."
