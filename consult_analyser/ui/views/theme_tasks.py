"""The themes view's long work, on the app's task runner: discovering themes (in a child process, see
:mod:`consult_analyser.ui.isolated`) and any job on the current question with a connection of its own
(code suggestions, the checks of :mod:`.theme_checks`)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton

from consult_analyser.store import questions as store_questions
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.ui.widgets.ask import ask_yes

if TYPE_CHECKING:
    from consult_analyser.ui.views.themes_view import ThemesView


#: a first guess at a theme run's pace on a shared laptop, before one has been timed here (a trial's question
#: of 249 answers took 29 s); the view's own last run gives the pace after
SECONDS_PER_ANSWER = 0.12


def kept_sizes(project: Project, question_id: str | None = None) -> dict[str, tuple[str, str, int, int]]:
    """Each kept (edited or signed-off) theme: (question key, label, answers placed, answers proposed)."""
    sql = ("SELECT t.id, q.key, t.label, (SELECT COUNT(*) FROM theme_assignments a WHERE a.theme_id = t.id),"
           " (SELECT COUNT(*) FROM theme_proposals p WHERE p.theme_id = t.id AND p.status = 'proposed')"
           " FROM themes t JOIN questions q ON q.id = t.question_id WHERE t.status IN ('edited', 'signed_off')")
    rows = project.query(sql + (" AND t.question_id = ?" if question_id else ""), (question_id,) if question_id else ())
    return {r[0]: (r[1], r[2], int(r[3]), int(r[4])) for r in rows}


def kept_change(before: dict[str, tuple[str, str, int, int]], after: dict[str, tuple[str, str, int, int]]) -> str:
    """What a run did to the kept themes, said after it ("3 kept themes took in 15 more answers (Q1 'Agrees
    with the paper's definitions' +11, ...)"): a kept theme takes in the answers that fit it, and a lead saw
    one grow from 24 to 35 answers without a word."""
    grown = [(after[t][0], after[t][1], after[t][2] - n) for t, (_k, _l, n, _p) in before.items()
             if t in after and after[t][2] > n]
    proposed = sum(max(0, after[t][3] - p) for t, (_k, _l, _n, p) in before.items() if t in after)
    parts = []
    if grown:
        total = sum(n for _k, _l, n in grown)
        grown.sort(key=lambda g: -g[2])
        named = ", ".join(f"{key} “{label}” +{n:,}" for key, label, n in grown[:3]) + (", …" if len(grown) > 3 else "")
        parts.append(f"{len(grown)} kept {'theme' if len(grown) == 1 else 'themes'} took in {total:,} more "
                     f"{'answer' if total == 1 else 'answers'} ({named})")
    if proposed:
        parts.append(f"{proposed:,} {'answer' if proposed == 1 else 'answers'} proposed for signed-off themes "
                     "(accept or reject them on each theme)")
    return "; ".join(parts)


def about(seconds: float) -> str:
    """A duration as a person would guess it: "under a minute", "about 8 minutes", "about 1.5 hours"."""
    if seconds < 60:
        return "under a minute"
    minutes = round(seconds / 60)
    return f"about {minutes} minute{'s' if minutes != 1 else ''}" if minutes < 90 else f"about {seconds / 3600:.1f} hours"


def confirm_all_questions(self: ThemesView, questions: int, answers: int,
                          kept: dict[str, tuple[str, str, int, int]]) -> bool:
    """Ask once before a run over every open question (a lead's click started 21 questions' run unasked and
    kept themes grew): how many questions (``questions``) and written answers (``answers``), roughly how long,
    and what happens to the ``kept`` themes (:func:`kept_sizes`). Cancel is the default, and Escape cancels."""
    pace = self.seconds_per_answer or SECONDS_PER_ANSWER
    signed = int(self.ctx.project.scalar("SELECT COUNT(*) FROM themes WHERE status = 'signed_off'") or 0)
    text = (f"Find themes in all {questions} open questions ({answers:,} written answers)? It runs in the "
            f"background and takes {about(answers * pace)} on this computer; you can go on working, and cancel it "
            "from the status bar.")
    if kept:
        text += (f"\n\nThe {len(kept)} themes you edited or signed off are kept; edited themes take in the answers "
                 "that fit them" + (f", and the {signed} signed-off ones are only proposed answers, to accept or reject"
                                    if signed else "") + ". The status bar says afterwards what changed.")
    return ask_yes(self, "Discover themes in all questions", text)


def discover(self: ThemesView, all_questions: bool = False) -> None:
    """Discover themes for the current question (or every open question, once confirmed) on a worker; edited and
    signed-off themes are kept, and what they took in is said after."""
    question_id = self.question_id()
    if question_id is None:
        return
    scope = None if all_questions else question_id
    # counted once, for the question asked before a run over every question and for the run's pace after it
    ids = [question_id] if scope else [q.id for q in store_questions.list_questions(self.ctx.project, open_only=True)]
    answers = sum(store_themes.coverage(self.ctx.project, q).answered for q in ids)
    before = kept_sizes(self.ctx.project, scope)
    if all_questions and not confirm_all_questions(self, len(ids), answers, before):
        return
    from consult_analyser.ui.isolated import discovery_task

    work = discovery_task(self.ctx.project, scope, dict(self.discover_options))
    started = time.monotonic()

    def finished(summary: str) -> None:
        self._discovery_ended()
        if answers:
            self.seconds_per_answer = (time.monotonic() - started) / answers
        # A model run replaces candidate themes outside any undoable operation: start afresh.
        self.ctx.undo_stack.clear()
        first, *warnings = summary.splitlines() or [""]  # e.g. answers in other languages (language_warning)
        self.run_note = kept_change(before, kept_sizes(self.ctx.project, scope)) if self.ctx.project_open else ""
        self.ctx.status.emit("  ·  ".join([f"Themes discovered: {first}", *([self.run_note] if self.run_note else []),
                                           *warnings]))
        if self.run_note:
            self.reload()  # the note under the question

    self._discovering = True
    keep_keyboard(self, (self.discover_button, self.discover_all_button))
    self.discover_button.setEnabled(False)
    self.discover_all_button.setEnabled(False)
    which = "every question" if all_questions else self.question.currentText().split()[0]
    self.discover_task = self.ctx.tasks.start(
        f"Discovering themes for {which}", work, on_done=finished,
        on_error=lambda _m: self._discovery_ended(), on_cancel=self._discovery_ended)


def keep_keyboard(self: ThemesView, buttons: tuple[QPushButton | None, ...]) -> None:
    """Before a button that started a run is disabled: the keyboard goes to the list of themes, not to the next
    button (after "Discover themes" it landed on "Check against codes", for a stray key to start)."""
    if any(b is not None and b.hasFocus() for b in buttons):
        self.table.setFocus()


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
        keep_keyboard(self, (button,))
        button.setEnabled(False)
    self.ctx.tasks.start(title, work, on_done=done, on_error=enable, on_cancel=enable)
