"""What the physiotherapist's report says, taken from a diary in one quick snapshot.

:func:`snapshot` reads the diary through :class:`ReportSource` (the few calls
listed there, nothing else) into a plain, frozen :class:`ReportData`. That is
all the drawing code sees, so the report can be laid out on a worker thread
while the window goes on writing to the diary.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED, Thresholds
from recovery_diary.core.session import PLANNED, Session

#: Without a programme the report covers this many weeks up to today.
DEFAULT_WEEKS = 12
#: Sessions and check-ins are listed one by one for the programme and these last weeks.
DETAIL_WEEKS = 8
#: The table of weeks covers these last weeks (and the programme); months before that.
WEEKLY_WEEKS = 26
#: How far ahead the status looks for the next planned session.
LOOK_AHEAD = dt.timedelta(days=21)
_DAY = dt.timedelta(days=1)
#: What an outcome judged, in the words of the report ("12 runs green").
RUN, LOW_IMPACT, CHECK_IN = "run", "low-impact session", "check-in"


class PlanLike(Protocol):
    """The parts of the programme's plan (``diary.plan``, the timeline) the report reads."""

    @property
    def phases(self) -> Sequence[Any]: ...  # .name, .start, .end (None while it goes on)

    @property
    def outcomes(self) -> Sequence[Any]: ...  # .date .stage .outcome .reason .check_in

    @property
    def pauses(self) -> Sequence[Any]: ...  # .start, .end (None: still on), .cleared_by

    @property
    def completed_on(self) -> dt.date | None: ...


class ReportSource(Protocol):
    """Everything the report reads from a diary (``recovery_diary.Diary`` has it)."""

    @property
    def runner_name(self) -> str: ...

    @property
    def settings(self) -> Any: ...  # None before a programme is started; else has ``.start``

    @property
    def thresholds(self) -> Thresholds: ...

    @property
    def plan(self) -> PlanLike: ...

    def today(self) -> dt.date: ...

    def sessions(self, start: dt.date | None = ..., end: dt.date | None = ...) -> list[Session]: ...

    def check_ins(
        self, start: dt.date | None = ..., end: dt.date | None = ...
    ) -> list[CheckIn]: ...

    def advice(self, on: dt.date) -> Any: ...  # .action, .stage, .reason, .pattern

    def day(self, on: dt.date) -> Any: ...  # .optional: planned sessions never missed


@dataclass(frozen=True)
class ReportData:
    """A diary's report material for one period, read once and never changing."""

    name: str
    today: dt.date
    start: dt.date
    end: dt.date
    programme_start: dt.date | None
    completed_on: dt.date | None
    thresholds: Thresholds
    advice: Any
    sessions: tuple[Session, ...]  # recorded and planned, in the period
    check_ins: tuple[CheckIn, ...]
    upcoming: tuple[Session, ...]  # planned sessions from today on
    phases: tuple[Any, ...]
    outcomes: tuple[Any, ...]
    pauses: tuple[Any, ...]

    @property
    def months_a_row(self) -> int:
        """Months summarised in one row of the long-period table: 1, or 3 past 3 years."""
        return 3 if (self.end - self.start).days > 3 * 366 else 1

    @property
    def long(self) -> bool:
        """Whether the period is too long to list every week and every session."""
        return (self.end - self.start).days >= WEEKLY_WEEKS * 7

    def detail_spans(self) -> list[tuple[dt.date, dt.date]]:
        """The days listed session by session: the programme and the last weeks."""
        recent = (max(self.start, self.end - dt.timedelta(weeks=DETAIL_WEEKS) + _DAY), self.end)
        if not self.long:
            return [(self.start, self.end)]
        return _merge([s for s in (self._programme_span(), recent) if s is not None])

    def weekly_spans(self) -> list[tuple[dt.date, dt.date]]:
        """The days summarised week by week; the months table covers the whole period."""
        if not self.long:
            return [(self.start, self.end)]
        recent = (self.end - dt.timedelta(weeks=WEEKLY_WEEKS) + _DAY, self.end)
        return _merge([s for s in (self._programme_span(), recent) if s is not None])

    def _programme_span(self) -> tuple[dt.date, dt.date] | None:
        if self.programme_start is None:
            return None
        first = max(self.start, self.programme_start)
        last = min(self.end, self.completed_on or self.end)
        return (first, last) if first <= last else None


