"""Guided theme discovery: start from the themes an analyst expects.

The same idea as BERTopic's ``seed_topic_list`` and ``zeroshot_topic_list``, with thresholds that
are relative rather than absolute, so that they hold for any embedding model: an expected theme's
text (label, description, keywords) is embedded, and each answer's similarity to it is turned
into a z-score against all answers of the question.

1. Answers that stand out for one expected theme (z >= ``z_answer``, it is their closest
   expected theme, and, as in BERTopic's seeded mode, they are closer to it than to the average
   answer) are nudged towards it before clustering.
2. After clustering, a group whose answers on average stand out for an expected theme
   (mean z >= ``z_group``) or mostly were nudged towards it is folded into that theme.
3. Nudged answers that stand out strongly (z >= ``z_move``) but were left in groups that match
   no expected theme move to their expected theme on their own.
Groups that match nothing stay as new themes. Every expected theme is kept, even with no answers
(the analyst learns that nobody raised it), except codes taken from the codebook as guides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from consult_analyser.pipeline.themes.cluster import normalise_rows


@dataclass
class ExpectedTheme:
    """A theme the analyst expects: a label, optionally a description and keywords. ``keep_if_empty``
    (the default) lists it even when no answer joins it, so the analyst learns nobody raised it; a
    code taken from the codebook as a guide sets it off (its own count is in the codebook)."""

    label: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    keep_if_empty: bool = True
    #: a kept theme's own answers, as positions among the texts being clustered: the theme is then where they
    #: are, not what its words say, and takes in only answers as close to it as most of them (see :class:`Guide`)
    rows: list[int] = field(default_factory=list)

    def text(self) -> str:
        """What is embedded for this theme."""
        parts = [self.label.strip()]
        if self.description.strip():
            parts.append(self.description.strip())
        if self.keywords:
            parts.append(", ".join(k.strip() for k in self.keywords if k.strip()))
        return ". ".join(p for p in parts if p)


def as_expected(items: Iterable[Any] | None) -> list[ExpectedTheme]:
    """Accept labels, mappings (label/description/keywords), tuples or :class:`ExpectedTheme`;
    blank and repeated labels (ignoring case) are dropped."""
    out: list[ExpectedTheme] = []
    seen: set[str] = set()
    for item in items or []:
        if isinstance(item, ExpectedTheme):
            theme = item
        elif isinstance(item, str):
            theme = ExpectedTheme(item)
        elif isinstance(item, Mapping):
            keywords = item.get("keywords") or []
            theme = ExpectedTheme(str(item.get("label") or item.get("name") or ""), str(item.get("description") or ""),
                                  [keywords] if isinstance(keywords, str) else list(keywords),
                                  bool(item.get("keep_if_empty", True)), [int(r) for r in item.get("rows") or []])
        elif isinstance(item, Sequence) and item:
            theme = ExpectedTheme(str(item[0]), str(item[1]) if len(item) > 1 else "",
                                  list(item[2]) if len(item) > 2 else [])
        else:
            continue
        theme.label = " ".join(theme.label.split())
        if theme.label and theme.label.lower() not in seen:
            seen.add(theme.label.lower())
            out.append(theme)
    return out


@dataclass
class Guide:
    """Scores of answers against expected themes, and the rules that use them."""

    vectors: np.ndarray  # (m, dim) unit vectors of the expected themes
    z_answer: float = 2.0
    z_group: float = 1.5
    z_move: float = 3.0
    nudge: float = 0.25
    #: per expected theme, the similarity to it an answer needs to join it: for a kept theme, what three quarters
    #: of its own answers reach (-inf for the others). A re-run folded a group of answers on endangered-species
    #: rules into the signed-off "Gray Wolf" (91 proposals, none on wolves): near its words, far from its answers
    floors: np.ndarray | None = None
    #: the same for a group, on average: what nine in ten of the kept theme's answers reach
    group_floors: np.ndarray | None = None

    def fit(self, X: np.ndarray) -> Guide:
        """Z-scores of each answer's similarity to each expected theme (``z_``) and the expected
        theme each answer stands out for (``matched_``, -1 none)."""
        X = normalise_rows(X)
        sims = self.sims_ = X @ normalise_rows(self.vectors).T
        if len(X) == 0 or sims.shape[1] == 0:
            self.z_ = np.zeros(sims.shape)
            self.matched_ = np.full(len(X), -1)
            return self
        spread = np.maximum(sims.std(axis=0), 0.05)
        self.z_ = (sims - sims.mean(axis=0)) / spread
        average = normalise_rows(X.mean(axis=0, keepdims=True))[0]
        best = sims.argmax(axis=1)
        rows = np.arange(len(X))
        closer = sims[rows, best] >= X @ average
        near = sims[rows, best] >= self._floors(sims.shape[1])[best]
        self.matched_ = np.where((self.z_[rows, best] >= self.z_answer) & closer & near, best, -1)
        return self

    def _floors(self, m: int, groups: bool = False) -> np.ndarray:
        floors = self.group_floors if groups else self.floors
        return np.full(m, -np.inf) if floors is None else np.asarray(floors, dtype=float)

    def nudged(self, X: np.ndarray) -> np.ndarray:
        """Vectors with matched answers pulled towards their expected theme."""
        X = normalise_rows(X).copy()
        rows = np.flatnonzero(self.matched_ >= 0)
        if len(rows):
            seeds = normalise_rows(self.vectors)[self.matched_[rows]]
            X[rows] = normalise_rows((1 - self.nudge) * X[rows] + self.nudge * seeds)
        return X

    def assign(self, labels: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
        """Fold groups into expected themes. Returns new labels, where expected theme ``j`` is
        ``-(j + 2)`` (so -1 keeps meaning unassigned), and the map group -> expected theme."""
        labels = np.asarray(labels).copy()
        mapping: dict[int, int] = {}
        for group in sorted(set(labels.tolist()) - {-1}):
            rows = labels == group
            mean_z = self.z_[rows].mean(axis=0)
            best = int(mean_z.argmax())
            share = float(np.mean(self.matched_[rows] == best))
            if (mean_z[best] >= self.z_group or share >= 0.5) \
                    and self.sims_[rows, best].mean() >= self._floors(self.sims_.shape[1], groups=True)[best]:
                mapping[group] = best
        out = labels.copy()
        for group, theme in mapping.items():
            out[labels == group] = -(theme + 2)
        strong = self.z_[np.arange(len(labels)), np.maximum(self.matched_, 0)] >= self.z_move
        movers = (self.matched_ >= 0) & strong & ~np.isin(labels, list(mapping))
        out[movers] = -(self.matched_[movers] + 2)
        return out, mapping


#: a kept theme with at least this many answers among those clustered guides by them, not by its words
KEPT_THEME_MIN_ANSWERS = 3


def build_guide(expected: Sequence[ExpectedTheme], vectors: np.ndarray, texts: Sequence[str], rows: Sequence[int],
                embedder: Any) -> Guide:
    """The guide for the answers ``texts`` (unit ``vectors``; ``rows``: their positions among the texts given to the
    model, as :attr:`ExpectedTheme.rows` counts them): each expected theme's text embedded, or without an embedder the
    centre of the answers that use its words; a kept theme given its answers is where they are (their centre), with
    the similarities most of them reach to it as its floors."""
    if embedder is not None:
        centres = np.asarray(embedder.encode([e.text() for e in expected]), dtype=np.float64)
    else:  # no model: an expected theme is the centre of the answers that use its words
        centres = np.zeros((len(expected), vectors.shape[1]))
        lowered = [t.lower() for t in texts]
        for j, theme in enumerate(expected):
            words = [w for w in theme.label.lower().split() if len(w) > 3] + [k.lower() for k in theme.keywords]
            using = [i for i, t in enumerate(lowered) if any(w in t for w in words)]
            if using:
                centres[j] = vectors[using].mean(axis=0)
    floors, group_floors = np.full(len(expected), -np.inf), np.full(len(expected), -np.inf)
    position = {int(r): k for k, r in enumerate(rows)}
    for j, theme in enumerate(expected):
        own = [position[r] for r in theme.rows if r in position]
        if len(own) >= KEPT_THEME_MIN_ANSWERS:
            centre = normalise_rows(vectors[own].mean(axis=0, keepdims=True))[0]
            centres[j] = centre
            sims = vectors[own] @ centre
            floors[j], group_floors[j] = float(np.percentile(sims, 25)), float(np.percentile(sims, 10))
    return Guide(normalise_rows(centres), floors=floors, group_floors=group_floors).fit(vectors)
