"""Changes people make to themes: create, rename, nest, move answers, merge, split, delete, sign off.

A theme is a ``candidate`` while only the model has shaped it; any change a person makes here makes
it ``edited``, and a signed-off theme that changes loses its sign-off (with a row in ``reviews``).
Every write is one transaction with an audit row; undo is offered by :mod:`consult_analyser.actions.themes`.
Reading themes is :mod:`consult_analyser.store.themes`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from consult_analyser.domain import Source, Theme, ThemeStatus, new_id, now_iso
from consult_analyser.store.project import Changes, Project
from consult_analyser.store.themes import answer_ids, chunks, get_theme, marks


def _require(project: Project, theme_ids: Sequence[str]) -> list[Theme]:
    themes = []
    for theme_id in theme_ids:
        theme = get_theme(project, theme_id)
        if theme is None:
            raise ValueError(f"no theme with id {theme_id!r}")
        themes.append(theme)
    if len({t.question_id for t in themes}) > 1:
        raise ValueError("these themes belong to different questions")
    return themes


def _touch(project: Project, theme_ids: Iterable[str]) -> None:
    """A person changed these themes: they become 'edited'. A signed-off theme that changes loses
    its sign-off (what was signed is no longer what the theme says), with a row in ``reviews``."""
    now = now_iso()
    ids = list(dict.fromkeys(theme_ids))
    signed = [r[0] for part in chunks(ids) for r in project.query(
        f"SELECT id FROM themes WHERE status = 'signed_off' AND id IN ({marks(len(part))})", list(part))]
    project.conn.executemany(
        "UPDATE themes SET status = 'edited', signed_off_by = CASE status WHEN 'signed_off' THEN '' ELSE signed_off_by"
        " END, signed_off_at = CASE status WHEN 'signed_off' THEN '' ELSE signed_off_at END, updated_at = ?"
        " WHERE id = ?", [(now, t) for t in ids])
    project.conn.executemany("INSERT INTO reviews(id, target_kind, target_id, status, reviewer, note, created_at)"
                             " VALUES (?, 'theme', ?, 'unsigned', ?, 'changed after sign-off', ?)",
                             [(new_id(), t, project.actor, now) for t in signed])


def _check_answers(project: Project, question_id: str, response_ids: Sequence[str]) -> None:
    found = 0
    for part in chunks(list(response_ids)):
        found += project.scalar(f"SELECT COUNT(*) FROM responses WHERE question_id = ? AND id IN ({marks(len(part))})",
                                [question_id, *part])
    if found != len(set(response_ids)):
        raise ValueError("some answers are unknown or belong to another question")


def create_theme(project: Project, question_id: str, label: str, *, description: str = "",
                 keywords: Sequence[str] = (), parent_id: str | None = None, response_ids: Sequence[str] = (),
                 theme_id: str | None = None) -> Theme:
    """A theme added by a person (status 'edited'), optionally with answers assigned to it."""
    label = " ".join(label.split())
    if not label:
        raise ValueError("a theme needs a label")
    if project.scalar("SELECT 1 FROM questions WHERE id = ?", (question_id,)) is None:
        raise ValueError(f"no question with id {question_id!r}")
    if parent_id:
        _require(project, [parent_id])
    theme = Theme(question_id=question_id, label=label, description=description.strip(), keywords=list(keywords),
                  status=ThemeStatus.EDITED, source=Source.ANALYST, parent_id=parent_id, id=theme_id or new_id())
    with project.transaction() as conn:
        position = project.scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM themes WHERE question_id = ?",
                                  (question_id,))
        _insert_themes(conn, [theme], [position])
        if response_ids:
            assign(project, theme.id, response_ids)
        project.audit("create_theme", "theme", theme.id, label=label, answers=len(response_ids))
    return theme


def _insert_themes(conn: sqlite3.Connection, themes: Sequence[Theme], positions: Sequence[int]) -> None:
    now = now_iso()
    conn.executemany(
        "INSERT INTO themes(id, question_id, label, description, keywords, status, source, model, parent_id, run_id,"
        " position, signed_off_by, signed_off_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(t.id, t.question_id, t.label, t.description, json.dumps(t.keywords), ThemeStatus(t.status).value,
          Source(t.source).value, t.model, t.parent_id, t.run_id or None, p, t.signed_off_by, t.signed_off_at, now,
          now) for t, p in zip(themes, positions, strict=True)])


def update_theme(project: Project, theme_id: str, *, label: str | None = None, description: str | None = None,
                 keywords: Sequence[str] | None = None) -> Changes:
    """Rename and/or describe a theme (None leaves a field as it is)."""
    (theme,) = _require(project, [theme_id])
    fields: dict[str, object] = {}
    if label is not None:
        fields["label"] = " ".join(label.split())
        if not fields["label"]:
            raise ValueError("a theme needs a label")
    if description is not None:
        fields["description"] = description.strip()
    elif "label" in fields and fields["label"] != theme.label and not _described_by_person(project, theme_id):
        # the model's description named the old label ("Answers about x, often mentioning y and z"): it
        # names the new one instead (a renamed theme lost its description in the annex and report)
        fields["description"] = _relabelled(theme.description, theme.label, str(fields["label"]))
    if keywords is not None:
        fields["keywords"] = json.dumps(list(keywords))
    with project.transaction() as conn:
        for name, value in fields.items():
            conn.execute(f"UPDATE themes SET {name} = ? WHERE id = ?", (value, theme_id))
        _touch(project, [theme_id])
        # a description the rename derived is the model's still (recorded apart from a person's)
        derived = description is None and "description" in fields
        project.audit("update_theme", "theme", theme_id, previous_label=theme.label,
                      **{("relabelled_description" if k == "description" and derived else k): v
                         for k, v in fields.items() if k != "keywords"})
    return Changes({"themes"}, [theme_id])


def _relabelled(description: str, old: str, new: str) -> str:
    """A model's description with the old label replaced by the new one ("" when it does not name it)."""
    at = description.casefold().find(old.casefold()) if old else -1
    if at < 0:
        return ""
    written = description[at:at + len(old)]
    new = new if written[:1].isupper() or new[1:2].isupper() else new[:1].lower() + new[1:]
    return description[:at] + new + description[at + len(old):]


