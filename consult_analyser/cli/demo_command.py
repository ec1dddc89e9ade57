"""``demo``: build the bundled sample consultation into a project and run every analysis step."""

from __future__ import annotations

import argparse
from pathlib import Path

from consult_analyser.cli.common import progress_bar
from consult_analyser.demo import build_sample_project


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="build the sample consultation project and run every analysis step")
    p.add_argument("project", nargs="?", default="sample.consult", help="where to write it (default: sample.consult)")
    p.add_argument("--force", action="store_true", help="replace the project if it exists")
    p.add_argument("--import-only", action="store_true", help="only import, skip the analysis steps")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    with progress_bar("demo", not args.quiet) as bar:
        path = build_sample_project(Path(args.project), force=args.force, analyse=not args.import_only,
                                    progress=bar, log=lambda line: print(line, flush=True))
    print(f"sample project written to {path}")
    return 0
