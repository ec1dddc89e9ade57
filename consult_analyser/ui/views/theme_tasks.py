"""The themes view's long work, on the app's task runner: discovering themes (in a child process, see
:mod:`consult_analyser.ui.isolated`) and any job on the current question with a connection of its own
(code suggestions, the checks of :mod:`.theme_checks`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from consult_analyser.ui.views.themes_view import ThemesView


def discover(self: ThemesView, all_questions: bool = False) -> None:
    """Discover themes for the current question (or every open question) on a worker; edited and
    signed-off themes are kept."""
    question_id = self.question_id()
    if question_id is None:
        return
    from consult_analyser.ui.isolated import discovery_task

    work = discovery_task(self.ctx.project, None if all_questions else question_id, dict(self.discover_options))

    def finished(summary: str) -> None:
        self._discovery_ended()
        # A model run replaces candidate themes outside any undoable operation: start afresh.
        self.ctx.undo_stack.clear()
        first, *warnings = summary.splitlines() or [""]  # e.g. answers in other languages (language_warning)
        self.ctx.status.emit("  ·  ".join([f"Themes discovered: {first}", *warnings]))

    self._discovering = True
    self.discover_button.setEnabled(False)
    self.discover_all_button.setEnabled(False)
    which = "every question" if all_questions else self.question.currentText().split()[0]
    self.discover_task = self.ctx.tasks.start(
        f"Discovering themes for {which}", work, on_done=finished,
        on_error=lambda _m: self._discovery_ended(), on_cancel=self._discovery_ended)


def run_on_question(self: ThemesView, title: str, job, on_done, button: QPushButton | None = None) -> None:  # type: ignore[no-untyped-def]
    """Run ``job(project, question_id, progress)`` for the current question on a worker (with a
    connection of its own); ``button`` stays disabled meanwhile."""
    question_id = self.question_id()
    if question_id is None:
        return
    base = self.ctx.project

    def work(progress):  # type: ignore[no-untyped-def]
        project = base.reopen()
        try:
            return job(project, question_id, progress)
        finally:
            project.close()

    def enable(*_args: Any) -> None:
        if button is not None:
            button.setEnabled(True)

    def done(result: Any) -> None:
        enable()
        on_done(result)

    if button is not None:
        button.setEnabled(False)
    self.ctx.tasks.start(title, work, on_done=done, on_error=enable, on_cancel=enable)
