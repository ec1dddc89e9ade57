"""Time the desktop app: opening the sample project, filtering and searching the answers table
(the sample's 3,450 respondents and a generated 100,000), and how long the UI thread is ever
blocked while theme discovery runs on the task runner. Runs headless (offscreen Qt).

    python -m benchmarks.bench_ui [--sample PROJECT] [--large PROJECT] [--respondents 100000]
                                  [--skip-large] [--skip-themes] [--runs 5]

Without --sample the bundled sample is imported and classified into a temporary project (the
themes check then discovers themes for one question from scratch). Without --large a survey of
--respondents rows is generated and imported first (this takes many minutes). Targets: open < 2 s;
filter/search < 100 ms at the sample's size and < 300 ms at 100,000; UI never blocked > 100 ms.

What is measured:
- open: from the start of a fresh process (interpreter start and every import included) until the
  main window has been shown, its first paint has been handled and the event loop is free again
  (a zero-delay timer queued by that paint has run). The project's own modules are byte-compiled
  the way an installed copy is (one warm-up run fills a temporary bytecode cache; its figure is
  printed too). Switching to the Responses and Reader views afterwards is timed the same way.
- filter/search: from the user's action (a filter picked in its combo box, the last key of a search
  typed at 8 keys a second) until the table's viewport has painted the new rows, through the
  same signals, timers and paint events a user's action goes through.
- themes: a 10 ms timer on the UI thread records how late each tick fires while discovery runs
  and the results are loaded; the UI runs its normal event loop meanwhile.
Every figure is printed with the process's CPU time beside the wall time, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
KEY_INTERVAL_S = 0.125  # typing speed for the search steps (8 keys a second)

OPEN_CHILD = r"""
import sys, time
from consult_analyser.ui.startup_probe import process_start_time
started = process_start_time()
import json, os
from PySide6.QtCore import QEvent, QObject, QTimer
from consult_analyser.ui.app import make_app
from consult_analyser.store.project import Project
from consult_analyser.ui.main_window import MainWindow
app = make_app()
if len(sys.argv) > 2:  # the view remembered from the last session
    from PySide6.QtCore import QSettings
    QSettings().setValue("main/view", sys.argv[2])
window = MainWindow(Project.open(sys.argv[1]))
result = {}

def settled(then):
    # the event loop is free once a zero-delay timer queued now has run
    QTimer.singleShot(0, then)

def paint_then(widget, then):
    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                settled(then)
            return False
    watch = Watch(widget)
    watch.seen = False
    widget.installEventFilter(watch)

def usable():
    result["open_s"] = time.time() - started
    result["open_cpu_s"] = time.process_time()
    result["view"] = window.sidebar.currentItem().text()
    switch([] if len(sys.argv) > 2 else ["responses", "reader"])

def switch(keys):
    if not keys:
        print(json.dumps(result), flush=True)
        app.quit()
        return
    t0, c0 = time.perf_counter(), time.process_time()
    def shown():
        result[keys[0] + "_s"] = time.perf_counter() - t0
        result[keys[0] + "_cpu_s"] = time.process_time() - c0
        switch(keys[1:])
    paint_then(window.stack, shown)
    window.show_view(keys[0])
    window.stack.update()

