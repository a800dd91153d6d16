"""The progress chart drawn on a matplotlib :class:`~matplotlib.figure.Figure` (no Qt).

Two panels on one date axis: the running share above (done runs filled,
planned runs as open marks, stage labels that never touch), pain below over
the traffic-light bands; phase boundaries, today and the selected day are
vertical lines across both. The legend sits in a strip above the panels, so it
never covers a point. The window wraps this in a canvas; the PDF report draws
the same figure in a part of a page. Axes and artists are made once;
:meth:`ProgressFigure.show` swaps their data.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from recovery_diary.core import chart_style
from recovery_diary.core.chart_series import ChartSeries
from recovery_diary.core.chart_style import ChartStyle, MarkStyle
from recovery_diary.core.pain import AMBER, GREEN, RED, Thresholds
from recovery_diary.exports.progress_points import (
    ChartPoint,
    LabelBox,
    date_nums,
    day_num,
    fitting_labels,
    fitting_name,
    legend_columns,
    num_day,
    series_points,
)

#: Figure fraction (left, bottom, width, height) the chart fills; the whole figure by default.
Rect = tuple[float, float, float, float]
_LEGEND_ROW, _PHASE_ROW = 1.5, 1.6  # in font heights


class ProgressFigure:
    """The chart's axes and artists on ``figure``, inside ``rect`` (figure fractions)."""

    def __init__(
        self, figure: Figure, style: ChartStyle = chart_style.WINDOW_STYLE, rect: Rect | None = None
    ) -> None:
        self.figure = figure
        self.style = style
        self.rect = rect or (0.0, 0.0, 1.0, 1.0)
        self.series: ChartSeries | None = None
        self.selected: dt.date | None = None
        self.share_ax: Axes = figure.add_axes((0.1, 0.55, 0.8, 0.35))
        self.pain_ax: Axes = figure.add_axes((0.1, 0.1, 0.8, 0.4), sharex=self.share_ax)
        self.lines: dict[str, Line2D] = {}
        self._bands: list[Artist] = []
        self._thresholds: Thresholds | None = None
        self._window_artists: list[Artist] = []
        self._wide: bool | None = None
        self._columns, self._legend_font = 0, style.font_size - 0.5
        self.legend: Legend | None = None
        self._build()
        self.fit()

    # -- building ----------------------------------------------------------------
    def _build(self) -> None:
        s, share, pain = self.style, self.share_ax, self.pain_ax
        fs = s.font_size
        share.set_ylim(*s.share_limits)
        share.set_yticks(s.share_ticks)
        pain.set_ylim(*s.pain_limits)
        pain.set_yticks(s.pain_ticks)
        share.set_ylabel(s.share_label, fontsize=fs)
        pain.set_ylabel(s.pain_label, fontsize=fs)
        for ax in (share, pain):
            ax.tick_params(labelsize=fs)
            ax.grid(True, axis="x", linewidth=0.4, alpha=0.25)
            ax.set_axisbelow(True)
        share.tick_params(labelbottom=False)
        # Fixed label places: matplotlib would otherwise measure every tick label
        # of both panels on each draw to place labels that are empty here.
        for ax in (share, pain):
            ax.xaxis.set_label_coords(0.5, 0)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        pain.xaxis.set_major_locator(locator)
        pain.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        self._add_line("share", share, chart_style.RUNNING_SHARE)
        self._add_line("planned", share, chart_style.PLANNED_RUN)
        for kind, mark in chart_style.PAIN.items():
            self._add_line(kind, pain, mark)
        self._add_line("check_in", pain, chart_style.CHECK_IN)
        self._add_line("flag", pain, chart_style.RED_FLAG)
        self.lines["flag"].set_markeredgewidth(0.8)
        self.today_lines = [
            ax.axvline(0, linestyle=":", linewidth=1.0, alpha=0.6, zorder=2, visible=False)
            for ax in (share, pain)
        ]
        self.selected_lines = [
            ax.axvline(0, linewidth=1.8, alpha=0.85, zorder=2.5, visible=False)
            for ax in (share, pain)
        ]
        self.empty_text = share.text(
            0.5, 0.5, "", transform=share.transAxes, ha="center", va="center", visible=False
        )
        self.empty_text.update({"fontsize": fs + 1.5, "wrap": True})  # wrap: a small window
        self.set_style(self.style)

    def _add_line(self, kind: str, ax: Axes, mark: MarkStyle) -> Line2D:
        (self.lines[kind],) = ax.plot([], [], clip_on=False, **mark.line_kwargs(self.style.ink))
        return self.lines[kind]

    def _make_legend(self, columns: int, font: float) -> None:
        if self.legend is not None:
            self.legend.remove()
        lines = [self.lines[kind] for kind in chart_style.LEGEND_ORDER]
        self.legend = self.figure.legend(
            lines,
            [str(line.get_label()) for line in lines],
            loc="upper left",
            ncols=columns,
            frameon=False,
            fontsize=font,
            handlelength=1.8,
            borderaxespad=0.0,
            columnspacing=0.9,
        )
        for text in self.legend.get_texts():
            text.set_color(self.style.ink)
        self._columns, self._legend_font = columns, font

    # -- colours and size ------------------------------------------------------------
    def set_style(self, style: ChartStyle) -> None:
        """Take ``style``'s colours (the window follows the palette)."""
        self.style = style
        ink = style.ink
        self.figure.set_facecolor(style.background)
        for ax in (self.share_ax, self.pain_ax):
            ax.set_facecolor(style.plot_background)
            ax.tick_params(colors=ink, which="both")
            ax.yaxis.label.set_color(ink)
            ax.xaxis.label.set_color(ink)
            ax.grid(True, axis="x", color=ink, alpha=0.25)
            for spine in ax.spines.values():
                spine.set_edgecolor(ink)
        for kind in ("share", "planned"):
            self.lines[kind].set_color(ink)
        self.lines["flag"].set_markeredgecolor(style.plot_background)
        for line in self.today_lines:
            line.set_color(ink)
        for line in self.selected_lines:
            line.set_color(style.selected_colour)
        self.empty_text.set_color(ink)
        self.empty_text.set_bbox(
            {"facecolor": style.plot_background, "edgecolor": "none", "alpha": 0.9, "pad": 6}
        )
        for artist in self._window_artists:
            artist.set_color(ink)  # type: ignore[attr-defined]
        if self._columns:
            self._make_legend(self._columns, self._legend_font)
            self.fit()

    def fit(self, _event: object = None) -> None:
        """Place legend, phase row and panels for the figure's size (also a resize handler)."""
        s = self.style
        fig_w, fig_h = self.figure.get_size_inches()
        x0, y0 = self.rect[0] * fig_w, self.rect[1] * fig_h
        width, height = self.rect[2] * fig_w, self.rect[3] * fig_h
        font_in = s.font_size / 72
        plot_w = max(width - s.margins["left"] - s.margins["right"], 0.5)
        labels = [str(self.lines[kind].get_label()) for kind in chart_style.LEGEND_ORDER]
        # The legend strip spans the chart's whole width, over the y labels too.
        legend_w = width - 0.2
        # Rather a point smaller than a third row of legend in a small window.
        font = s.font_size - 0.5
        columns = legend_columns(labels, font, legend_w)
        if columns < 4 and legend_columns(labels, font - 1, legend_w) >= 4:
            font, columns = font - 1, 4
        if (columns, font) != (self._columns, self._legend_font):
            self._make_legend(columns, font)
        rows = math.ceil(len(chart_style.LEGEND_ORDER) / columns)
        legend_in = rows * _LEGEND_ROW * font / 72 + 0.04
        top = y0 + height - 0.05 - legend_in - _PHASE_ROW * font_in
        bottom = y0 + s.margins["bottom"]
        left = x0 + s.margins["left"]
        gap = s.margins["gap"]
        plots = max(top - bottom - gap, 0.4)
        share_h = plots * s.panel_ratio[0] / sum(s.panel_ratio)
        pain_h = plots - share_h
        self.pain_ax.set_position((left / fig_w, bottom / fig_h, plot_w / fig_w, pain_h / fig_h))
        self.share_ax.set_position(
            (left / fig_w, (bottom + pain_h + gap) / fig_h, plot_w / fig_w, share_h / fig_h)
        )
        for ax in (self.share_ax, self.pain_ax):
            ax.yaxis.set_label_coords(-s.label_offset / plot_w, 0.5)
        assert self.legend is not None
        self.legend.set_bbox_to_anchor(
            ((x0 + 0.1) / fig_w, (y0 + height - 0.04) / fig_h, legend_w / fig_w, 0.0),
            transform=self.figure.transFigure,
        )
        if self.series is not None:
            self._draw_window_texts()

    # -- data --------------------------------------------------------------------
    def show(
        self,
        series: ChartSeries | None,
        today: dt.date | None = None,
        selected: dt.date | None = None,
        empty_text: str = "",
    ) -> None:
        """Draw ``series`` (None: nothing), today's line and the selected day's."""
        self.series = series
        if series is None:
            for line in self.lines.values():
                line.set_data([], [])
            self._clear_window_artists()
        else:
            self._show_series(series)
        for line in self.today_lines:
            line.set_visible(series is not None and today is not None)
            if today is not None:
                line.set_xdata([day_num(today)] * 2)
        self.select(selected)
        self.empty_text.set_text(empty_text)
        self.empty_text.set_visible(bool(empty_text))

    def select(self, day: dt.date | None) -> None:
        """Mark ``day`` across both panels (no mark for None or a day outside the chart)."""
        self.selected = day
        shown = day is not None and self.series is not None
        for line in self.selected_lines:
            line.set_visible(shown)
            if day is not None:
                line.set_xdata([day_num(day)] * 2)

    def _show_series(self, series: ChartSeries) -> None:
        self.share_ax.set_xlim(day_num(series.start) - 0.5, day_num(series.end) + 0.5)
        self._set_bands(series.thresholds)
        for kind, (days, values) in series_points(series).items():
            # Unclipped, so a mark on the first or last day shows whole: only the
            # window's days are drawn (a next-morning score may fall the day after).
            kept = [(d, v) for d, v in zip(days, values, strict=True) if d <= series.end]
            self.lines[kind].set_data(date_nums([d for d, _ in kept]), [v for _, v in kept])
        for kind in chart_style.PAIN:
            if kind not in series.pain:
                self.lines[kind].set_data([], [])
        flags = date_nums(series.red_flags)
        self.lines["flag"].set_data(flags, np.full(len(flags), self.style.red_flag_row))
        self._set_density((series.end - series.start).days >= self.style.wide_days)
        self._draw_window_texts()

    def _set_density(self, wide: bool) -> None:
        """In wide windows only pain during keeps its line: four zigzags would hide each other."""
        if wide == self._wide:
            return
        self._wide = wide
        for kind, mark in chart_style.PAIN.items():
            line = self.lines[kind]
            if kind == "during":
                line.set_linewidth(mark.linewidth * (0.7 if wide else 1.0))
            else:
                line.set_linestyle("none" if wide else mark.linestyle)  # type: ignore[arg-type]
            line.set_markersize(mark.markersize * (0.75 if wide else 1.0))

    def _set_bands(self, thresholds: Thresholds) -> None:
        if thresholds == self._thresholds:
            return
        self._thresholds = thresholds
        for band in self._bands:
            band.remove()
        # Scores are whole numbers: a band ends half-way to the next colour's first score.
        low = self.style.pain_limits[0]
        edges = (low, thresholds.safe_max + 0.5, thresholds.acceptable_max + 0.5, 10.5)
        self._bands = []
        for light, lo, hi in zip((GREEN, AMBER, RED), edges, edges[1:], strict=False):
            colour, alpha = chart_style.BANDS[light]
            band = self.pain_ax.axhspan(lo, hi, color=colour, alpha=alpha, linewidth=0, zorder=0)
            band.set_label(f"_{chart_style.BAND_WORDS[light]} band")
            self._bands.append(band)

    def _clear_window_artists(self) -> None:
        for artist in self._window_artists:
            artist.remove()
        self._window_artists = []

    def _draw_window_texts(self) -> None:
        """Phase boundaries and names, and the stage labels that fit at this size."""
        series = self.series
        assert series is not None
        self._clear_window_artists()
        self._add_phases(series)
        self._add_stage_labels(series)

    def _px_per_day(self, series: ChartSeries) -> float:
        width = self.share_ax.get_position().width * self.figure.bbox.width
        return width / ((series.end - series.start).days + 1)

    def _add_phases(self, series: ChartSeries) -> None:
        ax, s = self.share_ax, self.style
        char_px = 0.6 * (s.font_size - 0.5) * self.figure.dpi / 72
        px_per_day = self._px_per_day(series)
        for phase in series.phases:
            begin = max(phase.start, series.start)
            x = day_num(begin) - 0.5
            if phase.start > series.start:
                for axes in (self.share_ax, self.pain_ax):
                    boundary = axes.axvline(
                        x, color=s.ink, linestyle="--", linewidth=1.0, alpha=0.7, zorder=1.5
                    )
                    self._window_artists.append(boundary)
            shown = (min(phase.end or series.end, series.end) - begin).days + 1
            name = fitting_name(phase.name, int(shown * px_per_day / char_px) - 1)
            if name:
                label = ax.text(
                    x,
                    1.0,
                    f" {name}",
                    transform=ax.get_xaxis_transform(),
                    ha="left",
                    va="bottom",
                    fontsize=s.font_size - 0.5,
                    color=s.ink,
                    clip_on=False,
                )
                self._window_artists.append(label)

    def _add_stage_labels(self, series: ChartSeries) -> None:
        if not series.stage_labels:
            return
        fs = self.style.font_size - 1
        px = self.figure.dpi / 72
        xs = date_nums([label.date for label in series.stage_labels])
        ys = [label.share for label in series.stage_labels]
        where = self.share_ax.transData.transform(np.column_stack([xs, ys]))
        height, top = fs * px * 1.2, self.share_ax.bbox.y1
        boxes = []
        for label, (x, y) in zip(series.stage_labels, where, strict=True):
            # Above its point, or below it where the panel's top edge would cut it.
            below = y + 4 * px + height > top
            centre = y - 4 * px - height / 2 if below else y + 4 * px + height / 2
            width = 0.62 * fs * px * len(label.text)
            boxes.append(LabelBox(label, float(x), float(centre), width, height, below))
        for box in fitting_labels(boxes):
            label = box.label
            text = self.share_ax.annotate(
                label.text,
                (day_num(label.date), label.share),
                xytext=(0, -4 if box.below else 4),
                textcoords="offset points",
                ha="center",
                va="top" if box.below else "bottom",
                fontsize=fs,
                color=self.style.ink,
                fontweight="bold",
                annotation_clip=True,
            )
            self._window_artists.append(text)

    # -- reading it back -----------------------------------------------------------
    def point_at(self, x: float, y: float, radius: float = 8.0) -> ChartPoint | None:
        """The drawn point nearest the display position (``x``, ``y``) within ``radius`` px."""
        best: tuple[float, ChartPoint] | None = None
        for kind, line in self.lines.items():
            xy = np.asarray(line.get_xydata(), dtype=float)
            if not line.get_visible() or xy.size == 0:
                continue
            where = self._axes_of(line).transData.transform(xy)
            distance = np.hypot(where[:, 0] - x, where[:, 1] - y)
            index = int(np.argmin(distance))
            if distance[index] <= radius and (best is None or distance[index] < best[0]):
                point = ChartPoint(num_day(xy[index, 0]), kind, float(xy[index, 1]))
                best = (float(distance[index]), point)
        return best[1] if best else None

    def display_xy(self, point: ChartPoint) -> tuple[float, float]:
        """Where ``point`` is drawn, in display pixels."""
        axes = self._axes_of(self.lines[point.kind])
        x, y = axes.transData.transform((day_num(point.day), point.value))
        return float(x), float(y)

    def _axes_of(self, line: Line2D) -> Axes:
        return self.pain_ax if line.axes is self.pain_ax else self.share_ax


def draw_progress(
    figure: Figure,
    series: ChartSeries,
    today: dt.date | None = None,
    rect: Rect | None = None,
    style: ChartStyle = chart_style.REPORT_STYLE,
) -> ProgressFigure:
    """Draw ``series`` once on ``figure`` (inside ``rect``), e.g. on a report page."""
    chart = ProgressFigure(figure, style, rect)
    chart.show(series, today=today, empty_text="" if not series.is_empty else "Nothing recorded")
    return chart
