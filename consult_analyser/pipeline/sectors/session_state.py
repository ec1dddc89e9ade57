"""What a :class:`~consult_analyser.pipeline.sectors.model.SectorSession` keeps, declared for its parts
kept in other modules (:mod:`~consult_analyser.pipeline.sectors.session_labels`,
:mod:`~consult_analyser.pipeline.sectors.session_rules`, :mod:`~consult_analyser.pipeline.sectors.session_model`).
``SectorSession.__init__`` sets every one of them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from consult_analyser.pipeline.sectors.classifier import SectorClassifier
from consult_analyser.pipeline.sectors.features import SectorFeaturizer
from consult_analyser.pipeline.sectors.local_seed import LocalSeed
from consult_analyser.pipeline.sectors.locale import SeedCheck
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, RuleHit, SectorRules
from consult_analyser.pipeline.sectors.seed import SeedModel
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy


class SessionState:
    """The attributes of a sector session (see ``SectorSession.__init__`` for what each holds)."""

    features: list[RespondentFeatures]
    index: dict[str, int]
    taxonomy: Taxonomy
    rules: SectorRules
    _label_sectors: dict[str, set[str]]
    seed_check: SeedCheck
    seed: SeedModel | None
    max_train_per_class: int
    local_seed: LocalSeed | None
    min_model_confidence: float
    min_labels_to_overrule: int
    model_: SectorClassifier | None
    classifier: SectorClassifier
    min_rule_confidence: float
    rule_prior_weight: float
    analyst_labels: dict[str, str]
    declared: list[tuple[str | None, float, str]]
    active: list[int]
    position: dict[int, int]
    featurizer: SectorFeaturizer
    hits: list[list[RuleHit]]
    seed_proba: np.ndarray
    X: sp.csr_matrix
    seed_share_: float
    #: sectors known from one label only, which the model leaves out until a second (session_model._learnable)
    waiting_: list[str]
    #: row -> whether all there is to read of that respondent's kind is a short name (session_model._thin)
    thin_rows_: dict[int, bool]
    rule_table_: dict[tuple[str, str], tuple[str | None, float, int]]
    #: ``SectorSession._activate``: adds a respondent an analyst labelled to the model's rows
    _activate: Callable[[int], None]
    #: ``SessionLabels.a_person_despite_the_box``: an individuals' sector an analyst confirmed, for one who filled the box
    a_person_despite_the_box: Callable[[int, str], bool]
