"""The questionnaire and its theme banks.

The questions follow the chapters of the 2018 Integrated Communities Strategy green paper but are
worded for this sample. Each open or hybrid question lists the themes people raise in answer;
theme wording lives in :mod:`themes_a`, :mod:`themes_b` and :mod:`themes_c`.
"""

from __future__ import annotations

from sample_responses.schema import Question, Theme, lean
from sample_responses.themes_a import THEMES_A
from sample_responses.themes_b import THEMES_B
from sample_responses.themes_c import THEMES_C

THEMES: dict[str, Theme] = {t.key: t for t in (*THEMES_A, *THEMES_B, *THEMES_C)}

AGREE_Q = "To what extent do you agree"

QUESTIONS: list[Question] = [
    Question("Q1", "hybrid", "Vision", "Please explain your answer",
             f"{AGREE_Q} with the vision of integrated communities described in this green paper?",
             ("shared_vision_support", "two_way_street", "british_values", "vague_unclear", "muslim_focus_concern",
              "funding_cuts", "immigration_levels", "faith_positive"),
             lean("*=3.7 ind=3.25 faith=3.4 acad=3.1 vcs=3.4 la=3.9 police=4.1 pub=4.0 bus=3.9"), 0.88),
    Question("Q2", "open", "Local leadership",
             "What should local leaders, such as councils, faith leaders and employers, do to build integrated communities in their area?",
             themes=("partnership_working", "listen_to_residents", "visible_leadership", "local_data",
                     "representative_leadership", "faith_positive", "funding_cuts"), answer_rate=0.5),
    Question("Q3", "hybrid", "Integration areas", "Please explain your answer",
             f"{AGREE_Q} that the government should work closely with a small number of integration areas to try out new approaches?",
             ("pilots_support", "share_learning", "whole_country", "stigma_areas", "local_flexibility", "area_candidate",
              "funding_cuts"),
             lean("*=3.5 ind=3.1 la=3.6 acad=3.6 pub=3.7"), 0.74),
    Question("Q4", "closed", "Local leadership", "",
             f"{AGREE_Q} that every public body should consider integration when it plans and delivers services?",
             lean=lean("*=3.9 ind=3.4 la=4.1 pub=4.2 police=4.3 health=4.0 faith=3.6 bus=3.6"), answer_rate=0.76),
    Question("Q5", "open", "New migrants",
             "What information or practical help would make it easier for people arriving in the UK to settle and play a full part in their community?",
             themes=("welcome_pack", "esol_early", "befriending", "services_navigation", "asylum_right_to_work",
                     "migrant_employment", "local_orientation", "refugee_mental_health", "funding_cuts"), answer_rate=0.5),
    Question("Q6", "hybrid", "New migrants", "Please explain your answer",
             f"{AGREE_Q} that integration is a two-way street, asking something of both people who have recently arrived and those already living here?",
             ("two_way_street", "host_responsibility", "newcomer_responsibility", "assimilation_concern",
              "british_born_minorities", "structural_barriers", "immigration_levels"),
             lean("*=3.9 ind=3.9 acad=3.0 vcs=3.5 faith=3.7"), 0.72),
    Question("Q7", "hybrid", "Education and young people", "Please explain your answer",
             f"{AGREE_Q} that schools should give pupils regular chances to meet and mix with young people from other backgrounds?",
             ("school_linking", "citizenship_curriculum", "faith_schools_divisive", "faith_schools_defend",
              "admissions_housing", "schools_overstretched", "sport_arts_mixing", "parent_involvement"),
             lean("*=4.0 edu=3.7 faith=3.5 ind=3.9"), 0.7),
    Question("Q8", "open", "Education and young people",
             "How should supplementary schools, Sunday schools, madrassahs and other out-of-school settings be supported and overseen so that children are safe and well prepared for life in modern Britain?",
             themes=("oos_registration", "oos_regulation_concern", "safeguarding_support", "supplementary_value",
                     "youth_services", "religious_freedom", "existing_powers"), answer_rate=0.42),
    Question("Q9", "closed", "Education and young people", "",
             f"{AGREE_Q} that new schools, including free schools and academies, should have to show how they will attract pupils from a range of backgrounds?",
             lean=lean("*=3.5 faith=2.8 edu=3.2 ind=3.6 la=3.8 acad=3.7"), answer_rate=0.66),
    Question("Q10", "hybrid", "English language", "Please explain your answer",
             f"{AGREE_Q} that helping people to speak English should be treated as a national priority?",
             ("english_key", "esol_funding", "women_english_isolation", "mother_tongue_value", "english_not_compulsory",
              "most_speak_english", "interpreting_services"),
             lean("*=4.0 ind=4.2 acad=3.3 vcs=3.7 health=3.6"), 0.7),
    Question("Q11", "open", "English language",
             "What are the main barriers that stop people from learning English, and how could they be overcome?",
             themes=("childcare_creche", "free_classes", "class_times_places", "waiting_lists", "conversation_clubs",
                     "confidence_family", "workplace_english", "online_learning", "esol_funding"), answer_rate=0.42),
    Question("Q12", "open", "Places and community",
             "Which places, activities or projects in your area do most to bring people from different backgrounds together, and how could they be supported?",
             themes=("community_centres_libraries", "sport_clubs", "festivals_events", "interfaith_activity",
                     "food_sharing", "volunteering", "parks_public_spaces", "arts_culture", "funding_cuts"), answer_rate=0.42),
    Question("Q13", "closed", "Places and community", "",
             f"{AGREE_Q} that people from different backgrounds get on well together in your local area?",
             lean=lean("*=3.5 ind=3.1 la=3.7 police=3.6 faith=3.7"), answer_rate=0.64),
    Question("Q14", "hybrid", "Economic opportunity", "Please explain your answer",
             f"{AGREE_Q} that extra help is needed for women from some minority communities who face barriers to work?",
             ("childcare_work", "women_targeted_support", "family_expectations", "employer_discrimination",
              "women_stereotyping", "support_for_all", "flexible_work"),
             lean("*=3.7 ind=3.2 faith=3.4 acad=3.4 vcs=3.9"), 0.62),
    Question("Q15", "open", "Economic opportunity",
             "What could employers, Jobcentres and training providers do to widen access to jobs for people in isolated or disadvantaged communities?",
             themes=("fair_recruitment", "apprenticeships", "jobcentre_outreach", "transport_access",
                     "qualification_recognition", "local_hiring", "skills_training", "universal_credit"), answer_rate=0.36),
    Question("Q16", "hybrid", "Rights and freedoms", "Please explain your answer",
             f"{AGREE_Q} with the proposals to protect people from practices that limit their rights and freedoms, such as forced marriage and marriages that are not legally recognised?",
             ("forced_marriage_action", "marriage_registration", "sharia_councils", "victim_support", "religious_freedom",
              "existing_law_enough", "muslim_focus_concern"),
             lean("*=3.9 faith=3.1 ind=3.8 police=4.4 acad=3.3"), 0.6),
    Question("Q17", "open", "Rights and freedoms",
             "How can people be better supported to understand their rights and to report hate crime and discrimination?",
             themes=("hate_crime_reporting", "police_response", "rights_education", "online_hate", "media_rhetoric",
                     "advice_services", "named_hatreds", "victim_support"), answer_rate=0.34),
    Question("Q18", "closed", "Measuring success", "",
             f"{AGREE_Q} that there should be a shared set of measures to track progress on integration, nationally and locally?",
             lean=lean("*=3.6 ind=3.2 la=3.7 acad=3.9 pub=3.9 faith=3.3"), answer_rate=0.6),
    Question("Q19", "open", "Measuring success",
             "How would you know that your area had become more integrated? What should be measured?",
             themes=("measure_mixing", "belonging_trust_surveys", "outcome_gaps", "qualitative_evidence",
                     "independent_evaluation", "hate_crime_data", "english_proficiency_data", "cannot_measure"), answer_rate=0.33),
    Question("Q20", "open", "Other comments",
             "Is there anything else you would like to say about the proposals in this green paper?",
             themes=("funding_cuts", "muslim_focus_concern", "immigration_levels", "faith_positive", "religious_freedom",
                     "consultation_process", "overall_support", "housing_segregation", "two_way_street", "vague_unclear",
                     "oos_regulation_concern"),
             answer_rate=0.4),
]
QUESTION_BY_KEY = {q.key: q for q in QUESTIONS}

