"""The report's progress chart, drawn with matplotlib into an image.

Two stacked panels on one date axis: the running share of each run above
(planned runs as open marks), the pain scores below over the traffic-light
bands of the runner's own limits. Only plain ``Figure`` objects and the Agg
canvas are used (no pyplot, no global style changes), so it can be drawn on a
worker thread while the window draws its own chart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import statistics
from collections.abc import Callable, Sequence
from typing import Any

from recovery_diary.core.chart_series import PAIN_KINDS, ChartSeries, Series, stage_changes

INK, GREY = "#1a1a1a", "#555555"
FONT = "DejaVu Sans"
SMALL = 7.5
PAIN_STYLE: dict[str, dict[str, Any]] = {
    "during": {"color": "#7b3fb5", "marker": "o", "linestyle": "-", "linewidth": 1.6},
    "next_morning": {"color": "#2a6fc0", "marker": "s", "linestyle": "-.", "linewidth": 1.2},
    "before": {"color": "#178a96", "marker": "v", "linestyle": ":", "linewidth": 0.9},
    "after": {"color": "#c04f9e", "marker": "^", "linestyle": "--", "linewidth": 0.9},
}
BANDS = (("#2ca02c", 0.14), ("#ffb000", 0.17), ("#e0282e", 0.13))
CHECK_IN_COLOUR, RED_FLAG_COLOUR = "#d0843f", "#e0282e"
#: Over a longer period points get no marks and stage labels only where the stage changes.
DENSE_DAYS = 120
#: A phase's label needs this share of the chart's width before the next one.
LABEL_ROOM = 0.16
#: Over a period this long each point is one week.
WEEKLY_DAYS = 26 * 7
WEEKLY_PAIN = ("during", "next_morning")
#: Sharp enough on paper; a finer image costs more time than it shows.
DPI = 170


def by_week(series: ChartSeries) -> ChartSeries:
    """``series`` with one point a week: the worst pain, the mean running share.

    Only the pain during and the next morning are kept.

    Each point stands on the week's first day (7-day blocks from the start).
    """

    def weekly(points: Series, pick: Callable[[list[float]], float]) -> Series:
        weeks: dict[dt.date, list[float]] = {}
        for day, value in zip(points.dates, points.values, strict=True):
            block = series.start + dt.timedelta(weeks=(day - series.start).days // 7)
            weeks.setdefault(block, []).append(value)
        return Series(tuple(weeks), tuple(pick(v) for v in weeks.values()))

    return dataclasses.replace(
        series,
        running_share=weekly(series.running_share, statistics.fmean),
        # Before and after add little to a week's picture and crowd the panel.
        pain={k: weekly(p, max) for k, p in series.pain.items() if k in WEEKLY_PAIN},
        check_in_pain=weekly(series.check_in_pain, max),
        stage_labels=(),
    )


def chart_image(series: ChartSeries, today: dt.date, width_in: float, height_in: float) -> Any:
    """The chart of ``series`` as a Pillow image, ``width_in`` by ``height_in`` inches."""
    import numpy as np
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def nums(days: Sequence[dt.date]) -> Any:
        return mdates.date2num(np.asarray(days, dtype="datetime64[D]"))

    if (series.end - series.start).days >= WEEKLY_DAYS:
        series = by_week(series)
    dense = (series.end - series.start).days > DENSE_DAYS
    mark = 0.0 if dense else 1.0
    figure = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 1, height_ratios=(0.38, 0.62), hspace=0.12)
    share = figure.add_subplot(grid[0])
    pain = figure.add_subplot(grid[1], sharex=share)
    figure.subplots_adjust(left=0.09, right=0.99, top=0.9, bottom=0.24)
    first, last = nums([series.start])[0], nums([series.end])[0]
    share.set_xlim(first - 0.5, last + 0.5)

    share.set_ylim(-6, 118)
    share.set_yticks([0, 50, 100])
    share.set_ylabel("Running\nshare %", fontsize=SMALL, fontfamily=FONT)
    share.plot(
        nums(series.running_share.dates),
        series.running_share.values,
        marker="o",
        markersize=3.5 * mark,
        linewidth=1.4,
        color=INK,
        label="Running share (done run)",
    )
    share.plot(
        nums(series.planned_runs.dates),
        series.planned_runs.values,
        marker="o",
        markersize=4.5,
        linestyle="none",
        markerfacecolor="none",
        color=GREY,
        label="Planned run",
    )
    labels = stage_changes(series.stage_labels) if dense else series.stage_labels
    for label in labels[-40:]:
        share.annotate(
            label.text,
            (nums([label.date])[0], label.share),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=SMALL - 1.5,
            color=INK,
            parse_math=False,
        )
    share.tick_params(labelbottom=False, labelsize=SMALL)

    limits = series.thresholds
    edges = (-0.5, limits.safe_max + 0.5, limits.acceptable_max + 0.5)
    for low, high, (colour, alpha) in zip(edges, (*edges[1:], 10.5), BANDS, strict=True):
        pain.axhspan(low, high, color=colour, alpha=alpha, linewidth=0, zorder=0)
    for kind in ("before", "after", "during", "next_morning"):
        points = series.pain.get(kind)
        if points is not None:
            style = dict(PAIN_STYLE[kind])
            pain.plot(
                nums(points.dates),
                points.values,
                markersize=3.0 * mark,
                label=PAIN_KINDS[kind],
                **style,
            )
    pain.plot(
        nums(series.check_in_pain.dates),
        series.check_in_pain.values,
        marker="D",
        markersize=3.5 if not dense else 1.5,
        linestyle="none",
        color=CHECK_IN_COLOUR,
        label="Check-in pain",
    )
    flags = nums(series.red_flags)
    pain.plot(
        flags,
        np.full(len(flags), 11.0),
        marker="X",
        markersize=7,
        linestyle="none",
        color=RED_FLAG_COLOUR,
        label="Red flag",
        clip_on=False,
    )
    pain.set_ylim(-0.5, 11.6)
    pain.set_yticks(range(0, 11, 2))
    pain.set_ylabel("Pain 0–10", fontsize=SMALL, fontfamily=FONT)
    pain.tick_params(labelsize=SMALL)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    pain.xaxis.set_major_locator(locator)
    pain.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))

    for ax in (share, pain):
        ax.grid(True, axis="x", linewidth=0.4, alpha=0.3)
        if series.start <= today <= series.end:
            ax.axvline(nums([today])[0], color=GREY, linewidth=0.8, linestyle=":")
    room = (last - first) * LABEL_ROOM
    labelled = [math.inf, math.inf]  # the leftmost label so far on each of two lines
    for phase in sorted(series.phases, key=lambda p: p.start, reverse=True):
        x = nums([max(phase.start, series.start)])[0] - 0.5
        if phase.start > series.start:
            for ax in (share, pain):
                ax.axvline(x, color=INK, linestyle="--", linewidth=0.8, alpha=0.7)
        line = next((i for i, left in enumerate(labelled) if left - x >= room), None)
        if line is None:
            continue  # no room for its name: the dashed line alone marks it
        labelled[line] = x
        share.text(
            x,
            1.03 + 0.13 * line,
            f" {phase.name}",
            transform=share.get_xaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=SMALL - 1,
            color=INK,
            clip_on=False,
            parse_math=False,
        )
    if series.is_empty:
        share.text(
            0.5,
            0.5,
            "Nothing was recorded in this period.",
            transform=share.transAxes,
            ha="center",
            va="center",
            fontsize=SMALL + 2,
            color=GREY,
        )

    handles = [
        h
        for h in share.get_lines()[:2] + pain.get_lines()
        if not str(h.get_label()).startswith("_")
    ]
    figure.legend(
        handles,
        [str(h.get_label()) for h in handles],
        loc="lower left",
        ncols=4,
        bbox_to_anchor=(0.02, 0.0),
        fontsize=SMALL,
        frameon=False,
        handlelength=2.0,
    )
    from PIL import Image

    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    return Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")
