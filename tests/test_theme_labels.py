"""Theme descriptions as a reader sees them."""

from __future__ import annotations

import numpy as np
import pytest


def test_a_description_says_nothing_twice_in_singular_and_plural():
    """"Answers about quizzes, often mentioning questions, exams and exam" read as a stammer."""
    from consult_analyser.pipeline.themes.labels import describe

    assert describe("Quizzes", ["questions"], ["exams", "exam", "time"]) == \
        "Answers about quizzes, often mentioning questions, exams and time."
    assert describe("Bus", ["buses", "fares"], ["stops"]) == "Answers about bus, often mentioning fares and stops."
    assert describe("Access", ["process", "analysis"], []) == "Answers about access, often mentioning process and analysis."


def test_a_first_name_alone_is_never_a_keyword():
    """A patient survey's theme was described "often mentioning tea trolley lady, star and chloe": a staff
    member's first name, which the theme's texts (redacted without the recogniser) had kept."""
    from consult_analyser.pipeline.pii_names import a_first_name_only

    assert all(a_first_name_only(w) for w in ("chloe", "Sinead", "gemma", "priya"))
    assert not any(a_first_name_only(w) for w in ("grace", "will", "star", "hope", "parking", "bush", "obama"))


def test_who_the_writer_is_is_no_phrase_to_label_a_theme_by():
    """A trial's themes were labelled "Parent" and "Daily commuter" from openings such as "As a parent,";
    what the answers said came after."""
    from consult_analyser.pipeline.themes.phrases import _tagged_phrases, load_nlp

    nlp = load_nlp()
    if nlp is None or not nlp.has_pipe("tagger"):
        pytest.skip("no tagger")
    assert "parent" not in " ".join(_tagged_phrases(nlp("As a parent, I worry about the last bus home."))).lower()
    assert not any("commuter" in p for p in _tagged_phrases(nlp("As daily commuters, we need earlier trains.")))
    assert not any("pensioner" in p for p in _tagged_phrases(nlp("I am a pensioner. The bus pass matters.")))
    assert "doctor" in _tagged_phrases(nlp("We need services such as a doctor, and a bus."))
    assert "Parents" in _tagged_phrases(nlp("Parents need a bus."))


def test_one_persons_view_never_names_a_theme() -> None:
    """A trial on a real consultation published "It should be voluntary" over answers that wanted it mandatory,
    and "No idea. Federalism is a challenge" over four bare "No"s: a label states its words for every answer."""
    from consult_analyser.pipeline.themes.labels import answers_label

    texts = ["It should be voluntary", "Voluntary will not work when bad actors are at play",
             "Mandatory, a voluntary approach is not enough", "It should be voluntary",
             "Mandated through regulation for all developers", "Voluntary codes for industry bodies",
             "Both voluntary and mandatory compliance", "Voluntary at first then mandated", "Leave it to industry"]
    assert answers_label(texts, []) != "It should be voluntary"  # two of nine wrote it
    central = ["No idea. Federalism is a challenge", "No", "No.", "Yes, see my submission", "No"]
    assert answers_label(central, []) != "No idea. Federalism is a challenge"
    many = ["One law for all", "One law for all", "One law for all.", "Same rules for everyone", "one law for all"]
    assert answers_label(many, []) == "One law for all"  # most of them wrote it: it names the theme


def test_a_taken_phrase_is_named_with_its_keyword_as_the_answers_write_them() -> None:
    """"Risk (inherent)" read as a fragment to a trial's readers; the answers wrote "inherent risk"."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["The inherent risk of these systems is high", "Inherent risk cannot be removed by design",
             "Some uses carry an inherent risk to people", "Risk must be managed"]
    label = ThemeBuilder._label(["Risk"], "Assorted points", ["inherent", "systems"], {"risk"}, 3, texts)
    assert label == "Inherent risk"
    # no phrase written with any keyword, and the keyword written beside it in no answer: the rest said near it
    assert ThemeBuilder._label(["Risk"], "Assorted points", ["systems"], {"risk"}, 3, texts[3:]) == \
        "Other points on risk"


def test_a_bracketed_keyword_is_written_with_the_phrase() -> None:
    """"Education (judgement)", "Privacy (energy)": on a real consultation 33 labels of 210 put in brackets a
    keyword no answer wrote beside the phrase, and the trial's readers judged them fragments. A keyword in
    brackets is written with the phrase by a fifth of the answers; else the label says what it is: the rest
    said near a phrase another theme took, which joins it as named alike when the two are close."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    apart = ["Education of the public matters", "Teach people about AI at school and in education",
             "Good judgement is needed by developers", "Human judgement must stay in the loop",
             "Fund more education on AI"]
    assert ThemeBuilder._label(["Education"], "Assorted points", ["judgement"], {"education"}, 2, apart) == \
        "Other points on education"
    beside = [*apart, "Education builds judgement in users", "Judgement comes with education and practice"]
    assert ThemeBuilder._label(["Education"], "Assorted points", ["judgement"], {"education"}, 2, beside) == \
        "Education (judgement)"
    # a name keeps its capitals; a verb never stands in brackets ("Impact (reduce)")
    act = ["The Privacy Act needs reform", "Reform the Privacy Act soon", "Energy use of data centres"]
    assert ThemeBuilder._label(["Privacy Act"], "Assorted points", ["energy"], {"privacy act"}, 2, act) == \
        "Other points on Privacy Act"
    verb = ["The impact will reduce jobs", "This impact could reduce trade", "It will reduce the impact",
            "Costs will reduce", "They would reduce it"]
    assert ThemeBuilder._label(["Impact"], "Assorted points", ["reduce"], {"impact"}, 2, verb) == \
        "Other points on impact"


