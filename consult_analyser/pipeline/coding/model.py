"""Few-shot multi-label coding of survey answers: the model behind auto-coding suggestions.

Method (measured in ``benchmarks/eval_autocode.py``; choices made on ANES 2008 "dataset3",
reported on the held-out "dataset4"):

1. **Two views of each answer.** Its sentence embedding (precomputed and cached by the caller)
   and a TF-IDF vector of hashed character n-grams (:mod:`.autocode_features`), whose inverse
   document frequencies are learnt from the whole pool of the question's answers, coded or not.
   The similarity of two answers is ``w * cos(embeddings) + (1 - w) * cos(n-grams)``.
2. **Kernel ridge regression** on that similarity, one output per code, solved in closed form
   on the coded answers (a few hundred rows: milliseconds). Code descriptions, when given, join
   the training rows as lexical prototypes of their code.
3. **Calibration that knows answers usually carry a code.** Raw scores become confidences with
   two fixed logistic maps measured on ANES dataset3 (stable across K = 3, 5, 10 and on
   dataset4): one for each answer's best-scoring code (an answer's most likely code is right
   more often than the same score elsewhere) and one for the rest.
4. **A cut-off per code, by cross-validation.** The regression's exact leave-one-out scores
   (free in closed form) give every coded answer an out-of-sample confidence; each code's
   F1-maximising cut-off on them, re-weighted from the coded answers' mix of codes to the
   uncoded answers' (estimated), is shrunk towards ``threshold`` (0.35) by its number of examples
   (``threshold_prior``). ``predict`` keeps codes at or above their cut-off, each answer's best
   code when its confidence reaches ``best_floor`` (a team must code every answer), and at least
   ``min_codes``. Measured on dataset3 at K=10 (2 seeds): one fixed cut-off 0.706 micro-F1,
   per-code cut-offs without re-weighting 0.684, re-weighted and shrunk (default) 0.701: with
   ten examples a code's own best cut-off is mostly noise, so it moves little from 0.35.
5. **Cue phrases for the built-in Stance codes** ("we support", "I oppose", "withdraw the
   proposed rule"; :data:`~consult_analyser.pipeline.coding.families.STANCE_CUES`): a third view,
   weight ``cue_weight`` (0.2), in which each code's description row holds its own cue. On real US
   rulemaking comments (3 rules, 3 seeds; the only stance set, so the weight was chosen on it and the
   gain is an upper estimate) micro-F1 rose from 0.642 / 0.596 / 0.714 / 0.767 to 0.672 / 0.672 /
   0.719 / 0.769 at K = 3 / 5 / 10 / 20; weights 1 and 3 did worse from K = 10 (0.687, 0.675).
6. **A one-of family (the built-in Stance codes) is one decision**, not four topic codes: its codes
   are learnt as departures from the coded answers' mix (an intercept each), compared with half of
   that mix kept (``family_prior`` 0.5; 0 compares them as if equally common), and turned into one
   probability by a softmax whose slope, and the weight of an answer's one-sided cue phrase ("AOGA
   supports the proposed rule", anywhere in the letter), are fitted on the coded answers'
   leave-one-out scores with priors towards 0 (``family_shrink`` 0.1) and 2 (``cue_log_odds``).
   Trial 38 coded 16 Opposes and 5 Supports: the fixed topic map put 20 of 27 supporters at
   "Opposes", wrong ones at 93 %. Chosen on US comments coded at random (``stance_mix`` in the
   benchmark; 6 development rules, 3 seeds; the trial's 3 rules held out). Held out, before ->
   after: accuracy 0.682 / 0.745 / 0.814 -> 0.742 / 0.755 / 0.804 at N = 10 / 20 / 40 coded;
   minority side suggested the majority's 0.61 / 0.48 / 0.58 -> 0.66 / 0.49 / 0.42; mean confidence
   right / wrong 0.83 / 0.72 -> 0.69 / 0.59 at N = 20; Brier 0.225 / 0.184 / 0.144 -> 0.187 / 0.187 /
   0.143. With K per code (balanced, ``us_stance``) K=10 micro-F1 fell 0.733 -> 0.709.
7. **Every code ranked** (:meth:`FewShotCoder.rank`) and **the order to code next**
   (:meth:`FewShotCoder.learning_order`: least certain first, spread out by similarity, taken code by code in
   proportion to each code's estimated share; ``benchmarks/eval_active.py``: held-out dataset4 micro-F1 0.685 ->
   0.689, macro-F1 0.633 -> 0.641 after 120 answers asked, the rarest code's share 0.69 -> 0.75).

Alternatives measured on dataset3 at K=10 (all-MiniLM-L6-v2, 3 seeds; this model: micro-F1
0.69) and not kept: label spreading over a kNN graph instead of the regression (0.49-0.51);
smoothing the regression's scores over that graph (ranking +0.005, calibration worse, graph
too slow for 20,000 answers); self-training on pseudo-labelled pool answers (+0.003 at 4x the
fit time); the number of codes
predicted from the scores (-0.06); stacking on all codes' scores, classifier-chain style (+0.00).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from threadpoolctl import threadpool_limits

from consult_analyser.pipeline.coding.families import MIXED, STANCE_CUES
from consult_analyser.pipeline.coding.features import CharTfidf
from consult_analyser.pipeline.coding.learning_order import order_to_code

MODEL_VERSION = "1.1"

# Logistic calibration of raw kernel-ridge scores, fitted on ANES dataset3 (K = 3, 5, 10 pooled):
# confidence = 1 / (1 + exp(-slope * (score - midpoint))).
TOP_SLOPE, TOP_MIDPOINT = 7.0, 0.37  # each answer's best-scoring code
REST_SLOPE, REST_MIDPOINT = 10.5, 0.46  # every other code


#: the highest confidence a suggestion is given (shown as 99%, never 100%)
MAX_CONFIDENCE = 0.99


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def _as_matrix(embeddings: np.ndarray | None, n: int) -> np.ndarray | None:
    if embeddings is None:
        return None
    matrix = np.asarray(embeddings, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != n:
        raise ValueError(f"embeddings must have shape ({n}, dim), got {matrix.shape}")
    if matrix.shape[1] == 0:
        return None
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


class FewShotCoder(BaseEstimator):
    """Suggest codes (several per answer) from a few coded answers per code.

    Parameters
    ----------
    embedding_weight:
        Weight ``w`` of the embedding cosine in the similarity; ``1 - w`` goes to character n-grams.
    alpha:
        Ridge penalty of the kernel regression (larger: smoother, less confident).
    threshold:
        Confidence from which :meth:`predict` assigns a code.
    min_codes:
        :meth:`predict` gives each answer at least this many codes (0 to allow none), as long
        as the answer resembles some coded answer at all.
    description_weight:
        How much a code description counts relative to one coded answer (0 ignores them).
    ngram_range, n_bits:
        Character n-gram lengths and hash width of the lexical view.
    max_train:
        Above this many coded answers, fit on a seeded subsample that keeps rare codes whole
        (the closed-form solve grows with the cube of the training size).
    random_state:
        Seed of that subsample; the model is otherwise deterministic.
    """

    def __init__(self, embedding_weight: float = 0.5, alpha: float = 0.3, threshold: float = 0.35,
                 min_codes: int = 0, description_weight: float = 0.5,
                 ngram_range: tuple[int, int] = (2, 4), n_bits: int = 18, max_train: int = 3000,
                 random_state: int | None = 0, per_code_thresholds: bool = True, threshold_prior: float = 60.0,
                 best_floor: float = 0.25, cv_global: bool = False, cue_weight: float = 0.2,
                 family_balance: bool = True, family_prior: float = 0.5, family_shrink: float = 0.1,
                 cue_log_odds: float = 2.0) -> None:
        self.embedding_weight = embedding_weight
        self.alpha = alpha
        self.threshold = threshold
        self.min_codes = min_codes
        self.description_weight = description_weight
        self.ngram_range = ngram_range
        self.n_bits = n_bits
        self.max_train = max_train
        self.random_state = random_state
        self.per_code_thresholds = per_code_thresholds
        self.threshold_prior = threshold_prior
        self.best_floor = best_floor
        self.cv_global = cv_global
        self.cue_weight = cue_weight
        self.family_balance = family_balance
        self.family_prior = family_prior
        self.family_shrink = family_shrink
        self.cue_log_odds = cue_log_odds

    name = "FewShotCoder"
    version = MODEL_VERSION

    # ------------------------------------------------------------------ fitting
    def fit(self, texts: Sequence[str], embeddings: np.ndarray | None, label_sets: Sequence[Iterable[str]],
            unlabelled_texts: Sequence[str] = (), unlabelled_embeddings: np.ndarray | None = None,
            code_descriptions: Mapping[str, str] | None = None,
            exclusive_groups: Sequence[Iterable[str]] = (),
            code_cues: Mapping[str, re.Pattern[str]] | None = None) -> FewShotCoder:
        """Learn from coded answers (``texts`` with their ``label_sets``).

        ``exclusive_groups`` name codes of which an answer carries one at most (the built-in Stance
        family: supports, opposes, mixed, no position): :meth:`predict` keeps the likeliest of them.

        ``unlabelled_texts`` (the question's uncoded answers) only shape the lexical features;
        passing the same list to :meth:`predict_proba` later reuses their computed n-grams.
        ``unlabelled_embeddings`` is accepted for symmetry and not needed.

        ``code_cues`` give codes phrases that speak for them (the built-in Stance codes' "we support",
        "I oppose", ...): a third view of each answer, which phrases of which code it holds, weighted
        ``cue_weight`` in the similarity. A code's description row carries its own cue, so the cue
        counts for its code from the start; coded answers can outweigh it (an answer that "supports
        protection" may oppose a rule that removes it).
        """
        texts = [t or "" for t in texts]
        sets = [sorted({str(c) for c in labels}) for labels in label_sets]
        if len(texts) != len(sets):
            raise ValueError("texts and label_sets differ in length")
        if not texts:
            raise ValueError("at least one coded answer is needed")
        if not 0.0 <= self.embedding_weight <= 1.0:
            raise ValueError("embedding_weight must lie in [0, 1]")
        train_emb = _as_matrix(embeddings, len(texts))
        descriptions = {str(k): v for k, v in (code_descriptions or {}).items()
                        if v and v.strip()} if self.description_weight > 0 else {}
        self.classes_ = sorted({c for labels in sets for c in labels} | set(descriptions))
        if not self.classes_:
            raise ValueError("no codes in label_sets or code_descriptions")
        index = {c: j for j, c in enumerate(self.classes_)}
        self.exclusive_ = [np.array(sorted(index[c] for c in {str(c) for c in group} if c in index), dtype=int)
                           for group in exclusive_groups]
        self.exclusive_ = [g for g in self.exclusive_ if len(g) > 1]

        keep = self._subsample(sets)
        texts = [texts[i] for i in keep]
        sets = [sets[i] for i in keep]
        train_emb = None if train_emb is None else train_emb[keep]
        desc_codes = sorted(descriptions)
        desc_texts = [descriptions[c] for c in desc_codes]

        self.cues_ = [(index[str(c)], pattern) for c, pattern in (code_cues or {}).items()
                      if str(c) in index] if self.cue_weight > 0 else []
        self.lexical_ = CharTfidf(self.ngram_range, self.n_bits)
        unlabelled_texts = [t or "" for t in unlabelled_texts]
        pool_counts = self.lexical_.counts(unlabelled_texts)
        train_counts = self.lexical_.counts(texts + desc_texts)
        self.lexical_.fit_counts(sp.vstack([train_counts, pool_counts]).tocsr())
        self._pool_key = hash(tuple(unlabelled_texts)) if unlabelled_texts else None
        self._pool_counts = pool_counts

        n_rows = len(texts) + len(desc_texts)
        targets = np.zeros((n_rows, len(self.classes_)), dtype=np.float64)
        for i, labels in enumerate(sets):
            targets[i, [index[c] for c in labels]] = 1.0
        for i, code in enumerate(desc_codes):
            targets[len(texts) + i, index[code]] = 1.0
        # A one-of family's codes are learnt as departures from the coded answers' mix (an intercept per
        # code): with 16 coded Opposes and 5 Supports, similar long letters otherwise all score the mix
        self.family_offset_ = np.zeros(len(self.classes_))
        if self.family_balance:
            for group in self.exclusive_:
                share = targets[: len(texts), group].mean(axis=0)
                targets[:, group] -= share
                self.family_offset_[group] = share

        train_lexical = self.lexical_.weight(train_counts)
        if train_emb is not None and desc_texts:
            train_emb = np.vstack([train_emb, np.zeros((len(desc_texts), train_emb.shape[1]), np.float32)])
        w = self.embedding_weight if train_emb is not None else 0.0
        penalty = np.full(n_rows, self.alpha)
        penalty[len(texts):] = self.alpha / max(self.description_weight, 1e-9)
        vocabulary = np.unique(train_lexical.indices)
        train_cues = None
        if self.cues_:
            train_cues = np.vstack([self._cue_rows(texts),
                                    np.array([[float(index[c] == j) for j, _ in self.cues_] for c in desc_codes])
                                    .reshape(len(desc_codes), len(self.cues_))])
        with threadpool_limits(limits=1, user_api="blas"):  # small products: threads only contend
            gram = (1.0 - w) * (train_lexical @ train_lexical.T).toarray().astype(np.float64)
            if train_emb is not None and w > 0:
                gram += w * (train_emb @ train_emb.T).astype(np.float64)
            if train_cues is not None:
                gram += self.cue_weight * (train_cues @ train_cues.T)
            gram[np.diag_indices_from(gram)] += penalty
            factor = scipy.linalg.cho_factor(gram, check_finite=False)
            self.dual_coef_ = scipy.linalg.cho_solve(factor, targets, check_finite=False)
            # exact leave-one-out scores of a ridge regression: y - dual / diag(gram^-1)
            inverse_diag = np.diag(scipy.linalg.cho_solve(factor, np.eye(n_rows), check_finite=False))
            loo = targets - self.dual_coef_ / inverse_diag[:, None] + self.family_offset_[None, :]
            # The same model in primal form: scoring n answers then costs O(non-zeros x codes).
            lexical_part = train_lexical[:, vocabulary].toarray().T @ self.dual_coef_
            self.lexical_coef_ = np.vstack([(1.0 - w) * lexical_part, np.zeros((1, len(self.classes_)))])
            self.embedding_coef_ = None if train_emb is None or w == 0 else w * (train_emb.T @ self.dual_coef_)
            self.cue_coef_ = None if train_cues is None else self.cue_weight * (train_cues.T @ self.dual_coef_)
        self._column = np.full(train_lexical.shape[1], len(vocabulary), dtype=np.int32)
        self._column[vocabulary] = np.arange(len(vocabulary), dtype=np.int32)
        self.n_train_ = len(texts)
        self._train_cues = None if train_cues is None else train_cues[: len(texts)]
        self._fit_family_calibration(loo[: len(texts)], targets[: len(texts)] + self.family_offset_[None, :],
                                     self._train_cues)
        prevalence = None
        if unlabelled_texts and self.per_code_thresholds:
            pool_emb = _as_matrix(unlabelled_embeddings, len(unlabelled_texts)) if unlabelled_embeddings is not None \
                else None
            if pool_emb is not None or train_emb is None:
                pool = self.predict_proba(unlabelled_texts, pool_emb)
                prevalence = (pool >= self.threshold).mean(axis=0)
        self._choose_thresholds(loo[: len(texts)], targets[: len(texts)], prevalence)
        return self

    def _choose_thresholds(self, loo_scores: np.ndarray, targets: np.ndarray,
                           prevalence: np.ndarray | None = None) -> None:
        """Per-code thresholds maximising F1 on the leave-one-out confidences of the coded answers
        (cross-validation at no extra cost), shrunk towards ``threshold`` (a code with ten
        examples says little about its own best cut-off). Coded answers over-represent rare codes
        (a few are coded per code): with ``prevalence`` (each code's share of the uncoded answers,
        estimated), positives and negatives are re-weighted to the uncoded answers' mix, so that
        the cut-offs suit the answers they will be applied to."""
        proba = self._confidence(loo_scores, getattr(self, "_train_cues", None))
        grid = np.round(np.arange(0.10, 0.91, 0.05), 2)
        positives = targets > 0.5
        if not positives.any() or len(targets) < 4:
            self.global_threshold_ = float(self.threshold)
            self.thresholds_ = np.full(len(self.classes_), float(self.threshold))
            return
        train_share = positives.mean(axis=0)
        if prevalence is not None:
            target_share = np.clip(np.asarray(prevalence, dtype=float), 0.002, 0.9)
            w_pos = np.where(train_share > 0, target_share / np.maximum(train_share, 1e-9), 1.0)
            w_neg = np.where(train_share < 1, (1 - target_share) / np.maximum(1 - train_share, 1e-9), 1.0)
        else:
            w_pos = w_neg = np.ones(len(self.classes_))
        hits = proba[None, :, :] >= grid[:, None, None]  # grid x answers x codes
        tp = (hits & positives[None]).sum(axis=1).astype(float) * w_pos[None, :]
        fp = (hits & ~positives[None]).sum(axis=1).astype(float) * w_neg[None, :]
        fn = positives.sum(axis=0)[None, :] * w_pos[None, :] - tp
        micro = 2 * tp.sum(axis=1) / np.maximum(2 * tp.sum(axis=1) + fp.sum(axis=1) + fn.sum(axis=1), 1e-9)
        self.cv_threshold_ = float(grid[int(np.argmax(micro))])
        self.global_threshold_ = self.cv_threshold_ if self.cv_global else float(self.threshold)
        per_code_f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1e-9)
        best = grid[np.argmax(per_code_f1, axis=0)]
        n_pos = positives.sum(axis=0)
        weight = n_pos / (n_pos + self.threshold_prior)
        thresholds = weight * best + (1 - weight) * self.global_threshold_
        thresholds[n_pos == 0] = self.global_threshold_
        self.thresholds_ = np.clip(thresholds, 0.05, 0.95)

    def _subsample(self, label_sets: list[list[str]]) -> np.ndarray:
        """Indices of the coded answers to learn from (all of them up to ``max_train``)."""
        n = len(label_sets)
        if n <= self.max_train:
            return np.arange(n)
        rng = np.random.default_rng(self.random_state)
        order = rng.permutation(n)
        n_codes = len({c for labels in label_sets for c in labels})
        quota = max(1, self.max_train // max(1, 2 * n_codes))  # rare codes keep all their examples
        taken: dict[str, int] = {}
        chosen: list[int] = []
        for i in order:  # first pass: every code keeps up to ``quota`` examples
            if any(taken.get(c, 0) < quota for c in label_sets[i]):
                chosen.append(int(i))
                for c in label_sets[i]:
                    taken[c] = taken.get(c, 0) + 1
        chosen_set = set(chosen)
        rest = [int(i) for i in order if int(i) not in chosen_set]
        chosen += rest[: max(0, self.max_train - len(chosen))]
        return np.sort(np.array(chosen[: max(self.max_train, 1)]))

    # --------------------------------------------------------------- prediction
    def _cue_rows(self, texts: Sequence[str]) -> np.ndarray:
        """Which codes' cues each text holds (1 each, whatever the number of times)."""
        return np.array([[float(pattern.search(t) is not None) for _, pattern in self.cues_] for t in texts],
                        dtype=np.float64).reshape(len(texts), len(self.cues_))

    def _lexical_rows(self, texts: list[str]) -> sp.csr_matrix:
        if self._pool_key is not None and len(texts) == self._pool_counts.shape[0] \
                and hash(tuple(texts)) == self._pool_key:
            return self.lexical_.weight(self._pool_counts)
        return self.lexical_.transform(texts)

    def decision_function(self, texts: Sequence[str], embeddings: np.ndarray | None,
                          cues: np.ndarray | None = None) -> np.ndarray:
        """Raw regression scores ``(n, n_classes)``: about 1 for a code's typical answer, 0 for others."""
        self._check_fitted()
        texts = [t or "" for t in texts]
        if not texts:
            return np.zeros((0, len(self.classes_)))
        emb = _as_matrix(embeddings, len(texts))
        lexical = self._lexical_rows(texts)
        # n-grams never seen in training map to the zero row at the end of ``lexical_coef_``
        lexical = sp.csr_matrix((lexical.data, self._column[lexical.indices], lexical.indptr),
                                shape=(lexical.shape[0], self.lexical_coef_.shape[0]))
        with threadpool_limits(limits=1, user_api="blas"):
            scores = np.asarray(lexical @ self.lexical_coef_)
            if emb is not None and self.embedding_coef_ is not None:
                scores += emb.astype(np.float64) @ self.embedding_coef_
            if getattr(self, "cue_coef_", None) is not None:
                scores += (self._cue_rows(texts) if cues is None else cues) @ self.cue_coef_
        if getattr(self, "family_offset_", None) is not None:
            scores += self.family_offset_[None, :]
        return scores

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
        """Confidence (0..1) that each code applies, ``(n, n_classes)`` in ``classes_`` order."""
        texts = [t or "" for t in texts]
        cues = self._cue_rows(texts) if getattr(self, "cues_", None) else None
        return self._confidence(self.decision_function(texts, embeddings, cues), cues)

    # --------------------------------------------------------- one-of families
    def _family_margins(self, scores: np.ndarray, group: np.ndarray) -> np.ndarray:
        """A family's scores compared after taking out the coded answers' mix (``family_prior`` of it kept)."""
        return scores[:, group] - (1.0 - self.family_prior) * self.family_offset_[group][None, :]

    def _family_cues(self, cues: np.ndarray | None, group: np.ndarray, n: int) -> np.ndarray:
        """``(n, len(group))``: 1 where an answer states the side of exactly one of the family's codes
        in its cue phrases ("AOGA supports the proposed rule"), wherever in the answer. A reservation
        ("I support a risk-based approach, however ...": the Mixed code's cue) outranks the side it qualifies,
        as in the cue-only suggestions: it and "I support" had cancelled out (no cue) while a campaign's
        paraphrase "I agree with ..., however" held Mixed alone, at 93 % beside its copies' 50 %."""
        out = np.zeros((n, len(group)))
        if cues is None or not len(cues):
            return out
        reservation = []
        for k, code in enumerate(group):
            for j, (index, pattern) in enumerate(getattr(self, "cues_", [])):
                if index == code:
                    out[:, k] = np.maximum(out[:, k], cues[:, j])
                    if pattern is STANCE_CUES[MIXED]:
                        reservation.append(k)
        for k in reservation[:1]:
            held = out[:, k] > 0
            out[held] = 0.0
            out[held, k] = 1.0
        return out * (out.sum(axis=1, keepdims=True) == 1)

    def _fit_family_calibration(self, loo_scores: np.ndarray, targets: np.ndarray,
                                cues: np.ndarray | None = None) -> None:
        """Per one-of family, the temperature of a softmax over its codes' margins, by maximum likelihood
        on the coded answers' leave-one-out scores with a Gaussian prior towards 0 (every code alike):
        with few coded answers, or codes the regression cannot tell apart, confidence stays near a
        coin toss instead of the 98 % a topic code's fixed map gave a near tie."""
        self.family_temperature_: list[tuple[float, float]] = []
        if not self.family_balance:
            return
        slopes = np.linspace(0.0, 30.0, 121)
        weights = np.linspace(0.0, 2 * self.cue_log_odds, 21) if self.cue_log_odds > 0 else np.zeros(1)
        for group in self.exclusive_:
            present = targets[:, group] > 0.5
            rows = present.sum(axis=1) == 1
            known = np.asarray(present.any(axis=0))  # codes nobody coded are never this family's pick
            if not rows.any():
                self.family_temperature_.append((0.0, self.cue_log_odds))
                continue
            margins = np.where(known[None, :], self._family_margins(loo_scores[rows], group), 0.0)
            said = self._family_cues(None if cues is None else cues[rows], group, int(rows.sum()))
            truth = present[rows].argmax(axis=1)
            answers = np.arange(len(truth))
            likelihood = np.empty((len(slopes), len(weights)))
            # one cue weight at a time: the whole grid at once held 121 x 21 x answers x codes (0.5 GB at 3,000 coded)
            for w, weight in enumerate(weights):
                z = np.where(known, slopes[:, None, None] * margins[None] + weight * said[None], -np.inf)
                z -= z.max(axis=2, keepdims=True)
                log_p = z - np.log(np.exp(z).sum(axis=2, keepdims=True))
                likelihood[:, w] = log_p[:, answers, truth].sum(axis=1)
            fit = (likelihood - 0.5 * self.family_shrink * slopes[:, None] ** 2
                   - 0.5 * ((weights[None, :] - self.cue_log_odds) / max(self.cue_log_odds / 2, 1e-9)) ** 2)
            best = np.unravel_index(int(np.argmax(fit)), fit.shape)
            self.family_temperature_.append((float(slopes[best[0]]), float(weights[best[1]])))

    def _confidence(self, scores: np.ndarray, cues: np.ndarray | None = None) -> np.ndarray:
        """Calibrated confidences; a one-of family's codes share one answer's probability (softmax over
        its margins), times the chance it carries one of them where not every coded answer did."""
        proba = self._calibrate(scores)
        for group, (slope, weight) in zip(self.exclusive_, getattr(self, "family_temperature_", []), strict=False):
            known = self.family_offset_[group] > 0
            if not known.any() or not scores.size:
                continue
            z = slope * self._family_margins(scores, group) + weight * self._family_cues(cues, group, len(scores))
            z = np.where(known[None, :], z, -np.inf)
            soft = np.exp(z - z.max(axis=1, keepdims=True))
            soft /= soft.sum(axis=1, keepdims=True)
            carried = float(self.family_offset_[group].sum())
            presence = 1.0 if carried >= 0.999 else np.clip(scores[:, group].sum(axis=1), 0.0, 1.0)[:, None]
            proba[:, group] = soft * presence
            proba[~np.any(scores != 0, axis=1)] = 0.0
        return np.minimum(proba, MAX_CONFIDENCE)

    @staticmethod
    def _calibrate(scores: np.ndarray) -> np.ndarray:
        proba = _sigmoid(REST_SLOPE * (scores - REST_MIDPOINT))
        if scores.size:
            rows = np.arange(scores.shape[0])
            top = scores.argmax(axis=1)
            best = _sigmoid(TOP_SLOPE * (scores[rows, top] - TOP_MIDPOINT))
            proba[rows, top] = np.maximum(proba[rows, top], best)
            proba[~np.any(scores != 0, axis=1)] = 0.0  # nothing in common with any coded answer
        # a model's guess is never certain: shown as 100% it read as a fact ("It's not a sandwich."
        # suggested for "Bread structure" beside answers at 100% after 33 coded answers)
        return np.minimum(proba, MAX_CONFIDENCE)

    def code_thresholds(self) -> np.ndarray:
        """Cut-off per code (``classes_`` order): chosen by cross-validation when
        ``per_code_thresholds``, else ``threshold`` for every code."""
        self._check_fitted()
        if self.per_code_thresholds and hasattr(self, "thresholds_"):
            return np.asarray(self.thresholds_)
        return np.full(len(self.classes_), float(self.threshold))

    def _decide(self, proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
        out = (proba >= thresholds[None, :]).astype(np.int8)
        if proba.size:
            rows = np.arange(proba.shape[0])
            top = proba.argmax(axis=1)
            # at least one code when the best is reasonable (answers usually carry a code)
            sure = proba[rows, top] >= self.best_floor
            out[rows[sure], top[sure]] = 1
        for group in getattr(self, "exclusive_", []):  # one code of an exclusive family: the likeliest
            block = out[:, group]
            several = block.sum(axis=1) > 1
            if several.any():
                best = group[np.argmax(np.where(block[several] > 0, proba[np.ix_(several, group)], -1.0), axis=1)]
                out[np.ix_(several, group)] = 0
                out[np.flatnonzero(several), best] = 1
        k = min(self.min_codes, proba.shape[1])
        if k > 0 and proba.size:
            best = np.argsort(-proba, axis=1, kind="stable")[:, :k]
            rows = np.repeat(np.arange(proba.shape[0]), k)
            has_evidence = np.repeat(proba.max(axis=1) > 0, k)
            out[rows[has_evidence], best.ravel()[has_evidence]] = 1
        return out

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
        """0/1 matrix ``(n, n_classes)``: codes at or above their cut-off (:meth:`code_thresholds`),
        the best code whenever its confidence reaches ``best_floor``, and at least ``min_codes``."""
        proba = self.predict_proba(texts, embeddings)
        return self._decide(proba, self.code_thresholds())

    def rank(self, texts: Sequence[str], embeddings: np.ndarray | None) -> list[list[tuple[str, float, bool]]]:
        """Every code for every answer, best first: ``(code, confidence, suggested)``, where
        ``suggested`` is what :meth:`predict` decides."""
        proba = self.predict_proba(texts, embeddings)
        chosen = self._decide(proba, self.code_thresholds())
        out = []
        for row, picked in zip(proba, chosen, strict=True):
            order = np.argsort(-row, kind="stable")
            out.append([(self.classes_[j], float(row[j]), bool(picked[j])) for j in order])
        return out

    def suggest(self, texts: Sequence[str], embeddings: np.ndarray | None,
                min_confidence: float | None = None) -> list[list[tuple[str, float]]]:
        """For each answer, the suggested ``(code, confidence)`` pairs, best first: by default the
        codes :meth:`predict` assigns; with ``min_confidence``, the codes at or above it instead."""
        proba = self.predict_proba(texts, embeddings)
        chosen = self._decide(proba, self.code_thresholds()) if min_confidence is None \
            else (proba >= min_confidence)
        out: list[list[tuple[str, float]]] = []
        for row, mask in zip(proba, chosen, strict=True):
            picked = np.flatnonzero(mask)
            picked = picked[np.argsort(-row[picked], kind="stable")]
            out.append([(self.classes_[j], float(row[j])) for j in picked])
        return out

    def learning_order(self, texts: Sequence[str], embeddings: np.ndarray | None, n: int | None = None,
                       diversity: float = 0.3, stratify: bool = True) -> list[int]:
        """Indices of ``texts`` in the order to code them next (active learning): the answers the
        model is least sure about come first, spread out so that near-identical answers are not all
        asked about at once, and (``stratify``) code by code in proportion to how common each code
        looks (:func:`~consult_analyser.pipeline.coding.learning_order.order_to_code`)."""
        proba = self.predict_proba(texts, embeddings)
        if not len(proba):
            return []
        return order_to_code(proba, self.code_thresholds(), _as_matrix(embeddings, len(texts)),
                             len(texts) if n is None else n, diversity, stratify)

    def _check_fitted(self) -> None:
        if not hasattr(self, "dual_coef_"):
            raise RuntimeError("FewShotCoder is not fitted yet: call fit() first")
