"""Code next (active learning) simulated on ANES answers, as a trial's analyst used it.

Protocol (per question block, per seed): the block's 10 most frequent codes are the codebook; 30% of
the answers are held out to score on. An analyst codes 20 answers drawn at random, then 5 rounds of
"code next 20": the model is fitted on what is coded, the order to code next is taken from it and the
first 20 answers offered are coded with their true codes. An offered answer with none of the 10
codes is passed over (the analyst left it uncoded, as a trial's analyst did with "can't pinpoint any
one thing"). After the last round the model is fitted again and scored on the held-out answers.

Strategies: ``random`` (answers drawn at random: the reference), ``uncertain`` (the order before
trial 40: least certain first, spread out; passed-over answers offered again), ``uncertain+skip``
(the same, passed-over answers asked for last), ``stratified+skip`` (the app's order: least
certain first code by code, in proportion to how common each code looks, passed-over answers last).

Figures (means over blocks and seeds): micro- and macro-F1 on the held-out answers; answers coded;
offers wasted (an answer offered again after it was passed over); and how evenly the coded answers
cover the codes: the share of codes with at least half as many coded answers as their frequency
would give (``even``), and the rarest code's coded answers against its proportional number (``min``).

Review (:func:`simulate_review`, the app's order): in each round the analyst reads the model's suggestions
on the 20 answers offered, as in the Reader. ``learn accepted``: where the suggestion set is exactly the
answer's codes they accept it (A, one by one), otherwise they code it by hand, and the next fit learns from
both (the app since trial 40). ``leave out``: the same, but accepted answers are not learned from (the app
before: they counted as coded and were not offered again). ``blind accept``: the risk: the analyst accepts
whatever is suggested on each offered answer without reading it (and codes by hand only an answer given no
suggestion), and the model learns it. Extra figures: answers accepted, the share of them whose accepted
codes were exactly right and the share of the accepted codes that are right. With every suggestion set
accepted exactly right, ``learn accepted`` learns what coding by hand teaches: its figures are
``stratified+skip``'s.

    CONSULT_REALDATA=/work/shared/realdata .venv/bin/python -m benchmarks.eval_active
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable, Sequence

import numpy as np

from benchmarks.datasets import CodedBlock, load_anes, realdata_available
from consult_analyser.pipeline.coding.model import FewShotCoder

STRATEGIES = ("random", "uncertain", "uncertain+skip", "stratified+skip")
REVIEWS = ("learn accepted", "leave out", "blind accept")
FIRST, ROUND, ROUNDS, TOP_CODES = 20, 20, 5, 10


def _fit(texts: list[str], emb: np.ndarray, labels: np.ndarray, codes: list[str], coded: list[int],
         pool: list[int]) -> FewShotCoder:
    sets = [[codes[j] for j in np.flatnonzero(labels[i])] for i in coded]
    return FewShotCoder(random_state=0).fit([texts[i] for i in coded], emb[coded], sets,
                                            unlabelled_texts=[texts[i] for i in pool], unlabelled_embeddings=emb[pool])


def simulate(block: CodedBlock, emb: np.ndarray, seed: int, strategy: str) -> dict[str, float]:
    """One analyst's session on one block: the figures named in the module's docstring."""
    top = np.argsort(-block.labels.sum(axis=0), kind="stable")[:TOP_CODES]
    labels = block.labels[:, top].astype(bool)
    codes = [block.codes[j] for j in top]
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(block.texts))
    test = np.sort(order[: int(0.3 * len(order))])
    available = [int(i) for i in order[int(0.3 * len(order)):]]
    coded: list[int] = []
    passed: list[int] = []  # offered, and left uncoded (none of the codes applies)
    wasted = 0

    def take(offered: Sequence[int]) -> None:
        nonlocal wasted
        for i in offered:
            if i in passed:
                wasted += 1
            elif labels[i].any():
                coded.append(i)
            else:
                passed.append(i)

    take(available[:FIRST])
    for _ in range(ROUNDS):
        uncoded = [i for i in available if i not in set(coded)]
        if strategy == "random":
            fresh = [i for i in uncoded if i not in passed]
            take(list(rng.permutation(fresh)[:ROUND]))
            continue
        model = _fit(block.texts, emb, labels, codes, coded, uncoded)
        ranked = model.learning_order([block.texts[i] for i in uncoded], emb[uncoded], n=200,
                                      stratify=strategy.startswith("stratified"))
        asked = [uncoded[j] for j in ranked]
        if strategy.endswith("+skip"):
            asked = [i for i in asked if i not in passed] + [i for i in asked if i in passed]
        take(asked[:ROUND])
    uncoded = [i for i in available if i not in set(coded)]
    model = _fit(block.texts, emb, labels, codes, coded, uncoded + [int(i) for i in test])
    micro, macro = _score(model, block.texts, emb, labels[test], codes, test)
    got = labels[coded].sum(axis=0)
    expected = labels[available].mean(axis=0) * len(coded)
    ratio = got / np.maximum(expected, 1e-9)
    return {"micro": micro, "macro": macro, "coded": float(len(coded)),
            "wasted": float(wasted), "even": float((ratio >= 0.5).mean()), "min": float(ratio.min())}


def _score(model: FewShotCoder, texts: list[str], emb: np.ndarray, truth: np.ndarray, codes: list[str],
           test: np.ndarray) -> tuple[float, float]:
    """Micro- and macro-F1 (over the codes the held-out answers carry) of the model's codes for ``test``."""
    pred = model.predict([texts[i] for i in test], emb[test]).astype(bool)
    full = np.zeros((len(test), len(codes)), dtype=bool)
    full[:, [codes.index(c) for c in model.classes_]] = pred
    tp, predicted, true = (truth & full).sum(), full.sum(), truth.sum()
    present = truth.sum(axis=0) > 0
    per_code = 2 * (truth & full).sum(axis=0) / np.maximum(truth.sum(axis=0) + full.sum(axis=0), 1)
    return float(2 * tp / max(predicted + true, 1)), float(per_code[present].mean())


