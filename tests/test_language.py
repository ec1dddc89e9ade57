"""Language detection: real sentences in community languages, silence on short answers."""

from __future__ import annotations

import csv
import time

import pytest

from consult_analyser.ingest.langid_model import LangidModel
from consult_analyser.ingest.language import LANGUAGES, _model, detect_language, detect_languages
from tests.conftest import REALDATA

SENTENCES = {
    "cy": "Rwy'n cytuno â'r cynnig hwn oherwydd bydd yn helpu pobl leol i gyrraedd eu gwaith.",
    "pl": "Zgadzam się z tą propozycją, ale potrzeba więcej pieniędzy na transport publiczny.",
    "fr": "Je ne suis pas d'accord avec cette proposition, elle coûte trop cher aux familles.",
    "ur": "ہم اس تجویز سے متفق نہیں ہیں کیونکہ یہ بہت مہنگی ہے۔",
    "pa": "ਅਸੀਂ ਇਸ ਪ੍ਰਸਤਾਵ ਨਾਲ ਸਹਿਮਤ ਹਾਂ ਕਿਉਂਕਿ ਇਹ ਸਾਡੇ ਭਾਈਚਾਰੇ ਦੀ ਮਦਦ ਕਰੇਗਾ।",
    "bn": "আমরা এই প্রস্তাবের সাথে একমত কারণ এটি আমাদের সম্প্রদায়কে সাহায্য করবে।",
    "ro": "Nu sunt de acord cu această propunere deoarece costă prea mult pentru familii.",
    "pt": "Não concordo com esta proposta porque é muito cara para as famílias.",
    "es": "No estoy de acuerdo con esta propuesta porque es demasiado cara para las familias.",
    "de": "Ich stimme diesem Vorschlag nicht zu, weil er für Familien zu teuer ist.",
    "so": "Ma aqbalsanahay soo jeedintan sababtoo ah aad bay qaali ugu tahay qoysaska.",
    "ar": "نحن لا نوافق على هذا الاقتراح لأنه مكلف للغاية بالنسبة للعائلات.",
    "zh": "我们不同意这个提案，因为它对家庭来说太贵了。",
    "en": "We agree with the proposal, but the council must fund more buses in rural areas.",
}

SHORT_ENGLISH = ["Yes", "No", "Agree", "n/a", "N/A", "Strongly agree", "Don't know", "None", "See attached",
                 "no comment", "Not applicable", "I agree", "As above", "Not sure", "ok", "NHS", "Brexit",
                 "cost too high", "Bus lanes", "see Q3", "Agree 100%", "ULEZ expansion is bad", "-", "", "   ",
                 "12345", "!!!"]


