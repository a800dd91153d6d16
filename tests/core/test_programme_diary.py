"""The programme through the Diary facade, on a temporary diary file, as the window uses it."""

from __future__ import annotations

import datetime as dt

import pytest
from pinned_clock import TODAY

from recovery_diary import Diary, Session
from recovery_diary.core.programme import (
    COMPLETE,
    DONE,
    LOW_IMPACT,
    PAUSED,
    REACTION_CHECK,
    REST,
    RUN,
)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture
def start() -> dt.date:
    """A programme started 120 days ago, so every session of it can be done by now."""
    return TODAY - days(120)


@pytest.fixture
def diary(tmp_path, start):
    diary = Diary.open(tmp_path / "d.json")
    diary.start_programme(start)
    yield diary
    diary.close()


def tick_off(diary: Diary, day: dt.date, **scores) -> Session:
    """Mark the day's planned session done, as the window's form does."""
    planned = [s for s in diary.sessions(day, day) if not s.is_done]
    assert planned, f"nothing planned on {day}"
    pain = {"pain_before": 2, "pain_during": 2, "pain_next_morning": 2, **scores}
    return diary.record(planned[0].replace(status="done", **pain))


def green_phase_1(diary: Diary, start: dt.date) -> None:
    for session in [s for s in diary.sessions(start, start + days(27)) if not s.is_done]:
        tick_off(diary, session.date)


def test_a_programme_started_in_the_past_is_planned_from_its_start(diary, start):
    first = diary.sessions(start, start)
    assert [(s.activity, s.status, s.duration_minutes) for s in first] == [
        ("elliptical", "planned", 20)
    ]
    # Its days have passed without a record: the plans stay on their days.
    assert len([s for s in diary.sessions(start, start + days(27)) if not s.is_done]) == 12
    assert diary.advice(start).action == LOW_IMPACT


def test_ticking_off_a_planned_session_fulfils_it(diary, start):
    done = tick_off(diary, start)
    assert done.id is not None
    assert [(s.status, s.activity) for s in diary.sessions(start, start)] == [
        ("done", "elliptical")
    ]


def test_a_session_of_another_kind_does_not_fulfil_a_plan(diary, start):
    diary.record(Session(start, "run_walk", run_minutes=5, walk_minutes=5))
    kinds = sorted((s.status, s.is_run) for s in diary.sessions(start, start))
    assert ("planned", False) in kinds


def test_the_programme_day_by_day(diary, start):
    green_phase_1(diary, start)
    first_run = start + days(28)
    assert diary.advice(first_run).action == RUN
    assert diary.advice(first_run).stage == 1
    assert diary.due_stage(first_run) == 1

    # A done run on the planned day fulfils the plan and takes its stage.
    diary.record(
        Session(
            first_run,
            "run_walk",
            run_minutes=5,
            walk_minutes=5,
            pain_before=2,
            pain_during=2,
            pain_next_morning=2,
        )
    )
    [run] = diary.sessions(first_run, first_run)
    assert (run.status, run.stage) == ("done", 1)
    assert diary.advice(first_run).action == DONE

    assert diary.advice(first_run + days(1)).action == REST
    assert diary.advice(first_run + days(2)).action == REACTION_CHECK
    diary.check_in(first_run + days(2), 2)
    advice = diary.advice(first_run + days(2))
    assert (advice.action, advice.stage) == (RUN, 2)

    # Following the advice: at most 3 runs in any 7 days, never two days running, and
    # an optional low-impact session on the days between (never missed).
    ran = []
    day = first_run + days(2)
    while diary.advice(day).action != COMPLETE:
        advice = diary.advice(day)
        if advice.action == RUN:
            assert diary.due_stage(day) == advice.stage
            tick_off(diary, day)
            [done] = [s for s in diary.sessions(day, day) if s.is_run]
            assert done.stage == advice.stage
            assert diary.advice(day).action == DONE
            ran.append(((day - first_run).days, advice.stage))
        else:
            assert advice.action == LOW_IMPACT
            assert [s.activity for s in diary.sessions(day, day)] in (["elliptical"], ["cycling"])
        day += days(1)
    assert ran == [(2, 2), (4, 3), (7, 4), (9, 5), (11, 6), (14, 6)]
    assert diary.plan.completed_on == first_run + days(14)
    assert not [s for s in diary.sessions(first_run + days(15)) if not s.is_done]


def test_no_stage_is_due_outside_phase_2(diary, start):
    green_phase_1(diary, start)
    assert diary.due_stage(start + days(10)) is None
    assert diary.due_stage(start + days(28)) == 1


def test_start_running_overrules_phase_1(diary, start):
    green_phase_1(diary, start)
    [amber] = [s for s in diary.recorded(start + days(25), start + days(25))]
    diary.update(amber.replace(pain_during=5))
    # The last week was amber: Phase 1 grows by a week, and that week had no sessions.
    assert diary.plan.first_run_day > start + days(28)
    assert diary.advice(start + days(28)).action == LOW_IMPACT
    diary.start_running(start + days(30))
    assert diary.plan.first_run_day == start + days(30)
    assert diary.advice(start + days(30)).action == RUN


def test_a_red_flag_pauses_the_programme_until_lifted(diary, start):
    green_phase_1(diary, start)
    diary.check_in(start + days(29), 3, ["leg_weakness"])
    paused = diary.advice(start + days(40))
    assert (paused.action, paused.urgency) == (PAUSED, "emergency")
    assert "call 999 or go to A&E now" in paused.reason
    diary.lift_pause(start + days(33), cleared_by="Dr Patel")
    assert [lift.cleared_by for lift in diary.lifts()] == ["Dr Patel"]
    assert diary.advice(start + days(33)).action == RUN
    assert diary.advice(start + days(32)).action == PAUSED
    assert [c.red_flags for c in diary.check_ins()] == [("leg_weakness",)]
