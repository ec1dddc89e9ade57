"""What theme discovery finds, in plain dataclasses: light to import, so a process that only
receives results (the app's worker thread) never loads the topic-model libraries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class ThemeCandidate:
    """A theme proposed by the model. ``representative`` holds indices into the input texts."""

    key: int
    label: str
    description: str
    keywords: list[str]
    representative: list[int]
    size: int
    seed_label: str | None = None
    #: answers themed by their passages (letters): input index -> the passage that put the answer in this theme (its
    #: most central one here), what the theme quotes of it; empty for themes of whole answers
    passages: dict[int, str] = field(default_factory=dict)


@dataclass
class ThemeModelResult:
    """Themes and per-answer assignments (theme key, -1 unassigned) with confidences in 0..1.

    ``hierarchy`` maps a theme key to the key of the larger theme it is closest to (merge
    candidates); ``linkage`` is the full scipy linkage over ``linkage_keys``.
    """

    themes: list[ThemeCandidate]
    assignments: np.ndarray
    confidence: np.ndarray
    hierarchy: dict[int, int]
    model_name: str
    params: dict[str, Any]
    linkage: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    linkage_keys: list[int] = field(default_factory=list)
    weights: np.ndarray | None = None
    #: further themes of answers that raise several points: input index -> [(theme key, confidence)]
    secondary: dict[int, list[tuple[int, float]]] = field(default_factory=dict)

    @property
    def unassigned_share(self) -> float:
        """Share of answers in no theme (weighted by the answers each input stands for)."""
        if not len(self.assignments):
            return 0.0
        weights = np.ones(len(self.assignments)) if self.weights is None else self.weights
        return float(weights[self.assignments < 0].sum() / weights.sum())
