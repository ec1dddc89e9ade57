"""Language detection: real sentences in community languages, silence on short answers."""

from __future__ import annotations

import csv
import time

import pytest

from consult_analyser.ingest.language import _model, detect_language
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


def test_compiled_scores_match_py3langid() -> None:
    scorer = _model()
    for text in [*SENTENCES.values(), "The council should fund more buses.", "Mae angen mwy o fysiau."]:
        code, probability = scorer.classify(text)
        expected_code, expected_probability = scorer.identifier.classify(text)
        assert code == expected_code
        assert probability == pytest.approx(expected_probability, abs=1e-3)


def test_speed() -> None:
    detect_language("warm up the model and its compiled kernel")
    texts = [f"Answer {i}: the council should fund more buses and safer cycle lanes." for i in range(5000)]
    started = time.perf_counter()
    codes = [detect_language(t) for t in texts]
    elapsed = time.perf_counter() - started
    assert set(codes) == {"en"}
    assert elapsed < 3.0  # about 20 us a call on an idle core; generous for busy CI machines


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
