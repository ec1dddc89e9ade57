"""Redaction of what UK departments must remove: identifiers, dates of birth, bank details, names in
any case, self-identifications; places and organisations kept."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import case_proxy, redact
from consult_analyser.pipeline.pii_ids import nhs_check


@pytest.mark.parametrize(("text", "tag"), [
    ("NI: QQ123456C", "[NI number]"),
    ("my ni number is ab 12 34 56 c ok", "[NI number]"),
    ("NHS number 943 476 5919.", "[NHS number]"),
    ("nhs 9434765919", "[NHS number]"),
    ("I was born on 14/03/1985.", "[date of birth]"),
    ("born 2 May 1979", "[date of birth]"),
    ("Sort code 12-34-56, account 12345678.", "[bank details]"),
    ("passport no. 123456789", "[passport number]"),
    ("licence MORGA753116SM9IJ", "[driving licence]"),
    ("my car AB12 CDE", "[vehicle registration]"),
])
def test_identifiers(text, tag):
    assert tag in redact(text, names=False)


def test_nhs_checksum_and_ordinary_numbers():
    assert nhs_check("9434765919") and not nhs_check("9434765918")
    text = "We surveyed 1234567890 households; section 3.1.12 applies from 2024."
    assert redact(text, names=False) == text


def test_names_any_case_and_self_identification():
    out = redact("hello, my name is david jones. We met SARAH O'CONNOR and Ewan D'Souza.\n\n"
                 "Yours sincerely, Priya Okafor")
    for gone in ("david", "jones", "SARAH", "O'CONNOR", "D'Souza", "Priya", "Okafor"):
        assert gone not in out, out
    assert case_proxy("david jones") == "David Jones" and len(case_proxy("o'connor")) == len("o'connor")


def test_places_and_organisations_are_kept():
    text = ("I work at St Thomas' Hospital, sing with the Church of England choir in Norwich and "
            "volunteer for Citizens Advice in Greater Manchester.")
    assert redact(text) == text


def test_planted_benchmark_meets_the_bar():
    from benchmarks.pii_planted import evaluate

    result = evaluate(per_kind=40, seed=3)
    for kind, (got, total) in result["recall"].items():
        assert got / total >= 0.95, (kind, got, total, result["missed"][:5])  # the full run (300 each) is >= 0.98
    words = result["carrier_words"] + result["ordinary_words"]
    assert (result["carrier_lost"] + result["ordinary_lost"]) / words <= 1 / 200


@pytest.mark.parametrize(("text", "expected"), [
    ("Direct line: 029.2018.5344 any time", "Direct line: [phone] any time"),
    ("from ciarán.macnamara@example.co.uk today", "from [email] today"),
    ("TikTok: @yusuf.abdelrahman.sendmum", "TikTok: [social media]"),
    ("see linkedin.com/in/dafydd-llewellyn-544 and https://www.gov.uk/guidance/send",
     "see [social media] and https://www.gov.uk/guidance/send"),
    ("www.gofundme.com/f/help-kacper-get-to-school please", "[social media] please"),
    ("WeChat ID: chen_xm_bham", "WeChat ID: [social media]"),
    ("my address is 31 chapel street morley. Thanks", "my address is [address]. Thanks"),
    ("my address is 31 chapel street morley LS27 9AB. Thanks", "my address is [address]. Thanks"),  # not [postcode]
    ("follow @siobhan.omalley-say43 now", "follow [social media] now"),
    ("I live at the edge of town.", "I live at the edge of town."),
    ("Resources GPO Box 2013 Canberra ACT 2601 Dear Minister", "Resources [address] Dear Minister"),
    ("The rate rose 0.25 and version 0161.25 came out.", "The rate rose 0.25 and version 0161.25 came out."),
])
def test_what_respondents_write_of_themselves_in_free_text(text, expected):
    """Found by a data-protection review of invented answers: dotted telephone numbers, accented
    e-mail addresses, social media handles, profile and fundraising pages, messenger ids and
    lower-case addresses were published as written."""
    assert redact(text, names=False) == expected


def test_welsh_and_arabic_name_particles_and_surnames_that_are_words():
    text = ("On behalf of my granddaughter Ffion ap Gwilym. Mrs ap Gwilym agrees. Diolch yn fawr, Rhodri ap Gwilym\n"
            "Kind regards, Iwan Price")
    out = redact(text)
    assert "Gwilym" not in out and "Ffion" not in out and "Price" not in out and "Iwan" not in out


@pytest.mark.parametrize("text", [
    "Families near Milton Keynes face the same problem.",
    "We live in Sutton Coldfield.",
    "We stay at Ronald McDonald House.",
    "She is at Holy Trinity CE Primary and Ysgol Gymraeg Treganna.",
])
def test_places_and_bodies_shaped_like_names_are_kept(text):
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("my son lowri lam has muscular dystrophy", "my son [name] has muscular dystrophy"),
    ("i spoke to my neighbour ka wai lam and she agrees", "i spoke to my neighbour [name] and she agrees"),
    ("Cheers, Małgorzata", "Cheers, [name]"),
    ("Many thanks, iwan price\n\nChair", "Many thanks, [name]\n\nChair"),  # a surname that is a word, line's end
    ("cheers, priya great work", "cheers, [name] great work"),
    ("Thank you Sarah (mum of Kacper)", "Thank you [name] (mum of [name])"),
    ("The driver, Gareth, has been wonderful", "The driver, [name], has been wonderful"),
    ("the escort bernadette has been trained", "the escort [name] has been trained"),
    ("posted on Twitter (@krzysztof_zieliń21) and", "posted on Twitter ([social media]) and"),
    ("WeChat ID chen_xm_bham.", "WeChat ID [social media]."),
    # what must stay
    ("my son has autism and the driver was late", "my son has autism and the driver was late"),
    ("Thank you for the consultation. I love Leeds.", "Thank you for the consultation. I love Leeds."),
    ("on Instagram and Facebook", "on Instagram and Facebook"),
    # a cue is a whole word: "mother to" in "mother tongue" names no one
    ("children should be proud of their mother tongue. Schools should help.",
     "children should be proud of their mother tongue. Schools should help."),
    ("Thanksgiving matters to us", "Thanksgiving matters to us"),
])
def test_names_after_a_relation_a_role_or_a_sign_off_in_any_case(text, expected):
    """A relative, a neighbour, a member of staff or the writer named after their cue, even in lower
    case and by the rules alone (the annex's coded excerpts go without the names model when they are many)."""
    from consult_analyser.pipeline.pii import PiiFinder

    assert PiiFinder(ner=False).redact_many([text]) == [expected]


@pytest.mark.parametrize("text", [
    "Zofia is in Year 5 at the village school and has asthma.",
    "The escort, Gethin, has been wonderful with Kacper on the long journey.",
    "When Osian started at the new school he cried every morning.",
    "Please keep the Sunday club open for working parents.\n- Farhan",
    "Thanks Ffion",
    "We need classes in the evening for people who work. - Jun",  # signed with a dash, in the list or not
    "Thank you for reading this in September. - Sam",  # a first name that is also a word signs too
    "Please keep the crèche open. —Tomasz",
    "We hope these comments help.\n\nWith best wishes,\n\nMegan Baker\nChief Executive",  # a surname that is a word
])
def test_first_name_standing_alone_is_redacted(text):
    out = redact(text)
    assert "[name]" in out, out
    for gone in ("Zofia", "Gethin", "Kacper", "Osian", "Farhan", "Ffion", "Jun", "Tomasz", "Megan", "Baker", "Sam"):
        assert gone not in out, out


@pytest.mark.parametrize("text", [
    "We live in Devon and Kent is no better; Victoria has the same problem.",  # first names that are places
    "Grace and hope are what the chaplain offers; Mark my words.",  # everyday words
    "St Teresa's parish and Our Lady of Lourdes school run the breakfast club.",  # saints
    "Routes through Stoke-on-Trent and King's Lynn take too long.",  # parts of place names
    "The teachings of Jesus and the example of the Christian community matter.",
    "Roma families and Shona speakers need interpreters at the school gate.",  # peoples, not people
    "As the Americans With Disabilities Act (Ada) requires, and as Hardin (2002) found.",
    "Comments Submitted By The Rural Transport Partnership On Behalf Of Its Members Across The County.",
    "Everything hinges on one word - Safety",
])
def test_first_names_in_other_roles_are_kept(text):
    assert redact(text) == text


def test_a_first_name_and_the_next_sentence_are_not_one_name():
    assert redact("I asked Dylan. Young people agreed.") == "I asked [name]. Young people agreed."


def test_a_name_glued_to_a_date_by_pdf_extraction_is_redacted():
    """Text taken from a PDF glues a letter's date to the name under it."""
    out = redact("Response to the discussion paper 26 July 2023Dr Mererid Vaughan-Price, Senior Lecturer")
    assert "Mererid" not in out and "Vaughan" not in out, out
    out = redact("Submission 4 August 2023Ms Tegan Marsh-Okoro wrote to the department")
    assert "Tegan" not in out and "Okoro" not in out, out


@pytest.mark.parametrize(("text", "number"), [
    ("Happy to discuss further, please call me on (07) 805 9273.", "805 9273"),  # New Zealand landlines
    ("Ring the farm on 09 377 1234 after six.", "377 1234"),
    ("Our office is on (02) 9876 5432.", "9876 5432"),  # Australian
])
def test_landlines_with_a_one_digit_area_code(text: str, number: str) -> None:
    """A New Zealand trial left 20 of 22 landlines written "(07) 820 8091" in redacted text, 11 of them quoted."""
    out = redact(text, names=False)
    assert number not in out and "[phone]" in out, out


@pytest.mark.parametrize("text", ["In 2019 05 1234 cows were counted.", "Section 02 2020 of the act", "The 04 1995 report"])
def test_numbers_that_are_no_landline_are_kept(text: str) -> None:
    assert redact(text, names=False) == text


@pytest.mark.parametrize(("text", "gone"), [
    ("as a plumber i need my van outside the job email me at stevenbrennan10@yahoocouk for photos",
     "stevenbrennan10@yahoocouk"),
    ("contact emmahargreaves72@hotmailcouk", "hotmailcouk"),
    ("my van wd17 jeh gets a ticket every week", "wd17 jeh"),
    ("a silver ford registration dy16 gwh was parked there", "dy16 gwh"),
])
def test_addresses_and_number_plates_written_in_lower_case_without_punctuation(text: str, gone: str) -> None:
    """A trial's annex quoted "email me at stevenbrennan10@yahoocouk", and its redacted files kept "wd17 jeh": every
    e-mail and registration written that way (8 of 8), against none of 286 written normally."""
    assert gone not in redact(text)


@pytest.mark.parametrize("text", ["follow @DfTgovuk for updates", "it was 3@5 each", "in 2012 the uk20 was held",
                                  "covid19 was bad", "the m25 and a406 roads", "my mp3 player"])
def test_handles_prices_and_road_numbers_are_no_email_or_number_plate(text: str) -> None:
    out = redact(text, names=False)
    assert "[email]" not in out and "[vehicle registration]" not in out, out


def test_a_neighbour_whose_first_name_is_also_a_word_is_named() -> None:
    """A New Zealand trial's annex quoted "Our neighbour Mere Sutherland lost her stock": "Mere" is a Māori first
    name and an English word."""
    assert "Sutherland" not in redact("Our neighbour Mere Sutherland lost her stock.")
    assert redact("My son will be late.") == "My son will be late."
