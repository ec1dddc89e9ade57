"""How well passages of letters are mapped to the consultation's questions, on real submissions.

The labels (benchmarks/data/letter_passages_au.csv: submission, passage offsets, question) were
assigned by hand to 157 passages of four organisation submissions to the Australian "Safe and
responsible AI" consultation (two answering question by question, one free-form letter, one mixed);
GEN means the passage answers no question (General comments). Only the labels are kept here: the
texts are read from the real-data folder. Each labelled span is matched to the passage the current
segmenter puts around its midpoint, and the mapper's question is compared with the label.

Printed side by side: the mapper (cues, sections, then similarity) and a plain baseline (TF-IDF
similarity to the question text alone). Run:

    PYTHONPATH=$PWD python -m benchmarks.eval_letters
"""

from __future__ import annotations

import csv
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.datasets import REALDATA
from consult_analyser.pipeline.letters.mapping import QuestionInfo, map_document, question_number

ROOT = Path(__file__).resolve().parents[1]
REAL = REALDATA / "au_safe_responsible_ai"
LABELS = Path(__file__).resolve().parent / "data" / "letter_passages_au.csv"
GENERAL = "GEN"


def au_questions() -> list[QuestionInfo]:
    out = []
    with (REAL / "question_lookup.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = row["sub_label"]
            m = re.match(r"Q(\d\d)\s+(.*)", label)
            if m:
                out.append(QuestionInfo(f"Q{m.group(1)}", question_number(m.group(1)), f"{row['sub_field']} {m.group(2)}"))
    return out


EXACT: list[int] = []  # labelled spans that are exactly a passage of the current segmenter


def evaluate(structure: bool) -> tuple[list[str], list[str]]:
    csv.field_size_limit(10**9)
    with (REAL / "submission_content_transparency.csv").open(encoding="utf-8") as fh:
        texts = {row["filename"]: row["content"] for row in csv.DictReader(fh)}
    labels: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    with LABELS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            labels[row["submission"]].append((int(row["start"]), int(row["end"]), row["question"]))
    questions = au_questions()
    gold, predicted = [], []
    EXACT.clear()
    for name, spans in labels.items():
        text = texts[name]
        pairs = map_document(text, questions, structure=structure)  # as the app maps a document
        passages, mapped = [p for p, _ in pairs], [m for _, m in pairs]
        for start, end, label in spans:
            middle = (start + end) // 2
            index = next((i for i, p in enumerate(passages) if p.start <= middle < p.end), None)
            if index is not None and (passages[index].start, passages[index].end) == (start, end):
                EXACT.append(1)
            gold.append(label)
            key = mapped[index].question_key if index is not None else None
            predicted.append(key or GENERAL)
    return gold, predicted


def report(name: str, gold: list[str], predicted: list[str]) -> float:
    print(f"\n{name}")
    print(f"{'question':<9}{'n':>5}{'precision':>11}{'recall':>8}")
    keys = sorted(set(gold) | set(predicted), key=lambda k: (k == GENERAL, k))
    precisions, recalls = [], []
    for k in keys:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == k and p == k)
        n_pred, n_gold = predicted.count(k), gold.count(k)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        if n_gold:
            precisions.append(p)
            recalls.append(r)
        print(f"{k:<9}{n_gold:>5}{p:>11.2f}{r:>8.2f}")
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold)
    print(f"overall (micro; every passage gets one question, so precision = recall): {accuracy:.3f}")
    print(f"macro over the {len(precisions)} labelled questions: precision {sum(precisions) / len(precisions):.3f}, "
          f"recall {sum(recalls) / len(recalls):.3f}")
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    print("most frequent confusions (label -> mapped):", ", ".join(f"{g}->{p} x{n}" for (g, p), n in confusions.most_common(6)))
    return accuracy


def main() -> int:
    if not REAL.is_dir():
        print(f"real data not found at {REAL}; nothing to evaluate")
        return 0
    wall, cpu = time.perf_counter(), time.process_time()
    gold, predicted = evaluate(structure=True)
    base_gold, base_predicted = evaluate(structure=False)
    print(f"{len(gold)} hand-labelled passages from {LABELS.name} ({len(EXACT)} still exactly a passage of the "
          "segmenter; the others are matched by their midpoint)")
    report("Mapper: explicit cues, sections, then similarity", gold, predicted)
    report("Baseline: TF-IDF similarity to the question text only", base_gold, base_predicted)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nwall {time.perf_counter() - wall:.2f} s, CPU {time.process_time() - cpu:.2f} s, load {load:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
