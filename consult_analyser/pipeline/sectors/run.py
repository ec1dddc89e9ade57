"""Sector classification of a project's respondents: the store side of :mod:`sector_model`.

Order of authority: analyst > declared > rules > model. Results are written with their source,
confidence and detail (rule name or model name and version); analyst labels are never replaced
by a run. :class:`SectorReview` keeps the model warm for the review loop, so a correction is
saved at once and the model retrains in well under two seconds.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import replace

from consult_analyser.domain import SectorAssignment, Source
from consult_analyser.pipeline.sectors.check import DEFAULT_FOLDS, SectorCheck, check_sectors, known_sectors
from consult_analyser.pipeline.sectors.declared import (
    LEVELS_TAXONOMY,
    complete_declared,
    declared_sector,
    first_level,
    label_side,
    normalise_declared,
    split_other_specify,
    taxonomy_from_labels,
)
from consult_analyser.pipeline.sectors.local_seed import Remembered, load_local_seeds, remember_corrections
from consult_analyser.pipeline.sectors.locale import seed_applies
from consult_analyser.pipeline.sectors.model import SectorResult, SectorSession, review_queue
from consult_analyser.pipeline.sectors.moves import Move, make_moves, moved_ids, placements, save_moves, why_placed
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.pipeline.sectors.taxonomy import OPTIONAL_DEFAULT, Taxonomy, clean_text, default_taxonomy
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import browse, checks, runs
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.answer_variants import variants_of
from consult_analyser.store.browse import ReviewRow
from consult_analyser.store.project import Changes, Project

TAXONOMY_META = store_sectors.TAXONOMY_META
_MODEL_SOURCES = (Source.DECLARED, Source.RULES, Source.MODEL)


def load_features(project: Project) -> list[RespondentFeatures]:
    return [
        RespondentFeatures(
            respondent_id=r["id"], name=r["name"], organisation=r["organisation"], email_domain=r["email_domain"],
            declared_type=r["declared_type"],
            is_organisation=None if r["is_organisation"] is None else bool(r["is_organisation"]),
            text=r["text"], answered=r["answered"], country=r["country"], size=r["size"], language=r["language"])
        for r in store_sectors.feature_rows(project)
    ]


def closed_declared_labels(declared: list[str]) -> list[str]:
    """The consultation's own list of respondent types, if its declared answers come from one:
    values (apart from "Other (please specify): ...") that recur and cover most answers."""
    values = [d.strip() for d in declared if d.strip()]
    # a coded "Parent;Child" scheme reports by its parents
    return _first_levels(values) or _recurring(values)


def _recurring(values: list[str]) -> list[str]:
    """Values that recur and cover most answers (at most 25 of them), else none."""
    if not values:
        return []
    cleaned = [("Other" if split_other_specify(v)[0] else v) for v in values]
    counts = Counter(cleaned)
    recurring = [v for v, n in counts.most_common() if n >= 2]
    covered = sum(counts[v] for v in recurring)
    if 2 <= len(recurring) <= 25 and covered >= 0.8 * len(values):
        return recurring
    return []


def _first_levels(values: list[str]) -> list[str]:
    """A coded, hierarchical scheme ("Ngo;Advocacy", "Gov;Local", "Corp Group;Trade Association"):
    its first level, when a few of its values cover nearly every answer (95%)."""
    firsts = [first_level(v) for v in values]
    if not values or sum(1 for f in firsts if f) < 0.3 * len(values):
        return []
    parents = [f or v for f, v in zip(firsts, values, strict=True)]
    chosen: list[str] = []
    covered = 0
    for label, n in Counter(parents).most_common():
        if covered >= 0.95 * len(values) or n < 2:
            break
        chosen.append(label)
        covered += n
    return chosen if 2 <= len(chosen) <= 25 and covered >= 0.95 * len(values) else []


class NoDeclaredTypes(ValueError):
    """A taxonomy of the consultation's own declared types was asked for, and it declares none."""


def choose_taxonomy(project: Project, features: list[RespondentFeatures], mode: str = "auto") -> Taxonomy:
    """The project's taxonomy: a stored one; else (``auto``) the UK default when the declared list
    maps onto most of it, or the consultation's own declared labels when it reports by another
    scheme; ``default`` and ``declared`` force either."""
    stored = project.get_meta(TAXONOMY_META)
    if stored and mode == "auto":
        return Taxonomy.from_dict(json.loads(stored))
    return taxonomy_from_respondents(features, mode)


