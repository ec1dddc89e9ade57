"""Team work records: members and their assignments, merges, conflicts and adjudications.

The decisions (what to copy, what conflicts, what a resolution does) live in
:mod:`consult_analyser.team`; this module only reads and writes the tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from consult_analyser.domain import new_id, now_iso
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import accepted_by_sql

CONSULTATION_KEY = "consultation_id"
COPY_KEY = "team_copy_id"
SPLIT_KEY = "team_split_id"


def consultation_id(project: Project, *, create: bool = False) -> str:
    """The consultation's stable id, shared by the lead's project and every analyst's copy."""
    value = project.get_meta(CONSULTATION_KEY)
    if not value and create:
        value = new_id()
        project.set_meta(CONSULTATION_KEY, value)
    return value


# ------------------------------------------------------------------------- members, assignments


@dataclass
class Member:
    copy_id: str
    analyst: str
    role: str
    file: str
    split_id: str
    created_at: str


def add_member(project: Project, member: Member) -> None:
    with project.transaction() as conn:
        conn.execute("INSERT INTO team_members(copy_id, analyst, role, file, split_id, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (member.copy_id, member.analyst, member.role, member.file,
                                                    member.split_id, member.created_at))


def members(project: Project) -> list[Member]:
    return [Member(*tuple(r)) for r in project.query(
        "SELECT copy_id, analyst, role, file, split_id, created_at FROM team_members ORDER BY created_at, analyst")]


def member(project: Project, copy_id: str) -> Member | None:
    found = project.conn.execute("SELECT copy_id, analyst, role, file, split_id, created_at FROM team_members"
                                 " WHERE copy_id = ?", (copy_id,)).fetchone()
    return Member(*tuple(found)) if found else None


def split_candidates(project: Project, *, unassigned_only: bool = False) -> list[tuple[str, str, str]]:
    """(answer id, respondent id, question id) of every answer with text (``unassigned_only``: of
    those no analyst is assigned yet), in import order."""
    extra = " AND r.id NOT IN (SELECT response_id FROM team_assignments)" if unassigned_only else ""
    return [tuple(r) for r in project.query(  # type: ignore[misc]
        "SELECT r.id, r.respondent_id, r.question_id FROM responses r JOIN questions q ON q.id = r.question_id"
        " WHERE trim(r.text) != ''" + extra + " ORDER BY q.position, q.key, r.seq")]


def set_assignments(project: Project, rows: Iterable[tuple[str, str, int]]) -> None:
    """Add (analyst, answer id, overlap flag) rows."""
    with project.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO team_assignments(analyst, response_id, overlap) VALUES (?, ?, ?)",
                         list(rows))


def mark_double_coded(project: Project, coders_by_answer: dict[str, set[str]]) -> int:
    """Record answers that two or more coders coded independently (an imported coding sheet with a
    coder column) as double-coded, so that agreement covers them. Call inside a transaction.
    Returns the number of answers marked."""
    double = {rid: coders for rid, coders in coders_by_answer.items() if len(coders) > 1}
    project.conn.executemany("INSERT INTO team_assignments(analyst, response_id, overlap) VALUES (?, ?, 1)"
                             " ON CONFLICT(analyst, response_id) DO UPDATE SET overlap = 1 WHERE overlap != 1",
                             [(coder, rid) for rid, coders in double.items() for coder in sorted(coders)])
    return len(double)


def keep_only_assignments_of(project: Project, analyst: str) -> None:
    with project.transaction() as conn:
        conn.execute("DELETE FROM team_assignments WHERE analyst != ?", (analyst,))


def assigned_answers(project: Project, analyst: str) -> list[str]:
    return [r[0] for r in project.query("SELECT a.response_id FROM team_assignments a JOIN responses r"
                                        " ON r.id = a.response_id WHERE a.analyst = ? ORDER BY r.seq", (analyst,))]


def assignment_rows(project: Project, analyst: str) -> list[list[str]]:
    """The answers assigned to ``analyst``, in survey order: respondent id, question key, whether
    double-coded, whether the analyst has coded it yet ("yes"/"no")."""
    return [[r[0], r[1], "yes" if r[2] else "no", "yes" if r[3] else "no"] for r in project.query(
        "SELECT p.external_id, q.key, a.overlap, EXISTS (SELECT 1 FROM codings g WHERE g.response_id = a.response_id"
        " AND g.coder = a.analyst) FROM team_assignments a JOIN responses r ON r.id = a.response_id"
        " JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
        " WHERE a.analyst = ? ORDER BY r.seq", (analyst,))]


