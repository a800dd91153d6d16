"""What the progress chart shows for one window of days (DESIGN §2), without Qt.

:func:`chart_series` reads only the records inside the window, so a chart over
a ten-year diary costs the same as one over a fresh diary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.pain import Thresholds
from recovery_diary.core.programme.stages import STAGES
from recovery_diary.core.session import PLANNED, Session
from recovery_diary.core.words import PHASE_1, PHASE_2

#: Pain kinds in the order the legend lists them, with the words a runner reads.
PAIN_KINDS: dict[str, str] = {
    "before": "Pain before",
    "during": "Pain during (worst)",
    "after": "Pain after",
    "next_morning": "Pain next morning",
}


_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Series:
    """Points of one chart line: ``dates[i]`` goes with ``values[i]``."""

    dates: tuple[dt.date, ...] = ()
    values: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.dates)

    @classmethod
    def of(cls, points: Iterable[tuple[dt.date, float]]) -> Series:
        pairs = sorted(points, key=lambda p: p[0])
        return cls(tuple(d for d, _ in pairs), tuple(float(v) for _, v in pairs))


@dataclass(frozen=True)
class StageLabel:
    """The stage a done run was planned for, placed on its running-share point."""

    date: dt.date
    share: float
    stage: int

    @property
    def text(self) -> str:
        return f"S{self.stage}"


@dataclass(frozen=True)
class PhaseSpan:
    """A programme phase; ``end`` is None while it is still going on."""

    name: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class ChartSeries:
    """Everything the progress chart draws for the days ``start`` to ``end``."""

    start: dt.date
    end: dt.date
    thresholds: Thresholds = field(default_factory=Thresholds)
    running_share: Series = field(default_factory=Series)
    planned_runs: Series = field(default_factory=Series)
    pain: Mapping[str, Series] = field(default_factory=dict)
    check_in_pain: Series = field(default_factory=Series)
    red_flags: tuple[dt.date, ...] = ()
    stage_labels: tuple[StageLabel, ...] = ()
    phases: tuple[PhaseSpan, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing was recorded or planned in the window."""
        return not (
            self.running_share
            or self.planned_runs
            or any(self.pain.values())
            or self.check_in_pain
            or self.red_flags
        )

    @property
    def phase_starts(self) -> tuple[PhaseSpan, ...]:
        """Phases that begin inside the window: where the chart draws a boundary."""
        return tuple(p for p in self.phases if self.start <= p.start <= self.end)


@dataclass(frozen=True)
class ChartInputs:
    """Records handed over directly instead of a diary (scripts, tests, reports)."""

    sessions: Sequence[Session] = ()
    check_ins: Sequence[CheckIn] = ()
    phases: Sequence[Any] = ()
    thresholds: Thresholds | None = None


class DiaryLike(Protocol):
    """What :func:`chart_series` needs from a diary (``recovery_diary.Diary`` has it)."""

    def recorded(self, start: dt.date | None = ..., end: dt.date | None = ...) -> list[Session]: ...

    def sessions(self, start: dt.date | None = ..., end: dt.date | None = ...) -> list[Session]: ...

    def check_ins(
        self, start: dt.date | None = ..., end: dt.date | None = ...
    ) -> list[CheckIn]: ...