def test_a_keyword_that_is_the_phrase_possessive_adds_nothing() -> None:
    """A re-test's theme was named "Ceq (ceq's)"."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["CEQ's rule is rushed", "The CEQ's draft", "Ceq must consult tribes", "Tribal consultation matters"]
    label = ThemeBuilder._label(["Ceq"], "Assorted points", ["ceq's", "tribal"], {"ceq"}, 3, texts)
    assert "ceq's" not in label.lower()


def test_other_points_name_their_phrase_as_a_sentence_writes_it() -> None:
    """"Other points on economy", not "Other points on Economy" nor "Other points on OLD" (an answer in capitals);
    a name or an acronym keeps its capitals ("Obama", "AI governance", "Privacy Act", "NHS")."""
    from consult_analyser.pipeline.themes.label_forms import _in_a_sentence

    assert [_in_a_sentence(p) for p in ("Economy", "OLD", "Generic solutions", "High-risk applications")] == \
        ["economy", "old", "generic solutions", "high-risk applications"]
    assert [_in_a_sentence(p) for p in ("Obama", "AI governance", "Privacy Act", "NHS")] == \
        ["Obama", "AI governance", "Privacy Act", "NHS"]


def test_a_label_that_names_a_part_of_its_theme_says_so() -> None:
    """"Robodebt" over answers of which one mentions it: blind readers judged such labels wrong. A label that
    means less what its theme's answers say than what the others say, written by fewer than half of them, says
    the theme holds other points too; not when half write it, nor over copies of one text, nor without a model."""
    import numpy as np

    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    def unit(*xs: float) -> np.ndarray:
        v = np.array(xs, dtype=float)
        return v / np.linalg.norm(v)

    texts = ["Robodebt showed what automated decisions can do", "Government must keep a human in the loop",
             "Agencies need skills to buy AI well", "Public servants need training",
             "Sports results", "Weather reports", "Cooking tips", "Travel deals"]
    vectors = np.stack([unit(1, 0.9, 0, 0), unit(1, -0.9, 0, 0), unit(1, 0, 0.9, 0), unit(1, 0, -0.9, 0),
                        unit(0.1, 0, 0, 1), unit(0, 0.1, 0, 1), unit(0, 0, 0.1, 1), unit(0, 0, 0, 1)])
    phrase_vectors = {"Robodebt": unit(0.2, 0, 0, 1), "Government use of AI": unit(1, 0, 0, 0)}
    builder = ThemeBuilder(texts, vectors, PhraseLabeler(), [])
    builder.embed = lambda phrases: np.stack([phrase_vectors[p] for p in phrases])
    rows, others = np.arange(4), np.arange(8) >= 4
    centre = unit(*vectors[rows].mean(axis=0))
    assert builder._fits(["Robodebt"], rows, others)[0] < 0.08 < builder._fits(["Government use of AI"], rows, others)[0]
    assert builder._names_a_part("Robodebt", rows, centre, others)
    assert not builder._names_a_part("Government use of AI", rows, centre, others)
    # written by half of them: it names them
    builder.texts = ["Robodebt again", "Robodebt harmed people", *texts[2:]]
    assert not builder._names_a_part("Robodebt", rows, centre, others)
    # copies of one text: any phrase of it names them all
    builder.texts, builder.vectors = texts, np.stack([unit(1, 0.1, 0, 0)] * 4 + list(vectors[4:]))
    assert not builder._names_a_part("Robodebt", rows, unit(1, 0.1, 0, 0), others)
    # no model to say what a phrase means: words alone choose, and no label is marked
    builder.embed, builder.vectors = None, vectors
    assert builder._fits(["Robodebt"], rows, others) == [1.0]
    assert not builder._names_a_part("Robodebt", rows, centre, others)


def test_a_phrase_its_answers_go_on_from_is_no_label() -> None:
    """"Benefits to a vast variety" (of what?), "AIs in terms" (of...), "Public trust hinges on the belief" (that...),
    and "MitigationA traditional risk matrix" (two sentences an export ran together) were chosen as labels on a real
    consultation; blind readers judged them fragments. A whole phrase stays ("Elements of the economy")."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.label_forms import _unfinished

    texts = ["There are benefits to a vast variety of industries", "Benefits to a vast variety of people",
             "The elements of the economy matter", "Elements of the economy first", "AI helps the economy"]
    assert _unfinished("Benefits to a vast variety", texts)
    assert _unfinished("MitigationA traditional risk matrix", texts)
    assert not _unfinished("Elements of the economy", texts) and not _unfinished("OpenAI models", texts)
    # its "of" names what varies, and the phrase is what they share: "Recognise the contribution" (of people of faith,
    # of places of worship, of churches, mosques, gurdwaras and temples)
    faith = ["The paper should recognise the contribution of people of faith",
             "It needs to recognise the contribution of places of worship"]
    assert not _unfinished("Recognise the contribution", faith)
    assert ThemeBuilder._label(["Benefits to a vast variety", "Elements of the economy"], "Assorted points", [], set(),
                               0, texts) == "Elements of the economy"


