"""Auto-coding: suggestions from analysts' codings, accept / reject (and undo), rejections as
negative evidence, themes to codebook, the demo step. A small stand-in model and embedder keep
these tests fast; one test runs the real FewShotCoder when it is installed."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
from conftest import write_survey

from consult_analyser.actions import coding as ops
from consult_analyser.domain import Source, new_id, now_iso
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.coding import autocode
from consult_analyser.store import checks, codebook, codings, suggestions

TOPICS = {
    "Funding": ["more funding for youth clubs", "councils need funding for libraries", "cuts to funding hurt clubs",
                "long term funding and grants", "funding for local centres"],
    "Language": ["free english classes for arrivals", "english lessons help people", "english classes cost too much",
                 "teach english at work", "more english teachers"],
    "Schools": ["school twinning works", "schools should mix pupils", "school linking programmes",
                "teachers in schools lead", "pupils from different schools meet"],
}


class WordEmbedder:
    """Hashed bag of words, L2-normalised: enough for word-overlap similarity."""

    name = "test-words"
    version = "1"
    dim = 64

    def encode(self, texts, progress=None, batch_size=64):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                stem = word[:5]
                out[i, int(hashlib.md5(stem.encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)


class CentroidCoder:
    """Stand-in with the FewShotCoder API: cosine to each code's centroid, squashed to 0..1."""

    version = "test"

    def __init__(self, random_state=0):
        self.random_state = random_state

    def fit(self, texts, embeddings, label_sets, unlabelled_texts=(), unlabelled_embeddings=None,
            code_descriptions=None):
        self.classes_ = sorted({c for labels in label_sets for c in labels})
        self.centroids_ = np.vstack([
            np.mean([e for e, labels in zip(embeddings, label_sets, strict=True) if c in labels], axis=0) for c in self.classes_])
        self.descriptions_ = dict(code_descriptions or {})
        return self

    def predict_proba(self, texts, embeddings):
        return np.clip(np.asarray(embeddings) @ self.centroids_.T * 2.0, 0, 1)

    def suggest(self, texts, embeddings, min_confidence=0.5):
        proba = self.predict_proba(texts, embeddings)
        return [[(self.classes_[j], float(p[j])) for j in np.argsort(-p) if p[j] >= min_confidence] for p in proba]


RUN = {"embedder": WordEmbedder(), "model_factory": CentroidCoder}


def _topic_rows() -> list[list[str]]:
    """One survey row a topic answer (R-001 ...), answering Q2."""
    return [[f"R-{n:03d}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"]
            for n, text in enumerate((t for texts in TOPICS.values() for t in texts), 1)]


@pytest.fixture
def coded(project, tmp_path):
    """20 respondents answering Q2 on three topics; two answers per topic coded."""
    rows = _topic_rows()
    rows.append(["R-099", "", "Individual", "", "", "", "", "", "Agree", "", "", "Yes"])  # no free text
    import_files(project, [write_survey(tmp_path / "survey.csv", rows)])
    codes = {t: codebook.create_code(project, t, description=f"answers about {t.lower()}") for t in TOPICS}
    lookup = codings.response_lookup(project)
    for k, topic in enumerate(TOPICS):
        for j in range(2):
            codings.add_coding(project, codes[topic].id, lookup[(f"R-{5 * k + j + 1:03d}", "Q2")][0])
    return project, codes, lookup


def pending(project):
    return suggestions.list_suggestions(project)


