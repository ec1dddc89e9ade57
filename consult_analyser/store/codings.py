"""Codings: a code applied to a whole answer or to a span of its text, with provenance.

Spans are ``[start, end)`` offsets into the answer's text counted in Python string indices
(Unicode code points), the same unit REFI-QDA uses. ``start``/``end`` are both ``None`` for a
whole-answer coding. Spans may overlap freely. The same code, on the same answer, over the same
span, by the same coder is stored once (adding it again returns the existing coding); different
coders keep separate codings so that double-coding can be compared.

Analysts' changes are undoable through :mod:`consult_analyser.actions` (the coding tables form the
:data:`consult_analyser.store.journal.CODING` scope).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence

from consult_analyser.domain import Coding, Source, new_id
from consult_analyser.store import codebook
from consult_analyser.store.letter_names import shown_id_sql
from consult_analyser.store.project import Changes, Project

#: SQL condition for a coding made by people: an analyst's or an imported one, or a model's
#: suggestion an analyst accepted (coder "model, accepted by NAME"); the rest are a model's codings
#: (codes made from themes) that no one reviewed.
BY_PEOPLE = "(source IN ('analyst', 'imported') OR coder LIKE '%accepted by %')"


def by_people(coding: Coding) -> bool:
    """Whether a coding was made (or accepted) by a person: :data:`BY_PEOPLE` for one coding."""
    return by_hand(coding) or accepted_suggestion(coding)


def by_hand(coding: Coding) -> bool:
    """Whether a person made the coding themselves (an analyst's or an imported one)."""
    return coding.source in (Source.ANALYST, Source.IMPORTED)


def accepted_suggestion(coding: Coding) -> bool:
    """Whether the coding is a model's suggestion a person accepted (coder "model, accepted by NAME")."""
    return coding.source == Source.MODEL and "accepted by " in coding.coder

# ------------------------------------------------------------------------------------------ codings


def _coding(row: sqlite3.Row) -> Coding:
    return Coding(id=row["id"], code_id=row["code_id"], response_id=row["response_id"], start=row["start"],
                  end=row["end"], coder=row["coder"], source=Source(row["source"]), confidence=row["confidence"],
                  created_at=row["created_at"])


def validate_span(text: str, start: int | None, end: int | None) -> None:
    """Raise ValueError unless ``[start, end)`` is a non-empty span inside ``text`` (or both are None)."""
    if start is None and end is None:
        return
    if start is None or end is None:
        raise ValueError("a span needs both start and end (or neither, to code the whole answer)")
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise ValueError(f"span offsets must be whole numbers, not {start!r} and {end!r}")
    if start < 0:
        raise ValueError(f"span start {start} is before the beginning of the answer")
    if end <= start:
        raise ValueError(f"span [{start}, {end}) is empty: end must be greater than start")
    if end > len(text):
        raise ValueError(f"span [{start}, {end}) runs past the end of the answer ({len(text)} characters)")


def _check(project: Project, coding: Coding, texts: dict[str, str] | None = None,
           known_codes: set[str] | None = None) -> None:
    if known_codes is None or coding.code_id not in known_codes:
        if project.scalar("SELECT 1 FROM codes WHERE id = ?", (coding.code_id,)) is None:
            raise ValueError(f"no code with id {coding.code_id!r}")
        if known_codes is not None:
            known_codes.add(coding.code_id)
    if texts is not None and coding.response_id in texts:
        text = texts[coding.response_id]
    else:
        text = project.scalar("SELECT text FROM responses WHERE id = ?", (coding.response_id,))
        if text is None:
            raise ValueError(f"no answer with id {coding.response_id!r}")
    validate_span(text, coding.start, coding.end)
    if not 0.0 <= float(coding.confidence) <= 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {coding.confidence}")


def _existing(project: Project, coding: Coding) -> Coding | None:
    row = project.conn.execute(
        'SELECT * FROM codings WHERE code_id = ? AND response_id = ? AND start IS ? AND "end" IS ? AND coder = ?',
        (coding.code_id, coding.response_id, coding.start, coding.end, coding.coder)).fetchone()
    return _coding(row) if row else None


def add_codings(project: Project, codings: Iterable[Coding], *, action: str = "add_codings") -> list[Coding]:
    """Validate and store codings in one transaction (all or nothing). A coding identical to a
    stored one (same code, answer, span and coder) is not stored twice: the stored one is returned
    in its place. An empty ``coder`` becomes the project's actor."""
    items = list(codings)
    out: list[Coding] = []
    texts = _texts(project, {c.response_id for c in items})
    known_codes: set[str] = set()
    with project.transaction() as conn:
        added = 0
        for coding in items:
            coding.coder = coding.coder or project.actor
            coding.source = Source(coding.source)
            _check(project, coding, texts, known_codes)
            existing = _existing(project, coding)
            if existing is not None:
                out.append(existing)
                continue
            conn.execute(
                'INSERT INTO codings(id, code_id, response_id, start, "end", coder, source, confidence, created_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (coding.id, coding.code_id, coding.response_id, coding.start, coding.end, coding.coder,
                 coding.source.value, float(coding.confidence), coding.created_at))
            out.append(coding)
            added += 1
        settle_applied(project, [c for c in out if by_hand(c)])
        if len(items) == 1 and added:
            c = items[0]
            project.audit("add_coding", "coding", c.id, code=c.code_id, response=c.response_id, start=c.start,
                          end=c.end, source=c.source.value)
        elif added:
            project.audit(action, "codings", "", added=added, codes=sorted({c.code_id for c in items}))
    return out


