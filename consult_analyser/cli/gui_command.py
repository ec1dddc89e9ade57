"""``gui``: open the desktop app (optionally on a project), or render a view to a PNG headless."""

from __future__ import annotations

import argparse

from consult_analyser.ui import SCREENSHOT_SIZE, VIEW_NAMES, parse_size


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gui", help="open the desktop app")
    p.add_argument("project", nargs="?", help="project to open")
    p.add_argument("--screenshot", metavar="FILE", help="render a view to a PNG and exit (works headless)")
    p.add_argument("--view", default=None, help="view to render with --screenshot (default: responses, or reader "
                   "with --respondent): " + ", ".join((*VIEW_NAMES, "welcome", "import", "import-check"))
                   + " (import: the import wizard's column check of --files; import-check: its next page, the files "
                     "read in full as import --dry-run reads them)")
    p.add_argument("--respondent", metavar="ID", default=None,
                   help="with --screenshot: the Reader opens on this respondent (the id as imported, or a letter's file name such as "
                        "mail.mbox#6, as "
                        "'search' and the Reader show it)")
    p.add_argument("--size", metavar="WIDTHxHEIGHT", type=parse_size, default=None,
                   help=f"with --screenshot: the window's size in pixels (default: {SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]})")
    p.add_argument("--files", nargs="+", metavar="FILE", default=None,
                   help="with --view import or import-check: the files whose column check (or check) to render (default: the bundled sample "
                        "survey and e-mails)")
    p.add_argument("--sample", action="store_true", help="open the bundled sample consultation")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    from consult_analyser.ui.app import run

    return run(args)
