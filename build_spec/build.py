"""Build the one-folder desktop bundle into dist/Consult Analyser and print its size.

    python build_spec/build.py            (or: make bundle)

PyInstaller's work files go to build/pyinstaller, the bundle to dist/ (both git-ignored). On macOS
the spec also writes dist/Consult Analyser.app.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAME = "Consult Analyser"
DIST = REPO / "dist" / NAME


def folder_size(path: Path) -> int:
    """Bytes of every regular file under ``path`` (symlinks not followed)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def restore_vendored_libraries(bundle: Path) -> int:
    """Put back the unstripped copies of the libraries that wheels vendor in ``<package>.libs``.

    The spec strips shared libraries on Linux, but these (OpenBLAS, gfortran, gomp ...) were rewritten
    by auditwheel's patchelf and no longer load once stripped ("ELF load command address/offset not
    page-aligned"). Returns how many files were restored."""
    site = Path(sysconfig.get_paths()["purelib"])
    vendored = {f.name: f for libs in site.glob("*.libs") for f in libs.iterdir() if f.is_file()}
    restored = 0
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name in vendored:
            shutil.copy2(vendored[path.name], path)
            restored += 1
    return restored


def main() -> int:
    """Run PyInstaller on build_spec/consult_analyser.spec; return its exit code."""
    start = time.perf_counter()
    for old in (DIST, REPO / "dist" / f"{NAME}.app"):
        if old.exists():
            for path in [old, *old.rglob("*")]:  # a previous read-only test may have left it read-only
                if not path.is_symlink():
                    path.chmod(path.stat().st_mode | 0o200)
            shutil.rmtree(old)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(REPO / "dist"), "--workpath", str(REPO / "build" / "pyinstaller"),
               str(REPO / "build_spec" / "consult_analyser.spec")]
    result = subprocess.run(command, cwd=REPO)
    if result.returncode != 0:
        print(f"PyInstaller failed with exit code {result.returncode}", file=sys.stderr)
        return result.returncode
    if sys.platform.startswith("linux"):
        print(f"restored {restore_vendored_libraries(DIST)} vendored libraries unstripped")
    internal = DIST / "_internal"
    parts = sorted(((folder_size(p) if p.is_dir() else p.stat().st_size, p.name) for p in internal.iterdir()
                    if not p.is_symlink()), reverse=True)
    print("largest parts: " + ", ".join(f"{name} {size / 1e6:.0f} MB" for size, name in parts[:8]))
    print(f"built {DIST} in {time.perf_counter() - start:.0f} s: {folder_size(DIST) / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
