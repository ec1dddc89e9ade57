"""Trial 48: 6 of the first 10 answers "code next" offered were covering notes or lists of signatories, after the
analysts had coded one covering note (from its attachment)."""

from __future__ import annotations

from test_trial48_stance_nonanswers import NOTES, OPPOSE, SUPPORT, WordEmbedder, _code, _project

from consult_analyser.pipeline.coding import autocode
from consult_analyser.pipeline.coding.model import FewShotCoder


class NotesFirst(FewShotCoder):
    """The real model, whose learning order puts the shortest answers (the notes) first."""

    def learning_order(self, texts, embeddings, n=None, **kwargs):
        return sorted(range(len(texts)), key=lambda i: len(texts[i]))[: len(texts) if n is None else n]


def test_code_next_never_offers_a_non_answer_while_answers_with_something_to_code_remain(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-300")  # one covering note coded, from its attachment
    result = autocode.suggest_question(project, "Q2", embedder=WordEmbedder(), model_factory=NotesFirst)
    substantive = len(SUPPORT) + len(OPPOSE) - 4
    first = result.next_to_code[:substantive]
    assert len(first) == substantive and not [rid for rid in first if rid.startswith("R-3")]
    # the notes come after every answer with something to code (the analysts code such answers)
    assert result.next_to_code[substantive:] and all(rid.startswith("R-3") for rid in result.next_to_code[substantive:])


def test_code_next_leaves_non_answers_out_where_none_is_coded(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101")
    _code(project, lookup, side["Opposes"], "R-200", "R-201")
    result = autocode.suggest_question(project, "Q2", embedder=WordEmbedder(), model_factory=NotesFirst)
    assert result.next_to_code and not [rid for rid in result.next_to_code if rid.startswith("R-3")]
    assert result.non_answers_left_out == len(NOTES)
