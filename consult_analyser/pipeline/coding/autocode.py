"""Auto-coding: suggest codes for uncoded answers from the codings analysts have made.

For one question, the answers analysts coded (a few per code is enough) and the codes'
descriptions train a few-shot multi-label model
(:class:`consult_analyser.pipeline.coding.model.FewShotCoder`) on cached sentence embeddings;
the model then suggests codes, with a confidence, for the question's answers that carry no
coding yet. Suggestions are stored as pending with the model's name and version; analysts
accept or reject them (:mod:`consult_analyser.actions.coding`). A rejected suggestion is
never made again, and rejections are negative evidence at the next retraining: an answer that
is a near copy of one where a code was rejected (and closer to it than to anything coded with
that code) is not suggested that code either. Retraining is cheap because embeddings are cached
in the project.
"""

from __future__ import annotations

import inspect
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from consult_analyser.pipeline.coding import copies
from consult_analyser.pipeline.coding.check import DEFAULT_FOLDS, CodingCheck, check_coding
from consult_analyser.pipeline.coding.families import MIXED, NO_POSITION, STANCE_CUES, STANCE_FAMILY, STANCES
from consult_analyser.pipeline.coding.nonanswer_codes import NonAnswerCodes, non_answer_codes
from consult_analyser.pipeline.themes.nonanswers import asks_yes_or_no, is_non_answer
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import campaigns, checks, codebook, codings, suggestions
from consult_analyser.store.embedding_cache import cached_embeddings
from consult_analyser.store.project import Project
from consult_analyser.store.questions import find_question, list_questions

MIN_CODED_ANSWERS = 2  # fewer coded answers than this: nothing to learn from
#: a code learned from fewer coded answers than this is named in the run's summary (a trial's code with 3
#: examples was right in 0 of 5 suggestions)
FEW_EXAMPLES = 4
#: a code is suggested only once this many coded answers (or as many as carry it, if fewer) show what
#: it is not: one code made from a theme (13 answers, 4 others coded) was suggested for 187 of 233
#: answers at 89-96%
MIN_NEGATIVES = 5
# Cosine similarity from which an uncoded answer counts as a near-copy of a rejected one. Vetoing
# every answer merely closer to a rejection than to a coded answer cost 0.016 micro-F1 on ANES
# (150 suggestions reviewed); from 0.8 the veto is neutral on F1 and still catches repeated texts.
NEAR_COPY = 0.8


