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

import re
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
from consult_analyser.pipeline.sectors.local_seed import LOCAL_SEED_CONFIDENCE, LocalSeed
from consult_analyser.pipeline.sectors.locale import SeedCheck, seed_applies
from consult_analyser.pipeline.sectors.orgnames import organisation_key
from consult_analyser.pipeline.sectors.result import SectorResult, review_queue
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, RuleHit, SectorRules, match_text_offsets
from consult_analyser.pipeline.sectors.seed import SeedModel, load_seed_model
from consult_analyser.pipeline.sectors.sides import name_side_detail, settle_sides
from consult_analyser.pipeline.sectors.taxonomy import GENERAL_DEFAULT, UK_DEFAULT, Taxonomy, default_taxonomy
from consult_analyser.progress import ProgressFn, null_progress

__all__ = [
    "RespondentFeatures", "SectorRules", "Taxonomy", "default_taxonomy", "taxonomy_from_labels",
    "normalise_declared", "SectorClassifier", "SectorResult", "SectorSession", "classify", "review_queue",
    "settle_sides",
]


#: rules that read how a body is constituted ("Ltd", "Inc", "Credit Union", "e.V."), which no declared
#: kind of organisation contradicts: a charity or an energy supplier may be a limited company
FORM_RULES = frozenset({"legal_form_company", "legal_form_association", "business", "incorporated"})


