"""How well a question's themes agree with the codes people gave its answers: a check against humans.

The answers that people coded with exactly one code are the truth (as in the benchmarks: a
chance-corrected agreement needs one label per answer). Each of them is given its main theme (the
assignment with the highest confidence; answers in no theme count together as "unassigned"), and
the agreement is the adjusted mutual information (AMI: 0 is chance, 1 is the codes themselves).
A plain baseline groups the same answers' sentence vectors (all the question's written answers,
the themes' own input) by k-means into as many groups as the question has themes, and is scored on
the same answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from consult_analyser.store import checks, codebook, codings, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.store.questions import find_question

MIN_SCORED = 20  # fewer single-code answers than this: no check
KMEANS_FIT_LIMIT = 20000  # answers the k-means baseline is fitted on at most
BASELINE_NAME = "k-means on the same sentence vectors, as many groups as there are themes"


@dataclass
class ThemeCheck:
    """Figures of one question's check (``skipped`` says why there are none)."""

    answers: int = 0  # single-code answers scored
    codes: int = 0
    themes: int = 0
    ami: float = 0.0
    baseline_ami: float = 0.0
    unassigned: float = 0.0  # share of the scored answers in no theme
    guided_by: int = 0  # codes checked against that also guided the theme run (as expected themes)
    skipped: str = ""

    def summary(self) -> dict[str, Any]:
        if self.skipped:
            return {"answers": 0, "skipped": self.skipped}
        return {"answers": self.answers, "codes": self.codes, "themes": self.themes, "ami": round(self.ami, 4),
                "baseline_ami": round(self.baseline_ami, 4), "unassigned": round(self.unassigned, 4),
                "guided_by": self.guided_by}


