"""Theme discovery for one open question: BERTopic assembled from parts suited to short answers.

- embeddings: precomputed by the caller (the project caches them); nothing is embedded here
  except the expected themes' texts in guided mode.
- the answers' own words join their vectors (TF-IDF of words and word pairs over the question's
  answers, reduced to ``WORD_DIMS`` axes, at ``WORD_WEIGHT`` of a vector's length): a sentence
  model averages a long formal answer into a blur, its words keep the subject. Measured on real
  sets by ``benchmarks/eval_themes.py`` (AMI, single-code answers: US comments 0.827 -> 0.851,
  AU answers by question 0.405 -> 0.440, double-coded survey 0.260 -> 0.280, ANES 0.447 / 0.539
  -> 0.447 / 0.529); only the grouping sees them, centres, quotes and confidences stay in the
  sentence model's space.
- reduction: :class:`~consult_analyser.pipeline.themes.cluster.NeighbourSmoother` (PCA, then
  k-nearest-neighbour smoothing) instead of UMAP: deterministic, no JIT, fast.
- clustering: :class:`~consult_analyser.pipeline.themes.cluster.WardClusterer` (Ward tree cut
  into about sqrt(n) themes, at most ``max_themes``; small groups folded; far answers unassigned).
- keywords: BERTopic's c-TF-IDF over words and word pairs (English stop words removed).
- labels: answers' own phrases (:mod:`consult_analyser.pipeline.themes.phrases`, rules in
  :mod:`consult_analyser.pipeline.themes.labels`), e.g. "English language
  classes for new arrivals"; a one-line description; 3-5 representative answers per theme.
- guided mode: expected themes (:mod:`consult_analyser.pipeline.themes.guided`).
- hierarchy: average-linkage tree over theme centres, and a parent map of merge candidates.

:class:`ThemeModel` keeps what it learned so that :meth:`ThemeModel.recluster` (another number of
themes) and :meth:`ThemeModel.merge` take well under two seconds. Campaigns are handled by the
caller: only each campaign's canonical answer is passed in (see
:mod:`consult_analyser.pipeline.themes.campaigns`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from consult_analyser.pipeline.pii import without_personal_data
from consult_analyser.pipeline.themes.assorted import settle_assorted
from consult_analyser.pipeline.themes.build import ThemeBuilder, bertopic_version, make_vectorizer
from consult_analyser.pipeline.themes.cluster import (
    NeighbourSmoother,
    WardClusterer,
    auto_n_themes,
    default_min_theme_size,
    normalise_rows,
    parent_map,
)
from consult_analyser.pipeline.themes.guided import ExpectedTheme, as_expected, build_guide
from consult_analyser.pipeline.themes.labels import (
    STANCE_ONLY_LABEL,
    lone_generic,
    pleased_only_answer,
    takes_a_side_only,
)
from consult_analyser.pipeline.themes.languages import (
    dominant_language,
    question_stop_words,
    using_stop_words,
    with_language,
)
from consult_analyser.pipeline.themes.nonanswers import NO_ANSWER_DESCRIPTION, NO_ANSWER_LABEL, is_non_answer
from consult_analyser.pipeline.themes.passages import SENTENCES as _SENTENCES
from consult_analyser.pipeline.themes.passages import closed_parts, passage_themes, reads_in_passages
from consult_analyser.pipeline.themes.phrases import PhraseLabeler
from consult_analyser.pipeline.themes.result import ThemeCandidate, ThemeModelResult
from consult_analyser.pipeline.themes.values import listed_values, looks_like_values, value_groups, written_form
from consult_analyser.progress import ProgressFn, null_progress

MODEL_VERSION = "1"
logger = logging.getLogger(__name__)

MAX_THEMES_PER_ANSWER = 3
MULTI_MIN_WORDS = 15  # shorter answers make one point
MULTI_RATIO = 0.95  # a further theme's centre is nearly as close as the answer's own
MAX_PARTS = 12  # a long letter's sentences are read in at most this many parts
PARTS_MIN_WORDS = 40  # an answer read in parts: a few sentences at least (each part costs an embedding)
PART_MIN_WORDS = 5  # a shorter sentence joins the next
PART_CONFIDENCE = 0.5  # of a theme given by an answer's part alone, the answer as a whole being far from every theme
NEST_QUANTILE = 0.9  # a sub-theme's centre is among the closest tenth of the question's theme pairs to its parent's
NAMED_ALIKE_SIMILARITY = 0.8  # two themes named alike are one when their centres are this close (cosine)
NAMED_ALIKE_SHARE = 0.5  # ... or when both write the name in this share of their answers
WORD_WEIGHT = 0.5  # the words' share of the clustering input, against 1 for the sentence vector
WORD_DIMS = 128


def word_vectors(texts: Sequence[str], dims: int) -> np.ndarray:
    """The answers' own words as unit vectors: TF-IDF of words and word pairs, reduced to ``dims`` axes."""
    from consult_analyser.pipeline.embeddings import TfidfSvdEmbedder

    return normalise_rows(TfidfSvdEmbedder(dim=dims).encode(texts))