class SectorSession:
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
        seed_row = self.featurizer.seed_proba([f])
        self.seed_proba = np.vstack([self.seed_proba, seed_row]) if self.seed_proba.size else seed_row
        self.X = sp.vstack([self.X, self.featurizer.transform([f], seed_proba=seed_row)], format="csr")
        self.position[i] = len(self.active)
        self.active.append(i)

    # ------------------------------------------------------------------------------ labels
    def _check_key(self, sector: str) -> str:
        if sector in self.taxonomy.keys:
            return sector
        key, confidence = normalise_declared(sector, self.taxonomy)
        if key is None or confidence < 0.9:
            raise ValueError(f"{sector!r} is not a sector of this taxonomy ({', '.join(self.taxonomy.keys)})")
        return key

    def set_analyst_labels(self, labels: Mapping[str, str]) -> None:
        """Replace the analyst labels (unknown respondent ids are ignored; unknown sectors raise)."""
        self.analyst_labels = {rid: self._check_key(s) for rid, s in labels.items() if rid in self.index}
        for rid in self.analyst_labels:
            self._activate(self.index[rid])
        self.__dict__.pop("_set_here_", None)

    def _set_here(self) -> dict[str, str]:
        """Organisation (as the Organisations sheet merges spellings) -> the sector an analyst set for it in this
        consultation, where every such correction agrees: a re-tested trial's Danone, Kraft Heinz and McCain stayed
        "Not classified" in their other responses after an analyst set one of each to Business."""
        cached = self.__dict__.get("_set_here_")
        if cached is None:
            found: dict[str, set[str]] = {}
            for rid, key in self.analyst_labels.items():
                org = self.rules.organisation_text(self.features[self.index[rid]])
                if org:
                    found.setdefault(organisation_key(org), set()).add(key)
            cached = self.__dict__["_set_here_"] = {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k}
        return cached

    def declared_label(self, i: int) -> tuple[str | None, float, str]:
        """The declared sector of respondent ``i`` with confidence and the text it came from.

        Every declared value gives a sector (see :func:`complete_declared`). The answer to
        "individual or organisation?" comes first only when it is all that was declared, or
        when the declared type names an organisation category while the respondent says they
        answer as an individual (then the individual side, at 0.8). A declared type on the
        individual side from someone answering for an organisation is kept, at lower
        confidence, and sent for review.
        """
        f = self.features[i]
        key, confidence, _why = self.declared[i]
        individual = self.taxonomy.individual_key
        side = self.taxonomy.is_organisation(key) if key is not None else None
        if key is not None and side is None:  # a type of either side ("Farmer or grower"): each keeps theirs
            # (ticked "organisation" and wrote "Myself" as its name: checked, as an individual's type would be)
            person = f.is_organisation is True and bool(self.rules.box_says_a_person(f))
            return key, round(min(confidence, 0.6), 3) if person else confidence, f.declared_type
        if f.is_organisation is False and individual is not None and side is not False:
            named_org = key is not None and bool(side) and not _other(self.taxonomy.label(key))
            if named_org and self.taxonomy.plain_individual_key is None:  # no "Individual" to file them under:
                return key, round(min(confidence, 0.6), 3), f.declared_type  # their type stays, for review
            return individual, 0.8 if named_org else 1.0, "individual" + (f"; {f.declared_type}" if f.declared_type else "")
        if key is None:
            return None, 0.0, ""
        if f.is_organisation is True and side is False:
            return key, round(min(confidence, 0.6), 3), f.declared_type
        return key, confidence, f.declared_type

    def declared_conflict(self, i: int, key: str) -> str:
        """Why a declared sector disagrees with the respondent's name or e-mail domain ("" if it does not).

        A strong name or domain rule ("Humberside Police", "@humberside.police.uk") naming another
        sector of this taxonomy than the declared one is a conflict; so is an organisation
        answer with an individual type. Conflicts go to the front of the review queue.

        The rule is read as this consultation's declared labels checked it (:meth:`_rule_table`):
        where the respondents whose names say "association", "e.V." or "Stichting" declared
        consumer, business and environmental organisations, such a name is no evidence against
        any of them, and is not called a conflict.
        """
        f = self.features[i]
        if f.is_organisation is True and self.taxonomy.is_organisation(key) is False:
            return "declared an individual type while answering for an organisation"
        if f.is_organisation is True and self.taxonomy.is_organisation(key) is None \
                and (box := self.rules.box_says_a_person(f)):
            return f"ticked 'organisation' but the organisation box says {box!r}"
        chosen = self.declared[i][0]
        if f.is_organisation is False and chosen is not None and self.taxonomy.is_organisation(chosen) \
                and not _other(self.taxonomy.label(chosen)):
            return (f"declared {self.taxonomy.label(chosen)!r}, an organisations' type, while answering as an individual "
                    f"(`sectors --side` confirms the type's side)")
        if any(hit.via == "name" and self.taxonomy.map_default_key(hit.sector) == key for hit in self.hits[i]):
            return ""  # the name itself supports the declared type ("... College" with an ac.uk address)
        for hit in self.hits[i]:
            if hit.via == "letter" or hit.confidence < 0.8 or hit.sector == "individual":
                continue
            other = self.taxonomy.map_default_key(hit.sector)
            if other is None or other == key or other == self.taxonomy.fallback_key:
                continue
            if hit.sector in self._label_says(key):
                continue  # declared "Town and community council": its name's "Town Council" says the same
            if key == self.taxonomy.fallback_key:
                continue
            if hit.rule in FORM_RULES and self.taxonomy.is_organisation(key) is not False:
                continue  # "Ltd", "Credit Union", "e.V." say how a body is constituted, not what it does
            checked_key, _checked, _n = self.rule_table_.get((hit.rule, hit.pattern), (other, 1.0, 0))
            if checked_key != other:
                continue
            where = "e-mail domain" if hit.via == "domain" else "name"
            said = hit.pattern if hit.via == "domain" else self._matched_words(f, hit.pattern)
            return f"declared {self.taxonomy.label(key)!r} but the {where} says {self.taxonomy.label(other)!r} ({said!r})"
        return ""

    def _label_says(self, key: str) -> set[str]:
        """The default sectors the rules read in a declared type's own label ("Town and community
        council": local government), which a name saying the same does not contradict."""
        if key not in self._label_sectors:
            self._label_sectors[key] = {h.sector for h in self.rules.organisation_hits(
                RespondentFeatures(respondent_id="", organisation=self.taxonomy.label(key)))}
        return self._label_sectors[key]

    def _matched_words(self, f: RespondentFeatures, pattern: str) -> str:
        """The words of the respondent's name a rule's pattern matched ("Retailers"), as written."""
        name = self.rules.name_text(f)
        matched, source = match_text_offsets(name)
        found = re.search(pattern, matched)
        if found is None or found.end() <= found.start():
            return pattern
        return name[source[found.start()]:source[found.end() - 1] + 1]

    def training_labels(self) -> dict[int, str]:
        """Row -> sector for every respondent with an analyst or declared sector."""
        out: dict[int, str] = {}
        for i in range(len(self.features)):
            key = self.declared_label(i)[0]
            if key is not None:
                out[i] = key
        for rid, key in self.analyst_labels.items():
            out[self.index[rid]] = key
        return out

    # ------------------------------------------------------------------------------ rules
    def _rule_table(self, labels: Mapping[int, str]) -> dict[tuple[str, str], tuple[str | None, float, int]]:
        """(rule, pattern) -> (sector in this taxonomy, checked confidence, labelled support).

        Two-level shrinkage: a rule's sector distribution is its stated confidence (worth
        ``rule_prior_weight`` examples) updated by the labels of respondents it matched; each
        pattern's distribution is the rule's (worth as many examples) updated by the labels of
        the respondents that pattern matched. So "CIC" can turn out to mean business in one
        consultation while the rest of the voluntary-sector rule stands.
        """
        a = self.rule_prior_weight
        nominal: dict[str, tuple[str, float]] = {}
        by_rule: dict[str, Counter[str]] = {}
        by_pattern: dict[tuple[str, str], Counter[str]] = {}
        for row in self.hits:
            for hit in row:
                nominal.setdefault(hit.rule, (hit.sector, hit.confidence))
        for i, key in labels.items():
            for ident in {(h.rule, h.pattern) for h in self.hits[i]}:
                by_pattern.setdefault(ident, Counter())[key] += 1
            for rule in {h.rule for h in self.hits[i]}:
                by_rule.setdefault(rule, Counter())[key] += 1
        rule_post: dict[str, dict[str, float]] = {}
        shared = self._shared_defaults()
        for rule, (sector, conf) in nominal.items():
            # a rule's sector that several of this taxonomy's sectors name ("EU citizen" and
            # "Non-EU citizen" are both individuals) says which only from this consultation's labels
            linked = None if sector in shared else self.taxonomy.map_default_key(sector)
            seen = by_rule.get(rule, Counter())
            n = sum(seen.values())
            if linked is None and n < 3:
                rule_post[rule] = {}
                continue
            candidates = set(seen) | ({linked} if linked else set())
            rule_post[rule] = {k: (seen.get(k, 0) + (a * conf if k == linked else 0.0)) / (n + a) for k in candidates}
        table: dict[tuple[str, str], tuple[str | None, float, int]] = {}
        for row in self.hits:
            for hit in row:
                ident = (hit.rule, hit.pattern)
                if ident in table:
                    continue
                prior = rule_post.get(hit.rule, {})
                seen = by_pattern.get(ident, Counter())
                n = sum(seen.values())
                candidates = set(seen) | set(prior)
                if not prior or not candidates:
                    table[ident] = (None, 0.0, n)
                    continue
                post = {k: (seen.get(k, 0) + a * prior.get(k, 0.0)) / (n + a) for k in candidates}
                best = max(sorted(candidates), key=lambda k: post[k])
                table[ident] = (best, post[best], n)
        return table

    def _shared_defaults(self) -> set[str]:
        """Default sectors that two or more sectors of this taxonomy name equally plainly ("EU citizen"
        and "Non-EU citizen" both say "individual"; "Company" names "business" more plainly than
        "Company group", which is no tie)."""
        if self.taxonomy.name in (UK_DEFAULT, GENERAL_DEFAULT):  # the default sectors themselves: one each
            return set()
        default = default_taxonomy()
        best: dict[str, list[float]] = {}
        for sector in self.taxonomy.sectors:
            key, confidence = normalise_declared(sector.label, default)
            if key is not None and confidence >= 0.7:
                best.setdefault(key, []).append(confidence)
        return {key for key, found in best.items() if len(found) >= 2 and found.count(max(found)) >= 2}

    def _rule_result(self, i: int) -> tuple[str, float, str] | None:
        """The best rule that speaks this taxonomy, if its checked confidence is high enough.

        Rules are taken in priority order; the first one with a sector in this taxonomy
        decides. When it is not trusted enough, weaker rules are not asked: the model decides.
        """
        is_org = self.features[i].is_organisation
        org = self.rules.organisation_text(self.features[i])
        if org and is_org is not False:  # the same organisation as one an analyst set here, in another response
            key = self._set_here().get(organisation_key(org))
            if key is not None and self.taxonomy.is_organisation(key) is not False:
                return key, LOCAL_SEED_CONFIDENCE, "rule:same organisation as one an analyst set"
        if self.local_seed is not None and is_org is not False:
            org = self.rules.organisation_text(self.features[i])
            key = self.local_seed.sector_for(org, self.taxonomy) if org else None
            if key is not None:
                return key, LOCAL_SEED_CONFIDENCE, "local-seed:" + ",".join(self.local_seed.sources)
        named = bool(self.rules.organisation_text(self.features[i]))
        for hit in self.hits[i]:
            key, checked, _n = self.rule_table_.get((hit.rule, hit.pattern), (None, 0.0, 0))
            if key is None:
                continue
            if named and hit.via == "domain" and hit.confidence < WEAK_DOMAIN:
                continue  # ".co.uk" says little beside a name: the model reads both ("Huddersfield Carers Centre")
            if is_org is True and self.taxonomy.is_organisation(key) is False:
                continue
            nominal = max((h.confidence for h in self.hits[i] if h.rule == hit.rule), default=hit.confidence)
            confidence = checked * min(1.0, hit.confidence / nominal if nominal else 1.0)
            if confidence >= self.min_rule_confidence:
                return key, round(confidence, 3), f"rule:{hit.rule}"
            return None
        return None

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
        # ... and how many organisations' sectors it knows from two labels or more, of those there are: a re-tested
        # trial's 32 corrections, 30 of them to "Business", filed every other organisation there at 98-100%
        per_sector = Counter(key for key in labels.values() if self.taxonomy.is_organisation(key) is not False)
        org_sectors = [s.key for s in self.taxonomy.sectors if s.is_organisation is not False and not _other(s.label)]
        known_sectors = sum(1 for key in org_sectors if per_sector[key] >= 2)
        self.rule_table_ = self._rule_table(labels)
        dist, detail = self._model_distribution(labels, quick=quick)
        self.model_detail_ = detail
        keys = self.taxonomy.keys
        results: list[SectorResult] = []
        probs = np.zeros((len(self.features), len(keys)))
        for i, f in enumerate(self.features):
            row = self._constrain(i, dist[i]) if dist is not None else None
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
            if not _says_who(f) and not (f.text or "").strip() and not f.extra:
                # a scanned letter with no text, a blank row: nothing for any model to read
                why = NOTHING_SAYS_WHO + ", and nothing written"
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

    def _shrunk(self, row: np.ndarray, j: int, labelled: int) -> float:
        """The probability of organisations' sector ``j`` from a model that knows organisations from ``labelled``
        labels, drawn towards an even share among organisations' sectors in proportion to how few they are
        (what it has not seen it cannot rule out)."""
        side = [k for k, key in enumerate(self.taxonomy.keys) if self.taxonomy.is_organisation(key) is not False]
        weight = labelled / (labelled + UNCALIBRATED_PRIOR_LABELS)
        return weight * float(row[j]) + (1 - weight) * float(row[side].sum()) / max(1, len(side))

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


