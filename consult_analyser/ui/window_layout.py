"""The main window's place on screen, remembered per user in the app's settings (QSettings, as the recent projects
and the Reader's last respondent are): its size and position, the view on show and its splitters' sizes.

They are saved as they change (a short pause after a move, a resize or a splitter dragged), not only on closing: a
trial's app, killed and restarted, opened at the usual size each time. On opening they are restored only onto a
screen that exists (a window last on a second monitor comes back on the first), and the window, its frame and
title bar included, is fitted to that screen's available area: on a trial's 1600 x 1000 screen the status bar,
with the progress bar and Cancel, sat below the bottom edge. The window manager draws the frame after the window
is shown, so the window is fitted again once the frame is known."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QSplitter, QWidget

if TYPE_CHECKING:
    from consult_analyser.ui.main_window import MainWindow

GEOMETRY_KEY, VIEW_KEY, SPLITTER_PREFIX = "main/geometry", "main/view", "splitters/"
USUAL_SIZE = (1400, 860)
SMALLEST_KEPT = (900, 560)  # a remembered size below this no one works at: the usual size instead
SAVE_PAUSE_MS = 500
FRAME_WAIT_SECONDS = 10.0  # how long after showing the window a frame the window manager adds is fitted


def _screen_under(frame: QRect) -> QScreen | None:
    """The screen holding the middle of ``frame`` (None when no screen there: a monitor since unplugged)."""
    return QGuiApplication.screenAt(frame.center())


class WindowLayout(QObject):
    """Restores, fits and saves ``window``'s layout (see the module)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._restored = False  # nothing is saved until the remembered layout is applied
        self._frame_wait_until = 0.0
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_PAUSE_MS)
        self._save_timer.timeout.connect(self.save)
        window.installEventFilter(self)

    # ------------------------------------------------------------------ restore
    def restore(self) -> str | None:
        """Apply the remembered size and position (or the usual size), on a screen that exists and within it; the
        remembered view's key, if any."""
        window, settings = self.window, QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is not None:
            window.restoreGeometry(geometry)
        if geometry is None or window.width() < SMALLEST_KEPT[0] or window.height() < SMALLEST_KEPT[1]:
            # nothing remembered, or a size no one works at (a window closed while tiny, or one drawn off screen on
            # a small virtual display): the usual size
            window.resize(*USUAL_SIZE)
        if _screen_under(window.frameGeometry()) is None:  # remembered on a screen that is gone: on the main one
            primary = QGuiApplication.primaryScreen()
            if primary is not None:
                room = primary.availableGeometry()
                window.move(room.topLeft())
        self.fit()
        self._restored = True
        view = settings.value(VIEW_KEY)
        return view if isinstance(view, str) else None

    def restore_splitters(self, widget: QWidget) -> None:
        """``widget``'s named splitters at their remembered sizes; each saved again when dragged."""
        settings = QSettings()
        for splitter in widget.findChildren(QSplitter):
            if not splitter.objectName():
                continue
            state = settings.value(SPLITTER_PREFIX + splitter.objectName())
            if state is not None:
                splitter.restoreState(state)
            splitter.splitterMoved.connect(lambda *_args: self._save_timer.start())

    # ---------------------------------------------------------------------- fit
    def fit(self) -> None:
        """The window, frame included, within the available area of its screen: smaller if it must be, and moved
        onto it. A maximised or full-screen window is the window manager's to place."""
        window = self.window
        if not window.fit_to_screen or window.isMaximized() or window.isFullScreen():
            return
        screen = _screen_under(window.frameGeometry()) or window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame, inner = window.frameGeometry(), window.geometry()
        extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
        width = max(1, min(window.width(), room.width() - extra_w))
        height = max(1, min(window.height(), room.height() - extra_h))
        if (width, height) != (window.width(), window.height()):
            window.resize(width, height)
        outer_w, outer_h = width + extra_w, height + extra_h
        x = min(max(frame.x(), room.left()), room.left() + room.width() - outer_w)
        y = min(max(frame.y(), room.top()), room.top() + room.height() - outer_h)
        if (x, y) != (frame.x(), frame.y()):
            window.move(QPoint(x, y))  # (a window's position is its frame's)

    # --------------------------------------------------------------------- save
    def save(self) -> None:
        """The window's size, position, view and splitters, as they are now."""
        window = self.window
        if not self._restored or not window.fit_to_screen or window.isMinimized():
            return
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, window.saveGeometry())
        current = window.sidebar.currentItem()
        if current is not None:
            settings.setValue(VIEW_KEY, current.data(Qt.ItemDataRole.UserRole))
        for splitter in window.findChildren(QSplitter):
            if splitter.objectName():
                settings.setValue(SPLITTER_PREFIX + splitter.objectName(), splitter.saveState())

    def _fit_once_shown(self) -> None:
        """Fitted once shown; when the frame is known by then, no later move or resize is fitted (the window is the
        user's to place), else the first one that shows the window manager's frame is."""
        if self.window.frameGeometry() != self.window.geometry():
            self._frame_wait_until = -1.0
        self.fit()

    # ------------------------------------------------------------------- events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Show and self._frame_wait_until == 0.0:
            self._frame_wait_until = time.monotonic() + FRAME_WAIT_SECONDS
            QTimer.singleShot(0, self, self._fit_once_shown)
        elif watched is self.window and kind in (QEvent.Type.Move, QEvent.Type.Resize):
            if self._frame_wait_until and time.monotonic() < self._frame_wait_until \
                    and self.window.frameGeometry() != self.window.geometry():
                self._frame_wait_until = -1.0  # the window manager's frame is known: fitted once, then the user's
                QTimer.singleShot(0, self, self.fit)
            if self._restored and self.window.isVisible():
                self._save_timer.start()
        return False
