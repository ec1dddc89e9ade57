"""Whether a column of answers is a closed question: short answers from a small set, a rating
scale, or options ticked several to a cell ("tick all that apply"); and the headers that ask for
words whatever their answers look like."""

from __future__ import annotations

import re
from collections import Counter

CLOSED_VOCAB = {
    "strongly agree", "agree", "neither agree nor disagree", "disagree", "strongly disagree", "don't know",
    "dont know", "do not know", "yes", "no", "not sure", "unsure", "maybe", "neutral", "tend to agree",
    "tend to disagree", "not applicable", "n/a", "very important", "important", "not important", "support",
    "oppose", "partly", "somewhat agree", "somewhat disagree", "prefer not to say", "other",
}


# headers that name free text whatever its answers look like: a consultation where most respondents
# sent one of a few campaign lines still has an open "Feedback" question, not a closed one
OPEN_HEADER = re.compile(r"(your |any |any other |other |additional |further |general |overall |final )?(feedback|comments?|comment text"
                          r"|response text|views|remarks|observations|submission text|free text|text)"
                          r"|commentaires?|kommentare?|anmerkungen|comentarios?|osservazioni", re.I)


# a question that asks for words, whatever few distinct answers it got ("Do you have any comments on
# the partial impact assessment?", "Please describe ...")
ASKS_FOR_WORDS = re.compile(r"(do you have|have you( got)?|are there) any (other |further |additional )?(comments|views"
                             r"|thoughts|suggestions|remarks|observations|evidence)\b|(please )?(describe|explain|tell us"
                             r"|give (us )?(your )?(reasons|details|views|comments))\b", re.I)


#: what follows a comma to say how, not a second option: "Yes, anonymously", "Yes, but anonymously",
#: "Yes, without my name", "Yes, with my name" (a publication choice, never split on its comma)
_QUALIFIER = re.compile(r"(but |only )?(anonymously|anonymous|without (my |our )?names?|with (my |our )?names?"
                        r"|not (my |our )?names?|in part|partly|with conditions|with reservations)", re.I)


def looks_closed(values: list[str]) -> bool:
    """A column of short answers drawn from a small set (a closed question)."""
    filled = [v for v in map(str.strip, values) if v]
    if not filled:
        return False
    counts = Counter(v.lower() for v in filled)
    if all(v in CLOSED_VOCAB for v in counts):
        return True
    mean_length = sum(len(v) for v in filled) / len(filled)
    return len(counts) <= 15 and mean_length <= 40 and len(filled) >= 4 * len(counts)


#: a header that asks the respondent to pick or name one thing ("Which proposal are you responding to?",
#: "Select your local authority", "Area:"), not one asking for words (:data:`ASKS_FOR_WORDS`)
_ASKS_TO_PICK = re.compile(r"^(which|what|select|choose|pick|please (select|choose|pick|indicate))\b|\?$|:$", re.I)
#: more distinct values than a short list (:func:`looks_closed`) that a choice from a long list may hold
MANY_OPTIONS = 100


def looks_chosen(header: str, values: list[str]) -> bool:
    """A choice from a long list (a docket, a council, a programme): under a header that asks to pick
    (:data:`_ASKS_TO_PICK`), a few dozen distinct short values (60 characters, 8 words at most), each row's
    value repeated across many rows (twenty filled cells a value or more, and nineteen cells in twenty holding
    a value that three cells or more hold). A trial's "Which proposal are you responding to?", 78 docket ids
    over 8,560 rows, was read as an open question; free text is rarely this repetitive and never this short."""
    filled = [v for v in map(str.strip, values) if v]
    if not _ASKS_TO_PICK.search(header.strip()) or not filled:
        return False
    counts = Counter(filled)
    if len(counts) > MANY_OPTIONS or len(filled) < 20 * len(counts):
        return False
    if any(len(v) > 60 or len(v.split()) > 8 for v in counts) or sum(map(len, filled)) > 40 * len(filled):
        return False
    return sum(n for n in counts.values() if n >= 3) >= 0.95 * len(filled)


