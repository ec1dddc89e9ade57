"""``organisation``: set, confirm or clear the name of the organisation a respondent answered for, as the annex's
Organisations sheet publishes it, and list the names it holds back; the same undoable operation Sector review's
"Organisation name…" runs (:class:`consult_analyser.actions.respondent_details.SetOrganisationName`)."""

from __future__ import annotations

import argparse

from consult_analyser.cli.common import CommandError, open_project, resolve_respondents
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.project import Project


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "organisation", help="set or confirm the name of the organisation a respondent answered for, as the annex "
                             "publishes it (or --clear it: not an organisation); --held lists the names the annex "
                             "holds back")
    p.add_argument("project")
    p.add_argument("respondent", nargs="?", metavar="RESPONDENT",
                   help="the respondent's id as in the imported file (or a letter's file name, as search shows it); "
                        "alone: show their organisation's name; none: list the names analysts set")
    p.add_argument("name", nargs="?", metavar="NAME",
                   help="the organisation's name as it should be published (the name it has already: confirmed as "
                        "an organisation's; empty, as --clear); kept with who set it and when, and never changed "
                        "by a later sector run or import")
    p.add_argument("--clear", action="store_true",
                   help="the respondent answered for no organisation: list no organisation of theirs")
    p.add_argument("--held", action="store_true",
                   help="list the names the annex's Organisations sheet leaves out, and why, to confirm or correct "
                        "each")
    p.set_defaults(func=cmd_organisation)


def cmd_organisation(args: argparse.Namespace) -> int:
    if args.held and (args.respondent or args.clear):
        raise CommandError("--held lists every name held back: give no respondent with it")
    if args.clear and args.name is not None:
        raise CommandError("give a NAME or --clear, not both")
    if (args.clear or args.name is not None) and not args.respondent:
        raise CommandError("name the respondent: organisation PROJECT RESPONDENT 'Name'")
    changing = args.clear or args.name is not None
    project = open_project(args.project, readonly=not changing)
    try:
        if args.held:
            _held(project)
        elif args.respondent is None:
            _set_by_analysts(project)
        else:
            respondent_id = resolve_respondents(project, [args.respondent])[args.respondent]
            external = str(project.scalar("SELECT external_id FROM respondents WHERE id = ?", (respondent_id,)))
            if changing:
                _set(project, external, respondent_id, "" if args.clear else args.name)
            else:
                _show(project, external, respondent_id)
    finally:
        project.close()
    return 0


def _set(project: Project, external: str, respondent_id: str, name: str) -> None:
    from consult_analyser.actions.respondent_details import SetOrganisationName, why_not_listed

    try:
        op = SetOrganisationName(respondent_id, name, who=external)
        op.apply(project)
    except ValueError as exc:
        raise CommandError(f"{exc}; nothing was changed") from None
    was = f" (was {op.before!r})" if op.before != op.name else " (confirmed as it was)"
    if op.name:
        print(f"{external}: organisation name set to {op.name!r} by {project.actor}{was}; the annex lists it as set")
        why = why_not_listed(project, respondent_id)
        if why:
            print(f"note: {external} is not on the Organisations sheet all the same: {why} (`sectors "
                  f"{project.path.name} --set {external} SECTOR` sets an organisation's sector)")
    else:
        print(f"{external}: no organisation, set by {project.actor}{was}; the annex lists no organisation of theirs")


def _show(project: Project, external: str, respondent_id: str) -> None:
    mark = store_respondents.organisation_marks(project, respondent_id).get(external)
    name = str(project.scalar("SELECT organisation FROM respondents WHERE id = ?", (respondent_id,)) or "")
    said = f"{name!r}" if name.strip() else "no organisation"
    print(f"{external}: {said}" + (f", set by {mark.by or 'an analyst'} on {mark.at[:10]}" if mark else
                                   ", as imported"))


def _held(project: Project) -> None:
    from consult_analyser.actions.respondent_details import held_organisations

    held = held_organisations(project)
    for h in held:
        print(f"  {h.external_id:28} {h.name[:48]!r:50} {h.reason}")
    if held:
        print(f"{len(held):,} name(s) left out of the Organisations sheet; confirm or correct each with: "
              f"consult-analyser organisation {project.path.name} ID 'Name' (or --clear: not an organisation)")
    else:
        print("the Organisations sheet holds back no name")


def _set_by_analysts(project: Project) -> None:
    marks = store_respondents.organisation_marks(project)
    for mark in sorted(marks.values(), key=lambda m: m.at):
        print(f"  {mark.external_id:28} {(repr(mark.organisation) if mark.organisation else 'no organisation'):50} "
              f"set by {mark.by or 'an analyst'} on {mark.at[:10]}")
    print(f"{len(marks):,} organisation name(s) set by an analyst" if marks else
          "no organisation name was set by an analyst; --held lists the names the annex holds back")
