"""Trial 48 (US rulemaking comments): covering notes, memo headings and title lines formed topic themes and were
shown and published as their quotes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

MEMO = ("To: Council On Environmental Quality From: Example Road Users Alliance Re: Comments In Docket No. ABC-2019-0003 "
        "Attached For Your Consideration By The Council In Docket No. ABC-2019-0003, Update To Regulations Implementing "
        "The Procedural Provisions Of The Example Act, Are The Comments Of The Example Road Users Alliance. The Road "
        "Users Appreciates The Council's Time And Consideration Of These Comments.")
BATCH = ("Attached Are Comments From Members Of The Public To Docket Abcd-2012-0082-0180 Gathered By Examplegroup. "
         "2 Of 4, 1500 Comments.")
TITLE = ("Docket No. Abcd-2012-0082 (Hm-251) Comments Of Example Energy Inc. On The Example Safety Administration's Notice "
         "Of Proposed Rulemaking, Hazardous Materials: Enhanced Tank Car Standards And Operational Controls For "
         "High-Hazard Flammable Trains (Docket No. Abcd-2012-0082 (Hm-251))")
SIDED = "Example Tribe Submits Comments In Opposition For Rule-Making Docket Abcdef20180007."
VIEWS = ["The Tank Car Standards Must Be Phased In Faster: Older Cars Rupture In Derailments And Towns Pay The Price.",
         "Please find attached our comments. We oppose the rule because it harms rivers.",
         "The council should submit its plans to residents before any change. Fares doubled last year.",
         "Buses are late."]


@pytest.mark.parametrize("text", [MEMO, BATCH, TITLE, SIDED])
def test_a_covering_note_memo_or_title_line_is_no_quote(text: str) -> None:
    from consult_analyser.export.summaries import no_quote  # the published path

    assert no_quote(text)


@pytest.mark.parametrize("text", [t for t in VIEWS if "attached" not in t])
def test_an_answer_that_says_something_is_quotable(text: str) -> None:
    from consult_analyser.pipeline.themes.quotable import no_quote

    assert not no_quote(text)


@pytest.mark.parametrize("text", [MEMO, BATCH])
def test_a_covering_note_with_no_view_is_no_substantive_answer(text: str) -> None:
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert is_non_answer(text)
    assert not any(is_non_answer(t) for t in VIEWS)


def test_the_model_picks_no_covering_note_as_a_representative_answer() -> None:
    import numpy as np

    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    texts = [MEMO, TITLE, VIEWS[0], "Rail cars carrying crude oil need stronger shells and better brakes now."]
    vectors = np.array([[1.0, 0], [0.99, 0.14], [0.8, 0.6], [0.6, 0.8]])
    builder = ThemeBuilder(texts, vectors, PhraseLabeler(), [])
    picked = builder._quotes(np.arange(4), np.array([1.0, 0]))
    assert picked and not set(picked) & {0, 1}


@pytest.mark.skipif(not os.environ.get("CONSULT_REALDATA"), reason="CONSULT_REALDATA not set")
def test_real_rulemaking_covering_notes_are_no_quotes() -> None:
    """The tester's quotes of trial 48, where the real set holds them (else skipped)."""
    path = Path(os.environ["CONSULT_REALDATA"]) / "trial48" / "consult_a_blank.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    import csv

    from consult_analyser.pipeline.themes.quotable import no_quote

    with path.open(encoding="utf-8-sig") as f:
        texts = {r["Id"]: r["Please explain your views on the proposed rule."] for r in csv.DictReader(f)}
    assert all(no_quote(texts[k]) for k in ("R0607", "R0849", "R0697", "R0332"))
