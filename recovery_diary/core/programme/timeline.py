"""One truth per day: the programme replayed from its records, day by day.

The records are replayed in date order from the programme's start. For every
day up to today, a day's plan is what the records before it asked for (after
that day's check-ins, which can cancel a run), fulfilled by that day's own
sessions, and its advice reads that day's records too. From tomorrow on, each
planned session is assumed done on its day and green, so the plan and the
advice of a future day are those it will have if the plan is followed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from recovery_diary.core.checkin import CheckIn, red_flag_message
from recovery_diary.core.programme.advice import (
    DONE,
    LOW_IMPACT,
    PAUSED,
    REACTION_CHECK,
    Advice,
    NextRun,
    low_impact_words,
    sentence,
)
from recovery_diary.core.programme.base import (
    AHEAD,
    Context,
    Due,
    Mode,
    Outcome,
    assumed_check,
    assumed_sessions,
    day_advice,
)
from recovery_diary.core.programme.build_up import Complete
from recovery_diary.core.programme.phase1 import Phase1
from recovery_diary.core.programme.records import Lift, Pause, Readiness, Records, pauses_from
from recovery_diary.core.programme.settings import ProgrammeSettings
from recovery_diary.core.session import DONE as DONE_STATUS
from recovery_diary.core.session import Session
from recovery_diary.core.words import BUILD_UP, PHASE_1, PHASE_2, format_day

_DAY = dt.timedelta(days=1)
#: How far past the last record and today the plan is worked out at most.
_HORIZON = dt.timedelta(days=400)


@dataclass(frozen=True)
class Phase:
    """A part of the programme, for the chart and the report; ``end`` None = open."""

    name: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Day:
    """Everything the programme says about one day.

    ``planned`` are the programme's sessions of the day not fulfilled by a
    record, ``optional`` the optional low-impact session of a day between runs
    (never missed); ``scheduled`` is the day's plan before its own records
    fulfilled any of it; ``rest`` marks the days the advice is rest (the hold, the days
    after a red result, Phase 1 days without a session), never a paused day.
    """

    date: dt.date
    advice: Advice
    planned: tuple[Session, ...] = ()
    optional: tuple[Session, ...] = ()
    rest: bool = False
    phase: str | None = None
    scheduled: tuple[Session, ...] = ()
    asks_readiness: bool = False


@dataclass
class Timeline:
    """The programme worked out from its settings and records, as :class:`Day` values."""

    settings: ProgrammeSettings | None
    today: dt.date
    days: dict[dt.date, Day] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    stages: dict[int, int] = field(default_factory=dict)
    pauses: list[Pause] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    rest_days: set[dt.date] = field(default_factory=set)
    completed_on: dt.date | None = None
    first_run_day: dt.date | None = None
    last_day: dt.date | None = None
    steady: Advice | None = None

    def day(self, on: dt.date) -> Day:
        """What the programme says about ``on``."""
        found = self.days.get(on)
        if found is not None:
            return found
        return Day(on, self._outside(on))

    def advice(self, on: dt.date) -> Advice:
        return self.day(on).advice

    @property
    def planned(self) -> list[Session]:
        """Every planned session not fulfilled, required and optional, in date order."""
        return self.planned_in()

    def planned_in(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Session]:
        """Planned sessions not fulfilled from ``start`` to ``end``, in date order."""
        return [
            s
            for d in sorted(self.days)
            if (start is None or d >= start) and (end is None or d <= end)
            for s in (*self.days[d].planned, *self.days[d].optional)
        ]

    def outcome_of(self, session_id: int | None) -> Outcome | None:
        if session_id is None:
            return None
        by_id = getattr(self, "_by_id", None)
        if by_id is None:
            by_id = {o.session_id: o for o in self.outcomes if o.session_id and not o.check_in}
            self._by_id = by_id
        return by_id.get(session_id)

    def paused_on(self, on: dt.date) -> Pause | None:
        return next((p for p in self.pauses if p.covers(on)), None)

    def _outside(self, on: dt.date) -> Advice:
        s = self.settings
        pause = self.paused_on(on)
        if pause is not None:
            return _paused(pause, None)
        if s is None:
            return Advice(
                LOW_IMPACT,
                None,
                "No programme has been started yet. Until then, low-impact exercise such as "
                "the elliptical or cycling keeps your fitness without jarring the back.",
            )
        if on < s.start:
            return Advice(
                LOW_IMPACT,
                None,
                f"The programme starts on {format_day(s.start, on)}; until then, low-impact "
                "exercise such as the elliptical or cycling keeps you fit without jarring "
                "the back.",
            )
        assert self.steady is not None
        return self.steady


def _paused(pause: Pause, stage: int | None) -> Advice:
    return Advice(PAUSED, stage, red_flag_message(pause.flags), urgency=pause.level)


def build_timeline(
    settings: ProgrammeSettings | None,
    sessions: Sequence[Session],
    check_ins: Sequence[CheckIn],
    lifts: Sequence[Lift] = (),
    readiness: Sequence[Readiness] = (),
    *,
    today: dt.date,
) -> Timeline:
    """Replay the records (sessions and check-ins sorted by date) into a timeline."""
    if settings is None:
        flagged = [c for c in check_ins if c.red_flags]
        return Timeline(None, today, pauses=pauses_from(flagged, lifts))
    records = Records(settings, sessions, check_ins, lifts, readiness)
    ctx = Context(settings, records, today)
    timeline = Timeline(settings, today, pauses=records.pauses)
    _replay(ctx, timeline)
    return timeline


def _replay(ctx: Context, timeline: Timeline) -> None:
    records = ctx.records
    mode: Mode = Phase1(ctx)
    ctx.first_run_day = None  # type: ignore[attr-defined]
    ctx.completed_on = None  # type: ignore[attr-defined]
    day = ctx.settings.start
    known = max(records.last_day, ctx.today)
    limit = known + _HORIZON
    done_day: dt.date | None = None
    while True:
        lifted = records.pause_lifted_on(day)
        if lifted is not None:
            mode.lifted(ctx, lifted)
        future = day > ctx.today
        # From today on, the plan assumes what is planned is done (today: if not yet).
        assume = day >= ctx.today
        pause = records.pause_on(day)
        before = mode.due(ctx, day)
        if done_day is not None:
            _set_stage(timeline, done_day, before.stage)
            done_day = None
        check = None if future else records.check_in_on(day)
        real = [] if future else [s for s in records.sessions_on(day) if s.status == DONE_STATUS]
        # A run already recorded today without the reaction check came before any check:
        # assuming one would let it count, and tomorrow's replay would say it was against
        # the advice. Today and every later day must judge it alike.
        check_assumed = (
            check is None and assume and pause is None and not any(s.is_run for s in real)
        )
        if check_assumed:
            check = assumed_check(before, day)
        if check is not None:
            ctx.assuming = check_assumed
            mode.check_in(ctx, day, check)
            ctx.assuming = False
        due = mode.due(ctx, day)
        done_text = None
        fulfilled = False
        phase = mode.phase
        for session in real:
            text = mode.session(ctx, day, session, due if pause is None else _PAUSED_DUE)
            if session.is_run:
                ctx.run_days.add(day)
            if text is not None and pause is None:
                done_text = done_text or text
                fulfilled = True
        if assume and pause is None and not fulfilled:
            ctx.assuming = True
            for session in assumed_sessions(due):
                mode.session(ctx, day, session, due)
                if session.is_run:
                    ctx.run_days.add(day)
            ctx.assuming = False
        if pause is not None:
            advice = _paused(pause, due.stage)
            planned: tuple[Session, ...] = ()
            optional: tuple[Session, ...] = ()
        else:
            shown = before if check_assumed and before.action == REACTION_CHECK else due
            advice = day_advice(ctx, day, shown, done_text)
            planned = () if fulfilled and due.planned else due.planned
            optional = () if fulfilled and due.optional else due.optional
            if fulfilled and due.optional:
                planned = ()
            if advice.action == DONE:
                done_day = day
        rest = due.rest and pause is None  # a paused day asks for a clinician, not rest
        timeline.days[day] = Day(
            day, advice, planned, optional, rest, phase, due.planned, due.asks_readiness
        )
        mode = mode.end_of_day(ctx, day)
        # Once complete, nothing recorded later changes the programme (a red flag
        # still pauses it: see Timeline.day); an open pause holds the plan still.
        if mode.settled or (day >= known and records.pause_on(day + _DAY) is not None):
            break
        if day >= limit:
            break
        day += _DAY
    timeline.last_day = day
    after = day + _DAY
    pause = records.pause_on(after)
    steady_due = mode.due(ctx, after)
    if done_day is not None:
        _set_stage(timeline, done_day, steady_due.stage)
    timeline.steady = (
        _paused(pause, steady_due.stage) if pause else day_advice(ctx, after, steady_due, None)
    )
    timeline.outcomes = sorted(ctx.outcomes, key=lambda o: o.date)
    timeline.stages = dict(ctx.stages)
    timeline.rest_days = set(ctx.rest_days)
    timeline.first_run_day = getattr(ctx, "first_run_day", None)
    completed_on = getattr(ctx, "completed_on", None)
    # Only a completion that happened counts; a planned one is the plan's business.
    timeline.completed_on = completed_on if completed_on and completed_on <= ctx.today else None
    timeline.phases = _phases(ctx, timeline)
    _fill_ahead(timeline)


_PAUSED_DUE = Due(PAUSED, None, "")


def _set_stage(timeline: Timeline, day: dt.date, stage: int | None) -> None:
    """A done day's advice tells the stage of the run after it."""
    entry = timeline.days[day]
    if stage is not None and entry.advice.stage is not None:
        advice = dataclasses.replace(entry.advice, stage=stage)
        timeline.days[day] = dataclasses.replace(entry, advice=advice)


