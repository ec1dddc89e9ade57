"""Splitting a project into analysts' copies.

Each copy is a full copy of the project (answers, codebook, themes, sectors) stamped with its
analyst's identity, its own id and the consultation's id, holding only that analyst's
assignment. ``overlap`` gives a random share of respondents to two analysts each, blind: a copy
never holds another team analyst's codings of its shared answers. The lead's project records
every member and assignment, for progress, merging and agreement.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.domain import new_id, now_iso
from consult_analyser.errors import ProjectError
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import identity, team_rows
from consult_analyser.store import team as store
from consult_analyser.store.project import PROJECT_SUFFIX, Project

BY = ("respondent", "question")


@dataclass
class SplitResult:
    split_id: str
    files: dict[str, Path] = field(default_factory=dict)  # analyst -> copy
    assigned: dict[str, int] = field(default_factory=dict)  # analyst -> answers
    overlap: dict[str, int] = field(default_factory=dict)  # analyst -> answers shared with another
    note: str = ""  # what a second split shares out


def copy_filename(analyst: str) -> str:
    safe = re.sub(r"[^\w.-]+", "_", analyst, flags=re.UNICODE).strip("._") or "analyst"
    return safe + PROJECT_SUFFIX


def plan(candidates: Sequence[tuple[str, str, str]], analysts: Sequence[str], *, overlap: float = 0.0,
         by: str = "respondent", seed: int | None = None,
         between: Sequence[str] | None = None) -> list[tuple[str, str, int]]:
    """(analyst, answer id, overlap flag) rows. ``candidates``: (answer, respondent, question).
    By respondent, each respondent's answers go to one analyst (balanced, in random order); by
    question, each question's answers go to one analyst (largest questions first, to the least
    loaded). ``overlap`` of the respondents also go to a second, different analyst; with
    ``between`` (two or more of the analysts), only to those: the shared respondents are drawn from
    theirs and each goes to another of them."""
    rng = random.Random(seed)
    respondents = list(dict.fromkeys(c[1] for c in candidates))
    rng.shuffle(respondents)
    k = len(analysts)
    if by == "respondent":
        owner = {r: analysts[i % k] for i, r in enumerate(respondents)}

        def first(c: tuple[str, str, str]) -> str:
            return owner[c[1]]
    else:
        sizes: dict[str, int] = {}
        for c in candidates:
            sizes[c[2]] = sizes.get(c[2], 0) + 1
        load = dict.fromkeys(analysts, 0)
        question_owner: dict[str, str] = {}
        for q in sorted(sizes, key=lambda q: (-sizes[q], q)):
            who = min(analysts, key=lambda a: (load[a], analysts.index(a)))
            question_owner[q] = who
            load[who] += sizes[q]

        def first(c: tuple[str, str, str]) -> str:
            return question_owner[c[2]]
    if between:
        return _plan_between(candidates, respondents, first, list(between), overlap, rng)
    shared = set(respondents[:round(overlap * len(respondents))]) if k > 1 else set()
    offset = {r: 1 + rng.randrange(k - 1) for r in shared} if k > 1 else {}
    rows: list[tuple[str, str, int]] = []
    for c in candidates:
        primary = first(c)
        if c[1] in shared:
            second = analysts[(analysts.index(primary) + offset[c[1]]) % k]
            rows += [(primary, c[0], 1), (second, c[0], 1)]
        else:
            rows.append((primary, c[0], 0))
    return rows


def _plan_between(candidates: Sequence[tuple[str, str, str]], respondents: Sequence[str],
                  first: Callable[[tuple[str, str, str]], str], between: list[str], overlap: float,
                  rng: random.Random) -> list[tuple[str, str, int]]:
    """:func:`plan` with double coding only among ``between``: ``overlap`` of all respondents (as many
    as there are) are drawn from those whose answers go to one of them, and each of those answers
    also goes to another of them."""
    theirs = {c[1] for c in candidates if first(c) in between}
    pool = [r for r in respondents if r in theirs]
    shared = set(pool[:round(overlap * len(respondents))])
    kb = len(between)
    offset = {r: 1 + rng.randrange(kb - 1) for r in pool if r in shared}
    rows: list[tuple[str, str, int]] = []
    for c in candidates:
        primary = first(c)
        if c[1] in shared and primary in between:
            second = between[(between.index(primary) + offset[c[1]]) % kb]
            rows += [(primary, c[0], 1), (second, c[0], 1)]
        else:
            rows.append((primary, c[0], 0))
    return rows


def split(project: Project, analysts: Sequence[str], out_dir: str | Path, *, overlap: float = 0.0,
          by: str = "respondent", seed: int | None = None, progress: ProgressFn | None = None,
          questions: Sequence[str] = (), overlap_between: Sequence[str] = ()) -> SplitResult:
    """Write one copy per analyst into ``out_dir`` and record the split in ``project``. ``questions``:
    share out only these questions' answers (keys such as Q3; default every question with text);
    ``overlap_between``: double-code only among these analysts (default: any two)."""
    progress = progress or null_progress
    names = [identity.check(a, "analyst")[0] for a in analysts]
    if not names:
        raise ProjectError("name at least one analyst")
    if len({n.casefold() for n in names}) != len(names):
        raise ProjectError("each analyst must be named once")
    if not 0.0 <= overlap <= 1.0:
        raise ProjectError(f"--overlap must be between 0 and 1, not {overlap}")
    if overlap > 0 and len(names) < 2:
        raise ProjectError("double coding (--overlap) needs at least two analysts")
    if by not in BY:
        raise ProjectError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    between = _overlap_between(names, overlap_between, overlap)
    wanted = _question_ids(project, questions)
    out = Path(out_dir)
    files = {n: out / copy_filename(n) for n in names}
    if len(set(files.values())) != len(files):
        raise ProjectError("two analysts' names give the same file name; make them more different")
    taken = [str(p) for p in files.values() if p.exists()]
    if taken:
        raise ProjectError(f"{', '.join(taken)} already exist; choose an empty folder")
    # a project split before shares out only what no analyst has yet (a later wave, letters):
    # splitting everything again would give each answer to a second analyst and count it as double-coded
    again = bool(store.members(project))
    candidates = store.split_candidates(project, unassigned_only=again)
    if wanted:
        candidates = [c for c in candidates if c[2] in wanted]
    if not candidates:
        raise ProjectError(f"{project.path.name} has no answers with text to share out"
                           + (f" in {', '.join(questions)}" if wanted else "") + (
            ": every answer is already assigned to an analyst of the earlier split (team status). To add an analyst, "
            "give them a share of the answers still to code (team split --add NAME --share 0.3) or of the double "
            "coding (--overlap); to move a leaving analyst's answers still to code: team reassign --from NAME --to NAME"
            if again else ""))
    rows = plan(candidates, names, overlap=overlap, by=by, seed=seed, between=between)
    store.consultation_id(project, create=True)
    result = SplitResult(split_id=new_id())
    if again:
        result.note = (f"the project was split before: only the {len(candidates):,} answers no analyst has yet are "
                       "shared out")
    team_names = sorted(set(names) | {m.analyst for m in store.members(project)})
    write_copies(project, {n: [r for r in rows if r[0] == n] for n in names}, files, result, team_names, progress)
    with project.transaction():
        store.set_assignments(project, rows)
        store.record_split_codes(project, result.split_id)
        project.audit("team_split", "team", result.split_id, analysts=names, overlap=overlap, by=by,
                      answers=len(candidates), questions=sorted(wanted.values()), overlap_between=between or [])
    progress(1.0, "done")
    return result


def write_copies(project: Project, shares: dict[str, list[tuple[str, str, int]]], files: dict[str, Path],
                 result: SplitResult, team_names: Sequence[str], progress: ProgressFn) -> None:
    """Write one copy per analyst of ``shares`` (analyst -> their (analyst, answer, overlap) rows) to
    ``files`` and record each as a member of ``result``'s split; every copy holds only its analyst's
    assignment and no other team analyst's codings of its double-coded answers (blind). All or none:
    a failure removes the copies already written."""
    when = now_iso()
    made: list[Path] = []
    try:
        for i, (name, mine) in enumerate(shares.items()):
            progress(i / max(1, len(shares)), f"copy for {name}")
            copy_id = new_id()
            team_rows.copy_file(project, files[name])
            made.append(files[name])
            with Project.open(files[name], actor=name) as copy:
                with copy.transaction():
                    for table in ("team_assignments", "team_members", "team_merges", "team_conflicts"):
                        copy.conn.execute(f"DELETE FROM {table}")  # the lead's records stay with the lead
                    copy.conn.execute("DELETE FROM team_base")
                    store.set_assignments(copy, mine)
                    shared = [r[1] for r in mine if r[2]]
                    others = [n for n in team_names if n != name]
                    if shared and others:
                        store.remove_codings_of(copy, others, shared)
                    copy.set_meta(store.COPY_KEY, copy_id)
                    copy.set_meta(store.SPLIT_KEY, result.split_id)
                    copy.set_meta(identity.COPY_META_KEY, identity.copy_identity_value(name, "analyst"))
                    copy.audit("team_copy_made", "team", copy_id, analyst=name, answers=len(mine))
                team_rows.write_base(copy)
                copy.set_meta(store.AUDIT_BASE_KEY, str(store.audit_seq(copy)))
            result.files[name] = files[name]
            result.assigned[name] = len(mine)
            result.overlap[name] = sum(r[2] for r in mine)
            store.add_member(project, store.Member(copy_id, name, "analyst", str(files[name]), result.split_id, when))
    except BaseException:
        for path in made:  # no half-made split: copies already written are removed
            for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                extra.unlink(missing_ok=True)
        with project.transaction() as conn:
            conn.execute("DELETE FROM team_members WHERE split_id = ?", (result.split_id,))
        raise


def _overlap_between(names: Sequence[str], wanted: Sequence[str], overlap: float) -> list[str]:
    """The analysts double coding is limited to (as spelled in ``names``); [] for any two."""
    if not wanted:
        return []
    by_fold = {n.casefold(): n for n in names}
    unknown = [w for w in wanted if w.strip().casefold() not in by_fold]
    if unknown:
        raise ProjectError(f"--overlap-between names {', '.join(unknown)}, not among --analysts ({', '.join(names)})")
    chosen = list(dict.fromkeys(by_fold[w.strip().casefold()] for w in wanted))
    if len(chosen) < 2:
        raise ProjectError("--overlap-between needs at least two of the analysts")
    if overlap <= 0:
        raise ProjectError("--overlap-between needs a share of double coding (--overlap)")
    return chosen


def _question_ids(project: Project, keys: Sequence[str]) -> dict[str, str]:
    """Question id -> key of the questions named (by key, any case); {} for all."""
    if not keys:
        return {}
    known = {str(r[1]).casefold(): (r[0], r[1]) for r in project.query("SELECT id, key FROM questions")}
    unknown = [k for k in keys if k.strip().casefold() not in known]
    if unknown:
        raise ProjectError(f"no question {', '.join(unknown)} in {project.path.name} (its questions: "
                           f"{', '.join(v[1] for v in known.values())})")
    return dict(known[k.strip().casefold()] for k in keys)


def write_assignment(project: Project, out: str | Path) -> int:
    """Write the answers assigned to this copy's analyst (respondent id, question, double-coded,
    coded yet) as CSV, formula-safe; the number of answers."""
    import csv

    from consult_analyser.export.safety import csv_row

    rows = store.assignment_rows(project, project.actor)
    with Path(out).open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["respondent_id", "question", "double_coded", "coded"])
        writer.writerows(csv_row(r) for r in rows)
    return len(rows)
