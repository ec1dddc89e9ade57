"""Respondent sector classification: analyst > declared > rules > model.

Every respondent gets a sector with its source and confidence:

1. ``analyst``  a sector set by a person (confidence 1);
2. ``declared`` the respondent's own answer, normalised onto the taxonomy
   ("Other (please specify): our parish church" -> faith); an "individual" answer to the
   individual/organisation question gives the taxonomy's individual sector;
3. ``rules``    organisation-name and e-mail-domain rules (``models/sectors/rules.toml``),
   translated into the consultation's taxonomy and checked against its declared labels; a
   model trained on 50 or more of the consultation's own labels that names another sector
   with more confidence than the rule decides instead;
4. ``model``    a calibrated linear classifier trained on the consultation's own declared and
   analyst labels (names, domains, answer text, questions answered, rule hits, seed model
   probabilities), or the shipped seed model when fewer than two sectors are labelled.

:class:`SectorSession` keeps the feature matrix, so an analyst's correction only refits the
linear model (well under two seconds for a few thousand respondents). :func:`classify` is the
one-shot form. :func:`~consult_analyser.pipeline.sectors.result.review_queue` orders respondents for review, most
uncertain first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

from consult_analyser.pipeline.sectors.classifier import SectorClassifier
from consult_analyser.pipeline.sectors.declared import (
    complete_declared,
    declared_sector,
    normalise_declared,
    split_other_specify,
    taxonomy_from_labels,
)
from consult_analyser.pipeline.sectors.features import SectorFeaturizer
from consult_analyser.pipeline.sectors.local_seed import LocalSeed
from consult_analyser.pipeline.sectors.locale import SeedCheck, seed_applies
from consult_analyser.pipeline.sectors.result import SectorResult, review_queue
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, RuleHit, SectorRules
from consult_analyser.pipeline.sectors.seed import SeedModel, load_seed_model
from consult_analyser.pipeline.sectors.session_model import SessionModel
from consult_analyser.pipeline.sectors.session_rules import SessionRules
from consult_analyser.pipeline.sectors.sides import name_side_detail, settle_sides
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy, default_taxonomy
from consult_analyser.pipeline.sectors.thresholds import (
    CHECK_BELOW,
    CHECK_CLOSE,
    FEW_ORGANISATION_LABELS,
    KNOWN_SHARE,
    NOTHING_SAYS_WHO,
    ORGANISATION_ADDRESS,
    TYPES_LIST_HINT,
    _other,
    _says_who,
)
from consult_analyser.progress import ProgressFn, null_progress

__all__ = [
    "RespondentFeatures", "SectorRules", "Taxonomy", "default_taxonomy", "taxonomy_from_labels",
    "normalise_declared", "SectorClassifier", "SectorResult", "SectorSession", "classify", "review_queue",
    "settle_sides",
]


class SectorSession(SessionModel, SessionRules):
    """Sector classification of one consultation's respondents, kept warm for corrections.

    The featurizer is fitted once on all respondents (no labels involved); :meth:`run` and
    :meth:`correct` then only rebuild the training labels, recheck the rules and refit the
    linear model.
    """

    def __init__(self, features: Iterable[RespondentFeatures], taxonomy: Taxonomy | None = None, *,
                 rules: SectorRules | None = None, seed: SeedModel | None | str = "default",
                 classifier: SectorClassifier | None = None, min_rule_confidence: float = 0.6,
                 rule_prior_weight: float = 4.0, max_train_per_class: int = 1000, full_matrix_limit: int = 20000,
                 seed_check: SeedCheck | None = None, local_seed: LocalSeed | None = None,
                 min_model_confidence: float = 0.3, min_labels_to_overrule: int = 50,
                 progress: ProgressFn | None = None):
        progress = progress or null_progress
        self.features = list(features)
        self.index = {f.respondent_id: i for i, f in enumerate(self.features)}
        if len(self.index) != len(self.features):
            raise ValueError("respondent ids must be unique")
        # every distinct declared value is mapped (or made a sector of its own): none is lost
        self.taxonomy = complete_declared(taxonomy or default_taxonomy(), {f.declared_type for f in self.features})
        self.rules = rules or SectorRules.default()
        # a label whose words say neither side: as the respondents who chose it answered (or named themselves)
        self.taxonomy = settle_sides(self.taxonomy, self.features, self.rules)
        self._label_sectors: dict[str, set[str]] = {}  # see _label_says
        self.seed_check = seed_check or seed_applies(self.features, self.taxonomy)
        if isinstance(seed, str):
            # the seed's word statistics are features wherever there are labels to learn their
            # worth from; they decide sectors alone only in a consultation they fit (see below)
            seed = load_seed_model()
        self.seed = seed
        self.max_train_per_class = max_train_per_class
        self.local_seed = local_seed
        # below this the model's guess is not a sector: the respondent is left unclassified for review
        self.min_model_confidence = min_model_confidence
        self.min_labels_to_overrule = min_labels_to_overrule
        self.model_: SectorClassifier | None = None
        self.classifier = classifier or SectorClassifier()
        self.min_rule_confidence = min_rule_confidence
        self.rule_prior_weight = rule_prior_weight
        self.analyst_labels: dict[str, str] = {}
        progress(0.0, "Reading declared respondent types")
        mapped = {v: declared_sector(v, self.taxonomy) for v in {f.declared_type for f in self.features}}
        self.declared = [mapped[f.declared_type] for f in self.features]
        # Rows the model describes: all of them in a consultation of up to ``full_matrix_limit``
        # respondents; in a larger one, those with nothing declared plus a fixed random sample of
        # at most ``max_train_per_class`` declared respondents per sector (the rest keep their
        # declared sector, so their features would only cost time and memory). Rows join on demand
        # when an analyst labels them.
        self.active = self._active_rows(full_matrix_limit)
        self.position = {i: p for p, i in enumerate(self.active)}
        base = self.classifier.featurizer
        self.featurizer = clone(base) if base is not None else SectorFeaturizer()
        self.featurizer.set_params(rules=self.rules, seed=self.seed)
        rows = [self.features[i] for i in self.active]
        names = self.featurizer.name_vectors_later(rows) if rows else None  # on another core meanwhile
        progress(0.1, "Applying sector rules")
        active = set(self.active)
        self.hits: list[list[RuleHit]] = [self.rules.hits(f) if i in active else self.rules.organisation_hits(f)
                                          for i, f in enumerate(self.features)]
        progress(0.3, "Building sector features")
        self.seed_proba = self.featurizer.seed_proba(rows)
        self.X = (self.featurizer.fit_transform(rows, seed_proba=self.seed_proba, name_vectors=names) if rows
                  else sp.csr_matrix((0, 0)))
        self.probabilities_: np.ndarray = np.zeros((len(self.features), len(self.taxonomy.keys)))
        self.model_detail_ = ""
        self.seed_share_ = 0.0
        self.waiting_: list[str] = []
        self.thin_rows_: dict[int, bool] = {}
        self.rule_table_: dict[tuple[str, str], tuple[str | None, float, int]] = {}
        progress(1.0, "Sector features ready")

    def _active_rows(self, limit: int) -> list[int]:
        if len(self.features) <= limit:
            return list(range(len(self.features)))
        by_key: dict[str, list[int]] = {}
        rows: list[int] = []
        for i in range(len(self.features)):
            key = self.declared_label(i)[0]
            if key is None:
                rows.append(i)
            else:
                by_key.setdefault(key, []).append(i)
        rng = np.random.default_rng(0)
        for _key, members in sorted(by_key.items()):
            if len(members) > self.max_train_per_class:
                picked = rng.choice(len(members), self.max_train_per_class, replace=False)
                members = [members[j] for j in sorted(picked.tolist())]
            rows.extend(members)
        return sorted(rows)

    def _activate(self, i: int) -> None:
        """Add respondent ``i`` to the model's rows (an analyst labelled someone outside them)."""
        if i in self.position or not hasattr(self.featurizer, "rule_vocabulary_"):
            return
        f = self.features[i]
        self.hits[i] = self.rules.hits(f)
        self.thin_rows_.pop(i, None)
        seed_row = self.featurizer.seed_proba([f])
        self.seed_proba = np.vstack([self.seed_proba, seed_row]) if self.seed_proba.size else seed_row
        self.X = sp.vstack([self.X, self.featurizer.transform([f], seed_proba=seed_row)], format="csr")
        self.position[i] = len(self.active)
        self.active.append(i)

    # ------------------------------------------------------------------------------ running
    def run(self, analyst_labels: Mapping[str, str] | None = None, quick: bool = False) -> list[SectorResult]:
        """Assign every respondent a sector. ``analyst_labels`` (id -> key) replaces earlier ones.

        ``quick`` keeps the previous run's probability calibration (used after a correction).
        """
        if analyst_labels is not None:
            self.set_analyst_labels(analyst_labels)
        if not self.features:
            self.results_ = []
            return []
        labels = self.training_labels()
        by_side = Counter(self.taxonomy.is_organisation(key) for key in labels.values())  # see _model_overrules
        organisation_labels = by_side[True] + by_side[None]
        self.rule_table_ = self._rule_table(labels)
        dist, detail = self._model_distribution(labels, quick=quick)
        # ... and how many organisations' sectors the labels span, of those there are: a re-tested trial's 32
        # corrections, 30 of them to "Business", filed every other organisation there at 98-100%. A sector known
        # from one label counts (the labels span it) though the model proposes it only from two (waiting_)
        per_sector = Counter(key for key in labels.values() if self.taxonomy.is_organisation(key) is not False)
        org_sectors = [s.key for s in self.taxonomy.sectors if s.is_organisation is not False and not _other(s.label)]
        known_sectors = sum(1 for key in org_sectors if per_sector[key] >= 2 or key in self.waiting_)
        self.model_detail_ = detail
        keys = self.taxonomy.keys
        results: list[SectorResult] = []
        probs = np.zeros((len(self.features), len(keys)))
        for i, f in enumerate(self.features):
            # a scanned letter with no text, a blank row: nothing for any model to read, and no probability is shown
            # (a trial's review card read "Individual 99%" of a respondent with no name and nothing written)
            nothing = self._nothing(i)
            row = self._constrain(i, dist[i]) if dist is not None and not nothing else None
            if row is not None:
                probs[i] = row
            proba = ({k: round(float(p), 4) for k, p in zip(keys, row, strict=False)}
                     if row is not None and row.sum() > 0 else {})
            rid = f.respondent_id
            if rid in self.analyst_labels:
                results.append(SectorResult(rid, self.analyst_labels[rid], "analyst", 1.0, "analyst", proba))
                continue
            key, confidence, text = self.declared_label(i)
            if key is not None:
                conflict = self.declared_conflict(i, key)
                if not conflict and self.declared[i][2].startswith("names no sector"):
                    conflict = f"declared {f.declared_type!r} names no sector of the taxonomy"
                other, said = split_other_specify(f.declared_type)
                if not conflict and other and said.strip() and key == self.taxonomy.plain_individual_key:
                    # they passed over the form's own option for people and chose "Other": their words put them back
                    # in it, for a person to confirm (a trial's "Retired farmer", "Farm manager", "Kaitiaki")
                    conflict = (f"chose 'Other' and wrote {said.strip()!r}, filed under "
                                f"{self.taxonomy.label(key)!r} by those words: check")
                results.append(SectorResult(rid, key, "declared", confidence,
                                            f"declared:{text}{name_side_detail(self.rules, f, self.taxonomy, key)}",
                                            proba, review=conflict))
                continue
            box = self.rules.box_says_a_person(f) if f.is_organisation is True else ""
            individual = self.taxonomy.individual_key
            if box and individual is not None:  # ticked "organisation", then wrote "Myself" as its name
                # (their own name, as given apart, is no doubt; a role or "Myself" under a ticked box is checked)
                own = self.rules.box_is_own_name(f)
                results.append(SectorResult(rid, individual, "rules", 0.9 if own else 0.7,
                                            "rule:organisation_box_names_a_person", proba,
                                            review="" if own else f"filed as an individual: the organisation box says {box!r}"))
                continue
            ruled = self._rule_result(i)
            if ruled is not None and not self._model_overrules(row, ruled, by_side):
                results.append(SectorResult(rid, ruled[0], "rules", ruled[1], ruled[2], proba))
                continue
            if nothing:
                why = NOTHING_SAYS_WHO + ", and nothing written: nothing to go on"
                results.append(SectorResult(rid, "", "model", 0.0, why, proba, review="unclassified: " + why))
            elif row is not None and row.sum() > 0:
                j = int(row.argmax())
                confidence = round(float(row[j]), 4)
                few = self.model_ is not None and not self.model_.calibrated_ and self.seed_share_ < 0.5
                # organisations' sectors learnt from a handful of labels and no seed: a trial's 8 corrections to
                # "Business" filed 110 organisations there at 60-100%, most wrongly ("Food Secure Canada" at 97%)
                few_organisations = (not few and self.model_ is not None and self.seed_share_ == 0.0
                                     and self.taxonomy.is_organisation(keys[j]) is not False
                                     and (organisation_labels < FEW_ORGANISATION_LABELS
                                          or (known_sectors < KNOWN_SHARE * len(org_sectors)
                                              and organisation_labels < self.min_labels_to_overrule)))
                if few_organisations:
                    confidence = round(self._shrunk(row, j, organisation_labels), 4)
                if confidence < self.min_model_confidence or few or few_organisations:
                    why = f"model unsure: best guess {self.taxonomy.label(keys[j])!r} at {confidence:.0%}"
                    if few:  # a model of a handful of labels proposes; it files nobody (one correction filed 63)
                        why = (f"{self._few_labels(labels)}: it proposes {self.taxonomy.label(keys[j])!r} "
                               f"({confidence:.0%}); confirm or correct")
                    elif few_organisations:
                        why = (f"the model knows organisations' sectors from {organisation_labels} label(s) here, of "
                               f"{known_sectors} of the {len(org_sectors)} organisations' sectors, too few to decide (it "
                               f"needs {FEW_ORGANISATION_LABELS} labels of half the sectors, or {self.min_labels_to_overrule}): it proposes "
                               f"{self.taxonomy.label(keys[j])!r} ({confidence:.0%}); confirm or correct")
                    if f.is_organisation is True and not self.rules.organisation_text(f):
                        why = "answers for an organisation but names none; " + why
                    elif not labels and not _says_who(f):
                        why = NOTHING_SAYS_WHO
                    results.append(SectorResult(rid, "", "model", confidence, f"{detail}; {why}", proba,
                                                review="unclassified: " + why))
                else:  # decided; a choice below even odds is checked first ("Thameside Energy Ltd" as a water company)
                    odds = "less likely than not" if confidence < CHECK_BELOW else "little more likely than not"
                    review = (f"the model's choice, {self.taxonomy.label(keys[j])!r} at {confidence:.0%}, is {odds}: "
                              "check" if confidence < CHECK_CLOSE else "")
                    if not review and self.taxonomy.is_organisation(keys[j]) is False \
                            and (address := self.rules.organisation_address_only(f)):
                        # weak evidence they answered for a body: not silently an individual
                        review = (f"filed as {self.taxonomy.label(keys[j])!r}, but {ORGANISATION_ADDRESS} ({address}) "
                                  "and names no organisation: check whether they answered for it")
                    results.append(SectorResult(rid, keys[j], "model", confidence, detail, proba, review=review))
            else:
                why = "no declared types to learn from, no rule matched"
                if not self.seed_check.applies:
                    why += f", and the UK seed model does not apply ({self.seed_check.reason})"
                why += f"; {TYPES_LIST_HINT}"
                results.append(SectorResult(rid, "", "model", 0.0, why, proba, review="unclassified: " + why))
        self.probabilities_ = probs
        self.results_ = results
        return results

    def correct(self, respondent_id: str, sector: str | None) -> list[SectorResult]:
        """Set (or with ``None`` clear) an analyst's sector for one respondent and retrain.

        The calibration of the previous run is kept, so only the linear model is refitted.
        """
        if respondent_id not in self.index:
            raise KeyError(respondent_id)
        if sector is None:
            self.analyst_labels.pop(respondent_id, None)
        else:
            self.analyst_labels[respondent_id] = self._check_key(sector)
            self._activate(self.index[respondent_id])
        return self.run(quick=True)

    def review_queue(self, limit: int | None = None, method: str = "margin") -> list[str]:
        """Respondent ids to review, most uncertain first (analyst-set excluded)."""
        return review_queue(self.results_, None, method=method, limit=limit)


def classify(features: Iterable[RespondentFeatures], taxonomy: Taxonomy | None = None,
             analyst_labels: Mapping[str, str] | None = None, *, rules: SectorRules | None = None,
             seed: SeedModel | None | str = "default", classifier: SectorClassifier | None = None,
             min_rule_confidence: float = 0.6, progress: ProgressFn | None = None) -> list[SectorResult]:
    """One-shot classification (see :class:`SectorSession` to keep the model warm)."""
    session = SectorSession(features, taxonomy, rules=rules, seed=seed, classifier=classifier,
                            min_rule_confidence=min_rule_confidence, progress=progress)
    return session.run(analyst_labels or {})
