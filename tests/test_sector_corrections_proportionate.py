"""An analyst's few corrections among a rule's respondents change those respondents only: the rule's other
placements are withdrawn only when the labels show it wrong on several of the respondents it matched, and on
most of those labelled (session_rules.shown_wrong)."""

from __future__ import annotations

from collections import Counter

import pytest

from consult_analyser.pipeline.sectors.locale import SeedCheck
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures
from consult_analyser.pipeline.sectors.session_rules import shown_wrong
from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy
from consult_analyser.pipeline.sectors.thresholds import RULE_SHOWN_WRONG

# invented names: companies and non-profits whose names say nothing but "Inc."
_FIRMS = ["Quillon, Inc.", "Tamarack, Inc.", "Zephyrine, Inc.", "Calder Brothers, Inc.", "Orvane, Inc.",
          "Brisket & Bell, Inc.", "Kestrel Point, Inc.", "Marrowfield, Inc.", "Dunmore Grain, Inc.", "Pellucid, Inc."]
_NON_PROFITS = ["Hope Harbor, Inc.", "Open Door Pantry, Inc.", "Second Wind, Inc.", "Bright Futures Now, Inc."]
_TEXT = "We write about the proposed rule and its effect on households across the United States of America."
US = SeedCheck(False, "the answers name the United States far more often than the UK", "the United States")


def _features() -> list[RespondentFeatures]:
    out = [RespondentFeatures(f"firm-{i}", organisation=name, text=_TEXT) for i, name in enumerate(_FIRMS)]
    out += [RespondentFeatures(f"npo-{i}", organisation=name, text=_TEXT) for i, name in enumerate(_NON_PROFITS)]
    return out


@pytest.fixture(scope="module")
def session() -> SectorSession:
    return SectorSession(_features(), default_taxonomy(general=True), seed=None, seed_check=US)


def _by_id(results):
    return {r.respondent_id: r for r in results}


def test_the_inc_rule_places_every_one_of_them_before_any_correction(session):
    results = _by_id(session.run({}))
    assert all(r.sector == "business" and r.detail == "rule:incorporated" for r in results.values())


def test_two_corrections_change_the_corrected_respondents_only(session):
    results = _by_id(session.run({"npo-0": "voluntary_community", "npo-1": "voluntary_community"}))
    assert results["npo-0"].source == results["npo-1"].source == "analyst"
    for i in range(len(_FIRMS)):  # the firms the rule placed keep their sector, by the rule
        r = results[f"firm-{i}"]
        assert (r.sector, r.source, r.detail) == ("business", "rules", "rule:incorporated")
        assert r.confidence >= session.min_rule_confidence
    # the uncorrected non-profits too: two exceptions are not evidence that "Inc" means no business here
    assert results["npo-2"].sector == "business"


def test_several_corrections_that_are_most_of_those_checked_withdraw_the_rule(session):
    labels = {f"npo-{i}": "voluntary_community" for i in range(RULE_SHOWN_WRONG)}
    results = _by_id(session.run(labels))
    # shown wrong on 3 of the 3 checked: "Inc" files nobody under Business now (what the labels say it means
    # here, non-profits, it may go on to say, as any rule's labels re-target it)
    placed = Counter((r.sector, r.detail) for rid, r in results.items() if rid not in labels)
    assert placed[("business", "rule:incorporated")] == 0


def test_corrections_outweighed_by_confirmations_leave_the_rule_standing(session):
    labels = {f"npo-{i}": "voluntary_community" for i in range(RULE_SHOWN_WRONG)}
    labels.update({f"firm-{i}": "business" for i in range(RULE_SHOWN_WRONG + 1)})  # most of those checked are right
    results = _by_id(session.run(labels))
    rest = [results[f"firm-{i}"] for i in range(RULE_SHOWN_WRONG + 1, len(_FIRMS))]
    assert rest and all(r.detail == "rule:incorporated" and r.sector == "business" for r in rest)


def test_a_uk_consultation_is_held_to_the_same_rule():
    features = [RespondentFeatures(f"c-{i}", organisation=f"{place} Parish Council")
                for i, place in enumerate(["Ashby", "Brent Knoll", "Cley", "Dunsop", "Elsted", "Fulbeck"])]
    session = SectorSession(features, default_taxonomy(), seed=None, seed_check=SeedCheck(True, "UK"))
    results = _by_id(session.run({"c-0": "voluntary_community"}))  # one parish council filed otherwise
    assert all(results[f"c-{i}"].sector == "local_authority" for i in range(1, 6))


@pytest.mark.parametrize(("seen", "sector", "wrong"), [
    (Counter({"voluntary_community": 2}), "business", False),  # too few
    (Counter({"voluntary_community": 3}), "business", True),  # several, and all of those checked
    (Counter({"voluntary_community": 3, "business": 3}), "business", False),  # not most
    (Counter({"voluntary_community": 4, "business": 3}), "business", True),
    (Counter({"business": 9}), "business", False),
    (Counter(), "business", False),
])
def test_shown_wrong(seen, sector, wrong):
    assert shown_wrong(seen, sector) is wrong