def test_suggests_codes_for_uncoded_answers_of_the_question(coded):
    project, codes, lookup = coded
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.coded_answers == 6 and result.codes == 3 and result.uncoded_answers == 9
    assert result.model == "CentroidCoder test on test-words:1"
    found = pending(project)
    assert found and all(s.model == result.model and 0.5 <= s.confidence <= 1 for s in found)
    coded_ids = {c.response_id for c in codings.list_codings(project)}
    assert not coded_ids & {s.response_id for s in found}
    by_answer: dict[str, str] = {}
    for s in found:  # most confident first
        by_answer.setdefault(s.response_id, s.code_id)
    hits = sum(by_answer.get(lookup[(f"R-{5 * k + j + 1:03d}", "Q2")][0]) == codes[t].id
               for k, t in enumerate(TOPICS) for j in range(2, 5))
    assert hits >= 7  # most topic answers get their topic's code
    assert result.summary().startswith("Q2: ")
    assert result.few_examples == sorted(TOPICS)  # two coded answers each
    assert "so take their suggestions as guesses: Funding, Language, Schools" in result.summary()
    # embeddings are cached in the project: the second run embeds nothing new
    assert project.scalar("SELECT COUNT(*) FROM embeddings WHERE model = 'test-words:1'") == 15


def test_skips_without_enough_codings(project, tmp_path):
    import_files(project, [write_survey(tmp_path / "s.csv")])
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.skipped and result.suggestions == 0
    with pytest.raises(ValueError, match="no question"):
        autocode.suggest_question(project, "Q77", **RUN)
    assert autocode.suggest_project(project, **RUN) == []


def test_accept_and_reject_with_undo(coded):
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    first, second = pending(project)[:2]
    accept = ops.AcceptSuggestion(first.response_id, first.code_id)
    accept.apply(project)
    coding = accept.codings[0]
    assert (coding.source, coding.coder, coding.confidence) == (Source.MODEL, "model, accepted by tester",
                                                                first.confidence)
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "accepted"
    accept.revert(project)
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "pending"
    assert codings.get_coding(project, coding.id) is None
    accept.apply(project)
    assert codings.get_coding(project, coding.id) is not None
    reject = ops.RejectSuggestion(second.response_id, second.code_id)
    reject.apply(project)
    assert suggestions.get_suggestion(project, second.response_id, second.code_id).decided_by == "tester"
    reject.revert(project)
    assert suggestions.get_suggestion(project, second.response_id, second.code_id).status == "pending"
    reject.apply(project)
    with pytest.raises(ValueError, match="already rejected"):
        suggestions.reject(project, second.response_id, second.code_id)
    with pytest.raises(ValueError, match="no such suggestion"):
        suggestions.accept(project, second.response_id, "nope")
    assert suggestions.status_counts(project)["rejected"] == 1


def test_rejected_suggestions_are_not_made_again(coded):
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    first = pending(project)[0]
    suggestions.reject(project, first.response_id, first.code_id)
    autocode.suggest_question(project, "Q2", **RUN)
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "rejected"
    assert (first.response_id, first.code_id) not in {(s.response_id, s.code_id) for s in pending(project)}
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    assert suggestions.decided_pairs(project, q2) == [(first.response_id, first.code_id)]


def test_rejections_hold_back_answers_that_resemble_them():
    answers = [("rejected", "a"), ("twin", "a"), ("coded", "b"), ("far", "c")]
    vectors = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.2, 0.98]], dtype=np.float32)
    veto = autocode._rejection_veto(answers, vectors, {"coded": {"X"}}, [("rejected", "X")], [1, 3])
    assert veto == {("rejected", "X"), ("twin", "X")}


def test_retraining_replaces_pending_and_learns_new_codings(coded):
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    answer = lookup[("R-013", "Q2")][0]
    assert suggestions.list_suggestions(project, response_id=answer)
    codings.add_coding(project, codes["Schools"].id, answer)
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.coded_answers == 7
    assert suggestions.list_suggestions(project, response_id=answer) == []  # coded now: no suggestions
    assert autocode.suggest_project(project, **RUN)[0].question_key == "Q2"


