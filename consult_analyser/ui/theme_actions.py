"""Team-lead actions on themes: the core's undoable operations (:mod:`consult_analyser.actions.themes`),
imported on first use so that opening a project does not load the topic-model stack."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import Any

from consult_analyser.domain import NO_ANSWER_LABEL, percent
from consult_analyser.store import questions as store_questions
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project


def _ops() -> Any:
    from consult_analyser.actions import themes as theme_ops

    return theme_ops


def rename(theme_id: str, label: str) -> Any:
    return _ops().RenameTheme(theme_id, label=label)


def describe(theme_id: str, description: str) -> Any:
    return _ops().RenameTheme(theme_id, description=description)


def merge(source_ids: Sequence[str], target_id: str) -> Any:
    return _ops().MergeThemes(list(source_ids), target_id)


def split(theme_id: str, label: str, response_ids: Sequence[str]) -> Any:
    return _ops().SplitTheme.by_answers(theme_id, list(response_ids), label)


def move_answers(response_ids: Sequence[str], source_id: str | None, target_id: str | None) -> Any:
    return _ops().MoveAnswers(list(response_ids), source_id, target_id)


def sign_off(theme_ids: Sequence[str], signed: bool = True) -> Any:
    ops = _ops()
    return ops.SignOffThemes(list(theme_ids)) if signed else ops.UnsignThemes(list(theme_ids))


def delete(theme_ids: Sequence[str]) -> Any:
    return _ops().DeleteThemes(list(theme_ids))


def add(question_id: str, label: str, response_ids: Sequence[str] = ()) -> Any:
    return _ops().AddTheme(question_id, label, response_ids=list(response_ids))


def sign_off_parts(project: Project, rows: list[store_themes.ThemeSummary]) -> tuple[str, str, str]:
    """What a lead confirms when signing themes off, in three parts (HTML): the question asked, the list
    of themes with their counts and shares, and what signing off means. The dialog scrolls the list:
    32 themes with their descriptions made it 1,458 px tall, its buttons below the screen."""
    question = store_questions.get_question(project, rows[0].theme.question_id)
    # (percent() writes "<1%": unescaped, Qt read "<1%) <i>" as a tag and dropped the description with it)
    lines = "".join(f"<li><b>{html.escape(r.theme.label)}</b>: {r.answers:,} respondents "
                    f"({html.escape(percent(r.share))})"
                    + (f" — {html.escape(r.theme.description)}" if r.theme.description else "")
                    + ("" if r.theme.status.value == "edited" else " <i>(model output, not edited)</i>")
                    + "</li>" for r in rows)
    # (a long question ends at a word, not "... for a Band D h")
    key = (f"{question.key} (\u201c{html.escape(textwrap.shorten(question.text, 120, placeholder=' …'))}\u201d)"
           if question else "")
    themes = "1 theme" if len(rows) == 1 else f"{len(rows)} themes"
    left = store_themes.not_signed_off(project, rows[0].theme.question_id, {r.theme.id for r in rows})
    # the annex and report publish only a question's signed-off themes once it has any
    unpublished = (f"<p><b>{html.escape(store_themes.SIGNED_ONLY_NOTE)}</b> "
                   f"{html.escape(store_themes.left_out_note(len(left)))}</p>") if left else ""
    return (f"<p>Sign off {themes} of {key} as <b>{html.escape(project.actor)}</b>?</p>", f"<ul>{lines}</ul>",
            f"{unpublished}<p>The annex and report will say you reviewed these labels, descriptions and counts. "
            "A signed-off theme is frozen: a later model run proposes changes beside it for you to accept or "
            "reject; an edit withdraws the sign-off.</p>")


def sign_off_text(project: Project, rows: list[store_themes.ThemeSummary]) -> str:
    """:func:`sign_off_parts` as one text."""
    return "".join(sign_off_parts(project, rows))


def withdraw_text(rows: list[store_themes.ThemeSummary]) -> str:
    """What a lead confirms when withdrawing sign-offs."""
    names = "".join(f"<li><b>{html.escape(r.theme.label)}</b></li>" for r in rows[:20])
    return (f"<p>Withdraw the sign-off of {len(rows)} theme(s)?</p><ul>{names}</ul>"
            "<p>The annex and report will no longer say they were reviewed; while other themes of the question "
            "stay signed off, these are left out of them.</p>")


def merge_choices(rows: Sequence[store_themes.ThemeSummary], ids: Sequence[str]) -> tuple[list[str], str, list[str]]:
    """What merging the selected themes ``ids`` offers to merge them into, of the question's ``rows``: (theme ids in
    the order offered, the prompt, their labels as shown). Several selected: keep one of them, the largest first; one:
    another theme, its parent first; the non-answers' theme never first."""
    by_id = {r.theme.id: r for r in rows}

    def fixed(theme_id: str) -> bool:
        return by_id[theme_id].theme.label == NO_ANSWER_LABEL

    if len(ids) > 1:
        choices = sorted(ids, key=lambda t: (fixed(t), -by_id[t].answers))
        prompt = f"Merge {len(ids)} themes into one; keep the label of:"
    else:
        parent = by_id[ids[0]].theme.parent_id  # a sub-theme is offered its parent first (a trial's was the list's top)
        choices = sorted((r.theme.id for r in rows if r.theme.id not in ids), key=lambda t: (t != parent, fixed(t)))
        prompt = f"Merge “{by_id[ids[0]].theme.label}” into:"
    signed = {t: "  · signed off" if by_id[t].theme.status.value == "signed_off" else "" for t in choices}
    return choices, prompt, [f"{by_id[t].theme.label}  ({by_id[t].answers:,}){signed[t]}" for t in choices]
