"""Name-shaped runs that name no person, for :mod:`consult_analyser.pipeline.pii_ner` and :mod:`~.pii`: an office
or a title ("Prime Minister", "the Department of the Prime Minister and Cabinet", "Facebook Chief AI Scientist"), a
thing named in everyday words ("Squiggle Maximizer", "Paperclip Maximizer", a heading "A. Consumer law", a
sentence's opening adverb "Incidentally I've"), and an acronym in capitals amid ordinary text ("the need for
RAI", responsible AI).

A person's name starts with a first name or an initial, or a title; a run whose first word is an everyday word
that is no first name ("Paperclip", "Prime", "Facebook"; not "Mark", "Precious") names a thing, and one that ends
in an office's word ("Minister", "Chief", "Secretary") names the office. A word in capitals of two to four
letters that is no first name ("RAI", "CSIRO" is five) is an acronym where the text around it is not written
in capitals, and no first name stands beside it ("TOMASZ KAUR" is a name in capitals).
"""

from __future__ import annotations

import re

from consult_analyser.pipeline.pii_names import is_given_name
from consult_analyser.pipeline.pii_words import _common_words, _proper_sets, written_in_lower_case

#: words that end an office's or a post's name ("Prime Minister", "Chief Executive", "Facebook Chief")
OFFICES = frozenset(
    "minister ministers secretary chief president premier senator governor commissioner director directors officer "
    "executive chairman chairwoman chairperson chair treasurer ambassador envoy spokesperson spokesman spokeswoman "
    "scientist scientists deputy attorney chancellor ombudsman registrar superintendent inspector lecturer "
    "researcher researchers founder cofounder co-founder ceo cto cfo coo mp mps mla mlc".split())
_INITIAL = re.compile(r"[A-Z]\.?")
_ACRONYM = re.compile(r"(?<![\w'’-])[A-Z]{2,4}(?![\w'’-])")
_CAPS_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}(?![\w'’-])")


def _everyday(low: str) -> bool:
    return low in _common_words() or written_in_lower_case(low) and low not in _proper_sets()[0]


def names_no_person(span: str) -> bool:
    """Whether the name-shaped ``span`` is an office or a thing named in everyday words (see the module docstring)."""
    words = [w.strip(".,'’\"“”()") for w in span.split()]
    words = [w for w in words if w]
    if len(words) < 2:
        return False
    if words[-1].lower() in OFFICES:
        return True
    rest = [w for w in words if not _INITIAL.fullmatch(w)]
    if not rest:
        return False
    first = rest[0].lower()
    if first in OFFICES or re.fullmatch(r"i['’](?:m|ve|d|ll|s)", first):
        return False
    return _everyday(first) and not any(is_given_name(w) for w in rest)


def written_in_capitals(text: str) -> bool:
    """Whether most of the words of ``text`` are written in capitals (a capital there says nothing)."""
    words = _CAPS_WORD.findall(text[:2000])
    return bool(words) and sum(1 for w in words if w.isupper()) >= 0.5 * len(words)


def holds_an_acronym(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a word in capitals of two to four letters that is no first name, in text
    not written in capitals ("the need for RAI"): an acronym, which the case proxy showed the recogniser as "Rai"."""
    span = text[start:end]
    return any(not is_given_name(m.group(0)) for m in _ACRONYM.finditer(span)) \
        and not any(is_given_name(w) for w in re.findall(r"[^\W\d_]+", span)) and not written_in_capitals(text)