def test_an_answer_coded_only_by_accepting_suggestions_in_bulk_is_suggested_again_not_learned_from(coded):
    """Accepting the confident suggestions in bulk leaves an answer's other codes undecided: the next
    runs neither learn "does not apply" from them nor drop the answer's other suggestions, however
    often they run; a rejection (or a hand coding) makes it an answer a person reviewed."""
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    several = {}
    for s in pending(project):
        several.setdefault(s.response_id, []).append(s)
    rid, made = next((r, found) for r, found in several.items() if len(found) >= 2)
    ops.AcceptSuggestions([(rid, made[0].code_id)], bulk_threshold=0.5).apply(project)
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.partly_reviewed == 1 and result.coded_answers == 6  # not learned from
    assert "in bulk were suggested again, not learned from" in result.summary()
    again = {s.code_id for s in suggestions.list_suggestions(project, response_id=rid)}
    assert made[1].code_id in again and made[0].code_id not in again  # the accepted code is not suggested
    # a run that no longer makes its other suggestions does not make it look reviewed
    suggestions.replace_pending(project, project.scalar("SELECT id FROM questions WHERE key = 'Q2'"), [], "test")
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.partly_reviewed == 1 and result.coded_answers == 6
    # every suggestion decided: the answer is coded, and teaches the model
    for s in suggestions.list_suggestions(project, response_id=rid):
        ops.RejectSuggestion(rid, s.code_id).apply(project)
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.partly_reviewed == 0 and result.coded_answers == 7
    assert not suggestions.list_suggestions(project, response_id=rid)


def test_the_suggestion_check_leaves_out_answers_coded_only_by_accepting_suggestions(coded):
    project, codes = _all_coded(coded)  # 15 answers coded by an analyst
    autocode.check_question(project, "Q2", folds=5, **RUN)
    hand = checks.load(project, checks.SUGGESTIONS)["Q2"]["answers"]
    # an analyst codes one answer only by accepting a suggestion (as "Accept all >= 90%" does)
    answer = next(c.response_id for c in codings.list_codings(project))
    codings.remove_codings(project, [c.id for c in codings.list_codings(project, response_id=answer)])
    suggestions.replace_pending(project, project.scalar("SELECT id FROM questions WHERE key = 'Q2'"),
                                [(answer, codes["Funding"].id, 0.97)], "test")
    suggestions.accept(project, answer, codes["Funding"].id)
    check = autocode.check_question(project, "Q2", folds=5, **RUN)
    assert check.n == hand - 1 and check.basis == "people"
    assert "answers coded only by accepting suggestions are left out" in "\n".join(autocode_lines(check))


def test_taking_off_an_accepted_suggestion_rejects_it_and_undo_accepts_it_again(coded):
    project, codes, lookup = coded
    autocode.suggest_question(project, "Q2", **RUN)
    first = pending(project)[0]
    accept = ops.AcceptSuggestion(first.response_id, first.code_id)
    accept.apply(project)
    remove = ops.RemoveCoding(accept.codings[0].id)
    remove.apply(project)
    taken = suggestions.get_suggestion(project, first.response_id, first.code_id)
    assert (taken.status, taken.decided_by) == ("rejected", "tester")
    assert suggestions.status_counts(project)["accepted"] == 0
    autocode.suggest_question(project, "Q2", **RUN)  # not suggested again
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "rejected"
    remove.revert(project)
    assert suggestions.get_suggestion(project, first.response_id, first.code_id).status == "accepted"


def _accept_the_first_suggestion(project):
    """Suggest, accept the most confident suggestion; it and its respondent's id as imported."""
    autocode.suggest_question(project, "Q2", **RUN)
    first = pending(project)[0]
    suggestions.accept(project, first.response_id, first.code_id)
    return first, codings.external_ids(project, [first.response_id])[0]


def test_cli_takes_off_a_suggestion_the_analyst_accepted(coded, capsys):
    from consult_analyser.cli import main as cli

    project, codes, lookup = coded
    first, external = _accept_the_first_suggestion(project)
    name = codebook.get_code(project, first.code_id).name
    path = str(project.path)
    project.close()
    assert cli(["-q", "code", path, "--remove", external, "Q2", name]) == 0
    assert "removed 1 coding(s)" in capsys.readouterr().out


