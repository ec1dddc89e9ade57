"""Trial 48 follow-up: the desktop's "Who said what" follows the annex's and the report's one rule (a side of fewer
respondents than the small-numbers threshold has no shares), not "neutral 100%" for a side of one."""

from __future__ import annotations


class _Project:
    def get_meta(self, key: str) -> str | None:  # no threshold set: the default (5)
        return None


def test_a_side_of_one_shows_too_few_to_show_shares_as_the_report_does(qtbot) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.domain import Theme
    from consult_analyser.store.theme_report import AgreementSplit
    from consult_analyser.store.themes import ThemeSummary
    from consult_analyser.ui.widgets.theme_detail import ThemeDetail

    detail = ThemeDetail()
    qtbot.addWidget(detail)
    theme = Theme(id="t1", question_id="q1", label="Nepa")
    split = AgreementSplit({"agree": 407, "neutral": 1, "disagree": 265},
                           {"t1": {"agree": 9, "neutral": 1, "disagree": 27}})
    line = detail._stance_line(_Project(), ThemeSummary(theme, 37, 37 / 1114), split)  # type: ignore[arg-type]
    assert "Neutral: 1 respondent, too few to show shares" in line
    assert "100%" not in line
    assert "Agreed 2% (9 of 407)" in line and "Disagreed 10% (27 of 265)" in line
