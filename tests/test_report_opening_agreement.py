"""The Word report's opening and its agreement paragraph (trial 35): "125 respondents (0 on behalf of
organisations, 0 as individuals, 125 did not say; where respondents did not say, as their sector
indicates) gave 580 answers" did not parse, and a double-coded project's report gave no agreement
figures at all (the annex's Agreement sheet did)."""

from __future__ import annotations

import docx
import pytest

from consult_analyser.export.report_docx import (
    _respondents_phrase,
    _sides_sentence,
    agreement_paragraph,
    export_report,
)
from consult_analyser.export.summaries import Suppress
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.coding.agreement import AgreementReport, CodeAgreement, Disagreement
from consult_analyser.store import codebook
from consult_analyser.store.project import Project
from consult_analyser.team import agreement, merge, split
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import N, _alice, _bob, _code_like, _open, _rows


def _info(respondents: int, organisations: int, individuals: int, not_stated: int, declared: int) -> dict:  # type: ignore[type-arg]
    return {"respondents": respondents, "organisations": organisations, "individuals": individuals,
            "not_stated": not_stated, "declared_type": declared}


def test_nobody_said_which_side_reads_as_a_sentence():
    info = _info(125, 0, 0, 125, 0)
    phrase = _respondents_phrase(info, Suppress(5))
    assert phrase == ("125 respondents, none of whom said whether they responded on behalf of an organisation "
                      "or as an individual,")
    assert _sides_sentence(info) == ""  # nobody placed by their sector: nothing to say about it
    assert "0 on behalf" not in phrase and ";" not in phrase
    assert _respondents_phrase(_info(1, 0, 0, 1, 0), Suppress(0)).startswith("1 respondent, who did not say whether")
    assert _respondents_phrase(_info(0, 0, 0, 0, 0), Suppress(5)) == "0 respondents"


def test_the_other_cases_keep_their_counts_and_say_how_the_undeclared_are_counted():
    suppress = Suppress(5)
    everyone = _info(120, 40, 80, 0, 120)  # all declared
    assert _respondents_phrase(everyone, suppress) == "120 respondents (40 on behalf of organisations, 80 as individuals)"
    assert _sides_sentence(everyone) == ""
    placed = _info(125, 40, 75, 10, 100)  # 25 did not declare; their sector placed 15, 10 stay unknown
    assert _respondents_phrase(placed, suppress) == ("125 respondents (40 on behalf of organisations, 75 as "
                                                     "individuals, 10 did not say)")
    sentence = _sides_sentence(placed)
    assert sentence.startswith(" Respondents who did not say whether they responded for an organisation are "
                               "counted as their sector indicates") and sentence.endswith(", where either does.")
    all_placed = _info(125, 40, 85, 0, 100)
    assert _sides_sentence(all_placed).endswith("organisation's name).")
    # a small "did not say" goes with the individuals, as before
    assert "as individuals or did not say" in _respondents_phrase(_info(125, 40, 82, 3, 122), suppress)


def _report(disagreements: int = 105, waiting: dict[str, int] | None = None) -> AgreementReport:
    overall = CodeAgreement("", 2_635, 0.802, 0.8021, 0.96, 0.85, applied=597)
    return AgreementReport(coders=["ann", "ben"], answers=146, codes=[], overall=overall,
                           disagreements=[Disagreement(f"r{i}", "c", ["ann"], ["ben"]) for i in range(disagreements)],
                           waiting=waiting or {}, assigned=146 + sum((waiting or {}).values()))


def test_agreement_paragraph_gives_the_annexs_overall_figures(project):  # type: ignore[no-untyped-def]
    text = agreement_paragraph(project, _report(), names=True)
    assert text.startswith("146 answers were coded blind by two analysts each (ann, ben). Over the 2,635 units")
    for figure in ("agreed on 96.0%", "kappa (mean over coder pairs) was 0.80", "alpha 0.80", "F1 0.85",
                   "disagreed on 105 units; the lead has decided none of them"):
        assert figure in text, figure
    assert "Not yet compared" not in text
    waiting = agreement_paragraph(project, _report(0, {"ben": 138}), names=True)
    assert "disagreed on no unit." in waiting
    assert "Not yet compared: 138 of the 284 answers assigned to two analysts" in waiting


@pytest.fixture
def lead(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(N), SURVEY_HEADER)])
        for name in ("Funding", "Schools", "Transport", "Nothing to code"):
            codebook.create_code(project, name)
    return path


def _paragraphs(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_a_double_coded_project_has_its_agreement_in_the_report(lead, tmp_path):  # type: ignore[no-untyped-def]
    with _open(lead, "lena") as project:
        export_report(project, tmp_path / "none.docx", redact=True)
    assert "Agreement between coders" not in _paragraphs(tmp_path / "none.docx")  # nothing double-coded
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, overlap=1.0, seed=4)
    for name, rule in (("ulla", _alice), ("vik", _bob)):
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, rule)
    with _open(lead, "lena") as project:
        merge.merge(project, [out / "ulla.consult", out / "vik.consult"])
        report = agreement.agreement(project)
        export_report(project, tmp_path / "r.docx", redact=True)
    paragraphs = _paragraphs(tmp_path / "r.docx")
    at = paragraphs.index("Agreement between coders", paragraphs.index("What was reviewed", 8))
    text = paragraphs[at + 1]
    assert text.startswith(f"{report.answers:,} answers were coded blind by two analysts each (Analyst ")
    assert f"{report.overall.n:,} units" in text and f"{report.overall.percent_agreement:.1%}" in text
    assert f"was {report.overall.kappa:.2f}" in text and "ulla" not in text and "vik" not in text  # published: numbered
