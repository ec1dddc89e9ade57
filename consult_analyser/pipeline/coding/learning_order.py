"""The order to code answers next (active learning), from a fitted model's confidences.

The answers the model is least sure about (best confidence closest to a code's cut-off, or low
everywhere) come first, spread out so that near-identical answers are not all asked about at once;
and, with ``stratify``, taken code by code in proportion to how common each code looks among the
answers (each answer filed under its likeliest code). Uncertainty alone kept asking about the vague,
common codes: a trial's 80 answers to "code next" held 3 "Democrat" answers where 1 in 10 answers
carries it, and the analyst searched for more. Measured in ``benchmarks/eval_active.py``.
"""

from __future__ import annotations

import numpy as np


def uncertainty(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """How unsure the model is of each answer (0 to 1): its confidence nearest a code's cut-off, or
    its best confidence low."""
    margin = np.abs(proba - thresholds[None, :]).min(axis=1)
    unsure = 1.0 - np.clip(margin / 0.5, 0.0, 1.0)
    return np.maximum(unsure, 1.0 - proba.max(axis=1))


def order_to_code(proba: np.ndarray, thresholds: np.ndarray, embeddings: np.ndarray | None, n: int,
                  diversity: float = 0.3, stratify: bool = True) -> list[int]:
    """Row indices of ``proba`` (answers x codes) in the order to code them, the first ``n``."""
    unsure = uncertainty(proba, thresholds)
    n = min(n, len(proba))
    by_doubt = np.argsort(-unsure, kind="stable")
    if embeddings is None or diversity <= 0:
        return [int(i) for i in by_doubt[:n]]
    if stratify and proba.shape[1] > 1:
        # each code's share: the expected number of answers carrying it (the sum of its confidences)
        share = proba.sum(axis=0)
        share = share / share.sum() if share.sum() > 0 else np.full(proba.shape[1], 1.0 / proba.shape[1])
        stratum = proba.argmax(axis=1)
        # each code's most uncertain answers, enough to fill its quota several times over
        pool = np.concatenate([by_doubt[stratum[by_doubt] == c][: max(10, int(np.ceil(3 * n * share[c])))]
                               for c in range(proba.shape[1])])
    else:
        share, stratum = np.ones(1), np.zeros(len(proba), dtype=int)
        pool = by_doubt[: max(n * 10, 200)]
    picked: list[int] = []
    taken = np.zeros(len(pool), dtype=bool)
    closeness = np.full(len(pool), -1.0)
    vectors = np.asarray(embeddings, dtype=np.float64)[pool]
    of_pool = stratum[pool]
    counts = np.zeros(len(share))
    for k in range(min(n, len(pool))):
        # the code furthest below its share of the answers asked so far (among codes with answers left)
        left = np.bincount(of_pool[~taken], minlength=len(share)) > 0
        need = np.where(left, share * (k + 1) - counts, -np.inf)
        code = int(np.argmax(need))
        score = (1 - diversity) * unsure[pool] - diversity * np.maximum(closeness, 0.0)
        score[taken | (of_pool != code)] = -np.inf
        j = int(np.argmax(score))
        taken[j] = True
        counts[code] += 1
        picked.append(int(pool[j]))
        closeness = np.maximum(closeness, vectors @ vectors[j])
    chosen = set(picked)
    return (picked + [int(i) for i in by_doubt if int(i) not in chosen])[:n]