@dataclass
class AutocodeResult:
    """What one auto-coding run did for one question."""

    question_key: str
    coded_answers: int = 0  # answers the model learned from
    codes: int = 0  # codes it can suggest
    uncoded_answers: int = 0  # answers it looked at
    suggested_answers: int = 0  # of those, answers given at least one suggestion
    suggestions: int = 0
    model: str = ""
    seconds: float = 0.0
    skipped: str = ""  # why nothing was suggested, if so
    #: names of codes not suggested: too few coded answers without them (see MIN_NEGATIVES)
    untaught: list[str] = field(default_factory=list)
    #: respondents' ids (as imported) of uncoded answers in the order to code them next (active learning)
    next_to_code: list[str] = field(default_factory=list)
    #: uncoded answers with nothing to code ("N/A") left out of :attr:`next_to_code` (none where analysts code them)
    non_answers_left_out: int = 0
    #: uncoded answers passed over in the last "code next" order (the analysts coded answers after them): asked last
    passed_over: int = 0
    #: answers coded only by accepting suggestions in bulk (above a confidence, unread one by one), with none
    #: rejected: not learned from (a code they do not carry is undecided, not "does not apply"; and the model
    #: would learn from its own output), and suggested the codes they do not carry again. Answers whose
    #: suggestions an analyst accepted one by one, where they could add codes, are learned from as coded by hand
    partly_reviewed: int = 0
    #: names of codes suggested from fewer than FEW_EXAMPLES coded answers: their suggestions are guesses
    few_examples: list[str] = field(default_factory=list)
    #: uncoded answers with nothing to code ("Please see attached", "N/A"): suggested only :attr:`non_answer_codes`
    non_answers: int = 0
    #: names of the codes the analysts give such answers as such (most of those they coded carry it; never a side)
    non_answer_codes: list[str] = field(default_factory=list)
    #: campaign members whose side rests on words of their own, not on the campaign's standard wording
    own_words: int = 0
    #: answers whose side was held to copies.CONTESTED_CONFIDENCE: copies of their text were suggested other sides
    contested: int = 0

    def non_answer_note(self) -> str:
        """What the uncoded answers with nothing to code were suggested ("" if there are none)."""
        if not self.non_answers:
            return ""
        what = (" ".join(f'"{name}"' for name in self.non_answer_codes) + " only, as you coded such answers"
                if self.non_answer_codes else "nothing (code a few such answers with a code that says so, such as "
                "\"No position\", to have it suggested)")
        return (f"; {self.non_answers:,} of them have nothing to code (\"Please see attached\", \"N/A\", a list of "
                f"signatories: the \"No substantive answer\" theme) and are suggested {what}")

    def summary(self) -> str:
        if self.skipped:
            return f"{self.question_key}: skipped ({self.skipped})"
        if self.model == CUE_MODEL:
            return (f"{self.question_key}: {self.suggestions:,} Stance suggestions for {self.suggested_answers:,} of "
                    f"{self.uncoded_answers:,} uncoded answers, from the Stance codes' cue phrases alone (\"we "
                    "support\", \"withdraw the rule\"); code a few answers to get suggestions from what you code")
        line = (f"{self.question_key}: {self.suggestions:,} suggestions for {self.suggested_answers:,} of "
                f"{self.uncoded_answers:,} uncoded answers ({self.codes} codes learned from "
                f"{self.coded_answers:,} coded answers, {self.seconds:.1f} s)")
        line += self.non_answer_note()
        if self.own_words:
            line += (f"; {self.own_words:,} campaign member(s) are suggested a side from words of their own, not from the "
                     "campaign's standard wording (the suggestion says so)")
        if self.contested:
            line += (f"; {self.contested:,} answer(s) are copies of a text whose other copies were suggested another side: "
                     f"their side is suggested at {copies.CONTESTED_CONFIDENCE:.0%} at most (read them)")
        if self.partly_reviewed:
            line += (f"; {self.partly_reviewed:,} answers coded only by accepting suggestions in bulk were suggested "
                     "again, not learned from (accept or reject their suggestions one by one, or code them by hand, "
                     "to teach the model)")
        if self.passed_over:
            line += (f"; {self.passed_over:,} answer(s) passed over in the last \"code next\" list are asked for last (to "
                     "record that no code applies, apply a code that says so, such as \"Nothing to code\")")
        if self.few_examples:
            shown = ", ".join(self.few_examples[:5]) + (", ..." if len(self.few_examples) > 5 else "")
            line += (f"; learned from fewer than {FEW_EXAMPLES} answers each, so take their suggestions as "
                     f"guesses: {shown}")
        if self.untaught:
            shown = ", ".join(self.untaught[:5]) + (", ..." if len(self.untaught) > 5 else "")
            line += (f"; not suggested yet: {shown} (code more answers that do not carry "
                     f"{'it' if len(self.untaught) == 1 else 'each'}, up to {MIN_NEGATIVES}, so the model learns "
                     "what it is not)")
        return line


def default_model_factory() -> Any:
    from consult_analyser.pipeline.coding.model import FewShotCoder

    return FewShotCoder(random_state=0)


def default_embedder() -> Any:
    """The first available embedder (the measured default when its model files are present)."""
    from consult_analyser.pipeline.embeddings import available_embedders, get_embedder

    names = available_embedders()
    return get_embedder(names[0] if names else None)


def embed(project: Project, embedder: Any, texts: list[str], progress: ProgressFn | None = None) -> np.ndarray:
    """Vectors for ``texts``, cached in the project (except for embedders fitted on their input)."""
    if getattr(embedder, "name", "") == "tfidf-svd":
        return np.asarray(embedder.encode(texts, progress), dtype=np.float32)
    return cached_embeddings(project, f"{embedder.name}:{embedder.version}", texts,
                             lambda missing: embedder.encode(missing, progress))


