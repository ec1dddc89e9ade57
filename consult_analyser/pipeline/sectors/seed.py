"""The seed sector model: a small linear model over organisation names and e-mail domains.

It is used for consultations that declare no respondent types, and its probabilities are an
input of the per-consultation model. It is stored as plain JSON (vocabularies, idf weights and
coefficients), so loading it never runs code from the file. See ``models/sectors/README.md``
for how it is made (``models/sectors/build_seed.py``, from a hand-written list of name patterns).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from consult_analyser.pipeline.sectors.rules import REPO_MODELS, RespondentFeatures, domain_of, match_text

DEFAULT_SEED_PATH = REPO_MODELS / "seed_model.json"
SEED_FORMAT = "consult-analyser-seed-sector-model"
NGRAMS = (2, 5)


def domain_tokens(domain: str, free_mail: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Word-like tokens for an e-mail domain: the whole domain, each suffix, and the first label.

    "leeds.gov.uk" -> ["dom=leeds.gov.uk", "sfx=gov.uk", "sfx=uk", "host=leeds"].
    """
    domain = domain_of(domain)
    if not domain:
        return ["dom=none"]
    if domain in free_mail:
        return ["dom=free_mail", f"dom={domain}"]
    labels = domain.split(".")
    out = [f"dom={domain}"]
    out += [f"sfx={'.'.join(labels[i:])}" for i in range(1, len(labels))]
    out.append(f"host={labels[0]}")
    return out


def seed_name(f: RespondentFeatures, organisation_text: str | None = None) -> str:
    """The name the seed model reads: the organisation, else the respondent's name."""
    org = organisation_text if organisation_text is not None else f.organisation
    return match_text(org or f.name or "")


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    counts = counts.astype(np.float64)
    counts.data = 1.0 + np.log(counts.data)  # sublinear tf
    return normalize(counts @ sp.diags(idf), norm="l2")


