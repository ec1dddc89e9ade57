"""Follow-ups of trials 48 and 49: a letter's title page quoted, a theme named after an organisation, batch notes
and address blocks themed as points, and a short-answer label kept for a theme few of whose answers write it."""

from __future__ import annotations

import numpy as np
import pytest

TITLE_PAGE = ("A DVANCING S AFE AND R ESPONSIBLE AI R EGULATION IN A USTRALIA‘SHAPING THE FUTURE: TOWARDS SAFE AND "
              "RESPONSIBLE AI REGULATION IN AUSTRALIA’ PROFESSOR JANE EXAMPLE FUTUROLOGIST ABSTRACT ")
BODY = ("Australia's existing regulatory approaches recognise the risks of AI, but further action is necessary to "
        "effectively address these challenges. Customised regulations are essential to ensure fairness.")


def test_a_title_page_in_capitals_is_front_matter_and_never_quoted() -> None:
    """Trial 49 published "A DVANCING S AFE ... PROFESSOR [name] FUTUROLOGIST ABSTRACT ..." as a quote: one line of
    capitals run into the letter's first sentence had been read as prose."""
    from consult_analyser.pipeline.letters.front_matter import front_matter_end
    from consult_analyser.pipeline.themes.quotable import no_quote, quotable_part

    text = TITLE_PAGE + BODY
    assert text[front_matter_end(text):].startswith("Australia's existing")
    assert quotable_part(text) == BODY
    assert no_quote(TITLE_PAGE)  # a title page alone
    assert not no_quote(text)  # its letter has a point: quoted from its first sentence


@pytest.mark.parametrize("text", [
    "WE STRONGLY OPPOSE THIS PROPOSAL AND URGE YOU TO DROP IT. The rule harms everyone.",
    "NO TO THE NEW RULES FOR FARMERS. Farmers cannot afford them.",
    "Government regulation",
    "Buses are late and the council should fix the timetable."])
def test_a_view_in_capitals_or_a_short_answer_is_no_title_page(text: str) -> None:
    from consult_analyser.pipeline.themes.quotable import no_quote, quotable_part

    assert quotable_part(text) == text
    assert not no_quote(text)


@pytest.mark.parametrize("text", [
    "See Attached File(S): Gulf Example Network Batch #6 Of 9: Here Are 500 Of Over 4000 Comment Letters From Gen "
    "Members And Supporters. Numbers 2501 - 3000.",
    "Correspondence From The City Of Example Is Accompanying. City Clerk – City Of Example 44 E. Downer Pl. "
    "Example, Il 60507",
    "Part 2 of 3: here are the remaining 300 comments from our supporters."])
def test_batch_notes_and_address_blocks_are_no_substantive_answer(text: str) -> None:
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer
    from consult_analyser.pipeline.themes.quotable import no_quote

    assert is_non_answer(text) and no_quote(text)


@pytest.mark.parametrize("text", [
    "Here are 500 comments from our members who oppose the rule because it harms wildlife.",
    "Part 2 of 3: We strongly oppose the delisting of the gray wolf.",
    "I live at 44 Downer Pl and the trains are too loud at night."])
def test_a_batch_or_an_address_with_a_view_is_an_answer(text: str) -> None:
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert not is_non_answer(text)


def test_an_organisations_name_is_never_a_label() -> None:
    """Trial 49's General comment theme "Getty Images": the one answer of nine that wrote it named its own writer."""
    from consult_analyser.pipeline.themes.label_forms import names_an_organisation

    answers = ["Getty Images appreciates the opportunity to comment. Getty Images is an established member of the "
               "global creative community.", "I have had my work used in AI images without consent."]
    assert names_an_organisation("Getty Images", answers)
    assert not names_an_organisation("AI images", answers)
    assert names_an_organisation("Centre for AI Safety", ["open letters by the Centre for AI Safety [2] warn"])
    assert names_an_organisation("Law School", ["I am a research fellow at the Law School at the University"])
    for label, text in (("Robodebt", "Robodebt is a scandal we must not repeat"),
                        ("Privacy Act", "The Privacy Act is the national law and is out of date"),
                        ("AI Commission", "An AI Commission should be formed")):
        assert not names_an_organisation(label, [text])


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=float)
    return v / np.linalg.norm(v)


def test_a_short_answer_label_few_write_says_other_points() -> None:
    """Trial 48: "4000 Comment Letters from Grn Members" named 60 answers of which 6 wrote it; the label came from
    the short answers, which the "... and other points" check never looked at."""
    from consult_analyser.pipeline.themes.build import AND_OTHERS, ThemeBuilder

    class NoPhrases:  # no phrase stands out: the label comes from the short answers (labels.answers_label)
        cache: dict[str, list[str]] = {}

        def label(self, texts, groups):  # type: ignore[no-untyped-def]
            return [[] for _ in groups]

    short = "Ferry timetable changes"
    texts = [short, short, short] + [
        "Parking near the station costs too much for commuters every weekday",
        "Housing rents climbed sharply since landlords sold their flats",
        "Noisy lorries rumble past our bedrooms after midnight",
        "Litter bins overflow along the promenade during summer",
        "Schools lack qualified science teachers and laboratories",
        "Streetlights flicker badly near the underpass at dusk",
        "Pavements crack where tree roots push through the slabs",
        "Benches vanished from the park without any explanation",
        "Dogs foul playing fields because wardens never patrol"] \
        + ["Sports results today", "Weather reports today", "Cooking tips today", "Travel deals today"]
    rng = np.random.default_rng(0)
    theme = [_unit(1, *(1.0 * rng.standard_normal(3)), 0) for _ in range(12)]
    others = [_unit(0, *(0.3 * rng.standard_normal(3)), 1) for _ in range(4)]
    builder = ThemeBuilder(texts, np.stack(theme + others), NoPhrases(), [])  # type: ignore[arg-type]
    builder.embed = lambda phrases: np.stack([_unit(0.2, 0, 0, 0, 1) for _ in phrases])
    topics = np.array([0] * 12 + [1] * 4)
    built = builder.build(topics, {})
    label = next(t.label for t in built.themes if t.key == 0)
    assert label.startswith(short), label
    assert label.endswith(AND_OTHERS)
