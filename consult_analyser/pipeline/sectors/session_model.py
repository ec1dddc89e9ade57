"""A sector session's model: the consultation's own linear classifier (or the seed model), its training
rows and how far its probabilities are trusted (part of
:class:`~consult_analyser.pipeline.sectors.model.SectorSession`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
from sklearn.base import clone

from consult_analyser.pipeline.sectors.session_state import SessionState
from consult_analyser.pipeline.sectors.thresholds import UNCALIBRATED_PRIOR_LABELS, _says_who

#: a guess from a short name alone counts this many labels of short names' worth of "don't know" (see _thin_shrunk)
THIN_NAME_PRIOR_LABELS = 10


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

    def _learnable(self, labels: Mapping[int, str]) -> dict[int, str]:
        """The labels the model learns from: all of them, less those of a sector known from one label only when the
        rest make a model that can weigh its guesses (ten labels or more, of two sectors or more, each known twice).
        A sector known once cannot be calibrated: a trial's one label each for "Trade union" and "Local or regional
        government" had stopped the model filing any of 433 unplaced respondents. Such a sector waits
        (:attr:`waiting_`) for a second label; its analyst-set respondent, and their organisation's other
        respondents, stay in it meanwhile."""
        # a label on a respondent with nothing to read (no name, no text, nothing declared) teaches the model only
        # that an empty row is of its sector, which it would then read into every respondent who wrote little
        labels = {i: key for i, key in labels.items() if not self._nothing(i)}
        counts = Counter(labels.values())
        once = {key for key, n in counts.items() if n < 2}
        rest = {i: key for i, key in labels.items() if key not in once}
        if not once or len(set(rest.values())) < 2 or len(rest) < 10:
            self.waiting_ = []
            return labels
        self.waiting_ = sorted(once, key=self.taxonomy.keys.index)
        return rest

    def waiting_note(self) -> str:
        """What the run says of the sectors the model leaves out until they have a second label ("" if none)."""
        if not self.waiting_:
            return ""
        named = ", ".join(repr(self.taxonomy.label(key)) for key in self.waiting_)
        if len(self.waiting_) == 1:
            return (f"{named} is known from one label only: the model proposes it once one more respondent of it is "
                    "set (the one set stays there, as do their organisation's other responses)")
        return (f"{named} are known from one label each: the model proposes them once one more respondent of each is "
                "set (those set stay there, as do their organisations' other responses)")

    def _model_distribution(self, labels: Mapping[int, str], quick: bool = False) -> tuple[np.ndarray | None, str]:
        keys = self.taxonomy.keys
        self.seed_share_ = 0.0  # how much of the distribution is still the seed's (see below)
        labels = self._learnable(labels)
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
            out = self._thin_shrunk(out, rows)
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

    def _nothing(self, i: int) -> bool:
        """Nothing to go on: no name, organisation, e-mail address, declared type or side, no text, no other column."""
        f = self.features[i]
        return not _says_who(f) and not (f.text or "").strip() and not f.extra

    def _thin(self, i: int) -> bool:
        """Whether all there is to read of respondent ``i``'s kind is a short name: one or two words ("Aclu",
        "Earthjustice", "Cathy Giessel") that no rule knows, and no organisation's e-mail domain. A model reads
        such a name by its shape more than its words, and a shape stands for whatever kind of body the labels
        that taught it happened to be (a trial's corrections of "Exxon", "Aramark", "Webbank" to Business filed
        the ACLU, the NAACP and AARP there at 91-96%)."""
        found = self.thin_rows_.get(i)
        if found is None:  # (a respondent's features do not change: read once, however often the model is refitted)
            f = self.features[i]
            found = self.thin_rows_[i] = (not self.hits[i]
                                          and not (f.email_domain.strip() and not self.rules.is_free_mail(f.email_domain))
                                          and 0 < len(self.rules.name_text(f).split()) <= 2)
        return found

    def _thin_shrunk(self, out: np.ndarray, rows: list[int]) -> np.ndarray:
        """``out`` with each thin respondent's (:meth:`_thin`) probabilities drawn towards an even share among the
        sectors, in proportion to how few thin respondents an analyst chose for the model to learn from (``rows``).
        The model's calibration is read from its labels; declared types are a fair sample of those who answered, and
        it holds for them (trial 43's declared consultation: right 96% of the time at 90% or more). An analyst's
        corrections are not: they are what the rules got wrong and what caught the eye (five short names corrected to
        Business made every short name a business), so a guess from a short name is as sure as the short names the
        analyst set, counted as :data:`THIN_NAME_PRIOR_LABELS` labels of "don't know" less the share declared."""
        thin = [i for i in self.active if self._thin(i)]
        if not thin:
            return out
        learnt = [i for i in rows if self._thin(i)]
        chosen = {self.index[rid] for rid in self.analyst_labels}
        share = sum(1 for i in learnt if i in chosen) / len(learnt) if learnt else 1.0
        if share == 0:
            return out
        weight = len(learnt) / (len(learnt) + THIN_NAME_PRIOR_LABELS * share)
        out[thin] = weight * out[thin] + (1 - weight) * out[thin].sum(axis=1, keepdims=True) / out.shape[1]
        return out

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
        """Zero the individual sectors for declared organisations (and renormalise); a sector of either side stays,
        and so does an individuals' one an analyst confirmed knowing its respondents fill the organisation box in
        (:meth:`~.session_labels.SessionLabels.a_person_despite_the_box`)."""
        if self.features[i].is_organisation is not True:
            return row
        mask = np.array([self.taxonomy.is_organisation(k) is not False or self.a_person_despite_the_box(i, k)
                         for k in self.taxonomy.keys])
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
