"""The Reader's heading over a respondent: the organisation (else the name, else where the submission came
from) and a line under it with the writer, the file or message, the channel and the region. A mailbox
message's Message-ID is long and has no space ("179665437650.9522.5449158902242467892@alaskaoilandgasass.org"):
on one line it made the page wider than a 1300-pixel window and pushed the side panel off screen (trial
38, finding 8). The Message-ID is shortened in the middle (all of it in the line's tooltip) and both
lines wrap, longer runs anywhere (:func:`~consult_analyser.ui.widgets.wrapping.breakable`)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from consult_analyser.domain import Respondent
from consult_analyser.store import letter_names
from consult_analyser.store.project import Project
from consult_analyser.ui.widgets.wrapping import breakable

#: a Message-ID longer than this is shown shortened in the middle
LONGEST_ID = 40
#: the line's parts are set apart by this
SEPARATOR = "  ·  "


def elide_middle(text: str, most: int = LONGEST_ID) -> str:
    """``text`` as it is if it has at most ``most`` characters, else its start and end with "…" between
    (a Message-ID's domain, its end, kept whole where it fits)."""
    if len(text) <= most:
        return text
    keep = most - 1
    at = text.rfind("@")
    tail = len(text) - at if 0 < at and len(text) - at <= keep * 2 // 3 else keep // 2
    return text[:keep - tail] + "…" + text[len(text) - tail:]


@dataclass
class Heading:
    """What the Reader shows over a respondent's submission."""

    title: str  # rich text (escaped)
    line: str  # plain text
    tooltip: str  # plain text: the line in full ("" when nothing was shortened)


def respondent_heading(project: Project, person: Respondent) -> Heading:
    """The heading for respondent ``person``."""
    # a mailbox's message by its place ("mail.mbox#6"), as the import's warnings name it, with the
    # Message-ID it was imported under beside it
    shown, imported = letter_names.shown_id(project, person.id), letter_names.other_name(project, person.id)
    title = html.escape(breakable(person.organisation or person.name or shown))
    full = [shown + (f" (Message-ID {imported})" if imported else ""), person.channel.value.capitalize()]
    short = [shown + (f" (Message-ID {elide_middle(imported)})" if imported else ""), full[1]]
    for bits in (full, short):
        if person.organisation and person.name:
            bits.insert(0, person.name)
        if person.region:
            bits.append(person.region)
    line, whole = SEPARATOR.join(short), SEPARATOR.join(full)
    return Heading(title, _wrappable(line), whole if whole != line else "")


def _wrappable(line: str) -> str:
    """``line`` with runs longer than a shortened Message-ID (with its brackets) made breakable anywhere (a
    long file name), and shorter ones kept whole: the line wraps before the Message-ID, not inside it."""
    return " ".join(breakable(word) if len(word) > LONGEST_ID + 2 else word for word in line.split(" "))