def settle_applied(project: Project, applied: Sequence[Coding]) -> None:
    """A code applied by hand settles its suggestion on the answer as accepted, by the coder (not as a model's coding:
    the coding stays the analyst's). The Reader showed "Other or several reasons? 49%" beside the code the analyst had
    just applied, and X then recorded a rejection of a code the answer carried."""
    if applied:
        project.conn.executemany(
            "UPDATE suggestions SET status = 'accepted', decided_by = ?, decided_at = ?"
            " WHERE response_id = ? AND code_id = ? AND status != 'accepted'",
            [(c.coder, c.created_at, c.response_id, c.code_id) for c in applied])


def add_coding(project: Project, code_id: str, response_id: str, start: int | None = None, end: int | None = None,
               *, coder: str = "", source: Source | str = Source.ANALYST, confidence: float = 1.0,
               coding_id: str | None = None) -> Coding:
    """Code an answer (``start``/``end`` None) or the span ``[start, end)`` of its text.
    Raises ValueError naming the problem (unknown code or answer, span outside the text)."""
    coding = Coding(code_id=code_id, response_id=response_id, start=start, end=end, coder=coder,
                    source=Source(source), confidence=confidence, id=coding_id or new_id())
    return add_codings(project, [coding])[0]


def remove_codings(project: Project, coding_ids: Sequence[str]) -> Changes:
    """Delete codings by id (unknown ids are ignored)."""
    changes = Changes()
    with project.transaction() as conn:
        for coding_id in coding_ids:
            row = conn.execute("SELECT response_id FROM codings WHERE id = ?", (coding_id,)).fetchone()
            if row is None:
                continue
            conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            changes.add("codings", coding_id, row[0])
        if changes:
            project.audit("remove_codings", "codings", coding_ids[0] if len(coding_ids) == 1 else "",
                          ids=list(coding_ids))
    return changes


def code_responses(project: Project, code_id: str, response_ids: Iterable[str], *, coder: str = "",
                   source: Source | str = Source.ANALYST, confidence: float = 1.0) -> list[Coding]:
    """Code whole answers with one code (e.g. every answer a search found); answers that already
    carry this code from this coder are left as they are."""
    items = [Coding(code_id=code_id, response_id=r, coder=coder or project.actor, source=Source(source),
                    confidence=confidence) for r in dict.fromkeys(response_ids)]
    return add_codings(project, items, action="code_responses")


def get_coding(project: Project, coding_id: str) -> Coding | None:
    row = project.conn.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
    return _coding(row) if row else None


def list_codings(project: Project, *, response_id: str | None = None, code_id: str | None = None,
                 question_id: str | None = None) -> list[Coding]:
    """Codings filtered by answer, code and/or question, in the order they were made."""
    clauses, params = [], []
    if response_id:
        clauses.append("g.response_id = ?")
        params.append(response_id)
    if code_id:
        clauses.append("g.code_id = ?")
        params.append(code_id)
    if question_id:
        clauses.append("r.question_id = ?")
        params.append(question_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_coding(r) for r in project.query(
        "SELECT g.* FROM codings g JOIN responses r ON r.id = g.response_id" + where
        + " ORDER BY g.created_at, g.rowid", params)]


