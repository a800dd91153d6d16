"""The month calendar with a mark per day, and a legend that explains the marks.

Each mark has a shape as well as a colour, so it reads without colour: a status
in the top-left corner (✓ done, ◇ planned, ✗ missed, z rest), the day's outcome
in the bottom-right (● green, ▲ amber, ■ red) and a red flag (!) top right.
On the selected day every mark sits on a light badge, so it stays visible on
the selection colour.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QGridLayout, QHBoxLayout, QLabel, QWidget

from recovery_diary.core.calendar_marks import (
    DONE_SYMBOL,
    LIGHT_SYMBOLS,
    MISSED_SYMBOL,
    PLANNED_SYMBOL,
    REST_SYMBOL,
    DayMark,
)
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.diary import Diary
from recovery_diary.ui.session_form import from_qdate, to_qdate

LIGHT_COLOURS = {GREEN: QColor("#2e9d57"), AMBER: QColor("#e0a100"), RED: QColor("#d64541")}
MISSED_COLOUR = QColor("#6b6b6b")
FLAG_COLOUR = QColor("#d0202a")
OUTLINE = QColor("#1e1e1e")
BADGE = QColor("#ffffff")

LEGEND_ENTRIES: tuple[tuple[str, str], ...] = (
    (DONE_SYMBOL, "done"),
    (PLANNED_SYMBOL, "planned"),
    (MISSED_SYMBOL, "missed"),
    (REST_SYMBOL, "rest day"),
    (GREEN, "green"),
    (AMBER, "amber"),
    (RED, "red: the day's outcome"),
    ("!", "red flag"),
)


def draw_light(painter: QPainter, centre: QPointF, size: float, light: str) -> None:
    """The outcome's shape (circle, triangle, square) in its colour, outlined to read anywhere."""
    half = size / 2
    path = QPainterPath()
    if light == GREEN:
        path.addEllipse(centre, half, half)
    elif light == AMBER:
        path.moveTo(centre.x(), centre.y() - half * 1.1)
        path.lineTo(centre.x() + half * 1.1, centre.y() + half * 0.85)
        path.lineTo(centre.x() - half * 1.1, centre.y() + half * 0.85)
        path.closeSubpath()
    else:
        path.addRect(
            QRectF(centre.x() - half * 0.9, centre.y() - half * 0.9, size * 0.9, size * 0.9)
        )
    painter.setPen(QPen(OUTLINE, max(1.0, size / 12)))
    painter.setBrush(LIGHT_COLOURS[light])
    painter.drawPath(path)


def draw_flag(painter: QPainter, centre: QPointF, size: float) -> None:
    """A red disc with a white "!" and a white ring: readable on white and on blue."""
    half = size / 2
    painter.setPen(QPen(BADGE, max(1.0, size / 10)))
    painter.setBrush(FLAG_COLOUR)
    painter.drawEllipse(centre, half, half)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(7, round(size * 0.8)))
    painter.setFont(font)
    painter.setPen(BADGE)
    box = QRectF(centre.x() - half, centre.y() - half, size, size)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")


def draw_status(painter: QPainter, box: QRectF, symbol: str, colour: QColor, badge: bool) -> None:
    """A status symbol, on a light badge when the cell behind it is the selection colour."""
    if badge:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE)
        painter.drawRoundedRect(box, box.height() * 0.3, box.height() * 0.3)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(9, round(box.height() * 1.05)))
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, symbol)


class DiaryCalendarView(QCalendarWidget):
    """A QCalendarWidget that paints each day's marks, explains them in a tooltip
    and shows a legend of the marks under the month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setAccessibleName("Diary calendar")
        self._diary: Diary | None = None
        self._marks: dict[dt.date, DayMark] = {}
        self.legend = CalendarLegend(self)
        layout = self.layout()  # the month's own: navigation bar over the grid
        assert layout is not None
        layout.addWidget(self.legend)
        self.currentPageChanged.connect(self._on_page_changed)
        self._plain_weekends()

    def _plain_weekends(self) -> None:
        """Weekend numbers in the ordinary text colour: here red means pain."""
        fmt = QTextCharFormat()
        fmt.setForeground(self.palette().text())
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, fmt)

    def changeEvent(self, event: QEvent) -> None:
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
        selected = date == self.selectedDate()
        size = max(10.0, min(rect.height() * 0.42, rect.width() * 0.3))
        pad = max(1.5, size * 0.12)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        status = mark.status_symbol
        if status:
            colour = self.palette().text().color()
            if mark.missed and not mark.done:
                colour = MISSED_COLOUR
            if selected:
                colour = OUTLINE if not (mark.missed and not mark.done) else MISSED_COLOUR
            box = QRectF(rect.left() + pad, rect.top() + pad, size * 1.15, size * 1.05)
            draw_status(painter, box, status, colour, badge=selected)
        if mark.light:
            centre = QPointF(rect.right() - pad - size / 2, rect.bottom() - pad - size / 2)
            if selected:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(BADGE)
                painter.drawEllipse(centre, size * 0.72, size * 0.72)
            draw_light(painter, centre, size * 0.95, mark.light)
        if mark.red_flag:
            centre = QPointF(rect.right() - pad - size / 2, rect.top() + pad + size / 2)
            draw_flag(painter, centre, size)
        painter.restore()

    def _on_page_changed(self, _year: int, _month: int) -> None:
        self.refresh()


class CalendarLegend(QWidget):
    """What the calendar's marks mean, drawn with the calendar's own painting."""

    ICON = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarLegend")
        self.setAccessibleName("Calendar marks")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.entries: list[str] = []
        self._icons: list[tuple[QLabel, str]] = []
        for index, (key, words) in enumerate(LEGEND_ENTRIES):
            symbol = LIGHT_SYMBOLS.get(key, key)
            entry = QWidget()
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            icon = QLabel()
            icon.setPixmap(self._icon(key))
            self._icons.append((icon, key))
            text = QLabel(words)
            text.setAccessibleName(f"{symbol} {words}")
            row.addWidget(icon)
            row.addWidget(text, 1)
            grid.addWidget(entry, index // 4, index % 4)
            self.entries.append(f"{symbol} {words}")
        self.setToolTip(
            "Top left: done, planned, missed or rest. Bottom right: how the day was judged "
            "by the pain rule. Top right: a red flag."
        )

    def icon_for(self, key: str) -> QLabel:
        """The label showing the mark ``key`` (a status symbol, a light or "!")."""
        return next(icon for icon, k in self._icons if k == key)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for icon, key in self._icons:  # the status symbols take the text colour
                icon.setPixmap(self._icon(key))

    def _icon(self, key: str) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(self.ICON * ratio), round(self.ICON * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre, size = QPointF(self.ICON / 2, self.ICON / 2), self.ICON * 0.75
        if key in LIGHT_COLOURS:
            draw_light(painter, centre, size, key)
        elif key == "!":
            draw_flag(painter, centre, self.ICON - 2.0)
        else:
            colour = MISSED_COLOUR if key == MISSED_SYMBOL else self.palette().text().color()
            draw_status(painter, QRectF(0, 0, self.ICON, self.ICON), key, colour, badge=False)
        painter.end()
        return pixmap
