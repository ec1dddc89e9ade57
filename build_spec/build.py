"""Build the one-folder desktop bundle into dist/Consult Analyser and print its size.

    python build_spec/build.py            (or: make bundle)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "dist" / "Consult Analyser"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    start = time.perf_counter()
    if DIST.exists():
        shutil.rmtree(DIST)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(REPO / "dist"), "--workpath", str(REPO / "build" / "pyinstaller"),
               str(REPO / "build_spec" / "consult_analyser.spec")]
    result = subprocess.run(command, cwd=REPO)
    if result.returncode != 0:
        return result.returncode
    size = folder_size(DIST)
    print(f"built {DIST} in {time.perf_counter() - start:.0f} s: {size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
