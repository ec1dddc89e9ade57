"""Changing who codes what after a split: an analyst who joins, one who leaves.

- :func:`add_analyst` (``team split --add NAME``): a new analyst takes a share of the answers still to
  code (``share``: of each analyst's, by respondent) and/or double-codes, blind, a share of the
  respondents coded by one analyst only (``overlap``);
- :func:`reassign` (``team reassign --from A --to B``): A's answers still to code (all, or a share)
  go to B, a new analyst or one already in the team.

"Still to code" is as far as the lead knows: answers the analyst has not coded in the work merged so
far. Their copy still lists the answers taken from them; codings they add to those anyway are merged
as theirs, and the merge says so (:func:`consult_analyser.store.team.reassigned_from`). The receiving
analyst gets a new copy (their whole assignment, the new answers with it), written as ``team split``
writes them: blind on every double-coded answer.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from pathlib import Path

from consult_analyser.domain import new_id
from consult_analyser.errors import ProjectError
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import identity
from consult_analyser.store import team as store
from consult_analyser.store.project import Project
from consult_analyser.team.split import SplitResult, copy_filename, write_copies


def _lead_project(project: Project) -> list[str]:
    """The team's analysts (refusing a copy, or a project never split)."""
    if project.get_meta(store.COPY_KEY):
        raise ProjectError(f"{project.path.name} is an analyst's copy: change who codes what in the lead's project")
    names = sorted({m.analyst for m in store.members(project)})
    if not names:
        raise ProjectError(f"{project.path.name} has not been split yet: share the answers out with "
                           "team split --analysts")
    return names


def _named(names: Sequence[str], wanted: str) -> str | None:
    return next((n for n in names if n.casefold() == " ".join(wanted.split()).casefold()), None)


