"""The start-up floor: the widget kinds Recovery Diary shows, with none of its code.

A calendar, a session form with the same fields, and a matplotlib canvas with
twin axes, a date x-axis and one point. Like ``recovery-diary --smoke-test`` it
draws the chart, shows the window, leaves the event loop at the canvas's first
paint, closes the window, prints ``SMOKE OK`` and exits 0. The benchmark runs it
beside the app: what the app takes beyond this is the app's own cost.

Run it with ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/floor_app.py``.
"""

from __future__ import annotations

import datetime as dt
import sys

# Before the Qt backend (which imports PySide6), as the app does: PySide6's import
# hook reads the source of every module imported after it, and keeps it.
import matplotlib.figure  # noqa: F401
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

ACTIVITIES = ("Run/walk", "Elliptical", "Cycling", "Walking", "Swimming", "Rowing machine", "Other")


def _form() -> QGroupBox:
    form = QGroupBox("Session")
    grid = QGridLayout(form)
    date_edit = QDateEdit(QDate.currentDate())
    date_edit.setCalendarPopup(True)
    combo = QComboBox()
    combo.addItems(ACTIVITIES)
    minutes = [QDoubleSpinBox(), QDoubleSpinBox(), QSpinBox(), QSpinBox()]
    pains = [QSpinBox() for _ in range(4)]
    for spin in pains:
        spin.setRange(-1, 10)
        spin.setSpecialValueText("—")
    left = [date_edit, combo, *minutes]
    for row, widget in enumerate(left):
        grid.addWidget(widget, row, 0)
    for row, widget in enumerate(pains):
        grid.addWidget(widget, row, 1)
    grid.addWidget(QPlainTextEdit(), len(left), 0, 1, 2)
    grid.addWidget(QPushButton("Save session"), len(left) + 1, 1)
    return form


def _canvas() -> FigureCanvasQTAgg:
    canvas = FigureCanvasQTAgg(Figure(figsize=(8.5, 3.2), dpi=100))
    share = canvas.figure.add_subplot()
    pain = share.twinx()
    share.plot([dt.date.today()], [50.0], marker="o")
    share.set_ylim(-4, 120)
    pain.set_ylim(-0.4, 12)
    return canvas


class _FirstPaint(QObject):
    """Leaves the event loop once the watched widget has painted a frame."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def main() -> int:
    """Show the floor window, exit at the chart's first paint."""
    app = QApplication(sys.argv[:1])
    canvas = _canvas()
    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(canvas)
    right.addWidget(_form())
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(QCalendarWidget())
    splitter.addWidget(right)
    central = QWidget()
    QVBoxLayout(central).addWidget(splitter)
    window = QMainWindow()
    window.setCentralWidget(central)
    window.resize(1280, 800)
    watcher = _FirstPaint(app)
    canvas.installEventFilter(watcher)
    QTimer.singleShot(30_000, lambda: app.exit(1))
    canvas.draw()
    window.show()
    code = app.exec()
    window.close()
    if code == 0:
        print("SMOKE OK", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
