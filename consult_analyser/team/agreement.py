"""Agreement on the double-coded answers, its CSV, and the lead's adjudication of disagreements.

The figures come from :mod:`consult_analyser.pipeline.coding.agreement` (the answer x code is the
unit). A disagreement is a unit where the coders assigned an answer did not all make the same
call; the lead decides it, as qualitative double coding settles disagreements into one agreed
(consensus) coding: ``keep`` one coder's call (the code applies or not, as that coder decided),
``applied`` (the code applies) or ``not-applied`` (it does not). The decision is recorded (who,
when, which); the coders' own codings are kept as they made them, so the agreement figures stay
those of the blind coding and a decision can be changed. Units the coders agree on are agreed
without a decision. The agreed coding: :func:`consult_analyser.export.annex_agreement.agreed_coding`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from consult_analyser.errors import ProjectError
from consult_analyser.export.annex_agreement import NO, YES, decision_text
from consult_analyser.export.annex_agreement import AgreedUnit as AgreedUnit
from consult_analyser.export.annex_agreement import agreed_coding as agreed_coding
from consult_analyser.export.annex_agreement import decided_result as decided_result
from consult_analyser.export.annex_agreement import decisions_note as decisions_note
from consult_analyser.pipeline.coding.agreement import AgreementReport, CodeAgreement, project_agreement
from consult_analyser.store import codebook
from consult_analyser.store import team as store
from consult_analyser.store.identity import require_lead
from consult_analyser.store.project import Changes, Project

#: the decisions the lead can take, as typed (``both`` and ``neither``: the first versions' names, still read)
DECISIONS = ("keep", "applied", "not-applied", "both", "neither")
#: a decision as typed -> as the project stores it
STORED = {"keep": "keep", "applied": "both", "not-applied": "neither", "both": "both", "neither": "neither"}
#: what each decision does to the agreed coding, in plain words (the help, the app's buttons)
EXPLAIN_DECISION = {
    "keep": "the code applies, or not, as the coder named (--coder) decided",
    "applied": "the code applies to this answer (the older name 'both' does the same)",
    "not-applied": "the code does not apply to this answer (the older name 'neither' does the same)",
}
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
    decision: str = ""  # as stored: keep | both | neither ("" not decided)
    kept_coder: str = ""
    decided_by: str = ""

    @property
    def decided(self) -> str:
        """The decision and what it makes of the code, in words ("" not decided): "applied",
        "not applied", "keep bob's call: not applied"."""
        if not self.decision:
            return ""
        said = decision_text(self.decision, self.kept_coder)
        if self.decision != "keep":
            return said
        result = decided_result(self.decision, self.kept_coder, self.applied_by, self.not_applied_by)
        return f"{said}: {'applied' if result == YES else 'not applied' if result == NO else result}"


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
    """Decide a disagreement (``decision``: one of :data:`DECISIONS`; ``keep`` needs ``coder``): what
    the agreed coding holds for this answer x code. A new decision on the same unit replaces the old one.
    No coder's coding is changed (codings an earlier version set aside are put back)."""
    require_lead(project.identity, "adjudicate disagreements")
    if decision not in STORED:
        raise ProjectError(f"decision must be one of {', '.join(DECISIONS[:3])}, not {decision!r}")
    stored = STORED[decision]
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
        # the coders agree on it: it is agreed already, there is nothing to decide
        paths = codebook.code_paths(project)
        listed = "; ".join(sorted(paths.get(c, c) for c in open_here)) or "none"
        raise ProjectError(f"the coders do not disagree on {paths.get(code_id, code_id)!r} for that answer; "
                           f"its disagreements: {listed}")
    if stored == "keep" and coder not in assigned:
        raise ProjectError(f"keep whose call? name one of {', '.join(assigned)} (--coder)")
    with project.transaction():
        restored = store.restore_set_aside(project)
        store.adjudicate(project, response_id, code_id, stored, coder if stored == "keep" else "", note)
        project.audit("team_adjudicate", "response", response_id, code=code_id, decision=stored, coder=coder,
                      **({"restored_set_aside": restored} if restored else {}))
    return Changes().add("codings", response_id).add("team", response_id)


def outcome(project: Project, response_id: str, code_id: str) -> AgreedUnit | None:
    """The agreed coding's unit for this answer x code (after a decision: what it now holds)."""
    return next((u for u in agreed_coding(project) if u.response_id == response_id and u.code_id == code_id), None)


def explain_outcome(unit: AgreedUnit | None) -> str:
    """"the agreed coding applies the code (alice applied it; bob did not)"."""
    if unit is None:
        return "no coder applies the code now"
    held = {YES: "applies the code", NO: "does not apply the code"}.get(unit.applied, f"is {unit.applied}")
    calls = "; ".join(p for p in (f"{', '.join(unit.applied_by)} applied it" if unit.applied_by else "",
                                  f"{', '.join(unit.not_applied_by)} did not" if unit.not_applied_by else "") if p)
    return f"the agreed coding {held}" + (f" ({calls}; their codings are kept as made)" if calls else "")

