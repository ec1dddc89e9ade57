"""The sector check: known sectors hidden a fold at a time, placed again, compared with a baseline."""

from __future__ import annotations

import random

from openpyxl import load_workbook

from consult_analyser.actions.sectors import SetSector
from consult_analyser.cli import main as cli
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.check import check_sectors, describe_check, known_sectors
from consult_analyser.pipeline.sectors.declared import complete_declared, taxonomy_from_labels
from consult_analyser.pipeline.sectors.rules import RespondentFeatures
from consult_analyser.pipeline.sectors.run import check_project, choose_taxonomy, load_features
from consult_analyser.store import checks, responses
from consult_analyser.store.project import Project
from tests.conftest import write_survey

KINDS = {
    "Local authority": ["{} Borough Council", "{} County Council", "{} District Council"],
    "Charity": ["{} Community Trust", "Friends of {} Charity", "{} Food Bank"],
    "Business": ["{} Ltd", "{} Holdings plc", "{} Trading Limited"],
}
PLACES = ["Ashby", "Brennan", "Corley", "Dunmore", "Elston", "Fenwick", "Garston", "Harlow", "Ilford", "Jarrow",
          "Kirkby", "Lindqvist", "Marston", "Norwood", "Okafor"]


def _respondents(n_per_kind: int = 12) -> tuple[list[RespondentFeatures], list[str]]:
    features = []
    for kind, patterns in KINDS.items():
        for i in range(n_per_kind):
            name = patterns[i % len(patterns)].format(PLACES[i % len(PLACES)])
            features.append(RespondentFeatures(f"{kind[:3]}{i}", organisation=name, declared_type=kind,
                                               is_organisation=True))
    return features, list(KINDS)


def test_names_that_say_the_sector_are_placed_again_when_the_declared_type_is_hidden():
    features, labels = _respondents()
    taxonomy = complete_declared(taxonomy_from_labels(labels), {f.declared_type for f in features})
    known = known_sectors(features, taxonomy)
    assert len(known) == len(features)
    check = check_sectors(features, taxonomy, known, folds=4)
    assert check.n == len(features) and set(check.ours) == set(check.truth) == set(check.baseline)
    assert check.accuracy() >= 0.9
    assert {c.label for c in check.classes()} == set(labels)
    assert "Checked against 36 respondents" in describe_check(check.summary())[0]


def test_a_hidden_declared_type_does_not_leak_into_its_own_prediction():
    # names that say nothing: a model that saw the hidden types would still score 100 %
    rng = random.Random(3)
    kinds = ["Alpha group", "Beta group"]
    features = [RespondentFeatures(f"r{i}", organisation=f"Respondent number {i}", declared_type=rng.choice(kinds))
                for i in range(60)]
    taxonomy = complete_declared(taxonomy_from_labels(kinds), set(kinds))
    check = check_sectors(features, taxonomy, known_sectors(features, taxonomy), folds=5)
    assert check.n == 60
    assert check.accuracy() < 0.8 and check.accuracy("baseline") < 0.8


def test_a_sector_with_fewer_known_respondents_than_folds_is_listed_not_scored():
    features, labels = _respondents()
    features.append(RespondentFeatures("tu1", organisation="Okafor Workers Union", declared_type="Trade union"))
    taxonomy = complete_declared(taxonomy_from_labels([*labels, "Trade union"]),
                                 {f.declared_type for f in features})
    check = check_sectors(features, taxonomy, known_sectors(features, taxonomy), folds=4)
    assert check.too_few == {"Trade union": 1} and "tu1" not in check.truth
    assert "Not scored" in "\n".join(describe_check(check.summary()))


def test_with_one_sector_known_there_is_nothing_to_check():
    features = [RespondentFeatures(f"r{i}", organisation=f"Okafor {i} Borough Council", declared_type="Local authority")
                for i in range(12)]
    taxonomy = complete_declared(taxonomy_from_labels(["Local authority", "Charity"]), {"Local authority"})
    check = check_sectors(features, taxonomy, known_sectors(features, taxonomy), folds=4)
    assert check.n == 0
    assert describe_check(check.summary())[0].startswith("Nothing to check against")


def _consultation(tmp_path) -> Project:
    header = ["Response ID", "Organisation name", "Respondent type", "Q1. Your views?"]
    features, _ = _respondents(10)
    rows = [[f"R{i}", f.organisation, f.declared_type, "We support the proposal."] for i, f in enumerate(features)]
    rows.append(["R-extra", "Harlow Trading Limited", "", "No comment on this."])
    project = Project.create(tmp_path / "check.consult")
    import_files(project, [write_survey(tmp_path / "typed.csv", rows, header)])
    return project


