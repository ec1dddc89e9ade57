"""Team-lead actions on themes, as undoable operations.

Each operation is a small object: :meth:`ThemeOperation.apply` does it (one transaction, with
audit rows) and :meth:`ThemeOperation.revert` undoes it exactly, ids included; ``apply`` after
``revert`` redoes it. Both return :class:`~consult_analyser.store.project.Changes` so views
refresh only what changed. The desktop app wraps each in a ``QUndoCommand`` (redo -> apply,
undo -> revert); the command line applies them once.

Undo uses the change journal of :mod:`consult_analyser.store.journal` (scope ``THEMES``): while an operation runs,
every row it writes to themes, theme_assignments, theme_passages and reviews is noted with the statement that
restores it. Revert operations in the reverse order they were applied (as an undo stack does),
and clear the stack after a model re-run, which replaces candidate themes outside any operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from consult_analyser.actions.base import Operation
from consult_analyser.domain import Theme
from consult_analyser.errors import NotALead  # noqa: F401 - raised by require_lead, caught by callers
from consult_analyser.pipeline.embeddings import Embedder, get_embedder
from consult_analyser.pipeline.themes.discover import (
    RANDOM_STATE,
    DiscoverFn,
    embed,
    model_discover,
    question_embedder,
)
from consult_analyser.store import identity, theme_edits, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.journal import THEMES
from consult_analyser.store.project import Project


class ThemeOperation(Operation):
    """Base of the undoable theme actions: the coding operations' apply/revert over the theme
    journal. Subclasses set ``action`` and implement :meth:`_do` (and, for work that needs no
    write lock such as clustering, :meth:`_prepare`)."""

    action = "theme_operation"
    scope = THEMES


class RenameTheme(ThemeOperation):
    """Change a theme's label and/or description (None leaves it)."""

    action = "rename_theme"

    def __init__(self, theme_id: str, label: str | None = None, description: str | None = None):
        super().__init__()
        self.theme_id, self.new_label, self.description = theme_id, label, description

    def _do(self, project: Project) -> None:
        theme_edits.update_theme(project, self.theme_id, label=self.new_label, description=self.description)


class MergeThemes(ThemeOperation):
    """Merge themes into a target: answers move (duplicates collapse), the merged themes go."""

    action = "merge_themes"

    def __init__(self, source_ids: Sequence[str], target_id: str):
        super().__init__()
        self.source_ids, self.target_id = list(source_ids), target_id

    def _do(self, project: Project) -> None:
        theme_edits.merge_themes(project, self.source_ids, self.target_id)


class SplitTheme(ThemeOperation):
    """Split answers off a theme into new themes: ``parts`` are (label, description, answer ids)."""

    action = "split_theme"

    def __init__(self, theme_id: str, parts: Sequence[tuple[str, str, Sequence[str]]]):
        super().__init__()
        self.theme_id = theme_id
        self.parts = [(label, description, list(ids)) for label, description, ids in parts]
        self.new_themes: list[Theme] = []

    @classmethod
    def by_answers(cls, theme_id: str, response_ids: Sequence[str], label: str, description: str = "") -> SplitTheme:
        """Move the given answers into one new theme."""
        return cls(theme_id, [(label, description, response_ids)])

    by_person = True  # the answers were chosen by a person (see SplitThemeByModel)

    def _do(self, project: Project) -> None:
        self.new_themes = theme_edits.split_theme(project, self.theme_id, self.parts, by_person=self.by_person)


class SplitThemeByModel(SplitTheme):
    """Re-cluster a theme's answers into ``parts`` groups: the largest stays in the theme, each
    other becomes a new theme named by the model."""

    action = "split_theme_by_model"
    by_person = False

    def __init__(self, theme_id: str, parts: int = 2, *, embedder: Embedder | str | None = None,
                 discover: DiscoverFn | None = None):
        super().__init__(theme_id, [])
        self.n_parts, self.embedder, self.discover = max(2, int(parts)), embedder, discover

    def _prepare(self, project: Project) -> None:
        self.parts = partition_theme(project, self.theme_id, self.n_parts, embedder=self.embedder,
                                     discover=self.discover)
        if not self.parts:
            raise ValueError("the model found no separate groups in this theme's answers")


class DeleteThemes(ThemeOperation):
    """Remove themes; their answers become unassigned."""

    action = "delete_themes"

    def __init__(self, theme_ids: Sequence[str]):
        super().__init__()
        self.theme_ids = list(theme_ids)

    def _do(self, project: Project) -> None:
        theme_edits.delete_themes(project, self.theme_ids)


class MoveAnswers(ThemeOperation):
    """Move answers between themes (``source_id`` None: add; ``target_id`` None: unassign)."""

    action = "move_theme_answers"

    def __init__(self, response_ids: Sequence[str], source_id: str | None, target_id: str | None):
        super().__init__()
        self.response_ids, self.source_id, self.target_id = list(response_ids), source_id, target_id

    def _do(self, project: Project) -> None:
        theme_edits.move_answers(project, self.response_ids, self.source_id, self.target_id)


