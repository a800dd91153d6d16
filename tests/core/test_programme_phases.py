"""Phase 1, the first run and its 48-hour hold, completion, build-up and red-flag pauses."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.programme import (
    BEYOND_ARTICLE,
    BUILD_UP,
    COMPLETE,
    LOW_IMPACT,
    NEXT_MORNING_SCORE,
    PAUSED,
    PHASE_1,
    PHASE_2,
    REACTION_CHECK,
    REST,
    RUN,
    STAGES,
    ProgrammeSettings,
    build_plan,
)

# -- Phase 1: the plan's shape --------------------------------------------------------


def test_phase_1_plan_shape(scenario):
    s = scenario()
    phase1 = [x for x in s.plan.planned if not x.is_run]
    assert len(phase1) == 12
    assert phase1[0].date == s.settings.start
    assert [s.number(x.date) for x in phase1] == [0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 25]
    assert [x.duration_minutes for x in phase1[::3]] == [20, 25, 30, 35]
    assert {x.activity for x in phase1} == {"elliptical", "cycling"}
    assert all(a.activity != b.activity for a, b in itertools.pairwise(phase1))
    assert all(x.status == "planned" and x.id is None for x in phase1)


def test_phase_1_sessions_are_never_on_consecutive_days_within_a_week(scenario):
    for per_week in (1, 2, 3, 4):
        s = scenario(sessions_per_week=per_week)
        days = [s.number(x.date) for x in s.plan.planned if not x.is_run]
        assert len(days) == 4 * per_week
        for week in range(4):
            in_week = [d for d in days if d // 7 == week]
            assert in_week == [7 * week + o for o in (0, 2, 4, 6)[:per_week]]


def test_phase_1_settings_change_the_length_and_minutes(scenario):
    s = scenario(low_impact_weeks=2, first_minutes=30, step_minutes=10)
    phase1 = [x for x in s.plan.planned if not x.is_run]
    assert [x.duration_minutes for x in phase1] == [30, 30, 30, 40, 40, 40]
    assert s.planned_runs()[0] == (14, 1)


def test_the_first_run_is_planned_the_day_after_phase_1(scenario):
    s = scenario().green_weeks()
    assert s.planned_runs()[0] == (28, 1)
    first = next(x for x in s.plan.planned if x.is_run)
    assert (first.run_minutes, first.walk_minutes, first.duration_minutes) == (5, 5, 10)
    advice = s.advice(28)
    assert (advice.action, advice.stage, advice.pattern) == (RUN, 1, STAGES[1].pattern)
    assert advice.reason.startswith("First run: week 4 of the low-impact base was green")
    assert [p.name for p in s.plan.phases] == [PHASE_1, PHASE_2]
    assert s.plan.phases[0].end == s.day(27)


def test_phase_1_advice_has_no_stage_and_says_why(scenario):
    s = scenario()
    session_day, off_day = s.advice(7), s.advice(8)
    assert (session_day.action, session_day.stage) == (LOW_IMPACT, None)
    assert session_day.reason == (
        "Week 2 of 4 of the low-impact base: 25 min on the bike today builds fitness "
        "without jarring the back."
    )
    assert (off_day.action, off_day.stage) == (REST, None)
    assert "the next session, 25 min on the elliptical, is on Wednesday 14 January" in (
        off_day.reason
    )


def test_advice_before_the_start_says_when_it_starts(scenario):
    advice = scenario().advice(-3)
    assert advice.action == LOW_IMPACT
    assert advice.reason.startswith("The programme starts on Monday 5 January")


# -- Phase 1: extension and overrule ----------------------------------------------------


@pytest.mark.parametrize(
    ("last_week", "why"),
    [
        ({"during": 4}, "pain during the session on Friday 30 January was 4/10"),
        ({"during": 6}, "pain during the session on Friday 30 January was 6/10, above 5"),
        ({"morning": 3}, "was 1 above the pain before it"),
    ],
)
def test_a_last_week_not_green_adds_a_week(scenario, last_week, why):
    s = scenario().green_weeks(3)
    s.low_impact(21).low_impact(23).low_impact(25, **last_week)
    assert s.planned_runs()[0] == (35, 1)
    week5 = [x for x in s.plan.planned if not x.is_run and 28 <= s.number(x.date) < 35]
    assert [s.number(x.date) for x in week5] == [28, 30, 32]
    assert {x.duration_minutes for x in week5} == {35}
    advice = s.advice(28)
    assert advice.action == LOW_IMPACT
    assert advice.reason.startswith("Week 5 of the low-impact base, one more than planned, as ")
    assert why in advice.reason
    s.green_weeks(1, first=4)
    assert s.advice(35).action == RUN


def test_a_week_without_sessions_adds_a_week_once_it_is_over(scenario):
    s = scenario().green_weeks(3)
    # Nothing recorded in week 4 yet: the plan still expects it to go to plan.
    assert s.planned_runs()[0] == (28, 1)
    # A check-in after week 4 shows the week is over, without a session.
    s.check(29, 1)
    assert s.planned_runs()[0] == (35, 1)
    assert "no low-impact sessions were recorded in week 4" in s.advice(29).reason


def test_an_unjudged_session_beside_green_ones_does_not_hold_phase_1_back(scenario):
    s = scenario().green_weeks(3)
    s.low_impact(21)
    for n in (23, 25):
        s.low_impact(n, during=None, morning=None)
    assert s.planned_runs()[0] == (28, 1)


def test_a_last_week_without_any_pain_score_is_not_green(scenario):
    s = scenario().green_weeks(3)
    for n in (21, 23, 25):
        s.low_impact(n, during=None, morning=None)
    assert s.planned_runs()[0] != (28, 1)
    assert s.advice(28).action == LOW_IMPACT
    assert "no pain scores were recorded" in s.advice(28).reason


def test_start_running_overrules_an_extension(scenario):
    s = scenario().green_weeks(3)
    s.low_impact(21, during=5)
    s.settings = ProgrammeSettings(s.settings.start, running_from=s.day(30))
    assert s.planned_runs()[0] == (30, 1)
    assert s.advice(30).action == RUN
    assert "you chose to start running" in s.advice(30).reason
    assert all(s.number(x.date) < 30 for x in s.plan.planned if not x.is_run)


def test_a_run_without_a_stage_in_phase_1_is_a_session_of_its_own(scenario):
    s = scenario().green_weeks(2)
    s.run(16)
    assert s.plan.first_run_day == s.day(28)
    assert s.advice(17).action == REST
    assert s.advice(18).action == LOW_IMPACT
    assert s.planned_runs()[0] == (28, 1)


def test_a_run_recorded_early_with_a_stage_starts_phase_2(scenario):
    s = scenario().green_weeks(2)
    s.run(16, stage=1)
    assert s.plan.first_run_day == s.day(16)
    assert all(s.number(x.date) < 16 for x in s.plan.planned if not x.is_run)
    assert s.advice(17).action == REST


@pytest.mark.parametrize(("weeks", "clinician"), [(7, False), (8, True), (9, True)])
def test_eight_weeks_without_a_green_week_suggest_a_clinician(scenario, weeks, clinician):
    s = scenario()
    for week in range(weeks):
        s.low_impact(7 * week, during=4)
    reason = s.advice(7 * weeks).reason
    assert ("talk to a physiotherapist or doctor before you start running" in reason) == clinician
    assert s.advice(7 * weeks).action == LOW_IMPACT


def test_a_green_week_resets_the_count_towards_a_clinician(scenario):
    s = scenario()
    for week in range(9):
        s.low_impact(7 * week, during=2 if week == 2 else 4)
    assert "physiotherapist" not in s.advice(63).reason


# -- the first run and the 48-hour hold ----------------------------------------------------


def first_run_only(scenario, **scores):
    s = scenario().green_weeks()
    return s.run(28, stage=1, **scores)


def test_the_day_after_the_first_run_is_a_rest_day(scenario):
    s = first_run_only(scenario)
    advice = s.advice(29)
    assert advice.action == REST
    assert advice.reason == (
        "Rest day: the 48-hour hold after your first run; the reaction check comes on "
        "Wednesday 4 February."
    )
    assert s.day(29) in s.plan.rest_days


def test_two_days_after_the_first_run_asks_for_the_reaction_check(scenario):
    s = first_run_only(scenario)
    for n in (30, 31, 34):
        assert s.advice(n).action == REACTION_CHECK


def test_a_check_in_on_the_rest_day_is_not_the_reaction_check(scenario):
    s = first_run_only(scenario).check(29, 1)
    assert s.advice(30).action == REACTION_CHECK


@pytest.mark.parametrize(
    ("pain", "stage", "run_day", "outcome"),
    [
        (1, 2, 30, "green"),  # lower than before the first run (2)
        (2, 2, 30, "green"),  # the same
        (3, 1, 30, "amber"),  # 1 above
        (4, 1, 30, "amber"),  # 2 above
        (5, 1, 33, "red"),  # 3 above: stage 1 after two more days
    ],
)
def test_the_reaction_check_decides_the_second_run(scenario, pain, stage, run_day, outcome):
    s = first_run_only(scenario).check(30, pain)
    assert s.planned_runs()[0] == (run_day, stage)
    assert (s.advice(run_day).action, s.advice(run_day).stage) == (RUN, stage)
    assert s.plan.outcomes[-1].outcome == outcome
    if outcome == "red":
        assert [s.advice(n).action for n in (30, 31, 32)] == [REST, REST, REST]
        assert {s.day(30), s.day(31), s.day(32)} <= s.plan.rest_days


def test_a_late_reaction_check_decides_from_its_day(scenario):
    s = first_run_only(scenario).check(32, 2)
    assert s.planned_runs()[0] == (32, 2)
    assert s.advice(31).action == REACTION_CHECK


def test_a_red_flag_at_the_reaction_check_is_red(scenario):
    s = first_run_only(scenario).check(30, 1, ("fever",)).lift(31)
    assert s.advice(30).action == PAUSED
    assert s.planned_runs()[0] == (33, 1)


def test_the_next_morning_score_is_asked_for_before_the_reaction_check(scenario):
    s = first_run_only(scenario, morning=None)
    assert s.advice(29).action == NEXT_MORNING_SCORE
    assert s.advice(30).action == NEXT_MORNING_SCORE
    assert "next-morning pain score for your run on Monday 2 February" in s.advice(30).reason
    s.sessions[-1] = s.sessions[-1].replace(pain_next_morning=2)
    assert s.advice(30).action == REACTION_CHECK


# -- next-morning scores in Phase 2 -------------------------------------------------------


def test_a_run_without_next_morning_score_does_not_advance(scenario):
    s = scenario().first_run()
    s.run(30, stage=2, morning=None)
    assert s.advice(31).action == NEXT_MORNING_SCORE
    assert s.advice(31).stage == 2
    assert s.planned_runs()[:2] == [(32, 2), (34, 3)]
    assert s.plan.outcomes[-1].outcome is None
    s.sessions[-1] = s.sessions[-1].replace(pain_next_morning=2)
    assert s.advice(31).action == LOW_IMPACT
    assert s.planned_runs()[0] == (32, 3)


def test_days_between_runs_are_optional_low_impact_not_planned(scenario):
    s = scenario().first_run()
    s.run(30, stage=2)
    advice = s.advice(31)
    assert (advice.action, advice.stage) == (LOW_IMPACT, 3)
    assert "optional 30 min on the elliptical or bike" in advice.reason
    assert not [x for x in s.plan.planned if not x.is_run and s.number(x.date) > 28]


# -- completion and build-up ----------------------------------------------------------------


def through_stage_6(scenario, *sixes, **settings):
    s = scenario(**settings).first_run()
    for n, stage in zip((30, 32, 34, 36), (2, 3, 4, 5), strict=True):
        s.run(n, stage=stage)
    for i, scores in enumerate(sixes):
        s.run(38 + 2 * i, stage=6, **scores)
    return s


def test_two_green_stage_6_runs_in_a_row_complete_the_programme(scenario):
    s = through_stage_6(scenario, {}, {})
    plan = s.plan
    assert plan.completed_on == s.day(40)
    assert s.advice(41).action == COMPLETE
    assert s.advice(41).stage is None
    assert not [x for x in plan.planned if s.number(x.date) > 28]
    assert plan.phases[-1].name == PHASE_2 and plan.phases[-1].end == s.day(40)


def test_one_green_stage_6_run_asks_for_one_more(scenario):
    s = through_stage_6(scenario, {})
    assert s.plan.completed_on is None
    assert s.planned_runs() == [(40, 6)]
    assert "one more green one completes the programme" in s.advice(40).reason


def test_an_amber_stage_6_run_in_between_starts_the_count_again(scenario):
    s = through_stage_6(scenario, {}, {"during": 4}, {})
    assert s.plan.completed_on is None
    s.run(44, stage=6)
    assert s.plan.completed_on == s.day(44)


def test_records_after_completion_do_not_change_the_programme(scenario):
    s = through_stage_6(scenario, {}, {})
    for n in range(45, 2000, 3):
        s.run(n, during=7)
    assert s.plan.completed_on == s.day(40)
    assert s.advice(1999).action == COMPLETE


def test_the_optional_build_up_grows_at_most_ten_percent_a_week(scenario):
    s = through_stage_6(scenario, {}, {}, build_up=True)
    plan = s.plan
    runs = [x for x in plan.planned if x.is_run]
    assert [s.number(x.date) for x in runs[:6]] == [42, 44, 46, 49, 51, 53]
    minutes = [x.run_minutes for x in runs[::3]]
    assert minutes[0] == 11 and minutes[-1] == 30
    assert all(b <= a * 1.1 for a, b in zip([10, *minutes], minutes, strict=False))
    assert all(x.walk_minutes == 0 and x.stage is None for x in runs)
    assert all(BEYOND_ARTICLE in x.notes for x in runs)
    assert plan.phases[-1].name == BUILD_UP
    advice = s.advice(42)
    assert (advice.action, advice.pattern) == (RUN, "11 min continuous run")
    assert BEYOND_ARTICLE in advice.reason


def test_an_amber_build_up_week_is_repeated(scenario):
    s = through_stage_6(scenario, {}, {}, build_up=True)
    s.run(42, during=4)
    runs = [x for x in s.plan.planned if x.is_run]
    assert [s.number(x.date) for x in runs[:6]] == [44, 46, 49, 51, 53, 56]
    assert [x.run_minutes for x in runs[:6]] == [11, 11, 11, 11, 11, 12]
    assert "repeated" in s.advice(49).reason


# -- red flags ------------------------------------------------------------------------------


def test_a_red_flag_pauses_until_the_pause_is_lifted(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3)
    s.check(33, 1, ("night_pain",))
    for n in (33, 36, 60):
        advice = s.advice(n)
        assert advice.action == PAUSED
        assert advice.reason.startswith("Stop the programme and see a doctor")
    assert s.planned_runs() == []
    s.lift(38)
    assert s.advice(37).action == PAUSED
    # The run the day before the flag was red: one stage back, and the first run after
    # the pause comes on the day it was lifted.
    assert s.plan.outcomes[-1].outcome == "red"
    assert s.planned_runs()[0] == (38, 2)
    assert (s.advice(38).action, s.advice(38).stage) == (RUN, 2)


def test_a_long_pause_counts_as_missed_runs(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).run(34, stage=4)
    s.check(36, 2, ("fever",)).lift(50)
    # Stage 5 was due; 16 days after the last run it is two stages lower.
    assert s.planned_runs()[0] == (50, 3)


def test_urgent_red_flags_say_so(scenario):
    s = scenario().check(3, None, ("bladder_bowel",))
    assert "urgent medical advice" in s.advice(3).reason
    assert [x for x in s.plan.planned if s.number(x.date) >= 3] == []


def test_phase_1_during_a_lifted_pause(scenario):
    s = scenario().check(8, 2, ("trauma",)).lift(12)
    days = [s.number(x.date) for x in s.plan.planned if not x.is_run]
    assert 9 not in days and 11 not in days
    assert 14 in days


# -- purity: a plan depends on the records only ----------------------------------------------


def test_a_programme_started_long_ago_is_planned_from_its_start():
    start = dt.date(2001, 5, 7)
    plan = build_plan(ProgrammeSettings(start), [], [], [])
    assert plan.planned[0].date == start
    assert plan.first_run_day == start + dt.timedelta(days=28)
    assert plan.advice(start).action == LOW_IMPACT


def test_the_same_records_give_the_same_plan(scenario):
    s = through_stage_6(scenario, {})
    assert s.plan.planned == s.plan.planned
    assert s.plan.outcomes == s.plan.outcomes


# -- recorded stages, outcomes for the chart, no programme ---------------------------------


def test_each_done_run_keeps_its_recorded_stage(scenario):
    s = scenario().first_run()
    s.run(30, stage=4)  # the runner chose stage 4 when stage 2 was due
    assert s.plan.outcomes[-1].stage == 4
    assert s.planned_runs()[0] == (32, 5)


def test_a_run_a_day_after_its_planned_day_takes_the_stage_that_was_due(scenario):
    s = scenario().first_run()
    s.run(30, stage=2)
    assert s.planned_runs()[0] == (32, 3)
    assert s.plan.run_stage_on(s.day(33)) == 3
    s.run(33)  # no stage recorded: the window had no plan on that day
    assert s.plan.outcomes[-1].stage == 3
    assert s.planned_runs()[0] == (35, 4)


def test_run_stage_on_is_none_outside_phase_2(scenario):
    s = scenario().green_weeks()
    assert s.plan.run_stage_on(s.day(10)) is None
    assert s.plan.run_stage_on(s.day(28)) == 1


def test_outcomes_and_phases_for_the_chart(scenario):
    s = scenario().green_weeks(3)
    s.low_impact(21, during=4).low_impact(23).low_impact(25, during=None, morning=None)
    outcomes = s.plan.outcomes
    assert len(outcomes) == 12
    assert {o.stage for o in outcomes} == {None}
    assert [o.outcome for o in outcomes[-3:]] == ["amber", "green", None]
    assert outcomes[-3].reason == "Pain during the session was 4/10"
    assert [(p.name, p.start, p.end) for p in s.plan.phases] == [
        (PHASE_1, s.day(0), s.day(34)),
        (PHASE_2, s.day(35), None),
    ]


def test_without_a_programme_the_advice_is_low_impact_or_paused():
    plan = build_plan(None, [], [], [])
    assert plan.planned == []
    assert plan.advice(dt.date(2026, 1, 1)).action == LOW_IMPACT
    assert "No programme has been started yet" in plan.advice(dt.date(2026, 1, 1)).reason
    flagged = build_plan(None, [], [CheckIn(dt.date(2026, 1, 2), 3, ("fever",))], [])
    assert flagged.advice(dt.date(2026, 1, 3)).action == PAUSED
