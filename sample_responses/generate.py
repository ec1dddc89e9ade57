"""Generate the sample consultation: the online survey export, e-mailed documents and truth files.

Run ``python -m sample_responses.generate`` to rewrite the bundled sample in ``sample_responses/data``
and ``sample_responses/truth``. Options: ``--out DIR`` (writes ``DIR/data`` and ``DIR/truth``),
``--respondents N`` online rows (default 3,300), ``--seed`` (default 2018), ``--no-documents``.
The same seed always gives byte-identical files. Large runs stream rows, so memory stays flat.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import time
from contextlib import ExitStack
from pathlib import Path

from sample_responses.schema import SECTORS
from sample_responses.survey import write_survey
from sample_responses.text_bank import QUESTIONS, THEMES, check_banks

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_ROWS = 3300
DEFAULT_DOCUMENTS = 150
SURVEY_FILE = "online_survey.csv"
CHECKSUMS = "checksums.sha256"
TRUTH_COLUMNS = {
    "respondents": ["external_id", "sector", "is_organisation", "campaign", "channel"],
    "answers": ["external_id", "question_key", "themes", "language"],
    "documents": ["filename", "external_id", "sector", "themes"],
    "pii": ["source", "question_key", "kind", "value"],
}


def documents_for(rows: int) -> int:
    """How many e-mailed documents go with ``rows`` online rows (150 for the bundled 3,300)."""
    return min(DEFAULT_DOCUMENTS, max(12, round(DEFAULT_DOCUMENTS * rows / DEFAULT_ROWS)))


def _write_static_truth(truth: Path) -> None:
    with (truth / "questions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["question_key", "kind", "text"])
        for q in QUESTIONS:
            w.writerow([q.key, q.kind, q.full_text])
    with (truth / "themes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["question_key", "theme_key", "label", "description"])
        for q in QUESTIONS:
            for key in q.themes:
                t = THEMES[key]
                w.writerow([q.key, t.key, t.label, t.description])


def write_checksums(root: Path) -> Path:
    """Record the SHA-256 of every generated file (paths relative to ``root``)."""
    lines = []
    for path in sorted(p for sub in ("data", "truth") for p in (root / sub).rglob("*") if p.is_file()):
        with path.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        lines.append(f"{digest}  {path.relative_to(root).as_posix()}")
    out = root / CHECKSUMS
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def generate(out: Path = PACKAGE_DIR, respondents: int = DEFAULT_ROWS, seed: int = 2018, documents: bool = True,
             quiet: bool = True) -> dict:
    """Write the sample under ``out`` and return a summary of what was written."""
    check_banks()
    data, truth = out / "data", out / "truth"
    emails = data / "emails"
    data.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    if emails.exists():
        for old in emails.iterdir():
            old.unlink()
    started = time.perf_counter()
    with ExitStack() as stack:
        writers = {}
        for name, columns in TRUTH_COLUMNS.items():
            fh = stack.enter_context((truth / f"{name}.csv").open("w", encoding="utf-8", newline=""))
            writers[name] = csv.writer(fh, lineterminator="\n")
            writers[name].writerow(columns)

        def sink(name: str):
            return lambda *row: writers[name].writerow(row)

        survey = write_survey(data / SURVEY_FILE, respondents, seed, sink("respondents"), sink("answers"), sink("pii"))
        docs = None
        if documents:
            from sample_responses.documents import write_documents  # needs python-docx and fpdf2

            docs = write_documents(emails, seed, documents_for(respondents), survey.linked, sink("respondents"),
                                   sink("documents"), sink("pii"))
    _write_static_truth(truth)
    write_checksums(out)
    summary = {"seconds": round(time.perf_counter() - started, 1), "online": survey, "documents": docs}
    if not quiet:
        print(report(out, summary))
    return summary


def report(out: Path, summary: dict) -> str:
    """A short human-readable account of what was generated."""
    survey, docs = summary["online"], summary["documents"]
    lines = [f"Wrote {out} in {summary['seconds']} s"]
    size = sum(p.stat().st_size for p in (out / "data").rglob("*") if p.is_file())
    lines.append(f"  data size: {size / 1e6:.1f} MB")
    lines.append(f"  online rows: {survey.rows}; other-language answers: {survey.foreign}; "
                 f"'see attached letter' respondents with a document: {docs.linked if docs else 0}")
    by = dict(survey.by_sector)
    if docs:
        lines.append(f"  documents: {docs.files} files {dict(sorted(docs.by_format.items()))}; new respondents: {docs.respondents}")
        for k, v in docs.by_sector.items():
            by[k] = by.get(k, 0) + v
    total = sum(by.values())
    lines.append(f"  respondents: {total}")
    for sector in SECTORS:
        lines.append(f"    {sector:22s} online {survey.by_sector.get(sector, 0):6d}  email "
                     f"{docs.by_sector.get(sector, 0) if docs else 0:4d}")
    camp = dict(survey.campaigns)
    if docs:
        for k, v in docs.campaigns.items():
            camp[k] = camp.get(k, 0) + v
    lines.append(f"  campaigns: {camp}")
    lines.append("  open answers per question: " + ", ".join(f"{q.key} {survey.answers.get(q.key, 0)}"
                                                          for q in QUESTIONS if q.kind != "closed"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_responses.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=PACKAGE_DIR, help="folder for data/ and truth/ (default: the package)")
    parser.add_argument("--respondents", type=int, default=DEFAULT_ROWS, help="online survey rows (default 3300)")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--no-documents", action="store_true", help="write only the survey export and its truth")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    generate(args.out, args.respondents, args.seed, not args.no_documents, args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
