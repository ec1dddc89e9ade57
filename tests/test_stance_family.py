"""The built-in Stance family in auto-coding: one-of codes learnt from a lopsided mix of coded answers
(trial 38: 16 Opposes, 5 Supports, and 20 of 27 supporters suggested Opposes at ~93%), cue phrases in
the third person and in Title Case, and confidences that say when the sides are close."""

from __future__ import annotations

import numpy as np
import pytest

from consult_analyser.pipeline.coding.families import STANCE_CUES, STANCES
from consult_analyser.pipeline.coding.model import FewShotCoder

BOILERPLATE = ("Comments On The Proposed Rule Regarding Interagency Consultation Under The Act, Docket Number "
               "Fws-R9-Es-2008-0093. The Association Represents Members Across The State And Appreciates The "
               "Opportunity To Comment. ")
SUPPORT = ["The Rule Streamlines Reviews And Saves Time.", "Faster Permits Help Local Projects Move Ahead.",
           "Clear Deadlines Give Certainty To Applicants.", "Less Paperwork Frees Staff For Field Work.",
           "Consistency Across Agencies Is Welcome News."]
OPPOSE = ["The Rule Weakens Protection For Wildlife.", "Species Will Be Harmed Without Expert Review.",
          "Biologists Must Keep Their Role In Every Decision.", "Habitat Loss Will Speed Up Under This Change.",
          "Science Should Guide Consultation, Not Deadlines.", "Rivers And Fish Will Suffer From Less Review.",
          "Endangered Birds Lose Their Safeguards.", "Public Lands Face More Damage From Projects."]


def _letters(parts: list[str], n: int, seed: int, repeat: int = 3, sides: int = 2) -> list[str]:
    rng = np.random.default_rng(seed)
    return [BOILERPLATE * repeat + " ".join(rng.choice(parts, sides, replace=False)) for _ in range(n)]


def _fit(texts: list[str], labels: list[str], **options: float) -> FewShotCoder:
    return FewShotCoder(**options).fit(texts, None, [{c} for c in labels],
                                       code_descriptions={c: f"{c}. {STANCES[c]}" for c in set(labels)},
                                       exclusive_groups=[list(STANCES)], code_cues=STANCE_CUES)


@pytest.mark.parametrize("text", [
    "In Conclusion, Aoga Supports The Proposed Rule And Believes That It Should Be Promulgated As A Final Rule.",
    "IN CONCLUSION, AOGA SUPPORTS THE PROPOSED RULE AND BELIEVES THAT IT SHOULD BE PROMULGATED.",
    "The Council strongly endorses these proposed changes.", "The County is supportive of the deductible.",
    "We urge the Service to finalize the rule without delay."])
def test_third_person_and_title_case_statements_of_support_are_cues(text: str) -> None:
    assert STANCE_CUES["Supports"].search(text)
    assert not STANCE_CUES["Opposes"].search(text)


@pytest.mark.parametrize("text", [
    "The Association opposes the proposed rule.", "NRDC OBJECTS TO THESE CHANGES.",
    "The proposal should be withdrawn.", "We urge the Bureau to withdraw the proposal.",
    "The rule should not be finalized."])
def test_third_person_statements_of_opposition_are_cues(text: str) -> None:
    assert STANCE_CUES["Opposes"].search(text)
    assert not STANCE_CUES["Supports"].search(text)


@pytest.mark.parametrize("text", [
    "The Association does not support the proposed rule.", "1776 people signed in support of withdrawing the proposal.",
    "The following names were added in support of the following message.", "We agree with Charlie and his comments."])
def test_what_is_not_support(text: str) -> None:
    assert not STANCE_CUES["Supports"].search(text)


def test_a_lopsided_mix_of_coded_answers_does_not_send_every_letter_to_the_majority() -> None:
    # long letters alike but for one sentence that takes a side: every letter resembles the majority's
    texts = _letters(OPPOSE, 16, 0, 8, 1) + _letters(SUPPORT, 5, 1, 8, 1)
    labels = ["Opposes"] * 16 + ["Supports"] * 5
    probes = _letters(SUPPORT, 20, 2, 8, 1)
    before = _fit(texts, labels, family_balance=False)
    after = _fit(texts, labels)
    picked_before = [pairs[0][0] for pairs in before.suggest(probes, None)]
    picked_after = [pairs[0][0] for pairs in after.suggest(probes, None)]
    assert picked_before.count("Supports") <= 10  # the majority code for most supporters (6 of 20 measured)
    assert picked_after.count("Supports") >= 14  # 15 of 20 measured
    # and the majority's own letters stay with it
    assert [p[0][0] for p in after.suggest(_letters(OPPOSE, 20, 3, 8, 1), None)].count("Opposes") >= 18


def test_a_statement_of_support_at_the_end_of_a_long_letter_is_never_a_confident_opposes() -> None:
    texts = _letters(OPPOSE, 16, 0) + _letters(SUPPORT, 5, 1)
    model = _fit(texts, ["Opposes"] * 16 + ["Supports"] * 5)
    letter = (BOILERPLATE * 8 + OPPOSE[0] + " " + "In Conclusion, Aoga Supports The Proposed Rule And Believes That It "
              "Should Be Promulgated As A Final Rule.")
    ranked = dict((code, conf) for code, conf, _ in model.rank([letter], None)[0])
    assert ranked["Opposes"] < 0.9
    assert ranked["Opposes"] + ranked["Supports"] <= 1.0 + 1e-9  # one side of one family: one probability


def test_close_sides_and_tiny_training_give_modest_confidence() -> None:
    # three coded letters that differ in nothing but their side: the model cannot tell, and must say so
    texts = [BOILERPLATE + "Thank You.", BOILERPLATE + "Thank You Again.", BOILERPLATE + "Many Thanks."]
    model = _fit(texts, ["Opposes", "Opposes", "Supports"])
    for pairs in model.rank([BOILERPLATE + "Thank You Very Much."], None):
        assert max(conf for _, conf, _ in pairs) < 0.8
    # the old fixed map said ~98% for the best-scoring of two codes learnt from these
    old = _fit(texts, ["Opposes", "Opposes", "Supports"], family_balance=False)
    assert max(conf for _, conf, _ in old.rank([BOILERPLATE + "Thank You Very Much."], None)[0]) > 0.8


def test_topic_codes_are_unchanged_by_the_family_handling() -> None:
    texts = ["buses are late", "trains are late", "parks need trees", "more trees please"]
    labels = [{"transport"}, {"transport"}, {"green"}, {"green"}]
    a = FewShotCoder().fit(texts, None, labels, exclusive_groups=[list(STANCES)], code_cues=STANCE_CUES)
    b = FewShotCoder(family_balance=False).fit(texts, None, labels)
    probe = ["the buses and the trees"]
    assert np.allclose(a.predict_proba(probe, None), b.predict_proba(probe, None))
