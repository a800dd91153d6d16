"""Which days the progress chart shows, and how its window moves (no Qt).

A window is its first and last day. Moving it goes half a window at a time, so
the days just seen stay in view; widening it keeps the diary's data on screen
rather than showing a year of nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from recovery_diary.core.chart_series import diary_phases

_DAY = dt.timedelta(days=1)
#: The narrowest "whole programme" window: two weeks.
MIN_PROGRAMME_DAYS = 14


@dataclass(frozen=True)
class DataSpan:
    """The first and last day with anything recorded or planned."""

    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, days: Iterable[dt.date | None]) -> DataSpan | None:
        """The span of the known ``days`` (None when there are none)."""
        known = [d for d in days if d is not None]
        return cls(min(known), max(known)) if known else None


@dataclass(frozen=True)
class ChartWindow:
    """The days ``start`` to ``end``, both inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def ending(cls, end: dt.date, days: int) -> ChartWindow:
        return cls(end - (days - 1) * _DAY, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def half(self) -> dt.timedelta:
        return max(1, self.days // 2) * _DAY

    def shows(self, span: DataSpan) -> bool:
        """True when some of ``span`` lies in the window."""
        return self.start <= span.last and self.end >= span.first


def latest_end(span: DataSpan | None, today: dt.date) -> dt.date:
    """The latest day worth ending on: today, or the last planned session after it."""
    return today if span is None else max(span.last, today)


def kept_in_view(window: ChartWindow, span: DataSpan | None, today: dt.date) -> ChartWindow:
    """``window`` moved the least so that it shows data and does not run past it.

    Past the latest day (today or the last plan) it ends there; starting before
    the first record it starts there; and a window that would still show
    nothing, or more empty days after the data than half its width, ends on the
    data's last day.
    """
    days = window.days
    latest = latest_end(span, today)
    placed = window if window.end <= latest else ChartWindow.ending(latest, days)
    if span is None:
        return placed
    if placed.start < span.first:
        placed = ChartWindow.ending(min(span.first + (days - 1) * _DAY, latest), days)
    if not placed.shows(span) or (placed.end - span.last).days > days // 2:
        placed = ChartWindow.ending(span.last, days)
    return placed


def widened(window: ChartWindow, days: int, span: DataSpan | None, today: dt.date) -> ChartWindow:
    """``window`` at a new width: same end where that keeps data in view."""
    return kept_in_view(ChartWindow.ending(window.end, days), span, today)


def earlier(window: ChartWindow, span: DataSpan | None) -> ChartWindow:
    """Half a window back, stopping where the window starts on the first record."""
    end = window.end - window.half
    if span is not None and span.first <= window.start:
        end = max(end, span.first + (window.days - 1) * _DAY)
    return ChartWindow.ending(end, window.days)


def later(window: ChartWindow, span: DataSpan | None, today: dt.date) -> ChartWindow:
    """Half a window on, stopping at today or the last planned session."""
    end = min(window.end + window.half, max(latest_end(span, today), window.end))
    return ChartWindow.ending(end, window.days)


def can_go_earlier(window: ChartWindow, span: DataSpan | None) -> bool:
    return span is not None and window.start > span.first


def can_go_later(window: ChartWindow, span: DataSpan | None, today: dt.date) -> bool:
    return window.end < latest_end(span, today)


def programme_window(
    start: dt.date,
    phase_ends: Iterable[dt.date | None],
    last_planned: dt.date | None,
    today: dt.date,
) -> ChartWindow:
    """From the programme's first day to its last: the end of its last phase, or,
    while a phase is still open, the later of today and the last planned session."""
    ends = list(phase_ends)
    if ends and all(end is not None for end in ends):
        finish = max(end for end in ends if end is not None)
    else:
        finish = max(d for d in (today, last_planned) if d is not None)
    if last_planned is not None:
        finish = max(finish, last_planned)
    finish = max(finish, start + (MIN_PROGRAMME_DAYS - 1) * _DAY)
    return ChartWindow(start, finish)


def diary_span(diary: Any, today: dt.date) -> DataSpan | None:
    """The days ``diary`` (a :class:`recovery_diary.Diary`) has anything on: records,
    check-ins, the programme's start and its plan from ``today`` on."""
    check_ins = diary.check_ins()
    ahead = diary.sessions(today, None)
    days = [getattr(getattr(diary, "settings", None), "start", None)]
    days += list(diary.recorded_days() or ())
    days += [s.date for s in ahead[-1:]]
    days += [c.date for c in (*check_ins[:1], *check_ins[-1:])]
    return DataSpan.of(days)


def diary_programme_window(diary: Any, today: dt.date) -> ChartWindow | None:
    """The whole programme of ``diary``; without a programme, everything in it."""
    start = getattr(getattr(diary, "settings", None), "start", None)
    if start is None:
        span = diary_span(diary, today)
        return None if span is None else ChartWindow(span.first, span.last)
    ahead = diary.sessions(today, None)
    ends = [phase.end for phase in diary_phases(diary)]
    return programme_window(start, ends, ahead[-1].date if ahead else None, today)


def around_today(today: dt.date, days: int, span: DataSpan | None, ahead: int = 7) -> ChartWindow:
    """``days`` up to today, reaching up to ``ahead`` days into the plan after it."""
    return ChartWindow.ending(min(today + ahead * _DAY, latest_end(span, today)), days)


def opening_window(diary: Any, today: dt.date, days: int, ahead: int = 7) -> ChartWindow:
    """The window a diary opens on: around today, unless everything in it is older;
    then it ends on the last record or check-in."""
    recent = today - (days - 1) * _DAY
    if diary.recorded(recent, today) or diary.check_ins(recent, today):
        return around_today(today, days, diary_span(diary, today), ahead)
    older = diary.recorded(None, recent)
    last = [older[-1].date] if older else []
    last.extend(c.date for c in diary.check_ins(None, recent)[-1:])
    return ChartWindow.ending(max(last) if last else today, days)
