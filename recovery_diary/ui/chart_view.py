"""The progress chart: running share and pain over a movable window of days (DESIGN §2).

The figure, its axes and one artist per series are built once; a refresh reads
only the window's records (:func:`chart_series`) and swaps the artists' data,
so moving the window over a ten-year diary is as quick as over a new one.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib import transforms
from matplotlib.artist import Artist
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.core.chart_series import (
    PAIN_KINDS,
    ChartSeries,
    chart_series,
    stage_changes,
)
from recovery_diary.core.pain import Thresholds

#: Window widths the combo offers, in weeks; the widest is a year.
WIDTHS: tuple[tuple[str, int], ...] = (
    ("2 weeks", 2),
    ("6 weeks", 6),
    ("3 months", 13),
    ("6 months", 26),
    ("1 year", 52),
)
DEFAULT_WEEKS = 6
MAX_WEEKS = 52
#: Up to this width every run gets its stage label; wider windows label stage changes.
ALL_STAGE_LABELS_WEEKS = 6
IMAGE_FORMATS = {".png": "png", ".svg": "svg"}

EMPTY_DIARY_TEXT = "Record a session to see your progress here"
EMPTY_WINDOW_TEXT = "Nothing recorded in these weeks: try ◀ Earlier, Today or a wider window"

# Mid-tone colours that stay readable on light and dark backgrounds; the
# running share takes the palette's text colour so it always has full contrast.
PAIN_STYLE: dict[str, dict[str, Any]] = {
    "before": {"color": "#17becf", "marker": "v", "linestyle": ":", "linewidth": 1.2},
    "during": {"color": "#a06cd5", "marker": "o", "linestyle": "-", "linewidth": 1.8},
    "after": {"color": "#e377c2", "marker": "^", "linestyle": "--", "linewidth": 1.2},
    "next_morning": {"color": "#4c9be8", "marker": "s", "linestyle": "-.", "linewidth": 1.2},
}
CHECK_IN_COLOUR = "#d0843f"
RED_FLAG_COLOUR = "#e0282e"
BAND_COLOURS = (("#2ca02c", 0.13), ("#ffb000", 0.16), ("#e0282e", 0.12))

PAIN_TOP = 10.0
PAIN_LIMITS = (-0.4, 12.0)
SHARE_LIMITS = (PAIN_LIMITS[0] * 10, PAIN_LIMITS[1] * 10)
RED_FLAG_ROW = 10.8
FONT = 9.0

# Margins around the plot in inches, so they look the same at any size and dpi.
LEFT_IN, RIGHT_IN, BOTTOM_IN, TOP_IN, LEGEND_ROW_IN = 0.62, 0.62, 0.42, 0.10, 0.24
LABEL_IN = 0.38


def _nums(dates: Sequence[dt.date]) -> np.ndarray:
    """Days as matplotlib's date numbers (days since its epoch), without a units round trip."""
    epoch = _epoch_ordinal()
    return np.fromiter((d.toordinal() - epoch for d in dates), dtype=float, count=len(dates))


@functools.cache
def _epoch_ordinal() -> int:
    return dt.date.fromisoformat(mdates.get_epoch()[:10]).toordinal()


def _one_day_num(day: dt.date) -> float:
    return float(_nums([day])[0])


