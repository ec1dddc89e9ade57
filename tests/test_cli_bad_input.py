"""Every command, given bad input, answers with a message and a non-zero exit, never a traceback;
an unexpected fault becomes one paragraph naming the step and file, with the traceback in a log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_analyser.cli.main import COMMAND_MODULES, build_parser, main
from tests.conftest import REPO, write_survey


@pytest.fixture
def bad(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "userdata"))
    garbage = tmp_path / "garbage.consult"
    garbage.write_bytes(b"this is not a project\x00\xff" * 50)
    junk_csv = tmp_path / "junk.csv"
    junk_csv.write_bytes(b'Response ID,Q1. Why?\nA1,"unterminated\nA2,too,many,cells\n')
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("[columns\n= nope", encoding="utf-8")
    wrong_map = tmp_path / "wrong.toml"
    wrong_map.write_text('[columns]\n"No such column" = "id"\n', encoding="utf-8")
    good = tmp_path / "good.consult"
    assert main(["-q", "import", str(good), str(write_survey(tmp_path / "survey.csv"))]) == 0
    attributes = tmp_path / "attributes.csv"
    attributes.write_text("submitter,type\nNobody Known,Charity\nNo One,Business\n", encoding="utf-8")
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x", encoding="utf-8")
    return {"garbage": str(garbage), "junk": str(junk_csv), "bad_toml": str(bad_toml), "wrong_map": str(wrong_map),
            "good": str(good), "missing": str(tmp_path / "missing.consult"), "tmp": tmp_path,
            "under_file": str(a_file / "x.consult"), "survey": str(tmp_path / "survey.csv"),
            "attributes": str(attributes)}


def commands(b: dict) -> list[list[str]]:
    tmp = b["tmp"]
    return [
        ["import", b["garbage"], b["survey"]],
        ["import", str(tmp / "new1.consult"), b["junk"]],
        ["import", str(tmp / "new2.consult"), b["junk"], "--dry-run"],
        ["import", str(tmp / "new3.consult"), b["junk"], "--layout", "long", "--skip-bad-rows"],
        ["import", str(tmp / "new4.consult"), b["survey"], "--mapping", b["bad_toml"]],
        ["import", str(tmp / "new5.consult"), b["survey"], "--mapping", b["wrong_map"], "--dry-run"],
        ["import", b["good"], b["attributes"], "--layout", "attributes"],
        ["import", b["under_file"], b["survey"]],
        ["info", b["garbage"]], ["info", b["missing"]],
        ["search", b["garbage"], "x"], ["?search", b["good"], '"unbalanced'], ["search", b["good"], "x", "--question",
                                                                               "no such"],
        ["sectors", b["garbage"]], ["sectors", b["good"], "--set", "nobody", "nothing"],
        ["themes", b["garbage"]], ["themes", b["good"], "--question", "nope"], ["themes", b["good"], "--sign-off", "zz"],
        ["codebook", b["garbage"]], ["codebook", b["good"], "--import", b["junk"]],
        ["code", b["good"], "--import", b["junk"]], ["code", b["garbage"], "--import", b["survey"]],
        ["autocode", b["garbage"]], ["autocode", b["good"], "--accept-above", "2"], ["autocode", b["good"], "--accept-above", "0"],
        ["autocode", b["good"], "--next", "-3"],
        ["autocode", b["good"], "--question", "nope"],
        ["export", b["garbage"], str(tmp / "out.xlsx")], ["export", b["good"], str(tmp / "nofolder" / "out.csv"),
                                                          "--what", "suggestions"],
        ["export", b["good"], str(tmp / "out.pdf")], ["export", b["good"], b["under_file"].replace(".consult", ".csv"),
                                                      "--what", "respondents"],
        ["demo", b["under_file"]],
        ["gui", b["garbage"], "--screenshot", str(tmp / "shot.png")],
        ["gui", b["good"], "--screenshot", str(tmp / "shot.png"), "--size", "13x"],
        ["gui", b["good"], "--screenshot", str(tmp / "shot.png"), "--view", "reader", "--respondent", "R-NOBODY"],
    ]


def registered() -> set[str]:
    parser = build_parser()
    return set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def all_commands(b: dict) -> list[list[str]]:
    """The cases above, and for any other command (self-test takes no input) a damaged project and a
    missing one, so a command added later is covered too."""
    cases = commands(b)
    named = {c[0].lstrip("?") for c in cases}
    for name in sorted(registered() - named - {"self-test"}):
        cases += [[name, b["garbage"]], [name, b["missing"]]]
    return cases


def test_every_command_is_covered(bad):
    names = {c[0].lstrip("?") for c in all_commands(bad)}
    assert registered() - names <= {"self-test"}
    assert len(COMMAND_MODULES) >= 8


def test_bad_input_never_shows_a_traceback(bad, capfd):
    for argv in all_commands(bad):
        may_succeed = argv[0].startswith("?")  # bad-looking input the command handles as ordinary
        argv = [argv[0].lstrip("?"), *argv[1:]]
        try:
            code = main(["-q", *argv])
        except SystemExit as exc:  # argparse refusing an argument
            code = exc.code
        out, err = capfd.readouterr()
        assert "Traceback" not in out + err, (argv, out, err)
        assert may_succeed or code != 0, (argv, out, err)
        assert err.strip() or out.strip(), argv


def test_an_unexpected_fault_is_one_paragraph_and_a_log(bad, capfd, monkeypatch):
    import consult_analyser.ingest.importer as importer

    def broken(*_a, **_k):
        raise KeyError("question")

    monkeypatch.setattr(importer, "parse_file", broken)
    before = Path(bad["good"]).read_bytes()
    code = main(["-q", "import", bad["good"], bad["survey"].replace("survey", "survey")])
    out, err = capfd.readouterr()
    # the file was imported before, so make a new one that must be parsed
    other = write_survey(bad["tmp"] / "other.csv", rows=[["R-100", "", "Individual", "", "", "", "", "", "Agree",
                                                          "x", "", "Yes"]])
    code = main(["-q", "import", bad["good"], str(other)])
    out, err = capfd.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert "Unexpected problem while importing" in err and "other.csv" in err and "KeyError" in err
    log = bad["tmp"] / "userdata" / "ConsultAnalyser" / "logs" / "errors.log"
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")
    assert Path(bad["good"]).read_bytes() == before  # the project is as it was


def test_a_real_process_prints_no_traceback(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    run = subprocess.run([sys.executable, "-m", "consult_analyser", "import", str(tmp_path / "p.consult"), str(junk)],
                         capture_output=True, text=True, cwd=REPO, timeout=120,
                         env={"PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
                              "HOME": str(tmp_path)})
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr and "junk.xlsx" in run.stderr
    assert not (tmp_path / "p.consult").exists()


def test_a_question_is_found_as_people_type_its_key(imported_project, capsys):
    """"Q01", "q 1" and "Q1" name the same question; an unknown one lists the questions there are."""
    from consult_analyser.store.questions import find_question, list_questions

    first = list_questions(imported_project)[0]
    number = first.key.lstrip("Qq")
    for typed in (f"Q0{number}", f"q {number}", first.key.lower()):
        found = find_question(imported_project, typed)
        assert found is not None and found.id == first.id, typed
    path = str(imported_project.path)
    imported_project.close()
    assert main(["-q", "search", path, "anything", "--question", "Q99"]) == 1
    err = capsys.readouterr().err
    assert "no question 'Q99'" in err and first.key in err and "Traceback" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_an_export_to_a_folder_that_cannot_be_written_is_refused_before_the_work(imported_project, capfd):
    """It was refused after the whole annex was built, and the writer's clean-up printed 70 tracebacks."""
    path = str(imported_project.path)
    imported_project.close()
    assert main(["-q", "export", path, "/proc/annex.xlsx"]) == 1
    err = capfd.readouterr().err
    assert err.startswith("error: /proc: nothing can be written there") and "Traceback" not in err


