"""How far the inferred sectors can be trusted in this consultation: a k-fold check.

The respondents whose sector is known (declared, or set by an analyst) are split into ``folds``
groups. For each group in turn, its known sectors are hidden (the declared type and the
individual/organisation answer) and the full sector step runs on the whole consultation as it
would for respondents who declared nothing; its answers for the group are then compared with the
known sectors. A plain baseline sees the same folds: character n-grams of the name and
organisation, one-hot metadata (e-mail domain, country, size, other short columns) and word
TF-IDF of any answer text, in a default logistic regression.

The figures describe respondents like those whose sector is known; those who declared nothing may
be harder (they often wrote less). Respondents the sector step leaves for review count as wrong.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from consult_analyser.pipeline.sectors.declared import complete_declared, declared_sector
from consult_analyser.pipeline.sectors.local_seed import LocalSeed
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, domain_of
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy
from consult_analyser.progress import ProgressFn, null_progress

DEFAULT_FOLDS = 5
#: the lower edges of the confidence bands a check's reliability is read in
RELIABILITY_BANDS = (0.9, 0.7, 0.5, 0.0)
BASELINE_NAME = "character n-grams of the name + metadata (+ answer words), logistic regression"


@dataclass(frozen=True)
class ClassScore:
    """One sector's figures: respondents known to be in it, and the F1 of each method."""

    label: str
    n: int
    f1: float
    baseline_f1: float


@dataclass
class SectorCheck:
    """The outcome of :func:`check_sectors`. The dicts map respondent id -> sector label
    ("" where ours left the respondent for review)."""

    folds: int
    truth: dict[str, str]
    ours: dict[str, str]
    baseline: dict[str, str]
    best_guess: dict[str, str]
    sources: Counter[str] = field(default_factory=Counter)
    too_few: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    organisations: int = 0  # of the respondents scored, those in an organisations' sector
    #: respondent id -> (the confidence ours gave its sector, its source), for those it placed
    confidence: dict[str, tuple[float, str]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.truth)

    def _pairs(self, predicted: Mapping[str, str]) -> tuple[list[str], list[str]]:
        rids = sorted(self.truth)
        return [self.truth[r] for r in rids], [predicted.get(r, "") for r in rids]

    def macro_f1(self, which: str = "ours") -> float:
        return _macro(*self._pairs(self._which(which)))

    def accuracy(self, which: str = "ours") -> float:
        truth, pred = self._pairs(self._which(which))
        return float(np.mean([a == b for a, b in zip(truth, pred, strict=True)])) if truth else 0.0

    @property
    def left_for_review(self) -> int:
        return sum(1 for r in self.truth if not self.ours.get(r))

    def decided_accuracy(self) -> float:
        """Accuracy over the respondents ours gave a sector (not left for review)."""
        decided = [r for r in self.truth if self.ours.get(r)]
        return float(np.mean([self.ours[r] == self.truth[r] for r in decided])) if decided else 0.0

    def reliability(self, bands: Sequence[float] = RELIABILITY_BANDS,
                    source: str | None = None) -> list[tuple[float, float, int, float, float]]:
        """How often ours was right at each confidence it showed: (from, to, respondents it placed with a confidence
        in [from, to), their mean confidence, the share right), highest band first; ``source`` keeps one source's
        (``"model"``). A confidence that means what it says is right about as often as it claims."""
        out = []
        edges = sorted(bands, reverse=True)
        for low, high in zip(edges, [1.01, *edges[:-1]], strict=True):
            placed = [(c, self.ours[r] == self.truth[r]) for r, (c, src) in self.confidence.items()
                      if r in self.truth and low <= c < high and (source is None or src == source)]
            if placed:
                out.append((low, min(high, 1.0), len(placed), float(np.mean([c for c, _ in placed])),
                            float(np.mean([ok for _, ok in placed]))))
            else:
                out.append((low, min(high, 1.0), 0, float("nan"), float("nan")))
        return out

    def calibration_error(self, source: str | None = None, bins: int = 10) -> float:
        """Expected calibration error of the confidences ours showed (``source``: one source's only): the mean
        gap between confidence and the share right, in ``bins`` equal bands weighted by their respondents."""
        pairs = [(c, self.ours[r] == self.truth[r]) for r, (c, src) in self.confidence.items()
                 if r in self.truth and (source is None or src == source)]
        return calibration_error(pairs, bins)

    def classes(self) -> list[ClassScore]:
        from sklearn.metrics import precision_recall_fscore_support

        truth, ours = self._pairs(self.ours)
        _, base = self._pairs(self.baseline)
        labels = sorted(set(truth))
        if not labels:
            return []
        _, _, f, s = precision_recall_fscore_support(truth, ours, labels=labels, zero_division=0)
        _, _, fb, _ = precision_recall_fscore_support(truth, base, labels=labels, zero_division=0)
        return [ClassScore(lab, int(s[i]), float(f[i]), float(fb[i])) for i, lab in enumerate(labels)]

    def _which(self, which: str) -> Mapping[str, str]:
        return {"ours": self.ours, "baseline": self.baseline, "best_guess": self.best_guess}[which]

    def summary(self) -> dict[str, Any]:
        """JSON-friendly figures (kept with the project and cited in the annex)."""
        return {"folds": self.folds, "respondents": self.n, "macro_f1": round(self.macro_f1(), 4),
                "accuracy": round(self.accuracy(), 4), "baseline_macro_f1": round(self.macro_f1("baseline"), 4),
                "baseline_accuracy": round(self.accuracy("baseline"), 4), "left_for_review": self.left_for_review,
                "decided_accuracy": round(self.decided_accuracy(), 4), "too_few": dict(self.too_few),
                "commonest_share": round(max(Counter(self.truth.values()).values()) / self.n, 4) if self.n else 0.0,
                "organisations": self.organisations,
                "classes": [{"sector": c.label, "n": c.n, "f1": round(c.f1, 4),
                             "baseline_f1": round(c.baseline_f1, 4)} for c in self.classes()]}


def calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of (confidence shown, was it right) pairs (nan without any)."""
    if not pairs:
        return float("nan")
    conf = np.array([p for p, _ in pairs], dtype=float)
    right = np.array([ok for _, ok in pairs], dtype=float)
    edges = np.minimum((conf * bins).astype(int), bins - 1)
    return float(sum(abs(conf[edges == b].mean() - right[edges == b].mean()) * (edges == b).sum()
                     for b in range(bins) if (edges == b).any()) / len(pairs))


def _macro(truth: Sequence[str], pred: Sequence[str]) -> float:
    from sklearn.metrics import f1_score

    if not truth:
        return 0.0
    return float(f1_score(truth, pred, average="macro", labels=sorted(set(truth)), zero_division=0))


def hidden(f: RespondentFeatures) -> RespondentFeatures:
    """The respondent as if they had declared nothing."""
    return replace(f, declared_type="", is_organisation=None)


def _meta(f: RespondentFeatures) -> dict[str, float]:
    out = {f"dom={domain_of(f.email_domain)}": 1.0} if f.email_domain else {}
    for key, value in (("country", f.country), ("size", f.size)):
        if value:
            out[f"{key}={value.lower()}"] = 1.0
    for key, value in f.extra.items():
        out[f"{key}={value.lower()}"] = 1.0
    return out


def baseline_predict(train: Sequence[RespondentFeatures], y: Sequence[str],
                     test: Sequence[RespondentFeatures]) -> list[str]:
    """The plain baseline: character 2-5-grams of name and organisation, one-hot metadata and (where
    there is answer text) word TF-IDF, in a default logistic regression."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(y)) < 2:
        return [y[0] if len(y) else ""] * len(test)
    blocks_train: list[Any] = []
    blocks_test: list[Any] = []
    # an anonymous survey has no names, a survey without other columns no metadata: each part of
    # the input is used where there is something in it
    parts: list[tuple[Any, Any, Any]] = [
        (TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
         [f"{f.name} {f.organisation}".lower() for f in train], [f"{f.name} {f.organisation}".lower() for f in test]),
        (DictVectorizer(), [_meta(f) for f in train], [_meta(f) for f in test])]
    if sum(1 for f in train if f.text.strip()) >= 2:
        parts.append((TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000),
                      [f.text for f in train], [f.text for f in test]))
    for vectoriser, seen, unseen in parts:
        try:
            block = vectoriser.fit_transform(seen)
        except ValueError:  # empty vocabulary: nothing of this kind was given, or no word used twice
            continue
        if block.shape[1]:
            blocks_train.append(block)
            blocks_test.append(vectoriser.transform(unseen))
    if not blocks_train:  # nothing to learn from: the most common sector for everyone
        return [Counter(y).most_common(1)[0][0]] * len(test)
    model = LogisticRegression(max_iter=2000)
    model.fit(sp.hstack(blocks_train, format="csr"), list(y))
    return [str(p) for p in model.predict(sp.hstack(blocks_test, format="csr"))]


