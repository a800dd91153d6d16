"""Phase 1, the first run and its 48-hour hold, Phase 2's pace, completion, build-up, red flags."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pinned_clock import TODAY

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.programme import (
    BEYOND_ARTICLE,
    BUILD_UP,
    COMPLETE,
    DONE,
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
    build_timeline,
)

# -- Phase 1: the plan's shape --------------------------------------------------------


def test_phase_1_plan_shape(scenario):
    s = scenario()
    phase1 = s.low_impact_plan()
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
        days = [s.number(x.date) for x in s.low_impact_plan()]
        assert len(days) == 4 * per_week
        for week in range(4):
            in_week = [d for d in days if d // 7 == week]
            assert in_week == [7 * week + o for o in (0, 2, 4, 6)[:per_week]]


def test_phase_1_settings_change_the_length_and_minutes(scenario):
    s = scenario(low_impact_weeks=2, first_minutes=30, step_minutes=10)
    phase1 = s.low_impact_plan()
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
    assert off_day.reason.startswith("Week 2 of 4 of the low-impact base: no session today")
    # The calendar marks the day as the advice says: a rest day.
    assert s.plan.day(s.day(8)).rest and not s.plan.day(s.day(7)).rest


def test_a_paused_day_is_no_rest_day_on_the_calendar(scenario):
    s = scenario().low_impact(0).check(1, 2, flags=("saddle_numbness",))
    plan = s.timeline(s.day(6))
    for n in (1, 3, 6):
        assert plan.advice(s.day(n)).action == PAUSED
        assert not plan.day(s.day(n)).rest  # its advice is to get help now, not to rest


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
        ({"morning": 3}, "was 1 above the resting pain of 2/10 before it"),
    ],
)
def test_a_last_week_not_green_adds_a_week(scenario, last_week, why):
    s = scenario().green_weeks(3)
    s.low_impact(21).low_impact(23).low_impact(25, **last_week)
    assert s.planned_runs()[0] == (35, 1)
    week5 = [x for x in s.low_impact_plan() if 28 <= s.number(x.date) < 35]
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
    assert all(s.number(x.date) < 30 for x in s.low_impact_plan())


def test_a_no_to_a_readiness_question_adds_a_week(scenario):
    s = scenario().green_weeks().ready(24, hops_ok=False)
    assert s.planned_runs()[0] == (35, 1)
    advice = s.advice(28)
    assert advice.action == LOW_IMPACT
    assert "10 hops on each leg were not pain-free" in advice.reason


def test_the_first_run_asks_the_readiness_questions_until_they_are_answered(scenario):
    s = scenario().green_weeks()
    assert s.plan.day(s.day(22)).asks_readiness  # the last week of Phase 1
    assert not s.plan.day(s.day(10)).asks_readiness
    unanswered = s.advice(28).reason
    assert "treadmill" in unanswered
    assert "brisk 30-minute walk" in unanswered and "10 hops on each leg" in unanswered
    s.ready(24)
    answered = s.advice(28)
    assert (answered.action, answered.stage) == (RUN, 1)
    assert "treadmill" in answered.reason and "hops" not in answered.reason


def test_a_run_without_a_stage_in_phase_1_is_a_session_of_its_own(scenario):
    s = scenario().green_weeks(2)
    s.run(16)
    assert s.plan.first_run_day == s.day(28)
    assert s.advice(17).action == REST
    assert s.advice(18).action == LOW_IMPACT
    assert s.planned_runs()[0] == (28, 1)


def test_a_run_recorded_early_with_a_stage_is_against_the_programme(scenario):
    s = scenario().green_weeks(2)
    s.run(16, stage=1)
    # Kept and judged with the week's sessions, but Phase 1 goes on to plan.
    assert s.plan.first_run_day == s.day(28)
    assert "against the programme" in s.advice(16).reason
    assert [s.number(x.date) for x in s.low_impact_plan()][-3:] == [21, 23, 25]
    assert s.advice(17).action == REST
    assert s.planned_runs()[0] == (28, 1)


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
    assert (advice.action, advice.stage) == (REST, 1)
    assert advice.reason.startswith("Rest day: the 48-hour hold after your first run")
    assert "the reaction check comes on Wednesday 4 February" in advice.reason
    assert s.day(29) in s.plan.rest_days
    # A rest day, not a day for the optional low-impact session.
    assert s.plan.day(s.day(29)).optional == ()


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
        # No run on the day of the red check, nor on the two days after it.
        assert [s.advice(n).action for n in (30, 31, 32)] == [REST, REST, REST]
        assert {s.day(31), s.day(32)} <= s.plan.rest_days
        assert all(s.plan.day(s.day(n)).rest for n in (30, 31, 32))


def test_a_run_on_the_reaction_check_day_before_the_check_does_not_advance(scenario):
    # Recorded that day with no check-in: the plan must not assume the check passed,
    # or the run would count that day and be "against the advice" from the next day on.
    s = first_run_only(scenario).run(30)
    for today in (30, 31):
        advice = s.advice(30, today=today)
        assert (advice.action, advice.stage) == (REACTION_CHECK, 2)
        assert "the run today was against the advice" in advice.reason
        assert s.runs_from(31, today=today)[0][1] == 2  # no stage advanced
    # The check recorded later that day still decides, and then the run counts.
    s.check(30, 2)
    assert s.advice(30).action == DONE
    assert s.runs_from(31)[0] == (32, 3)


def test_the_rest_days_after_a_red_reaction_check_name_the_check(scenario):
    s = first_run_only(scenario).check(30, 5)
    reason = s.advice(31).reason
    assert "reaction check" in reason
    assert "the last run was red" not in reason


def test_a_late_reaction_check_decides_from_its_day(scenario):
    s = first_run_only(scenario).check(32, 2)
    assert s.runs_from(32)[0] == (32, 2)
    assert (s.advice(32).action, s.advice(32).stage) == (RUN, 2)
    assert s.advice(31).action == REACTION_CHECK


def test_a_red_flag_at_the_reaction_check_is_red(scenario):
    s = first_run_only(scenario).check(30, 1, ("fever",)).lift(31)
    assert s.advice(30).action == PAUSED
    assert s.planned_runs()[0] == (33, 1)


def test_the_next_morning_score_is_asked_for_before_the_reaction_check(scenario):
    s = first_run_only(scenario, morning=None)
    assert s.advice(29).action == NEXT_MORNING_SCORE
    assert s.advice(30).action == NEXT_MORNING_SCORE
    assert "next-morning pain score for your first run on Monday 2 February" in (
        s.advice(30).reason
    )
    s.sessions[-1] = s.sessions[-1].replace(pain_next_morning=2)
    assert s.advice(30).action == REACTION_CHECK


# -- next-morning scores in Phase 2 -------------------------------------------------------


def test_a_run_without_next_morning_score_does_not_advance(scenario):
    s = scenario().first_run()
    s.run(30, stage=2, morning=None)
    # On the day of the run its morning is still to come: the plan assumes it settles.
    assert s.runs_from(32)[0] == (32, 3)
    assert s.plan.outcomes[-1].outcome is None
    # The next morning has come without a score: asked for, and no advance on a guess.
    assert s.advice(31).action == NEXT_MORNING_SCORE
    assert s.advice(31).stage == 2
    assert s.runs_from(32, today=31)[:2] == [(32, 2), (35, 3)]
    assert "not advanced" in s.advice(32).reason
    s.sessions[-1] = s.sessions[-1].replace(pain_next_morning=2)
    assert s.advice(31).action == LOW_IMPACT
    assert s.runs_from(32, today=31)[0] == (32, 3)


def test_a_run_still_waiting_for_its_morning_is_not_called_green(scenario):
    s = scenario().first_run()
    s.run(30, stage=2, morning=None)
    reason = s.advice(32, today=30).reason
    assert "stage 3" in reason.lower()
    assert "was green" not in reason


def test_days_between_runs_carry_an_optional_low_impact_session(scenario):
    s = scenario().first_run()
    s.run(30, stage=2)
    advice = s.advice(31)
    assert (advice.action, advice.stage) == (LOW_IMPACT, 3)
    assert "optional 30 min on the elliptical or bike" in advice.reason
    day = s.plan.day(s.day(31))
    assert day.planned == ()
    [optional] = day.optional
    assert optional.activity in ("elliptical", "cycling")
    assert optional.duration_minutes == 30
    assert optional in s.plan.planned
    # Optional, so never missed: a later day still shows no required session there.
    assert s.timeline(s.day(40)).day(s.day(31)).planned == ()
    # Ticking it off says done, and the next run is unchanged.
    s.low_impact(31)
    assert s.advice(31).action == DONE
    assert s.runs_from(32)[0] == (32, 3)


# -- Phase 2's pace -----------------------------------------------------------------------


def follow_the_advice(s, *scores, first=30):
    """Run on each day the advice says run, at its stage, with ``scores`` in turn."""
    days, n = [], first
    for run_scores in scores:
        while s.advice(n).action != RUN:
            n += 1
        s.run(n, stage=s.advice(n).stage, **run_scores)
        days.append(n)
        n += 1
    return days


def test_an_all_green_runner_takes_fourteen_days_from_the_first_run(scenario):
    s = scenario().green_weeks()
    planned = s.planned_runs()
    assert planned == [(28, 1), (30, 2), (32, 3), (35, 4), (37, 5), (39, 6), (42, 6)]
    days = [n for n, _ in planned]
    assert all(b - a >= 2 for a, b in itertools.pairwise(days))
    assert all(len([d for d in days if n <= d < n + 7]) <= 3 for n in range(21, 50))
    # The days between runs carry the optional session, except the rest after the first run.
    assert s.optional_days()[:7] == [31, 33, 34, 36, 38, 40, 41]
    s.run(28, stage=1).check(30, 2)
    assert follow_the_advice(s, *[{}] * 6) == [30, 32, 35, 37, 39, 42]
    assert s.plan.completed_on == s.day(28 + 14)


def test_the_advice_ahead_quotes_no_scores_of_runs_still_to_come(scenario):
    s = scenario().first_run()
    # Seen on day 30, the run of day 30 is still to come: the plan takes it as green.
    reason = s.advice(32, today=30).reason
    assert reason.startswith("Stage 3 next, if the run planned before it is green")
    assert "/10" not in reason
    s.run(30, stage=2, during=1)
    assert "pain during the last run was 1/10" in s.advice(32).reason


def test_a_run_against_the_advice_is_judged_but_does_not_advance(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(31)  # the advice on day 31 said no run
    assert "against the advice" in s.advice(31).reason
    assert s.plan.outcomes[-1].outcome == "green"
    # Spacing starts again from it (three runs from day 28): stage 3 is still next.
    assert s.runs_from(32)[0] == (35, 3)
    assert "against the advice" in s.advice(35).reason


def test_a_red_run_against_the_advice_still_steps_back(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(31, during=7)
    # Stage 3 was due on day 31; red steps back to 2 (a green one would keep stage 3).
    assert s.runs_from(32)[0] == (35, 2)
    assert {s.day(32), s.day(33)} <= s.plan.rest_days


def test_a_planned_run_whose_day_passes_stays_on_its_day_and_is_due_again(scenario):
    s = scenario().first_run()
    s.run(30, stage=2)
    assert s.runs_from(31, today=33)[0] == (32, 3)  # missed, still on its day
    assert (s.advice(33).action, s.advice(33).stage) == (RUN, 3)


def test_the_plan_from_tomorrow_assumes_todays_run_is_done(scenario):
    s = scenario().first_run()  # the reaction check on day 30, green: stage 2 due today
    assert s.runs_from(30)[:3] == [(30, 2), (32, 3), (35, 4)]


# -- completion and build-up ----------------------------------------------------------------


#: The days of an all-green runner's runs after the reaction check (at most 3 in 7 days).
PACE = (30, 32, 35, 37, 39, 42, 44, 46, 49)


def through_stage_6(scenario, *sixes, **settings):
    """Green runs of stages 2-5, then stage 6 runs with ``sixes`` (scores), at the pace."""
    s = scenario(**settings).first_run()
    for n, stage in zip(PACE, (2, 3, 4, 5), strict=False):
        s.run(n, stage=stage)
    for n, scores in zip(PACE[4:], sixes, strict=False):
        s.run(n, stage=6, **scores)
    return s


def test_two_green_stage_6_runs_in_a_row_complete_the_programme(scenario):
    s = through_stage_6(scenario, {}, {})
    plan = s.plan
    assert plan.completed_on == s.day(42)
    assert s.advice(42).action == DONE
    assert "Programme complete" in s.advice(42).reason
    assert s.advice(43).action == COMPLETE
    assert s.advice(43).stage is None
    assert not [x for x in plan.planned if s.number(x.date) > 42]
    assert plan.phases[-1].name == PHASE_2 and plan.phases[-1].end == s.day(42)


def test_one_green_stage_6_run_asks_for_one_more(scenario):
    s = through_stage_6(scenario, {})
    assert s.plan.completed_on is None
    assert s.planned_runs() == [(42, 6)]
    assert "one more green one completes the programme" in s.advice(42).reason


def test_an_amber_stage_6_run_in_between_starts_the_count_again(scenario):
    s = through_stage_6(scenario, {}, {"during": 4}, {})
    assert s.plan.completed_on is None
    s.run(46, stage=6)
    assert s.plan.completed_on == s.day(46)


def test_records_after_completion_do_not_change_the_programme(scenario):
    s = through_stage_6(scenario, {}, {})
    for n in range(45, 2000, 3):
        s.run(n, during=7)
    assert s.plan.completed_on == s.day(42)
    assert s.advice(1999).action == COMPLETE


def test_the_optional_build_up_grows_at_most_ten_percent_a_week(scenario):
    s = through_stage_6(scenario, {}, {}, build_up=True)
    plan = s.plan
    runs = [x for x in plan.planned if x.is_run]
    assert [s.number(x.date) for x in runs[:6]] == [44, 46, 51, 53, 55, 58]
    minutes = [x.run_minutes for x in runs[::3]]
    assert minutes[0] == 11 and minutes[-1] == 30
    assert all(b <= a * 1.1 for a, b in zip([10, *minutes], minutes, strict=False))
    assert all(x.walk_minutes == 0 and x.stage is None for x in runs)
    assert all(BEYOND_ARTICLE in x.notes for x in runs)
    assert plan.phases[-1].name == BUILD_UP
    advice = s.advice(44)
    assert (advice.action, advice.pattern) == (RUN, "11 min continuous run")
    assert BEYOND_ARTICLE in advice.reason


def test_the_build_up_keeps_at_most_three_runs_in_seven_days(scenario):
    s = through_stage_6(scenario, {}, {}, build_up=True)
    days = [42] + [n for n, _ in s.planned_runs()]
    assert all(len([d for d in days if n <= d < n + 7]) <= 3 for n in range(36, 60))


def test_an_amber_build_up_week_is_repeated(scenario):
    s = through_stage_6(scenario, {}, {}, build_up=True)
    s.run(44, during=4)
    runs = [x for x in s.plan.planned if x.is_run]
    assert [s.number(x.date) for x in runs[:6]] == [46, 51, 53, 55, 58, 60]
    assert [x.run_minutes for x in runs[:6]] == [11, 11, 11, 11, 12, 12]
    assert "repeated" in s.advice(51).reason


# -- red flags ------------------------------------------------------------------------------


def test_a_red_flag_pauses_until_the_pause_is_lifted(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3)
    s.check(33, 1, ("night_pain",))
    for n in (33, 36, 60):
        advice = s.advice(n)
        assert (advice.action, advice.urgency) == (PAUSED, "urgent")
        assert advice.reason.startswith(
            "Stop the programme and get an urgent GP appointment or call NHS 111 today"
        )
    assert s.runs_from(33) == []
    s.lift(38)
    assert s.advice(37).action == PAUSED
    # The run the day before the flag was red: one stage back, and the first run after
    # the pause comes on the day it was lifted.
    [run_32] = [o for o in s.plan.outcomes if o.date == s.day(32) and not o.check_in]
    assert run_32.outcome == "red"
    assert s.runs_from(38)[0] == (38, 2)
    assert (s.advice(38).action, s.advice(38).stage) == (RUN, 2)


def test_after_a_pause_the_reason_does_not_claim_a_repeat_it_does_not_make(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3)
    s.check(33, 1, ("night_pain",)).lift(38)
    assert s.advice(38).stage == 2
    assert "the stage of your last run is repeated" not in s.advice(38).reason


def test_a_long_pause_counts_as_missed_runs(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).run(35, stage=4)
    s.check(37, 2, ("fever",)).lift(51)
    # Stage 5 was due; 16 days after the last run it is two stages lower.
    assert s.runs_from(51)[0] == (51, 3)
    assert "16 days have passed since your last run" in s.advice(51).reason


def test_after_an_urgent_flag_the_first_run_repeats_the_last_stage(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).run(35, stage=4)
    s.check(37, 1, ("fever",)).lift(37)
    # No run on the day of the flag, though lifted; then stage 4 again, not stage 5.
    assert s.advice(37).action == REST
    assert "red flag" in s.advice(37).reason
    assert s.runs_from(37)[0] == (38, 4)
    assert (s.advice(38).action, s.advice(38).stage) == (RUN, 4)


def test_after_an_emergency_flag_the_first_run_steps_back_one(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).run(35, stage=4).run(37, stage=5)
    s.check(39, 1, ("both_legs",)).lift(42)
    # The stage 5 run two days before the flag was green (stage 6 due), but the pause
    # caps the next run one below the last run's stage.
    assert s.runs_from(42)[0] == (42, 4)
    assert "one stage below your last run" in s.advice(42).reason


@pytest.mark.parametrize(
    ("flag", "level", "words"),
    [
        ("bladder_bowel", "emergency", "call 999 or go to A&E now"),
        ("both_legs", "emergency", "call 999 or go to A&E now"),
        ("trauma", "emergency", "call 999 or go to A&E now"),
        ("chest_pain", "emergency", "call 999 or go to A&E now"),
        ("fever", "urgent", "get an urgent GP appointment or call NHS 111 today"),
        ("cough_sneeze", "urgent", "get an urgent GP appointment or call NHS 111 today"),
    ],
)
def test_red_flags_say_how_urgent_they_are_as_the_nhs_does(scenario, flag, level, words):
    s = scenario().check(3, None, (flag,))
    advice = s.advice(3)
    assert (advice.action, advice.urgency) == (PAUSED, level)
    assert words in advice.reason
    assert [x for x in s.plan.planned if s.number(x.date) >= 3] == []


def test_phase_1_during_a_lifted_pause(scenario):
    s = scenario().check(8, 2, ("trauma",)).lift(12)
    days = [s.number(x.date) for x in s.low_impact_plan()]
    assert 9 not in days and 11 not in days
    assert 14 in days


# -- check-ins and low-impact sessions between runs -----------------------------------------


def test_an_amber_low_impact_session_between_runs_repeats_the_stage(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).low_impact(33, during=4)
    assert s.runs_from(34)[0] == (35, 3)
    assert "Stage 3 repeated" in s.advice(35).reason
    assert "4/10" in s.advice(35).reason


def test_the_advice_of_a_done_day_has_the_next_runs_stage(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).low_impact(33, during=4)
    advice = s.advice(33)
    assert advice.action == DONE
    assert "the next run, stage 3" in advice.reason
    assert advice.stage == 3


def test_a_past_days_advice_agrees_with_itself(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).run(35, stage=4)
    s.check(37, 1, ("fever",)).lift(37)
    advice = s.advice(36, today=37)  # seen on day 36, stage 5 was next on day 37
    assert advice.stage == 5
    # A past day's reason is as it was seen then: it names no later run at another stage.
    assert "stage 4" not in advice.reason


def test_a_check_in_above_the_acceptable_limit_between_runs_steps_back(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).check(33, 8)
    assert s.runs_from(34)[0] == (35, 2)
    assert "8/10" in s.advice(35).reason


def test_a_check_in_above_the_acceptable_limit_on_a_run_day_means_no_run(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3).check(35, 8)
    advice = s.advice(35)
    assert advice.action == REST
    assert "8/10" in advice.reason
    assert (35, 3) not in s.planned_runs() and (35, 2) not in s.planned_runs()
    assert s.runs_from(36)[0][1] == 2


# -- purity: a plan depends on the records only ----------------------------------------------


def test_a_programme_started_long_ago_is_planned_from_its_start():
    start = dt.date(2001, 5, 7)
    plan = build_timeline(ProgrammeSettings(start), [], [], today=TODAY)
    assert plan.planned[0].date == start  # missed, and still on its day
    assert plan.advice(start).action == LOW_IMPACT
    # Weeks without sessions are not green: the first run waits until after today.
    assert plan.first_run_day is not None and plan.first_run_day > TODAY


def test_the_same_records_give_the_same_plan(scenario):
    s = through_stage_6(scenario, {})
    assert s.plan.planned == s.plan.planned
    assert s.plan.outcomes == s.plan.outcomes


# -- recorded stages, outcomes for the chart, no programme ---------------------------------


def test_each_done_run_keeps_its_recorded_stage(scenario):
    s = scenario().first_run()
    s.run(30, stage=4)  # the runner chose stage 4 when stage 2 was due
    assert s.plan.outcomes[-1].stage == 4
    assert "recorded at stage 4, not the stage 2 planned" in s.advice(30).reason
    # The next stage follows from the lower of the two.
    assert s.runs_from(31)[0] == (32, 3)


def test_the_outcome_of_a_run_at_another_stage_names_the_next_stage(scenario):
    s = scenario().first_run()
    s.run(30, stage=4)
    assert s.runs_from(31)[0] == (32, 3)
    assert "on to stage 3" in s.plan.outcomes[-1].reason


def test_a_run_a_day_after_its_planned_day_takes_the_stage_that_was_due(scenario):
    s = scenario().first_run()
    s.run(30, stage=2)
    assert s.runs_from(31)[0] == (32, 3)
    seen_on_33 = s.timeline(s.day(33))
    assert [x.stage for x in seen_on_33.day(s.day(32)).planned] == [3]  # missed
    assert [x.stage for x in seen_on_33.day(s.day(33)).planned] == [3]  # due again
    s.run(33)  # no stage recorded: it takes the stage due on its day
    assert s.plan.outcomes[-1].stage == 3
    assert s.plan.stages[s.plan.outcomes[-1].session_id] == 3
    assert s.runs_from(34)[0] == (35, 4)


def test_no_stage_is_due_outside_phase_2(scenario):
    s = scenario().green_weeks()
    plan = s.plan
    phase_1_day = plan.day(s.day(10))
    assert phase_1_day.advice.stage is None
    assert not [x for x in phase_1_day.planned if x.is_run]
    assert [x.stage for x in plan.day(s.day(28)).planned if x.is_run] == [1]


def test_outcomes_and_phases_for_the_chart(scenario):
    s = scenario().green_weeks(3)
    s.low_impact(21, during=4).low_impact(23).low_impact(25, during=None, morning=None)
    outcomes = s.plan.outcomes
    assert len(outcomes) == 12
    assert {o.stage for o in outcomes} == {None}
    assert [o.outcome for o in outcomes[-3:]] == ["amber", "green", None]
    assert outcomes[-3].reason == "Pain during the session was 4/10, above 3"
    assert [(p.name, p.start, p.end) for p in s.plan.phases] == [
        (PHASE_1, s.day(0), s.day(34)),
        (PHASE_2, s.day(35), None),
    ]


def test_without_a_programme_the_advice_is_low_impact():
    plan = build_timeline(None, [], [], today=TODAY)
    assert plan.planned == []
    assert plan.advice(dt.date(2026, 1, 1)).action == LOW_IMPACT
    assert "No programme has been started yet" in plan.advice(dt.date(2026, 1, 1)).reason


def test_without_a_programme_a_red_flag_still_pauses():
    flagged = build_timeline(None, [], [CheckIn(dt.date(2026, 1, 2), 3, ("fever",))], today=TODAY)
    assert flagged.advice(dt.date(2026, 1, 3)).action == PAUSED
