"""``demo``: build the bundled sample consultation into a project and run every analysis step."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from consult_analyser.cli.common import CommandError, progress_bar
from consult_analyser.ingest.importer import import_files
from consult_analyser.paths import sample_dir
from consult_analyser.store.project import Project

# (label, module, function(project, progress)) run in order when the module exists.
DEMO_STEPS: list[tuple[str, str, str]] = [
    ("sectors", "consult_analyser.pipeline.sectors.run", "classify_project"),
    ("themes", "consult_analyser.pipeline.themes.discover", "discover_project_themes"),
    ("autocode", "consult_analyser.pipeline.coding.autocode", "demo_autocode"),
]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="build the sample consultation project and run every analysis step")
    p.add_argument("project", nargs="?", default="sample.consult", help="where to write it (default: sample.consult)")
    p.add_argument("--force", action="store_true", help="replace the project if it exists")
    p.add_argument("--import-only", action="store_true", help="only import, skip the analysis steps")
    p.set_defaults(func=cmd_demo)


def build_sample_project(path: Path, *, force: bool = False, analyse: bool = True, quiet: bool = False,
                         progress=None) -> Path:  # type: ignore[no-untyped-def]
    """Create ``path`` from the bundled sample and run the analysis steps that are available."""
    data = sample_dir()
    survey = data / "online_survey.csv"
    emails = data / "emails"
    if not survey.exists():
        raise CommandError(f"the sample consultation is missing ({survey})")
    if path.exists():
        if not force:
            raise CommandError(f"{path} exists; use --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    project = Project.create(path, name="Integrated communities (sample consultation)")
    try:
        with progress_bar("import", not quiet) as bar:
            result = import_files(project, [survey] + ([emails] if emails.exists() else []), progress=progress or bar)
        print(f"imported {result.respondents:,} respondents, {result.responses:,} answers, "
              f"{result.documents:,} documents")
        if analyse:
            for label, module_name, function in DEMO_STEPS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name == module_name:
                        continue
                    raise
                with progress_bar(label, not quiet) as bar:
                    summary = getattr(module, function)(project, progress=bar)
                print(f"{label}: {summary}")
    finally:
        project.close()
    return path


def cmd_demo(args: argparse.Namespace) -> int:
    path = build_sample_project(Path(args.project), force=args.force, analyse=not args.import_only, quiet=args.quiet)
    print(f"sample project written to {path}")
    return 0
