"""Text that wraps to its column whatever it holds. A label that wraps still breaks lines only between
words, so one long run without a space (a table of contents' dot leaders, a letter whose words ran
together when its text was read, a file name) set the label's least width: a trial's Reader grew wider
than the window, scrolled sideways and cut the left edge of its cards ("C1" read "1"), and Sector
review's card was cut at the right. :func:`breakable` lets such a run break anywhere; shorter words
still break only between them."""

from __future__ import annotations

import re
import unicodedata

#: a break opportunity that shows nothing (Unicode's zero-width space)
ZERO_WIDTH_SPACE = "\u200b"
#: runs without a space longer than this may break anywhere (about a third of a narrow column)
LONGEST_WORD = 24
_LONG_RUN = re.compile(r"\S{" + str(LONGEST_WORD + 1) + ",}")


def _spread(run: str) -> str:
    out: list[str] = []
    for ch in run:
        # never between a letter and its accent, nor before a closing mark that belongs to the run's end
        if out and not unicodedata.combining(ch):
            out.append(ZERO_WIDTH_SPACE)
        out.append(ch)
    return "".join(out)


def breakable(text: str) -> str:
    """``text`` with a zero-width break opportunity between the characters of every run of more than
    :data:`LONGEST_WORD` characters without a space (as plain text: escape it after, for rich text)."""
    if not text or len(text) <= LONGEST_WORD:
        return text
    return _LONG_RUN.sub(lambda m: _spread(m.group(0)), text)


def unbreakable(text: str) -> str:
    """The text as written, without the break opportunities :func:`breakable` put in (for copying)."""
    return text.replace(ZERO_WIDTH_SPACE, "")
