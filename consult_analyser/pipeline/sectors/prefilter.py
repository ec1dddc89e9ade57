"""A cheap test that a name rule cannot match a text, so that its regular expression need not run.

A rule's patterns are joined into one alternation of a few dozen words and phrases ("council",
"parish council", "[a-z]{3,}(ministerium|amt)\\b"). Python's ``re`` tries every alternative at
every position of the text, which made the name rules the largest part of the ``sectors`` step on
100,000 respondents. Most patterns contain a literal that every match must include ("council",
"ministerium" or "amt"); a text that holds none of them cannot match. :func:`required_literals`
reads those literals from the parsed pattern, and :class:`PatternIndex` files each pattern under a
three-letter piece of each: a pattern runs only on texts that contain one of its pieces. The index
never changes what matches; it only skips searches that cannot succeed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]

GRAM = 3
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or None when no such
    set is found (the pattern may match without any literal, e.g. ``[a-z]+``)."""
    try:
        parsed = _P.parse(pattern)
    except re.error:
        return None
    return _sequence(list(parsed))


def _better(current: frozenset[str] | None, option: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: the one whose shortest literal is longer."""
    if not option or any(not s for s in option):
        return current
    if current is None or min(map(len, option)) > min(map(len, current)):
        return option
    return current


def _sequence(items: Sequence[tuple]) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, arg in items:
        if op is _C.LITERAL:
            run.append(chr(arg))
            continue
        best = _better(best, frozenset(["".join(run)]) if run else None)
        run = []
        if op is _C.SUBPATTERN:
            best = _better(best, _sequence(list(arg[-1])))
        elif op is _C.BRANCH:
            options = [_sequence(list(branch)) for branch in arg[1]]
            if all(options):
                best = _better(best, frozenset().union(*options))  # type: ignore[arg-type]
        elif op in _REPEATS and arg[0] >= 1:
            best = _better(best, _sequence(list(arg[2])))
    return _better(best, frozenset(["".join(run)]) if run else None)


def text_grams(text: str) -> set[str]:
    """Every piece of :data:`GRAM` characters of ``text``."""
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


class PatternIndex:
    """Every name rule's patterns, each compiled alone and run only on texts that can match it.

    A pattern with a required literal of :data:`GRAM` or more characters is filed under a
    :data:`GRAM`-character piece of each such literal; a text runs the patterns filed under its own
    pieces, and the few patterns without such a literal (short legal forms such as "\\bs\\.?a\\.?$").
    :meth:`search` gives, for each rule that matches, the pattern that the rule's patterns joined
    into one alternation would have matched: the leftmost match, and at one position the first
    pattern in order. (Joined alternations were tried first: with one group per pattern, Python's
    ``re`` spent several times longer on them than on the patterns searched one by one.)
    """

    def __init__(self, rules: Sequence[Sequence[str]], flags: Sequence[int]) -> None:
        self.compiled: list[tuple[int, int, re.Pattern[str]]] = []  # (rule, pattern index, pattern)
        self.by_piece: dict[str, list[int]] = {}
        self.always: list[int] = []
        for r, (patterns, flag) in enumerate(zip(rules, flags, strict=True)):
            for i, pattern in enumerate(patterns):
                entry = len(self.compiled)
                self.compiled.append((r, i, re.compile(pattern, flag)))
                literals = required_literals(pattern)
                if literals is None or min(map(len, literals)) < GRAM:
                    self.always.append(entry)
                    continue
                fold = str.lower if flag & re.IGNORECASE else str
                for piece in {fold(lit)[:GRAM] for lit in literals}:
                    self.by_piece.setdefault(piece, []).append(entry)

    def search(self, text: str) -> dict[int, int]:
        """Rule number -> index of its pattern that matches ``text`` first (rules that match only)."""
        candidates = set(self.always)
        for piece in text_grams(text):
            found = self.by_piece.get(piece)
            if found:
                candidates.update(found)
        best: dict[int, tuple[int, int]] = {}
        for entry in candidates:
            rule, index, pattern = self.compiled[entry]
            m = pattern.search(text)
            if m is not None and (rule not in best or (m.start(), index) < best[rule]):
                best[rule] = (m.start(), index)
        return {rule: index for rule, (_, index) in best.items()}
