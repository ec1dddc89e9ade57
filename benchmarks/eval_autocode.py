"""Auto-coding from a few coded answers per code: micro/macro F1 of FewShotCoder against baselines.

Protocol (per question block, per K, per seed): for each code, draw K answers that carry it
(fewer if the code has fewer); their union, with full label sets, is the training set. Every
other answer is coded by the model and scored: micro-F1 over all (answer, code) pairs, macro-F1
over the codes that occur among the evaluated answers. The uncoded answers are also given to
the model as its unlabelled pool, as the application does. Figures are means over seeds.

Data: ANES 2008 open-ended answers (``dataset3`` was used to choose the method's settings,
``dataset4`` is held out) and, when ``sample_responses/truth/answers.csv`` exists, the generated
sample consultation (theme labels and descriptions as code descriptions).

Methods: ``ours`` (:class:`FewShotCoder`), ``tfidf_lr`` (word TF-IDF + one-vs-rest logistic
regression, scikit-learn defaults, 0.5 cut-off), ``emb_lr`` (the same on the embeddings) and
``emb_lr_top1`` (embeddings, C=10, each answer keeps at least its best code); on request ``ours_no_desc`` (ours without the code descriptions, for the sample).
Also times one retrain + suggestion pass on 20,000 answers, and (``active``) simulates "code next" rounds
(:mod:`benchmarks.eval_active`).

    .venv/bin/python -m benchmarks.eval_autocode [--embedder NAME] [--k 3 5 10] [--seeds 3]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier

from benchmarks.datasets import (
    REALDATA,
    SAMPLE_DIR,
    TRUTH_DIR,
    CodedBlock,
    load_anes,
    load_us_by_rule,
    load_us_stance,
    realdata_available,
)
from consult_analyser.pipeline.coding.check import plain_baseline
from consult_analyser.pipeline.coding.families import STANCE_CUES
from consult_analyser.pipeline.coding.families import STANCES as STANCE_DESCRIPTIONS
from consult_analyser.pipeline.coding.model import FewShotCoder

CACHE = Path(os.environ.get("CONSULT_BENCH_CACHE", Path.home() / ".cache" / "consult-analyser" / "bench"))
Method = Callable[[list[str], np.ndarray, list[list[str]], list[str], np.ndarray, dict[str, str]], np.ndarray]


# ----------------------------------------------------------------------------- data
def load_sample_blocks() -> list[CodedBlock]:
    """The generated sample's open answers (online survey) with their true themes, per question."""
    answers = TRUTH_DIR / "answers.csv"
    survey = SAMPLE_DIR / "data" / "online_survey.csv"
    if not answers.exists() or not survey.exists():
        return []
    truth: dict[tuple[str, str], list[str]] = {}
    with answers.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            truth[(row["external_id"], row["question_key"])] = [t for t in row["themes"].split("|") if t]
    with survey.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        rows = list(reader)
    blocks = []
    keys = sorted({q for _, q in truth}, key=lambda q: int(re.sub(r"\D", "", q) or 0))
    for key in keys:
        cols = [c for c in columns if c.startswith(f"{key}.")]
        explain = [c for c in cols if c == f"{key}. Please explain your answer"]
        if not explain and len(cols) != 1:
            continue
        col = (explain or cols)[0]
        items = [(r[col].strip(), truth[(r["Response ID"], key)]) for r in rows
                 if r.get(col, "").strip() and (r["Response ID"], key) in truth]
        codes = sorted({c for _, labels in items for c in labels})
        if len(items) < 50 or not codes:
            continue
        labels = np.zeros((len(items), len(codes)), dtype=np.int8)
        for i, (_, item_codes) in enumerate(items):
            labels[i, [codes.index(c) for c in item_codes]] = 1
        blocks.append(CodedBlock(name=f"sample_{key}", texts=[t for t, _ in items], codes=codes, labels=labels))
    return blocks


def sample_descriptions() -> dict[str, dict[str, str]]:
    """Question key -> theme key -> "label. description" from the sample's truth."""
    path = TRUTH_DIR / "themes.csv"
    out: dict[str, dict[str, str]] = {}
    if path.exists():
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                out.setdefault(row["question_key"], {})[row["theme_key"]] = (
                    f"{row['label']}. {row.get('description', '')}".strip())
    return out


