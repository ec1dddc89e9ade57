"""``self-test``: check the installation end to end, offline."""

from __future__ import annotations

import argparse

from consult_analyser.selftest import run_self_test


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("self-test", help="check this installation end to end (sample, sectors, themes, "
                                                "annex, a view) without the network")
    p.add_argument("--keep", metavar="DIR", help="keep the outputs in DIR")
    p.set_defaults(func=lambda args: run_self_test(args.keep))