def ticked_options(values: list[str]) -> tuple[str, list[str]] | None:
    """A "tick all that apply" question in one column: (separator, options) when its cells list
    options from a short list, several to a cell. Microsoft Forms ends every cell with ";"
    ("Buses;Trains;"); Google Forms joins with ", " ("Buses, Trains"), Qualtrics with ",", Jotform
    with line breaks. A
    free-text column whose answers happen to use commas is not one: at least nine cells in ten must
    be made only of options that three or more cells tick, and two in ten must tick several; with
    commas, half the options must also be ticked alone somewhere, so that "Yes, definitely" and
    "No, not at all" stay options of one choice."""
    filled = [v.strip() for v in values if v.strip()]
    if len(filled) < 10:
        return None
    for separator, ends in ((";", True), (";", False), ("\n", False), (", ", False), (",", False)):
        if ends and sum(v.endswith(separator) for v in filled) < 0.5 * len(filled):
            continue
        cells = [[p.strip() for p in v.split(separator) if p.strip()] for v in filled]
        if sum(len(c) > 1 for c in cells) < 0.2 * len(cells):
            continue
        uses = Counter(part for c in cells for part in set(c))
        options = [o for o, n in uses.most_common() if n >= 3]
        known = set(options)
        if not 2 <= len(options) <= 25 or any(len(o) > 80 for o in options):
            continue
        # "Yes, definitely" / "No, not at all" are one option each: their parts are never ticked alone
        alone = {c[0] for c in cells if len(c) == 1}
        if not ends and len(alone & known) < 0.5 * len(known):
            continue
        if "," in separator and any(_QUALIFIER.fullmatch(o) for o in known - alone):
            continue  # "Yes, anonymously" / "Yes, but anonymously": one answer that says how, never two options
        if sum(all(part in known for part in c) for c in cells) >= 0.9 * len(cells):
            first_seen = list(dict.fromkeys(part for c in cells for part in c if part in known))
            return separator, first_seen
    return None


# How often, most often first: a frequency scale's options and their places
_FREQUENCY = [(re.compile(p, re.I), rank) for p, rank in (
    (r"(several|many|a few) times a day|more than once a day", 0.0),
    (r"every ?day|daily|(almost|nearly) every ?day", 1.0),
    (r"most days|(several|a few|two or three|2-3|3-4) times a week|more than once a week", 2.0),
    (r"(about |around |roughly |at least )?once a week|weekly|every week", 3.0),
    (r"less than once a week|(two or three|2-3|a few|several) times a month|fortnightly|every (two|2|other) weeks", 4.0),
    (r"(about |around |roughly |at least )?once a month|monthly|every month", 5.0),
    (r"less than once a month|(a few|several|two or three|2-3) times a year|every few months|quarterly", 6.0),
    (r"(about |around )?once a year|yearly|annually|every year", 7.0),
    (r"less than once a year|less often|rarely|hardly ever|seldom|occasionally", 8.0),
    (r"never|not at all", 9.0))]
_OFF_SCALE = re.compile(r"(don'?t|do not) know|not sure|unsure|prefer not to say|not applicable|n/?a|other\b.*", re.I)
#: a number written with a decimal comma ("120,00", "1.250,50"), or a whole number
_DECIMAL_COMMA = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})*,\d+|[-+]?\d+(?:,\d+)?")


def frequency_rank(choice: str) -> float | None:
    text = " ".join(choice.strip().rstrip(".").replace("’", "'").split())
    return next((rank for pattern, rank in _FREQUENCY if pattern.fullmatch(text)), None)


def ordered_choices(choices: list[str]) -> list[str]:
    """A closed question's options in their natural order where the import can tell it and the
    export's own ordering cannot: a frequency scale from most often ("Every day") to "Never" (with
    "Don't know" after), and numbers written with a decimal comma ("45,00" before "120,00"). Any
    other list is returned as given."""
    if len(choices) < 2:
        return list(choices)
    ranks = [frequency_rank(c) for c in choices]
    rated = [r for r in ranks if r is not None]
    if len(set(rated)) >= 2 and all(r is not None or _OFF_SCALE.fullmatch(c.strip()) for r, c in zip(ranks, choices,
                                                                                                       strict=True)):
        return [c for _r, _i, c in sorted((10.0 if r is None else r, i, c) for i, (r, c) in enumerate(zip(ranks, choices,
                                                                                                         strict=True)))]
    if all(_DECIMAL_COMMA.fullmatch(c.strip()) for c in choices) and any("," in c for c in choices):
        def value(text: str) -> float:
            return float(text.strip().replace(".", "").replace(",", "."))
        return [c for _v, _i, c in sorted((value(c), i, c) for i, c in enumerate(choices))]
    return list(choices)
