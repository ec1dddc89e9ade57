"""Making exported text safe to open: no live formulas, no illegal characters, optional redaction.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@`` (and
some programs also treat a leading tab or carriage return that way). Respondents' answers can start
with any of these, so every exported text goes through these helpers:

- CSV: such text is prefixed with an apostrophe, as OWASP recommends for CSV injection.
- XLSX: every text is written as a string cell (never a formula cell) and, when it looks like a
  formula, also carries Excel's "quote prefix" flag so that editing the cell keeps it text.

Redaction of personal data uses :mod:`consult_analyser.pipeline.pii`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from consult_analyser.progress import ProgressFn, null_progress

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32767
TRUNCATION_MARK = " [… cut: too long for one spreadsheet cell]"
# Characters that XML 1.0 (and so XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Redactor = Callable[[Sequence[str]], list[str]]


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula."""
    return bool(text) and text.startswith(FORMULA_TRIGGERS)


def csv_safe(value: object) -> object:
    """A CSV field that no spreadsheet will run: risky text gets a leading apostrophe.

    Numbers and ``None`` pass through unchanged (a negative number is data, not a formula).
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def xml_clean(text: str) -> str:
    """Drop the control characters XML cannot hold (tabs and line breaks stay)."""
    return _ILLEGAL_XML.sub("", text)


def cell_text(text: str) -> str:
    """Text ready for one spreadsheet cell: legal characters, within Excel's 32,767 limit."""
    text = xml_clean(text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text


def no_redaction(texts: Sequence[str]) -> list[str]:
    """A redactor that changes nothing."""
    return list(texts)


def make_redactor(enabled: bool, *, names_model: bool = True, progress: ProgressFn | None = None) -> Redactor:
    """A function that redacts personal data from a list of texts (or passes them through).

    With ``names_model`` people's names are also looked for with the named-entity model, which
    reads only the passages that may hold a name (two capitalised words in a row); without it only
    the patterns run (e-mail addresses, phone numbers, postcodes, street addresses, titled names
    such as "Mr Patel", names under a letter's closing), which handle hundreds of thousands of
    texts in seconds. The model loads on first use. The redactor remembers the texts it has seen,
    so one redactor serves a whole export: each distinct text is redacted once.
    """
    if not enabled:
        return no_redaction
    from consult_analyser.pipeline.pii import PiiFinder

    finder = PiiFinder(ner=names_model)

    def redact(texts: Sequence[str]) -> list[str]:
        return finder.redact_many(texts, progress or null_progress) if texts else []

    return redact


def redact_stream(items: Iterable[tuple], text_index: int, redactor: Redactor, chunk: int = 2000):
    """Redact the text at ``text_index`` of each tuple, a chunk at a time (bounded memory)."""
    buffer: list[tuple] = []
    for item in items:
        buffer.append(item)
        if len(buffer) >= chunk:
            yield from _redact_chunk(buffer, text_index, redactor)
            buffer = []
    if buffer:
        yield from _redact_chunk(buffer, text_index, redactor)


def _redact_chunk(buffer: list[tuple], text_index: int, redactor: Redactor):
    unique = list(dict.fromkeys(item[text_index] or "" for item in buffer))  # each text is redacted once
    cleaned = dict(zip(unique, redactor(unique), strict=True))
    for item in buffer:
        yield item[:text_index] + (cleaned[item[text_index] or ""],) + item[text_index + 1:]
