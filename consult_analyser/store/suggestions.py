"""Model suggestions of codes for answers, and the analysts' decisions on them.

A suggestion is pending until an analyst accepts it (it becomes a coding with source 'model'
and coder "model, accepted by NAME") or rejects it (it stays, marked rejected, so the same code
is not suggested for that answer again and the rejection counts as negative evidence).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from consult_analyser.domain import Coding, Source, new_id, now_iso
from consult_analyser.store.codings import add_codings
from consult_analyser.store.project import Changes, Project

STATUSES = ("pending", "accepted", "rejected")
#: the top-level code whose codes are exclusive: an answer carries one at most (the built-in Stance
#: family, :data:`consult_analyser.pipeline.coding.families.STANCE_FAMILY`)
EXCLUSIVE_FAMILY = "Stance"
#: a pending suggestion of an exclusive family's code on an answer coded with another of its codes is
#: overruled (a coder pressed Opposes; "Supports? 34%" stayed beside it, for A to accept as well)
_NOT_OVERRULED = (
    "NOT EXISTS (SELECT 1 FROM codings c JOIN codes coded ON coded.id = c.code_id"
    " JOIN codes suggested ON suggested.id = s.code_id JOIN codes family ON family.id = suggested.parent_id"
    " WHERE c.response_id = s.response_id AND c.code_id != s.code_id AND coded.parent_id = suggested.parent_id"
    " AND family.parent_id IS NULL AND family.name = ? COLLATE NOCASE)")

#: what a suggestion's status reads as (alias ``s``): a suggestion of a code its answer carries is accepted, whatever
#: was stored. An analyst who applies the code by hand settles its suggestion so (:func:`settle_applied`); a project
#: from before that may hold a pending suggestion beside the same code applied by hand, or one rejected after it
#: (a trial pressed 2, then X: "rejected" and the analyst's coding both stood). The coding is what the project
#: reports and exports, so it decides.
_APPLIED = "EXISTS (SELECT 1 FROM codings g WHERE g.response_id = s.response_id AND g.code_id = s.code_id)"
STATUS_SQL = f"(CASE WHEN s.status != 'accepted' AND {_APPLIED} THEN 'accepted' ELSE s.status END)"
_COLUMNS = (f"s.response_id, s.code_id, s.confidence, s.model, {STATUS_SQL} AS status, s.decided_by, s.decided_at,"
            " s.created_at")


@dataclass
class Suggestion:
    response_id: str
    code_id: str
    confidence: float
    model: str  # model name and version that made it
    status: str = "pending"
    decided_by: str = ""
    decided_at: str = ""
    created_at: str = ""


def _suggestion(row: sqlite3.Row) -> Suggestion:
    return Suggestion(response_id=row["response_id"], code_id=row["code_id"], confidence=row["confidence"],
                      model=row["model"], status=row["status"], decided_by=row["decided_by"],
                      decided_at=row["decided_at"], created_at=row["created_at"])


def replace_pending(project: Project, question_id: str, suggestions: Iterable[tuple[Any, ...]],
                    model: str) -> Changes:
    """Replace the pending suggestions for one question's answers with fresh (response id, code
    id, confidence) triples from ``model`` (confidences are kept to 3 decimals); a fourth item, where
    given, is what that suggestion says it was made by instead of ``model`` ("... on the words this
    answer adds to its campaign's standard wording"). Only rows that differ are written, so a
    retraining that changes little writes little. Pairs an analyst already accepted or rejected are
    left alone: a rejected code is never suggested again for the same answer."""
    created = now_iso()
    new = {(row[0], row[1]): (round(float(row[2]), 3), str(row[3]) if len(row) > 3 and row[3] else model)
           for row in suggestions}
    with project.transaction() as conn:
        old = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(
            "SELECT s.response_id, s.code_id, s.confidence, s.model FROM suggestions s"
            " JOIN responses r ON r.id = s.response_id WHERE r.question_id = ? AND s.status = 'pending'",
            (question_id,))}
        gone = [key for key in old if key not in new]
        changed = [(*made, created, *key) for key, made in new.items() if key in old and old[key] != made]
        added = [(*key, *made, created) for key, made in new.items() if key not in old]
        conn.executemany("DELETE FROM suggestions WHERE response_id = ? AND code_id = ? AND status = 'pending'", gone)
        conn.executemany("UPDATE suggestions SET confidence = ?, model = ?, created_at = ?"
                         " WHERE response_id = ? AND code_id = ? AND status = 'pending'", changed)
        conn.executemany("INSERT OR IGNORE INTO suggestions(response_id, code_id, confidence, model, status,"
                         " created_at) VALUES (?, ?, ?, ?, 'pending', ?)", added)
        project.audit("suggest_codes", "question", question_id, model=model, suggestions=len(new),
                      added=len(added), changed=len(changed), removed=len(gone))
    ids = dict.fromkeys([k[0] for k in gone] + [row[3] for row in changed] + [row[0] for row in added])
    return Changes({"suggestions"}, list(ids))


def get_suggestion(project: Project, response_id: str, code_id: str) -> Suggestion | None:
    row = project.conn.execute(f"SELECT {_COLUMNS} FROM suggestions s WHERE s.response_id = ? AND s.code_id = ?",
                               (response_id, code_id)).fetchone()
    return _suggestion(row) if row else None


def list_suggestions(project: Project, *, question_id: str | None = None, response_id: str | None = None,
                     code_id: str | None = None, status: str | None = "pending",
                     min_confidence: float = 0.0) -> list[Suggestion]:
    """Suggestions filtered by question, answer, code and status (None: any), most confident first.
    Pending ones leave out those an analyst's coding overruled (:data:`EXCLUSIVE_FAMILY`)."""
    clauses: list[str] = ["s.confidence >= ?"]
    params: list[object] = [min_confidence]
    for column, value in (("r.question_id", question_id), ("s.response_id", response_id),
                          ("s.code_id", code_id), (STATUS_SQL, status)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if status == "pending":
        clauses.append(_NOT_OVERRULED)
        params.append(EXCLUSIVE_FAMILY)
    return [_suggestion(r) for r in project.query(
        f"SELECT {_COLUMNS} FROM suggestions s JOIN responses r ON r.id = s.response_id WHERE " + " AND ".join(clauses)
        + " ORDER BY s.confidence DESC, r.seq", params)]


def _decide(project: Project, response_id: str, code_id: str, status: str) -> Suggestion:
    suggestion = get_suggestion(project, response_id, code_id)
    if suggestion is None:
        raise ValueError("no such suggestion (it may have been replaced by a newer auto-coding run)")
    if suggestion.status != "pending":
        raise ValueError(f"this suggestion was already {suggestion.status} by {suggestion.decided_by or 'someone'}")
    project.conn.execute("UPDATE suggestions SET status = ?, decided_by = ?, decided_at = ?"
                         " WHERE response_id = ? AND code_id = ?",
                         (status, project.actor, now_iso(), response_id, code_id))
    return suggestion


#: what a coder's name says of a suggestion accepted with others at a confidence threshold, unread one by one
IN_BULK = "in bulk"
_ACCEPTED_BY = re.compile(r"^model, accepted by (?P<name>.+?)(?P<bulk> \((?:" + IN_BULK + r")[^()]*\))?$")


def accepted_by_sql(coder: str, name: str) -> str:
    """An SQL condition: the column ``coder`` names a suggestion accepted (one by one or in bulk, as :func:`accept`
    writes it) by the analyst the SQL expression ``name`` gives."""
    return (f"({coder} = 'model, accepted by ' || {name}"
            f" OR {coder} LIKE 'model, accepted by ' || {name} || ' ({IN_BULK}%')")


def accepted_in_bulk(coding: Coding) -> bool:
    """Whether the coding is a suggestion accepted with others above a confidence, unread one by one ("model,
    accepted by NAME (in bulk, at 90% or more)"); one accepted on its own answer (the Reader's A, a suggestion's
    Enter, the suggestions table on one answer) is not; several answers selected in that table and accepted at once
    are in bulk."""
    found = _ACCEPTED_BY.match((coding.coder or "").strip())
    return coding.source == Source.MODEL and found is not None and found.group("bulk") is not None


def with_accepter(coder: str, name: str) -> str:
    """An accepted suggestion's coder naming ``name`` as who accepted it ("model, accepted by Analyst 1 (in bulk,
    at 60% or more)": how a published file names staff); any other coder unchanged."""
    found = _ACCEPTED_BY.match((coder or "").strip())
    if not found:
        return coder
    return found.string[:found.start("name")] + name + found.string[found.end("name"):]


def accepter(coder: str) -> str:
    """Who accepted the model's suggestion a coding's coder names ("model, accepted by Bob", "model, accepted by Bob
    (in bulk, at 60% or more)" -> "Bob"); "" for any other coder."""
    found = _ACCEPTED_BY.match((coder or "").strip())
    return found.group("name") if found else ""


def accept(project: Project, response_id: str, code_id: str, *, coding_id: str | None = None,
           bulk_threshold: float | None = None) -> Coding:
    """Accept a pending suggestion: it becomes a whole-answer coding with source 'model', the
    model's confidence, and coder "model, accepted by NAME" ("model, accepted by NAME (in bulk, at 90% or
    more)" when accepted with every other suggestion above ``bulk_threshold``)."""
    bulk = f" ({IN_BULK}, at {bulk_threshold:.0%} or more)" if bulk_threshold is not None else ""
    with project.transaction():
        suggestion = _decide(project, response_id, code_id, "accepted")
        coding = add_codings(project, [Coding(
            code_id=code_id, response_id=response_id, coder=f"model, accepted by {project.actor}{bulk}",
            source=Source.MODEL, confidence=suggestion.confidence, id=coding_id or new_id())])[0]
        project.audit("accept_suggestion", "response", response_id, code=code_id, model=suggestion.model,
                      coding=coding.id)
    return coding


def reject(project: Project, response_id: str, code_id: str) -> Changes:
    """Reject a pending suggestion; it is kept as rejected and not suggested again."""
    with project.transaction():
        suggestion = _decide(project, response_id, code_id, "rejected")
        project.audit("reject_suggestion", "response", response_id, code=code_id, model=suggestion.model)
    return Changes({"suggestions"}, [response_id, code_id])


def withdraw_acceptance(project: Project, response_id: str, code_id: str) -> None:
    """A suggestion whose code an analyst took off the answer again (the accepted suggestion's coding, or
    their own): rejected, by that analyst. Call it once no coding of the code is left on the answer."""
    project.conn.execute("UPDATE suggestions SET status = 'rejected', decided_by = ?, decided_at = ?"
                         " WHERE response_id = ? AND code_id = ? AND status != 'rejected'",
                         (project.actor, now_iso(), response_id, code_id))


def decided_pairs(project: Project, question_id: str, status: str = "rejected") -> list[tuple[str, str]]:
    """(response id, code id) of one question's suggestions with this status."""
    return [(r[0], r[1]) for r in project.query(
        "SELECT s.response_id, s.code_id FROM suggestions s JOIN responses r ON r.id = s.response_id"
        f" WHERE r.question_id = ? AND {STATUS_SQL} = ? ORDER BY r.seq", (question_id, status))]


def status_counts(project: Project, question_id: str | None = None) -> dict[str, int]:
    """Status -> number of suggestions (for one question, if given)."""
    sql = f"SELECT {STATUS_SQL}, COUNT(*) FROM suggestions s"
    params: list = []
    if question_id:
        sql += " JOIN responses r ON r.id = s.response_id WHERE r.question_id = ?"
        params.append(question_id)
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({r[0]: r[1] for r in project.query(sql + " GROUP BY 1", params)})
    return counts


_LEARNING_ORDER = "autocode.learning_order."
_PASSED_OVER = "autocode.passed_over."


def save_learning_order(project: Project, question_id: str, response_ids: Sequence[str],
                        passed: Iterable[str] = ()) -> None:
    """The uncoded answers of one question in the order the last suggestion run would learn most from, and
    those passed over in earlier orders (:func:`passed_over`)."""
    project.set_meta(_LEARNING_ORDER + question_id, json.dumps(list(response_ids)))
    project.set_meta(_PASSED_OVER + question_id, json.dumps(sorted(passed)))


def passed_over(project: Project, question_id: str, coded: set[str]) -> set[str]:
    """One question's answers the analysts passed over in a "code next" order and still left uncoded: in the
    last saved order, the uncoded answers before the furthest answer coded since, as long as at least half of
    the answers up to it are coded (an analyst worked down the list, in the Reader with U or from ``--next``;
    one answer deep in the list coded after a search passes nothing over); with those passed over before.
    ``coded``: the question's answers that carry a coding now."""
    before = json.loads(project.get_meta(_LEARNING_ORDER + question_id) or "[]")
    reach = done = 0
    for place, rid in enumerate(before, 1):
        done += rid in coded
        if rid in coded and 2 * done >= place:
            reach = place
    passed = {rid for rid in before[:reach] if rid not in coded}
    passed.update(json.loads(project.get_meta(_PASSED_OVER + question_id) or "[]"))
    return passed - coded


def learning_order_respondents(project: Project) -> list[str]:
    """Respondents (ids) in the order their answers would teach the model most, question by question as
    the questions come; empty before any suggestion run."""
    order: list[str] = []
    for (value,) in project.query("SELECT m.value FROM meta m JOIN questions q ON m.key = ? || q.id"
                                    " ORDER BY q.position, q.key", (_LEARNING_ORDER,)):
        ids = json.loads(value)
        place = {rid: i for i, rid in enumerate(ids)}
        rows = project.query(f"SELECT id, respondent_id FROM responses WHERE id IN ({','.join('?' * len(ids))})",
                             ids) if ids else []
        order.extend(respondent for _, respondent in sorted(rows, key=lambda r: place[r[0]]))
    return list(dict.fromkeys(order))
