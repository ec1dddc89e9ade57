"""Time auto-coding retraining on one question with thousands of answers, as the app runs it.

Builds a project whose one open question holds ``--answers`` real, human-coded survey answers
(ANES 2008, 33-code frame, from ../shared/realdata; the generated sample's answers when that is
absent), codes ``--per-code`` answers per code as an analyst would, then:

1. a cold run (embeddings computed and cached in the project: a one-off cost per answer);
2. ``--rounds`` retraining runs, each after ten more answers were coded (embeddings cached).

Each run is split into reading + embedding look-up, model fit, and suggesting + writing the
suggestions. The target is retraining in under 2 s for a 3,450-respondent consultation. It also
prints how the pending suggestions compare with the human codes of the uncoded answers
(micro/macro precision, recall, F1 at ``--min-confidence``).

    python -m benchmarks.bench_autocode [--answers 3450] [--per-code 5] [--rounds 5] [--embedder NAME]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("CONSULT_ANALYST", "benchmark")

from benchmarks.datasets import REPO, load_anes, load_sample_truth, realdata_available  # noqa: E402
from consult_analyser.domain import Coding  # noqa: E402
from consult_analyser.ingest.importer import import_files  # noqa: E402
from consult_analyser.pipeline.coding import autocode  # noqa: E402
from consult_analyser.store import codebook, codings, suggestions  # noqa: E402
from consult_analyser.store.project import Project  # noqa: E402


def prepare_sample(folder: Path) -> tuple[str, Project, str, list[str], list[set[str]]]:
    """The bundled sample consultation (3,444 respondents), its largest open question, and the
    generator's true themes of each answer as the human codes."""
    survey = REPO / "sample_responses" / "data" / "online_survey.csv"
    truth = load_sample_truth().get("answers", [])
    if not survey.exists() or not truth:
        sys.exit("the sample consultation is missing (python -m sample_responses.generate)")
    project = Project.create(folder / "sample.consult")
    import_files(project, [survey])
    sizes: dict[str, int] = {}
    for row in truth:
        sizes[row["question_key"]] = sizes.get(row["question_key"], 0) + 1
    question = max(sizes, key=lambda k: sizes[k])
    themes = {(r["external_id"], r["question_key"]): {t for t in r["themes"].split("|") if t} for r in truth}
    lookup = codings.response_lookup(project)
    ids, labels = [], []
    for (external, key), (rid, text) in sorted(lookup.items()):
        if key == question and text.strip() and themes.get((external, key)):
            ids.append(rid)
            labels.append(themes[(external, key)])
    respondents = project.scalar("SELECT COUNT(*) FROM respondents")
    return (f"sample consultation ({respondents:,} respondents), question {question} (generator's true themes)",
            project, question, ids, labels)


def prepare_anes(folder: Path, n: int) -> tuple[str, Project, str, list[str], list[set[str]]]:
    """One question holding ``n`` real ANES 2008 answers (33-code frame, human codes)."""
    if not realdata_available():
        sys.exit("no ../shared/realdata: run with --data sample")
    blocks = load_anes("dataset3")
    texts = [t for b in blocks for t in b.texts]
    all_labels = [{b.codes[j] for j in np.flatnonzero(row)} for b in blocks for row in b.labels]
    keep = [i for i, t in enumerate(texts) if t.strip()][:n]
    survey = folder / "anes.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "Are you responding as an individual or on behalf of an organisation?",
                         "Your name", "Q1. What do you like or dislike about the parties?"])
        writer.writerows([f"R-{i:05d}", "Individual", "", texts[i]] for i in keep)
    project = Project.create(folder / "anes.consult")
    import_files(project, [survey])
    lookup = codings.response_lookup(project)
    ids = [lookup[(f"R-{i:05d}", "Q1")][0] for i in keep]
    return (f"ANES 2008 dataset3, one question of {len(keep):,} real answers (human codes)", project, "Q1", ids,
            [all_labels[i] for i in keep])


def timed_run(project: Project, question: str, embedder, min_confidence: float) -> tuple[autocode.AutocodeResult, dict]:  # type: ignore[no-untyped-def]
    marks: list[tuple[float, str]] = []

    def progress(fraction: float, message: str = "") -> None:
        if not marks or marks[-1][1] != message:
            marks.append((time.perf_counter(), message))

    start = time.perf_counter()
    result = autocode.suggest_question(project, question, min_confidence=min_confidence, embedder=embedder,
                                       progress=progress)
    end = time.perf_counter()
    at = {message: t for t, message in marks}
    fit_start = at.get("Learning from coded answers", end)
    suggest_start = at.get("Suggesting codes", end)
    return result, {"total": end - start, "read+embed": fit_start - start, "fit": suggest_start - fit_start,
                    "suggest+write": end - suggest_start}


