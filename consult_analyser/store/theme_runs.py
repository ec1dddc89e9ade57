"""Model runs of theme discovery and what they propose.

:func:`save_run` stores a run over one question: it replaces only the untouched candidates; edited
and signed-off themes, and assignments made by people (source ``analyst``), survive a re-run. A
signed-off theme is frozen: the answers a run would add to it become proposals beside it, which
the team lead accepts or rejects (:func:`decide_proposals`). The project's theme embedder is
recorded here too, so re-runs never mix vectors of two models.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from consult_analyser.domain import Source, Theme, ThemeAssignment, ThemeStatus, new_id, now_iso
from consult_analyser.store import runs
from consult_analyser.store.project import Changes, Project
from consult_analyser.store.theme_edits import _insert_themes, _require
from consult_analyser.store.themes import (
    _ANSWER_SQL,
    ThemeAnswer,
    _answer,
    analyst_assigned,
    chunks,
    marks,
)


@dataclass
class ThemeRun:
    id: str
    question_id: str
    model: str
    params: dict
    created_at: str


def latest_run(project: Project, question_id: str) -> ThemeRun | None:
    row = project.conn.execute("SELECT * FROM theme_runs WHERE question_id = ? ORDER BY created_at DESC, rowid DESC"
                               " LIMIT 1", (question_id,)).fetchone()
    return ThemeRun(row["id"], row["question_id"], row["model"], json.loads(row["params"]), row["created_at"]) \
        if row else None


EMBEDDER_META = "themes.embedder"


def theme_embedder(project: Project) -> str | None:
    """Name of the embedder the project's theme discovery uses: the one recorded when it was
    chosen, else the one of the latest theme run (params ``embedder`` = ``name:version``), else None."""
    name = project.get_meta(EMBEDDER_META)
    if name:
        return name
    row = project.conn.execute("SELECT params FROM theme_runs ORDER BY created_at DESC, rowid DESC LIMIT 1").fetchone()
    key = str(json.loads(row["params"]).get("embedder", "")) if row else ""
    return key.split(":", 1)[0] or None


def set_theme_embedder(project: Project, name: str) -> None:
    """Record the project's embedder for theme discovery (kept for re-runs: vectors never mix)."""
    if not project.readonly and project.get_meta(EMBEDDER_META) != name:
        project.set_meta(EMBEDDER_META, name)


# --------------------------------------------------------------------------------------- model runs


@dataclass
class RunSaved:
    run_id: str
    created: int  # new candidate themes
    kept: int  # edited or signed-off themes (and touched candidates) that survived
    replaced: int  # untouched candidates removed
    assigned: int  # answers assigned by this run
    proposed: int = 0  # answers proposed for signed-off themes (which the run does not change)