def _described_by_person(project: Project, theme_id: str) -> bool:
    """Whether a person wrote the theme's description (added the theme, or described it)."""
    row = project.conn.execute("SELECT source FROM themes WHERE id = ?", (theme_id,)).fetchone()
    if row is not None and row[0] == Source.ANALYST.value:
        return True
    return project.scalar("SELECT 1 FROM audit WHERE action = 'update_theme' AND target_id = ?"
                          " AND json_extract(detail, '$.description') IS NOT NULL LIMIT 1", (theme_id,)) is not None


def set_parent(project: Project, theme_ids: Sequence[str], parent_id: str | None) -> Changes:
    """Group themes under a parent theme of the same question (None: top level)."""
    themes = _require(project, list(theme_ids) + ([parent_id] if parent_id else []))
    ancestor = parent_id
    while ancestor:
        if ancestor in theme_ids:
            raise ValueError("a theme cannot be placed under itself or one of its sub-themes")
        ancestor = project.scalar("SELECT parent_id FROM themes WHERE id = ?", (ancestor,))
    changed = [t.id for t in themes[:len(theme_ids)] if t.parent_id != parent_id]  # (no change, no lost sign-off)
    with project.transaction() as conn:
        conn.executemany("UPDATE themes SET parent_id = ? WHERE id = ?", [(parent_id, t) for t in changed])
        if changed:
            _touch(project, changed)
        project.audit("set_theme_parent", "theme", parent_id or "", themes=list(theme_ids),
                      previous={t.id: t.parent_id for t in themes[:len(theme_ids)]})
    return Changes({"themes"}, list(theme_ids))


