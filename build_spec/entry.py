"""Entry point of the desktop bundle.

``Consult Analyser``               opens the app
``Consult Analyser --self-test``   checks the installation end to end, offline, and exits 0 on success
``Consult Analyser COMMAND ...``   the command line (import, info, sectors, themes, export, ...)
"""

import sys

from consult_analyser.paths import configure_runtime

configure_runtime()  # before anything imports numba, umap or hdbscan


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--self-test"]:
        from consult_analyser.selftest import run_self_test

        return run_self_test(args[1] if len(args) > 1 else None)
    if args[:1] == ["--startup-probe"]:
        from consult_analyser.ui.startup_probe import probe

        return probe(args[1:])
    from consult_analyser.cli import main as cli_main

    if not args or (len(args) == 1 and args[0].endswith(".consult")):
        return cli_main(["gui", *args])
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
