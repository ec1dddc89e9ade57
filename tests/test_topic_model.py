"""Theme discovery on small synthetic answers with hand-made embeddings (no model files, no UMAP)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from consult_analyser.pipeline.themes.guided import ExpectedTheme, as_expected
from consult_analyser.pipeline.themes.model import ThemeModel, discover_themes
from consult_analyser.pipeline.themes.phrases import PhraseLabeler, tidy

DIM = 48
TOPICS = {
    "esol": ("English language classes for new arrivals", "english classes"),
    "bus": ("bus services in rural villages", "bus services"),
    "youth": ("youth clubs and sports for teenagers", "youth clubs"),
    "hate": ("reporting hate crime to the police", "hate crime"),
    "twin": ("school twinning between different faiths", "school twinning"),
    "jobs": ("job fairs at the local jobcentre", "job fairs"),
}
OPENERS = ["We need", "Please fund", "I think the council should support", "More money for", "Our town lacks",
           "The priority is", "Keep", "Improve"]
CLOSERS = ["", "now.", "because it matters.", "in our area.", "for everyone.", "as soon as possible."]


def centres(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {key: v / np.linalg.norm(v) for key, v in zip(TOPICS, rng.normal(size=(len(TOPICS), DIM)), strict=True)}


def corpus(per_topic: int = 30, noise: float = 0.35, seed: int = 1, topics=tuple(TOPICS)):
    """Answers made of an opener, the topic's phrase and a closer; vectors near the topic centre."""
    rng = np.random.default_rng(seed)
    c = centres()
    texts, vectors, truth = [], [], []
    for t, key in enumerate(topics):
        for i in range(per_topic):
            texts.append(f"{OPENERS[(i + t) % len(OPENERS)]} {TOPICS[key][0]} {CLOSERS[i % len(CLOSERS)]}".strip())
            v = c[key] + noise * rng.normal(size=DIM) / np.sqrt(DIM) * 3
            vectors.append(v / np.linalg.norm(v))
            truth.append(t)
    return texts, np.array(vectors, dtype=np.float32), np.array(truth)