def taxonomy_from_respondents(features: list[RespondentFeatures], mode: str = "auto") -> Taxonomy:
    """:func:`choose_taxonomy` for a consultation with no stored taxonomy, from its respondents alone."""
    default = default_taxonomy()
    if mode == "default":
        return default
    values = [f.declared_type.strip() for f in features if f.declared_type.strip()]
    # "Resident", "resident" and a typed "Residnet" beside 1,200 "A resident": one label
    variants = variants_of(Counter(values))
    values = [variants.get(v, v) for v in values]
    levels = _first_levels(values)
    labels = levels or _recurring(values)
    if not labels:
        if mode == "declared":
            raise NoDeclaredTypes("the respondents declare no recurring types to build a taxonomy from (no column "
                                  "of respondent types was imported, or every value is different): run without "
                                  "--taxonomy declared to use the default sectors, or import a list of "
                                  "respondents' types")
        return _default_for(features)
    # what the form offered: "Other (please specify): trade union" is its "Other" box
    mapped = {normalise_declared(label, default)[0] for label in labels if not split_other_specify(label)[0]}
    core = [k for k in default.keys if k not in OPTIONAL_DEFAULT]
    coverage = len(mapped & set(core)) / len(core)
    if mode != "declared" and coverage >= 0.8:
        # a sector the form did not offer (trade body, trade union) is not reported by: its
        # respondents stay where the form put them ("Other (please specify): trade union")
        for key, into in OPTIONAL_DEFAULT.items():
            if key not in mapped:
                default = default.without_sector(key, into)
        return default
    # a list of organisation types asked of organisations only: those answering as individuals
    # need a sector of their own, or the model would file them under an organisation type
    individuals = sum(1 for f in features if f.is_organisation is False)
    if individuals >= max(2, 0.05 * len(features)) and all(label_side(label)[0] for label in labels):
        labels = [*labels, "Individual"]
    # and the other way round: labels that name only individuals ("Individual", "Parent") say nothing of
    # the organisations that answered; they are sorted into the default sectors (a form asking only
    # "individual or organisation?" had its 83 organisations filed under "Individual", its only sector)
    organisations = sum(1 for f in features if f.is_organisation is True)
    if mode != "declared" and organisations >= max(2, 0.05 * len(features)) \
            and not any(label_side(label)[0] for label in labels):
        return _default_for(features)
    if levels:  # a coded scheme: its rare values go to "Other", for review
        if not any(clean_text(label) == "other" for label in labels):
            labels = [*labels, "Other"]
        return _spelt_otherwise(replace(taxonomy_from_labels(labels), name=LEVELS_TAXONOMY), variants)
    return either_sides(_spelt_otherwise(taxonomy_from_labels(labels), variants), features)


#: a declared type is of either side when at least this share of those who chose it, and at least
#: EITHER_LEAST respondents, answered on each side ("Farmer or grower": 174 farmers, 90 farm businesses)
EITHER_SHARE = 0.2
EITHER_LEAST = 5


def either_sides(taxonomy: Taxonomy, features: list[RespondentFeatures]) -> Taxonomy:
    """``taxonomy`` with each type that people and organisations both chose, in numbers, on either side:
    each respondent keeps the side they answered, and a farm business that chose "Farmer or grower" is
    neither turned into a person nor sent for review. A side an analyst confirmed stays."""
    said: dict[str, Counter[bool]] = {}
    for f in features:
        if f.is_organisation is None or not f.declared_type.strip():
            continue
        key = declared_sector(f.declared_type, taxonomy)[0]
        if key is not None:
            said.setdefault(key, Counter())[f.is_organisation] += 1
    sectors, sides = [], dict(taxonomy.sides)
    for s in taxonomy.sectors:
        counts = said.get(s.key, Counter())
        fewer = min(counts[True], counts[False])
        if fewer >= EITHER_LEAST and fewer >= EITHER_SHARE * (counts[True] + counts[False]) \
                and not s.label.strip().casefold().startswith(("other", "none of")) and not sides.get(s.key, "").startswith("confirmed by"):
            s = replace(s, is_organisation=None)
            sides[s.key] = (f"chosen by {counts[False]:,} individuals and {counts[True]:,} organisations: "
                            "each keeps the side they answered")
        sectors.append(s)
    return replace(taxonomy, sectors=sectors, sides=sides)