def load_us_rules_block() -> list[CodedBlock]:
    """The long US comments of :func:`load_us_by_rule` as one block, a code per rule."""
    texts, truth, rules = load_us_by_rule()
    labels = (truth[:, None] == np.arange(len(rules))[None, :]).astype(np.int8)
    return [CodedBlock(name=f"US comments, {len(rules)} rules", texts=texts, codes=list(rules), labels=labels)]


def embed_block(embedder_name: str, texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` with the named embedder, cached on disk (tfidf-svd fitted per block)."""
    from consult_analyser.pipeline.embeddings import get_embedder

    embedder = get_embedder(embedder_name)
    digest = hashlib.sha1("\x1e".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"{embedder.name}-{embedder.version}-{digest}.npy".replace("/", "_").replace(":", "_")
    if path.exists():
        return np.load(path)
    if hasattr(embedder, "fit"):
        embedder.fit(texts)
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


# ------------------------------------------------------------------------ methods
def ours(texts: list[str], emb: np.ndarray, labels: list[list[str]], test_texts: list[str],
         test_emb: np.ndarray, descriptions: dict[str, str]) -> tuple[list[str], np.ndarray]:
    # as in the app, the built-in Stance codes are one family of which an answer carries one
    model = FewShotCoder(random_state=0).fit(texts, emb, labels, unlabelled_texts=test_texts,
                                            unlabelled_embeddings=test_emb, code_descriptions=descriptions,
                                            exclusive_groups=[list(STANCE_DESCRIPTIONS)], code_cues=STANCE_CUES)
    return model.classes_, model.predict(test_texts, test_emb)


def _ovr_lr(train_x: object, test_x: object, labels: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """The app's plain baseline (``autocode --check`` reports it too) on any feature matrix."""
    classes = sorted({c for ls in labels for c in ls})
    return classes, plain_baseline(train_x, labels, test_x, classes)


def emb_lr_top1(texts: list[str], emb: np.ndarray, labels: list[list[str]], test_texts: list[str],
                test_emb: np.ndarray, descriptions: dict[str, str]) -> tuple[list[str], np.ndarray]:
    """A stronger embedding baseline: C=10 (chosen on dataset3), best code always kept."""
    classes = sorted({c for ls in labels for c in ls})
    y = np.array([[c in ls for c in classes] for ls in labels], dtype=int)
    varies = y.min(axis=0) != y.max(axis=0)
    proba = np.tile(y[0].astype(float), (len(test_texts), 1))
    if varies.any():
        clf = OneVsRestClassifier(LogisticRegression(C=10.0, max_iter=1000)).fit(emb, y[:, varies])
        proba[:, varies] = clf.predict_proba(test_emb)
    out = (proba >= 0.5).astype(int)
    out[np.arange(len(out)), proba.argmax(axis=1)] = 1
    return classes, out


def tfidf_lr(texts: list[str], emb: np.ndarray, labels: list[list[str]], test_texts: list[str],
             test_emb: np.ndarray, descriptions: dict[str, str]) -> tuple[list[str], np.ndarray]:
    vec = TfidfVectorizer()
    return _ovr_lr(vec.fit_transform(texts), vec.transform(test_texts), labels)


def emb_lr(texts: list[str], emb: np.ndarray, labels: list[list[str]], test_texts: list[str],
           test_emb: np.ndarray, descriptions: dict[str, str]) -> tuple[list[str], np.ndarray]:
    return _ovr_lr(emb, test_emb, labels)


def ours_no_desc(texts: list[str], emb: np.ndarray, labels: list[list[str]], test_texts: list[str],
                 test_emb: np.ndarray, descriptions: dict[str, str]) -> tuple[list[str], np.ndarray]:
    return ours(texts, emb, labels, test_texts, test_emb, {})


METHODS = {"ours": ours, "tfidf_lr": tfidf_lr, "emb_lr": emb_lr, "emb_lr_top1": emb_lr_top1,
           "ours_no_desc": ours_no_desc}
DEFAULT_METHODS = ["ours", "emb_lr", "emb_lr_top1", "tfidf_lr"]
BASELINE = "emb_lr"


# ----------------------------------------------------------------------- protocol
def draw_training(labels: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Union of K answers drawn per code (all of a code's answers when it has K or fewer)."""
    rng = np.random.default_rng(seed)
    chosen: set[int] = set()
    for j in range(labels.shape[1]):
        carriers = np.flatnonzero(labels[:, j])
        take = carriers if len(carriers) <= k else rng.choice(carriers, k, replace=False)
        chosen.update(int(i) for i in take)
    train = np.array(sorted(chosen), dtype=int)
    return train, np.setdiff1d(np.arange(labels.shape[0]), train)


def f1s(truth: np.ndarray, pred: np.ndarray) -> tuple[float, float]:
    """Micro-F1 over all pairs; macro-F1 over codes present in ``truth``."""
    present = truth.sum(axis=0) > 0
    micro = f1_score(truth, pred, average="micro", zero_division=0)
    macro = f1_score(truth[:, present], pred[:, present], average="macro", zero_division=0)
    return float(micro), float(macro)


def per_answer_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    """Mean over answers of the F1 between the two code sets (answers with no code on either side
    skipped): the agreement figure reported for human coders."""
    tp = (truth & pred).sum(axis=1)
    size = truth.sum(axis=1) + pred.sum(axis=1)
    keep = size > 0
    return float(np.mean(2 * tp[keep] / size[keep])) if keep.any() else 0.0


def counts(truth: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """(true positives, predicted, true) over all (answer, code) pairs."""
    return np.array([int((truth & pred).sum()), int(pred.sum()), int(truth.sum())])


@dataclass
class Scores:
    micro: float
    macro: float
    precision: float
    recall: float
    per_answer: float
    covered: float  # share of evaluated answers given at least one code
    seconds: float
    #: per-answer F1 on the answers a second coder coded at all (all answers when there is none): a
    #: second coder who left an answer uncoded did not disagree, they did not get to it
    per_answer_coded: float = 0.0


def evaluate_block(block: CodedBlock, emb: np.ndarray, k: int, seeds: Sequence[int], methods: Sequence[str],
                   descriptions: dict[str, str], second: np.ndarray | None = None) -> dict[str, Scores]:
    """Method -> scores averaged over seeds. With ``second`` (another coder's 0/1 matrix for the same
    answers), the key ``human`` holds that coder's agreement with the first on the same test answers."""
    scores: dict[str, list[Scores]] = {m: [] for m in methods}
    if second is not None:
        scores["human"] = []
    for seed in seeds:
        train, test = draw_training(block.labels, k, seed)
        if len(test) < 5:
            continue
        texts = [block.texts[i] for i in train]
        labels = [[block.codes[j] for j in np.flatnonzero(block.labels[i])] for i in train]
        test_texts = [block.texts[i] for i in test]
        truth = block.labels[test].astype(bool)
        outputs: dict[str, tuple[np.ndarray, float]] = {}
        for name in methods:
            started = time.perf_counter()
            classes, pred = METHODS[name](texts, emb[train], labels, test_texts, emb[test], descriptions)
            seconds = time.perf_counter() - started
            full = np.zeros((len(test), len(block.codes)), dtype=bool)
            full[:, [block.codes.index(c) for c in classes]] = np.asarray(pred).astype(bool)
            outputs[name] = (full, seconds)
        coded = np.ones(len(test), dtype=bool)
        if second is not None:
            outputs["human"] = (second[test].astype(bool), 0.0)
            coded = second[test].any(axis=1)
        for name, (full, seconds) in outputs.items():
            micro, macro = f1s(truth, full)
            tp, predicted, true = counts(truth, full)
            scores[name].append(Scores(micro, macro, tp / max(predicted, 1), tp / max(true, 1),
                                       per_answer_f1(truth, full), float(full.any(axis=1).mean()), seconds,
                                       per_answer_f1(truth[coded], full[coded]) if coded.any() else 0.0))
    return {m: mean_scores(v) for m, v in scores.items() if v}


def mean_scores(items: Sequence[Scores]) -> Scores:
    return Scores(*(statistics.mean(getattr(s, f) for s in items) for f in
                    ("micro", "macro", "precision", "recall", "per_answer", "covered")),
                  statistics.median(s.seconds for s in items),
                  statistics.mean(s.per_answer_coded for s in items))


def human_agreement_all(both: bool = False) -> float:
    """The two coders' per-answer F1 over every answer of the double-coded survey either coded
    (``both``: that both coded)."""
    path = REALDATA / "double_coded_survey" / "codings.csv"
    by_answer: dict[tuple[str, str], dict[str, set[str]]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            by_answer.setdefault((r["question"], r["response_id"]), {})[r["coder"]] = {
                c.strip() for c in r["codes"].split(";") if c.strip()}
    scores = []
    for coders in by_answer.values():
        first, second = coders.get("primary", set()), coders.get("secondary", set())
        if (first and second) if both else (first or second):
            scores.append(2 * len(first & second) / (len(first) + len(second)))
    return float(np.mean(scores)) if scores else 0.0


def load_double_coded() -> list[tuple[CodedBlock, np.ndarray]]:
    """The double-coded survey's questions with at least 90 answers: the primary coder's codes as
    truth, and the secondary coder's codes (same answers, same code columns) for human agreement."""
    path = REALDATA / "double_coded_survey" / "codings.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_q: dict[str, dict[str, dict[str, object]]] = {}
    for r in rows:
        item = by_q.setdefault(r["question"], {}).setdefault(r["response_id"], {"text": r["answer"]})
        item[r["coder"]] = [c.strip() for c in r["codes"].split(";") if c.strip()]
    out = []
    for q, items in sorted(by_q.items()):
        answers = [(v["text"], v.get("primary", []), v.get("secondary", [])) for v in items.values()
                   if str(v["text"]).strip() and v.get("primary")]
        if len(answers) < 90:
            continue
        codes = sorted({c for _, p, _ in answers for c in p})  # type: ignore[attr-defined]
        first = np.array([[c in p for c in codes] for _, p, _ in answers], dtype=np.int8)  # type: ignore[operator]
        second = np.array([[c in s for c in codes] for _, _, s in answers], dtype=np.int8)  # type: ignore[operator]
        out.append((CodedBlock(f"double_coded_{q}", [str(t) for t, _, _ in answers], codes, first), second))
    return out


def time_large(blocks: list[CodedBlock], embs: list[np.ndarray], n: int = 20000, repeats: int = 3) -> str:
    """Retrain + suggest on ``n`` answers: K=10 coded answers of the first block, the rest uncoded."""
    block, emb = blocks[0], embs[0]
    train, _ = draw_training(block.labels, 10, 0)
    pool_texts = [t for b in blocks for t in b.texts]
    pool_emb = np.vstack(embs)
    reps = -(-n // len(pool_texts))
    pool_texts = (pool_texts * reps)[: n - len(train)]
    pool_emb = np.vstack([pool_emb] * reps)[: n - len(train)]
    texts = [block.texts[i] for i in train]
    labels = [[block.codes[j] for j in np.flatnonzero(block.labels[i])] for i in train]
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        model = FewShotCoder(random_state=0).fit(texts, emb[train], labels, unlabelled_texts=pool_texts,
                                                unlabelled_embeddings=pool_emb)
        fit_wall, fit_cpu = time.perf_counter() - wall, time.process_time() - cpu
        model.suggest(pool_texts, pool_emb)
        runs.append((fit_wall, fit_cpu, time.perf_counter() - wall, time.process_time() - cpu))
    best = min(runs, key=lambda r: r[2])
    return (f"{n:,} answers ({len(train)} coded, {len(model.classes_)} codes), best of {repeats}: "
            f"fit {best[0]:.2f} s wall / {best[1]:.2f} s CPU; fit + suggest for all {best[2]:.2f} s wall / "
            f"{best[3]:.2f} s CPU (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


# --------------------------------------------------------------------------- main
def default_embedder() -> str:
    try:
        from consult_analyser.pipeline.embeddings import available_embedders
    except ImportError:  # pragma: no cover - embeddings module absent
        return "tfidf-svd"
    names = available_embedders()
    return names[0] if names else "tfidf-svd"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--embedder", default=None, help="embedder name (default: the application's default)")
    parser.add_argument("--k", type=int, nargs="+", default=[3, 5, 10, 20], help="coded answers per code (learning curve)")
    parser.add_argument("--seeds", type=int, default=3, help="number of seeds (0..n-1)")
    parser.add_argument("--datasets", nargs="+", default=["dataset3", "dataset4", "double_coded", "us_stance", "stance_mix",
                                                          "us_rules", "sample", "au", "active"])
    parser.add_argument("--mix-n", type=int, nargs="+", default=[10, 20, 40],
                        help="stance_mix: answers coded at random (their natural mix of sides)")
    parser.add_argument("--methods", nargs="+", default=DEFAULT_METHODS, choices=list(METHODS))
    parser.add_argument("--no-timing", action="store_true", help="skip the 20,000-answer timing")
    args = parser.parse_args(argv)
    import warnings

    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    embedder = args.embedder or default_embedder()
    seeds = list(range(args.seeds))
    methods = list(dict.fromkeys(["ours", BASELINE, *args.methods]))
    print(f"embedder: {embedder}; K = {args.k}; seeds = {seeds}; methods = {methods}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"plain baseline = {BASELINE}: one-vs-rest logistic regression (scikit-learn defaults, 0.5 cut-off) on the same "
          "vectors. Cells: micro-F1 (P/R); per-answer F1; share of answers given a code. Means over seeds and blocks.")
    descriptions = sample_descriptions()
    timing_blocks: tuple[list[CodedBlock], list[np.ndarray]] = ([], [])
    summary: list[str] = []
    for dataset in args.datasets:
        seconds: list[np.ndarray | None] = []
        if dataset == "sample":
            blocks = load_sample_blocks()
        elif dataset == "stance_mix":
            if (REALDATA / "us_rulemaking_comments").is_dir():
                stance_mix(embedder, args.mix_n, seeds, summary)
            continue
        elif dataset == "active":  # "code next" simulated (benchmarks/eval_active.py)
            from benchmarks.eval_active import run as run_active

            summary.extend(run_active(embedder, seeds))
            continue
        elif dataset == "au":
            print("\nau: the Australian answers carry no human codes: nothing to score auto-coding against (skipped)")
            continue
        elif dataset == "us_stance":
            blocks = load_us_stance() if (REALDATA / "us_rulemaking_comments").is_dir() else []
            if blocks:
                print("\nus_stance: the built-in Stance codes on US rulemaking comments with real text, coded by hand "
                      "(position on the proposed rule), one block per rule with 15+ comments on each side; the codes' "
                      "built-in descriptions are given to ours, as in the app")
        elif dataset == "us_rules":
            blocks = load_us_rules_block() if (REALDATA / "us_rulemaking_comments").is_dir() else []
            if blocks:
                print("\nus_rules: long formal US rulemaking comments coded by the rule each comments on (one code "
                      "per rule): topic codes on long submissions")
        elif dataset == "double_coded":
            pairs = load_double_coded() if realdata_available() else []
            blocks, seconds = [b for b, _ in pairs], [s for _, s in pairs]
            if pairs:
                print(f"\ndouble_coded: human-human per-answer F1 over all its answers {human_agreement_all():.3f} "
                      f"(over the answers both coders coded {human_agreement_all(both=True):.3f}); "
                      "below, the questions with >= 90 answers (few answers are left to test at K >= 10: "
                      "read K=3 and K=5 first)")
        elif realdata_available():
            blocks = load_anes(dataset)
        else:
            blocks = []
        if not blocks:
            print(f"\n{dataset}: not available, skipped")
            continue
        seconds = seconds or [None] * len(blocks)
        embs = [embed_block(embedder, b.texts) for b in blocks]
        if dataset.startswith("dataset"):
            timing_blocks[0].extend(blocks)
            timing_blocks[1].extend(embs)
        shown = methods + (["human"] if dataset == "double_coded" else [])
        for k in args.k:
            print(f"\n{dataset}  K={k}")
            print(f"  {'block':34s} {'n':>5s} " + " ".join(f"{m:>26s}" for m in shown) + "      s")
            means: dict[str, list[Scores]] = {m: [] for m in shown}
            for block, emb, other in zip(blocks, embs, seconds, strict=True):
                desc = descriptions.get(block.name.removeprefix("sample_"), {}) if dataset == "sample" else {}
                if dataset == "us_stance":
                    desc = dict(STANCE_DESCRIPTIONS)
                res = evaluate_block(block, emb, k, seeds, methods, desc, other)
                if not res:
                    continue
                for m in shown:
                    means[m].append(res[m])
                print(f"  {block.name:34s} {len(block.texts):5d} " + " ".join(cell(res[m]) for m in shown)
                      + f" {res['ours'].seconds:6.2f}", flush=True)
            if not means["ours"]:
                continue
            avg = {m: mean_scores(v) for m, v in means.items()}
            print(f"  {'MEAN':34s} {'':5s} " + " ".join(cell(avg[m]) for m in shown))
            if k == 10:
                gain = avg["ours"].micro - avg[BASELINE].micro
                met = gain >= 0.08 and avg["ours"].recall >= 0.6
                line = (f"{dataset:14s} K=10 micro-F1 ours {avg['ours'].micro:.3f} (P {avg['ours'].precision:.2f} "
                        f"R {avg['ours'].recall:.2f}) vs baseline {avg[BASELINE].micro:.3f} (P {avg[BASELINE].precision:.2f}"
                        f" R {avg[BASELINE].recall:.2f}): gain {gain:+.3f}; target (gain >= 0.08, recall >= 0.6) "
                        f"{'MET' if met else 'NOT met'}")
                if "human" in avg:
                    line += (f"; per-answer F1 ours {avg['ours'].per_answer:.3f}, baseline {avg[BASELINE].per_answer:.3f},"
                             f" human-human {avg['human'].per_answer:.3f} (the second coder's uncoded answers as no "
                             f"code); on the {avg['human'].covered:.0%} of answers the second coder coded: ours "
                             f"{avg['ours'].per_answer_coded:.3f}, baseline {avg[BASELINE].per_answer_coded:.3f}, "
                             f"human-human {avg['human'].per_answer_coded:.3f}")
                summary.append(line)
    if summary:
        print("\n## Targets at K=10 (default settings)")
        print("\n".join(summary))
    if not args.no_timing and timing_blocks[0]:
        print("\ntiming: " + time_large(*timing_blocks))


# ------------------------------------------------- stance coded at random (natural mix)
#: the trial's dockets (trial 38's letters came from them): held out; the other rules are for development
STANCE_HELD_OUT = ("CFPB-2019-0022", "FEMA-2016-0003", "FWS-R9-ES-2008-0093")
#: the built-in Stance cue phrases before trial 38 (first person only, "agree with" anything), for ``ours_before``
_I_WE = r"\b(?:i|we) (?:strongly |fully |firmly |wholeheartedly |enthusiastically |vehemently |therefore |also |would )?"
CUES_BEFORE = {
    "Supports": re.compile(
        _I_WE + r"(?:support|applaud|commend|endorse|welcome|agree with|favou?r)\b|\bin (?:strong |full )?support of\b"
        r"|\b(?:finali[sz]e|adopt|implement) (?:the|this) (?:proposed )?(?:rule|proposal|change)s?\b", re.I),
    "Opposes": re.compile(
        _I_WE + r"(?:oppose|object to|disagree with|reject)\b|\bin (?:strong )?opposition to\b|\bopposed to\b"
        r"|\b(?:withdraw|rescind|abandon|reconsider) (?:the|this|its|your) (?:proposed )?(?:rule|proposal|change)s?\b"
        r"|\b(?:do|does|should) not (?:support|adopt|finali[sz]e)\b|\burge (?:you|the \w+) not to\b", re.I),
    "Mixed": STANCE_CUES["Mixed"],
}


#: settings given to ``ours`` in stance_mix (a sweep may set them; the defaults are the model's)
OURS_OPTIONS: dict[str, float] = {}


def _stance_pick(name: str, texts: list[str], emb: np.ndarray, labels: list[str], test_texts: list[str],
                 test_emb: np.ndarray) -> list[tuple[str, float]]:
    """Each test answer's suggested side and its confidence (("", 0) for none)."""
    if name == "emb_lr":
        clf = LogisticRegression(max_iter=1000).fit(emb, labels)
        proba = clf.predict_proba(test_emb)
        return [(str(clf.classes_[int(p.argmax())]), float(p.max())) for p in proba]
    options = dict(OURS_OPTIONS) if name == "ours" else {"family_balance": False}
    model = FewShotCoder(random_state=0, **options).fit(
        texts, emb, [[c] for c in labels], unlabelled_texts=test_texts, unlabelled_embeddings=test_emb,
        code_descriptions={c: f"{c}. {STANCE_DESCRIPTIONS[c]}" for c in set(labels)},  # as the app: coded codes only
        exclusive_groups=[list(STANCE_DESCRIPTIONS)], code_cues=STANCE_CUES if name == "ours" else CUES_BEFORE)
    return [pairs[0] if pairs else ("", 0.0) for pairs in model.suggest(test_texts, test_emb)]


def stance_mix(embedder: str, sizes: Sequence[int], seeds: Sequence[int], summary: list[str],
               methods: Sequence[str] = ("ours", "ours_before", "emb_lr")) -> None:
    """The built-in Stance codes learnt from N answers coded at random, as a team codes letters as they come
    (their natural mix of sides; trial 38 coded 16 Opposes and 5 Supports): accuracy of the suggested side
    (none counts as wrong), the share of the minority side's answers suggested the majority side, and
    whether confidence tells right from wrong."""
    blocks = load_us_stance(min_comments=40, min_side=8)
    print("\nstance_mix: N US comments coded at random (natural mix of sides); development rules, then held out "
          f"({', '.join(STANCE_HELD_OUT)}). Cells: accuracy; minority side suggested the majority; mean confidence "
          "right / wrong; right among >= 0.9; Brier score of the confidence")
    for part, chosen in (("dev", [b for b in blocks if b.name.split()[-1] not in STANCE_HELD_OUT]),
                         ("held-out", [b for b in blocks if b.name.split()[-1] in STANCE_HELD_OUT])):
        embs = [embed_block(embedder, b.texts) for b in chosen]
        for n in sizes:
            tally: dict[str, list[tuple[bool, float, bool, bool]]] = {m: [] for m in methods}
            for block, emb in zip(chosen, embs, strict=True):
                sides = [block.codes[int(np.flatnonzero(row)[0])] for row in block.labels]
                majority = max(set(sides), key=sides.count)
                if n > len(sides) - 10:  # too few answers left to score
                    continue
                for seed in seeds:
                    rng = np.random.default_rng(seed)
                    train = rng.choice(len(sides), n, replace=False)
                    while len({sides[i] for i in train}) < 2:
                        train = rng.choice(len(sides), n, replace=False)
                    test = np.setdiff1d(np.arange(len(sides)), train)
                    for name in tally:
                        picks = _stance_pick(name, [block.texts[i] for i in train], emb[train],
                                             [sides[i] for i in train], [block.texts[i] for i in test], emb[test])
                        tally[name] += [(code == sides[i], conf, sides[i] != majority, code == majority)
                                        for i, (code, conf) in zip(test, picks, strict=True)]
            line = f"  {part:8s} N={n:<3d}"
            for name, rows in tally.items():
                right = np.array([r for r, _, _, _ in rows])
                conf = np.array([c for _, c, _, _ in rows])
                minority = sum(m and to_major for _, _, m, to_major in rows) / max(1, sum(m for _, _, m, _ in rows))
                sure = conf >= 0.9
                line += (f" | {name} {right.mean():.3f}; min->maj {minority:.2f}; conf {conf[right].mean():.2f}/"
                         f"{conf[~right].mean() if (~right).any() else 0:.2f}; >=0.9 {right[sure].mean() if sure.any() else 0:.2f}"
                         f" of {int(sure.sum())}; Brier {np.mean((conf - right) ** 2):.3f}")
            print(line, flush=True)
            summary.append(f"stance_mix {line.strip()}")


def cell(s: Scores) -> str:
    return f"{s.micro:.3f} ({s.precision:.2f}/{s.recall:.2f}) {s.per_answer:.2f} {s.covered:4.0%}"


if __name__ == "__main__":
    main()