def test_next_uncoded_goes_where_the_model_would_learn_most_after_a_suggestion_run(coded):
    from consult_analyser.store import browse

    project, codes, lookup = coded
    first_in_file = browse.next_uncoded_respondent(project, None)
    result = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    wanted = project.scalar("SELECT p.id FROM respondents p WHERE p.external_id = ?", (result.next_to_code[0],))
    assert browse.next_uncoded_respondent(project, None) == wanted != first_in_file
    codings.add_coding(project, codes["Funding"].id,
                       project.scalar("SELECT id FROM responses WHERE respondent_id = ? AND text != ''", (wanted,)))
    second = project.scalar("SELECT p.id FROM respondents p WHERE p.external_id = ?", (result.next_to_code[1],))
    assert browse.next_uncoded_respondent(project, wanted) == second  # the coded one is passed over


class LearningOrderCoder(CentroidCoder):
    """The stand-in, with a learning order: the last uncoded answers first."""

    def learning_order(self, texts, embeddings, n=50):
        return list(range(len(texts)))[::-1][:n]


def test_stance_is_suggested_from_its_cue_phrases_before_anyone_codes_with_it(project, tmp_path, capsys):
    from consult_analyser.actions.coding import ImportCodebook
    from consult_analyser.pipeline.coding.families import builtin_rows

    texts = ["We support the proposed rule because it protects workers.", "I oppose this change entirely.",
             "Please withdraw the proposed rule, it will hurt farms.", "The rule is long and I have read it.",
             "We support parts of it but we oppose the rest.",
             # a trial's cue phrases read every such answer as Supports (35 of 35 of their errors)
             "We agree with the principle, but the detail needs careful thought."]
    rows = [[f"R-{i:03d}", "", "Individual", "", "", "", "", "", "Agree", "", t, "Yes"] for i, t in enumerate(texts)]
    import_files(project, [write_survey(tmp_path / "s.csv", rows)])
    ImportCodebook(builtin_rows()).apply(project)
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert not result.skipped and result.model == autocode.CUE_MODEL and "cue phrases" in result.summary()
    paths = codebook.code_paths(project)
    lookup = codings.response_lookup(project)
    made = {(s.response_id, paths[s.code_id].split(" > ")[-1]) for s in pending(project)}
    assert made == {(lookup[("R-000", "Q2")][0], "Supports"), (lookup[("R-001", "Q2")][0], "Opposes"),
                    (lookup[("R-002", "Q2")][0], "Opposes"),  # no cue: nothing
                    (lookup[("R-004", "Q2")][0], "Mixed"), (lookup[("R-005", "Q2")][0], "Mixed")}  # both, or a "but"
    assert all(s.confidence == autocode.CUE_CONFIDENCE for s in pending(project))
    first = pending(project)[0]
    suggestions.reject(project, first.response_id, first.code_id)
    autocode.suggest_question(project, "Q2", **RUN)
    assert (first.response_id, first.code_id) not in {(s.response_id, s.code_id) for s in pending(project)}
    from consult_analyser.cli import main as cli

    path = str(project.path)
    project.close()
    assert cli(["-q", "autocode", path, "--question", "Q2", "--next", "5"]) == 0  # says why nothing is ranked
    assert "code next (Q2): nothing to rank yet" in capsys.readouterr().out


def test_importing_a_code_the_analyst_already_accepted_as_a_suggestion_adds_no_second_coding(coded, tmp_path):
    project, codes, lookup = coded
    first, external = _accept_the_first_suggestion(project)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"respondent_id,question,codes\n{external},Q2,{codebook.get_code(project, first.code_id).name}\n",
                     encoding="utf-8")
    op = ops.ImportCodings(sheet)
    op.apply(project)
    assert (op.added, op.present) == (0, 1)
    assert len(codings.list_codings(project, response_id=first.response_id, code_id=first.code_id)) == 1


