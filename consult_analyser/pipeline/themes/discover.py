"""Theme discovery over a project's open questions, stored as candidate themes with provenance.

For each open or hybrid question: take the answers with free text, find organised campaigns
(stored; only each campaign's canonical answer is clustered, and the theme found for it is given
to every member), embed the answers (vectors cached in the project, so a re-run or a re-cluster
after a merge costs only the clustering), discover themes with the topic model and store a theme
run. A re-run replaces only the model's untouched candidates: themes a person edited or signed
off, and answers a person placed, stay (see :func:`consult_analyser.store.themes.save_run`).

Embedder: one per project, chosen on the first run (:func:`project_embedder`: MiniLM when its
estimated time to embed every open answer fits ``EMBED_BUDGET_S``, else the static model, which is
about 50x faster and measurably weaker, see ``models/README.md``) and recorded in the project, so
re-runs, re-clustering and splits use the same vectors. Passing an embedder explicitly records it
as the project's new choice.

Guided mode: the model is given expected themes - a list passed in, or else the labels of the
question's kept (edited or signed-off) themes and the codebook's codes for the question (children
of the top-level code named after the question key, else the top-level codes). A model theme found
from the label of a kept theme adds its answers to that theme instead of making a duplicate.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from consult_analyser.domain import Question, Source, Theme, ThemeAssignment, ThemeStatus, new_id
from consult_analyser.pipeline.embeddings import Embedder, available_embedders, choose_embedder, get_embedder
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store import codebook, codings
from consult_analyser.store import themes as store_themes
from consult_analyser.store.embedding_cache import cached_embeddings, load_blobs, store_blobs
from consult_analyser.store.project import Project
from consult_analyser.store.questions import find_question, list_questions

# Seconds of embedding a project's theme discovery may spend: MiniLM is used when its estimated
# time for all the open answers fits, else the static model (see project_embedder).
EMBED_BUDGET_S = 40.0
RANDOM_STATE = 42

DiscoverFn = Callable[..., Any]  # topic_model.discover_themes(texts, embeddings, **options)
CampaignFn = Callable[[list[str]], Sequence[Any]]  # campaigns.find_campaigns(texts) -> [Campaign]


def model_discover() -> DiscoverFn:
    """The topic model's ``discover_themes``."""
    return importlib.import_module("consult_analyser.pipeline.themes.model").discover_themes  # type: ignore[no-any-return]


def model_find_campaigns() -> CampaignFn | None:
    """Campaign detection, if the module is present."""
    try:
        return importlib.import_module("consult_analyser.pipeline.themes.campaigns").find_campaigns  # type: ignore[no-any-return]
    except ModuleNotFoundError as exc:
        if exc.name != "consult_analyser.pipeline.themes.campaigns":
            raise
        return None


@dataclass
class QuestionThemes:
    """What one question's run did."""

    question_key: str
    answers: int
    clustered: int
    campaigns: int
    campaign_answers: int
    created: int
    kept: int
    replaced: int
    unassigned_share: float
    model: str
    seconds: float
    expected: list[str] = field(default_factory=list)  # labels of the expected themes the model was given
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step: campaigns, embed, model, store


def embedding_key(embedder: Embedder) -> str:
    return f"{embedder.name}:{embedder.version}"


