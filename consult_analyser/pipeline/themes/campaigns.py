"""Organised campaigns: many near-identical answers (a template with small edits).

Answers are compared as sets of character 4-grams (cosine of binary vectors; robust to typos,
added names and reordered sentences). Pairs at or above ``threshold`` cosine similarity are linked, and the
connected groups of at least ``min_size`` answers are campaigns, keeping only the members close to
the group's canonical answer (``member_min``: links chain). Exact repeats are folded first,
so thousands of copies cost no more than one. Short answers ("No", "I agree") repeat without any
campaign behind them, so answers under ``min_words`` words are never campaign members.

Finding the linked pairs: up to ``EXACT_LIMIT`` distinct answers every pair is compared. Above
that, comparing all pairs grows with the square of the answers (minutes for one question of a
100,000-respondent consultation), so candidate pairs come from MinHash banding (locality-
sensitive hashing: one-permutation MinHash with densification, ``bands`` bands of ``rows``
values; answers sharing a band are candidates) and every candidate is checked exactly. A pair
at the threshold (Jaccard about 0.64-0.67) shares a band with probability 0.997-0.999, groups are
mostly held together by many redundant links, and pairs already in one group are not checked
again, so the cost grows about linearly. Measured on a generated 100,000-respondent consultation
(one question, 43,017 answers, 24,574 distinct long ones): 29 groups, the same as comparing every
pair, with 18 of about 21,000 members missing from five long chains of templated answers; about
6 s of CPU instead of about 190 s. ``python -m benchmarks.bench_themes --campaign-check PROJECT``
repeats the comparison on a project's largest question.

Each campaign has a canonical answer (the member closest to the group's centre): theme discovery
sees only that one, and the caller gives its theme to every member, so a campaign is counted in
the totals without swamping the clustering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from consult_analyser.progress import ProgressFn, null_progress

CHUNK = 512
EXACT_LIMIT = 3000  # distinct answers up to which every pair is compared
PAIR_BATCH = 200_000  # candidate pairs checked between updates of the groups


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


def shingles(texts: Sequence[str]) -> csr_matrix:
    """Binary answers x character 4-grams matrix (float32, rows sorted)."""
    vectorizer = CountVectorizer(analyzer="char_wb", ngram_range=(4, 4), binary=True, dtype=np.float32)
    X = vectorizer.fit_transform(list(texts)).tocsr()
    X.sort_indices()
    return X


def _merge(labels: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Group labels (each group labelled by its first member) after linking ``rows`` to ``cols``."""
    n = len(labels)
    graph = coo_matrix((np.ones(n + len(rows), dtype=np.int8),
                        (np.concatenate([np.arange(n), rows]), np.concatenate([labels, cols]))), shape=(n, n))
    component = connected_components(graph, directed=False)[1]
    _, first = np.unique(component, return_index=True)
    return first[component]


def link_all_pairs(X: csr_matrix, threshold: float, progress: ProgressFn | None = None) -> np.ndarray:
    """Group label per row: connected components of pairs with cosine >= ``threshold`` (every pair)."""
    progress = progress or null_progress
    n = X.shape[0]
    sizes = np.diff(X.indptr).astype(np.float64)
    XT = X.T.tocsr()
    rows, cols = [], []
    for start in range(0, n, CHUNK):
        block = (X[start:start + CHUNK] @ XT).tocoo()
        r, c = block.row + start, block.col
        keep = (c > r) & _similar(block.data, sizes[r], sizes[c], threshold)
        rows.append(r[keep])
        cols.append(c[keep])
        progress(min(1.0, (start + CHUNK) / n), "Looking for campaigns")
    return _merge(np.arange(n), np.concatenate(rows) if rows else np.zeros(0, int),
                  np.concatenate(cols) if cols else np.zeros(0, int))