def test_the_check_counts_analyst_labels_keeps_its_figures_and_the_annex_cites_them(tmp_path, capsys):
    project = _consultation(tmp_path)
    try:
        extra = responses.respondent(project, "R-extra").id
        check = check_project(project, folds=5)
        assert check.n == 30 and extra not in check.truth
        # an analyst's label makes a respondent known too
        taxonomy = choose_taxonomy(project, load_features(project))
        business = next(k for k in taxonomy.keys if taxonomy.label(k) == "Business")
        SetSector(extra, business).apply(project)
        check = check_project(project, folds=5)
        assert check.n == 31 and check.truth[extra] == "Business"
        stored = checks.load(project, checks.SECTORS)
        assert stored["respondents"] == 31 and stored["by"] == project.actor and stored["at"]
        assert project.scalar("SELECT COUNT(*) FROM audit WHERE action = 'check_sectors'") == 2
        export_annex(project, tmp_path / "annex.xlsx")
    finally:
        project.close()
    cover = load_workbook(tmp_path / "annex.xlsx").worksheets[0]
    text = " ".join(str(c.value) for row in cover.iter_rows() for c in row if c.value)
    assert "with the known sectors of 31 respondents hidden" in text and "a plain baseline" in text

    assert cli(["-q", "sectors", str(tmp_path / "check.consult"), "--check", "3"]) == 0
    out = capsys.readouterr().out
    assert "Checked against 31 respondents" in out and "Plain baseline" in out and "in 3 rounds" in out
    assert cli(["-q", "sectors", str(tmp_path / "check.consult"), "--check", "1"]) == 1


def test_an_anonymous_survey_with_no_names_is_checked_not_refused():
    # a patient survey: declared types only, no name, organisation, metadata or answer text
    rng = random.Random(5)
    kinds = ["Patient", "Carer or relative"]
    features = [RespondentFeatures(f"p{i}", declared_type=rng.choice(kinds)) for i in range(40)]
    taxonomy = complete_declared(taxonomy_from_labels(kinds), set(kinds))
    check = check_sectors(features, taxonomy, known_sectors(features, taxonomy), folds=4)
    assert check.n == 40 and set(check.baseline) == set(check.truth)
    assert set(check.baseline.values()) <= set(kinds)  # the most common type, for want of anything else
    text = "\n".join(describe_check(check.summary()))
    if check.accuracy() <= check.summary()["commonest_share"]:  # says that the figures are a guess's
        assert "Giving everyone the commonest sector would place" in text


def test_a_check_no_better_than_the_commonest_sector_says_so():
    """An anonymous patient survey: 48% placed right where giving everyone 'Patient' places 69%."""
    from consult_analyser.pipeline.sectors.check import check_paragraphs

    figures = {"respondents": 2500, "folds": 5, "macro_f1": 0.24, "accuracy": 0.48, "left_for_review": 94,
               "decided_accuracy": 0.5, "baseline_macro_f1": 0.21, "baseline_accuracy": 0.69, "commonest_share": 0.69}
    before, _ = check_paragraphs(figures)
    assert any("commonest sector would place 69% right" in p for p in before)
    before, _ = check_paragraphs({**figures, "accuracy": 0.9})
    assert not any("commonest" in p for p in before)


def test_a_check_of_declared_individuals_and_a_few_corrections_is_not_cited():
    """A trial's form asked no organisation type: the check scored 2,063 declared individuals and 30 corrections
    (macro-F1 0.31, "keep to the declared ones"), and the annex Cover cited it, where the organisations the step
    had placed were 88% right."""
    from consult_analyser.pipeline.sectors.check import check_paragraphs, check_sentence

    figures = {"respondents": 2093, "folds": 5, "macro_f1": 0.31, "accuracy": 0.88, "left_for_review": 40,
               "decided_accuracy": 0.9, "baseline_macro_f1": 0.2, "baseline_accuracy": 0.98, "commonest_share": 0.98,
               "organisations": 16}
    before, _ = check_paragraphs(figures)
    assert any("Only 16 of them are organisations" in p for p in before)
    assert not any("keep to the declared ones" in p for p in before)
    assert check_sentence(figures) == ""
    assert check_sentence({**figures, "organisations": 400}).startswith("Sectors not declared were checked")
    assert check_sentence({**figures, "organisations": 0}).startswith("Sectors not declared were checked")
