"""A headless check that an installation works end to end, offline.

Builds the bundled sample into a temporary folder, classifies sectors, discovers the themes of
one question, writes an annex, renders one view offscreen, and exits 0 when every step passed.
Used by the desktop bundle (``Consult Analyser --self-test``) and ``consult-analyser self-test``.

Where the platform allows (Linux with ``strace``), the steps run in a child process traced by
:mod:`consult_analyser.netcheck`, and a last step fails if any of them opened a socket outside
this machine (a DNS query included); elsewhere that step is reported as skipped, with the reason.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path


def _step(name: str, fn: Callable[[], str], results: list[tuple[str, bool, float, str]]) -> bool:
    start = time.perf_counter()
    try:
        detail = fn()
        ok = True
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none hidden
        detail = f"{exc.__class__.__name__}: {exc}\n{traceback.format_exc()}"
        ok = False
    elapsed = time.perf_counter() - start
    results.append((name, ok, elapsed, detail))
    print(f"[{'ok' if ok else 'FAILED'}] {name} ({elapsed:.1f} s): {detail.splitlines()[0] if detail else ''}",
          flush=True)
    return ok


_CHILD = "CONSULT_SELFTEST_TRACED"


def _child_argv(workdir: str | Path | None) -> list[str]:
    extra = [str(workdir)] if workdir else []
    if getattr(sys, "frozen", False):  # the desktop bundle
        return [sys.executable, "--self-test", *extra]
    return [sys.executable, "-m", "consult_analyser.selftest", *extra]


def run_self_test(workdir: str | Path | None = None) -> int:
    """Run every step in ``workdir`` (default: a temporary folder), print one line per step, and
    return 0 when all passed, 1 otherwise. The steps run under the network check when it can run."""
    from consult_analyser.netcheck import can_trace, run_traced

    if os.environ.get(_CHILD):
        return _run_steps(workdir)
    reason = can_trace()
    if reason is not None:
        code = _run_steps(workdir)
        print(f"[skipped] no network access: {reason}")
        return code
    env = dict(os.environ, **{_CHILD: "1"})
    start = time.perf_counter()
    traced = run_traced(_child_argv(workdir), env=env, echo=True)
    elapsed = time.perf_counter() - start
    if traced.outside or traced.internet:
        seen = traced.outside or traced.internet
        print(f"[FAILED] no network access ({elapsed:.1f} s): {len(seen)} internet socket call(s)"
              f"{' outside this machine' if traced.outside else ''}, e.g. {seen[0]}")
        return 1
    print(f"[ok] no network access ({elapsed:.1f} s): {traced.calls} network system calls traced, no internet "
          "socket opened")
    return traced.returncode


def _run_steps(workdir: str | Path | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from consult_analyser.paths import configure_runtime

    configure_runtime()
    from consult_analyser.demo import build_sample_project
    from consult_analyser.store.project import Project

    results: list[tuple[str, bool, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="consult-selftest-") as tmp:
        folder = Path(workdir) if workdir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        project_path = folder / "selftest.consult"
        if project_path.exists():
            project_path.unlink()

        def build() -> str:
            build_sample_project(project_path, analyse=False)
            return f"sample imported into {project_path.name}"

        if not _step("import the sample consultation", build, results):
            return 1
        project = Project.open(project_path)
        try:
            def sectors() -> str:
                from consult_analyser.pipeline.sectors.run import classify_project

                return classify_project(project)

            def themes() -> str:
                from consult_analyser.pipeline.themes.discover import discover_project_themes
                from consult_analyser.store.questions import list_questions

                question = list_questions(project, open_only=True)[0]
                return discover_project_themes(project, question=question.key)

            def annex() -> str:
                from consult_analyser.export.annex_xlsx import export_annex

                out = folder / "annex.xlsx"
                export_annex(project, out)
                return f"annex written ({out.stat().st_size:,} bytes)"

            _step("classify sectors", sectors, results)
            _step("discover themes of one question", themes, results)
            _step("write the Excel annex", annex, results)
        finally:
            project.close()

        def render() -> str:
            from consult_analyser.ui.app import headless_settings, screenshot

            headless_settings()  # the window it draws must not become the size the next real launch opens at
            out = folder / "view.png"
            code = screenshot(out, project_path, "dashboard")
            if code != 0 or not out.exists() or out.stat().st_size < 1000:
                raise RuntimeError("the view did not render")
            return f"dashboard rendered ({out.stat().st_size:,} bytes)"

        _step("render a view offscreen", render, results)
    failed = [name for name, ok, _t, _d in results if not ok]
    print(f"self-test: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_self_test(sys.argv[1] if len(sys.argv) > 1 else None))
