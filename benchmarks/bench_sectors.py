"""Time the ``sectors`` step on the bundled sample and on a generated 100,000-respondent survey.

The survey is generated and imported first (not timed here; see ``bench_import``); then a fresh
child process opens the project and classifies every respondent (``classify_project``, the
function the CLI and the app call), timed from before its imports. Prints wall time, CPU time
(user + system) and peak memory (RSS), with the load average: on a shared machine CPU seconds are
the figure least disturbed by other work. Targets at 100,000 respondents: under 30 s and 1 GB.

    python -m benchmarks.bench_sectors [--respondents 100000] [--skip-large] [--no-check] [--project existing.consult]

The sector check (``sectors --check``: five sector runs with a fifth of the known sectors hidden
each time, and the plain baseline) is timed the same way unless ``--no-check``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

IMPORT = r"""
import sys
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project
project = Project.create(sys.argv[1])
import_files(project, sys.argv[2:])
project.close()
"""

CHILD = r"""
import time
start = time.perf_counter()
import json, resource, sys
from consult_analyser.pipeline.sectors.run import check_project, classify_project
from consult_analyser.store.project import Project
project = Project.open(sys.argv[1])
if sys.argv[2] == "check":
    check = check_project(project)
    summary = (f"sector check: {check.n:,} known respondents, macro-F1 {check.macro_f1():.3f} "
               f"(baseline {check.macro_f1('baseline'):.3f})")
else:
    summary = classify_project(project)
project.close()
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
                  "summary": summary}))
"""


def time_sectors(project: Path, step: str = "classify") -> dict:
    """Time ``classify`` (the ``sectors`` step) or ``check`` (``sectors --check``) in a fresh process."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(project), step], capture_output=True, text=True, check=True,
                         cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    return json.loads(out.stdout.strip().splitlines()[-1])


def make_project(path: Path, inputs: list[Path]) -> None:
    subprocess.run([sys.executable, "-c", IMPORT, str(path), *map(str, inputs)], check=True, cwd=REPO,
                   capture_output=True, env=dict(os.environ, PYTHONPATH=str(REPO)))


def report(label: str, r: dict, target: str) -> None:
    print(f"{label:<28} {r['seconds']:7.1f} s wall {r['cpu']:7.1f} s CPU {r['peak_mb']:7.0f} MB peak   "
          f"(target {target})\n    {r['summary']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--no-check", action="store_true", help="do not time the sector check (sectors --check)")
    parser.add_argument("--project", help="time an existing project (a copy of it) instead of generating one")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = REPO / "sample_responses" / "data"
        sample = work / "sample.consult"
        make_project(sample, [data / "online_survey.csv", data / "emails"])
        report("sample", time_sectors(sample), "a few seconds")
        if not args.no_check:
            report("sample, sector check", time_sectors(sample, "check"), "none: five sector runs")
        if args.project:
            copy = work / "given.consult"
            shutil.copy(args.project, copy)
            report(f"{Path(args.project).name}", time_sectors(copy), "< 30 s, < 1 GB at 100,000")
            if not args.no_check:
                report(f"{Path(args.project).name}, sector check", time_sectors(copy, "check"),
                       "none: five sector runs")
        elif not args.skip_large:
            out = work / "large"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sample_responses.generate", "--respondents", str(args.respondents),
                            "--no-documents", "--out", str(out)], check=True, cwd=REPO, capture_output=True)
            large = work / "large.consult"
            make_project(large, [out / "data" / "online_survey.csv"])
            print(f"(generated and imported {args.respondents:,} respondents in {time.perf_counter() - t0:.0f} s)")
            report(f"{args.respondents:,} respondents", time_sectors(large), "< 30 s, < 1 GB")
            if not args.no_check:
                report(f"{args.respondents:,}, sector check", time_sectors(large, "check"),
                       "none: five sector runs")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
