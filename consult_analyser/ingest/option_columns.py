"""A "tick all that apply" question laid out a column per option, as survey tools write it: one
question whose answer joins the options ticked.

- SurveyMonkey: "Which would help? - Buses" (its two header rows joined);
- LimeSurvey: "Which would help? [Buses]", "q2[SQ001]", or by code and text
  "Q03[SQ001]. Which would help? [Buses]"; ticked "Y" (or "Yes"), and when its "Convert N to" is
  set, not ticked "N" (or "No");
- Alchemer: "Which would help?:Buses" and its "Which would help?:Other - Write In";
- Typeform: the bare option as the header ("Buses", "Trains") and the option in its ticked cells.

The last column of a run, in words ("Other (please specify)", "[Other]", "Other - Write In"), is the
question's open part.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from consult_analyser.ingest.header_text import question_key_of

if TYPE_CHECKING:
    from consult_analyser.ingest.columns import ColumnSpec

#: what a tool writes in an option's (or a code's) column when it is ticked, if not the option itself
TICK_MARKS = frozenset({"1", "1.0", "x", "yes", "y", "true", "checked", "selected", "\u2713", "\u2714", "\u2611"})
#: what LimeSurvey writes for an option left unticked when told to ("Convert N to"): no answer
UNTICKED_MARKS = frozenset({"n", "no"})

_AUTO_KEY = re.compile(r"^C\d+$")
# LimeSurvey, by text ("Which would help? [Buses]"), by code ("q2[SQ001]") or both ("Q03[SQ001]. Which ...? [Bus]")
_BRACKETS = re.compile(r"^(?P<stem>.+?\S)\s*\[(?P<option>[^\]]+)\]$")
# Alchemer: "Which would help? (Select all that apply):Buses" (no space after the colon)
_COLON = re.compile(r"^(?P<stem>.*?\S):(?P<option>\S.*)$")
# SurveyMonkey's two header rows joined: "Which of these would help? - English classes"
_DASH = re.compile(r"^(?P<stem>.+?\S)\s+-\s+(?P<option>\S.*)$")
#: a code in brackets within the question's part of a header ("Q03[SQ001]. Which ...?"): not the question's
_INNER_CODE = re.compile(r"\[[^\]]*\]")
#: the last column of a run of options: the words of its "Other"
_OTHER = re.compile(r"^other\b", re.I)
#: a question's words that say several options may be ticked
_TICK_ALL = re.compile(r"\b(all|any|as many|more than one|several|multiple)\b.{0,20}\b(apply|applies|relevant|that|you like"
                       r"|options?|answers?)\b|\b(tick|select|choose|check) (all|any|as many|more than one|several)\b",
                       re.I)


def _option_of(column: ColumnSpec) -> tuple[str, str, str] | None:
    """(question, option, style) a question column's header names, or None."""
    if column.role != "question":
        return None
    header = column.header.strip()
    for style, pattern in (("brackets", _BRACKETS), ("colon", _COLON), ("dash", _DASH)):
        match = pattern.match(header)
        if match:
            stem = match.group("stem")
            if style == "brackets":
                stem = " ".join(_INNER_CODE.sub("", stem).split())
            return stem, match.group("option").strip(), style
    return None


def _bare_runs(columns: list[ColumnSpec], parsed: list[tuple[str, str, str] | None]) -> list[list[int]]:
    """Typeform's runs of columns headed by the bare option, each ticked cell the header's own words
    ("Bus" under "Bus"), then perhaps "Other" in words: marked in ``parsed`` as one question's
    options. Returns the runs whose question's text the file does not give."""
    untitled: list[list[int]] = []
    i = 0
    while i < len(columns):
        run = []
        j = i
        while j < len(columns) and parsed[j] is None and columns[j].role == "question" and columns[j].samples \
                and {v.strip().casefold() for v in columns[j].samples} == {columns[j].header.strip().casefold()}:
            run.append(j)
            j += 1
        if len(run) < 2:
            i += 1
            continue
        if j < len(columns) and parsed[j] is None and columns[j].role == "question" \
                and _OTHER.match(columns[j].header.strip()):
            run.append(j)
            j += 1
        before = columns[i - 1] if i else None
        options = [columns[k].header.strip() for k in run]
        if before is not None and before.role == "question" and not before.samples and before.option == "":
            # a column holding only the question's text, its cells empty (the options follow it)
            stem = before.header.strip()
            before.role, before.question_key, before.kind = "ignore", "", ""
        else:
            stem = f"Options ticked: {', '.join(options)}"
            untitled.append(run)
        for k in run:
            parsed[k] = (stem, columns[k].header.strip(), "bare")
        i = j
    return untitled


