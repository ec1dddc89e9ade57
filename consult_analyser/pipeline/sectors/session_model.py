"""A sector session's model: the consultation's own linear classifier (or the seed model), its training
rows and how far its probabilities are trusted (part of
:class:`~consult_analyser.pipeline.sectors.model.SectorSession`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
from sklearn.base import clone

from consult_analyser.pipeline.sectors.session_state import SessionState
from consult_analyser.pipeline.sectors.thresholds import UNCALIBRATED_PRIOR_LABELS


class SessionModel(SessionState):
    """Training and prediction of a :class:`~consult_analyser.pipeline.sectors.model.SectorSession`."""

    # ------------------------------------------------------------------------------ model
    def _seed_distribution(self) -> np.ndarray | None:
        if self.seed is None or self.seed_proba.shape[1] == 0:
            return None
        keys = self.taxonomy.keys
        out = np.zeros((len(self.features), len(keys)))
        for j, default_key in enumerate(self.seed.classes_):
            mapped = self.taxonomy.map_default_key(default_key)
            if mapped in keys:
                out[self.active, keys.index(mapped)] += self.seed_proba[:, j]
        total = out.sum(axis=1, keepdims=True)
        if not np.any(total > 0):
            return None
        return np.divide(out, total, out=np.zeros_like(out), where=total > 0)

    def _few_labels(self, labels: Mapping[int, str]) -> str:
        """Why a model's guess decides nothing: too few labels, or a sector known from one label only
        (a trial's "learnt from 640 label(s), too few to decide" named neither)."""
        if len(labels) < 10:
            return f"the model has learnt from {len(labels)} label(s), too few to decide (fewer than ten)"
        once = sorted(self.taxonomy.label(k) for k, n in Counter(labels.values()).items() if n < 2)
        if not once:
            return f"the model's confidence could not be calibrated on its {len(labels)} labels"
        named = ", ".join(repr(label) for label in once[:3]) + (f" and {len(once) - 3} more" if len(once) > 3 else "")
        return (f"the model cannot weigh its guesses: {named} {'is' if len(once) == 1 else 'are'} known from one "
                "label only (set another respondent's sector, or merge it into a broader sector)")

    def _model_distribution(self, labels: Mapping[int, str], quick: bool = False) -> tuple[np.ndarray | None, str]:
        keys = self.taxonomy.keys
        self.seed_share_ = 0.0  # how much of the distribution is still the seed's (see below)
        distinct = set(labels.values())
        if len(distinct) >= 2:
            rows = self._training_rows(labels)
            previous = self.model_
            temperature = None
            if quick and previous is not None and previous.calibrated_ and set(previous.classes_) == distinct:
                temperature = previous.temperature_
            clf = clone(self.classifier)
            clf.fit_matrix(self.X[[self.position[i] for i in rows]], [labels[i] for i in rows], featurizer=self.featurizer,
                           temperature=temperature)
            self.model_ = clf
            proba = clf.predict_proba_matrix(self.X)
            out = np.zeros((len(self.features), len(keys)))
            weight = 1.0
            if not clf.calibrated_:
                # fewer than ten labels: a linear model's scores on two corrections read as certainty
                # (20 respondents filed as a trade union at 1.0 after two); shrink toward "don't know",
                # every sector of the taxonomy alike, in proportion to what it learnt from, so that most
                # stay for review until more are labelled
                weight = len(rows) / (len(rows) + UNCALIBRATED_PRIOR_LABELS)
                out[self.active, :] = (1 - weight) / max(1, len(keys))
            for j, cls in enumerate(clf.classes_):
                out[self.active, keys.index(str(cls))] += weight * proba[:, j]
            detail = clf.detail + ("" if clf.calibrated_ else " (uncalibrated: few labels)")
            # organisations known from few labels here (a form that declares only individuals, and an analyst's
            # first corrections): the seed goes on placing organisations, handing over as labels come (a trial's
            # first correction unplaced 15 organisations the seed had right)
            organisations = sum(1 for key in labels.values() if self.taxonomy.is_organisation(key))
            seed = self._seed_distribution() if organisations < self.min_labels_to_overrule else None
            if seed is not None and self.seed is not None and self.seed_check.applies:
                share = organisations / self.min_labels_to_overrule
                out = share * out + (1 - share) * seed
                self.seed_share_ = 1 - share
                detail += f" with {self.seed.detail} for organisations ({organisations} labelled here)"
            return out, detail
        self.model_ = None
        seed = self._seed_distribution()
        if seed is not None and self.seed is not None and self.seed_check.applies:
            return seed, self.seed.detail
        return None, ""

    def _training_rows(self, labels: Mapping[int, str]) -> list[int]:
        """Rows to train on: every analyst label, and at most ``max_train_per_class`` declared ones
        per sector (a fixed random subset), which keeps training time flat at 100,000 respondents."""
        by_key: dict[str, list[int]] = {}
        for i in sorted(labels):
            if i in self.position:
                by_key.setdefault(labels[i], []).append(i)
        analyst = {self.index[rid] for rid in self.analyst_labels}
        rng = np.random.default_rng(0)
        rows: list[int] = []
        for _key, members in sorted(by_key.items()):
            if len(members) > self.max_train_per_class:
                keep = set(rng.choice(len(members), self.max_train_per_class, replace=False).tolist())
                members = [m for j, m in enumerate(members) if j in keep or m in analyst]
            rows.extend(members)
        return sorted(rows)

    def _constrain(self, i: int, row: np.ndarray) -> np.ndarray:
        """Zero the individual sectors for declared organisations (and renormalise); a sector of either side stays."""
        if self.features[i].is_organisation is not True:
            return row
        mask = np.array([self.taxonomy.is_organisation(k) is not False for k in self.taxonomy.keys])
        kept = np.where(mask, row, 0.0)
        return kept / kept.sum() if kept.sum() > 0 else row

    def _model_overrules(self, row: np.ndarray | None, ruled: tuple[str, float, str],
                         labels_by_side: Mapping[bool | None, int]) -> bool:
        """True when this consultation's own model names another sector more surely than the rule.

        Only a calibrated model trained here on at least ``min_labels_to_overrule`` labelled
        respondents on the rule's side (organisations for an organisation's sector) may: it has seen
        the rule's hits as features and learned how far this consultation's labels follow them (US
        "credit unions" are non-profits, UK ones businesses). 1,460 declared individuals and one
        business set by an analyst teach nothing about councils, churches or unions: a trial's one
        correction unclassified 30 organisations the rules had placed. The seed model never
        overrules a rule.
        """
        if row is None or self.model_ is None or not self.model_.calibrated_ or row.sum() <= 0:
            return False
        if labels_by_side.get(self.taxonomy.is_organisation(ruled[0]), 0) < self.min_labels_to_overrule:
            return False
        j = int(row.argmax())
        return self.taxonomy.keys[j] != ruled[0] and float(row[j]) > ruled[1]

    def _shrunk(self, row: np.ndarray, j: int, labelled: int) -> float:
        """The probability of organisations' sector ``j`` from a model that knows organisations from ``labelled``
        labels, drawn towards an even share among organisations' sectors in proportion to how few they are
        (what it has not seen it cannot rule out)."""
        side = [k for k, key in enumerate(self.taxonomy.keys) if self.taxonomy.is_organisation(key) is not False]
        weight = labelled / (labelled + UNCALIBRATED_PRIOR_LABELS)
        return weight * float(row[j]) + (1 - weight) * float(row[side].sum()) / max(1, len(side))
