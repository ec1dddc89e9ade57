"""Where bundled resources live, in a source checkout and in a frozen desktop bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder holding ``models/`` and ``sample_responses/``."""
    override = os.environ.get("CONSULT_RESOURCES")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):  # PyInstaller bundle
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[1]


def models_dir() -> Path:
    return resource_root() / "models"


def sample_dir() -> Path:
    return resource_root() / "sample_responses" / "data"


def user_data_dir() -> Path:
    """A writable per-user folder (caches, recent projects, settings)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    path = base / "ConsultAnalyser"
    path.mkdir(parents=True, exist_ok=True)
    return path


def configure_runtime() -> None:
    """Make sure no library tries to reach a model hub or send telemetry and that tokenizers do
    not start their own thread pools. Call before importing any model library.

    onnxruntime (1.2x and later) starts a background uploader when its environment is created
    that, about 30 seconds later, looks up ``mobile.events.data.microsoft.com`` and sends usage
    events (and keeps a device id under ``~/.cache/Microsoft/DeveloperTools``);
    ``disable_telemetry_events()`` alone does not stop the uploader, the environment variable
    read when onnxruntime loads does. It is forced, not defaulted: nothing may turn it back on."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def error_log_path() -> Path:
    """The file where unexpected errors are written with their traceback."""
    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "errors.log"


def log_unexpected(exc: BaseException, *, step: str, files: list[str] | None = None, undone: bool = True) -> str:
    """Write ``exc``'s traceback to the error log and return the one paragraph a user sees: what
    failed, at which step and on which file, that the project is as it was (``undone``; a step
    that fails after others were kept says nothing of the kind), and where the details are."""
    import datetime
    import traceback

    where = f" ({', '.join(str(f) for f in files if f)})" if files and any(files) else ""
    try:
        log = error_log_path()
        with log.open("a", encoding="utf-8", errors="backslashreplace") as fh:  # (a file name's stray bytes too)
            fh.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')} {step}{where}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        details = f"The details are in {log}; please send that file with a description of what you did."
    except OSError as log_error:
        details = f"(The details could not be written to the error log: {log_error}.)"
    reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return (f"Unexpected problem while {step}{where}: {exc.__class__.__name__}"
            + (f" ({reason})" if reason else "")
            + (". Nothing was changed: a project only keeps changes that complete. " if undone else ". ") + details)


def quiet_unraisable() -> None:
    """Errors Python cannot raise (in a generator closed as it is collected, e.g. a spreadsheet
    writer's after its disk filled up) go to the error log, not to the screen: the user has already
    been told, in one line, what failed. Call once at start-up."""
    import sys

    def hook(unraisable) -> None:  # type: ignore[no-untyped-def]  # sys.UnraisableHookArgs
        exc = unraisable.exc_value
        if exc is None:
            return
        exc.__traceback__ = unraisable.exc_traceback
        try:
            log_unexpected(exc, step=f"cleaning up ({unraisable.err_msg or 'ignored exception'})", undone=False)
        except Exception:  # noqa: BLE001 - a failing log must not fail the application
            pass

    sys.unraisablehook = hook


def prune_cache(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently written files matching ``pattern`` in a cache folder
    (each version of the application, or each set of languages, writes its own; they piled up to
    hundreds of megabytes)."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in found[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
