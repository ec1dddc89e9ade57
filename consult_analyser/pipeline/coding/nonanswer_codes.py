"""Answers with nothing to code ("Please see attached", "N/A", a list of signatories) in auto-coding.

Whether an answer is one is theme discovery's own test (:func:`~consult_analyser.pipeline.themes.nonanswers.
is_non_answer`, the "No substantive answer" theme). A code learned from substantive answers says nothing
about "see attached": trial 48's analysts coded 33 US rulemaking comments (one of them a covering note,
coded "Opposes" from its attachment) and every one of 541 covering notes was suggested a side (79 %
"Opposes", 39-47 % right, below always "Supports"). So an uncoded non-answer is suggested only the codes
the analysts themselves give non-answers as such: a code most of the coded non-answers carry (at least
:data:`MIN_CODED`), at the share of them that carry it ("No idea" coded "Don't know" 19 times in 20: 0.91).
Never a side of the built-in Stance family: a covering note's side is in the attachment, which the app
does not have, so at most "No position" where the analysts code such answers so.

A coded non-answer teaches the model only those codes too: its other codes came from what it points to,
and learned from its words they would make every covering note that side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

#: a code is suggested for non-answers once at least this many coded non-answers carry it
MIN_CODED = 2


@dataclass
class NonAnswerCodes:
    """What the analysts' codings of non-answers say of a question's uncoded ones."""

    coded: int = 0  # coded answers that are non-answers
    #: code id -> confidence with which an uncoded non-answer is suggested it
    codes: dict[str, float] = field(default_factory=dict)

    def learnable(self, codes: Iterable[str]) -> set[str]:
        """The codes of a coded non-answer that the model may learn from its words."""
        return {c for c in codes if c in self.codes}


def non_answer_codes(labels: Mapping[str, Collection[str]], non_answers: Collection[str],
                     sides: Collection[str] = ()) -> NonAnswerCodes:
    """From the coded answers' ``labels`` (answer id -> code ids) and which answers are ``non_answers`` (ids, by
    :func:`~consult_analyser.pipeline.themes.nonanswers.is_non_answer`), the codes to suggest for
    uncoded non-answers: each code more than half the coded non-answers carry, and at least :data:`MIN_CODED`,
    with confidence (k + 1) / (n + 2) (k of the n coded non-answers carry it); never one of ``sides`` (the
    Stance family's sides, whose evidence is in an attachment)."""
    carried = [labels[rid] for rid in labels if rid in non_answers]
    count = Counter(c for codes in carried for c in codes)
    n = len(carried)
    return NonAnswerCodes(coded=n, codes={c: (k + 1) / (n + 2) for c, k in count.items()
                                          if k >= MIN_CODED and 2 * k > n and c not in sides})
