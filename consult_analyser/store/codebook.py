"""The codebook: a tree of codes with names, descriptions, colours and positions.

Codes are identified by id; for people and files they are named by their path, the names from
the top down joined by ``" > "`` ("Funding > Youth services"). Names are unique among siblings
(ignoring case) so that a path always names one code. Positions are 0, 1, 2 ... among siblings.
Every write is one transaction with an audit row; undo is offered by
:mod:`consult_analyser.actions.coding`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from consult_analyser.domain import Code, new_id, now_iso
from consult_analyser.store.project import Changes, Project

PATH_SEPARATOR = " > "
# Tableau 20: distinct, colour-blind-aware colours for new codes, the ten strong ones first (Tableau 10, as
# the first ten codes always had) and then their light partners. Ten colours alone came round again at the
# eleventh code, and two codes of one colour could not be told apart on a card.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2",
           "#d7b5a6", "#79706e")
#: beyond the palette, each round mixes it this much more toward black (odd rounds) or white (even), up to
#: :data:`MOST_MIXED`
MIX_STEP = 0.25
MOST_MIXED = 0.6
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class CodeInUse(ValueError):
    """A code (or its sub-codes) still has codings; pass ``force=True`` to delete them as well."""

    def __init__(self, message: str, codings: int):
        super().__init__(message)
        self.codings = codings


def _code(row: sqlite3.Row) -> Code:
    return Code(id=row["id"], name=row["name"], description=row["description"], colour=row["colour"],
                parent_id=row["parent_id"], position=row["position"])


# ------------------------------------------------------------------------------------------ reading


def list_codes(project: Project) -> list[Code]:
    """Every code in tree order: each parent followed by its children, by position."""
    by_parent: dict[str | None, list[Code]] = {}
    for row in project.query("SELECT * FROM codes ORDER BY position, name"):
        code = _code(row)
        by_parent.setdefault(code.parent_id, []).append(code)
    out: list[Code] = []
    stack = list(reversed(by_parent.get(None, [])))  # an explicit stack: any depth, no recursion
    seen: set[str] = set()
    while stack:
        code = stack.pop()
        if code.id in seen:
            continue
        seen.add(code.id)
        out.append(code)
        stack.extend(reversed(by_parent.get(code.id, [])))
    return out


def get_code(project: Project, code_id: str) -> Code | None:
    row = project.conn.execute("SELECT * FROM codes WHERE id = ?", (code_id,)).fetchone()
    return _code(row) if row else None


def children(project: Project, parent_id: str | None) -> list[Code]:
    """The direct sub-codes of ``parent_id`` (top-level codes for None), by position."""
    return [_code(r) for r in project.query(
        "SELECT * FROM codes WHERE parent_id IS ? ORDER BY position, name", (parent_id,))]


def descendant_ids(project: Project, code_id: str) -> list[str]:
    """Ids of every code below ``code_id`` (not including it)."""
    return [r[0] for r in project.query(
        "WITH RECURSIVE d(id) AS (SELECT id FROM codes WHERE parent_id = ?"
        " UNION SELECT c.id FROM codes c JOIN d ON c.parent_id = d.id) SELECT id FROM d", (code_id,))]


def code_paths(project: Project) -> dict[str, str]:
    """Code id -> path such as ``"Funding > Youth services"``."""
    rows = {r["id"]: (r["name"], r["parent_id"]) for r in project.query("SELECT id, name, parent_id FROM codes")}
    paths: dict[str, str] = {}

    def path(code_id: str, depth: int = 0) -> str:
        if code_id not in paths:
            name, parent = rows[code_id]
            paths[code_id] = name if parent is None or depth > 100 else path(parent, depth + 1) + PATH_SEPARATOR + name
        return paths[code_id]

    for code_id in rows:
        path(code_id)
    return paths


def code_path(project: Project, code_id: str) -> str:
    return code_paths(project).get(code_id, "")


def split_path(path: str) -> list[str]:
    """``"A > B"`` (or ``"A->B"``, as coding sheets often write it) -> ``["A", "B"]`` (surrounding
    spaces ignored)."""
    return [part.strip() for part in re.split(r"-?>", path)]


def code_at_path(project: Project, path: str) -> Code | None:
    """The code at exactly this path (a bare name means a top-level code); case is ignored."""
    row = None
    parent: str | None = None
    for part in split_path(path):
        row = project.conn.execute("SELECT * FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE",
                                   (parent, part)).fetchone()
        if row is None:
            return None
        parent = row["id"]
    return _code(row) if row is not None else None


def find_code(project: Project, name_or_path: str) -> Code | None:
    """The code at this path (``"Parent > Child"``), else the only code with this name at any
    level. Case is ignored. None when nothing, or more than one code, matches."""
    parts = split_path(name_or_path)
    if not all(parts):
        return None
    code = code_at_path(project, name_or_path)
    if code is None and len(parts) == 1:
        rows = project.query("SELECT * FROM codes WHERE name = ? COLLATE NOCASE", (parts[0],))
        if len(rows) == 1:
            code = _code(rows[0])
    return code


# ------------------------------------------------------------------------------------------ helpers


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", (name or "").strip())
    if not name:
        raise ValueError("a code needs a name")
    if ">" in name:
        raise ValueError(f"code names cannot contain '>' (it separates levels in code paths): {name!r}")
    return name


def _clean_colour(colour: str) -> str:
    if not _COLOUR.match(colour or ""):
        raise ValueError(f"colours are written #rrggbb, such as #4e79a7, not {colour!r}")
    return colour.lower()


def _check_sibling_name(project: Project, parent_id: str | None, name: str, exclude: Sequence[str] = ()) -> None:
    row = project.conn.execute(
        "SELECT id FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE", (parent_id, name)).fetchone()
    if row is not None and row[0] not in exclude:
        where = f"under {code_path(project, parent_id)!r}" if parent_id else "at the top level"
        raise ValueError(f"there is already a code named {name!r} {where}")


def _check_exists(project: Project, code_ids: Sequence[str]) -> None:
    for code_id in code_ids:
        if project.scalar("SELECT 1 FROM codes WHERE id = ?", (code_id,)) is None:
            raise ValueError(f"no code with id {code_id!r}")


def _renumber(project: Project, parent_id: str | None, order: Sequence[str] | None = None) -> None:
    ids = list(order) if order is not None else [c.id for c in children(project, parent_id)]
    for position, code_id in enumerate(ids):
        project.conn.execute("UPDATE codes SET position = ? WHERE id = ? AND position IS NOT ?",
                             (position, code_id, position))


def nth_colour(index: int) -> str:
    """The colour of the ``index``-th code made (from 0): the palette's, then the palette again darker
    (round 1), lighter (round 2), darker still (round 3) and so on, each mixed :data:`MIX_STEP` more
    (at most :data:`MOST_MIXED`) toward black or white."""
    round_, at = divmod(max(0, index), len(PALETTE))
    colour = PALETTE[at]
    if round_ == 0:
        return colour
    amount = min(MOST_MIXED, MIX_STEP * ((round_ + 1) // 2))
    toward = 0 if round_ % 2 else 255
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (toward - c) * amount):02x}" for c in channels)


def next_colour(project: Project) -> str:
    """A colour for a new code, by the number of codes there are (:func:`nth_colour`); the codes there
    keep theirs."""
    return nth_colour(int(project.scalar("SELECT COUNT(*) FROM codes")))


# ------------------------------------------------------------------------------------------ writing


def create_code(project: Project, name: str, *, parent_id: str | None = None, description: str = "",
                colour: str = "", position: int | None = None, code_id: str | None = None) -> Code:
    """Add a code under ``parent_id`` (top level for None) at ``position`` (None: last)."""
    name = _clean_name(name)
    with project.transaction() as conn:
        if parent_id is not None:
            _check_exists(project, [parent_id])
        _check_sibling_name(project, parent_id, name)
        code = Code(name=name, description=description.strip(), colour=_clean_colour(colour or next_colour(project)),
                    parent_id=parent_id, id=code_id or new_id())
        siblings = [c.id for c in children(project, parent_id)]
        position = len(siblings) if position is None else max(0, min(position, len(siblings)))
        conn.execute("INSERT INTO codes(id, name, description, colour, parent_id, position, created_at, created_by)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (code.id, code.name, code.description, code.colour, parent_id, position, now_iso(),
                      project.actor))
        siblings.insert(position, code.id)
        _renumber(project, parent_id, siblings)
        code.position = position
        project.audit("create_code", "code", code.id, name=name, parent=parent_id)
    return code


def update_code(project: Project, code_id: str, *, name: str | None = None, description: str | None = None,
                colour: str | None = None) -> Changes:
    """Rename, describe and/or recolour a code (arguments left as None are unchanged)."""
    code = get_code(project, code_id)
    if code is None:
        raise ValueError(f"no code with id {code_id!r}")
    with project.transaction() as conn:
        if name is not None:
            name = _clean_name(name)
            _check_sibling_name(project, code.parent_id, name, exclude=[code_id])
            conn.execute("UPDATE codes SET name = ? WHERE id = ?", (name, code_id))
        if description is not None:
            conn.execute("UPDATE codes SET description = ? WHERE id = ?", (description.strip(), code_id))
        if colour is not None:
            conn.execute("UPDATE codes SET colour = ? WHERE id = ?", (_clean_colour(colour), code_id))
        project.audit("update_code", "code", code_id, name=name, description=description, colour=colour,
                      previous_name=code.name)
    return Changes({"codes"}, [code_id])


def move_codes(project: Project, code_ids: Sequence[str], parent_id: str | None,
               position: int | None = None) -> Changes:
    """Move codes (in the order given) under ``parent_id`` (None: top level) at ``position``, an
    index into the new parent's children once the moved codes are taken out (None: at the end).
    Refuses to put a code under itself or one of its own sub-codes."""
    code_ids = list(dict.fromkeys(code_ids))
    _check_exists(project, code_ids + ([parent_id] if parent_id else []))
    if parent_id is not None:
        ancestors = {parent_id}
        current: str | None = parent_id
        while current is not None:
            current = project.scalar("SELECT parent_id FROM codes WHERE id = ?", (current,))
            if current is not None:
                ancestors.add(current)
        loops = [c for c in code_ids if c in ancestors]
        if loops:
            raise ValueError(f"cannot move {code_path(project, loops[0])!r} under itself or one of its sub-codes")
    moved = [get_code(project, c) for c in code_ids]
    names = [m.name.casefold() for m in moved if m]
    if len(set(names)) < len(names):
        raise ValueError("cannot move two codes with the same name under one parent")
    with project.transaction() as conn:
        for code in moved:
            assert code is not None
            _check_sibling_name(project, parent_id, code.name, exclude=code_ids)
        old_parents = {code.parent_id for code in moved if code}
        siblings = [c.id for c in children(project, parent_id) if c.id not in code_ids]
        position = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings[position:position] = code_ids
        for code_id in code_ids:
            conn.execute("UPDATE codes SET parent_id = ? WHERE id = ? AND parent_id IS NOT ?",
                         (parent_id, code_id, parent_id))
        _renumber(project, parent_id, siblings)
        for old in old_parents - {parent_id}:
            _renumber(project, old)
        project.audit("move_codes", "code", code_ids[0] if len(code_ids) == 1 else "", ids=code_ids,
                      parent=parent_id, position=position)
    return Changes({"codes"}, code_ids)


def merge_codes(project: Project, source_ids: Sequence[str], target_id: str) -> Changes:
    """Merge codes into ``target_id``: their codings, sub-codes, memos and accepted suggestions
    move to the target, then they are deleted. Codings that would duplicate one already on the
    target (same answer, same span, same coder) collapse into one. Pending and rejected
    suggestions of the merged codes are dropped (the next auto-coding run suggests the target)."""
    sources = [s for s in dict.fromkeys(source_ids) if s != target_id]
    _check_exists(project, sources + [target_id])
    if not sources:
        return Changes()
    below = {d for s in sources for d in descendant_ids(project, s)}
    if target_id in below:
        raise ValueError(f"cannot merge a code into one of its own sub-codes ({code_path(project, target_id)!r})")
    marks = ",".join("?" * len(sources))
    with project.transaction() as conn:
        old_parents = {project.scalar("SELECT parent_id FROM codes WHERE id = ?", (s,)) for s in sources}
        target = get_code(project, target_id)
        assert target is not None
        # Codings: drop those a target coding (or an earlier source coding) already covers, move the rest.
        conn.execute(
            f"DELETE FROM codings WHERE code_id IN ({marks}) AND EXISTS (SELECT 1 FROM codings t WHERE t.code_id = ?"
            " AND t.response_id = codings.response_id AND t.start IS codings.start AND t.\"end\" IS codings.\"end\""
            " AND t.coder = codings.coder)", [*sources, target_id])
        conn.execute(
            f"DELETE FROM codings WHERE code_id IN ({marks}) AND rowid NOT IN (SELECT MIN(rowid) FROM codings"
            f" WHERE code_id IN ({marks}) GROUP BY response_id, start, \"end\", coder)", [*sources, *sources])
        conn.execute(f"UPDATE codings SET code_id = ? WHERE code_id IN ({marks})", [target_id, *sources])
        # Suggestions: keep accepted ones as history where the target has none for that answer.
        conn.execute(f"DELETE FROM suggestions WHERE code_id IN ({marks}) AND (status != 'accepted' OR response_id"
                     " IN (SELECT response_id FROM suggestions WHERE code_id = ?))", [*sources, target_id])
        conn.execute(f"UPDATE OR IGNORE suggestions SET code_id = ? WHERE code_id IN ({marks})", [target_id, *sources])
        conn.execute(f"DELETE FROM suggestions WHERE code_id IN ({marks})", sources)
        conn.execute(f"UPDATE memos SET target_id = ? WHERE target_kind = 'code' AND target_id IN ({marks})",
                     [target_id, *sources])
        # Sub-codes of merged codes join the target's children; a name clash merges them in turn.
        for source in sources:
            for child in children(project, source):
                clash = conn.execute("SELECT id FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE",
                                     (target_id, child.name)).fetchone()
                if clash is not None:
                    merge_codes(project, [child.id], clash[0])
                else:
                    move_codes(project, [child.id], target_id)
        conn.execute(f"DELETE FROM codes WHERE id IN ({marks})", sources)
        for parent in old_parents:
            _renumber(project, parent)
        project.audit("merge_codes", "code", target_id, sources=sources, target_name=target.name)
    return Changes({"codes", "codings", "suggestions", "memos"}, [target_id, *sources])


def delete_codes(project: Project, code_ids: Sequence[str], *, force: bool = False,
                 with_children: bool = False) -> Changes:
    """Delete codes. Their sub-codes move up to take their place, or with ``with_children`` are
    deleted too. Refuses (:class:`CodeInUse`) while any deleted code has codings, unless
    ``force``, which deletes those codings with it. Memos and suggestions on deleted codes go too."""
    ids = list(dict.fromkeys(code_ids))
    _check_exists(project, ids)
    if with_children:
        ids += [d for c in list(ids) for d in descendant_ids(project, c) if d not in ids]
    marks = ",".join("?" * len(ids))
    used = int(project.scalar(f"SELECT COUNT(*) FROM codings WHERE code_id IN ({marks})", ids))
    if used and not force:
        names = ", ".join(repr(code_path(project, c)) for c in ids[:3]) + (" ..." if len(ids) > 3 else "")
        raise CodeInUse(f"{names} {'is' if len(ids) == 1 else 'are'} applied {used} time(s); "
                        "delete anyway to remove those codings too", used)
    doomed = set(ids)
    with project.transaction() as conn:
        parents = {c: project.scalar("SELECT parent_id FROM codes WHERE id = ?", (c,)) for c in ids}
        for code_id in ids:
            kept = [c for c in children(project, code_id) if c.id not in doomed]
            if not kept:
                continue
            new_parent = parents[code_id]
            while new_parent in doomed:
                new_parent = parents[new_parent]
            siblings = [c.id for c in children(project, new_parent)]
            at = siblings.index(code_id) if code_id in siblings else len(siblings)
            for child in kept:
                _check_sibling_name(project, new_parent, child.name, exclude=list(doomed))
                conn.execute("UPDATE codes SET parent_id = ? WHERE id = ?", (new_parent, child.id))
            siblings[at:at] = [c.id for c in kept]
            _renumber(project, new_parent, siblings)
        conn.execute(f"DELETE FROM codings WHERE code_id IN ({marks})", ids)
        conn.execute(f"DELETE FROM suggestions WHERE code_id IN ({marks})", ids)
        conn.execute(f"DELETE FROM memos WHERE target_kind = 'code' AND target_id IN ({marks})", ids)
        # Children before parents, so the parent reference never dangles.
        paths = code_paths(project)
        depth = {c: len(split_path(paths[c])) for c in ids}
        for code_id in sorted(ids, key=lambda c: -depth[c]):
            conn.execute("DELETE FROM codes WHERE id = ?", (code_id,))
        for parent in set(parents.values()) - doomed:
            _renumber(project, parent)
        project.audit("delete_codes", "code", ids[0] if len(ids) == 1 else "", ids=ids, codings=used)
    return Changes({"codes", "codings", "suggestions", "memos"}, ids)


def ensure_path(project: Project, path: str, *, description: str = "", colour: str = "") -> tuple[Code, bool]:
    """The code at ``path``, created with any missing parents. Returns (code, created). The
    description and colour apply to the last level only, and only when it is created."""
    parent: str | None = None
    created = False
    parts = split_path(path)
    for depth, part in enumerate(parts):
        name = _clean_name(part)
        row = project.conn.execute("SELECT * FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE",
                                   (parent, name)).fetchone()
        if row is None:
            last = depth == len(parts) - 1
            code = create_code(project, name, parent_id=parent, description=description if last else "",
                               colour=colour if last else "")
            created = last
        else:
            code = _code(row)
        parent = code.id
    return code, created


# ------------------------------------------------------------------------------ exchange and themes


def codebook_rows(project: Project) -> list[dict[str, str]]:
    """The codebook as rows (path, description, colour) in tree order, for CSV export."""
    paths = code_paths(project)
    return [{"path": paths[c.id], "description": c.description, "colour": c.colour} for c in list_codes(project)]


def import_rows(project: Project, rows: Sequence[dict[str, str]]) -> tuple[int, int]:
    """Add codes from rows with ``path`` (``"Parent > Child"``), optional ``description`` and
    ``colour``, in one transaction (all or nothing; errors name the 1-based data row). Codes
    already present keep their place; a non-empty description or colour in the row replaces
    theirs. Returns (codes created, codes updated)."""
    created = updated = 0
    with project.transaction():
        for number, row in enumerate(rows, start=1):
            path = (row.get("path") or "").strip()
            description = (row.get("description") or "").strip()
            colour = (row.get("colour") or "").strip()
            try:
                if not path or not all(split_path(path)):
                    raise ValueError(f"empty code name in path {path!r}")
                if colour:
                    _clean_colour(colour)
                existing = code_at_path(project, path)
                if existing is None:
                    ensure_path(project, path, description=description, colour=colour)
                    created += 1
                elif (description and description != existing.description) or (
                        colour and colour.lower() != existing.colour):
                    update_code(project, existing.id, description=description or None, colour=colour or None)
                    updated += 1
            except ValueError as exc:
                raise ValueError(f"row {number}: {exc}") from None
        project.audit("import_codebook", "codes", "", created=created, updated=updated)
    return created, updated