def assign(project: Project, theme_id: str, response_ids: Sequence[str], *, source: Source | str = Source.ANALYST,
           confidence: float = 1.0) -> Changes:
    """Put answers in a theme (answers already in it take the new source and confidence)."""
    (theme,) = _require(project, [theme_id])
    ids = list(dict.fromkeys(response_ids))
    _check_answers(project, theme.question_id, ids)
    already = {r[0] for r in project.query("SELECT response_id FROM theme_assignments WHERE theme_id = ?", (theme_id,))}
    if Source(source) == Source.ANALYST and set(ids) <= already:
        return Changes({"theme_assignments"}, [])  # in the theme already: nothing changes, nor does its sign-off
    with project.transaction() as conn:
        conn.executemany(
            "INSERT INTO theme_assignments(theme_id, response_id, confidence, source, representative) VALUES (?,?,?,?,0)"
            " ON CONFLICT(theme_id, response_id) DO UPDATE SET source = excluded.source,"
            " confidence = excluded.confidence", [(theme_id, r, float(confidence), Source(source).value) for r in ids])
        if Source(source) == Source.ANALYST:
            _touch(project, [theme_id])
            conn.executemany("DELETE FROM theme_proposals WHERE theme_id = ? AND response_id = ? AND status = 'rejected'",
                             [(theme_id, r) for r in ids])  # put back by a person: no longer kept out
        project.audit("assign_theme", "theme", theme_id, answers=len(ids), source=Source(source).value)
    return Changes({"theme_assignments", "themes"}, [theme_id, *ids])


def unassign(project: Project, theme_id: str, response_ids: Sequence[str] | None = None) -> Changes:
    """Take answers (all of them with None) out of a theme; they stay in their other themes."""
    _require(project, [theme_id])
    with project.transaction() as conn:
        if response_ids is None:
            ids = answer_ids(project, theme_id)
            conn.execute("DELETE FROM theme_assignments WHERE theme_id = ?", (theme_id,))
        else:
            ids = list(dict.fromkeys(response_ids))
            conn.executemany("DELETE FROM theme_assignments WHERE theme_id = ? AND response_id = ?",
                             [(theme_id, r) for r in ids])
        _touch(project, [theme_id])
        project.audit("unassign_theme", "theme", theme_id, answers=len(ids))
    return Changes({"theme_assignments", "themes"}, [theme_id, *ids])


def _move(conn: sqlite3.Connection, source_id: str, target_id: str, response_ids: Sequence[str] | None) -> list[str]:
    """Move assignments from one theme to another; an answer already in the target keeps one
    assignment (analyst beats model, higher confidence, representative if either was)."""
    rows = conn.execute("SELECT response_id, confidence, source, representative FROM theme_assignments"
                        " WHERE theme_id = ?", (source_id,)).fetchall()
    if response_ids is not None:
        wanted = set(response_ids)
        rows = [r for r in rows if r[0] in wanted]
    existing = {r[0]: r for r in conn.execute("SELECT response_id, confidence, source, representative"
                                              " FROM theme_assignments WHERE theme_id = ?", (target_id,))}
    updates, deletes, moves = [], [], []
    for rid, conf, src, rep in rows:
        old = existing.get(rid)
        if old is None:
            moves.append((target_id, source_id, rid))
            continue
        deletes.append((source_id, rid))
        merged = (max(conf, old[1]), "analyst" if "analyst" in (src, old[2]) else old[2], max(rep, old[3]))
        if merged != (old[1], old[2], old[3]):
            updates.append((*merged, target_id, rid))
    conn.executemany("UPDATE theme_assignments SET theme_id = ? WHERE theme_id = ? AND response_id = ?", moves)
    conn.executemany("DELETE FROM theme_assignments WHERE theme_id = ? AND response_id = ?", deletes)
    conn.executemany("UPDATE theme_assignments SET confidence = ?, source = ?, representative = ?"
                     " WHERE theme_id = ? AND response_id = ?", updates)
    return [r[0] for r in rows]


def _settle_nesting(conn: sqlite3.Connection, theme_ids: Sequence[str]) -> None:
    """A sub-theme that now carries more answers than its parent stands on its own: the parent is the
    theme more answers carry (a re-test's lead merged 193 answers into a theme nested under one of 104, an
    opposing point)."""
    questions = {r[0] for r in conn.execute(f"SELECT question_id FROM themes WHERE id IN ({','.join('?' * len(theme_ids))})",
                                            list(theme_ids))}
    for question_id in questions:
        conn.execute("UPDATE themes SET parent_id = NULL WHERE question_id = ? AND parent_id IS NOT NULL AND"
                     " (SELECT COUNT(*) FROM theme_assignments a WHERE a.theme_id = themes.id) >"
                     " (SELECT COUNT(*) FROM theme_assignments a WHERE a.theme_id = themes.parent_id)", (question_id,))


