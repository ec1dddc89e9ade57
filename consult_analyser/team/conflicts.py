"""Resolving the conflicts a merge recorded: the lead keeps their version or takes the analyst's.

Every resolution is one transaction, recorded on the conflict (who, when, which way) and in the
audit log. What "take the analyst's" means depends on the kind:

- ``renamed_twice`` / ``edited_twice`` / ``signed_off_edited`` / ``edited_deleted`` / ``added_twice``:
  the analyst's row replaces (or restores) the lead's;
- ``deleted_used`` / ``deleted_edited``: the analyst's deletion is carried out (for a code: with
  its sub-codes and every coding that uses them);
- ``used_deleted``: the deleted code comes back with the analyst's codings;
- ``renamed`` (an analyst renamed a code of the shared codebook): the code takes the analyst's name
  (only its name: its other fields stay as they are here).

"Keep the lead's" leaves the project as it is.
"""

from __future__ import annotations

import re

from consult_analyser.errors import ProjectError
from consult_analyser.store import team as store
from consult_analyser.store import team_rows
from consult_analyser.store.identity import require_lead
from consult_analyser.store.project import Changes, Project

CHOICES = ("lead", "analyst")

#: what each choice does, in words for the app and the command line
EXPLAIN = {
    "lead": "keep this project's version",
    "analyst": "take the analyst's version",
}


def open_conflicts(project: Project) -> list[store.Conflict]:
    return store.conflicts(project, status="open")


def usage_breakdown(usage: store.CodeUsage) -> str:
    """Who coded with a code, on it and on its sub-codes: "coder_p 10, coder_s 2; it has no sub-codes", or
    "on the code itself coder_p 10, coder_s 2; on its 3 sub-codes coder_p 6"."""
    def who(counts: list[tuple[str, int]]) -> str:
        return ", ".join(f"{coder or 'unnamed'} {n:,}" for coder, n in counts) or "none"

    if not usage.sub_codes:
        return f"{who(usage.own)}; it has no sub-codes"
    subs = f"{usage.sub_codes} sub-code{'s' if usage.sub_codes != 1 else ''}"
    return f"on the code itself {who(usage.own)}; on its {subs} {who(usage.below)}"


def usage_text(usage: store.CodeUsage) -> str:
    """The codings on a code as every report of a code conflict says them, whatever the order of the
    merges: "12 codings on 10 answers use it: coder_p 10, coder_s 2; it has no sub-codes", or with
    sub-codes, "18 codings on 10 answers use it or its sub-codes: on the code itself coder_p 10,
    coder_s 2; on its 3 sub-codes coder_p 6"."""
    total = usage.total
    if not total:
        return "no codings use it" + (" or its sub-codes" if usage.sub_codes else " (it has no sub-codes)")
    head = f"{total:,} coding{'s' if total != 1 else ''} on {usage.answers:,} answer{'s' if usage.answers != 1 else ''}"
    verb = "uses" if total == 1 else "use"
    return f"{head} {verb} it{' or its sub-codes' if usage.sub_codes else ''}: {usage_breakdown(usage)}"


#: what a rename conflict's summary said of its codings when the merge recorded it (counted then, in that
#: merge's order): left out, the codings are counted when the conflict is shown
_OLD_COUNTS = re.compile(r" \(codings here: [^)]*\)")


def describe(project: Project, conflict: store.Conflict) -> str:
    """A conflict as `team conflicts` and the Team view show it: its summary, and for an open one on a
    code still here, the codings on it now (:func:`usage_text`): the same text whichever copy was merged
    first (a trial's read "(codings here: coder_s 2)" one way, nothing the other)."""
    summary = _OLD_COUNTS.sub("", conflict.summary)
    if conflict.tbl != "codes" or conflict.status != "open" or team_rows.get_row(project, "codes", conflict.key) is None:
        return summary
    return f"{summary}. Now {usage_text(store.code_usage(project, conflict.key))}"


