"""A large "Assorted points" theme is not a theme (trial 46, real ANES answers: the largest theme in five blocks of
eight, 19% of one block's answers).

- A group most of whose answers write one word, even a generic one ("experience", "change", "class"), is named by
  it with what qualifies it ("Time for change", "Experience (war, knowledge)"), never by the lone word, and never
  by a word that names nothing ("good", "nothing").
- Assorted themes holding more than their share are re-split, and what still shares no word is dissolved into the
  nearest themes or left unassigned, never more than 10% of the answers; a re-cut does the same, and a lead's
  merge is kept as merged.
"""

from __future__ import annotations

import numpy as np

from consult_analyser.pipeline.themes.assorted import ASSORTED_SHARE, is_assorted, too_large
from consult_analyser.pipeline.themes.cluster import MAX_UNASSIGNED
from consult_analyser.pipeline.themes.common_word import common_word_label
from consult_analyser.pipeline.themes.labels import ASSORTED_LABEL, LONE_GENERIC, acceptable_label, fallback_label
from consult_analyser.pipeline.themes.model import ThemeModel
from consult_analyser.pipeline.themes.phrases import phrase_key

#: answers of more than twelve words (the short-answer label does not apply), 62% writing "experience"
EXPERIENCE = [
    "When you get old you realize that experience is valuable and he has seen a great deal of it over the years",
    "He has better experience in war time and over all experience of how the world works and who runs it",
    "Senatorial experience, an american hero, and knowledge of what is going on in the world around us today",
    "His experience in the senate for so many years means he knows how laws are passed and who to call",
    "I think the experience counts, he was a prisoner of war and served his country with honour for years",
    "Military experience and the knowledge that comes from decades of service to this nation and its soldiers",
    "Experience matters most to me this year because the economy and the war both need a steady hand now",
    "He has more experience than the other one and he is not afraid to stand up to foreign leaders at all",
    "Lots of experience in government, foreign relations and the war, more than anyone else running this time",
    "Knowledge of the issues is what I want and he has shown it in the debates and in his long career there",
    "I am voting for him because my whole family always has and I see no reason to change that this year",
    "He is not the other candidate and that is enough for me to go to the polls and vote for him in november",
    "The running mate she picked is a woman and a mother and that matters to me and my daughters very much",
]


def test_most_answers_writing_a_generic_word_name_the_theme_with_what_qualifies_it():
    keywords = ["war", "knowledge", "senate", "economy"]
    label = fallback_label(EXPERIENCE, keywords)
    assert label != ASSORTED_LABEL
    assert phrase_key(label).split()[0] == "experience" and len(phrase_key(label).split()) > 1, label
    assert label == "Experience (war, knowledge)"
    assert acceptable_label(label)
    # a phrase a third of them write names it as written
    change = ["Time for change", "it is time for a change in washington", "we need change", "change", "new ideas",
              "Time for change, he is young", "a change of direction", "he is young and fresh"]
    assert common_word_label(change, ["washington", "direction"]) == "Time for change"
    assert acceptable_label("Time for change", in_context=True) and not acceptable_label("Time for change")
    middle = ["the middle class", "he is for the middle class", "helps the middle class", "taxes", "working people",
              "middle class families"]
    assert common_word_label(middle, ["taxes", "families"]) == "Middle class"


def test_a_word_that_names_nothing_never_names_a_theme_however_many_write_it():
    good = [f"{w} is good" for w in ("it", "he", "all of it", "that", "this")] + ["fine", "whatever", "ok then"]
    assert common_word_label(good, ["whatever"]) is None
    nothing = ["nothing really", "nothing at all to say", "nothing", "nothing more", "I know nothing", "pass"]
    assert common_word_label(nothing, []) is None
    # and the lone word is never the label: with nothing to qualify it the group stays assorted
    alone = ["experience", "Experience.", "experience!", "experience", "zzz", "qqq"]
    assert common_word_label(alone, []) is None
    assert all(not (len(phrase_key(x).split()) == 1 and x.lower() in LONE_GENERIC) for x in
               [common_word_label(EXPERIENCE, ["war", "knowledge"]) or ""])


