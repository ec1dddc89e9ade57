"""Trial 40: a code applied by hand settles its pending suggestion; a project holding a suggestion rejected (or still
pending) beside the same code applied reads it as accepted; "code next" asks last for answers the analyst passed over,
and spreads its choice across the codes."""

from __future__ import annotations

import json

import numpy as np
from test_autocode import RUN, LearningOrderCoder, WordEmbedder, coded, pending  # noqa: F401 - the fixture

from consult_analyser.actions import coding as ops
from consult_analyser.export.csv_export import export_csv
from consult_analyser.pipeline.coding import autocode
from consult_analyser.pipeline.coding.learning_order import order_to_code
from consult_analyser.store import browse, codings, suggestions


def _suggested(project):
    autocode.suggest_question(project, "Q2", **RUN)
    return pending(project)[0]


def test_coding_a_suggested_code_by_hand_settles_its_suggestion_and_x_leaves_no_rejection(coded):  # noqa: F811
    project, codes, lookup = coded
    first = _suggested(project)
    add = ops.AddCoding(first.code_id, first.response_id)
    add.apply(project)
    settled = suggestions.get_suggestion(project, first.response_id, first.code_id)
    assert (settled.status, settled.decided_by) == ("accepted", "tester")
    # the Reader shows pending suggestions only: no "Code? 49%" beside the code just applied, and X rejects the rest
    assert first.code_id not in {s.code_id for s in suggestions.list_suggestions(project, response_id=first.response_id)}
    rest = [(s.response_id, s.code_id) for s in suggestions.list_suggestions(project, response_id=first.response_id)]
    ops.RejectSuggestions(rest).apply(project)
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "accepted"
    # the coding stays the analyst's (learned from as hand coding), not a model's accepted one
    assert [c.source.value for c in codings.list_codings(project, response_id=first.response_id)] == ["analyst"]
    add.revert(project)  # undo puts the suggestion back as it was
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "pending"


def test_taking_a_hand_applied_suggested_code_off_again_rejects_its_suggestion(coded):  # noqa: F811
    project, codes, lookup = coded
    first = _suggested(project)
    add = ops.AddCoding(first.code_id, first.response_id)
    add.apply(project)
    ops.RemoveCodings([add.coding.id]).apply(project)
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "rejected"


def test_a_coding_import_and_a_passage_settle_suggestions_too(coded):  # noqa: F811
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    one, two = pending(project)[:2]
    text = project.scalar("SELECT text FROM responses WHERE id = ?", (one.response_id,))
    ops.AddCoding(one.code_id, one.response_id, 0, min(5, len(text))).apply(project)
    ops.CodeSearchResults(two.code_id, response_ids=[two.response_id]).apply(project)
    assert {suggestions.get_suggestion(project, s.response_id, s.code_id).status for s in (one, two)} == {"accepted"}