def resolve(project: Project, conflict_id: str, choice: str) -> Changes:
    """Resolve one conflict (``choice``: ``lead`` or ``analyst``)."""
    require_lead(project.identity, "resolve conflicts")
    if choice not in CHOICES:
        raise ProjectError(f"choose {' or '.join(CHOICES)}, not {choice!r}")
    conflict = store.get_conflict(project, conflict_id)
    if conflict is None:
        raise ProjectError(f"no conflict with id {conflict_id!r} (see `team conflicts`)")
    if conflict.status != "open":
        raise ProjectError(f"conflict {conflict.id[:8]} was already resolved ({conflict.resolution} by "
                           f"{conflict.resolved_by})")
    changes = Changes().add("team", conflict.id)
    with project.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        known = set(team_rows.foreign_key_problems(project))
        if choice == "analyst":
            _take_analyst(project, conflict, changes)
        problems = [p for p in team_rows.foreign_key_problems(project) if p not in known]
        if problems:  # raising here undoes the resolution
            raise ProjectError(f"cannot take the analyst's version: {'; '.join(problems[:3])}")
        store.mark_resolved(project, conflict.id, choice)
        project.audit("team_resolve", "team_conflict", conflict.id, kind=conflict.kind, choice=choice,
                      analyst=conflict.analyst, summary=conflict.summary)
    return changes


def impact(project: Project, conflict_id: str, choice: str) -> str:
    """What resolving a conflict this way removes, counted now: taking an analyst's deletion of a
    code removes every coding with it (and its sub-codes), whoever made them, not only those
    the conflict named when the merge recorded it."""
    conflict = store.get_conflict(project, conflict_id)
    if conflict is None or choice != "analyst" or conflict.kind not in ("deleted_used", "deleted_edited") \
            or conflict.tbl != "codes":
        return ""
    tree, frontier = [], [conflict.key]
    while frontier:
        current = frontier.pop()
        tree.append(current)
        frontier.extend(r[0] for r in project.query("SELECT id FROM codes WHERE parent_id = ?", (current,)))
    marks = ",".join("?" * len(tree))
    counts = project.query(f"SELECT coder, COUNT(*) FROM codings WHERE code_id IN ({marks}) GROUP BY coder"
                           " ORDER BY COUNT(*) DESC, coder", tree)
    total = sum(n for _, n in counts)
    if not total:
        return ""
    who = ", ".join(f"{coder or 'unnamed'} {n:,}" for coder, n in counts)
    return f"this removes the code and its {total:,} codings ({who})"


def _take_analyst(project: Project, conflict: store.Conflict, changes: Changes) -> None:
    table, key, incoming = conflict.tbl, conflict.key, conflict.payload.get("incoming")
    changes.add(table, key)
    if conflict.kind in ("deleted_used", "deleted_edited"):
        if table == "codes":
            _delete_code_tree(project, key)
        else:
            team_rows.delete_row(project, table, key)
        return
    if conflict.kind == "used_deleted":
        if team_rows.get_row(project, "codes", key) is None and incoming and "created_at" in incoming:
            if incoming.get("parent_id") and team_rows.get_row(project, "codes", incoming["parent_id"]) is None:
                incoming = dict(incoming, parent_id=None)
            team_rows.insert_row(project, "codes", incoming)
        rows = conflict.payload.get("codings") or []
        have = team_rows.existing_keys(project, "codings", [r["id"] for r in rows])
        team_rows.insert_rows(project, "codings", [r for r in rows if r["id"] not in have])
        changes.add("codings", *[r["response_id"] for r in rows])
        return
    if incoming is None:
        raise ProjectError(f"conflict {conflict.id[:8]} carries no row to take")
    if conflict.kind == "renamed":
        here = team_rows.get_row(project, table, key)
        if here is None:
            raise ProjectError(f"conflict {conflict.id[:8]}: the code was deleted here since")
        team_rows.update_row(project, table, dict(here, name=incoming["name"]))
        return
    if team_rows.get_row(project, table, key) is None:
        team_rows.insert_row(project, table, incoming)
    else:
        team_rows.update_row(project, table, incoming)


def _delete_code_tree(project: Project, code_id: str) -> None:
    order: list[str] = []
    frontier = [code_id]
    while frontier:
        current = frontier.pop()
        order.append(current)
        frontier.extend(r[0] for r in project.query("SELECT id FROM codes WHERE parent_id = ?", (current,)))
    for item in reversed(order):  # children first; their codings go with them (ON DELETE CASCADE)
        team_rows.delete_row(project, "codes", item)
