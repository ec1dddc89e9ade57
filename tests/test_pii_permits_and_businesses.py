"""A user trial on an invented council's "Low Emission Zone and parking" consultation: Blue Badge,
permit and penalty charge numbers; an address given with a phone number; a business named by its
trade ("Castle Wynd Hotel"); an anonymous organisation named in its campaign members' words. All
values are invented."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from consult_analyser.domain import Theme, ThemeAssignment
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.export.csv_export import export_csv
from consult_analyser.export.safety import make_redactor
from consult_analyser.export.summaries import published_report
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.pii import find_pii, redact
from consult_analyser.store import theme_runs
from consult_analyser.store.campaigns import NewCampaign, label_for, replace_campaigns
from consult_analyser.store.project import Project
from consult_analyser.store.published_campaigns import campaigns
from consult_analyser.store.questions import list_questions

# -- 1. disability parking permits, parking permits, penalty charge notices -------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("My blue badge number is ED92 9613 4416 if you need to check.", "ED92 9613 4416"),
    ("my blue badge is kx31 5580 2297, renewed last year", "kx31 5580 2297"),
    ("Disabled badge no. LB47 0831 6652 - please check it.", "LB47 0831 6652"),
    ("Badge number: TQ0588120473", "TQ0588120473"),
    ("I was fined although my badge (WR63 2210 9984) was on display.", "WR63 2210 9984"),
    ("My residents' permit number is RP-004512 and it costs far too much.", "RP-004512"),
    ("parking permit no. 4471 covers zone B", "4471"),
    ("I got a PCN ZK40012345 while unloading.", "ZK40012345"),
    ("Penalty charge notice 7731904 was issued in error.", "7731904"),
    ("PCN no: MV 1234 5678, appealed twice.", "MV 1234 5678"),
])
def test_blue_badge_permit_and_pcn_numbers_are_redacted(text, value):
    out = redact(text, names=False)
    assert value not in out and "[ID number]" in out, out


@pytest.mark.parametrize("text", [
    "I have been a blue badge holder since 2015 and need bays within 50 metres of the shops.",
    "A residents' permit costs £120 for 12 months and there are 1,200 permits for 800 spaces.",
    "The 2024-2025 permit scheme had 3 zones.",
    "I got 2 PCNs in 2023, each for £70, within 14 days of each other.",
    "Blue badge bays on Rose Street went from 12 to 4.",
])
def test_permit_words_with_ordinary_numbers_are_kept(text):
    assert redact(text, names=False) == text


def test_a_vehicle_registration_after_a_permit_is_still_a_vehicle_registration():
    assert redact("My parking permit is for SV12 ABC.", names=False) == "My parking permit is for [vehicle registration]."


# -- 2. an address given with a phone number --------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("My name is Ailsa Brodie and I live at 23 Comiston Road, phone 07700 900123.",
     "My name is [name] and I live at [address], phone [phone]."),
    ("I live at 23 Comiston Road, 07700 900123.", "I live at [address], [phone]."),
    ("I live at 4 Bellevue Place, tel: 0131 496 0000, email a.brodie@example.com",
     "I live at [address], tel: [phone], email [email]"),
    ("I live at 9 Warrender Park Road EH9 1EW, mobile 07700900456", "I live at [address], mobile [phone]"),
])
def test_an_address_with_a_phone_after_it_is_tagged_as_an_address(text, expected):
    assert redact(text) == expected


def test_the_address_and_phone_are_still_both_removed():
    text = "we live at 51 hollin lane, tel 07700 900789, come and see"
    kinds = [s.kind for s in find_pii(text, names=False)]
    assert kinds == ["address", "phone"] and redact(text) == "we live at [address], tel [phone], come and see"


# -- 3. a business named by its trade ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "On behalf of Castle Wynd Hotel: our guests cannot park.",
    "We run Morningside Guest House and our guests need to park.",
    "Canongate Florist deliveries start at 6am.",
    "Customers of Bruntsfield Garage will go elsewhere.",
    "Leith Walk Cafe will lose trade.",
])
def test_a_business_named_by_its_trade_is_not_a_persons_name(text):
    assert redact(text) == text


@pytest.mark.parametrize(("text", "gone"), [
    ("Ailsa Brodie's hotel on Leith Walk will close.", "Brodie"),  # a person's own hotel: the person is named
    ("Ailsa Brodie's Hotel on Leith Walk will close.", "Brodie"),  # may be either: the person's name goes
    ("My neighbour Jane Barber agrees.", "Barber"),  # a trade's word that is a surname
    ("I asked Ewan Drummond at the hotel.", "Drummond"),
])
def test_a_persons_name_beside_a_trade_word_is_still_redacted(text, gone):
    assert gone not in redact(text)


# -- 4. an anonymous organisation named in its campaign members' words ---------------------------------

_WORDING = ("As a member of Hollowmere Residents' Association I am very concerned that the parking changes will "
            "push commuters into our streets.")
HEADER = ["Id", "Are you responding as an individual or on behalf of an organisation?", "What is your organisation?",
          "What is your name?", "May we publish your response?", "Comments"]
ROWS = [
    ["R1", "Organisation", "Hollowmere Residents' Association", "Morag Tennant",
     "Publish response only (without name)", "Our members cannot park near their homes."],
    ["R2", "Individual", "", "Iain Fairlie", "Publish response with name", _WORDING],
    ["R3", "Individual", "", "Shona Baird", "Publish response with name", _WORDING + " I have lived here 20 years."],
    ["R4", "Individual", "", "Callum Reid", "Publish response only (without name)",
     "I support the Hollowmere Residents' Association submission."],
    ["R5", "Individual", "", "Eilidh Ross", "Publish response with name", "Cleaner air matters more than parking."],
]


def _campaign_project(tmp_path: Path) -> Project:
    path = tmp_path / "lez.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    project = Project.create(tmp_path / "lez.consult")
    import_files(project, [path])
    question = list_questions(project)[0]
    ids = dict(project.query("SELECT p.external_id, r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                             " WHERE r.question_id = ?", (question.id,)))
    replace_campaigns(project, question.id, [NewCampaign(ids["R2"], [(ids["R2"], 1.0), (ids["R3"], 0.95)])])
    theme = Theme(question.id, label_for(_WORDING), "", model="test")
    theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                        assignments=[ThemeAssignment(theme.id, ids[k], 0.9, representative=True) for k in ids])
    return project


def test_an_anonymous_organisation_is_withheld_alike_in_the_campaigns_label_and_its_quotes(tmp_path: Path) -> None:
    project = _campaign_project(tmp_path)
    try:
        for redactor in (make_redactor(False), make_redactor(True, names_model=False)):
            (theme,) = published_report(project, list_questions(project)[0], redactor, quotes=5).themes
            quoted = [q.text for q in theme.quotes]
            assert "Hollowmere" not in theme.theme.label and "[name withheld]" in theme.theme.label
            assert quoted and not any("Hollowmere" in q for q in quoted), quoted
            assert any(q.startswith("As a member of [name withheld] I am very concerned") for q in quoted)
        (row,) = campaigns(project)
        assert "Hollowmere" not in row.label + row.canonical_text and "[name withheld]" in row.canonical_text
        export_annex(project, tmp_path / "annex.xlsx", redact=True, small_counts=0, respondent_sheets=True)
        export_csv(project, tmp_path / "responses.csv", "responses", redact=True)
    finally:
        project.close()
    workbook = openpyxl.load_workbook(tmp_path / "annex.xlsx")
    everything = "\n".join(str(v) for ws in workbook.worksheets for r in ws.iter_rows(values_only=True)
                           for v in r if v is not None)
    assert "Hollowmere" not in everything and "push commuters" in everything
    responses = (tmp_path / "responses.csv").read_text(encoding="utf-8-sig")
    assert "Hollowmere" not in responses and "I support the [name withheld] submission." in responses


def test_a_placeholder_in_the_organisation_box_withholds_nothing(tmp_path: Path) -> None:
    from consult_analyser.store.consent import withheld_organisations

    rows = [["R1", "Individual", "Not applicable", "Morag Tennant", "Publish response only (without name)", "Fine."],
            ["R2", "Organisation", "Hollowmere Residents' Association Ltd", "Iain Fairlie",
             "Do not publish response", "No."]]
    path = tmp_path / "lez.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    project = Project.create(tmp_path / "lez.consult")
    try:
        import_files(project, [path])
        assert withheld_organisations(project) == ["Hollowmere Residents' Association Ltd",
                                                   "Hollowmere Residents' Association"]
    finally:
        project.close()
