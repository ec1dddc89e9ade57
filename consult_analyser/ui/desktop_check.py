"""Can the desktop app open a window here? Checked before Qt starts, which otherwise aborts the
process with its own message when it finds no display or lacks a system library.

Standard library only: ``make run`` runs this file by path (``python3 consult_analyser/ui/desktop_check.py``)
before anything is installed, and ``consult-analyser gui`` calls :func:`problem` before making the app.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

#: the libraries Qt's X11 platform plugin loads that a minimal Linux system may lack, with the
#: Debian/Ubuntu package of each
LINUX_LIBRARIES = [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"), ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-randr.so.0", "libxcb-randr0"), ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"), ("libdbus-1.so.3", "libdbus-1-3"),
]
FEDORA = "xcb-util-cursor xcb-util-wm xcb-util-keysyms xcb-util-image xcb-util-renderutil libxkbcommon-x11"
WITHOUT_A_WINDOW = ("Without a window, the command line (consult-analyser import, sectors, themes, export ...) "
                    "and 'consult-analyser gui --screenshot FILE' still work.")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loads: Callable[[str], bool] = _loads) -> list[tuple[str, str]]:
    """The (library, Debian package) pairs of :data:`LINUX_LIBRARIES` this machine cannot load."""
    return [(lib, package) for lib, package in LINUX_LIBRARIES if not loads(lib)]


def problem(environ: Mapping[str, str] | None = None, platform: str | None = None,
            loads: Callable[[str], bool] = _loads) -> str | None:
    """Why the desktop app cannot open a window here, as a message for the user; None if it can
    (or if Qt is told to draw elsewhere, ``QT_QPA_PLATFORM=offscreen`` for instance)."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux":
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # offscreen, wayland, vnc ...: Qt's own choice, not the X11 plugin
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return ("There is no display to open the app's window on (DISPLAY is not set): start it from a "
                "desktop session. " + WITHOUT_A_WINDOW)
    missing = missing_libraries(loads)
    if not missing:
        return None
    return ("The desktop app needs system libraries this machine does not have: "
            + " ".join(lib for lib, _ in missing) + "\nOn Debian or Ubuntu install them with:\n"
            + "    sudo apt-get install " + " ".join(package for _, package in missing)
            + f"\n(On Fedora: sudo dnf install {FEDORA}.)\n" + WITHOUT_A_WINDOW)


def main() -> int:
    """For ``make run``: the libraries only (the display is the launched app's to check)."""
    if sys.platform != "linux":
        return 0
    message = problem({"DISPLAY": os.environ.get("DISPLAY", ":0"), "QT_QPA_PLATFORM": "xcb"})
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
