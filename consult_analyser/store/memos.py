"""Memos: an analyst's notes on a code, an answer, a respondent, a theme or the whole project.

A target may carry several memos (one per analyst is the usual pattern: :func:`set_memo` keeps
the current actor's memo on a target). Project memos use an empty target id.
"""

from __future__ import annotations

import sqlite3

from consult_analyser.domain import Memo, new_id, now_iso
from consult_analyser.store.codebook import code_paths
from consult_analyser.store.letter_names import shown_ids
from consult_analyser.store.project import Changes, Project

# Memo target kind -> the table its target id refers to (None: the project itself).
TARGETS: dict[str, str | None] = {
    "code": "codes", "response": "responses", "respondent": "respondents", "theme": "themes", "project": None,
}


def _memo(row: sqlite3.Row) -> Memo:
    return Memo(id=row["id"], target_kind=row["target_kind"], target_id=row["target_id"], text=row["text"],
                author=row["author"], created_at=row["created_at"], updated_at=row["updated_at"])


def _check_target(project: Project, target_kind: str, target_id: str) -> str:
    if target_kind not in TARGETS:
        raise ValueError(f"memos can be written on {', '.join(TARGETS)}, not on {target_kind!r}")
    table = TARGETS[target_kind]
    if table is None:
        return ""
    if project.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (target_id,)) is None:
        raise ValueError(f"no {target_kind} with id {target_id!r}")
    return target_id


def add_memo(project: Project, target_kind: str, target_id: str, text: str, *, memo_id: str | None = None,
             created_at: str | None = None, updated_at: str | None = None) -> Memo:
    """Write a new memo by the project's actor. ``created_at``/``updated_at`` keep a memo's own times
    when it comes from elsewhere (e.g. a REFI-QDA project); by default both are now."""
    target_id = _check_target(project, target_kind, target_id)
    if not text.strip():
        raise ValueError("a memo needs some text")
    memo = Memo(target_kind=target_kind, target_id=target_id, text=text, author=project.actor, id=memo_id or new_id())
    if created_at:
        memo.created_at = created_at
        memo.updated_at = updated_at or created_at
    elif updated_at:
        memo.updated_at = updated_at
    with project.transaction() as conn:
        conn.execute("INSERT INTO memos(id, target_kind, target_id, text, author, created_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (memo.id, target_kind, target_id, text, memo.author, memo.created_at, memo.updated_at))
        project.audit("add_memo", target_kind, target_id, memo=memo.id)
    return memo


def update_memo(project: Project, memo_id: str, text: str) -> Changes:
    """Replace a memo's text (empty text deletes the memo)."""
    memo = get_memo(project, memo_id)
    if memo is None:
        raise ValueError(f"no memo with id {memo_id!r}")
    if not text.strip():
        return delete_memo(project, memo_id)
    with project.transaction() as conn:
        conn.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?", (text, now_iso(), memo_id))
        project.audit("update_memo", memo.target_kind, memo.target_id, memo=memo_id)
    return Changes({"memos"}, [memo_id, memo.target_id])


def delete_memo(project: Project, memo_id: str) -> Changes:
    memo = get_memo(project, memo_id)
    if memo is None:
        return Changes()
    with project.transaction() as conn:
        conn.execute("DELETE FROM memos WHERE id = ?", (memo_id,))
        project.audit("delete_memo", memo.target_kind, memo.target_id, memo=memo_id)
    return Changes({"memos"}, [memo_id, memo.target_id])


def set_memo(project: Project, target_kind: str, target_id: str, text: str) -> Memo | None:
    """Create, replace or (with empty text) delete the actor's own memo on a target; returns
    the memo as stored, or None when it was deleted."""
    target_id = _check_target(project, target_kind, target_id)
    row = project.conn.execute(
        "SELECT * FROM memos WHERE target_kind = ? AND target_id = ? AND author = ? ORDER BY created_at LIMIT 1",
        (target_kind, target_id, project.actor)).fetchone()
    if row is None:
        return add_memo(project, target_kind, target_id, text) if text.strip() else None
    update_memo(project, row["id"], text)
    return get_memo(project, row["id"])


def get_memo(project: Project, memo_id: str) -> Memo | None:
    row = project.conn.execute("SELECT * FROM memos WHERE id = ?", (memo_id,)).fetchone()
    return _memo(row) if row else None


def memos_for(project: Project, target_kind: str, target_id: str = "") -> list[Memo]:
    """The memos on one target, oldest first."""
    return [_memo(r) for r in project.query(
        "SELECT * FROM memos WHERE target_kind = ? AND target_id = ? ORDER BY created_at, rowid",
        (target_kind, target_id))]


def list_memos(project: Project, target_kind: str | None = None) -> list[Memo]:
    """Every memo (of one kind of target, if given), oldest first."""
    if target_kind:
        rows = project.query("SELECT * FROM memos WHERE target_kind = ? ORDER BY created_at, rowid", (target_kind,))
    else:
        rows = project.query("SELECT * FROM memos ORDER BY created_at, rowid")
    return [_memo(r) for r in rows]


def memo_counts(project: Project, target_kind: str) -> dict[str, int]:
    """Target id -> number of memos, for showing a memo marker in views."""
    return {r[0]: r[1] for r in project.query(
        "SELECT target_id, COUNT(*) FROM memos WHERE target_kind = ? GROUP BY target_id", (target_kind,))}


def target_labels(project: Project, found: list[Memo]) -> dict[str, str]:
    """Memo id -> where the memo is, as a user names it: "answer R12 Q3" (respondent id and question key),
    "respondent R12", "code Parent > Child", "theme 'Cost' (Q3)" or "project"."""
    wanted: dict[str, set[str]] = {}
    for memo in found:
        wanted.setdefault(memo.target_kind, set()).add(memo.target_id)
    answers: dict[str, tuple[str, str]] = {}
    themes: dict[str, tuple[str, str]] = {}
    for rid, respondent, key in _rows(project, "SELECT r.id, r.respondent_id, q.key FROM responses r"
                                      " JOIN questions q ON q.id = r.question_id WHERE r.id IN", wanted.get("response")):
        answers[rid] = (respondent, key)
    for tid, label, key in _rows(project, "SELECT t.id, t.label, q.key FROM themes t JOIN questions q"
                                 " ON q.id = t.question_id WHERE t.id IN", wanted.get("theme")):
        themes[tid] = (label, key)
    people = shown_ids(project, [*wanted.get("respondent", ()), *(a[0] for a in answers.values())])
    paths = code_paths(project) if "code" in wanted else {}
    out: dict[str, str] = {}
    for memo in found:
        kind, target = memo.target_kind, memo.target_id
        if kind == "response" and target in answers:
            out[memo.id] = f"answer {people.get(answers[target][0], answers[target][0])} {answers[target][1]}"
        elif kind == "respondent":
            out[memo.id] = f"respondent {people.get(target, target)}"
        elif kind == "code":
            out[memo.id] = f"code {paths.get(target, target)}"
        elif kind == "theme" and target in themes:
            out[memo.id] = f"theme {themes[target][0]!r} ({themes[target][1]})"
        else:
            out[memo.id] = kind if kind == "project" else f"{kind} {target}"
    return out


def _rows(project: Project, sql: str, ids: set[str] | None) -> list[tuple]:
    """The rows of ``sql`` (ending "... IN") for these ids, a chunk at a time."""
    found = sorted(ids or ())
    out: list[tuple] = []
    for first in range(0, len(found), 500):
        part = found[first:first + 500]
        out.extend(tuple(r) for r in project.query(f"{sql} ({','.join('?' * len(part))})", part))
    return out
