"""Personal data a data-protection officer found in files meant for publication or sharing (trial 47): a staff
member's name in bulk-accepted codings' coder and memo authors (finding 4), names typed in the "If other, please
specify" box (2), a person's own e-mail domain (10), "Myself"/"me" listed as organisations (9), and private
people's names and an e-mail id printed by ``themes --campaigns`` (8). Everything here is made up."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from consult_analyser.actions.coding import AcceptSuggestions
from consult_analyser.cli.main import main
from consult_analyser.export.csv_export import _specified
from consult_analyser.export.published_coding import published_coder
from consult_analyser.store import campaigns, codebook, codings, suggestions
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

LEAD = "Ottilie Leadbetter"
Q1 = "Q1. What should the council do about the high street?"
Q2 = "Q2. Any other comments?"
HEADER = ["Response ID", "Are you responding as an individual or on behalf of an organisation?", "Your full name",
          "Organisation name", "Type of organisation", "If other, please specify", "Email", "May we publish your response?",
          Q1, Q2]
CAMPAIGN = "Keep the market hall open and cut parking charges for shoppers on weekdays."
ROWS = [
    ["R01", "Organisation", "", "Anytown Borough Council", "Local authority", "", "policy@anytown.gov.uk",
     "Fund the market hall and cut parking charges.", "More benches."],
    ["R02", "Organisation", "", "Northfield Traders Association", "Business", "", "info@northfieldtraders.org.uk",
     CAMPAIGN, "Shop fronts need grants."],
    ["R03", "Organisation", "", "", "Other", "Concerned grandmother - Edna Fairweather", "edna.f@gmail.com",
     CAMPAIGN, "Safer crossings near the school."],
    ["R04", "Organisation", "", "", "Other", "parent (Lucinda Marchbanks)", "lmarch@gmail.com",
     "Play areas for children in the square.", "Thank you."],
    ["R05", "Individual", "Wilf Example", "", "", "", "wilf@quayle-family.net",
     "Cheaper parking would bring me back.", "No."],
    ["R06", "Organisation", "", "Myself - Desmond Quayle", "Other", "", "dq@outlook.com",
     CAMPAIGN, "Nothing else."],
    ["R07", "Organisation", "", "me, ravi thakkar", "Other", "", "ravi.t@gmail.com",
     "More bins and cleaner pavements.", ""],
    ["desmond.q77@gmail.com", "Individual", "Des Q", "", "", "", "desmond.q77@gmail.com",
     CAMPAIGN, ""],
    ["R08", "Organisation", "", "Dr Imelda Stroud, Centre for Open Streets", "Charity or not-for-profit", "",
     "office@openstreets.org.uk", CAMPAIGN, "Trees please."],
]
#: what must appear in no published file
PLANTED = ["Ottilie", "Leadbetter", "Edna Fairweather", "Fairweather", "Lucinda", "Marchbanks", "quayle-family",
           "Desmond Quayle", "ravi thakkar", "desmond.q77", "Imelda Stroud"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONSULT_ANALYST", raising=False)
    assert main(["whoami", "--name", LEAD, "--role", "lead"]) == 0
    survey = tmp_path / "survey.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *([*r[:7], "Yes", *r[7:]] for r in ROWS)])
    path = tmp_path / "p.consult"
    assert main(["-q", "import", str(path), str(survey)]) == 0
    assert main(["-q", "sectors", str(path)]) == 0
    sheet = tmp_path / "codebook.csv"
    sheet.write_text("path\nParking\nMarket\n", encoding="utf-8")
    assert main(["codebook", str(path), "--import", str(sheet)]) == 0
    assert main(["-q", "code", str(path), "--add", "R01", "Q1", "Market"]) == 0  # a hand coding
    with Project.open(path) as p:
        assert p.actor == LEAD
        q1 = next(q for q in list_questions(p) if q.key == "Q1")
        answers = {k: v[0] for k, v in codings.response_lookup(p).items()}
        parking = codebook.find_code(p, "Parking")
        assert parking is not None
        suggestions.replace_pending(p, q1.id, [(answers[(e, "Q1")], parking.id, 0.8) for e in ("R02", "R05", "R06")],
                                    "test-model")
        AcceptSuggestions.above(p, 0.6, question_id=q1.id).apply(p)  # as `autocode --accept-above 0.6` does
        members = [(answers[(e, "Q1")], 1.0) for e in ("R02", "R03", "R06", "desmond.q77@gmail.com", "R08")]
        campaigns.replace_campaigns(p, q1.id, [campaigns.NewCampaign(members[0][0], members, "Market hall")])
    assert main(["-q", "memo", str(path), "--answer", "R05", "Q1", "--text", "Ask finance about parking income"]) == 0
    return path


def _csv(path: Path, out: Path, what: str) -> list[dict[str, str]]:
    assert main(["-q", "export", str(path), str(out), "--what", what, "--redact"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _text(rows: list[dict[str, str]]) -> str:
    return "\n".join(",".join(r.values()) for r in rows)


def test_redacted_csvs_name_no_staff_and_no_respondent(project: Path, tmp_path: Path) -> None:
    with Project.open(project, readonly=True) as p:  # the working data does name the lead (set by whoami)
        coders = {c.coder for c in codings.list_codings(p)}
    assert f"model, accepted by {LEAD} (in bulk, at 60% or more)" in coders

    tables = {what: _csv(project, tmp_path / f"{what}.csv", what)
              for what in ("codings", "memos", "respondents", "sectors", "organisations", "suggestions")}
    for what, rows in tables.items():
        for planted in PLANTED:
            assert planted.casefold() not in _text(rows).casefold(), (what, planted)

    # finding 4: the bulk-accepted suggestions' coder numbers the lead as the hand coding does
    coded = {(r["respondent_id"], r["code_path"]): r["coder"] for r in tables["codings"]}
    assert coded[("R01", "Market")] == "Analyst 1"
    assert coded[("R02", "Parking")] == "model, accepted by Analyst 1 (in bulk, at 60% or more)"
    assert {r["decided_by"] for r in tables["suggestions"]} == {"Analyst 1"}
    (memo,) = tables["memos"]
    assert memo["author"] == "Analyst 1" and memo["text"] == "Ask finance about parking income"

    # finding 2: the "please specify" words are redacted, what they say of the respondent stays
    people = {r["respondent_id"]: r for r in tables["respondents"]}
    assert people["R03"]["declared_type"].startswith("Other (please specify): Concerned grandmother")
    assert people["R04"]["declared_type"].startswith("Other (please specify): parent")
    assert "[name]" in people["R03"]["declared_type"] and "[name]" in people["R04"]["declared_type"]
    details = {r["respondent_id"]: r["detail"] for r in tables["sectors"]}
    assert "Concerned grandmother" in details["R03"] and "[name]" in details["R03"]
    assert details["R01"] == "declared:Local authority"

    # finding 10: an organisation's own domain stays; a person's, or a free mail provider's, goes
    assert people["R01"]["email_domain"] == "anytown.gov.uk"
    assert people["R02"]["email_domain"] == "northfieldtraders.org.uk"
    assert people["R05"]["email_domain"] == "" and people["R03"]["email_domain"] == ""

    # finding 9: "Myself" and "me" (left of a person's name) are no organisations, as in the annex
    listed = {r["respondent_id"]: r["organisation"] for r in tables["organisations"]}
    assert listed == {"R01": "Anytown Borough Council", "R02": "Northfield Traders Association",
                      "R08": "Centre for Open Streets"}
    assert {k: v["organisation"] for k, v in people.items() if v["organisation"]} == listed

    # the unredacted working copy still names them all
    raw = tmp_path / "raw.csv"
    assert main(["-q", "export", str(project), str(raw), "--what", "codings", "--no-redact"]) == 0
    assert LEAD in raw.read_text(encoding="utf-8-sig")


def test_published_annex_names_no_staff(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "annex.xlsx"
    assert main(["-q", "export", str(project), str(out), "--respondent-sheets"]) == 0
    book = load_workbook(out, read_only=True)
    every = "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
                      if v is not None)
    for planted in PLANTED:
        assert planted.casefold() not in every.casefold(), planted
    sheet = book["Coded excerpts"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    head = next(i for i, r in enumerate(rows) if r[0] == "Respondent")
    coder = {(r[0], r[3]): r[4] for r in rows[head + 1:]}
    # numbered as in the redacted codings CSV; a hand coding is "an analyst"'s, as the annex always gave it
    assert coder[("R02", "Parking")] == "model, accepted by Analyst 1 (in bulk, at 60% or more)"
    assert coder[("R01", "Market")] == "an analyst"
    organisations = {r[0] for r in book["Organisations"].iter_rows(values_only=True) if r}
    assert "Anytown Borough Council" in organisations and "Myself" not in organisations and "me" not in organisations


def test_campaigns_list_names_organisations_never_people(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "themes", str(project), "--campaigns"]) == 0
    out = capsys.readouterr().out
    for planted in PLANTED:
        assert planted.casefold() not in out.casefold(), planted
    assert "R02 (Northfield Traders Association)  (the standard wording)" in out
    assert "R08 (Centre for Open Streets)" in out  # the body, without the person beside it
    assert "  R06\n" in out and "  R03\n" in out  # "Myself", a person's "Other": by their id alone
    assert "respondent #8" in out  # the e-mail id, as every published file shows it
    assert "('respondent #N': an id holding personal data" in out and "--no-redact` gives ids as imported" in out


@pytest.mark.parametrize(("value", "head", "said"), [
    ("Other (please specify): parent (Lucinda Marchbanks)", "Other (please specify): ", "parent (Lucinda Marchbanks)"),
    ("declared:Other (please specify): a grandmother", "declared:Other (please specify): ", "a grandmother"),
    ("Other - charity\nEdna Fairweather", "Other - ", "charity\nEdna Fairweather"),
    ("declared:Local authority", "declared:Local authority", ""),
    ("Other", "Other", ""),
])
def test_specified_words_are_found_in_any_column(value: str, head: str, said: str) -> None:
    assert _specified(value) == (head, said)


def test_published_coder() -> None:
    staff = {"Bob": "Analyst 2"}
    assert published_coder("model, accepted by Bob (in bulk, at 90% or more)", "model", staff) \
        == "model, accepted by Analyst 2 (in bulk, at 90% or more)"
    assert published_coder("model, accepted by Bob", "model", staff) == "model, accepted by Analyst 2"
    assert published_coder("model, accepted by Zed", "model", staff) == "model, accepted by an analyst"
    assert published_coder("theme-model 3", "model", staff) == "theme-model 3"
    assert published_coder("Bob", "analyst", staff) == "Analyst 2" and published_coder("Zed", "imported", staff) \
        == "an analyst"
    assert published_coder("Bob", "analyst", staff, "an analyst") == "an analyst"
