"""A theme of assorted points too large to publish: re-split, and what still shares no word dissolved.

A group of answers with no word in common is labelled :data:`~.labels.ASSORTED_LABEL`. A small one is an honest
remainder; a large one is not a theme (trial 46, real ANES answers: "Assorted points" was the largest theme in
five question blocks of eight, 271 of 1,488 answers in one, 76% of which carried one human code, and a lead cannot
publish a fifth of a question's answers under no name). When the question's assorted themes (all of them: they
are one group to a reader, see the builder's ``named_alike``) hold more than :data:`ASSORTED_MEDIANS` times the
median theme or :data:`ASSORTED_SHARE` of the answers, :func:`settle_assorted`

- re-splits them: a Ward tree on their own answers (in the clustering's space) cut into about their size over the
  median theme's groups, each labelled as any theme;
- dissolves the groups still labelled assorted: each answer joins the nearest other theme's centre when it is as
  close as the theme's own answers are (the distance fence of
  :func:`~consult_analyser.pipeline.themes.cluster.fence_and_confidence`), else it is left unassigned ("Other"),
  never more than :data:`~consult_analyser.pipeline.themes.cluster.MAX_UNASSIGNED` of the answers in all (the
  nearest of the far ones join their theme first);
- renumbers the themes 0.. by decreasing size (expected themes keep their seeds), as a fit does.

The model calls it where a fit's or a re-cut's topics are final (:meth:`ThemeModel._result`), not after a lead's
merge, whose merged theme is the lead's choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from consult_analyser.pipeline.themes.build import Built
from consult_analyser.pipeline.themes.cluster import (
    MAX_UNASSIGNED,
    WardClusterer,
    default_min_theme_size,
    group_centres,
    similarity_fence,
    soft_confidence,
)
from consult_analyser.pipeline.themes.labels import ASSORTED_LABEL, PLEASED_LABEL, STANCE_ONLY_LABEL

if TYPE_CHECKING:
    from consult_analyser.pipeline.themes.model import ThemeModel

#: assorted themes holding more than this many times the median theme's answers are re-split
ASSORTED_MEDIANS = 2.0
#: ... or more than this share of the question's answers
ASSORTED_SHARE = 0.08
#: fixed themes that take no other answers: their answers only take a side or say all was well
_FIXED = (STANCE_ONLY_LABEL, PLEASED_LABEL)


def is_assorted(label: str) -> bool:
    """Whether a theme's label says its answers share no word ("Assorted points", "Assorted points (12)")."""
    return label == ASSORTED_LABEL or label.startswith(f"{ASSORTED_LABEL} (")


def too_large(size: float, sizes: list[float], total: float) -> bool:
    """Whether assorted themes of ``size`` answers hold more than their share: more than :data:`ASSORTED_MEDIANS`
    times the median of the question's theme ``sizes``, or more than :data:`ASSORTED_SHARE` of its ``total``."""
    return bool(sizes) and (size > ASSORTED_MEDIANS * float(np.median(sizes)) or size > ASSORTED_SHARE * total)


def settle_assorted(model: ThemeModel, built: Built) -> Built:
    """Re-split the question's assorted themes when too large (:func:`too_large`), dissolve what still shares no
    word, and build the themes again (see the module notes); ``built`` as it is otherwise. Updates the model's
    ``topics_``, ``confidence_`` and ``seeds_``."""
    topics = np.asarray(model.topics_, dtype=int).copy()
    if getattr(model, "values_", False) or not len(topics):
        return built
    weights = model.weights_
    pool = _assorted(built, topics, model.seeds_)
    keys = sorted(set(topics[topics >= 0].tolist()))
    sizes = [float(weights[topics == k].sum()) for k in keys]
    if not pool.any() or not too_large(float(weights[pool].sum()), sizes, float(weights.sum())):
        return built
    X = model.clusterer_.X_
    rows = np.flatnonzero(pool)
    groups = max(2, round(float(weights[pool].sum()) / float(np.median(sizes))))
    if len(rows) > groups:
        floor = model.min_theme_size if model.min_theme_size is not None else \
            default_min_theme_size(int(round(weights.sum())))
        split = WardClusterer(n_clusters=groups, max_clusters=groups, min_cluster_size=floor, outlier_mads=np.inf,
                              weights=weights[rows], random_state=model.random_state, coarse_margin=0).fit(X[rows])
        topics[rows] = int(topics.max()) + 1 + split.labels_
    built = _rebuild(model, topics, weights)
    left = _assorted(built, model.topics_, model.seeds_)
    staying = set(model.topics_[~left & (model.topics_ >= 0)].tolist())
    targets = [t.key for t in built.themes if t.key in staying and t.label not in _FIXED]
    if left.any() and targets:
        topics = _dissolve(X, model.topics_, left, np.asarray(targets, dtype=int), weights, model.outlier_mads)
        built = _rebuild(model, topics, weights)
        # a theme the dissolved answers joined may have lost its name to them ("Good president" of 42 answers
        # took 24 and became "Assorted points"): they leave it for "Other" (as room allows)
        damaged = _assorted(built, model.topics_, model.seeds_) & ~left
        back = left & np.isin(model.topics_, model.topics_[damaged])
        if back.any():
            built = _rebuild(model, _leave_out(X, model.topics_, back, weights), weights)
    topics = model.topics_
    centres = group_centres(X, topics)
    changed = pool & (topics >= 0)
    confidence = np.asarray(model.confidence_, dtype=float).copy()
    confidence[pool] = 0.0
    confidence[changed] = soft_confidence(X[changed] @ centres.T, topics[changed], model.clusterer_.temperature)
    model.confidence_ = confidence
    return built


