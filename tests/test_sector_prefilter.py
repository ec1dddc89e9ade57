"""The name rules' index runs each pattern only where it can match, and finds what the rules'
patterns joined into one alternation find: the same rules, the same pattern of each."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from consult_analyser.pipeline.sectors.prefilter import PatternIndex, required_literals
from consult_analyser.pipeline.sectors.rules import SectorRules, match_text


def test_required_literals_of_the_rule_shapes() -> None:
    assert required_literals(r"\bchurch(es)?\b") == {"church"}
    assert required_literals(r"care (group|services?)\b") == {"care "}
    # no literal outside the alternation: one of its branches must be there
    assert required_literals(r"[a-z]{3,}(ministerium|amt|behorde)\b") == {"ministerium", "amt", "behorde"}
    assert required_literals(r"\bs\.?a\.?$") in ({"s"}, {"a"})  # nothing of three letters
    assert required_literals(r"[a-z]+") is None
    assert required_literals(r"(?<!northern )ireland") == {"ireland"}


def _joined(patterns: list[str], text: str) -> int | None:
    """The pattern a single alternation of ``patterns`` matches first (the old way of searching)."""
    if not patterns:  # a rule of e-mail domains only
        return None
    m = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns))).search(text)
    return int(str(m.lastgroup)[1:]) if m else None


RULES = [
    [r"\bchurch(es)?\b", r"\bparish\b", r"\bst\.? [a-z]+s (church|parish)", r"religio(n|us)"],
    [r"\bs\.?a\.?$", r"\bltd\b", r"\blimited\b", r"\b(mp|msp|mla|mep)$", r"\bag\b$"],
    [r"\bparish council\b", r"\bcouncil\b", r"[a-z]{3,}(ministerium|amt)\b", r"\bcity of\b"],
]
WORDS = ["church", "churches", "parish", "council", "st", "marys", "ltd", "limited", "sa", "s.a.", "ag", "mp",
         "city", "of", "leeds", "bundesamt", "umweltministerium", "religious", "the", "and", "msp", "amt"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_index_finds_what_the_joined_alternation_finds(words: list[str]) -> None:
    text = " ".join(words)
    index = PatternIndex(RULES, [0] * len(RULES))
    expected = {r: i for r, patterns in enumerate(RULES) if (i := _joined(patterns, text)) is not None}
    assert index.search(text) == expected


def test_shipped_rules_match_as_before_on_real_shaped_names() -> None:
    rules = SectorRules.default()
    names = ["St Mary's Church of England Primary School", "Leeds City Council", "Acme Widgets Ltd",
             "Bundesministerium für Umwelt", "Jane Smith", "Hon. Jane Smith MP", "Association of British Insurers",
             "Fédération Française de Football", "Banque S.A.", "Anonymous", "Gurdwara Singh Sabha Leicester"]
    for name in names:
        text = match_text(name)
        expected = [(r.name, r.patterns[i]) for r in rules.rules if (i := _joined(r.patterns, text)) is not None]
        assert [(h.rule, h.pattern) for h in rules._name_hits(name)] == expected, name
