"""The figures of the quality checks, kept with the project (``meta``), stamped with when and by whom
each ran: the sector check (one for the project) and the suggestion and theme checks (one per
question). The annex's method note and the dashboard cite them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from consult_analyser.domain import now_iso
from consult_analyser.store.project import Project

SECTORS = "sector_check"
SUGGESTIONS = "suggestion_checks"
THEMES = "theme_checks"


def save(project: Project, kind: str, figures: dict[str, Any], question_key: str | None = None) -> None:
    """Keep a check's figures: the project's (``question_key`` None) or one question's."""
    stamped = {**figures, "at": now_iso(), "by": project.actor}
    if question_key is None:
        project.set_meta(kind, json.dumps(stamped))
        return
    stored = load(project, kind)
    stored[question_key] = stamped
    project.set_meta(kind, json.dumps(stored))


def load(project: Project, kind: str) -> dict[str, Any]:
    """The last figures of a check ({} if none ran): the figures themselves for the project's check,
    question key -> figures for the per-question ones."""
    stored = project.get_meta(kind)
    return dict(json.loads(stored)) if stored else {}


def cite_per_question(stored: dict[str, Any], cite: Callable[[str, dict[str, Any]], str]) -> list[str]:
    """A per-question check's citations for a method note, in question-key order: ``cite(key, figures)``
    for each question checked (one with scored answers), with the check's date appended."""
    return [f"{cite(key, figures)}{', ' + str(figures['at'])[:10] if figures.get('at') else ''})"
            for key, figures in sorted(stored.items()) if figures.get("answers")]