#: a model's choice below this (calibrated) probability is decided but listed for review first
CHECK_BELOW = 0.5
#: and below this, little more likely than not: checked too (a trial's untyped EU respondents, placed at 51-58%,
#: two of them wrongly, went to no one's review)
CHECK_CLOSE = 0.6

#: an e-mail domain rule less sure than this (".co.uk", ".org.uk", ".gov.uk") decides nobody who gave an
#: organisation's name: a trial's carers' centres, a BID and LEPs were filed by their addresses alone
WEAK_DOMAIN = 0.8
#: an uncalibrated model (fewer than ten labels) counts as this many labels' worth of "don't know"
UNCALIBRATED_PRIOR_LABELS = 20
#: with fewer organisations labelled here than this and no seed to lean on, the model proposes organisations'
#: sectors and files none
FEW_ORGANISATION_LABELS = 20
#: ... and, below ``min_labels_to_overrule`` of them, while it knows fewer than this share of the organisations'
#: sectors from two labels or more
KNOWN_SHARE = 0.5

#: where a consultation publishes its respondents' types apart from their answers
TYPES_LIST_HINT = ("a published list of respondents' types (id or name, type), imported into the project, "
                   "attaches to them")
#: why a respondent of an anonymous form is left unclassified
NOTHING_SAYS_WHO = "nothing says who answered: no name, organisation, e-mail address or respondent type"


def _says_who(f: RespondentFeatures) -> bool:
    """Whether anything identifies the respondent (a name, an organisation, an e-mail domain, a
    declared type, or the individual/organisation answer)."""
    return bool((f.name or "").strip() or (f.organisation or "").strip() or (f.email_domain or "").strip()
                or (f.declared_type or "").strip() or f.is_organisation is not None)


def classify(features: Iterable[RespondentFeatures], taxonomy: Taxonomy | None = None,
             analyst_labels: Mapping[str, str] | None = None, *, rules: SectorRules | None = None,
             seed: SeedModel | None | str = "default", classifier: SectorClassifier | None = None,
             min_rule_confidence: float = 0.6, progress: ProgressFn | None = None) -> list[SectorResult]:
    """One-shot classification (see :class:`SectorSession` to keep the model warm)."""
    session = SectorSession(features, taxonomy, rules=rules, seed=seed, classifier=classifier,
                            min_rule_confidence=min_rule_confidence, progress=progress)
    return session.run(analyst_labels or {})


def _other(label: str) -> bool:
    """A catch-all type ("Other", "Other organisation"), which says no kind of body."""
    return label.strip().casefold().startswith(("other", "none of"))