def _spelt_otherwise(taxonomy: Taxonomy, variants: dict[str, str]) -> Taxonomy:
    """``taxonomy`` with each other spelling of a label it was made of as a synonym of that label."""
    for variant, label in variants.items():
        key = taxonomy.synonyms.get(clean_text(label))
        if key is not None:
            taxonomy.synonyms.setdefault(clean_text(variant), key)
    return taxonomy



@functools.cache
def _rules() -> SectorRules:
    return SectorRules.default()


def shown_name(row: ReviewRow) -> str:
    """Who a review row is: the organisation as written, unless it is a placeholder the person wrote
    in the organisation box ("N/A", "Myself", "Retired") and they gave their name."""
    if row.organisation and not _rules().names_no_organisation(row.organisation):
        return str(row.organisation)
    return str(row.name or row.external_id)  # ("n/a" named no one: a trial's review listed people as "n/a")


def _default_for(features: list[RespondentFeatures]) -> Taxonomy:
    """The default sectors for a consultation that declares none of its own: labelled as UK forms
    label them, unless its countries, e-mail domains or languages say it was held elsewhere."""
    return default_taxonomy(general=not seed_applies(features).applies)


def save_taxonomy(project: Project, taxonomy: Taxonomy) -> None:
    with project.transaction():
        project.set_meta(TAXONOMY_META, json.dumps(taxonomy.to_dict()))
        store_sectors.set_taxonomy(project, taxonomy.sectors)


def _write(project: Project, results: list[SectorResult]) -> Changes:
    assignments = [r.to_assignment(created_by="model" if r.source == "model" else "")
                   for r in results if r.source != "analyst" and r.sector]
    flagged = {r.respondent_id: r for r in results if r.source != "analyst" and (r.review or not r.sector)}
    review = {rid: (flagged[rid].review or flagged[rid].detail).removeprefix("unclassified: ")
              for rid in review_queue(list(flagged.values()), None)}
    return store_sectors.save_assignments(project, assignments, replace_sources=_MODEL_SOURCES, review=review)