def test_a_refi_qda_project_is_never_called_redacted(imported_project, tmp_path, capfd):
    """--redact was ignored for a .qdpx without a word: it carries every text as written."""
    path = str(imported_project.path)
    imported_project.close()
    assert main(["-q", "export", path, str(tmp_path / "p.qdpx"), "--redact"]) == 1
    assert "cannot be redacted" in capfd.readouterr().err and not (tmp_path / "p.qdpx").exists()
    assert main(["-q", "export", path, str(tmp_path / "p.qdpx")]) == 0
    assert "personal data NOT removed" in capfd.readouterr().out


def test_errors_python_cannot_raise_go_to_the_log_not_the_screen(tmp_path):
    code = ("from consult_analyser.paths import quiet_unraisable\nquiet_unraisable()\n"
            "def rows():\n    try:\n        yield 1\n    finally:\n        raise ValueError('writer closed late')\n"
            "g = rows(); next(g); del g\nprint('done')\n")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert run.stdout.strip() == "done" and "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    logs = list(tmp_path.rglob("errors.log"))
    assert logs and "writer closed late" in logs[0].read_text()


def test_asking_for_declared_sectors_where_none_are_declared_says_what_to_do(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "userdata"))
    survey = tmp_path / "plain.csv"
    survey.write_text("Response ID,What do you think of the proposal?\n"
                      + "".join(f"R{i},An answer about the proposal number {i}\n" for i in range(12)), encoding="utf-8")
    project = str(tmp_path / "plain.consult")
    assert main(["-q", "import", project, str(survey)]) == 0
    capfd.readouterr()
    assert main(["-q", "sectors", project, "--taxonomy", "declared"]) == 1
    err = capfd.readouterr().err
    assert "declare no recurring types" in err and "without --taxonomy declared" in err
    assert "Unexpected problem" not in err
