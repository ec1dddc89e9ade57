"""Trial 39 (US rulemaking comments, finding 4): the sector rules read a US consultation's bodies as the UK
taxonomy offers them. "National Jewish Health", a hospital, was a faith group; environmental law clinics were
health care; "Harvard School Of Public Health" was an NHS body; state departments, a state board and a federal
institute were left unclassified; the Farm Bureau was a business. Each rule here is general usage, checked both
in a consultation read as from the United States and in a UK one."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.sectors.locale import SeedCheck
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures
from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy

US = SeedCheck(False, "the answers name the United States far more often than the UK", "the United States")
UK = SeedCheck(True, "nothing says this is not a UK consultation")


def _placed(names: list[str], check: SeedCheck) -> dict[str, tuple[str | None, str]]:
    """Each name's (sector, detail) as the rules alone place it, every respondent answering for an organisation."""
    features = [RespondentFeatures(f"r{i}", organisation=name, is_organisation=True) for i, name in enumerate(names)]
    session = SectorSession(features, default_taxonomy(general=True), seed=None, seed_check=check)
    results = {r.respondent_id: r for r in session.run({})}
    return {name: (results[f"r{i}"].sector, results[f"r{i}"].detail) for i, name in enumerate(names)}


# a faith's adjective before a health or social-care body's word names that kind of body
FAITH_NAMED = {
    "National Jewish Health": "health_care",  # trial 39: a respiratory hospital, 49 respondents, "Faith group"
    "Natl Jewish Ctr For Immunology And Respiratory Med": "health_care",
    "Baptist Health": "health_care",
    "Adventist Health System": "health_care",
    "Methodist Hospital": "health_care",
    "Catholic Charities": "voluntary_community",  # a charity serving the public: the taxonomy's voluntary sector
    "Jewish Family Services": "voluntary_community",
    "Lutheran Social Services": "voluntary_community",
    "Catholic University of America": "academic_research",
    # a faith's own bodies stay faith: congregations, a doctors' fellowship of a faith, a faith's council
    "Unitarian Congregations": "faith",
    "Christian Medical Fellowship": "faith",
    "St Anne's Catholic Church": "faith",
    "Jewish Council for Racial Equality": "faith",
}

# a law or legal clinic gives legal help; a university's is academic
LAW_CLINICS = {
    "Duke Environmental Law & Policy Clinic": "voluntary_community",  # trial 39: was "Health or care"
    "Envr. & Nat. Res. Law Clinic": "voluntary_community",
    "UVA Environmental and Regulatory Law Clinic": "voluntary_community",  # not a regulator either
    "Kent Law Clinic": "voluntary_community",
    "University Of Denver Envt'l Law Clinic": "academic_research",
    "Westside Dental Clinic": "health_care",  # other clinics are still health
}

# universities, however dockets abbreviate them; a school of public health is a university's, not the NHS
UNIVERSITIES = ["Harvard School Of Public Health", "Yale U School Of Med", "U Of Colorado School Of Med",
                "Columbia U", "U Of California", "Yale U", "State U Of New York At Buffalo", "Harvard Business School",
                "London School of Economics"]


@pytest.mark.parametrize("check", [US, UK], ids=["us", "uk"])
def test_a_faith_adjective_before_a_health_or_care_body_word_names_that_body(check):
    placed = _placed(list(FAITH_NAMED), check)
    assert {name: placed[name][0] for name in FAITH_NAMED} == FAITH_NAMED
    assert placed["National Jewish Health"][1] == "rule:faith_named_health"


@pytest.mark.parametrize("check", [US, UK], ids=["us", "uk"])
def test_a_law_clinic_is_legal_help_never_health(check):
    placed = _placed(list(LAW_CLINICS), check)
    assert {name: placed[name][0] for name in LAW_CLINICS} == LAW_CLINICS


@pytest.mark.parametrize("check", [US, UK], ids=["us", "uk"])
def test_university_schools_and_abbreviated_universities_are_academic(check):
    placed = _placed(UNIVERSITIES, check)
    assert {name: placed[name][0] for name in UNIVERSITIES} == dict.fromkeys(UNIVERSITIES, "academic_research")


def test_nhs_rules_speak_only_in_a_uk_consultation():
    """The NHS is the UK's: in trial 39's US consultation "... Public Health" was filed by rule:nhs_body."""
    names = ["NHS Lothian", "Leeds Clinical Commissioning Group", "Public Health Wales"]
    uk, us = _placed(names, UK), _placed(names, US)
    assert [uk[n] for n in names[:2]] == [("health_care", "rule:nhs_body")] * 2
    assert all(detail != "rule:nhs_body" for _sector, detail in us.values())
    # a public health body is one anywhere (its own rule, which holds everywhere)
    assert uk["Public Health Wales"][0] == us["Public Health Wales"][0] == "health_care"


def test_us_state_and_federal_bodies_are_public_bodies_only_where_the_consultation_is_american():
    names = ["Texas Parks And Wildlife Department", "Minnesota Environmental Quality Board", "Travis County",
             "National Institute For Occupational Safety And Health", "U.S. Fish and Wildlife Service",
             # a company's board or department, a county's football club in the UK
             "Texas Instruments Legal Department", "Acme Holdings Board", "Derby County"]
    us, uk = _placed(names, US), _placed(names, UK)
    assert us["Texas Parks And Wildlife Department"][0] == "other_public_body"
    assert us["Minnesota Environmental Quality Board"][0] == "other_public_body"
    assert us["Travis County"][0] == "local_authority"
    for name in ("National Institute For Occupational Safety And Health", "U.S. Fish and Wildlife Service"):
        assert us[name][0] == uk[name][0] == "other_public_body"  # named by the government itself: anywhere
    assert us["Texas Instruments Legal Department"][0] != "other_public_body"
    assert us["Acme Holdings Board"][0] != "other_public_body"
    # the US usage does not speak in a UK consultation: "Derby County" is a football club there
    assert uk["Derby County"][0] != "local_authority"
    assert uk["Minnesota Environmental Quality Board"][1] != "rule:us_state_body"


@pytest.mark.parametrize("check", [US, UK], ids=["us", "uk"])
def test_a_farm_bureau_is_a_farmers_membership_body_not_a_business(check):
    names = ["Farm Bureau", "Iowa Farm Bureau Federation", "National Farmers Union", "Hillside Farms Ltd"]
    placed = _placed(names, check)
    assert [placed[n][0] for n in names] == ["business_association"] * 3 + ["business"]
