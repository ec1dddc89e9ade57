"""``withdraw``: take respondents out of an analysis after import (a duplicate submission, a staff test,
spam, a respondent who asked to withdraw and be erased), list the withdrawals, or suggest likely
duplicate submissions; through the same undoable operation the reader's respondent panel runs
(:class:`consult_analyser.actions.withdraw.Withdraw`), applied once here."""

from __future__ import annotations

import argparse
import shlex

from consult_analyser.actions.withdraw import Withdraw
from consult_analyser.cli.common import CommandError, ids_from_file, open_project, resolve_respondents
from consult_analyser.domain import counted
from consult_analyser.store import withdrawals
from consult_analyser.store.duplicate_submissions import answered_twice, find_duplicates
from consult_analyser.store.project import Project

#: at most this many respondents are named one by one
SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "withdraw", help="take respondents out of the analysis after import (a duplicate submission, a staff "
                         "test, spam, a request to withdraw and be erased): everything of theirs is deleted")
    p.add_argument("project")
    p.add_argument("respondents", nargs="*", metavar="RESPONDENT",
                   help="respondent ids as in the imported file (or a letter's file name, such as mail.mbox#6, as "
                        "search shows it)")
    p.add_argument("--ids-file", metavar="FILE",
                   help="a file of respondent ids: one a line, or a CSV whose first column holds them")
    p.add_argument("--reason", choices=withdrawals.REASONS,
                   help="duplicate (the same submission twice), test (made by staff), spam (no consultation "
                        "content), request (the respondent asked to withdraw: their data are erased from the file)")
    p.add_argument("--duplicate-of", metavar="ID", help="with --reason duplicate: the respondent kept (its id as in "
                                                        "the imported file)")
    p.add_argument("--note", help="why, for the record (required to withdraw), e.g. 'e-mail of 3 May asking to be "
                                  "removed'; never the respondent's name or words")
    p.add_argument("--dry-run", action="store_true", help="say what would be removed; change nothing")
    show = p.add_mutually_exclusive_group()
    show.add_argument("--list", action="store_true", help="the withdrawals made: counts by reason, when, who, why")
    show.add_argument("--find-duplicates", action="store_true",
                      help="list likely duplicate submissions (the same e-mail address or name, and the same or "
                           "nearly the same answers) with a ready-to-run command for each; withdraws nothing")
    p.set_defaults(func=cmd_withdraw)


def cmd_withdraw(args: argparse.Namespace) -> int:
    named = list(args.respondents) + (ids_from_file(args.ids_file) if args.ids_file else [])
    if args.list or args.find_duplicates:
        option = "--list" if args.list else "--find-duplicates"
        given = [o for o, v in (("respondent ids", named), ("--reason", args.reason), ("--note", args.note),
                                ("--duplicate-of", args.duplicate_of), ("--dry-run", args.dry_run)) if v]
        if given:
            raise CommandError(f"{option} changes nothing: give it without {' or '.join(given)}")
        with open_project(args.project, readonly=True) as project:
            _list(project) if args.list else _duplicates(project, args.project)
        return 0
    if not named:
        raise CommandError("name the respondents to withdraw (their ids as in the imported file, or --ids-file FILE), "
                           "or give --list or --find-duplicates")
    if not args.reason:
        raise CommandError("--reason is needed: duplicate, test, spam or request (the respondent asked to withdraw)")
    if args.duplicate_of and args.reason != "duplicate":
        raise CommandError("--duplicate-of goes with --reason duplicate")
    if args.reason == "duplicate" and not args.duplicate_of:
        raise CommandError("--reason duplicate needs --duplicate-of ID: the respondent kept in its place (its id as "
                           "in the imported file; `withdraw PROJECT --find-duplicates` lists likely pairs)")
    if not (args.note or "").strip() and not args.dry_run:
        raise CommandError("--note is needed: why, for the record (e.g. 'sent the online form twice', 'e-mail of "
                           "3 May asking to be removed')")
    project = open_project(args.project, readonly=args.dry_run)
    try:
        ids = resolve_respondents(project, named, why_unknown=lambda value: _withdrawn_already(project, value))
        kept = None
        if args.duplicate_of:
            (kept,) = resolve_respondents(project, [args.duplicate_of],
                                          why_unknown=lambda value: _withdrawn_already(project, value)).values()
            if kept in ids.values():
                raise CommandError(f"--duplicate-of {args.duplicate_of!r} is among the respondents to withdraw: "
                                   "name the one kept")
        if args.dry_run:
            _dry_run(project, ids, args.reason)
        else:
            _withdraw(project, ids, args.reason, args.note, kept)
    finally:
        project.close()
    return 0


