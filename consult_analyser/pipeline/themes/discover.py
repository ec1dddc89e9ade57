"""Theme discovery over a project's open questions, stored as candidate themes with provenance.

For each open or hybrid question: take the answers with free text, find organised campaigns
(stored; only each campaign's canonical answer is clustered, and the theme found for it is given
to every member), embed the answers (vectors cached in the project, so a re-run or a re-cluster
after a merge costs only the clustering), discover themes with the topic model and store a theme
run. A re-run replaces only the model's untouched candidates: themes a person edited or signed
off, and answers a person placed, stay (see :func:`consult_analyser.store.theme_runs.save_run`).

Embedder: one per project, chosen on the first run (:func:`project_embedder`: MiniLM when its
estimated time to embed every open answer fits ``EMBED_BUDGET_S``, else the static model, which is
about 50x faster and measurably weaker, see ``models/README.md``) and recorded in the project, so
re-runs, re-clustering and splits use the same vectors. Passing an embedder explicitly records it
as the project's new choice.

Guided mode: the model is given expected themes - a list passed in, or else the labels of the
question's kept (edited or signed-off) themes and the codebook's codes for the question (children
of the top-level code named after the question key, else the top-level codes). A model theme found
from the label of a kept theme adds its answers to that theme instead of making a duplicate.

One path for CLI and app: :func:`read_input` reads a question's answers and everything cached for
them from the store into a picklable :class:`ThemeInput`; :func:`compute_themes` is a pure function
of it (campaigns, missing embeddings, topic model, labels) returning a picklable
:class:`ThemeOutput`; :func:`save_output` writes the run in one transaction. The command line runs
the three in-process (:func:`discover_question`); the app runs :func:`compute_themes` in its model
process and the other two on its worker thread, so both cluster the same answers identically.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from consult_analyser.domain import Question, Source, Theme, ThemeAssignment, ThemeStatus, new_id
from consult_analyser.letter_text import theme_text
from consult_analyser.paths import log_unexpected
from consult_analyser.pipeline.embeddings import Embedder, available_embedders, choose_embedder, get_embedder
from consult_analyser.pipeline.letters.run import map_letters
from consult_analyser.pipeline.themes.campaigns import campaign_themes
from consult_analyser.pipeline.themes.expected import expected_label, expected_themes_for, with_rows
from consult_analyser.pipeline.themes.nonanswers import asks_yes_or_no
from consult_analyser.pipeline.themes.passages import CachedEmbedder, passage_units, reads_in_passages
from consult_analyser.pipeline.themes.stance_nesting import unnest_opposed
from consult_analyser.progress import Cancelled, ProgressFn, null_progress, scaled
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store import codings, responses, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.embedding_cache import (
    cached_embeddings,
    load_all_blobs,
    lookup_embeddings,
    save_embeddings,
    store_blobs,
)
from consult_analyser.store.project import Project
from consult_analyser.store.questions import find_question, list_questions

# Seconds of embedding a project's theme discovery may spend: MiniLM is used when its estimated
# time for all the open answers fits, else the static model (see project_embedder).
EMBED_BUDGET_S = 40.0
RANDOM_STATE = 42

DiscoverFn = Callable[..., Any]  # topic_model.discover_themes(texts, embeddings, **options)
#: campaigns.find_campaigns(texts, senders=...) -> [Campaign]; ``senders``: each answer's organisation or name, or None
CampaignFn = Callable[..., Sequence[Any]]


#: the campaign finder used unless another is given (its name is stored with each run, so stored
#: campaigns are reused only when the same finder found them)
CAMPAIGN_FINDER = "consult_analyser.pipeline.themes.campaigns.find_campaigns"
#: (runs of the finder before it read senders and parts' numbering: their stored campaigns are found afresh)
CAMPAIGN_FINDER_STORED = CAMPAIGN_FINDER + "#senders"


def model_discover() -> DiscoverFn:
    """The topic model's ``discover_themes`` (imported on use: the model libraries take seconds)."""
    from consult_analyser.pipeline.themes.model import discover_themes

    return discover_themes


def model_find_campaigns() -> CampaignFn:
    """Campaign detection (imported on use)."""
    from consult_analyser.pipeline.themes.campaigns import find_campaigns

    return find_campaigns


