"""``consent``: show, list or change what respondents said may be published (their publication choice),
through the same undoable operation the reader's respondent panel runs
(:class:`consult_analyser.actions.consent.SetPublication`)."""

from __future__ import annotations

import argparse

from consult_analyser.actions.consent import SetPublication, parse_choice
from consult_analyser.cli.common import CommandError, ids_from_file, open_project, resolve_respondents
from consult_analyser.domain import PUBLICATION_LABELS, Publication
from consult_analyser.store import consent
from consult_analyser.store.project import Project

#: the --list value for respondents whose choice an analyst set
CHANGED = "changed"
#: at most this many respondents are named one by one after a change
SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "consent", help="show, list or change respondents' publication choices (public, anonymous, not for "
                        "publication), e.g. when someone asks to be anonymous after the consultation closed")
    p.add_argument("project")
    p.add_argument("respondents", nargs="*", metavar="RESPONDENT",
                   help="respondent ids as in the imported file (without --set or --reset: show their choices)")
    p.add_argument("--ids-file", metavar="FILE",
                   help="a file of respondent ids: one a line, or a CSV whose first column holds them")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--set", metavar="CHOICE",
                        help="set their choice: public, anonymous, not-for-publication (or confidential), unknown")
    change.add_argument("--reset", action="store_true",
                        help="put back the choice read from the consent column at import")
    change.add_argument("--list", nargs="?", const="all", metavar="CHOICE",
                        help=f"list the respondents with this choice ({CHANGED!r}: those an analyst set; "
                             "none: every respondent)")
    p.add_argument("--reason", help="why (required with --set and --reset), e.g. 'e-mail of 3 May asking to be "
                                    "anonymous'; kept with who set it and when")
    p.set_defaults(func=cmd_consent)


def cmd_consent(args: argparse.Namespace) -> int:
    changing = bool(args.set or args.reset)
    if changing and not (args.reason or "").strip():
        raise CommandError(f"{'--set' if args.set else '--reset'} needs --reason: why the choice changes (e.g. "
                           "'e-mail of 3 May asking to be anonymous')")
    if args.reason and not changing:
        raise CommandError("--reason goes with --set or --reset")
    publication = _choice(args.set) if args.set else None
    named = list(args.respondents) + (ids_from_file(args.ids_file) if args.ids_file else [])
    if changing and not named:
        raise CommandError("name the respondents to change: their ids, or --ids-file FILE")
    if args.list is not None and named:
        raise CommandError("--list lists by choice: give no respondent ids with it")
    project = open_project(args.project, readonly=not changing)
    try:
        ids = resolve_respondents(project, named)
        if changing:
            _change(project, ids, publication, args.reason)
        elif ids:
            for external, rid in ids.items():
                print(_line(external, consent.record(project, rid)))
        elif args.list is not None:
            _list(project, args.list)
        else:
            _summary(project)
    finally:
        project.close()
    return 0


def _choice(text: str) -> Publication:
    try:
        return parse_choice(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _change(project: Project, ids: dict[str, str], publication: Publication | None, reason: str) -> None:
    before = {external: consent.record(project, rid) for external, rid in ids.items()}
    op = SetPublication(list(ids.values()), publication, reason)
    try:
        op.apply(project)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if publication is None:
        print(f"put back the choice read at import for {op.changed:,} respondent(s)"
              + (f" ({len(ids) - op.changed:,} had no analyst's change)" if op.changed < len(ids) else ""))
    else:
        print(f"set {len(ids):,} respondent(s) to {_label(publication.value)}: {project.actor}, reason: "
              f"{' '.join(reason.split())}")
    for external, rid in list(ids.items())[:SHOWN]:
        now = consent.record(project, rid)
        print(f"  {external}: {_label(before[external].publication)} -> {_label(now.publication)}")
    if len(ids) > SHOWN:
        print(f"  and {len(ids) - SHOWN:,} more")
    print("exports made from now on honour it")


def _list(project: Project, which: str) -> None:
    if which == CHANGED:
        rows = consent.choices(project, changed=True)
    elif which == "all":
        rows = consent.choices(project)
    else:
        try:
            rows = consent.choices(project, parse_choice(which).value)
        except ValueError as exc:
            raise CommandError(f"{exc}; or {CHANGED!r} for those an analyst set") from None
    for external, choice in rows:
        print(_line(external, choice))
    if not rows:
        print("no respondents" + ("" if which == "all" else f" with the choice {which!r}"))


def _summary(project: Project) -> None:
    for value, n in consent.counts(project).items():
        print(f"  {_label(value):24} {n:>7,}")
    changed = len(consent.choices(project, changed=True))
    if changed:
        print(f"  set by an analyst: {changed:,} (`consent {project.path.name} --list {CHANGED}`)")
    line = consent.statement(project)
    if line:
        print(line)


def _label(value: str) -> str:
    try:
        return PUBLICATION_LABELS[Publication(value)]
    except ValueError:
        return value


def _line(external: str, choice: consent.Choice) -> str:
    said = f'  (consent answer: "{choice.raw}")' if choice.raw else ""
    text = f"{external:24} {_label(choice.publication):22}{said}".rstrip()
    if choice.changed:
        text += (f"  set by {choice.set_by or 'an analyst'} on {choice.set_at[:10]}: {choice.reason}"
                 f" (read at import: {_label(choice.imported or '')})")
    return text
