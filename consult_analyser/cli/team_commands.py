"""team (split, reassign, changes, merge, status, conflicts, resolve, agreement, adjudicate) and whoami."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from consult_analyser.cli.common import CommandError, open_project, progress_bar
from consult_analyser.cli.edit_commands import code_named
from consult_analyser.errors import ProjectError
from consult_analyser.export.annex_agreement import N_MEANING
from consult_analyser.store import codebook, identity, team_rows
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import agreement, changes, conflicts, merge, owner, reassign, split


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("whoami", help="show or set who you are (name and role), recorded on every action")
    p.add_argument("--name", help="your display name")
    p.add_argument("--role", choices=identity.ROLES, help="analyst or lead")
    p.add_argument("--project", help="show who you are in this project (an analyst's copy names its analyst)")
    p.add_argument("--as-copy-owner", action="store_true",
                   help="with --project, an analyst's copy that is not yours: work in it as its analyst from now on "
                        "(your own name is kept in its journal); without this, writing in it is refused")
    p.set_defaults(func=cmd_whoami)

    team = subparsers.add_parser("team", help="share coding among analysts: split, merge, agreement")
    verbs = team.add_subparsers(dest="verb", metavar="VERB")
    p = verbs.add_parser("split", help="write one project copy per analyst, with their assignment; or add an "
                                       "analyst to a split project (--add)")
    p.add_argument("project")
    p.add_argument("--analysts", help="comma-separated names, e.g. alice,bob,carol")
    p.add_argument("--add", metavar="NAME", help="add an analyst to a project split before: they take --share of "
                                                 "every analyst's answers still to code and/or double-code --overlap")
    p.add_argument("--share", type=float, default=0.0,
                   help="with --add: share of each analyst's answers still to code (as merged so far) that the new "
                        "analyst takes, by respondent (0-1)")
    p.add_argument("--overlap", type=float, default=0.0,
                   help="share of respondents given to two analysts each, blind (0-1; 1.0 = all); with --add, share of "
                        "the respondents one analyst codes alone that the new analyst also codes, blind")
    p.add_argument("--by", choices=split.BY, default="respondent", help="share out respondents or questions")
    p.add_argument("--question", action="append", default=[], metavar="KEY",
                   help="share out only this question's answers (its key, e.g. Q3; repeat for several); "
                        "default: every question with answers")
    p.add_argument("--overlap-between", metavar="NAMES",
                   help="comma-separated analysts (two or more of --analysts) who double-code the --overlap "
                        "share among themselves; default: any two analysts")
    p.add_argument("--seed", type=int, help="random seed, for a reproducible split")
    p.add_argument("--out", required=True, help="folder for the copies")
    p.set_defaults(func=cmd_split)

    p = verbs.add_parser("reassign", help="give an analyst's answers still to code to another (new or in the team), "
                                          "with a new copy for them")
    p.add_argument("project")
    p.add_argument("--from", dest="source", required=True, metavar="NAME", help="the analyst whose answers move")
    p.add_argument("--to", dest="target", required=True, metavar="NAME", help="the analyst who takes them")
    p.add_argument("--share", type=float, default=1.0,
                   help="share of their respondents whose answers still to code move (0-1; default all)")
    p.add_argument("--seed", type=int, help="random seed, for a reproducible choice with --share")
    p.add_argument("--out", required=True, help="folder for the new copy")
    p.set_defaults(func=cmd_reassign)

    p = verbs.add_parser("changes", help="write an analyst's changes as a small file (for e-mail)")
    p.add_argument("copy")
    p.add_argument("out")
    p.set_defaults(func=cmd_changes)

    p = verbs.add_parser("merge", help="merge analysts' copies or change files (all or nothing)")
    p.add_argument("project")
    p.add_argument("sources", nargs="+")
    p.set_defaults(func=cmd_merge)

    p = verbs.add_parser("status", help="analysts, assignments, progress and merges")
    p.add_argument("project")
    p.add_argument("--list", metavar="FILE.csv", dest="list_file",
                   help="in an analyst's copy: write the answers assigned to you (respondent, question, "
                        "double-coded, coded yet)")
    p.set_defaults(func=cmd_status)

    p = verbs.add_parser("conflicts", help="list merge conflicts")
    p.add_argument("project")
    p.add_argument("--all", action="store_true", help="resolved ones too")
    p.set_defaults(func=cmd_conflicts)

    p = verbs.add_parser("resolve", help="resolve a merge conflict")
    p.add_argument("project")
    p.add_argument("conflict", help="conflict id (its first characters are enough)")
    p.add_argument("choice", choices=conflicts.CHOICES, help="lead: keep this project's version; "
                                                             "analyst: take the analyst's")
    p.set_defaults(func=cmd_resolve)

    p = verbs.add_parser("agreement", help="inter-coder agreement on the double-coded answers")
    p.add_argument("project")
    p.add_argument("--csv", metavar="OUT", help="write one row per code plus an overall row")
    p.add_argument("--disagreements", action="store_true", help="list the disagreements too")
    p.set_defaults(func=cmd_agreement)

    p = verbs.add_parser(
        "adjudicate", help="decide a disagreement: whether the code applies in the agreed coding",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Decide an answer x code the double coders called differently (team agreement --disagreements "
                    "lists them). The decision says what the agreed (consensus) coding holds:\n\n"
                    + "\n".join(f"  {k + (' --coder X' if k == 'keep' else ''):<16} {v}"
                                for k, v in agreement.EXPLAIN_DECISION.items())
                    + "\n\nNeither coder's own coding changes: the agreement figures stay those of the blind coding. "
                      "Units the coders agree on are agreed without a decision. Deciding again replaces the decision. "
                      "The agreed coding: export PROJECT agreed.csv --what agreed; the decisions: --what decisions.")
    p.add_argument("project")
    p.add_argument("--respondent", required=True, help="respondent id as in the imported file")
    p.add_argument("--question", required=True, help="question key, e.g. Q4")
    p.add_argument("--code", required=True, help="code name or path (Parent > Child)")
    p.add_argument("--decision", required=True, choices=agreement.DECISIONS, metavar="{keep,applied,not-applied}",
                   help="keep (one coder's call, with --coder), applied, or not-applied (both and neither, the older "
                        "names, still work)")
    p.add_argument("--coder", default="", help="with --decision keep: whose call to keep")
    p.add_argument("--note", default="", help="why, kept with the decision (in the decisions table)")
    p.set_defaults(func=cmd_adjudicate)
    team.set_defaults(func=lambda args: team.print_help() or 2)


def cmd_whoami(args: argparse.Namespace) -> int:
    if args.name or args.role:
        saved = identity.load_settings()
        name = args.name or (saved.name if saved else identity.current().name)
        try:
            who = identity.save_settings(name, args.role or (saved.role if saved else "analyst"))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        print(f"saved: {who.describe()} ({identity.settings_path()})")
    who = identity.current()
    if args.as_copy_owner and not args.project:
        raise CommandError("--as-copy-owner goes with --project COPY (the analyst's copy to work in)")
    other = None
    if args.project:
        project = open_project(args.project, readonly=True)
        try:
            who = project.identity
            other = owner.someone_else(project)
        finally:
            project.close()
    print(f"{who.describe()}  [from {who.source}]")
    if args.as_copy_owner:
        if other is None:
            own = identity.current()
            print("nothing to do: " + (f"{args.project} is not an analyst's copy" if who.source != "copy" else
                                       f"you are {who.name}" if own.source in owner.STATED else
                                       f"work in it is {who.name}'s (your own name is not set: whoami --name)"))
            return 0
        if not other.allowed:
            with Project.open(args.project) as project:
                owner.work_as_owner(project, other)
            other = owner.Someone(other.owner, other.you, "now")
        print(f"you, {other.you.describe()}, work in {args.project} as {other.owner.name}: what you do in it is "
              f"recorded as {other.owner.name}'s, and its journal names you")
    elif other is not None:
        print(f"note: {other.said()}: " + (
            f"you chose to work in it as {other.owner.name} ({other.allowed_at[:16].replace('T', ' ')})"
            if other.allowed else f"writing in it is refused (whoami --project {args.project} --as-copy-owner "
                                  f"to work in it as {other.owner.name})"))
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    if bool(args.analysts) == bool(args.add):
        raise CommandError("name the analysts to split among (--analysts a,b,c), or one analyst to add to a project "
                           "split before (--add NAME), not both")
    if args.add and (args.question or args.overlap_between or args.by != "respondent"):
        raise CommandError("--add takes --share, --overlap, --seed and --out (not --question, --by or "
                           "--overlap-between)")
    if args.share and not args.add:
        raise CommandError("--share goes with --add (a new analyst's share of the answers still to code)")
    names = [n.strip() for n in (args.analysts or "").split(",") if n.strip()]
    project = open_project(args.project)
    try:
        with progress_bar("split", not args.quiet) as progress:
            if args.add:
                result = reassign.add_analyst(project, args.add, args.out, share=args.share, overlap=args.overlap,
                                              seed=args.seed, progress=progress)
            else:
                between = [n.strip() for n in (args.overlap_between or "").split(",") if n.strip()]
                result = split.split(project, names, args.out, overlap=args.overlap, by=args.by, seed=args.seed,
                                     progress=progress, questions=args.question, overlap_between=between)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    finally:
        project.close()
    _said_split(result)
    return 0


def _said_split(result: split.SplitResult) -> None:
    if result.note:
        print(f"note: {result.note}")
    for name, path in result.files.items():
        print(f"{name}: {path}  ({result.assigned[name]:,} answers, {result.overlap[name]:,} double-coded)")


def cmd_reassign(args: argparse.Namespace) -> int:
    project = open_project(args.project)
    try:
        with progress_bar("reassign", not args.quiet) as progress:
            result = reassign.reassign(project, args.source, args.target, args.out, share=args.share, seed=args.seed,
                                       progress=progress)
    finally:
        project.close()
    _said_split(result)
    return 0


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items() if v)


def cmd_changes(args: argparse.Namespace) -> int:
    found = changes.from_copy(args.copy)
    previous = changes.last_written(args.copy)
    out = changes.write_file(found, args.out)
    summary = _counts(found.count()) or "no changes"
    if previous is None:
        print(f"{found.analyst}: {summary} -> {out} ({out.stat().st_size:,} bytes)")
    else:
        since = _counts(changes.since_last(previous[1], found)) or "nothing"
        print(f"{found.analyst}: since the last change file ({previous[0][:16].replace('T', ' ')}): {since}; "
              f"this file holds all changes since the copy was made ({summary}) -> {out} "
              f"({out.stat().st_size:,} bytes)")
    try:
        changes.remember(args.copy, found)
    except ProjectError as exc:  # the copy open elsewhere: the file is written; the next summary is cumulative
        print(f"note: the copy could not record this change file ({exc}); the next one's summary will not say "
              "what it adds")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    project = open_project(args.project)
    try:
        with progress_bar("merge", not args.quiet) as progress:
            results, _ = merge.merge(project, args.sources, progress=progress)
    finally:
        project.close()
    for r in results:
        shown = {k: v for k, v in r.counts.items() if not k.startswith("skipped") and k != "conflicts"}
        what = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in shown.items()) or "nothing new"
        extra = f"; {r.conflicts} conflict(s) to resolve (team conflicts)" if r.conflicts else ""
        print(f"{r.analyst} ({r.source}): {what}{extra}")
        for note in r.notes:
            print(f"  note: {note}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    project = open_project(args.project, readonly=True)
    try:
        members = team_store.members(project)
        if project.get_meta(team_store.COPY_KEY):  # an analyst's copy: their own assignment
            for mine in team_store.progress(project):
                print(f"{mine.analyst}'s copy: {mine.coded:,}/{mine.assigned:,} answers coded ({mine.share:.0%}), "
                      f"{mine.overlap:,} of them double-coded (code those blind, by hand)")
            if args.list_file:
                count = split.write_assignment(project, args.list_file)
                print(f"wrote the {count:,} answers assigned to {project.actor} to {args.list_file}")
            return 0
        if args.list_file:
            raise CommandError("--list is for an analyst's copy (team split makes them)")
        if not members:
            print("not split yet (team split)")
            return 0
        by_name = {p.analyst: p for p in team_store.progress(project)}
        for m in members:
            p = by_name.get(m.analyst)
            done = f"{p.coded:,}/{p.assigned:,} answers coded ({p.share:.0%}), {p.overlap:,} double-coded" if p else ""
            print(f"{m.analyst:<16} {m.role:<8} {done}  {m.file}")
        for item in team_store.merges(project):
            counts = item["counts"] or {}
            new = any(v for k, v in counts.items() if k.endswith(("_added", "_updated", "_deleted"))) \
                or counts.get("conflicts")
            print(f"merged {item['merged_at']} {item['analyst']} from {Path(item['source_file']).name} by"
                  f" {item['merged_by']}" + ("" if new else " (nothing new)"))
        print(f"open conflicts: {len(conflicts.open_conflicts(project))}")
    finally:
        project.close()
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    project = open_project(args.project, readonly=True)
    try:
        items = team_store.conflicts(project, status=None if args.all else "open")
        for c in items:
            state = "open" if c.status == "open" else f"resolved: {c.resolution} by {c.resolved_by}"
            print(f"{c.id[:8]}  {c.kind:<18} {conflicts.describe(project, c)}  [{state}]")
        if not items:
            print("no open conflicts" if not args.all else "no conflicts")
    finally:
        project.close()
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    project = open_project(args.project)
    try:
        conflict = team_store.get_conflict(project, args.conflict)
        before = _subject(project, conflict)
        found = conflicts.impact(project, args.conflict, args.choice)
        conflicts.resolve(project, args.conflict, args.choice)
        after = _subject(project, conflict)
    finally:
        project.close()
    print(f"resolved: {conflicts.EXPLAIN[args.choice]}" + (f"; {found}" if found else ""))
    if conflict is not None:
        print(f"  {_what_changed(conflict.tbl, before, after)}")
    return 0


#: how a tracked row is named in what `team resolve` says, by table: (its kind, its field that names it)
_NAMED = {"codes": ("code", "name"), "themes": ("theme", "label"), "memos": ("memo", "text"),
          "reviews": ("review", "status"), "codings": ("coding", "id"), "theme_assignments": ("theme assignment", ""),
          "sector_assignments": ("sector decision", "sector_key"),
          "organisation_names": ("organisation name", "organisation"), "theme_passages": ("quoted passage", ""),
          "suggestions": ("suggestion", "status")}


def _subject(project: Project, conflict: team_store.Conflict | None) -> dict[str, Any] | None:
    """The row a conflict is about as it stands (None: not there), with, for a code, its path and
    how many codings use it or its sub-codes (on how many answers)."""
    if conflict is None:
        return None
    row = team_rows.get_row(project, conflict.tbl, conflict.key)
    if row is None or conflict.tbl != "codes":
        return row
    usage = team_store.code_usage(project, conflict.key)
    return dict(row, _path=codebook.code_path(project, conflict.key), _codings=usage.total, _answers=usage.answers,
                _below=usage.sub_codes, _by=conflicts.usage_breakdown(usage))


def _quoted(text: object, limit: int = 60) -> str:
    text = " ".join(str(text or "").split())
    return f'"{text if len(text) <= limit else text[:limit - 1] + "…"}"'


def _what_changed(table: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """What resolving a conflict changed here, in words: "code renamed from "cheating" to "Cheating
    concerns"; 8 codings on 8 answers carry it" (trial 35: only the option chosen was echoed)."""
    kind, field_name = _NAMED.get(table, (table.rstrip("s"), ""))
    row = after or before or {}
    name = _quoted(row.get("_path") or row.get(field_name)) if field_name else ""
    subject = f"{kind} {name}".strip()
    used = ""
    if table == "codes" and row:
        used = f"{row['_codings']:,} coding{'s' if row['_codings'] != 1 else ''} on {row['_answers']:,} " \
               f"answer{'s' if row['_answers'] != 1 else ''}"
    # who coded them, on the code itself and on its sub-codes, said as `team conflicts` says it
    by = str(row.get("_by") or "") if row.get("_codings") else ""
    if before is None and after is None:
        return f"nothing changed: the {kind} is not in this project"
    if after is None:
        return f"{subject} deleted" + (f", with its {used}" + (f" ({by})" if by else "") if used else "")
    if before is None:
        return f"{subject} restored" + (f", with {used}" + (f" ({by})" if by else "") if used else "")
    changed = [k for k in after if not k.startswith("_") and k not in team_rows.SOFT_FIELDS
               and before.get(k) != after.get(k)]
    if not changed:
        return f"nothing changed: {subject} stays as it was" + (f" ({used}" + (f": {by}" if by else "") + ")"
                                                                 if used else "")
    parts = []
    for key in changed:
        if key == field_name:
            old = before.get("_path") if table == "codes" else before.get(key)
            parts.append(f"{kind} renamed from {_quoted(old)} to {name}" if kind in ("code", "theme") else
                         f"{kind} changed from {_quoted(before.get(key))} to {_quoted(after.get(key))}"
                         if table == "organisation_names" else
                         f"{kind}'s {key.replace('_', ' ')} changed from {_quoted(before.get(key))} to "
                         f"{_quoted(after.get(key))}")
        elif key == "parent_id" and table == "codes":
            parts.append(f"code moved: {_quoted(before.get('_path'))} is now {name}")
        else:
            parts.append(f"{key.replace('_', ' ')} changed")
    if not any(p.startswith((f"{kind} renamed", "code moved", f"{kind}'s", f"{kind} changed")) for p in parts):
        parts[0] = f"{subject}: {parts[0]}"
    below = " (or a sub-code)" if row.get("_below") else ""
    verb = "uses" if row.get("_codings") == 1 else "use"
    if by:  # said as `team conflicts` says it: whose codings, on the code and on its sub-codes
        return "; ".join(parts) + f"; {used} {verb} it{' or its sub-codes' if row.get('_below') else ''}: {by}"
    return "; ".join(parts) + (f"; {used} {verb} it{below}" if used else "")


#: the code column of `team agreement`: longer paths wrap onto the lines below, whole
CODE_WIDTH = 48


def _wrapped(path: str, width: int) -> list[str]:
    """A code's path in lines of at most ``width`` characters, broken after " > " where it can
    (continuation lines are indented by two, so two characters fewer)."""
    if len(path) <= width:
        return [path]
    first = textwrap.wrap(path, width, break_on_hyphens=False)[0]
    rest = path[len(first):].strip()
    return [first, *textwrap.wrap(rest, width - 2, break_on_hyphens=False)] if rest else [first]


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def cmd_agreement(args: argparse.Namespace) -> int:
    project = open_project(args.project, readonly=True)
    try:
        report = agreement.agreement(project)
        if not report.answers:
            print(report.waiting_note() or "no double-coded answers (team split --overlap)")
            return 0
        rows = agreement.csv_rows(project, report)
        width = min(CODE_WIDTH, max(len(r[0]) for r in rows))
        print(f"{report.answers:,} answers coded blind by two analysts each, coders: {', '.join(report.coders)}")
        if report.waiting:
            print(f"note: {report.waiting_note()}")
        if report.excluded:
            print(f"note: {report.excluded_note(codebook.code_paths(project))}")
        print(f"note: {N_MEANING}")
        print(f"{'code':<{width}} {'N':>7} {'kappa':>6} {'alpha':>6} {'agree':>6} {'f1':>6}")
        for item, row in zip([*agreement.ordered_codes(project, report), report.overall], rows, strict=True):
            # a long path wraps under itself, whole: cut at the width, two codes read the same
            first, *more = _wrapped(row[0], width)
            print(f"{first:<{width}} {item.n:>7,} {_pct(item.kappa)} {_pct(item.alpha)}"
                  f" {_pct(item.percent_agreement)} {_pct(item.f1)}")
            for line in more:
                print(f"  {line}")
        if len(report.overall.pair_kappa) > 1:
            for (a, b), k in sorted(report.overall.pair_kappa.items()):
                print(f"  kappa {a} / {b}: {_pct(k).strip()}")
        if report.disagreements:
            print(agreement.decisions_note(report, team_store.adjudications(project))
                  + " Write it with: export PROJECT agreed.csv --what agreed (the decisions: --what decisions).")
        if args.disagreements:
            paths = codebook.code_paths(project)
            for q in agreement.queue(project, report):
                done = f" [decided: {q.decided}, by {q.decided_by}]" if q.decision else ""
                print(f"{q.respondent} {q.question} {paths.get(q.code_id, q.code)}: yes {', '.join(q.applied_by)};"
                      f" no {', '.join(q.not_applied_by)}{done}")
        if args.csv:
            agreement.write_csv(project, report, args.csv)
            print(f"wrote {args.csv}")
    finally:
        project.close()
    return 0


def cmd_adjudicate(args: argparse.Namespace) -> int:
    from consult_analyser.store.codings import response_lookup

    project = open_project(args.project)
    try:
        found = response_lookup(project).get((args.respondent, args.question))
        if found is None:
            raise CommandError(f"no answer by respondent {args.respondent} to {args.question}")
        code_id = code_named(project, args.code).id  # its path, or its name when only one code has it
        agreement.adjudicate(project, found[0], code_id, args.decision, coder=args.coder, note=args.note)
        result = agreement.explain_outcome(agreement.outcome(project, found[0], code_id))
    finally:
        project.close()
    said = agreement.decision_text(agreement.STORED[args.decision], args.coder)
    print(f"recorded: {said} on {args.respondent} {args.question}; {result}")
    return 0
