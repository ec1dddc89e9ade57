"""Trial 39 (finding 4): `sectors --set <3 ids of National Jewish Health> health_care` withdrew the whole faith
rule, and "Unitarian Congregations" left Faith with it (53 faith groups -> 0). A rule's evidence is counted by
organisation (its normalised name), not by respondent: three respondents of one organisation are one exception.
And where the labels show one of a rule's patterns wrong, that pattern alone is withdrawn; where they show the rule
wrong, the patterns that account for its wrong organisations are (trial 43)."""

from __future__ import annotations

from consult_analyser.pipeline.sectors.locale import SeedCheck
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures
from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy
from consult_analyser.pipeline.sectors.thresholds import RULE_SHOWN_WRONG

US = SeedCheck(False, "the answers name the United States far more often than the UK", "the United States")
# invented names the faith rule places by its "Jewish" pattern, and faith bodies it places by others
_JEWISH = ["Jewish Film Week", "Jewish Book Week Norwich", "Jewish Arts Festival Hadley", "Jewish Heritage Walks",
           "Jewish Genealogy Circle"]
_OTHER_FAITH = ["Unitarian Congregations", "St Anne's Catholic Church", "Eastside Mosque", "Hillview Gurdwara"]


def _session(features: list[RespondentFeatures]) -> SectorSession:
    return SectorSession(features, default_taxonomy(general=True), seed=None, seed_check=US)


def _features(repeated: str = "", times: int = 0) -> list[RespondentFeatures]:
    out = [RespondentFeatures(f"same-{i}", organisation=repeated, is_organisation=True) for i in range(times)]
    out += [RespondentFeatures(f"j-{i}", organisation=n, is_organisation=True) for i, n in enumerate(_JEWISH)]
    out += [RespondentFeatures(f"f-{i}", organisation=n, is_organisation=True) for i, n in enumerate(_OTHER_FAITH)]
    return out


def test_three_respondents_of_one_organisation_are_one_piece_of_evidence():
    features = _features("Jewish Community Bulletin", times=5)
    # the trial's corrections: three respondents of one organisation, spelled as a docket spells them
    features[1].organisation, features[2].organisation = "JEWISH COMMUNITY BULLETIN.", "The Jewish Community Bulletin"
    labels = {f"same-{i}": "voluntary_community" for i in range(RULE_SHOWN_WRONG)}
    results = {r.respondent_id: r for r in _session(features).run(labels)}
    for i in range(len(_OTHER_FAITH)):
        assert (results[f"f-{i}"].sector, results[f"f-{i}"].detail) == ("faith", "rule:faith")
    for i in range(len(_JEWISH)):  # the pattern itself stands too: one organisation is one exception
        assert (results[f"j-{i}"].sector, results[f"j-{i}"].detail) == ("faith", "rule:faith")
    # the corrected organisation's other respondents go with the analyst's choice
    assert {results[f"same-{i}"].sector for i in range(5)} == {"voluntary_community"}


def test_a_pattern_shown_wrong_on_several_organisations_is_withdrawn_alone():
    labels = {f"j-{i}": "voluntary_community" for i in range(RULE_SHOWN_WRONG)}
    results = {r.respondent_id: r for r in _session(_features()).run(labels)}
    # "Jewish" no longer files the uncorrected names under Faith ...
    rest = [results[f"j-{i}"] for i in range(RULE_SHOWN_WRONG, len(_JEWISH))]
    assert rest and all(r.detail != "rule:faith" for r in rest)
    # ... while the rule's other patterns go on placing the congregations, the church, the mosque, the gurdwara
    for i in range(len(_OTHER_FAITH)):
        assert (results[f"f-{i}"].sector, results[f"f-{i}"].detail) == ("faith", "rule:faith")
        assert results[f"f-{i}"].confidence >= 0.8


def test_wrong_on_several_patterns_withdraws_those_patterns_alone():
    """Three faith bodies corrected, each matched by other patterns: the patterns that account for them are withdrawn
    (another "... Mosque" is no longer Faith by the rule), the rule's others stand (trial 43: the corrections of two
    associations and an agency whose names held "Business" and "Builders" had withdrawn every pattern of the business
    rule, and 63 banks and companies fell to unclassified)."""
    features = _features() + [RespondentFeatures("m-0", organisation="Northgate Mosque", is_organisation=True)]
    labels = {"f-0": "voluntary_community", "f-1": "voluntary_community", "f-2": "voluntary_community"}
    results = {r.respondent_id: r for r in _session(features).run(labels)}
    assert results["m-0"].detail != "rule:faith"
    assert (results["f-3"].sector, results["f-3"].detail) == ("faith", "rule:faith")
    assert all(results[f"j-{i}"].detail == "rule:faith" for i in range(len(_JEWISH)))


def test_a_pattern_shown_wrong_and_another_corrected_once_are_withdrawn_the_rest_stands():
    """Three "Jewish" names and a congregation corrected: the rule is shown wrong; "Jewish" and the congregation's
    patterns account for it and are withdrawn, and the church, the mosque and the gurdwara stay Faith."""
    labels = {f"j-{i}": "voluntary_community" for i in range(RULE_SHOWN_WRONG)} | {"f-0": "voluntary_community"}
    results = {r.respondent_id: r for r in _session(_features()).run(labels)}
    assert all(results[f"j-{i}"].detail != "rule:faith" for i in range(RULE_SHOWN_WRONG, len(_JEWISH)))
    assert all(results[f"f-{i}"].detail == "rule:faith" for i in range(1, len(_OTHER_FAITH)))
