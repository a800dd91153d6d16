"""A realistic demo diary: a programme followed by the rules, then years of regular use.

Pure generation (no files, no Qt). The programme part is driven by the engine
in :mod:`recovery_diary.core.programme`, so the demo runs through the phases
exactly as a runner following the advice would: the low-impact base, the
first run and its reaction check, the stages with one amber repeat and one
red step-back, and completion. After that come regular weeks of continuous
runs and low-impact sessions with weekly check-ins and the odd pain blip.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from recovery_diary.core import programme
from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.programme import STAGES, ProgrammeSettings
from recovery_diary.core.session import RUN_WALK, Session

_DAY = dt.timedelta(days=1)

#: Notes a runner might write, some with commas, quotes and non-ASCII text.
RUN_NOTES = (
    "5 km in the park — felt good",
    "Easy loop by the river, back fine",
    'Physio said "keep it conversational", so I did',
    "Treadmill at the gym, 1% incline",
    "Windy and cold, legs heavy, back OK",
    "Parkrun with Zoë, took it easy",
    "Rained the whole way; still glad I went",
    "New shoes, a bit stiff after",
    "Hills today — slow but steady",
    "Early run before work, café au lait after ☕",
)
LOW_IMPACT_NOTES = (
    "Spin class, sat upright as the physio showed",
    "Elliptical while watching the news",
    "Ride to the market and back, 12 km",
    'Pool: 20 lengths of "back-friendly" backstroke',
    "Easy spin, no niggles",
)
BLIP_NOTES = (
    "Stiff after gardening, took it easy",
    "Long drive yesterday, back grumbled",
    "Slept badly, lower back tight",
    "Moved furniture at the weekend — sore",
)
CHECK_IN_NOTES = ("", "", "", "Feeling strong", "A little tight in the morning", "Good week")

#: The programme's run/walk stages at which the demo runner has a setback:
#: stage 3 the first time is amber (repeated), stage 5 the first time is red.
_AMBER_AT, _RED_AT = 3, 5


@dataclass(frozen=True)
class DemoDiary:
    """What a demo diary holds: the programme's settings, sessions and check-ins."""

    settings: ProgrammeSettings
    sessions: list[Session]
    check_ins: list[CheckIn]


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def generate_demo(years: int, today: dt.date, seed: int = 1) -> DemoDiary:
    """A demo diary of ``years`` years of use up to ``today``; the same for the same seed."""
    if years < 1:
        raise ValueError("A demo diary covers at least one year.")
    rng = random.Random(seed)
    settings = ProgrammeSettings(start=years_before(today, years))
    sessions: list[Session] = []
    check_ins: list[CheckIn] = []
    completed = _programme(settings, today, rng, sessions, check_ins)
    if completed is not None:
        _regular_use(completed + _DAY, today, rng, sessions, check_ins)
    sessions.sort(key=lambda s: s.date)
    check_ins.sort(key=lambda c: c.date)
    return DemoDiary(settings, sessions, check_ins)


# -- the programme, following the advice -----------------------------------


def _programme(
    settings: ProgrammeSettings,
    today: dt.date,
    rng: random.Random,
    sessions: list[Session],
    check_ins: list[CheckIn],
) -> dt.date | None:
    """Follow the advice day by day until the programme is complete; return that day."""
    day = settings.start
    setbacks: set[int] = set()
    while day <= today:
        timeline = programme.build_timeline(settings, sessions, check_ins, today=day)
        if timeline.completed_on is not None and timeline.completed_on < day:
            return timeline.completed_on
        entry = timeline.day(day)
        advice = entry.advice
        checked = bool(check_ins) and check_ins[-1].date == day
        if advice.action == programme.REACTION_CHECK and not checked:
            first_run = next(s for s in sessions if s.is_run)
            check_ins.append(
                CheckIn(day, pain=first_run.pain_before, notes="No reaction, back fine")
            )
            continue  # the same day again: the check decides whether to run
        if entry.phase == programme.PHASE_1:
            sessions.extend(_phase1_session(s, rng) for s in entry.planned)
            if day.weekday() == 6:
                check_ins.append(CheckIn(day, pain=rng.choice((1, 2, 2, 3))))
        elif advice.action == programme.RUN and advice.stage is not None:
            is_first = not any(s.is_run for s in sessions)
            sessions.append(_programme_run(day, advice.stage, rng, setbacks, is_first))
        elif advice.action == programme.LOW_IMPACT and entry.optional and rng.random() < 0.5:
            sessions.append(_low_impact(day, rng, programme.OPTIONAL_MINUTES))
        elif advice.action == programme.REST and not checked and sessions:
            last = sessions[-1]
            rise = (last.pain_next_morning or 0) - (last.pain_before or 0)
            if last.is_run and last.date == day - _DAY and rise > 2:
                check_ins.append(CheckIn(day, pain=4, notes="Sore after yesterday's run"))
        day += _DAY
    return None


