"""Time theme discovery over every open question: the sample cold and warm, a re-cluster after a
merge, and (with --large) a generated 100,000-respondent consultation end to end.

Each case runs in a fresh child process so that wall time includes model loading and JIT
compilation, and peak memory is that process's maximum RSS. The machine's load average is
printed with the figures, since other work on the machine slows everything down.

Targets: sample cold (embeddings computed) < 60 s, warm (embeddings cached) < 15 s; re-clustering
one question after a merge < 2 s; 100,000 respondents end to end < 10 min and < 4 GB.

    python -m benchmarks.bench_themes [--embedder NAME] [--large] [--respondents 100000] [--keep DIR]
    python -m benchmarks.bench_themes --campaign-check PROJECT   # banded vs all-pairs campaign search

Without ``--embedder`` the application's own choice is used (``project_embedder``: MiniLM when its
estimated embedding time fits the budget, else the static model); the summary line names it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# ------------------------------------------------------------------------------- child process


def child(mode: str, path: str, embedder: str | None, data: str | None = None, campaigns: bool = True) -> dict:
    """Run one case in this process and return its figures."""
    from consult_analyser.actions import themes as theme_ops
    from consult_analyser.pipeline.themes.discover import QuestionRun, discover_project_themes
    from consult_analyser.store import themes as store_themes
    from consult_analyser.store.project import Project
    from consult_analyser.store.questions import list_questions

    out: dict = {}
    start = time.perf_counter()
    if mode == "import":
        from consult_analyser.ingest.importer import import_files

        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        project = Project.create(path)
        result = import_files(project, [Path(str(data)) / "data" / "online_survey.csv"])
        out.update(respondents=result.respondents, responses=result.responses, import_s=time.perf_counter() - start)
        project.close()
        start = time.perf_counter()
    project = Project.open(path)
    try:
        results: list[QuestionRun] = []
        summary = discover_project_themes(project, embedder=embedder, results=results, campaigns=campaigns)
        steps: dict[str, float] = {}
        for r in results:
            for step, secs in r.timings.items():
                steps[step] = steps.get(step, 0.0) + secs
        out.update(seconds=time.perf_counter() - start, summary=summary, steps=steps,
                   answers=sum(r.answers for r in results), questions=len(results),
                   slowest=max((round(r.seconds, 1), r.question_key) for r in results))
        if mode == "warm":
            # Re-cluster the largest question after merging its two largest themes (same process).
            biggest = max(results, key=lambda r: r.answers)
            qid = next(q.id for q in list_questions(project) if q.key == biggest.question_key)
            rows = store_themes.list_themes(project, qid)
            if len(rows) >= 2:
                theme_ops.MergeThemes([rows[1].theme.id], rows[0].theme.id).apply(project)
            again: list[QuestionRun] = []
            t0, c0 = time.perf_counter(), time.process_time()
            discover_project_themes(project, question=qid, embedder=embedder, results=again)
            out.update(recluster_s=time.perf_counter() - t0, recluster_cpu=time.process_time() - c0, recluster_question=biggest.question_key,
                       recluster_answers=biggest.answers, recluster_steps=again[0].timings)
    finally:
        project.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.update(peak_mb=max(usage.ru_maxrss, kids.ru_maxrss) / 1024,
               cpu_s=usage.ru_utime + usage.ru_stime + kids.ru_utime + kids.ru_stime)
    return out


def campaign_check(path: str) -> None:
    """Campaigns of the project's largest open question found by MinHash banding and by comparing
    every pair: time of each and how many answers' group membership differs."""
    from consult_analyser.pipeline.themes.campaigns import find_campaigns
    from consult_analyser.pipeline.themes.discover import question_answers
    from consult_analyser.store.project import Project
    from consult_analyser.store.questions import list_questions

    project = Project.open(path, readonly=True)
    try:
        sized = [(len(question_answers(project, q.id)), q) for q in list_questions(project, open_only=True)]
        n, question = max(sized, key=lambda item: item[0])
        texts = [t for _, t in question_answers(project, question.id)]
    finally:
        project.close()
    found = {}
    for exhaustive in (False, True):
        t0, c0 = time.perf_counter(), time.process_time()
        groups = find_campaigns(texts, exhaustive=exhaustive)
        found[exhaustive] = {i: g for g, c in enumerate(groups) for i in c.indices}
        print(f"{'all pairs' if exhaustive else 'banded':10} {question.key} ({n:,} answers): {len(groups)} campaigns, "
              f"{len(found[exhaustive]):,} members, sizes {[c.size for c in groups][:8]}...; "
              f"{time.perf_counter() - t0:.1f} s (CPU {time.process_time() - c0:.1f} s; load {_load()})")
    banded, exact = found[False], found[True]
    pairs: dict[int, dict[int, int]] = {}
    for i, g in exact.items():
        if i in banded:
            pairs.setdefault(g, {}).setdefault(banded[i], 0)
            pairs[g][banded[i]] += 1
    agree = sum(max(v.values()) for v in pairs.values())
    print(f"answers in the same group both ways: {agree:,} of {len(exact):,} (all pairs) / {len(banded):,} (banded)")


