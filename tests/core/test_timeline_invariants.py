"""The plan, the advice and the records agree on every day, for many simulated runners.

Each runner lives through the programme day by day (tests/core/simulated_runner.py).
On every day, as seen that day and as seen at the end:

* the advice says run exactly when the day has a planned run, at that stage
  (on a reaction-check day the run may be planned behind the check-in);
* a planned run never follows a run the day before, never makes a fourth run in
  seven days, never falls on a paused day, a red-flag day or the two days after
  a red run;
* optional low-impact sessions are never shown as missed.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from simulated_runner import DAY, Runner, planned_runs

from recovery_diary.core.pain import RED
from recovery_diary.core.programme import REACTION_CHECK, RUN, build_timeline

RUNNERS = 40
DAYS = 84


def _check_day(timeline, day, runs_before):
    entry = timeline.day(day)
    advice = entry.advice
    runs = planned_runs(timeline, day)
    if advice.action == RUN:
        assert runs, f"{day}: the advice says run but nothing is planned"
        assert runs[0].stage == advice.stage, (
            f"{day}: run at {runs[0].stage}, advice {advice.stage}"
        )
    elif runs:
        assert advice.action == REACTION_CHECK, (
            f"{day}: a run is planned but the advice is {advice}"
        )
    if runs:
        assert day - DAY not in runs_before, f"{day}: a run planned the day after a run"
        week = [d for d in runs_before if day - 6 * DAY <= d < day]
        assert len(week) < 3, f"{day}: a fourth run in seven days"
        assert timeline.paused_on(day) is None, f"{day}: a run planned while paused"


@pytest.mark.parametrize("seed", range(RUNNERS))
def test_plan_and_advice_agree_for_a_simulated_runner(seed):
    runner = Runner(seed)
    start = runner.start
    seen = []
    for n in range(DAYS):
        day = start + n * DAY
        timeline = runner.live(day)
        seen.append(timeline)
    end = start + (DAYS - 1) * DAY
    final = runner.timeline(end)
    done_runs = sorted({s.date for s in runner.sessions if s.is_run})
    flag_days = {c.date for c in runner.check_ins if c.red_flags}
    reds = {o.date for o in final.outcomes if o.outcome == RED and o.stage is not None}
    for n in range(DAYS):
        day = start + n * DAY
        # As seen on that day (before its own run, if any, was recorded) ...
        before = [d for d in done_runs if d < day]
        _check_day(seen[n], day, before)
        # ... and as seen at the end, with everything recorded.
        _check_day(final, day, before)
        runs = planned_runs(final, day)
        if runs:
            assert day not in flag_days
            assert not {day - DAY, day - 2 * DAY} & reds, f"{day}: a run within two days of red"
        for optional in final.day(day).optional:
            assert optional.status == "planned"
    # The plan ahead, as seen at the end, keeps the same spacing.
    ahead = sorted(s.date for s in final.planned if s.is_run and s.date > end)
    for day in ahead:
        _check_day(final, day, [d for d in done_runs if d < day] + [d for d in ahead if d < day])


def test_the_same_records_in_any_order_give_the_same_timeline():
    for seed in range(8):
        runner = Runner(100 + seed)
        for n in range(70):
            runner.live(runner.start + n * DAY)
        today = runner.start + 69 * DAY
        expected = runner.timeline(today)
        rng = random.Random(seed)
        for _ in range(3):
            sessions = runner.sessions[:]
            rng.shuffle(sessions)
            # Same-day records keep their order: the diary lists them by date, then id.
            sessions.sort(key=lambda s: s.date)
            shuffled = build_timeline(
                runner.settings,
                sessions,
                sorted(runner.check_ins, key=lambda c: c.date),
                list(reversed(runner.lifts)),
                list(reversed(runner.readiness)),
                today=today,
            )
            assert shuffled.days == expected.days
            assert shuffled.outcomes == expected.outcomes


def test_an_all_green_runner_needs_fourteen_days_from_first_run_to_completion():
    runner = Runner(7)
    runner.pains = lambda: dict.fromkeys(  # type: ignore[method-assign]
        ("pain_before", "pain_during", "pain_after", "pain_next_morning"), 1
    )
    runner.rng = random.Random(0)
    day = runner.start
    for _ in range(120):
        timeline = runner.timeline(day)
        entry = timeline.day(day)
        if entry.advice.action == REACTION_CHECK:
            runner.check_ins.append(dt_check(day))
            entry = runner.timeline(day).day(day)
        for plan in entry.planned:
            runner.sessions.append(plan.replace(status="done", **runner.pains()))
        if runner.timeline(day).completed_on:
            break
        day += DAY
    timeline = runner.timeline(day)
    assert timeline.completed_on is not None
    assert (timeline.completed_on - timeline.first_run_day).days == 14
    runs = sorted(s.date for s in runner.sessions if s.is_run)
    assert [(d - runs[0]).days for d in runs] == [0, 2, 4, 7, 9, 11, 14]


def dt_check(day: dt.date):
    from recovery_diary.core.checkin import CheckIn

    return CheckIn(day, pain=1)
