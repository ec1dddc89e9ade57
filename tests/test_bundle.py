"""The desktop bundle: build it with PyInstaller, then run its self-test with no network and with the
install folder read-only. Slow (a build takes many minutes): run with ``pytest --runslow``.

Set CONSULT_BUNDLE to an already built bundle folder to skip the build.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "Consult Analyser"
EXE_NAME = "Consult Analyser.exe" if sys.platform == "win32" else "Consult Analyser"


@pytest.fixture(scope="module")
def bundle() -> Path:
    prebuilt = os.environ.get("CONSULT_BUNDLE")
    if prebuilt:
        return Path(prebuilt)
    pytest.importorskip("PyInstaller")
    result = subprocess.run([sys.executable, str(REPO / "build_spec" / "build.py")], cwd=REPO,
                            capture_output=True, text=True, timeout=3 * 3600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (BUNDLE / EXE_NAME).exists()
    return BUNDLE


def _offline(command: list[str]) -> list[str]:
    """Run ``command`` in a new network namespace (no network at all) when this machine allows it."""
    unshare = shutil.which("unshare")
    if sys.platform.startswith("linux") and unshare and hasattr(os, "geteuid") and os.geteuid() == 0:
        return [unshare, "-n", *command]
    return command


def _set_writable(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.mark.slow
def test_bundle_self_test_offline_and_read_only(bundle: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "user"))
    for key in ("PYTHONPATH", "CONSULT_RESOURCES"):
        env.pop(key, None)  # the bundle must find everything by itself
    _set_writable(bundle, False)
    try:
        result = subprocess.run(_offline([str(bundle / EXE_NAME), "--self-test"]), env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=3600)
    finally:
        _set_writable(bundle, True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert "FAILED" not in result.stdout


@pytest.mark.slow
def test_bundle_leaves_out_what_the_app_does_not_use(bundle: Path) -> None:
    """No JIT compiler, UMAP/HDBSCAN, plotting, torch, tests or compiled-module sources in the bundle."""
    internal = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    top = {p.name.split("-")[0].lower() for p in internal.iterdir()}
    unwanted = {"numba", "llvmlite", "umap", "umap_learn", "pynndescent", "hdbscan", "plotly", "torch", "matplotlib"}
    assert not top & unwanted
    strays = [p for p in internal.rglob("*") if p.name in {"tests", "__pycache__", "meson.build"}
              or p.suffix in {".pyx", ".pxd", ".pyi"}]
    assert not strays, strays[:10]


@pytest.mark.slow
def test_bundle_command_line(bundle: Path, tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "user"))
    result = subprocess.run(_offline([str(bundle / EXE_NAME), "--version"]), env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
