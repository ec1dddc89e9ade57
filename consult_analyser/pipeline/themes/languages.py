"""Answers in languages other than English, where theme keywords and labels are made.

The embedding and tagging models read English. A question whose answers include others (a UK
consultation in Welsh, Polish or Urdu; an EU one in German and French) still clusters: answers
in one language group together by what they say, not across languages. This module keeps
those themes readable:

- the stop words of each language present (from spaCy's per-language lists, shipped with spaCy,
  no model needed; a list of this project's for Welsh, which spaCy lacks) are left out of keywords and never start or end a label ("dass die", "Ist
  wichtig", "Nous demandons"), except a word the question's English answers use more than the
  others do ("die", "war", "car" stay English words there);
- answers in another language are cut into phrases by word n-grams between stop words rather
  than by the English tagger;
- a theme whose answers are nearly all in one other language says so in its label
  ("Datenschutz der Bürger (German)").

Languages are the importer's per-answer codes (ISO 639-1, "" when too short to tell).
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

LANGUAGE_NAMES = {
    "en": "English", "cy": "Welsh", "gd": "Scottish Gaelic", "ga": "Irish", "pl": "Polish", "ro": "Romanian", "pa": "Panjabi",
    "ur": "Urdu", "bn": "Bengali", "gu": "Gujarati", "hi": "Hindi", "ta": "Tamil", "ar": "Arabic", "fa": "Persian",
    "ps": "Pashto", "ku": "Kurdish", "so": "Somali", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "lt": "Lithuanian", "lv": "Latvian", "bg": "Bulgarian", "ru": "Russian", "uk": "Ukrainian", "tr": "Turkish",
    "sq": "Albanian", "el": "Greek", "hu": "Hungarian", "cs": "Czech", "sk": "Slovak", "ne": "Nepali",
    "tl": "Tagalog", "am": "Amharic", "vi": "Vietnamese", "th": "Thai", "he": "Hebrew", "sv": "Swedish",
    "da": "Danish", "fi": "Finnish", "nb": "Norwegian", "no": "Norwegian", "sl": "Slovenian", "hr": "Croatian",
    "et": "Estonian", "mt": "Maltese",
}
#: answers a language needs in a question before its stop words count there
MIN_ANSWERS = 3
#: share of a theme's answers (of those whose language is told) in one other language that names it
DOMINANT_SHARE = 0.8

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FOREIGN_STOPS: ContextVar[frozenset[str]] = ContextVar("foreign_stop_words", default=frozenset())


#: languages of UK consultations that spaCy has no stop-word list for: Welsh (the Welsh Government
#: consults in both languages), its common function words, written for this project
_OWN_STOP_WORDS = {
    "cy": frozenset("""
        a ac ag am ar at i o y yr r yn ym yng mae maen maer oedd roedd bydd byddai bod fod fydd sydd sy ydy ydi yw
        ydyn ydym oes does dim nid nad na neu ond os pan pe fel gan gyda gyd hyd er dros drwy trwy tan dan wrth heb
        rhwng tuag ger ei eu ein eich fy dy hi ef fe fo nhw ni chi hwn hon hyn hynny yma yna yno lle sut beth pwy pam
        pryd ble pob holl rhai mwy mor iawn hefyd achos oherwydd felly wedi cael gael gwneud dylai dylid gall gallu
        gellir bo ddim hyn llawer ychydig eraill arall un dau tri
        i'r o'r a'r â'r na'r gyda'r mae'r mae'n i'w y'n yn'r ni'n chi'n nhw'n rwy'n dw wyf rwyf rydw rydym rydyn
        ydw ydych ydyn roeddwn byddwn byddem dylen dylem
    """.split()),
}


@lru_cache(maxsize=64)
def stop_words(code: str) -> frozenset[str]:
    """Stop words for language ``code`` (lower case): spaCy's list, or this project's for a UK
    language spaCy has none for (Welsh), or none."""
    if not code or not code.isalpha():
        return frozenset()
    if code in _OWN_STOP_WORDS:
        return _OWN_STOP_WORDS[code]
    try:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    except ImportError:
        return frozenset()
    words = {w.lower() for w in getattr(module, "STOP_WORDS", ())}
    return frozenset(words | {part for w in words for part in re.split(r"['’-]", w) if part})  # "qu'" -> "qu"


def question_stop_words(texts: Sequence[str], languages: Sequence[str], min_answers: int = MIN_ANSWERS) -> frozenset[str]:
    """Stop words of the other languages a question's answers are written in, less the words its
    English answers use more often than the other answers do."""
    counts = Counter(code for code in languages if code and code != "en")
    present = [code for code, n in counts.items() if n >= min_answers]
    if not present:
        return frozenset()
    words = frozenset().union(*(stop_words(code) for code in present))
    english: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for text, code in zip(texts, languages, strict=False):
        if code == "en":
            english.update(w for w in _WORD.findall(text.lower()) if w in words)
        elif code in present:
            other.update(w for w in _WORD.findall(text.lower()) if w in words)
    return frozenset(w for w in words if english[w] <= other[w])


def foreign_stop_words() -> frozenset[str]:
    """The other languages' stop words in force (see :func:`using_stop_words`)."""
    return _FOREIGN_STOPS.get()


@contextmanager
def using_stop_words(words: frozenset[str]) -> Iterator[None]:
    """Treat ``words`` as stop words in keywords and labels for the duration."""
    token = _FOREIGN_STOPS.set(words)
    try:
        yield
    finally:
        _FOREIGN_STOPS.reset(token)


def dominant_language(codes: Sequence[str], share: float = DOMINANT_SHARE, min_told: int = 3) -> str:
    """The other language nearly all of ``codes`` (a theme's answers) are in, else ""."""
    told = [c for c in codes if c]
    if len(told) < min_told:
        return ""
    code, n = Counter(told).most_common(1)[0]
    return code if code != "en" and n >= share * len(told) else ""


def language_name(code: str) -> str:
    """"German" for "de"; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(code, code)


def with_language(label: str, code: str) -> str:
    """``label`` marked with the language its answers are in ("Datenschutz (German)")."""
    if not code:
        return label
    suffix = f"({language_name(code)})"
    return label if label.endswith(suffix) else f"{label} {suffix}"