def run_child(mode: str, path: Path, embedder: str | None, data: Path | None = None, campaigns: bool = True) -> dict:
    args = [sys.executable, "-m", "benchmarks.bench_themes", "--child", mode, str(path)] + ([str(data)] if data else [])
    if not campaigns:
        args.append("--no-campaigns")
    if embedder:
        args += ["--embedder", embedder]
    load = _load()
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=REPO, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{mode} failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(mode=mode, wall_s=time.perf_counter() - t0, load_before=load, load_after=_load())
    return result


# ------------------------------------------------------------------------------------ parent


def report(label: str, r: dict, target: str) -> None:
    extra = f" import {r['import_s']:.0f} s +" if "import_s" in r else ""
    print(f"{label:28} {r.get('answers', 0):>9,} answers {r['questions']:>3} q {extra} themes {r['seconds']:7.1f} s"
          f"  (process {r['wall_s']:.1f} s, CPU {r['cpu_s']:.0f} s, peak {r['peak_mb']:,.0f} MB; load {r['load_before']} -> "
          f"{r['load_after']})  target {target}")
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in r["steps"].items())
    print(f"{'':28} {r['summary']}; slowest question {r['slowest'][1]} {r['slowest'][0]} s; steps: {steps}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)  # MODE PROJECT [DATA]
    parser.add_argument("--embedder", help="embedding model (default: the application's choice)")
    parser.add_argument("--large", action="store_true", help="also run the 100,000-respondent case")
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--large-data", metavar="DIR", help="use a consultation already generated into DIR")
    parser.add_argument("--skip-sample", action="store_true", help="only the large case")
    parser.add_argument("--no-campaigns", action="store_true",
                        help="large case without campaign detection (it grows with the square of the answers)")
    parser.add_argument("--keep", metavar="DIR", help="keep the projects in DIR")
    parser.add_argument("--campaign-check", metavar="PROJECT", help="only compare banded and all-pairs campaign search")
    args = parser.parse_args()
    if args.campaign_check:
        campaign_check(args.campaign_check)
        return
    if args.child:
        data = args.child[2] if len(args.child) > 2 else None
        print(json.dumps(child(args.child[0], args.child[1], args.embedder, data, campaigns=not args.no_campaigns)))
        return
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_themes_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sample = work / "sample.consult"
        print(f"embedder: {args.embedder or 'default'}; cores: {os.cpu_count()}; load now {_load()}")
        if not args.skip_sample:
            subprocess.run([sys.executable, "-m", "consult_analyser", "-q", "demo", str(sample), "--force",
                            "--import-only"], check=True, cwd=REPO, capture_output=True)
            cold = run_child("cold", sample, args.embedder)
            report("sample cold (embeds)", cold, "< 60 s")
            warm = run_child("warm", sample, args.embedder)
            report("sample warm (cached)", warm, "< 15 s")
            print(f"{'re-cluster after merge':28} {warm['recluster_answers']:>9,} answers ({warm['recluster_question']})"
                  f"  {warm['recluster_s']:.2f} s (CPU {warm['recluster_cpu']:.2f} s)  target < 2 s; steps: "
                  + ", ".join(f"{k} {v:.2f} s" for k, v in warm["recluster_steps"].items()))
        if args.large or args.large_data:
            data = Path(args.large_data) if args.large_data else work / "large"
            if not args.large_data:
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "sample_responses.generate", "--respondents",
                                str(args.respondents), "--no-documents", "--out", str(data)],
                               check=True, cwd=REPO, capture_output=True)
                print(f"(generated {args.respondents:,} respondents in {time.perf_counter() - t0:.0f} s)")
            large = run_child("import", work / "large.consult", args.embedder, data, campaigns=not args.no_campaigns)
            if args.no_campaigns:
                print("(campaign detection skipped)")
            total = large["import_s"] + large["seconds"]
            report(f"{large['respondents'] // 1000}k end to end", large, "< 600 s, < 4096 MB")
            print(f"{'':28} total {total:.0f} s ({'met' if total < 600 and large['peak_mb'] < 4096 else 'MISSED'})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
