"""Trial 40: an answer whose suggestions an analyst accepted one by one (the Reader's A, Enter on a suggestion, the
suggestions table for one answer) is the analyst's judgement and is learned from, as a hand-coded one; one accepted
in bulk above a confidence ("Accept all >= 90%", ``autocode --accept-above``) is not."""

from __future__ import annotations

from test_autocode import RUN, CentroidCoder, coded, pending  # noqa: F401 - the fixture

from consult_analyser.actions import coding as ops
from consult_analyser.domain import Coding, Source
from consult_analyser.pipeline.coding import autocode
from consult_analyser.store import codings, suggestions


class RecordingCoder(CentroidCoder):
    """The stand-in model, keeping the texts and codes of the last fit: the training set."""

    trained: dict[str, list[str]] = {}

    def fit(self, texts, embeddings, label_sets, **options):
        RecordingCoder.trained = {text: sorted(labels) for text, labels in zip(texts, label_sets, strict=True)}
        return super().fit(texts, embeddings, label_sets, **options)


def _two_suggested_answers(project):
    autocode.suggest_question(project, "Q2", **RUN)
    by_answer: dict[str, list] = {}
    for s in pending(project):
        by_answer.setdefault(s.response_id, []).append(s)
    return list(by_answer.items())[:2]


def test_an_answer_accepted_one_by_one_is_learned_from_and_one_accepted_in_bulk_is_not(coded):  # noqa: F811
    project, codes, lookup = coded
    (one, its), (bulk, bulks) = _two_suggested_answers(project)
    texts = dict(codings.answer_texts(project, project.scalar("SELECT id FROM questions WHERE key = 'Q2'")))
    # the Reader's A on one answer: every suggestion on it, as AcceptSuggestions without a threshold
    ops.AcceptSuggestions([(s.response_id, s.code_id) for s in its]).apply(project)
    # "Accept all >= 90%" on the other: accepted with others above a confidence, unread one by one
    ops.AcceptSuggestions([(bulks[0].response_id, bulks[0].code_id)], bulk_threshold=0.5).apply(project)
    result = autocode.suggest_question(project, "Q2", embedder=RUN["embedder"], model_factory=RecordingCoder)
    assert RecordingCoder.trained[texts[one]] == sorted(s.code_id for s in its)
    assert texts[bulk] not in RecordingCoder.trained
    assert result.coded_answers == 7 and result.partly_reviewed == 1
    # the answer accepted one by one is coded, as one coded by hand: nothing more is suggested for it
    assert not suggestions.list_suggestions(project, response_id=one)
    assert {s.code_id for s in suggestions.list_suggestions(project, response_id=bulk)} == {s.code_id for s in bulks[1:]}


def test_one_suggestion_accepted_on_its_answer_makes_a_bulk_accepted_answer_learned_from(coded):  # noqa: F811
    """An analyst who opens an answer accepted in bulk and accepts (or rejects) a suggestion on it has read it."""
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    by_answer: dict[str, list] = {}
    for s in pending(project):
        by_answer.setdefault(s.response_id, []).append(s)
    bulk, bulks = next((r, found) for r, found in by_answer.items() if len(found) >= 2)
    ops.AcceptSuggestions([(bulk, bulks[0].code_id)], bulk_threshold=0.5).apply(project)
    assert autocode.suggest_question(project, "Q2", **RUN).partly_reviewed == 1
    again = suggestions.list_suggestions(project, response_id=bulk)
    assert again  # its other suggestions are made again, to be decided
    ops.AcceptSuggestion(bulk, again[0].code_id).apply(project)  # Enter on one of them in the Reader
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.partly_reviewed == 0 and result.coded_answers == 7


def test_a_coder_says_whether_its_suggestion_was_accepted_in_bulk():
    def coding(coder: str, source: Source = Source.MODEL) -> Coding:
        return Coding(code_id="c", response_id="r", coder=coder, source=source)

    assert suggestions.accepted_in_bulk(coding("model, accepted by Bob (in bulk, at 90% or more)"))
    assert suggestions.accepted_in_bulk(coding("model, accepted by Ann (Lead) (in bulk, at 60% or more)"))
    assert not suggestions.accepted_in_bulk(coding("model, accepted by Bob"))
    assert not suggestions.accepted_in_bulk(coding("model, accepted by Ann (Lead)"))
    assert not suggestions.accepted_in_bulk(coding("Bob (in bulk, at 90% or more)", Source.ANALYST))
    assert suggestions.accepter("model, accepted by Ann (Lead) (in bulk, at 60% or more)") == "Ann (Lead)"


def test_several_answers_suggestions_accepted_as_a_selection_are_accepted_in_bulk(coded):  # noqa: F811
    """The suggestions table's selection accepted at once is not read answer by answer: accepted in bulk, at
    the lowest confidence selected; one answer's selection is one by one."""
    project, codes, lookup = coded
    (one, its), (other, others) = _two_suggested_answers(project)
    pairs = [(s.response_id, s.code_id) for s in its[:1] + others[:1]]
    lowest = min(s.confidence for s in its[:1] + others[:1])
    made = ops.AcceptSuggestions(pairs, selected=True)
    made.apply(project)
    assert all(suggestions.accepted_in_bulk(c) for c in made.codings)
    assert f"at {lowest:.0%} or more" in made.codings[0].coder
    alone = ops.AcceptSuggestions([(s.response_id, s.code_id) for s in its[1:2]], selected=True)
    alone.apply(project)
    assert not any(suggestions.accepted_in_bulk(c) for c in alone.codings)