@dataclass
class QuestionRun:
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


class MemoryPhraseStore:
    """Tagged phrases of answers (see :class:`~consult_analyser.pipeline.themes.phrases.PhraseLabeler`)
    read from the project before computing and collected for saving after it, so a re-run names
    themes without tagging the same answers again and the computation itself never touches the store."""

    def __init__(self, known: dict[str, dict[str, bytes]] | None = None) -> None:
        self.known = known or {}
        self.saved: dict[str, dict[str, bytes]] = {}

    def load(self, key: str, texts: Sequence[str]) -> dict[str, bytes]:
        known = self.known.get(key, {})
        return {t: known[t] for t in texts if t in known}

    def save(self, key: str, items: dict[str, bytes]) -> None:
        self.saved.setdefault(key, {}).update(items)


def question_answers(project: Project, question_id: str) -> list[tuple[str, str]]:
    """(answer id, text) of the answers with free text (not only spaces), in import order."""
    return [(rid, text) for rid, text in codings.answer_texts(project, question_id) if text.strip()]


def _campaign_groups(finder: CampaignFn | None, texts: list[str],
                     senders: list[str] | None = None) -> list[tuple[list[int], int, list[float]]]:
    """(member indices, canonical index, similarities) per campaign; overlapping members go to
    the first campaign that claims them. ``senders`` (each answer's organisation or name) go to the finder (one
    sender's answers are parts of one submission, no campaign)."""
    if finder is None or len(texts) < 2:
        return []
    out: list[tuple[list[int], int, list[float]]] = []
    taken: set[int] = set()
    for c in finder(texts, senders=senders):
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


def _stored_name(finder_name: str) -> str:
    """The finder's name as a run records it (the default finder's marks that it reads senders)."""
    return CAMPAIGN_FINDER_STORED if finder_name == CAMPAIGN_FINDER else finder_name


def _stored_campaigns(project: Project, question: Question, finder_name: str, ids: list[str],
                      digest: str) -> list[tuple[list[int], int, list[float]]] | None:
    """The question's stored campaigns if its answers and the finder are unchanged since the last
    run (re-clustering stays fast), else None (they are found afresh)."""
    last = theme_runs.latest_run(project, question.id)
    if not finder_name or last is None or last.params.get("answers_digest") != digest \
            or last.params.get("campaign_finder") != _stored_name(finder_name):
        return None
    index = {rid: i for i, rid in enumerate(ids)}
    stored = store_campaigns.stored_groups(project, question.id)
    if not all(c.canonical_response_id in index and all(r in index for r, _ in c.members) for c in stored):
        return None
    return [([index[r] for r, _ in c.members], index[c.canonical_response_id], [s for _, s in c.members])
            for c in stored]


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


@dataclass
class ThemeInput:
    """Everything :func:`compute_themes` needs for one question, read from the store (picklable)."""

    question_id: str
    question_key: str
    ids: list[str]
    texts: list[str]
    digest: str
    embedder_name: str
    embedder_key: str
    cached_vectors: dict[str, np.ndarray]  # text -> vector, for embedders whose vectors are cached
    stored_groups: list[tuple[list[int], int, list[float]]] | None  # reusable campaigns, if any
    finder_name: str  # "" when campaign detection is off
    expected: list[Any]
    phrases: dict[str, dict[str, bytes]]  # tagged-phrase cache: key -> text -> bytes
    random_state: int = RANDOM_STATE
    languages: list[str] = field(default_factory=list)  # each answer's language code ("" unknown)
    question_text: str = ""
    senders: list[str] = field(default_factory=list)  # each answer's organisation or name ("" none given)


@dataclass
class ThemeOutput:
    """What :func:`compute_themes` found (picklable; holds no model objects)."""

    groups: list[tuple[list[int], int, list[float]]]
    order: list[int]  # clustered inputs -> answer index
    model: str
    candidates: list[Any]
    labels: np.ndarray
    confidence: np.ndarray
    hierarchy: dict[int, int]
    params: dict[str, Any]
    new_vectors: dict[str, np.ndarray]
    new_phrases: dict[str, dict[str, bytes]]
    timings: dict[str, float] = field(default_factory=dict)
    #: further themes per clustered position (answers raising several points): [(theme key, confidence)]
    secondary: dict[int, list[tuple[int, float]]] = field(default_factory=dict)