def simulate_review(block: CodedBlock, emb: np.ndarray, seed: int, review: str) -> dict[str, float]:
    """One analyst's session on one block, reviewing the suggestions on the answers offered (:data:`REVIEWS`,
    the module's docstring), in the app's order (stratified, passed-over answers last)."""
    top = np.argsort(-block.labels.sum(axis=0), kind="stable")[:TOP_CODES]
    labels = block.labels[:, top].astype(bool)
    codes = [block.codes[j] for j in top]
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(block.texts))
    test = np.sort(order[: int(0.3 * len(order))])
    available = [int(i) for i in order[int(0.3 * len(order)):]]
    recorded = np.zeros_like(labels)  # the codes each answer was given: the truth, or the suggestions accepted
    learned: list[int] = []  # answers the model learns from
    done: set[int] = set()  # answers coded (by hand or by accepting): not offered again
    passed: list[int] = []
    accepted = right = 0
    codes_accepted = codes_right = 0

    def hand(i: int) -> None:
        if labels[i].any():
            recorded[i] = labels[i]
            learned.append(i)
            done.add(i)
        else:
            passed.append(i)

    for i in available[:FIRST]:
        hand(i)
    for _ in range(ROUNDS):
        pool = [i for i in available if i not in done]
        model = _fit(block.texts, emb, recorded, codes, learned, pool)
        ranked = model.learning_order([block.texts[i] for i in pool], emb[pool], n=200, stratify=True)
        asked = [pool[j] for j in ranked]
        offered = ([i for i in asked if i not in passed] + [i for i in asked if i in passed])[:ROUND]
        found = model.suggest([block.texts[i] for i in offered], emb[offered])
        for i, pairs in zip(offered, found, strict=True):
            suggested = np.zeros(len(codes), dtype=bool)
            suggested[[codes.index(c) for c, _ in pairs]] = True
            exact = bool(labels[i].any()) and bool((suggested == labels[i]).all())
            if suggested.any() and (exact or review == "blind accept"):
                accepted += 1
                right += exact
                codes_accepted += int(suggested.sum())
                codes_right += int((suggested & labels[i]).sum())
                recorded[i] = suggested
                done.add(i)
                if review != "leave out":
                    learned.append(i)
            elif i not in passed:
                hand(i)
    pool = [i for i in available if i not in learned]
    model = _fit(block.texts, emb, recorded, codes, learned, pool + [int(i) for i in test])
    micro, macro = _score(model, block.texts, emb, labels[test], codes, test)
    return {"micro": micro, "macro": macro, "coded": float(len(done)), "learned": float(len(learned)),
            "accepted": float(accepted), "right": right / max(accepted, 1),
            "precision": codes_right / max(codes_accepted, 1)}