def embed_answers(project: Project, embedder: Any, answers: list[tuple[str, str]], canonical: dict[str, str],
                  progress: ProgressFn | None = None) -> np.ndarray:
    """Vectors of a question's answers ``(id, text)``: a campaign member's are its campaign's standard
    wording's (a template with small edits means what the template means; 40,000 letters of a
    campaign were embedded one by one: 3 minutes and 2.2 GB before the first suggestion). Each
    answer's own words still count in the model's character n-grams. ``canonical``: answer id -> its
    campaign's canonical answer id (:func:`consult_analyser.store.campaigns.canonical_answers`)."""
    text_of = dict(answers)
    shown = [text_of.get(canonical.get(rid, ""), text) for rid, text in answers]
    distinct = list(dict.fromkeys(shown))
    vectors = embed(project, embedder, distinct, progress)
    row = {text: i for i, text in enumerate(distinct)}
    return vectors[[row[text] for text in shown]] if len(distinct) else vectors


def model_label(model: Any, embedder: Any) -> str:
    """Model name and version as stored with each suggestion."""
    module = inspect.getmodule(type(model))
    version = getattr(model, "version", None) or getattr(module, "MODEL_VERSION", None) or getattr(
        module, "__version__", "1")
    return f"{getattr(model, 'name', type(model).__name__)} {version} on {embedder.name}:{embedder.version}"


