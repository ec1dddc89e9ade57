"""Editing the codebook, single codings and memos from the command line (the app's operations)."""

from __future__ import annotations

import pytest

from consult_analyser.cli import main
from consult_analyser.store import codebook, memos
from consult_analyser.store.project import Project


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    survey = tmp_path / "survey.csv"
    survey.write_text("ID,What do you think of the bus plan?\nR1,Buses are far too slow\nR2,Schools need the money\n",
                      encoding="utf-8")
    path = tmp_path / "p.consult"
    assert main(["-q", "import", str(path), str(survey)]) == 0
    sheet = tmp_path / "codebook.csv"
    sheet.write_text("path\nTransport\nFunding\nFunding > Schools\n", encoding="utf-8")
    assert main(["codebook", str(path), "--import", str(sheet)]) == 0
    return path


def test_codes_edited_and_answers_coded_from_the_command_line(project, capsys):
    question = "What do you think of the bus plan?"  # the question by its text (or its key)
    assert main(["code", str(project), "--add", "R1", question, "Transport"]) == 0
    assert main(["code", str(project), "--add", "R2", question, "Funding > Schools"]) == 0
    assert main(["codebook", str(project), "--rename", "Transport", "Public transport"]) == 0
    assert main(["codebook", str(project), "--delete", "Public transport"]) == 1  # in use
    assert "--force" in capsys.readouterr().err
    assert main(["codebook", str(project), "--merge", "Schools", "Funding"]) == 0
    assert main(["code", str(project), "--remove", "R1", question, "Public transport"]) == 0
    assert main(["codebook", str(project), "--delete", "Public transport"]) == 0
    assert main(["code", str(project), "--remove", "R9", question, "Funding"]) == 1
    assert "no answer by respondent R9" in capsys.readouterr().err
    with Project.open(project, readonly=True) as p:
        assert [c.name for c in codebook.list_codes(p)] == ["Funding"]
        assert p.scalar("SELECT COUNT(*) FROM codings") == 1  # R2's coding moved to Funding


def test_memos_from_the_command_line(project, capsys):
    assert main(["memo", str(project), "--answer", "R2", "What do you think of the bus plan?",
                 "--text", "Check the figures with finance"]) == 0
    assert main(["memo", str(project), "--code", "Transport", "--text", "Buses and trains"]) == 0
    assert main(["memo", str(project), "--code", "Transport", "--text", ""]) == 0  # deleted
    assert "memo deleted" in capsys.readouterr().out
    assert main(["memo", str(project)]) == 0
    listed = capsys.readouterr().out
    assert "Check the figures with finance" in listed and "Buses and trains" not in listed
    with Project.open(project, readonly=True) as p:
        assert [m.text for m in memos.list_memos(p)] == ["Check the figures with finance"]


def test_importing_a_coding_sheet_again_says_the_codings_are_there(project, tmp_path, capsys):
    sheet = tmp_path / "codings.csv"
    sheet.write_text("respondent id,question,code\nR1,What do you think of the bus plan?,Transport\n", encoding="utf-8")
    assert main(["code", str(project), "--import", str(sheet)]) == 0
    assert main(["code", str(project), "--import", str(sheet)]) == 0
    assert "imported 0 codings; 1 already in the project" in capsys.readouterr().out


def test_a_bare_code_name_in_a_sheet_of_paths_is_a_top_level_code(project, tmp_path):
    """Two analysts' sheets both wrote "convenient"; one also had "exam->convenient" earlier in the
    file, and its "convenient" went under "exam": the same answer counted as a disagreement."""
    question = "What do you think of the bus plan?"
    sheet = tmp_path / "ana.csv"
    sheet.write_text(f"respondent id,question,code\nR1,{question},exam->convenient\nR2,{question},convenient\n",
                     encoding="utf-8")
    assert main(["code", str(project), "--import", str(sheet), "--create-codes"]) == 0
    with Project.open(project, readonly=True) as p:
        paths = codebook.code_paths(p)
        coded = {r[0]: paths[r[1]] for r in p.query(
            "SELECT s.external_id, c.code_id FROM codings c JOIN responses r ON r.id = c.response_id"
            " JOIN respondents s ON s.id = r.respondent_id")}
    assert coded == {"R1": "exam > convenient", "R2": "convenient"}