window.resize(1440, 900)
paint_then(window, usable)
window.show()
QTimer.singleShot(60000, lambda: app.exit(1))
app.exec()
window.close()
os._exit(0)
"""


def timed_open(project: Path, runs: int, last_view: str | None = None) -> tuple[list[dict], dict]:
    """Open the project in fresh processes; returns the measured runs and the warm-up run.
    ``last_view``: the view remembered from the last session, shown first."""
    cache = Path(tempfile.mkdtemp(prefix="bench-ui-pycache-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(cache), QT_QPA_PLATFORM="offscreen")
    out: list[dict] = []
    warm: dict = {}
    try:
        for run in range(runs + 1):
            settings = Path(tempfile.mkdtemp(prefix="bench-ui-settings-"))  # a first opening: no remembered view
            env["XDG_CONFIG_HOME"] = str(settings)
            wall = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", OPEN_CHILD, str(project), *([last_view] if last_view else [])],
                                  capture_output=True, text=True, check=True, cwd=REPO, env=env)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            figures["process_s"] = time.perf_counter() - wall
            shutil.rmtree(settings, ignore_errors=True)
            label = "warm-up (no bytecode cache)" if run == 0 else f"run {run}"
            then = "" if last_view else (
                f"; then Responses {figures['responses_s'] * 1000:.0f} ms ({figures['responses_cpu_s'] * 1000:.0f} CPU),"
                f" Reader {figures['reader_s'] * 1000:.0f} ms ({figures['reader_cpu_s'] * 1000:.0f} CPU)")
            print(f"  open {label}: usable after {figures['open_s']:.2f} s ({figures['open_cpu_s']:.2f} s CPU) on"
                  f" {figures['view']}{then}", flush=True)
            if run == 0:
                warm = figures
            else:
                out.append(figures)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return out, warm


def build_sample(work: Path) -> Path:
    from consult_analyser.demo import build_sample_project

    path = work / "sample.consult"
    project_path = build_sample_project(path, force=True, analyse=False)
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store.project import Project

    project = Project.open(project_path)
    try:
        classify_project(project)
    finally:
        project.close()
    return project_path


def build_large(work: Path, respondents: int) -> Path:
    out = work / "large"
    subprocess.run([sys.executable, "-m", "sample_responses.generate", "--respondents", str(respondents),
                    "--no-documents", "--out", str(out), "--quiet"], check=True, cwd=REPO)
    path = work / "large.consult"
    subprocess.run([sys.executable, "-m", "consult_analyser", "import", str(path),
                    str(out / "data" / "online_survey.csv")], check=True, cwd=REPO)
    return path


def copy_project(path: Path, work: Path, name: str) -> Path:
    target = work / name
    shutil.copy2(path, target)
    return target


class _Answered:
    """Watches the answers table: counts model changes and the viewport's paints after them."""

    def __init__(self, view) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent, QObject

        self.changes = 0
        self.last_change = 0.0
        self.last_paint = 0.0
        model = view.table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                       model.dataChanged):
            signal.connect(self._changed)
        outer = self

        class Watch(QObject):
            def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
                if event.type() == QEvent.Type.Paint:
                    outer.last_paint = time.perf_counter()
                return False

        self.watch = Watch(view.table.viewport())
        view.table.viewport().installEventFilter(self.watch)

    def _changed(self, *_args) -> None:  # type: ignore[no-untyped-def]
        self.changes += 1
        self.last_change = time.perf_counter()