def embed(project: Project, embedder: Embedder, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
    """Vectors for ``texts``, from the project's cache where present. Embedders that are fitted on
    the texts they are given (TF-IDF) are never cached: their vectors depend on the corpus."""
    if hasattr(embedder, "fit"):
        return embedder.encode(list(texts), progress=progress)
    return cached_embeddings(project, embedding_key(embedder), list(texts),
                             lambda missing: embedder.encode(missing, progress=progress))


class ProjectPhraseStore:
    """Tagged phrases of answers kept in the project (see :class:`~consult_analyser.pipeline.themes.phrases.PhraseLabeler`),
    so a re-run names themes without tagging the same answers again."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def load(self, key: str, texts: Sequence[str]) -> dict[str, bytes]:
        return load_blobs(self.project, key, texts)

    def save(self, key: str, items: dict[str, bytes]) -> None:
        store_blobs(self.project, key, items)


def question_answers(project: Project, question_id: str) -> list[tuple[str, str]]:
    """(answer id, text) of the answers with free text (not only spaces), in import order."""
    return [(rid, text) for rid, text in codings.answer_texts(project, question_id) if text.strip()]


def expected_themes_for(project: Project, question: Question) -> list[dict[str, Any]]:
    """Themes to guide the model (label, description, keywords): the question's kept themes, then
    the codebook's codes for it (children of the code named after the question key, else the
    top-level codes other than question keys)."""
    items: list[dict[str, Any]] = [
        {"label": t.theme.label, "description": t.theme.description, "keywords": t.theme.keywords}
        for t in store_themes.list_themes(project, question.id) if t.theme.status != ThemeStatus.CANDIDATE]
    parent = codebook.code_at_path(project, question.key)
    if parent is not None:
        codes = codebook.children(project, parent.id)
    else:
        keys = {q.key.lower() for q in list_questions(project)}
        codes = [c for c in codebook.children(project, None) if c.name.lower() not in keys]
    items += [{"label": c.name, "description": c.description, "keywords": []} for c in codes]
    seen: set[str] = set()
    out = []
    for item in items:
        label = str(item["label"]).lower()
        if label not in seen:
            seen.add(label)
            out.append(item)
    return out


def _label(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get("label") or item.get("name") or "")
    return str(getattr(item, "label", item))


def _campaign_groups(finder: CampaignFn | None, texts: list[str]) -> list[tuple[list[int], int, list[float]]]:
    """(member indices, canonical index, similarities) per campaign; overlapping members go to
    the first campaign that claims them."""
    if finder is None or len(texts) < 2:
        return []
    out: list[tuple[list[int], int, list[float]]] = []
    taken: set[int] = set()
    for c in finder(texts):
        indices = [int(i) for i in c.indices]
        canonical = int(c.canonical_index)
        sims = list(getattr(c, "similarities", None) or [1.0] * len(indices))
        keep = [(i, s) for i, s in zip(indices, sims, strict=False) if i not in taken or i == canonical]
        if canonical in taken or len(keep) < 2:
            continue
        if canonical not in [i for i, _ in keep]:
            keep.append((canonical, 1.0))
        taken.update(i for i, _ in keep)
        out.append(([i for i, _ in keep], canonical, [float(s) for _, s in keep]))
    return out


def _finder_name(finder: CampaignFn | None) -> str:
    return "" if finder is None else f"{getattr(finder, '__module__', '')}.{getattr(finder, '__qualname__', '')}"


def _digest(ids: Sequence[str], texts: Sequence[str]) -> str:
    """Fingerprint of a question's answers: unchanged answers need no new campaign search."""
    h = hashlib.blake2b(digest_size=16)
    for rid, text in zip(ids, texts, strict=True):
        h.update(f"{rid}\x1e{text}\x1f".encode())
    return h.hexdigest()


def _campaigns(project: Project, question: Question, finder: CampaignFn | None, ids: list[str], texts: list[str],
               digest: str) -> list[tuple[list[int], int, list[float]]]:
    """The question's campaigns: the stored ones if its answers and the finder are unchanged since
    the last run (re-clustering stays fast), else found afresh."""
    last = store_themes.latest_run(project, question.id)
    if finder is not None and last is not None and last.params.get("answers_digest") == digest \
            and last.params.get("campaign_finder") == _finder_name(finder):
        index = {rid: i for i, rid in enumerate(ids)}
        stored = store_campaigns.stored_groups(project, question.id)
        if all(c.canonical_response_id in index and all(r in index for r, _ in c.members) for c in stored):
            return [([index[r] for r, _ in c.members], index[c.canonical_response_id], [s for _, s in c.members])
                    for c in stored]
    return _campaign_groups(finder, texts)


def _parents(hierarchy: Any) -> dict[int, int]:
    """Child theme key -> parent theme key from the model's hierarchy (a mapping or pairs)."""
    if not hierarchy:
        return {}
    try:
        items = hierarchy.items() if hasattr(hierarchy, "items") else hierarchy
        return {int(child): int(parent) for child, parent in items if parent is not None and int(parent) >= 0}
    except (TypeError, ValueError):
        return {}


