"""The report's progress chart: the window's figure, in the report's style, as an image.

Two stacked panels on one date axis: the running share of each run above
(planned runs as open marks), the pain scores below over the traffic-light
bands of the runner's own limits, drawn by
:mod:`recovery_diary.exports.progress_figure` in ``chart_style.REPORT_STYLE``.
Only plain ``Figure`` objects and the Agg canvas are used (no pyplot, no global
style changes), so it can be drawn on a worker thread while the window draws.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Callable
from typing import Any

from recovery_diary.core.chart_series import ChartSeries, Series

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
    """The chart of ``series`` as a Pillow image, ``width_in`` by ``height_in`` inches.

    It is the window's progress figure (:mod:`recovery_diary.exports.progress_figure`)
    in the report's style, one point a week over long periods.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from recovery_diary.core import chart_style
    from recovery_diary.exports.progress_figure import draw_progress

    if (series.end - series.start).days >= WEEKLY_DAYS:
        series = by_week(series)
    figure = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    draw_progress(figure, series, today, style=chart_style.REPORT_STYLE)
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    return Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")