def suggest_question(project: Project, question: str, *, min_confidence: float | None = None, embedder: Any = None,
                     model_factory: Callable[[], Any] | None = None,
                     progress: ProgressFn | None = None) -> AutocodeResult:
    """Retrain on one question's codings and replace its pending suggestions. ``question`` is a
    key or id. To keep a window responsive, run it in a worker thread on ``project.reopen()``."""
    progress = progress or null_progress
    q = find_question(project, question)
    if q is None:
        raise ValueError(f"no question {question!r}")
    result = AutocodeResult(question_key=q.key)
    started = time.perf_counter()
    answers, labels, _, in_bulk_only = _coded(project, q.id)
    rejected = suggestions.decided_pairs(project, q.id, "rejected")
    # an answer a person coded, or one where they rejected a suggestion, says which codes do not apply, and so
    # does one whose suggestions they accepted one by one (the Reader's A or a suggestion's Enter: they read it
    # and could add codes; trial 40's analyst accepted 9 of 46 answers read so, which taught nothing). One
    # coded only by accepting suggestions in bulk (all over 90 % at once) does not, and learning from it
    # would teach the model its own output: a trial's repeated accept-and-rerun made each round's
    # 90 % suggestions right less often (0.96, 0.93, 0.85, 0.80). (Whether others still wait is no
    # test: a later run drops a suggestion it no longer makes, and the answer would then look decided.)
    carried = {rid: labels.pop(rid) for rid in in_bulk_only - {rid for rid, _ in rejected}}
    result.partly_reviewed = len(carried)
    # answers with nothing to code ("Please see attached"), by theme discovery's own test: suggested and taught
    # only the codes the analysts give such answers as such (see nonanswer_codes)
    empty_ids, blank, blank_names = _non_answers(project, q.text, answers, labels)
    set_aside = set()  # coded non-answers with nothing to teach: coded, not learned from, not suggested
    for rid in [r for r in labels if r in empty_ids]:
        labels[rid] = blank.learnable(labels[rid])
        if not labels[rid]:
            set_aside.add(rid)
            del labels[rid]
    result.non_answers = len(empty_ids - set(labels) - set_aside)
    result.non_answer_codes = blank_names
    classes = sorted({c for codes in labels.values() for c in codes})
    result.coded_answers, result.codes = len(labels), len(classes)
    # the built-in Stance codes before anyone has coded with them: from their cue phrases alone
    cued = _cue_suggestions(project, answers, {**labels, **dict.fromkeys(set_aside, set[str]())}, set(classes),
                            set(rejected))
    if len(labels) < MIN_CODED_ANSWERS or not classes:
        if cued:
            suggestions.replace_pending(project, q.id, cued, CUE_MODEL)
            result.model, result.suggestions = CUE_MODEL, len(cued)
            result.suggested_answers = len({r[0] for r in cued})
            result.uncoded_answers = len(answers) - len(labels) - len(set_aside)
            result.seconds = time.perf_counter() - started
            return result
        result.skipped = f"{len(labels)} coded answer(s); code at least {MIN_CODED_ANSWERS} to get suggestions"
        return result
    embedder = embedder or default_embedder()
    texts = [t for _, t in answers]
    canonical = campaigns.canonical_answers(project, q.id)  # answer -> its campaign's canonical answer
    vectors = embed_answers(project, embedder, answers, canonical, scaled(progress, 0.0, 0.7))
    coded = [i for i, (rid, _) in enumerate(answers) if rid in labels]
    uncoded = [i for i, (rid, _) in enumerate(answers) if rid not in labels and rid not in set_aside]
    # coding 40 copies of a campaign letter alike is one decision about one text: taught once
    once = set(copies.one_row_per_campaign([answers[i][0] for i in coded], labels, canonical))
    taught = [i for i in coded if answers[i][0] in once]
    result.uncoded_answers = len(uncoded)
    progress(0.75, "Learning from coded answers")
    model = (model_factory or default_model_factory)()
    descriptions = _descriptions(project, classes)
    rows: list[tuple[Any, ...]] = []
    family = {c for group in exclusive_families(project) for c in group}
    own: dict[str, str] = {}
    # The matrices are small: one BLAS thread is as fast and leaves the other cores to the window.
    with threadpool_limits(limits=1, user_api="blas"):
        model.fit([texts[i] for i in taught], vectors[taught], [sorted(labels[answers[i][0]]) for i in taught],
                  unlabelled_texts=[texts[i] for i in uncoded], unlabelled_embeddings=vectors[uncoded],
                  code_descriptions=descriptions, **_family_options(model, project))
        result.model = model_label(model, embedder)
        progress(0.9, "Suggesting codes")
        if uncoded:
            options = {} if min_confidence is None else {"min_confidence": min_confidence}  # else the model's cut-offs
            found = model.suggest([texts[i] for i in uncoded], vectors[uncoded], **options)
            cues = family_cues(project)
            found, own = copies.campaign_pairs(
                model, answers, vectors, uncoded, found, canonical, family, cues,
                _mixed_code(cues),
                lambda words: embed(project, embedder, words), options)
            result.own_words = len(own)
            if hasattr(model, "learning_order"):
                # "n/a", "see attached": nothing to learn a code from. Never asked for while an answer with something
                # to code is left (trial 48: 6 of the first 10 were covering notes and signatory lists), and not at
                # all unless the analysts code such answers too (a team trial's coders coded "No idea" and "Not sure"
                # don't_know)
                said = [j for j, i in enumerate(uncoded) if answers[i][0] not in empty_ids]
                unsaid = [j for j, i in enumerate(uncoded) if answers[i][0] in empty_ids]
                order = [said[j] for j in model.learning_order([texts[uncoded[j]] for j in said], vectors[uncoded][said],
                                                               n=200)] if said else []
                if blank.coded and unsaid and len(order) < 200:
                    order += [unsaid[j] for j in model.learning_order([texts[uncoded[j]] for j in unsaid],
                                                                      vectors[uncoded][unsaid], n=200 - len(order))]
                else:
                    result.non_answers_left_out = len(unsaid)
                # one letter of a campaign teaches what all its letters would: the others are not asked for
                asked: set[str] = set()
                learning = []
                for j in order:
                    rid, group = answers[uncoded[j]][0], canonical.get(answers[uncoded[j]][0], answers[uncoded[j]][0])
                    if group not in asked:
                        asked.add(group)
                        learning.append(rid)
                # an answer the analysts passed over in the last list (coded the answers after it, not it) is asked for
                # last: a trial's "can't pinpoint any one thing" was offered in 3 lists of 20 and by U in the Reader
                passed = suggestions.passed_over(project, q.id, set(labels) | set(carried))
                result.passed_over = sum(rid in passed for rid in learning)
                learning = ([rid for rid in learning if rid not in passed] + [rid for rid in learning if rid in passed])[:50]
                result.next_to_code = codings.external_ids(project, learning)
                suggestions.save_learning_order(project, q.id, learning, passed)
            veto = _rejection_veto(answers, vectors, labels, rejected, uncoded)
            carrying = {c: sum(1 for codes in labels.values() if c in codes) for c in classes}
            # as many answers without it as with it, up to MIN_NEGATIVES, and never none
            untaught = {c for c in classes
                        if len(labels) - carrying[c] < max(1, min(MIN_NEGATIVES, carrying[c]))}
            result.untaught = sorted(code.name for c in untaught if (code := codebook.get_code(project, c)))
            result.few_examples = sorted(code.name for c in classes if c not in untaught and carrying[c] < FEW_EXAMPLES
                                         and (code := codebook.get_code(project, c)))
            # a code most of whose codings a model made (a theme made into a code) teaches the theme model's
            # grouping back: its suggestions are never surer than MODEL_TAUGHT (a trial's were all at 99%, and
            # "Accept all >= 90%" would have taken them wholesale)
            given, by_people = Counter[str](), Counter[str]()
            for coding in codings.list_codings(project, question_id=q.id):
                given[coding.code_id] += 1
                by_people[coding.code_id] += codings.by_people(coding)
            taught_by_people = {c for c, n in given.items() if by_people[c] >= 0.5 * n}
            for i, pairs in zip(uncoded, found, strict=True):
                rid = answers[i][0]
                if rid in empty_ids:  # a trial's 168 cover notes were given a stance at up to 95%
                    rows.extend((rid, code_id, conf) for code_id, conf in blank.codes.items()
                                if (rid, code_id) not in veto and code_id not in carried.get(rid, ()))
                    continue
                rows.extend((rid, code_id, float(conf) if code_id in taught_by_people else min(float(conf), MODEL_TAUGHT),
                             f'{result.model} {copies.OWN_WORDS}: "{campaigns.opening(own[rid], 80)}"'
                             if rid in own and code_id in family else "")
                            for code_id, conf in pairs
                            if (rid, code_id) not in veto and code_id not in untaught
                            and code_id not in carried.get(rid, ()))
    made = {(r[0], r[1]) for r in rows}
    rows += [r for r in cued if (r[0], r[1]) not in made]
    # copies of one text (a campaign's members, paraphrases of one letter) suggested different sides: none is sure
    decided = {rid: next(iter(codes & family)) for rid, codes in labels.items() if len(codes & family) == 1}
    rows, result.contested = copies.contested(rows, copies.copy_groups([rid for rid, _ in answers], texts, vectors,
                                                                       canonical), family, decided, set(own))
    suggestions.replace_pending(project, q.id, rows, result.model)
    result.suggestions = len(rows)
    result.suggested_answers = len({r[0] for r in rows})
    result.seconds = time.perf_counter() - started
    progress(1.0, "Suggestions ready")
    return result