def _fill_ahead(timeline: Timeline) -> None:
    """Add "the next run is on …" where asked, from today on (the past was seen then)."""
    nxt: NextRun | None = None
    session: Session | None = None
    for day in sorted(timeline.days, reverse=True):
        entry = timeline.days[day]
        advice = entry.advice
        if advice.reason.endswith(AHEAD):
            text = advice.reason[: -len(AHEAD)]
            if day >= timeline.today and advice.action != PAUSED:
                text = sentence(text.rstrip("."), _ahead_words(entry, nxt, session, day))
            timeline.days[day] = dataclasses.replace(
                entry, advice=dataclasses.replace(advice, reason=text)
            )
        runs = [s for s in entry.scheduled if s.is_run]
        if runs:
            run = runs[0]
            nxt = NextRun(day, run.stage, int(run.run_minutes or 0))
            session = None
        elif entry.scheduled:
            session = entry.scheduled[0]
    if timeline.steady is not None and timeline.steady.reason.endswith(AHEAD):
        s = timeline.steady
        timeline.steady = dataclasses.replace(s, reason=s.reason[: -len(AHEAD)])


def _ahead_words(entry: Day, nxt: NextRun | None, session: Session | None, day: dt.date) -> str:
    if session is not None and entry.phase == PHASE_1:
        what = low_impact_words(session.activity, int(session.duration_minutes or 0))
        return f"the next session, {what}, is on {format_day(session.date, day)}"
    return nxt.words(day) if nxt is not None else ""


def _phases(ctx: Context, timeline: Timeline) -> list[Phase]:
    start = ctx.settings.start
    first = timeline.first_run_day
    done = timeline.completed_on
    phases = []
    if first is None or first > start:
        phases.append(Phase(PHASE_1, start, first - _DAY if first else None))
    if first is not None:
        phases.append(Phase(PHASE_2, first, done))
    if done is not None and ctx.settings.build_up:
        end = max((d for d, e in timeline.days.items() if e.phase == BUILD_UP), default=None)
        settled = isinstance(timeline.steady, Advice) and timeline.steady.action == "complete"
        phases.append(Phase(BUILD_UP, done + _DAY, end if settled else None))
    _ = Complete
    return phases
