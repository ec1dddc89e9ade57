"""How good the code suggestions are on this question: a k-fold check against the analysts' codings.

The answers analysts coded are split into ``folds`` groups. For each group in turn its codings
are hidden, the suggestion model learns from the rest (the hidden answers count as uncoded, as
they would in a real run) and suggests codes for the group; the suggestions are compared with the
analysts' codes. A plain baseline sees the same folds: a one-vs-rest logistic regression on the
same sentence vectors (scikit-learn defaults, 0.5 cut-off).

Figures: micro precision, recall and F1 over all (answer, code) pairs; per-answer F1 (the
agreement figure reported for human coders); the share of answers given at least one code; and
F1 per code. They hold for answers like those already coded: analysts who coded the easy answers
first will find the rest harder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store.checks import cite_per_question

DEFAULT_FOLDS = 5
#: below this many coded answers the check is rough and reads low, and says so
RELIABLE_ANSWERS = 50
BASELINE_NAME = "one-vs-rest logistic regression on the same sentence vectors, 0.5 cut-off"


def baseline_probabilities(train_vectors: Any, label_sets: Sequence[Sequence[str]], test_vectors: Any,
                           classes: Sequence[str]) -> np.ndarray:
    """The plain baseline's probabilities ``(n_test, len(classes))``: a default logistic regression
    per code on the sentence vectors. A code on every (or no) training answer has 1 (or 0) everywhere."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    y = np.array([[c in set(labels) for c in classes] for labels in label_sets], dtype=int)
    n_test = test_vectors.shape[0]  # a dense or a sparse matrix
    out = np.tile(y[0] if len(y) else np.zeros(len(classes), dtype=int), (n_test, 1)).astype(float)
    varies = y.min(axis=0) != y.max(axis=0) if len(y) else np.zeros(len(classes), dtype=bool)
    if varies.any() and n_test:
        model = OneVsRestClassifier(LogisticRegression(max_iter=1000)).fit(train_vectors, y[:, varies])
        out[:, varies] = model.predict_proba(test_vectors)
    return out


def plain_baseline(train_vectors: Any, label_sets: Sequence[Sequence[str]], test_vectors: Any,
                   classes: Sequence[str]) -> np.ndarray:
    """The plain baseline's 0/1 matrix ``(n_test, len(classes))``: each code given where the
    regression's probability reaches 0.5 (:func:`baseline_probabilities`)."""
    return (baseline_probabilities(train_vectors, label_sets, test_vectors, classes) >= 0.5).astype(int)


def with_best_code(probabilities: np.ndarray) -> np.ndarray:
    """The 0.5 cut-off, and each answer's most probable code besides: with many codes and few coded
    answers a default regression seldom reaches 0.5 and the plain baseline gives almost nothing, so the
    check shows this stronger form of it too."""
    out = (probabilities >= 0.5).astype(int)
    if out.size:
        out[np.arange(len(out)), probabilities.argmax(axis=1)] = 1
    return out


def micro_scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over all (answer, code) pairs."""
    tp = int((truth & predicted).sum())
    n_pred, n_true = int(predicted.sum()), int(truth.sum())
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    return precision, recall, (2 * tp / (n_pred + n_true) if n_pred + n_true else 0.0)


def f1_interval(truth: np.ndarray, predicted: np.ndarray, rounds: int = 400, seed: int = 0) -> tuple[float, float]:
    """A 95% interval of the micro-F1, resampling the answers (bootstrap): how far the figure from this
    many coded answers may lie from the one more coding would show."""
    rng = np.random.default_rng(seed)
    n = truth.shape[0]
    scores = []
    for _ in range(rounds):
        pick = rng.integers(0, n, n)
        scores.append(micro_scores(truth[pick], predicted[pick])[2])
    low, high = np.percentile(scores, [2.5, 97.5])
    return float(low), float(high)


def per_answer_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Mean over answers of the F1 between the two code sets (answers with no code on either side skipped)."""
    tp = (truth & predicted).sum(axis=1)
    size = truth.sum(axis=1) + predicted.sum(axis=1)
    keep = size > 0
    return float(np.mean(2 * tp[keep] / size[keep])) if keep.any() else 0.0


