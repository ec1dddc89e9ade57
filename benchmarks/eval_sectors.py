"""Evaluate respondent sector classification side by side with a plain baseline, 5-fold, same folds.

    .venv/bin/python -m benchmarks.eval_sectors [--only sample,au,us,cross] [--seed 0] [--folds 5]

Sets: (a) the generated sample (truth sectors; the test fold's declared types hidden); (b) the
Australian "Safe and Responsible AI" submissions (labels from ``submission_type.csv`` joined by
name, used only for evaluation); (c) the US rulemaking comments, names only: ``commenter`` ->
top-level ``org_type`` (one row per distinct commenter, its most common label; individuals
and elected officials from ``comment_type``), then the same with ``comment_type`` as a metadata
column; (d) cross-consultation: no label of the evaluated set is used: ours runs with the
shipped rules and seed only (the taxonomy is the set's label names), the baseline is trained
on the generated sample's truth sectors and mapped the same way.

Baseline: character 2-5-gram TF-IDF of the name and organisation plus one-hot metadata
(e-mail domain, country, size, other columns) and, where there is answer text, word TF-IDF of
it; a default logistic regression. Both see the same folds (stratified, shuffled, ``--seed``).
Macro-F1 is over the classes present in the truth.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import email.utils
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from benchmarks import datasets
from consult_analyser.pipeline.sectors.check import SectorCheck, baseline_predict, check_sectors
from consult_analyser.pipeline.sectors.check import hidden as hide
from consult_analyser.pipeline.sectors.declared import parse_is_organisation, taxonomy_from_labels
from consult_analyser.pipeline.sectors.model import SectorResult, SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, domain_of
from consult_analyser.pipeline.sectors.run import taxonomy_from_respondents
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy


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


def model_pairs(results: Mapping[str, SectorResult], truth: dict[str, str], rids: Sequence[str]) -> list[tuple[float, bool]]:
    """(top model probability, top == truth) for the given respondents, from the results' probabilities."""
    out = []
    for rid in rids:
        row = results[rid].probabilities
        if row:
            top = max(row, key=lambda k: row[k])
            out.append((row[top], top == truth[rid]))
    return out


# ---------------------------------------------------------------------------------- loading (US)
def load_us_respondents(with_comment_type: bool = False) -> tuple[list[RespondentFeatures], dict[str, str]]:
    """One respondent per distinct commenter (names only) and its top-level type. The commenter, a person's or an
    organisation's name, is the respondent's name, as the importer reads a "commenter" column."""
    path = datasets.REALDATA / "us_rulemaking_comments" / "comments_coded.csv"
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = " ".join((row["commenter"] or "").split())
            if not name:
                continue
            top = (row["org_type"] or "").split(";")[0].strip().lower().split(" ngo")[0]
            kind = (row["comment_type"] or "").strip()
            if top.startswith(("senate", "house", "elected")) or kind == "Elected":
                top = "elected"
            elif not top:
                top = "individual" if kind == "Individual" else ""
            if top:
                votes[name][top] += 1
                kinds[name][kind] += 1
    features, labels = [], {}
    for i, (name, counter) in enumerate(sorted(votes.items())):
        rid = f"us{i}"
        extra = {"comment_type": kinds[name].most_common(1)[0][0]} if with_comment_type else {}
        features.append(RespondentFeatures(rid, name=name, extra=extra))
        labels[rid] = counter.most_common(1)[0][0]
    common = {lab for lab, n in Counter(labels.values()).items() if n >= 10}
    keep = [f for f in features if labels[f.respondent_id] in common]
    return keep, {f.respondent_id: labels[f.respondent_id] for f in keep}


