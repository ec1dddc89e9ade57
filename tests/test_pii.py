"""Redaction of personal data in quotes: planted data goes, the rest of the sentence stays."""

from __future__ import annotations

import subprocess
import sys

import pytest

from consult_analyser.pipeline.pii import PiiFinder, Span, find_pii, has_pii, name_windows, redact, redact_many


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


def test_signatories_listed_surname_first_as_dockets_list_them() -> None:
    """ "Surname Forename Initial, Body": the recogniser reads such a run as an organisation's name."""
    text = "Okafor Aoife M, Brennan Respiratory Institute; Lindqvist Declan A, Northfield Lung Health"
    assert PiiFinder(ner=False).redact_many([text]) == ["[name], Brennan Respiratory Institute; [name], "
                                                        "Northfield Lung Health"]
    for kept in ("Section Seven A, of the act", "Health Care B, is fine", "Plan B, then we act"):
        assert PiiFinder(ner=False).redact_many([kept]) == [kept]


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please get in touch with Priya Lee (07700 900771) if you would like to discuss this.",
         "Please get in touch with [name] ([phone]) if you would like to discuss this."),
        ("I spoke to José García and Zoë Ní Bhriain at the meeting.", "I spoke to [name] and [name] at the meeting."),
        ("My name is Siobhán O'Neill and I live in Leeds.", "My name is [name] and I live in Leeds."),
    ],
)
def test_names_beyond_plain_ascii_and_numbers_in_brackets(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_a_one_word_mention_far_from_the_full_name_is_found() -> None:
    filler = "The consultation covers many topics and we have views on most of them. " * 6
    text = f"Sarah Jones wrote to the council about the park. {filler}Then Jones said the plan was wrong."
    out = redact(text)
    assert out.startswith("[name] wrote") and out.endswith("Then [name] said the plan was wrong.")


def test_name_windows_cover_pairs_of_name_words_only() -> None:
    text = "We agree with the NHS. " * 5 + "I spoke to Sarah Jones yesterday. " + "Nothing else to add. " * 5
    (start, end), = name_windows(text, context=20)
    assert "Sarah Jones" in text[start:end] and end - start < 80
    for plain in ("Nothing personal here.", "The NHS and the BBC agree.", "Brexit was bad.", "iPhone users", ""):
        assert name_windows(plain) == []
    assert name_windows("Smith-Jones agreed") and name_windows("as J. van der Berg said")


def test_a_finder_reads_each_text_once_and_matches_redact() -> None:
    finder = PiiFinder()
    texts = ["I spoke to Sarah Jones yesterday.", "Call 07700 900123.", "Nothing personal here."]
    first = finder(texts * 3)
    passages = dict(finder._passages)  # noqa: SLF001
    assert first == [redact(t) for t in texts] * 3
    assert finder(list(reversed(texts))) == [redact(t) for t in reversed(texts)]
    assert finder._passages == passages  # noqa: SLF001 - nothing read again


def test_patterns_only_without_the_recogniser() -> None:
    text = "Mr Patel and Sarah Jones (sarah@example.org) agreed."
    assert redact_many([text], ner=False) == ["[name] and Sarah Jones ([email]) agreed."]


def test_spacy_is_loaded_without_pytorch() -> None:
    """The recogniser never needs PyTorch; importing it through spaCy costs seconds."""
    code = ("import sys; from consult_analyser.pipeline import pii; "
            "assert pii.redact('I met Sarah Jones.') == 'I met [name].'; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_word_written_mostly_inside_a_full_name_is_a_name_part():
    from consult_analyser.pipeline.pii_names import mostly_a_name_part

    notes = [f"Questions can go to Declan Brennan ({i})" for i in range(5)]
    assert mostly_a_name_part("declan", notes) and mostly_a_name_part("Brennan", notes)
    assert not mostly_a_name_part("questions", notes)  # an everyday word never is
    talk = ["I like Lindqvist", "Lindqvist is honest", "Maren Lindqvist has experience"]
    assert not mostly_a_name_part("lindqvist", talk)  # a public figure discussed by surname
    assert not mostly_a_name_part("okafor", notes)  # not used at all
