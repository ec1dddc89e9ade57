"""Themes of long answers (letters, long submissions) found in their passages.

A sentence model reads a 10,000-character letter as one blur (MiniLM reads 256 tokens), and what
whole letters share is the consultation's subject: on a trial's 143 letters one theme held 71% of
them under the consultation's own title. When a question's answers are long
(:func:`reads_in_passages`: the median answer has ``LONG_MEDIAN_CHARS`` characters or more, as a
letter or a formal submission has and a survey's comment does not), the unit of clustering is the
passage (:func:`answer_passages`: the letter's paragraphs, as
:func:`~consult_analyser.pipeline.letters.segment.split_passages` finds them, a long one cut at
sentences), so that themes are the points letters make:

- a passage that copies text found in many answers (``COPIED_SHARE`` of its word runs written in
  ``COPIED_ANSWERS`` answers or more: the discussion paper's list of questions, a quoted
  definition) is no one's point: it is neither clustered nor quoted, so no theme is made of it;
- each answer carries the themes its passages fall into, up to ``MAX_THEMES_PER_ANSWER``, ranked by
  the share of the answer's words each covers (a further theme covers ``FURTHER_MIN_SHARE`` at
  least), with a confidence; its own theme is the largest;
- a label is never the consultation's subject: a phrase that a ``SUBJECT_PHRASE_SHARE`` of the
  answers write, or whose every word ``SUBJECT_WORD_SHARE`` of them use ("Responsible AI in Australia
  discussion paper"), names no theme;
- quotes are answers whose passages in the theme are central, original and readable (written in
  sentences: not a PDF's two columns read across, see :func:`readable`).

Short-answer questions never come here (:func:`~consult_analyser.pipeline.themes.model.discover_themes`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from consult_analyser.pipeline.letters.segment import split_passages
from consult_analyser.pipeline.themes.cluster import normalise_rows
from consult_analyser.pipeline.themes.guided import as_expected
from consult_analyser.pipeline.themes.nonanswers import NO_ANSWER_LABEL
from consult_analyser.pipeline.themes.result import ThemeModelResult
from consult_analyser.progress import ProgressFn, null_progress

LONG_MEDIAN_CHARS = 1500  # a question whose median answer is this long is answered in letters or submissions
LONG_MIN_ANSWERS = 5
PASSAGE_MIN_WORDS = 12  # a shorter passage (a heading) joins the next
PASSAGE_MAX_WORDS = 220  # a longer paragraph is cut at sentences into parts of about half of this
MAX_PASSAGES = 60  # per answer: beyond, neighbouring passages are joined
COPIED_RUN = 6  # words in a run compared across answers
COPIED_SHARE = 0.5
COPIED_ANSWERS = 0.05  # of the answers, 3 at least
FURTHER_MIN_SHARE = 0.1
SUBJECT_PHRASE_SHARE = 0.5
SUBJECT_WORD_SHARE = 0.8
FOLD_MIN_ANSWERS = 3  # a theme of passages is carried by this many answers at least, or ...
FOLD_SHARE = 0.03  # ... this share of them (a consultation of 150 letters: 5)
FOLD_QUANTILE = 0.1  # a folded passage joins the nearest theme if as close to its centre as 9 in 10 of its own passages
READABLE = 0.6  # share of a passage's words in well-formed sentences for it to be quoted first

SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def reads_in_passages(texts: Sequence[str]) -> bool:
    """Whether a question's answers are long enough to be themed by their passages: the median of
    the non-blank answers has ``LONG_MEDIAN_CHARS`` characters or more (letters: a trial's 143 had a
    median of 10,376; a survey's long comments, the US set's 595 of mean 1,583, a median of about
    1,100, stay whole: their one point is the answer's)."""
    lengths = [len(t.strip()) for t in texts if isinstance(t, str) and t.strip()]
    return len(lengths) >= LONG_MIN_ANSWERS and float(np.median(lengths)) >= LONG_MEDIAN_CHARS


def answer_passages(text: str) -> list[str]:
    """An answer's passages, each a paragraph of ``PASSAGE_MIN_WORDS`` or more (a heading joins the
    paragraph under it), a long paragraph cut at sentences, at most ``MAX_PASSAGES``."""
    pieces = [" ".join(text[p.start:p.end].split()) for p in split_passages(text)]
    out: list[str] = []
    carry = ""
    for piece in pieces:
        piece = f"{carry} {piece}".strip()
        words = len(piece.split())
        if words < PASSAGE_MIN_WORDS:
            carry = piece
            continue
        carry = ""
        if words <= PASSAGE_MAX_WORDS:
            out.append(piece)
            continue
        part = ""
        for sentence in SENTENCES.split(piece):
            part = f"{part} {sentence}".strip()
            if len(part.split()) >= PASSAGE_MAX_WORDS // 2:
                out.append(part)
                part = ""
        if part and out and len(part.split()) < PASSAGE_MIN_WORDS:
            out[-1] = f"{out[-1]} {part}"
        elif part:
            out.append(part)
    return closed_parts(out, carry, MAX_PASSAGES)


def closed_parts(parts: list[str], carry: str, cap: int) -> list[str]:
    """``parts`` with a short remainder (``carry``) joined to the last, and at most ``cap`` of them (neighbours
    joined evenly): how a long answer's parts and a letter's passages are finished alike."""
    if carry:
        if parts:
            parts[-1] = f"{parts[-1]} {carry}"
        else:
            parts.append(carry)
    if len(parts) > cap:
        step = len(parts) / cap
        parts = [" ".join(parts[int(k * step): int((k + 1) * step)]) for k in range(cap)]
    return parts


def passage_units(texts: Sequence[str]) -> list[str]:
    """What theming ``texts`` by their passages embeds (none when they are not read in passages): each answer's
    passages and the parts the model reads a passage in (its paragraphs or sentences, see
    :func:`~consult_analyser.pipeline.themes.model.answer_parts`), so that a caller holding an embedding cache
    fetches their vectors beforehand and a re-run embeds nothing again (a trial's 143 letters: 2,815 passages
    and 2,027 parts, 41 of the run's 77 seconds)."""
    from consult_analyser.pipeline.themes.model import answer_parts

    if not reads_in_passages(texts):
        return []
    passages = [p for t in texts if isinstance(t, str) and t.strip() for p in answer_passages(t)]
    parts = [part for p in passages for sentences in (False, True)
             if len(pieces := answer_parts(p, sentences)) >= 2 for part in pieces]
    return list(dict.fromkeys(passages + parts))


class CachedEmbedder:
    """An embedder that gives the vectors of ``known`` texts (read from the project's cache: see
    :func:`passage_units`) and embeds only the others, keeping them in ``new`` for the cache
    (:func:`~consult_analyser.pipeline.themes.discover.save_output`): what the model embeds while it runs, a
    letter's passages, is embedded once per project."""

    def __init__(self, embedder: Any, known: dict[str, np.ndarray], new: dict[str, np.ndarray]) -> None:
        self.embedder, self.known, self.new = embedder, known, new

    def __getattr__(self, name: str) -> Any:
        return getattr(self.embedder, name)

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.known and t not in self.new))
        if missing:
            encoded = np.asarray(self.embedder.encode(missing, progress=progress, batch_size=batch_size),
                                 dtype=np.float32)
            self.new.update(zip(missing, encoded, strict=True))
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.vstack([self.known[t] if t in self.known else self.new[t] for t in texts])


