"""The per-consultation sector model: a linear SVM with temperature-scaled probabilities."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from consult_analyser.pipeline.sectors.features import SectorFeaturizer
from consult_analyser.pipeline.sectors.rules import RespondentFeatures

MODEL_NAME = "sector-linear-svm"
MODEL_VERSION = "1"


class SectorClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated linear support vector classifier over :class:`SectorFeaturizer` features.

    A linear SVM (liblinear, one-vs-rest) trains in a fraction of a second on a few thousand
    respondents, which keeps corrections interactive. Its scores become probabilities by
    temperature scaling: softmax(score / T), with T chosen to minimise the log-loss of
    ``cv``-fold out-of-fold scores (when every class has at least two examples). A retrain
    may pass the previous T to skip the cross-validation. With one class, that class is
    predicted with probability 1.

    ``fit(features, labels)`` fits the featurizer and the model; :meth:`fit_matrix` fits only
    the model on an already transformed matrix.
    """

    def __init__(self, featurizer: SectorFeaturizer | None = None, C: float = 0.5,
                 class_weight: str | None = "balanced", calibrate: bool = True, cv: int = 3,
                 max_iter: int = 2000, random_state: int = 0, calibration_rows: int = 4000):
        self.featurizer = featurizer
        self.C = C
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.cv = cv
        self.max_iter = max_iter
        self.random_state = random_state
        self.calibration_rows = calibration_rows

    @property
    def detail(self) -> str:
        return f"{MODEL_NAME}@{MODEL_VERSION}"

    def _base(self) -> LinearSVC:
        return LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, tol=1e-3)

    def fit(self, features: Sequence[RespondentFeatures], labels: Sequence[str]) -> SectorClassifier:
        if len(features) != len(labels):
            raise ValueError(f"{len(features)} respondents but {len(labels)} labels")
        featurizer = clone(self.featurizer) if self.featurizer is not None else SectorFeaturizer()
        X = featurizer.fit_transform(list(features))
        return self.fit_matrix(X, labels, featurizer=featurizer)

    def fit_matrix(self, X: sp.spmatrix, labels: Sequence[str], featurizer: SectorFeaturizer | None = None,
                   temperature: float | None = None) -> SectorClassifier:
        """Fit on a transformed matrix; keep ``featurizer`` for later :meth:`predict_proba` calls.

        ``temperature`` reuses a known calibration instead of cross-validating a new one.
        """
        y = np.asarray([str(v) for v in labels])
        if len(y) == 0:
            raise ValueError("no labelled respondents to learn from")
        if featurizer is not None:
            self.featurizer_ = featurizer
        self.classes_ = np.unique(y)
        self.temperature_ = 1.0
        self.calibrated_ = False
        if len(self.classes_) < 2:
            self.estimator_ = None
            return self
        smallest = min(Counter(y.tolist()).values())
        if temperature is not None:
            self.temperature_, self.calibrated_ = float(temperature), True
        elif self.calibrate and smallest >= 2 and len(y) >= 10:
            # the temperature is one number: a stratified sample of at most calibration_rows rows fixes it
            rows = _stratified_sample(y, self.calibration_rows, self.random_state)
            Xc, yc = X[rows], y[rows]
            smallest = min(Counter(yc.tolist()).values())
            folds = StratifiedKFold(n_splits=min(self.cv, smallest), shuffle=True, random_state=self.random_state)
            scores = cross_val_predict(self._base(), Xc, yc, cv=folds, method="decision_function")
            self.temperature_ = _fit_temperature(_as_matrix(scores), np.searchsorted(self.classes_, yc))
            self.calibrated_ = True
        self.estimator_ = self._base().fit(X, y)
        return self

    def decision_matrix(self, X: sp.spmatrix) -> np.ndarray:
        """Raw scores, one column per class."""
        if self.estimator_ is None:
            return np.zeros((X.shape[0], 1))
        return _as_matrix(self.estimator_.decision_function(X))

    def predict_proba_matrix(self, X: sp.spmatrix) -> np.ndarray:
        if self.estimator_ is None:
            return np.ones((X.shape[0], 1))
        return _softmax(self.decision_matrix(X) / self.temperature_)

    def predict_proba(self, features: Sequence[RespondentFeatures]) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order."""
        return self.predict_proba_matrix(self.featurizer_.transform(list(features)))

    def predict(self, features: Sequence[RespondentFeatures]) -> np.ndarray:
        return self.classes_[self.predict_proba(features).argmax(axis=1)]


def _stratified_sample(y: np.ndarray, limit: int, seed: int) -> np.ndarray:
    """Row indices: all rows when there are at most ``limit``, else a per-class proportional sample
    keeping at least two rows of every class."""
    if len(y) <= limit:
        return np.arange(len(y))
    rng = np.random.default_rng(seed)
    picked = []
    for cls in np.unique(y):
        members = np.flatnonzero(y == cls)
        n = max(2, round(limit * len(members) / len(y)))
        picked.append(rng.choice(members, min(n, len(members)), replace=False))
    return np.sort(np.concatenate(picked))


def _as_matrix(scores: np.ndarray) -> np.ndarray:
    scores = np.asarray(scores, dtype=float)
    if scores.ndim == 1:  # two classes: liblinear gives one score for the second class
        return np.column_stack([-scores, scores]) / 2.0
    return scores


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    expo = np.exp(scores)
    return expo / expo.sum(axis=1, keepdims=True)


def _fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The T in softmax(scores / T) that minimises the log-loss of the true classes."""
    rows = np.arange(len(y))

    def loss(log_t: float) -> float:
        proba = _softmax(scores / math.exp(log_t))
        return float(-np.log(np.clip(proba[rows, y], 1e-12, None)).mean())

    found = minimize_scalar(loss, bounds=(math.log(0.01), math.log(100.0)), method="bounded")
    return float(math.exp(found.x))
