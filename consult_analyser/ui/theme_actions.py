"""Team-lead actions on themes: the core's undoable operations (:mod:`consult_analyser.actions.themes`),
imported on first use so that opening a project does not load the topic-model stack."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
