"""CSV exports: tidy tables with a BOM, formula-like text made inert, optional redaction, the CLI."""

from __future__ import annotations

import csv

import pytest
from test_export_fixtures import FORMULAS, PLANTED_EMAIL, build_project

from consult_analyser.cli.main import main
from consult_analyser.export.csv_export import TABLES, export_csv
from consult_analyser.export.safety import csv_safe


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = build_project(tmp_path_factory.mktemp("csv"))
    yield p
    p.close()


def read(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("what", TABLES)
def test_every_table_exports(project, tmp_path, what):
    path = tmp_path / f"{what}.csv"
    count = export_csv(project, path, what)
    rows = read(path)
    assert len(rows) == count > 0


def test_one_row_per_fact(project, tmp_path):
    export_csv(project, tmp_path / "s.csv", "sectors")
    sectors_ = read(tmp_path / "s.csv")
    assert [r["respondent_id"] for r in sectors_] == [f"R-00{i}" for i in range(1, 8)] + ["email-0001.eml"]
    assert sectors_[-1]["sector"] == "" and sectors_[-1]["source"] == ""
    assert {r["source"] for r in sectors_} == {"declared", "rules", "model", "analyst", ""}
    export_csv(project, tmp_path / "c.csv", "codings")
    codings = read(tmp_path / "c.csv")
    assert len(codings) == project.scalar("SELECT COUNT(*) FROM codings")
    span = next(r for r in codings if r["span_start"] == "0")
    assert (span["respondent_id"], span["question"], span["code_path"], span["span_end"], span["text"]) == \
        ("R-002", "Q2", "Funding", "17", "Long-term funding")
    export_csv(project, tmp_path / "t.csv", "themes")
    themes = read(tmp_path / "t.csv")
    assert len(themes) == 6 and {r["theme_label"] for r in themes} == {"Long-term funding", "English classes",
                                                                       "Campaign: fair funding"}
    export_csv(project, tmp_path / "o.csv", "organisations")
    assert len(read(tmp_path / "o.csv")) == 3


def test_formula_like_text_is_inert(project, tmp_path):
    export_csv(project, tmp_path / "r.csv", "responses")
    texts = {r["text"] for r in read(tmp_path / "r.csv")}
    for formula in FORMULAS:
        assert formula not in texts
        assert "'" + formula in texts
    assert csv_safe(-2) == -2 and csv_safe("Agree") == "Agree" and csv_safe("\t=1") == "'\t=1"


def test_names_only_on_request_and_redaction(project, tmp_path):
    export_csv(project, tmp_path / "p.csv", "respondents")
    assert "name" not in read(tmp_path / "p.csv")[0]
    export_csv(project, tmp_path / "n.csv", "respondents", include_names=True)
    assert read(tmp_path / "n.csv")[0]["name"] == "Ann Example"
    export_csv(project, tmp_path / "plain.csv", "responses")
    assert PLANTED_EMAIL in (tmp_path / "plain.csv").read_text(encoding="utf-8-sig")
    export_csv(project, tmp_path / "red.csv", "responses", redact=True)
    assert PLANTED_EMAIL not in (tmp_path / "red.csv").read_text(encoding="utf-8-sig")


def test_cli(project, tmp_path, capsys):
    out = tmp_path / "codebook.csv"
    assert main(["-q", "export", str(project.path), str(out), "--what", "codebook"]) == 0
    assert [r["code_path"] for r in read(out)] == ["Funding", "Funding > Youth services", "Faith groups"]
    assert main(["-q", "export", str(project.path), str(tmp_path / "x.csv")]) == 1
    assert "--what" in capsys.readouterr().err


def test_a_csv_of_answers_not_redacted_says_so(project, tmp_path, capsys):
    """CSV tables are working data (redaction off by default, as for REFI-QDA); one that holds the
    respondents' own words says, when written, that their personal data is still in it."""
    assert main(["-q", "export", str(project.path), str(tmp_path / "r.csv"), "--what", "responses"]) == 0
    assert "personal data NOT removed" in capsys.readouterr().out
    assert main(["-q", "export", str(project.path), str(tmp_path / "s.csv"), "--what", "responses", "--redact"]) == 0
    assert main(["-q", "export", str(project.path), str(tmp_path / "c.csv"), "--what", "codebook"]) == 0
    assert "NOT removed" not in capsys.readouterr().out


def test_every_table_at_once_as_the_app_exports_them(project, tmp_path):
    from consult_analyser.export.files import export_csv_tables

    message = export_csv_tables(project, tmp_path)
    assert sorted(p.stem for p in tmp_path.glob("*.csv")) == sorted(TABLES)
    assert "personal data NOT removed" in message
    assert "NOT removed" not in export_csv_tables(project, tmp_path, redact=True)


def test_what_a_survey_tool_records_of_a_person_stays_out_unless_asked(tmp_path):
    """Qualtrics records the IP address, the recipient's name and where they answered: the
    respondents table leaves those out with the names; a longitude is a number, not a formula."""
    from consult_analyser.export.safety import looks_like_formula, personal_field
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    path = tmp_path / "survey.csv"
    rows = "".join(f"R_{i},192.0.2.{i},Example{i},Jo,-2.9717,53.4{i},Agree,because of reason {i}\n" for i in range(6))
    path.write_text("Response ID,IP Address,Recipient Last Name,Recipient First Name,Location Longitude,"
                    "Location Latitude,Do you agree?,Please explain your answer\n" + rows, encoding="utf-8")
    project = Project.create(tmp_path / "q.consult")
    try:
        import_files(project, [path])
        export_csv(project, tmp_path / "p.csv", "respondents")
        plain = read(tmp_path / "p.csv")
        assert not {"IP Address", "Recipient Last Name", "Recipient First Name", "Location Longitude",
                    "Location Latitude"} & set(plain[0])
        assert "192.0.2" not in (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
        export_csv(project, tmp_path / "n.csv", "respondents", include_names=True)
        named = read(tmp_path / "n.csv")
        assert named[0]["IP Address"] == "192.0.2.0" and named[0]["Location Longitude"] == "-2.9717"
        assert named[0]["name"] == "Jo Example0"  # Qualtrics' recipient, first name first
    finally:
        project.close()
    assert personal_field("RecipientEmail") and personal_field("postcode") and not personal_field("Channel")
    assert not looks_like_formula("-2.9717") and not looks_like_formula("+3") and looks_like_formula("-2+3")


def test_campaign_members_who_wrote_the_standard_wording_word_for_word_say_so(project, tmp_path):
    export_csv(project, tmp_path / "camp.csv", "campaigns")
    rows = read(tmp_path / "camp.csv")
    assert rows
    for r in rows:
        assert r["standard_wording"] == ("yes" if float(r["similarity"]) >= 0.999 else r["standard_wording"])
    assert sum(r["standard_wording"] == "yes" for r in rows) >= 1


def test_a_redacted_codings_or_suggestions_table_names_no_member_of_staff(tmp_path):
    from consult_analyser.store import codebook, codings

    project = build_project(tmp_path)
    try:
        code = codebook.list_codes(project)[0]
        answer = project.scalar("SELECT id FROM responses ORDER BY seq LIMIT 1")
        codings.add_coding(project, code.id, answer, coder="Orla Penwarden")
        export_csv(project, tmp_path / "plain.csv", "codings")
        export_csv(project, tmp_path / "red.csv", "codings", redact=True)
        assert "Orla Penwarden" in {r["coder"] for r in read(tmp_path / "plain.csv")}
        coders = {r["coder"] for r in read(tmp_path / "red.csv")}
        assert "Orla Penwarden" not in coders and any(c.startswith("Analyst ") for c in coders)
        assert "autocoder 0.3" in coders  # the model is no member of staff
    finally:
        project.close()
