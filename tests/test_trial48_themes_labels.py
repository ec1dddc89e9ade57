"""Trial 48 (US rulemaking comments): theme labels and descriptions that contradicted their own answers."""

from __future__ import annotations

import numpy as np


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=float)
    return v / np.linalg.norm(v)


def test_a_label_few_of_its_answers_write_says_other_points_unless_it_fits_them_well() -> None:
    """"Beryllium" over 51 answers of which 10 wrote it (the rest covering notes and addresses from seven other
    rules) fitted them by 0.12, above the 0.08 that marks a label on its own, and was published as a topic. A label
    written by fewer than a third of its answers must fit them as well as the labels readers judged usable (0.16)."""
    from consult_analyser.pipeline.themes.build import LABEL_FIT, LABEL_FIT_SURE, ThemeBuilder
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    texts = ["Beryllium exposure limits must be lower for foundry workers",
             "Please find attached comments of the Example Society",
             "City Clerk, City of Example, 44 Main St", "Attached are 500 comment letters from members",
             "See attached file: batch 3 of 9", "The attached letter is submitted by the Example Network",
             "Sports results", "Weather reports", "Cooking tips", "Travel deals"]
    vectors = np.stack([_unit(1, 0.9, 0, 0), _unit(1, -0.9, 0, 0), _unit(1, 0, 0.9, 0), _unit(1, 0, -0.9, 0),
                        _unit(1, 0.5, 0.5, 0), _unit(1, -0.5, -0.5, 0),
                        _unit(0.1, 0, 0, 1), _unit(0, 0.1, 0, 1), _unit(0, 0, 0.1, 1), _unit(0, 0, 0, 1)])
    phrase_vectors = {"Beryllium": _unit(1, 0, 0, 0.6)}
    builder = ThemeBuilder(texts, vectors, PhraseLabeler(), [])
    builder.embed = lambda phrases: np.stack([phrase_vectors[p] for p in phrases])
    rows, others = np.arange(6), np.arange(10) >= 6
    centre = _unit(*vectors[rows].mean(axis=0))
    fit = builder._fits(["Beryllium"], rows, others)[0]
    assert LABEL_FIT <= fit < LABEL_FIT_SURE
    assert builder._names_a_part("Beryllium", rows, centre, others)  # 1 of 6 write it
    # written by a third or more, a label that fits above LABEL_FIT names them
    builder.texts = ["Beryllium exposure", "Beryllium rule", *texts[2:]]
    assert not builder._names_a_part("Beryllium", rows, centre, others)
    # a label that fits them well names them, however few write it
    builder.texts = texts
    phrase_vectors["Beryllium"] = _unit(1, 0, 0, 0.2)
    builder._phrase_vectors.clear()
    assert builder._fits(["Beryllium"], rows, others)[0] >= LABEL_FIT_SURE
    assert not builder._names_a_part("Beryllium", rows, centre, others)


def test_the_side_only_theme_counts_the_sides_its_answers_write_in_words() -> None:
    """Trial 48: "Agree or disagree, no reason given" was described "16 agreed or said yes, 0 disagreed or said no"
    though 13 of its 24 answers opposed the rule in so many words ("Comments In Opposition To This Nprm", "We Urge
    Ceq To Withdraw The Proposed Nepa Rule"); a note that writes no side is counted on neither."""
    from consult_analyser.pipeline.themes.labels import sides_taken, stance_only_description

    answers = ["Please Accept The Attached Document As Comments In Opposition To This Nprm From The Example Society.",
               "Example Conservancy Submits The Attached Comment Letter. We Urge The Agency To Withdraw The Proposed Rule.",
               "Please See Attached Comments Of The Example Fund Opposing The Proposal.",
               "Attached Please Find Comments Urging Rejection Of The Proposed Update.",
               "Example Council, Representing 25,000 Supporters Of Birds, Submits Comments In Vehement Opposition.",
               "Please See The Attached Comments Supporting The Proposed Update To The Regulations.",
               "I'd Like To Support This Proposal. Please See My Comment As Attached. Thanks!",
               "On Behalf Of The Example Commission, Please Find Enclosed Our Comments On The Proposed Rule."]
    assert sides_taken(answers) == (2, 5, 0)
    assert stance_only_description(answers).endswith(
        ": 2 agreed or said yes, 5 disagreed or said no, 1 did not say which side.")
    # bare sides count as before
    assert sides_taken(["Yes", "yes.", "Agree", "Yes, broadly support.", "No I don't.", "Disagree", "Neutral"]) == (4, 2, 1)
