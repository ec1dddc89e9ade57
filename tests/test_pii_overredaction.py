"""Published quotes keep their ordinary words: what a user trial of a Welsh rural transport
consultation saw removed as "[name]" (invented text of the same shapes), and the names beside
them that must still go."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import redact, redact_many


@pytest.mark.parametrize("text", [
    # a word after a relation that no one is called: the negation must stay
    "My mother cannot use the app and the phone line never answers.",
    "my grandad cannot read the timetable at the stop",
    "Fy mam? My father cannot walk to the main road any more.",
    "My sister meanwhile drives forty minutes to the station.",
    "My son shant be able to get to college next year.",
    "my nan mightnt manage the steps on the new minibus",
])
def test_an_everyday_word_after_a_relation_is_no_name(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, expected", [
    ("my son tomos rees cannot get the bus to school.", "my son [name] cannot get the bus to school."),
    ("My mother Ceinwen cannot use the app.", "My mother [name] cannot use the app."),
    ("my neighbour ffion cannot get to the surgery", "my neighbour [name] cannot get to the surgery"),
    ("My husband tunde ellis cannot drive now.", "My husband [name] cannot drive now."),
])
def test_a_relative_named_before_cannot_still_goes(text, expected):
    assert redact(text) == expected