TOPICS = ["bus fares", "school meals", "park benches", "street lights", "bin collections", "cycle lanes",
          "library hours", "swimming pool"]
ENDINGS = ["are too high", "need fixing", "should be free", "matter to us", "must improve"]
def mixed_answers(n: int, rng: np.random.Generator) -> list[str]:
    """``n`` answers of thirteen made-up words each, no word written twice: no word in common, no phrase."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words = iter(dict.fromkeys("".join(rng.choice(syllables, size=3)) for _ in range(40 * n)))
    return [" ".join(next(words) for _ in range(13)) for _ in range(n)]


def a_question(per_topic: int = 40, mixed: int = 120, dims: int = 48, seed: int = 3):
    """Eight themes of short answers about one thing each, and a large group of answers near one another in the
    sentence space that share no word."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(TOPICS) + 1, dims))
    texts: list[str] = []
    vectors = []
    for t, topic in enumerate(TOPICS):
        for j in range(per_topic):
            texts.append(f"{topic.capitalize()} {ENDINGS[j % len(ENDINGS)]}")
            vectors.append(centres[t] + 0.15 * rng.normal(size=dims))
    texts += mixed_answers(mixed, rng)
    vectors += [centres[-1] + 0.3 * rng.normal(size=dims) for _ in range(mixed)]
    V = np.asarray(vectors)
    return texts, V / np.linalg.norm(V, axis=1, keepdims=True)


def check_no_large_assorted(result, texts) -> None:
    sizes = {t.key: int(np.sum(result.assignments == t.key)) for t in result.themes}
    assorted = sum(sizes[t.key] for t in result.themes if is_assorted(t.label))
    assert not too_large(assorted, list(sizes.values()), len(texts)), [(t.label, sizes[t.key]) for t in result.themes]
    assert np.mean(result.assignments < 0) <= MAX_UNASSIGNED
    labels = {t.label for t in result.themes}
    for topic in TOPICS:  # the themes the dissolved answers joined keep their names
        assert any(topic in label.lower() for label in labels), labels


def test_a_large_group_of_unrelated_answers_is_resplit_or_dissolved_and_few_are_left_out():
    texts, V = a_question()
    model = ThemeModel(n_themes=len(TOPICS) + 1, word_weight=0).fit(texts, V)
    check_no_large_assorted(model.result_, texts)
    mixed = np.arange(len(texts)) >= len(TOPICS) * 40
    # the unrelated answers went somewhere: an existing theme, or "Other" (never more than a tenth of all answers)
    assert (model.result_.assignments[mixed] >= 0).any() and (model.result_.assignments[mixed] < 0).any()
    assert 120 > ASSORTED_SHARE * len(texts)  # the group was too large to stand
    # a re-cut settles the same way; keys stay 0.. by size and a merge after it keeps its merged theme
    again = model.recluster(len(TOPICS) + 1)
    check_no_large_assorted(again, texts)
    sizes = [int(np.sum(again.assignments == t.key)) for t in sorted(again.themes, key=lambda t: t.key)]
    assert sizes == sorted(sizes, reverse=True)
    keys = [again.themes[0].key, again.themes[1].key]
    merged = model.merge(keys)
    target = max(keys, key=lambda k: (int(np.sum(again.assignments == k)), -k))
    assert np.sum(merged.assignments == target) == sum(np.sum(again.assignments == k) for k in keys)
    assert np.array_equal(merged.assignments < 0, again.assignments < 0)


def test_a_small_assorted_group_stays_as_it_is():
    texts, V = a_question(mixed=12)
    result = ThemeModel(n_themes=len(TOPICS) + 1, word_weight=0).fit(texts, V).result_
    sizes = {t.key: int(np.sum(result.assignments == t.key)) for t in result.themes}
    assorted = [sizes[t.key] for t in result.themes if is_assorted(t.label)]
    assert len(assorted) == 1 and 5 <= assorted[0] <= 12, [(t.label, sizes[t.key]) for t in result.themes]
    assert all(not is_assorted(t.label) for t in result.themes if sizes[t.key] > 12)
