"""Entry point of the command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from consult_analyser import __version__
from consult_analyser.cli import (
    coding_commands,
    consent_command,
    data_commands,
    demo_command,
    edit_commands,
    export_command,
    gui_command,
    letter_commands,
    organisation_command,
    sector_commands,
    selftest_command,
    team_commands,
    theme_commands,
    withdraw_command,
)
from consult_analyser.cli.common import CommandError
from consult_analyser.errors import IngestError, NotALead, ProjectError
from consult_analyser.paths import configure_runtime, log_unexpected, quiet_unraisable
from consult_analyser.progress import Cancelled

# Each module has register(subparsers); commands set args.func(args) -> int.
COMMAND_MODULES = [data_commands, demo_command, gui_command, sector_commands, organisation_command, consent_command,
                   selftest_command,
                   withdraw_command, coding_commands, edit_commands, export_command, theme_commands, team_commands,
                   letter_commands]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consult-analyser",
        description="Analyse public consultation responses offline: import, classify respondents by sector, "
                    "discover themes, code answers, export annexes.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    configure_runtime()
    quiet_unraisable()
    for stream in (sys.stdout, sys.stderr):  # a file name holding bytes of another encoding is shown, escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (CommandError, IngestError, ProjectError, NotALead) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Cancelled:
        print("cancelled; nothing was changed", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the output was cut short by its reader ("| head"): what ran before the print is done; say nothing
        # more (the pipe is closed) and keep Python from complaining about stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # the system refused: a full disk, a missing permission, a file in use
        name = getattr(exc, "filename", None)
        print(f"error: {args.command}: {name + ': ' if name else ''}{exc.strerror or exc}; nothing was changed",
              file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last guard: a paragraph for the user, the traceback in a log
        from consult_analyser.store.project import database_problem

        problem = database_problem(exc, getattr(args, "project", None))
        if problem is not None:  # a damaged or unreachable project file, a full disk: said as such
            log_unexpected(exc, step=_step(args), files=_files(args))
            print(f"error: {problem}", file=sys.stderr)
            return 1
        print("error: " + log_unexpected(exc, step=_step(args), files=_files(args)), file=sys.stderr)
        return 1


def _step(args: argparse.Namespace) -> str:
    return {"import": "importing", "export": "exporting", "code": "importing codings", "codebook": "working on the "
            "codebook", "autocode": "suggesting codes", "themes": "finding themes", "sectors": "classifying sectors",
            "info": "reading the project", "search": "searching", "withdraw": "withdrawing respondents"}.get(args.command, f"running {args.command}")


def _files(args: argparse.Namespace) -> list[str]:
    names = [getattr(args, "project", None)] + list(getattr(args, "files", None) or [])
    names += [getattr(args, name, None) for name in ("out", "import_file", "export_file", "mapping")]
    return [str(n) for n in names if n]


if __name__ == "__main__":
    sys.exit(main())