def uncoded_assignments(project: Project, analyst: str) -> list[tuple[str, str, int]]:
    """(answer id, respondent id, overlap flag) of the answers assigned to ``analyst`` that they have not
    coded here (by hand or by accepting a suggestion), in survey order: what is left of their share, as far
    as their work has been merged."""
    return [(r[0], r[1], r[2]) for r in project.query(
        "SELECT a.response_id, r.respondent_id, a.overlap FROM team_assignments a JOIN responses r ON r.id = a.response_id"
        " WHERE a.analyst = ? AND NOT EXISTS (SELECT 1 FROM codings g WHERE g.response_id = a.response_id AND"
        f" (g.coder = a.analyst OR {accepted_by_sql('g.coder', 'a.analyst')})) ORDER BY r.seq", (analyst,))]


def single_assignments(project: Project) -> list[tuple[str, str, str]]:
    """(answer id, respondent id, analyst) of the answers assigned to one analyst only, in survey order."""
    return [(r[0], r[1], r[2]) for r in project.query(
        "SELECT a.response_id, r.respondent_id, MIN(a.analyst) FROM team_assignments a JOIN responses r ON"
        " r.id = a.response_id GROUP BY a.response_id HAVING COUNT(*) = 1 ORDER BY MIN(r.seq)")]


def move_assignments(project: Project, source: str, target: str, response_ids: Sequence[str]) -> None:
    """Give these answers of ``source``'s to ``target`` (double-coded ones stay double-coded); note them as
    taken from ``source`` (:func:`reassigned_from`). Call inside a transaction."""
    for rid in response_ids:
        project.conn.execute("INSERT OR REPLACE INTO team_assignments(analyst, response_id, overlap) SELECT ?,"
                             " response_id, overlap FROM team_assignments WHERE analyst = ? AND response_id = ?",
                             (target, source, rid))
        project.conn.execute("DELETE FROM team_assignments WHERE analyst = ? AND response_id = ?", (source, rid))
    key = f"{REASSIGNED_KEY}{source}"
    project.set_meta(key, json.dumps(sorted(set(json.loads(project.get_meta(key, "[]") or "[]")) | set(response_ids))))


REASSIGNED_KEY = "team_reassigned:"  # + analyst: answers taken from them and given to another


def reassigned_from(project: Project, analyst: str) -> set[str]:
    """The answers once ``analyst``'s that were given to another analyst (``team reassign``, ``split --add``)."""
    return set(json.loads(project.get_meta(f"{REASSIGNED_KEY}{analyst}", "[]") or "[]"))


