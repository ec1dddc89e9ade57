"""Long commands say how far they are even when their output goes to a log, not a terminal."""

from __future__ import annotations

from consult_analyser.cli.common import progress_bar


def test_progress_without_a_terminal_prints_plain_lines(capsys):  # type: ignore[no-untyped-def]
    with progress_bar("demo") as progress:  # pytest's captured stderr is not a terminal
        progress(0.25, "themes Q3")
        progress(0.26, "themes Q3")  # within 10 s of the last line: not repeated
    err = capsys.readouterr().err
    assert err.count("demo: 25% themes Q3") == 1 and "26%" not in err
    with progress_bar("demo", enabled=False) as progress:  # --quiet
        progress(0.5, "x")
    assert capsys.readouterr().err == ""
