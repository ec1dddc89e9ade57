"""Time importing the bundled sample and a generated 100,000-respondent survey.

Each case runs in a fresh child process (timed from before its imports) that
creates a new project and imports into it. Prints wall time, CPU time (user + system, all
threads of the child) and peak memory (RSS), with the load average before and after: on a
shared machine CPU seconds are the figure least disturbed by other work. Targets: the sample in
under 3 s; 100,000 respondents in under 60 s and under 2 GB.

The language model's tables are read from the per-user cache, as in the app after its first
import; ``--cold-cache`` points the child at an empty cache folder to time a first import
(which also builds that cache).

    python -m benchmarks.bench_import [--respondents 100000] [--skip-large] [--cold-cache]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import time
start = time.perf_counter()
import json, resource, sys
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project
paths = sys.argv[2:]
project = Project.create(sys.argv[1])
result = import_files(project, paths)
project.close()
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
peak = usage.ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mb": peak, "respondents": result.respondents,
                  "responses": result.responses, "documents": result.documents}))
"""


def run_case(label: str, paths: list[Path], workdir: Path, env: dict[str, str] | None = None) -> dict:
    project = workdir / f"{label}.consult"
    out = subprocess.run([sys.executable, "-c", CHILD, str(project), *map(str, paths)], capture_output=True,
                         text=True, check=True, cwd=REPO, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["case"] = label
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--cold-cache", action="store_true", help="start from an empty language-model cache")
    args = parser.parse_args()
    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = None
        if args.cold_cache:
            env = dict(os.environ, CONSULT_CACHE_DIR=str(work / "empty-cache"))
        data = REPO / "sample_responses" / "data"
        rows.append(run_case("sample", [data / "online_survey.csv", data / "emails"], work, env))
        if not args.skip_large:
            out = work / "large"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sample_responses.generate", "--respondents", str(args.respondents),
                            "--no-documents", "--out", str(out)], check=True, cwd=REPO, capture_output=True)
            print(f"(generated {args.respondents:,} respondents in {time.perf_counter() - t0:.1f} s)")
            if args.cold_cache:
                env = dict(os.environ, CONSULT_CACHE_DIR=str(work / "empty-cache-large"))
            rows.append(run_case(f"{args.respondents // 1000}k", [out / "data" / "online_survey.csv"], work, env))
    targets = {"sample": (3.0, None), f"{args.respondents // 1000}k": (60.0, 2048.0)}
    print(f"load average (1 min) before: {load_before:.1f}, after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores;"
          " CPU s is less sensitive to other load than wall s")
    print(f"language-model cache: {'cold (built during the import)' if args.cold_cache else 'as left by earlier runs'}")
    print(f"{'case':8} {'respondents':>12} {'answers':>10} {'documents':>9} {'wall s':>8} {'CPU s':>7} {'peak MB':>8}  target")
    for r in rows:
        secs, mem = targets.get(r["case"], (None, None))
        ok = (secs is None or r["seconds"] < secs) and (mem is None or r["peak_mb"] < mem)
        target = f"< {secs:.0f} s" + (f", < {mem:.0f} MB" if mem else "")
        print(f"{r['case']:8} {r['respondents']:>12,} {r['responses']:>10,} {r['documents']:>9,} "
              f"{r['seconds']:>8.2f} {r['cpu']:>7.1f} {r['peak_mb']:>8.0f}  {target} {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