def known_sectors(features: Sequence[RespondentFeatures], taxonomy: Taxonomy,
                  analyst_labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Respondent id -> sector key where the sector is known: an analyst's label, else the
    declared type as the sector step maps it."""
    taxonomy = complete_declared(taxonomy, {f.declared_type for f in features})
    known: dict[str, str] = {}
    for f in features:
        key = declared_sector(f.declared_type, taxonomy)[0]
        if key:
            known[f.respondent_id] = key
    ids = {f.respondent_id for f in features}
    known.update({rid: key for rid, key in (analyst_labels or {}).items() if rid in ids})
    return known


def check_sectors(features: Sequence[RespondentFeatures], taxonomy: Taxonomy, known: Mapping[str, str], *,
                  analyst_labels: Mapping[str, str] | None = None, folds: int = DEFAULT_FOLDS, seed: int = 0,
                  truth: Mapping[str, str] | None = None, local_seed: LocalSeed | None = None,
                  progress: ProgressFn | None = None) -> SectorCheck:
    """Hide each fold's known sectors in turn and compare the sector step's answers with them.

    ``known``: respondent id -> sector key (declared or analyst-set; see :func:`known_sectors`).
    In its test fold a respondent's declared type and individual/organisation answer are hidden
    and its analyst label (``analyst_labels``, id -> key) withheld; outside it the sector step
    sees both, as in a real run. ``truth`` (id -> label; default: the known sectors' labels) is
    what is scored. Sectors with fewer known respondents than ``folds`` are not scored (they stay
    visible in every fold) and are listed in ``too_few``.
    """
    from sklearn.model_selection import StratifiedKFold

    progress = progress or null_progress
    started = time.perf_counter()
    features = list(features)
    truth = dict(truth) if truth is not None else {rid: taxonomy.label(key) for rid, key in known.items()}
    counts = Counter(truth.values())
    too_few = {lab: n for lab, n in counts.items() if n < folds}
    scored = [f for f in features if f.respondent_id in truth and truth[f.respondent_id] not in too_few]
    sides = {s.label: s.is_organisation for s in taxonomy.sectors}
    check = SectorCheck(folds, {f.respondent_id: truth[f.respondent_id] for f in scored}, {}, {}, {},
                        too_few=too_few, organisations=sum(1 for f in scored if sides.get(truth[f.respondent_id])))
    y = np.array([truth[f.respondent_id] for f in scored])
    if len(set(y.tolist())) < 2:  # one sector known: nothing to tell apart, nothing to score
        check.truth = {}
        check.seconds = time.perf_counter() - started
        return check
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (train_idx, test_idx) in enumerate(splitter.split(np.zeros(len(y)), y)):
        progress(fold / folds, f"Checking sectors: fold {fold + 1} of {folds}")
        test_ids = {scored[i].respondent_id for i in test_idx}
        visible = [hidden(f) if f.respondent_id in test_ids else f for f in features]
        analyst = {rid: key for rid, key in (analyst_labels or {}).items() if rid not in test_ids}
        session = SectorSession(visible, taxonomy, local_seed=local_seed)
        results = {r.respondent_id: r for r in session.run(analyst)}
        for rid in test_ids:
            r = results[rid]
            check.ours[rid] = session.taxonomy.label(r.sector) if r.sector else ""
            guess = r.sector or (max(r.probabilities, key=lambda k: r.probabilities[k]) if r.probabilities else "")
            check.best_guess[rid] = session.taxonomy.label(guess) if guess else ""
            check.sources[r.source] += 1
            if r.sector:
                check.confidence[rid] = (float(r.confidence), r.source)
        del session, results, visible  # one fold's sector model in memory at a time
        train = [scored[i] for i in train_idx]
        test = [scored[i] for i in test_idx]
        predicted = baseline_predict([hidden(f) for f in train], y[train_idx].tolist(), [hidden(f) for f in test])
        check.baseline.update({f.respondent_id: p for f, p in zip(test, predicted, strict=True)})
    progress(1.0, "Sector check done")
    check.seconds = time.perf_counter() - started
    return check


def check_paragraphs(figures: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """What a person reads about a check (``SectorCheck.summary()`` or the stored copy): the
    paragraphs before the table of sectors and the notes after it."""
    n = int(figures.get("respondents", 0) or 0)
    if not n:
        return (["Nothing to check against: no respondent's sector is known (declared or set by an analyst) "
                 "in two or more sectors with enough respondents. Set some in Sector review first."], [])
    folds = figures.get("folds", DEFAULT_FOLDS)
    before = [
        f"Checked against {n:,} respondents whose sector is known (declared or set by an analyst): in {folds} "
        f"rounds, each hiding the sectors of a different 1 in {folds} of them, the sector step placed them from "
        "the rest.",
        f"Sector step: macro-F1 {figures['macro_f1']:.2f}, {figures['accuracy']:.0%} placed right "
        f"({figures['left_for_review']:,} left for review, counted as wrong; {figures['decided_accuracy']:.0%} "
        "right of those it placed).",
        f"Plain baseline ({BASELINE_NAME}): macro-F1 {figures['baseline_macro_f1']:.2f}, "
        f"{figures['baseline_accuracy']:.0%} right.",
    ]
    commonest = float(figures.get("commonest_share", 0) or 0)
    if few_organisations(figures):
        # a form that declared only individuals: the figure is about them and a handful of corrections
        before.append(f"Only {figures['organisations']:,} of them are organisations (their sectors set by analysts): "
                      "these figures say little of how the step places the organisations whose sector nobody "
                      "declared. Check those in Sector review instead; the annex does not cite this check.")
    elif commonest and figures["accuracy"] <= commonest:
        # an anonymous survey: nothing in the names or answers says who is a patient and who a carer
        before.append(f"Giving everyone the commonest sector would place {commonest:.0%} right, as many or more: "
                      "what these respondents wrote (names, organisations, answers) says little of their sector, "
                      "so a sector the step inferred is a guess; keep to the declared ones.")
    after = []
    too_few = dict(figures.get("too_few") or {})
    if too_few:
        after.append("Not scored (fewer known respondents than rounds): "
                     + ", ".join(f"{label} ({count})" for label, count in sorted(too_few.items())) + ".")
    after.append("These figures hold for respondents like those whose sector is known; those who declared "
                 "nothing often wrote less and may be harder to place.")
    return before, after


CHECK_COLUMNS = ("Sector", "Known", "F1", "Baseline F1")


def check_rows(figures: Mapping[str, Any]) -> list[tuple[str, int, float, float]]:
    """One row per scored sector: label, respondents known in it, F1 of the sector step and of the baseline."""
    return [(str(c["sector"]), int(c["n"]), float(c["f1"]), float(c["baseline_f1"]))
            for c in figures.get("classes") or []]


def describe_check(figures: Mapping[str, Any]) -> list[str]:
    """The check as lines of plain text (the CLI prints them)."""
    before, after = check_paragraphs(figures)
    rows = check_rows(figures)
    lines = [before[0], *(f"  {p}" for p in before[1:])]
    if rows:
        lines.append(f"  {CHECK_COLUMNS[0]:40} {CHECK_COLUMNS[1]:>6} {CHECK_COLUMNS[2]:>6} {CHECK_COLUMNS[3]:>12}")
        lines += [f"  {label[:40]:40} {n:>6,} {f1:>6.2f} {base:>12.2f}" for label, n, f1, base in rows]
    return lines + [f"  {p}" for p in after]


#: fewer known organisations than this (but some) make a check that says little of how organisations are placed
FEW_ORGANISATIONS = 20


def few_organisations(figures: Mapping[str, Any]) -> bool:
    """A check of individuals' sectors and a handful of organisations' (a form that declared only individuals,
    and an analyst's corrections): it says little of the organisations the step placed."""
    return 0 < int(figures.get("organisations", 0) or 0) < FEW_ORGANISATIONS


def check_sentence(figures: Mapping[str, Any]) -> str:
    """One sentence for a published method note ("" when no check was run, or one that says little of how
    organisations are placed: :func:`few_organisations`)."""
    n = int(figures.get("respondents", 0) or 0)
    if not n or few_organisations(figures):
        return ""
    when = str(figures.get("at", ""))[:10]
    return (f"Sectors not declared were checked{' on ' + when if when else ''}: with the known sectors of {n:,} "
            f"respondents hidden a share at a time ({figures['folds']} rounds), the sector step placed "
            f"{figures['accuracy']:.0%} of them right (macro-F1 {figures['macro_f1']:.2f}; a plain baseline "
            f"{figures['baseline_macro_f1']:.2f}). Respondents it was unsure of were left to analysts, and those "
            "it placed at less than even odds were listed for their review. These figures hold for respondents "
            "like those whose sector is known; those who declared nothing often wrote less and may be harder "
            "to place.")
