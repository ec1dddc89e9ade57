"""Copies of one text in auto-coding: a campaign's members (:mod:`consult_analyser.store.campaigns`) and
answers that say the same thing in other words.

- **One suggestion for a campaign's shared text.** A member is suggested what its campaign's standard
  wording is suggested, unless words of its own (a run of :data:`ADDED_WORDS` or more not in the
  standard wording) state a side of the Stance family that differs: then its side rests on those words
  alone, and its suggestion says so (:data:`OWN_WORDS`). Typos and small edits in a copy do not move it.
- **One decision, not hundreds.** Coded members of one campaign carrying the same codes teach the model
  once (:func:`one_row_per_campaign`).
- **Contested copies are not sure.** Where copies (campaign members, or answers of :data:`COPY_MIN_WORDS`
  words or more whose embeddings are at least :data:`COPY_COSINE` alike) are suggested different sides,
  none of those suggestions is above :data:`CONTESTED_CONFIDENCE` (:func:`contested`).

Trial 49 (an Australian consultation): four paraphrases of one campaign's letter were suggested
Opposes (90 %), Mixed (93 %) and Supports (85 %, 88 %), from the one cue phrase each happened to use
("as opposed to", "I agree with ..., however", "should be implemented", "I endorse"), and 24 of the
published 34 "Supports" were such suggestions accepted in bulk at 80 % or more.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

#: a member's own words: a run of this many words or more that the standard wording does not hold
#: (a name, a typo or a changed word is an edit, not words of its own)
ADDED_WORDS = 5
#: cosine of two answers' embeddings from which they are copies of one text, said in other words (a
#: trial's four paraphrases of a campaign letter were 0.87-0.94 from its standard wording)
COPY_COSINE = 0.85
#: answers shorter than this are never copies of one another ("Yes", "I agree": campaign detection's rule)
COPY_MIN_WORDS = 12
#: the highest confidence of a side suggested for copies of one text suggested different sides: below the
#: 80 % at which suggestions are usually accepted in bulk (see the module notes for how it was measured)
CONTESTED_CONFIDENCE = 0.6
#: what a suggestion resting on a campaign member's own words says, after the model's name
OWN_WORDS = "on the words this answer adds to its campaign's standard wording"

_WORD = re.compile(r"\S+")


def added_words(text: str, standard: str, min_run: int = ADDED_WORDS) -> str:
    """The words of ``text`` that its campaign's ``standard`` wording does not hold: runs of ``min_run``
    words or more (joined with " … "), or "" when it only copies the wording, give or take edits."""
    mine, theirs = _WORD.findall(text or ""), _WORD.findall(standard or "")
    fold = [w.lower().strip(".,;:!?\"'()“”‘’") for w in mine]
    matcher = difflib.SequenceMatcher(None, [w.lower().strip(".,;:!?\"'()“”‘’") for w in theirs], fold,
                                      autojunk=False)
    runs = [" ".join(mine[j1:j2]) for tag, _, _, j1, j2 in matcher.get_opcodes()
            if tag in ("insert", "replace") and j2 - j1 >= min_run]
    return " … ".join(runs)


def stated_side(text: str, cues: Mapping[str, re.Pattern[str]], reservation: str | None) -> str | None:
    """The one code whose cue phrase ``text`` holds (``cues``: code -> pattern), a ``reservation`` (the
    Mixed code) outranking the side it qualifies; None when it states none, or several."""
    sides = [code for code, cue in cues.items() if cue.search(text)]
    if reservation is not None and reservation in sides:
        return reservation
    return sides[0] if len(sides) == 1 else None


def one_row_per_campaign(coded: Sequence[str], labels: Mapping[str, Iterable[str]],
                         canonical: Mapping[str, str]) -> list[str]:
    """The coded answers to learn from: of a campaign's members coded with the same codes, the first only
    (coding 40 copies of a letter is one decision about one text, not 40 examples)."""
    seen: set[tuple[str, frozenset[str]]] = set()
    out = []
    for rid in coded:
        group = canonical.get(rid)
        if group is not None:
            key = (group, frozenset(labels[rid]))
            if key in seen:
                continue
            seen.add(key)
        out.append(rid)
    return out


def copy_groups(ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray,
                canonical: Mapping[str, str]) -> dict[str, str]:
    """Answer id -> a group id, for answers that are copies of another: a campaign's members (its canonical
    answer's id) and answers of :data:`COPY_MIN_WORDS` words or more whose embeddings are :data:`COPY_COSINE`
    alike (linked in chains). A campaign takes part through one answer, and a text repeated word for word
    once, so 40,000 copies of a letter cost no more than one."""
    head_of: dict[str, int] = {}  # a campaign's canonical id, or a text, -> the answer standing for it
    standing: list[int] = []
    for i, rid in enumerate(ids):
        key = "campaign:" + canonical[rid] if rid in canonical else "text:" + " ".join((texts[i] or "").split())
        standing.append(head_of.setdefault(key, i))
    stands_for = np.array(standing, dtype=np.int64)
    heads = np.array(sorted({h for h in standing if len((texts[h] or "").split()) >= COPY_MIN_WORDS
                             or ids[h] in canonical}), dtype=np.int64)
    component = stands_for.copy()
    if len(heads) > 1 and vectors.ndim == 2 and vectors.shape[1]:
        unit = vectors[heads] / np.maximum(np.linalg.norm(vectors[heads], axis=1, keepdims=True), 1e-12)
        rows, cols = [], []
        for start in range(0, len(heads), 512):
            a, b = np.nonzero(unit[start:start + 512] @ unit.T >= COPY_COSINE)
            rows.append(a + start)
            cols.append(b)
        edges = np.concatenate(rows), np.concatenate(cols)
        _, label = connected_components(csr_matrix((np.ones(len(edges[0])), edges), shape=(len(heads), len(heads))),
                                        directed=False)
        first: dict[int, int] = {}
        for k, lab in enumerate(label):
            first.setdefault(int(lab), int(heads[k]))
        of_head = {int(h): first[int(label[k])] for k, h in enumerate(heads)}
        component = np.array([of_head.get(int(h), int(h)) for h in stands_for])
    sizes = np.bincount(component, minlength=len(ids)) if len(ids) else np.zeros(0, int)
    return {rid: ids[component[i]] for i, rid in enumerate(ids) if sizes[component[i]] > 1}


def contested(rows: Sequence[tuple[Any, ...]], groups: Mapping[str, str], family: set[str],
              decided: Mapping[str, str] | None = None, own: set[str] | frozenset[str] = frozenset()
              ) -> tuple[list[tuple[Any, ...]], int]:
    """``rows`` (answer id, code id, confidence, ...) with the family's suggestions of copies suggested (or,
    in ``decided``, coded) different sides of ``family`` held to :data:`CONTESTED_CONFIDENCE`, and how many
    answers that held back. Answers in ``own`` (their side rests on their own words) are left out."""
    sides: dict[str, set[str]] = {}
    for rid, code, *_ in rows:
        if code in family and rid in groups and rid not in own:
            sides.setdefault(groups[rid], set()).add(code)
    for rid, code in (decided or {}).items():
        if rid in groups and code in family:
            sides.setdefault(groups[rid], set()).add(code)
    torn = {g for g, s in sides.items() if len(s) > 1}
    out, held = [], set()
    for row in rows:
        rid, code, conf = row[0], row[1], row[2]
        if code in family and rid not in own and groups.get(rid) in torn and conf > CONTESTED_CONFIDENCE:
            row = (rid, code, CONTESTED_CONFIDENCE, *row[3:])
            held.add(rid)
        out.append(row)
    return out, len(held)


def campaign_pairs(model: Any, answers: Sequence[tuple[str, str]], vectors: np.ndarray, uncoded: Sequence[int],
                   found: Sequence[list[tuple[str, float]]], canonical: Mapping[str, str], family: set[str],
                   cues: Mapping[str, re.Pattern[str]], reservation: str | None,
                   embed_texts: Any, options: Mapping[str, Any]) -> tuple[list[list[tuple[str, float]]], dict[str, str]]:
    """``found`` (the model's suggestions for the ``uncoded`` answers) with each campaign member's replaced by
    its campaign's standard wording's (see the module notes), and the members whose side rests on their own
    words (answer id -> those words). ``embed_texts`` embeds such words (a list of texts -> vectors)."""
    index = {rid: i for i, (rid, _) in enumerate(answers)}
    members = [k for k, i in enumerate(uncoded) if canonical.get(answers[i][0]) in index]
    if not members:
        return list(found), {}
    heads = sorted({canonical[answers[uncoded[k]][0]] for k in members})
    shared = dict(zip(heads, model.suggest([answers[index[h]][1] for h in heads], vectors[[index[h] for h in heads]],
                                           **options), strict=True))
    out, own = list(found), {}
    for k in members:
        rid, text = answers[uncoded[k]]
        head = canonical[rid]
        extra = added_words(text, answers[index[head]][1])
        side = stated_side(extra, cues, reservation) if extra and cues else None
        base = shared[head]
        # its own words' topics count; its side is the standard wording's unless its own words state another
        out[k] = [p for p in (found[k] if extra else base) if p[0] not in family] + [p for p in base if p[0] in family]
        if side is not None and side != next((c for c, _ in base if c in family), None):
            own[rid] = extra
    if own:
        said = model.suggest(list(own.values()), embed_texts(list(own.values())), **options)
        for k in members:
            rid = answers[uncoded[k]][0]
            if rid in own:
                pairs = said[list(own).index(rid)]
                out[k] = [p for p in out[k] if p[0] not in family] + [p for p in pairs if p[0] in family]
    out = [sorted(pairs, key=lambda p: -p[1]) for pairs in out]
    return out, own

