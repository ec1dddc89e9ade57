"""How published figures count codings: every coding as stored, or, after double coding, the agreed
coding's answers x codes (see :func:`consult_analyser.export.published_coding.published_coding`). The
working views count codings as stored (:mod:`consult_analyser.store.codings`)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.project import Project
from consult_analyser.store.reporting import SECTOR_JOIN, UNCLASSIFIED, _rows


@dataclass(frozen=True)
class CountingRule:
    """How the published figures count codings. :data:`AS_CODED` (a project without double coding):
    every coding as stored, exactly as always. After double coding (built by
    :func:`consult_analyser.export.published_coding.published_coding` from the agreed coding):
    ``per_answer``, a code on an answer counts once however many coders (or passages) applied it; and
    the (answer id, code id) units in ``left_out``, those the lead decided the code does not apply
    to, are not counted at all."""

    per_answer: bool = False
    left_out: frozenset[tuple[str, str]] = frozenset()

    @property
    def as_coded(self) -> bool:
        return not self.per_answer and not self.left_out


AS_CODED = CountingRule()


def code_counts(project: Project, rule: CountingRule = AS_CODED) -> dict[str, tuple[int, int]]:
    """code id -> (codings, distinct respondents), counted by ``rule``."""
    if rule.as_coded:
        return {r[0]: (r[1], r[2]) for r in project.query(
            "SELECT g.code_id, COUNT(*), COUNT(DISTINCT r.respondent_id) FROM codings g"
            " JOIN responses r ON r.id = g.response_id GROUP BY g.code_id")}
    units: Counter[str] = Counter()
    people: dict[str, set[str]] = {}
    for rid, code, respondent, n in _rows(project, "SELECT g.response_id, g.code_id, r.respondent_id, COUNT(*)"
                                                   " FROM codings g JOIN responses r ON r.id = g.response_id"
                                                   " GROUP BY g.response_id, g.code_id"):
        if (rid, code) in rule.left_out:
            continue
        units[code] += 1 if rule.per_answer else n
        people.setdefault(code, set()).add(respondent)
    return {code: (n, len(people[code])) for code, n in units.items()}


def iter_framework_rows(project: Project, code_index: dict[str, int],
                        rule: CountingRule = AS_CODED) -> Iterator[tuple[str, str, str, int]]:
    """Every respondent in import order: (external id, effective sector, channel, codes) where bit
    ``code_index[code id]`` of ``codes`` is set when one of their answers carries that code (not
    counting the answers x codes ``rule`` leaves out)."""
    coded: dict[str, int] = {}
    if rule.left_out:
        pairs: Iterator[Any] = (
            (respondent_id, code_id) for respondent_id, code_id, rid in _rows(
                project, "SELECT DISTINCT r.respondent_id, g.code_id, g.response_id FROM codings g"
                         " JOIN responses r ON r.id = g.response_id") if (rid, code_id) not in rule.left_out)
    else:
        pairs = _rows(project, "SELECT DISTINCT r.respondent_id, g.code_id FROM codings g"
                               " JOIN responses r ON r.id = g.response_id")
    for respondent_id, code_id in pairs:
        if code_id in code_index:
            coded[respondent_id] = coded.get(respondent_id, 0) | (1 << code_index[code_id])
    for r in _rows(project, "SELECT p.id, p.external_id, COALESCE(rs.sector_key, ?), p.channel FROM respondents p"
                            + SECTOR_JOIN + " ORDER BY p.seq", (UNCLASSIFIED,)):
        yield r[1], r[2], r[3], coded.get(r[0], 0)


def iter_codings(project: Project, rule: CountingRule = AS_CODED) -> Iterator[sqlite3.Row]:
    """Every coding with its answer: external_id, sector, question, code_id, start, end, text, coder,
    source, confidence, created_at, coding id, response id; without the codings of the answers x
    codes ``rule`` leaves out (every coder's row of the rest: see ``per_answer`` in
    :func:`consult_analyser.export.published_coding.published_codings`)."""
    rows = _rows(project,
                 "SELECT p.external_id, COALESCE(rs.sector_key, ?) AS sector, q.key AS question, g.code_id,"
                 " g.start, g.\"end\", r.text, g.coder, g.source, g.confidence, g.created_at, g.id,"
                 " g.response_id FROM codings g JOIN responses r ON r.id = g.response_id"
                 " JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
                 + SECTOR_JOIN + " ORDER BY p.seq, q.position, g.start, g.created_at", (UNCLASSIFIED,))
    if not rule.left_out:
        return rows
    return (r for r in rows if (r["response_id"], r["code_id"]) not in rule.left_out)


def may_be_double_coded(project: Project) -> bool:
    """Whether any answer was given out for double coding (a quick look: False means no answer was, so
    every figure counts the codings as stored; True, see ``team.overlap_answers`` for which)."""
    return bool(project.scalar("SELECT EXISTS (SELECT 1 FROM team_assignments WHERE overlap = 1)"))


def count_listed_codings(project: Project, rule: CountingRule = AS_CODED) -> int:
    """How many rows a listing of the codings has under ``rule``: every coding; after double coding,
    one row per passage (a passage several coders coded alike: one row), the left-out units' none."""
    if rule.as_coded:
        return count_codings(project)
    total = 0
    for rid, code, n in _rows(project, "SELECT response_id, code_id, COUNT(*) FROM (SELECT DISTINCT response_id,"
                                       " code_id, start, \"end\" FROM codings) GROUP BY response_id, code_id"
                              if rule.per_answer else
                              "SELECT response_id, code_id, COUNT(*) FROM codings GROUP BY response_id, code_id"):
        if (rid, code) not in rule.left_out:
            total += n
    return total


def code_counts_by_people(project: Project, rule: CountingRule = AS_CODED) -> dict[str, int]:
    """code id -> codings an analyst made, imported or accepted (the rest is model output), counted by
    ``rule`` (after double coding: the answers x codes at least one person applied)."""
    if rule.as_coded:
        return {r[0]: r[1] for r in project.query(
            f"SELECT code_id, COUNT(*) FROM codings WHERE {BY_PEOPLE} GROUP BY code_id")}
    counts: Counter[str] = Counter()
    for rid, code, n in _rows(project, f"SELECT response_id, code_id, COUNT(*) FROM codings WHERE {BY_PEOPLE}"
                                       " GROUP BY response_id, code_id"):
        if (rid, code) not in rule.left_out:
            counts[code] += 1 if rule.per_answer else n
    return dict(counts)


def count_codings(project: Project) -> int:
    return int(project.scalar("SELECT COUNT(*) FROM codings"))
