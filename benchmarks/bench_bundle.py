"""Measure the desktop bundle: its size on disk and its cold start time to a usable main window.

    python -m benchmarks.bench_bundle [--bundle "dist/Consult Analyser"] [--runs 3] [--drop-caches]

Build the bundle first (``make bundle``). The sample project is imported once with the bundle's own
command line (not timed); then the bundle is started ``--runs`` times with its hidden
``--startup-probe PROJECT`` flag under QT_QPA_PLATFORM=offscreen. Each run prints the seconds from
process start to the end of the main window's first paint. The first run follows the import and is
the coldest the page cache allows unless --drop-caches is given (root only, Linux: empties the
page cache before every run, which slows other work on the machine for a moment).
Targets: size < 600 MB, start < 3 s.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = REPO / "dist" / "Consult Analyser"
SIZE_TARGET_MB = 600
START_TARGET_S = 3.0


def folder_size(path: Path) -> int:
    """Bytes on disk of every regular file under ``path`` (symlinks not followed)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable(bundle: Path) -> Path:
    """The bundle's launcher (``Consult Analyser`` or ``Consult Analyser.exe``)."""
    for name in ("Consult Analyser", "Consult Analyser.exe"):
        if (bundle / name).exists():
            return bundle / name
    raise SystemExit(f"no launcher in {bundle}: build it first with `make bundle`")


def largest_parts(bundle: Path, count: int = 8) -> list[tuple[str, int]]:
    """The biggest top-level entries of the bundle's ``_internal`` folder, by size."""
    internal = bundle / "_internal"
    root = internal if internal.is_dir() else bundle
    sizes = [(p.name, folder_size(p) if p.is_dir() else p.stat().st_size) for p in root.iterdir()
             if not p.is_symlink()]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def drop_page_cache() -> None:
    """Empty Linux's page cache (root only) so the next start reads the bundle from disk."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def children_cpu_seconds() -> float:
    """User + system CPU seconds of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_once(exe: Path, project: Path, env: dict[str, str]) -> tuple[float, float]:
    """Start the bundle with the start-up probe; return (seconds it reported to a usable window,
    CPU seconds of the whole probe process, start to exit)."""
    cpu = children_cpu_seconds()
    result = subprocess.run([str(exe), "--startup-probe", str(project)], env=env, capture_output=True,
                            text=True, timeout=300)
    cpu = children_cpu_seconds() - cpu
    match = re.search(r"usable window after ([0-9.]+) s", result.stdout)
    if result.returncode != 0 or match is None:
        raise SystemExit(f"start-up probe failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return float(match.group(1)), cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drop-caches", action="store_true", help="empty the page cache before each run (root)")
    args = parser.parse_args(argv)

    exe = executable(args.bundle)
    size = folder_size(args.bundle)
    print(f"bundle: {args.bundle}")
    print(f"size on disk: {size / 1e6:.0f} MB (target < {SIZE_TARGET_MB} MB)")
    for name, part in largest_parts(args.bundle):
        print(f"  {part / 1e6:8.1f} MB  {name}")

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        env["XDG_DATA_HOME"] = str(Path(tmp) / "data")  # fresh per-user folder: caches start empty
        project = Path(tmp) / "sample.consult"
        begin, cpu = time.perf_counter(), children_cpu_seconds()
        subprocess.run([str(exe), "-q", "demo", str(project), "--import-only", "--force"], env=env,
                       check=True, capture_output=True, timeout=1800)
        print(f"sample imported by the bundle in {time.perf_counter() - begin:.1f} s wall, "
              f"{children_cpu_seconds() - cpu:.1f} s CPU (not part of start-up)")
        times = []
        for run in range(args.runs):
            if args.drop_caches:
                drop_page_cache()
            seconds, cpu = start_once(exe, project, env)
            times.append(seconds)
            print(f"  start {run + 1}: {seconds:.2f} s wall to a usable window; {cpu:.2f} s CPU for the whole "
                  f"probe process (start, first paint, quit)")
    print(f"cold start to usable window: first {times[0]:.2f} s, median {statistics.median(times):.2f} s, "
          f"best {min(times):.2f} s (target < {START_TARGET_S:.0f} s; "
          f"{'page cache emptied before each run' if args.drop_caches else 'page cache not emptied'})")
    print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