def test_an_answer_with_nothing_to_code_is_suggested_nothing(project, tmp_path):
    rows = [[f"R-{n:03d}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"]
            for n, text in enumerate([t for texts in TOPICS.values() for t in texts]
                                     + ["See attached", "Please see the attached document.", "N/A"])]
    import_files(project, [write_survey(tmp_path / "s.csv", rows)])
    codes = {t: codebook.create_code(project, t) for t in TOPICS}
    lookup = codings.response_lookup(project)
    for k, topic in enumerate(TOPICS):
        for j in range(2):
            codings.add_coding(project, codes[topic].id, lookup[(f"R-{5 * k + j:03d}", "Q2")][0])
    model = type("Everything", (CentroidCoder,), {"suggest": lambda self, texts, embeddings, min_confidence=0.0:
                                                   [[(c, 0.9) for c in self.classes_] for _ in texts]})
    autocode.suggest_question(project, "Q2", model_factory=model, embedder=WordEmbedder())
    suggested = {s.response_id for s in pending(project)}
    empty = {lookup[(f"R-{n:03d}", "Q2")][0] for n in (15, 16, 17)}
    assert suggested and not suggested & empty


def add_theme(project, label, response_ids, status="candidate", parent=None):
    qid = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    theme_id = new_id()
    with project.transaction() as conn:
        conn.execute("INSERT INTO themes(id, question_id, label, description, status, model, parent_id, created_at,"
                     " updated_at) VALUES (?, ?, ?, '', ?, 'bertopic test', ?, ?, ?)",
                     (theme_id, qid, label, status, parent, now_iso(), now_iso()))
        conn.executemany("INSERT INTO theme_assignments(theme_id, response_id, confidence, source)"
                         " VALUES (?, ?, 0.9, 'model')", [(theme_id, r) for r in response_ids])
    return theme_id


def test_demo_builds_codebook_from_themes_then_suggests(project, tmp_path, monkeypatch):
    monkeypatch.setattr(autocode, "default_embedder", WordEmbedder)
    monkeypatch.setattr(autocode, "default_model_factory", CentroidCoder)
    rows = [[f"R-{i:03d}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"]
            for i, text in enumerate([t for texts in TOPICS.values() for t in texts])]
    import_files(project, [write_survey(tmp_path / "s.csv", rows)])
    assert autocode.demo_autocode(project, codes_from_themes=True) == "skipped: no codes"
    lookup = codings.response_lookup(project)
    add_theme(project, "Money", [lookup[(f"R-{i:03d}", "Q2")][0] for i in range(3)])
    add_theme(project, "English", [lookup[(f"R-{i:03d}", "Q2")][0] for i in range(5, 8)])
    assert autocode.demo_autocode(project).startswith("skipped: nothing coded yet")  # never in bulk by default
    assert codebook.list_codes(project) == []
    summary = autocode.demo_autocode(project, codes_from_themes=True)  # the lead's choice
    assert summary.startswith("2 codes from themes (6 codings); ")
    assert [codebook.code_paths(project)[c.id] for c in codebook.list_codes(project)] == ["Q2", "Q2 > English",
                                                                                        "Q2 > Money"]
    assert pending(project)
    assert "suggestions for" in autocode.demo_autocode(project)  # codes exist now: just suggest


def test_signed_off_themes_win_over_candidates(project, tmp_path):
    import_files(project, [write_survey(tmp_path / "s.csv")])
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    add_theme(project, "Candidate", [])
    signed = add_theme(project, "Signed", [], status="signed_off")
    child = add_theme(project, "Part of signed", [], parent=signed)
    assert codings.themes_for_codebook(project) == [(signed, q2, None), (child, q2, signed)]


