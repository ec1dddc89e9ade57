"""A redacted answer whose gap still says who wrote it is no quote (trial 47: the annex quoted "My grandson [name], 15, was
deepfaked at Dubbo High School", "I'm [name], a GP in Leeds" and "sort code [bank details], account [ID number]")."""

from __future__ import annotations

import pytest

from consult_analyser.export.summaries import contact_block
from consult_analyser.pipeline.pii import redact


@pytest.mark.parametrize("answer", [
    "My grandson Liam Carter, 15, was deepfaked at Dubbo High School last year.",
    "My son Tom (aged 9) at St Mary's Primary already uses AI homework apps.",
    "My daughter Chloe has autism and the chatbot could not help her.",
    "I'm Dr. Priya Raman, a GP in Leeds, and I see this every week.",
    "The refund went to sort code 12-34-56, account 12345678, three weeks late.",
    "Born 03/04/1961, I worry that the triage bot will not understand me.",
    "My NHS number 943 476 5919 was read out by the assistant.",
])
def test_an_answer_whose_redaction_still_says_who_is_passed_over(answer: str) -> None:
    assert contact_block(redact(answer))


@pytest.mark.parametrize("answer", [
    "Our council should fund buses for children and older people.",
    "My children use the bus daily and the timetable is never right.",
    "As a parent I want schools to teach how these tools work.",
    "The Prime Minister promised a review of the rules last year.",
])
def test_an_ordinary_view_is_still_quoted(answer: str) -> None:
    assert not contact_block(redact(answer))


@pytest.mark.parametrize(("answer", "name"), [
    ("my daughter (Chloe) has autism and the chatbot could not help her.", "Chloe"),
    ("Our son (Jack, 7) loves the reading app.", "Jack"),
])
def test_a_relative_named_in_brackets_is_redacted_and_the_answer_not_quoted(answer: str, name: str) -> None:
    redacted = redact(answer)
    assert name not in redacted and "([name]" in redacted
    assert contact_block(redacted)
