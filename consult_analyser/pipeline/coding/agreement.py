"""Inter-coder agreement on double-coded answers, with the answer x code as the unit.

For every answer coded blind by two or more analysts, each code of its question's frame is one
unit: did this coder apply the code to this answer (anywhere in it), yes or no. A question's
frame is every code any of those analysts applied to any of its double-coded answers, so that
codes of other questions, and text nobody coded, do not inflate the figures (character-level
kappa is dominated by uncoded text). Per code and overall:

- Cohen's kappa for every pair of coders who share answers (the formula of
  ``sklearn.metrics.cohen_kappa_score``, checked against it in the tests),
  and their mean;
- Krippendorff's alpha (nominal) across all coders (the ``krippendorff`` package), missing where a
  coder was not assigned the answer;
- percentage agreement over coder pairs and units;
- F1: for a code, positive agreement 2a/(2a+b+c) over pairs; overall, the mean per-answer F1 of
  two coders' code sets (as i.AI Consult reports it; an answer both left uncoded counts as 1);
- N: units (answer x code) compared.

An answer is compared between the coders assigned to it who have coded it (any code): one an
assigned coder has not coded yet is left out of the figures, not read as a judgement that nothing
applies, and counted in :attr:`AgreementReport.waiting` (answers still to code, per coder), which
every report of the figures states. So the figures are the same whether two coders' work arrives
through a split or as a coder column, and an analyst who has not started does not drag them down.

A code a coder did not have (one another analyst created in their copy after the split) is compared
only between coders who both had it: a pair of whom one or both could not apply it is left out of
that code's figures and the overall ones (the "no" of a coder who could not say yes is no
judgement). :attr:`AgreementReport.excluded` says which codes and pairs, for every report of the
figures to state. Coders who share a codebook (a split's copies, a coder column) had every code.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project

Pair = tuple[str, str]


@dataclass
class CodeAgreement:
    code_id: str  # "" for the overall row
    n: int  # units compared (answer x code)
    kappa: float | None  # mean over coder pairs of Cohen's kappa
    alpha: float | None  # Krippendorff's alpha across all coders
    percent_agreement: float | None
    f1: float | None
    applied: int = 0  # codings of this code among the units (all coders)
    pair_kappa: dict[Pair, float | None] = field(default_factory=dict)


@dataclass
class Disagreement:
    response_id: str
    code_id: str
    applied_by: list[str]  # coders who applied the code
    not_applied_by: list[str]  # coders assigned the answer who did not


@dataclass
class AgreementReport:
    coders: list[str]
    answers: int
    codes: list[CodeAgreement]
    overall: CodeAgreement
    disagreements: list[Disagreement]
    #: double-coded answers left out because an assigned coder has not coded them yet, per coder
    waiting: dict[str, int] = field(default_factory=dict)
    assigned: int = 0  # answers assigned to two or more coders, compared or waiting
    #: codes some coders did not have: code id -> the coder pairs left out of its figures (not both had it)
    excluded: dict[str, list[Pair]] = field(default_factory=dict)
    #: who created each code of :attr:`excluded` ("" unknown), for the note
    created_by: dict[str, str] = field(default_factory=dict)

    def waiting_note(self, label: Callable[[str], str] | None = None) -> str:
        """What the figures leave out, for every place that prints them ("" when nothing).
        ``label``: how a coder is named (a published file: "Analyst 1", ...)."""
        if not self.waiting:
            return ""
        name = label or str
        left = self.assigned - self.answers
        who = ", ".join(f"{name(coder)} {n:,}" for coder, n in sorted(self.waiting.items(),
                                                                      key=lambda kv: name(kv[0]).casefold()))
        return (f"{left:,} of the {self.assigned:,} answers assigned to two analysts are left out until both "
                f"have coded them (still to code: {who}).")

    def excluded_note(self, paths: Mapping[str, str], label: Callable[[str], str] | None = None) -> str:
        """Which codes are left out of which pairs' figures, and why ("" when none). ``paths``: code
        id -> name; ``label`` as for :meth:`waiting_note`."""
        if not self.excluded:
            return ""
        name = label or str

        def pairs_text(pairs: Sequence[Pair]) -> str:
            return ", ".join(sorted(" and ".join(sorted((name(a), name(b)), key=str.casefold)) for a, b in pairs))

        compared = {c.code_id for c in self.codes}
        parts = []
        for code_id, pairs in sorted(self.excluded.items(), key=lambda kv: paths.get(kv[0], kv[0]).casefold()):
            maker = self.created_by.get(code_id, "")
            origin = f"created by {name(maker)} after the split" if maker else "created after the split"
            text = f"\"{paths.get(code_id, code_id)}\" ({origin}) is left out for {pairs_text(pairs)}"
            parts.append(text + ("" if code_id in compared else ": it is in none of the figures"))
        return ("A pair of coders is compared only on the codes both had (a code an analyst created after the "
                "split was not in the others' copies): " + "; ".join(parts) + ".")

    def by_code(self) -> dict[str, CodeAgreement]:
        return {c.code_id: c for c in self.codes}


def _clean(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two 0/1 vectors; None where undefined (both coders used one value only)."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    return kappa_from_table(int((~a & ~b).sum()), int((~a & b).sum()), int((a & ~b).sum()), int((a & b).sum()))


def kappa_from_table(n00: int, n01: int, n10: int, n11: int) -> float | None:
    """Cohen's kappa from a 2x2 table (``n01``: first coder 0, second 1), by the same formula as
    ``sklearn.metrics.cohen_kappa_score`` (1 - observed / expected disagreement). Calling
    scikit-learn once per coder pair and code costs about 1.5 ms each in input checks alone (two
    seconds for ten analysts and 30 codes), so the tests check this against it instead, on real
    double coding."""
    n = n00 + n01 + n10 + n11
    if n == 0:
        return None
    expected = ((n00 + n01) * (n01 + n11) + (n10 + n11) * (n00 + n10)) / n
    if expected == 0:
        return None
    return 1.0 - (n01 + n10) / expected


def krippendorff_alpha(matrix: np.ndarray) -> float | None:
    """Nominal Krippendorff's alpha of a coders x units matrix (NaN = missing); None if undefined."""
    import krippendorff

    if matrix.size == 0:
        return None
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    values = matrix[:, pairable]
    if values.size == 0 or len(np.unique(values[~np.isnan(values)])) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _clean(krippendorff.alpha(reliability_data=values, level_of_measurement="nominal",
                                         value_domain=[0.0, 1.0]))