def _themes_to_store(candidates: Sequence[Any], hierarchy: dict[int, int], kept: dict[str, str], question_id: str,
                     model: str) -> tuple[dict[int, str], list[Theme]]:
    """Model theme key -> stored theme id, and the new candidate themes (largest first). A model
    theme found from a kept theme's label (as an expected theme) goes into that kept theme."""
    target: dict[int, str] = {}
    new: dict[int, Theme] = {}
    for c in sorted(candidates, key=lambda c: -int(c.size)):
        seed = (getattr(c, "seed_label", None) or "").lower()
        if seed in kept or c.label.lower() in kept:
            target[int(c.key)] = kept.get(seed) or kept[c.label.lower()]
            continue
        theme = Theme(question_id=question_id, label=c.label, description=c.description, keywords=list(c.keywords),
                      model=model, source=Source.MODEL, id=new_id())
        target[int(c.key)] = theme.id
        new[int(c.key)] = theme
    for key, theme in new.items():
        parent = hierarchy.get(key)
        if parent is not None and parent in target and target[parent] != theme.id:
            theme.parent_id = target[parent]
    return target, list(new.values())


def discover_question(project: Project, question: Question, *, embedder: Embedder,
                      expected_themes: Sequence[Any] | None = None, discover: DiscoverFn | None = None,
                      find_campaigns: CampaignFn | None = None, progress: ProgressFn | None = None) -> QuestionThemes:
    """Campaigns, embeddings, themes and storage for one question (see the module notes)."""
    started = time.perf_counter()
    progress = progress or null_progress
    discover = discover or model_discover()
    answers = question_answers(project, question.id)
    ids = [rid for rid, _ in answers]
    texts = [text for _, text in answers]
    progress(0.0, f"{question.key}: campaigns")
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    digest = _digest(ids, texts)
    groups = _campaigns(project, question, find_campaigns, ids, texts, digest)
    lap("campaigns")
    followers = {canonical: [i for i in members if i != canonical] for members, canonical, _ in groups}
    hidden = {i for members in followers.values() for i in members}
    order = [i for i in range(len(texts)) if i not in hidden]  # clustered inputs -> answer index
    vectors = embed(project, embedder, [texts[i] for i in order], scaled(progress, 0.05, 0.5))
    lap("embed")
    expected = list(expected_themes) if expected_themes is not None else expected_themes_for(project, question)
    kept = {t.theme.label.lower(): t.theme.id for t in store_themes.list_themes(project, question.id)
            if t.theme.status != ThemeStatus.CANDIDATE}
    model_key = embedding_key(embedder)
    if order:
        options: dict[str, Any] = {}
        accepted = inspect.signature(discover).parameters
        if followers and "weights" in accepted:
            # a campaign's canonical answer stands for all its members
            options["weights"] = [1 + len(followers.get(i, [])) for i in order]
        if "labeler" in accepted:
            from consult_analyser.pipeline.themes.phrases import PhraseLabeler

            options["labeler"] = PhraseLabeler(store=ProjectPhraseStore(project))
        result = discover([texts[i] for i in order], vectors, expected_themes=expected or None, embedder=embedder,
                          random_state=RANDOM_STATE, progress=scaled(progress, 0.5, 0.95), **options)
        model = f"{result.model_name} / {model_key}"
        candidates, labels = list(result.themes), np.asarray(result.assignments)
        confidence = np.asarray(result.confidence, dtype=float)
        hierarchy = _parents(getattr(result, "hierarchy", None))
        params = {**dict(result.params or {}), "embedder": model_key,
                  "expected_themes": [_label(e) for e in expected], "campaigns": len(groups), "clustered": len(order),
                  "answers_digest": digest, "campaign_finder": _finder_name(find_campaigns)}
    else:
        model, candidates, labels, confidence, hierarchy = model_key, [], np.zeros(0, int), np.zeros(0), {}
        params = {"embedder": model_key, "clustered": 0, "answers_digest": digest,
                  "campaign_finder": _finder_name(find_campaigns)}
    lap("model")
    target, new = _themes_to_store(candidates, hierarchy, kept, question.id, model)
    representative = {int(i) for c in candidates for i in c.representative}
    rows: list[ThemeAssignment] = []
    for pos, (key, conf) in enumerate(zip(labels.tolist(), confidence.tolist(), strict=True)):
        if key < 0 or key not in target:
            continue
        index = order[pos]  # the clustered answer; campaign members follow their canonical answer
        rows.append(ThemeAssignment(target[key], ids[index], float(conf), Source.MODEL, pos in representative))
        rows.extend(ThemeAssignment(target[key], ids[i], float(conf), Source.MODEL, False)
                    for i in followers.get(index, []))
    progress(0.95, f"{question.key}: saving themes")
    with project.transaction():  # campaigns and themes land together, or (on cancel or error) neither
        store_campaigns.replace_campaigns(project, question.id, [
            store_campaigns.NewCampaign(ids[canonical], [(ids[i], s) for i, s in zip(members, sims, strict=True)])
            for members, canonical, sims in groups])
        saved = store_themes.save_run(project, question.id, model=model, params=params, themes=new, assignments=rows)
    lap("store")
    progress(1.0, f"{question.key}: done")
    return QuestionThemes(question.key, len(texts), len(order), len(groups), len(hidden) + len(groups), saved.created,
                          saved.kept, saved.replaced, store_themes.coverage(project, question.id).unassigned_share,
                          model, time.perf_counter() - started, [_label(e) for e in expected], timings)


