"""The progress figure without Qt, as the PDF report draws it on part of a page."""

from __future__ import annotations

import datetime as dt

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from recovery_diary import Session
from recovery_diary.core.chart_series import ChartInputs, chart_series
from recovery_diary.core.checkin import CheckIn
from recovery_diary.exports.progress_figure import draw_progress
from recovery_diary.exports.progress_points import day_values, legend_columns

DAY = dt.date(2026, 3, 10)


def sessions() -> list[Session]:
    runs = [
        Session(
            date=DAY + dt.timedelta(days=2 * n),
            activity="run_walk",
            run_minutes=5 + n,
            walk_minutes=5 - n,
            stage=1 + n,
            pain_during=n + 1,
            pain_next_morning=n,
        )
        for n in range(5)
    ]
    planned = Session(
        date=DAY + dt.timedelta(days=12), activity="run_walk", status="planned", stage=6
    )
    return [*runs, planned]


def test_the_report_draws_the_same_two_panels_inside_its_part_of_the_page(tmp_path):
    series = chart_series(
        ChartInputs(sessions(), [CheckIn(id=1, date=DAY + dt.timedelta(days=3), pain=6)]),
        DAY - dt.timedelta(days=3),
        DAY + dt.timedelta(days=14),
    )
    page = Figure(figsize=(8.27, 11.69), dpi=72)  # A4
    FigureCanvasAgg(page)
    rect = (0.08, 0.55, 0.84, 0.3)
    chart = draw_progress(page, series, today=DAY + dt.timedelta(days=9), rect=rect)
    page.canvas.draw()
    share_ax, pain_ax = page.axes
    assert share_ax.get_shared_x_axes().joined(share_ax, pain_ax)
    area = page.transFigure.transform([(rect[0], rect[1]), (rect[0] + rect[2], rect[1] + rect[3])])
    for box in (share_ax.bbox, pain_ax.bbox, chart.legend.get_window_extent()):
        assert area[0][0] <= box.x0 and box.x1 <= area[1][0] + 1
        assert area[0][1] <= box.y0 and box.y1 <= area[1][1] + 1
    assert chart.lines["planned"].get_markerfacecolor() == "none"
    assert len(chart.lines["planned"].get_xdata()) == 1
    assert all(line.get_visible() for line in chart.today_lines)
    assert [t.get_text() for t in share_ax.texts if t.get_text().startswith("S")] == [
        "S1",
        "S2",
        "S3",
        "S4",
        "S5",
    ]
    page.savefig(tmp_path / "page.pdf")
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")


def test_a_day_is_told_in_words():
    series = chart_series(ChartInputs(sessions()), DAY, DAY + dt.timedelta(days=14))
    assert day_values(series, DAY + dt.timedelta(days=2)) == [
        "Thu 12 Mar 2026",
        "Run done: 60 % running (stage 2)",
        "Pain during 2",
    ]
    assert day_values(series, DAY + dt.timedelta(days=3)) == [
        "Fri 13 Mar 2026",
        "Next-morning pain 1 (after the day before)",
    ]
    assert (
        day_values(series, DAY + dt.timedelta(days=12))[1] == "Planned run: 100 % running (stage 6)"
    )


def test_the_legend_takes_as_many_columns_as_fit():
    labels = ["Running share", "Planned run", "Pain during (worst)", "Red flag"]
    assert legend_columns(labels, 8.5, 12.0) == 8
    assert legend_columns(labels * 2, 8.5, 6.0) == 4
    assert legend_columns(labels * 2, 8.5, 2.0) == 2