@dataclass
class CodingCheck:
    """The outcome of :func:`check_coding`: 0/1 matrices ``(answers, codes)`` in ``classes`` order."""

    folds: int
    classes: list[str]
    truth: np.ndarray
    ours: np.ndarray
    baseline: np.ndarray
    baseline_best: np.ndarray | None = None  # the baseline with each answer's most probable code kept
    names: dict[str, str] = field(default_factory=dict)  # code id -> name, for reports
    basis: str = "people"  # whose codings were the truth: "people", or "model" (codes made from themes)
    skipped: str = ""
    uncoded: int = 0  # the question's uncoded answers, which the figures are meant to speak for
    #: of those, answers with nothing to code ("Please see attached"): suggested only ``non_answer_codes``, not checked
    uncoded_non_answers: int = 0
    non_answer_codes: list[str] = field(default_factory=list)
    coded_non_answers: int = 0  # coded answers with nothing to code, left out of the check

    @property
    def n(self) -> int:
        return int(self.truth.shape[0])

    def summary(self) -> dict[str, Any]:
        """JSON-friendly figures (kept with the project)."""
        scope = {"uncoded": self.uncoded, "uncoded_non_answers": self.uncoded_non_answers,
                 "non_answer_codes": list(self.non_answer_codes), "coded_non_answers": self.coded_non_answers}
        if self.skipped or not self.n:
            return {"answers": 0, "skipped": self.skipped or "nothing coded", **scope}
        p, r, f = micro_scores(self.truth, self.ours)
        bp, br, bf = micro_scores(self.truth, self.baseline)
        codes = []
        for j, code in enumerate(self.classes):
            _, _, cf = micro_scores(self.truth[:, j:j + 1], self.ours[:, j:j + 1])
            _, _, bcf = micro_scores(self.truth[:, j:j + 1], self.baseline[:, j:j + 1])
            codes.append({"code": self.names.get(code, code), "n": int(self.truth[:, j].sum()), "f1": round(cf, 4),
                          "baseline_f1": round(bcf, 4)})
        low, high = f1_interval(self.truth, self.ours)
        return {"folds": self.folds, "answers": self.n, "codes": len(self.classes), "basis": self.basis,
                "precision": round(p, 4), "recall": round(r, 4), "micro_f1": round(f, 4),
                "micro_f1_interval": [round(low, 4), round(high, 4)],
                "per_answer_f1": round(per_answer_f1(self.truth, self.ours), 4),
                "given_a_code": round(float(self.ours.any(axis=1).mean()), 4),
                "baseline_precision": round(bp, 4), "baseline_recall": round(br, 4), "baseline_micro_f1": round(bf, 4),
                "baseline_per_answer_f1": round(per_answer_f1(self.truth, self.baseline), 4),
                "baseline_given_a_code": round(float(self.baseline.any(axis=1).mean()), 4),
                **({"best_baseline_micro_f1": round(micro_scores(self.truth, self.baseline_best)[2], 4)}
                   if self.baseline_best is not None else {}),
                "by_code": sorted(codes, key=lambda c: -c["n"]), **scope}