def read_input(project: Project, question: Question, *, embedder: Embedder,
               expected_themes: Sequence[Any] | None = None, finder_name: str = CAMPAIGN_FINDER) -> ThemeInput:
    """Read one question's answers and what is cached for them (vectors, campaigns, phrases)."""
    answers = question_answers(project, question.id)
    languages = responses.answer_languages(project, question.id)
    senders = responses.answer_senders(project, question.id)
    ids = [rid for rid, _ in answers]
    # answers pasted from e-mails are themed without their greeting and sign-off ("Dear Peat Consultation Team,
    # ... Kind regards, <name>"), and organisations' without the sentence that says whose response it is ("This is
    # the response of <body> to the Department's consultation on ..."): else they group and name themes by them
    texts = [theme_text(text) for _, text in answers]
    digest = _digest(ids, texts)
    cacheable = not hasattr(embedder, "fit")  # vectors of corpus-fitted embedders (TF-IDF) depend on the corpus
    key = embedding_key(embedder)
    expected = list(expected_themes) if expected_themes is not None else expected_themes_for(project, question)
    return ThemeInput(
        question_id=question.id, question_key=question.key, ids=ids, texts=texts, digest=digest,
        embedder_name=embedder.name, embedder_key=key,
        # (letters themed by their passages: the passages' vectors too, so that a re-run embeds none again)
        cached_vectors=lookup_embeddings(project, key, texts + passage_units(texts)) if cacheable else {},
        stored_groups=_stored_campaigns(project, question, finder_name, ids, digest),
        finder_name=finder_name, expected=expected, phrases=load_all_blobs(project, "phrases:", texts),
        languages=[languages.get(rid, "") for rid in ids], question_text=question.text,
        senders=[senders.get(rid, "") for rid in ids])