def filter_latency(project_path: Path) -> tuple[list[tuple[str, float, int, float]], float]:
    """Latency of typical filter and search actions, from the user's action to the new rows painted.
    Returns the measurements and the seconds the in-memory index took to build (0 when not used)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(Project.open(project_path))
    window.resize(1440, 900)
    window.show()
    view = window.show_view("responses")
    started = time.perf_counter()
    index_seconds = 0.0
    while time.perf_counter() - started < 0.5:  # the view starts loading its index once on screen
        app.processEvents()
        time.sleep(0.01)
    task = getattr(view, "_index_task", None)
    if task is not None:  # the large project's in-memory index loads in the background first
        while not task.done.is_set() or view.model.answer_index is None:
            app.processEvents()
            time.sleep(0.01)
            if time.perf_counter() - started > 600:
                raise RuntimeError("the answer index did not finish")
        index_seconds = time.perf_counter() - started
    for _ in range(20):
        app.processEvents()
    watch = _Answered(view)
    wake = QTimer()
    wake.start(50)  # so that waiting for events never blocks for long

    def pump_until(deadline: float) -> None:
        while time.perf_counter() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)

    def wait_answered(since: int, t0: float) -> float:
        """Seconds from t0 until the rows changed and the viewport has painted them (and no filter
        is still waiting on a timer)."""
        limit = time.perf_counter() + 30
        while time.perf_counter() < limit:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            debounce = getattr(view, "_debounce", None)
            pending = debounce is not None and debounce.isActive()
            if watch.changes > since and watch.last_paint > watch.last_change and not pending:
                return time.perf_counter() - t0
        raise RuntimeError("the table never showed the new rows")

    def step(label: str, action: Callable[[], tuple[int, float, float] | None]) -> None:
        since, t0, c0 = watch.changes, time.perf_counter(), time.process_time()
        typed = action()  # typing: (changes, time, CPU time) as the last key was pressed
        if typed is not None:
            since, t0, c0 = typed
        seconds = wait_answered(since, t0)
        results.append((label, seconds, view.model.rowCount(), time.process_time() - c0))

    def pick(combo, index: int):  # type: ignore[no-untyped-def]
        return lambda: combo.setCurrentIndex(min(index, combo.count() - 1))

    def type_text(text: str):  # type: ignore[no-untyped-def]
        def go() -> tuple[int, float, float]:
            view.search.setFocus()
            QTest.keyClick(view.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            when = time.perf_counter()
            for char in text:
                pump_until(when)  # the user presses the next key on time, busy UI or not
                pressed = (watch.changes, when, time.process_time())
                QTest.keyClick(view.search, char)
                when += KEY_INTERVAL_S
            return pressed
        return go

    def clear_all() -> None:
        view.clear_button.click()

    results: list[tuple[str, float, int, float]] = []
    for _repeat in range(3):
        clear_all()
        pump_until(time.perf_counter() + 0.3)
        step("one question", pick(view.question, 2))
        step("question + sector", pick(view.sector, 3))
        step("+ type 'funding'", type_text("funding"))
        step("clear sector", pick(view.sector, 0))
        step("type phrase", type_text('"local services"'))
        step("type prefix 'integrat*'", type_text("integrat*"))
        step("all questions, search", pick(view.question, 0))
        step("not yet coded", pick(view.review, view.review.findData("uncoded")))
        step("sort by length", lambda: view.table.sortByColumn(view.model.COL_LENGTH, Qt.SortOrder.DescendingOrder))
        step("clear all", clear_all)
    wake.stop()
    QApplication.processEvents()
    window.ctx.tasks.wait(10000)
    window.close()
    return results, index_seconds


def ui_blocking_during_themes(project_path: Path, question_key: str | None) -> dict:
    """Run theme discovery for one question on the task runner while a 10 ms timer records how late
    it fires on the UI thread (which runs its ordinary event loop), until the themes are shown."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(Project.open(project_path))
    window.resize(1440, 900)
    window.show()
    view = window.show_view("themes")
    if question_key:
        index = next(i for i in range(view.question.count()) if view.question.itemText(i).split()[0] == question_key)
        view.question.setCurrentIndex(index)
    for _ in range(20):
        app.processEvents()
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)

    def tick() -> None:
        now = clock.elapsed()
        lateness.append(max(0.0, now - last[0] - 10))
        last[0] = now

    timer.timeout.connect(tick)
    loop = QEventLoop()
    c0 = time.process_time()
    started = time.perf_counter()
    timer.start()
    view.discover()
    task = view.discover_task
    errors: list[str] = []
    task.signals.failed.connect(lambda message, trace: errors.append(message))
    window.ctx.tasks.ended.connect(lambda ended: ended is task and QTimer.singleShot(500, loop.quit))  # shown: stop
    loop.exec()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - c0
    timer.stop()
    window.ctx.tasks.wait(10000)
    themes = view.model.rowCount()
    window.close()
    ordered = sorted(lateness)
    return {"question": view.question.currentText().split()[0], "seconds": seconds, "cpu": cpu, "themes": themes,
            "ticks": len(lateness), "max_ms": ordered[-1] if ordered else 0.0,
            "p99_ms": ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0,
            "over_100ms": sum(1 for v in lateness if v > 100), "over_50ms": sum(1 for v in lateness if v > 50),
            "error": errors[0] if errors else task.error}