class _ChartArtists:
    """The figure's axes and artists; knows matplotlib, not Qt."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.share_ax = figure.add_subplot()
        self.pain_ax = self.share_ax.twinx()
        # The share axes draw above the pain axes (bands stay underneath), so the
        # pain axes carry the background.
        self.share_ax.set_zorder(self.pain_ax.get_zorder() + 1)
        self.share_ax.patch.set_visible(False)
        self.pain_ax.patch.set_visible(True)
        self._text_colour = "black"
        self._thresholds: Thresholds | None = None
        self._bands: list[Artist] = []
        self._window_artists: list[Artist] = []
        self._legend_columns = 0
        self._wide = False
        self._static_pixels: tuple[tuple[float, ...], list[Any]] | None = None
        figure.canvas.mpl_connect("draw_event", self._on_draw)
        self._build_axes()
        self._build_lines()
        self.empty_text = self.share_ax.text(
            0.5,
            0.5,
            "",
            transform=self.share_ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT + 2,
            visible=False,
        )

    def _build_axes(self) -> None:
        share, pain = self.share_ax, self.pain_ax
        share.set_ylim(*SHARE_LIMITS)
        pain.set_ylim(*PAIN_LIMITS)
        share.set_yticks(range(0, 101, 20))
        pain.set_yticks(range(0, 11, 2))
        share.set_ylabel("Running share (%)", fontsize=FONT)
        pain.set_ylabel("Pain (0–10)", fontsize=FONT)
        # Labels at a fixed distance from the axes: matplotlib would otherwise
        # measure every tick label on each draw to place them.
        inches = self.figure.dpi_scale_trans
        share.yaxis.set_label_coords(
            0, 0.5, transform=share.transAxes + transforms.ScaledTranslation(-LABEL_IN, 0, inches)
        )
        pain.yaxis.set_label_coords(
            1, 0.5, transform=pain.transAxes + transforms.ScaledTranslation(LABEL_IN, 0, inches)
        )
        share.xaxis.set_label_coords(0.5, 0)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
        share.xaxis.set_major_locator(locator)
        share.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        for ax in (share, pain):
            ax.tick_params(labelsize=FONT)
        share.grid(True, axis="x", linewidth=0.4, alpha=0.2)
        # Horizontal grid lines of their own: the y axes (ticks and labels) never
        # change while the window moves, so they are drawn once and reused (_on_draw).
        self._y_grid = [
            pain.axhline(y, linewidth=0.6, alpha=0.35, zorder=0.5) for y in range(0, 11, 2)
        ]
        for axis in (share.yaxis, pain.yaxis):
            axis.set_animated(True)

    def _build_lines(self) -> None:
        share, pain = self.share_ax, self.pain_ax
        (self.share_line,) = share.plot(
            [], [], marker="o", markersize=5, linewidth=2.0, label="Running share"
        )
        (self.planned_line,) = share.plot(
            [],
            [],
            marker="o",
            markersize=6,
            linestyle="none",
            markerfacecolor="none",
            markeredgewidth=1.4,
            label="Planned run",
        )
        self.pain_lines: dict[str, Line2D] = {}
        for kind, label in PAIN_KINDS.items():
            (line,) = pain.plot([], [], markersize=4.5, label=label, **PAIN_STYLE[kind])
            self.pain_lines[kind] = line
        (self.check_in_line,) = pain.plot(
            [],
            [],
            marker="D",
            markersize=5,
            linestyle="none",
            color=CHECK_IN_COLOUR,
            label="Check-in pain",
        )
        (self.red_flag_line,) = pain.plot(
            [],
            [],
            marker="X",
            markersize=10,
            linestyle="none",
            color=RED_FLAG_COLOUR,
            markeredgewidth=0.8,
            label="Red flag",
        )

    @property
    def legend_lines(self) -> list[Line2D]:
        return [
            self.share_line,
            self.planned_line,
            *self.pain_lines.values(),
            self.check_in_line,
            self.red_flag_line,
        ]

    # -- layout and colours ------------------------------------------------
    def fit_to_size(self, _event: object = None) -> None:
        """Margins and legend rows for the figure's current size (also a resize handler)."""
        width, height = self.figure.get_size_inches()
        columns = len(self.legend_lines) if width >= 10.5 else 4
        if columns != self._legend_columns:
            self._legend_columns = columns
            self._make_legend()
        rows = -(-len(self.legend_lines) // columns)
        top_in = TOP_IN + rows * LEGEND_ROW_IN
        # Whole-pixel plot edges, so the pixels cached beside them (_on_draw) never
        # share a column with the data.
        dpi, pixels = self.figure.dpi, self.figure.bbox.width
        self.figure.subplots_adjust(
            left=min(round(LEFT_IN * dpi) / pixels, 0.3),
            right=max((int(pixels) - round(RIGHT_IN * dpi)) / pixels, 0.7),
            bottom=min(BOTTOM_IN / height, 0.3),
            top=max(1 - top_in / height, 0.6),
        )
        self._static_pixels = None

    def _make_legend(self) -> None:
        lines = self.legend_lines
        legend = self.share_ax.legend(
            lines,
            [line.get_label() for line in lines],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.01, 1.0, 0.1),
            mode="expand",
            ncols=self._legend_columns,
            frameon=False,
            fontsize=FONT - 0.5,
            handlelength=2.2,
            borderaxespad=0.0,
        )
        for text in legend.get_texts():
            text.set_color(self._text_colour)
        # The legend never changes while the window moves, yet laying it out is a
        # third of a redraw; it is drawn once and its pixels reused (see _on_draw).
        legend.set_animated(True)
        self._static_pixels = None

    def _static_artists(self) -> list[Artist]:
        """What stays the same while the window moves: the legend and both y axes."""
        legend = self.share_ax.get_legend()
        static: list[Artist] = [self.share_ax.yaxis, self.pain_ax.yaxis]
        if legend is not None and legend.get_visible():
            static.append(legend)
        return static

    def _on_draw(self, event: Any) -> None:
        """Put the static parts on the finished frame, from cached pixels when they still fit.

        They lie outside the plot area, where nothing that moves is drawn, so
        copying their pixels once per size and palette is exact.
        """
        renderer = event.renderer
        if event.canvas.is_saving() or not hasattr(renderer, "copy_from_bbox"):
            for artist in self._static_artists():
                artist.draw(renderer)
            return
        key = (self.figure.dpi, *self.figure.bbox.bounds)
        if self._static_pixels is not None and self._static_pixels[0] == key:
            for region in self._static_pixels[1]:
                renderer.restore_region(region)
            return
        for artist in self._static_artists():
            artist.draw(renderer)
        areas = [Bbox.intersection(a, self.figure.bbox) for a in self._static_areas(renderer)]
        self._static_pixels = (key, [renderer.copy_from_bbox(a) for a in areas if a is not None])

    def _static_areas(self, renderer: Any) -> list[Bbox]:
        plot = self.share_ax.bbox
        left = self.share_ax.yaxis.get_tightbbox(renderer)
        right = self.pain_ax.yaxis.get_tightbbox(renderer)
        areas = []
        if left is not None:
            bottom, top = min(left.y0 - 2, plot.y0), max(left.y1 + 2, plot.y1)
            areas.append(Bbox.from_extents(left.x0 - 2, bottom, plot.x0, top))
        if right is not None:
            bottom, top = min(right.y0 - 2, plot.y0), max(right.y1 + 2, plot.y1)
            areas.append(Bbox.from_extents(plot.x1 + 1, bottom, right.x1 + 2, top))
        legend = self.share_ax.get_legend()
        if legend is not None and legend.get_visible():
            areas.append(legend.get_window_extent(renderer).padded(3))
        return areas

    def set_colours(self, window: str, base: str, text: str) -> None:
        """Follow the widget's palette: backgrounds and every text in ``text``."""
        self._text_colour = text
        self.figure.set_facecolor(window)
        self.pain_ax.set_facecolor(base)
        for ax in (self.share_ax, self.pain_ax):
            ax.tick_params(colors=text, which="both")
            ax.yaxis.label.set_color(text)
            for spine in ax.spines.values():
                spine.set_edgecolor(text)
        self.share_ax.grid(True, axis="x", color=text, alpha=0.2)
        for line in self._y_grid:
            line.set_color(text)
        for line in (self.share_line, self.planned_line):
            line.set_color(text)
        self.red_flag_line.set_markeredgecolor(base)
        self.empty_text.set_color(text)
        self.empty_text.set_bbox({"facecolor": base, "edgecolor": "none", "alpha": 0.85, "pad": 6})
        # The legend copies its handles' colours when made, so it is made again.
        if self._legend_columns:
            self._make_legend()
        self._static_pixels = None
        for artist in self._window_artists:
            artist.set_color(text)  # type: ignore[attr-defined]

    # -- data --------------------------------------------------------------
    def show(self, series: ChartSeries | None, empty_text: str) -> None:
        """Draw ``series`` (None: nothing to show) and the empty text when there is nothing."""
        if series is None:
            for line in self.legend_lines:
                line.set_data([], [])
            self._clear_window_artists()
        else:
            self._show_series(series)
        self.empty_text.set_text(empty_text)
        self.empty_text.set_visible(bool(empty_text))

    def _show_series(self, series: ChartSeries) -> None:
        start, end = _one_day_num(series.start), _one_day_num(series.end)
        self.share_ax.set_xlim(start - 0.5, end + 0.5)
        self._set_bands(series.thresholds)
        self.share_line.set_data(_nums(series.running_share.dates), series.running_share.values)
        self.planned_line.set_data(_nums(series.planned_runs.dates), series.planned_runs.values)
        for kind, line in self.pain_lines.items():
            points = series.pain.get(kind)
            if points is None:
                line.set_data([], [])
            else:
                line.set_data(_nums(points.dates), points.values)
        self.check_in_line.set_data(_nums(series.check_in_pain.dates), series.check_in_pain.values)
        self._set_density(wide=(series.end - series.start).days >= ALL_STAGE_LABELS_WEEKS * 7)
        flags = _nums(series.red_flags)
        self.red_flag_line.set_data(flags, np.full(len(flags), RED_FLAG_ROW))
        self._clear_window_artists()
        self._add_phases(series)
        self._add_stage_labels(series)

    def _set_density(self, wide: bool) -> None:
        """In wide windows only pain during keeps its line: four zigzags would hide each other."""
        if wide == self._wide:
            return
        self._wide = wide
        for kind, line in self.pain_lines.items():
            style = PAIN_STYLE[kind]
            if kind == "during":
                line.set_linewidth(style["linewidth"] * (0.7 if wide else 1.0))
            else:
                line.set_linestyle("none" if wide else style["linestyle"])
            line.set_markersize(3.5 if wide else 4.5)
        if self._legend_columns:
            self._make_legend()

    def _set_bands(self, thresholds: Thresholds) -> None:
        if thresholds == self._thresholds:
            return
        self._thresholds = thresholds
        for band in self._bands:
            band.remove()
        # Scores are whole numbers, so a band ends half-way to the next colour's first score.
        edges = (PAIN_LIMITS[0], thresholds.safe_max + 0.5, thresholds.acceptable_max + 0.5)
        tops = (*edges[1:], PAIN_TOP + 0.5)
        # A strip along the pain axis, not the whole plot: the running share shares
        # the area, and 100 % running must not look like red pain.
        self._bands = [
            self.pain_ax.axhspan(
                lo,
                hi,
                xmin=0.97,
                xmax=1.0,
                color=colour,
                alpha=min(1.0, alpha * 4),
                linewidth=0,
                zorder=0,
            )
            for lo, hi, (colour, alpha) in zip(edges, tops, BAND_COLOURS, strict=True)
        ]

    def _clear_window_artists(self) -> None:
        for artist in self._window_artists:
            artist.remove()
        self._window_artists = []

    def _add_phases(self, series: ChartSeries) -> None:
        ax = self.share_ax
        on_top = transforms.blended_transform_factory(ax.transData, ax.transAxes)
        px_per_day = (
            ax.get_position().width * self.figure.bbox.width / _days(series.start, series.end)
        )
        char_px = 0.6 * (FONT - 0.5) * self.figure.dpi / 72
        for phase in series.phases:
            begin = max(phase.start, series.start)
            x = _one_day_num(begin) - 0.5
            if phase.start > series.start:
                line = ax.axvline(
                    x, color=self._text_colour, linestyle="--", linewidth=1.0, alpha=0.7, zorder=1.5
                )
                self._window_artists.append(line)
            shown = _days(begin, min(phase.end or series.end, series.end))
            name = _fitting_name(phase.name, int(shown * px_per_day / char_px) - 1)
            if not name:
                continue
            label = ax.text(
                x,
                0.985,
                f" {name}",
                transform=on_top,
                ha="left",
                va="top",
                fontsize=FONT - 0.5,
                color=self._text_colour,
                clip_on=True,
            )
            self._window_artists.append(label)

    def _add_stage_labels(self, series: ChartSeries) -> None:
        labels = series.stage_labels
        if (series.end - series.start).days >= ALL_STAGE_LABELS_WEEKS * 7:
            labels = stage_changes(labels)
        if not labels:
            return
        xs = _nums([label.date for label in labels])
        for x, label in zip(xs, labels, strict=True):
            text = self.share_ax.annotate(
                label.text,
                (x, label.share),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=FONT - 1,
                color=self._text_colour,
                fontweight="bold",
                annotation_clip=True,
                clip_on=True,
            )
            self._window_artists.append(text)