class SectorReview:
    """A warm sector model for one project: run, correct, and order the review queue."""

    def __init__(self, project: Project, *, taxonomy_mode: str = "auto", progress: ProgressFn | None = None):
        progress = progress or null_progress
        self.project = project
        # recorded (store.runs) until run() saves: a run killed meanwhile is said on reopening
        self.run_id = runs.start(project, runs.SECTORS)
        try:
            progress(0.0, "Reading respondents")
            features = load_features(project)
            self.taxonomy = choose_taxonomy(project, features, taxonomy_mode)
            self.session = SectorSession(features, self.taxonomy, local_seed=load_local_seeds(),
                                         progress=scaled(progress, 0.05, 0.8))
        except BaseException:  # cancelled or refused, as the caller says: nothing was changed
            runs.finish(project, self.run_id)
            raise
        self.taxonomy = self.session.taxonomy  # with every declared value mapped
        self.results: list[SectorResult] = []
        self.moves: list[Move] = []  # who the last run() moved that no analyst set

    def run(self, progress: ProgressFn | None = None) -> list[SectorResult]:
        progress = progress or null_progress
        labels = {rid: key for rid, key in store_sectors.analyst_labels(self.project).items()
                  if key in self.taxonomy.keys}
        progress(0.0, "Training the sector model")
        try:
            self.results = self.session.run(labels)
        except BaseException:
            runs.finish(self.project, self.run_id)
            raise
        before = placements(store_sectors.effective_sectors(self.project)) \
            if store_sectors.classified_before(self.project) else None  # a first run moves no one
        with self.project.transaction():
            save_taxonomy(self.project, self.taxonomy)
            _write(self.project, self.results)
            self.moves = self._moved(before) if before is not None else []
            save_moves(self.project, self.moves)
            self.project.audit("classify_sectors", "project", "", model=self.session.model_detail_,
                               respondents=len(self.results))
            runs.finish(self.project, self.run_id)
        progress(1.0, "Sectors saved")
        return self.results

    def _moved(self, before: dict[str, tuple[str, str]]) -> list[Move]:
        """Who this run moved that no analyst set (:mod:`.moves`), with why each is where it is now."""
        after = store_sectors.effective_sectors(self.project)
        session = self.session

        def who(ids: list[str]) -> dict[str, tuple[str, str]]:
            return {row.respondent_id: (row.external_id, shown_name(row)) for row in browse.review_rows(self.project, ids)}

        def why(rid: str, now: SectorAssignment | None) -> str:
            if now is None:
                return why_placed("", "")
            i, words = session.index.get(rid), ""
            if now.source == Source.RULES and now.detail.startswith("rule:") and i is not None:
                rule = now.detail.removeprefix("rule:")
                hit = next((h for h in session.hits[i] if h.rule == rule
                            and session.rule_table_.get((h.rule, h.pattern), (None,))[0] == now.sector_key), None)
                if hit is not None:
                    words = hit.pattern if hit.via == "domain" else session._matched_words(session.features[i], hit.pattern)
            return why_placed(now.source.value, now.detail, words)

        return make_moves(moved_ids(before, placements(after)), before, after, who, why)

    def correct(self, respondent_id: str, sector_key: str | None) -> Changes:
        """An analyst's correction: saved at once, then the model retrains and its labels update."""
        store_sectors.set_analyst_sector(self.project, respondent_id, sector_key)
        before = placements(store_sectors.effective_sectors(self.project))
        self.results = self.session.correct(respondent_id, sector_key)
        with self.project.transaction():
            changes = _write(self.project, self.results)
            self.moves = self._moved(before)  # who else the correction moved, said as a run says it
            save_moves(self.project, self.moves)
        return changes.add("sector_assignments", respondent_id)

    def remember(self, path: str | None = None) -> Remembered:
        """Save the organisation names and sector labels analysts confirmed in this project into a
        local seed file (the user's by default) for the next consultation. Returns how many, with the names
        left out and why (:class:`Remembered`)."""
        labels = store_sectors.analyst_labels(self.project)
        confirmed: list[tuple[str, str, bool, str]] = []
        for f in self.session.features:
            key = labels.get(f.respondent_id)
            # the box as given, with the respondent's own name: the seed keeps the body alone ("Gabriel Cormier,
            # Policy Analyst, Cott Beverages Canada"), and counts a name it leaves out as a person's, a list's or a post's
            org = self.session.rules.organisation_text(f)
            if key is not None and org.strip() and key in self.taxonomy.keys:
                side = self.taxonomy.is_organisation(key)  # (of either side: as the respondent answered)
                confirmed.append((org, self.taxonomy.label(key), bool(side) or (side is None and f.is_organisation is True),
                                  f.name or ""))
        return remember_corrections(confirmed, path)

    def queue(self, limit: int | None = None) -> list[str]:
        """Respondent ids, most uncertain first (analyst-set ones excluded)."""
        return review_queue(self.results, None, limit=limit)

    def result(self, respondent_id: str) -> SectorResult | None:
        return next((r for r in self.results if r.respondent_id == respondent_id), None)


def classify_project(project: Project, progress: ProgressFn | None = None, *, taxonomy_mode: str = "auto") -> str:
    """Classify every respondent and save the results. Returns a one-line summary."""
    progress = progress or null_progress
    review = SectorReview(project, taxonomy_mode=taxonomy_mode, progress=scaled(progress, 0.0, 0.7))
    results = review.run(scaled(progress, 0.7, 1.0))
    by_source = Counter(r.source if r.sector else "not classified" for r in results)  # as the annex counts them
    return (f"{len(results):,} respondents classified ("
            + ", ".join(f"{n:,} {source}" for source, n in by_source.most_common()) + ")")


