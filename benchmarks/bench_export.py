"""Time the exports on the bundled sample and on a generated 100,000-respondent consultation.

Each project is imported, then labelled the way a finished analysis would be: sectors and one code
per theme of the generator's truth files (whole-answer codings for every theme an answer carries,
plus a span coding on every fifth coded answer, up to --max-codings for the large project: storing
a million validated codings takes longer than any export), a few memos, and the truth's themes of each open
question with their answers (so the annex quotes answers). Preparation is not timed. Each export then runs
in a fresh child process, which reports its wall time, CPU time and peak memory (RSS); the load average is
printed with the table (wall time on a busy machine is not the export's own cost, CPU time is).
Targets: the sample's (redacted) annex in under 5 s; the 100,000-respondent annex in under 2 minutes and
under 2 GB.

Then, for the sample, redaction recall: every answer and document is redacted (names model on) and each
piece of personal data the generator planted (truth/pii.csv) is checked to be gone. Last, the planted
UK personal data benchmark of :mod:`benchmarks.pii_planted` (every category a department must remove,
recall per category and ordinary words wrongly removed, beside the patterns alone).

    python -m benchmarks.bench_export [--respondents 100000] [--skip-large] [--skip-recall] [--workdir DIR] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PREPARE = r"""
import csv, json, sys, time
from collections import defaultdict
from pathlib import Path
from consult_analyser.domain import Coding, Sector, SectorAssignment, Source
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings, memos, reporting, sectors
from consult_analyser.store import theme_edits
from consult_analyser.store import themes as theme_store
from consult_analyser.store.questions import list_questions
from consult_analyser.store.project import Project

project_path, truth, limit = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
inputs = sys.argv[4:]
start = time.perf_counter()
project = Project.create(project_path, name="Benchmark consultation")
import_files(project, inputs)
imported = time.perf_counter() - start
ids = reporting.respondent_ids_by_external(project)
with (truth / "respondents.csv").open(encoding="utf-8") as fh:
    people = list(csv.DictReader(fh))
keys = sorted({p["sector"] for p in people})
sectors.set_taxonomy(project, [Sector(k, k.replace("_", " ").capitalize(), k != "individual") for k in keys])
sectors.save_assignments(project, [SectorAssignment(ids[p["external_id"]], p["sector"], Source.MODEL, 0.9,
                                                    "benchmark: generator truth") for p in people
                                   if p["external_id"] in ids])