def codings_by_response(project: Project, response_ids: Sequence[str]) -> dict[str, list[Coding]]:
    """Answer id -> its codings (spans first by start), for the answers asked about."""
    out: dict[str, list[Coding]] = {r: [] for r in response_ids}
    ids = list(response_ids)
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        for row in project.query(
                f"SELECT * FROM codings WHERE response_id IN ({','.join('?' * len(part))})"
                " ORDER BY response_id, start IS NOT NULL, start, \"end\"", part):
            out[row["response_id"]].append(_coding(row))
    return out


def code_counts(project: Project, question_id: str | None = None) -> dict[str, int]:
    """Code id -> number of distinct answers it is applied to (optionally for one question)."""
    sql = "SELECT g.code_id, COUNT(DISTINCT g.response_id) FROM codings g"
    params: list = []
    if question_id:
        sql += " JOIN responses r ON r.id = g.response_id WHERE r.question_id = ?"
        params.append(question_id)
    return {r[0]: r[1] for r in project.query(sql + " GROUP BY g.code_id", params)}


def export_rows(project: Project) -> list[dict]:
    """Every coding as a flat row for CSV export: respondent_id (the external id from the imported
    file), question (key), code_path ("Parent > Child"), start, end, coder, source, confidence."""
    paths = codebook.code_paths(project)
    rows = project.query(
        'SELECT p.external_id, q.key, g.code_id, g.start, g."end", g.coder, g.source, g.confidence'
        " FROM codings g JOIN responses r ON r.id = g.response_id JOIN respondents p ON p.id = r.respondent_id"
        " JOIN questions q ON q.id = r.question_id ORDER BY p.seq, q.position, g.start IS NOT NULL, g.start")
    return [{"respondent_id": r[0], "question": r[1], "code_path": paths.get(r[2], ""), "start": r[3], "end": r[4],
             "coder": r[5], "source": r[6], "confidence": r[7]} for r in rows]


