"""Turn respondents into one sparse feature matrix for the sector model.

Blocks (each L2-normalised, then weighted): character n-grams of the organisation (or personal)
name, its words and word pairs ("Village Of", "Et Al"), the name's sentence vector (what the
shipped sentence model knows of a name the n-grams cannot read: "Kaspersky" is a company,
"Wildlife Trust" is near "Conservation Society"), the name's shape (how many words,
digits, several names joined by ";" or commas, initials, capitals), e-mail domain tokens, word
n-grams of the answer text, which questions were answered, the
rules that matched (legal forms and sector words in several languages among them, and the
individual/organisation decision), the country and organisation size when given, and the seed
model's probabilities. The featurizer can be fitted on every respondent of a consultation (it uses no
labels), so a retrain after a correction only refits the linear model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from consult_analyser.pipeline.sectors.locale import country_in_eu
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules, match_text
from consult_analyser.pipeline.sectors.seed import SeedModel, domain_tokens, load_seed_model

log = logging.getLogger(__name__)

#: CPU seconds the name vectors may take: the sentence model within it, else the static model
NAME_VECTOR_BUDGET_S = 5.0


def _identity(tokens: list[str]) -> list[str]:
    return tokens


_INITIAL = re.compile(r"\b[A-Z]\.")
_ET_AL = re.compile(r"\bet\.? ?al\b", re.IGNORECASE)


def name_shape(name: str) -> list[str]:
    """What a name looks like, as tokens: word count, digits, a list of several names ("Senators
    A, B, C", "A; B; C"), "et al.", initials ("John Q. Public"), all capitals. A person's name, a
    petition ("1210-Ab32 Petition 017") and a group of signatories look different before any word
    is read."""
    words = name.split()
    if not words:
        return ["shape=empty"]
    out = [f"shape=words{min(len(words), 6)}"]
    if any(ch.isdigit() for ch in name):
        out.append("shape=digits")
    if ";" in name or name.count(",") >= 2:
        out.append("shape=list")
    if _ET_AL.search(name):
        out.append("shape=et_al")
    if _INITIAL.search(name):
        out.append("shape=initial")
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters):
        out.append("shape=capitals")
    return out


class _Block:
    """A TF-IDF vectoriser that tolerates an empty vocabulary (then it yields zero columns)."""

    def __init__(self, vectorizer: TfidfVectorizer):
        self.vectorizer = vectorizer
        self.empty = False

    def fit_transform(self, docs: Sequence[Any]) -> sp.csr_matrix:
        try:
            return self.vectorizer.fit_transform(docs)
        except ValueError:  # empty vocabulary: no text at all, or min_df too high
            self.empty = True
            return sp.csr_matrix((len(docs), 0))

    def transform(self, docs: Sequence[Any]) -> sp.csr_matrix:
        if self.empty:
            return sp.csr_matrix((len(docs), 0))
        return self.vectorizer.transform(docs)

    @property
    def size(self) -> int:
        return 0 if self.empty else len(self.vectorizer.vocabulary_)


class _NameVectors:
    """Sentence vectors of names, each distinct name embedded once, reduced to the ``dims`` main
    axes of the (distinct, non-empty) names they were fitted on (PCA; rows rescaled to unit
    length), so that a large consultation's feature matrix stays small."""

    def __init__(self, embedder: Any, distinct: list[str], dims: int):
        self.embedder = embedder
        self.cache: dict[str, np.ndarray] = {}  # name -> its reduced unit vector (dims floats, not the model's 384)
        self.projection: Any = None
        raw = self._encode(distinct)
        if len(distinct) > 2 * dims:
            from sklearn.decomposition import PCA

            self.projection = PCA(n_components=dims, random_state=0).fit(raw)
        self.dim = dims if self.projection is not None else embedder.dim
        self._remember(distinct, raw)

    def _encode(self, names: list[str]) -> np.ndarray:
        return np.asarray(self.embedder.encode(names), dtype=np.float32) if names else np.zeros((0, self.embedder.dim))

    def _remember(self, names: list[str], raw: np.ndarray) -> None:
        if not names:
            return
        reduced = self.projection.transform(raw) if self.projection is not None else raw
        reduced = (reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-9)).astype(np.float32)
        self.cache.update(zip(names, reduced, strict=True))

    def vectors(self, names: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(names), self.dim), dtype=np.float32)
        rows = [i for i, n in enumerate(names) if n]
        if rows:
            distinct = list(dict.fromkeys(names[i] for i in rows))
            todo = [n for n in distinct if n not in self.cache]
            self._remember(todo, self._encode(todo))
            where = {n: j for j, n in enumerate(distinct)}
            reduced = np.vstack([self.cache[n] for n in distinct])
            out[rows] = reduced[[where[names[i]] for i in rows]]
        return out


