"""``python -m consult_analyser``: the desktop app when started bare, the command line otherwise."""

import sys

from consult_analyser.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["gui"]))