def quality(project: Project, ids: list[str], labels: list[set[str]], code_ids: dict[str, str]) -> dict:
    """Pending suggestions against the human codes, over the answers no analyst coded."""
    coded = {c.response_id for c in codings.list_codings(project)}
    predicted: dict[str, set[str]] = {}
    for s in suggestions.list_suggestions(project):
        predicted.setdefault(s.response_id, set()).add(s.code_id)
    names = {v: k for k, v in code_ids.items()}
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for rid, truth in zip(ids, labels, strict=True):
        if rid in coded:
            continue
        guess = {names[c] for c in predicted.get(rid, set())}
        for code in guess | truth:
            if code in guess and code in truth:
                tp[code] = tp.get(code, 0) + 1
            elif code in guess:
                fp[code] = fp.get(code, 0) + 1
            else:
                fn[code] = fn.get(code, 0) + 1
    T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p, micro_r = T / max(1, T + P), T / max(1, T + N)
    f1s = []
    for code in code_ids:
        t, p, n = tp.get(code, 0), fp.get(code, 0), fn.get(code, 0)
        if t + p + n:
            f1s.append(2 * t / (2 * t + p + n))
    return {"micro_precision": micro_p, "micro_recall": micro_r,
            "micro_f1": 2 * micro_p * micro_r / max(1e-9, micro_p + micro_r),
            "macro_f1": float(np.mean(f1s)) if f1s else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", choices=["sample", "anes"], default="sample",
                        help="sample: the bundled consultation's largest question; anes: real coded answers")
    parser.add_argument("--answers", type=int, default=3450, help="answers in the question (anes only)")
    parser.add_argument("--per-code", type=int, default=5, help="answers coded per code before the first run")
    parser.add_argument("--rounds", type=int, default=5, help="retraining runs, each after 10 more codings")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--embedder", default=None, help="embedder name (default: the app's default)")
    args = parser.parse_args()

    from consult_analyser.pipeline.embeddings import get_embedder

    embedder = get_embedder(args.embedder) if args.embedder else autocode.default_embedder()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        if args.data == "sample":
            name, project, question, ids, labels = prepare_sample(Path(tmp))
        else:
            name, project, question, ids, labels = prepare_anes(Path(tmp), args.answers)
        build_seconds = time.perf_counter() - t0
        all_codes = sorted({c for s in labels for c in s})
        code_ids = {c: codebook.create_code(project, f"Code {c}").id for c in all_codes}

        def code_answers(indices) -> None:  # type: ignore[no-untyped-def]
            codings.add_codings(project, [Coding(code_id=code_ids[c], response_id=ids[i], coder="benchmark")
                                          for i in indices for c in labels[i]])

        seed: set[int] = set()
        for code in all_codes:
            having = [i for i, s in enumerate(labels) if code in s and i not in seed]
            seed.update(rng.choice(having, size=min(args.per_code, len(having)), replace=False).tolist())
        code_answers(sorted(seed))
        print(f"data: {name}; {len(ids):,} answers, {len(all_codes)} codes, {len(seed)} answers coded to start; "
              f"embedder {embedder.name}; project built in {build_seconds:.1f} s")

        rows = []
        result, timing = timed_run(project, question, embedder, args.min_confidence)
        rows.append(("cold (embeds all answers)", result, timing))
        coded = set(seed)
        for k in range(args.rounds):
            more = [int(i) for i in rng.permutation(len(ids)) if int(i) not in coded][:10]
            coded.update(more)
            code_answers(more)
            result, timing = timed_run(project, question, embedder, args.min_confidence)
            rows.append((f"retrain {k + 1} (+10 coded)", result, timing))
        scores = quality(project, ids, labels, code_ids)
        project.close()

    print(f"\n{'run':28} {'coded':>6} {'sugg.':>7} {'read+emb':>9} {'fit':>7} {'suggest':>8} {'total':>7}")
    for label, result, timing in rows:
        print(f"{label:28} {result.coded_answers:6,} {result.suggestions:7,} {timing['read+embed']:8.2f}s "
              f"{timing['fit']:6.2f}s {timing['suggest+write']:7.2f}s {timing['total']:6.2f}s")
    retrain = [t["total"] for _, _, t in rows[1:]]
    if retrain:
        print(f"\nretraining: median {statistics.median(retrain):.2f} s, max {max(retrain):.2f} s "
              f"(target < 2 s) on {os.cpu_count()} cores")
    print(f"model: {rows[-1][1].model}")
    print("suggestions vs human codes on uncoded answers (min confidence {:.2f}): micro P {micro_precision:.3f} "
          "R {micro_recall:.3f} F1 {micro_f1:.3f}; macro F1 {macro_f1:.3f}".format(args.min_confidence, **scores))


if __name__ == "__main__":
    main()
