"""The annex's Agreement sheet: inter-coder agreement on the double-coded answers, per code and
overall, with who coded and how the lead decided the disagreements (present only when a project
was split with double coding)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

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
    # (the figures here are the blind coding's; every other sheet counts the agreed coding)
    sheet.note(decisions_note(report, decisions) + " The counts of codes elsewhere (the Cover's, the Codebook's, the "
               "framework matrix's and the coded excerpts') are the agreed coding's: a code counts once on an answer, "
               "however many coders applied it, and not where the lead decided it does not apply.")
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


# ---------------------------------------------------------------------------------- the agreed coding
#
# Double coding as qualitative research practises it: two coders code the same answers blind, their
# agreement is measured on those blind codings, and the answers x codes they called differently are
# settled (here by the lead) into one agreed, consensus coding. The coders' own codings stay as they
# made them; the decision only says what the agreed coding holds.

#: a decision as the project stores it -> what it does, in the words every front says it in
DECISION_NAMES = {"keep": "keep one coder's call", "both": "applied", "neither": "not applied"}
#: the agreed coding's "applied" column: settled yes or no, or not settled yet (and why not)
YES, NO, TO_DECIDE, WAITING = "yes", "no", "to decide", "waiting"


def decision_text(decision: str, kept_coder: str = "", label: Callable[[str], str] = str) -> str:
    """"applied", "not applied", "keep alice's call"."""
    if decision == "keep":
        return f"keep {label(kept_coder)}'s call" if kept_coder else DECISION_NAMES["keep"]
    return DECISION_NAMES.get(decision, decision)


def decided_result(decision: str, kept_coder: str, applied_by: list[str], not_applied_by: list[str]) -> str:
    """What a decision makes of a unit the coders called differently: :data:`YES`, :data:`NO`, or
    :data:`TO_DECIDE` (the coder whose call was kept has no call on it now)."""
    if decision == "both":
        return YES
    if decision == "neither":
        return NO
    if kept_coder in applied_by:
        return YES
    return NO if kept_coder in not_applied_by else TO_DECIDE


@dataclass
class AgreedUnit:
    """One answer x code of the agreed coding: whether the code applies (:data:`YES`, :data:`NO`,
    :data:`TO_DECIDE`, :data:`WAITING`), on what basis, and the coders' calls and the decision."""

    response_id: str
    code_id: str
    applied: str
    basis: str  # agreement | decided by the lead | disagreement | one coder so far | ...
    applied_by: list[str] = field(default_factory=list)
    not_applied_by: list[str] = field(default_factory=list)
    decision: dict[str, Any] = field(default_factory=dict)  # the lead's decision on it, as stored


def agreed_coding(project: Project, report: AgreementReport | None = None) -> list[AgreedUnit]:
    """The agreed coding: one unit per answer x code any coder applied. On a double-coded answer both
    coders have coded, the code applies when they all applied it (agreement) and, where they called it
    differently, as the lead decided (to decide until then); on one still waiting for a coder, it waits;
    on any other answer, it is that answer's coding (a single coder's). Nothing is changed."""
    report = report or project_agreement(project)
    overlap = team_store.overlap_answers(project)
    decisions = team_store.adjudications(project)
    split = {(d.response_id, d.code_id): d for d in report.disagreements}
    coded: dict[tuple[str, str], set[str]] = {}
    for rid, code, coder in project.query("SELECT response_id, code_id, coder FROM codings UNION"
                                          " SELECT response_id, code_id, coder FROM team_set_aside"):
        coded.setdefault((rid, code), set()).add(coder)
    done: dict[str, set[str]] = {}  # a double-coded answer -> its coders who have coded it
    for (rid, _code), coders in coded.items():
        if rid in overlap:
            done.setdefault(rid, set()).update(c for c in coders if c in overlap[rid])
    units = []
    for (rid, code), coders in coded.items():
        assigned = overlap.get(rid)
        if not assigned:
            units.append(AgreedUnit(rid, code, YES, "single coding", sorted(coders)))
            continue
        ready = sorted(done.get(rid, set()))
        mine = sorted(c for c in coders if c in assigned)
        if len(ready) < 2:
            waiting = [c for c in assigned if c not in ready]
            units.append(AgreedUnit(rid, code, WAITING, f"waiting for {', '.join(waiting)}", mine or sorted(coders)))
            continue
        found = split.get((rid, code))
        if found is not None:
            decision = decisions.get((rid, code), {})
            if decision:
                result = decided_result(decision["decision"], decision["kept_coder"], found.applied_by,
                                        found.not_applied_by)
                units.append(AgreedUnit(rid, code, result, "decided by the lead", found.applied_by,
                                        found.not_applied_by, decision))
            else:
                units.append(AgreedUnit(rid, code, TO_DECIDE, "disagreement", found.applied_by, found.not_applied_by))
        elif not mine:
            units.append(AgreedUnit(rid, code, YES, "coded outside the double coding", sorted(coders)))
        elif len(mine) == len(ready):
            units.append(AgreedUnit(rid, code, YES, "agreement", mine))
        else:  # a code not every coder had (created in a copy after the split): its holders' call
            units.append(AgreedUnit(rid, code, YES, "a code only some coders had", mine,
                                    [c for c in ready if c not in mine]))
    return units