def test_sub_themes_become_sub_codes(project, tmp_path):
    import_files(project, [write_survey(tmp_path / "s.csv")])
    lookup = codings.response_lookup(project)
    top = add_theme(project, "Funding", [lookup[("R-001", "Q2")][0]])
    add_theme(project, "Long-term", [lookup[("R-002", "Q2")][0]], parent=top)
    assert autocode.codebook_from_themes(project) == (2, 2)
    paths = codebook.code_paths(project)
    coded = {paths[c.code_id]: c.response_id for c in codings.list_codings(project)}
    assert coded == {"Q2 > Funding": lookup[("R-001", "Q2")][0],
                     "Q2 > Funding > Long-term": lookup[("R-002", "Q2")][0]}


def test_with_the_real_model_when_available(coded):
    pytest.importorskip("consult_analyser.pipeline.coding.model")
    project, codes, lookup = coded
    result = autocode.suggest_question(project, "Q2", embedder=WordEmbedder(), min_confidence=0.3)
    assert not result.skipped and result.model.startswith("FewShotCoder")
    assert {s.code_id for s in pending(project)} <= {c.id for c in codes.values()}


def _all_coded(coded):
    project, codes, lookup = coded
    for k, topic in enumerate(TOPICS):
        for j in range(2, 5):
            codings.add_coding(project, codes[topic].id, lookup[(f"R-{5 * k + j + 1:03d}", "Q2")][0])
    return project, codes


def test_the_suggestion_check_hides_codings_a_fold_at_a_time_and_changes_nothing(coded):
    from consult_analyser.pipeline.coding.check import describe_coding_check

    project, codes = _all_coded(coded)
    before = codings.list_codings(project)
    check = autocode.check_question(project, "Q2", folds=5, **RUN)
    assert check.n == 15 and len(check.classes) == 3 and not check.skipped
    figures = check.summary()
    assert figures["micro_f1"] >= 0.8 and 0 <= figures["baseline_micro_f1"] <= 1
    assert {c["code"] for c in figures["by_code"]} == set(TOPICS)
    assert codings.list_codings(project) == before and not pending(project)  # a check changes nothing
    stored = checks.load(project, checks.SUGGESTIONS)["Q2"]
    assert stored["answers"] == 15 and stored["by"] == project.actor
    assert project.scalar("SELECT COUNT(*) FROM audit WHERE action = 'check_suggestions'") == 1
    text = "\n".join(describe_coding_check("Q2", figures))
    assert "Q2: 15 coded answers, 3 codes" in text and "Plain baseline" in text
    # the baseline with each answer's best code kept is shown too, and gives every answer a code
    assert "most probable code kept besides" in text
    assert figures["best_baseline_micro_f1"] >= figures["baseline_micro_f1"]


def test_the_best_code_form_of_the_baseline_gives_every_answer_a_code():
    import numpy as np

    from consult_analyser.pipeline.coding.check import with_best_code

    probabilities = np.array([[0.2, 0.3, 0.1], [0.6, 0.55, 0.1], [0.05, 0.01, 0.4]])
    assert with_best_code(probabilities).tolist() == [[0, 1, 0], [1, 1, 0], [0, 0, 1]]


def test_the_annex_method_note_cites_the_suggestion_check(coded, tmp_path):
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex

    project, _ = _all_coded(coded)
    export_annex(project, tmp_path / "before.xlsx")
    autocode.check_question(project, "Q2", folds=5, **RUN)
    export_annex(project, tmp_path / "after.xlsx")

    def cover(name):
        sheet = load_workbook(tmp_path / name).worksheets[0]
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)

    assert "Code suggestions were checked" not in cover("before.xlsx")
    after = cover("after.xlsx")
    assert "Code suggestions were checked" in after and "Q2 " in after and "15 coded answers" in after
    # fifteen codings are too few to rely on, and the published note says so, with how far the figure may lie
    assert "15 coded answers, too few to rely on" in after and "95% interval" in after
    lines = "\n".join(autocode_lines(autocode.check_question(project, "Q2", folds=5, **RUN)))
    assert "95% interval" in lines and "this figure is rough and reads low" in lines