# ---------------------------------------------------------------------------------- cross-validation
def side_by_side(title: str, truth: dict[str, str], ours: dict[str, str], base: dict[str, str]) -> dict[str, float]:
    rids = sorted(truth)
    t = [truth[r] for r in rids]
    labels = sorted(set(t))
    o = [ours.get(r, "") for r in rids]
    b = [base[r] for r in rids]
    po, ro, fo, so = precision_recall_fscore_support(t, o, labels=labels, zero_division=0)
    _, _, fb, _ = precision_recall_fscore_support(t, b, labels=labels, zero_division=0)
    mo, mb = macro_f1(t, o), macro_f1(t, b)
    acc_o = float(np.mean([x == y for x, y in zip(t, o, strict=True)]))
    acc_b = float(np.mean([x == y for x, y in zip(t, b, strict=True)]))
    print(f"\n{title}\n  n={len(t)}   ours macro-F1 {mo:.3f} (accuracy {acc_o:.3f})   "
          f"baseline macro-F1 {mb:.3f} (accuracy {acc_b:.3f})   gain {mo - mb:+.3f}")
    print(f"  {'class':<26}{'n':>6}{'ours F1':>9}{'base F1':>9}")
    worse = []
    for i, lab in enumerate(labels):
        mark = ""
        if so[i] >= 20 and fo[i] < fb[i]:
            # why: how many of the class each finds, and how many others each files under it
            found = [sum(1 for x, y in zip(t, pred, strict=True) if x == lab and y == lab) for pred in (o, b)]
            wrong = [sum(1 for x, y in zip(t, pred, strict=True) if x != lab and y == lab) for pred in (o, b)]
            mark = (f"  < baseline: finds {found[0]} (baseline {found[1]}), files {wrong[0]} others here "
                    f"(baseline {wrong[1]})")
            worse.append(lab)
        print(f"  {lab[:26]:<26}{so[i]:>6d}{fo[i]:>9.3f}{fb[i]:>9.3f}{mark}")
    unclassified = sum(1 for x in o if not x)
    if unclassified:
        print(f"  ({unclassified} left unclassified for review, counted as wrong)")
    return {f"ours {title}": mo, f"baseline {title}": mb}


def crossval(title: str, features: list[RespondentFeatures], labels: dict[str, str], taxonomy: Taxonomy,
             truth: dict[str, str] | None = None, seed: int = 0, folds: int = 5) -> dict[str, float]:
    """5-fold through the app's own check (:func:`check_sectors`): the test fold's declared types
    are hidden from ours; the baseline trains on the other folds.

    ``labels`` are the declared types ours may learn from; ``truth`` (default: the same) what is scored.
    """
    visible = [replace(f, declared_type=labels[f.respondent_id]) if f.respondent_id in labels else hide(f)
               for f in features]
    return report_check(title, check_sectors(visible, taxonomy, {}, truth=truth or labels, seed=seed, folds=folds))


def report_check(title: str, check: SectorCheck) -> dict[str, float]:
    print(f"\n  [{title}: {check.folds} folds in {check.seconds:.1f} s; sources of our test-fold labels "
          f"{dict(check.sources)}]")
    scores = side_by_side(title, check.truth, check.ours, check.baseline)
    if check.best_guess != check.ours:
        print(f"  (had every respondent been given the model's best guess instead of 'unclassified': "
              f"macro-F1 {check.macro_f1('best_guess'):.3f})")
    if check.too_few:
        print(f"  (not scored, fewer known respondents than folds: {check.too_few})")
    report_reliability(check)
    return scores


def report_reliability(check: SectorCheck) -> None:
    """How often ours was right at the confidence it showed, by band, for every respondent it placed and for those
    the model placed (rules and declared types have their own confidences), with the expected calibration error."""
    print("  calibration (share right among those placed, by the confidence shown; ECE over 10 bands):")
    for source, title in ((None, "all placed"), ("model", "model")):
        bands = "  ".join(f"[{low:.1f},{high:.1f}) " + (f"n={n} conf {conf:.2f} right {right:.2f}" if n else "n=0")
                          for low, high, n, conf, right in check.reliability(source=source))
        print(f"    {title:<11} ECE {check.calibration_error(source):.3f}  {bands}")


def eval_sample(seed: int, folds: int) -> dict[str, float]:
    loaded = load_sample_respondents()
    if loaded is None:
        print("\n(a) generated sample: not found; skipped")
        return {}
    features, truth, _channel = loaded
    taxonomy = taxonomy_from_respondents(features)  # the app's choice for this form: the UK default, less what it did not offer
    named = {k: taxonomy.label(k) for k in taxonomy.keys}
    # ours learns from what the other folds' respondents declared; everyone is scored on the truth
    return crossval_declared("sample", features, {r: named[t] for r, t in truth.items()}, taxonomy, seed, folds)