@dataclass
class SeedModel:
    """Multinomial logistic regression over char n-grams of names plus domain tokens."""

    classes_: list[str]
    name_vocabulary: dict[str, int]
    name_idf: np.ndarray
    domain_vocabulary: dict[str, int]
    domain_idf: np.ndarray
    coef_: np.ndarray  # (n_classes, n_name + n_domain)
    intercept_: np.ndarray
    free_mail: frozenset[str] = frozenset()
    domain_weight: float = 0.7
    version: str = "1"
    model_name: str = "seed-sector"

    @property
    def detail(self) -> str:
        """Model name and version, as recorded with every label it produces."""
        return f"{self.model_name}@{self.version}"

    def _matrix(self, names: Sequence[str], domains: Sequence[str]) -> sp.csr_matrix:
        name_vec = CountVectorizer(analyzer="char_wb", ngram_range=NGRAMS, vocabulary=self.name_vocabulary)
        dom_vec = CountVectorizer(analyzer=lambda toks: toks, vocabulary=self.domain_vocabulary)
        xn = _tfidf(name_vec.transform(list(names)), self.name_idf)
        xd = _tfidf(dom_vec.transform([domain_tokens(d, self.free_mail) for d in domains]), self.domain_idf)
        return sp.hstack([xn, xd * self.domain_weight], format="csr")

    def decision_function(self, names: Sequence[str], domains: Sequence[str]) -> np.ndarray:
        return np.asarray(self._matrix(names, domains) @ self.coef_.T) + self.intercept_

    def predict_proba_names(self, names: Sequence[str], domains: Sequence[str]) -> np.ndarray:
        """Probabilities (rows sum to 1) for names and domains, columns in ``classes_`` order."""
        if len(names) == 0:
            return np.zeros((0, len(self.classes_)))
        scores = self.decision_function(names, domains)
        scores -= scores.max(axis=1, keepdims=True)
        expo = np.exp(scores)
        return expo / expo.sum(axis=1, keepdims=True)

    def predict_proba(self, features: Sequence[RespondentFeatures]) -> np.ndarray:
        return self.predict_proba_names([seed_name(f) for f in features], [f.email_domain for f in features])

    # ------------------------------------------------------------------------------ training
    @classmethod
    def train(cls, names: Sequence[str], domains: Sequence[str], labels: Sequence[str], *,
              free_mail: Sequence[str] = (), C: float = 4.0, domain_weight: float = 0.7,
              min_df: int = 2, version: str = "1") -> SeedModel:
        """Fit on (name, domain, label) examples and return the exported model."""
        free = frozenset(d.lower() for d in free_mail)
        name_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, min_df=min_df, sublinear_tf=True)
        dom_vec = TfidfVectorizer(analyzer=lambda toks: toks, min_df=min_df, sublinear_tf=True)
        xn = name_vec.fit_transform([match_text(n) for n in names])
        xd = dom_vec.fit_transform([domain_tokens(d, free) for d in domains])
        x = sp.hstack([xn, xd * domain_weight], format="csr")
        lr = LogisticRegression(C=C, max_iter=2000)
        lr.fit(x, list(labels))
        return cls(
            classes_=[str(c) for c in lr.classes_],
            name_vocabulary={k: int(v) for k, v in name_vec.vocabulary_.items()},
            name_idf=name_vec.idf_.copy(),
            domain_vocabulary={k: int(v) for k, v in dom_vec.vocabulary_.items()},
            domain_idf=dom_vec.idf_.copy(),
            coef_=lr.coef_.copy(),
            intercept_=lr.intercept_.copy(),
            free_mail=free,
            domain_weight=domain_weight,
            version=version,
        )

    # ------------------------------------------------------------------------------ storage
    def to_dict(self, digits: int = 5) -> dict[str, Any]:
        def rounded(a: np.ndarray) -> list[Any]:
            return np.round(a, digits).tolist()

        return {
            "format": SEED_FORMAT,
            "model_name": self.model_name,
            "version": self.version,
            "classes": self.classes_,
            "ngram_range": list(NGRAMS),
            "domain_weight": self.domain_weight,
            "free_mail": sorted(self.free_mail),
            "name_vocabulary": self.name_vocabulary,
            "name_idf": rounded(self.name_idf),
            "domain_vocabulary": self.domain_vocabulary,
            "domain_idf": rounded(self.domain_idf),
            "coef": rounded(self.coef_),
            "intercept": rounded(self.intercept_),
        }

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeedModel:
        if data.get("format") != SEED_FORMAT:
            raise ValueError("not a seed sector model file")
        if tuple(data.get("ngram_range", NGRAMS)) != NGRAMS:
            raise ValueError(f"seed model n-gram range {data['ngram_range']} is not supported")
        return cls(
            classes_=list(data["classes"]),
            name_vocabulary={k: int(v) for k, v in data["name_vocabulary"].items()},
            name_idf=np.asarray(data["name_idf"], dtype=np.float64),
            domain_vocabulary={k: int(v) for k, v in data["domain_vocabulary"].items()},
            domain_idf=np.asarray(data["domain_idf"], dtype=np.float64),
            coef_=np.asarray(data["coef"], dtype=np.float64),
            intercept_=np.asarray(data["intercept"], dtype=np.float64),
            free_mail=frozenset(data.get("free_mail", [])),
            domain_weight=float(data.get("domain_weight", 0.7)),
            version=str(data.get("version", "1")),
            model_name=str(data.get("model_name", "seed-sector")),
        )

    @classmethod
    def load(cls, path: str | Path = DEFAULT_SEED_PATH) -> SeedModel:
        """Read a model written by :meth:`save` (plain JSON; nothing in it is executed)."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


_CACHE: dict[str, SeedModel] = {}


def load_seed_model(path: str | Path | None = None) -> SeedModel | None:
    """The shipped seed model (cached), or None when the file is missing."""
    target = Path(path) if path else DEFAULT_SEED_PATH
    key = str(target.resolve())
    if key not in _CACHE:
        if not target.exists():
            return None
        _CACHE[key] = SeedModel.load(target)
    return _CACHE[key]
