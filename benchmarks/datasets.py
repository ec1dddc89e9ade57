"""Loaders for the evaluation data used by benchmarks and by tests that skip when data is absent.

- ANES 2008 open-ended answers, human-coded (multi-label), in ``../shared/realdata`` (never shipped).
- The Australian "Safe and Responsible AI" consultation (long format, respondent-type labels).
- The generated sample consultation's truth files in ``sample_responses/truth``.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("CONSULT_REALDATA", REPO.parent / "shared" / "realdata"))
SAMPLE_DIR = REPO / "sample_responses"
TRUTH_DIR = SAMPLE_DIR / "truth"

ANES_BLOCKS = {
    "dataset3": ["likes_democratic_party", "likes_republican_party", "dislikes_democratic_party", "dislikes_republican_party"],
    "dataset4": ["for_democratic_candidate", "against_democratic_candidate", "for_republican_candidate", "against_republican_candidate"],
}


@dataclass
class CodedBlock:
    """One question's answers with a 0/1 matrix of human codes."""

    name: str
    texts: list[str]
    codes: list[str]  # column names (code numbers)
    labels: np.ndarray  # shape (n_answers, n_codes), 0/1

    def single_code_subset(self) -> tuple[list[str], np.ndarray]:
        """Answers that carry exactly one code, and that code's index (for AMI/ARI)."""
        mask = self.labels.sum(axis=1) == 1
        texts = [t for t, m in zip(self.texts, mask, strict=False) if m]
        return texts, self.labels[mask].argmax(axis=1)


def realdata_available() -> bool:
    return REALDATA.is_dir()


def load_anes(dataset: str = "dataset3") -> list[CodedBlock]:
    """The four question blocks of an ANES file. A block ends where caseID starts again low."""
    path = REALDATA / "anes2008_open_ended" / f"{dataset}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    codes = header[2:]
    blocks: list[list[list[str]]] = [[]]
    previous = -1
    for row in rows:
        case = int(row[0])
        if blocks[-1] and case < previous:
            blocks.append([])
        blocks[-1].append(row)
        previous = case
    names = ANES_BLOCKS.get(dataset, [f"{dataset}_{i}" for i in range(len(blocks))])
    out = []
    for name, block in zip(names, blocks, strict=False):
        texts = [r[1] for r in block]
        labels = np.array([[int(v or 0) for v in r[2:]] for r in block], dtype=np.int8)
        out.append(CodedBlock(name=name, texts=texts, codes=codes, labels=labels))
    return out


def load_us_stance(min_chars: int = 60, min_comments: int = 60, min_side: int = 15) -> list[CodedBlock]:
    """US rulemaking comments that say something (not "see attached", at least ``min_chars``
    characters, each distinct text once) with their hand-coded position on the proposed rule, as
    the built-in Stance codes: 1-2 and 6 (against it, or against it for not going far enough) ->
    Opposes, 3-5 (for it, wanting less or more) -> Supports, 0 -> No position. One block per rule
    (docket) with at least ``min_comments`` such comments and ``min_side`` on each side: what
    "supports" means depends on the rule, as it does within one consultation."""
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    path = REALDATA / "us_rulemaking_comments" / "comments_coded.csv"
    side = {"0": "No position", "1": "Opposes", "2": "Opposes", "6": "Opposes", "3": "Supports", "4": "Supports",
            "5": "Supports"}
    by_docket: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = " ".join(row["comment_text"].split())
            code = side.get(row["position"].split(".")[0].strip())
            if code is None or len(text) < min_chars or text.lower() in seen or is_non_answer(text):
                continue
            seen.add(text.lower())
            by_docket.setdefault(row["docket_id"], []).append((text, code))
    codes = ["Supports", "Opposes", "Mixed", "No position"]  # the whole built-in family, as the app offers it
    blocks = []
    for docket, pairs in sorted(by_docket.items()):
        sides = [code for _, code in pairs]
        if len(pairs) < min_comments or min(sides.count("Supports"), sides.count("Opposes")) < min_side:
            continue
        labels = np.array([[int(c == code) for code in codes] for c in sides], dtype=np.int8)
        blocks.append(CodedBlock(name=f"stance {docket}", texts=[t for t, _ in pairs], codes=codes, labels=labels))
    return blocks