def test_edit_mistakes_get_plain_refusals_not_crash_reports(project, tmp_path, capsys):
    sheet = tmp_path / "more.csv"
    sheet.write_text("path\nBuses\nBuses > Fares\nTrains\nTrains > Fares\n", encoding="utf-8")
    assert main(["codebook", str(project), "--import", str(sheet)]) == 0
    capsys.readouterr()
    for args, words in ((["--rename", "Fares", "Cost"], "2 codes are named 'Fares'"),
                        (["--rename", "Transport", "Funding"], "already a code named 'Funding'"),
                        (["--rename", "Transport", "a > b"], "cannot contain '>'"),
                        (["--merge", "Buses", "Buses > Fares"], "own sub-codes"),
                        (["--merge", "Buses", "Buses"], "the same code")):
        assert main(["codebook", str(project), *args]) == 1, args
        err = capsys.readouterr().err
        assert words in err and "Unexpected problem" not in err, (args, err)
    assert main(["codebook", str(project), "--delete", "Trains"]) == 0
    assert "sub-codes moved up a level: Fares" in capsys.readouterr().out
    assert main(["memo", str(project), "--code", "Buses", "--text", ""]) == 0
    assert "nothing deleted" in capsys.readouterr().out
    question = "What do you think of the bus plan?"
    assert main(["code", str(project), "--add", "R1", question, "Buses"]) == 0
    assert main(["code", str(project), "--add", "R1", question, "Buses"]) == 0
    assert "already coded" in capsys.readouterr().out


def test_a_code_whose_name_holds_a_semicolon_is_one_code_in_a_coding_sheet(project, tmp_path, capsys):
    """A re-test's codebook had "Exempt pupils singled out; privacy and stigma": `code --import` refused the
    sheet as naming an unknown code, and with --create-codes made two codes of it without a word."""
    question = "What do you think of the bus plan?"
    assert main(["codebook", str(project), "--import", str(_sheet(tmp_path, "path\nFunding > Singled out; stigma\n"))]) == 0
    sheet = tmp_path / "codings.csv"
    sheet.write_text(f'respondent id,question,code\nR1,{question},"Funding > Singled out; stigma"\n'
                     f'R2,{question},"Transport; Funding > Singled out; stigma"\n', encoding="utf-8")
    assert main(["code", str(project), "--import", str(sheet), "--create-codes"]) == 0
    with Project.open(project, readonly=True) as p:
        paths = codebook.code_paths(p)
        coded = sorted((r[0], paths[r[1]]) for r in p.query(
            "SELECT s.external_id, c.code_id FROM codings c JOIN responses r ON r.id = c.response_id"
            " JOIN respondents s ON s.id = r.respondent_id"))
        assert "stigma" not in {c.name for c in codebook.list_codes(p)}
    assert coded == [("R1", "Funding > Singled out; stigma"), ("R2", "Funding > Singled out; stigma"),
                     ("R2", "Transport")]


def _sheet(tmp_path, text: str):
    path = tmp_path / "more_codes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_name_a_top_level_code_shares_with_a_sub_code_is_never_settled_for_the_user(project, capsys):
    """A team trial's `codebook --delete test_integrity` deleted the top-level code of that name, not the sub-code
    "academic_integrity > test_integrity" its coder meant, without a word: a bare name two codes share is refused
    with both paths, and a top-level code is named by its name after ">"."""
    sheet = project.parent / "more.csv"
    sheet.write_text("path\nIntegrity\nExams\nExams > Integrity\n", encoding="utf-8")
    assert main(["codebook", str(project), "--import", str(sheet)]) == 0
    capsys.readouterr()
    assert main(["codebook", str(project), "--delete", "Integrity"]) == 1
    err = capsys.readouterr().err
    assert "2 codes are named 'Integrity'" in err and "'> Integrity'" in err and "'Exams > Integrity'" in err
    assert main(["codebook", str(project), "--delete", "> Integrity"]) == 0
    with Project.open(project, readonly=True) as p:
        assert sorted(codebook.code_paths(p).values()) == ["Exams", "Exams > Integrity", "Funding", "Funding > Schools",
                                                          "Transport"]
    assert main(["codebook", str(project), "--delete", "Integrity"]) == 0  # one code of that name is left


def test_code_add_with_create_codes_makes_the_code(project, capsys):
    """A team trial's `code --add R Q "Nothing to code" --create-codes` refused with "no code 'Nothing to code'"."""
    question = "What do you think of the bus plan?"
    assert main(["code", str(project), "--add", "R1", question, "Nothing to code"]) == 1
    assert "no code 'Nothing to code'" in capsys.readouterr().err
    assert main(["code", str(project), "--add", "R1", question, "Nothing to code", "--create-codes"]) == 0
    assert main(["code", str(project), "--add", "R2", question, "Funding > Buses > Fares", "--create-codes"]) == 0
    with Project.open(project, readonly=True) as p:
        paths = codebook.code_paths(p)
        assert {"Nothing to code", "Funding > Buses", "Funding > Buses > Fares"} <= set(paths.values())
        coded = {paths[r[0]] for r in p.query("SELECT code_id FROM codings")}
    assert coded == {"Nothing to code", "Funding > Buses > Fares"}
