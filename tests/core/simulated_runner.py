"""Simulated runners who follow the advice, with lapses, for the timeline's invariants.

Each runner lives through the programme one day at a time, as a person with the
app would: they read that day's advice (the timeline as seen on that day) and
then do, or don't do, what it says, with pain scores that are mostly low and
sometimes amber or red, the odd missed run or missed next-morning score, a run
against the advice now and then, check-ins and the rare red flag.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from recovery_diary.core.checkin import RED_FLAGS, CheckIn
from recovery_diary.core.programme import (
    REACTION_CHECK,
    RUN,
    STAGES,
    Lift,
    ProgrammeSettings,
    Readiness,
    Timeline,
    build_timeline,
)
from recovery_diary.core.session import Session

DAY = dt.timedelta(days=1)


@dataclass
class Runner:
    seed: int
    start: dt.date = dt.date(2026, 1, 5)
    sessions: list[Session] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    lifts: list[Lift] = field(default_factory=list)
    readiness: list[Readiness] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.settings = ProgrammeSettings(self.start, low_impact_weeks=self.rng.choice((2, 3, 4)))

    def timeline(self, today: dt.date) -> Timeline:
        return build_timeline(
            self.settings,
            sorted(self.sessions, key=lambda s: s.date),
            sorted(self.check_ins, key=lambda c: c.date),
            self.lifts,
            self.readiness,
            today=today,
        )

    def pains(self) -> dict[str, int | None]:
        rng = self.rng
        roll = rng.random()
        during = rng.choice((0, 1, 2, 3)) if roll < 0.8 else rng.choice((4, 5, 6, 7))
        before = rng.choice((0, 1, 2))
        morning = before + rng.choice((0, 0, 0, 1, 2, 3)) if rng.random() < 0.9 else None
        after = min(10, during + rng.choice((-1, 0, 1))) if rng.random() < 0.8 else None
        return {
            "pain_before": before,
            "pain_during": during,
            "pain_after": max(0, after) if after is not None else None,
            "pain_next_morning": min(10, morning) if morning is not None else None,
        }

    def live(self, day: dt.date) -> Timeline:
        """Read ``day``'s advice, do the day, and return the timeline as seen that day."""
        rng = self.rng
        timeline = self.timeline(day)
        entry = timeline.day(day)
        paused = timeline.paused_on(day) is not None
        if paused and rng.random() < 0.3:
            self.lifts.append(Lift(day, rng.choice(("myself", "Dr Rees"))))
            return self.timeline(day)
        if entry.advice.action == REACTION_CHECK and rng.random() < 0.8:
            self.check_ins.append(CheckIn(day, pain=rng.choice((0, 1, 2, 3, 4, 6))))
            timeline = self.timeline(day)
            entry = timeline.day(day)
        elif rng.random() < 0.12:
            self.check_ins.append(CheckIn(day, pain=rng.choice((0, 1, 2, 4, 7))))
        elif rng.random() < 0.01:
            flag = rng.choice(list(RED_FLAGS))
            self.check_ins.append(CheckIn(day, pain=None, red_flags=(flag,)))
            return self.timeline(day)
        if entry.asks_readiness and rng.random() < 0.2:
            self.readiness.append(Readiness(day, rng.random() < 0.9, rng.random() < 0.9))
        for plan in entry.planned:
            if rng.random() < (0.85 if plan.is_run else 0.75):
                self.sessions.append(plan.replace(status="done", stage=None, **self.pains()))
        if not entry.planned and rng.random() < 0.04:
            # A run against the advice.
            self.sessions.append(
                STAGES[rng.choice((1, 2, 3))].session(day, **self.pains()).replace(stage=None)
            )
        for optional in entry.optional:
            if rng.random() < 0.3:
                self.sessions.append(optional.replace(status="done", **self.pains()))
        return self.timeline(day)


def planned_runs(timeline: Timeline, day: dt.date) -> list[Session]:
    return [s for s in timeline.day(day).planned if s.is_run]


def run_days(timeline: Timeline, sessions: list[Session], until: dt.date) -> set[dt.date]:
    """Days with a done run up to ``until`` and planned runs after it."""
    done = {s.date for s in sessions if s.is_run and s.date <= until}
    ahead = {s.date for s in timeline.planned if s.is_run and s.date > until}
    return done | ahead


def is_run_day_advice(action: str) -> bool:
    return action == RUN