def _coded(project: Project, question_id: str, people_only: bool = False
           ) -> tuple[list[tuple[str, str]], dict[str, set[str]], set[str], set[str]]:
    """The question's answers (response id, text), the codes each coded one carries (with
    ``people_only``, only the answers a person coded by hand, with every code people gave them,
    accepted suggestions included: answers whose codes are all accepted suggestions are the ones the
    model was surest of, and checking it on them flatters it), the answers whose codings are all
    accepted suggestions, and of those the ones whose codings are all suggestions accepted in bulk
    (:func:`consult_analyser.store.suggestions.accepted_in_bulk`; the only coded answers
    :func:`suggest_question` does not learn from)."""
    answers = codings.answer_texts(project, question_id)
    labels: dict[str, set[str]] = {}
    by_hand: set[str] = set()
    otherwise: set[str] = set()  # answers with a coding that is not an accepted suggestion
    one_by_one: set[str] = set()  # answers with a suggestion accepted on its own answer
    for coding in codings.list_codings(project, question_id=question_id):
        if not people_only or codings.by_people(coding):
            labels.setdefault(coding.response_id, set()).add(coding.code_id)
        if codings.by_hand(coding):
            by_hand.add(coding.response_id)
        if not codings.accepted_suggestion(coding):
            otherwise.add(coding.response_id)
        elif not suggestions.accepted_in_bulk(coding):
            one_by_one.add(coding.response_id)
    accepted_only = {rid for rid in labels if rid not in otherwise}
    if people_only:
        labels = {rid: codes for rid, codes in labels.items() if rid in by_hand}
    return answers, labels, accepted_only, accepted_only - one_by_one