def _assorted(built: Built, topics: np.ndarray, seeds: dict[int, int]) -> np.ndarray:
    """The answers of the themes labelled assorted (an expected theme never is: it keeps its name)."""
    keys = [t.key for t in built.themes if is_assorted(t.label) and t.key not in seeds]
    return np.isin(topics, keys)


def _dissolve(X: np.ndarray, topics: np.ndarray, moved: np.ndarray, targets: np.ndarray, weights: np.ndarray,
              outlier_mads: float) -> np.ndarray:
    """``moved`` answers to the nearest of the ``targets`` themes' centres, or unassigned when farther from it
    than the fence the themes' own answers set (:func:`~.cluster.similarity_fence`), keeping at most
    :data:`~.cluster.MAX_UNASSIGNED` of the answers unassigned (an answer standing for several never is)."""
    topics = topics.copy()
    staying = np.isin(topics, targets)
    centres = group_centres(X, np.where(staying, topics, -1))
    sims = X @ centres.T
    fence = similarity_fence(sims[np.flatnonzero(staying), topics[staying]], outlier_mads)
    rows = np.flatnonzero(moved)
    nearest = targets[sims[rows][:, targets].argmax(axis=1)]
    closeness = sims[rows, nearest]
    topics[rows] = nearest
    far = (closeness < fence) & (weights[rows] <= 1)
    return _leave_out(X, topics, np.isin(np.arange(len(topics)), rows[far]), weights)


def _leave_out(X: np.ndarray, topics: np.ndarray, out: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The answers ``out`` unassigned, the farthest from their theme's centre first, as long as at most
    :data:`~.cluster.MAX_UNASSIGNED` of the answers are (an answer standing for several never is)."""
    topics = topics.copy()
    rows = np.flatnonzero(out & (topics >= 0) & (weights <= 1))
    room = max(0, int(MAX_UNASSIGNED * len(topics)) - int((topics < 0).sum()))
    if not len(rows) or not room:
        return topics
    centres = group_centres(X, topics)
    closeness = np.einsum("ij,ij->i", X[rows], centres[topics[rows]])
    topics[rows[np.argsort(closeness, kind="stable")][:room]] = -1
    return topics


def _by_size(topics: np.ndarray, weights: np.ndarray, seeds: dict[int, int]) -> tuple[np.ndarray, dict[int, int]]:
    """Theme keys 0.. by decreasing size (ties by key), expected themes with no answer last; their seeds kept."""
    present = sorted(set(topics[topics >= 0].tolist()))
    order = sorted(present, key=lambda k: (-float(weights[topics == k].sum()), k))
    order += [k for k in sorted(seeds) if k not in present]
    mapping = {k: i for i, k in enumerate(order)}
    renumbered = np.array([mapping.get(int(k), -1) for k in topics.tolist()], dtype=int)
    return renumbered, {mapping[k]: j for k, j in seeds.items() if k in mapping}


def _rebuild(model: ThemeModel, topics: np.ndarray, weights: np.ndarray) -> Built:
    """The model's topics set to ``topics`` (renumbered by size, see :func:`_by_size`), its themes built again."""
    model.topics_, model.seeds_ = _by_size(topics, weights, model.seeds_)
    model.builder_.update_topics(model.topics_)
    return model.builder_.build(model.topics_, model.seeds_)