def compute_themes(inp: ThemeInput, progress: ProgressFn | None = None, *, embedder: Embedder | None = None,
                   discover: DiscoverFn | None = None, find_campaigns: CampaignFn | None = None) -> ThemeOutput:
    """Campaigns, missing embeddings, topic model and labels for one question: a pure function of
    ``inp`` (the steps default to the real ones, built from the names in ``inp``)."""
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    progress = progress or null_progress
    texts = inp.texts
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    progress(0.0, f"{inp.question_key}: campaigns")
    if inp.stored_groups is not None:
        groups = inp.stored_groups
    elif inp.finder_name:
        groups = _campaign_groups(find_campaigns or model_find_campaigns(), texts, inp.senders or None)
    else:
        groups = []
    lap("campaigns")
    followers = {canonical: [i for i in members if i != canonical] for members, canonical, _ in groups}
    hidden = {i for members in followers.values() for i in members}
    order = [i for i in range(len(texts)) if i not in hidden]
    embedder = embedder or get_embedder(inp.embedder_name)
    clustered = [texts[i] for i in order]
    cacheable = not hasattr(embedder, "fit")
    new_vectors: dict[str, np.ndarray] = {}
    # letters are themed by their passages (see pipeline.themes.passages): the whole letters' vectors go unused
    in_passages = discover is None and reads_in_passages(clustered)
    if in_passages:
        vectors = np.zeros((len(clustered), 0), dtype=np.float32)
        if cacheable:  # the passages' vectors come from the project's cache, and those embedded now go to it
            embedder = CachedEmbedder(embedder, inp.cached_vectors, new_vectors)
    elif cacheable:
        missing = list(dict.fromkeys(t for t in clustered if t not in inp.cached_vectors))
        if missing:
            encoded = np.asarray(embedder.encode(missing, progress=scaled(progress, 0.05, 0.5)), dtype=np.float32)
            new_vectors = dict(zip(missing, encoded, strict=True))
        known = {**inp.cached_vectors, **new_vectors}
        vectors = np.vstack([known[t] for t in clustered]) if clustered else np.zeros((0, 0), dtype=np.float32)
    else:
        vectors = embedder.encode(clustered, progress=scaled(progress, 0.05, 0.5))
    lap("embed")
    phrase_store = MemoryPhraseStore(inp.phrases)
    base_params = {"embedder": inp.embedder_key, "answers_digest": inp.digest,
                   "campaign_finder": _stored_name(inp.finder_name)}
    if order:
        discover = discover or model_discover()
        options: dict[str, Any] = {"labeler": PhraseLabeler(store=phrase_store)}
        if followers:  # a campaign's canonical answer stands for all its members
            options["weights"] = [1 + len(followers.get(i, [])) for i in order]
        if asks_yes_or_no(inp.question_text):  # a bare "No" is a side here, as "Yes" is
            options["no_is_a_side"] = True
        if any(code and code != "en" for code in inp.languages):  # keywords and labels read the other languages
            options["languages"] = [inp.languages[i] for i in order]
        result = discover(clustered, vectors, expected_themes=with_rows(inp.expected, inp.ids, order, groups) or None,
                          embedder=embedder,
                          random_state=inp.random_state, progress=scaled(progress, 0.5, 0.95), **options)
        if followers:
            campaign_themes(result, order, followers, texts)
            # a theme that only the campaign's letter raised besides its own is left with no answer (the campaign's
            # letter carries no further theme): not proposed (a trial's "High-risk AI applications", 0 answers)
            further = (getattr(result, "secondary", None) or {}).values()
            carried = {*np.asarray(result.assignments).tolist(), *(k for extra in further for k, _ in extra)}
            result.themes = [t for t in result.themes if t.key in carried or getattr(t, "seed_label", None)]
        model = f"{result.model_name} / {inp.embedder_key}"
        candidates, labels = list(result.themes), np.asarray(result.assignments)
        confidence = np.asarray(result.confidence, dtype=float)
        hierarchy = _parents(getattr(result, "hierarchy", None))
        secondary = dict(getattr(result, "secondary", None) or {})
        params = {**dict(result.params or {}), **base_params, "expected_themes": [expected_label(e) for e in inp.expected],
                  "campaigns": len(groups), "clustered": len(order)}
    else:
        model, candidates, labels, confidence, hierarchy = inp.embedder_key, [], np.zeros(0, int), np.zeros(0), {}
        secondary = {}
        params = {**base_params, "clustered": 0}
    lap("model")
    return ThemeOutput(groups=groups, order=order, model=model, candidates=candidates, labels=labels,
                       confidence=confidence, hierarchy=hierarchy, params=params, new_vectors=new_vectors,
                       new_phrases=phrase_store.saved, timings=timings, secondary=secondary)


def save_output(project: Project, question: Question, inp: ThemeInput, out: ThemeOutput) -> tuple[int, int, int]:
    """Write one question's run (campaigns, themes, assignments) in one transaction, and the new
    vectors and phrases to the project's caches. Returns (created, kept, replaced)."""
    save_embeddings(project, inp.embedder_key, out.new_vectors)
    for key, items in out.new_phrases.items():
        store_blobs(project, key, items)
    ids = inp.ids
    kept = {t.theme.label.lower(): t.theme.id for t in store_themes.list_themes(project, question.id)
            if t.theme.status != ThemeStatus.CANDIDATE}
    target, new = _themes_to_store(out.candidates, out.hierarchy, kept, question.id, out.model)
    followers = {canonical: [i for i in members if i != canonical] for members, canonical, _ in out.groups}
    representative = {int(i) for c in out.candidates for i in c.representative}
    # a letter themed by its passages is quoted by the passage that put it in the theme (its campaign's members by
    # their own whole letters)
    passages = {int(c.key): getattr(c, "passages", None) or {} for c in out.candidates}
    rows: list[tuple[ThemeAssignment, str | None]] = []
    for pos, (key, conf) in enumerate(zip(out.labels.tolist(), out.confidence.tolist(), strict=True)):
        if key < 0 or key not in target:
            continue
        index = out.order[pos]  # the clustered answer; campaign members follow their canonical answer
        rows.append((ThemeAssignment(target[key], ids[index], float(conf), Source.MODEL, pos in representative),
                     passages.get(key, {}).get(pos)))
        rows.extend((ThemeAssignment(target[key], ids[i], float(conf), Source.MODEL, False), None)
                    for i in followers.get(index, []))
        for other, other_conf in out.secondary.get(pos, []):  # further themes of a many-point answer
            if other in target and target[other] != target[key]:
                rows.extend((ThemeAssignment(target[other], ids[i], float(other_conf), Source.MODEL, False),
                             passages.get(other, {}).get(pos) if i == index else None)
                            for i in [index, *followers.get(index, [])])
    unique: dict[tuple[str, str], tuple[ThemeAssignment, str | None]] = {}
    for row in rows:  # an answer's first (main) theme wins when two model themes go to one kept theme
        unique.setdefault((row[0].theme_id, row[0].response_id), row)
    with project.transaction():  # campaigns and themes land together, or (on cancel or error) neither
        store_campaigns.replace_campaigns(project, question.id, [
            store_campaigns.NewCampaign(ids[canonical], [(ids[i], s) for i, s in zip(members, sims, strict=True)])
            for members, canonical, sims in out.groups])
        saved = theme_runs.save_run(project, question.id, model=out.model, params=out.params, themes=new,
                                    assignments=[a for a, _ in unique.values()],
                                    passages=[p for _, p in unique.values()])
    unnest_opposed(project, question.id)
    return saved.created, saved.kept, saved.replaced