class KeywordEmbedder:
    """Embeds a text as the centre of the topic whose short name it mentions (else a random vector)."""

    name, version, dim = "keywords", "1", DIM

    def encode(self, texts, progress=None, batch_size=64):
        c = centres()
        rng = np.random.default_rng(99)
        out = []
        for text in texts:
            low = text.lower()
            hit = [key for key, (_, short) in TOPICS.items() if short.split()[0] in low]
            out.append(c[hit[0]] if hit else rng.normal(size=DIM) / np.sqrt(DIM))
        out = np.array(out, dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def purity(assignments: np.ndarray, truth: np.ndarray) -> float:
    keep = assignments >= 0
    total = 0
    for key in set(assignments[keep].tolist()):
        total += np.bincount(truth[assignments == key]).max()
    return total / max(1, keep.sum())


def test_finds_the_topics_with_readable_labels():
    texts, vectors, truth = corpus()
    result = discover_themes(texts, vectors)
    assert len(result.themes) >= len(TOPICS)
    assert purity(result.assignments, truth) > 0.95
    for theme in result.themes:
        assert "_" not in theme.label and theme.label[:1].isupper()
        assert theme.description and theme.keywords
        assert 3 <= len(theme.representative) <= 5
        assert all(result.assignments[i] == theme.key for i in theme.representative)
        assert theme.size == int(np.sum(result.assignments == theme.key))
    labels = [t.label.lower() for t in result.themes]
    for _, (phrase, _) in TOPICS.items():  # each topic named by a phrase of its own words
        assert any(label in phrase.lower() for label in labels), (phrase, labels)  # e.g. "bus services"
    assert result.model_name.startswith("bertopic-")


def test_same_input_same_themes():
    texts, vectors, _ = corpus(seed=3)
    a = discover_themes(texts, vectors, random_state=7)
    b = discover_themes(texts, vectors, random_state=7)
    assert np.array_equal(a.assignments, b.assignments)
    assert np.allclose(a.confidence, b.confidence)
    assert [(t.key, t.label, t.keywords, t.representative) for t in a.themes] == \
           [(t.key, t.label, t.keywords, t.representative) for t in b.themes]


def test_few_unassigned_and_far_answers_left_out():
    texts, vectors, _ = corpus(noise=0.5)
    rng = np.random.default_rng(5)
    odd = rng.normal(size=(4, DIM))
    odd = (odd / np.linalg.norm(odd, axis=1, keepdims=True)).astype(np.float32)
    texts = texts + ["Lorem ipsum dolor", "Banana bread recipe", "Chess openings", "Tide tables"]
    vectors = np.vstack([vectors, odd])
    result = discover_themes(texts, vectors)
    assert result.unassigned_share < 0.10
    assert np.sum(result.assignments[-4:] < 0) >= 2  # most off-topic answers stay out
    assert np.all(result.confidence[result.assignments < 0] == 0)
    assigned = result.assignments >= 0
    assert np.all((result.confidence[assigned] > 0) & (result.confidence[assigned] <= 1))


def test_cap_and_minimum_size():
    texts, vectors, _ = corpus(per_topic=12)
    result = discover_themes(texts, vectors, max_themes=3, min_theme_size=5)
    assert 1 <= len(result.themes) <= 3
    assert all(t.size >= 5 for t in result.themes)
    many = discover_themes(texts, vectors, min_theme_size=20)
    assert all(t.size >= 20 for t in many.themes)


def test_no_theme_falls_below_the_minimum_size_once_far_answers_are_left_out():
    """Leaving far answers unassigned must not leave a theme smaller than the minimum (five
    answers here): a group the fence shrinks below it is folded into its neighbours."""
    from consult_analyser.pipeline.themes.cluster import WardClusterer

    for seed in range(6):
        rng = np.random.default_rng(seed)
        centres = rng.normal(size=(6, DIM))
        # five tight groups, and one of two close answers with five loose ones the fence leaves out
        X = np.vstack([centres[i] + rng.normal(scale=0.15, size=(20, DIM)) for i in range(5)]
                      + [centres[5] + rng.normal(scale=0.05, size=(2, DIM)),
                         centres[5] + rng.normal(scale=0.4, size=(5, DIM))])
        labels = WardClusterer(n_clusters=6, min_cluster_size=5).fit(X).labels_
        kept = labels[labels >= 0]
        assert kept.size and np.bincount(kept).min() >= 5, (seed, np.bincount(kept))


def test_guided_keeps_expected_themes_and_adds_new_ones():
    texts, vectors, truth = corpus(per_topic=25)
    expected = ["English language classes", {"label": "Bus services", "description": "Rural buses"},
                ExpectedTheme("Parking charges", keywords=["parking"])]
    result = discover_themes(texts, vectors, expected_themes=expected, embedder=KeywordEmbedder())
    by_seed = {t.seed_label: t for t in result.themes if t.seed_label}
    assert set(by_seed) == {"English language classes", "Bus services", "Parking charges"}
    esol = by_seed["English language classes"]
    assert esol.label == "English language classes"
    members = truth[result.assignments == esol.key]
    assert len(members) >= 20 and np.mean(members == 0) > 0.9
    assert by_seed["Bus services"].description == "Rural buses"
    assert by_seed["Parking charges"].size == 0 and by_seed["Parking charges"].representative == []
    new = [t for t in result.themes if not t.seed_label]
    assert len(new) >= len(TOPICS) - 2  # the topics nobody listed are still proposed
    assert not any("english" in t.label.lower() for t in new)


def test_a_kept_theme_is_found_where_its_answers_are_not_by_its_words():
    """A re-run of a real docket folded a group of answers on endangered-species rules into the signed-off theme
    "Gray Wolf" (near its words, far from its answers): 91 proposals, none on wolves. A kept theme given its answers
    (``rows``) guides the model by them: it takes in answers like its own, and a group near its words stays apart."""
    texts, vectors, truth = corpus(per_topic=25)
    bus = [i for i in range(len(texts)) if truth[i] == 1][:10]
    # its words say "english" (the embedder puts them at the ESOL answers); its answers are about buses
    kept = {"label": "English bus", "description": "english classes", "rows": bus}
    result = discover_themes(texts, vectors, expected_themes=[kept], embedder=KeywordEmbedder())
    (theme,) = [t for t in result.themes if t.seed_label]
    members = truth[result.assignments == theme.key]
    assert len(members) >= 20 and np.mean(members == 1) > 0.9
    assert np.sum(truth[result.assignments == theme.key] == 0) == 0  # the ESOL answers are a theme of their own
    assert any(np.mean(truth[result.assignments == t.key] == 0) > 0.9 for t in result.themes if not t.seed_label)


def test_a_code_taken_from_the_codebook_is_not_listed_as_an_empty_theme():
    texts, vectors, _truth = corpus(per_topic=25)
    expected = ["English language classes", ExpectedTheme("Parking charges", keywords=["parking"]),
                {"label": "Ferry timetables", "keep_if_empty": False}]  # a code of the codebook: its count is there
    result = discover_themes(texts, vectors, expected_themes=expected, embedder=KeywordEmbedder())
    seeded = {t.seed_label: t.size for t in result.themes if t.seed_label}
    assert seeded["Parking charges"] == 0 and "Ferry timetables" not in seeded
    assert seeded["English language classes"] >= 20
    assert set(result.assignments.tolist()) - {-1} <= {t.key for t in result.themes}


def test_guided_without_embedder_uses_answer_words():
    texts, vectors, truth = corpus(per_topic=20)
    result = discover_themes(texts, vectors, expected_themes=["Youth clubs"])
    (theme,) = [t for t in result.themes if t.seed_label]
    assert np.mean(truth[result.assignments == theme.key] == 2) > 0.9


def test_expected_theme_inputs_are_normalised():
    got = as_expected(["  Bus   services ", "bus services", "", ("Jobs", "Work", ["job"]), {"name": "Clubs"}])
    assert [e.label for e in got] == ["Bus services", "Jobs", "Clubs"]
    assert got[1].text() == "Jobs. Work. job"


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_tiny_inputs(n):
    texts, vectors, _ = corpus(per_topic=1)
    result = discover_themes(texts[:n], vectors[:n])
    assert result.assignments.shape == (n,) and result.confidence.shape == (n,)
    assert sum(t.size for t in result.themes) == int(np.sum(result.assignments >= 0))
    if n:
        assert result.themes
    guided = discover_themes(texts[:n], vectors[:n], expected_themes=["Bus services"], embedder=KeywordEmbedder())
    assert any(t.seed_label == "Bus services" for t in guided.themes)


def test_blank_and_odd_answers():
    texts = ["", "   ", "???", "no", "no", "No.", "the", "bus services please"] * 3
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(texts), DIM)).astype(np.float32)
    vectors[[0, 1, 8, 9, 16, 17]] = 0  # blank answers embed as zero rows
    result = discover_themes(texts, vectors)
    assert np.all(result.assignments[[0, 1, 8, 9, 16, 17]] == -1)
    assert all("_" not in t.label for t in result.themes)