def response_lookup(project: Project) -> dict[tuple[str, str], tuple[str, str]]:
    """(respondent external id, question key) -> (answer id, answer text), for matching files."""
    return {(r[0], r[1]): (r[2], r[3]) for r in project.query(
        "SELECT p.external_id, q.key, r.id, r.text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " JOIN questions q ON q.id = r.question_id")}


def answer_texts(project: Project, question_id: str) -> list[tuple[str, str]]:
    """(answer id, text) of a question's answers that have free text, in import order."""
    return [(r[0], r[1]) for r in project.query(
        "SELECT id, text FROM responses WHERE question_id = ? AND text != '' ORDER BY seq", (question_id,))]


def coded_now(project: Project) -> dict[str, tuple[int, str]]:
    """Question key -> (answers with a coding people made or accepted, when the last coding was made): what a
    check's figures are compared with to say whether the coding has changed since."""
    return {r[0]: (r[1], r[2] or "") for r in project.query(
        "SELECT q.key, COUNT(DISTINCT CASE WHEN g.source IN ('analyst', 'imported') OR g.coder LIKE '%accepted by %'"
        " THEN g.response_id END), MAX(g.created_at)"
        " FROM codings g JOIN responses r ON r.id = g.response_id JOIN questions q ON q.id = r.question_id"
        " WHERE r.text != '' GROUP BY q.key")}


def coded_question_ids(project: Project) -> list[str]:
    """Questions (in questionnaire order) with at least one coded answer."""
    return [r[0] for r in project.query(
        "SELECT q.id FROM questions q WHERE EXISTS (SELECT 1 FROM codings g JOIN responses r ON r.id = g.response_id"
        " WHERE r.question_id = q.id) ORDER BY q.position, q.key")]


def _texts(project: Project, response_ids: set[str]) -> dict[str, str]:
    ids = list(response_ids)
    out: dict[str, str] = {}
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        out.update((r[0], r[1]) for r in project.query(
            f"SELECT id, text FROM responses WHERE id IN ({','.join('?' * len(part))})", part))
    return out


# ------------------------------------------------------------------------------------------- themes


def code_from_theme(project: Project, theme_id: str, *, parent_id: str | None = None,
                    code_id: str | None = None) -> codebook.Code:
    """Turn a theme into a code in one step: the code takes the theme's label (with the question
    key added if a sibling already has that name) and description, and every answer assigned to
    the theme is coded with it. Codings keep the assignment's provenance: source 'model' for model
    assignments (coder: the theme's model), 'imported' otherwise (coder: the project's actor)."""
    theme = project.conn.execute(
        "SELECT t.*, q.key FROM themes t JOIN questions q ON q.id = t.question_id WHERE t.id = ?",
        (theme_id,)).fetchone()
    if theme is None:
        raise ValueError(f"no theme with id {theme_id!r}")
    base = re.sub(r"\s+", " ", theme["label"].replace(">", "-")).strip() or "Theme"
    with project.transaction():
        made = _code_made_from(project, theme_id) if code_id is None else None
        if made is not None:  # made before: its code takes the theme's answers it lacks, no second code
            code = made
        else:
            name, n = base, 1
            while project.scalar("SELECT 1 FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE",
                                 (parent_id, name)) is not None:
                n += 1
                name = f"{base} ({theme['key']})" if n == 2 else f"{base} ({theme['key']}, {n - 1})"
            code = codebook.create_code(project, name, parent_id=parent_id, description=theme["description"],
                                        code_id=code_id)
        items = []
        for a in project.query("SELECT response_id, confidence, source FROM theme_assignments WHERE theme_id = ?"
                               " ORDER BY rowid", (theme_id,)):
            from_model = a["source"] == Source.MODEL.value
            items.append(Coding(code_id=code.id, response_id=a["response_id"],
                                  coder=(theme["model"] or "model") if from_model else project.actor,
                                  source=Source.MODEL if from_model else Source.IMPORTED,
                                  confidence=min(1.0, max(0.0, float(a["confidence"])))))
        add_codings(project, items, action="code_from_theme")
        project.audit("code_from_theme", "theme", theme_id, code=code.id, codings=len(items))
    return code


def _code_made_from(project: Project, theme_id: str) -> codebook.Code | None:
    """The code an earlier "make a code" made from this theme, if it is still in the codebook."""
    for (detail,) in project.query("SELECT detail FROM audit WHERE action = 'code_from_theme' AND target_id = ?"
                                   " ORDER BY seq DESC", (theme_id,)):
        code = codebook.get_code(project, str(json.loads(detail or "{}").get("code", "")))
        if code is not None:
            return code
    return None


def themes_for_codebook(project: Project) -> list[tuple[str, str, str | None]]:
    """(theme id, question id, parent theme id) of the themes worth turning into codes, parents
    before their sub-themes, in questionnaire and theme order: for a question with signed-off
    themes, those and their sub-themes; otherwise all of its themes."""
    rows = project.query("SELECT t.id, t.question_id, t.parent_id, t.status FROM themes t"
                         " JOIN questions q ON q.id = t.question_id ORDER BY q.position, q.key, t.position, t.label")
    by_parent: dict[str | None, list[sqlite3.Row]] = {}
    for row in rows:
        by_parent.setdefault(row["parent_id"], []).append(row)
    signed = {r["question_id"] for r in rows if r["status"] == "signed_off"}
    out: list[tuple[str, str, str | None]] = []

    def walk(row: sqlite3.Row, parent: str | None, keep: bool) -> None:
        keep = keep or row["question_id"] not in signed or row["status"] == "signed_off"
        if keep:
            out.append((row["id"], row["question_id"], parent))
        for child in by_parent.get(row["id"], []):
            walk(child, row["id"] if keep else parent, keep)

    for top in by_parent.get(None, []):
        walk(top, None, False)
    return out


def external_ids(project: Project, response_ids: Sequence[str]) -> list[str]:
    """The names the respondents of ``response_ids`` are shown by (their ids as imported; a mailbox message's writer
    by its place in the mailbox, "inbox.mbox#6", as the Reader and every command name it), in the same order."""
    if not response_ids:
        return []
    found: dict[str, str] = {}
    ids = list(response_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update({r[0]: r[1] for r in project.query(
            f"SELECT r.id, {shown_id_sql('p')} FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            f" WHERE r.id IN ({','.join('?' * len(chunk))})", chunk)})
    return [found.get(rid, rid) for rid in ids]