def _keep_out(conn: sqlite3.Connection, theme_id: str, response_ids: Sequence[str]) -> None:
    """A person took these answers out of the theme: a model re-run does not propose them for it again (a
    re-test's re-run proposed 28 answers its lead had just moved out of a signed-off theme)."""
    conn.executemany("INSERT INTO theme_proposals(theme_id, response_id, confidence, status) VALUES (?, ?, 0, 'rejected')"
                     " ON CONFLICT(theme_id, response_id) DO UPDATE SET status = 'rejected'",
                     [(theme_id, r) for r in response_ids])


def move_answers(project: Project, response_ids: Sequence[str], source_id: str | None,
                 target_id: str | None) -> Changes:
    """Move answers from one theme to another. ``source_id`` None: add them to the target (as the
    person's assignment); ``target_id`` None: take them out of the source (unassigned)."""
    if source_id is None and target_id is None:
        raise ValueError("say which theme the answers leave or join")
    if source_id is None:
        return assign(project, str(target_id), response_ids)
    if target_id is None:
        with project.transaction() as conn:
            _keep_out(conn, source_id, list(response_ids))
            return unassign(project, source_id, response_ids)
    _require(project, [source_id, target_id])
    with project.transaction() as conn:
        moved = _move(conn, source_id, target_id, list(response_ids))
        _keep_out(conn, source_id, moved)
        _settle_nesting(conn, [target_id])
        conn.executemany("UPDATE theme_assignments SET source = 'analyst', confidence = 1.0"
                         " WHERE theme_id = ? AND response_id = ?", [(target_id, r) for r in moved])
        _touch(project, [source_id, target_id])
        project.audit("move_theme_answers", "theme", target_id, source=source_id, answers=len(moved))
    return Changes({"theme_assignments", "themes"}, [source_id, target_id, *moved])


def _reparent_children(conn: sqlite3.Connection, theme_id: str, new_parent: str | None) -> None:
    """Before ``theme_id`` goes: its sub-themes move under ``new_parent`` (None: under its own
    parent); ``new_parent`` itself, if it was one of them, moves up instead (no theme is its own parent)."""
    own = conn.execute("SELECT parent_id FROM themes WHERE id = ?", (theme_id,)).fetchone()[0]
    conn.execute("UPDATE themes SET parent_id = ? WHERE parent_id = ? AND id IS NOT ?",
                 (new_parent or own, theme_id, new_parent))
    if new_parent is not None:
        conn.execute("UPDATE themes SET parent_id = ? WHERE id = ? AND parent_id = ?",
                     (None if own == new_parent else own, new_parent, theme_id))


def _keep_passages(conn: sqlite3.Connection, source_id: str, target_id: str,
                   response_ids: Sequence[str] | None = None) -> None:
    """Letters (all of them with None) going from ``source_id`` to ``target_id`` as the theme is merged into it or
    split into it: the passages they are quoted by in the source (``theme_passages``) become theirs in the target,
    where a letter has none yet (a letter in both keeps the target's), and leave the source (explicitly, so that
    undo puts them back after their theme). A letter moved by hand to another theme is quoted whole there."""
    if response_ids is None:
        response_ids = [r[0] for r in conn.execute("SELECT response_id FROM theme_passages WHERE theme_id = ?",
                                                   (source_id,))]
    ids = list(response_ids)
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        conn.execute("INSERT OR IGNORE INTO theme_passages(theme_id, response_id, passage) SELECT ?, response_id,"
                     f" passage FROM theme_passages WHERE theme_id = ? AND response_id IN ({marks(len(part))})",
                     [target_id, source_id, *part])
        conn.execute(f"DELETE FROM theme_passages WHERE theme_id = ? AND response_id IN ({marks(len(part))})",
                     [source_id, *part])


def merge_themes(project: Project, source_ids: Sequence[str], target_id: str) -> Changes:
    """Merge themes into ``target_id``: their answers move to the target (an answer in several
    keeps one assignment) with the passages their letters are quoted by, their sub-themes move
    under it, and the merged themes are removed."""
    sources = [s for s in dict.fromkeys(source_ids) if s != target_id]
    themes = _require(project, [target_id, *sources])
    changes = Changes({"themes", "theme_assignments"}, [target_id, *sources])
    with project.transaction() as conn:
        for source_id in sources:
            changes.ids.extend(_move(conn, source_id, target_id, None))
            _keep_passages(conn, source_id, target_id)
            _reparent_children(conn, source_id, target_id)
        conn.executemany("DELETE FROM themes WHERE id = ?", [(s,) for s in sources])
        _settle_nesting(conn, [target_id])
        _touch(project, [target_id])
        project.audit("merge_themes", "theme", target_id, merged={t.id: t.label for t in themes[1:]},
                      answers=len(changes.ids) - len(sources) - 1)
    return changes


