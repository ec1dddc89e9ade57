"""Entry point of the desktop bundle.

``Consult Analyser``                        opens the app (``Consult Analyser PROJECT.consult`` opens a project)
``Consult Analyser --self-test [DIR]``      checks the installation end to end, offline; exit 0 on success
``Consult Analyser COMMAND ...``            the command line (import, info, sectors, themes, export, ...)
``Consult Analyser --startup-probe [P]``    (hidden) open the main window, print the start-up time, quit
"""

import os
import sys


def _console_streams() -> None:
    """The bundle is a windowed app. On Windows it then has no stdout/stderr: attach to the console
    of the shell that started it (so ``--self-test`` and commands print), else write to nowhere so
    libraries that print never fail. On Linux and macOS the streams are inherited as usual."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    if sys.platform == "win32" and len(sys.argv) > 1:
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
            sys.stderr = sys.stdout
            return
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    sys.stdout = sys.stdout or sink
    sys.stderr = sys.stderr or sink


_console_streams()
if getattr(sys, "frozen", False):
    import multiprocessing

    multiprocessing.freeze_support()  # a library's worker process re-enters here; let it run and exit

from consult_analyser.paths import configure_runtime  # noqa: E402

configure_runtime()  # before anything imports a model library (offline switches)


def main() -> int:
    """Dispatch to the self-test, the start-up probe, the app or the command line."""
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