#: the highest confidence of a suggestion for a code no person has coded with (see suggest_question)
MODEL_TAUGHT = 0.75
#: the model name stored with a Stance suggestion made from cue phrases alone
CUE_MODEL = "stance cue phrases"
#: its confidence: a cue of one side alone placed 101 of 110 real US rulemaking comments right (92 %; the
#: only stance set, so the figure is an upper estimate)
CUE_CONFIDENCE = 0.85


def _non_answers(project: Project, question_text: str, answers: list[tuple[str, str]],
                 labels: dict[str, set[str]]) -> tuple[set[str], NonAnswerCodes, list[str]]:
    """The answers with nothing to code (theme discovery's own test, "No substantive answer"), the codes the analysts
    give such answers as such (:func:`~consult_analyser.pipeline.coding.nonanswer_codes.non_answer_codes`) and those
    codes' names: one reading for suggesting and for checking."""
    no_is_a_side = asks_yes_or_no(question_text)
    empty_ids = {rid for rid, text in answers if is_non_answer(text, no_is_a_side=no_is_a_side)}
    blank = non_answer_codes(labels, empty_ids, stance_sides(project))
    return empty_ids, blank, sorted(code.name for c in blank.codes if (code := codebook.get_code(project, c)))


def _mixed_code(cues: dict[str, Any]) -> str | None:
    """The code of the built-in Stance family's "Mixed" among ``cues`` (code id -> its cue), if it is there."""
    return next((code_id for code_id, cue in cues.items() if cue is STANCE_CUES[MIXED]), None)