class AddTheme(ThemeOperation):
    """Add a theme by hand to a question, optionally with answers and under a parent theme."""

    action = "add_theme"

    def __init__(self, question_id: str, label: str, description: str = "", *, response_ids: Sequence[str] = (),
                 parent_id: str | None = None):
        super().__init__()
        self.question_id, self.new_label, self.description = question_id, label, description
        self.response_ids, self.parent_id = list(response_ids), parent_id
        self.theme: Theme | None = None

    def _do(self, project: Project) -> None:
        self.theme = theme_edits.create_theme(project, self.question_id, self.new_label, description=self.description,
                                               parent_id=self.parent_id, response_ids=self.response_ids)


LEAD = "lead"


def require_lead(project: Project, action: str = "sign off themes") -> None:
    """Raise :class:`~consult_analyser.errors.NotALead` unless the current user is a team lead."""
    identity.require_lead(project.identity, action)


class SignOffThemes(ThemeOperation):
    """Sign themes off (who and when are recorded). Only a team lead may."""

    action = "sign_off_themes"
    signed = True

    def __init__(self, theme_ids: Sequence[str], note: str = ""):
        super().__init__()
        self.theme_ids, self.note = list(theme_ids), note

    def _prepare(self, project: Project) -> None:
        require_lead(project)

    def _do(self, project: Project) -> None:
        theme_edits.sign_off(project, self.theme_ids, signed=self.signed, note=self.note)


class DecideProposals(ThemeOperation):
    """Accept or reject the answers a model re-run proposed for a signed-off theme (all of them
    with ``response_ids`` None). Only a team lead may."""

    action = "decide_theme_proposals"

    def __init__(self, theme_id: str, response_ids: Sequence[str] | None = None, *, accept: bool):
        super().__init__()
        self.theme_id, self.accept = theme_id, accept
        self.response_ids = None if response_ids is None else list(response_ids)

    @property
    def label(self) -> str:
        return "Accept proposed answers" if self.accept else "Reject proposed answers"

    def _prepare(self, project: Project) -> None:
        require_lead(project)

    def _do(self, project: Project) -> None:
        theme_runs.decide_proposals(project, self.theme_id, self.response_ids, accept=self.accept)


class UnsignThemes(SignOffThemes):
    """Withdraw the sign-off of themes (they become 'edited')."""

    action = "unsign_themes"
    signed = False


class SetThemeParent(ThemeOperation):
    """Group themes under a parent theme (None: top level)."""

    action = "set_theme_parent"

    def __init__(self, theme_ids: Sequence[str], parent_id: str | None):
        super().__init__()
        self.theme_ids, self.parent_id = list(theme_ids), parent_id

    def _do(self, project: Project) -> None:
        theme_edits.set_parent(project, self.theme_ids, self.parent_id)


def partition_theme(project: Project, theme_id: str, parts: int = 2, *, embedder: Embedder | str | None = None,
                    discover: DiscoverFn | None = None) -> list[tuple[str, str, list[str]]]:
    """Groups of a theme's answers for a split, largest group first left out (it stays in the
    theme): (label, description, answer ids) per other group. The topic model is asked for at most
    ``parts`` themes; if it finds fewer than two, k-means on the same vectors splits the answers
    and each group is named by its most distinctive words."""
    theme = store_themes.get_theme(project, theme_id)
    if theme is None:
        raise ValueError(f"no theme with id {theme_id!r}")
    answers = [a for a in store_themes.theme_answers(project, theme_id) if a.text.strip()]
    if len(answers) < 2 * parts:
        raise ValueError(f"too few answers to split into {parts} parts")
    if embedder is None or isinstance(embedder, str):
        embedder = get_embedder(embedder or question_embedder(project, theme.question_id))
    texts = [a.text for a in answers]
    vectors = embed(project, embedder, texts)
    result = (discover or model_discover())(texts, vectors, max_themes=parts, min_theme_size=2,
                                            embedder=embedder, random_state=RANDOM_STATE)
    labels = np.asarray(result.assignments)
    groups = [(c.label, c.description, np.flatnonzero(labels == c.key).tolist()) for c in result.themes]
    groups = [g for g in groups if g[2]][:parts]
    if len(groups) < 2:
        groups = _kmeans_groups(texts, vectors, parts)
    groups.sort(key=lambda g: -len(g[2]))
    return [(label, description, [answers[i].response_id for i in idx]) for label, description, idx in groups[1:]]


def _kmeans_groups(texts: list[str], vectors: np.ndarray, parts: int) -> list[tuple[str, str, list[int]]]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    labels = KMeans(n_clusters=parts, n_init=4, random_state=RANDOM_STATE).fit_predict(vectors)
    joined = [" ".join(t for t, k in zip(texts, labels, strict=True) if k == part) for part in range(parts)]
    words: Any = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(joined)
    matrix = words.transform(joined).toarray()
    vocab = np.asarray(words.get_feature_names_out())
    out = []
    for part in range(parts):
        top = vocab[np.argsort(-matrix[part])[:4]].tolist()
        out.append((", ".join(top[:3]).capitalize() or f"Part {part + 1}", "Answers mentioning " + ", ".join(top),
                    np.flatnonzero(labels == part).tolist()))
    return out