def decisions_note(report: AgreementReport, decisions: dict[tuple[str, str], dict[str, Any]]) -> str:
    """How many disagreements the lead decided, and how ("" no double coding): for the annex, the
    command line and the Team view alike."""
    decided = [(d, decisions[(d.response_id, d.code_id)]) for d in report.disagreements
               if (d.response_id, d.code_id) in decisions]
    left = len(report.disagreements) - len(decided)
    text = f"Disagreements: {len(report.disagreements):,}; decided by the lead: {len(decided):,}"
    if decided:
        kinds = {k: sum(1 for _d, v in decided if v["decision"] == k) for k in DECISION_NAMES}
        kept = [decided_result("keep", v["kept_coder"], d.applied_by, d.not_applied_by)
                for d, v in decided if v["decision"] == "keep"]
        parts = [f"code applied {kinds['both']:,}" if kinds["both"] else "",
                 f"code not applied {kinds['neither']:,}" if kinds["neither"] else "",
                 (f"one coder's call kept {kinds['keep']:,} (so applied {kept.count(YES):,}, not applied "
                  f"{kept.count(NO):,})") if kinds["keep"] else ""]
        text += " (" + "; ".join(p for p in parts if p) + ")"
    return (text + f"; still to decide: {left:,}. The figures are those of the blind coding, before any decision: "
            "each coder's own coding is kept as made, and the agreed coding holds the codes both coders applied "
            "and, where they differed, what the lead decided.")


def unit_places(project: Project, response_ids: set[str]) -> dict[str, tuple[int, str, str]]:
    """Answer id -> (its place in the survey, respondent id as imported, question key)."""
    out: dict[str, tuple[int, str, str]] = {}
    ids = sorted(response_ids)
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        out.update((r[0], (r[1], r[2], r[3])) for r in project.query(
            "SELECT r.id, r.seq, p.external_id, q.key FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            f" JOIN questions q ON q.id = r.question_id WHERE r.id IN ({','.join('?' * len(part))})", part))
    return out


AGREED_COLUMNS = ["respondent_id", "question", "code_path", "applied", "basis", "coders_applied",
                  "coders_not_applied", "decision", "decided_by", "decided_at"]
DECISION_COLUMNS = ["respondent_id", "question", "code_path", "coders_applied", "coders_not_applied", "decision",
                    "agreed", "decided_by", "decided_at", "note"]


def agreed_rows(project: Project, *, names: bool = True) -> Iterator[tuple[Any, ...]]:
    """The agreed coding as table rows (:data:`AGREED_COLUMNS`), in survey order; ``names``: name the
    coders, else "Analyst 1", ... as every published file does (and "the lead" for who decided)."""
    label, lead = _labels(project, names)
    units = agreed_coding(project)
    places = unit_places(project, {u.response_id for u in units})
    paths = codebook.code_paths(project)
    units.sort(key=lambda u: (places.get(u.response_id, (0, "", ""))[0], paths.get(u.code_id, u.code_id).casefold()))
    for u in units:
        _seq, external, question = places.get(u.response_id, (0, "", ""))
        d = u.decision
        yield (external, question, paths.get(u.code_id, u.code_id), u.applied, u.basis,
               "; ".join(label(c) for c in u.applied_by), "; ".join(label(c) for c in u.not_applied_by),
               decision_text(d["decision"], d["kept_coder"], label) if d else "", lead(d.get("decided_by", "")),
               d.get("decided_at", ""))


def decision_rows(project: Project, *, names: bool = True) -> Iterator[tuple[Any, ...]]:
    """Every decision of the lead (:data:`DECISION_COLUMNS`), with the coders' calls and what the agreed
    coding holds now ("agreed": yes / no; or why the decision no longer settles anything)."""
    label, lead = _labels(project, names)
    units = {(u.response_id, u.code_id): u for u in agreed_coding(project)}
    decided = list(team_store.adjudications(project).values())
    places = unit_places(project, {d["response_id"] for d in decided})
    paths = codebook.code_paths(project)
    decided.sort(key=lambda d: (places.get(d["response_id"], (0, "", ""))[0],
                                paths.get(d["code_id"], d["code_id"]).casefold()))
    for d in decided:
        _seq, external, question = places.get(d["response_id"], (0, "", ""))
        unit = units.get((d["response_id"], d["code_id"]))
        if unit is None:
            agreed = "no (no coder applies the code now)"
        elif unit.decision:
            agreed = unit.applied
        else:
            agreed = f"{unit.applied} ({unit.basis} now: the decision no longer applies)"
        yield (external, question, paths.get(d["code_id"], d["code_id"]),
               "; ".join(label(c) for c in unit.applied_by) if unit else "",
               "; ".join(label(c) for c in unit.not_applied_by) if unit else "",
               decision_text(d["decision"], d["kept_coder"], label), agreed, lead(d["decided_by"]), d["decided_at"],
               d["note"])


def _labels(project: Project, names: bool) -> tuple[Callable[[str], str], Callable[[str], str]]:
    if names:
        return str, str
    staff = release.staff_pseudonyms(project)
    return (lambda c: staff.get(c, "an analyst")), (lambda who: "the lead" if who else "")