def check_coding(texts: Sequence[str], vectors: np.ndarray, label_sets: Sequence[Sequence[str]],
                 model_factory: Callable[[], Any], *, unlabelled_texts: Sequence[str] = (),
                 unlabelled_vectors: np.ndarray | None = None, fit_options: Mapping[str, Any] | None = None,
                 folds: int = DEFAULT_FOLDS, seed: int = 0, progress: ProgressFn | None = None) -> CodingCheck:
    """Hide each fold's codings in turn, suggest codes for its answers from the rest, and compare.

    ``texts``/``vectors``/``label_sets``: the coded answers; ``unlabelled_*``: the question's
    uncoded answers (the model sees them as a real run does); ``fit_options``: further arguments of
    the model's ``fit`` (code descriptions, exclusive families).
    """
    from sklearn.model_selection import KFold

    progress = progress or null_progress
    classes = sorted({c for labels in label_sets for c in labels})
    n = len(texts)
    truth = np.array([[c in set(labels) for c in classes] for labels in label_sets], dtype=int).reshape(n, len(classes))
    check = CodingCheck(folds, classes, truth, np.zeros_like(truth), np.zeros_like(truth), np.zeros_like(truth))
    if n < 2 * folds or len(classes) < 1:
        check.skipped = f"{n} coded answer(s); the check needs at least {2 * folds}"
        return check
    vectors = np.asarray(vectors)
    extra_vectors = np.asarray(unlabelled_vectors) if unlabelled_vectors is not None and len(unlabelled_texts) \
        else np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)
    for fold, (train, test) in enumerate(KFold(n_splits=folds, shuffle=True, random_state=seed).split(texts)):
        progress(fold / folds, f"Checking suggestions: fold {fold + 1} of {folds}")
        model = model_factory()
        train_labels = [list(label_sets[i]) for i in train]
        model.fit([texts[i] for i in train], vectors[train], train_labels,
                  unlabelled_texts=[texts[i] for i in test] + list(unlabelled_texts),
                  unlabelled_embeddings=np.vstack([vectors[test], extra_vectors]), **dict(fit_options or {}))
        where = {c: j for j, c in enumerate(classes)}
        for i, pairs in zip(test, model.suggest([texts[i] for i in test], vectors[test]), strict=True):
            for code, _confidence in pairs:
                check.ours[i, where[code]] = 1
        probabilities = baseline_probabilities(vectors[train], train_labels, vectors[test], classes)
        check.baseline[test] = (probabilities >= 0.5).astype(int)
        check.baseline_best[test] = with_best_code(probabilities)  # type: ignore[index]
    progress(1.0, "Suggestion check done")
    return check


CHECK_COLUMNS = ("Code", "Coded", "F1", "Baseline F1")


def coding_check_paragraphs(question: str, figures: Mapping[str, Any]) -> list[str]:
    """What a person reads about one question's check, before the table of codes."""
    if not figures.get("answers"):
        return [f"{question}: not checked ({figures.get('skipped', 'nothing coded')})"] + _scope(figures)[1:]
    against = ("codings a model made from themes (too few answers are coded by people to check against theirs)"
               if figures.get("basis") == "model" else "answers people coded themselves (with any suggestions they accepted "
               "there; answers coded only by accepting suggestions are left out: the model was surest of those)")
    return [
        f"{question}: {figures['answers']:,} coded answers, {figures['codes']} codes, checked against the {against}; "
        f"in {figures['folds']} rounds each answer's codes were hidden once and suggested from the other answers'.",
        f"Suggestions: micro-F1 {figures['micro_f1']:.2f} ({_interval(figures)}precision {figures['precision']:.2f}, "
        f"recall {figures['recall']:.2f}); per-answer F1 {figures['per_answer_f1']:.2f}; "
        f"{figures['given_a_code']:.0%} of answers given a code." + _rough(figures),
        f"Plain baseline ({BASELINE_NAME}): micro-F1 {figures['baseline_micro_f1']:.2f} (precision "
        f"{figures['baseline_precision']:.2f}, recall {figures['baseline_recall']:.2f}); per-answer F1 "
        f"{figures['baseline_per_answer_f1']:.2f}; {figures['baseline_given_a_code']:.0%} given a code"
        + (f"; with each answer's most probable code kept besides, micro-F1 {figures['best_baseline_micro_f1']:.2f}."
           if "best_baseline_micro_f1" in figures else "."),
        *_scope(figures),
    ]


def _scope(figures: Mapping[str, Any]) -> list[str]:
    """What the figures measure and what they leave out: trial 48's check read 0.70 on 33 coded answers while half
    the 1,081 uncoded answers were covering notes ("Please see attached"), every one suggested a side."""
    if "uncoded" not in figures:  # a check kept from before these figures were
        return []
    uncoded, empty = int(figures.get("uncoded") or 0), int(figures.get("uncoded_non_answers") or 0)
    line = (f"What this measures: how often the suggestions give the codes the analysts gave, on the "
            f"{figures.get('answers', 0):,} coded answers with something to code; it speaks for the uncoded answers "
            f"like them ({uncoded - empty:,} of {uncoded:,} uncoded answers).")
    if figures.get("coded_non_answers"):
        line += (f" {figures['coded_non_answers']:,} coded answer(s) with nothing to code are left out: such answers "
                 "are not suggested what the model learns.")
    if not empty:
        return ["", line] if not figures.get("answers") else [line]
    codes = figures.get("non_answer_codes") or []
    what = (" ".join(f'"{c}"' for c in codes) + " only, as the analysts code such answers" if codes else
            "nothing")
    note = (f"{empty:,} of the {uncoded:,} uncoded answers have nothing to code (\"Please see attached\", \"N/A\", "
            f"a list of signatories) and are suggested {what}; they are not in these figures.")
    return ["", line, note] if not figures.get("answers") else [line, note]