def test_the_suggestion_check_says_when_too_few_answers_are_coded(coded):
    project, _, _ = coded
    check = autocode.check_question(project, "Q2", folds=5, **RUN)
    assert check.skipped and "at least 10" in check.skipped
    assert "not checked" in "\n".join(autocode_lines(check))


def autocode_lines(check):
    from consult_analyser.pipeline.coding.check import describe_coding_check

    return describe_coding_check("Q2", check.summary())


def test_cli_checks_suggestions_with_the_real_model(coded, capsys):
    from consult_analyser.cli import main as cli

    project, _ = _all_coded(coded)
    path = str(project.path)
    project.close()
    assert cli(["-q", "autocode", path, "--check", "3"]) == 0
    out = capsys.readouterr().out
    assert "Q2: 15 coded answers, 3 codes, checked against the answers people coded themselves" in out
    assert "in 3 rounds" in out and "Suggestions: micro-F1" in out
    assert cli(["-q", "autocode", path, "--check", "1"]) == 1


def test_the_suggestion_check_is_against_peoples_codings_and_says_when_it_cannot_be(coded):
    project, codes, lookup = coded  # 6 answers coded by an analyst
    for k, topic in enumerate(TOPICS):  # the other 9 coded by a model (codes made from themes)
        for j in range(2, 5):
            codings.add_coding(project, codes[topic].id, lookup[(f"R-{5 * k + j + 1:03d}", "Q2")][0],
                               coder="bertopic", source=Source.MODEL)
    check = autocode.check_question(project, "Q2", folds=5, **RUN)
    assert check.basis == "model" and check.n == 15  # too few by people: the model's, and it says so
    assert "codings a model made from themes" in "\n".join(autocode_lines(check))
    for k, topic in enumerate(TOPICS):  # people code them too
        for j in range(2, 5):
            codings.add_coding(project, codes[topic].id, lookup[(f"R-{5 * k + j + 1:03d}", "Q2")][0])
    check = autocode.check_question(project, "Q2", folds=5, **RUN)
    assert check.basis == "people" and check.n == 15
    kinds = {(c.source, c.coder == "bertopic", codings.by_people(c)) for c in codings.list_codings(project)}
    assert kinds == {(Source.ANALYST, False, True), (Source.MODEL, True, False)}


def test_codes_from_signed_off_themes_leave_out_sub_themes_nobody_signed_off(project, tmp_path):
    """A lead's `--codes-from-themes` makes codes of what the lead signed off: an unreviewed sub-theme
    of a signed-off theme made a code (the annex's codebook then held themes nobody had reviewed); a
    signed-off sub-theme of an unsigned theme hangs under the question's code."""
    from consult_analyser.store.themes import unsigned_sub_themes

    import_files(project, [write_survey(tmp_path / "s.csv")])
    lookup = codings.response_lookup(project)
    buses, night = [v[0] for k, v in sorted(lookup.items()) if k[1] == "Q2"][2:4]
    top = add_theme(project, "Funding", [lookup[("R-001", "Q2")][0]], status="signed_off")
    add_theme(project, "Long-term", [lookup[("R-002", "Q2")][0]], parent=top)
    loose = add_theme(project, "Buses", [buses])
    add_theme(project, "Night buses", [night], parent=loose, status="signed_off")
    assert unsigned_sub_themes(project) == 1
    assert autocode.codebook_from_themes(project, signed_off_only=True) == (2, 2)
    assert sorted(codebook.code_paths(project).values()) == ["Q2", "Q2 > Funding", "Q2 > Night buses"]


