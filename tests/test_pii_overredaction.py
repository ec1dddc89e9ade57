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


def test_a_service_named_after_a_sentence_opening_word_is_no_person():
    """"Booking Fflecsi" (the bus service consulted on) at a sentence's start read as a person's full
    name, and then every other "Fflecsi" in the answer went with it as a part of that name."""
    texts = [
        "When Fflecsi came in, our regular route was cut. Booking Fflecsi through the app is hard for older people.",
        "Honestly, before expanding everywhere the Government should publish what each Clecsi journey costs. "
        "Booking Clecsi through the app is hard for older people who do not have a smartphone.",
    ]
    assert redact_many(texts) == texts


@pytest.mark.parametrize("text, expected", [
    # a person's name after a sentence's opening word is still a name
    ("When Fflecsi came in, our route was cut. Booking Gethin Okonjo for the car took three calls.",
     "When Fflecsi came in, our route was cut. Booking [name] for the car took three calls."),
    ("Ask Declan Okafor at the depot, he knows.", "Ask [name] at the depot, he knows."),
    ("I rang twice. Visiting Okafor at the depot, I asked Declan Okafor why.",
     "I rang twice. Visiting [name] at the depot, I asked [name] why."),
])
def test_a_full_name_after_a_sentence_opening_word_still_goes(text, expected):
    assert redact(text) == expected


def test_a_common_first_name_many_respondents_write_after_a_cue_still_goes():
    texts = [f"My neighbour John {rest}" for rest in (
        "cannot get to the surgery since the bus was cut.", "has to take two buses to get to work.",
        "drives me to the hospital.", "waits an hour at the stop in the rain.")]
    assert all(out.startswith("My neighbour [name] ") for out in redact_many(texts))


@pytest.mark.parametrize("text", [
    # a Welsh sentence closing an English answer: "Mae" (is) is also a first name, "rhy" (too) and
    # "angen" (need) are capitalised more often than not in the English word table
    "The cost of tickets keeps rising while the service gets worse. Something has to change. "
    "Mae prisiau tocynnau bws yn rhy ddrud i deuluoedd ifanc.",
    "Our budget has been cut every year.\n\nMae angen bysiau amlach yn ardaloedd gwledig.",
    "Mae'r gwasanaeth yn rhy araf ac mae angen mwy o yrwyr.",
])
def test_welsh_everyday_words_are_kept(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, expected", [
    # the same words in an English sentence are people's first names
    ("I asked Mae at the bus station and she did not know.", "I asked [name] at the bus station and she did not know."),
    ("Dan and Pam from the chapel drive people to the surgery.",
     "[name] and [name] from the chapel drive people to the surgery."),
    # and a Welsh sentence still gives names away after its cues
    ("Mae fy mab Tomos yn methu cyrraedd y coleg. The bus is gone.",
     "Mae fy mab [name] yn methu cyrraedd y coleg. The bus is gone."),
    ("Fy enw i yw Gwenllian Parri ac rwy'n byw yn y pentref.", "Fy enw i yw [name] ac rwy'n byw yn y pentref."),
])
def test_names_beside_welsh_words_still_go(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    # a sentence's opening adverb or a town's last word before "our volunteer drivers" is no one thanked by role
    "Honestly, our volunteer drivers are mostly over seventy and nobody replaces them.",
    "Frankly, our volunteer drivers are the only service left.",
    "Speaking as someone who lives near Builth Wells, our volunteer drivers are mostly over seventy.",
    "I live outside Llandrindod Wells, the volunteer drivers there are wonderful.",
])
def test_an_opening_adverb_or_a_town_before_a_role_is_no_name(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, expected", [
    ("Carys, our volunteer driver, takes me every week.", "[name], our volunteer driver, takes me every week."),
    ("We moved here last year. Osian, the volunteer driver, is a star.",
     "We moved here last year. [name], the volunteer driver, is a star."),
    ("thanks to Hefin Wells, the volunteer driver", "thanks to [name], the volunteer driver"),
])
def test_a_person_named_before_a_role_still_goes(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "The library opened on 3 May 1965 and the bus route was cut on 14/03/1985.",
    "Since the Transport Act of 1 January 1986 the routes have been tendered.",
])
def test_a_date_without_a_birth_cue_is_kept_however_old(text):
    """A date old enough to be a writer's birth was taken for one: an answer's dates are its history's."""
    assert redact(text) == text
