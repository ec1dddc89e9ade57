"""Redaction of personal data in quotes: planted data goes, the rest of the sentence stays."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import Span, find_pii, has_pii, redact, redact_many


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.smith@example.org about it.", "Write to [email] about it."),
        ("Call 07700 900123 today.", "Call [phone] today."),
        ("Call +44 20 7946 0958 today.", "Call [phone] today."),
        ("Call (0161) 496 0000 today.", "Call [phone] today."),
        ("Call +44 (0)161 496 0000 or 020-7946-0958.", "Call [phone] or [phone]."),
        ("Call 07700900123.", "Call [phone]."),
        ("My postcode is SW1A 1AA.", "My postcode is [postcode]."),
        ("My postcode is m1 1ae, near the centre.", "My postcode is [postcode], near the centre."),
        ("I live at 12 Acacia Avenue and walk to work.", "I live at [address] and walk to work."),
        ("I live at 7b High St.", "I live at [address]."),
        ("Send it to Flat 3, 45 Mill Lane, Anytown, CT1 2AB please.", "Send it to [address] please."),
        ("Mr Patel agreed with Cllr Jones on this.", "[name] agreed with [name] on this."),
    ],
)
def test_rules_remove_planted_data(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_names_found_by_the_recogniser() -> None:
    text = "I spoke to Sarah Jones at the meeting and Jones said the Environment Agency agreed."
    assert redact(text) == "I spoke to [name] at the meeting and [name] said the Environment Agency agreed."


def test_signature_under_a_closing() -> None:
    text = "We object to the plan.\n\nKind regards,\n\nJane Smith\nHead of Policy, Anytown Borough Council"
    assert redact(text) == ("We object to the plan.\n\nKind regards,\n\n[name]\n"
                            "Head of Policy, Anytown Borough Council")


@pytest.mark.parametrize(
    "text",
    [
        "Anytown Borough Council and the Department for Transport should work with Transport for London.",
        "Brexit was bad for Leeds and Labour should fix it.",
        "We use Machine Learning models; Net Zero matters to the NHS Trust.",
        "We had 20 responses in 2021 and 2022, and 35% of 1,200 people agreed.",
        "The W1 district and Greater Manchester are busy; see section 4.2 of the report.",
        "Q3: 5 people, 0.5 0.6 0.7 0.8 per cent, 12/05/2023, reference 2023-0456.",
        "The 2 National Park authorities and our 10 Year View for 20 Local Green spaces.",
        "Yes", "",
    ],
)
def test_organisations_places_and_ordinary_words_are_kept(text: str) -> None:
    assert redact(text) == text
    assert not has_pii(text)


def test_find_pii_spans_are_sorted_and_typed() -> None:
    text = "Email a@b.com or call 07700 900123."
    assert find_pii(text) == [Span(6, 13, "email"), Span(22, 34, "phone")]
    assert has_pii(text)


def test_names_can_be_left_in() -> None:
    text = "Sarah Jones (sarah@example.org) agreed."
    assert redact(text, names=False) == "Sarah Jones ([email]) agreed."


def test_redact_many_matches_redact_and_reports_progress() -> None:
    texts = ["Call 07700 900123.", "", "I spoke to Sarah Jones yesterday.", "Nothing personal here.",
             "Mr Patel lives at 3 High Street, Anytown."] * 10
    steps: list[float] = []
    out = redact_many(texts, progress=lambda fraction, message: steps.append(fraction))
    assert out == [redact(t) for t in texts]
    assert out[2] == "I spoke to [name] yesterday." and out[4] == "[name] lives at [address], Anytown."
    assert steps[-1] == 1.0
    assert redact_many([]) == []