class ProgressChartView(QWidget):
    """The chart widget: a row of window controls above the matplotlib canvas.

    ``canvas`` (object name ``progressChart``) holds the figure; its first axes
    show the running share (0-100 %), the twin axes the pain scores (0-10).
    """

    #: The shown window changed: (first day, last day), both dates.
    windowChanged = Signal(object, object)

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progressChartView")
        self._today = today or (lambda: self._diary.today())
        self._diary: Any = None
        self._end = today() if today else dt.date(2000, 1, 1)  # set_diary() moves it
        self._weeks = DEFAULT_WEEKS
        self._floor: dt.date | None = None
        self._colours: tuple[str, str, str] | None = None
        self.canvas = FigureCanvasQTAgg(Figure(figsize=(8.5, 3.2), dpi=100))
        self.canvas.setObjectName("progressChart")
        self.canvas.setAccessibleName("Progress chart")
        self.canvas.setToolTip(
            "Running share (left axis) and pain scores (right axis) over the shown weeks. "
            "The bands show the pain traffic light."
        )
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(220)
        self._artists = _ChartArtists(self.canvas.figure)
        self._artists.fit_to_size()
        self.canvas.mpl_connect("resize_event", self._artists.fit_to_size)
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
            "◀ Earlier",
            "chartEarlierButton",
            self._on_earlier_clicked,
            "Show the weeks before these",
        )
        self.laterButton = self._button(
            "Later ▶", "chartLaterButton", self._on_later_clicked, "Show the weeks after these"
        )
        self.todayButton = self._button(
            "Today", "chartTodayButton", self._on_today_clicked, "Show the weeks up to today"
        )
        self.saveButton = self._button(
            "Save chart…",
            "chartSaveButton",
            self._on_save_clicked,
            "Save the chart as a PNG or SVG image",
        )
        self.widthCombo = QComboBox()
        self.widthCombo.setObjectName("chartWidthCombo")
        self.widthCombo.setToolTip("How many weeks the chart shows")
        self.widthCombo.setAccessibleName("Chart window width")
        for text, weeks in WIDTHS:
            self.widthCombo.addItem(text, weeks)
        self.widthCombo.setCurrentIndex(self.widthCombo.findData(DEFAULT_WEEKS))
        self.widthCombo.currentIndexChanged.connect(self._on_width_combo_changed)
        self.rangeLabel = QLabel()
        self.rangeLabel.setObjectName("chartRangeLabel")
        self._controls = QHBoxLayout()
        for widget in (self.earlierButton, self.laterButton, self.todayButton):
            self._controls.addWidget(widget)
        self._controls.addStretch(1)
        self._controls.addWidget(self.rangeLabel)
        self._controls.addStretch(1)
        self._controls.addWidget(self.widthCombo)
        self._controls.addWidget(self.saveButton)

    def _button(self, text: str, name: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- public API --------------------------------------------------------
    def set_diary(self, diary: Any) -> None:
        """Show ``diary`` (a :class:`recovery_diary.Diary`) from its default window."""
        self._diary = diary
        self._floor = self._first_day(diary)
        self._set_window(self._default_end(diary), DEFAULT_WEEKS)

    def window(self) -> tuple[dt.date, dt.date]:
        """The first and last day the chart shows (both inclusive)."""
        return self._end - dt.timedelta(days=7 * self._weeks - 1), self._end

    def set_window(self, end: dt.date, weeks: int) -> None:
        """Show ``weeks`` weeks (1 to 52) up to and including ``end``."""
        self._set_window(end, weeks)

    def refresh(self) -> None:
        """Read the window's records again and redraw."""
        start, end = self.window()
        series = chart_series(self._diary, start, end) if self._diary is not None else None
        self._apply_palette()
        self._artists.show(series, self._empty_text(series))
        self._update_controls()
        self.canvas.draw_idle()

    def save_image(self, path: str | Path) -> None:
        """Write the chart as shown to ``path``: a PNG or SVG file by its suffix."""
        path = Path(path)
        image_format = IMAGE_FORMATS.get(path.suffix.lower())
        if image_format is None:
            raise ValueError("Save the chart as a .png or .svg file.")
        dpi = 150 if image_format == "png" else None
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
    def _set_window(self, end: dt.date, weeks: int) -> None:
        weeks = max(1, min(MAX_WEEKS, int(weeks)))
        changed = (end, weeks) != (self._end, self._weeks)
        self._end, self._weeks = end, weeks
        index = self.widthCombo.findData(weeks)  # -1 (blank) for a width it doesn't offer
        if index != self.widthCombo.currentIndex():
            self.widthCombo.blockSignals(True)
            self.widthCombo.setCurrentIndex(index)
            self.widthCombo.blockSignals(False)
        self.refresh()
        if changed:
            self.windowChanged.emit(*self.window())

    def _width_days(self) -> dt.timedelta:
        return dt.timedelta(days=7 * self._weeks)

    def _ceiling(self) -> dt.date:
        """The latest day worth showing: today or the last planned session."""
        today = self._today()
        planned = getattr(getattr(self._diary, "plan", None), "planned", None) or ()
        return max([today, *(s.date for s in planned)])

    def _update_controls(self) -> None:
        start, end = self.window()
        floor = self._current_floor()
        self.earlierButton.setEnabled(floor is not None and start > floor)
        self.laterButton.setEnabled(self._diary is not None and end < self._ceiling())
        self.todayButton.setEnabled(end != self._today())
        self.rangeLabel.setText(_range_text(start, end))

    def _current_floor(self) -> dt.date | None:
        if self._diary is None:
            return None
        days = [self._floor, getattr(self._diary, "first_date", None)]
        settings = getattr(self._diary, "settings", None)
        days.append(getattr(settings, "start", None))
        known = [d for d in days if d is not None]
        return min(known) if known else None

    @staticmethod
    def _first_day(diary: Any) -> dt.date | None:
        check_ins = diary.check_ins()
        days = [d for d in (getattr(diary, "first_date", None),) if d is not None]
        if check_ins:
            days.append(check_ins[0].date)
        return min(days) if days else None

    def _default_end(self, diary: Any) -> dt.date:
        """Today, unless everything recorded is older than the default window."""
        today = self._today()
        recent = today - dt.timedelta(days=7 * DEFAULT_WEEKS - 1)
        if diary.recorded(recent, today) or diary.check_ins(recent, today):
            return today
        older = diary.recorded(None, recent)
        last = [older[-1].date] if older else []
        last.extend(c.date for c in diary.check_ins(None, recent)[-1:])
        return max(last) if last else today

    # -- drawing -----------------------------------------------------------
    def _empty_text(self, series: ChartSeries | None) -> str:
        if series is not None and not series.is_empty:
            return ""
        if self._diary is None or self._current_floor() is None:
            return EMPTY_DIARY_TEXT
        return EMPTY_WINDOW_TEXT

    def _apply_palette(self) -> None:
        palette = self.palette()
        colours = (
            palette.color(QPalette.ColorRole.Window).name(),
            palette.color(QPalette.ColorRole.Base).name(),
            palette.color(QPalette.ColorRole.WindowText).name(),
        )
        if colours != self._colours:
            self._colours = colours
            self._artists.set_colours(*colours)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changes = (QEvent.Type.PaletteChange, QEvent.Type.StyleChange)
        if event.type() in changes and hasattr(self, "_artists"):
            self._apply_palette()
            self.canvas.draw_idle()

    # -- slots -------------------------------------------------------------
    def _on_earlier_clicked(self) -> None:
        self._set_window(self._end - self._width_days(), self._weeks)

    def _on_later_clicked(self) -> None:
        # Stop at today or the last planned session rather than show empty weeks.
        later = self._end + self._width_days()
        self._set_window(min(later, max(self._ceiling(), self._end)), self._weeks)

    def _on_today_clicked(self) -> None:
        self._set_window(self._today(), self._weeks)

    def _on_width_combo_changed(self, index: int) -> None:
        self._set_window(self._end, int(self.widthCombo.itemData(index)))

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
    """Let go of the figure's axes and artists once its widget is gone.

    Without pyplot there is no figure manager to close; removing the axes is
    cheap, where ``figure.clear()`` would build fresh empty axes first.
    """
    for ax in list(figure.axes):
        figure.delaxes(ax)


def _days(first: dt.date, last: dt.date) -> int:
    return (last - first).days + 1


def _fitting_name(name: str, chars: int) -> str:
    """The phase's name, or its first part ("Phase 2"), in ``chars`` characters; else ""."""
    for candidate in (name, name.split(" — ")[0]):
        if len(candidate) <= chars:
            return candidate
    return ""


def _range_text(start: dt.date, end: dt.date) -> str:
    first = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{first} – {end.day} {end:%b %Y}"
