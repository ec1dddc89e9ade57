"""The annex's Agreement sheet: inter-coder agreement on the double-coded answers, per code and
overall, with who coded and how the lead decided the disagreements (present only when a project
was split with double coding)."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook

from consult_analyser.export.summaries import Suppress
from consult_analyser.export.xlsx_writer import INTEGER, PERCENT, SheetWriter
from consult_analyser.pipeline.coding.agreement import AgreementReport, CodeAgreement, project_agreement
from consult_analyser.store import codebook, release
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project

RATIO = "0.00"
#: the most codes a chart of kappa by code shows (the annex's and the Team view's)
CHART_CODES = 25
#: what the N column holds, for every place that prints it (the CLI's table, the annex's note)
N_MEANING = ("N: for a code, the double-coded answers compared on it (answers to the questions it was used on); "
             "on the (overall) row, the units compared (answers x codes, all codes together).")


def chart_codes(report: AgreementReport, *, limit: int = CHART_CODES,
                withheld: Callable[[CodeAgreement], bool] | None = None) -> list[CodeAgreement]:
    """The codes a chart of kappa by code plots, in the order it draws them: of the codes whose kappa
    is defined (and not ``withheld``: in a published file, a code whose figures the table withholds
    as small), the ``limit`` most used (most codings by all coders), highest kappa first. The one
    choice for the annex's chart and the Team view's ("the 25 most-used codes")."""
    shown = [c for c in report.codes if c.kappa is not None and not (withheld is not None and withheld(c))]
    used = sorted(shown, key=lambda c: (-c.applied, c.code_id))[:max(0, limit)]
    return sorted(used, key=lambda c: -(c.kappa or 0.0))  # (stable: the more used first among equals)


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
    sheet.note(N_MEANING + " Kappa: Cohen's kappa, mean over coder pairs. Alpha: Krippendorff's alpha (nominal) "
               "across all coders. Agreement: share of units on which a pair agreed. F1: for a code, 2 x both / (first + "
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
    sheet.table("Agreement", ["Code", "N", "Kappa", "Alpha", "Agreement", "F1", "Codings"], rows,
                       formats={1: INTEGER, 2: RATIO, 3: RATIO, 4: PERCENT, 5: RATIO, 6: INTEGER}, wrap=[0])
    pairs = sorted(overall.pair_kappa.items())
    if len(pairs) > 1:
        sheet.blank()
        sheet.table("Agreement_pairs", ["First coder", "Second coder", "Kappa (all codes)"],
                    ((label(a), label(b), k) for (a, b), k in pairs), formats={2: RATIO})
    _chart(sheet, report, paths, suppress)


def _chart(sheet: SheetWriter, report: AgreementReport, paths: dict[str, str], suppress: Suppress) -> None:
    """Kappa by code for the most-used codes whose figures the table shows, from a small table of its
    own (every value a number, its labels those of its bars), on a page of its own. Not the main
    table: in code order, most of its first rows may be withheld ("[c]", text a chart cannot draw)."""
    def small(c: CodeAgreement) -> bool:
        return suppress.small(c.applied)

    charted = chart_codes(report, withheld=small)
    shown = sum(1 for c in report.codes if c.kappa is not None and not small(c))
    sheet.blank()
    if not charted:
        sheet.note("(No chart of kappa by code: no code's kappa is shown above"
                   + (f"; a code applied fewer than {suppress.threshold} times has its figures withheld"
                      if suppress.threshold > 1 else "") + ".)")
        return
    which = (f"the {len(charted)} most-used of the {shown:,} codes" if shown > len(charted) else
             f"the {len(charted)} code{'s' if len(charted) > 1 else ''}")
    withheld = sum(1 for c in report.codes if c.kappa is not None and small(c))
    left_out = (f" ({withheld:,} code{'s' if withheld > 1 else ''} applied fewer than {suppress.threshold} times "
                f"{'are' if withheld > 1 else 'is'} not charted: {'their' if withheld > 1 else 'its'} figures "
                "are withheld)") if withheld else ""
    sheet.note(f"Chart: Cohen's kappa of {which} whose kappa is shown above (most-used: most codings), "
               f"highest first{left_out}:", bold=True)
    span = sheet.table("Agreement_chart", ["Code", "Kappa", "Codings"],
                       [(paths.get(c.code_id, c.code_id), c.kappa, c.applied) for c in charted],
                       formats={1: RATIO, 2: INTEGER}, wrap=[0])
    title = f"Cohen's kappa of the {len(charted)} most-used codes" if shown > len(charted) else \
        "Cohen's kappa by code"
    sheet.blank()
    sheet.chart_page(span, label_col=1, value_cols=[2], title=title, max_rows=len(charted),
                     height=max(7.5, min(15.5, 0.5 * len(charted) + 3)), width=24,
                     axis_title="Cohen's kappa (-1 to 1)",
                     description=f"Kappa, agreement between the two coders beyond chance, of {which} whose kappa "
                                 "is shown, highest first.")
