"""``gui``: open the desktop app (optionally on a project), or render a view to a PNG headless."""

from __future__ import annotations

import argparse

from consult_analyser.ui import VIEW_NAMES


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gui", help="open the desktop app")
    p.add_argument("project", nargs="?", help="project to open")
    p.add_argument("--screenshot", metavar="FILE", help="render a view to a PNG and exit (works headless)")
    p.add_argument("--view", default="responses", help="view to render with --screenshot: "
                   + ", ".join((*VIEW_NAMES, "welcome", "import")))
    p.add_argument("--files", nargs="+", metavar="FILE", default=None,
                   help="with --view import: the files whose column check to render (default: the bundled sample "
                        "survey and e-mails)")
    p.add_argument("--sample", action="store_true", help="open the bundled sample consultation")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    from consult_analyser.ui.app import run

    return run(args)