code_of = {}
with (truth / "themes.csv").open(encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        if row["theme_key"] in code_of:
            continue
        parent = codebook.code_at_path(project, row["question_key"]) or codebook.create_code(project, row["question_key"])
        code_of[row["theme_key"]] = codebook.create_code(project, row["label"].replace(">", "-"), parent_id=parent.id,
                                                         description=row["description"]).id
answers = codings.response_lookup(project)
batch, count = [], 0
with (truth / "answers.csv").open(encoding="utf-8") as fh:
    for number, row in enumerate(csv.DictReader(fh)):
        answer = answers.get((row["external_id"], row["question_key"]))
        themes = [t for t in row["themes"].split("|") if t in code_of]
        if not answer or not answer[1] or not themes:
            continue
        for theme in themes:
            batch.append(Coding(code_id=code_of[theme], response_id=answer[0], coder="analyst-1"))
        if number % 5 == 0:
            end = answer[1].find(".") + 1 or len(answer[1])
            batch.append(Coding(code_id=code_of[themes[0]], response_id=answer[0], start=0, end=end, coder="analyst-2"))
        if len(batch) >= 20000:
            count += len(codings.add_codings(project, batch))
            batch = []
            if count >= limit:
                break
if count < limit:
    count += len(codings.add_codings(project, batch))
for code_id in list(code_of.values())[:10]:
    memos.add_memo(project, "code", code_id, "Checked against ten answers.")
# Themes of the open questions as analysts would leave them (the annex quotes answers of each).
question_ids = {q.key: q.id for q in list_questions(project)}
members = defaultdict(list)
with (truth / "answers.csv").open(encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        answer = answers.get((row["external_id"], row["question_key"]))
        if answer and answer[1]:
            for theme in filter(None, row["themes"].split("|")):
                members[(row["question_key"], theme)].append(answer[0])
with (truth / "themes.csv").open(encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        ids = members.get((row["question_key"], row["theme_key"]))
        if ids and row["question_key"] in question_ids:
            theme_edits.create_theme(project, question_ids[row["question_key"]], row["label"],
                                description=row["description"], response_ids=ids)
info = reporting.overview(project)
project.close()
print(json.dumps({"import_seconds": imported, "prepare_seconds": time.perf_counter() - start, "reused": False,
                  "respondents": info["respondents"], "answers": info["answers"], "codes": info["codes"],
                  "codings": info["codings"]}))
"""

EXPORT = r"""
import json, resource, sys, time
from consult_analyser.store.project import Project
kind, project_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
project = Project.open(project_path, readonly=True)
start, cpu = time.perf_counter(), time.process_time()
if kind == "annex":
    from consult_analyser.export.annex_xlsx import export_annex
    result = export_annex(project, out, redact=True)
    detail = f"{len(result.sheets)} sheets, matrix {result.matrix_rows:,} rows, excerpts {result.excerpt_rows:,} rows"
elif kind == "annex-unredacted":
    from consult_analyser.export.annex_xlsx import export_annex
    result = export_annex(project, out, redact=False)
    detail = f"{len(result.sheets)} sheets"
elif kind == "qdpx":
    from consult_analyser.export.refi_qda import export_qdpx
    result = export_qdpx(project, out)
    detail = f"{result.cases:,} cases, {result.codings:,} codings, schema checked: {result.validated}"
elif kind == "report":
    from consult_analyser.export.report_docx import export_report
    result = export_report(project, out)
    detail = f"{result.questions} questions"
else:
    from consult_analyser.export.csv_export import export_csv
    detail = f"{export_csv(project, out, kind.split(':')[1]):,} rows"
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
project.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mb": peak, "detail": detail}))
"""

EXPORTS = [("annex", ".xlsx"), ("annex-unredacted", ".xlsx"), ("report", ".docx"), ("qdpx", ".qdpx"),
           ("csv:codings", ".csv"), ("csv:responses", ".csv")]


def _child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO)
    if out.returncode:
        raise SystemExit(f"child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


RECALL = r"""
import csv, json, re, resource, sys, time
from collections import Counter, defaultdict
from consult_analyser.pipeline import pii
from consult_analyser.store import reporting
from consult_analyser.store.project import Project
project_path, truth = sys.argv[1], sys.argv[2]
lookup, by_person = {}, defaultdict(list)  # (respondent, question) -> answer; respondent -> texts and documents
with Project.open(project_path, readonly=True) as project:
    for sub in reporting.iter_submissions(project):
        for answer in sub.answers:
            lookup[(sub.person["external_id"], answer.question_key)] = answer.text
        by_person[sub.person["external_id"]] = [a.text for a in sub.answers if a.text] + [
            d.text for d in sub.documents if d.text]
texts = list(dict.fromkeys(t for ts in by_person.values() for t in ts))
start, cpu = time.perf_counter(), time.process_time()
clean = dict(zip(texts, pii.redact_many(texts), strict=True))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
planted, present, removed, no_part = Counter(), Counter(), Counter(), Counter()
missed = []


def norm(text):  # an address may be written over several lines, a name across a line break
    return re.sub(r"[\s,]+", " ", text)


with open(f"{truth}/pii.csv", encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        kind, value = row["kind"], norm(row["value"])
        originals = ([lookup.get((row["source"], row["question_key"]), "")] if row["question_key"] else
                     by_person.get(row["source"], []))
        planted[kind] += 1
        if not any(value in norm(t) for t in originals):
            continue
        present[kind] += 1
        after = [norm(clean.get(t, t)) for t in originals if value in norm(t)]
        if any(value in t for t in after):
            missed.append((kind, row["value"]))
            continue
        removed[kind] += 1
        words = [w for w in re.findall(r"\w+", value) if len(w) > 2]
        if not any(re.search(rf"\b{re.escape(w)}\b", t) for t in after for w in words):
            no_part[kind] += 1
tags = Counter(m.group(1) for t in clean.values() for m in re.finditer(r"\[(email|phone|postcode|address|name)\]", t))
print(json.dumps({"texts": len(texts), "chars": sum(map(len, texts)), "seconds": seconds, "cpu": cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "planted": planted, "present": present, "removed": removed, "no_part": no_part, "tags": tags,
                  "missed": missed}))
"""


COUNTS = r"""
import json, sys
from consult_analyser.store import reporting
from consult_analyser.store.project import Project
with Project.open(sys.argv[1], readonly=True) as project:
    info = reporting.overview(project)
print(json.dumps({"reused": True, "respondents": info["respondents"], "answers": info["answers"],
                  "codes": info["codes"], "codings": info["codings"]}))
"""


def run_case(label: str, inputs: list[Path], truth: Path, workdir: Path, *, max_codings: int,
             reuse: bool, recall: bool = False, only: set[str] | None = None) -> None:
    project = workdir / f"{label}.consult"
    if reuse and project.exists():
        prep = _child(COUNTS, str(project))
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(project) + suffix).unlink(missing_ok=True)
        prep = _child(PREPARE, str(project), str(truth), str(max_codings), *map(str, inputs))
    how = ("an existing project" if prep["reused"] else
           f"import {prep['import_seconds']:.1f} s, labelling {prep['prepare_seconds'] - prep['import_seconds']:.1f} s")
    print(f"\n{label}: {prep['respondents']:,} respondents, {prep['answers']:,} answers, {prep['codes']} codes, "
          f"{prep['codings']:,} codings ({how}; not part of the timings)")
    print(f"{'export':<18}{'seconds':>9}{'CPU s':>8}{'peak MB':>10}  detail   (load average {_load()})")
    for kind, suffix in EXPORTS:
        if only and kind not in only:
            continue
        result = _child(EXPORT, kind, str(project), str(workdir / f"{label}-{kind.replace(':', '-')}{suffix}"))
        print(f"{kind:<18}{result['seconds']:>9.1f}{result['cpu']:>8.1f}{result['peak_mb']:>10.0f}  {result['detail']}",
              flush=True)
    print(f"(load average after: {_load()})")
    if recall and (truth / "pii.csv").exists():
        _recall(project, truth)


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _recall(project: Path, truth: Path) -> None:
    """How much of the personal data the generator planted redaction removes, over every answer and
    document of the project (each distinct text once, the names model on)."""
    r = _child(RECALL, str(project), str(truth))
    print(f"\nredaction of every answer and document: {r['texts']:,} texts, {r['chars']:,} characters in "
          f"{r['seconds']:.1f} s (CPU {r['cpu']:.1f} s, peak {r['peak_mb']:.0f} MB)")
    print(f"{'planted':<10}{'in text':>9}{'removed':>9}{'recall':>8}  tags placed")
    for kind in ("name", "email", "phone", "address"):
        present, removed = r["present"].get(kind, 0), r["removed"].get(kind, 0)
        print(f"{kind:<10}{present:>9}{removed:>9}{removed / max(present, 1):>8.1%}  {r['tags'].get(kind, 0):,}")
    if r["missed"]:
        print("still there: " + "; ".join(f"{k} {v!r}" for k, v in r["missed"][:40]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--workdir", type=Path, help="where to keep generated data and projects (default: temporary)")
    parser.add_argument("--max-codings", type=int, default=200_000,
                        help="stop labelling the large project after about this many codings (default 200,000)")
    parser.add_argument("--reuse", action="store_true", help="reuse projects already prepared in --workdir")
    parser.add_argument("--skip-recall", action="store_true",
                        help="do not measure redaction recall on the sample's planted personal data")
    parser.add_argument("--exports", help="comma-separated exports to time (default: all of "
                        + ", ".join(kind for kind, _ in EXPORTS) + ")")
    parser.add_argument("--prepare-only", action="store_true",
                        help="prepare the projects in --workdir (untimed, no lock needed) and stop")
    args = parser.parse_args()
    only = set(args.exports.split(",")) if args.exports else None
    if args.prepare_only:
        only = {"none"}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        sample = REPO / "sample_responses"
        inputs = [sample / "data" / "online_survey.csv"]
        if (sample / "data" / "emails").is_dir():
            inputs.append(sample / "data" / "emails")
        run_case("sample", inputs, sample / "truth", workdir, max_codings=10**9, reuse=args.reuse,
                 recall=not (args.skip_recall or args.prepare_only), only=only)
        if not (args.skip_recall or args.prepare_only):
            subprocess.run([sys.executable, "-m", "benchmarks.pii_planted"], check=True, cwd=REPO)
        if args.skip_large:
            return
        generated = workdir / f"generated-{args.respondents}"
        if not (generated / "data" / "online_survey.csv").exists():
            subprocess.run([sys.executable, "-m", "sample_responses.generate", "--respondents", str(args.respondents),
                            "--no-documents", "--out", str(generated), "--quiet"], check=True, cwd=REPO)
        run_case(f"{args.respondents // 1000}k", [generated / "data" / "online_survey.csv"], generated / "truth",
                 workdir, max_codings=args.max_codings, reuse=args.reuse, only=only)


if __name__ == "__main__":
    main()
