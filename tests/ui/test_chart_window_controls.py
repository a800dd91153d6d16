"""Moving and widening the chart's window keeps the diary's data on screen."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib import dates as mdates
from PySide6.QtCore import Qt

from recovery_diary import Session
from recovery_diary.ui.chart_view import ProgressChartView

TODAY = dt.date(2024, 6, 30)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def run(on: dt.date, **fields) -> Session:
    return Session(date=on, activity="run_walk", run_minutes=6, walk_minutes=4, **fields)


@pytest.fixture
def view(qtbot, diary):
    widget = ProgressChartView(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    return widget


def choose(view: ProgressChartView, text: str) -> None:
    index = view.widthCombo.findText(text)
    assert index >= 0, text
    view.widthCombo.setCurrentIndex(index)


def shown_runs(view: ProgressChartView) -> list[dt.date]:
    share_ax = view.canvas.figure.axes[0]
    (share,) = [ln for ln in share_ax.lines if ln.get_label() == "Running share"]
    return [mdates.num2date(x).date() for x in share.get_xdata()]


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_year_chosen_after_earlier_still_shows_the_data(view, diary, qtbot):
    for n in range(2, 70, 3):
        diary.record(run(ago(n), pain_during=2))
    view.set_diary(diary)
    click(qtbot, view.earlierButton)
    click(qtbot, view.earlierButton)
    choose(view, "1 year")
    start, end = view.window()
    assert end == TODAY  # not a year running into days with nothing recorded or planned
    assert (end - start).days + 1 == 52 * 7
    assert len(shown_runs(view)) == len(range(2, 70, 3))


def test_widening_an_empty_window_jumps_to_the_data(view, diary, qtbot):
    for n in range(300, 420, 7):
        diary.record(run(ago(n)))
    view.set_diary(diary)
    click(qtbot, view.todayButton)
    assert shown_runs(view) == []
    choose(view, "1 year")
    start, end = view.window()
    assert end == ago(300)
    assert shown_runs(view) and min(shown_runs(view)) >= start


def test_widening_at_the_first_record_starts_there(view, diary, qtbot):
    for n in range(1, 20, 2):
        diary.record(run(ago(n)))
    view.set_diary(diary)
    choose(view, "2 weeks")
    click(qtbot, view.earlierButton)
    choose(view, "6 months")
    assert view.window()[1] == TODAY
    assert len(shown_runs(view)) == 10


def test_earlier_and_later_move_half_a_window(view, diary, qtbot):
    diary.record(run(ago(100)))
    diary.record(run(ago(1)))
    view.set_diary(diary)
    choose(view, "2 weeks")
    first = view.window()
    click(qtbot, view.earlierButton)
    assert view.window() == tuple(d - dt.timedelta(days=7) for d in first)
    # The days just seen stay in view: the window overlaps the one before by half.
    assert view.window()[1] >= first[0]
    click(qtbot, view.laterButton)
    assert view.window() == first
    assert not view.laterButton.isEnabled()


def test_whole_programme_spans_the_programme(view, diary, qtbot):
    diary.start_programme(ago(50))
    diary.start_running(ago(10))
    diary.record(run(ago(10), stage=1, pain_during=1, pain_next_morning=1))
    view.set_diary(diary)
    planned = [s.date for s in diary.sessions(TODAY, None) if s.status == "planned"]
    assert planned
    choose(view, "Whole programme")
    start, end = view.window()
    assert start == ago(50)
    assert end >= max(planned)
    left = view.canvas.figure.axes[1].get_xlim()[0]
    assert mdates.num2date(left + 0.5).date() == ago(50)
    assert view.widthCombo.currentText() == "Whole programme"
    assert ago(10) in shown_runs(view)


def test_a_day_selected_outside_the_window_brings_it_into_view(view, diary):
    diary.record(run(ago(200), pain_during=2))
    diary.record(run(ago(1)))
    view.set_diary(diary)
    view.set_selected_day(ago(200))
    start, end = view.window()
    assert start <= ago(200) <= end
    assert ago(200) in shown_runs(view)
    # A day with nothing around it (before the diary began) leaves the window alone.
    view.set_selected_day(ago(900))
    assert view.window() == (start, end)