def _runs(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return [tuple(words[i: i + COPIED_RUN]) for i in range(max(0, len(words) - COPIED_RUN + 1))]


def copied_passages(passages: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """(answer, passage) of the passages that mostly copy text written in many answers: at least
    ``COPIED_SHARE`` of their runs of ``COPIED_RUN`` words are in ``COPIED_ANSWERS`` of the answers
    (3 at least), as the discussion paper's questions copied into letters are."""
    runs = [[_runs(p) for p in answer] for answer in passages]
    seen: Counter[tuple[str, ...]] = Counter()
    for answer in runs:
        seen.update({r for passage in answer for r in passage})
    least = max(3, int(np.ceil(COPIED_ANSWERS * len(passages))))
    return {(a, j) for a, answer in enumerate(runs) for j, passage in enumerate(answer)
            if passage and sum(seen[r] >= least for r in passage) >= COPIED_SHARE * len(passage)}


def readable(text: str) -> float:
    """Share of a passage's words in well-formed sentences: 4 to 60 words, opening with a capital
    (a figure or a quotation mark) and ending with a full stop, question or exclamation mark. A PDF's
    two columns read across ("Rather this and use of AI technologies, monitoring rules and ...")
    runs on without sentence ends and scores low."""
    sentences = [s for s in SENTENCES.split(" ".join(text.split())) if s]
    total = sum(len(s.split()) for s in sentences)
    good = sum(len(s.split()) for s in sentences
               if 4 <= len(s.split()) <= 60 and (s[0].isupper() or s[0].isdigit() or s[0] in "\"'“‘(")
               and s.rstrip("\"'”’)")[-1:] in ".!?")
    return good / total if total else 0.0


_LINK = re.compile(r"https?://|www\.", re.I)


def quotable(text: str) -> bool:
    """Whether a passage reads as its writer's point when quoted: written in sentences (:func:`readable`), not
    mostly questions (a discussion paper's question that too few letters copy for it to be found copied: trial 45's
    "Question: Do you support a risk-based approach ...?" quoted for "Risk management") and with no web address (a
    footnote's reference)."""
    sentences = [s for s in SENTENCES.split(" ".join(text.split())) if s]
    asked = sum(len(s.split()) for s in sentences if s.rstrip("\"'”’)").endswith("?"))
    return readable(text) >= READABLE and asked < 0.5 * max(1, len(text.split())) and not _LINK.search(text)


def subject_phrase(answers: Sequence[str]) -> Callable[[str], bool]:
    """A test of a label: whether it names the consultation's subject rather than a point: a
    ``SUBJECT_PHRASE_SHARE`` of ``answers`` write it (two words or more), or ``SUBJECT_WORD_SHARE`` use each
    of its words ("privacy", which half of a trial's letters wrote, is a point)."""
    lowered = [" ".join(_WORD.findall(a.lower())) for a in answers]
    vocab = [set(a.split()) for a in lowered]
    n = max(1, len(answers))

    def test(label: str) -> bool:
        words = _WORD.findall(label.lower())
        if not words:
            return False
        phrase = f" {' '.join(words)} "
        if len(words) >= 2 and sum(phrase in f" {a} " for a in lowered) >= SUBJECT_PHRASE_SHARE * n:
            return True
        return all(sum(w in v for v in vocab) >= SUBJECT_WORD_SHARE * n for w in words if len(w) >= 3) \
            and any(len(w) >= 3 for w in words)
    return test


def passage_themes(texts: Sequence[str], embedder: Any, *, weights: Sequence[float] | None = None,
                   languages: Sequence[str] | None = None, expected_themes: Sequence[Any] | None = None,
                   progress: ProgressFn | None = None, **options: Any) -> ThemeModelResult:
    """Themes of long answers found in their passages (see the module notes); ``options`` go to
    :class:`~consult_analyser.pipeline.themes.model.ThemeModel`. The result is per answer, as
    :func:`~consult_analyser.pipeline.themes.model.discover_themes` gives it."""
    from consult_analyser.pipeline.themes.model import ThemeModel

    progress = progress or null_progress
    texts = [t if isinstance(t, str) else "" for t in texts]
    n = len(texts)
    answer_weights = np.ones(n) if weights is None else np.maximum(np.asarray(weights, dtype=float), 1.0)
    split = [answer_passages(t) if t.strip() else [] for t in texts]
    copied = copied_passages(split)
    owner: list[int] = []
    units: list[str] = []
    for a, passages in enumerate(split):
        for j, p in enumerate(passages):
            if (a, j) not in copied:
                owner.append(a)
                units.append(p)
    progress(0.05, f"Reading {len(units)} passages")
    vectors = normalise_rows(np.asarray(embedder.encode(units), dtype=np.float64)) if units \
        else np.zeros((0, 1))
    owners = np.asarray(owner, dtype=int)
    codes = None if languages is None else [languages[a] or "" for a in owner]
    expected = as_expected(expected_themes)
    for e in expected:  # a kept theme's answers: their passages
        if e.rows:
            e.rows = np.flatnonzero(np.isin(owners, e.rows)).tolist()
    # the tree is cut as for the passages (about their square root): cut as for twice the letters instead, a trial's
    # 143 letters got 17 broad themes, the largest carried by 47% ("Intelligence data"), and the points the trial
    # looked for (risk-based regulation, an AI Act) went into them
    model = ThemeModel(subject=subject_phrase(texts), **options)
    model.fit(units, vectors, expected_themes=expected or None, embedder=embedder,
              progress=lambda f, m: progress(0.2 + 0.75 * f, m),
              weights=answer_weights[owners] if len(owners) else None, languages=codes)
    return by_answer(model.result_, texts, owners, units, answer_weights, vectors)


def _ranked(keys: np.ndarray, sure: np.ndarray, owners: np.ndarray, words: np.ndarray, n: int,
            no_answer_keys: set[int]) -> tuple[np.ndarray, np.ndarray, dict[int, list[tuple[int, float]]]]:
    """Each answer's own theme (-1 none) and confidence, and its further themes, from its passages' themes
    (``keys``) and confidences (``sure``): ranked by the share of its words they cover (see :func:`by_answer`)."""
    from consult_analyser.pipeline.themes.model import MAX_THEMES_PER_ANSWER

    assignments = np.full(n, -1, dtype=int)
    confidence = np.zeros(n)
    secondary: dict[int, list[tuple[int, float]]] = {}
    for a in range(n):
        rows = np.flatnonzero(owners == a)
        covered: dict[int, float] = {}
        confident: dict[int, list[float]] = {}
        for r in rows.tolist():
            k = int(keys[r])
            if k >= 0:
                covered[k] = covered.get(k, 0.0) + words[r]
                confident.setdefault(k, []).append(float(sure[r]))
        covered = {k: v for k, v in covered.items() if k not in no_answer_keys} or covered
        if not covered:
            continue
        total = float(words[rows].sum())
        ranked = sorted(covered, key=lambda k: (-covered[k], k))
        top = covered[ranked[0]]
        assignments[a] = ranked[0]
        confidence[a] = round(float(np.mean(confident[ranked[0]])), 4)
        further = [(k, round(float(np.mean(confident[k])) * min(1.0, covered[k] / top), 4)) for k in ranked[1:]
                   if covered[k] >= FURTHER_MIN_SHARE * total][: MAX_THEMES_PER_ANSWER - 1]
        if further:
            secondary[a] = further
    return assignments, confidence, secondary


def _carried(assignments: np.ndarray, secondary: dict[int, list[tuple[int, float]]],
             weights: np.ndarray) -> dict[int, float]:
    """Theme key -> the answers carrying it (as their own theme or a further one), each counted with its weight."""
    carried: dict[int, float] = {}
    for a, k in enumerate(assignments.tolist()):
        for key in ([k] if k >= 0 else []) + [key for key, _ in secondary.get(a, [])]:
            carried[key] = carried.get(key, 0.0) + float(weights[a])
    return carried


def fold_floor(weights: np.ndarray) -> float:
    """The fewest answers (letters) a theme of passages is carried by: ``FOLD_MIN_ANSWERS``, or ``FOLD_SHARE`` of
    the answers when more."""
    return max(float(FOLD_MIN_ANSWERS), FOLD_SHARE * float(np.sum(weights)))


def fold_small_themes(result: ThemeModelResult, owners: np.ndarray, vectors: np.ndarray, words: np.ndarray,
                      weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The passages' themes and confidences once the themes carried by fewer answers than :func:`fold_floor` are
    folded: each of their passages goes to the theme whose centre is nearest it, when it is as close to that centre as
    nine in ten of the theme's own passages are (``FOLD_QUANTILE``), else it is unassigned; smallest first, the
    answers' themes ranked again after each round, until every theme left is carried by that many. The tree's
    default cut finds the specific points letters make (risk-based regulation, an AI Act) and also points one to
    three letters make (a trial's 143 letters: 55 themes, 24 carried by fewer than 5); a coarser cut lost the
    specific points into broad themes. A whole theme folded into the theme whose centre is nearest its own made a
    catch-all of static vectors, all near one another (247 AU submissions: "Public trust in AI deployment" went from
    8 letters to 85, 34%). Non-answers and expected themes stay as they are."""
    keys = result.assignments.copy()
    sure = result.confidence.copy()
    if not len(keys):
        return keys, sure
    n = len(weights)
    floor = fold_floor(weights)
    no_answer = {t.key for t in result.themes if t.label == NO_ANSWER_LABEL}
    fixed = no_answer | {t.key for t in result.themes if t.seed_label}
    while True:
        assignments, _, secondary = _ranked(keys, sure, owners, words, n, no_answer)
        carried = _carried(assignments, secondary, weights)
        present = sorted(set(keys[keys >= 0].tolist()) - no_answer)
        small = sorted((k for k in present if k not in fixed and carried.get(k, 0.0) < floor),
                       key=lambda k: (carried.get(k, 0.0), k))
        targets = [k for k in present if k not in small]
        if not small:
            return keys, sure
        # (the centres and each theme's closeness as the round starts: the order of the folds changes nothing)
        centres = np.vstack([_centre(vectors[keys == t]) for t in targets]) if targets else np.zeros((0, 1))
        closeness = [vectors[keys == t] @ centres[j] for j, t in enumerate(targets)]
        least = np.array([np.quantile(c, FOLD_QUANTILE) for c in closeness])
        typical = np.array([np.median(c) for c in closeness])
        for k in small:
            members = np.flatnonzero(keys == k)
            if not targets:
                keys[members], sure[members] = -1, 0.0
                continue
            sims = vectors[members] @ centres.T
            best = sims.argmax(axis=1)
            near = sims[np.arange(len(members)), best]
            joins = near >= least[best]
            keys[members] = np.where(joins, np.asarray(targets)[best], -1)
            sure[members] = np.where(joins, np.minimum(sure[members], np.clip(near / typical[best], 0.0, 1.0)), 0.0)


def _centre(rows: np.ndarray) -> np.ndarray:
    centre = rows.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    return centre / norm if norm > 0 else centre


def by_answer(result: ThemeModelResult, texts: Sequence[str], owners: np.ndarray, units: Sequence[str],
              weights: np.ndarray, vectors: np.ndarray | None = None) -> ThemeModelResult:
    """A passage-level result as one per answer: each answer's themes ranked by the share of its
    words they cover (its own theme the largest, further ones covering ``FURTHER_MIN_SHARE`` at
    least), once the themes too few answers carry are folded (:func:`fold_small_themes`, given the
    passages' ``vectors``); themes' quotes are answers, through their central, readable passages."""
    n = len(texts)
    words = np.array([max(1, len(u.split())) for u in units], dtype=float)
    no_answer_keys = {t.key for t in result.themes if t.label == NO_ANSWER_LABEL}
    keys, sure = (result.assignments, result.confidence) if vectors is None or not len(units) else \
        fold_small_themes(result, owners, vectors, words, weights)
    result = replace(result, assignments=keys, confidence=sure)
    assignments, confidence, secondary = _ranked(keys, sure, owners, words, n, no_answer_keys)
    carried = _carried(assignments, secondary, np.ones(n))
    themes = []
    for theme in result.themes:
        if not carried.get(theme.key):
            continue
        size = int(round(float(weights[assignments == theme.key].sum())))
        themes.append(replace(theme, size=size,
                              representative=_quotes(theme.key, theme.representative, result, owners, units,
                                                     assignments, secondary),
                              passages=_placing(theme.key, result, owners, units, vectors, assignments, secondary)))
    kept = {t.key for t in themes}
    hierarchy = {c: p for c, p in result.hierarchy.items() if c in kept and p in kept}
    params = {**result.params, "unit": "passage", "passages": len(units), "answers": n}
    return ThemeModelResult(themes=themes, assignments=assignments, confidence=confidence, hierarchy=hierarchy,
                            model_name=f"{result.model_name} passages", params=params, linkage=result.linkage,
                            linkage_keys=list(result.linkage_keys), weights=weights, secondary=secondary)


def _placing(key: int, result: ThemeModelResult, owners: np.ndarray, units: Sequence[str], vectors: np.ndarray | None,
             assignments: np.ndarray, secondary: dict[int, list[tuple[int, float]]]) -> dict[int, str]:
    """Answer -> the passage that put it in theme ``key``, for each answer carrying the theme: of its passages in
    the theme, the one nearest the theme's centre (the most confident without ``vectors``), one read in sentences
    (:func:`readable`) before one that is not. What the theme quotes of the answer: the whole letter's sentence
    that names most keywords was a question it copied, or a passage on another of its themes (trial 45)."""
    members = np.flatnonzero(result.assignments == key)
    if not len(members):
        return {}
    if vectors is not None and len(vectors) == len(units):
        closeness = vectors[members] @ _centre(vectors[members])
    else:
        closeness = result.confidence[members]
    best: dict[int, tuple[bool, float, int]] = {}
    for r, near in zip(members.tolist(), closeness.tolist(), strict=True):
        a = int(owners[r])
        rank = (quotable(units[r]), float(near), -r)
        if a not in best or rank > best[a]:
            best[a] = rank
    return {a: units[-rank[2]] for a, rank in best.items()
            if assignments[a] == key or any(k == key for k, _ in secondary.get(a, []))}


def _quotes(key: int, central: Sequence[int], result: ThemeModelResult, owners: np.ndarray, units: Sequence[str],
            assignments: np.ndarray, secondary: dict[int, list[tuple[int, float]]], want: int = 5) -> list[int]:
    """Up to ``want`` answers that carry theme ``key`` through a readable passage in it: the model's
    central passages first (those read in sentences before the others), then the most confident."""
    members = np.flatnonzero(result.assignments == key)
    ordered = list(central) + [int(r) for r in members[np.argsort(-result.confidence[members], kind="stable")]]
    ordered = sorted(dict.fromkeys(r for r in ordered if 0 <= r < len(units)), key=lambda r: not quotable(units[r]))
    out: list[int] = []
    for r in ordered:
        a = int(owners[r])
        if a in out or not (assignments[a] == key or any(k == key for k, _ in secondary.get(a, []))):
            continue
        out.append(a)
        if len(out) >= want:
            break
    return out