def summarise(label: str, results: list[tuple[str, float, int, float]], target_ms: float) -> list[str]:
    """One line per action: wall-clock latency (the target applies to it) and the CPU time this
    process spent, which is what the same step costs on an otherwise idle machine."""
    lines = []
    walls: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    rows: dict[str, int] = {}
    for action, seconds, n, cpu in results:
        walls.setdefault(action, []).append(seconds * 1000)
        cpus.setdefault(action, []).append(cpu * 1000)
        rows[action] = n
    for action, values in walls.items():
        worst = max(values)
        lines.append(f"  {label:6} {action:24} {rows[action]:>8,} rows  wall median {statistics.median(values):6.1f} ms"
                     f" max {worst:6.1f} ms | cpu median {statistics.median(cpus[action]):6.1f} ms"
                     f"  {'met' if worst < target_ms else 'MISSED'} (< {target_ms:.0f} ms)")
    return lines


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=Path, help="a built sample project (else built from the bundled data)")
    parser.add_argument("--large", type=Path, help="a project of --respondents respondents (else generated)")
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="timed opens (after one warm-up)")
    parser.add_argument("--skip-open", action="store_true")
    parser.add_argument("--skip-sample", action="store_true", help="skip filtering at the sample's size")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-themes", action="store_true")
    parser.add_argument("--question", default=None, help="question key for the themes check (default: the first)")
    args = parser.parse_args()
    # Keep the remembered layout (last view, column choices) of whoever runs this out of the figures.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="bench-ui-settings-")
    report: list[str] = [f"  at start: {_load()}"]
    cpu_start = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sample = args.sample or build_sample(work)
        print(f"sample project: {sample}", flush=True)
        if not args.skip_open:
            opens, warm = timed_open(copy_project(sample, work, "open.consult"), args.runs)
            walls = [o["open_s"] for o in opens]
            report.append(f"  open sample to a usable window: median {statistics.median(walls):.2f} s, max "
                          f"{max(walls):.2f} s wall | CPU median "
                          f"{statistics.median(o['open_cpu_s'] for o in opens):.2f} s  "
                          f"{'met' if max(walls) < 2.0 else 'MISSED'} (< 2 s)  [no bytecode cache: {warm['open_s']:.2f} s]")
            for key in ("responses", "reader"):
                report.append(f"  then show {key}: median {statistics.median(o[key + '_s'] for o in opens) * 1000:.0f}"
                              f" ms wall, {statistics.median(o[key + '_cpu_s'] for o in opens) * 1000:.0f} ms CPU")
            for view in ("responses", "reader"):  # reopened where the last session ended
                again, _warm = timed_open(copy_project(sample, work, "open.consult"), max(1, args.runs // 2), view)
                walls = [o["open_s"] for o in again]
                report.append(f"  reopen on {view}: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s wall |"
                              f" CPU median {statistics.median(o['open_cpu_s'] for o in again):.2f} s"
                              f"  {'met' if max(walls) < 2.0 else 'MISSED'} (< 2 s)")
        if not args.skip_sample:
            results, _ = filter_latency(copy_project(sample, work, "filter.consult"))
            report += summarise("sample", results, 100)
            report.append(f"  ({_load()})")
        if not args.skip_large:
            large = args.large or build_large(work, args.respondents)
            results, index_seconds = filter_latency(copy_project(large, work, "large-filter.consult"))
            report.append(f"  {args.respondents // 1000}k: in-memory answer index built in the background in"
                          f" {index_seconds:.1f} s")
            report += summarise(f"{args.respondents // 1000}k", results, 300)
            report.append(f"  ({_load()})")
        if not args.skip_themes:
            blocking = ui_blocking_during_themes(copy_project(sample, work, "themes.consult"), args.question)
            report.append(
                f"  themes {blocking['question']}: discovery {blocking['seconds']:.1f} s wall"
                f" ({blocking['cpu']:.1f} s CPU in the app's process), {blocking['themes']} themes;"
                f" UI timer lateness max {blocking['max_ms']:.0f} ms, p99 {blocking['p99_ms']:.0f} ms,"
                f" {blocking['over_100ms']} of {blocking['ticks']} ticks > 100 ms ({blocking['over_50ms']} > 50 ms)"
                f"  {'met' if blocking['max_ms'] <= 100 else 'MISSED'} (never > 100 ms)"
                + (f"  ERROR: {blocking['error']}" if blocking["error"] else ""))
    usage = os.times()
    report.append(f"  at end: {_load()}; this process {time.process_time() - cpu_start:.1f} s CPU,"
                  f" children {usage.children_user + usage.children_system:.1f} s CPU")
    print("\nDesktop app benchmark")
    print("\n".join(report))
    print(f"  (machine: {os.cpu_count()} cores; wall-clock figures are inflated by other work on the machine,"
          " CPU figures are not)")
    print(json.dumps({"python": sys.version.split()[0], "loadavg": os.getloadavg()}))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: destroying several Qt windows' wrappers at exit can crash PySide6


if __name__ == "__main__":
    main()
