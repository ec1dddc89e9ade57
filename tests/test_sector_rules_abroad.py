"""Rules that rest on UK usage decide only where that usage holds (rules.toml's ``where``, read against the locale
check that stops the UK seed model); "Inc" never beats a name's own words for its kind of body; a union of people
is an association. All names are invented."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.sectors.locale import SeedCheck, country_key, seed_applies
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy

RULES = SectorRules.default()
UK = SeedCheck(True, "nothing says this is not a UK consultation")
US = SeedCheck(False, "the answers name the United States far more often than the UK", "the United States")
AUSTRALIA = SeedCheck(False, "the answers name Australia far more often than the UK", "Australia")
ELSEWHERE = SeedCheck(False, "only 20% of the answers are in English")

NAMES = ["Marshfield Wetlands Council", "Tri-Valley Rivers Council", "Western Governors Forum",
         "Office of the Governor's Advisor on Water", "Center for Coastal Policy", "Harbourside Research Group",
         "Kelso Vale Council", "St Bride's Board of Governors"]


def _placed(check: SeedCheck, names=NAMES) -> dict[str, tuple[str, str]]:
    features = [RespondentFeatures(f"r{i}", organisation=name) for i, name in enumerate(names)]
    session = SectorSession(features, default_taxonomy(general=True), seed=None, seed_check=check)
    return {names[int(r.respondent_id[1:])]: (r.sector, r.detail) for r in session.run({})}


@pytest.fixture(scope="module")
def placed_us():
    return _placed(US)


@pytest.fixture(scope="module")
def placed_uk():
    return _placed(UK)


def test_holds():
    assert UK.holds(["uk"]) and UK.holds([]) and not UK.holds(["united states"])
    assert not US.holds(["uk", "ireland", "australia"]) and US.holds(["united states"]) and US.holds([])
    assert AUSTRALIA.holds(["uk", "australia"]) and not AUSTRALIA.holds(["uk"])
    assert not ELSEWHERE.holds(["uk"]) and ELSEWHERE.holds([])  # no country known: only rules of no place
    assert country_key("the United States") == "united states" and country_key("United Kingdom") == "uk"


def test_the_locale_check_names_the_country():
    us = [RespondentFeatures(f"r{i}", text="Americans across the United States deserve a rule that protects "
                                            "consumers and small lenders alike from abuse") for i in range(25)]
    au = [RespondentFeatures(f"r{i}", text="Australians across Australia deserve a framework that protects "
                                            "consumers and small firms alike from harm") for i in range(25)]
    assert (seed_applies(us).applies, seed_applies(us).country) == (False, "the United States")
    assert seed_applies(au).country == "Australia"
    assert seed_applies([RespondentFeatures("r", organisation="Leeds City Council")]).applies


def test_a_council_is_a_local_authority_where_the_uk_usage_holds(placed_uk):
    assert placed_uk["Marshfield Wetlands Council"][0] == "local_authority"
    assert placed_uk["Kelso Vale Council"] == ("local_authority", "rule:council_generic")
    assert _placed(AUSTRALIA, ["Kelso Vale Council"])["Kelso Vale Council"][0] == "local_authority"


def test_a_council_is_no_local_authority_in_a_us_consultation(placed_us):
    for name in ("Marshfield Wetlands Council", "Tri-Valley Rivers Council", "Kelso Vale Council"):
        assert placed_us[name][0] != "local_authority"
        assert "council_generic" not in placed_us[name][1]


def test_governors_are_a_schools_only_in_the_uk(placed_us, placed_uk):
    assert placed_uk["St Bride's Board of Governors"][0] == "education"
    assert placed_us["Western Governors Forum"][0] != "education"
    assert placed_us["Office of the Governor's Advisor on Water"][0] == "other_public_body"


def test_centre_for_and_research_group_are_academic_only_where_that_usage_holds(placed_us, placed_uk):
    assert placed_uk["Center for Coastal Policy"][0] == "academic_research"
    assert placed_uk["Harbourside Research Group"][0] == "academic_research"
    assert placed_us["Center for Coastal Policy"][0] != "academic_research"
    assert placed_us["Harbourside Research Group"][0] != "academic_research"


def test_a_rule_of_uk_usage_is_still_a_feature_abroad():
    hits = RULES.hits(RespondentFeatures("r", organisation="Marshfield Wetlands Council"))
    assert [h.rule for h in hits] == ["council_generic"] and hits[0].where


def test_a_declared_type_is_not_questioned_by_a_rule_of_uk_usage_abroad():
    features = [RespondentFeatures("r0", organisation="Greyhaven Board of Governors", declared_type="Non-profit")]
    for check, flagged in ((US, False), (UK, True)):
        session = SectorSession(features, default_taxonomy(general=True), seed=None, seed_check=check)
        (result,) = session.run({})
        assert result.sector == "voluntary_community" and bool(result.review) is flagged, check


def _sector(name: str) -> str:
    hits = RULES.hits(RespondentFeatures("r", organisation=name))
    return hits[0].sector if hits else ""


@pytest.mark.parametrize(("name", "sector"), [
    ("Quillon, Inc.", "business"),
    ("Pellucid Incorporated", "business"),
    ("Riverbend Historical Society, Inc.", "voluntary_community"),
    ("Pinecrest Legal Services, Inc.", "voluntary_community"),
    ("Lakeshore Tenants Law Center, Inc.", "voluntary_community"),
    ("Bayview Youth Ministry, Inc.", "faith"),
    ("Crestline Foundation Inc", "voluntary_community"),
    ("Upland Prairie Coalition, Inc.", "voluntary_community"),
    ("Mesa Verde Birding Association, Inc.", "voluntary_community"),
])
def test_inc_does_not_beat_the_names_own_body_words(name, sector):
    assert _sector(name) == sector


def test_inc_beside_a_body_word_is_no_business_anywhere():
    for name in ("Harlow Valley Institute, Inc.", "Tri-State Conservation Council, Inc.", "Civic Data Center Inc."):
        assert all(h.rule != "incorporated" for h in RULES.hits(RespondentFeatures("r", organisation=name)))


def test_a_ministry_of_government_stays_a_public_body():
    assert _sector("Ministry of Coastal Affairs") == "other_public_body"
    assert _sector("Health Ministry") == "other_public_body"


@pytest.mark.parametrize(("name", "sector"), [
    ("Union of Concerned Engineers", "voluntary_community"),
    ("Union of Independent Cartographers", "voluntary_community"),
    ("Union of Rural Midwives", "voluntary_community"),
    ("National Union of Students", "voluntary_community"),
    ("Union of Textile Workers", "trade_union"),
    ("Union of Ceramic Manufacturers", "business_association"),
    ("Union of Alpine Municipalities", "local_authority"),
])
def test_a_union_of_people_is_an_association(name, sector):
    assert _sector(name) == sector
