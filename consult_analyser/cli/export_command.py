"""``export``: the Excel annex, CSV tables, the Word summary, REFI-QDA project and codebook files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from consult_analyser.cli.common import CommandError, open_project, progress_bar


def register(subparsers: argparse._SubParsersAction) -> None:
    from consult_analyser.export.csv_export import ON_REQUEST, TABLES

    p = subparsers.add_parser(
        "export", help="write the Excel annex (.xlsx), a CSV table (.csv), the summary report (.docx), "
                       "or REFI-QDA files (.qdpx project, .qdc codebook)",
        description="The kind of file follows OUT's extension: .xlsx annex, .csv table (with --what), "
                    ".docx summary report, .qdpx REFI-QDA project, .qdc REFI-QDA codebook.")
    p.add_argument("project", help="project file (.consult)")
    p.add_argument("out", nargs="?", help="file to write; its extension says what to write")
    p.add_argument("--editions", action="store_true",
                   help="list the project's editions instead of writing a file: each publication of the annex, the "
                        "report or CSV tables, when, by whom, its files and what changed since the one before "
                        "(a file written while the figures are unchanged joins the last edition)")
    p.add_argument("--what", choices=TABLES + ON_REQUEST,
                   help="which table to write as CSV (agreed: the agreed coding after double coding, one row per "
                        "answer x code, with how it was settled; decisions: the lead's decisions on disagreements)")
    p.add_argument("--redact", action=argparse.BooleanOptionalAction, default=None,
                   help="remove personal data from quotes and texts (default: on for the annex and report, "
                        "off for CSV)")
    p.add_argument("--include-names", action="store_true",
                   help="CSV of respondents: add respondents' names and the personal details a survey tool "
                        "records (IP address, location, contact details)")
    p.add_argument("--small-counts", type=int, metavar="N", default=None,
                   help="annex and report: show counts below N as '<N' (default: the project's setting, else 5; "
                        "0 turns it off)")
    p.add_argument("--respondent-sheets", action="store_true",
                   help="annex: include the framework matrix and the coded excerpts (a row per respondent or "
                        "passage) even when small numbers are suppressed, for a working copy (beside them a "
                        "suppressed count can be counted up)")
    p.add_argument("--by", metavar="WHAT",
                   help="annex: beside each question's themes, a table of their respondents by the answers to a "
                        "closed question (its key, such as Q3) or by a respondent detail (region, channel, sector, "
                        "declared type, or a column kept at import, such as Site); as themes --list --by")
    details = p.add_argument_group(
        "what the annex and report say about themselves (kept in the project for every later export; "
        "\"\" clears one)")
    details.add_argument("--title", help="the consultation's title, printed on the Cover and the report "
                                         "(default: the project's name)")
    details.add_argument("--publisher", help="the department or team that publishes the findings")
    details.add_argument("--contact", help="where to send questions: a team mailbox or web page, not a person")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from consult_analyser.export.files import NO_CONSENT_WARNING, FileExportError, export_file, kind_of

    if args.editions:
        if args.out:
            raise CommandError("--editions lists the editions: give no file to write with it")
        return _list_editions(args.project)
    if not args.out:
        raise CommandError("give the file to write (OUT: .xlsx, .csv, .docx, .qdpx or .qdc), or --editions")
    out = Path(args.out)
    try:
        kind_of(out)
        if not out.parent.exists():
            raise FileExportError(f"{out.parent}: no such folder")
    except FileExportError as exc:
        raise CommandError(str(exc)) from None
    if any(getattr(args, k, None) is not None for k in ("title", "publisher", "contact")):
        from consult_analyser.store.release import set_release_details

        project = open_project(args.project)
        try:
            details = set_release_details(project, title=args.title, publisher=args.publisher, contact=args.contact)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        finally:
            project.close()
        print(f"publication details kept for every export: title \"{details.title}\""
              + (f"; published by {details.publisher}" if details.publisher else "")
              + (f"; contact {details.contact}" if details.contact else ""))
        from consult_analyser.export.safety import contact_names_someone

        if details.contact and contact_names_someone(details.contact):
            print(f"warning: the contact \"{details.contact}\" looks like a person's name or address; published "
                  "files name no member of staff: give a team mailbox or web page (export --contact \"...\")",
                  file=sys.stderr)
    project = open_project(args.project, readonly=True)
    try:
        with progress_bar("export", not args.quiet) as progress:
            try:
                message = export_file(project, out, args, progress)
            except FileExportError as exc:
                raise CommandError(str(exc)) from None
        said_before = bool(project.get_meta(CONSENT_WARNED_KEY))
    finally:
        project.close()
    lines = message.split("\n")
    if NO_CONSENT_WARNING in lines:
        if said_before:
            lines = [CONSENT_WARNING_AGAIN if line == NO_CONSENT_WARNING else line for line in lines]
        else:
            _remember_consent_warning(args.project)
    for line in lines:  # what was written; its warnings to stderr
        print(line, file=sys.stderr if line.startswith("warning:") else sys.stdout)
    return 0


def _list_editions(path: str) -> int:
    from consult_analyser.export.editions import editions_listing

    project = open_project(path, readonly=True)
    try:
        lines = editions_listing(project)
    finally:
        project.close()
    for line in lines or [f"{Path(path).name} has no editions yet: one is recorded each time the annex, the report "
                          "or a CSV table is exported"]:
        print(line)
    return 0


#: the project's meta key that records that the warning of no recorded publication choice was given in full
CONSENT_WARNED_KEY = "cli.no_consent_warning_shown"
#: the warning of no recorded publication choice once it has been given in full (a trial's session printed
#: its 600 characters at each of three CSV exports)
CONSENT_WARNING_AGAIN = (
    "warning: still no respondent's publication choice is recorded in this project, so everyone's words may be "
    "quoted and every organisation named (said in full at the first export; to record choices: `consent --help`)")


def _remember_consent_warning(path: str) -> None:
    """Note in the project that the warning was given in full; when the project cannot be written now (the app
    has it open), the next export gives it in full again."""
    from consult_analyser.store.project import Project

    try:
        with Project.open(path) as project:
            project.set_meta(CONSENT_WARNED_KEY, "1")
    except Exception:  # locked, busy, read-only or full: a note only, never a failed export
        pass

