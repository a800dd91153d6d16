"""Run something once a widget has painted its first frame, and not before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Watches one widget's events for its first paint; then calls back, once."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)  # gone with the widget, and the call with it
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            watched.removeEventFilter(self)
            # From the event loop: the frame being painted is finished first.
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        then, self._then = self._then, None
        self.deleteLater()
        if then is not None:
            then()


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, from the event loop, after ``widget`` first paints.

    For work a start can do once its window is on screen; if the widget is
    destroyed first, ``then`` is never called.
    """
    widget.installEventFilter(_FirstPaint(widget, then))
