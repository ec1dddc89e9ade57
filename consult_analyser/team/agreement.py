"""Agreement on the double-coded answers, its CSV, and the lead's adjudication of disagreements.

The figures come from :mod:`consult_analyser.pipeline.coding.agreement` (the answer x code is the
unit). A disagreement is a unit where the coders assigned an answer did not all make the same
call; the lead decides it: keep one coder's call, keep both codings, or neither. The decision is
recorded (who, when, which) and codings it rejects are set aside, out of the analysis but kept,
so the agreement figures stay those of the blind coding and a decision can be changed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from consult_analyser.errors import ProjectError
from consult_analyser.pipeline.coding.agreement import AgreementReport, CodeAgreement, project_agreement
from consult_analyser.store import codebook
from consult_analyser.store import team as store
from consult_analyser.store.identity import require_lead
from consult_analyser.store.project import Changes, Project

DECISIONS = ("keep", "both", "neither")
CSV_COLUMNS = ["code", "n", "kappa", "alpha", "percent_agreement", "f1", "applied", "pair_kappas"]

agreement = project_agreement


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_rows(project: Project, report: AgreementReport) -> list[list[str]]:
    paths = codebook.code_paths(project)

    def row(name: str, item: CodeAgreement) -> list[str]:
        pairs = "; ".join(f"{a}|{b}={_fmt(k) or 'n/a'}" for (a, b), k in sorted(item.pair_kappa.items()))
        return [name, str(item.n), _fmt(item.kappa), _fmt(item.alpha), _fmt(item.percent_agreement), _fmt(item.f1),
                str(item.applied), pairs]

    rows = [row(paths.get(c.code_id, c.code_id), c) for c in ordered_codes(project, report)]
    rows.append(row("(overall)", report.overall))
    return rows


def ordered_codes(project: Project, report: AgreementReport) -> list[CodeAgreement]:
    """The per-code figures in codebook path order."""
    paths = codebook.code_paths(project)
    return sorted(report.codes, key=lambda c: paths.get(c.code_id, c.code_id).casefold())


def write_csv(project: Project, report: AgreementReport, out: str | Path) -> Path:
    out = Path(out)
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_rows(project, report))
    return out


@dataclass
class QueueItem:
    response_id: str
    code_id: str
    respondent: str
    question: str
    text: str
    code: str
    applied_by: list[str]
    not_applied_by: list[str]
    decision: str = ""
    kept_coder: str = ""
    decided_by: str = ""


def queue(project: Project, report: AgreementReport | None = None, *, open_only: bool = False) -> list[QueueItem]:
    """The disagreements, with the lead's decision where there is one."""
    report = report or agreement(project)
    units = [(d.response_id, d.code_id) for d in report.disagreements]
    details = store.unit_details(project, units)
    decided = store.adjudications(project)
    items = []
    for d in report.disagreements:
        info = details[(d.response_id, d.code_id)]
        done = decided.get((d.response_id, d.code_id), {})
        if open_only and done:
            continue
        items.append(QueueItem(d.response_id, d.code_id, info["respondent"], info["question"], info["text"],
                               info["code"], d.applied_by, d.not_applied_by, done.get("decision", ""),
                               done.get("kept_coder", ""), done.get("decided_by", "")))
    return items


def adjudicate(project: Project, response_id: str, code_id: str, decision: str, *, coder: str = "",
               note: str = "") -> Changes:
    """Decide a disagreement: ``keep`` one coder's call (``coder``), keep ``both`` codings, or
    ``neither``. A new decision on the same unit replaces the old one."""
    require_lead(project.identity, "adjudicate disagreements")
    if decision not in DECISIONS:
        raise ProjectError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    assigned = store.overlap_answers(project).get(response_id)
    if not assigned:
        raise ProjectError("that answer was not double-coded")
    coded = {coder for rid, _code, coder in store.blind_codings(project, assigned) if rid == response_id}
    waiting = [c for c in assigned if c not in coded]
    if len(assigned) - len(waiting) < 2:
        raise ProjectError(f"that answer is not compared yet: {', '.join(waiting)} "
                           f"{'has' if len(waiting) == 1 else 'have'} not coded it")
    open_here = [d.code_id for d in agreement(project).disagreements if d.response_id == response_id]
    if code_id not in open_here:
        # a decision on a unit the coders agree on would set aside agreed codings unseen
        paths = codebook.code_paths(project)
        listed = "; ".join(sorted(paths.get(c, c) for c in open_here)) or "none"
        raise ProjectError(f"the coders do not disagree on {paths.get(code_id, code_id)!r} for that answer; "
                           f"its disagreements: {listed}")
    if decision == "keep" and coder not in assigned:
        raise ProjectError(f"keep whose call? name one of {', '.join(assigned)}")
    if decision == "keep":
        set_aside = [c for c in assigned if c != coder]
    elif decision == "neither":
        set_aside = list(assigned)
    else:
        set_aside = []
    with project.transaction():
        store.restore_set_aside(project, response_id, code_id)
        store.adjudicate(project, response_id, code_id, decision, coder if decision == "keep" else "", set_aside, note)
        project.audit("team_adjudicate", "response", response_id, code=code_id, decision=decision, coder=coder)
    return Changes().add("codings", response_id).add("team", response_id)
