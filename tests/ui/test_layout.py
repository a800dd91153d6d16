"""The window fits: at 1024×640 nothing that matters is clipped; wide screens keep fields narrow."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from recovery_diary import Session

DAY = dt.timedelta(days=1)


def shown_at(window, width: int, height: int) -> None:
    window.resize(width, height)
    QApplication.processEvents()
    assert (window.width(), window.height()) == (width, height)


def fully_visible(window, widget: QWidget) -> bool:
    """The whole widget is drawn on screen: inside the window and not covered or clipped."""
    if not widget.isVisible():
        return False
    inside = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return window.rect().contains(inside) and widget.visibleRegion().boundingRect() == widget.rect()


def in_progress(window, today) -> None:
    """A programme under way, with a check-in on record: the panel shows all its parts."""
    window.diary.start_programme(today - 30 * DAY)
    window.diary.check_in(today, 2, notes="a little stiff after sitting all morning")
    window.select_day(today)


def test_at_1024_by_640_the_check_in_the_advice_and_save_are_all_visible(window, today):
    in_progress(window, today)
    shown_at(window, 1024, 640)
    panel = window.dayPanel
    for widget in (
        panel.checkInBox,
        panel.checkInPainSpin,
        panel.checkInNotesEdit,
        panel.checkInButton,
        panel.adviceHeadline,
        panel.adviceReason,
        window.sessionForm.saveButton,
    ):
        assert fully_visible(window, widget), widget.objectName()


def test_the_day_panel_scrolls_as_a_whole(window, today):
    in_progress(window, today)
    scroll = window.dayPanel.findChild(QScrollArea, "dayPanelScroll")
    assert scroll is not None
    content = scroll.widget()
    for part in ("adviceBox", "checkInBox", "dayTitle"):
        widget = window.dayPanel.findChild(QWidget, part)
        assert content.isAncestorOf(widget), part
    assert content.isAncestorOf(window.dayPanel.sessionsBox)
    # Only one scroll area in the panel: no part squeezed into a little box of its own.
    assert window.dayPanel.findChildren(QScrollArea) == [scroll]

    shown_at(window, 1024, 640)
    window.findChild(QWidget, "leftSplitter").setSizes([400, 120])
    QApplication.processEvents()
    assert scroll.verticalScrollBar().maximum() > 0  # short of room: it scrolls
    scroll.ensureWidgetVisible(window.dayPanel.checkInButton)
    QApplication.processEvents()
    assert window.dayPanel.checkInButton.visibleRegion().boundingRect() == (
        window.dayPanel.checkInButton.rect()
    )


def test_at_1920_by_1080_the_fields_keep_a_sensible_width(window):
    shown_at(window, 1920, 1080)
    form = window.sessionForm
    assert form.width() > 900  # the form itself did grow
    for spin in form.painSpins.values():
        assert 60 <= spin.width() <= 240, spin.objectName()
    for field in (form.runMinutesSpin, form.dateEdit, form.activityCombo):
        assert field.width() <= 240, field.objectName()
    assert window.dayPanel.checkInPainSpin.width() <= 240


def test_the_first_size_fits_a_small_screen(window):
    room = window.screen().availableGeometry()
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 640
    assert window.width() <= room.width() and window.height() <= room.height()


def test_at_1024_by_640_the_empty_chart_says_all_of_what_to_do(window, today):
    window.diary.record(Session(today - 300 * DAY, "cycling", duration_minutes=30))
    window.refresh()
    shown_at(window, 1024, 640)
    canvas = window.chartView.canvas
    canvas.draw()
    share, _ = canvas.figure.axes
    [hint] = [t for t in share.texts if t.get_visible() and "Nothing" in t.get_text()]
    box = hint.get_window_extent(canvas.get_renderer())
    figure = canvas.figure.bbox
    assert "Whole programme" in hint.get_text()
    assert figure.x0 <= box.x0 and box.x1 <= figure.x1, (box, figure)


def test_at_1024_by_640_the_chart_width_list_shows_its_longest_choice_whole(window):
    shown_at(window, 1024, 640)
    combo = window.chartView.widthCombo
    longest = max((combo.itemText(i) for i in range(combo.count())), key=len)
    assert longest == "Whole programme"
    combo.setCurrentIndex(combo.findText(longest))
    QApplication.processEvents()
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    assert combo.fontMetrics().horizontalAdvance(longest) <= field.width()
    assert fully_visible(window, combo) and fully_visible(window, window.chartView.saveButton)