def _similar(overlap: np.ndarray, size_a: np.ndarray, size_b: np.ndarray, threshold: float) -> np.ndarray:
    """Cosine of two binary sets >= threshold, in exact arithmetic on the counts."""
    overlap = np.asarray(overlap, dtype=np.float64)
    return overlap * overlap >= threshold * threshold * size_a * size_b - 1e-9


def minhash(X: csr_matrix, n_values: int, seed: int = 0) -> np.ndarray:
    """One-permutation MinHash signatures (rows x ``n_values``), empty bins filled by rotation."""
    n, n_features = X.shape
    rng = np.random.default_rng(seed)
    bins = rng.integers(0, n_values, size=n_features)
    values = rng.integers(0, 2**31, size=n_features, dtype=np.int64)
    empty = np.iinfo(np.int64).max
    sig = np.full((n, n_values), empty, dtype=np.int64)
    owner = np.repeat(np.arange(n), np.diff(X.indptr))
    np.minimum.at(sig, (owner, bins[X.indices]), values[X.indices])
    source, missing = sig.copy(), sig == empty
    for step in range(1, n_values):  # an empty bin takes the next filled bin's value, marked by the distance
        if not missing.any():
            break
        shifted = np.roll(source, -step, axis=1)
        fill = missing & (shifted != empty)
        sig[fill] = shifted[fill] + step * 2**31
        missing &= ~fill
    return sig


