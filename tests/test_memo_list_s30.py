"""``memo`` lists each memo with where it is: the respondent id and question key of an answer memo, the
respondent, the code's path, the theme or the project (a trial's listing said only "[response]")."""

from __future__ import annotations

import pytest

from consult_analyser.cli import main
from consult_analyser.domain import new_id, now_iso
from consult_analyser.store import memos
from consult_analyser.store.project import Project


@pytest.fixture
def project(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    survey = tmp_path / "survey.csv"
    survey.write_text("ID,What do you think of the bus plan?,Anything else?\nR1,Buses are far too slow,No\n"
                      "R2,Schools need the money,Trains too\n", encoding="utf-8")
    path = tmp_path / "p.consult"
    assert main(["-q", "import", str(path), str(survey)]) == 0
    sheet = tmp_path / "codebook.csv"
    sheet.write_text("path\nTransport > Buses\n", encoding="utf-8")
    assert main(["codebook", str(path), "--import", str(sheet)]) == 0
    return path


def test_memo_listing_says_where_each_memo_is(project, capsys):  # type: ignore[no-untyped-def]
    with Project.open(project) as p:
        question, key = tuple(p.query("SELECT id, key FROM questions WHERE text = 'Anything else?'")[0])
        theme = new_id()
        with p.transaction() as conn:
            conn.execute("INSERT INTO themes(id, question_id, label, created_at, updated_at) VALUES (?, ?, 'Cost', ?, ?)",
                         (theme, question, now_iso(), now_iso()))
        memos.add_memo(p, "theme", theme, "theme note")
    assert main(["memo", str(project), "--answer", "R2", "Anything else?", "--text", "answer note"]) == 0
    assert main(["memo", str(project), "--respondent", "R1", "--text", "respondent note"]) == 0
    assert main(["memo", str(project), "--code", "Buses", "--text", "code note"]) == 0
    assert main(["memo", str(project), "--on-project", "--text", "project note"]) == 0
    capsys.readouterr()
    assert main(["memo", str(project)]) == 0
    by_text = {line.rsplit(": ", 1)[1]: line for line in capsys.readouterr().out.splitlines()}
    assert by_text["answer note"].startswith(f"[answer R2 {key}] ")  # respondent id and question key
    assert by_text["respondent note"].startswith("[respondent R1] ")
    assert by_text["code note"].startswith("[code Transport > Buses] ")
    assert by_text["project note"].startswith("[project] ")
    assert by_text["theme note"].startswith(f"[theme 'Cost' ({key})] ")
    assert main(["memo", str(project), "--answer", "R2", key]) == 0  # one target: still said
    shown = capsys.readouterr().out
    assert shown.startswith(f"[answer R2 {key}] ") and shown.rstrip().endswith(": answer note")