def group_options(columns: list[ColumnSpec]) -> tuple[dict[str, str], list[str]]:
    """Runs of columns "Question - Option" whose cells hold the option or a tick or nothing (and, last,
    an "Other" box in words) are one several-options question: the same key, its text the question's.
    Returns ({key: question text} for those, notes for the user); keys given in order are renumbered
    without gaps."""
    texts: dict[str, str] = {}
    parsed = [_option_of(c) for c in columns]  # (question, option, style) of each column, or None
    untitled = _bare_runs(columns, parsed)
    i = 0
    while i < len(columns):
        first = parsed[i]
        if first is None:
            i += 1
            continue
        run: dict[int, str] = {}  # column -> its option, while the question stays the same
        for j in range(i, len(columns)):
            here = parsed[j]
            if here is None or here[0] != first[0]:
                break
            run[j] = here[1]
        # "N" for an option not ticked (LimeSurvey's "Convert N to"), when the question shows it is one of
        # several options (its "Other" box last, or its words): a grid of Yes/No rows says neither
        unticked = first[2] == "brackets" and (_OTHER.match(run[max(run)]) is not None or bool(_TICK_ALL.search(first[0])))
        ticks = [j for j, option in run.items() if _ticks(columns[j], option, unticked)]
        others = [j for j in run if j not in ticks]
        last = max(run)
        if len(ticks) < 2 or others[:-1] or (others and others[0] != last):
            i += 1
            continue
        if others:  # the "Other (please specify)" box: words, whatever a few rows looked like
            columns[others[0]].kind = "open"
        key = columns[i].question_key
        for j, option in run.items():
            columns[j].question_key = key
            if j in ticks:
                columns[j].option, columns[j].kind, columns[j].samples = option, "closed", [option]
        texts[key] = question_key_of(first[0])[1] or first[0]  # "Q03. Which ...?": the question is "Which ...?"
        i = last + 1
    if texts:  # "C1" .. "C4" folded into "C1": the next question is "C2", not "C5"
        renamed: dict[str, str] = {}
        for column in columns:
            if column.role == "question" and _AUTO_KEY.match(column.question_key):
                column.question_key = renamed.setdefault(column.question_key, f"C{len(renamed) + 1}")
        texts = {renamed.get(k, k): t for k, t in texts.items()}
    notes = []
    for members in untitled:
        if columns[members[0]].option:  # grouped
            named = ", ".join(repr(columns[k].header.strip()) for k in members[:3]) + (", ..." if len(members) > 3 else "")
            notes.append(f"columns {named} are the options of one tick-all question ({columns[members[0]].question_key}); "
                         f"the file does not give its text: give it in a mapping file "
                         f"([questions] {columns[members[0]].question_key} = \"...\")")
    return texts, notes


def _ticks(column: ColumnSpec, option: str, unticked: bool) -> bool:
    """A tick column: it holds its option, or a mark ("Y"), or nothing (however few rows: then it may
    have looked open); with ``unticked``, also "N" or "No" for an option not ticked."""
    if not column.samples:
        return False
    seen = {v.strip().casefold() for v in column.samples}
    ticked = {option.casefold(), *TICK_MARKS}
    if unticked and option.casefold() not in UNTICKED_MARKS:
        return bool(seen & ticked) and seen <= ticked | UNTICKED_MARKS
    return seen <= ticked


#: what a cell of an option's column holds when the option was not ticked: no answer
NOT_TICKED = UNTICKED_MARKS | {"0", "0.0", "false", "not selected", "unchecked", "not checked"}


def ticked_value(value: str, option: str) -> str:
    """What an option column's cell says was ticked: its option (for the option itself or a mark such as
    "Y"), nothing ("" for "N", "0"), or, for other words, those words (an option of their own)."""
    folded = value.strip().casefold()
    if folded == option.casefold() or folded in TICK_MARKS:
        return option
    if folded in NOT_TICKED:
        return ""
    return value.strip()


def merge_mapped_options(columns: list[ColumnSpec], texts: dict[str, str]) -> None:
    """Several columns a mapping gives one closed question (``question:Q3:closed`` for "Bus", "Train",
    ...) are its options, tick all that apply: each column's option is its header's (the part after
    "Question - ", "Question:" or in brackets, else the whole header), and every option ticked is kept.
    A question with no text of its own is named by its options' question, else by its options."""
    by_key: dict[str, list[ColumnSpec]] = {}
    for column in columns:
        if column.role == "question" and column.kind == "closed":
            by_key.setdefault(column.question_key, []).append(column)
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        stems = set()
        for column in group:
            parsed = _option_of(column)
            if not column.option:
                column.option = parsed[1] if parsed else column.header.strip()
            stems.add(parsed[0] if parsed else "")
            column.samples = [column.option]
        if key not in texts:
            stem = stems.pop() if len(stems) == 1 else ""
            texts[key] = (question_key_of(stem)[1] or stem) if stem else \
                f"Options ticked: {', '.join(c.option for c in group)}"