#: runs ``compute_themes(inp, progress)`` somewhere (in-process by default; the app passes its model process)
ComputeFn = Callable[[ThemeInput, ProgressFn], ThemeOutput]


def discover_question(project: Project, question: Question, *, embedder: Embedder,
                      expected_themes: Sequence[Any] | None = None, discover: DiscoverFn | None = None,
                      find_campaigns: CampaignFn | None = None, campaigns: bool = True,
                      progress: ProgressFn | None = None, compute: ComputeFn | None = None) -> QuestionRun:
    """Read, compute and save one question's themes (see the module notes). ``compute`` runs the
    pure step elsewhere (the app's model process); steps given here run in this process."""
    started = time.perf_counter()
    progress = progress or null_progress
    finder_name = (_finder_name(find_campaigns) if find_campaigns is not None else CAMPAIGN_FINDER) if campaigns else ""
    inp = read_input(project, question, embedder=embedder, expected_themes=expected_themes, finder_name=finder_name)
    sub = scaled(progress, 0.0, 0.95)
    if compute is not None and discover is None and find_campaigns is None and embedder.name in available_embedders():
        out = compute(inp, sub)
    else:
        out = compute_themes(inp, sub, embedder=embedder, discover=discover, find_campaigns=find_campaigns)
    clock = time.perf_counter()
    progress(0.95, f"{question.key}: saving themes")
    created, kept, replaced = save_output(project, question, inp, out)
    timings = {**out.timings, "store": time.perf_counter() - clock}
    progress(1.0, f"{question.key}: done")
    hidden = sum(len(members) - 1 for members, _, _ in out.groups)
    return QuestionRun(question.key, len(inp.texts), len(out.order), len(out.groups), hidden + len(out.groups),
                          created, kept, replaced, store_themes.coverage(project, question.id).unassigned_share,
                          out.model, time.perf_counter() - started, [expected_label(e) for e in inp.expected], timings)


def project_embedder(project: Project, budget_s: float = EMBED_BUDGET_S) -> str:
    """The embedder theme discovery uses for ``project``: the one recorded with earlier runs (if
    still available), else MiniLM when its estimated time to embed the distinct answers of every
    open question fits ``budget_s`` seconds, else the static model (:func:`choose_embedder`)."""
    recorded = theme_runs.theme_embedder(project)
    if recorded and recorded in available_embedders():
        return recorded
    questions = [q.id for q in list_questions(project, open_only=True)]
    _, chars = store_themes.distinct_answer_chars(project, questions)
    return choose_embedder(chars, budget_s=budget_s)


def question_embedder(project: Project, question_id: str) -> str:
    """The embedder of the question's latest theme run (so a split compares like with like),
    else the project's (:func:`project_embedder`)."""
    last = theme_runs.latest_run(project, question_id)
    name = str(last.params.get("embedder", "")).split(":", 1)[0] if last else ""
    return name if name in available_embedders() else project_embedder(project)


