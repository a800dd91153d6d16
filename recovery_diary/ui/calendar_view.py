"""The month calendar with a mark per day: done, planned, missed, rest and pain."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from recovery_diary.core.calendar_marks import DayMark
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.diary import Diary
from recovery_diary.ui.session_form import from_qdate, to_qdate

LIGHT_COLOURS = {GREEN: QColor("#2e9d57"), AMBER: QColor("#e0a100"), RED: QColor("#d64541")}
MISSED_COLOUR = QColor("#6b6b6b")


class DiaryCalendarView(QCalendarWidget):
    """A QCalendarWidget that paints each day's marks and explains them in a tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setAccessibleName("Diary calendar")
        self._diary: Diary | None = None
        self._marks: dict[dt.date, DayMark] = {}
        self.currentPageChanged.connect(self._on_page_changed)
        self._plain_weekends()

    def _plain_weekends(self) -> None:
        """Weekend numbers in the ordinary text colour: here red means pain."""
        fmt = QTextCharFormat()
        fmt.setForeground(self.palette().text())
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, fmt)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._plain_weekends()

    def set_diary(self, diary: Diary) -> None:
        self._diary = diary
        self.refresh()

    def mark(self, day: dt.date) -> DayMark | None:
        return self._marks.get(day)

    def visible_range(self) -> tuple[dt.date, dt.date]:
        first = dt.date(self.yearShown(), self.monthShown(), 1)
        # The grid shows up to six weeks: a week before and after the month is enough.
        return first - dt.timedelta(days=7), first + dt.timedelta(days=45)

    def refresh(self) -> None:
        """Recompute the marks of the days on screen (only those)."""
        for day in self._marks:
            self.setDateTextFormat(to_qdate(day), QTextCharFormat())
        if self._diary is None:
            self._marks = {}
            return
        start, end = self.visible_range()
        self._marks = self._diary.day_marks(start, end)
        for day, mark in self._marks.items():
            fmt = QTextCharFormat()
            fmt.setToolTip(mark.tooltip)
            if mark.done:
                fmt.setFontWeight(QFont.Weight.Bold)
            self.setDateTextFormat(to_qdate(day), fmt)
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:
        super().paintCell(painter, rect, date)
        mark = self._marks.get(from_qdate(date))
        if mark is None:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        inner = rect.adjusted(2, 1, -2, -1)
        status = mark.status_symbol
        if status:
            colour = (
                MISSED_COLOUR if mark.missed and not mark.done else self.palette().text().color()
            )
            painter.setPen(colour)
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, status)
        if mark.light:
            painter.setPen(LIGHT_COLOURS[mark.light])
            painter.drawText(
                inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, mark.light_symbol
            )
        if mark.red_flag:
            painter.setPen(LIGHT_COLOURS[RED])
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "!")
        painter.restore()

    def _on_page_changed(self, _year: int, _month: int) -> None:
        self.refresh()
