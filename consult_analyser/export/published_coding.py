"""The one rule every published count of codes follows after double coding.

Two analysts code the same answers blind, and the lead decides the answers x codes they called
differently (see :func:`~consult_analyser.export.annex_agreement.agreed_coding`). The coders'
own codings stay as they made them; what the project publishes is the agreed coding:

* an answer x code the lead decided does not apply (``not-applied``, or ``keep`` the call of the
  coder who did not apply it) is not counted anywhere: not in the codes' counts, not among a
  code's respondents, not in the framework matrix, not in the listings of coded passages;
* a code on an answer counts once, however many coders applied it (codings are counted per
  answer x code; a listing shows a passage several coders coded alike once);
* an answer x code still to be decided (the coders differ and the lead has not decided, or the
  second coder has not coded the answer yet) counts as coded, as one coder applied it, and every
  file that counts says how many such there are (:meth:`PublishedCoding.note`).

A project without double coding is counted exactly as before: its rule is
:data:`~consult_analyser.store.coding_counts.AS_CODED` and nothing more is read. An export works out
the rule once (:func:`published_coding`) and hands it to every figure it writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from consult_analyser.export.annex_agreement import NO, TO_DECIDE, WAITING, agreed_coding
from consult_analyser.pipeline.coding.agreement import AgreementReport, project_agreement
from consult_analyser.store import coding_counts
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import accepter, with_accepter

#: a row of :func:`~consult_analyser.store.coding_counts.iter_codings` (read by column name)
_Row = Any


@dataclass(frozen=True)
class PublishedCoding:
    """How an export counts codings: the store's rule, and what the notes say of it."""

    rule: coding_counts.CountingRule = coding_counts.AS_CODED
    #: the agreement on the double-coded answers (None: nothing was double-coded)
    report: AgreementReport | None = None
    #: answers x codes some coder applied that the lead decided do not apply: not counted
    left_out: int = 0
    #: answers x codes the coders called differently and the lead has not decided: counted as coded
    to_decide: int = 0
    #: answers x codes one coder applied on an answer the other has not coded yet: counted as coded
    waiting: int = 0

    @property
    def double_coded(self) -> bool:
        return self.rule.per_answer

    @property
    def agreement(self) -> AgreementReport | None:
        """The agreement figures for the Agreement sheet (None when no answer was compared yet)."""
        return self.report if self.report is not None and self.report.answers else None

    @property
    def open_units(self) -> int:
        return self.to_decide + self.waiting

    def note(self) -> str:
        """What the counts of codes are, for a sheet's note, the Cover and the report ("" without double
        coding): "... 3 codings still to be decided are counted as coded (...)"."""
        if not self.double_coded:
            return ""
        left = self.left_out
        text = ("After double coding, the counts of codes are those of the agreed coding: a code counts once on an "
                "answer, however many coders applied it, and not at all where the lead decided it does not apply ("
                + (f"{left:,} answer{'' if left == 1 else 's'} x code{'' if left == 1 else 's'} left out). " if left
                   else "none so far). "))
        n = self.open_units
        if not n:
            return text + "No coding is still to be decided."
        why = {"decide": "the coders called {} differently and the lead has not decided yet",
               "wait": "the second coder has not coded {} yet"}
        if self.to_decide and self.waiting:
            because = (f"{self.to_decide:,}: " + why["decide"].format("it" if self.to_decide == 1 else "them")
                       + f"; {self.waiting:,}: " + why["wait"].format("its answer" if self.waiting == 1 else "their answers"))
        elif self.to_decide:
            because = why["decide"].format("it" if n == 1 else "them")
        else:
            because = why["wait"].format("its answer" if n == 1 else "their answers")
        return text + (f"{n:,} coding{' still to be decided is' if n == 1 else 's still to be decided are'} counted "
                       f"as coded ({because}).")


#: a project without double coding: every figure as the codings are stored
PLAIN = PublishedCoding()


def published_coding(project: Project, report: AgreementReport | None = None) -> PublishedCoding:
    """The rule of an export's figures, worked out once: :data:`PLAIN` when no answer was given to
    two coders (one quick look at the team's assignments: nothing more is read), else from the
    agreed coding (``report``: the agreement, if the caller has it already)."""
    if not coding_counts.may_be_double_coded(project) or not team_store.overlap_answers(project):
        return PLAIN
    report = report if report is not None else project_agreement(project)
    left_out: set[tuple[str, str]] = set()
    to_decide = waiting = 0
    for unit in agreed_coding(project, report):
        if unit.applied == NO:
            left_out.add((unit.response_id, unit.code_id))
        elif unit.applied == TO_DECIDE:
            to_decide += 1
        elif unit.applied == WAITING:
            waiting += 1
    return PublishedCoding(coding_counts.CountingRule(per_answer=True, left_out=frozenset(left_out)), report,
                           len(left_out), to_decide, waiting)


def published_codings(project: Project, published: PublishedCoding, *,
                      one_row_per_passage: bool = True) -> Iterator[tuple[_Row, tuple[_Row, ...]]]:
    """The codings a listing publishes, in survey order, as (row, others): a row of
    :func:`~consult_analyser.store.coding_counts.iter_codings`, and the rows of the other coders'
    codings of the very same passage (answer, code and span) that it stands for, whose coders the
    listing gives with its own. ``others`` is always ``()`` without double coding (every coding, as
    before), and with ``one_row_per_passage`` off (every coder's row of its own). The answers x
    codes the lead decided do not apply are never listed."""
    rows = coding_counts.iter_codings(project, published.rule)
    if not (published.double_coded and one_row_per_passage):
        for r in rows:
            yield r, ()
        return
    block: dict[tuple[object, ...], list[_Row]] = {}
    last: tuple[object, object] | None = None
    for r in rows:
        # the rows come by respondent and question: a passage's rows are all within one such block
        here = (r["external_id"], r["question"])
        if here != last:
            yield from _merged(block.values())
            block, last = {}, here
        block.setdefault((r["response_id"], r["code_id"], r["start"], r["end"]), []).append(r)
    yield from _merged(block.values())


def _merged(groups: Iterable[list[_Row]]) -> Iterator[tuple[_Row, tuple[_Row, ...]]]:
    for rows in groups:
        yield rows[0], tuple(rows[1:])


def joined(values: Iterable[str]) -> str:
    """"Analyst 1; Analyst 2": each value once, in order (a passage two analysts coded, published)."""
    return "; ".join(dict.fromkeys(values))


#: how a published file names a member of staff it has no number for
AN_ANALYST = "an analyst"


def published_coder(coder: str, source: str, staff: Mapping[str, str], analyst: str | None = None) -> str:
    """A coding's coder as a published (redacted) file gives it, naming no member of staff: an analyst's own
    (or imported) coding is theirs under their number in ``staff`` (:func:`~consult_analyser.store.release.staff_pseudonyms`:
    "Analyst 1"), or ``analyst`` where the file gives every analyst alike ("an analyst"); a model's suggestion an
    analyst accepted keeps what it is and names the analyst by number ("model, accepted by Analyst 1 (in bulk, at
    60% or more)"); the model's own coding stays as it is (the model's name)."""
    if source != "model":
        return analyst or staff.get(coder, AN_ANALYST)
    name = accepter(coder)
    return with_accepter(coder, staff.get(name, AN_ANALYST)) if name else coder
