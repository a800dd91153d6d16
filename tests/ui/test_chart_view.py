"""The progress chart as a runner uses it: record, look, move the window, save."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib import dates as mdates
from matplotlib.patches import Rectangle
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFileDialog, QWidget

from recovery_diary import Session
from recovery_diary.ui.chart_view import EMPTY_DIARY_TEXT, ProgressChartView

TODAY = dt.date(2024, 6, 30)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def run(on: dt.date, run_min: float, walk_min: float, **fields) -> Session:
    return Session(
        date=on, activity="run_walk", run_minutes=run_min, walk_minutes=walk_min, **fields
    )


@pytest.fixture
def view(qtbot, diary):
    widget = ProgressChartView(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.set_diary(diary)
    return widget


def figure_of(view: ProgressChartView):
    canvas = view.findChild(QWidget, "progressChart")
    assert canvas is not None
    return canvas.figure


def axes(view: ProgressChartView):
    share_ax, pain_ax = figure_of(view).axes
    return share_ax, pain_ax


def line(ax, label: str):
    (found,) = [ln for ln in ax.lines if ln.get_label() == label]
    return found


def days_of(artist) -> list[dt.date]:
    return [mdates.num2date(x).date() for x in artist.get_xdata()]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_visible()]


def test_a_recorded_session_appears_after_refresh(view, diary):
    share_ax, pain_ax = axes(view)
    assert len(line(share_ax, "Running share").get_xdata()) == 0
    diary.record(run(ago(1), 7, 3, stage=3, pain_before=1, pain_during=3, pain_next_morning=2))
    view.refresh()
    share = line(share_ax, "Running share")
    assert days_of(share) == [ago(1)]
    assert list(share.get_ydata()) == [70.0]
    assert list(line(pain_ax, "Pain during (worst)").get_ydata()) == [3.0]
    assert list(line(pain_ax, "Pain before").get_ydata()) == [1.0]
    assert days_of(line(pain_ax, "Pain next morning")) == [TODAY]
    assert "S3" in texts(share_ax)


def test_the_legend_names_every_series(view):
    (legend,) = figure_of(view).legends
    names = [t.get_text() for t in legend.get_texts()]
    assert names == [
        "Running share",
        "Planned run",
        "Pain before",
        "Pain during (worst)",
        "Pain after",
        "Pain next morning",
        "Check-in pain",
        "Red flag",
    ]


def test_an_empty_diary_says_how_to_begin(view, diary):
    share_ax, _ = axes(view)
    assert EMPTY_DIARY_TEXT in texts(share_ax)
    diary.record(Session(date=ago(2), activity="cycling", duration_minutes=30, pain_during=1))
    view.refresh()
    assert EMPTY_DIARY_TEXT not in texts(share_ax)


def test_the_default_window_is_the_last_six_weeks(view):
    assert view.window() == (ago(41), TODAY)
    assert view.widthCombo.currentText() == "6 weeks"


def test_an_old_diary_opens_on_its_last_record(qtbot, diary):
    diary.record(run(ago(400), 5, 5))
    widget = ProgressChartView(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.set_diary(diary)
    assert widget.window()[1] == ago(400)
    assert days_of(line(axes(widget)[0], "Running share")) == [ago(400)]


def test_earlier_and_later_move_half_a_window_and_today_comes_back(view, diary, qtbot):
    diary.record(run(ago(200), 5, 5))
    view.refresh()
    first = view.window()
    assert not view.laterButton.isEnabled()
    assert not view.todayButton.isEnabled()
    with qtbot.waitSignal(view.windowChanged) as moved:
        qtbot.mouseClick(view.earlierButton, Qt.MouseButton.LeftButton)
    earlier = view.window()
    # Three weeks back: the older half of the six weeks seen stays on screen.
    assert earlier == (first[0] - dt.timedelta(weeks=3), first[1] - dt.timedelta(weeks=3))
    assert tuple(moved.args) == earlier
    assert view.todayButton.isEnabled()
    qtbot.mouseClick(view.earlierButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.laterButton, Qt.MouseButton.LeftButton)
    assert view.window() == earlier
    qtbot.mouseClick(view.todayButton, Qt.MouseButton.LeftButton)
    assert view.window() == first


def test_earlier_stops_at_the_first_record(view, diary, qtbot):
    diary.record(run(ago(50), 5, 5))
    view.refresh()
    qtbot.mouseClick(view.earlierButton, Qt.MouseButton.LeftButton)
    assert view.window()[0] <= ago(50)
    assert not view.earlierButton.isEnabled()


def test_the_width_combo_widens_the_window_up_to_a_year(view):
    view.widthCombo.setCurrentIndex(view.widthCombo.findText("3 months"))
    assert view.window() == (ago(13 * 7 - 1), TODAY)
    share_ax, _ = axes(view)
    left, right = share_ax.get_xlim()
    assert round(right - left) == 13 * 7
    view.set_window(TODAY, 520)
    assert view.window() == (ago(52 * 7 - 1), TODAY)
    assert view.widthCombo.currentText() == "1 year"
    view.set_window(TODAY, 4)
    assert view.window() == (ago(27), TODAY)
    assert view.widthCombo.currentText() == ""


def test_a_long_diary_only_puts_the_window_on_the_chart(view, diary):
    sessions = [run(ago(n), 6, 4, pain_during=2) for n in range(1, 730, 9)]
    for session in sessions:
        diary.record(session)
    diary.check_in(ago(5), 1)
    diary.check_in(ago(300), 2)
    view.set_window(ago(100), 2)
    start, end = view.window()
    inside = [s.date for s in sessions if start <= s.date <= end]
    share_ax, pain_ax = axes(view)
    assert days_of(line(share_ax, "Running share")) == sorted(inside)
    assert days_of(line(pain_ax, "Pain during (worst)")) == sorted(inside)
    assert len(line(pain_ax, "Check-in pain").get_xdata()) == 0


def test_check_ins_and_red_flags_have_their_own_markers(view, diary):
    diary.check_in(ago(3), 4)
    diary.check_in(ago(2), None, ["night_pain"])
    view.refresh()
    _, pain_ax = axes(view)
    check_ins = line(pain_ax, "Check-in pain")
    assert days_of(check_ins) == [ago(3)]
    assert list(check_ins.get_ydata()) == [4.0]
    assert check_ins.get_marker() != line(pain_ax, "Pain during (worst)").get_marker()
    assert days_of(line(pain_ax, "Red flag")) == [ago(2)]


def test_the_pain_panel_lies_on_the_traffic_light_bands(view, diary):
    diary.start_programme(ago(60), safe_max=2, acceptable_max=6)
    view.refresh()
    share_ax, pain_ax = axes(view)
    bands = [p for p in pain_ax.patches if isinstance(p, Rectangle)]
    tops = sorted(round(b.get_y() + b.get_height(), 1) for b in bands)
    assert tops == [2.5, 6.5, 10.5]
    colours = {tuple(round(c, 2) for c in b.get_facecolor()[:3]) for b in bands}
    assert len(colours) == 3
    # Behind the whole pain panel, under every pain line; none in the running share.
    assert all(b.get_x() == 0 and b.get_width() == 1 for b in bands)
    assert all(b.get_zorder() < ln.get_zorder() for b in bands for ln in pain_ax.lines)
    assert not [p for p in share_ax.patches if isinstance(p, Rectangle)]
    assert pain_ax.get_ylim()[0] < 0 and pain_ax.get_ylim()[1] > 10


def test_phase_boundaries_are_drawn_and_named(view, diary):
    diary.start_programme(ago(50))
    diary.start_running(ago(22))
    view.refresh()
    share_ax, _ = axes(view)
    assert any(t.startswith("Phase 2") for t in (s.strip() for s in texts(share_ax)))
    boundaries = [ln for ln in share_ax.lines if ln.get_linestyle() == "--"]
    assert [mdates.num2date(ln.get_xdata()[0] + 0.5).date() for ln in boundaries] == [ago(22)]


def test_the_chart_follows_the_palette(view, qtbot):
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    view.setPalette(palette)
    view.refresh()
    figure = figure_of(view)
    share_ax, _ = axes(view)
    assert figure.get_facecolor()[:3] == pytest.approx((0x20 / 255,) * 3, abs=0.01)
    assert share_ax.yaxis.label.get_color() == "#f0f0f0"
    assert line(share_ax, "Running share").get_color() == "#f0f0f0"


def test_save_image_writes_png_and_svg(view, diary, tmp_path):
    diary.record(run(ago(1), 5, 5, pain_during=2))
    view.refresh()
    view.save_image(tmp_path / "chart.png")
    view.save_image(tmp_path / "chart.svg")
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "<svg" in svg[:1000]
    assert 'id="legend_1"' in svg
    with pytest.raises(ValueError):
        view.save_image(tmp_path / "chart.gif")


def test_save_chart_button_asks_where_and_writes_the_image(view, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "progress"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(target), "SVG image (*.svg)")),
    )
    qtbot.mouseClick(view.saveButton, Qt.MouseButton.LeftButton)
    assert "<svg" in (tmp_path / "progress.svg").read_text(encoding="utf-8")[:1000]


def test_cancelling_the_save_dialog_writes_nothing(view, tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: ("", ""))
    )
    qtbot.mouseClick(view.saveButton, Qt.MouseButton.LeftButton)
    # (the diary's own write lock, ".diary.json.write-lock", may lie beside it)
    assert [p for p in tmp_path.iterdir() if not p.name.startswith(".")] == [
        tmp_path / "diary.json"
    ]


def test_a_moved_chart_looks_exactly_like_a_freshly_drawn_one(view, diary, qtbot):
    for n in range(1, 120, 3):
        diary.record(run(ago(n), 6, 4, stage=2, pain_during=n % 7, pain_after=n % 4))
    diary.check_in(ago(44), 3)
    view.set_window(TODAY, 6)
    view.canvas.draw()
    qtbot.mouseClick(view.earlierButton, Qt.MouseButton.LeftButton)
    view.canvas.draw()
    fresh = ProgressChartView(today=lambda: TODAY)
    qtbot.addWidget(fresh)
    fresh.resize(view.size())
    fresh.set_diary(diary)
    fresh.set_window(*reversed_window(view))
    fresh.canvas.draw()
    assert fresh.canvas.get_width_height() == view.canvas.get_width_height()
    assert bytes(fresh.canvas.buffer_rgba()) == bytes(view.canvas.buffer_rgba())


def reversed_window(view: ProgressChartView) -> tuple[dt.date, int]:
    start, end = view.window()
    return end, ((end - start).days + 1) // 7


def test_the_figure_lets_go_of_its_axes_when_the_widget_is_destroyed(qtbot):
    widget = ProgressChartView(today=lambda: TODAY)
    figure = widget.canvas.figure
    assert len(figure.axes) == 2
    widget.deleteLater()
    qtbot.waitUntil(lambda: figure.axes == [], timeout=2000)