def test_recluster_and_merge_are_quick():
    texts, vectors, _ = corpus(per_topic=40)
    model = ThemeModel().fit(texts, vectors)
    first = model.result_
    started = time.perf_counter()
    fewer = model.recluster(3)
    assert len(fewer.themes) <= 3
    merged_keys = [t.key for t in first.themes[:2]]
    model.recluster(len(first.themes))
    again = model.result_
    assert np.array_equal(again.assignments, first.assignments)
    merged = model.merge(merged_keys)
    assert len(merged.themes) == len(first.themes) - 1
    assert np.sum(merged.assignments == merged_keys[0]) == first.themes[0].size + first.themes[1].size
    assert time.perf_counter() - started < 2.0 * 3


def test_hierarchy_links_related_themes():
    texts, vectors, _ = corpus(per_topic=20)
    twin = vectors[:20] * 0.9 + vectors[20:40] * 0.1  # a theme close to another one
    result = discover_themes(texts + [t + " too" for t in texts[:20]], np.vstack([vectors, twin]),
                             min_theme_size=5)
    keys = {t.key for t in result.themes}
    assert set(result.hierarchy) <= keys and set(result.hierarchy.values()) <= keys
    assert result.linkage.shape == (len(result.linkage_keys) - 1, 4)


def test_phrase_labels():
    labeler = PhraseLabeler()
    texts = ["We need more English language classes for new arrivals.", "English language classes for new arrivals",
             "Fund English language classes", "Bus services are poor", "Rural bus services", "the bus services"]
    (first, second) = labeler.label(texts, [[0, 1, 2], [3, 4, 5]])
    assert first[0][0].lower().startswith("english language classes")
    assert second[0][0].lower() == "bus services"
    assert tidy("HEALTH CARE FOR ALL") == "Health care for all"
    # answers exported in Title Case: small words as a name writes them, the rest as written
    assert tidy("Extension Of The Comment Period") == "Extension of the Comment Period"
    assert tidy("Institute For Policy Integrity") == "Institute for Policy Integrity"
    assert tidy("A New Approach") == "A New Approach"


