"""FewShotCoder and its hashed character n-gram features, on tiny synthetic answers."""

from __future__ import annotations

import numpy as np
import pytest

from consult_analyser.pipeline.coding import features as autocode_features
from consult_analyser.pipeline.coding.features import CharTfidf, char_ngram_counts
from consult_analyser.pipeline.coding.model import FewShotCoder

TOPICS = {
    "tax": ["taxes are far too high", "cut income tax for families", "the tax burden on workers",
            "lower taxes please", "tax rises hurt small firms"],
    "health": ["the hospital waiting lists are long", "fund the nhs and nurses", "health care must be free",
               "more doctors in the hospital", "mental health services need money"],
    "school": ["schools need more teachers", "class sizes in school are too big", "fund primary schools",
               "teachers are underpaid at school", "school buildings are falling apart"],
}
_RNG = np.random.default_rng(42)
DIRECTIONS = {code: v / np.linalg.norm(v) for code, v in
              ((c, _RNG.normal(size=16)) for c in TOPICS)}


def embed(codes_per_text: list[list[str]], seed: int = 0) -> np.ndarray:
    """Fake sentence embeddings: the sum of each text's topic directions plus a little noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for codes in codes_per_text:
        v = sum((DIRECTIONS[c] for c in codes), np.zeros(16)) + 0.2 * rng.normal(size=16)
        rows.append(v / np.linalg.norm(v))
    return np.array(rows, dtype=np.float32)


def training() -> tuple[list[str], np.ndarray, list[set[str]]]:
    texts, labels = [], []
    for code, examples in TOPICS.items():
        for text in examples:
            texts.append(text)
            labels.append({code})
    texts += ["taxes too high and the hospital is bad", "school and tax both matter"]
    labels += [{"tax", "health"}, {"school", "tax"}]
    return texts, embed([sorted(s) for s in labels]), labels


@pytest.fixture()
def fitted() -> FewShotCoder:
    texts, emb, labels = training()
    return FewShotCoder().fit(texts, emb, labels, unlabelled_texts=["hospital beds", "teachers pay"])


def test_shapes_and_ranges(fitted: FewShotCoder) -> None:
    texts = ["income tax is too high", "not enough nurses in hospital", "more teachers"]
    emb = embed([["tax"], ["health"], ["school"]], seed=1)
    proba = fitted.predict_proba(texts, emb)
    assert fitted.classes_ == ["health", "school", "tax"]
    assert proba.shape == (3, 3)
    assert np.all((proba >= 0) & (proba <= 1))
    assert fitted.predict(texts, emb).shape == (3, 3)
    assert fitted.decision_function(texts, emb).shape == (3, 3)
    assert [fitted.classes_[j] for j in proba.argmax(axis=1)] == ["tax", "health", "school"]


def test_multi_label_output(fitted: FewShotCoder) -> None:
    text = ["lower taxes and more money for the hospital"]
    pred = fitted.predict(text, embed([["tax", "health"]], seed=3))
    assert {fitted.classes_[j] for j in np.flatnonzero(pred[0])} == {"tax", "health"}


def test_min_confidence_filters_and_sorts(fitted: FewShotCoder) -> None:
    texts = ["lower taxes and more money for the hospital", "schools"]
    emb = embed([["tax", "health"], ["school"]], seed=4)
    loose = fitted.suggest(texts, emb, min_confidence=0.0)
    strict = fitted.suggest(texts, emb, min_confidence=0.6)
    assert all(len(row) == 3 for row in loose)
    for row_loose, row_strict in zip(loose, strict, strict=True):
        assert [c for c, p in row_loose if p >= 0.6] == [c for c, _ in row_strict]
        assert all(p >= 0.6 for _, p in row_strict)
        confidences = [p for _, p in row_loose]
        assert confidences == sorted(confidences, reverse=True)
    assert fitted.suggest(texts, emb, min_confidence=1.01) == [[], []]


def test_deterministic_with_seed() -> None:
    texts, emb, labels = training()
    a = FewShotCoder(random_state=3, max_train=8).fit(texts, emb, labels)
    b = FewShotCoder(random_state=3, max_train=8).fit(texts, emb, labels)
    probe = ["tax and schools", "nurses"]
    probe_emb = embed([["tax", "school"], ["health"]], seed=5)
    np.testing.assert_array_equal(a.predict_proba(probe, probe_emb), b.predict_proba(probe, probe_emb))


def test_subsample_keeps_every_code() -> None:
    texts, emb, labels = training()
    model = FewShotCoder(max_train=6).fit(texts, emb, labels)
    assert model.n_train_ == 6
    assert model.classes_ == ["health", "school", "tax"]


def test_code_with_one_example() -> None:
    texts, emb, labels = training()
    texts.append("potholes in the road never get fixed")
    labels.append({"roads"})
    roads = np.random.default_rng(9).normal(size=(1, 16)).astype(np.float32)
    emb = np.vstack([emb, roads / np.linalg.norm(roads)])
    model = FewShotCoder().fit(texts, emb, labels)
    assert "roads" in model.classes_
    probe = ["the potholes in our road never get fixed"]
    suggestions = model.suggest(probe, emb[-1:], min_confidence=0.0)[0]
    assert suggestions[0][0] == "roads"


def test_unseen_words_and_empty_texts(fitted: FewShotCoder) -> None:
    texts = ["xyzzy qwerty zzz", "", "   "]
    emb = np.zeros((3, 16), dtype=np.float32)
    proba = fitted.predict_proba(texts, emb)
    assert proba.shape == (3, 3)
    assert np.all(proba[1:] == 0)  # blank answers get no codes
    assert fitted.suggest(texts[1:], emb[1:], min_confidence=0.01) == [[], []]
    assert fitted.predict_proba([], np.zeros((0, 16))).shape == (0, 3)


def test_empty_text_in_training() -> None:
    texts, emb, labels = training()
    texts[0] = ""
    model = FewShotCoder().fit(texts, emb, labels)
    assert np.isfinite(model.dual_coef_).all()


def test_without_embeddings() -> None:
    texts, _, labels = training()
    model = FewShotCoder().fit(texts, None, labels)
    proba = model.predict_proba(["cut the income tax", "hospital waiting lists"], None)
    assert [model.classes_[j] for j in proba.argmax(axis=1)] == ["tax", "health"]


def test_code_descriptions_add_codes() -> None:
    texts, emb, labels = training()
    model = FewShotCoder().fit(texts, emb, labels,
                               code_descriptions={"housing": "Housing: rents and affordable homes"})
    assert "housing" in model.classes_
    scores = model.decision_function(["affordable homes and rents"], np.zeros((1, 16)))
    assert model.classes_[int(scores.argmax())] == "housing"


def test_stance_cues_speak_for_their_code_and_coded_answers_outweigh_them() -> None:
    from consult_analyser.pipeline.coding.families import STANCE_CUES, STANCES

    texts = ["The bus lanes on the high street", "Parking charges in the town centre",
             "Cycle routes to the schools", "Opening hours of the library"]
    labels = [{"No position"}] * 4
    emb = np.zeros((4, 16), dtype=np.float32)
    probe = ["We strongly support the proposed changes to the timetable",
             "I oppose the proposed changes to the timetable"]
    plain = FewShotCoder().fit(texts, emb, labels, code_descriptions=STANCES)
    cued = FewShotCoder().fit(texts, emb, labels, code_descriptions=STANCES, code_cues=STANCE_CUES)
    index = {c: j for j, c in enumerate(cued.classes_)}
    gain = cued.decision_function(probe, np.zeros((2, 16))) - plain.decision_function(probe, np.zeros((2, 16)))
    assert gain[0, index["Supports"]] > gain[0, index["Opposes"]] + 0.01
    assert gain[1, index["Opposes"]] > gain[1, index["Supports"]] + 0.01
    # on a proposal that removes protection, "we support protection" opposes it: coded answers teach that
    texts = [f"We support the protection of {animal}" for animal in ("wolves", "bears", "lynx", "eagles")]
    flipped = FewShotCoder().fit(texts, np.zeros((4, 16)), [{"Opposes"}] * 2 + [{"Opposes"}] * 2,
                                 code_descriptions=STANCES, code_cues=STANCE_CUES)
    scores = flipped.decision_function(["We support the protection of otters"], np.zeros((1, 16)))[0]
    assert flipped.classes_[int(scores.argmax())] == "Opposes"


def test_bad_input() -> None:
    texts, emb, labels = training()
    with pytest.raises(ValueError):
        FewShotCoder().fit(texts, emb, labels[:-1])
    with pytest.raises(ValueError):
        FewShotCoder().fit([], np.zeros((0, 16)), [])
    with pytest.raises(ValueError):
        FewShotCoder().fit(texts, emb[:-1], labels)
    with pytest.raises(RuntimeError):
        FewShotCoder().predict_proba(["x"], None)


def test_retraining_reuses_pool_ngrams(monkeypatch: pytest.MonkeyPatch) -> None:
    texts, emb, labels = training()
    pool = [f"answer {i} about tax or school or hospital" for i in range(3000)]
    pool_emb = embed([[list(TOPICS)[i % 3]] for i in range(len(pool))], seed=7)
    calls: list[int] = []
    original = autocode_features.char_ngram_counts

    def counting(batch, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(batch))
        return original(batch, *args, **kwargs)

    monkeypatch.setattr(autocode_features, "char_ngram_counts", counting)
    model = FewShotCoder()
    for _ in range(3):  # the app retrains after each batch of new codings
        model.fit(texts, emb, labels, unlabelled_texts=pool, unlabelled_embeddings=pool_emb)
        found = model.suggest(pool, pool_emb, min_confidence=0.5)
        assert len(found) == len(pool)
    assert calls.count(len(pool)) == 3  # pool analysed once per fit, reused when suggesting


def test_char_ngram_counts() -> None:
    counts = char_ngram_counts(["Tax!", "tax", "", "naïve café"], ngram_range=(2, 3), n_bits=12)
    assert counts.shape == (4, 4096)
    assert (counts[0] != counts[1]).nnz == 0  # case and punctuation are ignored
    assert counts[2].nnz == 0
    assert counts[3].sum() > 0
    many = ["tax and schools", "", "hospital"] * 20
    chunked = char_ngram_counts(many, chunk_chars=30)  # long pools are hashed in batches
    assert abs(chunked - char_ngram_counts(many)).sum() == 0
    tfidf = CharTfidf((2, 3), 12).fit(["tax", "school tax"])
    rows = tfidf.transform(["tax", ""])
    assert np.isclose(rows[0].multiply(rows[0]).sum(), 1.0)
    assert rows[1].nnz == 0


def test_a_suggestion_is_never_certain():
    from consult_analyser.pipeline.coding.model import MAX_CONFIDENCE, FewShotCoder

    texts = ["buses are too slow", "buses are too slow", "schools need money", "schools need money",
             "more buses please", "fund the schools"]
    labels = [["transport"], ["transport"], ["schools"], ["schools"], ["transport"], ["schools"]]
    coder = FewShotCoder().fit(texts, None, labels)
    proba = coder.predict_proba(["buses are too slow", "schools need money"], None)
    assert proba.max() <= MAX_CONFIDENCE < 1.0
