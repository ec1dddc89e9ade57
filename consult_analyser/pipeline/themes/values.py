"""Questions answered with a value rather than a view ("Where were you born?" "Germany"; "What
is your major?" "Computer science"): their themes are the values people gave, grouped as written
(case, punctuation and a leading article aside), not clusters of similar-looking answers, which
put "Brazil" and "India" under a theme labelled "Germany". Answers whose value too few people gave
are left without a theme (the app's "Other"), not filed under a wrong one."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

import numpy as np

_NOT_WORD = re.compile(r"[^\w\s]+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")

#: answers of at most this many words count as values
VALUE_WORDS = 4


def value_of(text: str) -> str:
    """An answer as a value: lower case, punctuation and a leading article dropped ("The UK." -> "uk")."""
    return _ARTICLE.sub("", " ".join(_NOT_WORD.sub(" ", text.casefold()).split()))


def looks_like_values(texts: Sequence[str], weights: Sequence[float] | None = None) -> bool:
    """True when a question was answered with values: nearly every answer is a few words, and most
    answers repeat a value someone else gave (so grouping by value covers them)."""
    if len(texts) < 20:
        return False
    w = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    short = np.array([len(t.split()) <= VALUE_WORDS for t in texts])
    if w[short].sum() < 0.85 * w.sum():
        return False
    counts: Counter[str] = Counter()
    for text, weight in zip(texts, w, strict=True):
        counts[value_of(text)] += weight
    repeated = sum(n for v, n in counts.items() if v and n >= 2)
    return repeated >= 0.5 * w.sum()


def value_groups(texts: Sequence[str], weights: Sequence[float] | None, max_groups: int,
                 min_size: int = 2) -> np.ndarray:
    """A topic per value given by at least ``min_size`` answers (the ``max_groups`` commonest), in
    order of size; -1 for the rest."""
    w = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    values = [value_of(t) for t in texts]
    same = one_value_written_apart(texts, values)
    values = [same.get(v, v) for v in values]
    counts: Counter[str] = Counter()
    for value, weight in zip(values, w, strict=True):
        counts[value] += weight
    kept = [v for v, n in counts.most_common() if v and n >= min_size][:max(0, max_groups)]
    ids = {v: i for i, v in enumerate(kept)}
    return np.array([ids.get(v, -1) for v in values], dtype=int)


_LIST_SEPARATOR = re.compile(r"\s*(?:[,;/&+]|\band\b|\bplus\b)\s*", re.IGNORECASE)


def listed_values(texts: Sequence[str], topics: Sequence[int]) -> dict[int, list[int]]:
    """Answers that list several values others gave alone ("Computer Science, Math"; "Maths and
    Physics"): answer index -> the value themes of its parts, in the order written, its own theme
    (``topics[i]``) left out. A value's theme is the one the answers giving that value alone have;
    an answer whose own theme is none (-1) lists its first value's theme first."""
    alone: dict[str, int] = {}
    for text, topic in zip(texts, topics, strict=True):
        if topic >= 0 and len(_LIST_SEPARATOR.split(text.strip(" .,;"))) == 1:
            alone.setdefault(value_of(text), int(topic))
    out: dict[int, list[int]] = {}
    for i, (text, topic) in enumerate(zip(texts, topics, strict=True)):
        parts = [value_of(p) for p in _LIST_SEPARATOR.split(text.strip(" .,;")) if p.strip()]
        if len(parts) < 2:
            continue
        found: list[int] = []
        for part in parts:
            key = alone.get(part)
            if key is not None and key != topic and key not in found:
                found.append(key)
        if found:
            out[i] = found
    return out


#: small words left out of a value's initials ("United States of America" -> "usa")
_LINKING = frozenset({"of", "and", "the", "for", "in", "on", "&", "+"})


def one_value_written_apart(texts: Sequence[str], values: Sequence[str]) -> dict[str, str]:
    """Values (as :func:`value_of` gives them) that are another value the answers give, written apart: the value
    before a comma or followed by another value ("Virginia, USA", "Virginia USA" -> "virginia"), its initials ("CS" ->
    "computer science", "US" -> "united states") or the start of one word ("Econ" -> "economics", "Comm" ->
    "commerce"), where exactly one value fits. A real form's "Where were you born?" gave Virginia six ways and its
    "What is your major?" Computer Science four, each a theme of its own. ``values``: each text's
    :func:`value_of`."""
    given = {v for v in values if v}
    out: dict[str, str] = {}
    for text, value in zip(texts, values, strict=True):
        if "," in text and value not in out:
            before = value_of(text.split(",", 1)[0])
            if before and before != value and before in given:
                out[value] = before
    # the values of several words by their initials, and those of one word in order (a start's are together): not
    # every value against every other (a born-where question of 8,000 values took 19 s)
    by_initials: dict[str, list[str]] = {}
    for v in given:
        if len(v.split()) >= 2:
            by_initials.setdefault("".join(w[0] for w in v.split() if w not in _LINKING), []).append(v)
    one_word = sorted(v for v in given if " " not in v)
    for value in given - set(out):
        words = value.split()
        if len(words) >= 2 and words[-1] in given and " ".join(words[:-1]) in given:
            out[value] = " ".join(words[:-1])  # "virginia usa": a value qualified by another
            continue
        if len(words) != 1 or not value.isalpha():
            continue
        initials = by_initials.get(value, [])
        starts = _longer_words_starting(one_word, value) if len(value) >= 3 else []
        if 2 <= len(value) <= 5 and len(initials) == 1:
            out[value] = initials[0]
        elif len(starts) == 1 and not initials:
            out[value] = starts[0]
    # one step only: a value another merges into stays itself
    return {v: t for v, t in out.items() if t not in out}


def _longer_words_starting(one_word: list[str], start: str) -> list[str]:
    """Up to two of the values ``one_word`` (sorted) that begin with ``start`` and run at least two letters on."""
    found: list[str] = []
    i = bisect_left(one_word, start)
    while i < len(one_word) and len(found) < 2 and one_word[i].startswith(start):
        if len(one_word[i]) > len(start) + 1:
            found.append(one_word[i])
        i += 1
    return found


def written_form(texts: Sequence[str]) -> str:
    """A value's label: the commonest way its answers write it, trimmed ("computer science." ->
    "Computer science"; "CS" stays "CS")."""
    forms = Counter(" ".join(t.split()).strip(" .,;:!?-") for t in texts)
    form = max(forms.items(), key=lambda item: (item[1], item[0] != item[0].lower(), -len(item[0])))[0] if forms else ""
    return form[:1].upper() + form[1:] if form.islower() else form