def test_word_index_finds_the_phrases_count_vectorizer_finds():
    from sklearn.feature_extraction.text import CountVectorizer

    from consult_analyser.pipeline.themes.phrases import WordIndex

    texts = ["English language classes for new arrivals.", "More ENGLISH classes, please", "",
             "Classes for new arrivals and language classes", "new arrivals need homes"]
    phrases = ["english language classes", "classes for new arrivals", "new arrivals", "classes", "homes",
               "language", "missing word", "arrivals need homes please"]
    expected = CountVectorizer(vocabulary=phrases, ngram_range=(1, 4), token_pattern=r"(?u)\w+", binary=True,
                               lowercase=True).transform(texts).toarray()
    assert (WordIndex(texts).presence(phrases).toarray() == expected).all()


def test_tagged_phrases_persist_in_a_store(monkeypatch):
    from consult_analyser.pipeline.themes import phrases as phrases_module
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    class DictStore:
        def __init__(self) -> None:
            self.data: dict[tuple[str, str], bytes] = {}

        def load(self, key, texts):
            return {t: self.data[(key, t)] for t in texts if (key, t) in self.data}

        def save(self, key, items):
            self.data.update({(key, t): v for t, v in items.items()})

    store = DictStore()
    texts = ["Fund English classes for new arrivals", "Cut bus fares for older people", "Nothing"]
    first = PhraseLabeler(use_tagger=False, store=store).phrases(texts)
    assert len(store.data) == 3 and first[0]

    def no_tagging(text: str) -> list[str]:
        raise AssertionError("tagged again")

    monkeypatch.setattr(phrases_module, "_ngram_phrases", no_tagging)
    assert PhraseLabeler(use_tagger=False, store=store).phrases(texts) == first


def test_few_distinct_subjects_get_few_themes():
    """Comments on a handful of clearly distinct subjects (as on a few rules or bills) are cut
    into about that many themes, not the square root of their number; a single vague subject
    keeps the default."""
    from consult_analyser.pipeline.themes.cluster import WardClusterer, auto_n_themes

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(6, 32))
    X = np.vstack([c + 0.35 * rng.normal(size=(150, 32)) for c in centres])
    # (merging near-duplicate groups, which would also fold these, is turned off to see the cut alone)
    auto = WardClusterer(merge_similarity=1.0).fit(X)
    assert auto_n_themes(len(X)) == 30
    assert len(set(auto.labels_[auto.labels_ >= 0].tolist())) <= 15
    fixed = WardClusterer(n_clusters=30, merge_similarity=1.0).fit(X)  # an analyst's own number is kept
    assert len(set(fixed.labels_[fixed.labels_ >= 0].tolist())) > 15
    blob = rng.normal(size=(900, 32))
    vague = WardClusterer().fit(blob)
    assert len(set(vague.labels_[vague.labels_ >= 0].tolist())) >= 20