def _cue_suggestions(project: Project, answers: list[tuple[str, str]], labels: dict[str, set[str]],
                     learned: set[str], rejected: set[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """Stance suggestions from cue phrases ("we support", "withdraw the proposed rule") for answers
    nobody coded, while no answer is coded with a Stance code (the model cannot learn them yet): the
    side whose cue alone the answer writes. ``rejected`` (answer, code) pairs are not made again."""
    cues = family_cues(project)
    if not cues or set(cues) & learned:
        return []
    mixed = _mixed_code(cues)
    rows = []
    for rid, text in answers:
        if rid in labels:
            continue
        sides = [code_id for code_id, cue in cues.items() if cue.search(text)]
        if mixed is not None and mixed in sides:  # "we agree with the principle, but ...": a reservation
            sides = [mixed]
        if len(sides) == 1 and (rid, sides[0]) not in rejected:
            rows.append((rid, sides[0], CUE_CONFIDENCE))
    return rows


def _descriptions(project: Project, code_ids: list[str]) -> dict[str, str]:
    codes = [codebook.get_code(project, code_id) for code_id in code_ids]
    return {c.id: f"{c.name}. {c.description}".strip() for c in codes if c is not None}


def check_question(project: Project, question: str, *, folds: int = DEFAULT_FOLDS, embedder: Any = None,
                   model_factory: Callable[[], Any] | None = None, progress: ProgressFn | None = None) -> CodingCheck:
    """How good suggestions are on one question (key or id): the codings people made (or accepted)
    hidden a fold at a time and suggested again, beside the plain baseline (see :mod:`.check`);
    where people have coded too few answers, the model's codings (codes made from themes) instead,
    as the figures say (``basis``). Changes no coding or suggestion; the figures are kept with the
    project and the check is recorded in the audit log."""
    progress = progress or null_progress
    q = find_question(project, question)
    if q is None:
        raise ValueError(f"no question {question!r}")
    answers, labels, _, _ = _coded(project, q.id, people_only=True)
    basis = "people"
    if len(labels) < 2 * folds:
        _, every, accepted_only, _ = _coded(project, q.id)
        every = {rid: codes for rid, codes in every.items() if rid not in accepted_only}
        if len(every) > len(labels):
            labels, basis = every, "model"
    # answers with nothing to code are suggested by the analysts' own codings of such answers, not by the model
    empty_ids, blank, blank_names = _non_answers(project, q.text, answers, labels)
    scope = (sum(rid not in labels for rid, _ in answers), len(empty_ids - set(labels)), len(empty_ids & set(labels)))
    labels = {rid: codes for rid, codes in labels.items() if rid not in empty_ids}
    embedder = embedder or default_embedder()
    texts = [t for _, t in answers]
    vectors = embed(project, embedder, texts, scaled(progress, 0.0, 0.3)) if labels else np.zeros((0, 1))
    coded = [i for i, (rid, _) in enumerate(answers) if rid in labels]
    uncoded = [i for i, (rid, _) in enumerate(answers) if rid not in labels]
    factory = model_factory or default_model_factory
    options = {"code_descriptions": _descriptions(project, sorted({c for v in labels.values() for c in v})),
               **_family_options(factory(), project)}
    with threadpool_limits(limits=1, user_api="blas"):
        check = check_coding([texts[i] for i in coded], vectors[coded], [sorted(labels[answers[i][0]]) for i in coded],
                             factory, unlabelled_texts=[texts[i] for i in uncoded],
                             unlabelled_vectors=vectors[uncoded] if uncoded else None, fit_options=options,
                             folds=folds, progress=scaled(progress, 0.3, 1.0))
    check.names = {c: (code.name if (code := codebook.get_code(project, c)) is not None else c) for c in check.classes}
    check.basis = basis
    check.uncoded, check.uncoded_non_answers, check.coded_non_answers = scope
    check.non_answer_codes = blank_names
    figures = check.summary()
    with project.transaction():
        checks.save(project, checks.SUGGESTIONS, figures, q.key)
        project.audit("check_suggestions", "question", q.id, folds=folds, answers=check.n,
                      micro_f1=figures.get("micro_f1"), baseline_micro_f1=figures.get("baseline_micro_f1"))
    return check


def stance_sides(project: Project) -> set[str]:
    """Code ids of the built-in Stance family's sides (Supports, Opposes, Mixed: not "No position")."""
    family = codebook.code_at_path(project, STANCE_FAMILY)
    if family is None:
        return set()
    return {c.id for c in codebook.children(project, family.id) if c.name in STANCES and c.name != NO_POSITION}


def exclusive_families(project: Project) -> list[list[str]]:
    """Code ids of which an answer carries one at most: the built-in Stance family's codes (an
    answer takes one side), when the codebook has it."""
    family = codebook.code_at_path(project, STANCE_FAMILY)
    if family is None:
        return []
    return [[c.id for c in codebook.children(project, family.id)]]


def family_cues(project: Project) -> dict[str, Any]:
    """The built-in Stance codes' cue phrases (:data:`STANCE_CUES`), by code id, when the codebook
    has the family and its codes keep their built-in names."""
    family = codebook.code_at_path(project, STANCE_FAMILY)
    if family is None:
        return {}
    return {c.id: STANCE_CUES[c.name] for c in codebook.children(project, family.id) if c.name in STANCE_CUES}


def _family_options(model: Any, project: Project) -> dict[str, Any]:
    """``exclusive_groups`` and ``code_cues`` for a model whose ``fit`` takes them (the default
    model does)."""
    accepted = inspect.signature(model.fit).parameters
    options: dict[str, Any] = {}
    if (groups := exclusive_families(project)) and "exclusive_groups" in accepted:
        options["exclusive_groups"] = groups
    if (cues := family_cues(project)) and "code_cues" in accepted:
        options["code_cues"] = cues
    return options


def _rejection_veto(answers: list[tuple[str, str]], vectors: np.ndarray, labels: dict[str, set[str]],
                    rejected: list[tuple[str, str]], uncoded: list[int]) -> set[tuple[str, str]]:
    """(answer, code) pairs not to suggest: the rejected ones, and uncoded answers that are near
    copies (cosine >= NEAR_COPY) of an answer where the code was rejected and closer to it than to
    any answer coded with it."""
    veto = set(rejected)
    if not rejected or not uncoded:
        return veto
    index = {rid: i for i, (rid, _) in enumerate(answers)}
    for code_id in {c for _, c in rejected}:
        negatives = [index[r] for r, c in rejected if c == code_id and r in index]
        positives = [index[r] for r, codes in labels.items() if code_id in codes and r in index]
        if not negatives:
            continue
        candidates = vectors[uncoded]
        nearest_negative = (candidates @ vectors[negatives].T).max(axis=1)
        nearest_positive = (candidates @ vectors[positives].T).max(axis=1) if positives else np.full(
            len(uncoded), -1.0)
        for k in np.flatnonzero((nearest_negative > nearest_positive) & (nearest_negative >= NEAR_COPY)):
            veto.add((answers[uncoded[k]][0], code_id))
    return veto


def suggest_project(project: Project, question: str | None = None, *, min_confidence: float | None = None,
                    embedder: Any = None, model_factory: Callable[[], Any] | None = None,
                    progress: ProgressFn | None = None) -> list[AutocodeResult]:
    """Auto-code one question, or every question that has coded answers."""
    if question is not None:
        ids = [question]
    else:
        ids = codings.coded_question_ids(project)
    results = []
    for k, qid in enumerate(ids):
        results.append(suggest_question(project, qid, min_confidence=min_confidence, embedder=embedder,
                                        model_factory=model_factory,
                                        progress=scaled(progress, k / len(ids), (k + 1) / len(ids))))
    return results


def codebook_from_themes(project: Project, progress: ProgressFn | None = None, *, question_id: str | None = None,
                         signed_off_only: bool = False) -> tuple[int, int]:
    """Make codes from each question's themes (signed-off ones if any, else the candidates; only
    signed-off ones with ``signed_off_only``; one question's with ``question_id``), sub-themes as
    sub-codes, under a parent code named after the question key. Returns (codes made from themes,
    codings made)."""
    progress = progress or null_progress
    themes = codings.themes_for_codebook(project)
    if question_id is not None:
        themes = [t for t in themes if t[1] == question_id]
    if signed_off_only:  # a sub-theme of a signed-off theme is not signed off by it: the lead signs it off too
        signed = {r[0] for r in project.query("SELECT id FROM themes WHERE status = 'signed_off'")}
        themes = [t for t in themes if t[0] in signed]
    questions = {q.id: q for q in list_questions(project)}
    made = coded = 0
    with project.transaction():
        parents: dict[str, str] = {}  # question id or theme id -> code id
        for k, (theme_id, question_id, parent_theme) in enumerate(themes):
            if question_id not in parents:
                q = questions[question_id]
                parents[question_id] = codebook.ensure_path(project, q.key, description=q.text)[0].id
            # under its parent theme's code, or the question's when the parent made none
            parent_code = parents.get(parent_theme or "", parents[question_id])
            code = codings.code_from_theme(project, theme_id, parent_id=parent_code)
            parents[theme_id] = code.id
            made += 1
            coded += len(codings.list_codings(project, code_id=code.id))
            progress((k + 1) / max(1, len(themes)), "Codes from themes")
    return made, coded


def demo_autocode(project: Project, progress: ProgressFn | None = None, *, codes_from_themes: bool = False) -> str:
    """The ``demo`` step: with coded answers, suggest codes for the rest; without, skip. Themes
    become codes only when the team lead chooses (``codes_from_themes``, the Themes view's "Make
    code", or ``autocode --codes-from-themes``), never in bulk by default."""
    prefix = ""
    if not codings.coded_question_ids(project):
        if not codes_from_themes:
            return "skipped: nothing coded yet (themes become codes only when the team lead chooses)"
        if not codings.themes_for_codebook(project):
            return "skipped: no codes"
        made, coded = codebook_from_themes(project, scaled(progress, 0.0, 0.2))
        prefix = f"{made} codes from themes ({coded:,} codings); "
    results = suggest_project(project, progress=scaled(progress, 0.2, 1.0))
    total = sum(r.suggestions for r in results)
    answers = sum(r.suggested_answers for r in results)
    return f"{prefix}{total:,} suggestions for {answers:,} answers in {len(results)} question(s)"