def _merge(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + _DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def report_period(
    source: ReportSource,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """The days the report covers (both inclusive), never past ``today``.

    By default the programme from its start to today; without a programme the
    last :data:`DEFAULT_WEEKS` weeks. Raises ValueError for a period that
    starts after it ends or after today.
    """
    if end is None or end > today:
        end = today
    if start is None:
        settings = source.settings
        start = settings.start if settings is not None else None
        if start is None or start > end:
            start = end - dt.timedelta(weeks=DEFAULT_WEEKS) + _DAY
    if start > today:
        raise ValueError(
            f"The report's period starts on {start:%d %B %Y}, after today: "
            "a report covers days that have happened."
        )
    if start > end:
        raise ValueError("The report's first day comes after its last day.")
    return start, end


def snapshot(
    source: ReportSource,
    start: dt.date | None = None,
    end: dt.date | None = None,
    name: str | None = None,
    today: dt.date | None = None,
) -> ReportData:
    """Read what the report of ``start`` to ``end`` needs from ``source``, once."""
    today = today or source.today()
    first, last = report_period(source, today, start, end)
    plan = source.plan
    settings = source.settings
    coming = _required(source, source.sessions(today, today + LOOK_AHEAD))
    upcoming = [s for s in coming if s.status == PLANNED]
    return ReportData(
        name=(source.runner_name if name is None else name).strip(),
        today=today,
        start=first,
        end=last,
        programme_start=settings.start if settings is not None else None,
        completed_on=getattr(plan, "completed_on", None),
        thresholds=source.thresholds,
        advice=source.advice(today),
        sessions=tuple(_required(source, source.sessions(first, last))),
        check_ins=tuple(source.check_ins(first, last)),
        upcoming=tuple(upcoming),
        phases=tuple(getattr(plan, "phases", None) or ()),
        outcomes=tuple(o for o in getattr(plan, "outcomes", None) or () if first <= o.date <= last),
        pauses=tuple(getattr(plan, "pauses", None) or ()),
    )


def _required(source: ReportSource, sessions: list[Session]) -> list[Session]:
    """``sessions`` without the optional plans of days between runs: never missed."""
    days = sorted({s.date for s in sessions if s.status == PLANNED})
    optional = {s for day in days for s in getattr(source.day(day), "optional", ())}
    return [s for s in sessions if s not in optional] if optional else sessions


# -- summaries ---------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """Pain and activity of one week or month of the period."""

    start: dt.date
    end: dt.date
    done: int
    runs: int
    during: tuple[int, ...]
    next_morning: tuple[int, ...]
    check_in: tuple[int, ...]
    red_flags: int

    @property
    def is_empty(self) -> bool:
        return not (self.done or self.check_in or self.red_flags)


def _block(start: dt.date, end: dt.date, done: list[Session], ins: list[CheckIn]) -> Block:
    return Block(
        start=start,
        end=end,
        done=len(done),
        runs=sum(s.is_run for s in done),
        during=tuple(s.pain_during for s in done if s.pain_during is not None),
        next_morning=tuple(s.pain_next_morning for s in done if s.pain_next_morning is not None),
        check_in=tuple(c.pain for c in ins if c.pain is not None),
        red_flags=sum(len(c.red_flags) for c in ins),
    )


def blocks(data: ReportData, months: int = 0) -> list[Block]:
    """The blocks of the period that have records, in date order.

    Weeks (7 days from the period's start) of :meth:`ReportData.weekly_spans`;
    with ``months``, the whole period in blocks of that many calendar months.
    """
    bounds: list[tuple[dt.date, dt.date]] = []
    if months:
        day = data.start
        while day <= data.end:
            following = day
            for _ in range(months):
                following = (following.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            bounds.append((day, min(following - _DAY, data.end)))
            day = following
    else:
        for first, last in data.weekly_spans():
            day = data.start + dt.timedelta(weeks=(first - data.start).days // 7)
            while day <= last:
                week = (day, min(day + dt.timedelta(days=6), data.end))
                if not bounds or bounds[-1] < week:  # two spans may share a week
                    bounds.append(week)
                day += dt.timedelta(days=7)
    done = [s for s in data.sessions if s.is_done]
    found, i, j = [], 0, 0
    for first, last in bounds:
        while i < len(done) and done[i].date < first:
            i += 1
        while j < len(data.check_ins) and data.check_ins[j].date < first:
            j += 1
        k, m = i, j
        while k < len(done) and done[k].date <= last:
            k += 1
        while m < len(data.check_ins) and data.check_ins[m].date <= last:
            m += 1
        block = _block(first, last, done[i:k], list(data.check_ins[j:m]))
        if not block.is_empty:
            found.append(block)
    return found


@dataclass(frozen=True)
class OutcomeRun:
    """Consecutive outcomes of the progression rule that came out the same."""

    first: dt.date
    last: dt.date
    outcome: str | None
    stages: tuple[int, ...]
    count: int
    kind: str  # RUN, LOW_IMPACT or CHECK_IN: what was judged
    reason: str


def collapse_outcomes(outcomes: Sequence[Any], runs_on: set[dt.date]) -> list[OutcomeRun]:
    """Outcomes in date order, each stretch of identical ones as one line.

    Outcomes are identical when both the result (green, amber, red, not yet
    judged) and the kind (a run, a low-impact session, a check-in) are the
    same; the reason kept is the last one's.
    """
    found: list[OutcomeRun] = []
    for outcome in sorted(outcomes, key=lambda o: o.date):
        result = getattr(outcome, "outcome", None)
        stage = getattr(outcome, "stage", None)
        stages = (stage,) if stage is not None else ()
        kind = LOW_IMPACT
        if getattr(outcome, "check_in", False):
            kind, stages = CHECK_IN, ()
        elif outcome.date in runs_on:
            kind = RUN
        reason = str(getattr(outcome, "reason", "") or "")
        last = found[-1] if found else None
        if last is not None and last.outcome == result and last.kind == kind:
            kept = last.stages + tuple(s for s in stages if s not in last.stages)
            count = last.count + 1
            found[-1] = OutcomeRun(last.first, outcome.date, result, kept, count, kind, reason)
        else:
            found.append(OutcomeRun(outcome.date, outcome.date, result, stages, 1, kind, reason))
    return found


def _trend_sentence(what: str, weekly: list[tuple[int, ...]]) -> str | None:
    scored = [scores for scores in weekly if scores]
    if not scored:
        return None
    if len(scored) < 2:
        average = statistics.fmean(scored[0])
        return f"{what}: average {average:.1f}; one week of scores, too few for a trend."
    span = min(4, len(scored) // 2)
    early = statistics.fmean(v for scores in scored[:span] for v in scores)
    late = statistics.fmean(v for scores in scored[-span:] for v in scores)
    change = late - early
    word = "falling" if change <= -0.5 else "rising" if change >= 0.5 else "steady"
    weeks = "week" if span == 1 else f"{span} weeks"
    return f"{what}: {word}; {early:.1f} in the first {weeks}, {late:.1f} in the last {weeks}."


def trend_sentences(weeks: Sequence[Block]) -> list[str]:
    """The pain trend in plain words, one sentence per kind of score."""
    sentences = [
        _trend_sentence("Pain during sessions", [w.during for w in weeks]),
        _trend_sentence("Next-morning pain", [w.next_morning for w in weeks]),
        _trend_sentence("Check-in pain", [w.check_in for w in weeks]),
    ]
    kept = [s for s in sentences if s]
    return kept or ["No pain scores were recorded in this period."]


def listed_sessions(data: ReportData) -> list[Session]:
    """Done sessions and missed plans of the detail spans, in date order (runs first)."""
    spans = data.detail_spans()
    inside = [s for s in data.sessions if any(a <= s.date <= b for a, b in spans)]
    done = [s for s in inside if s.is_done]
    done_days = {(s.date, s.is_run) for s in done}
    missed = [
        s
        for s in inside
        if s.status == PLANNED and s.date < data.today and (s.date, s.is_run) not in done_days
    ]
    return sorted(done + missed, key=lambda s: (s.date, not s.is_run))


__all__ = [
    "AMBER",
    "DEFAULT_WEEKS",
    "GREEN",
    "RED",
    "Block",
    "OutcomeRun",
    "PlanLike",
    "ReportData",
    "ReportSource",
    "blocks",
    "collapse_outcomes",
    "listed_sessions",
    "report_period",
    "snapshot",
    "trend_sentences",
]
