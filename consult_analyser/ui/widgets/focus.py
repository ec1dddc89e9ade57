"""The keyboard's way through a view: Tab in the order things are on screen, and the widget Tab lands on
scrolled into view. A trial's Reader sent Tab from the last answer card to four widgets below the
visible area (nothing showed where the focus was), then to the status bar, and never to the side panel:
widgets made later (a respondent's cards) join the window's tab chain at its end, whatever their place."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab can land on ``widget`` (hidden or disabled widgets are passed over by Qt as it goes)."""
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def tab_chain(widgets: Iterable[QWidget | None]) -> list[QWidget]:
    """Make Tab go through ``widgets`` in the order given (None and widgets Tab cannot land on are left
    out); returns the chain. Call it again after rebuilding any of them."""
    chain = [w for w in widgets if w is not None and takes_tab(w)]
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)
    return chain


def _shown_in(widget: QWidget, area: QScrollArea) -> bool:
    """Whether ``widget`` is in view in ``area``: whole, or (taller than the view) at least in part."""
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    view = viewport.rect()
    if rect.height() <= view.height() and rect.width() <= view.width():
        return view.contains(rect)
    return view.intersects(rect)


class FocusFollower(QObject):
    """Scrolls its scroll area to the widget in it that takes the keyboard focus, when that widget is out of
    view (a click lands on what is shown, so it never moves the view; Tab and shortcuts may land below it)."""

    def __init__(self, area: QScrollArea):
        super().__init__(area)
        self.area = area
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        try:
            inside = self.area.widget()
            if new is None or inside is None or not inside.isAncestorOf(new) or _shown_in(new, self.area):
                return
            self.area.ensureWidgetVisible(new, 0, 40)
        except RuntimeError:  # the area went with its view (a closed window)
            return


def follow_focus(area: QScrollArea) -> FocusFollower:
    """Keep the focused widget inside ``area`` in view (:class:`FocusFollower`, owned by ``area``)."""
    existing = area.findChildren(FocusFollower, "", Qt.FindChildOption.FindDirectChildrenOnly)
    return existing[0] if existing else FocusFollower(area)