def answer_labels(project: Project, response_ids: Sequence[str]) -> list[str]:
    """"RESPONDENT QUESTION" of answers (respondent id as imported, question key), in survey order."""
    out: list[tuple[int, str]] = []
    ids = list(dict.fromkeys(response_ids))
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        out.extend((r[0], f"{r[1]} {r[2]}") for r in project.query(
            "SELECT r.seq, p.external_id, q.key FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            f" JOIN questions q ON q.id = r.question_id WHERE r.id IN ({','.join('?' * len(part))})", part))
    return [label for _seq, label in sorted(out)]


def outside_share(project: Project, response_ids: Sequence[str]) -> list[str]:
    """In an analyst's copy, those of ``response_ids`` not assigned to its analyst (another analyst's
    share: coded here they would be merged as this analyst's work on someone else's answers); in a
    lead's project, none."""
    if not project.get_meta(COPY_KEY):
        return []
    mine = set(assigned_answers(project, project.actor))
    return [r for r in dict.fromkeys(response_ids) if r not in mine]


def remove_codings_of(project: Project, coders: Sequence[str], response_ids: Sequence[str]) -> int:
    """Delete codings by these coders on these answers (keeps a blind copy blind)."""
    removed = 0
    with project.transaction() as conn:
        coders_marks = ",".join("?" * len(coders))
        for first in range(0, len(response_ids), 500):
            part = list(response_ids[first:first + 500])
            removed += conn.execute(
                f"DELETE FROM codings WHERE coder IN ({coders_marks}) AND response_id IN ({','.join('?' * len(part))})",
                [*coders, *part]).rowcount
    return removed


@dataclass
class Progress:
    analyst: str
    assigned: int
    coded: int
    overlap: int

    @property
    def share(self) -> float:
        return self.coded / self.assigned if self.assigned else 0.0


def progress(project: Project) -> list[Progress]:
    """Per analyst: answers assigned, answers they have coded at least once (by hand, or by accepting a suggestion,
    one by one or in bulk), answers shared."""
    rows = project.query(
        "SELECT a.analyst, COUNT(*), SUM(EXISTS (SELECT 1 FROM codings g WHERE g.response_id = a.response_id"
        f" AND (g.coder = a.analyst OR {accepted_by_sql('g.coder', 'a.analyst')}))), SUM(a.overlap)"
        " FROM team_assignments a GROUP BY a.analyst ORDER BY a.analyst")
    return [Progress(r[0], r[1], r[2] or 0, r[3] or 0) for r in rows]


def overlap_answers(project: Project) -> dict[str, list[str]]:
    """Answer id -> the analysts it is assigned to for double coding, for answers two or more
    analysts were given to code blind (an answer given to one and later to another, in a second
    split, is not double-coded)."""
    out: dict[str, list[str]] = {}
    for rid, analyst in project.query(
            "SELECT response_id, analyst FROM team_assignments WHERE overlap = 1 AND response_id IN (SELECT"
            " response_id FROM team_assignments WHERE overlap = 1 GROUP BY response_id HAVING COUNT(*) > 1)"
            " ORDER BY response_id, analyst"):
        out.setdefault(rid, []).append(analyst)
    return out


def answer_questions(project: Project, response_ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    ids = list(response_ids)
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        out.update((r[0], r[1]) for r in project.query(
            f"SELECT id, question_id FROM responses WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def blind_codings(project: Project, coders: Sequence[str]) -> set[tuple[str, str, str]]:
    """(answer id, code id, coder) of everything these coders coded on double-coded answers,
    including codings an adjudication later set aside: the double coding as it was made."""
    if not coders:
        return set()
    marks = ",".join("?" * len(coders))
    shared = "response_id IN (SELECT response_id FROM team_assignments WHERE overlap = 1)"
    cursor = project.conn.execute(
        f"SELECT response_id, code_id, coder FROM codings WHERE coder IN ({marks}) AND {shared}"
        f" UNION ALL SELECT response_id, code_id, coder FROM team_set_aside WHERE coder IN ({marks}) AND {shared}",
        [*coders, *coders])
    cursor.row_factory = None  # type: ignore[assignment]
    return set(cursor)


SPLIT_CODES_KEY = "team_split_codes:"  # + split id: the codes the copies of that split were made with


def record_split_codes(project: Project, split_id: str) -> None:
    """Remember which codes the copies of a split were made with. Call inside a transaction."""
    ids = sorted(r[0] for r in project.query("SELECT id FROM codes"))
    project.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
                         " value = excluded.value", (SPLIT_CODES_KEY + split_id, json.dumps(ids)))


def code_holders(project: Project, coders: Sequence[str]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Codes some of ``coders`` did not have, as (code id -> the coders who had it, code id -> who
    created it). A team analyst had a code their copy was made with (for a split recorded before
    splits kept their codes: one created before the copy), one they created, and one they applied
    (a code two analysts created under one name is one code); a coder who never had a copy (a
    coder column of an imported sheet) had every code."""
    if not coders:
        return {}, {}
    made: dict[str, str] = {}
    started: dict[str, set[str] | None] = {}  # analyst -> codes of their copies (None: not recorded)
    for analyst, split_id, created_at in project.query("SELECT analyst, split_id, created_at FROM team_members"):
        made[analyst] = max(made.get(analyst, ""), str(created_at))
        raw = project.get_meta(SPLIT_CODES_KEY + str(split_id))
        if not raw or started.get(analyst, set()) is None:
            started[analyst] = None
        else:
            started[analyst] = (started.get(analyst) or set()) | set(json.loads(raw))
    team = [c for c in coders if c in made]
    if not team:
        return {}, {}
    marks = ",".join("?" * len(team))
    users: dict[str, set[str]] = {}
    for code_id, coder in project.query(
            f"SELECT DISTINCT code_id, coder FROM codings WHERE coder IN ({marks}) UNION SELECT DISTINCT code_id,"
            f" coder FROM team_set_aside WHERE coder IN ({marks})", [*team, *team]):
        users.setdefault(code_id, set()).add(coder)

    def had(coder: str, code_id: str, created_at: str, created_by: str) -> bool:
        if coder not in made or coder == created_by:
            return True
        known = started.get(coder)
        return code_id in known if known is not None else created_at <= made[coder]

    holders: dict[str, set[str]] = {}
    creators: dict[str, str] = {}
    for code_id, created_at, created_by in project.query("SELECT id, created_at, created_by FROM codes"):
        have = {c for c in coders if had(c, code_id, str(created_at), created_by or "")} | users.get(code_id, set())
        if have != set(coders):
            holders[code_id] = have
            creators[code_id] = created_by or ""
    return holders, creators


# ----------------------------------------------------------------------------------- merges


def record_merge(project: Project, copy_id: str, analyst: str, source_file: str, sha256: str,
                 counts: dict[str, Any]) -> str:
    merge_id = new_id()
    project.conn.execute("INSERT INTO team_merges(id, copy_id, analyst, source_file, sha256, merged_at, merged_by,"
                         " counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (merge_id, copy_id, analyst, source_file, sha256, now_iso(), project.actor,
                          json.dumps(counts)))
    return merge_id


def merges(project: Project) -> list[dict[str, Any]]:
    return [{**dict(r), "counts": json.loads(r["counts"])} for r in project.query(
        "SELECT * FROM team_merges ORDER BY merged_at, rowid")]


# -------------------------------------------------------------------------------- conflicts


@dataclass
class Conflict:
    id: str
    merge_id: str
    copy_id: str
    analyst: str
    kind: str
    tbl: str
    key: str
    incoming_digest: str
    summary: str
    payload: dict[str, Any] = field(default_factory=dict)
    status: str = "open"
    resolution: str = ""
    resolved_by: str = ""
    resolved_at: str = ""
    created_at: str = ""


def _conflict(row: Any) -> Conflict:
    data = dict(row)
    data["payload"] = json.loads(data["payload"])
    return Conflict(**data)


def conflict_known(project: Project, copy_id: str, tbl: str, key: str, incoming_digest: str) -> bool:
    return project.scalar("SELECT 1 FROM team_conflicts WHERE copy_id = ? AND tbl = ? AND key = ? AND"
                          " incoming_digest = ?", (copy_id, tbl, key, incoming_digest)) is not None


def add_conflict(project: Project, conflict: Conflict) -> None:
    project.conn.execute(
        "INSERT INTO team_conflicts(id, merge_id, copy_id, analyst, kind, tbl, key, incoming_digest, summary, payload,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (conflict.id, conflict.merge_id, conflict.copy_id, conflict.analyst, conflict.kind, conflict.tbl,
         conflict.key, conflict.incoming_digest, conflict.summary, json.dumps(conflict.payload, default=str),
         conflict.created_at or now_iso()))


def conflicts(project: Project, *, status: str | None = None) -> list[Conflict]:
    sql = "SELECT * FROM team_conflicts" + (" WHERE status = ?" if status else "") + " ORDER BY created_at, rowid"
    return [_conflict(r) for r in project.query(sql, (status,) if status else ())]


def get_conflict(project: Project, conflict_id: str) -> Conflict | None:
    row = project.conn.execute("SELECT * FROM team_conflicts WHERE id = ? OR id LIKE ?",
                               (conflict_id, conflict_id + "%")).fetchall()
    return _conflict(row[0]) if len(row) == 1 else None


def mark_resolved(project: Project, conflict_id: str, resolution: str) -> None:
    project.conn.execute("UPDATE team_conflicts SET status = 'resolved', resolution = ?, resolved_by = ?,"
                         " resolved_at = ? WHERE id = ?", (resolution, project.actor, now_iso(), conflict_id))


def code_in_use(project: Project, code_id: str) -> list[tuple[str, int]]:
    """(coder, codings) of the codings that use a code or any of its descendants."""
    return [(r[0], r[1]) for r in project.query(
        "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT c.id FROM codes c JOIN tree t ON c.parent_id = t.id)"
        " SELECT coder, COUNT(*) FROM codings WHERE code_id IN (SELECT id FROM tree) GROUP BY coder ORDER BY coder",
        (code_id,))]


@dataclass
class CodeUsage:
    """The codings on a code here: per coder on the code itself, per coder on its sub-codes (all
    levels), how many sub-codes it has, and on how many answers all of them are."""

    own: list[tuple[str, int]]
    below: list[tuple[str, int]]
    sub_codes: int
    answers: int

    @property
    def total(self) -> int:
        return sum(n for _c, n in self.own) + sum(n for _c, n in self.below)


def code_usage(project: Project, code_id: str) -> CodeUsage:
    tree = ("WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT c.id FROM codes c JOIN tree t ON c.parent_id = t.id)")
    rows = project.query(tree + " SELECT code_id = ?, coder, COUNT(*) FROM codings WHERE code_id IN (SELECT id FROM tree)"
                         " GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC, 2", (code_id, code_id))
    answers = project.scalar(tree + " SELECT COUNT(DISTINCT response_id) FROM codings WHERE code_id IN"
                             " (SELECT id FROM tree)", (code_id,))
    below = project.scalar(tree + " SELECT COUNT(*) - 1 FROM tree", (code_id,))
    return CodeUsage([(r[1] or "", r[2]) for r in rows if r[0]], [(r[1] or "", r[2]) for r in rows if not r[0]],
                     int(below or 0), int(answers or 0))


def code_children(project: Project, code_id: str) -> int:
    return int(project.scalar("SELECT COUNT(*) FROM codes WHERE parent_id = ?", (code_id,)) or 0)


def code_by_name(project: Project, parent_id: str | None, name: str) -> str | None:
    return project.scalar("SELECT id FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE",
                          (parent_id, name))


# ---------------------------------------------------------------------------- adjudications


def adjudications(project: Project) -> dict[tuple[str, str], dict[str, Any]]:
    """(answer id, code id) -> the lead's decision on it."""
    return {(r["response_id"], r["code_id"]): dict(r) for r in project.query("SELECT * FROM team_adjudications")}


def restore_set_aside(project: Project) -> int:
    """Put back every coding an adjudication set aside (before decisions were kept beside the blind
    coding, a decision moved the codings it overruled out of the analysis), and forget the set-aside
    rows; returns how many came back. A coding whose code or answer has gone since, or that is here
    again already (merged again), is not added twice. Call inside a transaction."""
    conn = project.conn
    restored = conn.execute(
        'INSERT OR IGNORE INTO codings(id, code_id, response_id, start, "end", coder, source, confidence, created_at)'
        ' SELECT s.id, s.code_id, s.response_id, s.start, s."end", s.coder, s.source, s.confidence, s.created_at'
        " FROM team_set_aside s WHERE EXISTS (SELECT 1 FROM codes c WHERE c.id = s.code_id)"
        " AND EXISTS (SELECT 1 FROM responses r WHERE r.id = s.response_id)"
        " AND NOT EXISTS (SELECT 1 FROM codings g WHERE g.code_id = s.code_id AND g.response_id = s.response_id"
        ' AND g.coder = s.coder AND g.start IS s.start AND g."end" IS s."end")').rowcount
    conn.execute("DELETE FROM team_set_aside")
    return max(0, restored)


def adjudicate(project: Project, response_id: str, code_id: str, decision: str, kept_coder: str,
               note: str = "") -> str:
    """Record the lead's decision on a unit (replacing an earlier one). The coders' own codings stay
    as they were: the decision says what the agreed coding holds. Call inside a transaction."""
    conn = project.conn
    conn.execute("DELETE FROM team_adjudications WHERE response_id = ? AND code_id = ?", (response_id, code_id))
    adj_id = new_id()
    conn.execute("INSERT INTO team_adjudications(id, response_id, code_id, decision, kept_coder, note, decided_by,"
                 " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (adj_id, response_id, code_id, decision, kept_coder, note, project.actor, now_iso()))
    return adj_id


def unit_details(project: Project, units: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """For (answer id, code id) units: respondent external id, question key, answer text, code name."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    answers = {u[0] for u in units}
    info: dict[str, tuple[str, str, str]] = {}
    ids = list(answers)
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        for r in project.query("SELECT r.id, p.external_id, q.key, r.text FROM responses r JOIN respondents p ON"
                               " p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
                               f" WHERE r.id IN ({','.join('?' * len(part))})", part):
            info[r[0]] = (r[1], r[2], r[3])
    names = {r[0]: r[1] for r in project.query("SELECT id, name FROM codes")}
    for rid, code in units:
        ext, key, text = info.get(rid, ("", "", ""))
        out[(rid, code)] = {"respondent": ext, "question": key, "text": text, "code": names.get(code, code)}
    return out


def coding_natural_keys(project: Project, response_ids: set[str]) -> set[tuple[Any, ...]]:
    """(code, answer, start, end, coder) of the codings on these answers."""
    out: set[tuple[Any, ...]] = set()
    ids = list(response_ids)
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        out.update(tuple(r) for r in project.conn.execute(
            'SELECT code_id, response_id, start, "end", coder FROM codings'
            f" WHERE response_id IN ({','.join('?' * len(part))})", part))
    return out


def _existing(project: Project, table: str, ids: set[str]) -> set[str]:
    """Which of these ids of ``table`` (responses, respondents) are here."""
    out: set[str] = set()
    listed = list(ids)
    for first in range(0, len(listed), 900):
        part = listed[first:first + 900]
        out.update(r[0] for r in project.conn.execute(
            f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def existing_answers(project: Project, response_ids: set[str]) -> set[str]:
    return _existing(project, "responses", response_ids)


def existing_respondents(project: Project, respondent_ids: set[str]) -> set[str]:
    return _existing(project, "respondents", respondent_ids)


# ------------------------------------------------------------------- audit rows from copies

AUDIT_BASE_KEY = "team_base_audit_seq"


def audit_seq(project: Project) -> int:
    return int(project.scalar("SELECT COALESCE(MAX(seq), 0) FROM audit") or 0)


def audit_as(project: Project, actor: str, action: str, target_kind: str = "", target_id: str = "",
             **detail: Any) -> None:
    """An audit row under ``actor``'s own name, not the project's (who really acted in an analyst's
    copy, see :mod:`consult_analyser.team.owner`). Call inside a transaction."""
    project.conn.execute("INSERT INTO audit(at, actor, action, target_kind, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                         (now_iso(), actor, action, target_kind, target_id, json.dumps(detail, default=str)))


def audit_since(project: Project, seq: int) -> list[dict[str, Any]]:
    """The audit rows written after ``seq`` (an analyst's actions in their copy)."""
    return [dict(r) for r in project.query(
        "SELECT seq, at, actor, action, target_kind, target_id, detail FROM audit WHERE seq > ? ORDER BY seq", (seq,))]


def merged_codings(project: Project, copy_id: str) -> set[str]:
    """Ids of the codings this copy held when it was last merged (its own, added since the split)."""
    return set(json.loads(project.get_meta(f"team_merged_codings:{copy_id}", "[]") or "[]"))


def set_merged_codings(project: Project, copy_id: str, ids: set[str]) -> None:
    project.set_meta(f"team_merged_codings:{copy_id}", json.dumps(sorted(ids)))


def set_aside_ids(project: Project, ids: Sequence[str]) -> set[str]:
    """Which of these coding ids an adjudication set aside here."""
    out: set[str] = set()
    for first in range(0, len(ids), 900):
        part = list(ids[first:first + 900])
        out.update(r[0] for r in project.conn.execute(
            f"SELECT id FROM team_set_aside WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def delete_codings(project: Project, ids: Sequence[str]) -> int:
    """Delete these codings (an analyst removed them in their copy); returns how many were here."""
    gone = 0
    for first in range(0, len(ids), 900):
        part = list(ids[first:first + 900])
        gone += project.conn.execute(f"DELETE FROM codings WHERE id IN ({','.join('?' * len(part))})", part).rowcount
    return gone


def import_audit(project: Project, copy_id: str, rows: Sequence[dict[str, Any]]) -> int:
    """Add a copy's audit rows not imported before (each keeps its author and time). Call inside
    the merge's transaction."""
    key = f"team_audit_seq:{copy_id}"
    done = int(project.get_meta(key, "0") or 0)
    fresh = [r for r in rows if int(r["seq"]) > done]
    project.conn.executemany(
        "INSERT INTO audit(at, actor, action, target_kind, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [(r["at"], r["actor"], r["action"], r["target_kind"], r["target_id"],
          json.dumps({**json.loads(r["detail"] or "{}"), "copy": copy_id, "copy_seq": r["seq"]}))
         for r in fresh])
    if fresh:
        project.set_meta(key, str(max(int(r["seq"]) for r in fresh)))
    return len(fresh)
