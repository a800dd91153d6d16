"""A programme scenario builder for the programme tests: records in, plan and advice out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.programme import (
    Advice,
    Lift,
    ProgrammeSettings,
    Readiness,
    Timeline,
    build_timeline,
)
from recovery_diary.core.session import Session

#: A Monday, so the weeks of a scenario read like a calendar.
START = dt.date(2026, 1, 5)
#: The first run's day when the four low-impact weeks were green.
FIRST_RUN = 28


class Scenario:
    """What a runner recorded, by day number from the programme's start."""

    def __init__(self, start: dt.date = START, **settings: Any) -> None:
        self.settings = ProgrammeSettings(start, **settings)
        self.sessions: list[Session] = []
        self.check_ins: list[CheckIn] = []
        self.lifts: list[dt.date] = []
        self.readiness: list[Readiness] = []

    def day(self, n: int) -> dt.date:
        return self.settings.start + dt.timedelta(days=n)

    def number(self, day: dt.date) -> int:
        return (day - self.settings.start).days

    # -- recording ---------------------------------------------------------
    def low_impact(
        self,
        n: int,
        during: int | None = 2,
        before: int | None = 2,
        morning: int | None = 2,
        activity: str = "cycling",
    ) -> Scenario:
        self.sessions.append(
            Session(
                self.day(n),
                activity,
                duration_minutes=30,
                pain_before=before,
                pain_during=during,
                pain_next_morning=morning,
            )
        )
        return self

    def green_weeks(self, weeks: int = 4, first: int = 0) -> Scenario:
        """Three green low-impact sessions in each week from week ``first``."""
        for week in range(first, first + weeks):
            for offset in (0, 2, 4):
                self.low_impact(7 * week + offset)
        return self

    def run(
        self,
        n: int,
        stage: int | None = None,
        during: int | None = 2,
        before: int | None = 2,
        morning: int | None = 2,
    ) -> Scenario:
        self.sessions.append(
            Session(
                self.day(n),
                "run_walk",
                stage=stage,
                run_minutes=5,
                walk_minutes=5,
                pain_before=before,
                pain_during=during,
                pain_next_morning=morning,
            )
        )
        return self

    def check(self, n: int, pain: int | None = 2, flags: tuple[str, ...] = ()) -> Scenario:
        self.check_ins.append(CheckIn(self.day(n), pain, flags))
        return self

    def lift(self, n: int) -> Scenario:
        self.lifts.append(self.day(n))
        return self

    def first_run(self, check_pain: int = 2) -> Scenario:
        """Four green weeks, the first run on day 28 and a green reaction check on day 30."""
        self.green_weeks()
        self.run(FIRST_RUN, stage=1)
        return self.check(FIRST_RUN + 2, check_pain)

    # -- what the engine makes of it ----------------------------------------
    def last_record(self) -> dt.date:
        days = [s.date for s in self.sessions] + [c.date for c in self.check_ins]
        days += self.lifts + [r.date for r in self.readiness]
        return max(days, default=self.settings.start)

    def timeline(self, today: dt.date | None = None) -> Timeline:
        """The timeline as seen on ``today`` (default: the day of the last record)."""
        # Ids as the diary gives them, so outcomes and stages can be looked up by id.
        sessions = [s.replace(id=s.id or i) for i, s in enumerate(self.sessions, start=1)]
        return build_timeline(
            self.settings,
            sorted(sessions, key=lambda s: s.date),
            sorted(self.check_ins, key=lambda c: c.date),
            [Lift(d, "myself") for d in self.lifts],
            self.readiness,
            today=today or self.last_record(),
        )

    @property
    def plan(self) -> Timeline:
        return self.timeline()

    def advice(self, n: int, today: int | None = None) -> Advice:
        """The advice of day ``n`` as seen that day (or on day ``today``)."""
        return self.timeline(self.day(n if today is None else today)).advice(self.day(n))

    def planned_runs(self, today: int | None = None) -> list[tuple[int, int | None]]:
        """(day number, stage) of every planned run not done, missed ones included.

        As seen on the day of the last record, or on day ``today``.
        """
        plan = self.plan if today is None else self.timeline(self.day(today))
        return [(self.number(s.date), s.stage) for s in plan.planned if s.is_run]

    def low_impact_plan(self) -> list[Session]:
        """The planned low-impact sessions the programme asks for (not the optional ones)."""
        plan = self.plan
        return [x for d in sorted(plan.days) for x in plan.days[d].planned if not x.is_run]

    def optional_days(self) -> list[int]:
        """Day numbers with an optional low-impact session planned (never missed)."""
        plan = self.plan
        return [self.number(d) for d in sorted(plan.days) if plan.days[d].optional]

    def runs_from(self, n: int, today: int | None = None) -> list[tuple[int, int | None]]:
        """The planned runs from day ``n`` on (the missed ones before it left out)."""
        return [(d, stage) for d, stage in self.planned_runs(today) if d >= n]

    def ready(self, n: int, walk_ok: bool = True, hops_ok: bool = True) -> Scenario:
        self.readiness.append(Readiness(self.day(n), walk_ok, hops_ok))
        return self


@pytest.fixture
def scenario() -> Callable[..., Scenario]:
    """Make a scenario: ``scenario(**settings)`` (start on Monday 5 January 2026)."""
    return Scenario