def _withdrawn_already(project: Project, value: str) -> str:
    found = withdrawals.listing(project, value)
    if not found:
        return ""
    last = found[-1]
    return f"withdrawn already on {last.withdrawn_at[:10]} by {last.withdrawn_by or 'an analyst'}: " \
           f"{withdrawals.REASON_LABELS[last.reason]}"


def _dry_run(project: Project, ids: dict[str, str], reason: str) -> None:
    goes = withdrawals.what_goes(project, list(ids.values()))
    print(f"would withdraw {counted(len(ids), 'respondent')} ({withdrawals.REASON_LABELS[reason]}): "
          + ", ".join(list(ids)[:SHOWN]) + (f" and {len(ids) - SHOWN:,} more" if len(ids) > SHOWN else ""))
    print(f"  with them would go: {withdrawals.describe(goes)}")
    print("nothing was changed (--dry-run)")


def _withdraw(project: Project, ids: dict[str, str], reason: str, note: str, kept: str | None) -> None:
    op = Withdraw(list(ids.values()), reason, note, duplicate_of=kept)
    try:
        op.apply(project)
    except ValueError as exc:
        raise CommandError(f"{exc}; nothing was changed") from None
    print(f"withdrew {counted(len(ids), 'respondent')} ({withdrawals.REASON_LABELS[reason]}), recorded as done by "
          f"{project.actor}: " + ", ".join(list(ids)[:SHOWN]) + (f" and {len(ids) - SHOWN:,} more"
                                                                  if len(ids) > SHOWN else ""))
    print(f"  removed with them: {withdrawals.describe(op.removed)}")
    print("  a later import of the same file (or a later export) skips them; counts, themes and exports made from "
          "now on leave them out")
    if op.erases:
        print(f"  their data are erased from {project.path.name}: the deleted content is overwritten in the file")
        backups = sorted(project.path.parent.glob(f"{project.path.stem}.schema*.bak{project.path.suffix}"))
        print("  copies made before still hold them: "
              + (", ".join(b.name for b in backups) + " (kept when the project was upgraded), " if backups else "")
              + "analysts' copies and change files (team split), exports and backups; delete those too")


def _list(project: Project) -> None:
    counts = withdrawals.counts_by_reason(project)
    total = sum(counts.values())
    if not total:
        print(f"no respondent has been withdrawn from {project.path.name}")
        return
    print(f"{counted(total, 'respondent')} withdrawn after import:")
    for reason, n in counts.items():
        print(f"  {withdrawals.REASON_LABELS[reason]:34} {n:>6,}")
    for item in withdrawals.listing(project):
        of = f" (of {item.duplicate_of})" if item.duplicate_of else ""
        print(f"{item.withdrawn_at[:16].replace('T', ' ')}  {item.withdrawn_by or '?':14} "
              f"{withdrawals.REASON_LABELS[item.reason]}{of}: {item.note or '(no note)'}"
              f"  [{withdrawals.describe(item.counts)}]")


def _duplicates(project: Project, path: str) -> None:
    found, crowded = find_duplicates(project)
    if not found:
        print("no likely duplicate submissions (the same e-mail address or name, and the same or nearly the same "
              "answers)")
    for candidate in found:
        later = "was sent later" if candidate.by_time else "came later in the import (no submission times to compare)"
        print(f"{candidate.withdraw_external} and {candidate.keep_external}: {candidate.reason}; keep "
              f"{candidate.keep_external}, which {later}")
        note = f"{candidate.reason} as {candidate.keep_external}"
        print("  consult-analyser withdraw " + " ".join(shlex.quote(a) for a in (
            path, candidate.withdraw_external, "--reason", "duplicate", "--duplicate-of", candidate.keep_external,
            "--note", note)))
    if found:
        print(f"{counted(len(found), 'pair')} to check: read both in the reader before withdrawing; nothing was "
              "changed")
    twice = answered_twice(project, found)
    if twice:
        print(f"{counted(len(twice), 'organisation')} answered more than once with different answers (online and "
              "by e-mail or letter, say): read each before deciding whether one replaces the other (withdraw it "
              "--reason duplicate) or both stand:")
        for organisation, externals in twice:
            print(f"  {organisation}: {', '.join(externals)}")
    if crowded:
        print(f"({counted(crowded, 'e-mail address or name', 'e-mail addresses or names')} shared by more than 10 "
              "respondents, such as a campaign's sending address, were not compared)")