def chart_series(
    source: DiaryLike | ChartInputs,
    start: dt.date,
    end: dt.date,
    thresholds: Thresholds | None = None,
) -> ChartSeries:
    """The chart's points for ``start`` to ``end`` (both inclusive).

    ``source`` is a diary (only its records in the window are read) or
    :class:`ChartInputs`. Without ``thresholds`` the programme's settings decide,
    else the defaults. A next-morning score is drawn on the morning it was
    felt, the day after the session.
    """
    if end < start:
        raise ValueError("The chart's window ends before it starts.")
    if isinstance(source, ChartInputs):
        sessions = [s for s in source.sessions if start <= s.date <= end]
        check_ins = [c for c in source.check_ins if start <= c.date <= end]
        phases = _phases_from(source.phases)
        thresholds = thresholds or source.thresholds
    else:
        sessions = source.sessions(start, end)
        check_ins = source.check_ins(start, end)
        phases = _diary_phases(source)
        thresholds = thresholds or _diary_thresholds(source)
    done = [s for s in sessions if s.is_done]
    runs = [(s, s.running_share) for s in done if s.running_share is not None]
    done_run_days = {s.date for s, _ in runs}
    return ChartSeries(
        start=start,
        end=end,
        thresholds=thresholds or Thresholds(),
        running_share=Series.of((s.date, share) for s, share in runs),
        planned_runs=_planned_runs(sessions, done_run_days),
        pain=_pain_series(done),
        check_in_pain=Series.of((c.date, c.pain) for c in check_ins if c.pain is not None),
        red_flags=tuple(sorted({c.date for c in check_ins if c.red_flags})),
        stage_labels=tuple(
            StageLabel(s.date, share, s.stage) for s, share in runs if s.stage is not None
        ),
        phases=tuple(p for p in phases if _overlaps(p, start, end)),
    )


def stage_changes(labels: Sequence[StageLabel]) -> tuple[StageLabel, ...]:
    """Only the labels where the stage differs from the run before (for wide windows)."""
    kept: list[StageLabel] = []
    for label in labels:
        if not kept or kept[-1].stage != label.stage:
            kept.append(label)
    return tuple(kept)


def _pain_series(done: Sequence[Session]) -> dict[str, Series]:
    return {
        "before": Series.of((s.date, s.pain_before) for s in done if s.pain_before is not None),
        "during": Series.of((s.date, s.pain_during) for s in done if s.pain_during is not None),
        "after": Series.of((s.date, s.pain_after) for s in done if s.pain_after is not None),
        "next_morning": Series.of(
            (s.date + _ONE_DAY, s.pain_next_morning)
            for s in done
            if s.pain_next_morning is not None
        ),
    }


def _planned_runs(sessions: Sequence[Session], done_run_days: set[dt.date]) -> Series:
    points = []
    for s in sessions:
        if s.status != PLANNED or not s.is_run or s.date in done_run_days:
            continue
        share = s.running_share
        if share is None and s.stage is not None:
            share = STAGES[s.stage].running_share if s.stage in STAGES else None
        if share is not None:
            points.append((s.date, share))
    return Series.of(points)


def _overlaps(phase: PhaseSpan, start: dt.date, end: dt.date) -> bool:
    return phase.start <= end and (phase.end is None or phase.end >= start)


def _phases_from(phases: Iterable[Any]) -> list[PhaseSpan]:
    spans = []
    for phase in phases:
        begin = getattr(phase, "start", None)
        if not isinstance(begin, dt.date):
            continue
        finish = getattr(phase, "end", None)
        name = str(getattr(phase, "name", "") or "")
        spans.append(PhaseSpan(name, begin, finish if isinstance(finish, dt.date) else None))
    return sorted(spans, key=lambda p: p.start)


def _diary_phases(diary: object) -> list[PhaseSpan]:
    """The plan's phases when the engine names them, else worked out from the settings."""
    plan = getattr(diary, "plan", None)
    phases = getattr(plan, "phases", None)
    if phases is not None:
        return _phases_from(phases)
    return _phases_from_settings(getattr(diary, "settings", None))


def _phases_from_settings(settings: object) -> list[PhaseSpan]:
    begin = getattr(settings, "start", None)
    if not isinstance(begin, dt.date):
        return []
    running_from = getattr(settings, "running_from", None)
    if not isinstance(running_from, dt.date):
        weeks = getattr(settings, "low_impact_weeks", 4)
        running_from = begin + dt.timedelta(weeks=weeks)
    return [
        PhaseSpan(PHASE_1, begin, running_from - _ONE_DAY),
        PhaseSpan(PHASE_2, running_from, None),
    ]


def _diary_thresholds(diary: object) -> Thresholds | None:
    settings = getattr(diary, "settings", None)
    if settings is None:
        return None
    return Thresholds(
        safe_max=getattr(settings, "safe_max", Thresholds.safe_max),
        acceptable_max=getattr(settings, "acceptable_max", Thresholds.acceptable_max),
    )
