"""A small, fully analysed project for the export tests (imported by the test_export_* files).

It has sectors from three sources, a two-level codebook, whole-answer and span codings, memos,
themes with assignments, a campaign, answers that look like spreadsheet formulas and planted
personal data.
"""

from __future__ import annotations

import csv
from pathlib import Path

from consult_analyser.domain import Sector, SectorAssignment, Source
from consult_analyser.store import codebook, codings, memos, sectors
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

HEADER = [
    "Response ID", "Are you responding as an individual or on behalf of an organisation?", "Your name",
    "Organisation name", "Email address", "Which of the following best describes your organisation?", "Region",
    "Q1. To what extent do you agree with the vision?", "Q1. Please explain your answer",
    "Q2. What should councils do to support integration?", "Q3. Should English classes be free?",
]
FORMULAS = ['=HYPERLINK("http://x","click")', "+1+1", "@SUM(A1)", "-2+3"]
PLANTED_EMAIL = "jane.doe@example.org"
PLANTED_PHONE = "07700 900123"
MODEL = "bertopic 0.17.4 + potion-base-8M"
CAMPAIGN_TEXT = "We support the Fair Funding for Communities campaign and ask for ring-fenced money."

ROWS = [
    ["R-001", "Individual", "Ann Example", "", "ann@example.com", "", "London", "Agree",
     "Communities should mix more through shared youth clubs and sport.", "Fund youth clubs and libraries.", "Yes"],
    ["R-002", "Organisation", "", "Anytown Borough Council", "policy@anytown.gov.uk", "Local authority",
     "North West", "Strongly agree", "Councils are best placed to lead local integration work.",
     "Long-term funding for integration areas, not short pots.", "Yes"],
    ["R-003", "Organisation", "", "St Mary's Parish Church", "vicar@stmarys.org.uk", "Faith group", "Wales",
     "Disagree", "Faith groups are left out of the strategy entirely.", FORMULAS[0], "No"],
    ["R-004", "Individual", "Bob Sample", "", "", "", "Scotland", "Neither agree nor disagree", FORMULAS[1],
     f"More English classes please. Contact me on {PLANTED_EMAIL} or {PLANTED_PHONE}, I am happy to help.",
     "Don't know"],
    ["R-005", "Individual", "", "", "", "", "London", "Agree", FORMULAS[2], CAMPAIGN_TEXT, "Yes"],
    ["R-006", "Organisation", "", "Northfield Academy Trust", "head@northfield.sch.uk", "School", "Yorkshire",
     "Agree", "Schools twinning works well and should be expanded to every town.", CAMPAIGN_TEXT, "Yes"],
    ["R-007", "Individual", "", "", "", "", "Wales", "Disagree", FORMULAS[3], CAMPAIGN_TEXT, "No"],
]

TAXONOMY = [Sector("individual", "Individual", False), Sector("local_authority", "Local authority"),
            Sector("faith", "Faith group"), Sector("education", "Education")]
SECTOR_OF = {"R-001": ("individual", Source.DECLARED, ""), "R-002": ("local_authority", Source.DECLARED, ""),
             "R-003": ("faith", Source.RULES, "keyword: church"), "R-004": ("individual", Source.DECLARED, ""),
             "R-005": ("individual", Source.MODEL, "sector-model 1.2"),
             "R-006": ("education", Source.MODEL, "sector-model 1.2"), "R-007": ("individual", Source.ANALYST, "")}


EMAIL = """From: Priya Shah <priya.shah@example.net>
To: integration@communities.gov.uk
Subject: Response to the integration consultation
Date: Mon, 14 May 2018 09:30:00 +0100
Content-Type: text/plain; charset="utf-8"

Dear team,

Our tenants' association believes English classes should be free for everyone.

Kind regards,
Priya Shah
"""


def write_emails(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "email-0001.eml").write_text(EMAIL, encoding="utf-8")
    return folder


def write_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(ROWS if rows is None else rows)
    return path


def answer_ids(project: Project) -> dict[tuple[str, str], str]:
    """(external id, question key) -> answer id."""
    return {k: v[0] for k, v in codings.response_lookup(project).items()}


