"""Where a file dialog opens: the folder the user last chose a file in, else the folder the app was started
from. "New project" and "Add files…" opened in the home folder, wherever the files were (a trial typed
its path in full each time)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

LAST_FOLDER_KEY = "dialogs/last_folder"


def start_folder() -> Path:
    """The last folder a file was chosen in (while it exists), else the current working folder."""
    saved = QSettings().value(LAST_FOLDER_KEY, "")
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    try:
        return Path.cwd()
    except OSError:  # the working folder was removed meanwhile
        return Path.home()


def remember_folder(chosen: str | Path) -> None:
    """Remember where ``chosen`` (a file or a folder the user picked) is, for the next dialog."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if str(chosen) and folder.is_dir():
        QSettings().setValue(LAST_FOLDER_KEY, str(folder.resolve()))
