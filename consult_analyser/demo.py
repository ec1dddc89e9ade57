"""The bundled sample consultation as a project: import it, then run every analysis step.

Used by the ``demo`` command, the app's "open the sample" path, the self-test and benchmarks; it
takes plain callbacks (progress, log) and knows nothing of the command line or the GUI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from consult_analyser.errors import ProjectError
from consult_analyser.ingest.importer import import_files
from consult_analyser.paths import sample_dir
from consult_analyser.pipeline.letters.run import map_letters
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store.project import Project

StepFn = Callable[..., Any]


def analysis_steps() -> list[tuple[str, StepFn]]:
    """The analysis steps in order, each ``fn(project, progress=...) -> summary``. Imported here,
    not at module level: the theme and coding stacks take seconds to load and opening the sample
    in the app must not wait for them."""
    from consult_analyser.pipeline.coding.autocode import demo_autocode
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.pipeline.themes.discover import discover_project_themes

    return [("sectors", classify_project), ("themes", discover_project_themes), ("autocode", demo_autocode)]


def run_analysis(project: Project, progress: ProgressFn | None = None,
                 log: Callable[[str], None] | None = None) -> None:
    """Run every analysis step on ``project`` (sectors, themes, suggestions)."""
    progress = progress or null_progress
    steps = analysis_steps()
    for number, (label, fn) in enumerate(steps):
        summary = fn(project, progress=scaled(progress, number / len(steps), (number + 1) / len(steps)))
        if log:
            log(f"{label}: {summary}")


def build_sample_project(path: Path, *, force: bool = False, analyse: bool = True,
                         progress: ProgressFn | None = None, log: Callable[[str], None] | None = None) -> Path:
    """Create ``path`` from the bundled sample and, with ``analyse``, run every analysis step."""
    data = sample_dir()
    survey = data / "online_survey.csv"
    emails = data / "emails"
    if not survey.exists():
        raise ProjectError(f"the sample consultation is missing ({survey})")
    if path.exists():
        if not force:
            raise ProjectError(f"{path} exists; use --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    progress = progress or null_progress
    project = Project.create(path, name="Integrated communities (sample consultation)")
    try:
        result = import_files(project, [survey] + ([emails] if emails.exists() else []),
                              progress=scaled(progress, 0.0, 0.2 if analyse else 1.0))
        if log:
            log(f"imported {result.respondents:,} respondents, {result.responses:,} answers, "
                f"{result.documents:,} documents")
        if result.documents:
            letters = map_letters(project)
            if log:
                log(f"letters: {letters.mapped:,} passages mapped to questions, {letters.letter_answers:,} letter answers")
        if analyse:
            run_analysis(project, scaled(progress, 0.2, 1.0), log)
    finally:
        project.close()
    return path