def build_project(tmp_path: Path, name: str = "exp.consult") -> Project:
    """Import the rows and add sectors, codes, codings, memos, themes and a campaign."""
    from consult_analyser.ingest.importer import import_files

    project = Project.create(tmp_path / name, name="Integration strategy")
    import_files(project, [write_csv(tmp_path / "survey.csv"), write_emails(tmp_path / "emails")])
    sectors.set_taxonomy(project, TAXONOMY)
    ids = {r["external_id"]: r["id"] for r in project.query("SELECT id, external_id FROM respondents")}
    sectors.save_assignments(project, [SectorAssignment(ids[e], key, src, 0.8 if src == Source.MODEL else 1.0, detail)
                                       for e, (key, src, detail) in SECTOR_OF.items()])
    answers = answer_ids(project)
    funding = codebook.create_code(project, "Funding", description="Money for integration", colour="#e15759")
    youth = codebook.create_code(project, "Youth services", parent_id=funding.id, description="Clubs, sport")
    faith = codebook.create_code(project, "Faith groups", colour="#59a14f")
    codings.add_coding(project, youth.id, answers[("R-001", "Q2")])
    codings.add_coding(project, funding.id, answers[("R-002", "Q2")], 0, 17)
    codings.add_coding(project, youth.id, answers[("R-001", "Q1")], 36, 47, source=Source.MODEL, confidence=0.7,
                       coder="autocoder 0.3")
    codings.add_coding(project, faith.id, answers[("R-003", "Q1")])
    codings.add_coding(project, funding.id, answers[("R-004", "Q2")])
    codings.add_coding(project, faith.id, answers[("R-003", "Q2")])
    from consult_analyser.store import suggestions

    q2_id = project.scalar("SELECT question_id FROM responses WHERE id = ?", (answers[("R-006", "Q2")],))
    suggestions.replace_pending(project, q2_id, [(answers[("R-006", "Q2")], funding.id, 0.83)], "autocoder 0.3")
    memos.add_memo(project, "code", youth.id, "Youth clubs, sport, libraries.", created_at="2025-03-01T09:30:00+00:00")
    memos.add_memo(project, "response", answers[("R-002", "Q1")], "Quotable: councils leading.",
                   created_at="2025-03-02T10:00:00+00:00", updated_at="2025-03-04T16:45:10+00:00")
    memos.add_memo(project, "respondent", ids["R-003"], "Check whether this is the diocese.")
    memos.add_memo(project, "project", "", "First pass done.")
    _themes(project, answers)
    return project


def _themes(project: Project, answers: dict[tuple[str, str], str]) -> None:
    """Two model themes and an analyst's theme on Q2, all signed off, and a campaign."""
    from consult_analyser.domain import Theme, ThemeAssignment
    from consult_analyser.store import campaigns, theme_edits, theme_runs

    q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
    fund = Theme(q2, "Long-term funding", "Money that lasts", ["funding"], model=MODEL)
    camp = Theme(q2, "Campaign: fair funding", "Campaign text", model=MODEL)
    links = [ThemeAssignment(fund.id, answers[("R-001", "Q2")], 0.9, representative=True),
             ThemeAssignment(fund.id, answers[("R-002", "Q2")], 0.8)]
    links += [ThemeAssignment(camp.id, answers[(e, "Q2")], 0.95) for e in ("R-005", "R-006", "R-007")]
    theme_runs.save_run(project, q2, model=MODEL, params={}, themes=[fund, camp], assignments=links)
    english = theme_edits.create_theme(project, q2, "English classes", description="Free ESOL",
                                  response_ids=[answers[("R-004", "Q2")]])
    theme_edits.sign_off(project, [fund.id, camp.id, english.id])
    members = [(answers[(e, "Q2")], 1.0) for e in ("R-005", "R-006", "R-007")]
    campaigns.replace_campaigns(project, q2, [campaigns.NewCampaign(members[0][0], members,
                                                                    "Fair Funding for Communities")])
