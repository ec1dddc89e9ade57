"""What a published file says of its edition (see :mod:`consult_analyser.store.editions`): "Edition 2,
2026-12-08 14:05, made from srai.consult", the edition it supersedes, and what changed since that one, in at
most :data:`MOST_CHANGES` lines ("and 7 more changes" after them), its counts shown as the tables show them
(small counts as "<5", a sector's count the tables withhold as "[c]")."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from consult_analyser.domain import counted
from consult_analyser.export.safety import Redactor
from consult_analyser.export.summaries import Suppress
from consult_analyser.store.editions import (
    Edition,
    Figures,
    Pending,
    current_figures,
    editions,
    last_edition,
    merged_into,
)
from consult_analyser.store.project import Project

#: the changes a file lists; the rest are counted ("and N more changes")
MOST_CHANGES = 10
#: a question's added themes listed one by one up to this many; more are counted ("Q7: 12 themes added")
ADDED_LISTED = 3


def themes_sentence(published: dict[str, int], found: dict[str, int]) -> str:
    """"230 published themes (242 found; 12 not published: Q1 1, General comments 11, not signed off where
    their question has signed-off themes)", as the annex's Cover and the report both say it."""
    shown, total = sum(published.values()), sum(found.values())
    left = {k: n - published.get(k, 0) for k, n in found.items() if n > published.get(k, 0)}
    head = f"{counted(shown, 'published theme')} ({total:,} found"
    if not left:
        return head + (", all published)" if total else ")")
    return (head + f"; {sum(left.values()):,} not published: " + ", ".join(f"{k} {n:,}" for k, n in left.items())
            + ", not signed off where their question has signed-off themes)")


def _stored_themes(project: Project) -> set[str]:
    """The ids of the themes the project holds now (a theme no longer published but still there is not "removed")."""
    return {r[0] for r in project.query("SELECT id FROM themes")}


def when(iso: str, *, time: bool = True) -> str:
    """An edition's time as a reader reads it: local time, to the minute ("2026-12-08 14:05")."""
    try:
        moment = datetime.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso[:16].replace("T", " ")
    return moment.strftime("%Y-%m-%d %H:%M" if time else "%Y-%m-%d")


def edition_heading(pending: Pending) -> str:
    """"Edition 2, 2026-12-08 14:05, made from srai.consult" (or why it is not recorded)."""
    if pending.number is None:
        return (f"not recorded (made {when(pending.made_at)} from {pending.project_file}, which could not be written "
                f"to record it: {pending.why_not}); export again once the project can be written")
    return f"Edition {pending.number}, {when(pending.made_at)}, made from {pending.project_file}"


def supersedes(pending: Pending) -> str:
    """"edition 1 of 2026-12-08" ("" for a first edition)."""
    previous = pending.previous
    return f"edition {previous.number} of {when(previous.made_at, time=False)}" if previous else ""


def change_lines(project: Project, pending: Pending, suppress: Suppress, redactor: Redactor | None = None) -> list[str]:
    """What changed since the edition ``pending`` supersedes, for a published file ([] for a first edition)."""
    if pending.previous is None:
        return []
    stored = _stored_themes(project)
    lines = changes(pending.previous.figures, pending.figures, stored, merged_into(project), suppress)
    return list(redactor(lines)) if redactor is not None and lines else lines


def changes(old: Figures, new: Figures, stored: set[str], merged: dict[str, str],
            suppress: Suppress | None = None, limit: int = MOST_CHANGES) -> list[str]:
    """The changes from ``old`` to ``new``, most telling first, at most ``limit`` lines (then "and N more
    changes"). ``stored``: the theme ids the project holds now (a theme no longer published but still there is
    "no longer published", not "removed"); ``merged``: :func:`~consult_analyser.store.editions.merged_into`.
    ``suppress``: counts as the published tables show them (None: as they are, for the lead's listing)."""
    def count(n: int) -> str:
        return suppress.count_text(n) if suppress is not None else f"{n:,}"

    def sign(a: int, b: int) -> str:
        return f" ({b - a:+,})" if suppress is None or not (suppress.small(a) or suppress.small(b)) else ""

    lines: list[str] = []
    if old.respondents != new.respondents:
        lines.append(f"Respondents: {count(old.respondents)} \u2192 {count(new.respondents)}"
                     + sign(old.respondents, new.respondents))
    lines += _sector_lines(old.sectors, new.sectors, suppress, count)
    theme_lines, sizes = _theme_lines(old, new, stored, merged, count)
    lines += theme_lines
    if (old.codings, old.codings_by_hand, old.suggestions_accepted) != (new.codings, new.codings_by_hand,
                                                                        new.suggestions_accepted):
        lines.append(f"Codings: {old.codings:,} \u2192 {new.codings:,} (made by hand {old.codings_by_hand:,} \u2192 "
                     f"{new.codings_by_hand:,}; model suggestions accepted {old.suggestions_accepted:,} \u2192 "
                     f"{new.suggestions_accepted:,})")
    moved = [k for k in dict.fromkeys([*old.answers, *new.answers]) if old.answers.get(k, 0) != new.answers.get(k, 0)]
    if moved:
        listed = "; ".join(f"{k} {count(old.answers.get(k, 0))} \u2192 {count(new.answers.get(k, 0))}"
                           for k in moved[:3])
        more = f"; {len(moved) - 3} more questions" if len(moved) > 3 else ""
        lines.append(f"Answers: {sum(old.answers.values()):,} \u2192 {sum(new.answers.values()):,} ({listed}{more})")
    lines += sizes
    if len(lines) > limit:
        rest = len(lines) - (limit - 1)
        lines = lines[:limit - 1] + [f"and {rest} more changes"]
    return lines


