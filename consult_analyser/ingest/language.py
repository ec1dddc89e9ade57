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
"""

from __future__ import annotations

import re
import threading
import unicodedata

import numpy as np

__all__ = ["detect_language", "LANGUAGES"]

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

_lock = threading.Lock()
_scorer: _Scorer | None = None


class _Scorer:
    """py3langid's model restricted to :data:`LANGUAGES`, scored by a compiled kernel.

    py3langid walks its byte n-gram automaton in pure Python (about 150 us for a 75-character
    answer). The same walk and naive Bayes sum compiled with numba (already required by UMAP)
    takes a few microseconds; the probabilities are those of ``LanguageIdentifier.classify``
    with ``norm_probs=True``. Without numba the library's own code is used.
    """

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages([code for code in LANGUAGES if code in identifier.labels])
        self.identifier = identifier
        self.labels = list(identifier.nb_classes)
        self.kernel = None
        if identifier._alias_pairs:  # pragma: no cover - no aliased labels among LANGUAGES
            return
        try:
            from numba import njit
        except ImportError:  # pragma: no cover - numba is a hard dependency of umap-learn
            return
        self.nextmove = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32)
        self.rowbase = np.asarray(identifier._rowbase, dtype=np.int64)
        self.output = np.asarray(identifier.tk_output, dtype=np.int64)
        self.ptc = np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32)
        self.pc = np.ascontiguousarray(identifier.nb_pc, dtype=np.float32)
        try:
            self.kernel = njit(nogil=True, cache=True)(_score_kernel)
        except RuntimeError:  # pragma: no cover - no writable cache location (frozen app)
            self.kernel = njit(nogil=True)(_score_kernel)

    def classify(self, text: str) -> tuple[str, float]:
        """(language code, probability) for ``text``; ("", 0.0) when it has no known n-gram."""
        if self.kernel is None:
            code, confidence = self.identifier.classify(text)
            return code, float(confidence)
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")
        best, probability = self.kernel(np.frombuffer(data, dtype=np.uint8), self.nextmove, self.rowbase,
                                        self.output, self.ptc, self.pc)
        return (self.labels[best], probability) if best >= 0 else ("", 0.0)


def _score_kernel(data, nextmove, rowbase, output, ptc, pc):  # noqa: ANN001, ANN202 - compiled by numba
    """Walk the n-gram automaton over ``data``, sum log1p(count) x log P(feature | language), and
    return (best language index, its probability) after py3langid's length-scaled softmax; (-1, 0)
    when no n-gram of the model occurs."""
    features = np.empty(len(data), np.int64)
    count = 0
    state = 0
    for byte in data:
        state = nextmove[rowbase[state] + byte]
        feature = output[state]
        if feature >= 0:
            features[count] = feature
            count += 1
    scores = pc.copy()
    if count == 0:
        return -1, 0.0
    ordered = np.sort(features[:count])
    start = 0
    while start < count:
        stop = start + 1
        while stop < count and ordered[stop] == ordered[start]:
            stop += 1
        weight = np.float32(np.log1p(stop - start))
        row = ordered[start]
        for column in range(scores.shape[0]):
            scores[column] += weight * ptc[row, column]
        start = stop
    scores /= np.sqrt(np.float32(len(data)))  # py3langid's temperature: sqrt(bytes)
    best = int(np.argmax(scores))
    total = np.exp(scores - scores[best]).sum()
    return best, 1.0 / total


def _model() -> _Scorer:
    """The restricted model, loaded (and its kernel compiled) once per process."""
    global _scorer
    if _scorer is None:
        with _lock:
            if _scorer is None:
                _scorer = _Scorer()
    return _scorer


def _script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name ('LATIN', 'ARABIC', 'CJK', ...)."""
    if ch < "\u0250":
        return "LATIN"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "HAN"
    return first


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _letters_by_script(text: str) -> tuple[dict[str, int], int]:
    """Letters of ``text`` counted by script (regexes first: most answers are all Latin)."""
    counts = {"LATIN": len(_LATIN_LETTER.findall(text))}
    for ch in _OTHER_LETTER.findall(text):
        script = _script_of(ch)
        counts[script] = counts.get(script, 0) + 1
    return counts, sum(counts.values())


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or "" when it is too short or too uncertain.

    Never names a language other than English for a short English answer.
    """
    if not text:
        return ""
    sample = text[:MAX_CHARS]
    if sample.isascii():
        letters = sum(map(str.isalpha, sample))
        if letters < MIN_LATIN_LETTERS:
            return ""
        scripts, total = {"LATIN": letters}, letters
    else:
        scripts, total = _letters_by_script(sample)
        if not total:
            return ""
    script, count = max(scripts.items(), key=lambda item: item[1])
    if count < 0.5 * total:
        script = "MIXED"
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script] if count >= 2 else ""
    if script == "HAN":
        return "ja" if scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0) else ("zh" if count >= 2 else "")
    latin = script in {"LATIN", "MIXED"}
    if latin and (count < MIN_LATIN_LETTERS or len(sample.split()) < MIN_LATIN_WORDS):
        return ""
    if not latin and count < MIN_OTHER_LETTERS:
        return ""
    code, confidence = _model().classify(sample)
    if not code:
        return ""
    if code == "en":
        return code if confidence >= CONFIDENCE else ""
    if latin and confidence < CONFIDENCE_OTHER:
        return ""
    return code if confidence >= CONFIDENCE else ""
