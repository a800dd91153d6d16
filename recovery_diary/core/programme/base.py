"""What the programme's phases share: the replay's context, a day's due, outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.programme.records import Pause, Records
from recovery_diary.core.programme.rule import Judgement, check_in_light, judge
from recovery_diary.core.programme.settings import ProgrammeSettings
from recovery_diary.core.session import Session

_DAY = dt.timedelta(days=1)
#: At most this many runs in any seven days (the source's pace: 2–3 weeks in all).
RUNS_PER_WEEK = 3


@dataclass(frozen=True)
class Outcome:
    """How a recorded session or check-in was judged: green/amber/red, None = not (yet)."""

    date: dt.date
    session_id: int | None
    stage: int | None
    outcome: str | None
    reason: str
    check_in: bool = False


@dataclass(frozen=True)
class Due:
    """What a day asks for before its sessions, as a phase works it out.

    ``planned`` are the programme's sessions for the day, ``optional`` the
    optional low-impact session of a day between runs; ``ahead`` asks for
    "the next run is on …" to be added to ``reason``; ``asks_readiness`` for the
    two readiness questions before the first run.
    """

    action: str
    stage: int | None
    reason: str
    planned: tuple[Session, ...] = ()
    optional: tuple[Session, ...] = ()
    rest: bool = False
    ahead: bool = False
    asks_readiness: bool = False


@dataclass
class Context:
    """The replay's inputs and what it has found so far."""

    settings: ProgrammeSettings
    records: Records
    today: dt.date
    outcomes: list[Outcome] = field(default_factory=list)
    stages: dict[int, int] = field(default_factory=dict)
    notes: dict[dt.date, list[str]] = field(default_factory=dict)
    rest_days: set[dt.date] = field(default_factory=set)
    #: Every day with a done run so far (any phase, on the advice or not).
    run_days: set[dt.date] = field(default_factory=set)
    #: True while the replay takes in what the plan assumes will be done (no verdicts).
    assuming: bool = False

    def judge(self, session: Session, require_next_morning: bool = True) -> Judgement:
        """The rule's verdict, with the resting pain before and red flags as recorded.

        A run's next-morning score still to come (its morning is after today) is
        planned as if it will show the back settled; it is not judged until then.
        """
        s = self.settings
        return judge(
            session,
            s.safe_max,
            s.acceptable_max,
            red_flag_days=self.records.flag_days,
            require_next_morning=require_next_morning,
            baseline=self.records.resting_pain(session.date),
        )

    def planning_outcome(self, judgement: Judgement) -> str | None:
        """The outcome the plan goes on: a next morning still to come counts green."""
        if judgement.cause == "no_morning" and judgement.session.date >= self.today:
            return self.judge(judgement.session, require_next_morning=False).outcome
        return judgement.outcome

    def check_in_outcome(self, check_in: CheckIn) -> str | None:
        s = self.settings
        return check_in_light(check_in.pain, s.safe_max, s.acceptable_max)

    def run_blocked(self, day: dt.date) -> str:
        """Why the programme's pace allows no run on ``day`` ("" when it does)."""
        if day in self.records.flag_days:
            return "a red flag was reported today"
        if day - _DAY in self.run_days:
            return "runs come at most every other day"
        recent = [d for d in self.run_days if day - 6 * _DAY <= d < day]
        if len(recent) >= RUNS_PER_WEEK:
            return f"{RUNS_PER_WEEK} runs in seven days is the most the programme allows"
        return ""

    def note(self, day: dt.date, text: str) -> None:
        self.notes.setdefault(day, []).append(text)

    def judged(self, outcome: Outcome) -> None:
        """Keep a verdict on a record (what the plan assumes of days to come is none)."""
        if outcome.date <= self.today and not self.assuming:
            self.outcomes.append(outcome)

    def staged(self, session: Session, stage: int) -> None:
        """Remember the stage a recorded run has."""
        if session.id is not None:
            self.stages[session.id] = stage


class Mode(Protocol):
    """One part of the programme, stepped through day by day."""

    phase: str

    def due(self, ctx: Context, day: dt.date) -> Due: ...

    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None: ...

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        """Take a done session; return the "done" sentence if it fulfilled the day's plan."""
        ...

    def lifted(self, ctx: Context, pause: Pause) -> None: ...

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode: ...

    @property
    def settled(self) -> bool:
        """True when nothing more will change without new records (complete)."""
        ...
