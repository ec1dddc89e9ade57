"""Organised campaigns: many near-identical answers (a template with small edits).

Answers are compared as sets of character 4-grams (cosine of binary vectors; robust to typos,
added names and reordered sentences). Pairs at or above ``threshold`` cosine similarity are linked, and the
connected groups of at least ``min_size`` answers are campaigns. Exact repeats are folded first,
so thousands of copies cost no more than one. Short answers ("No", "I agree") repeat without any
campaign behind them, so answers under ``min_words`` words are never campaign members.

Each campaign has a canonical answer (the member closest to the group's centre): theme discovery
sees only that one, and the caller gives its theme to every member, so a campaign is counted in
the totals without swamping the clustering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from consult_analyser.pipeline.progress import ProgressFn, null_progress

CHUNK = 512


@dataclass
class Campaign:
    """Indices of the member answers, the canonical one, and each member's similarity to it."""

    indices: list[int]
    canonical_index: int
    similarities: list[float] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.indices)


def normalise(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: the form exact repeats share."""
    return re.sub(r"\s+", " ", text.lower()).strip(" \t\n.,;:!?\"'")


def find_campaigns(texts: Sequence[str], *, min_size: int = 20, threshold: float = 0.8, min_words: int = 12,
                   progress: ProgressFn | None = None) -> list[Campaign]:
    """Groups of at least ``min_size`` near-identical answers, largest first (see module notes)."""
    progress = progress or null_progress
    progress(0.0, "Looking for campaigns")
    forms: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if isinstance(text, str) and len(text.split()) >= min_words:
            forms.setdefault(normalise(text), []).append(i)
    if sum(len(v) for v in forms.values()) < max(2, min_size):
        return []
    unique = list(forms)
    weights = np.array([len(forms[u]) for u in unique])
    # sets of 4-grams (binary, no IDF): with IDF a large campaign would make its own text "common"
    # and leave only the edits to compare
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), binary=True, use_idf=False,
                                 dtype=np.float32)
    X = vectorizer.fit_transform(unique).tocsr()
    rows, cols = [], []
    n = len(unique)
    for start in range(0, n, CHUNK):
        block = (X[start:start + CHUNK] @ X.T).tocoo()
        keep = (block.data >= threshold) & (block.row + start < block.col)
        rows.append(block.row[keep] + start)
        cols.append(block.col[keep])
        progress(min(0.9, 0.9 * (start + CHUNK) / n), "Looking for campaigns")
    r = np.concatenate(rows) if rows else np.zeros(0, int)
    c = np.concatenate(cols) if cols else np.zeros(0, int)
    graph = coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    totals = np.bincount(component, weights=weights)
    out = []
    for comp in np.flatnonzero(totals >= min_size):
        members = np.flatnonzero(component == comp)
        centre = np.asarray(X[members].T @ weights[members]).ravel()
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        sims = np.asarray(X[members] @ centre).ravel()
        head = int(members[int(np.argmax(sims))])
        canonical = forms[unique[head]][0]
        to_head = np.asarray((X[members] @ X[head].T).todense()).ravel()
        indices, similarity = [], []
        for m, s in zip(members, to_head, strict=True):
            for i in forms[unique[m]]:
                indices.append(int(i))
                similarity.append(round(float(min(1.0, s)), 4))
        order = np.argsort(indices, kind="stable")
        out.append(Campaign([indices[k] for k in order], canonical, [similarity[k] for k in order]))
    out.sort(key=lambda camp: (-camp.size, camp.canonical_index))
    progress(1.0, f"{len(out)} campaign(s)")
    return out


def collapse(n_texts: int, campaigns: Sequence[Campaign]) -> tuple[list[int], dict[int, list[int]]]:
    """Indices to cluster (each campaign by its canonical answer only) and canonical -> other members."""
    followers: dict[int, list[int]] = {}
    hidden: set[int] = set()
    for camp in campaigns:
        rest = [i for i in camp.indices if i != camp.canonical_index and i not in hidden]
        followers.setdefault(camp.canonical_index, []).extend(rest)
        hidden.update(rest)
    return [i for i in range(n_texts) if i not in hidden], followers


def expand(assignments: np.ndarray, order: Sequence[int], followers: dict[int, list[int]],
           n_texts: int) -> np.ndarray:
    """Assignments for all ``n_texts`` answers from those of the clustered ``order``: every
    campaign member gets its canonical answer's theme (unclustered answers: -1)."""
    out = np.full(n_texts, -1, dtype=int)
    for pos, index in enumerate(order):
        out[index] = assignments[pos]
        for member in followers.get(index, []):
            out[member] = assignments[pos]
    return out
