"""Whether an answer can be a theme's quote: text that says the theme's point, not a covering note.

A covering note, a memo's heading lines, a letter's title line, an address or a request for more time says nothing a
quote would show: trial 48 (US rulemaking comments) showed "To: Council On Environmental Quality From: ... Re: Comments
In Docket No. ... Attached For Your Consideration ... Are The Comments" as the quote of "Council on Environmental
Quality", "Docket No. ... Comments Of Cenovus Energy Inc. On The ... Notice Of Proposed Rulemaking" under "Trains", and
"Port Gamble S'klallam Tribe Submits Comments In Opposition For Rule-Making Docket ..." under "Defenders of Wildlife
Members". :func:`no_quote` is the one test: the model's representative answers (:mod:`.build`), the desktop Themes
view's quote cards and the published quotes (:mod:`consult_analyser.export.summaries`) all pass over what it refuses.
"""

from __future__ import annotations

import re

from consult_analyser.pipeline.letters.front_matter import front_matter_end
from consult_analyser.pipeline.themes.covering_notes import only_covers
from consult_analyser.pipeline.themes.nonanswers import is_non_answer

#: a short answer that sends an attachment or asks for more time is passed over as a quote: a re-test's annex
#: quoted 14 such of 20 ("Please Review My Attachment Expressing My Concern ...", "... Request For Comment Period
#: Extension ..."), where the theme's own answers say nothing more
_SENDS_OR_ASKS = re.compile(r"\b(?:attached|attachment|attachments|enclosed|please find|please see|please refer|"
                            r"extension of (?:the )?(?:comment|time)|comment period extension|requests? (?:for )?an? extension|"
                            r"requesting an? extension)\b", re.I)
SENDING_NOTE_CHARS = 400


def sends_or_asks_for_time(text: str) -> bool:
    """A short answer (under :data:`SENDING_NOTE_CHARS`) that sends or points to an attachment or asks for
    more time: not the quote that shows a theme's point, whatever view word it holds."""
    return len(text) < SENDING_NOTE_CHARS and bool(_SENDS_OR_ASKS.search(text))


#: a text of at least this many words that is all front matter is a title page, not a short answer ("Government
#: regulation" reads as an addressee's line)
TITLE_PAGE_MIN_WORDS = 8


def title_page(text: str) -> bool:
    """A document's front matter and nothing else (:func:`~consult_analyser.pipeline.letters.front_matter.
    front_matter_end`: its title, the author's name and post, a date, an addressee), of at least
    :data:`TITLE_PAGE_MIN_WORDS` words."""
    return len(text.split()) >= TITLE_PAGE_MIN_WORDS and front_matter_end(text) >= len(text.rstrip())


def quotable_part(text: str) -> str:
    """``text`` without the front matter it opens with (a letter's title page, letterhead, date and addressee: trial
    49 published "A DVANCING S AFE ... PROFESSOR [name] FUTUROLOGIST ABSTRACT ..." as a quote, the passage stored
    before the title page was told from the letter's first sentence); the whole text when it is all front matter
    (:func:`no_quote` refuses a title page) or has none. What the desktop's quote cards and the published quotes
    cut their excerpt from."""
    end = front_matter_end(text)
    return text[end:] if 0 < end < len(text.rstrip()) else text


def no_quote(text: str) -> bool:
    """Whether ``text`` cannot be a theme's quote: no answer at all (:func:`~.nonanswers.is_non_answer`), a short
    note that sends an attachment or asks for more time (:func:`sends_or_asks_for_time`), a covering note of any
    length (:func:`only_covers`) or a title page (:func:`title_page`)."""
    return is_non_answer(text) or sends_or_asks_for_time(text) or only_covers(text) or title_page(text)