@pytest.mark.parametrize(("code", "text"), SENTENCES.items(), ids=list(SENTENCES))
def test_real_sentences(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_answers_never_get_a_wrong_language(text: str) -> None:
    assert detect_language(text) in {"", "en"}


def test_single_language_scripts_need_only_a_word() -> None:
    assert detect_language("ਧੰਨਵਾਦ") == "pa"
    assert detect_language("我们同意") == "zh"
    assert detect_language("ありがとう") == "ja"


@pytest.fixture(scope="module")
def library():
    """py3langid's own identifier, restricted to the same languages (the reference)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in identifier.labels])
    return identifier


def _assert_same_as_library(library, texts: list[str]) -> None:
    from py3langid.langid import visit_counts

    scored = _model().classify_many(texts)
    for text, (code, probability) in zip(texts, scored, strict=False):
        if not code:  # no n-gram of the model in the text (py3langid then returns its first label)
            encoded = library._encode(text)
            assert visit_counts(library.tk_nextmove, library._rowbase, library.tk_output, encoded) is None, text
            continue
        expected_code, expected_probability = library.classify(text)
        assert code == expected_code, text
        assert probability == pytest.approx(expected_probability, abs=1e-5), text


def test_batch_scores_match_py3langid(library) -> None:
    texts = [*SENTENCES.values(), "The council should fund more buses.", "Mae angen mwy o fysiau.",
             "SHOUTING IN CAPITALS ABOUT THE BUS SERVICE", "Café crème, naïve façade", "x" * 3000]
    _assert_same_as_library(library, texts)
    assert _model().classify_many(["a", ""]) == [("", 0.0), ("", 0.0)]  # no n-gram of the model: no call
    one_by_one = [_model().classify(text) for text in texts]
    assert _model().classify_many(texts) == one_by_one


def test_batch_detection_equals_one_by_one() -> None:
    texts = [*SENTENCES.values(), *SHORT_ENGLISH, *SENTENCES.values(), "ਧੰਨਵਾਦ", "", "Yes"]
    assert detect_languages(texts) == [detect_language(t) for t in texts]
    assert detect_languages([]) == []


def test_tables_are_cached_and_rebuilt(tmp_path) -> None:
    first = LangidModel(LANGUAGES, cache_dir=tmp_path)  # from the library, then written to the cache
    cached = list(tmp_path.glob("langid-*.npz"))
    assert len(cached) == 1
    second = LangidModel(LANGUAGES, cache_dir=tmp_path)  # from the cache
    texts = list(SENTENCES.values())
    assert second.classify_many(texts) == first.classify_many(texts)
    cached[0].write_bytes(b"damaged")
    third = LangidModel(LANGUAGES, cache_dir=tmp_path)
    assert third.classify_many(texts) == first.classify_many(texts)


@pytest.mark.realdata
def test_real_answers_score_as_py3langid_does(library) -> None:
    path = REALDATA / "au_safe_responsible_ai" / "srai_shortened.csv"
    if not path.exists():
        pytest.skip("real data not available")
    with path.open(encoding="utf-8") as fh:
        texts = [row["sub_value"][:1000] for row in csv.DictReader(fh)][:800]
    _assert_same_as_library(library, texts)


def test_speed() -> None:
    detect_language("warm up the model")
    texts = [f"Answer {i}: the council should fund more buses and safer cycle lanes." for i in range(20000)]
    started = time.process_time()
    codes = detect_languages(texts)
    elapsed = time.process_time() - started
    assert set(codes) == {"en"}
    assert elapsed < 3.0  # about 0.4 s of CPU; generous for slow machines


@pytest.mark.realdata
def test_real_english_answers_are_not_called_foreign() -> None:
    path = REALDATA / "au_safe_responsible_ai" / "srai_shortened.csv"
    if not path.exists():
        pytest.skip("real data not available")
    with path.open(encoding="utf-8") as fh:
        texts = [row["sub_value"] for row in csv.DictReader(fh)][:1500]
    codes = [detect_language(t) for t in texts]
    assert sum(code not in {"", "en"} for code in codes) <= 2
    assert codes.count("en") > 0.8 * len(texts)


def test_unwritable_cache_folder_still_works(tmp_path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    model = LangidModel(LANGUAGES, cache_dir=blocked / "cache")  # cannot be created: no cache, same answers
    assert model.classify(SENTENCES["pl"])[0] == "pl"


def test_old_cache_files_are_pruned(tmp_path):
    """Each version (or set of languages) wrote a 50 MB language cache of its own, never removed."""
    import os

    from consult_analyser.paths import prune_cache

    for age, name in enumerate(["langid-a.npz", "langid-b.npz", "langid-c.npz", "langid-d.npz", "other.npz"]):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (1000 + age, 1000 + age))
    prune_cache(tmp_path, "langid-*.npz", keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["langid-b.npz", "langid-c.npz", "langid-d.npz", "other.npz"]


def test_the_other_eu_languages_are_named_without_doubting_english():
    from consult_analyser.ingest.language import detect_languages

    swedish = "Vi stöder förslaget men tidsfristerna är för korta för små företag i hela landet."
    finnish = "Kannatamme ehdotusta, mutta määräajat ovat liian lyhyet pienille yrityksille."
    english = "We support the proposal but the deadlines are far too short for small firms in the country."
    assert detect_languages([swedish, finnish, english]) == ["sv", "fi", "en"]