def crossval_declared(title: str, features: list[RespondentFeatures], truth: dict[str, str], taxonomy: Taxonomy,
                      seed: int, folds: int) -> dict[str, float]:
    """Like :func:`crossval` for a set whose respondents declare their own (free) types and an
    individual/organisation answer: the test fold has both hidden; everyone is scored on ``truth``."""
    return report_check(title, check_sectors(features, taxonomy, {}, truth=truth, seed=seed, folds=folds))


def eval_au(seed: int, folds: int) -> dict[str, float]:
    if not datasets.realdata_available():
        print("\n(b) AU data: not found; skipped")
        return {}
    features, labels = load_au_respondents()
    taxonomy = taxonomy_from_labels(sorted(set(labels.values())))
    return crossval("AU (names + answers)", features, labels, taxonomy, seed=seed, folds=folds)


def eval_us(seed: int, folds: int) -> dict[str, float]:
    if not (datasets.REALDATA / "us_rulemaking_comments").is_dir():
        print("\n(c) US rulemaking comments: not found; skipped")
        return {}
    scores = {}
    for with_type in (False, True):
        features, labels = load_us_respondents(with_type)
        taxonomy = taxonomy_from_labels(sorted(set(labels.values())))
        title = "US (names only" + (" + comment_type)" if with_type else ")")
        scores.update(crossval(title, features, labels, taxonomy, seed=seed, folds=folds))
    return scores


def eval_cross(seed: int) -> dict[str, float]:
    """No label of the evaluated set is used: shipped rules + seed (ours) against a baseline trained on the sample."""
    loaded = load_sample_respondents()
    if loaded is None or not datasets.realdata_available():
        print("\n(d) cross-consultation: sample or real data missing; skipped")
        return {}
    sample, sample_truth, _ = loaded
    train = [hide(f) for f in sample]
    y_train = [sample_truth[f.respondent_id] for f in sample]
    scores: dict[str, float] = {}
    sets = [("AU", *load_au_respondents())]
    if (datasets.REALDATA / "us_rulemaking_comments").is_dir():
        sets.append(("US names", *load_us_respondents(False)))
    for name, features, labels in sets:
        taxonomy = taxonomy_from_labels(sorted(set(labels.values())))
        session = SectorSession([hide(f) for f in features], taxonomy)
        ours = {r.respondent_id: (session.taxonomy.label(r.sector) if r.sector else "") for r in session.run()}
        scored = [f for f in features if f.respondent_id in labels]
        predicted = baseline_predict(train, y_train, [hide(f) for f in scored])
        base = {}
        for f, key in zip(scored, predicted, strict=True):
            mapped = taxonomy.map_default_key(key)
            base[f.respondent_id] = taxonomy.label(mapped) if mapped else taxonomy.label(taxonomy.fallback_key)
        scores.update(side_by_side(f"cross-consultation {name} (no label of this set used)",
                                   labels, {r: ours[r] for r in labels}, base))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate sector classification")
    parser.add_argument("--only", default="sample,au,us,cross", help="comma-separated: sample, au, us, cross")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    t0, c0 = time.perf_counter(), time.process_time()
    scores: dict[str, float] = {}
    if "sample" in wanted:
        scores.update(eval_sample(args.seed, args.folds))
    if "au" in wanted:
        scores.update(eval_au(args.seed, args.folds))
    if "us" in wanted:
        scores.update(eval_us(args.seed, args.folds))
    if "cross" in wanted:
        scores.update(eval_cross(args.seed))
    print("\nSummary (macro-F1; targets on real sets: >= 0.75 and >= baseline + 0.10)")
    names = sorted({k.split(" ", 1)[1] for k in scores})
    for name in names:
        o, b = scores.get(f"ours {name}", float("nan")), scores.get(f"baseline {name}", float("nan"))
        print(f"  {name[:52]:<52} ours {o:.3f}  baseline {b:.3f}  gain {o - b:+.3f}")
    print(f"  ({time.perf_counter() - t0:.0f} s wall, {time.process_time() - c0:.0f} s CPU, "
          f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
