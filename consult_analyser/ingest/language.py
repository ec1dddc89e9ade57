"""The language of an answer, as an ISO 639-1 code, or "" when the text cannot tell.

py3langid (a naive Bayes model over byte n-grams, shipped inside its PyPI package) is
restricted to the languages met in UK consultations: English, Welsh, Scottish Gaelic and
Irish, and the main community languages of the census (Polish, Romanian, Panjabi, Urdu,
Bengali, Gujarati, Portuguese, Spanish, Arabic, ...). Restricting it removes the rare
languages that short English answers would otherwise be mistaken for.

Short answers ("Yes", "Agree", "n/a", "no comment") carry too little evidence: Latin-script
text needs a few words and a confident model before a language is named, and for a language
other than English the bar is higher still, because a false "Italian" on an English answer
costs more than an unlabelled Welsh one. Scripts that belong to one language (Gurmukhi,
Bengali, Hangul, ...) are named from a couple of letters.

Two things kept most short English answers of a large real export unnamed (a trial's 60,000 US
comments: "en 9,732, unknown 40,330"; not the scale, but what they said): text Written In Title Case,
whose capitals the model does not know in English (scored in lower case, as text in capitals
already was), and short English answers such as "See attached file(s)" or "Please see the attached
comments", which the model reads as English but with too little confidence for the bar. English is
then named at a lower bar when the model's best guess is English and most of the answer's words are
among the commonest English words (:data:`ENGLISH_WORDS`), two different ones at least.

:func:`detect_languages` decides a whole batch at once (the importer's path): the rules above
run per text, and the texts they leave to the model are scored together by
:mod:`consult_analyser.ingest.langid_model`, each distinct text once.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence

from consult_analyser.ingest.langid_model import LangidModel

__all__ = ["detect_language", "detect_languages", "LANGUAGES"]

LANGUAGES = (
    "en", "cy", "gd", "ga",  # English and the UK's own languages
    "pl", "ro", "pa", "ur", "bn", "gu", "hi", "ta", "ar", "fa", "ps", "ku", "so", "zh", "ja", "ko",
    "fr", "de", "es", "it", "pt", "nl", "lt", "lv", "bg", "ru", "uk", "tr", "sq", "el", "hu", "cs", "sk",
    "ne", "tl", "am", "vi", "th", "he",
)

# Scripts used by exactly one language of LANGUAGES: a few letters are enough.
_SCRIPT_LANGUAGE = {
    "GURMUKHI": "pa", "BENGALI": "bn", "GUJARATI": "gu", "TAMIL": "ta", "HANGUL": "ko", "HIRAGANA": "ja",
    "KATAKANA": "ja", "GREEK": "el", "HEBREW": "he", "THAI": "th", "ETHIOPIC": "am",
}

MAX_CHARS = 1000  # the first 1000 characters decide; enough for a confident call on any answer
MIN_LATIN_LETTERS = 12
MIN_LATIN_WORDS = 3
MIN_OTHER_LETTERS = 4
CONFIDENCE = 0.90  # for English
CONFIDENCE_OTHER = 0.98  # for any other language written in the Latin script
#: English below CONFIDENCE: the model's best guess, at least this likely, and most words common English words
CONFIDENCE_ENGLISH_WORDS = 0.20
MIN_ENGLISH_WORDS = 2  # different common English words, at least
ENGLISH_SHARE = 0.5  # ... and at least this share of the answer's words (of two letters or more)

#: the commonest English words, and the commonest of short consultation answers ("see attached comments")
ENGLISH_WORDS = frozenset("""
about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
him his how if in into is it its itself just me more most my no nor not now of off on once only or other our
out over own please same she should so some such than thank thanks that the their them then there these they
this those through to too under until up us very was we were what when where which while who whom why will
with would you your yours
see attached attachment attachments enclosed find comment comments letter file files document regarding
behalf support oppose agree disagree proposal proposed rule rules submit submitted submission response
""".split())

#: the rest of the EU's languages (and Norway's) written in the Latin script, asked about only when none
#: of LANGUAGES is sure (see _detect_distinct): "Vi stöder förslaget" in an EU consultation
MORE_LANGUAGES = ("sv", "da", "no", "fi", "et", "sl", "hr", "mt")

_lock = threading.Lock()
_scorers: dict[tuple[str, ...], LangidModel] = {}


def _scorer(languages: tuple[str, ...]) -> LangidModel:
    """py3langid's model restricted to ``languages``, loaded once per process."""
    with _lock:
        if languages not in _scorers:
            _scorers[languages] = LangidModel(languages)
        return _scorers[languages]


def _model() -> LangidModel:
    """The model over :data:`LANGUAGES`."""
    return _scorer(LANGUAGES)


def _wider_model() -> LangidModel:
    """The model over :data:`LANGUAGES` and :data:`MORE_LANGUAGES`."""
    return _scorer(LANGUAGES + MORE_LANGUAGES)


