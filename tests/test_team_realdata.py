"""Agreement figures on real double coding, checked against scikit-learn and krippendorff
computed directly from the coders' file.

../shared/realdata/double_coded_survey/codings.csv holds 14 open questions of a survey, each
answer coded independently by a "primary" and a "secondary" coder. The lead's project gets the
answers; ``team split --overlap 1.0`` gives every answer to both; each coder's codes are imported
into their own copy (codes created there, so the same code is created in both copies and must
become one code on merge); the copies are merged; every kappa and alpha is compared with the
libraries run on vectors built straight from the CSV.
"""

from __future__ import annotations

import csv
import warnings
from collections import defaultdict

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from consult_analyser.cli import main
from consult_analyser.store import codebook
from consult_analyser.store.project import Project
from consult_analyser.team import agreement
from tests.conftest import REALDATA

DATA = REALDATA / "double_coded_survey" / "codings.csv"
pytestmark = pytest.mark.realdata


def _read() -> tuple[dict[tuple[str, str], str], dict[str, dict[tuple[str, str], set[str]]]]:
    texts: dict[tuple[str, str], str] = {}
    coded: dict[str, dict[tuple[str, str], set[str]]] = {"primary": defaultdict(set), "secondary": defaultdict(set)}
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            unit = (row["question"], row["response_id"])
            texts.setdefault(unit, row["answer"])
            coded[row["coder"]][unit].update(" > ".join(p.strip() for p in c.split("->"))
                                             for c in row["codes"].split(";") if c.strip())
    return texts, coded


def _kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undefined where both coders used one value only
        value = cohen_kappa_score(a, b, labels=[0, 1])
    return None if np.isnan(value) else float(value)


def _alpha(a: np.ndarray, b: np.ndarray) -> float | None:
    if len(set(a) | set(b)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=np.vstack([a, b]).astype(float),
                                    level_of_measurement="nominal"))


@pytest.mark.skipif(not DATA.exists(), reason="real data absent")
def test_agreement_on_real_double_coding_matches_the_libraries(tmp_path, capsys, monkeypatch):
    texts, coded = _read()
    questions = sorted({q for q, _ in texts})
    respondents = sorted({r for _, r in texts})
    survey = tmp_path / "survey.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["respondent", *questions])
        for r in respondents:
            writer.writerow([r, *[texts.get((q, r), "") for q in questions]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[columns]\nrespondent = \"id\"\n" + "".join(f'{q} = "question:{q}:open"\n' for q in questions),
                       encoding="utf-8")
    lead = tmp_path / "lead.consult"
    assert main(["-q", "import", str(lead), str(survey), "--mapping", str(mapping)]) == 0
    # the study's one codebook, shared by both coders (a code only one coder had is compared for no pair)
    shared_csv = tmp_path / "codebook.csv"
    with shared_csv.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path"])
        writer.writerows([c] for c in sorted({c for coder in coded.values() for codes in coder.values()
                                              for c in codes}))
    assert main(["codebook", str(lead), "--import", str(shared_csv)]) == 0
    out = tmp_path / "copies"
    assert main(["-q", "team", "split", str(lead), "--analysts", "primary,secondary", "--overlap", "1.0",
                 "--seed", "1", "--out", str(out)]) == 0
    for coder in ("primary", "secondary"):
        monkeypatch.setenv("CONSULT_ANALYST", coder)  # each coder in their own copy (someone else is refused)
        # each coder's code frame first (so that a top-level "other" is not taken for "x > other")
        frame_csv = tmp_path / f"{coder}_codebook.csv"
        with frame_csv.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["path"])
            writer.writerows([c] for c in sorted({c for codes in coded[coder].values() for c in codes}))
        assert main(["codebook", str(out / f"{coder}.consult"), "--import", str(frame_csv)]) == 0
        rows = tmp_path / f"{coder}.csv"
        with rows.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["respondent id", "question", "code"])
            for (q, r), codes in sorted(coded[coder].items()):
                writer.writerows([r, q, c] for c in sorted(codes))
        assert main(["code", str(out / f"{coder}.consult"), "--import", str(rows)]) == 0
    monkeypatch.setenv("CONSULT_ANALYST", "tester")
    assert main(["-q", "team", "merge", str(lead), str(out / "primary.consult"), str(out / "secondary.consult")]) == 0
    capsys.readouterr()

    with Project.open(lead, readonly=True) as project:
        report = agreement.agreement(project)
        paths = codebook.code_paths(project)
        # one code per path, although each copy created its own
        assert len(set(paths.values())) == len(paths)
    # compared: the answers both coders coded; the others wait for the coder who has not
    both = {unit for unit in texts if coded["primary"].get(unit) and coded["secondary"].get(unit)}
    assert report.answers == len(both) and report.coders == ["primary", "secondary"]
    assert report.assigned == len(texts) and report.answers + sum(report.waiting.values()) >= len(texts)

    # independent computation, from the CSV alone: per question, the codes either coder used
    frame: dict[str, set[str]] = defaultdict(set)
    for coder in coded.values():
        for unit, codes in coder.items():
            if unit in both:
                frame[unit[0]].update(codes)
    units = sorted((q, r, c) for (q, r) in both for c in frame[q])
    a = np.array([c in coded["primary"].get((q, r), set()) for q, r, c in units], dtype=int)
    b = np.array([c in coded["secondary"].get((q, r), set()) for q, r, c in units], dtype=int)
    overall = report.overall
    assert overall.n == len(units)
    assert overall.kappa == pytest.approx(_kappa(a, b), abs=1e-12)
    assert overall.alpha == pytest.approx(_alpha(a, b), abs=1e-12)
    assert overall.percent_agreement == pytest.approx(float((a == b).mean()))
    f1s = []
    for unit in both:
        x, y = coded["primary"].get(unit, set()), coded["secondary"].get(unit, set())
        f1s.append(1.0 if not x and not y else 2 * len(x & y) / (len(x) + len(y)))
    assert overall.f1 == pytest.approx(float(np.mean(f1s)))

    by_code = {paths[c.code_id]: c for c in report.codes}
    all_codes = sorted({c for _q, _r, c in units})
    assert sorted(by_code) == all_codes
    checked = 0
    for code in all_codes:
        cols = np.array([u[2] == code for u in units])
        expected_kappa, expected_alpha = _kappa(a[cols], b[cols]), _alpha(a[cols], b[cols])
        got = by_code[code]
        assert got.n == int(cols.sum()), code
        if expected_kappa is None:
            assert got.kappa is None, code
        else:
            assert got.kappa == pytest.approx(expected_kappa, abs=1e-12), code
            checked += 1
        if expected_alpha is None:
            assert got.alpha is None, code
        else:
            assert got.alpha == pytest.approx(expected_alpha, abs=1e-12), code
    assert checked > 100
    print(f"\n{len(texts)} answers, {len(all_codes)} codes, {len(units)} units: kappa {overall.kappa:.3f}, "
          f"alpha {overall.alpha:.3f}, agreement {overall.percent_agreement:.3f}, per-answer F1 {overall.f1:.3f}")