def test_the_answers_own_words_help_where_the_vectors_blur_topics():
    """Long formal answers blur in a sentence model's averaged vectors; the answers' words
    (TF-IDF, a fixed share of the clustering input) keep topics apart that the vectors alone mix."""
    texts, _, truth = corpus(per_topic=25)
    rng = np.random.default_rng(5)
    blurred = 1.0 + 0.1 * rng.normal(size=(len(texts), DIM))  # one blur: nothing about the topic
    blurred /= np.linalg.norm(blurred, axis=1, keepdims=True)
    with_words = ThemeModel().fit(texts, blurred).result_
    vectors_only = ThemeModel(word_weight=0).fit(texts, blurred).result_
    assert purity(with_words.assignments, truth) > 0.9 > purity(vectors_only.assignments, truth) + 0.3
    assert with_words.params["word_weight"] > 0


@pytest.mark.parametrize("texts", [["same answer"], ["same answer", "another one"], ["ok"], ["中文 回答"] * 3,
                                   ["the and of", "word1", "same answer"] * 5])
def test_answers_with_one_word_or_none_left_after_stop_words_still_get_themes(texts):
    """A question whose answers leave one word or none once stop words are out (BERTopic's own
    c-TF-IDF fails on a one-word vocabulary) still gets its themes, not an error."""
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(len(texts), DIM))
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    assert result.assignments.shape == (len(texts),) and result.themes
    assert all(t.label for t in result.themes)


def test_a_further_theme_is_never_the_answers_own_themes_parent_or_sub_theme():
    """An answer between a theme and its sub-theme is not counted in both (the annex says sub-theme
    respondents are not counted in the parent); between two unrelated themes it carries both."""
    model = ThemeModel()
    vectors = np.array([[1, 0.9, 0.9], [1, -0.9, -0.9], [0.9, 1, -0.9], [-0.9, 1, 0.9], [0.9, -0.9, 1],
                        [-0.9, 0.9, 1], [1, 1, 0], [0, 1, 1]], dtype=np.float32)
    model.vectors_ = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    model.topics_ = np.array([0, 0, 1, 1, 2, 2, 1, 1])
    model.texts_ = [" ".join(["word"] * 20)] * 8
    model.rows_ = np.arange(8)
    model.confidence_ = np.full(8, 0.8)
    assert [k for k, _ in model._secondary()[0]] == [1]  # answer 0 (theme 0) also raises theme 1's point
    assert all(conf <= 0.8 for k, conf in model._secondary()[0])  # never surer than of its own theme
    assert model._secondary({2: 0})[0] == model._secondary()[0]  # theme 1 is unrelated to theme 0 there
    assert 0 not in model._secondary({1: 0})  # theme 1 is theme 0's sub-theme: not a further theme
    assert 0 not in model._secondary({0: 1})  # nor its parent


def test_answers_that_only_take_a_side_are_one_theme_in_any_language():
    from consult_analyser.pipeline.themes.labels import STANCE_ONLY_LABEL, takes_a_side_only

    sides = ["Ich stimme zu.", "Tout à fait favorable.", "Je suis d’accord.", "Estoy de acuerdo", "I agree.", "Yes!"]
    assert all(takes_a_side_only(t) for t in sides)
    assert not takes_a_side_only("Ich stimme zu, aber die Fristen sind zu kurz für kleine Betriebe.")
    assert all(takes_a_side_only(t) for t in ("nope", "Nope.", "yep", "nah", "no way"))  # a side, said casually
    assert not takes_a_side_only("nope, the bills are too high already")
    assert takes_a_side_only("Fully support this.") and takes_a_side_only("Good idea")
    assert not takes_a_side_only("Good idea but too costly for small shops")
    topics = ["Der bürokratische Aufwand für kleine Betriebe ist enorm und die Fristen sind zu kurz.",
              "Die Kosten für neue Etiketten sind für Hersteller zu hoch.",
              "Reuse targets for transport packaging are unrealistic for small firms.",
              "Deposit return systems for plastic bottles work well and should be mandatory."]
    texts = [f"{t} ({i})" for i in range(6) for t in topics] + sides * 2
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(texts), 16))
    result = discover_themes(texts, vectors)
    side_themes = {int(result.assignments[i]) for i, t in enumerate(texts) if t in sides}
    assert len(side_themes) == 1
    theme = next(t for t in result.themes if t.key in side_themes)
    assert theme.label == STANCE_ONLY_LABEL  # no language marker: it holds every language's "agree"