def _share(value: float, option: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise ProjectError(f"{option} must be between 0 and 1, not {value}")
    return value


def _by_respondent(rows: Sequence[tuple[str, str, int]], share: float, rng: random.Random) -> list[str]:
    """The answers of ``share`` of the respondents among ``rows`` (answer, respondent, flag), drawn at random."""
    respondents = list(dict.fromkeys(r[1] for r in rows))
    rng.shuffle(respondents)
    chosen = set(respondents[:round(share * len(respondents))])
    return [r[0] for r in rows if r[1] in chosen]


def add_analyst(project: Project, name: str, out_dir: str | Path, *, share: float = 0.0, overlap: float = 0.0,
                seed: int | None = None, progress: ProgressFn | None = None) -> SplitResult:
    """Add ``name`` to a split project, with a copy in ``out_dir``: ``share`` of every analyst's answers still
    to code (by respondent) become theirs, and ``overlap`` of the respondents whose answers one analyst codes
    alone are also given to them to double-code, blind."""
    names = _lead_project(project)
    try:
        name = identity.check(name, "analyst")[0]
    except ValueError as exc:
        raise ProjectError(str(exc)) from None
    if _named(names, name):
        raise ProjectError(f"{_named(names, name)} is in the team already: to give them more answers, use "
                           f"team reassign --from ANALYST --to {_named(names, name)}")
    if not _share(share, "--share") and not _share(overlap, "--overlap"):
        raise ProjectError(f"say what {name} takes: --share (of the answers still to code) and/or --overlap (of the "
                           "respondents one analyst codes alone, to double-code)")
    rng = random.Random(seed)
    moved: dict[str, list[tuple[str, int]]] = {}  # analyst -> (answer, overlap flag) taken from them
    for analyst in names:
        left = store.uncoded_assignments(project, analyst) if share else []
        chosen = set(_by_respondent(left, share, rng))
        if chosen:
            moved[analyst] = [(rid, flag) for rid, _respondent, flag in left if rid in chosen]
    taken = {rid for rows in moved.values() for rid, _flag in rows}
    alone = [r for r in store.single_assignments(project) if r[0] not in taken]
    doubled = _by_respondent([(rid, respondent, 0) for rid, respondent, _a in alone], overlap, rng) if overlap else []
    if not taken and not doubled:
        raise ProjectError(f"nothing to give {name}: " + (
            "every assigned answer has been coded, as far as the work merged so far shows" if not overlap else
            "no answer is coded by one analyst alone" if not share else
            "every answer is coded already, or coded by two analysts"))
    owners = {rid: analyst for rid, _r, analyst in alone}
    mine = [(name, rid, flag) for rows in moved.values() for rid, flag in rows] + [(name, rid, 1) for rid in doubled]

    def record() -> None:
        for analyst, rows in moved.items():
            store.move_assignments(project, analyst, name, [rid for rid, _flag in rows])
        store.set_assignments(project, [(owners[rid], rid, 1) for rid in doubled] + [(name, rid, 1) for rid in doubled])
        project.audit("team_add_analyst", "team", name, analyst=name, share=share, overlap=overlap,
                      taken={a: len(rows) for a, rows in moved.items()}, double_coded=len(doubled))

    result = _copy_for(project, name, mine, out_dir, names, record, progress)
    said = _and([f"{len(rows):,} of {a}'s" for a, rows in moved.items()])
    result.note = (f"{name} takes {said or 'none of the'} answers still to code" + (
        f" and double-codes {len(doubled):,} answers coded by one analyst alone, blind" if doubled else "") + "."
        + _moved_note(project, out_dir, {a: [rid for rid, _f in rows] for a, rows in moved.items()}, name))
    return result


def reassign(project: Project, source: str, target: str, out_dir: str | Path, *, share: float = 1.0,
             seed: int | None = None, progress: ProgressFn | None = None) -> SplitResult:
    """Give ``source``'s answers still to code (``share`` of their respondents; all by default) to ``target``
    (a new analyst or one in the team), with a new copy for ``target`` in ``out_dir``."""
    names = _lead_project(project)
    found = _named(names, source)
    if found is None:
        raise ProjectError(f"{source} is not in the team (its analysts: {', '.join(names)})")
    try:
        target = _named(names, target) or identity.check(target, "analyst")[0]
    except ValueError as exc:
        raise ProjectError(str(exc)) from None
    if target == found:
        raise ProjectError("--from and --to name the same analyst")
    if not _share(share, "--share"):
        raise ProjectError("--share must be more than 0")
    left = store.uncoded_assignments(project, found)
    if not left:
        raise ProjectError(f"{found} has coded every answer assigned to them, as far as the work merged so far "
                           "shows: nothing to reassign (merge their latest copy first if they have not sent it)")
    theirs = {rid: int(flag) for rid, flag in project.query(
        "SELECT response_id, overlap FROM team_assignments WHERE analyst = ?", (target,))}
    kept = [r for r in left if r[0] in theirs]  # double-coded by both: one of them must stay the second coder
    chosen = set(_by_respondent([r for r in left if r[0] not in theirs], share, random.Random(seed)))
    if not chosen:
        raise ProjectError(f"nothing to reassign: {found}'s {len(left):,} answers still to code are double-coded "
                           f"with {target}, who cannot code them twice")
    ids = [rid for rid, _r, _f in left if rid in chosen]
    mine = [(target, rid, flag) for rid, flag in theirs.items()] + [(target, rid, f) for rid, _r, f in left
                                                                     if rid in chosen]

    def record() -> None:
        store.move_assignments(project, found, target, ids)
        project.audit("team_reassign", "team", target, source=found, target=target, answers=len(ids),
                      kept=len(kept), share=share)

    result = _copy_for(project, target, mine, out_dir, names, record, progress)
    result.note = (f"{len(ids):,} of {found}'s answers still to code now go to {target}"
                   + (f"; {len(kept):,} double-coded with {target} stay with {found}" if kept else "")
                   + "." + _moved_note(project, out_dir, {found: ids}, target)
                   + (f" {target} works in the new copy from now on (work in their old copy not merged yet can still "
                      "be merged)." if target in names else ""))
    return result


def _copy_for(project: Project, name: str, mine: list[tuple[str, str, int]], out_dir: str | Path,
              names: Sequence[str], record: Callable[[], None], progress: ProgressFn | None) -> SplitResult:
    """Write a copy for ``name`` holding ``mine`` (their whole assignment as it will stand), recorded as a split
    of its own, then ``record`` the change here; a failure of either leaves the project as it was."""
    progress = progress or null_progress
    path = Path(out_dir) / copy_filename(name)
    if path.exists():
        raise ProjectError(f"{path} already exists; choose another folder for {name}'s new copy")
    result = SplitResult(split_id=new_id())
    write_copies(project, {name: mine}, {name: path}, result, sorted(set(names) | {name}), progress)
    try:
        with project.transaction():
            record()
            store.record_split_codes(project, result.split_id)
    except BaseException:
        for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
        with project.transaction() as conn:
            conn.execute("DELETE FROM team_members WHERE split_id = ?", (result.split_id,))
        raise
    progress(1.0, "done")
    return result


def _moved_note(project: Project, out_dir: str | Path, moved: dict[str, list[str]], target: str) -> str:
    """What to tell the analysts answers were taken from, with the list of them written beside the new copy."""
    if not moved:
        return ""
    try:
        lists = [write_moved(project, Path(out_dir) / f"{Path(copy_filename(a)).stem}_reassigned.csv", ids).name
                 for a, ids in moved.items()]
    except OSError as exc:  # the change is made: only its list is missing
        lists = [f"no list: it could not be written ({exc.strerror or exc})"]
    who, many = _and(list(moved)), len(moved) > 1
    return (f" Tell {who} not to code them ({', '.join(lists)}): "
            f"{'their copies still list' if many else 'their copy still lists'} them, and codings added "
            f"there are merged as a second coding, which the merge names. What was taken is reckoned on the work "
            f"merged so far: merge {_and([a + chr(39) + 's' for a in moved])} latest "
            f"{'copies' if many else 'copy'} first, or answers coded since may go to {target} as well.")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def write_moved(project: Project, out: Path, response_ids: Sequence[str]) -> Path:
    """The answers taken from an analyst (respondent id, question), as CSV, formula-safe."""
    from consult_analyser.export.safety import csv_row

    labels = store.answer_labels(project, response_ids)
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["respondent_id", "question"])
        writer.writerows(csv_row(label.rsplit(" ", 1)) for label in labels)
    return out
