"""Evaluate respondent sector classification against a plain TF-IDF + logistic regression baseline.

    .venv/bin/python -m benchmarks.eval_sectors [--sample-only | --au-only] [--holdout 0.3] [--seed 0] [--repeats 5]

(a) The generated sample consultation: the declared types of a held-out part (30%, five random
    stratified splits, predictions pooled) of the online
    respondents are hidden and predicted from the rest (plus e-mailed respondents, who never
    declare a type); scored against ``sample_responses/truth/respondents.csv``. Also the cold
    start: every declared type hidden, so only the rules and the seed model speak.
(b) The Australian "Safe and Responsible AI" submissions: 5-fold stratified cross-validation
    against the (noisy) respondent-type labels, with the taxonomy learned from those labels.

The baseline sees the same text (name, organisation, e-mail domain and answers) through word
TF-IDF and a default logistic regression, and no rules; on the sample it is trained on the
truth sectors of the training part, which is generous to it.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import email.utils
import os
import random
import re
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from benchmarks import datasets
from consult_analyser.pipeline.sectors.model import SectorResult, SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, domain_of
from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy, parse_is_organisation, taxonomy_from_labels


# ---------------------------------------------------------------------------------- reporting
def report(title: str, truth: Sequence[str], pred: Sequence[str], labels: Sequence[str], matrix: bool = True) -> float:
    """Print per-class precision/recall/F1, macro-F1 and (optionally) a confusion matrix."""
    labels = [lab for lab in labels if lab in set(truth) | set(pred)]
    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    present = [i for i, lab in enumerate(labels) if s[i] > 0]
    macro = float(np.mean([f[i] for i in present])) if present else 0.0
    acc = float(np.mean([a == b for a, b in zip(truth, pred, strict=False)])) if truth else 0.0
    print(f"\n{title}\n  n={len(truth)}  accuracy={acc:.3f}  macro-F1={macro:.3f}")
    print(f"  {'sector':<22}{'prec':>7}{'rec':>7}{'F1':>7}{'n':>6}")
    for i, lab in enumerate(labels):
        print(f"  {lab[:22]:<22}{p[i]:>7.3f}{r[i]:>7.3f}{f[i]:>7.3f}{s[i]:>6d}")
    if matrix:
        cm = confusion_matrix(truth, pred, labels=labels)
        short = [lab[:5] for lab in labels]
        print("  confusion (rows truth, columns predicted):")
        print("  " + " " * 22 + "".join(f"{c:>6}" for c in short))
        for lab, row in zip(labels, cm, strict=False):
            print(f"  {lab[:22]:<22}" + "".join(f"{v:>6d}" for v in row))
    return macro


def macro_f1(truth: Sequence[str], pred: Sequence[str]) -> float:
    return float(f1_score(truth, pred, average="macro", labels=sorted(set(truth)), zero_division=0))


def baseline_text(f: RespondentFeatures) -> str:
    return " ".join([f.name, f.organisation, f.email_domain, f.text])


def baseline_predict(train: Sequence[RespondentFeatures], y: Sequence[str], test: Sequence[RespondentFeatures],
                     class_weight: str | None = None) -> list[str]:
    """Word TF-IDF over name, organisation, domain and answers + default logistic regression."""
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    model = LogisticRegression(max_iter=2000, class_weight=class_weight)
    model.fit(vec.fit_transform([baseline_text(f) for f in train]), list(y))
    return list(model.predict(vec.transform([baseline_text(f) for f in test])))


# ---------------------------------------------------------------------------------- loading
def load_au_respondents() -> tuple[list[RespondentFeatures], dict[str, str]]:
    """One respondent per AU submission (name, all answer text, questions answered) and labels."""
    types = datasets.load_au_types()
    rows = datasets.load_au_long()
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(row["sub_num"], {"name": row["sub_name"].strip(), "text": [], "answered": []})
        value = (row["sub_value"] or "").strip()
        if value:
            entry["text"].append(value)
            entry["answered"].append(row["sub_label"].split(" ")[0])
    features, labels = [], {}
    for num, entry in grouped.items():
        rid = f"au{num}"
        features.append(RespondentFeatures(rid, name=entry["name"], text="\n".join(entry["text"]),
                                           answered=entry["answered"]))
        if entry["name"] in types:
            labels[rid] = types[entry["name"]]
    return features, labels


def load_sample_respondents() -> tuple[list[RespondentFeatures], dict[str, str], dict[str, str]] | None:
    """Respondents of the generated sample (online survey and e-mails), truth sectors and channels."""
    survey = datasets.SAMPLE_DIR / "data" / "online_survey.csv"
    truth_rows = datasets.load_sample_truth().get("respondents")
    if not survey.exists() or not truth_rows:
        return None
    truth = {r["external_id"]: r["sector"] for r in truth_rows}
    channel = {r["external_id"]: r.get("channel", "online") or "online" for r in truth_rows}
    features = []
    with survey.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            rid = row["Response ID"]
            answers = {k: (v or "").strip() for k, v in row.items() if k and re.match(r"Q\d+", k)}
            features.append(RespondentFeatures(
                rid, name=row.get("Your name", ""), organisation=row.get("Organisation name", ""),
                email_domain=domain_of(row.get("Email address", "")),
                declared_type=row.get("Which of the following best describes your organisation?", ""),
                is_organisation=parse_is_organisation(
                    row.get("Are you responding as an individual or on behalf of an organisation?", "")),
                text="\n".join(v for v in answers.values() if v),
                answered=[k.split(".")[0] for k, v in answers.items() if v]))
            channel.setdefault(rid, "online")
    features += load_sample_emails(set(truth) - {f.respondent_id for f in features})
    features = [f for f in features if f.respondent_id in truth]
    return features, truth, channel


def load_sample_emails(wanted: set[str]) -> list[RespondentFeatures]:
    """E-mailed respondents, read with the project's document reader when it is present
    (sender name, organisation and address; body plus attachments as text), else from the
    e-mail headers with the standard library."""
    folder = datasets.SAMPLE_DIR / "data" / "emails"
    if not folder.is_dir():
        return []
    out = []
    try:
        from consult_analyser.ingest.documents import read_document_folder
    except ImportError:  # the document reader is optional here
        documents = None
    else:
        documents = read_document_folder(folder).documents
    if documents is not None:
        for doc in documents:
            r = doc.respondent
            if r.external_id not in wanted:
                continue
            text = "\n".join([doc.text] + [a.text for a in doc.attachments])
            out.append(RespondentFeatures(r.external_id, name=r.name, organisation=r.organisation,
                                          email_domain=domain_of(r.email), text=text, answered=["document"]))
        return out
    for path in sorted(folder.glob("*.eml")):
        if path.name not in wanted:
            continue
        with path.open("rb") as fh:
            msg = email.message_from_binary_file(fh, policy=email.policy.default)
        sender_name, sender = email.utils.parseaddr(str(msg.get("From", "")))
        body = msg.get_body(preferencelist=("plain",))
        out.append(RespondentFeatures(path.name, name=sender_name, email_domain=domain_of(sender),
                                      text=body.get_content() if body is not None else "", answered=["document"]))
    return out


def calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of (probability of the predicted sector, was it right) pairs."""
    if not pairs:
        return float("nan")
    conf = np.array([p for p, _ in pairs])
    right = np.array([ok for _, ok in pairs], dtype=float)
    edges = np.minimum((conf * bins).astype(int), bins - 1)
    return float(sum(abs(conf[edges == b].mean() - right[edges == b].mean()) * (edges == b).sum()
                     for b in range(bins) if (edges == b).any()) / len(pairs))


