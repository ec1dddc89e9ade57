"""The dashboard says when the consultation was last published and what has changed in the published figures since
(trial 49: two editions carried the same date, and nothing said that 446 respondents had become 445)."""

from __future__ import annotations

from pathlib import Path


def test_the_dashboard_says_the_last_edition_and_what_changed_since(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.actions.withdraw import Withdraw
    from consult_analyser.export.files import export_file

    project = window.ctx.project
    dash = window.show_view("dashboard")
    dash.refresh()
    assert not dash.published.isVisible()  # never published: nothing said
    export_file(project, tmp_path / "annex.xlsx")
    dash.refresh()
    assert dash.published.isVisible()
    assert dash.published.text().startswith("Last published: edition 1, ")
    assert "nothing in the published figures has changed" in dash.published.text()
    before = project.scalar("SELECT COUNT(*) FROM respondents")
    Withdraw(project.scalar("SELECT id FROM respondents ORDER BY id LIMIT 1"), "duplicate", "").apply(project)
    dash.refresh()
    said = dash.published.text()
    assert "since then" in said and f"{before:,} → {before - 1:,}" in said, said
