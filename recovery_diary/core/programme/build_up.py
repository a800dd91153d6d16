"""After completion: the programme is done, or the optional build-up goes on.

The build-up goes beyond the source article: three continuous runs a week,
each week at most 10 % longer than the one before, towards 30 minutes. A week
all green moves on; an amber or unscored week repeats; a red run steps a week
back with two days without a run after it. A week with no run repeats, and
each further week without a run steps back one week.
"""

from __future__ import annotations

import datetime as dt

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.pain import GREEN, RED
from recovery_diary.core.programme.advice import COMPLETE, LOW_IMPACT, REST, RUN, sentence
from recovery_diary.core.programme.base import Context, Due, Mode, Outcome
from recovery_diary.core.programme.records import Pause
from recovery_diary.core.programme.stages import (
    BUILD_UP_MINUTES,
    BUILD_UP_OFFSETS,
    BUILD_UP_TARGET,
    planned_build_up_run,
)
from recovery_diary.core.session import Session
from recovery_diary.core.words import BEYOND_ARTICLE, BUILD_UP, PHASE_2, format_day

_DAY = dt.timedelta(days=1)


def after_completion(ctx: Context, completed_on: dt.date) -> Mode:
    ctx.completed_on = completed_on  # type: ignore[attr-defined]
    if ctx.settings.build_up:
        return BuildUp(ctx, completed_on + _DAY)
    return Complete(completed_on)


class Complete:
    """The programme (and any build-up) is complete: pain goes on guiding the runner."""

    phase = PHASE_2
    settled = True

    def __init__(self, completed_on: dt.date, build_up: bool = False) -> None:
        self.completed_on = completed_on
        self.build_up = build_up

    def due(self, ctx: Context, day: dt.date) -> Due:
        if self.build_up:
            text = (
                f"Programme and build-up complete: you reached {BUILD_UP_TARGET} minutes of "
                f"continuous running (the build-up goes {BEYOND_ARTICLE})"
            )
        else:
            text = (
                "Programme complete: stage 6, ten minutes of continuous running, was green "
                f"twice in a row (the second time on {format_day(self.completed_on, ctx.today)}); "
                "keep letting pain guide you"
            )
        return Due(COMPLETE, None, sentence(text))

    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None:
        return None

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        return None

    def lifted(self, ctx: Context, pause: Pause) -> None:
        return None

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode:
        return self


class BuildUp:
    """The optional build-up, a week at a time."""

    phase = BUILD_UP
    settled = False

    def __init__(self, ctx: Context, begin: dt.date) -> None:
        self.begin = begin
        self.level = 0
        self.number = 1
        self.why = ""
        self.empty_weeks = 0
        self.week_runs: list[str | None] = []
        self.red_because = ""

    @property
    def minutes(self) -> int:
        return BUILD_UP_MINUTES[self.level]

    def due(self, ctx: Context, day: dt.date) -> Due:
        head = (
            f"Build-up week {self.number}, {BEYOND_ARTICLE}: {self.minutes} min of continuous "
            f"running, at most 10 % more a week towards {BUILD_UP_TARGET} min"
        )
        if self.why:
            head += f" ({self.why})"
        if day in ctx.rest_days:
            return Due(
                REST,
                None,
                sentence(f"Rest day in the build-up: {self.red_because}"),
                rest=True,
                ahead=True,
            )
        offset = (day - self.begin).days
        if offset in BUILD_UP_OFFSETS and not ctx.run_blocked(day):
            notes = f"Build-up, {BEYOND_ARTICLE}: {self.minutes} min of continuous running."
            run = planned_build_up_run(day, self.minutes, notes)
            return Due(RUN, None, sentence(head), planned=(run,))
        return Due(
            LOW_IMPACT,
            None,
            sentence(head, "no run today, an optional low-impact session instead"),
            ahead=True,
        )

    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None:
        return None

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        if not session.is_run:
            return None
        judgement = ctx.judge(session)
        outcome = ctx.planning_outcome(judgement)
        self.week_runs.append(outcome)
        ctx.judged(
            Outcome(
                day,
                session.id,
                None,
                judgement.outcome,
                f"Build-up ({BEYOND_ARTICLE}): {judgement.because('the run')}",
            )
        )
        if outcome == RED:
            ctx.rest_days.update((day + _DAY, day + 2 * _DAY))
            self.red_because = f"a run in the last two days was red ({judgement.because('it')})"
        if due.action == RUN:
            return sentence(f"Build-up run done: {judgement.because('the run')}")
        return None

    def lifted(self, ctx: Context, pause: Pause) -> None:
        return None

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode:
        if (day - self.begin).days != 6:
            return self
        runs, self.week_runs = self.week_runs, []
        self.begin = day + _DAY
        self.number += 1
        if not runs:
            self.empty_weeks += 1
            if self.empty_weeks > 1 and self.level > 0:
                self.level -= 1
                self.why = "one week back, as another week went by without a run"
            else:
                self.why = "repeated, as last week had no run"
            return self
        self.empty_weeks = 0
        if RED in runs:
            if self.level > 0:
                self.level -= 1
            self.why = "one week back, as a run last week was red"
        elif any(r != GREEN for r in runs):
            self.why = "repeated, as not every run last week was green"
        elif self.level == len(BUILD_UP_MINUTES) - 1:
            return Complete(day, build_up=True)
        else:
            self.level += 1
            self.why = ""
        return self