def model_pairs(results: Mapping[str, SectorResult], truth: dict[str, str], rids: Sequence[str]) -> list[tuple[float, bool]]:
    """(top model probability, top == truth) for the given respondents, from the results' probabilities."""
    out = []
    for rid in rids:
        row = results[rid].probabilities
        if row:
            top = max(row, key=lambda k: row[k])
            out.append((row[top], top == truth[rid]))
    return out


def hide(f: RespondentFeatures) -> RespondentFeatures:
    return replace(f, declared_type="", is_organisation=None)


# ---------------------------------------------------------------------------------- (a) sample
def eval_sample(holdout: float, seed: int, repeats: int = 5) -> dict[str, float]:
    loaded = load_sample_respondents()
    if loaded is None:
        print("\n(a) generated sample: not found (sample_responses/data/online_survey.csv); skipped")
        return {}
    features, truth, channel = loaded
    taxonomy = default_taxonomy()
    keys = taxonomy.keys
    online = [f.respondent_id for f in features if channel[f.respondent_id] == "online"]
    by_sector: dict[str, list[str]] = defaultdict(list)
    for rid in online:
        by_sector[truth[rid]].append(rid)
    emailed = [f.respondent_id for f in features if channel[f.respondent_id] != "online"]
    print(f"\n(a) generated sample: {len(features)} respondents ({len(online)} online, {len(emailed)} by e-mail); "
          f"declared types hidden for a stratified {holdout:.0%} of the online respondents, {repeats} random "
          f"splits (seeds {seed}..{seed + repeats - 1}); tables pool the predictions of all splits")
    pooled: dict[str, dict[str, list]] = {name: defaultdict(list) for name in ("held-out online", "e-mailed")}
    per_split: dict[str, list[float]] = defaultdict(list)
    sources: dict[str, int] = defaultdict(int)
    for split in range(repeats):
        rng = random.Random(seed + split)
        held: set[str] = set()
        for rids in by_sector.values():
            rids = sorted(rids)
            rng.shuffle(rids)
            held.update(rids[: round(len(rids) * holdout)])
        visible = [hide(f) if f.respondent_id in held else f for f in features]
        t0 = time.perf_counter()
        session = SectorSession(visible, taxonomy)
        t1 = time.perf_counter()
        results = {r.respondent_id: r for r in session.run()}
        if split == 0:
            print(f"  features {t1 - t0:.2f} s, rules + training + prediction {time.perf_counter() - t1:.2f} s (wall)")
        for rid in held:
            sources[results[rid].source] += 1
        train = [f for f in features if f.respondent_id not in held and channel[f.respondent_id] == "online"]
        test_all = [f for f in features if f.respondent_id in held or channel[f.respondent_id] != "online"]
        y_train = [truth[f.respondent_id] for f in train]
        test_ids = [f.respondent_id for f in test_all]
        base = dict(zip(test_ids, baseline_predict(train, y_train, test_all), strict=True))
        balanced = dict(zip(test_ids, baseline_predict(train, y_train, test_all, "balanced"), strict=True))
        for name, rids in (("held-out online", sorted(held)), ("e-mailed", sorted(emailed))):
            bucket = pooled[name]
            bucket["truth"] += [truth[r] for r in rids]
            bucket["ours"] += [results[r].sector for r in rids]
            bucket["base"] += [base[r] for r in rids]
            bucket["balanced"] += [balanced[r] for r in rids]
            bucket["pairs"] += model_pairs(results, truth, rids)
            if rids:
                per_split[name].append(macro_f1([truth[r] for r in rids], [results[r].sector for r in rids]))
    print(f"  held-out sectors came from (all splits): {dict(sources)}")
    scores = {}
    for name, bucket in pooled.items():
        if not bucket["truth"]:
            continue
        t = bucket["truth"]
        scores[f"ours {name}"] = report(f"  ours, {name}", t, bucket["ours"], keys)
        spread = per_split[name]
        print(f"  per split macro-F1: {', '.join(f'{v:.3f}' for v in spread)} "
              f"(mean {np.mean(spread):.3f}, sd {np.std(spread):.3f})")
        scores[f"baseline {name}"] = report(f"  baseline, {name}", t, bucket["base"], keys, matrix=False)
        scores[f"baseline balanced {name}"] = macro_f1(t, bucket["balanced"])
        scores[f"model ECE {name}"] = calibration_error(bucket["pairs"])

    # cold start: nothing declared anywhere
    cold = SectorSession([hide(f) for f in features], taxonomy)
    cold_results = {r.respondent_id: r for r in cold.run()}
    rids = sorted(truth)
    scores["ours cold start"] = report("  ours, cold start (no declared types at all: rules + seed model)",
                                       [truth[r] for r in rids], [cold_results[r].sector for r in rids], keys)

    # retrain time after one correction
    walls, cpus = [], []
    for target in session.review_queue(limit=3):
        t0, c0 = time.perf_counter(), time.process_time()
        session.correct(target, truth[target])
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    scores["retrain seconds (wall)"] = float(np.median(walls))
    scores["retrain seconds (cpu)"] = float(np.median(cpus))
    print(f"\n  retrain after a correction ({len(features)} respondents, median of 3): "
          f"{scores['retrain seconds (wall)']:.2f} s wall, {scores['retrain seconds (cpu)']:.2f} s CPU "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return scores


# ---------------------------------------------------------------------------------- (b) AU
def eval_au(seed: int, folds: int = 5) -> dict[str, float]:
    if not datasets.realdata_available():
        print("\n(b) AU data: not found; skipped")
        return {}
    features, labels = load_au_respondents()
    labelled = [f for f in features if f.respondent_id in labels]
    y = np.array([labels[f.respondent_id] for f in labelled])
    taxonomy = taxonomy_from_labels(sorted(set(y)))
    keys = taxonomy.keys
    print(f"\n(b) AU 'Safe and Responsible AI': {len(features)} submissions, {len(labelled)} labelled; "
          f"taxonomy learned from labels: {', '.join(taxonomy.label(k) for k in keys)}; "
          f"{folds}-fold stratified cross-validation")
    key_of = {taxonomy.label(k): k for k in keys}
    ours: dict[str, str] = {}
    base: dict[str, str] = {}
    balanced: dict[str, str] = {}
    pairs: list[tuple[float, bool]] = []
    sources: dict[str, int] = defaultdict(int)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    times = []
    for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
        test_ids = {labelled[i].respondent_id for i in test_idx}
        # the training folds declare their type; the test fold and unlabelled submissions do not
        visible = [replace(f, declared_type=labels[f.respondent_id])
                   if f.respondent_id in labels and f.respondent_id not in test_ids else hide(f)
                   for f in features]
        t0 = time.perf_counter()
        session = SectorSession(visible, taxonomy)
        results = {r.respondent_id: r for r in session.run()}
        times.append(time.perf_counter() - t0)
        for rid in test_ids:
            ours[rid] = taxonomy.label(results[rid].sector)
            sources[results[rid].source] += 1
        train = [labelled[i] for i in train_idx]
        test = [labelled[i] for i in test_idx]
        for f, p in zip(test, baseline_predict(train, y[train_idx], test), strict=False):
            base[f.respondent_id] = p
        for f, p in zip(test, baseline_predict(train, y[train_idx], test, "balanced"), strict=False):
            balanced[f.respondent_id] = p
        pairs += model_pairs(results, {r: key_of[labels[r]] for r in test_ids}, sorted(test_ids))
    print(f"  sources of the predicted labels: {dict(sources)}; {np.mean(times):.2f} s per fold")
    rids = [f.respondent_id for f in labelled]
    t = [labels[r] for r in rids]
    names = [taxonomy.label(k) for k in keys]
    scores = {
        "ours au": report("  ours (rules + model, taxonomy from labels)", t, [ours[r] for r in rids], names),
        "baseline au": report("  baseline (word TF-IDF + logistic regression)", t, [base[r] for r in rids], names),
        "baseline balanced au": macro_f1(t, [balanced[r] for r in rids]),
        "model ECE au": calibration_error(pairs),
    }
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate sector classification")
    parser.add_argument("--sample-only", action="store_true")
    parser.add_argument("--au-only", action="store_true")
    parser.add_argument("--holdout", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5, help="random hold-out splits of the sample")
    args = parser.parse_args()
    scores: dict[str, float] = {}
    if not args.au_only:
        scores.update(eval_sample(args.holdout, args.seed, args.repeats))
    if not args.sample_only:
        scores.update(eval_au(args.seed))
    print("\nSummary (macro-F1 unless named otherwise)")
    for name, value in scores.items():
        print(f"  {name:<36}{value:.3f}")
    if "ours au" in scores:
        print(f"  {'AU gain over baseline':<36}{scores['ours au'] - scores['baseline au']:+.3f}")
    print("  ('baseline balanced' is the same baseline with class_weight='balanced'; 'model ECE' is the expected\n"
          "   calibration error of the model's top probability on the evaluated respondents, lower is better;\n"
          "   retrain seconds: one correction, median of three.)")


if __name__ == "__main__":
    main()
