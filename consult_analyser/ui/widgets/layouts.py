"""Emptying a layout whose widgets are rebuilt (chips, quote cards, sector buttons, reader cards)."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QWidget


def discard(widget: QWidget) -> None:
    """Take a widget off screen at once and delete it later: hidden and unparented first, so it is
    never painted under its replacement while its deletion waits for the event loop."""
    widget.hide()
    widget.setParent(None)  # type: ignore[call-overload]
    widget.deleteLater()


def empty_layout(layout: QLayout) -> None:
    """Remove every item of ``layout``, discarding its widgets (see :func:`discard`)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            discard(widget)