def test_a_keyword_that_is_the_phrase_in_the_singular_adds_nothing() -> None:
    """A real consultation's theme was named "Deployers (deployer)": the stem took one ending off the plural
    and another off the singular, so the two did not meet."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["Deployers must assess the risk", "A deployer carries the duty", "Each deployer and deployers alike",
             "Deployers should be liable", "The deployer decides"]
    label = ThemeBuilder._label(["Deployers"], "Assorted points", ["deployer"], {"deployers"}, 4, texts)
    assert "(deployer)" not in label


def test_a_quantity_alone_names_no_theme() -> None:
    """"Half" named a theme of the sample's answers about councils that had "seen half of their budgets" cut."""
    from consult_analyser.pipeline.themes.labels import acceptable_label

    assert not any(acceptable_label(w) for w in ("Half", "Majority", "Third", "Proportion", "Thousands"))
    assert acceptable_label("Half of their budgets")


def test_a_label_takes_no_side_its_answers_split_on() -> None:
    """A trial's theme of cover notes on a US rule was labelled "Support of the Proposed Rule (attached)", though 11
    of its 25 answers opposed the rule: a phrase that takes a side names a theme only where its answers share it."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.label_forms import takes_a_side_they_split_on

    split = ["Please see the attached comments in support of the proposed rule",
             "Attached are our comments in support of the proposed rule", "We strongly oppose the proposed rule",
             "Our members oppose the proposed rule, see attached", "Comments in support of the proposed rule attached",
             "The attached letter sets out our opposition to the proposed rule"]
    assert takes_a_side_they_split_on("Support of the proposed rule", split)
    assert not takes_a_side_they_split_on("Proposed rule", split)
    agreed = [t for t in split if "support" in t] + ["We support the proposed rule fully"]
    assert not takes_a_side_they_split_on("Support of the proposed rule", agreed)
    label = ThemeBuilder._label(["Support of the proposed rule", "Proposed rule"], "Assorted points", [], set(), 1,
                                split)
    assert label == "Proposed rule"


def test_a_noun_and_the_verb_after_it_name_no_theme() -> None:
    """The sample's forced-marriage question had themes labelled "Marriage breaks" (of "when their marriage
    breaks down"), "Helplines require" (of "refuges and helplines require secure investment") and "Children in
    line" (of "raise their children in line with their beliefs"): keyword pairs and a noun of a compound
    preposition, not phrases. A pair names a theme only as a phrase its answers write."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler, _tagged_phrases, load_nlp

    nlp = load_nlp()
    if nlp is None or not nlp.has_pipe("tagger"):
        pytest.skip("no tagger")
    found = _tagged_phrases(nlp("Parents must remain free to raise their children in line with their beliefs."))
    assert "raise their children" in found and not any("line" in p for p in found)
    texts = ["Many women find out when their marriage breaks down that it was never legal.",
             "Religious marriages should be registered, as a marriage breaks down without legal protection.",
             "Refuges and helplines require secure investment.", "Legal protection for women matters."]
    labeler = PhraseLabeler()
    labeler.phrases(texts)
    builder = ThemeBuilder(texts, np.eye(len(texts)), labeler, [])
    kept = builder._phrase_pairs(["marriage breaks", "helplines require", "legal protection", "divorce"], texts)
    assert kept == ["legal protection", "divorce"]
    # where the labeller has read none of the answers, every keyword stays
    assert builder._phrase_pairs(["marriage breaks"], ["unread text"]) == ["marriage breaks"]
