"""Questions of a consultation."""

from __future__ import annotations

import json
import re
import sqlite3

from consult_analyser.domain import Question, QuestionKind, question_identity
from consult_analyser.store.project import Project


def _row(row: sqlite3.Row) -> Question:
    return Question(
        id=row["id"], key=row["key"], text=row["text"], kind=QuestionKind(row["kind"]),
        choices=json.loads(row["choices"]), position=row["position"], follow_up=row["follow_up"],
    )


def list_questions(project: Project, *, open_only: bool = False) -> list[Question]:
    sql = "SELECT * FROM questions"
    if open_only:
        sql += " WHERE kind IN ('open', 'hybrid')"
    return [_row(r) for r in project.query(sql + " ORDER BY position, key")]


def get_question(project: Project, key_or_id: str) -> Question | None:
    row = project.conn.execute("SELECT * FROM questions WHERE id = ? OR key = ?", (key_or_id, key_or_id)).fetchone()
    return _row(row) if row else None


def find_question(project: Project, name: str) -> Question | None:
    """The question a user names: by id or key (any case), else by its text, ignoring differences
    of whitespace, case and final punctuation. None when nothing (or more than one) matches."""
    name = name.strip()
    if not name:
        return None
    found = get_question(project, name)
    if found is not None:
        return found
    rows = project.conn.execute("SELECT * FROM questions WHERE key = ? COLLATE NOCASE", (name,)).fetchall()
    if len(rows) == 1:
        return _row(rows[0])
    questions = list_questions(project)
    short = [q for q in questions if _key_form(q.key) == _key_form(name)]  # "Q09" or "q 9" for Q9
    if len(short) == 1:
        return short[0]
    wanted = question_identity(name)
    matches = [q for q in questions if question_identity(q.text) == wanted]
    return matches[0] if len(matches) == 1 else None


def _key_form(key: str) -> str:
    """A question key as people type it: any case, no spaces, no leading zeros ("Q09" = "q 9")."""
    return re.sub(r"0+(?=\d)", "", "".join(key.lower().split()))


def upsert_question(project: Project, question: Question) -> Question:
    """Add a question, or merge it into the existing one with the same key (choices are united,
    a closed question that gains free text becomes hybrid, and keeps the wording of the free-text
    column paired with it, the latest export's). Returns the stored question."""
    existing = get_question(project, question.key)
    with project.transaction() as conn:
        if existing is None:
            conn.execute(
                "INSERT INTO questions(id, key, text, kind, choices, position, follow_up) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (question.id, question.key, question.text, question.kind.value, json.dumps(question.choices),
                 question.position, question.follow_up),
            )
            return question
        choices = existing.choices + [c for c in question.choices if c not in existing.choices]
        kind = existing.kind
        if kind != question.kind:
            kind = QuestionKind.HYBRID
        text = existing.text if len(existing.text) >= len(question.text) else question.text
        # (a project imported before the wording was kept gains it from a later export of the survey)
        follow_up = question.follow_up or existing.follow_up
        conn.execute(
            "UPDATE questions SET text = ?, kind = ?, choices = ?, follow_up = ? WHERE id = ?",
            (text, kind.value, json.dumps(choices), follow_up, existing.id),
        )
        existing.text, existing.kind, existing.choices, existing.follow_up = text, kind, choices, follow_up
        return existing