def _topic_words(theme: ThemeCandidate) -> set[str]:
    """The words a theme's label and keywords name, crudely singular, without the generic ones."""
    found = re.findall(r"[a-z]{4,}", " ".join([theme.label, *theme.keywords]).lower())
    return {w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in found if not lone_generic(w)}


_PARAGRAPHS = re.compile(r"\s*\n\s*")


def answer_parts(text: str, sentences: bool = False) -> list[str]:
    """The parts of an answer that may each make a point: its paragraphs, or its sentences when it
    has one paragraph (or when ``sentences``: every paragraph's, at most ``4 * MAX_PARTS``); a part
    of fewer than ``PART_MIN_WORDS`` words joins the next, and a long answer's parts are joined in
    order into at most ``MAX_PARTS`` (``4 * MAX_PARTS`` for sentences)."""
    pieces = [p for p in _PARAGRAPHS.split(text.strip()) if p]
    if sentences or len(pieces) < 2:
        pieces = [s for p in pieces for s in _SENTENCES.split(p) if s]
    cap = 4 * MAX_PARTS if sentences else MAX_PARTS
    parts: list[str] = []
    carry = ""
    for piece in pieces:
        piece = f"{carry} {piece}".strip()
        if len(piece.split()) < PART_MIN_WORDS:
            carry = piece
            continue
        parts.append(piece)
        carry = ""
    return closed_parts(parts, carry, cap)


