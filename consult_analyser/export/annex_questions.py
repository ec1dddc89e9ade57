"""Annex sheets for questions: closed answers by sector, open questions' themes."""

from __future__ import annotations

from openpyxl import Workbook

from consult_analyser.domain import Question
from consult_analyser.export.safety import Redactor
from consult_analyser.export.summaries import published_report
from consult_analyser.export.xlsx_writer import INTEGER, PERCENT, SheetWriter
from consult_analyser.store import reporting
from consult_analyser.store.project import Project
from consult_analyser.store.theme_report import STANCE_LABELS, STANCES

HEADER_ROW = 5  # title, note, note, blank, then the table header


def _sectors_present(labels: dict[str, str], counts: dict[str, int]) -> list[str]:
    return [key for key in labels if counts.get(key)] + [k for k in counts if k not in labels and counts[k]]


def write_closed_question(workbook: Workbook, title: str, question: Question, answers: reporting.QuestionCounts,
                          labels: dict[str, str], tables: set[str]) -> int:
    """Each answer option by sector, counts and percentages of those who chose an answer.

    Returns the number of respondents who chose an answer."""
    counts = answers.closed
    by_sector: dict[str, int] = {}
    by_choice: dict[str, int] = {}
    for (choice, sector), n in counts.items():
        by_sector[sector] = by_sector.get(sector, 0) + n
        by_choice[choice] = by_choice.get(choice, 0) + n
    total = sum(by_choice.values())
    choices = [c for c in question.choices if c in by_choice] + sorted(c for c in by_choice if c not in question.choices)
    sectors = _sectors_present(labels, by_sector)
    sheet = SheetWriter(workbook, title, widths=[34] + [11] * (2 + 2 * len(sectors)), freeze=f"B{HEADER_ROW + 1}",
                        table_names=tables)
    sheet.title_row(f"{question.key}. {question.text}")
    sheet.note(f"{total:,} respondents chose an answer. Percentages are of the respondents in each group who chose "
               "an answer; n is the number of respondents.")
    sheet.note("Sectors are each respondent's effective sector (analyst, declared, rules or model, in that order "
               "of authority).")
    sheet.blank()
    headers = ["Answer", "All: n", "All: %"]
    for sector in sectors:
        headers += [f"{labels.get(sector, sector)}: n", f"{labels.get(sector, sector)}: %"]
    rows = []
    for choice in choices:
        row: list = [choice, by_choice[choice], by_choice[choice] / total if total else 0.0]
        for sector in sectors:
            n = counts.get((choice, sector), 0)
            row += [n, n / by_sector[sector] if by_sector[sector] else 0.0]
        rows.append(row)
    formats = {i: (PERCENT if i % 2 == 0 else INTEGER) for i in range(1, len(headers))}
    span = sheet.table(f"{question.key}_answers", headers, rows, formats=formats)
    sheet.blank()
    sheet.note("The same answers as shares of each sector:", bold=True)
    by_sector_rows = [[labels.get(s, s), by_sector[s]] + [counts.get((c, s), 0) / by_sector[s] for c in choices]
                      for s in sectors]
    sector_span = sheet.table(f"{question.key}_by_sector", ["Sector", "Respondents"] + choices, by_sector_rows,
                              formats={i: (INTEGER if i == 1 else PERCENT) for i in range(1, len(choices) + 2)})
    anchor_row = sector_span.last_row + 3
    sheet.bar_chart(span, label_col=1, value_cols=[3], title=f"{question.key}: all respondents", percent=True,
                    anchor=f"A{anchor_row}", height=7.5, width=15)
    if choices and len(sectors) > 1:
        sheet.bar_chart(sector_span, label_col=1, value_cols=list(range(3, len(choices) + 3)),
                        title=f"{question.key}: answers by sector", percent=True, stacked=True,
                        anchor=f"H{anchor_row}", height=max(7.5, 0.6 * len(sectors) + 3), width=18)
    return total


def write_question_themes(workbook: Workbook, title: str, project: Project, question: Question,
                          answered_by_sector: dict[str, int], labels: dict[str, str], redactor: Redactor,
                          tables: set[str], *, quotes: int = 3, redacted: bool = True) -> int:
    """A question's themes: description, counts, share, sector breakdown and quotes, from the
    read model the themes view shows (:func:`~consult_analyser.export.summaries.published_report`).

    Returns the number of themes written."""
    summary = published_report(project, question, redactor, quotes=quotes)
    sectors = _sectors_present(labels, summary.answered_by_sector)
    widths = [36, 24, 70, 12, 12, 12, 12] + [11] * len(sectors)
    sheet = SheetWriter(workbook, title, widths=widths, freeze=f"B{HEADER_ROW + 1}", table_names=tables)
    sheet.title_row(f"{question.key}. {question.text}")
    sheet.note(f"{summary.answered:,} respondents answered in free text. Share = respondents raising the theme / "
               f"{summary.answered:,}. A respondent can raise several themes. Quotes follow the chart.")
    if summary.answered_by_stance:
        sheet.note("Who said what: each theme's share among the respondents who agreed, were neutral or disagreed in "
                   "their closed answer ("
                   + ", ".join(f"{STANCE_LABELS[side].lower()}: {n:,}" for side, n in summary.answered_by_stance.items()
                               if n) + ").")
    sheet.note("Only the signed-off themes are shown." if summary.signed_off_only else
               "No theme of this question is signed off yet: every theme is shown with its status "
               "(candidate = proposed by the topic model, edited = changed by an analyst).")
    sheet.blank()
    names = {t.theme.id: t.theme.label for t in summary.themes}
    headers = ["Theme", "Parent theme", "Description", "Status", "Respondents", "Share of respondents",
               "Of which in campaigns"] + [f"{labels.get(s, s)}: n" for s in sectors]
    stances = [side for side in STANCES if summary.answered_by_stance.get(side)]
    headers += [f"Share among those who {STANCE_LABELS[side].lower()}" for side in stances]
    rows = [[t.theme.label, names.get(t.theme.parent_id or "", ""), t.theme.description,
             t.theme.status.value.replace("_", " "), t.respondents, t.share, t.campaign_respondents]
            + [t.by_sector.get(s, 0) for s in sectors] + [t.stance_share.get(side, 0.0) for side in stances]
            for t in summary.themes]
    formats = {4: INTEGER, 5: PERCENT, 6: INTEGER}
    formats.update({7 + i: INTEGER for i in range(len(sectors))})
    formats.update({7 + len(sectors) + i: PERCENT for i in range(len(stances))})
    span = sheet.table(f"{question.key}_themes", headers, rows, formats=formats, wrap=[0, 1, 2])
    chart_rows = min(len(rows), 25)
    chart_height = max(7.5, 0.5 * chart_rows + 3)
    sheet.bar_chart(span, label_col=1, value_cols=[6], title=f"{question.key}: share of respondents by theme",
                    percent=True, anchor=f"A{span.last_row + 2}", height=chart_height)
    for _ in range(int(chart_height / 0.53) + 3):  # leave the chart's rows free
        sheet.blank()
    sheet.note("Quotes" + (" (personal data redacted)" if redacted else ""), bold=True)
    quote_rows = [[t.theme.label, labels.get(q.sector, q.sector), q.text] for t in summary.themes for q in t.quotes]
    sheet.table(f"{question.key}_quotes", ["Theme", "Sector", "Quote"], quote_rows, wrap=[0, 2])
    return len(rows)