def _script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name ('LATIN', 'ARABIC', 'CJK', ...)."""
    if ch < "\u0250":
        return "LATIN"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "HAN"
    return first


_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_NON_ASCII_LATIN_LETTER = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _letters_by_script(text: str) -> tuple[dict[str, int], int]:
    """Letters of ``text`` counted by script (regexes first: most answers are all Latin)."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    counts = {"LATIN": ascii_letters + len(_NON_ASCII_LATIN_LETTER.findall(text))}
    for ch in _OTHER_LETTER.findall(text):
        script = _script_of(ch)
        counts[script] = counts.get(script, 0) + 1
    return counts, sum(counts.values())


_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NEEDS_MODEL_LATIN = "latin"
_NEEDS_MODEL_OTHER = "other"


def _by_rules(text: str) -> tuple[str, str]:
    """(decided code, "") when the script or the length decides; ("", kind) when the model must,
    where kind says which confidence bar applies."""
    if not text:
        return "", ""
    sample = text[:MAX_CHARS]
    if sample.isascii():
        letters = len(sample.encode("ascii").translate(None, _ASCII_NON_LETTERS))
        if letters < MIN_LATIN_LETTERS:
            return "", ""
        scripts, total = {"LATIN": letters}, letters
    else:
        scripts, total = _letters_by_script(sample)
        if not total:
            return "", ""
    script, count = max(scripts.items(), key=lambda item: item[1])
    if count < 0.5 * total:
        script = "MIXED"
    if script in _SCRIPT_LANGUAGE:
        return (_SCRIPT_LANGUAGE[script] if count >= 2 else ""), ""
    if script == "HAN":
        return ("ja" if scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0) else ("zh" if count >= 2 else "")), ""
    latin = script in {"LATIN", "MIXED"}
    if latin and (count < MIN_LATIN_LETTERS or len(sample.split(maxsplit=MIN_LATIN_WORDS)) < MIN_LATIN_WORDS):
        return "", ""
    if not latin and count < MIN_OTHER_LETTERS:
        return "", ""
    return "", _NEEDS_MODEL_LATIN if latin else _NEEDS_MODEL_OTHER


_WORD = re.compile(r"[^\W\d_]+")


def _scored(text: str) -> str:
    """The text as the model scores it: its first MAX_CHARS characters, in lower case when Written In Title
    Case (the model knows English in capitals only at a sentence's start or a name's)."""
    sample = text[:MAX_CHARS]
    if any(word[:1].islower() for word in sample[:80].split()[:4]):
        return sample  # (most text: a word in lower case among the first few)
    words = _WORD.findall(sample, 0, 300)  # (the first words tell)
    if len(words) >= 3 and sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words) and not sample.isupper():
        return sample.lower()
    return sample


def _english_words(text: str) -> bool:
    """Whether most of the text's words (of two letters or more) are common English words, two different ones
    at least."""
    words = [w.lower() for w in _WORD.findall(text[:MAX_CHARS]) if len(w) >= 2]
    found = [w for w in words if w in ENGLISH_WORDS]
    return len(set(found)) >= MIN_ENGLISH_WORDS and len(found) >= ENGLISH_SHARE * len(words)


def _decide(code: str, confidence: float, kind: str, text: str = "") -> str:
    if not code:
        return ""
    if code == "en":
        if confidence < CONFIDENCE and confidence >= CONFIDENCE_ENGLISH_WORDS and kind == _NEEDS_MODEL_LATIN \
                and _english_words(text):
            return code
        return code if confidence >= CONFIDENCE else ""
    if kind == _NEEDS_MODEL_LATIN and confidence < CONFIDENCE_OTHER:
        return ""
    return code if confidence >= CONFIDENCE else ""


def detect_languages(texts: Sequence[str]) -> list[str]:
    """:func:`detect_language` for many texts at once (much faster than one by one)."""
    unique = dict.fromkeys(texts)
    if len(unique) < len(texts):  # campaigns and stock answers: score each distinct text once
        codes = dict(zip(unique, _detect_distinct(list(unique)), strict=False))
        return [codes[text] for text in texts]
    return _detect_distinct(texts)


def _detect_distinct(texts: Sequence[str]) -> list[str]:
    out: list[str] = []
    pending: list[int] = []
    kinds: list[str] = []
    for text in texts:
        code, kind = _by_rules(text)
        if kind:
            pending.append(len(out))
            kinds.append(kind)
        out.append(code)
    if pending:
        scored = _model().classify_many([_scored(texts[i]) for i in pending])
        for i, kind, (code, confidence) in zip(pending, kinds, scored, strict=False):
            out[i] = _decide(code, confidence, kind, texts[i])
        # Latin text none of those languages claims: one of the other EU languages? Asked only now, so
        # that no answer the first model reads as English is put in doubt by more candidates
        unsure = [(i, kind) for i, kind in zip(pending, kinds, strict=True) if not out[i] and kind == _NEEDS_MODEL_LATIN]
        if unsure:
            again = _wider_model().classify_many([_scored(texts[i]) for i, _ in unsure])
            for (i, kind), (code, confidence) in zip(unsure, again, strict=True):
                if code in MORE_LANGUAGES:
                    out[i] = _decide(code, confidence, kind)
    return out


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or "" when it is too short or too uncertain.

    Never names a language other than English for a short English answer.
    """
    return detect_languages([text])[0]