def test_a_code_nothing_shows_the_model_what_it_is_not_is_not_suggested(project, tmp_path):
    """A lead made one code from a theme (13 answers) and coded 4 others: that code was suggested for
    187 of 233 answers at 89-96%. A code is suggested once as many coded answers lack it as carry it,
    up to MIN_NEGATIVES; the run says which codes wait for that."""
    rows = [[f"R-{n:03d}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"]
            for n, text in enumerate([t for texts in TOPICS.values() for t in texts], start=1)]
    import_files(project, [write_survey(tmp_path / "survey.csv", rows)])
    lookup = codings.response_lookup(project)
    funding = codebook.create_code(project, "Funding")
    schools = codebook.create_code(project, "Schools")
    for n in range(1, 5):  # four of the five funding answers
        codings.add_coding(project, funding.id, lookup[(f"R-{n:03d}", "Q2")][0])
    codings.add_coding(project, schools.id, lookup[("R-011", "Q2")][0])  # one answer without it
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.untaught == ["Funding"] and "not suggested yet: Funding" in result.summary()
    assert all(s.code_id != funding.id for s in pending(project))
    for n in (12, 13, 14):  # as many answers without Funding as with it
        codings.add_coding(project, schools.id, lookup[(f"R-{n:03d}", "Q2")][0])
    result = autocode.suggest_question(project, "Q2", **RUN)
    assert result.untaught == [] and any(s.code_id == funding.id for s in pending(project))


def test_what_to_code_next_never_asks_for_a_non_answer(project, tmp_path):
    """A trial's "code next" list held "n/a.", "None.", "." and "Nothing to add": 8 of 60 items."""
    rows = _topic_rows()
    for i, text in enumerate(["n/a.", "None.", "Nothing to add", "see my email"]):  # last in the file: first asked
        rows.append([f"R-{90 + i}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"])
    import_files(project, [write_survey(tmp_path / "survey.csv", rows)])
    codes = {t: codebook.create_code(project, t) for t in TOPICS}
    lookup = codings.response_lookup(project)
    for k, topic in enumerate(TOPICS):
        for j in range(2):
            codings.add_coding(project, codes[topic].id, lookup[(f"R-{5 * k + j + 1:03d}", "Q2")][0])
    result = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    assert result.next_to_code and not {"R-90", "R-91", "R-92", "R-93"} & set(result.next_to_code)
    assert result.non_answers_left_out == 4
    # where the analysts code such answers ("No idea" as don't know: a team trial's coders did), they are asked for
    nothing = codebook.create_code(project, "Nothing to say")
    codings.add_coding(project, nothing.id, lookup[("R-90", "Q2")][0])
    result = autocode.suggest_question(project, "Q2", model_factory=LearningOrderCoder, embedder=WordEmbedder())
    assert {"R-91", "R-92", "R-93"} & set(result.next_to_code) and result.non_answers_left_out == 0


def test_a_code_taught_by_a_themes_model_suggests_nothing_surer_than_its_teacher(project, tmp_path):
    """A trial made codes from three themes (their answers coded by the theme model), coded a handful by hand,
    and got 1,138 suggestions at 99%: answers not about the theme among them. Codes most of whose codings a
    model made suggest at most MODEL_TAUGHT; codes people taught are not held back."""
    from consult_analyser.domain import Coding, Source

    rows = _topic_rows()
    import_files(project, [write_survey(tmp_path / "survey.csv", rows)])
    lookup = codings.response_lookup(project)
    funding = codebook.create_code(project, "Funding")
    language = codebook.create_code(project, "Language")
    codings.add_codings(project, [Coding(code_id=funding.id, response_id=lookup[(f"R-{k:03d}", "Q2")][0],
                                         coder="theme-model", source=Source.MODEL) for k in (1, 2, 3)])
    codings.add_coding(project, funding.id, lookup[("R-004", "Q2")][0])  # one by hand beside three by the model
    for k in (6, 7, 8, 9):
        codings.add_coding(project, language.id, lookup[(f"R-{k:03d}", "Q2")][0])
    autocode.suggest_question(project, "Q2", **RUN)
    by_code: dict[str, list[float]] = {}
    for s in pending(project):
        by_code.setdefault(s.code_id, []).append(s.confidence)
    assert by_code.get(funding.id) and max(by_code[funding.id]) <= autocode.MODEL_TAUGHT
    assert by_code.get(language.id) and max(by_code[language.id]) > autocode.MODEL_TAUGHT
