"""Stance cue phrases read alike in paraphrases of one campaign letter (trial 49: four rewordings of
"I support a risk-based approach, however ..." were suggested Opposes, Mixed and Supports at 85-93 %)."""

from __future__ import annotations

import numpy as np

from consult_analyser.pipeline.coding.families import STANCE_CUES
from consult_analyser.pipeline.coding.model import FewShotCoder


def held(text: str) -> set[str]:
    return {name for name, cue in STANCE_CUES.items() if cue.search(text)}


def test_as_opposed_to_is_no_opposition() -> None:
    text = ("Risks should be analysed before training, as opposed to simply scrutinising the uses of an AI "
            "after it has been created.")
    assert "Opposes" not in held(text)
    assert "Opposes" in held("We are opposed to the proposed rule.")


def test_a_reservation_after_endorse_or_yet_is_mixed() -> None:
    assert "Mixed" in held("I endorse a risk-based method, yet the gravest dangers arise when systems are trained.")
    assert "Mixed" in held("We support the proposal, yet it leaves training runs unregulated.")
    assert "Mixed" not in held("I support the rule, which has not yet been adopted.")


def test_the_model_reads_a_side_with_a_reservation_as_mixed() -> None:
    """'I support X, however ...' holds the Supports and the Mixed cues: the model took them as no cue
    (50 %) while 'I agree with X, however ...' (Mixed alone) went to 93 %; a reservation outranks its side."""
    rng = np.random.default_rng(0)
    texts = ["Yes", "I support it", "No, never", "I oppose this", "Yes but only for big systems",
             "Partly agree, though it is too simple", "yes", "no"]
    labels = [["Supports"], ["Supports"], ["Opposes"], ["Opposes"], ["Mixed"], ["Mixed"], ["Supports"], ["Opposes"]]
    emb = rng.normal(size=(len(texts), 8)).astype(np.float32)
    model = FewShotCoder(random_state=0).fit(texts, emb, labels, exclusive_groups=[["Supports", "Opposes", "Mixed"]],
                                             code_cues=STANCE_CUES)
    both = "I support a risk-based approach, however the worst risks arise in training, not in use."
    alone = "I agree with the implementation of a risk-based approach, however training is the real risk."
    cues = model._cue_rows([both, alone])
    group = model.exclusive_[0]
    said = model._family_cues(cues, group, 2)
    mixed = [k for k, j in enumerate(group) if model.classes_[j] == "Mixed"][0]
    assert said[0, mixed] == 1 and said[0].sum() == 1
    assert (said[0] == said[1]).all()
