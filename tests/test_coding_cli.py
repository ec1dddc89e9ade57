"""The codebook, code and autocode commands, run in-process."""

from __future__ import annotations

import pytest
from conftest import write_survey
from test_autocode import TOPICS, CentroidCoder, WordEmbedder

from consult_analyser.cli import main
from consult_analyser.pipeline.coding import autocode
from consult_analyser.store import codebook, codings, suggestions
from consult_analyser.store.project import Project


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.consult"
    assert main(["-q", "import", str(path), str(write_survey(tmp_path / "survey.csv"))]) == 0
    return path


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_codebook_import_show_export(project_path, tmp_path, capsys):
    source = write(tmp_path / "codes.csv", "path,description,colour\nFunding,Money,#112233\n"
                                           "Funding > Youth,\"Clubs, sport\",\nSchools,,\n")
    assert main(["codebook", str(project_path), "--import", str(source)]) == 0
    assert "3 codes added, 0 updated" in capsys.readouterr().out
    assert main(["codebook", str(project_path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["Funding  (0 answers)", "  Youth  (0 answers)",
                                                    "Schools  (0 answers)"]
    out = tmp_path / "out.csv"
    assert main(["codebook", str(project_path), "--export", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[:3] == ["path,description,colour", "Funding,Money,#112233", 'Funding > Youth,"Clubs, sport",#f28e2b']


def test_codebook_import_errors(project_path, tmp_path, capsys):
    bad = write(tmp_path / "bad.csv", "path,description,colour\nGood,,\nBad,,purple\n")
    assert main(["codebook", str(project_path), "--import", str(bad)]) == 1
    assert "bad.csv: nothing imported: row 2: colours are written #rrggbb" in capsys.readouterr().err
    assert main(["codebook", str(project_path), "--import", str(tmp_path / "missing.csv")]) == 1
    with Project.open(project_path) as project:
        assert codebook.list_codes(project) == []
    assert main(["codebook", str(project_path)]) == 0
    assert "the codebook is empty" in capsys.readouterr().out


def test_code_import(project_path, tmp_path, capsys):
    write(tmp_path / "codes.csv", "path\nFunding\n")
    main(["codebook", str(project_path), "--import", str(tmp_path / "codes.csv")])
    good = write(tmp_path / "c.csv", "respondent id,question,code,start,end\nR-001,Q1,Funding,,\n"
                                     "R-002,Q2,Funding,0,9\n")
    assert main(["code", str(project_path), "--import", str(good)]) == 0
    assert "imported 2 codings" in capsys.readouterr().out
    assert main(["code", str(project_path), "--import", str(good)]) == 0  # again: nothing new
    assert "imported 0 codings" in capsys.readouterr().out
    with Project.open(project_path) as project:
        rows = codings.export_rows(project)
    assert [(r["respondent_id"], r["question"], r["code_path"], r["start"], r["end"], r["source"]) for r in rows] == [
        ("R-001", "Q1", "Funding", None, None, "imported"), ("R-002", "Q2", "Funding", 0, 9, "imported")]


def test_code_import_refuses_unknown_things(project_path, tmp_path, capsys):
    bad = write(tmp_path / "bad.csv", "respondent id,question,code\nR-001,Q1,Funding > New\nR-404,Q1,Other\n")
    assert main(["code", str(project_path), "--import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 2: unknown code 'Funding > New'" in err and "line 3: no answer from respondent 'R-404'" in err
    fixed = write(tmp_path / "fixed.csv", "respondent id,question,code\nR-001,Q1,Funding > New\n")
    assert main(["code", str(project_path), "--import", str(fixed), "--create-codes"]) == 0
    assert "imported 1 codings; 2 new codes" in capsys.readouterr().out  # "Funding" and "Funding > New"
    with Project.open(project_path) as project:
        assert codebook.find_code(project, "Funding > New") is not None


def test_autocode_command(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(autocode, "default_embedder", WordEmbedder)
    monkeypatch.setattr(autocode, "default_model_factory", CentroidCoder)
    rows = [[f"R-{i:03d}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"]
            for i, text in enumerate([t for texts in TOPICS.values() for t in texts])]
    path = tmp_path / "p.consult"
    main(["-q", "import", str(path), str(write_survey(tmp_path / "s.csv", rows))])
    assert main(["-q", "autocode", str(path)]) == 0
    assert "no coded answers yet" in capsys.readouterr().out
    lines = ["respondent id,question,code"] + [f"R-{5 * k + j:03d},Q2,{topic}" for k, topic in enumerate(TOPICS)
                                               for j in range(2)]
    write(tmp_path / "c.csv", "\n".join(lines) + "\n")
    assert main(["-q", "code", str(path), "--import", str(tmp_path / "c.csv"), "--create-codes"]) == 0
    assert main(["-q", "autocode", str(path), "--question", "Q2", "--min-confidence", "0.4"]) == 0
    out = capsys.readouterr().out
    assert "\nQ2: " in out and "uncoded answers (3 codes learned from 6 coded answers" in out
    with Project.open(path) as project:
        assert suggestions.list_suggestions(project, min_confidence=0.4)
    assert main(["autocode", str(path), "--question", "Q9"]) == 1
    assert main(["autocode", str(path), "--min-confidence", "2"]) == 1
    assert "between 0 and 1" in capsys.readouterr().err


def test_questions_named_by_text_suggestions_exported_and_accepted(tmp_path, capsys, monkeypatch):
    """A codings CSV and --question may name a question by its text as the screens show it; the
    suggestions can be exported and accepted headless, through the app's undoable operation."""
    import csv

    from consult_analyser.actions.coding import AcceptSuggestions

    monkeypatch.setattr(autocode, "default_embedder", WordEmbedder)
    monkeypatch.setattr(autocode, "default_model_factory", CentroidCoder)
    rows = [[f"R-{i:03d}", "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"]
            for i, text in enumerate([t for texts in TOPICS.values() for t in texts])]
    path = tmp_path / "p.consult"
    main(["-q", "import", str(path), str(write_survey(tmp_path / "s.csv", rows))])
    text = "what should councils do to support integration"  # Q2, in another case, without its "?"
    lines = ["respondent id,question,code"] + [f'R-{5 * k + j:03d},"{text}",{topic}' for k, topic in enumerate(TOPICS)
                                               for j in range(2)]
    write(tmp_path / "c.csv", "\n".join(lines) + "\n")
    assert main(["-q", "code", str(path), "--import", str(tmp_path / "c.csv"), "--create-codes"]) == 0
    assert main(["-q", "autocode", str(path), "--question", "What should councils do to support integration?",
                 "--min-confidence", "0.4"]) == 0
    capsys.readouterr()
    out = tmp_path / "suggestions.csv"
    assert main(["-q", "export", str(path), str(out), "--what", "suggestions"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert exported and set(exported[0]) >= {"respondent_id", "question", "code_path", "confidence", "model", "status"}
    assert {r["status"] for r in exported} == {"pending"} and {r["question"] for r in exported} == {"Q2"}
    above = [r for r in exported if float(r["confidence"]) >= 0.6]
    assert main(["-q", "autocode", str(path), "--question", "Q2", "--min-confidence", "0.4",
                 "--accept-above", "0.6"]) == 0
    assert f"accepted {len(above)} suggestions" in capsys.readouterr().out
    with Project.open(path) as project:
        assert not suggestions.list_suggestions(project, min_confidence=0.6)
        assert {s.status for s in suggestions.list_suggestions(project, status="accepted")} == {"accepted"}
        op = AcceptSuggestions.above(project, 0.0)
        assert all(s[0] for s in op.pairs)  # what is left is below the threshold, still pending
        # accepted unread, with the others above 60%: said so wherever their provenance is (a trial's 2,867 such
        # codings were published as "made or accepted by analysts", nothing more)
        from consult_analyser.store.release import review_statement
        from consult_analyser.store.reporting import label_provenance

        codings_made = {c.coder for c in codings.list_codings(project) if c.source == "model"}
        assert codings_made and all("(in bulk, at 60% or more)" in c for c in codings_made)
        assert any(f"{len(above):,} of them model suggestions accepted in bulk" in line
                   for line in review_statement(project))
        assert any(r.source == "model, accepted in bulk above a confidence" for r in label_provenance(project))