def save_run(project: Project, question_id: str, *, model: str, params: Mapping, themes: Sequence[Theme],
             assignments: Sequence[ThemeAssignment], run_id: str | None = None,
             passages: Sequence[str | None] | None = None) -> RunSaved:
    """Store a model run over one question: the untouched candidates (status 'candidate', no
    assignment by a person) are replaced by ``themes``; other themes stay with all their answers.
    Signed-off themes are frozen: answers the run would add to one become proposals beside it
    (:func:`proposals`, :func:`decide_proposals`), replacing the previous run's open proposals.
    ``assignments`` may point at new or kept themes; answers a person has placed in any theme of
    the question are left alone, and an answer already in a kept theme is not added to another kept one.
    ``passages``, one per assignment: the passage of a letter that put it in the theme, which the theme quotes of it
    (None: the answer is quoted as a whole; see :func:`consult_analyser.store.theme_report.quotes`)."""
    passages = list(passages) if passages is not None else [None] * len(assignments)
    if len(passages) != len(assignments):
        raise ValueError("need one passage (or None) per assignment")
    run_id = run_id or new_id()
    with project.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")  # a parent theme may come after its children
        old = project.query(
            "SELECT t.id, t.status, EXISTS (SELECT 1 FROM theme_assignments a WHERE a.theme_id = t.id"
            " AND a.source = 'analyst') AS touched FROM themes t WHERE t.question_id = ?", (question_id,))
        replaced = [r[0] for r in old if r[1] == ThemeStatus.CANDIDATE.value and not r[2]]
        kept = {r[0] for r in old} - set(replaced)
        themes, assignments = _same_ids(project, replaced, themes, assignments)
        for part in chunks(replaced):
            conn.execute(f"DELETE FROM theme_assignments WHERE theme_id IN ({marks(len(part))})", part)
            conn.execute(f"UPDATE themes SET parent_id = NULL WHERE parent_id IN ({marks(len(part))})", part)
            conn.execute(f"DELETE FROM themes WHERE id IN ({marks(len(part))})", part)
        conn.execute("INSERT INTO theme_runs(id, question_id, model, params, created_at) VALUES (?, ?, ?, ?, ?)",
                     (run_id, question_id, model, json.dumps(dict(params), default=str), now_iso()))
        start = project.scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM themes WHERE question_id = ?",
                               (question_id,))
        # a new theme whose answers are nearly all in one kept theme repeats it (a re-run brought back
        # "No bus home" beside the signed-off "Evening and Sunday services" that had taken it in, and
        # counted its 19 answers twice): its answers go to the kept theme (as proposals, if signed off)
        members: dict[str, set[str]] = {}  # kept theme -> its answers (the replaced ones are gone)
        for theme_id, response_id in project.query(
                "SELECT a.theme_id, a.response_id FROM theme_assignments a JOIN themes t ON t.id = a.theme_id"
                " WHERE t.question_id = ?", (question_id,)):
            members.setdefault(theme_id, set()).add(response_id)
        repeats = _repeats(members, themes, assignments)
        themes = [t for t in themes if t.id not in repeats]
        for t in themes:
            if t.parent_id in repeats:
                t.parent_id = None
        assignments = [ThemeAssignment(repeats.get(a.theme_id, a.theme_id), a.response_id, a.confidence, a.source,
                                       False if a.theme_id in repeats else a.representative) for a in assignments]
        new_ids = {t.id for t in themes}
        for t in themes:
            t.question_id, t.run_id, t.status = question_id, run_id, ThemeStatus.CANDIDATE
        _insert_themes(conn, themes, range(start, start + len(themes)))
        by_person = analyst_assigned(project, question_id)
        in_kept = set().union(*members.values())  # the new themes have no answers yet
        signed = {r[0] for r in old if r[1] == ThemeStatus.SIGNED_OFF.value}
        in_signed = {(r[0], r[1]) for r in project.query(
            "SELECT a.theme_id, a.response_id FROM theme_assignments a JOIN themes t ON t.id = a.theme_id"
            " WHERE t.question_id = ? AND t.status = 'signed_off'", (question_id,))}
        rows, proposals, quoted = [], [], []
        for a, passage in zip(assignments, passages, strict=True):  # (renamed above in place: the order stays)
            if a.theme_id in signed:  # frozen: the change is proposed beside the theme, not made
                if (a.theme_id, a.response_id) not in in_signed:
                    proposals.append((a.theme_id, a.response_id, run_id, float(a.confidence)))
                continue
            if a.response_id in by_person or (a.theme_id in kept and a.response_id in in_kept):
                continue
            if a.theme_id not in new_ids and a.theme_id not in kept:
                raise ValueError(f"assignment to unknown theme {a.theme_id!r}")
            rows.append((a.theme_id, a.response_id, float(a.confidence), Source(a.source).value, int(a.representative)))
            if passage:
                quoted.append((a.theme_id, a.response_id, passage))
        conn.executemany("INSERT OR IGNORE INTO theme_assignments(theme_id, response_id, confidence, source,"
                         " representative) VALUES (?,?,?,?,?)", rows)
        conn.executemany("INSERT OR IGNORE INTO theme_passages(theme_id, response_id, passage) VALUES (?,?,?)", quoted)
        conn.execute("DELETE FROM theme_proposals WHERE status = 'proposed' AND theme_id IN"
                     " (SELECT id FROM themes WHERE question_id = ?)", (question_id,))
        conn.executemany("INSERT OR IGNORE INTO theme_proposals(theme_id, response_id, run_id, confidence)"
                         " VALUES (?,?,?,?)", proposals)
        project.audit("discover_themes", "question", question_id, run=run_id, model=model, created=len(themes),
                      kept=len(kept), replaced=len(replaced), assigned=len(rows), proposed=len(proposals))
        key = project.scalar("SELECT key FROM questions WHERE id = ?", (question_id,))
        if key is not None:  # the run's record says this question is done in the transaction that saves it
            runs.item_done(project, runs.THEMES, str(key))
    return RunSaved(run_id, len(themes), len(kept), len(replaced), len({r[1] for r in rows}), len(proposals))


#: the share of a new theme's answers already in one kept theme at which it repeats that theme (a trial's re-run
#: made again themes whose answers were 65-77% in a kept one, counting those answers twice; a second re-test
#: found merged themes back at 50-58%)
REPEAT_SHARE = 0.5


#: share of answers two themes must have in common (of the two together) for a re-run's theme to keep the id of the
#: candidate it replaces under the same label
SAME_THEME_SHARE = 0.5