# Shared slots used by theme templates; the speaker's context (pronouns, town) comes first.
LEXICON = {
    "migrants": "{new arrivals|newcomers|new migrants|recent migrants|people new to the country|refugees and other new arrivals|people arriving from abroad}",
    "esol": "{ESOL|ESOL classes|English classes|English lessons|English language classes|English courses|language classes}",
    "funding": "{funding|money|investment|resources}",
    "area": "{<our> area|<our> town|<place>|<our> community|<our> neighbourhood}",
}


def closed_header(q: Question) -> str:
    """The survey column header of a question's tick-box part."""
    return f"{q.key}. {q.closed_text}"


def open_header(q: Question) -> str:
    """The survey column header of a question's free-text part."""
    return f"{q.key}. {q.text}"


def survey_question_columns() -> list[tuple[str, str, str]]:
    """(header, question key, "closed"|"open") for every question column, in survey order."""
    cols = []
    for q in QUESTIONS:
        if q.kind in ("closed", "hybrid"):
            cols.append((closed_header(q), q.key, "closed"))
        if q.kind in ("open", "hybrid"):
            cols.append((open_header(q), q.key, "open"))
    return cols


def check_banks() -> None:
    """Fail loudly if a question names a theme that does not exist (run by the tests)."""
    for q in QUESTIONS:
        for key in q.themes:
            if key not in THEMES:
                raise KeyError(f"{q.key} names unknown theme {key!r}")
        if q.kind != "closed" and not 6 <= len(q.themes) <= 12:
            raise ValueError(f"{q.key} should have 6-12 themes, has {len(q.themes)}")
