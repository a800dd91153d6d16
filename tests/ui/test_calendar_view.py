"""The calendar's marks as a runner sees them: large, visible when selected, explained."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QTableView, QWidget

from recovery_diary import Session
from recovery_diary.ui.calendar_view import FLAG_COLOUR, LIGHT_COLOURS, DiaryCalendarView
from recovery_diary.ui.session_form import to_qdate

DAY = dt.date(2024, 6, 12)
TODAY = dt.date(2024, 6, 20)


@pytest.fixture
def calendar(qtbot, diary):
    widget = DiaryCalendarView()
    qtbot.addWidget(widget)
    widget.resize(460, 380)
    widget.setSelectedDate(to_qdate(DAY))
    widget.set_diary(diary)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell_image(calendar: DiaryCalendarView, day: dt.date) -> QImage:
    """The pixels of ``day``'s cell, as painted on screen."""
    calendar.setSelectedDate(to_qdate(day))
    table = calendar.findChild(QTableView)
    (index,) = table.selectionModel().selectedIndexes()
    rect = table.visualRect(index)
    return table.viewport().grab(rect).toImage()


def pixels_like(image: QImage, colour: QColor, tolerance: int = 40) -> list[tuple[int, int]]:
    found = []
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
                <= tolerance
            ):
                found.append((x, y))
    return found


def span(points: list[tuple[int, int]]) -> int:
    return max(x for x, _ in points) - min(x for x, _ in points) + 1


def test_a_legend_under_the_month_explains_every_mark(calendar):
    legend = calendar.findChild(QWidget, "calendarLegend")
    assert legend is not None and legend.isVisible()
    text = " | ".join(legend.entries)
    for words in ("✓ done", "◇ planned", "✗ missed", "z rest day", "● green", "▲ amber"):
        assert words in text
    assert "■ red" in text and "! red flag" in text
    table = calendar.findChild(QTableView)
    assert legend.mapTo(calendar, legend.rect().topLeft()).y() >= table.geometry().bottom()


def test_the_selected_days_marks_stay_visible_on_the_selection(calendar, diary, qtbot):
    diary.check_in(DAY, 8, ["night_pain"])
    diary.record(Session(date=DAY - dt.timedelta(days=1), activity="cycling", duration_minutes=30))
    calendar.refresh()
    assert calendar.mark(DAY).red_flag and calendar.mark(DAY).light == "red"
    selected = cell_image(calendar, DAY)
    highlight = calendar.palette().highlight().color()
    assert len(pixels_like(selected, highlight)) > 50  # the cell does show the selection
    flag = pixels_like(selected, FLAG_COLOUR, 30)
    light = pixels_like(selected, LIGHT_COLOURS["red"], 30)
    # Both marks are drawn on the blue cell, and large: at least 10 pixels across.
    assert flag and span(flag) >= 10
    assert light and span(light) >= 10
    white = pixels_like(selected, QColor("#ffffff"), 10)
    assert len(white) > 40  # the badges that keep them apart from the blue
    # The same marks on a day that is not selected.
    calendar.setSelectedDate(to_qdate(DAY + dt.timedelta(days=2)))
    table = calendar.findChild(QTableView)
    qtbot.wait(10)
    image = table.viewport().grab().toImage()
    assert len(pixels_like(image, FLAG_COLOUR, 30)) >= len(flag) // 2


def test_a_done_day_shows_a_tick_without_colour(calendar, diary):
    diary.record(Session(date=DAY, activity="elliptical", duration_minutes=30, pain_during=2))
    calendar.refresh()
    mark = calendar.mark(DAY)
    assert mark.status_symbol == "✓" and mark.light == "green"
    image = cell_image(calendar, DAY)
    assert len(pixels_like(image, LIGHT_COLOURS["green"], 30)) > 20


def test_the_legend_follows_the_dark_theme(calendar, qtbot):
    from recovery_diary.ui.settings_dialog import apply_theme

    apply_theme("dark")
    try:
        qtbot.wait(20)
        legend = calendar.findChild(QWidget, "calendarLegend")
        text = legend.palette().text().color()
        assert text.lightness() > 180
        assert pixels_like(legend.icon_for("◇").pixmap().toImage(), text, 60)
    finally:
        apply_theme("system")