def _same_ids(project: Project, replaced: Sequence[str], themes: Sequence[Theme],
              assignments: Sequence[ThemeAssignment]) -> tuple[list[Theme], list[ThemeAssignment]]:
    """``themes`` and ``assignments`` with each new theme that repeats a replaced candidate (same label, any case,
    and half their answers in common) under that candidate's id: a re-run kept no id, so the ids a lead noted
    ("themes --sign-off 8b77ac9b") named nothing after it (a trial's 'No substantive answer' went f0b9b30d ->
    13efd8f1)."""
    if not replaced or not themes:
        return list(themes), list(assignments)
    old: dict[str, tuple[str, set[str]]] = {}
    for part in chunks(list(replaced)):
        for theme_id, label in project.query(f"SELECT id, label FROM themes WHERE id IN ({marks(len(part))})", part):
            old[theme_id] = (" ".join(label.split()).casefold(), set())
        for theme_id, response_id in project.query(
                f"SELECT theme_id, response_id FROM theme_assignments WHERE theme_id IN ({marks(len(part))})", part):
            old[theme_id][1].add(response_id)
    mine: dict[str, set[str]] = {}
    for a in assignments:
        mine.setdefault(a.theme_id, set()).add(a.response_id)
    renamed: dict[str, str] = {}
    free = dict(old)
    for t in themes:
        label = " ".join(t.label.split()).casefold()
        answers = mine.get(t.id, set())
        for old_id, (old_label, old_answers) in free.items():
            together = answers | old_answers
            if old_label == label and (not together or len(answers & old_answers) >= SAME_THEME_SHARE * len(together)):
                renamed[t.id] = old_id
                del free[old_id]
                break
    if not renamed:
        return list(themes), list(assignments)
    return ([replace(t, id=renamed.get(t.id, t.id), parent_id=renamed.get(t.parent_id, t.parent_id) if t.parent_id
                     else None) for t in themes],
            [replace(a, theme_id=renamed.get(a.theme_id, a.theme_id)) for a in assignments])


def _repeats(members: dict[str, set[str]], themes: Sequence[Theme],
             assignments: Sequence[ThemeAssignment]) -> dict[str, str]:
    """New theme id -> the kept theme (``members``: kept theme -> its answers) it repeats (see
    :data:`REPEAT_SHARE`)."""
    if not members or not themes:
        return {}
    new = {t.id for t in themes}
    answers: dict[str, set[str]] = {}
    for a in assignments:
        if a.theme_id in new:
            answers.setdefault(a.theme_id, set()).add(a.response_id)
    out = {}
    for theme_id, mine in answers.items():
        best = max(members, key=lambda k: len(mine & members[k]), default=None)
        if best is not None and len(mine & members[best]) >= REPEAT_SHARE * len(mine):
            out[theme_id] = best
    return out


# -------------------------------------------------------------------------------------- proposals


def proposals(project: Project, theme_id: str) -> list[ThemeAnswer]:
    """Answers a model re-run proposes for a signed-off theme, waiting for the team lead."""
    sql = _ANSWER_SQL.replace("FROM theme_assignments a", "FROM theme_proposals a").replace(
        "a.source, a.representative", "'model', 0") + " AND a.status = 'proposed' ORDER BY r.seq"
    return [_answer(r) for r in project.query(sql, (theme_id,))]


def proposal_counts(project: Project, question_id: str) -> dict[str, int]:
    """Theme id -> answers proposed for it and not yet decided."""
    return {r[0]: r[1] for r in project.query(
        "SELECT p.theme_id, COUNT(*) FROM theme_proposals p JOIN themes t ON t.id = p.theme_id"
        " WHERE t.question_id = ? AND p.status = 'proposed' GROUP BY 1", (question_id,))}


def decide_proposals(project: Project, theme_id: str, response_ids: Sequence[str] | None = None, *,
                     accept: bool) -> Changes:
    """Accept (the answers join the theme as the lead's decision; the sign-off stands, since the
    lead chose the change) or reject (remembered, so later runs do not propose them again) a signed-off
    theme's proposals (all of them with None)."""
    _require(project, [theme_id])
    ids = [a.response_id for a in proposals(project, theme_id)]
    if response_ids is not None:
        wanted = set(response_ids)
        ids = [r for r in ids if r in wanted]
    if not ids:
        return Changes({"theme_proposals"}, [theme_id])
    now = now_iso()
    with project.transaction() as conn:
        if accept:
            conn.executemany(
                "INSERT OR IGNORE INTO theme_assignments(theme_id, response_id, confidence, source, representative)"
                " SELECT theme_id, response_id, 1.0, 'analyst', 0 FROM theme_proposals WHERE theme_id = ?"
                " AND response_id = ?", [(theme_id, r) for r in ids])
            conn.executemany("DELETE FROM theme_proposals WHERE theme_id = ? AND response_id = ?",
                             [(theme_id, r) for r in ids])
        else:
            conn.executemany("UPDATE theme_proposals SET status = 'rejected' WHERE theme_id = ? AND response_id = ?",
                             [(theme_id, r) for r in ids])
        status = "accepted_proposals" if accept else "rejected_proposals"
        conn.execute("INSERT INTO reviews(id, target_kind, target_id, status, reviewer, note, created_at)"
                     " VALUES (?, 'theme', ?, ?, ?, ?, ?)", (new_id(), theme_id, status, project.actor,
                                                              f"{len(ids)} answer(s)", now))
        project.audit(status, "theme", theme_id, answers=len(ids))
    return Changes({"theme_proposals", "theme_assignments", "themes", "reviews"}, [theme_id, *ids])