def link_banded(X: csr_matrix, threshold: float, bands: int = 32, rows: int = 4, window: int = 8,
                small_bucket: int = 24, progress: ProgressFn | None = None) -> np.ndarray:
    """Group label per row from MinHash-banded candidate pairs, each checked exactly.

    Within a band's bucket every member is first checked against the bucket's first member; then
    members of different groups are checked pairwise (all pairs in buckets of up to
    ``small_bucket``, else each with its ``window`` next members in an order given by another band).
    """
    progress = progress or null_progress
    n, n_features = X.shape
    sizes = np.diff(X.indptr).astype(np.float64)
    sig = minhash(X, bands * rows)
    packed = np.zeros((n, (n_features + 63) // 64), dtype=np.uint64)
    owner = np.repeat(np.arange(n), np.diff(X.indptr))
    np.bitwise_or.at(packed, (owner, X.indices // 64), np.left_shift(np.uint64(1), (X.indices % 64).astype(np.uint64)))
    mixers = np.random.default_rng(1).integers(1, 2**62, size=rows, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    keys = [(sig[:, j * rows:(j + 1) * rows].astype(np.uint64) * mixers).sum(axis=1) for j in range(bands)]
    labels = np.arange(n)
    pending: list[tuple[np.ndarray, np.ndarray]] = []

    def check() -> None:
        nonlocal labels
        if not pending:
            return
        a = np.concatenate([p[0] for p in pending])
        b = np.concatenate([p[1] for p in pending])
        pending.clear()
        keep = labels[a] != labels[b]
        a, b = a[keep], b[keep]
        linked = np.zeros(len(a), dtype=bool)
        for s in range(0, len(a), 20_000):
            x, y = a[s:s + 20_000], b[s:s + 20_000]
            overlap = np.bitwise_count(packed[x] & packed[y]).sum(axis=1)
            linked[s:s + 20_000] = _similar(overlap, sizes[x], sizes[y], threshold)
        if linked.any():
            labels = _merge(labels, a[linked], b[linked])

    steps = 2 * bands
    for stage in ("star", "pairs"):
        for j in range(bands):
            order = np.lexsort((keys[(j + 1) % bands], keys[j]))
            ordered = keys[j][order]
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            ends = np.r_[starts[1:], n]
            waiting = 0
            for g in np.flatnonzero(ends - starts >= 2):
                members = order[starts[g]:ends[g]]
                if stage == "star":
                    pending.append((np.full(len(members) - 1, members[0]), members[1:]))
                else:
                    group = labels[members]
                    if (group == group[0]).all():
                        continue
                    if len(members) <= small_bucket:
                        i, k = np.triu_indices(len(members), 1)
                    else:
                        i = np.repeat(np.arange(len(members)), window)
                        k = i + np.tile(np.arange(1, window + 1), len(members))
                        i, k = i[k < len(members)], k[k < len(members)]
                    differ = group[i] != group[k]
                    pending.append((members[i[differ]], members[k[differ]]))
                waiting += len(pending[-1][0])
                if waiting > PAIR_BATCH:
                    check()
                    waiting = 0
            check()
            done = j + 1 + (bands if stage == "pairs" else 0)
            progress(done / steps, "Looking for campaigns")
    return labels


#: a campaign has at least this many members, and in a question of fewer than
#: ``CAMPAIGN_MIN_SIZE / CAMPAIGN_MIN_SHARE`` answers at least that share of them, never under
#: ``CAMPAIGN_MIN_FLOOR``: 15 copies of one letter among 190 respondents are a campaign
CAMPAIGN_MIN_SIZE = 20
CAMPAIGN_MIN_SHARE = 0.05
CAMPAIGN_MIN_FLOOR = 10


#: a member's least similarity to its campaign's canonical answer (the cosine of their sets of 4-grams):
#: a template with a greeting changed, a sentence added and a name signed stays above 0.6; answers
#: linked only through others (a chain) fall far below (0.09-0.28 in a trial's stock-sentence answers)
CAMPAIGN_MEMBER_MIN = 0.6


def campaign_min_size(n_answers: int) -> int:
    """The fewest members a campaign of a question with ``n_answers`` answers has (see above)."""
    return max(CAMPAIGN_MIN_FLOOR, min(CAMPAIGN_MIN_SIZE, round(CAMPAIGN_MIN_SHARE * n_answers)))


#: a submission's numbering of its own parts: "Comment Submission 34 Of 46", "Part 2 of 3", "Batch #6 Of 9"
_PART_OF = re.compile(r"(?<![\d,.])(\d{1,4})\s+of\s+(\d{1,4})(?![,.]?\d)", re.I)
#: a name or organisation that says no one in particular: answers under it are not one sender's
_NO_SENDER = re.compile(r"^(anonymous|anon|unknown|none|n/?a|not (given|provided|stated|known)|withheld|redacted"
                        r"|(a |private )?(citizen|individual|member of the public|resident)|public( comment(er)?)?"
                        r"|anonymous public comment|mass comment.*|.*\bsponsoring organi[sz]ation unknown\b.*|-+|\?+|\.+)$")


def sender_key(sender: str) -> str:
    """The form in which two answers' senders are the same one: lower case, letters and digits only; "" for
    no sender or one that names no one ("Anonymous", "Unknown", "Mass Comment Campaign Sponsoring Organization
    Unknown")."""
    words = " ".join(re.sub(r"[^\w/?.-]+", " ", sender.casefold()).split()).strip(" .")
    if not words or _NO_SENDER.match(words):
        return ""
    return re.sub(r"\W+", "", words)


def _numbered_parts(texts: Sequence[str], weights: Sequence[int]) -> bool:
    """Whether answers are numbered parts of one submission: most of them (by weight) say "N of M" with one M
    and together several N ("The Pew Charitable Trusts Comment Submission 34 Of 46", 45 uploads that differ
    only in N); a standard wording that itself says "1 of 3" gives every copy the same N."""
    parts: dict[int, set[int]] = {}
    weight: dict[int, int] = {}
    for text, w in zip(texts, weights, strict=True):
        numbers = {(int(n), int(m)) for n, m in _PART_OF.findall(text) if 0 < int(n) <= int(m) and int(m) > 1}
        for total in {m for _, m in numbers}:
            parts.setdefault(total, set()).update(n for n, m in numbers if m == total)
            weight[total] = weight.get(total, 0) + w
    return any(len(parts[m]) > 1 and 2 * weight[m] >= sum(weights) for m in parts)


def _senders(indices: Sequence[int], senders: Sequence[str] | None) -> int:
    """How many senders the answers at ``indices`` have: one per sender named, one per answer with none."""
    if senders is None:
        return len(indices)
    keys = [sender_key(senders[i]) for i in indices]
    return len({k for k in keys if k}) + sum(1 for k in keys if not k)


def find_campaigns(texts: Sequence[str], *, min_size: int | None = None, threshold: float = 0.8, min_words: int = 12,
                   progress: ProgressFn | None = None, exhaustive: bool | None = None,
                   member_min: float = CAMPAIGN_MEMBER_MIN, senders: Sequence[str] | None = None) -> list[Campaign]:
    """Groups of at least ``min_size`` (default :func:`campaign_min_size`) near-identical answers,
    largest first (see module notes), each member at least ``member_min`` similar to the group's
    canonical answer. ``exhaustive``: compare every pair (True), use banding (False), or decide by
    size (None).

    A campaign is many respondents sending copies of one standard wording, so the parts of one submission
    are none: ``senders`` (each answer's organisation or name, "" where none) count the answers of one
    sender once (one organisation's 40 uploads, each described as "Barker Elizabeth A, National Jewish
    Health; ..."), and answers numbered as parts ("Comment Submission 34 Of 46") are not copies, however
    alike their 4-grams."""
    progress = progress or null_progress
    if min_size is None:
        min_size = campaign_min_size(sum(1 for t in texts if isinstance(t, str) and t.strip()))
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
    X = shingles(unique)
    if exhaustive is None:
        exhaustive = len(unique) <= EXACT_LIMIT
    linker = link_all_pairs if exhaustive else link_banded
    component = linker(X, threshold, progress=lambda f, m: progress(0.9 * f, m))
    totals = np.bincount(component, weights=weights, minlength=len(unique))
    unit = normalize(X)
    out = []
    groups: list[tuple[int, np.ndarray, np.ndarray, int]] = []  # head form, member forms, their similarity, canonical
    for comp in np.flatnonzero(totals >= min_size):
        members = np.flatnonzero(component == comp)
        centre = np.asarray(unit[members].T @ weights[members]).ravel()
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        sims = np.asarray(unit[members] @ centre).ravel()
        head = int(members[int(np.argmax(sims))])
        canonical = forms[unique[head]][0]
        to_head = np.asarray((unit[members] @ unit[head].T).todense()).ravel()
        # links chain: answers that share one stock sentence each with a long answer holding them all
        # are linked through it, though they differ from one another and from any template; a member
        # is a copy of the standard wording, give or take edits, or not a member
        close = to_head >= member_min
        if weights[members[close]].sum() < min_size:
            continue
        copies = [i for m in members[close] for i in forms[unique[m]]]
        if _senders(copies, senders) < min_size or _numbered_parts(
                [texts[forms[unique[m]][0]] for m in members[close]], weights[members[close]].tolist()):
            continue  # one sender's parts, or a submission numbered in parts: no campaign
        groups.append((head, members[close], to_head[close], canonical))
    groups.sort(key=lambda g: -int(weights[g[1]].sum()))
    _add_extended_copies(X, unit, groups, [len(u.split()) for u in unique])
    for _head, members, to_head, canonical in groups:
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


#: a standard wording's share of 4-grams that an answer must hold to be a copy with words added
#: ("Dear Minister, <the template> My grandchildren deserve ..."), the whole answer at most three
#: times the wording's length; a quote of the wording inside a long answer of one's own is no copy
CONTAINED = 0.9
#: the fewest words of a standard wording that answers holding it join (a short one is a stock phrase)
CONTAINED_MIN_WORDS = 25


def _add_extended_copies(X: csr_matrix, unit: csr_matrix, groups: list[tuple[int, np.ndarray, np.ndarray, int]],
                         lengths: list[int]) -> None:
    """Give each campaign (largest first) the answers not yet in one that hold nearly all of its
    standard wording (``CONTAINED``) and are at most three times as long: the template with a
    paragraph of the sender's own, which compares with the bare copies below the linking threshold
    (and with other such letters too, unless they added the same sentence)."""
    if not groups:
        return
    taken = np.zeros(X.shape[0], dtype=bool)
    for _h, members, _s, _c in groups:
        taken[members] = True
    sizes = np.asarray(X.sum(axis=1)).ravel()
    length = np.asarray(lengths)
    merged: set[int] = set()
    for k, (head, members, to_head, canonical) in enumerate(groups):
        if k in merged or length[head] < CONTAINED_MIN_WORDS:
            continue  # (one stock sentence is in many answers that are no copies of anything)
        shared = np.asarray((X @ X[head].T).todense()).ravel()
        holds = (shared >= CONTAINED * sizes[head]) & (length <= 3 * length[head])
        extended = [np.flatnonzero(~taken & holds)]
        # a smaller group whose own wording is this one with a sentence added ("... My grandchildren
        # deserve ...", sent by 612 of 30,000) is a part of this campaign, not a campaign of its own
        for j in range(k + 1, len(groups)):
            if j not in merged and holds[groups[j][0]]:
                merged.add(j)
                extended.append(groups[j][1])
        joined = np.concatenate(extended)
        if not len(joined):
            continue
        taken[joined] = True
        similarity = np.asarray((unit[joined] @ unit[head].T).todense()).ravel()
        groups[k] = (head, np.concatenate([members, joined]), np.concatenate([to_head, similarity]), canonical)
    groups[:] = [g for j, g in enumerate(groups) if j not in merged]


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


def campaign_themes(result: Any, order: Sequence[int], followers: dict[int, list[int]], texts: Sequence[str]) -> int:
    """Give a campaign a theme of its own where it made most of the theme it fell in: clustered as
    its one canonical answer, a campaign of 40,000 letters joined 150 answers like it, and the theme
    was named, described and quoted from those 150 ("Lungs of our towns" for a letter opposing the
    changes). The campaign's theme is named by its standard wording ('Campaign: "Dear Minister, I
    am writing to object ..."') and quoted by it; the other answers keep their theme as the model
    named it. ``result`` is a :class:`~consult_analyser.pipeline.themes.result.ThemeModelResult`
    over the clustered answers (``order`` into ``texts``), changed in place. Returns how many
    campaigns got a theme of their own."""
    from consult_analyser.pipeline.pii import redact
    from consult_analyser.pipeline.themes.result import ThemeCandidate
    from consult_analyser.store.campaigns import label_for

    labels = np.asarray(result.assignments)
    weights = np.array([1 + len(followers.get(i, [])) for i in order], dtype=float)
    next_key = max((t.key for t in result.themes), default=-1) + 1
    made = 0
    for pos, index in enumerate(order):
        key = int(labels[pos])
        if not followers.get(index) or key < 0:
            continue
        in_theme = labels == key
        if weights[pos] * 2 <= weights[in_theme].sum() or in_theme.sum() == 1:
            continue  # a part of a wider theme, or the theme is the campaign's alone already
        size = int(weights[pos])
        result.themes.append(ThemeCandidate(
            next_key, redact(label_for(texts[index])),  # (texts as the theme step reads them: letter_text.theme_text)
            f"The standard wording of an organised campaign, sent by {size:,} respondents "
            "(with small edits of their own).", [], [pos], size))
        for theme in result.themes:  # the campaign's answer no longer stands for the theme it left
            if theme.key == key:
                theme.representative = [r for r in theme.representative if r != pos]
                theme.size = max(0, theme.size - size)
        labels[pos] = next_key
        # its wording is its theme's: a further theme of the standard letter would count every copy in a theme
        # its senders never wrote of (a re-test's 150 letters made 74% of "Opportunities for online bullying")
        getattr(result, "secondary", {}).pop(pos, None)
        next_key += 1
        made += 1
    result.assignments = labels
    return made