def test_a_project_holding_a_rejection_beside_the_code_applied_reads_it_as_accepted(coded, tmp_path):  # noqa: F811
    """Rule for projects made before: the answer's coding decides. A suggestion rejected (X after the number key) or
    left pending beside the same code applied reads as accepted, in the Reader, the counts, the exports and the
    rejections the model learns from."""
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    rejected, waiting = pending(project)[:2]
    for s in (rejected, waiting):  # written as an older version left them: the coding beside the suggestion
        project.conn.execute("INSERT INTO codings(id, code_id, response_id, coder, source, confidence, created_at)"
                             " VALUES (?, ?, ?, 'tester', 'analyst', 1.0, '2026-01-01')",
                             (f"old-{s.code_id[:6]}-{s.response_id[:6]}", s.code_id, s.response_id))
    project.conn.execute("UPDATE suggestions SET status = 'rejected' WHERE response_id = ? AND code_id = ?",
                         (rejected.response_id, rejected.code_id))
    project.conn.commit()
    for s in (rejected, waiting):
        assert suggestions.get_suggestion(project, s.response_id, s.code_id).status == "accepted"
        assert (s.response_id, s.code_id) not in {(p.response_id, p.code_id) for p in pending(project)}
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    assert (rejected.response_id, rejected.code_id) not in suggestions.decided_pairs(project, q2)
    counts = suggestions.status_counts(project)
    assert counts["rejected"] == 0 and counts["accepted"] == 2
    export_csv(project, tmp_path / "s.csv", "suggestions")
    rows = (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    assert ",rejected," not in rows and rows.count(",accepted,") == 2


def test_code_next_asks_last_for_answers_the_analyst_passed_over(coded):  # noqa: F811
    project, codes, lookup = coded
    first = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    order = json.loads(project.get_meta("autocode.learning_order." + project.scalar("SELECT id FROM questions"
                                                                                    " WHERE key = 'Q2'")))
    skipped = order[1]
    for rid in (order[0], order[2], order[3]):  # the analyst coded the list's 1st, 3rd and 4th, not the 2nd
        codings.add_coding(project, codes["Funding"].id, rid)
    again = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    skipped_id = codings.external_ids(project, [skipped])[0]
    assert skipped_id in first.next_to_code[:2] and again.next_to_code[-1] == skipped_id
    assert again.passed_over == 1 and "1 answer(s) passed over" in again.summary()
    # a single answer deep in the list coded after a search passes nothing over
    project.set_meta("autocode.passed_over." + project.scalar("SELECT id FROM questions WHERE key = 'Q2'"), "[]")
    order = json.loads(project.get_meta("autocode.learning_order." + project.scalar(
        "SELECT id FROM questions WHERE key = 'Q2'")))
    codings.add_coding(project, codes["Schools"].id, order[-1])
    third = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    assert third.passed_over == 0


def test_next_uncoded_moves_past_the_answer_left_uncoded(coded):  # noqa: F811
    project, codes, lookup = coded
    result = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    ids = [project.scalar("SELECT id FROM respondents WHERE external_id = ?", (e,)) for e in result.next_to_code[:3]]
    assert browse.next_uncoded_respondent(project, None) == ids[0]
    # U on the 1st (left uncoded) goes to the 2nd; the 2nd coded, U goes on to the 3rd, not back to the 1st
    assert browse.next_uncoded_respondent(project, ids[0]) == ids[1]
    codings.add_coding(project, codes["Funding"].id,
                       project.scalar("SELECT id FROM responses WHERE respondent_id = ? AND text != ''", (ids[1],)))
    assert browse.next_uncoded_respondent(project, ids[1]) == ids[2]


def test_the_order_to_code_next_takes_each_code_in_proportion():
    """200 answers the model is unsure are code 0 (the common one) and 20 it is sure are code 1, the rarer: by
    uncertainty alone the first 20 asked are all code 0; stratified, code 1 gets its share of them."""
    rng = np.random.default_rng(0)
    proba = np.zeros((220, 2))
    proba[:200] = [0.5, 0.05]  # unsure of code 0 (its cut-off 0.5)
    proba[200:] = [0.05, 0.9]
    thresholds = np.array([0.5, 0.5])
    vectors = rng.normal(size=(220, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    plain = order_to_code(proba, thresholds, vectors, 20, stratify=False)
    spread = order_to_code(proba, thresholds, vectors, 20)
    assert sum(i >= 200 for i in plain) == 0
    assert 2 <= sum(i >= 200 for i in spread) <= 5
    assert len(set(spread)) == 20


def test_the_annex_says_the_suggestion_check_is_older_than_the_coding(coded):  # noqa: F811
    from test_autocode import _all_coded

    from consult_analyser.pipeline.coding.check import checks_sentence
    from consult_analyser.store import checks

    project, _ = _all_coded(coded)
    autocode.check_question(project, "Q2", folds=5, **RUN)
    stored = checks.load(project, checks.SUGGESTIONS)
    fresh = checks_sentence(stored, codings.coded_now(project))
    assert "made at 15 coded answers, too few to rely on, 20" in fresh and "older" not in fresh
    first = codings.list_codings(project)[0]  # an answer taken off (its only code): 14 coded now
    codings.remove_codings(project, [first.id])
    later = checks_sentence(stored, codings.coded_now(project))
    assert "made at 15 coded answers" in later and "; older than the coding: 14 answers coded now)" in later
