"""Time merging analysts' copies and computing agreement on the bundled sample consultation.

Builds the sample project (3,444 respondents), a 30-code codebook, and splits it among
``--analysts`` analysts with ``--overlap`` of the respondents double-coded. In every copy the
analyst adds ``--codings`` whole-answer codings to their assigned answers (on shared answers two
analysts agree on about 70% of their calls), then, each in a fresh child process so that peak
memory is the job's own:

1. merge: every copy into the lead's project, one transaction (target < 5 s, < 1 GB);
2. merge again: the same copies, which must add nothing;
3. agreement on the double-coded answers (target < 1 s).

Prints wall time, CPU time, peak RSS and the load average for each.

    python -m benchmarks.bench_team [--analysts 10] [--codings 3000] [--overlap 0.1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CONSULT_ANALYST", "benchmark")

from benchmarks.datasets import REPO  # noqa: E402
from consult_analyser.domain import Coding, Source  # noqa: E402
from consult_analyser.ingest.importer import import_files  # noqa: E402
from consult_analyser.store import codebook, codings  # noqa: E402
from consult_analyser.store import team as team_store  # noqa: E402
from consult_analyser.store.project import Project  # noqa: E402
from consult_analyser.team import split  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time
from consult_analyser.store.project import Project
from consult_analyser.team import merge
from consult_analyser.pipeline.coding.agreement import project_agreement
job, lead, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
import numpy, sklearn.metrics, krippendorff  # libraries loaded before the clock starts, as in the app
start, cpu = time.perf_counter(), time.process_time()
with Project.open(lead) as project:
    if job == "merge":
        results, _ = merge.merge(project, sources)
        out = {"added": sum(r.counts.get("codings_added", 0) for r in results),
               "nothing": all(r.added_nothing for r in results)}
    else:
        report = project_agreement(project)
        out = {"answers": report.answers, "units": report.overall.n, "kappa": report.overall.kappa,
               "alpha": report.overall.alpha, "codes": len(report.codes)}
out.update(wall=time.perf_counter() - start, cpu=time.process_time() - cpu,
           rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, load=os.getloadavg()[0])
print(json.dumps(out))
"""


def build(folder: Path, analysts: int, per_copy: int, overlap: float) -> tuple[Path, list[Path]]:
    survey = REPO / "sample_responses" / "data" / "online_survey.csv"
    if not survey.exists():
        sys.exit("the sample consultation is missing (python -m sample_responses.generate)")
    lead = folder / "lead.consult"
    with Project.create(lead) as project:
        import_files(project, [survey, survey.parent / "emails"])
        codes = [codebook.create_code(project, f"Code {i:02d}").id for i in range(30)]
        names = [f"analyst{i:02d}" for i in range(analysts)]
        result = split.split(project, names, folder / "copies", overlap=overlap, seed=7)
        print(f"sample: {project.scalar('SELECT COUNT(*) FROM respondents'):,} respondents, "
              f"{len(team_store.split_candidates(project)):,} answers with text; "
              f"{analysts} copies of {lead.stat().st_size / 1e6:.0f} MB")
    for name in names:
        with Project.open(result.files[name]) as copy:
            mine = team_store.assigned_answers(copy, name)
            items: list[Coding] = []
            for rid in mine:  # the answer's "true" codes, seeded by the answer: shared answers mostly agree
                truth = random.Random(rid).sample(codes, 3)
                mine_rng = random.Random(rid + name)
                picks = [c for c in truth if mine_rng.random() < 0.85] or truth[:1]
                if mine_rng.random() < 0.3:
                    picks.append(mine_rng.choice(codes))
                items.extend(Coding(code_id=c, response_id=rid, coder=name, source=Source.ANALYST)
                             for c in dict.fromkeys(picks))
                if len(items) >= per_copy:
                    break
            codings.add_codings(copy, items[:per_copy])
    return lead, [result.files[n] for n in names]


def run(job: str, lead: Path, sources: list[Path]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", CHILD, job, str(lead), *map(str, sources)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--analysts", type=int, default=10)
    parser.add_argument("--codings", type=int, default=3000, help="codings per copy")
    parser.add_argument("--overlap", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        lead, copies = build(Path(tmp), args.analysts, args.codings, args.overlap)
        print(f"set-up (import, split, coding the copies): {time.perf_counter() - start:.1f} s")
        for label, job, target in (("merge", "merge", 5.0), ("merge again", "merge", 5.0),
                                   ("agreement", "agreement", 1.0)):
            r = run(job, lead, copies)
            extra = {k: v for k, v in r.items() if k not in ("wall", "cpu", "rss", "load")}
            verdict = "OK" if r["wall"] < target and r["rss"] < 1024 else "OVER TARGET"
            print(f"{label:<12} wall {r['wall']:.2f} s (target < {target:g} s), CPU {r['cpu']:.2f} s, "
                  f"peak RSS {r['rss']:.0f} MB, load {r['load']:.1f}  {verdict}  {json.dumps(extra)}")


if __name__ == "__main__":
    main()