def run(embedder: str, seeds: Sequence[int], datasets: Sequence[str] = ("dataset3", "dataset4")) -> list[str]:
    """Print the section; returns its summary lines (one per dataset)."""
    summary: list[str] = []
    print(f"\nactive: \"code next\" simulated: {FIRST} answers coded at random, then {ROUNDS} rounds of the first "
          f"{ROUND} offered (an answer with none of the block's {TOP_CODES} commonest codes passed over); scored on "
          "30% held out. Cells: micro-F1 / macro-F1; answers coded; offers wasted on passed-over answers; codes with "
          ">= half their proportional coded answers; rarest code's coded answers / its proportional number")
    for dataset in datasets:
        blocks = load_anes(dataset) if realdata_available() else []
        if not blocks:
            print(f"  {dataset}: not available, skipped")
            continue
        avg_all = _table(dataset, blocks, embedder, seeds, STRATEGIES, simulate, _cell)
        summary.append(f"{dataset:14s} code next: " + "; ".join(
            f"{s} micro-F1 {a['micro']:.3f} macro-F1 {a['macro']:.3f} even {a['even']:.0%} min {a['min']:.2f} "
            f"wasted {a['wasted']:.1f}" for s, a in avg_all.items()))
        summary.append(_review(dataset, blocks, embedder, seeds))
    return summary


def _review(dataset: str, blocks: Sequence[CodedBlock], embedder: str, seeds: Sequence[int]) -> str:
    """The review variants' table for one dataset (printed); returns its summary line."""
    print(f"  {dataset}: review of the suggestions on the answers offered (the app's order). Cells: micro-F1 / "
          "macro-F1; answers coded (by hand or by accepting); learned from; accepted; accepted exactly right")
    avg_all = _table(dataset, blocks, embedder, seeds, REVIEWS, simulate_review, _review_cell)
    return f"{dataset:14s} review: " + "; ".join(
        f"{r} micro-F1 {a['micro']:.3f} macro-F1 {a['macro']:.3f} accepted {a['accepted']:.1f} of {a['coded']:.1f} "
        f"({a['right']:.0%} exactly right, {a['precision']:.0%} of their codes right)" for r, a in avg_all.items())


def _table(dataset: str, blocks: Sequence[CodedBlock], embedder: str, seeds: Sequence[int], variants: Sequence[str],
           simulated: Callable[[CodedBlock, np.ndarray, int, str], dict[str, float]],
           cell: Callable[[dict[str, float]], str]) -> dict[str, dict[str, float]]:
    """Print one dataset's table, a row per block and a MEAN row, a column per variant (each the mean over the
    seeds of ``simulated``); returns each variant's means over the blocks."""
    from benchmarks.eval_autocode import embed_block

    print(f"  {dataset}: {'block':30s} " + " ".join(f"{v:>34s}" for v in variants))
    means: dict[str, list[dict[str, float]]] = {v: [] for v in variants}
    for block in blocks:
        emb = embed_block(embedder, block.texts)
        cells = []
        for variant in variants:
            runs = [simulated(block, emb, seed, variant) for seed in seeds]
            avg = {key: statistics.mean(r[key] for r in runs) for key in runs[0]}
            means[variant].append(avg)
            cells.append(cell(avg))
        print(f"  {dataset}: {block.name:30s} " + " ".join(cells), flush=True)
    avg_all = {v: {key: statistics.mean(a[key] for a in m) for key in m[0]} for v, m in means.items()}
    print(f"  {dataset}: {'MEAN':30s} " + " ".join(cell(avg_all[v]) for v in variants))
    return avg_all


def _review_cell(a: dict[str, float]) -> str:
    return (f"{a['micro']:.3f}/{a['macro']:.3f} {a['coded']:5.1f} {a['learned']:5.1f} a{a['accepted']:4.1f} "
            f"{a['right']:4.0%}").rjust(34)


def _cell(a: dict[str, float]) -> str:
    return (f"{a['micro']:.3f}/{a['macro']:.3f} {a['coded']:5.1f} w{a['wasted']:4.1f} "
            f"{a['even']:4.0%} {a['min']:4.2f}").rjust(34)


def main(argv: Sequence[str] | None = None) -> None:
    from benchmarks.eval_autocode import default_embedder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--embedder", default=None)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--datasets", nargs="+", default=["dataset3", "dataset4"])
    args = parser.parse_args(argv)
    for line in run(args.embedder or default_embedder(), range(args.seeds), args.datasets):
        print(line)


if __name__ == "__main__":
    main()
