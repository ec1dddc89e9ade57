"""Runs and exports a killed process left unfinished (store.runs): said on reopening, once per run, by the
command line's ``info`` and beside each question the run did not do; an export's part-written files
are removed by the next export there (a trial's kill -9 left ``annex.xlsx.head.part`` for good)."""

from __future__ import annotations

import datetime
import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from consult_analyser.store import runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from tests.conftest import write_survey


@pytest.fixture
def path(tmp_path: Path) -> Path:
    from consult_analyser.cli.main import main

    target = tmp_path / "p.consult"
    assert main(["-q", "import", str(target), str(write_survey(tmp_path / "s.csv"))]) == 0
    return target


def _as_if_killed(project: Project) -> None:
    """The records as a process that ended without finishing its runs left them (another process's token)."""
    stored = json.loads(project.get_meta(runs.RUNS_META))
    for run in stored:
        run["token"] = "a process that was killed"
        run["pid"] = 2 ** 22 + 17  # (no such process)
    with project.transaction():
        project.set_meta(runs.RUNS_META, json.dumps(stored))


def _keys(project: Project) -> list[str]:
    return [r[0] for r in project.query("SELECT key FROM questions ORDER BY position")]


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parent.parent)


def test_a_theme_run_killed_during_a_question_is_named_with_what_it_left(path, capsys):  # type: ignore[no-untyped-def]
    from consult_analyser.cli.main import main

    with Project.open(path) as project:
        keys = _keys(project)[:3]
        assert len(keys) == 3
        store_themes.run_starting(project, keys)
        store_themes.run_done(project, keys[0])
        # while it works, nothing is said: it is not interrupted
        assert runs.notices(project) == [] and store_themes.unfinished_note(project, keys[1]) == ""
        _as_if_killed(project)
        at = runs.when(runs.unfinished(project)[0])
    with Project.open(path) as project:
        notices = runs.notices(project)
        assert notices == [f"The theme run of {at} was interrupted during {keys[1]}; {keys[1]} and {keys[2]} kept "
                           "their earlier themes (if any): find themes again for them"]
        # each question says it accurately: killed during the second, before it reached the third
        assert store_themes.unfinished_note(project, keys[1]).startswith(
            f"the theme run of {at} was interrupted during {keys[1]}, which kept its earlier themes")
        assert f"during {keys[1]}, before it reached {keys[2]}, which kept" in store_themes.unfinished_note(project, keys[2])
        assert store_themes.unfinished_note(project, keys[0]) == ""
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"note: The theme run of {at} was interrupted during {keys[1]}" in out
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["interrupted"] == notices
    # found again, question by question: the notice goes with the last of them
    with Project.open(path) as project:
        store_themes.run_starting(project, [keys[1]])
        store_themes.run_done(project, keys[1])
        assert [n.split("; ")[1] for n in runs.notices(project)] == [f"{keys[2]} kept its earlier themes (if any)"
                                                                     ": find themes again for them"]
        store_themes.run_starting(project, [keys[2]])
        store_themes.run_done(project, keys[2])
        assert runs.notices(project) == []


def test_saving_a_questions_themes_marks_it_done_in_the_same_transaction(path):  # type: ignore[no-untyped-def]
    from consult_analyser.store import theme_runs

    with Project.open(path) as project:
        keys = _keys(project)[:2]
        store_themes.run_starting(project, keys)
        question_id = project.scalar("SELECT id FROM questions WHERE key = ?", (keys[0],))
        theme_runs.save_run(project, question_id, model="stand-in", params={}, themes=[], assignments=[])
        assert store_themes.unfinished(project) == [keys[1]]


def test_a_cancelled_run_leaves_nothing_to_say(path):  # type: ignore[no-untyped-def]
    """(trial 51: a cancel left things as they were, yet the run was said as stale themes; a failed run is said)"""
    with Project.open(path) as project:
        keys = _keys(project)[:2]
        run_id = store_themes.run_starting(project, keys)
        store_themes.run_stopped(project, run_id, "cancelled")
        assert runs.notices(project) == [] and store_themes.unfinished_note(project, keys[0]) == ""
        run_id = store_themes.run_starting(project, keys)
        store_themes.run_stopped(project, run_id, "failed")
        assert "stopped on an error during" in runs.notices(project)[0]


def test_a_reader_says_nothing_of_a_run_still_working_in_another_process(path):  # type: ignore[no-untyped-def]
    with Project.open(path) as project:
        keys = _keys(project)[:1]
        store_themes.run_starting(project, keys)
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with Project.open(path) as project:
            stored = json.loads(project.get_meta(runs.RUNS_META))
            stored[0]["token"], stored[0]["pid"] = "another program", worker.pid
            with project.transaction():
                project.set_meta(runs.RUNS_META, json.dumps(stored))
        with Project.open(path, readonly=True) as reader:  # (`info` while the app runs themes)
            assert runs.notices(reader) == []
    finally:
        worker.kill()
        worker.wait()
    with Project.open(path, readonly=True) as reader:  # that process gone without finishing: interrupted
        assert "was interrupted during" in runs.notices(reader)[0]