def project_embedder(project: Project, budget_s: float = EMBED_BUDGET_S) -> str:
    """The embedder theme discovery uses for ``project``: the one recorded with earlier runs (if
    still available), else MiniLM when its estimated time to embed the distinct answers of every
    open question fits ``budget_s`` seconds, else the static model (:func:`choose_embedder`)."""
    recorded = store_themes.theme_embedder(project)
    if recorded and recorded in available_embedders():
        return recorded
    questions = [q.id for q in list_questions(project, open_only=True)]
    _, chars = store_themes.distinct_answer_chars(project, questions)
    return choose_embedder(chars, budget_s=budget_s)


def question_embedder(project: Project, question_id: str) -> str:
    """The embedder of the question's latest theme run (so a split compares like with like),
    else the project's (:func:`project_embedder`)."""
    last = store_themes.latest_run(project, question_id)
    name = str(last.params.get("embedder", "")).split(":", 1)[0] if last else ""
    return name if name in available_embedders() else project_embedder(project)


def discover_project_themes(project: Project, progress: ProgressFn | None = None, *, question: str | None = None,
                            embedder: Embedder | str | None = None, expected_themes: Sequence[Any] | None = None,
                            discover: DiscoverFn | None = None, find_campaigns: CampaignFn | None = None,
                            campaigns: bool = True, results: list[QuestionThemes] | None = None) -> str:
    """Discover themes for every open/hybrid question (or the one given by key or id) and return
    a one-line summary. ``results``, if given, receives one :class:`QuestionThemes` per question.
    ``embedder`` (a name or an instance) overrides the project's choice and becomes it; ``None``
    uses :func:`project_embedder`.
    ``campaigns=False`` skips campaign detection (every answer is clustered; stored campaigns of
    the questions run are removed)."""
    progress = progress or null_progress
    if question is not None:
        q = find_question(project, question)
        if q is None:
            raise ValueError(f"no question {question!r}")
        questions = [q]
    else:
        questions = list_questions(project, open_only=True)
    sizes = [store_themes.coverage(project, q.id).answered for q in questions]
    total = max(1, sum(sizes))
    if embedder is None or isinstance(embedder, str):
        embedder = get_embedder(embedder or project_embedder(project))
    store_themes.set_theme_embedder(project, embedder.name)
    finder = (find_campaigns if find_campaigns is not None else model_find_campaigns()) if campaigns else None
    discover = discover or model_discover()
    done = 0
    out = results if results is not None else []
    for q, size in zip(questions, sizes, strict=True):
        sub = scaled(progress, done / total, (done + size) / total)
        out.append(discover_question(project, q, embedder=embedder, expected_themes=expected_themes,
                                     discover=discover, find_campaigns=finder, progress=sub))
        done += size
    progress(1.0, "Themes done")
    themes = sum(r.created + r.kept for r in out)
    answers = sum(r.answers for r in out)
    unassigned = sum(r.unassigned_share * r.answers for r in out) / answers if answers else 0.0
    found = sum(r.campaigns for r in out)
    return (f"{themes} themes in {len(out)} question(s) from {answers:,} answers; {unassigned:.0%} unassigned;"
            f" {found} campaign(s); embedder {embedder.name}")