def split_theme(project: Project, theme_id: str, parts: Sequence[tuple[str, str, Sequence[str]]],
                *, theme_ids: Sequence[str] | None = None, by_person: bool = True) -> list[Theme]:
    """Split answers off a theme into new themes, one per ``(label, description, answer ids)``, letters with the
    passages they are quoted by. The new themes sit beside the original (same parent); answers a person chose are
    theirs (``by_person``), a model's split keeps the answers' provenance."""
    (theme,) = _require(project, [theme_id])
    taken = {r[0].casefold() for r in project.query("SELECT label FROM themes WHERE question_id = ?", (theme.question_id,))}
    for label, _description, _ids in parts:  # two themes of one question by one name cannot be told apart
        if label.strip().casefold() in taken:
            raise ValueError(f"this question has a theme called {label.strip()!r} already: merge into it, or choose "
                             "another name")
    made: list[Theme] = []
    with project.transaction() as conn:
        for k, (label, description, response_ids) in enumerate(parts):
            new = create_theme(project, theme.question_id, label, description=description, parent_id=theme.parent_id,
                               theme_id=theme_ids[k] if theme_ids else None)
            moved = _move(conn, theme_id, new.id, list(response_ids))
            _keep_passages(conn, theme_id, new.id, moved)
            _keep_out(conn, theme_id, moved)
            if by_person:  # a trial's split answers were reported as the model's work
                conn.executemany("UPDATE theme_assignments SET source = 'analyst', confidence = 1.0"
                                 " WHERE theme_id = ? AND response_id = ?", [(new.id, r) for r in moved])
            made.append(new)
        _settle_nesting(conn, [theme_id])
        _touch(project, [theme_id])
        project.audit("split_theme", "theme", theme_id, into=[t.id for t in made])
    return made


def delete_themes(project: Project, theme_ids: Sequence[str]) -> Changes:
    """Remove themes; their answers become unassigned (unless in other themes) and their
    sub-themes move up to the removed theme's parent."""
    themes = _require(project, theme_ids)
    changes = Changes({"themes", "theme_assignments"}, list(theme_ids))
    with project.transaction() as conn:
        for theme in themes:
            changes.ids.extend(answer_ids(project, theme.id))
            _reparent_children(conn, theme.id, None)
            conn.execute("DELETE FROM theme_assignments WHERE theme_id = ?", (theme.id,))
            conn.execute("DELETE FROM themes WHERE id = ?", (theme.id,))
        project.audit("delete_themes", "theme", theme_ids[0] if len(theme_ids) == 1 else "",
                      labels={t.id: t.label for t in themes})
    return changes


def sign_off(project: Project, theme_ids: Sequence[str], *, signed: bool = True, note: str = "") -> Changes:
    """Sign themes off (status 'signed_off', who and when), or with ``signed=False`` withdraw the
    sign-off (status 'edited'). Each decision is also a row in ``reviews``."""
    _require(project, theme_ids)
    now = now_iso()
    with project.transaction() as conn:
        if signed:
            conn.executemany("UPDATE themes SET status = 'signed_off', signed_off_by = ?, signed_off_at = ?,"
                             " updated_at = ? WHERE id = ?", [(project.actor, now, now, t) for t in theme_ids])
        else:
            conn.executemany("UPDATE themes SET status = 'edited', signed_off_by = '', signed_off_at = '',"
                             " updated_at = ? WHERE id = ?", [(now, t) for t in theme_ids])
        conn.executemany("INSERT INTO reviews(id, target_kind, target_id, status, reviewer, note, created_at)"
                         " VALUES (?, 'theme', ?, ?, ?, ?, ?)",
                         [(new_id(), t, "signed_off" if signed else "unsigned", project.actor, note, now)
                          for t in theme_ids])
        project.audit("sign_off_themes" if signed else "unsign_themes", "theme",
                      theme_ids[0] if len(theme_ids) == 1 else "", themes=list(theme_ids))
    return Changes({"themes", "reviews"}, list(theme_ids))