def _interval(figures: Mapping[str, Any]) -> str:
    low_high = figures.get("micro_f1_interval")
    return f"95% interval {low_high[0]:.2f}-{low_high[1]:.2f}; " if low_high else ""


def _rough(figures: Mapping[str, Any]) -> str:
    """What a check of few coded answers is worth: a trial's 20 codings read 0.40 where the suggestions were
    right for 76% of the uncoded answers (each hidden answer leaves fewer examples of its own kind to learn from)."""
    if figures.get("answers", 0) >= RELIABLE_ANSWERS:
        return ""
    return (f" With {figures['answers']:,} coded answers this figure is rough and reads low (each hidden answer "
            f"leaves fewer like it to learn from): code {RELIABLE_ANSWERS} or more before relying on it.")


def coding_check_rows(figures: Mapping[str, Any]) -> list[tuple[str, int, float, float]]:
    """One row per code, most coded first: name, answers coded with it, F1 of the suggestions and of the baseline."""
    return [(str(c["code"]), int(c["n"]), float(c["f1"]), float(c["baseline_f1"])) for c in figures.get("by_code") or []]


def describe_coding_check(question: str, figures: Mapping[str, Any], limit: int = 12) -> list[str]:
    """The check of one question as lines of plain text (the CLI prints them)."""
    paragraphs = coding_check_paragraphs(question, figures)
    lines = [paragraphs[0], *(f"  {p}" for p in paragraphs[1:])]
    rows = coding_check_rows(figures)
    if rows:
        lines.append(f"  {CHECK_COLUMNS[0]:40} {CHECK_COLUMNS[1]:>6} {CHECK_COLUMNS[2]:>6} {CHECK_COLUMNS[3]:>12}")
        lines += [f"  {name[:40]:40} {n:>6,} {f1:>6.2f} {base:>12.2f}" for name, n, f1, base in rows[:limit]]
        if len(rows) > limit:
            more = len(rows) - limit
            lines.append(f"  ... and {more} more code{'' if more == 1 else 's'}")
    return lines


def checks_sentence(stored: dict[str, Any], now: Mapping[str, tuple[int, str]] | None = None) -> str:
    """One sentence for a published method note on the questions' last suggestion checks ("" if none). ``now``:
    question key -> (answers people coded now, when the last coding was made): a check made before the coding
    changed says so (a trial's annex cited a check made at 116 coded answers when 157 were coded)."""
    now = now or {}

    def stale(key: str, f: Mapping[str, Any]) -> str:
        coded, last = now.get(key, (f["answers"], ""))
        if f.get("basis") == "model" or (coded == f["answers"] and not last > str(f.get("at") or "")):
            return ""
        return f"; older than the coding: {coded:,} answer{'' if coded == 1 else 's'} coded now"

    parts = cite_per_question({k: {**f, "at": ""} for k, f in stored.items()}, lambda key, f: (
        f"{key} {f['micro_f1']:.2f} ("
        + (f"95% interval {f['micro_f1_interval'][0]:.2f}-{f['micro_f1_interval'][1]:.2f}; "
           if f.get("micro_f1_interval") else "")
        + f"baseline {f['baseline_micro_f1']:.2f}; made at {f['answers']:,} coded answers"
        f"{', too few to rely on' if f.get('answers', 0) < RELIABLE_ANSWERS else ''}"
        f"{', against codes made from themes, not by people' if f.get('basis') == 'model' else ''}"
        f"{', ' + str(stored[key]['at'])[:10] if stored[key].get('at') else ''}{stale(key, stored[key])}"))
    if not parts:
        return ""
    return ("Code suggestions were checked against the codings people made, each fold's codings hidden in turn "
            "(micro-F1; a plain baseline in brackets): " + "; ".join(parts) + ". Suggestions count as codings only "
            "once an analyst accepts them.")
