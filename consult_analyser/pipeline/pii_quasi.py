"""A writer's age beside where they live, for :mod:`consult_analyser.pipeline.pii`: "I am 67 and live in Hebden
Bridge", "As a 34-year-old mum of three in Wagga Wagga". Either alone names no one; together, in a small town,
they may. The age goes (``[age]``) and the town stays: the place is often the point of an answer to a
consultation (a bus route, a closed branch), the writer's exact age seldom is, and without it the pair is gone.

An age is a number after "I am" / "I'm" / "aged" that ends its clause or is given in years ("I am 67 and",
"I'm 34,", "aged 80"; not "I am 100 percent sure", "I am 5 minutes away"), or "NN-year-old" after "as a" /
"I am a" ("As a 34-year-old mum"; not "a 50-year-old law"). A home is a capitalised place that is no everyday
word after "live(s) in", "from", "in", "near" ("in Finance" is none), in the same sentence, before or after.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consult_analyser.pipeline.pii_names import _is_town, is_lone_place
from consult_analyser.pipeline.pii_words import _common_words, _proper_sets, written_in_lower_case

Found = Iterator[tuple[int, int, str]]

_YEARS = r"(?:[ \t-]*(?:years?|yrs?)(?:[ \t-]+old)?|[ \t]*y/?o\b)"
_AGE = re.compile(
    r"(?<![\w'’])(?:I[ \t]+am|I['’]m|aged)[ \t]+(?P<n1>(?:1[01]|[1-9])?\d" + _YEARS + r"?)"
    r"(?=[ \t]*(?:[,;:.()!?]|$|\n|\band\b|\bnow\b|\bwith\b|\bliving\b|\bfrom\b|\bin\b|\bwho\b|\bliv))"
    r"|(?<![\w'’])(?:as|I[ \t]+am|I['’]m|being)[ \t]+an?[ \t]+(?P<n2>(?:1[01]|[1-9])?\d[ \t-]*(?:years?|yrs?)[ \t-]*old)\b",
    re.I)
_HOME = re.compile(r"\b(?:live|lives|living|lived|based|reside|resides|residing|from|in|near)[ \t]+(?:in[ \t]+|near[ \t]+)?"
                   r"(?P<place>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})")
_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")
_MONTHS = frozenset("january february march april may june july august september october november december".split())


def _a_place(place: str) -> bool:
    """Capitalised words that may name a town: a town listed in ``models/places`` ("Broken Hill"), or a first word
    that is no everyday word ("Finance", "Year"), no month and not "I"."""
    words = place.split()
    if any(_is_town(" ".join(words[:n])) for n in range(len(words), 0, -1)) or is_lone_place(words[0]):
        return True
    low = words[0].lower()
    return len(low) > 1 and low not in _MONTHS and low not in _common_words() \
        and not (written_in_lower_case(low) and low not in _proper_sets()[0])


def age_spans(text: str) -> Found:
    """The writer's age where the same sentence says where they live (see the module docstring)."""
    for match in _AGE.finditer(text):
        group = "n1" if match.group("n1") else "n2"
        begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
        end_match = _SENTENCE_END.search(text, match.end())
        end = end_match.start() if end_match else len(text)
        if any(_a_place(home.group("place")) for home in _HOME.finditer(text, begin, end)):
            yield match.start(group), match.end(group), "age"
