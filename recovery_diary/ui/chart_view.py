"""The progress chart in the window: the figure, its window controls, hover and click.

The drawing itself is :class:`recovery_diary.exports.progress_figure.ProgressFigure`
(the report draws the same figure); how the window moves is
:mod:`recovery_diary.core.chart_window`. This module wraps them in a Qt canvas.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.backend_bases import MouseButton
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.core import chart_window as cw
from recovery_diary.core.chart_series import ChartSeries, chart_series
from recovery_diary.core.chart_style import WINDOW_STYLE
from recovery_diary.core.chart_window import ChartWindow, DataSpan
from recovery_diary.exports.progress_figure import ProgressFigure
from recovery_diary.exports.progress_points import ChartPoint, day_values
from recovery_diary.ui.chart_canvas import HOVER_BOX, StaticPixels, hover_label

#: Window widths the combo offers, in weeks; 0 is the whole programme.
WIDTHS: tuple[tuple[str, int], ...] = (
    ("2 weeks", 2),
    ("6 weeks", 6),
    ("3 months", 13),
    ("6 months", 26),
    ("1 year", 52),
    ("Whole programme", 0),
)
WHOLE_PROGRAMME = 0
DEFAULT_WEEKS = 6
MAX_WEEKS = 52
IMAGE_FORMATS = {".png": "png", ".svg": "svg"}
HOVER_RADIUS_PX = 9.0
#: How far past today the default window reaches when the plan goes on.
PLAN_AHEAD_DAYS = 7

EMPTY_DIARY_TEXT = "Record a session to see your progress here"
EMPTY_WINDOW_TEXT = "Nothing recorded in these days"


class ProgressChartView(QWidget):
    """The chart widget: a row of window controls above the matplotlib canvas.

    ``canvas`` (object name ``progressChart``) holds the figure: its first axes
    show the running share (0-100 %), the second, below on the same dates, pain.
    """

    #: The shown window changed: (first day, last day), both dates.
    windowChanged = Signal(object, object)
    #: A point of the chart was clicked: its day (a date).
    daySelected = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progressChartView")
        self._today_source = today
        self._diary: Any = None
        self._selected: dt.date | None = None
        self._series: ChartSeries | None = None
        self._window = ChartWindow.ending(self._today(), 7 * DEFAULT_WEEKS)
        self.canvas = FigureCanvasQTAgg(Figure(figsize=(8.5, 3.4), dpi=100))
        self.canvas.setObjectName("progressChart")
        self.canvas.setAccessibleName("Progress chart")
        self.canvas.setAccessibleDescription(
            "Running share above and pain scores below, over the shown days. "
            "Point at a mark to read its values; click it to open that day."
        )
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(230)
        # In the palette's colours from the start: laying the chart out again
        # for new colours is a good part of building it.
        self._colours = self._palette_colours()
        self.chart = ProgressFigure(self.canvas.figure, WINDOW_STYLE.with_colours(*self._colours))
        self.hover = hover_label(self.canvas.figure, WINDOW_STYLE.font_size)
        self._colour_hover()
        self._static = StaticPixels(self.chart, self.hover)
        self.canvas.mpl_connect("resize_event", self.chart.fit)
        self.canvas.mpl_connect("motion_notify_event", self._on_mouse_moved)
        self.canvas.mpl_connect("button_press_event", self._on_mouse_pressed)
        self.canvas.mpl_connect("figure_leave_event", self._on_mouse_left)
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._controls)
        layout.addWidget(self.canvas, 1)
        self.destroyed.connect(functools.partial(_close_figure, self.canvas.figure))
        self._update_controls()

    def _build_controls(self) -> None:
        self.earlierButton = self._button(
            "◀ Earlier", "chartEarlierButton", self._on_earlier_clicked, "Show earlier days"
        )
        self.laterButton = self._button(
            "Later ▶", "chartLaterButton", self._on_later_clicked, "Show later days"
        )
        self.todayButton = self._button(
            "Today", "chartTodayButton", self._on_today_clicked, "Show the days up to today"
        )
        self.saveButton = self._button(
            "Save chart…",
            "chartSaveButton",
            self._on_save_clicked,
            "Save the chart as a PNG or SVG image",
        )
        self.widthCombo = QComboBox()
        self.widthCombo.setObjectName("chartWidthCombo")
        self.widthCombo.setToolTip("How many days the chart shows")
        self.widthCombo.setAccessibleName("Chart window width")
        for text, weeks in WIDTHS:
            self.widthCombo.addItem(text, weeks)
        self.widthCombo.setCurrentIndex(self.widthCombo.findData(DEFAULT_WEEKS))
        self.widthCombo.currentIndexChanged.connect(self._on_width_combo_changed)
        # As wide as its longest choice, so "Whole programme" is never cut short.
        self.widthCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.rangeLabel = QLabel()
        self.rangeLabel.setObjectName("chartRangeLabel")
        self.rangeLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._controls = QHBoxLayout()
        for widget in (self.earlierButton, self.laterButton, self.todayButton):
            self._controls.addWidget(widget)
        self._controls.addWidget(self.rangeLabel, 1)
        self._controls.addWidget(self.widthCombo)
        self._controls.addWidget(self.saveButton)

    def _button(self, text: str, name: str, slot: Callable[[], None], tip: str) -> QToolButton:
        # Tool buttons are as wide as their words, so the row fits a 1024-pixel screen.
        button = QToolButton()
        button.setText(text)
        button.setAutoRaise(False)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- public API --------------------------------------------------------
    def set_diary(self, diary: Any) -> None:
        """Show ``diary`` (a :class:`recovery_diary.Diary`) from its default window."""
        self._diary = diary
        window = cw.opening_window(diary, self._today(), 7 * DEFAULT_WEEKS, PLAN_AHEAD_DAYS)
        self._set(window)

    def window(self) -> tuple[dt.date, dt.date]:  # type: ignore[override]
        """The first and last day the chart shows (both inclusive)."""
        return self._window.start, self._window.end

    def set_window(self, end: dt.date, weeks: int) -> None:
        """Show ``weeks`` weeks (1 to 52) up to and including ``end``."""
        self._set(ChartWindow.ending(end, 7 * max(1, min(MAX_WEEKS, int(weeks)))))

    def set_selected_day(self, day: dt.date) -> None:
        """Mark ``day`` on the chart, moving the window to it when it has data there."""
        self._selected = day
        window, span = self._window, self._span()
        if not window.start <= day <= window.end and span and span.first <= day <= span.last:
            centred = ChartWindow.ending(day + window.half, window.days)
            self._set(cw.kept_in_view(centred, span, self._today()))
            return
        self.chart.select(day)
        self.canvas.draw_idle()

    def refresh(self) -> None:
        """Read the window's records again and redraw."""
        start, end = self.window()
        series = chart_series(self._diary, start, end) if self._diary is not None else None
        self._series = series
        self._apply_palette()
        self._update_controls()
        self.hover.set_visible(False)
        self.chart.show(series, self._today(), self._selected, self._empty_text(series))
        self.canvas.draw_idle()

    def save_image(self, path: str | Path) -> None:
        """Write the chart as shown to ``path``: a PNG or SVG file by its suffix."""
        path = Path(path)
        image_format = IMAGE_FORMATS.get(path.suffix.lower())
        if image_format is None:
            raise ValueError("Save the chart as a .png or .svg file.")
        dpi = 150 if image_format == "png" else None
        self.hover.set_visible(False)
        buffer = io.BytesIO()
        self.canvas.figure.savefig(buffer, format=image_format, dpi=dpi)
        # Health data: readable by the user only (0600), whatever the umask.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), 0o600)
            handle.write(buffer.getvalue())

    # -- window ------------------------------------------------------------
    def _set(self, window: ChartWindow) -> None:
        changed = window != self._window
        self._window = window
        self._sync_combo()
        self.refresh()
        if changed:
            self.windowChanged.emit(*self.window())

    def _today(self) -> dt.date:
        if self._today_source is not None:
            return self._today_source()
        # Before a diary is set there is no clock to ask; set_diary() moves the window.
        return self._diary.today() if self._diary is not None else dt.date(2000, 1, 1)

    def _span(self) -> DataSpan | None:
        """The days with anything recorded or planned (None for an empty diary)."""
        return None if self._diary is None else cw.diary_span(self._diary, self._today())

    def _programme_window(self) -> ChartWindow | None:
        """The whole programme; without one, everything in the diary."""
        if self._diary is None:
            return None
        return cw.diary_programme_window(self._diary, self._today())

    def _sync_combo(self) -> None:
        days = self._window.days
        index = next(
            (i for i, (_, w) in enumerate(WIDTHS) if w and 7 * w == days),
            -1,
        )
        programme = self._programme_window()
        if index < 0 and programme is not None and programme.days == days:
            index = self.widthCombo.findData(WHOLE_PROGRAMME)
        if index != self.widthCombo.currentIndex():
            self.widthCombo.blockSignals(True)
            self.widthCombo.setCurrentIndex(index)
            self.widthCombo.blockSignals(False)

    def _update_controls(self) -> None:
        window, span, today = self._window, self._span(), self._today()
        self.earlierButton.setEnabled(cw.can_go_earlier(window, span))
        self.laterButton.setEnabled(
            self._diary is not None and cw.can_go_later(window, span, today)
        )
        self.todayButton.setEnabled(window != self._today_window(window.days, span))
        self.rangeLabel.setText(_range_text(window.start, window.end))

    def _today_window(self, days: int, span: DataSpan | None = None) -> ChartWindow:
        return cw.around_today(self._today(), days, span, PLAN_AHEAD_DAYS)

    # -- drawing -----------------------------------------------------------
    def _empty_text(self, series: ChartSeries | None) -> str:
        """What to do when nothing shows, naming only the controls that can help now."""
        if series is not None and not series.is_empty:
            return ""
        if self._span() is None:
            return EMPTY_DIARY_TEXT
        options = [
            button.text()
            for button in (self.earlierButton, self.laterButton, self.todayButton)
            if button.isEnabled()
        ]
        options.append(f"“{self.widthCombo.itemText(self.widthCombo.findData(WHOLE_PROGRAMME))}”")
        # Two lines: one would be wider than the chart of a small window.
        if len(options) == 1:
            return f"{EMPTY_WINDOW_TEXT}:\ntry {options[0]}"
        return f"{EMPTY_WINDOW_TEXT}:\ntry {', '.join(options[:-1])} or {options[-1]}"

    def _palette_colours(self) -> tuple[str, str, str]:
        palette = self.palette()
        return (
            palette.color(QPalette.ColorRole.Window).name(),
            palette.color(QPalette.ColorRole.Base).name(),
            palette.color(QPalette.ColorRole.WindowText).name(),
        )

    def _colour_hover(self) -> None:
        _, base, text = self._colours
        self.hover.set_bbox({**HOVER_BOX, "facecolor": base, "edgecolor": text})
        self.hover.set_color(text)

    def _apply_palette(self) -> None:
        colours = self._palette_colours()
        if colours != self._colours:
            self._colours = colours
            self.chart.set_style(WINDOW_STYLE.with_colours(*colours))
            self._colour_hover()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changes = (QEvent.Type.PaletteChange, QEvent.Type.StyleChange)
        if event.type() in changes and hasattr(self, "chart"):
            self._apply_palette()
            self.canvas.draw_idle()

    # -- mouse -------------------------------------------------------------
    def point_under(self, x: float, y: float) -> ChartPoint | None:
        """The chart point drawn at display pixel (``x``, ``y``), if any."""
        if self._series is None:
            return None
        return self.chart.point_at(x, y, HOVER_RADIUS_PX * self.canvas.device_pixel_ratio)

    def _on_mouse_moved(self, event: Any) -> None:
        point = self.point_under(event.x, event.y)
        if point is None or self._series is None:
            self.canvas.unsetCursor()
            if self.hover.get_visible():
                self.hover.set_visible(False)
                self.canvas.draw_idle()
            return
        x, y = self.chart.display_xy(point)
        width, height = self.canvas.figure.bbox.size
        right, top = x > width * 0.55, y > height * 0.5
        self.hover.xy = (x, y)
        self.hover.set_text("\n".join(day_values(self._series, point.day)))
        self.hover.set_position((-12 if right else 12, -12 if top else 12))
        self.hover.set_horizontalalignment("right" if right else "left")
        self.hover.set_verticalalignment("top" if top else "bottom")
        self.hover.set_visible(True)
        self.canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        self.canvas.draw_idle()

    def _on_mouse_left(self, _event: Any) -> None:
        if self.hover.get_visible():
            self.hover.set_visible(False)
            self.canvas.draw_idle()

    def _on_mouse_pressed(self, event: Any) -> None:
        if event.button != MouseButton.LEFT:
            return
        point = self.point_under(event.x, event.y)
        if point is not None:
            self.daySelected.emit(point.day)

    # -- slots -------------------------------------------------------------
    def _on_earlier_clicked(self) -> None:
        self._set(cw.earlier(self._window, self._span()))

    def _on_later_clicked(self) -> None:
        self._set(cw.later(self._window, self._span(), self._today()))

    def _on_today_clicked(self) -> None:
        self._set(self._today_window(self._window.days, self._span()))

    def _on_width_combo_changed(self, index: int) -> None:
        weeks = int(self.widthCombo.itemData(index))
        if weeks == WHOLE_PROGRAMME:
            programme = self._programme_window()
            if programme is not None:
                self._set(programme)
            return
        self._set(cw.widened(self._window, 7 * weeks, self._span(), self._today()))

    def _on_save_clicked(self) -> None:
        start, end = self.window()
        suggested = Path.home() / f"recovery-diary-chart-{start}-to-{end}.png"
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save chart", str(suggested), "PNG image (*.png);;SVG image (*.svg)"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in IMAGE_FORMATS:
            target = target.with_name(target.name + (".svg" if "SVG" in chosen else ".png"))
        try:
            self.save_image(target)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Chart not saved", f"The chart could not be saved: {exc}")


def _close_figure(figure: Figure, *_: object) -> None:
    """Let go of the figure's axes and artists once its widget is gone."""
    for ax in list(figure.axes):
        figure.delaxes(ax)


def _range_text(start: dt.date, end: dt.date) -> str:
    first = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{first} – {end.day} {end:%b %Y}"
