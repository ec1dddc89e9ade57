"""The annex's Agreement sheet: inter-coder agreement on the double-coded answers, per code and
overall, with who coded and how the lead decided the disagreements (present only when a project
was split with double coding)."""

from __future__ import annotations

from openpyxl import Workbook

from consult_analyser.export.summaries import Suppress
from consult_analyser.export.xlsx_writer import INTEGER, PERCENT, SheetWriter
from consult_analyser.pipeline.coding.agreement import AgreementReport, project_agreement
from consult_analyser.store import codebook, release
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project

RATIO = "0.00"


def agreement_report(project: Project) -> AgreementReport | None:
    """The figures, or None when nothing was double-coded."""
    report = project_agreement(project)
    return report if report.answers else None


def write_agreement(workbook: Workbook, title: str, project: Project, report: AgreementReport,
                    tables: set[str], suppress: Suppress | None = None, *, names: bool = True) -> None:
    """``names``: name the coders (a working copy); else "Analyst 1", "Analyst 2", ... as in every
    published file (a published file names no member of staff, in its tables and its notes)."""
    suppress = suppress or Suppress(1)
    staff = {} if names else release.staff_pseudonyms(project)

    def label(coder: str) -> str:
        return coder if names else staff.get(coder, "an analyst")

    who = {c: label(c) for c in report.coders}
    paths = codebook.code_paths(project)
    decisions = team_store.adjudications(project)
    sheet = SheetWriter(workbook, title, widths=[44, 10, 10, 10, 14, 10, 10], freeze="A", table_names=tables)
    sheet.title_row("Inter-coder agreement")
    sheet.note(f"{report.answers:,} answers were coded blind by two analysts each ({', '.join(who[c] for c in report.coders)}). "
               "The unit is the answer x code: whether a coder applied the code to the answer (anywhere in it), "
               "for the codes used on that question.")
    sheet.note("Kappa: Cohen's kappa, mean over coder pairs. Alpha: Krippendorff's alpha (nominal) across all "
               "coders. Agreement: share of units on which a pair agreed. F1: for a code, 2 x both / (first + "
               "second); overall, the mean per-answer F1 of the two coders' code sets. Blank: undefined (the "
               "coders used one value only)." + (f" Codings: how many times either coder applied the code; below "
                                                  f"{suppress.threshold} shown as {suppress.mark}, as in the Codebook, "
                                                  f"and that code's figures as {suppress.SHARE_MARK} (they would give "
                                                  "the count back)." if suppress.threshold > 1 else ""))
    if report.waiting:
        sheet.note("Not yet compared: " + report.waiting_note(label))
    if report.excluded:
        sheet.note(report.excluded_note(paths, label))
    sheet.note(f"Disagreements: {len(report.disagreements):,}; decided by the lead: "
               f"{sum(1 for d in report.disagreements if (d.response_id, d.code_id) in decisions):,}. "
               "Figures are those of the blind coding, before any decision.")
    sheet.blank()
    overall = report.overall
    sheet.pair("Overall kappa", overall.kappa, RATIO)
    sheet.pair("Overall alpha", overall.alpha, RATIO)
    sheet.blank()
    # a code applied fewer than the threshold's times: its agreement figures would give the count back
    # (codings = disagreements + 2 x agreed ones, from N, agreement and F1), so they are withheld with it
    rows = [(paths.get(c.code_id, c.code_id), c.n,
             *((suppress.SHARE_MARK,) * 4 if suppress.small(c.applied) else (c.kappa, c.alpha, c.percent_agreement,
                                                                              c.f1)),
             suppress.count(c.applied))
            for c in sorted(report.codes, key=lambda c: paths.get(c.code_id, c.code_id).casefold())]
    rows.append(("(overall)", overall.n, overall.kappa, overall.alpha, overall.percent_agreement, overall.f1,
                 overall.applied))
    span = sheet.table("Agreement", ["Code", "N", "Kappa", "Alpha", "Agreement", "F1", "Codings"], rows,
                       formats={1: INTEGER, 2: RATIO, 3: RATIO, 4: PERCENT, 5: RATIO, 6: INTEGER}, wrap=[0])
    sheet.bar_chart(span, label_col=1, value_cols=[3], title="Cohen's kappa by code", anchor=f"I{span.header_row}",
                    max_rows=min(len(rows) - 1, 30), axis_title="Cohen's kappa (-1 to 1)",
                    description="Each code's kappa: agreement between the two coders beyond chance.")
    pairs = sorted(overall.pair_kappa.items())
    if len(pairs) > 1:
        sheet.blank()
        sheet.table("Agreement_pairs", ["First coder", "Second coder", "Kappa (all codes)"],
                    ((label(a), label(b), k) for (a, b), k in pairs), formats={2: RATIO})
