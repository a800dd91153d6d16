"""Run something once a widget has painted its first frame, and not before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Watches one widget's events for its first paint; then calls back, once."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)  # gone with the widget, and the call with it
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)  # so this paint is the only one seen
            # From the event loop: the frame being painted is finished first.
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        self.deleteLater()
        self._then()


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, from the event loop, after ``widget`` first paints.

    For work a start can do once its window is on screen; if the widget is
    destroyed first, ``then`` is never called.
    """
    widget.installEventFilter(_FirstPaint(widget, then))