def check_project(project: Project, folds: int = DEFAULT_FOLDS, progress: ProgressFn | None = None) -> SectorCheck:
    """How well the sector step recovers the sectors known here (declared or set by an analyst)
    when they are hidden, fold by fold, beside the plain baseline (see :mod:`.check`). The figures
    are kept with the project (the annex cites them) and the check is recorded in the audit log."""
    features = load_features(project)
    taxonomy = complete_declared(choose_taxonomy(project, features), {f.declared_type for f in features})
    analyst = {rid: key for rid, key in store_sectors.analyst_labels(project).items() if key in taxonomy.keys}
    known = known_sectors(features, taxonomy, analyst)
    check = check_sectors(features, taxonomy, known, analyst_labels=analyst, folds=folds,
                          local_seed=load_local_seeds(), progress=progress)
    if check.n:
        with project.transaction():
            checks.save(project, checks.SECTORS, check.summary())
            project.audit("check_sectors", "project", "", folds=folds, respondents=check.n,
                          macro_f1=round(check.macro_f1(), 4), baseline_macro_f1=round(check.macro_f1("baseline"), 4))
    return check


def taxonomy_for(project: Project) -> Taxonomy:
    stored = project.get_meta(TAXONOMY_META)
    return Taxonomy.from_dict(json.loads(stored)) if stored else default_taxonomy()


def set_sector_side(project: Project, key: str, is_organisation: bool | None) -> Taxonomy:
    """An analyst confirms (or changes) whether a sector is a category of organisations or of
    individuals, or of either (None: each respondent keeps the side they answered). Recorded in the
    taxonomy with who confirmed it; the next run uses it."""
    taxonomy = taxonomy_for(project)
    sector = taxonomy.sector(key)
    if sector is None:
        raise ValueError(f"{key!r} is not a sector of this taxonomy ({', '.join(taxonomy.keys)})")
    sectors = [replace(s, is_organisation=is_organisation) if s.key == key else s for s in taxonomy.sectors]
    sides = dict(taxonomy.sides)
    sides[key] = f"confirmed by {project.actor or 'an analyst'}"
    updated = Taxonomy(sectors, dict(taxonomy.synonyms), dict(taxonomy.links), taxonomy.name, sides,
                       dict(taxonomy.declared_map))
    save_taxonomy(project, updated)
    project.audit("set_sector_side", "sectors", key, is_organisation=is_organisation)
    return updated


def merge_sectors(project: Project, key: str, into: str) -> Taxonomy:
    """An analyst decides two sectors are one ("County council" from the team's log and the survey's
    "Local authority"): ``key`` goes, what named it (its label, synonyms, declared values) names
    ``into``, each declared value's mapping says so, and every respondent in it moves with it. The
    respondents' declared types are untouched; the next run reads them into ``into``."""
    taxonomy = taxonomy_for(project)
    gone, kept = taxonomy.sector(key), taxonomy.sector(into)
    if gone is None or kept is None or key == into:
        raise ValueError(f"merge needs two different sectors of this taxonomy ({', '.join(taxonomy.keys)})")
    updated = taxonomy.without_sector(key, into).with_synonyms([gone.label], into)
    why = f"merged into {kept.label!r} by {project.actor or 'an analyst'} (was {gone.label!r})"
    for value, mapped in updated.declared_map.items():
        if taxonomy.declared_map.get(value, [""])[0] == key:
            updated.declared_map[value] = [into, why, *mapped[2:]]
    with project.transaction():
        save_taxonomy(project, updated)
        store_sectors.rekey_assignments(project, key, into)
        project.audit("merge_sectors", "sectors", key, into=into)
    return updated


def describe_sides(taxonomy: Taxonomy) -> list[tuple[str, str, bool | None, str]]:
    """(key, label, is an organisation sector, why) for the taxonomy editor and the CLI."""
    return [(s.key, s.label, s.is_organisation, taxonomy.sides.get(s.key, "shipped taxonomy"))
            for s in taxonomy.sectors]


def sector_key_for(taxonomy: Taxonomy, text: str) -> str | None:
    """Resolve what an analyst typed ("local authority", "NGO", a key) to a key of the taxonomy."""
    text = text.strip()
    if text in taxonomy.keys:
        return text
    key, confidence = normalise_declared(text, taxonomy)
    if key is not None and confidence >= 0.9:
        return key
    lowered = re.sub(r"\s+", " ", text.lower())
    for sector in taxonomy.sectors:
        if sector.label.lower() == lowered:
            return sector.key
    return None