class ThemeModel:
    """Fit themes for one question and re-cut or merge them quickly afterwards.

    Parameters mirror :func:`discover_themes`; ``n_themes`` fixes the number of groups to cut
    (``None``: about the square root of the number of answers), ``blas_threads`` bounds the
    numeric libraries' threads during fitting (small matrices gain nothing from more);
    ``word_weight`` and ``word_dims`` (``None``: :data:`WORD_WEIGHT`, :data:`WORD_DIMS`) set how
    much the answers' own words count in the grouping (0: the sentence vectors alone).
    """

    def __init__(self, max_themes: int = 70, min_theme_size: int | None = None, n_themes: int | None = None,
                 n_neighbors: int = 10, smoothing_steps: int = 2, outlier_mads: float = 3.0,
                 random_state: int = 42, blas_threads: int | None = 1, labeler: PhraseLabeler | None = None,
                 word_weight: float | None = None, word_dims: int | None = None, no_is_a_side: bool = False,
                 subject: Callable[[str], bool] | None = None) -> None:
        self.max_themes = max_themes
        self.subject = subject  # a phrase naming the consultation's subject, never a label (see passages)
        self.no_is_a_side = no_is_a_side  # a yes-or-no question: a bare "No" is an answer (see nonanswers)
        self.word_weight = WORD_WEIGHT if word_weight is None else float(word_weight)
        self.word_dims = WORD_DIMS if word_dims is None else int(word_dims)
        self.min_theme_size = min_theme_size
        self.n_themes = n_themes
        self.n_neighbors = n_neighbors
        self.smoothing_steps = smoothing_steps
        self.outlier_mads = outlier_mads
        self.random_state = random_state
        self.blas_threads = blas_threads
        self.labeler = labeler

    @property
    def model_name(self) -> str:
        return f"bertopic-{bertopic_version()} knn-smooth+ward v{MODEL_VERSION}"

    def params(self) -> dict[str, Any]:
        """Settings that shaped the result (JSON-friendly)."""
        return {"max_themes": self.max_themes, "min_theme_size": self.min_theme_size, "n_themes": self.n_themes,
                "n_neighbors": self.n_neighbors, "smoothing_steps": self.smoothing_steps,
                "outlier_mads": self.outlier_mads, "random_state": self.random_state,
                "word_weight": self.word_weight, "word_dims": self.word_dims}

    def fit(self, texts: Sequence[str], embeddings: np.ndarray, expected_themes: Sequence[Any] | None = None,
            embedder: Any = None, progress: ProgressFn | None = None,
            weights: Sequence[float] | None = None, languages: Sequence[str] | None = None) -> ThemeModel:
        """Discover themes; the result is in ``result_``. ``weights``: answers each text stands for;
        ``languages``: each answer's language code ("" unknown; see :mod:`.languages`)."""
        codes = [c or "" for c in languages] if languages is not None else [""] * len(texts)
        if len(codes) != len(texts):
            raise ValueError("need one language code per text")
        self.languages_ = codes
        self.stop_words_ = question_stop_words(texts, codes)
        with using_stop_words(self.stop_words_):
            return self._fit(texts, embeddings, expected_themes, embedder, progress, weights)

    def _fit(self, texts: Sequence[str], embeddings: np.ndarray, expected_themes: Sequence[Any] | None,
             embedder: Any, progress: ProgressFn | None, weights: Sequence[float] | None) -> ThemeModel:
        progress = progress or null_progress
        texts = [t if isinstance(t, str) else "" for t in texts]
        embeddings = np.asarray(embeddings, dtype=np.float64)
        if not texts and embeddings.ndim != 2:
            embeddings = embeddings.reshape(0, 1)
        if embeddings.ndim != 2 or len(embeddings) != len(texts):
            raise ValueError(f"need one embedding row per text: {len(texts)} texts, shape {embeddings.shape}")
        self.n_input_ = len(texts)
        norms = np.linalg.norm(embeddings, axis=1) if len(texts) else np.zeros(0)
        # non-answers ("N/A", "see attached") go to one fixed theme instead of being clustered
        no_answer = [i for i, t in enumerate(texts) if t.strip() and is_non_answer(t, no_is_a_side=self.no_is_a_side)]
        skip = set(no_answer)
        rows = [i for i, t in enumerate(texts) if t.strip() and norms[i] > 0 and i not in skip]
        # labels, keywords and descriptions never name a person or an address (quotes are the
        # answers themselves, redacted when published); an answer that is nothing but personal data
        # (a postcode, a telephone number, an e-mail address) says nothing and joins the non-answers
        redacted = without_personal_data([texts[i] for i in rows])
        no_answer += [i for i, text in zip(rows, redacted, strict=True) if not text.strip()]
        self.no_answer_rows_ = np.array(sorted(no_answer), dtype=int)
        kept = [(i, text) for i, text in zip(rows, redacted, strict=True) if text.strip()]
        self.rows_ = np.array([i for i, _ in kept], dtype=int)
        self.texts_ = [texts[i] for i in self.rows_]
        self.texts_all_ = texts
        all_weights = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
        if len(all_weights) != len(texts):
            raise ValueError("need one weight per text")
        self.weights_ = np.maximum(all_weights[self.rows_], 1.0)
        self.input_weights_ = np.maximum(all_weights, 1.0)
        self.vectors_ = normalise_rows(embeddings[self.rows_])
        self.embedder_ = embedder
        self.parts_: dict[int, np.ndarray] = {}
        self.sentence_parts_: dict[int, np.ndarray] = {}
        self.expected_ = as_expected(expected_themes)
        self.labeler_ = self.labeler or PhraseLabeler()
        self.labeler_.text_languages = {t: c for t, c in zip(texts, self.languages_, strict=True) if c and c != "en"}
        progress(0.02, "Preparing themes")
        with threadpool_limits(limits=self.blas_threads):
            self.guide_ = build_guide(self.expected_, self.vectors_, self.texts_, self.rows_.tolist(), embedder) \
                if self.expected_ else None
            X = self.guide_.nudged(self.vectors_) if self.guide_ is not None else self.vectors_
            n = len(self.rows_)
            if self.word_weight > 0 and n > 2:
                X = np.hstack([X, self.word_weight * word_vectors(self.texts_, self.word_dims)])
            min_size = self.min_theme_size
            self.smoother_ = NeighbourSmoother(n_neighbors=self.n_neighbors, steps=self.smoothing_steps,
                                               random_state=self.random_state)
            # the fixed non-answer theme counts towards the cap on themes
            room = max(1, self.max_themes - len(self.expected_) - (1 if len(self.no_answer_rows_) else 0))
            self.clusterer_ = WardClusterer(n_clusters=self.n_themes, max_clusters=room, min_cluster_size=min_size,
                                            outlier_mads=self.outlier_mads, weights=self.weights_,
                                            random_state=self.random_state)
            progress(0.1, "Grouping similar answers")
            self.builder_ = ThemeBuilder([text for _, text in kept], self.vectors_, self.labeler_,
                                         self.expected_, self.weights_)
            self.builder_.embed = embedder.encode if embedder is not None else None
            self.builder_.subject = self.subject
            if n:
                self.builder_.fit_bertopic(X, self.smoother_, self.clusterer_, make_vectorizer(n))
                topics = self.clusterer_.labels_  # BERTopic's own ids break size ties differently
                probabilities = self.clusterer_.probabilities_
            else:
                topics, probabilities = np.zeros(0, dtype=int), np.zeros(0)
            # answered with values ("Germany", "Computer science"): a theme per value given, the rest "Other"
            self.values_ = bool(n) and not self.expected_ and looks_like_values(self.texts_, self.weights_)
            if self.values_:
                least = 2 if self.weights_.sum() < 1000 else int(np.ceil(0.002 * self.weights_.sum()))
                topics = value_groups(self.texts_, self.weights_, room, min_size=least)
                probabilities = (topics >= 0).astype(float)
            elif n and not self.expected_:
                topics, probabilities = self._fixed_groups_together(topics, probabilities)
            progress(0.6, "Naming themes")
            self.result_ = self._result(topics, probabilities)
        progress(1.0, "Themes ready")
        return self

    def _fixed_groups_together(self, topics: np.ndarray, probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Answers that only take a side ("Agree", "Ich stimme zu", "Tout à fait favorable") in one group
        of their own, whatever their language: an English model puts a short foreign one beside the
        answers written in its language ("Ich stimme zu" among German complaints about paperwork). So
        are answers that only say all was well ("All good", "Nothing, all good", "No thank you"), which
        the model had spread over five themes of one point."""
        least = self.min_theme_size if self.min_theme_size is not None else \
            default_min_theme_size(int(round(self.weights_.sum())))
        topics, probabilities = np.asarray(topics).copy(), np.asarray(probabilities, dtype=float).copy()
        for kind in (takes_a_side_only, pleased_only_answer):
            group = np.array([kind(t) for t in self.texts_], dtype=bool)
            if self.weights_[group].sum() < max(3, least):  # a theme of a reportable size, as every other
                continue
            topics[group] = int(topics.max(initial=-1)) + 1
            probabilities[group] = 1.0
        return topics, probabilities

    def _result(self, topics: np.ndarray, confidence: np.ndarray) -> ThemeModelResult:
        topics = np.asarray(topics, dtype=int)
        confidence = np.asarray(confidence, dtype=float).copy()
        seeds: dict[int, int] = {}
        droppable = frozenset(j for j, e in enumerate(self.expected_) if not e.keep_if_empty)
        if self.guide_ is not None and len(topics):
            guided, mapping = self.guide_.assign(topics)
            movers = (guided <= -2) & ~np.isin(topics, list(mapping))  # moved on their own
            z = self.guide_.z_[np.arange(len(topics)), np.where(guided <= -2, -guided - 2, 0)]
            confidence[movers] = np.clip(z[movers] / (2 * self.guide_.z_answer), 0.0, 1.0)
            topics, seeds = _renumber(guided, len(self.expected_), droppable)
            self.builder_.update_topics(topics)
        else:  # unguided, or no answers at all (expected themes are still listed)
            topics, seeds = _renumber(topics, len(self.expected_), droppable)
            if len(topics):
                self.builder_.update_topics(topics)
        confidence[topics < 0] = 0.0
        self.topics_ = topics
        self.confidence_ = confidence
        self.seeds_ = seeds
        return self._assemble(settle=True)

    def _assemble(self, merge_alike: bool = True, settle: bool = False) -> ThemeModelResult:
        built = self.builder_.build(self.topics_, self.seeds_)
        built = settle_assorted(self, built) if settle else built  # a large "Assorted points": re-split
        if getattr(self, "values_", False):  # a theme per value: named as people wrote it, none nested in another
            # and no quotes: the label is the answer, and a quoted rare value ("Thailand") beside a
            # respondent's other answers could say who they are
            built = replace(built, parents={}, themes=[
                replace(t, label=(value := written_form([self.texts_[i] for i in np.flatnonzero(self.topics_ == t.key)])),
                        description=f"Respondents who answered “{value}”.", keywords=[], representative=[])
                for t in built.themes])
            merge_alike = False
        else:
            built = replace(built, parents=self._nesting(built))
        if merge_alike and built.named_alike:
            merged = self._merge_named_alike(built.named_alike)
            if merged:
                return self._assemble(merge_alike=False)
        assignments = np.full(self.n_input_, -1, dtype=int)
        confidence = np.zeros(self.n_input_)
        further = self._values_listed() if getattr(self, "values_", False) else self._further(built.parents)
        if len(self.rows_):
            assignments[self.rows_] = self.topics_
            confidence[self.rows_] = np.round(self.confidence_, 4)
            for i, (_, extra) in further.items():  # far from every theme as a whole, near one in its parts
                if self.topics_[i] < 0:
                    assignments[self.rows_[i]] = extra[0][0]
                    confidence[self.rows_[i]] = PART_CONFIDENCE
        themes = [replace(b, representative=[int(self.rows_[i]) for i in b.representative]) for b in built.themes]
        if any(c and c != "en" for c in self.languages_):  # a theme of answers in one other language says which
            codes = np.asarray(self.languages_, dtype=object)[self.rows_] if len(self.rows_) else np.zeros(0, object)
            # (not the theme of answers that only take a side: it holds every language's "agree")
            themes = [t if t.label == STANCE_ONLY_LABEL else
                      replace(t, label=with_language(t.label, dominant_language(codes[self.topics_ == t.key].tolist())))
                      for t in themes]
        if len(self.no_answer_rows_):
            key = max([t.key for t in themes], default=-1) + 1
            assignments[self.no_answer_rows_] = key
            confidence[self.no_answer_rows_] = 1.0
            self.no_answer_key_ = key
            themes.append(self._no_answer_theme(key))
        params = {**self.params(), "answers": int(self.n_input_), "clustered": int(len(self.rows_)),
                  "expected_themes": [e.label for e in self.expected_],
                  "n_groups": int(self.clusterer_.labels_.max() + 1) if len(self.rows_) else 0}
        return ThemeModelResult(themes=themes, assignments=assignments, confidence=confidence,
                                hierarchy=built.parents, model_name=self.model_name, params=params,
                                linkage=built.linkage, linkage_keys=built.linkage_keys, weights=self.input_weights_,
                                secondary=self._secondary(built.parents, further))

    def _merge_named_alike(self, alike: dict[int, tuple[int, str]]) -> bool:
        """Fold each theme whose every name was taken by a larger theme ("Learn English" twice is
        one theme to a reader; the second was labelled "Learn English (28)") into that theme, when
        the name is written in at least half of the answers of both (``NAMED_ALIKE_SHARE``) or their
        centres are close (``NAMED_ALIKE_SIMILARITY``); a second theme of answers that only take a
        side joins the first. Returns whether any theme was folded."""
        topics = self.topics_.copy()
        folded = False
        for key, (target, name) in alike.items():
            if key in self.seeds_ or target in self.seeds_ or not (topics == key).any() or not (topics == target).any():
                continue
            a = normalise_rows(self.vectors_[topics == key].mean(axis=0, keepdims=True))[0]
            b = normalise_rows(self.vectors_[topics == target].mean(axis=0, keepdims=True))[0]
            written = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in name.split()) + r"\b", re.I)
            shares = [np.mean([bool(written.search(self.texts_[i])) for i in np.flatnonzero(topics == k)])
                      for k in (key, target)] if name else [1.0]  # "": both only take a side, or neither has a topic
            if float(a @ b) >= NAMED_ALIKE_SIMILARITY or min(shares) >= NAMED_ALIKE_SHARE:
                topics[topics == key] = target
                folded = True
        if folded:
            self.topics_ = topics
            self.builder_.update_topics(topics)
        return folded

    def _secondary(self, parents: dict[int, int] | None = None,
                   further: dict[int, tuple[float, list[tuple[int, float]]]] | None = None) -> dict[int, list[tuple[int, float]]]:
        """Further themes of answers that raise several points (up to ``MAX_THEMES_PER_ANSWER`` in
        all), never its own theme's parent or sub-theme (``parents``: sub-theme key -> parent key),
        which a reader takes for the same point counted twice (see :meth:`_further`). Input index ->
        [(theme key, confidence)], best first."""
        out: dict[int, list[tuple[int, float]]] = {}
        for i, (own, extra) in (self._further(parents or {}) if further is None else further).items():
            conf = float(self.confidence_[i]) if self.topics_[i] >= 0 else PART_CONFIDENCE
            if self.topics_[i] < 0:  # far from every theme as a whole: its nearest part's theme is its own
                extra = extra[1:]
            if extra:
                out[int(self.rows_[i])] = [(k, round(conf * min(1.0, sim / own), 4)) for k, sim in extra]
        return out

    def _values_listed(self) -> dict[int, tuple[float, list[tuple[int, float]]]]:
        """A value question's answers that list several values ("Computer Science, Math") carry each
        value's theme (up to ``MAX_THEMES_PER_ANSWER``), not only the first one's; as :meth:`_further`."""
        listed = listed_values(self.texts_, self.topics_.tolist())
        return {i: (1.0, [(k, 1.0) for k in keys[: MAX_THEMES_PER_ANSWER - (self.topics_[i] >= 0)]])
                for i, keys in listed.items()}

    def _further(self, parents: dict[int, int]) -> dict[int, tuple[float, list[tuple[int, float]]]]:
        """Clustered answer -> (its similarity to its own theme, [(further theme key, similarity)]).

        An answer of several paragraphs or sentences (``MULTI_MIN_WORDS`` at least) raises the themes
        its parts are nearest to, where a part is at least as close to that theme as the theme's typical
        member is (the parts are embedded when the model has its embedder): "little substance" in the
        fourth paragraph of a diocese's letter, not the theme its blurred whole happens to be near.
        Only an answer of ``PARTS_MIN_WORDS`` or more, no nearer its theme than the typical member, is read
        in parts. Without an embedder,
        or for an answer in one part or near its theme, the whole answer also carries a theme whose
        centre it is nearly as close to as its own (``MULTI_RATIO``) and at least as close as that
        theme's typical member."""
        topics = self.topics_
        if not len(topics) or not (topics >= 0).any():
            return {}
        keys = sorted(set(topics[topics >= 0].tolist()))
        column = {k: j for j, k in enumerate(keys)}
        centres = normalise_rows(np.vstack([self.vectors_[topics == k].mean(axis=0) for k in keys]))
        all_sims = self.vectors_ @ centres.T
        typical = np.array([np.median(all_sims[topics == k, column[k]]) for k in keys])
        barred = np.zeros((len(keys), len(keys)), dtype=bool)  # [own theme, other]: never a further theme
        np.fill_diagonal(barred, True)
        for child, parent in parents.items():
            if child in column and parent in column:
                barred[column[child], column[parent]] = barred[column[parent], column[child]] = True
        long_enough = np.array([len(t.split()) >= MULTI_MIN_WORDS for t in self.texts_], dtype=bool)
        rows = np.flatnonzero(long_enough)
        out: dict[int, tuple[float, list[tuple[int, float]]]] = {}
        # read in parts: the answers whose whole is no nearer its theme than the theme's typical member
        # (or far from every theme), where a blur of several points is likely; the clear members keep the
        # whole answer's reading, which costs no second embedding
        own_all = np.array([all_sims[i, column[int(t)]] if t >= 0 else -np.inf for i, t in enumerate(topics.tolist())])
        typical_own = np.array([typical[column[int(t)]] if t >= 0 else np.inf for t in topics.tolist()])
        wordy = np.array([len(self.texts_[i].split()) >= PARTS_MIN_WORDS for i in rows.tolist()], dtype=bool)
        parts = self._parts(rows[(own_all[rows] < typical_own[rows]) & wordy])
        # far from every theme, and so is each of its paragraphs (each a blur of the same few points,
        # as in a federation's nine-paragraph summary of its meetings): its sentences are read
        lost = [i for i, vectors in parts.items()
                if topics[i] < 0 and not ((vectors @ centres.T) >= typical[None, :]).any()]
        parts.update(self._parts(np.asarray(lost, dtype=int), sentences=True))
        for i in rows.tolist():
            own_col = column.get(int(topics[i]), -1)  # -1: an answer far from every theme as a whole
            own = float(all_sims[i, own_col]) if own_col >= 0 else 0.0
            if i in parts:  # each part's nearest theme, where the part is as close as a typical member
                part_sims = parts[i] @ centres.T
                best: dict[int, float] = {}
                for row in part_sims:
                    j = int(row.argmax())
                    if row[j] >= typical[j] and (own_col < 0 or not barred[own_col, j]):
                        best[j] = max(best.get(j, -1.0), float(row[j]))
                extra = sorted(best.items(), key=lambda item: -item[1])
                if own_col < 0 and extra:  # its nearest part's theme becomes its own
                    own = extra[0][1]
            elif own_col < 0 or own <= 0:
                continue
            else:
                sims = all_sims[i]
                candidates = np.flatnonzero((sims >= MULTI_RATIO * own) & (sims >= typical) & ~barred[own_col])
                extra = [(int(j), float(sims[j])) for j in candidates[np.argsort(-sims[candidates], kind="stable")]]
            if extra and own > 0:
                out[i] = (own, [(keys[j], sim) for j, sim in extra[: MAX_THEMES_PER_ANSWER - (own_col >= 0)]])
        return out

    def _parts(self, rows: np.ndarray, sentences: bool = False) -> dict[int, np.ndarray]:
        """Clustered answer -> its parts' vectors (``sentences``: its sentences'), for the answers of
        ``rows`` in two parts or more, embedded once per fit with the model's embedder (none without one)."""
        embedder = getattr(self, "embedder_", None)
        if embedder is None or not len(rows):
            return {}
        where = "sentence_parts_" if sentences else "parts_"
        cache: dict[int, np.ndarray] = getattr(self, where, {})
        wanted = {i: pieces for i in rows.tolist()
                  if i not in cache and len(pieces := answer_parts(self.texts_[i], sentences)) >= 2}
        if wanted:
            flat = [p for pieces in wanted.values() for p in pieces]
            try:
                vectors = normalise_rows(np.asarray(embedder.encode(flat), dtype=np.float64))
            except Exception:  # noqa: BLE001 - an embedder that cannot embed new texts: whole answers only
                logger.warning("could not embed the parts of long answers; their further themes are the whole answers'",
                               exc_info=True)
                self.embedder_ = None
                return {}
            at = 0
            for i, pieces in wanted.items():
                cache[i] = vectors[at: at + len(pieces)]
                at += len(pieces)
            setattr(self, where, cache)
        return {i: cache[i] for i in rows.tolist() if i in cache}

    def _nesting(self, built: Any) -> dict[int, int]:
        """Sub-theme key -> parent key: the builder's groups of near themes (:func:`parent_map`), each
        headed by the theme that most answers carry (its own answers and those for which it is a
        further theme, as the themes view counts them), and a theme kept under its head only when the
        head is its nearest theme, their centres are among the closest tenth of the question's pairs of
        themes, and their labels or keywords share a word: a theme that is merely in the same part of the
        tree, the nearest of distant ones, or near in its answers' blur but about another thing ("Calls
        for integration" beside "Unequal access to jobs"), stands on its own."""
        keys = list(built.linkage_keys)
        if len(keys) < 3 or not len(built.linkage):
            return {}
        sizes = {k: int((self.topics_ == k).sum()) for k in keys}
        for _, extra in self._further({}).values():
            for key, _ in extra:
                if key in sizes:
                    sizes[key] += 1
        groups = parent_map(keys, [sizes[k] for k in keys], built.linkage)
        if not groups:
            return {}
        centres = normalise_rows(np.vstack([self.vectors_[self.topics_ == k].mean(axis=0) for k in keys]))
        pair = centres @ centres.T
        close = float(np.quantile(pair[~np.eye(len(keys), dtype=bool)], NEST_QUANTILE))
        np.fill_diagonal(pair, -np.inf)
        index = {k: i for i, k in enumerate(keys)}
        nearest = pair.argmax(axis=1)
        words = {t.key: _topic_words(t) for t in built.themes}
        return {child: head for child, head in groups.items()
                if pair[index[child], index[head]] >= close and nearest[index[child]] == index[head]
                and words.get(child, set()) & words.get(head, set())}

    def _no_answer_theme(self, key: int) -> ThemeCandidate:
        seen: dict[str, int] = {}
        for i in self.no_answer_rows_.tolist():
            seen.setdefault(self.texts_all_[i].strip().lower(), int(i))
        size = int(round(float(self.input_weights_[self.no_answer_rows_].sum())))
        return ThemeCandidate(key=key, label=NO_ANSWER_LABEL, description=NO_ANSWER_DESCRIPTION, keywords=[],
                              representative=list(seen.values())[:3], size=size)

    def recluster(self, n_themes: int) -> ThemeModelResult:
        """Re-cut the fitted tree into ``n_themes`` groups (expected themes kept) and relabel."""
        if not len(self.rows_):
            return self.result_
        with threadpool_limits(limits=self.blas_threads), using_stop_words(self.stop_words_):
            self.clusterer_.cut(int(n_themes))
            self.result_ = self._result(self.clusterer_.labels_, self.clusterer_.probabilities_)
        return self.result_

    def merge(self, keys: Sequence[int]) -> ThemeModelResult:
        """Merge the themes ``keys`` into the largest of them (which keeps its key) and relabel."""
        keys = [int(k) for k in keys if int(k) >= 0 and int(k) != getattr(self, "no_answer_key_", -1)]
        if len(keys) < 2 or not len(self.rows_):
            return self.result_
        sizes = {k: int(np.sum(self.topics_ == k)) for k in keys}
        seeded = [k for k in keys if k in self.seeds_]
        target = seeded[0] if seeded else max(keys, key=lambda k: (sizes[k], -k))
        topics = self.topics_.copy()
        topics[np.isin(topics, keys)] = target
        with threadpool_limits(limits=self.blas_threads), using_stop_words(self.stop_words_):
            self.topics_ = topics
            self.seeds_ = {k: j for k, j in self.seeds_.items() if k == target or k not in keys}
            self.builder_.update_topics(topics)
            self.result_ = self._assemble()
        return self.result_


def _renumber(labels: np.ndarray, n_expected: int, drop_if_empty: frozenset[int] = frozenset()
              ) -> tuple[np.ndarray, dict[int, int]]:
    """Keys 0.. by decreasing size (expected themes, coded ``-(j + 2)``, included; empty expected
    themes get the last keys, except those in ``drop_if_empty``, left out). Returns the labels and
    the map key -> expected theme index."""
    labels = np.asarray(labels, dtype=int)
    groups = sorted(set(labels.tolist()) - {-1})
    sizes = {g: int(np.sum(labels == g)) for g in groups}
    expected_codes = [-(j + 2) for j in range(n_expected)]
    order = sorted(groups, key=lambda g: (-sizes[g], g))
    order += [c for c in expected_codes if c not in sizes and -c - 2 not in drop_if_empty]
    mapping = {g: k for k, g in enumerate(order)}
    out = np.array([mapping.get(v, -1) for v in labels.tolist()], dtype=int)
    seeds = {mapping[c]: -c - 2 for c in expected_codes if c in mapping}
    return out, seeds


def discover_themes(texts: Sequence[str], embeddings: np.ndarray, *, expected_themes: Sequence[Any] | None = None,
                    embedder: Any = None, max_themes: int = 70, min_theme_size: int | None = None,
                    random_state: int = 42, progress: ProgressFn | None = None,
                    weights: Sequence[float] | None = None, labeler: PhraseLabeler | None = None,
                    languages: Sequence[str] | None = None, no_is_a_side: bool = False) -> ThemeModelResult:
    """Themes for one question's answers (see the module notes).

    ``embeddings`` has one L2-normalised row per text (from ``embedder``, which is used only to
    embed ``expected_themes``: labels, mappings with label/description/keywords, or
    :class:`ExpectedTheme`). Blank answers stay unassigned. Same input and settings give the same
    themes. ``weights`` gives how many answers each text stands for: pass a campaign's size for
    its canonical answer (and leave the other members out), so that the campaign counts in theme
    sizes and is never left unassigned, without swamping the clustering. ``labeler`` names the
    themes (e.g. one whose tagged phrases persist in the project). ``languages`` gives each
    answer's language code, so that answers in other languages get readable keywords and labels.
    Long answers (letters, submissions: :func:`~.passages.reads_in_passages`) are themed by their
    passages, which ``embedder`` embeds (:mod:`.passages`).
    """
    logging.getLogger("BERTopic").setLevel(logging.WARNING)
    if embedder is not None and reads_in_passages(texts):
        return passage_themes(texts, embedder, weights=weights, languages=languages, expected_themes=expected_themes,
                              progress=progress, max_themes=max_themes, min_theme_size=min_theme_size,
                              random_state=random_state, labeler=labeler, no_is_a_side=no_is_a_side)
    model = ThemeModel(max_themes=max_themes, min_theme_size=min_theme_size, random_state=random_state,
                       labeler=labeler, no_is_a_side=no_is_a_side)
    model.fit(texts, embeddings, expected_themes=expected_themes, embedder=embedder, progress=progress,
              weights=weights, languages=languages)
    return model.result_


__all__ = ["ExpectedTheme", "ThemeCandidate", "ThemeModel", "ThemeModelResult", "auto_n_themes", "discover_themes"]