def load_tagged_passages() -> tuple[list[str], np.ndarray]:
    """The double-coded survey's answers to all its questions as one file of passages, the shape of an
    inquiry's passages tagged by people: the primary coder's answers whose codes share one top-level
    code ("cheating" for "cheating; cheating->reduce_cheating"), that code as the truth."""
    path = REALDATA / "double_coded_survey" / "codings.csv"
    texts: list[str] = []
    tops: list[str] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            top = {c.split("->")[0].strip() for c in row["codes"].split(";") if c.strip()}
            if row["coder"] == "primary" and row["answer"].strip() and len(top) == 1:
                texts.append(row["answer"])
                tops.append(top.pop())
    names = sorted(set(tops))
    return texts, np.array([names.index(t) for t in tops])


def load_us_by_rule(min_chars: int = 200, min_per_rule: int = 15) -> tuple[list[str], np.ndarray, list[str]]:
    """Long formal comments with a known subject: US rulemaking comments that say something (not
    "see attached", at least ``min_chars`` characters, each distinct text once), the rule each
    comments on as the truth (rules with at least ``min_per_rule`` such comments). Returns texts,
    the rule's index per text, and the rule (docket) ids."""
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    path = REALDATA / "us_rulemaking_comments" / "comments_coded.csv"
    seen: set[str] = set()
    pairs: list[tuple[str, str]] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = " ".join(row["comment_text"].split())
            if len(text) < min_chars or text.lower() in seen or is_non_answer(text):
                continue
            seen.add(text.lower())
            pairs.append((text, row["docket_id"]))
    counts: dict[str, int] = {}
    for _, docket in pairs:
        counts[docket] = counts.get(docket, 0) + 1
    rules = sorted(d for d, n in counts.items() if n >= min_per_rule)
    kept = [(t, d) for t, d in pairs if d in rules]
    return [t for t, _ in kept], np.array([rules.index(d) for _, d in kept]), rules


def load_au_long() -> list[dict[str, str]]:
    """Rows of the AU consultation in long format: sub_num, sub_name, sub_label, sub_value."""
    path = REALDATA / "au_safe_responsible_ai" / "srai_shortened.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_au_by_question(min_chars: int = 200) -> tuple[list[str], np.ndarray, list[str]]:
    """Long answers with a known subject: the AU answers to the numbered questions (not the general
    comments or transcriptions) that say something (at least ``min_chars`` characters, not a
    non-answer), the question answered as the truth. Returns texts, the question's index per text,
    and the question labels."""
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    pairs = [(r["sub_value"], r["sub_label"]) for r in load_au_long()
             if re.match(r"Q\d", r["sub_label"]) and len(r["sub_value"].strip()) >= min_chars
             and not is_non_answer(r["sub_value"])]
    questions = sorted({q for _, q in pairs})
    return [t for t, _ in pairs], np.array([questions.index(q) for _, q in pairs]), questions


def load_au_types() -> dict[str, str]:
    """Submitter name -> respondent type label (Individual, NGO, Company, University, Government, Other)."""
    path = REALDATA / "au_safe_responsible_ai" / "submission_type.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["name"].strip(): r["label"].strip() for r in csv.DictReader(fh)}


def load_sample_truth() -> dict[str, list[dict[str, str]]]:
    """The sample's truth tables: respondents, answers, themes, documents (lists of dict rows)."""
    out = {}
    for name in ("respondents", "answers", "themes", "documents"):
        path = TRUTH_DIR / f"{name}.csv"
        if path.exists():
            with path.open(newline="", encoding="utf-8") as fh:
                out[name] = list(csv.DictReader(fh))
    return out