class SectorFeaturizer(BaseEstimator, TransformerMixin):
    """Respondents -> sparse matrix. ``rules``/``seed`` default to the shipped files."""

    def __init__(self, rules: SectorRules | None = None, seed: SeedModel | None | str = "default",
                 name_weight: float = 1.0, name_words_weight: float = 1.0, shape_weight: float = 1.0,
                 domain_weight: float = 0.6, text_weight: float = 0.8,
                 answered_weight: float = 0.3, rules_weight: float = 1.0, seed_weight: float = 0.8,
                 meta_weight: float = 1.0, name_vector_weight: float = 0.7, name_embedder: str = "auto",
                 name_vector_dims: int = 64,
                 text_min_df: int = 2, text_max_features: int = 30000):
        self.rules = rules
        self.seed = seed
        self.name_weight = name_weight
        self.name_words_weight = name_words_weight
        self.shape_weight = shape_weight
        self.domain_weight = domain_weight
        self.text_weight = text_weight
        self.answered_weight = answered_weight
        self.rules_weight = rules_weight
        self.seed_weight = seed_weight
        self.meta_weight = meta_weight
        self.name_vector_weight = name_vector_weight
        self.name_embedder = name_embedder
        self.name_vector_dims = name_vector_dims
        self.text_min_df = text_min_df
        self.text_max_features = text_max_features

    # ------------------------------------------------------------------------------ parts
    def _rules(self) -> SectorRules:
        if self.rules is None:
            self.rules = SectorRules.default()
        return self.rules

    def _seed(self) -> SeedModel | None:
        if isinstance(self.seed, str):
            return load_seed_model()
        return self.seed

    def _names(self, features: Sequence[RespondentFeatures]) -> list[str]:
        rules = self._rules()
        return [match_text(rules.name_text(f)) for f in features]

    def _name_matrix(self, features: Sequence[RespondentFeatures], fit: bool,
                     vectors: Future[_NameVectors | None] | None = None) -> sp.csr_matrix:
        """The name's character n-grams, words and shape, each block weighted (fitted when ``fit``;
        the names' sentence vectors then come from ``vectors`` when they were started earlier)."""
        raw = [self._rules().name_text(f) for f in features]
        matched = [match_text(n) for n in raw]
        if fit:
            self.name_block_ = _Block(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=1,
                                                      sublinear_tf=True, max_features=50000))
            self.name_words_block_ = _Block(TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                                            token_pattern=r"(?u)\b\w+\b", max_features=50000))
            self.shape_block_ = _Block(TfidfVectorizer(analyzer=_identity, use_idf=False, binary=True))
        parts: list[tuple[_Block, Sequence[Any], float]] = [
            (self.name_block_, matched, self.name_weight),
            (self.name_words_block_, matched, self.name_words_weight),
            (self.shape_block_, [name_shape(n) for n in raw], self.shape_weight),
        ]
        blocks = [(block.fit_transform(docs) if fit else block.transform(docs)) * weight
                  for block, docs, weight in parts]
        if fit:
            self.name_vectors_ = vectors.result() if vectors is not None else self._choose_name_embedder(raw)
        if self.name_vectors_ is not None:
            blocks.append(sp.csr_matrix(self.name_vectors_.vectors(raw) * self.name_vector_weight))
        return sp.hstack(blocks, format="csr")

    def _choose_name_embedder(self, names: Sequence[str]) -> _NameVectors | None:
        """The sentence model for the names (within :data:`NAME_VECTOR_BUDGET_S`), or None when
        switched off or when no model can be loaded (the other blocks still decide)."""
        if self.name_vector_weight <= 0 or not self.name_embedder:
            return None
        from consult_analyser.pipeline.embeddings import choose_embedder, get_embedder

        distinct = [n for n in dict.fromkeys(names) if n]
        try:
            name = self.name_embedder if self.name_embedder != "auto" else choose_embedder(distinct, NAME_VECTOR_BUDGET_S)
            return _NameVectors(get_embedder(name), distinct, self.name_vector_dims)
        except (OSError, ImportError, KeyError) as exc:  # a model file missing from this installation
            log.warning("sector model without name vectors: %s", exc)
            return None

    def _domains(self, features: Sequence[RespondentFeatures]) -> list[list[str]]:
        free = self._rules().free_mail
        return [domain_tokens(f.email_domain, free) for f in features]

    def _rule_tokens(self, f: RespondentFeatures) -> dict[str, float]:
        # the declared individual/organisation answer is a label, not a feature: leaving it out
        # keeps labelled and unlabelled respondents described alike; so is the name the import copied
        # into the organisation box because its owner declared an organisation (a trial's model, taught
        # that every organisation had the box filled, filed Deloitte, Adobe and Microsoft, who had
        # declared nothing, as individuals at 96-99%)
        f = replace(f, is_organisation=None,
                    organisation="" if f.is_organisation and f.organisation.strip() == f.name.strip() else f.organisation)
        rules = self._rules()
        is_org, conf, reason = rules.person_or_organisation(f)
        out: dict[str, float] = {f"org={is_org}": 1.0, f"why={reason}": max(conf, 0.5)}
        if rules.organisation_text(f):
            out["org_name_given"] = 1.0
        elif rules.starts_with_given_name(f.name or ""):
            out["first_name_given"] = 1.0
        for hit in rules.hits(f):
            out[f"rule={hit.rule}"] = max(out.get(f"rule={hit.rule}", 0.0), hit.confidence)
            key = f"{hit.via}={hit.sector}"
            out[key] = max(out.get(key, 0.0), hit.confidence)
        return out

    @staticmethod
    def _meta_tokens(f: RespondentFeatures) -> list[str]:
        """Country, organisation size and other categorical columns, when the consultation has them."""
        out = ["meta=none"]
        if f.country.strip():
            out.append(f"country={match_text(f.country)[:40]}")
            # in or outside the EU: what an EU consultation's "EU citizen" / "Non-EU citizen" turn on
            out.append(f"eu={'yes' if country_in_eu(f.country) else 'no'}")
        if f.size.strip():
            out.append(f"size={match_text(f.size)[:40]}")
        out += [f"{column}={match_text(value)[:40]}" for column, value in f.extra.items() if value.strip()]
        return out if len(out) == 1 else out[1:]

    def rule_tokens(self, features: Sequence[RespondentFeatures]) -> list[dict[str, float]]:
        """The rule block's named values per respondent (for inspection and tests)."""
        return [self._rule_tokens(f) for f in features]

    # ------------------------------------------------------------------------------ estimator
    def fit(self, features: Sequence[RespondentFeatures], y: Any = None) -> SectorFeaturizer:
        """Learn vocabularies from the respondents (no labels are used)."""
        self.fit_transform(features)
        return self

    def name_vectors_later(self, features: Sequence[RespondentFeatures]) -> Future[_NameVectors | None]:
        """Start embedding the names for :meth:`fit_transform` (``name_vectors``). The sentence model
        runs outside the interpreter's lock, on a second core while the rules and the other blocks
        are read: at 100,000 respondents it is the longest single part of the sector step."""
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="name-vectors")
        try:
            return pool.submit(self._choose_name_embedder, [self._rules().name_text(f) for f in features])
        finally:
            pool.shutdown(wait=False)

    def fit_transform(self, features: Sequence[RespondentFeatures], y: Any = None,
                      seed_proba: np.ndarray | None = None,
                      name_vectors: Future[_NameVectors | None] | None = None) -> sp.csr_matrix:
        """Fit and transform in one pass over the texts (``name_vectors``: see :meth:`name_vectors_later`)."""
        features = list(features)
        self.domain_block_ = _Block(TfidfVectorizer(analyzer=_identity, sublinear_tf=True))
        min_df = self.text_min_df if len(features) >= 4 * self.text_min_df else 1
        self.text_block_ = _Block(TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, max_df=0.9,
                                                  sublinear_tf=True, stop_words="english",
                                                  max_features=self.text_max_features, dtype=np.float32))
        self.answered_block_ = _Block(TfidfVectorizer(analyzer=_identity, use_idf=False, binary=True))
        vectors = name_vectors if name_vectors is not None else self.name_vectors_later(features)
        domains = self.domain_block_.fit_transform(self._domains(features))
        texts = self.text_block_.fit_transform([f.text or "" for f in features])
        answered = self.answered_block_.fit_transform([list(f.answered) or ["none"] for f in features])
        self.meta_block_ = _Block(TfidfVectorizer(analyzer=_identity, use_idf=False, binary=True))
        meta = self.meta_block_.fit_transform([self._meta_tokens(f) for f in features])
        rule_rows = self.rule_tokens(features)
        names = self._name_matrix(features, fit=True, vectors=vectors)
        tokens: set[str] = {f"rule={n}" for n in self._rules().rule_names}
        for row in rule_rows:
            tokens.update(row)
        self.rule_vocabulary_ = {t: i for i, t in enumerate(sorted(tokens))}
        seed = self._seed()
        self.seed_classes_ = list(seed.classes_) if seed is not None else []
        if seed_proba is None:
            seed_proba = self.seed_proba(features)
        return self._stack(names, domains, texts, answered, rule_rows, seed_proba, meta)

    def _stack(self, names: sp.spmatrix, domains: sp.spmatrix, texts: sp.spmatrix, answered: sp.spmatrix,
               rule_rows: list[dict[str, float]], seed_proba: np.ndarray, meta: sp.spmatrix) -> sp.csr_matrix:
        blocks = [
            (meta, self.meta_weight),
            (names, 1.0),  # already weighted block by block
            (domains, self.domain_weight),
            (texts, self.text_weight),
            (answered, self.answered_weight),
            (normalize(self._rule_matrix(rule_rows)), self.rules_weight),
            (sp.csr_matrix(seed_proba), self.seed_weight),
        ]
        return sp.hstack([b * w for b, w in blocks], format="csr", dtype=np.float64)

    def _rule_matrix(self, rows: list[dict[str, float]]) -> sp.csr_matrix:
        data, indices, indptr = [], [], [0]
        for row in rows:
            for token, value in row.items():
                j = self.rule_vocabulary_.get(token)
                if j is not None:
                    indices.append(j)
                    data.append(value)
            indptr.append(len(indices))
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.rule_vocabulary_)))

    def seed_proba(self, features: Sequence[RespondentFeatures]) -> np.ndarray:
        """The seed model's probabilities (columns ``seed_classes_``); zero columns without a seed."""
        seed = self._seed()
        if seed is None or not features:
            return np.zeros((len(features), len(seed.classes_) if seed is not None else 0))
        return seed.predict_proba_names(self._names(features), [f.email_domain for f in features])

    def transform(self, features: Sequence[RespondentFeatures], seed_proba: np.ndarray | None = None) -> sp.csr_matrix:
        """The weighted feature matrix. Pass ``seed_proba`` when already computed."""
        features = list(features)
        if seed_proba is None:
            seed_proba = self.seed_proba(features)
        return self._stack(
            self._name_matrix(features, fit=False),
            self.domain_block_.transform(self._domains(features)),
            self.text_block_.transform([f.text or "" for f in features]),
            self.answered_block_.transform([list(f.answered) or ["none"] for f in features]),
            self.rule_tokens(features),
            seed_proba,
            self.meta_block_.transform([self._meta_tokens(f) for f in features]),
        )
