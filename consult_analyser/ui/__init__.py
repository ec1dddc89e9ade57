"""The desktop app (the only package that imports PySide6).

PySide6 6.12.0 built for CPython 3.11 gives back one reference to ``None`` more than it took each
time a Qt method without a result is called from Python (``painter.save()``, ``label.setText()``,
``widget.update()``...); CPython 3.11 frees objects whose count reaches zero, so after some
thousands of such calls the process aborts ("deallocating None"). The pinned PySide6 (6.11.3) does
not do this. In case an affected build is installed anyway, :func:`guard_none_refcount` checks the
binding once at start-up and, only if it leaks, makes ``None`` immortal as CPython 3.12 does.
"""

from __future__ import annotations

import sys

#: the sidebar's views by key, in order (the main window's VIEWS; ``gui --view`` takes these, ``welcome`` and
#: ``import``): here, where the command line can name them without loading Qt
VIEW_NAMES = ("dashboard", "responses", "reader", "codebook", "sectors", "themes", "team")

#: the window's size a screenshot is drawn at unless ``gui --size`` says another
SCREENSHOT_SIZE = (1440, 900)
#: the sizes ``gui --size`` takes, least and largest (a phone's width to an 8K screen's)
SIZE_LIMITS = ((320, 240), (7680, 4320))


def parse_size(text: str) -> tuple[int, int]:
    """``gui --size``: "1300x900" (or "1300 x 900", "1300X900") as (width, height) in pixels; anything
    else, or a size no screen has, is refused with a message that says what is asked (argparse shows
    it as "argument --size: ...")."""
    import argparse
    import re

    found = re.fullmatch(r"\s*(\d{1,6})\s*[x×X]\s*(\d{1,6})\s*", text)
    if found is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: give WIDTHxHEIGHT in pixels, such as 1440x900")
    width, height = int(found[1]), int(found[2])
    (low_w, low_h), (high_w, high_h) = SIZE_LIMITS
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size a window can be drawn at: the width from {low_w} to {high_w} "
                         f"and the height from {low_h} to {high_h} pixels, such as 1440x900")
    return width, height

_IMMORTAL = 1 << 60
_PROBE_CALLS = 64


def none_leak_per_call() -> float:
    """References to ``None`` lost per Qt call that returns nothing (0.0 for a sound binding)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
    return (before - sys.getrefcount(None)) / _PROBE_CALLS


def guard_none_refcount() -> bool:
    """On CPython before 3.12, if the Qt binding leaks references to ``None``, give ``None`` an
    immortal reference count so the process cannot abort. Returns True if the guard was needed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if none_leak_per_call() < 0.5:
        return False
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of every object
    if count.value < _IMMORTAL:
        count.value += _IMMORTAL
    return True


guard_none_refcount()
