"""The themes view's two checks, run on a worker: how well code suggestions recover this question's
codings, and how well its themes agree with the codes people gave (the same core functions as
``autocode --check`` and ``themes --check``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from consult_analyser.store import questions as store_questions
from consult_analyser.ui.widgets.check_dialog import figures_html, show_figures

if TYPE_CHECKING:
    from consult_analyser.ui.views.themes_view import ThemesView


def check_suggestions(self: ThemesView) -> None:
    """Measure on a worker how well suggestions recover this question's codings; show the figures."""
    from consult_analyser.pipeline.coding.autocode import check_question
    from consult_analyser.pipeline.coding.check import CHECK_COLUMNS, coding_check_paragraphs, coding_check_rows

    def job(project, question_id, progress):  # type: ignore[no-untyped-def]
        found = store_questions.find_question(project, question_id)
        return (found.key if found is not None else ""), check_question(project, question_id,
                                                                         progress=progress).summary()

    def done(result) -> None:  # type: ignore[no-untyped-def]
        key, figures = result
        text = figures_html(coding_check_paragraphs(key, figures), CHECK_COLUMNS, coding_check_rows(figures))
        self.check_box = show_figures(self, "Suggestion check", text)

    self._run_on_question("Checking the suggestions", job, done, self.suggestions.check_button)

def check_themes(self: ThemesView) -> None:
    """Measure on a worker how well this question's themes agree with people's codes; show the figures."""
    from consult_analyser.pipeline.themes.check import check_question_themes, describe_theme_check

    def job(project, question_id, progress):  # type: ignore[no-untyped-def]
        found = store_questions.find_question(project, question_id)
        return (found.key if found is not None else ""), check_question_themes(project, question_id).summary()

    def done(result) -> None:  # type: ignore[no-untyped-def]
        key, figures = result
        lines = describe_theme_check(key, figures)
        self.check_box = show_figures(self, "Theme check", figures_html([line.strip() for line in lines], (), []))

    self._run_on_question("Checking the themes against the codes", job, done, self.check_themes_button)