def _pair_stats(m: np.ndarray, i: int, j: int, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = m[i, cols], m[j, cols]
    both = ~np.isnan(a) & ~np.isnan(b)
    return a[both].astype(int), b[both].astype(int)


def _row(code_id: str, m: np.ndarray, cols: np.ndarray, pairs: list[tuple[int, int]],
         coders: Sequence[str]) -> CodeAgreement:
    pair_kappa: dict[Pair, float | None] = {}
    agree = total = pos_both = pos_one = 0
    for i, j in pairs:
        a, b = _pair_stats(m, i, j, cols)
        if len(a) == 0:
            continue
        pair_kappa[(coders[i], coders[j])] = cohen_kappa(a, b)
        agree += int((a == b).sum())
        total += len(a)
        pos_both += int(((a == 1) & (b == 1)).sum())
        pos_one += int((a != b).sum())
    kappas = [k for k in pair_kappa.values() if k is not None]
    sub = m[:, cols]
    n = int(((~np.isnan(sub)).sum(axis=0) >= 2).sum())
    return CodeAgreement(
        code_id=code_id, n=n, kappa=float(np.mean(kappas)) if kappas else None,
        alpha=krippendorff_alpha(sub), percent_agreement=agree / total if total else None,
        f1=(2 * pos_both / (2 * pos_both + pos_one)) if (pos_both + pos_one) else None,
        applied=int(np.nansum(sub)), pair_kappa=pair_kappa)


def compute(answers: Mapping[str, tuple[str, Sequence[str]]],
            codings: Iterable[tuple[str, str, str]], *,
            available: Mapping[str, set[str]] | None = None) -> AgreementReport:
    """``answers``: answer id -> (question id, coders assigned to it), for the double-coded ones;
    ``codings``: (answer id, code id, coder) of everything those coders coded; ``available``: code
    id -> the coders who had it, for codes not every coder had (the rest: everyone had them)."""
    available = available or {}

    def had(code: str, coder: str) -> bool:
        return code not in available or coder in available[code]

    answers = {rid: (q, sorted(set(cs))) for rid, (q, cs) in answers.items() if len(set(cs)) >= 2}
    n_assigned = len(answers)
    applied: dict[str, dict[str, set[str]]] = {}  # answer -> coder -> codes
    for rid, code, coder in codings:
        if rid in answers and coder in answers[rid][1]:
            applied.setdefault(rid, {}).setdefault(coder, set()).add(code)
    # only the coders who have coded an answer are compared on it; the others are still to code it
    waiting: dict[str, int] = {}
    for rid, (question, cs) in list(answers.items()):
        done = [c for c in cs if applied.get(rid, {}).get(c)]
        for c in cs:
            if c not in done:
                waiting[c] = waiting.get(c, 0) + 1
        if len(done) >= 2:
            answers[rid] = (question, done)
        else:
            del answers[rid]
    coders = sorted({c for _q, cs in answers.values() for c in cs})
    frame: dict[str, set[str]] = {}
    for rid, (question, _cs) in answers.items():
        for used in applied.get(rid, {}).values():
            frame.setdefault(question, set()).update(used)
    frames = {q: sorted(codes) for q, codes in frame.items()}
    index = {c: i for i, c in enumerate(coders)}
    units: list[tuple[str, str]] = []
    rows_: list[int] = []
    cols_: list[int] = []
    values: list[float] = []
    excluded: dict[str, set[Pair]] = {}
    for rid in sorted(answers):
        question, assigned = answers[rid]
        got = applied.get(rid, {})
        for code in frames.get(question, []):
            holders = [c for c in assigned if had(code, c)]
            excluded_here = {(a, b) for a, b in combinations(assigned, 2) if a not in holders or b not in holders}
            if excluded_here:
                excluded.setdefault(code, set()).update(excluded_here)
            if len(holders) < 2:
                continue
            col = len(units)
            units.append((rid, code))
            for coder in holders:  # a coder who did not have the code is missing here, not a "no"
                rows_.append(index[coder])
                cols_.append(col)
                values.append(1.0 if code in got.get(coder, set()) else 0.0)
    m = np.full((len(coders), len(units)), np.nan)
    m[np.asarray(rows_, dtype=np.int64), np.asarray(cols_, dtype=np.int64)] = np.asarray(values)
    pairs = sorted({(index[a], index[b]) for _q, cs in answers.values() for a, b in combinations(cs, 2)})
    by_code: dict[str, list[int]] = {}
    for col, (_rid, code) in enumerate(units):
        by_code.setdefault(code, []).append(col)
    rows = [_row(code, m, np.array(cols), pairs, coders) for code, cols in sorted(by_code.items())]
    overall = _row("", m, np.arange(len(units)), pairs, coders)
    overall.f1 = _per_answer_f1(answers, applied, had)
    disagreements = []
    if units:
        low, high = np.nanmin(m, axis=0), np.nanmax(m, axis=0)
        for col in np.flatnonzero(low != high).tolist():
            rid, code = units[col]
            calls = m[:, col]
            disagreements.append(Disagreement(
                rid, code, [coders[i] for i in range(len(coders)) if calls[i] == 1.0],
                [coders[i] for i in range(len(coders)) if calls[i] == 0.0]))
    return AgreementReport(coders, len(answers), rows, overall, disagreements, waiting, n_assigned,
                           {code: sorted(pairs) for code, pairs in excluded.items()})


def _per_answer_f1(answers: Mapping[str, tuple[str, Sequence[str]]],
                   applied: Mapping[str, Mapping[str, set[str]]],
                   had: Callable[[str, str], bool] = lambda _code, _coder: True) -> float | None:
    scores = []
    for rid, (_q, cs) in answers.items():
        for a, b in combinations(cs, 2):
            x = {c for c in applied.get(rid, {}).get(a, set()) if had(c, a) and had(c, b)}
            y = {c for c in applied.get(rid, {}).get(b, set()) if had(c, a) and had(c, b)}
            scores.append(1.0 if not x and not y else 2 * len(x & y) / (len(x) + len(y)))
    return float(np.mean(scores)) if scores else None


def project_agreement(project: Project) -> AgreementReport:
    """Agreement on a project's double-coded answers (answers assigned to two or more analysts by
    ``team split``), computed on the blind codings (adjudications do not change it)."""
    overlap = team_store.overlap_answers(project)
    questions = team_store.answer_questions(project, list(overlap))
    answers = {rid: (questions[rid], coders) for rid, coders in overlap.items() if rid in questions}
    coders = sorted({c for _q, cs in answers.values() for c in cs})
    available, creators = team_store.code_holders(project, coders)
    report = compute(answers, team_store.blind_codings(project, coders), available=available)
    report.created_by = {c: creators.get(c, "") for c in report.excluded}
    return report
