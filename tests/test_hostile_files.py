"""Files written to hurt: each is refused within seconds, in bounded memory, with a message that
names the file, no traceback, and the project left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, write_survey
from tests.hostile import CASES

MEMORY_LIMIT = 500 * 1024 * 1024
TIME_LIMIT = 30.0  # seconds, start-up of the command line included (about 2 s)


# The command line, reporting its own peak memory (VmHWM) as it exits: a forked child's
# ru_maxrss would include the test process's own size from before the exec.
LAUNCH = r"""
import atexit, sys
def _peak():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                sys.stdout.write(f"\nPEAK_KB {line.split()[1]}\n")
                sys.stdout.flush()
atexit.register(_peak)
from consult_analyser.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _cli(*args: str, timeout: float = 120) -> tuple[int, str, float, int]:
    """(exit code, stdout + stderr, seconds, peak resident bytes) of one CLI run."""
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", LAUNCH, "-q", *args], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{args} did not return within {timeout} s: {(exc.output or b'').decode(errors='replace')[-500:]}")
    elapsed = time.perf_counter() - start
    out = done.stdout.decode(errors="replace")
    peak = re.search(r"PEAK_KB (\d+)", out)
    assert peak, out[-2000:]
    return done.returncode, out[:peak.start()], elapsed, int(peak.group(1)) * 1024


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        part = Path(str(path) + suffix)
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-project")
    path = folder / "p.consult"
    code, out, _, _ = _cli("import", str(path), str(write_survey(folder / "survey.csv")))
    assert code == 0, out
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_refused(case: str, project: Path, tmp_path: Path) -> None:
    made = CASES[case](tmp_path)
    before = _checksum(project)
    if case.startswith("codebook"):
        args = ("codebook", str(project), "--import", str(made))
    else:
        args = ("import", str(project), str(made))
    code, out, elapsed, peak = _cli(*args)
    assert "Traceback" not in out, out[-3000:]
    assert elapsed < TIME_LIMIT, f"{case}: {elapsed:.1f} s"
    assert peak < MEMORY_LIMIT, f"{case}: {peak / 2**20:.0f} MB"
    if case == "xlsx far dimension":  # only the cells that hold data are read: the two real rows
        assert code == 0 and "imported 1 respondents" in out, out[-2000:]
        return
    # Refused with a message naming the file, or read with a warning about the part it skipped.
    assert made.name in out, out[-2000:]
    if code == 0:
        assert "warning" in out, out[-2000:]
    else:
        assert "error:" in out, out[-2000:]
        assert _checksum(project) == before, f"{case}: the project changed"
    print(f"{case}: exit {code}, {elapsed:.1f} s, {peak / 2**20:.0f} MB: {out.strip().splitlines()[-1][:160]}")


def test_codebook_csv_nested_deep(project: Path, tmp_path: Path) -> None:
    from tests.hostile import codebook_deep_csv

    made = codebook_deep_csv(tmp_path)
    before = _checksum(project)
    code, out, elapsed, _ = _cli("codebook", str(project), "--import", str(made))
    assert code != 0 and "Traceback" not in out and made.name in out and "levels" in out, out[-2000:]
    assert _checksum(project) == before
    assert elapsed < TIME_LIMIT


def test_time_budget_refuses_a_slow_read(tmp_path: Path) -> None:
    from consult_analyser.errors import IngestError
    from consult_analyser.ingest.limits import TimeBudget

    budget = TimeBudget(tmp_path / "slow.pdf", seconds=0.0)
    time.sleep(0.01)
    with pytest.raises(IngestError, match="longer than the 0 s allowed"):
        budget.check("page 3 of 900")
