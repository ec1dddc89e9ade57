"""Who a sector run moved that no analyst set: each respondent whose sector changed though no analyst set it in the
meantime, from which sector to which and why (a rule and the words it read, the retrained model, the declared type).

A trial's one correction ("Australian Digital Health Agency" to Government) brought a rule back that moved a
recruitment firm and the Human Rights Commission into Government, and the retrained model moved two more, while the
command printed only totals. Every run now keeps its list (:func:`save_moves`), which the command line prints
(``sectors``, and ``sectors --moved`` in full) and the desktop Sector review shows after a retrain, from one place
(:func:`describe_moves`, :func:`last_moves`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass

from consult_analyser.domain import SectorAssignment, Source, now_iso
from consult_analyser.store.project import Project

#: the project's record of the last run's moves ({"at": when, "moves": [Move, ...]})
MOVES_META = "sector_last_moves"
#: how many moves a summary names before "... and N more"
SHOWN_MOVES = 20
#: the command that lists them all
MOVED_COMMAND = "`sectors PROJECT --moved`"


@dataclass(frozen=True)
class Move:
    """One respondent a run moved: ids, the name analysts see, the sector keys before and after ("" unclassified)
    and why it is where it is now."""

    respondent_id: str
    external_id: str
    name: str
    before: str
    after: str
    why: str


def placements(assignments: Mapping[str, SectorAssignment]) -> dict[str, tuple[str, str]]:
    """Respondent id -> (sector, source) from the effective assignments (``store.sectors.effective_sectors``)."""
    return {rid: (a.sector_key or "", a.source.value) for rid, a in assignments.items()}


def moved_ids(before: Mapping[str, tuple[str, str]], after: Mapping[str, tuple[str, str]]) -> list[str]:
    """The respondents whose sector differs between two placements though no analyst set or cleared it: one with an
    analyst's label now, or before (then cleared by an analyst), is the analyst's doing, never a move."""
    out = []
    for rid in sorted(set(before) | set(after)):
        old, old_source = before.get(rid, ("", ""))
        new, new_source = after.get(rid, ("", ""))
        if old != new and Source.ANALYST.value not in (old_source, new_source):
            out.append(rid)
    return out


def why_placed(source: str, detail: str, words: str = "") -> str:
    """Why a respondent is where a run put them, in a word or two: 'rule "other_public_body" on "Agency"',
    'model retrained', 'declared "NGO"'."""
    if not source:
        return "no rule or model decides now (left for review)"
    if source == Source.MODEL.value:
        return "model retrained"
    if source == Source.DECLARED.value:
        said = detail.removeprefix("declared:").split(";")[0].strip()
        return f"declared {said!r}" if said else "declared"
    if detail.startswith("local-seed:"):
        return "local seed (names analysts confirmed before)"
    rule = detail.removeprefix("rule:")
    if " " in rule:  # "same organisation as one an analyst set"
        return rule
    return f'rule "{rule}"' + (f' on "{words}"' if words else "")


def make_moves(ids: Sequence[str], before: Mapping[str, tuple[str, str]], after: Mapping[str, SectorAssignment],
               who: Callable[[list[str]], dict[str, tuple[str, str]]],
               why: Callable[[str, SectorAssignment | None], str]) -> list[Move]:
    """The moves of ``ids``: ``who`` gives (external id, name as shown) of each, ``why`` the reason of its placing."""
    names = who(list(ids))
    out = []
    for rid in ids:
        now = after.get(rid)
        external, name = names.get(rid, (rid, rid))
        out.append(Move(rid, external, name, before.get(rid, ("", ""))[0], now.sector_key if now else "", why(rid, now)))
    return out


def save_moves(project: Project, moves: Sequence[Move]) -> None:
    """Keep a run's moves (replacing the last run's), part of the caller's transaction."""
    project.set_meta(MOVES_META, json.dumps({"at": now_iso(), "moves": [asdict(m) for m in moves]}))


def last_moves(project: Project) -> tuple[str, list[Move]]:
    """(when, moves) of the last sector run that kept them; ("", []) before any."""
    stored = project.get_meta(MOVES_META)
    if not stored:
        return "", []
    try:
        data = json.loads(stored)
        return str(data.get("at", "")), [Move(**m) for m in data.get("moves", [])]
    except (ValueError, TypeError, AttributeError):
        return "", []


def move_line(move: Move, labels: Mapping[str, str]) -> str:
    """One move as the command line and the desktop app say it."""
    def label(key: str) -> str:
        return labels.get(key, key) if key else "unclassified"

    return f"{move.external_id}  {move.name}: {label(move.before)} -> {label(move.after)} ({move.why})"


def moves_heading(moves: Sequence[Move]) -> str:
    """The sentence before the list: how many moved that no analyst set, by what."""
    if not moves:
        return "no respondent an analyst did not set changed sector"
    by_rule = sum(1 for m in moves if m.why.startswith("rule"))
    by_model = sum(1 for m in moves if m.why == "model retrained")
    parts = [f"{by_rule:,} by a rule"] if by_rule else []
    parts += [f"{by_model:,} by the retrained model"] if by_model else []
    rest = len(moves) - by_rule - by_model
    parts += [f"{rest:,} otherwise"] if rest else []
    return (f"{len(moves):,} respondent{'s' if len(moves) != 1 else ''} no analyst set changed sector in this run ("
            + ", ".join(parts) + ")")


def describe_moves(moves: Sequence[Move], labels: Mapping[str, str], *, limit: int | None = SHOWN_MOVES,
                   more: str = MOVED_COMMAND) -> list[str]:
    """The heading, then a line for each move (at most ``limit``), then "... and N more (``more`` lists them all)"."""
    if not moves:
        return []
    shown = list(moves) if limit is None else list(moves)[:limit]
    lines = [moves_heading(moves) + ":", *(move_line(m, labels) for m in shown)]
    if len(moves) > len(shown):
        lines.append(f"... and {len(moves) - len(shown):,} more ({more} lists them all)")
    return lines