def single_codes(codes_by_answer: Mapping[str, set[str]], parents: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Answer id -> its code, for the answers that carry exactly one. With the codebook's ``parents``
    (code id -> parent id), a code that is an ancestor of another code of the same answer does not
    count: "Staffing" beside "Staffing > Agency staff" (as coding sheets record a sub-code) is one code."""
    def ancestors(code: str) -> set[str]:
        out: set[str] = set()
        while parents and (code := parents.get(code) or "") and code not in out:
            out.add(code)
        return out

    single = {}
    for rid, codes in codes_by_answer.items():
        kept = codes - {a for c in codes for a in ancestors(c)} if parents else codes
        if len(kept) == 1:
            single[rid] = next(iter(kept))
    return single


def main_themes(assignments: Sequence[tuple[str, str, float]]) -> dict[str, str]:
    """Answer id -> the theme it is assigned to with the highest confidence (first of equals), from
    ``(answer id, theme id, confidence)`` rows."""
    best: dict[str, tuple[float, str]] = {}
    for rid, theme_id, confidence in assignments:
        if rid not in best or confidence > best[rid][0]:
            best[rid] = (confidence, theme_id)
    return {rid: theme for rid, (_, theme) in best.items()}


def check_themes(answer_ids: Sequence[str], vectors: np.ndarray, themes_of: Mapping[str, str],
                 truth: Mapping[str, str], *, seed: int = 0) -> ThemeCheck:
    """Score the themes (``themes_of``: answer id -> main theme) and the k-means baseline (on
    ``vectors``, one row per id in ``answer_ids``) against ``truth`` (answer id -> its one code)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_mutual_info_score

    scored = [i for i, rid in enumerate(answer_ids) if rid in truth]
    codes = Counter(truth[answer_ids[i]] for i in scored)
    themes = len(set(themes_of.values()))
    check = ThemeCheck(answers=len(scored), codes=len(codes), themes=themes)
    if len(scored) < MIN_SCORED or len(codes) < 2:
        check.skipped = (f"{len(scored)} answers carry exactly one code from people, in {len(codes)} code(s); "
                         f"the check needs {MIN_SCORED} answers and two codes")
        return check
    if themes < 2:
        check.skipped = "the question has fewer than two themes: discover them first"
        return check
    y = [truth[answer_ids[i]] for i in scored]
    ours = [themes_of.get(answer_ids[i], "(unassigned)") for i in scored]
    check.ami = float(adjusted_mutual_info_score(y, ours))
    check.unassigned = sum(1 for t in ours if t == "(unassigned)") / len(ours)
    vectors = np.asarray(vectors, dtype=np.float64)
    model = KMeans(n_clusters=min(themes, len(answer_ids)), n_init=10, random_state=seed)
    if len(vectors) > KMEANS_FIT_LIMIT:  # a large question: fitted on a random sample, every answer placed
        sample = np.random.default_rng(seed).choice(len(vectors), KMEANS_FIT_LIMIT, replace=False)
        groups = model.fit(vectors[sample]).predict(vectors)
    else:
        groups = model.fit_predict(vectors)
    check.baseline_ami = float(adjusted_mutual_info_score(y, [int(groups[i]) for i in scored]))
    return check


def describe_theme_check(question: str, figures: Mapping[str, Any]) -> list[str]:
    """Lines a person reads about one question's check."""
    if not figures.get("answers"):
        return [f"{question}: not checked ({figures.get('skipped', 'nothing coded')})"]
    return [
        f"{question}: {figures['answers']:,} answers that people coded with one code (a code with its sub-code "
        f"counts as one; {figures['codes']} codes), "
        f"against the {figures['themes']} themes.",
        f"  Themes: agreement with the codes (AMI, 0 = chance, 1 = the codes themselves) {figures['ami']:.2f}; "
        f"{figures['unassigned']:.0%} of those answers in no theme.",
        f"  Plain baseline ({BASELINE_NAME}): AMI {figures['baseline_ami']:.2f}.",
        *([f"  The themes were guided by {figures['guided_by']} of these codes (as expected themes), so this "
           "agreement is not independent of them."] if figures.get("guided_by") else []),
    ]


def check_question_themes(project: Project, question: str, *, embedder: Any = None) -> ThemeCheck:
    """Check one question's stored themes (key or id) against the codes people gave its answers,
    beside the k-means baseline on the vectors the themes were found with; the figures are kept with
    the project and the check is recorded in the audit log. Changes no theme or coding."""
    from consult_analyser.pipeline.embeddings import get_embedder
    from consult_analyser.pipeline.themes.discover import embed, question_embedder

    q = find_question(project, question)
    if q is None:
        raise ValueError(f"no question {question!r}")
    answers = codings.answer_texts(project, q.id)
    coded: dict[str, set[str]] = {}
    for coding in codings.list_codings(project, question_id=q.id):
        if codings.by_people(coding):
            coded.setdefault(coding.response_id, set()).add(coding.code_id)
    truth = single_codes(coded, {c.id: c.parent_id for c in codebook.list_codes(project)})
    themes_of = main_themes(store_themes.assignment_rows(project, q.id))
    ids = [rid for rid, _ in answers]
    if sum(1 for rid in ids if rid in truth) < MIN_SCORED or len(set(themes_of.values())) < 2:
        check = check_themes(ids, np.zeros((len(ids), 1)), themes_of, truth)  # says why not
    else:
        embedder = embedder or get_embedder(question_embedder(project, q.id))
        vectors = embed(project, embedder, [t for _, t in answers])
        check = check_themes(ids, vectors, themes_of, truth)
    # codes that were also the run's expected themes: the agreement is then not independent of them
    run = theme_runs.latest_run(project, q.id)
    guides = {str(label).lower() for label in (run.params.get("expected_themes") or [])} if run else set()
    names = {code.name.lower() for code_id in set(truth.values()) if (code := codebook.get_code(project, code_id))}
    check.guided_by = len(guides & names)
    figures = check.summary()
    if check.answers and not check.skipped:
        with project.transaction():
            checks.save(project, checks.THEMES, figures, q.key)
            project.audit("check_themes", "question", q.id, answers=check.answers, ami=figures["ami"],
                          baseline_ami=figures["baseline_ami"])
    return check


def theme_checks_sentence(stored: dict[str, Any]) -> str:
    """One sentence for a published method note on the questions' last theme checks ("" if none)."""
    parts = checks.cite_per_question(stored, lambda key, f: (
        f"{key} {f['ami']:.2f} (k-means {f['baseline_ami']:.2f}; {f['answers']:,} answers"
        f"{'; the themes were guided by these codes' if f.get('guided_by') else ''}"))
    if not parts:
        return ""
    return ("Themes were checked against the codes people gave the answers that carry one code (adjusted mutual "
            "information, 0 = chance, 1 = the codes; a plain k-means grouping in brackets): " + "; ".join(parts) + ".")
