"""Trial 47 (a data-protection officer's sign-off): forms of personal data that were missed, and spans that
were wrongly taken for names. Synthetic text throughout."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import redact

# -- missed forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, gone", [
    ("Feel free to write to anna dot jones at yahoo dot com with questions.", "anna dot jones"),
    ("You can reach me at mike dot brown at hotmail dot co dot uk.", "mike dot brown"),
    ("Email me: t.nguyen [at] health [dot] gov [dot] au", "t.nguyen"),
    ("contact lena(at)mailbox(dot)org for the data", "lena(at)mailbox"),
    ("Reach me on priya.r @ outlook.com any time", "priya.r"),
    ("my address is omar.h@ gmail.com", "omar.h"),
    ("write to jo.bloggs at example.org today", "jo.bloggs"),
])
def test_obfuscated_and_spaced_emails_are_redacted(text: str, gone: str) -> None:
    out = redact(text)
    assert gone not in out and "[email]" in out


@pytest.mark.parametrize("text", [
    "We met at Amazon.com last year.",
    "Sarah at Amazon.com says the delivery drones work.",
    "Have a look at bbc dot com for the story.",
    "Prices @ 5.00 each are too high; meet us @ the station.",
])
def test_at_and_dot_in_ordinary_text_are_kept(text: str) -> None:
    assert redact(text) == text


def test_medicare_number_after_its_cue() -> None:
    assert redact("Her Medicare card number is 3951 33335 2 and it was scanned.") == \
        "Her Medicare card number is [ID number] and it was scanned."
    assert "5123" not in redact("My medicare no. 5123-45678-9/1 was rejected by the bot.")
    assert redact("Medicare spent 2024 million on it.") == "Medicare spent 2024 million on it."


@pytest.mark.parametrize("text", [
    "VIC driver licence 987654321 was read by the camera.",
    "My driver's license 0456789 was copied.",
    "Licence number 11223344 is on the form.",
])
def test_driving_licence_after_its_cue(text: str) -> None:
    assert "[driving licence]" in redact(text)


def test_driving_licence_cue_without_a_number_is_kept() -> None:
    text = "I have held a driver licence since 2015 and drive 20 km a day."
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "phone me on 9876 5432 after 6pm",
    "Please call us at 4412 3388 in office hours.",
    "my home phone number is 8765 4321.",
])
def test_eight_digit_landline_after_a_phone_cue(text: str) -> None:
    assert "[phone]" in redact(text)


def test_eight_digits_without_a_cue_are_kept() -> None:
    text = "The fund paid 9876 5432 claims and my phone cost 1200000 dong."
    assert redact(text) == text


@pytest.mark.parametrize("text, gone", [
    ("We live in Brunswick 3056 VIC near the tram.", "3056"),
    ("Write to us (Paddington 2021 NSW).", "2021"),
    ("Our farm is at Toowoomba, 4350, QLD.", "4350"),
])
def test_australian_suburb_postcode_state(text: str, gone: str) -> None:
    out = redact(text)
    assert gone not in out and "[postcode]" in out


@pytest.mark.parametrize("text", [
    "Since 2010 NSW has regulated this.",
    "In 2019 NSW passed a law.",
    "Brunswick 9999 VIC",  # no Victorian postcode
])
def test_years_before_a_state_are_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text, kept", [
    ("I am 72 and live in Todmorden, and the bus app confuses me.", "Todmorden"),
    ("As a 41-year-old dad of two in Broken Hill, I worry about AI.", "Broken Hill"),
    ("I'm 58, from Mudgee, and I run a small shop.", "Mudgee"),
    ("I live in Hexham and I am 80 years old.", "Hexham"),
])
def test_age_beside_home_town_loses_the_age(text: str, kept: str) -> None:
    out = redact(text)
    assert "[age]" in out and kept in out
    assert not any(n in out for n in ("72", "41", "58", "80"))


@pytest.mark.parametrize("text", [
    "I am 67 and worried about AI.",
    "I am 100 percent sure people in Leeds agree.",
    "A 50-year-old law in Victoria needs updating.",
    "I am 30 years old and work in Finance.",
    "I live in Leeds. I am 40.",
])
def test_age_alone_or_without_a_home_is_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("name", ["Haoran", "Xiuying", "Oluwaseun"])
def test_lone_name_on_the_last_line_is_a_signature(name: str) -> None:
    text = f"AI should be explained to the people it affects.\nThanks for reading.\n{name}"
    assert redact(text).endswith("\n[name]")


@pytest.mark.parametrize("last", ["Regards", "Thanks", "Australia", "Ends", "NHS"])
def test_last_line_that_is_no_name_is_kept(last: str) -> None:
    text = f"AI should be explained to the people it affects.\n{last}"
    assert redact(text) == text


# -- spans wrongly taken for names -------------------------------------------------------------------


@pytest.mark.parametrize("text, kept", [
    # offices and titles are no people
    ("Rishi Sunak, the Prime Minister of the United Kingdom, spoke about AI.", "Prime Minister"),
    ("The Department of the Prime Minister and Cabinet should lead on this.", "Prime Minister"),
    ("Yann LeCunn, Facebook Chief AI Scientist and award winner, disagrees.", "Facebook Chief"),
    ("The Foreign Minister and the Chief Scientist wrote about it in 2023.", "Foreign Minister"),
    ("Kwabena Mensah, the Health Secretary, and the Deputy Premier agreed.", "Health Secretary"),
    # a sentence's opening adverb before a contraction
    ("I get too many emails. Incidentally I’ve stopped answering calls.", "Incidentally I’ve"),
    ("The scheme is poor. Frankly I'm tired of it. Honestly I'd scrap it.", "Frankly I'm"),
    # an organisation's or a place's own word
    ("The Rose garden at the Botanic Garden in Victoria uses AI sensors.", "Botanic Garden"),
    ("Firms like Price Waterhouse Coopers and Deloitte audit these systems.", "Waterhouse Coopers"),
    ("developers. Getty Images would be keen to explore the sandboxes.", "Getty Images"),
    ("Peak bodies including Ku Arts, Desart and Arnhem Northern and others agree.", "Ku Arts"),
    ("Peak bodies including Ku Arts, Desart and Arnhem Northern and others agree.", "Arnhem Northern"),
    ("Reports from Lumen Pictures and Okapi Studios say the same.", "Okapi Studios"),
    ("The Kimberley Western region and Tanami Central office agree.", "Tanami Central"),
    # things named in everyday words, and a numbered heading
    ("Also, the Paperclips Apocalypse and Squiggle Maximizer scenario should be considered.", "Squiggle Maximizer"),
    ("A concern is the 'Paperclip Maximizer’ thought experiment, coined by philosopher Nick Bostrom.",
     "Paperclip Maximizer"),
    ("a comprehensive list. A. Consumer law A.1 Consumer protection in financial services.", "A. Consumer"),
    ("Headings follow.\nB. Privacy law should change too.", "B. Privacy"),
    ("the Lantern Optimizer problem and the Teapot Maximiser problem", "Lantern Optimizer"),
])
def test_name_shaped_span_that_is_no_person_is_kept(text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, acronym", [
    ("Organisations are affirming the need for RAI, but many fall short of operationalizing RAI in practice.", "RAI"),
    ("The RAI leadership and the TAF board met; the KPO team agreed.", "KPO"),
])
def test_acronym_in_capitals_is_no_name(text: str, acronym: str) -> None:
    out = redact(text)
    assert "[name]" not in out and acronym in out


@pytest.mark.parametrize("text, gone", [
    ("Rishi Sunak, the Prime Minister of the United Kingdom, spoke about AI.", "Rishi Sunak"),
    ("Please contact TOMASZ KAUR if you need more detail about the flooding.", "KAUR"),
    ("Yours faithfully, MOHAMMED OSEI", "OSEI"),
    ("The Health Minister and Secretary Okafor met Declan Okafor.", "Declan Okafor"),
    ("a list. J. Baker wrote to me about it.", "Baker"),
])
def test_people_beside_offices_and_in_capitals_still_go(text: str, gone: str) -> None:
    assert gone not in redact(text)
