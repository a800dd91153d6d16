"""Every row and boundary of the pain rule and the pace of DESIGN §1, one test each.

The defaults: safe limit 3, acceptable limit 5. Rows of the rule are tested on
:func:`judge` directly; what they do to the plan is tested on the timeline
through the scenario builder (tests/core/conftest.py), day numbers from the
start, the first run on day 28 after four green weeks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from recovery_diary.core.checkin import RED_FLAGS, red_flag_message
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.programme import (
    DONE,
    LOW_IMPACT,
    REACTION_CHECK,
    REST,
    RUN,
    STAGES,
    judge,
)
from recovery_diary.core.session import Session

DAY = dt.date(2026, 3, 2)


def run(before=None, during=None, after=None, morning=None, day=DAY) -> Session:
    return STAGES[3].session(
        day,
        pain_before=before,
        pain_during=during,
        pain_after=after,
        pain_next_morning=morning,
    )


# -- the rule on one session -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "outcome"),
    [
        ("during", 3, GREEN),
        ("during", 4, AMBER),
        ("during", 5, AMBER),
        ("during", 6, RED),
        ("after", 3, GREEN),
        ("after", 4, AMBER),
        ("after", 5, AMBER),
        ("after", 6, RED),
        ("morning", 3, GREEN),
        ("morning", 4, AMBER),
        ("morning", 5, AMBER),
        ("morning", 6, RED),
    ],
)
def test_each_score_against_the_safe_and_acceptable_limits(field, value, outcome):
    scores = {"before": 3, "during": 2, "after": 2, "morning": 3, field: value}
    assert judge(run(**scores)).outcome == outcome


@pytest.mark.parametrize(
    ("before", "morning", "outcome"),
    [(0, 0, GREEN), (1, 0, GREEN), (0, 1, AMBER), (0, 2, AMBER), (0, 3, RED), (1, 4, RED)],
)
def test_next_morning_against_the_resting_pain_before(before, morning, outcome):
    assert judge(run(before=before, during=1, morning=morning)).outcome == outcome


@pytest.mark.parametrize(("before", "morning"), [(7, 6), (8, 9), (6, 6)])
def test_next_morning_above_the_acceptable_limit_is_red_whatever_the_pain_before(before, morning):
    judged = judge(run(before=before, during=1, morning=morning))
    assert judged.outcome == RED
    assert f"{morning}/10, above 5" in judged.reason


def test_next_morning_above_the_safe_limit_is_at_least_amber_whatever_the_pain_before():
    assert judge(run(before=5, during=1, morning=4)).outcome == AMBER


def test_pain_straight_after_above_the_acceptable_limit_is_red_even_if_settled_by_morning():
    judged = judge(run(before=1, during=3, after=8, morning=1))
    assert judged.outcome == RED
    assert "pain straight after the session was 8/10, above 5" in judged.reason.lower()


def test_without_pain_before_the_rise_is_measured_from_the_baseline_given():
    assert judge(run(during=1, morning=3), baseline=0).outcome == RED
    assert judge(run(during=1, morning=2), baseline=0).outcome == AMBER
    assert judge(run(during=1, morning=3)).outcome == GREEN  # absolute limits only


@pytest.mark.parametrize(("offset", "outcome"), [(0, RED), (1, RED), (2, GREEN), (-1, GREEN)])
def test_a_red_flag_makes_red_the_run_of_that_day_or_the_day_before(offset, outcome):
    flagged = {DAY + dt.timedelta(days=offset)}
    judged = judge(run(before=1, during=1, morning=1), red_flag_days=flagged)
    assert judged.outcome == outcome


def test_without_next_morning_score_a_run_is_provisional_unless_already_red():
    assert judge(run(before=1, during=4)).outcome is None
    assert judge(run(before=1, during=1)).needs_next_morning
    assert judge(run(before=1, during=7)).outcome == RED
    assert judge(run(before=1, during=1, after=6)).outcome == RED


def test_a_session_with_neither_pain_during_nor_next_morning_is_not_judged():
    assert judge(run(before=2, after=3)).outcome is None


def test_the_limits_are_settings():
    assert judge(run(before=1, during=3, morning=1), 2, 4).outcome == AMBER
    assert judge(run(before=1, during=5, morning=1), 2, 4).outcome == RED


# -- what the rule does to the plan ------------------------------------------------------


def _at_stage_3(s):
    """Green runs up to a green stage 3 run on day 32 (first run 28, check 30, runs 30, 32)."""
    s.first_run()
    s.run(30, during=1, before=1, morning=1)
    s.run(32, during=1, before=1, morning=1)
    return s


def test_the_resting_pain_of_the_three_days_before_stands_in_for_pain_before(scenario):
    s = _at_stage_3(scenario())
    s.check(33, pain=0)
    s.run(35, during=1, before=None, morning=3)  # 3 above the check-in's 0: red
    assert s.plan.outcome_of(None) is None
    judged = [o for o in s.plan.outcomes if o.date == s.day(35)]
    assert judged[0].outcome == RED
    assert "resting pain of 0/10" in judged[0].reason


def test_a_check_in_four_days_before_is_too_old_to_compare_with(scenario):
    s = scenario().first_run()
    s.run(30, during=1, before=1, morning=1)
    s.run(32, during=1, before=None, morning=1)
    s.check(31, pain=0)
    s.run(35, during=1, before=None, morning=3)  # nothing from day 32 to 34 to compare with
    judged = [o for o in s.plan.outcomes if o.date == s.day(35)]
    assert judged[0].outcome == GREEN


def test_a_check_in_above_the_acceptable_limit_on_a_run_day_means_no_run_and_a_step_back(
    scenario,
):
    s = _at_stage_3(scenario())
    s.check(35, pain=7)  # day 35 is the next run day
    advice = s.advice(35)
    assert advice.action == REST
    assert "7/10" in advice.reason and "steps back" in advice.reason
    assert not [x for x in s.timeline(s.day(35)).day(s.day(35)).planned if x.is_run]
    # Red joins the last run's green: one step back from that run's stage 3.
    assert s.advice(36).action == RUN and s.advice(36).stage == 2


@pytest.mark.parametrize(("pain", "stage"), [(2, 4), (4, 3), (6, 2)])
def test_a_check_in_between_runs_joins_the_run_in_deciding_the_next_stage(scenario, pain, stage):
    s = _at_stage_3(scenario())
    s.check(33, pain=pain)
    assert s.advice(35).action == RUN
    assert s.advice(35).stage == stage


def test_a_painful_low_impact_session_between_runs_counts_too(scenario):
    s = _at_stage_3(scenario())
    s.low_impact(33, during=6, before=1, morning=1)
    assert s.advice(35).stage == 2
    assert "cycling session" in s.advice(35).reason


def test_pain_straight_after_a_run_steps_the_next_one_back(scenario):
    s = _at_stage_3(scenario())
    s.sessions.append(run(before=1, during=2, after=8, morning=1, day=s.day(35)))
    s.sessions[-1] = s.sessions[-1].replace(stage=None)
    assert s.advice(38).action == RUN
    assert s.advice(38).stage == 3  # stage 4 was red: one back


def test_a_run_against_the_advice_is_judged_but_never_advances(scenario):
    s = _at_stage_3(scenario())
    s.run(33, during=1, before=1, morning=1)  # the day after a run: against the advice
    advice = s.advice(33)
    assert "against the advice" in advice.reason
    assert s.plan.stages  # it has its stage
    # Green, but no advance: stage 4 again; the spacing starts again from day 33, and
    # runs on days 30, 32 and 33 leave day 37 as the next with room in seven days.
    assert [s.advice(n).action for n in (34, 35, 36)] == [LOW_IMPACT] * 3
    assert s.advice(37).action == RUN and s.advice(37).stage == 4


def test_a_red_run_against_the_advice_still_steps_back(scenario):
    s = _at_stage_3(scenario())
    s.run(33, during=7, before=1, morning=1)
    assert s.advice(34).action == REST and s.advice(35).action == REST
    assert s.advice(37).action == RUN and s.advice(37).stage == 3


def test_at_most_three_runs_in_any_seven_days(scenario):
    s = _at_stage_3(scenario())  # runs on 28, 30, 32
    assert s.advice(34).action == LOW_IMPACT
    assert "3 runs in seven days" in s.advice(34).reason
    assert s.advice(35).action == RUN


def test_optional_low_impact_is_planned_between_runs_but_rest_after_the_first_run_and_red(
    scenario,
):
    s = scenario()
    s.first_run()
    assert s.advice(29).action == REST  # the 48-hour hold
    assert not s.timeline(s.day(29)).day(s.day(29)).optional
    s.run(30, during=1, before=1, morning=1)
    entry = s.timeline(s.day(31)).day(s.day(31))
    assert entry.advice.action == LOW_IMPACT
    assert [x.duration_minutes for x in entry.optional] == [30]
    assert entry.optional[0].activity in ("elliptical", "cycling")
    s.run(32, during=7, before=1, morning=1)
    assert s.advice(33).action == REST and s.advice(34).action == REST


def test_optional_low_impact_is_never_missed(scenario):
    s = scenario()
    s.first_run()
    s.run(30, during=1, before=1, morning=1)
    timeline = s.timeline(s.day(40))
    assert timeline.day(s.day(31)).optional  # still on its day, as optional
    assert not [x for x in timeline.day(s.day(31)).planned]


def test_a_missed_run_stays_on_its_day_and_is_due_the_next_day(scenario):
    s = _at_stage_3(scenario())
    timeline = s.timeline(s.day(37))  # no run on day 35 or since
    assert [x.stage for x in timeline.day(s.day(35)).planned if x.is_run] == [4]
    assert [x.stage for x in timeline.day(s.day(36)).planned if x.is_run] == [4]
    assert timeline.advice(s.day(37)).action == RUN


# -- red flags and the pause -------------------------------------------------------------


def test_red_flags_are_the_nhs_table_with_two_levels():
    assert {level for _, level in RED_FLAGS.values()} == {"emergency", "urgent"}
    emergency = {k for k, (_, level) in RED_FLAGS.items() if level == "emergency"}
    assert emergency == {
        "saddle_numbness",
        "bladder_bowel",
        "both_legs",
        "leg_weakness",
        "sexual_function",
        "chest_pain",
        "trauma",
    }
    assert len(RED_FLAGS) == 13
    assert "999" in red_flag_message(["both_legs"])
    assert "NHS 111" in red_flag_message(["fever"])
    assert "999" in red_flag_message(["fever", "trauma"])


@pytest.mark.parametrize(("flag", "stage"), [("fever", 3), ("both_legs", 2)])
def test_after_a_lifted_pause_the_next_run_repeats_the_last_stage_or_steps_back(
    scenario, flag, stage
):
    s = _at_stage_3(scenario())  # stage 4 due next
    s.check(34, pain=None, flags=(flag,))  # two days after the run: the run stays green
    assert s.advice(34).action == "paused"
    s.lift(36)
    assert s.advice(36).action == RUN
    assert s.advice(36).stage == stage


def test_no_run_on_the_day_a_red_flag_is_reported_even_if_lifted_that_day(scenario):
    s = _at_stage_3(scenario())
    s.check(35, pain=None, flags=("fever",))
    s.lift(35)
    assert s.advice(35).action != RUN
    assert not [x for x in s.timeline(s.day(35)).day(s.day(35)).planned if x.is_run]
    assert s.advice(36).action == RUN


def test_the_pause_advice_carries_its_level(scenario):
    s = _at_stage_3(scenario())
    s.check(33, pain=None, flags=("chest_pain",))
    advice = s.advice(34)
    assert advice.action == "paused" and advice.urgency == "emergency"
    assert advice.stage is not None


# -- readiness, done, build-up -----------------------------------------------------------


def test_a_no_to_a_readiness_question_extends_phase_1_with_that_reason(scenario):
    s = scenario().green_weeks()
    s.ready(24, walk_ok=True, hops_ok=False)
    advice = s.advice(28)
    assert advice.action in (LOW_IMPACT, REST)
    assert "10 hops on each leg were not pain-free" in advice.reason
    assert s.plan.first_run_day == s.day(35)


def test_unanswered_readiness_lets_the_first_run_go_ahead_and_ask(scenario):
    s = scenario().green_weeks()
    advice = s.advice(28)
    assert advice.action == RUN and advice.stage == 1
    assert "hops" in advice.reason and "treadmill" in advice.reason
    assert s.timeline(s.day(28)).day(s.day(28)).asks_readiness


def test_the_reaction_check_day_plans_the_run_behind_the_check(scenario):
    s = scenario().green_weeks()
    s.run(28, stage=1, during=1, before=1, morning=1)
    entry = s.timeline(s.day(30)).day(s.day(30))
    assert entry.advice.action == REACTION_CHECK
    assert [x.stage for x in entry.planned if x.is_run] == [2]


def test_the_day_of_a_done_run_says_done_and_what_comes_next(scenario):
    s = _at_stage_3(scenario())
    s.run(35, during=2, before=1, morning=None)
    advice = s.advice(35)
    assert advice.action == DONE
    assert "tomorrow morning's pain score" in advice.reason
    assert "the next run, stage 5, is on" in advice.reason
    assert "well done" not in advice.reason.lower()


def test_praise_only_for_a_green_run(scenario):
    s = _at_stage_3(scenario())
    s.run(35, during=5, before=1, morning=1)
    assert s.advice(35, today=36).action == DONE
    assert "well done" not in s.advice(35, today=36).reason.lower()
    assert "amber" in s.advice(35, today=36).reason


def _complete(s):
    s.first_run()
    for day in (30, 32, 35, 37, 39, 42):
        s.run(day, during=1, before=1, morning=1)
    return s


def test_the_build_up_repeats_an_empty_week_and_steps_back_after_more(scenario):
    s = _complete(scenario(build_up=True))
    assert s.plan.completed_on == s.day(42)
    # Week 1 (days 43-49): three green runs of 11 min; then nothing for three weeks.
    for day in (44, 46, 48):
        s.sessions.append(
            Session(
                s.day(day),
                "run_walk",
                run_minutes=11,
                walk_minutes=0,
                pain_before=1,
                pain_during=1,
                pain_next_morning=1,
            )
        )
    week = {n: s.advice(n, today=n) for n in (51, 58, 65)}
    assert "12 min" in week[51].reason  # week 2 moved on
    assert "12 min" in week[58].reason and "no run" in week[58].reason  # repeated
    assert "11 min" in week[65].reason and "one week back" in week[65].reason
