"""Progress reporting and cancellation as plain callbacks.

A long step takes ``progress: ProgressFn`` and calls ``progress(fraction, message)`` now and
then. The caller's callback may raise :class:`Cancelled` to stop the step; steps let it
propagate (after rolling back anything half-written) so the caller sees a clean cancel.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised by a progress callback when the user asked to stop."""


def null_progress(fraction: float, message: str = "") -> None:
    """A progress callback that ignores everything."""


def scaled(progress: ProgressFn | None, start: float, end: float) -> ProgressFn:
    """Map a sub-step's 0..1 progress onto ``start..end`` of the parent's progress."""
    parent = progress or null_progress

    def _inner(fraction: float, message: str = "") -> None:
        fraction = min(1.0, max(0.0, fraction))
        parent(start + (end - start) * fraction, message)

    return _inner