def test_a_sector_run_killed_part_way_is_said_on_reopening(path, capsys):  # type: ignore[no-untyped-def]
    """A real run, killed (SIGKILL) while the model trains: nothing saved, and reopening says so."""
    from consult_analyser.cli.main import main

    with Project.open(path) as project:
        before = project.scalar("SELECT COUNT(*) FROM sector_assignments")
    done = _run("""
        import os, signal, sys
        from consult_analyser.pipeline.sectors.run import SectorReview
        from consult_analyser.store.project import Project
        project = Project.open(sys.argv[1])
        def progress(fraction, message=""):
            if fraction > 0.05:
                os.kill(os.getpid(), signal.SIGKILL)
        SectorReview(project, progress=progress).run()
        """, str(path))
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Project.open(path) as project:
        assert project.scalar("SELECT COUNT(*) FROM sector_assignments") == before
        notices = runs.notices(project)
        assert len(notices) == 1 and notices[0].startswith("The sector run of ")
        assert "was interrupted before it saved anything: every respondent's sector is as it was" in notices[0]
    assert main(["info", str(path)]) == 0
    assert "note: The sector run of " in capsys.readouterr().out
    from consult_analyser.pipeline.sectors.run import classify_project

    with Project.open(path) as project:  # run again to the end: nothing more to say
        classify_project(project)
        assert runs.notices(project) == []


def test_a_killed_export_leaves_a_part_file_the_next_export_removes_and_says(path, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.export import files

    out = tmp_path / "out" / "annex.xlsx"
    out.parent.mkdir()
    done = _run("""
        import os, signal, sys
        from pathlib import Path
        from consult_analyser.export import annex_xlsx, files
        from consult_analyser.store.project import Project
        project = Project.open(sys.argv[1])  # as the app's export does: its project open for writing
        out = Path(sys.argv[2])
        def killed(*args, **kwargs):  # the workbook's head saved, its long sheets being written
            assert list(out.parent.glob("*.part"))
            os.kill(os.getpid(), signal.SIGKILL)
        annex_xlsx.fill_sheets = killed
        files.export_file(project, out, files.ExportOptions(front="app"))
        """, str(path), str(out))
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = sorted(p.name for p in out.parent.iterdir())
    assert left and all(name.startswith("annex.xlsx") and ".part" in name for name in left) and not out.exists()
    with Project.open(path, readonly=True) as reader:  # the command line's `info` says it
        assert any("to " + str(out) + " was interrupted" in n for n in runs.notices(reader))
    with Project.open(path) as project:  # the app reopening: the part file removed, said once
        said = files.clear_interrupted_exports(project)
        assert len(said) == 1 and "was interrupted" in said[0] and "were removed" in said[0]
        assert list(out.parent.iterdir()) == []
        assert files.clear_interrupted_exports(project) == [] and runs.notices(project) == []
    # the command line (a read-only project records nothing): the next export there removes what was left
    (out.parent / "annex.xlsx.head.part").write_bytes(b"PK half")
    (out.parent / "annex.xlsx.head.part.alt").write_bytes(b"PK half")
    (out.parent / "other.xlsx.part").write_bytes(b"someone else's")
    with Project.open(path, readonly=True) as reader:
        message = files.export_file(reader, out)
    assert out.exists()
    assert "note: an earlier export of annex.xlsx was interrupted; the part-written file(s) it left " \
           "(annex.xlsx.head.part, annex.xlsx.head.part.alt) were removed" in message
    assert sorted(p.name for p in out.parent.iterdir()) == ["annex.xlsx", "other.xlsx.part"]


def test_records_from_before_runs_had_times_still_read(path):  # type: ignore[no-untyped-def]
    with Project.open(path) as project:
        keys = _keys(project)[:2]
        with project.transaction():
            project.set_meta(store_themes.UNFINISHED_META, json.dumps(keys))
        assert store_themes.unfinished(project) == keys
        assert "an earlier theme run stopped before it finished" in store_themes.unfinished_note(project, keys[1])
        store_themes.run_starting(project, keys)  # taken over by the new run, then done
        for key in keys:
            store_themes.run_done(project, key)
        assert store_themes.unfinished(project) == [] and project.get_meta(store_themes.UNFINISHED_META) == ""


def test_wording_of_spans_and_times() -> None:
    order = ["Q1", "Q2", "Q3", "Q4", "C1"]
    assert runs.spans(["Q2", "Q3", "Q4", "C1"], order) == "Q2–C1"
    assert runs.spans(["Q2", "Q4", "C1"], order) == "Q2, Q4 and C1"
    assert runs.spans(["Q2"], order) == "Q2"
    assert runs.when(runs.Run("x", runs.THEMES, started_at="")) == ""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    assert runs.when(runs.Run("x", runs.THEMES, started_at=now.isoformat())) == now.astimezone().strftime("%H:%M")
    old = datetime.datetime(2020, 5, 3, 13, 29, tzinfo=datetime.UTC).astimezone()
    assert runs.when(runs.Run("x", runs.THEMES, started_at="2020-05-03T13:29:00+00:00")) == \
        f"{old.day} {old.strftime('%b')} 2020 {old.strftime('%H:%M')}"