def _phase1_session(plan: Session, rng: random.Random) -> Session:
    before = rng.choice((1, 2, 2, 3))
    return plan.replace(
        status="done",
        pain_before=before,
        pain_during=min(3, before + rng.choice((-1, 0, 0, 1))),
        pain_after=before,
        pain_next_morning=max(0, before - rng.choice((0, 0, 1))),
        notes=rng.choice(LOW_IMPACT_NOTES) if rng.random() < 0.4 else "",
    )


def _programme_run(
    day: dt.date, stage: int, rng: random.Random, setbacks: set[int], first: bool
) -> Session:
    before = rng.choice((1, 1, 2))
    during = rng.choice((1, 2, 2, 3))
    morning = before - rng.choice((0, 0, 1))
    notes = "First run: treadmill, 1 min on / 1 min off" if first else ""
    if stage == _AMBER_AT and stage not in setbacks:
        setbacks.add(stage)
        during, morning = 4, before
        notes = "Back twinged in the last interval, 4/10"
    elif stage == _RED_AT and stage not in setbacks:
        setbacks.add(stage)
        during, morning = 3, before + 3
        notes = "Fine during, but very stiff the next morning"
    return STAGES[stage].session(
        day,
        pain_before=before,
        pain_during=during,
        pain_after=max(before, during - 1),
        pain_next_morning=max(0, morning),
        notes=notes,
    )


# -- regular use after the programme ---------------------------------------

#: Days of a week with a session: "r" a continuous run, "l" a low-impact session.
_WEEK_SHAPES = (
    ((0, "r"), (2, "l"), (4, "r"), (6, "r")),
    ((1, "r"), (3, "r"), (5, "l")),
    ((0, "l"), (2, "r"), (4, "r"), (5, "l")),
    ((1, "r"), (3, "l"), (5, "r"), (6, "r")),
    ((0, "r"), (3, "r"), (5, "r")),
)
_LOW_IMPACT = ("cycling", "elliptical", "swimming", "cycling")


def _pick(rng: random.Random, options: tuple[Any, ...]) -> Any:
    # Faster than rng.choice for the tens of thousands of draws of a long demo.
    return options[int(rng.random() * len(options))]


def _regular_use(
    begin: dt.date,
    today: dt.date,
    rng: random.Random,
    sessions: list[Session],
    check_ins: list[CheckIn],
) -> None:
    """Weeks of continuous runs and low-impact sessions from ``begin`` up to ``today``."""
    longest = 20
    blip_weeks = 0
    week = begin
    while week <= today:
        if blip_weeks == 0 and rng.random() < 0.03:
            blip_weeks = _pick(rng, (1, 1, 2))
        blip = blip_weeks > 0
        for offset, kind in _pick(rng, _WEEK_SHAPES):
            day = week + offset * _DAY
            if day > today:
                break
            if kind == "r":
                minutes = 20 + int(rng.random() * (longest - 19))
                sessions.append(_continuous_run(day, minutes, blip, rng))
            else:
                sessions.append(_low_impact(day, rng, _pick(rng, (30, 40, 45, 60)), blip))
        check_day = week + 6 * _DAY
        if check_day <= today:
            pain = _pick(rng, (3, 4, 5)) if blip else _pick(rng, (0, 0, 1, 1, 2))
            notes = _pick(rng, BLIP_NOTES) if blip else _pick(rng, CHECK_IN_NOTES)
            check_ins.append(CheckIn(check_day, pain=pain, notes=notes))
        blip_weeks = max(0, blip_weeks - 1)
        longest = min(45, longest + 1)
        week += 7 * _DAY


def _continuous_run(day: dt.date, minutes: int, blip: bool, rng: random.Random) -> Session:
    if blip:
        before = _pick(rng, (2, 3))
        during = before + _pick(rng, (1, 2))
        notes = _pick(rng, BLIP_NOTES)
    else:
        before = _pick(rng, (0, 0, 1, 1, 2))
        during = _pick(rng, (0, 1, 1, 2))
        notes = _pick(rng, RUN_NOTES) if rng.random() < 0.3 else ""
    return Session(
        date=day,
        activity=RUN_WALK,
        run_minutes=minutes,
        walk_minutes=0,
        repeats=1,
        duration_minutes=minutes,
        pain_before=before,
        pain_during=during,
        pain_after=max(before, during - 1),
        pain_next_morning=before if rng.random() < 0.7 else None,
        notes=notes,
    )


def _low_impact(day: dt.date, rng: random.Random, minutes: int, blip: bool = False) -> Session:
    before = _pick(rng, (2, 3)) if blip else _pick(rng, (0, 1, 1, 2))
    activity = _pick(rng, _LOW_IMPACT)
    if activity == "swimming":
        minutes = min(minutes, 40)
    return Session(
        date=day,
        activity=activity,
        duration_minutes=minutes,
        pain_before=before,
        pain_during=before + _pick(rng, (0, 0, 1)),
        notes=_pick(rng, LOW_IMPACT_NOTES) if rng.random() < 0.2 else "",
    )
