"""A theme most of whose answers write one word, though the word alone names nothing ("experience", "change").

:func:`~consult_analyser.pipeline.themes.labels.fallback_label` gives :data:`~.labels.ASSORTED_LABEL` to a group
whose answers share no keyword a third of them write, and a word of :data:`~.labels.LONE_GENERIC` never names a
theme on its own. Trial 46 (real ANES answers): a group of 80 answers, 62% of them writing "experience", was
"Assorted points"; it is the theme "Experience". :func:`common_word_label` names such a group by its word with what
qualifies it ("Time for change", "Middle class", "Experience (war, knowledge)"), never by the lone word, and never by
a word that names nothing in any context (:data:`~.labels.NEVER_A_THEME`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from consult_analyser.pipeline.themes.labels import (
    _SMALL_WORDS,
    COMMON_KEYWORD_SHARE,
    _content_word,
    acceptable_label,
    never_a_theme,
    singular,
    written_together,
)
from consult_analyser.pipeline.themes.phrases import phrase_key, tidy

#: share of a theme's answers that must write one word for it to name the theme though the word is generic
COMMON_WORD_SHARE = 0.5
#: a word's neighbour, perhaps after one or two small words ("time for change", "experience in government")
_NEIGHBOURS = 2


def common_word(texts: Sequence[str], share: float = COMMON_WORD_SHARE) -> list[str]:
    """The word the most of ``texts`` write (in the singular or the plural), when ``share`` of them (and three at
    least) do and it can name a theme (not :func:`never_a_theme`, of three letters or more): "experience" of 50
    answers in 80 ("Experience", "His experience in war", "senatorial experience"). Its forms as written, the
    commonest first; none when no word will do."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        words = set(phrase_key(text).split())
        counts.update({singular(w) for w in words})
        for w in words:
            forms.setdefault(singular(w), Counter())[w] += 1
    least = max(3, math.ceil(share * len(texts)))
    word = next((w for w, n in counts.most_common() if n >= least and len(w) >= 3 and w.isalpha()
                 and not any(never_a_theme(f) for f in forms[w])), None)
    return [f for f, _ in forms[word].most_common()] if word else []


def common_word_label(texts: Sequence[str], keywords: Sequence[str]) -> str | None:
    """A label for a theme most of whose answers write one word, though the word alone names nothing
    (:data:`LONE_GENERIC`, trial 46: a group of 80 answers, 62% writing "experience", fell to
    :data:`ASSORTED_LABEL`): the word with what qualifies it, the phrase of two words its answers write most
    ("Middle class", "Time for change", "Experience in government") when a third of them write it, else the word
    with its top keywords in brackets ("Experience (war, knowledge)"); never the lone word. None when no word is
    written by :data:`COMMON_WORD_SHARE` of the answers, or nothing qualifies it."""
    forms = common_word(texts)
    if not forms:
        return None
    word = singular(forms[0])
    form = "(?:" + "|".join(re.escape(f) for f in forms) + ")"
    other = r"([^\W\d_][\w'’-]*\w)"
    small = rf"(?:(?:{_SMALL_WORDS})\s+){{0,{_NEIGHBOURS}}}"
    around = [re.compile(rf"\b{other}\s+{small}{form}\b"), re.compile(rf"\b{form}\s+{small}{other}\b")]
    written: Counter[tuple[int, str]] = Counter()  # (side, neighbour) -> answers writing them together
    surfaces: dict[tuple[int, str], Counter[str]] = {}  # ... as written ("time for change", "time for a change")
    for text in texts:
        low = " ".join(text.split())
        seen = set()
        for side, pattern in enumerate(around):
            for found in pattern.finditer(low.lower()):
                neighbour = found.group(1)
                phrase = low[found.start(): found.end()]
                if singular(neighbour) == word or never_a_theme(neighbour) or len(neighbour) < 3 \
                        or not acceptable_label(phrase, in_context=True):
                    continue
                key = (side, singular(neighbour))
                seen.add(key)
                surfaces.setdefault(key, Counter())[phrase_key(phrase)] += 1
        written.update(seen)
    least = max(3, math.ceil(COMMON_KEYWORD_SHARE * len(texts)))
    best = max(written.items(), key=lambda item: (item[1], -item[0][0]), default=None)
    if best is not None and best[1] >= least:
        return tidy(surfaces[best[0]].most_common(1)[0][0])
    extras = [k for k in keywords if all(_content_word(w) and singular(w) != word and w.isalpha() for w in k.split())
              and written_together(k, texts)][:2]
    return f"{tidy(forms[0])} ({', '.join(extras)})" if extras else None