def _sector_lines(old: dict[str, int], new: dict[str, int], suppress: Suppress | None,
                  count: Callable[[int], str]) -> list[str]:
    """A line per sector whose count changed as published (a count the tables withhold shows as "[c]")."""
    def shown(sectors: dict[str, int]) -> dict[str, str]:
        hide = suppress.withheld(list(sectors.values())) if suppress is not None else [False] * len(sectors)
        return {k: (Suppress.SHARE_MARK if h else count(n)) for (k, n), h in zip(sectors.items(), hide, strict=True)}

    before, after = shown(old), shown(new)
    lines = []
    for label in dict.fromkeys([*new, *old]):
        a, b = before.get(label, "0"), after.get(label, "0")
        if old.get(label, 0) != new.get(label, 0) and a != b:
            lines.append(f"{label}: {a} \u2192 {b} respondents")
    return lines


def _theme_lines(old: Figures, new: Figures, stored: set[str], merged: dict[str, str],
                 count: Callable[[int], str]) -> tuple[list[str], list[str]]:
    """(themes merged, removed, renamed and added; themes whose size alone changed)."""
    lines: list[str] = []
    grown: set[str] = set()
    for theme_id, theme in old.themes.items():
        if theme_id in new.themes:
            continue
        target = merged.get(theme_id)
        if target in new.themes and theme_id not in stored:
            into = new.themes[target]
            before = old.themes.get(target)
            grown.add(target)
            lines.append(f"{theme.question}: \u201c{theme.label}\u201d merged into \u201c{into.label}\u201d ("
                         + (f"{count(before.respondents)} \u2192 " if before else "") + f"{count(into.respondents)})")
        elif theme_id in stored:
            lines.append(f"{theme.question}: \u201c{theme.label}\u201d no longer published")
        else:
            lines.append(f"{theme.question}: \u201c{theme.label}\u201d removed")
    sizes: list[str] = []
    for theme_id, theme in new.themes.items():
        before = old.themes.get(theme_id)
        if before is not None and before.label != theme.label:
            lines.append(f"{theme.question}: \u201c{before.label}\u201d renamed \u201c{theme.label}\u201d"
                         + (f" ({count(before.respondents)} \u2192 {count(theme.respondents)})"
                            if before.respondents != theme.respondents and theme_id not in grown else ""))
        elif before is not None and before.respondents != theme.respondents and theme_id not in grown:
            sizes.append(f"{theme.question}: \u201c{theme.label}\u201d {count(before.respondents)} \u2192 "
                         f"{count(theme.respondents)} respondents")
    added: dict[str, list[tuple[str, int]]] = {}
    for theme_id, theme in new.themes.items():
        if theme_id not in old.themes:
            added.setdefault(theme.question, []).append((theme.label, theme.respondents))
    for question, themes in added.items():
        if len(themes) > ADDED_LISTED:
            lines.append(f"{question}: {counted(len(themes), 'theme')} newly published")
        else:
            lines += [f"{question}: \u201c{label}\u201d newly published ({count(n)})" for label, n in themes]
    return lines, sizes


def listing(project_editions: list[Edition], stored: set[str], merged: dict[str, str]) -> list[str]:
    """Every edition for the lead (the command line's ``export PROJECT --editions``): its number, when, by whom,
    from which file, its files, and what changed since the one before, counts as they are."""
    out: list[str] = []
    previous: Edition | None = None
    for edition in project_editions:
        figures = edition.figures
        who = f" by {edition.made_by}" + (f" ({edition.role})" if edition.role else "") if edition.made_by else ""
        out.append(f"Edition {edition.number}, {when(edition.made_at)}{who}, made from {edition.project_file}: "
                   f"{figures.respondents:,} respondents, {len(figures.themes):,} published themes "
                   f"({figures.themes_found:,} found), {figures.codings:,} codings")
        for entry in edition.files:
            out.append(f"  {entry.get('kind', '')} {entry.get('path', '')} ({when(entry.get('written_at', ''))})")
        if previous is not None:
            found = changes(previous.figures, figures, stored, merged, None, limit=10_000)
            out.append(f"  changes since edition {previous.number}:" + ("" if found else " none in the figures"))
            out += [f"    {line}" for line in found]
        previous = edition
    return out


def editions_listing(project: Project) -> list[str]:
    """:func:`listing` of a project's editions ([] when it was never published)."""
    stored = _stored_themes(project)
    return listing(editions(project), stored, merged_into(project))


def since_last_edition(project: Project, limit: int = 3) -> tuple[str, list[str]]:
    """For the lead, in the app: the last edition ("Last published: edition 2, 2026-12-08 14:05 by lena") and what
    has changed in the figures since (at most ``limit`` lines, then "and N more changes"; counts as they are, an
    analyst's screen). ("", []) for a project never published."""
    last = last_edition(project)
    if last is None:
        return "", []
    stored = _stored_themes(project)
    found = changes(last.figures, current_figures(project), stored, merged_into(project), None, limit=limit)
    who = f" by {last.made_by}" if last.made_by else ""
    return f"Last published: edition {last.number}, {when(last.made_at)}{who}", found
