"""Which sheets of a workbook hold the responses: the best one (most filled rows, a name such as
"Responses" preferred over "Summary"), or each of several (a bilingual form's "English" and
"Français" sheets), and the one the importer is reading now (:func:`reading_sheet`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_DATA_SHEET = re.compile(r"data|respons|answer|submission|export|raw|result|feedback|comment", re.I)
_OTHER_SHEET = re.compile(r"summary|chart|about|info|readme|read me|note|question|codebook|lookup|pivot|cover", re.I)


class CalamineSheet:
    """A calamine sheet as :func:`data_sheet` reads sheets (``title``, ``iter_rows``)."""

    def __init__(self, workbook, name: str):  # type: ignore[no-untyped-def]
        self.workbook, self.title = workbook, name

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple]:
        yield from (tuple(row) for row in self.workbook.get_sheet_by_name(self.title).iter_rows())


class CalamineBook:
    """A calamine workbook as :func:`data_sheet` reads workbooks (``worksheets``)."""

    def __init__(self, workbook) -> None:  # type: ignore[no-untyped-def]
        self.worksheets = [CalamineSheet(workbook, name) for name in workbook.sheet_names]


#: the sheet of a workbook the import is reading now (see :func:`reading_sheet`); None: the best one
_SHEET: ContextVar[str | None] = ContextVar("sheet", default=None)


@contextmanager
def reading_sheet(title: str | None) -> Iterator[None]:
    """Read ``title`` of any workbook opened meanwhile (the importer reads each sheet of responses)."""
    token = _SHEET.set(title)
    try:
        yield
    finally:
        _SHEET.reset(token)


def _sheet_score(sheet) -> float:  # type: ignore[no-untyped-def]
    """How much a sheet looks like the responses: rows of two or more filled cells in its first 50,
    names such as "Responses" or "Data" preferred over "Summary" or "Charts"."""
    rows = list(itertools.islice(sheet.iter_rows(values_only=True), 50))
    filled = [sum(1 for v in r if v not in (None, "")) for r in rows]
    value: float = sum(1 for f in filled if f >= 2) * (1 + max(filled, default=0))
    if _DATA_SHEET.search(sheet.title):
        value *= 1.5
    if _OTHER_SHEET.search(sheet.title):
        value *= 0.5
    return value


#: a sheet scoring at least this share of the best one's, and not named as a summary, holds responses too
#: (a bilingual form's "English" and "Français" sheets)
RESPONSE_SHEET_SHARE = 0.25


def _response_sheets(sheets: list) -> list:  # type: ignore[type-arg]
    scores = [_sheet_score(s) for s in sheets]
    best = max(range(len(sheets)), key=lambda i: (scores[i], -i))
    return [s for i, s in enumerate(sheets) if i == best or (
        scores[i] >= RESPONSE_SHEET_SHARE * scores[best] and scores[i] > 0 and not _OTHER_SHEET.search(s.title))]


def _titles(sheets: list) -> list[str]:  # type: ignore[type-arg]
    return [s.title for s in _response_sheets(sheets)] if len(sheets) > 1 else []


def response_sheets(path: Path) -> list[str]:
    """The titles of a workbook's sheets of responses, in the workbook's order ([] for a file that is
    not a workbook, or that cannot be read: the import then reports that as it reads it)."""
    from consult_analyser.ingest.tabular import OTHER_SPREADSHEETS  # (tabular reads a sheet with data_sheet)

    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                sheets = list(workbook.worksheets)
                for sheet in sheets if len(sheets) > 1 else []:  # (one sheet: nothing to choose, nothing to read)
                    sheet.reset_dimensions()
                return _titles(sheets)
            finally:
                workbook.close()
        if suffix in OTHER_SPREADSHEETS:
            from python_calamine import CalamineWorkbook

            return _titles(CalamineBook(CalamineWorkbook.from_path(str(path))).worksheets)
    except Exception:  # noqa: BLE001 - a damaged workbook is reported when it is read
        return []
    return []


def data_sheet(workbook):  # type: ignore[no-untyped-def]
    """The sheet holding the responses (:func:`_sheet_score`), or the one :func:`reading_sheet` names;
    a note says which was read."""
    sheets = list(workbook.worksheets)
    if not sheets:
        raise ValueError("the workbook has no sheets")
    if len(sheets) == 1:
        return sheets[0], []
    wanted = _SHEET.get()
    names = ", ".join(repr(s.title) for s in sheets)
    if wanted is not None:
        chosen = next((s for s in sheets if s.title == wanted), None)
        if chosen is None:
            raise ValueError(f"the workbook has no sheet {wanted!r} (its sheets: {names})")
        return chosen, [f"read sheet {wanted!r}, one of the workbook's sheets of responses ({names})"]
    scores = [_sheet_score(s) for s in sheets]
    best = max(range(len(sheets)), key=lambda i: (scores[i], -i))
    return sheets[best], [f"read sheet {sheets[best].title!r} (the workbook has {len(sheets)} sheets: {names})"]
