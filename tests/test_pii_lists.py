"""Names in lists of people and before honours, Australian postcodes, and e-mail addresses glued to
a footnote's number: the shapes of a letterhead or an acknowledgement taken from a PDF."""

import pytest

from consult_analyser.pipeline.pii import redact


@pytest.mark.parametrize(("text", "expected"), [
    # the recogniser finds some names of a list; the rest of the list goes with them
    ("This paper was prepared by Mei-Ling Tao, Ro5a Varga, Eleanor Sandry, Mike Kent and Stuart Bender "
     "from the Centre.",
     "This paper was prepared by [name], [name], [name], [name] and [name] from the Centre."),
    # honours and offices after a name
    ("Board: Rupert Quayle AO (Chair), Sue Marlow AM, and others.", "Board: [name] AO (Chair), [name] AM, and others."),
    ("Signed by Olwen Pryce-Jenkins MS and Tomasz Wrona OBE.", "Signed by [name] MS and [name] OBE."),
    # an Australian postcode after a town and a state's code
    ("PO Box 5357. Braddon, ACT, 2612", "[address]. Braddon, ACT, [postcode]"),
    ("Write to us in Perth WA 6000 or Sydney NSW 2000.", "Write to us in Perth WA [postcode] or Sydney NSW [postcode]."),
    # a footnote's number glued to an e-mail address does not leave its domain's end behind
    ("r.quayle@example.edu.au1 About the author", "[email]1 About the author"),
])
def test_letterhead_shapes_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Our partners Age Cymru, Mind Cymru and Citizens Advice agree.",
    "Since NSW 2020 reforms, more people travel.",
    "In 2019 WA 6000 jobs were lost.",
    "Multiple Sclerosis MS services need funding.",
    "We met the Head Teacher and the Governing Body, and Ysgol Gymraeg staff.",
    "Families should keep their mother tongue, and schools should help.",
])
def test_lists_of_bodies_years_and_everyday_words_are_kept(text):
    assert redact(text) == text


@pytest.mark.parametrize("name", ["Dudley Ramblers", "York Ramblers", "Ashdown Volunteers", "Kenton Cyclists"])
def test_a_group_named_by_what_its_members_do_is_no_person(name):
    """Organisations typed in the organisation box were held back from the Organisations sheet as people."""
    from consult_analyser.pipeline.pii_names import names_a_person

    assert not names_a_person(name)
    assert redact(f"We are {name} and we walk here.") == f"We are {name} and we walk here."


@pytest.mark.parametrize(("text", "kept"), [
    ("The traffic will be awful. Ring me on my mobile 07700 900123 if you want.", "The traffic will be awful."),
    ("Buses are late. My number is 07700 900123.", "Buses are late."),
    ("The phone mast is ugly.", "The phone mast is ugly."),  # no contact detail: the word stays
])
def test_theme_words_lose_a_contact_details_cue_with_it(text, kept):
    """Theme labels and descriptions are drawn from the answers with contact details blanked; the words
    announcing them stayed ("often mentioning commute and phone")."""
    from consult_analyser.pipeline.pii import without_personal_data

    blanked = without_personal_data([text])[0]
    assert blanked.startswith(kept)
    assert "mobile" not in blanked and "number" not in blanked


@pytest.mark.parametrize("text, name", [
    ("I'm Cedric Wrexcombe and I've lived here 30 years.", "Cedric Wrexcombe"),
    ("I am Priya. The buses are late.", "Priya"),
    ("Hello, I am Grace Wrexcombe from the village.", "Grace Wrexcombe"),
])
def test_a_person_introducing_themselves_by_name_is_found_without_the_recogniser(text: str, name: str) -> None:
    from consult_analyser.pipeline.pii import without_personal_data

    assert name not in without_personal_data([text])[0]


@pytest.mark.parametrize("text", ["I am Against the rise.", "I'm Welsh and proud.", "I am Catholic Christian.",
                                  "I am Sure it will fail.", "I am Will power"])
def test_i_am_before_an_ordinary_word_is_no_name(text: str) -> None:
    from consult_analyser.pipeline.pii import without_personal_data

    assert without_personal_data([text])[0] == text


def test_a_parish_councils_place_name_is_no_persons_name_wherever_it_stands() -> None:
    from consult_analyser.pipeline.pii import redact

    text = ("Brindle Vale Parish Council wishes to respond to the consultation. We ask that the public toilets at "
            "Brindle Vale green are kept open.")
    assert redact(text) == text
    assert "Neumayr" not in redact("The Honorable Mary Neumayr Chairman Council On Environmental Quality")


def test_a_named_persons_house_number_goes_with_their_name() -> None:
    from consult_analyser.pipeline.pii import redact

    assert redact("My neighbour Zelda Wrexcombe at number 51 has complained about the bins.") == \
        "My neighbour [name] at [address] has complained about the bins."
    assert redact("The number 51 bus is always late.") == "The number 51 bus is always late."