def discover_project_themes(project: Project, progress: ProgressFn | None = None, *, question: str | None = None,
                            embedder: Embedder | str | None = None, expected_themes: Sequence[Any] | None = None,
                            discover: DiscoverFn | None = None, find_campaigns: CampaignFn | None = None,
                            campaigns: bool = True, results: list[QuestionRun] | None = None,
                            compute: ComputeFn | None = None) -> str:
    """Discover themes for every open/hybrid question (or the one given by key or id) and return
    a one-line summary. ``results``, if given, receives one :class:`QuestionRun` per question.
    ``embedder`` (a name or an instance) overrides the project's choice and becomes it; ``None``
    uses :func:`project_embedder`.
    ``campaigns=False`` skips campaign detection (every answer is clustered; stored campaigns of
    the questions run are removed)."""
    progress = progress or null_progress
    map_letters(project, only_new=True)  # letters not yet split into passages take part too
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
    theme_runs.set_theme_embedder(project, embedder.name)
    done = 0
    out = results if results is not None else []
    failed: list[str] = []
    # recorded (store.runs) as it goes: a run that stops is said on reopening and by each question it left
    run_id = store_themes.run_starting(project, [q.key for q in questions])
    for q, size in zip(questions, sizes, strict=True):
        sub = scaled(progress, done / total, (done + size) / total)
        try:
            out.append(discover_question(project, q, embedder=embedder, expected_themes=expected_themes,
                                         discover=discover, find_campaigns=find_campaigns, campaigns=campaigns,
                                         progress=sub, compute=compute))
        except Cancelled:
            store_themes.run_stopped(project, run_id, "cancelled")
            raise
        except Exception as exc:  # one question's fault leaves the others' themes to be found (and kept)
            if len(questions) == 1:
                store_themes.run_stopped(project, run_id, "failed")
                raise
            failed.append(f"warning: {q.key}: no themes found, its themes are as they were. "
                          + log_unexpected(exc, step=f"finding the themes of {q.key}", undone=False))
        done += size
        store_themes.run_done(project, q.key)
    progress(1.0, "Themes done")
    themes = sum(r.created + r.kept for r in out)
    answers = sum(r.answers for r in out)
    unassigned = sum(r.unassigned_share * r.answers for r in out) / answers if answers else 0.0
    found = sum(r.campaigns for r in out)
    warnings = [w for q in questions
                if (w := language_warning(q.key, Counter(responses.answer_languages(project, q.id).values())))]
    if not out and not failed:
        return "No open (free-text) question to find themes in (closed questions are counted, not themed)."
    # themes guided by the codebook or by kept themes, unasked: say so (a lead read the codebook's names
    # as the model's own findings)
    guided = [] if expected_themes else [
        f"note: {r.question_key}: guided by {len(r.expected)} expected theme(s) from the codebook and the themes "
        f"kept ({', '.join(repr(label) for label in r.expected[:3])}{', ...' if len(r.expected) > 3 else ''}); "
        "their names come from there, not from the answers" for r in out if r.expected]
    return "\n".join([f"{themes} themes in {len(out)} question(s) from {answers:,} answers; {unassigned:.0%} "
                      f"unassigned; {found} campaign(s); embedder {embedder.name}", *guided, *warnings, *failed])


#: the share of answers in other languages above which a question's run warns (see :func:`language_warning`)
OTHER_LANGUAGES_WARN = 0.05  # a tenth of a Welsh consultation's answers already form themes of their own
OTHER_LANGUAGES_MIN = 10  # and as many answers as make a theme


def language_warning(question_key: str, counts: dict[str, int]) -> str:
    """A warning when many of a question's answers are not in English: the embedding models read
    English, so answers in other languages group among themselves rather than with the same point
    made in English.
    ``counts``: answers by detected language ("" when too short to tell)."""
    told = {lang: n for lang, n in counts.items() if lang}
    total = sum(told.values())
    other = total - told.get("en", 0)
    if total < 20 or other < max(OTHER_LANGUAGES_MIN, OTHER_LANGUAGES_WARN * total):
        return ""
    top = ", ".join(f"{lang} {n / total:.0%}" for lang, n in sorted(told.items(), key=lambda kv: -kv[1])
                    if lang != "en")
    return (f"warning: {question_key}: {other / total:.0%} of the answers are not in English ({top}); the theme model "
            "reads English, so answers in another language form themes of their own, marked with the language "
            "(the same point made in two languages is two themes: merge them after reading their quotes)")
