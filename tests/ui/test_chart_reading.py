"""Reading the chart as a runner does: two panels, open planned runs, hover, click, legend."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from matplotlib import dates as mdates
from matplotlib.backend_bases import MouseEvent
from PySide6.QtCore import QPoint, Qt

from recovery_diary import Session
from recovery_diary.ui.session_form import from_qdate, to_qdate

TODAY = dt.date(2024, 6, 30)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def run(on: dt.date, run_min: float, walk_min: float, **fields) -> Session:
    return Session(
        date=on, activity="run_walk", run_minutes=run_min, walk_minutes=walk_min, **fields
    )


@pytest.fixture
def make_view(qtbot, diary):
    from recovery_diary.ui.chart_view import ProgressChartView

    def _make(width: int = 1000, height: int = 420) -> ProgressChartView:
        widget = ProgressChartView(today=lambda: TODAY)
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        widget.set_diary(diary)
        widget.canvas.draw()
        return widget

    return _make


def line(ax, label: str):
    (found,) = [ln for ln in ax.lines if ln.get_label() == label]
    return found


def pixel_of(ax, artist, index: int) -> tuple[float, float]:
    x, y = ax.transData.transform(artist.get_xydata()[index])
    return float(x), float(y)


def move_mouse(view, x: float, y: float) -> None:
    event = MouseEvent("motion_notify_event", view.canvas, x, y)
    view.canvas.callbacks.process("motion_notify_event", event)


def data_pixels(figure) -> np.ndarray:
    """Display positions of every plotted point (named series only)."""
    points = [
        ax.transData.transform(ln.get_xydata())
        for ax in figure.axes
        for ln in ax.lines
        if not ln.get_label().startswith("_") and len(ln.get_xdata())
    ]
    return np.concatenate(points) if points else np.empty((0, 2))


def test_two_panels_share_one_date_axis(make_view, diary):
    diary.record(run(ago(3), 6, 4, stage=2, pain_during=2))
    view = make_view()
    share_ax, pain_ax = view.canvas.figure.axes
    assert share_ax.get_shared_x_axes().joined(share_ax, pain_ax)
    assert share_ax.get_xlim() == pain_ax.get_xlim()
    # Running share above, pain below; the dates are written once, under the pain.
    assert share_ax.get_position().y0 > pain_ax.get_position().y1
    assert not any(t.get_visible() and t.get_text() for t in share_ax.get_xticklabels())
    assert any(t.get_text() for t in pain_ax.get_xticklabels())
    assert "Running" in share_ax.get_ylabel() and "Pain" in pain_ax.get_ylabel()


def test_planned_runs_are_open_marks_and_done_runs_filled(make_view, diary):
    diary.start_programme(ago(40))
    diary.start_running(ago(5))
    diary.record(run(ago(5), 5, 5, stage=1, pain_during=2, pain_next_morning=1))
    view = make_view()
    view.set_window(TODAY + dt.timedelta(days=14), 6)
    share_ax, _ = view.canvas.figure.axes
    planned = line(share_ax, "Planned run")
    done = line(share_ax, "Running share")
    assert len(planned.get_xdata()) >= 2
    assert all(mdates.num2date(x).date() > ago(5) for x in planned.get_xdata())
    assert planned.get_markerfacecolor() == "none"
    assert done.get_markerfacecolor() != "none"
    assert [mdates.num2date(x).date() for x in done.get_xdata()] == [ago(5)]


def test_hovering_a_point_shows_its_date_and_values(make_view, diary):
    diary.record(run(ago(7), 7, 3, stage=3, pain_before=1, pain_during=3, pain_after=2))
    diary.check_in(ago(2), 4)
    view = make_view()
    _, pain_ax = view.canvas.figure.axes
    assert not view.hover.get_visible()
    view.canvas.draw()
    before = bytes(view.canvas.buffer_rgba())
    move_mouse(view, *pixel_of(pain_ax, line(pain_ax, "Pain during (worst)"), 0))
    assert view.hover.get_visible()
    view.canvas.draw()
    assert bytes(view.canvas.buffer_rgba()) != before  # the box is on screen
    text = view.hover.get_text()
    assert "Sun 23 Jun 2024" in text
    assert "70 % running (stage 3)" in text
    assert "before 1, during 3, after 2" in text
    move_mouse(view, *pixel_of(pain_ax, line(pain_ax, "Check-in pain"), 0))
    assert view.hover.get_text().splitlines() == ["Fri 28 Jun 2024", "Check-in pain 4"]
    x, y = pixel_of(pain_ax, line(pain_ax, "Check-in pain"), 0)
    move_mouse(view, x - 60, y + 40)
    assert not view.hover.get_visible()


def test_the_legend_never_covers_a_point(make_view, diary):
    for n in range(1, 84, 2):
        diary.record(run(ago(n), 9, 1, stage=5, pain_before=9, pain_during=10, pain_after=10))
        diary.check_in(ago(n + 1), 10, ["night_pain"] if n % 10 == 1 else [])
    for width, height in ((560, 260), (760, 320), (1400, 520)):
        view = make_view(width, height)
        view.set_window(TODAY, 13)
        view.canvas.draw()
        figure = view.canvas.figure
        (legend,) = figure.legends
        box = legend.get_window_extent()
        points = data_pixels(figure)
        assert len(points) > 100
        inside = (
            (points[:, 0] >= box.x0)
            & (points[:, 0] <= box.x1)
            & (points[:, 1] >= box.y0)
            & (points[:, 1] <= box.y1)
        )
        assert not inside.any(), (width, height)
        for ax in figure.axes:
            assert not box.overlaps(ax.get_window_extent()), (width, height)
        assert box.x0 >= 0 and box.x1 <= figure.bbox.width and box.y1 <= figure.bbox.height


def test_stage_labels_never_touch_each_other(make_view, diary):
    for n in range(1, 360, 2):
        diary.record(run(ago(n), 5 + (n // 7) % 6, 5 - (n // 7) % 6, stage=1 + (n // 7) % 6))
    view = make_view(620, 300)
    for weeks in (6, 26, 52):
        view.set_window(TODAY, weeks)
        view.canvas.draw()
        share_ax, _ = view.canvas.figure.axes
        labels = [t for t in share_ax.texts if t.get_text().startswith("S") and t.get_visible()]
        assert len(labels) >= 2, len(labels)
        renderer = view.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in labels]
        # Inside the panel: a label that would poke out of its top goes under its point.
        assert all(b.y1 <= share_ax.bbox.y1 + 1 and b.y0 >= share_ax.bbox.y0 for b in boxes)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), weeks


def hint_of(view) -> str:
    share_ax, _ = view.canvas.figure.axes
    (hint,) = [
        t.get_text() for t in share_ax.texts if t.get_visible() and "Nothing" in t.get_text()
    ]
    return hint


def test_the_empty_chart_names_only_buttons_that_work(make_view, diary):
    diary.record(run(ago(300), 5, 5))
    diary.record(run(ago(2), 5, 5))
    view = make_view()
    view.set_window(ago(120), 2)
    hint = hint_of(view)
    assert "◀ Earlier" in hint and "Later ▶" in hint and "Today" in hint
    assert "Whole programme" in hint
    view.set_window(ago(320), 2)
    assert not view.earlierButton.isEnabled()
    assert "Earlier" not in hint_of(view) and "Later ▶" in hint_of(view)


# -- in the main window ------------------------------------------------------------------
def test_the_selected_day_is_marked_and_follows_the_calendar(window, qtbot, today):
    diary = window.diary
    diary.record(run(today - dt.timedelta(days=10), 5, 5, pain_during=2))
    window.refresh()
    chart = window.chartView.chart

    def marked_day() -> dt.date:
        assert all(ln.get_visible() for ln in chart.selected_lines)
        days = {mdates.num2date(ln.get_xdata()[0]).date() for ln in chart.selected_lines}
        (day,) = days
        return day

    assert marked_day() == today
    window.calendar.setSelectedDate(to_qdate(today - dt.timedelta(days=4)))
    assert marked_day() == today - dt.timedelta(days=4)
    share_ax, pain_ax = window.chartView.canvas.figure.axes
    assert {ln.axes for ln in chart.selected_lines} == {share_ax, pain_ax}


def test_clicking_a_point_selects_its_day_in_the_calendar(window, qtbot, today):
    day = today - dt.timedelta(days=9)
    window.diary.record(run(day, 6, 4, pain_during=3))
    window.refresh()
    canvas = window.chartView.canvas
    canvas.draw()
    _, pain_ax = canvas.figure.axes
    x, y = pixel_of(pain_ax, line(pain_ax, "Pain during (worst)"), 0)
    ratio = canvas.device_pixel_ratio
    where = QPoint(round(x / ratio), round((canvas.figure.bbox.height - y) / ratio))
    assert from_qdate(window.calendar.selectedDate()) == today
    with qtbot.waitSignal(window.chartView.daySelected) as clicked:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=where)
    assert clicked.args == [day]
    assert from_qdate(window.calendar.selectedDate()) == day
