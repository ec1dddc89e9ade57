"""The two big annex sheets: the framework matrix and the coded excerpts.

Both are written by openpyxl with their header only; their rows are streamed into the saved file
afterwards (see :mod:`consult_analyser.export.xlsx_stream`), which is what keeps a 100,000-respondent
annex fast and small in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from openpyxl import Workbook

from consult_analyser.export.published_coding import (
    AN_ANALYST,
    PLAIN,
    PublishedCoding,
    joined,
    published_coder,
    published_codings,
)
from consult_analyser.export.safety import Redactor, honour_consent
from consult_analyser.export.summaries import CHANNEL_LABELS
from consult_analyser.export.xlsx_stream import ONE, ZERO, Fill, Rendered, cells, text_cell
from consult_analyser.export.xlsx_writer import MAX_ROWS, SheetWriter
from consult_analyser.store import coding_counts, release, reporting
from consult_analyser.store.project import Project

HEADER_ROW = 4


def framework_matrix(workbook: Workbook, title: str, project: Project, labels: dict[str, str],
                     codes: list[reporting.CodeRow], respondents: int, tables: set[str],
                     respondent_label: Callable[[str], str], published: PublishedCoding = PLAIN) -> Fill | None:
    """Respondents x codes: one 0/1 column per code (of the agreed coding after double coding:
    ``published``). Returns the rows to stream in, or None."""
    sheet = SheetWriter(workbook, title, widths=[16, 24, 14] + [9] * len(codes), freeze=f"D{HEADER_ROW + 1}",
                        table_names=tables)
    sheet.title_row("Framework matrix: respondents × codes")
    sheet.data_sheet(columns=6, rows=HEADER_ROW - 1)  # for filtering in Excel; only the title and notes print
    if not codes:
        sheet.note("No codes yet: the matrix is empty.")
        return None
    sheet.note(f"One row per respondent ({respondents:,}), one column per code ({len(codes)}): 1 when at least one "
               "of the respondent's answers carries the code itself (codes of child codes are not rolled up)."
               + (" " + published.note() if published.double_coded else ""))
    sheet.note(f"Cut at Excel's limit of {MAX_ROWS:,} rows; the CSV export has every respondent."
               if respondents > MAX_ROWS - HEADER_ROW else "")
    span = sheet.reserve_table("Framework_matrix", ["Respondent", "Sector", "Channel"] + [c.path for c in codes],
                               respondents, style="TableStyleLight9")
    index = {c.id: i for i, c in enumerate(codes)}
    bits = [1 << i for i in range(len(codes))]
    quote = sheet.quote_style()

    sector_cells = {k: text_cell(v, quote) for k, v in labels.items()}
    channel_cells = {k: text_cell(v, quote) for k, v in CHANNEL_LABELS.items()}

    def rows() -> Iterator[Rendered]:
        for external, sector, channel, coded in coding_counts.iter_framework_rows(project, index, published.rule):
            row = Rendered([text_cell(respondent_label(external), quote),
                            sector_cells.get(sector) or text_cell(sector, quote),
                            channel_cells.get(channel) or text_cell(channel, quote)])
            row.extend([ONE if coded & bit else ZERO for bit in bits] if coded else [ZERO] * len(bits))
            yield row

    return Fill(title, span.header_row + 1, rows, respondents, "framework matrix", quote)


def coded_excerpts(workbook: Workbook, title: str, project: Project, labels: dict[str, str],
                   codes: list[reporting.CodeRow], redactor: Redactor | None, tables: set[str],
                   respondent_label: Callable[[str], str], redaction_note: str = "",
                   published: PublishedCoding = PLAIN) -> Fill | None:
    """One row per coding: respondent, sector, question, code path and the coded text (the span, or
    the whole answer). After double coding (``published``), one row per passage of the agreed coding:
    a passage several coders coded alike once (its coders together), none the lead decided out.
    Returns the rows to stream in, or None when nothing is coded."""
    total = coding_counts.count_listed_codings(project, published.rule)
    sheet = SheetWriter(workbook, title, widths=[16, 24, 10, 40, 14, 10, 9, 9, 90], freeze=f"B{HEADER_ROW + 1}",
                        table_names=tables)
    sheet.title_row("Coded excerpts")
    sheet.data_sheet(columns=6, rows=HEADER_ROW - 1)  # for filtering in Excel; only the title and notes print
    if not total:
        sheet.note("Nothing has been coded yet.")
        return None
    sheet.note(f"{total:,} codings. The text is the coded span, or the whole answer when the code applies to all of "
               "it. Start and end count characters from the beginning of the answer. " + redaction_note)
    if published.double_coded:
        left = published.left_out
        sheet.note("Double coding: a passage two coders coded alike is listed once (Coder: both). "
                   + (f"The codings of the {left:,} answer{'' if left == 1 else 's'} x code{'' if left == 1 else 's'} "
                      "the lead decided do not apply are not listed (the Agreement sheet and the agreed coding's "
                      "export have the coders' calls). " if left else "")
                   + published.note())
    sheet.note(f"Cut at Excel's limit of {MAX_ROWS:,} rows; the CSV export of codings has every one."
               if total > MAX_ROWS - HEADER_ROW else "")
    span = sheet.reserve_table("Coded_excerpts", ["Respondent", "Sector", "Question", "Code", "Coder", "Source",
                                                  "Start", "End", "Text"], total)
    paths = {c.id: c.path for c in codes}
    staff = None if redactor is None else release.staff_pseudonyms(project)

    def who(r: Any) -> str:
        # a published (redacted) annex names no member of staff: a person's coding is "an analyst"'s, a suggestion
        # they accepted "model, accepted by Analyst 1 (...)", numbered as in the redacted codings CSV
        return str(r["coder"]) if staff is None else published_coder(r["coder"], r["source"], staff, AN_ANALYST)

    def raw() -> Iterator[tuple]:
        for r, others in published_codings(project, published):
            text = r["text"] or ""
            if r["start"] is not None:
                text = text[r["start"]:r["end"]]
            coder, source = who(r), r["source"]
            if others:  # a passage several coders coded alike: one row, its coders together
                coder, source = joined([coder, *map(who, others)]), joined([source, *(o["source"] for o in others)])
            yield (r["external_id"], r["sector"], r["question"], r["code_id"], coder, source,
                   r["start"], r["end"], text)

    quote = sheet.quote_style()
    rendered: dict[str, str] = {}

    def short(value: str) -> str:
        """Cells of the few-valued columns (sector, question, code, coder, source), rendered once."""
        cell = rendered.get(value)
        if cell is None:
            cell = rendered[value] = text_cell(value, quote)
        return cell

    def rows() -> Iterator[Rendered]:
        items = honour_consent(project, raw(), 0, 8, redactor)  # redacted, as respondents asked
        last_external, person = None, ""
        for external, sector, question, code_id, coder, source, start, end, text in items:
            if external != last_external:
                last_external, person = external, text_cell(respondent_label(external), quote)
            yield Rendered([person, short(labels.get(sector, sector)), short(question),
                            short(paths.get(code_id, code_id)), short(coder), short(source), *cells([start, end]),
                            text_cell(text, quote)])

    return Fill(title, span.header_row + 1, rows, total, "coded excerpts", quote)
