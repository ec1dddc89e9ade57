"""Trial 48: `autocode --check` read micro-F1 0.70 on the 33 coded answers and said nothing of the 541 uncoded
covering notes ("Please see attached"), half the answers, which were all suggested a side."""

from __future__ import annotations

from test_trial48_stance_nonanswers import NOTES, OPPOSE, SUPPORT, WordEmbedder, _code, _project

from consult_analyser.pipeline.coding import autocode
from consult_analyser.pipeline.coding.check import describe_coding_check
from consult_analyser.pipeline.coding.model import FewShotCoder


def test_the_check_says_what_it_measures_on_how_many_answers_and_what_non_answers_get(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101", "R-102")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-202", "R-300")  # a note coded from its attachment
    check = autocode.check_question(project, "Q2", folds=2, embedder=WordEmbedder(),
                                    model_factory=lambda: FewShotCoder(random_state=0))
    figures = check.summary()
    uncoded = len(SUPPORT) + len(OPPOSE) - 6 + len(NOTES) - 1
    assert figures["answers"] == 6  # the note is not checked: it is not suggested what the model learns
    assert (figures["uncoded"], figures["uncoded_non_answers"], figures["coded_non_answers"]) == (uncoded, len(NOTES) - 1, 1)
    text = "\n".join(describe_coding_check("Q2", figures))
    assert "What this measures" in text and "on the 6 coded answers with something to code" in text
    assert f"({uncoded - len(NOTES) + 1} of {uncoded} uncoded answers)" in text
    assert f"{len(NOTES) - 1} of the {uncoded} uncoded answers have nothing to code" in text
    assert "are suggested nothing; they are not in these figures" in text
    assert "1 coded answer(s) with nothing to code are left out" in text


def test_the_check_names_the_code_non_answers_are_suggested(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101", "R-102")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-202")
    _code(project, lookup, side["No position"], "R-300", "R-301")
    check = autocode.check_question(project, "Q2", folds=2, embedder=WordEmbedder(),
                                    model_factory=lambda: FewShotCoder(random_state=0))
    text = "\n".join(describe_coding_check("Q2", check.summary()))
    assert f'{len(NOTES) - 2} of the' in text and 'are suggested "No position" only, as the analysts code such' in text


def test_a_check_kept_from_before_says_nothing_it_did_not_measure():
    figures = {"answers": 40, "codes": 2, "folds": 5, "basis": "people", "micro_f1": 0.7, "precision": 0.7, "recall": 0.7,
               "per_answer_f1": 0.7, "given_a_code": 1.0, "baseline_micro_f1": 0.6, "baseline_precision": 0.6,
               "baseline_recall": 0.6, "baseline_per_answer_f1": 0.6, "baseline_given_a_code": 1.0}
    assert not [line for line in describe_coding_check("Q2", figures) if "What this measures" in line]
