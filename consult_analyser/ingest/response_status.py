"""Whether a row of a survey export is a finished response, a partial one, or one the tool
disqualified, as the tool's own columns say: Alchemer's "Status" (Complete / Partial / Disqualified),
Typeform's "Response Type" (completed / partial), Qualtrics' "Finished" (False), LimeSurvey's empty
"submitdate" / "Date submitted" (never submitted).

The rule: a consultation counts what people said, so a partial response is imported with the answers
it gives (and counted and named); a partial row with no answer at all is left out, as is a row the
tool disqualified (screened out, over quota, deleted): the import says how many and which lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consult_analyser.domain import counted
from consult_analyser.ingest.header_text import header_words

#: a status column's value for a response the tool disqualified or deleted: left out
_DISQUALIFIED = re.compile(r"disqualified|deleted|screened ?out|over ?quota|quota ?full|terminated", re.I)
#: ... and for one left before the end: kept with the answers it gives
_PARTIAL = re.compile(r"partial|incomplete|in ?progress|not ?finished|abandoned", re.I)
_STATUS_HEADERS = frozenset({"status", "response type", "response status", "completion status"})
#: a column that holds when the response was submitted: empty for one never submitted (LimeSurvey)
_SUBMIT_HEADERS = frozenset({"submitdate", "date submitted", "submit date", "submitted date"})
_FINISHED_HEADERS = frozenset({"finished"})
_NOT_FINISHED = frozenset({"false", "0", "no"})


@dataclass
class ResponseStatus:
    """Reads each row's status from the columns that give it (see the module's rule)."""

    status: list[tuple[str, int]] = field(default_factory=list)  # (header, index)
    submit: tuple[str, int] | None = None
    finished: tuple[str, int] | None = None
    disqualified: list[int] = field(default_factory=list)  # lines
    partial: list[int] = field(default_factory=list)
    empty_partial: list[int] = field(default_factory=list)
    said_by: dict[str, set[str]] = field(default_factory=dict)  # status -> what said so: "'Status' says Partial"

    @classmethod
    def of(cls, kept: list[tuple[str, int]], sample: list[list[str]]) -> ResponseStatus:
        """From the columns kept as information (header, index) and the first rows."""
        found = cls()
        for header, index in kept:
            words = header_words(header)
            if words in _STATUS_HEADERS:
                found.status.append((header, index))
            elif words in _SUBMIT_HEADERS and any(index < len(row) and row[index].strip() for row in sample):
                found.submit = found.submit or (header, index)
            elif words in _FINISHED_HEADERS:
                found.finished = (header, index)
        return found

    def read(self, cells: list[str]) -> str:
        """"disqualified", "partial" or "" (finished) for one row."""
        for header, index in self.status:
            value = cells[index].strip()
            if _DISQUALIFIED.search(value):
                return self._said("disqualified", f"{header!r} says {value}")
            if _PARTIAL.search(value):
                return self._said("partial", f"{header!r} says {value}")
        if self.finished is not None and cells[self.finished[1]].strip().casefold() in _NOT_FINISHED:
            return self._said("partial", f"{self.finished[0]!r} says {cells[self.finished[1]].strip()}")
        if self.submit is not None and not cells[self.submit[1]].strip():
            return self._said("partial", f"{self.submit[0]!r} is empty: never submitted")
        return ""

    def _said(self, status: str, why: str) -> str:
        self.said_by.setdefault(status, set()).add(why)
        return status

    def notes(self, file_name: str) -> list[str]:
        """What the import (and its dry run: so in the present tense) says of the rows it leaves out or
        keeps as partial."""
        out = []
        said = {status: "; ".join(sorted(why)[:3]) for status, why in self.said_by.items()}
        if self.disqualified:
            out.append(f"{file_name}: {counted(len(self.disqualified), 'row')} the survey tool disqualified "
                       f"({said['disqualified']}) {'is' if len(self.disqualified) == 1 else 'are'} left out ({_lines(self.disqualified)})")
        if self.partial:
            out.append(f"{file_name}: {counted(len(self.partial), 'partial response')} ({said['partial']}) "
                       f"{'counts' if len(self.partial) == 1 else 'count'} with the answers given "
                       f"({_lines(self.partial)})")
        if self.empty_partial:
            out.append(f"{file_name}: {counted(len(self.empty_partial), 'partial response')} with no answer "
                       f"{'is' if len(self.empty_partial) == 1 else 'are'} left out ({_lines(self.empty_partial)})")
        return out


def _lines(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:10]))
    return f"line{'s' if len(lines) > 1 else ''} {shown}{', ...' if len(lines) > 10 else ''}"
