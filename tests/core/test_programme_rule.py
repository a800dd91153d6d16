"""The progression rule (DESIGN §1, pain-monitoring model), row by row and at its boundaries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from recovery_diary.core.programme import (
    REST,
    RUN,
    STAGES,
    judge,
    missed_run_drop,
)
from recovery_diary.core.session import Session

DAY = dt.date(2026, 3, 2)


def run(during=None, before=2, morning=None, after=None) -> Session:
    return Session(
        DAY,
        "run_walk",
        stage=3,
        run_minutes=7,
        walk_minutes=3,
        pain_before=before,
        pain_during=during,
        pain_after=after,
        pain_next_morning=morning,
    )


# -- the outcome table, with the default thresholds (safe 3, acceptable 5) ---------


@pytest.mark.parametrize(
    ("during", "before", "morning", "outcome"),
    [
        # pain during: 3 is the last green score, 4-5 amber, 6 and above red
        (0, 2, 2, "green"),
        (3, 2, 2, "green"),
        (4, 2, 2, "amber"),
        (5, 2, 2, "amber"),
        (6, 2, 2, "red"),
        (10, 2, 2, "red"),
        # next morning against before: +0 green, +1 and +2 amber, +3 red
        (2, 2, 1, "green"),
        (2, 2, 2, "green"),
        (2, 2, 3, "amber"),
        (2, 2, 4, "amber"),
        (2, 2, 5, "red"),
        (2, 0, 3, "red"),
        # the worse of the two decides
        (4, 2, 5, "red"),
        (6, 2, 2, "red"),
        (4, 2, 3, "amber"),
        # only one of the two scores is enough to judge
        (None, 2, 2, "green"),
        (None, 2, 4, "amber"),
        (None, 2, 5, "red"),
        # next morning above the limits counts whatever the pain before
        (2, 5, 5, "amber"),
        (2, 4, 6, "red"),
        (2, 6, 6, "red"),
        # without pain before only the absolute limits apply
        (2, None, 3, "green"),
        (2, None, 4, "amber"),
        (2, None, 9, "red"),
    ],
)
def test_outcome_table(during, before, morning, outcome):
    verdict = judge(run(during, before, morning))
    assert verdict.outcome == outcome


@pytest.mark.parametrize(
    ("after", "outcome"),
    [(None, "green"), (3, "green"), (4, "amber"), (5, "amber"), (6, "red"), (8, "red")],
)
def test_pain_straight_after_counts(after, outcome):
    # 8/10 straight after, settled by the morning, is still red.
    assert judge(run(2, 2, 2, after=after)).outcome == outcome


def test_without_pain_before_the_resting_pain_of_the_days_before_is_the_baseline():
    assert judge(run(2, None, 3), baseline=0).outcome == "red"
    assert judge(run(2, None, 3), baseline=1).outcome == "amber"
    assert judge(run(2, None, 3), baseline=3).outcome == "green"
    # The run's own pain before comes first.
    assert judge(run(2, 3, 3), baseline=0).outcome == "green"


def test_a_check_in_in_the_three_days_before_gives_the_resting_pain(scenario):
    s = scenario().first_run()
    s.run(30, stage=2).check(31, 0).run(32, before=None, morning=3)
    assert s.plan.outcomes[-1].outcome == "red"
    assert "3 above the resting pain of 0/10" in s.advice(33).reason


@pytest.mark.parametrize(
    ("during", "morning", "outcome"),
    [(2, 2, "green"), (3, 2, "amber"), (4, 2, "amber"), (5, 2, "red"), (2, 4, "amber")],
)
def test_thresholds_are_settings(during, morning, outcome):
    assert judge(run(during, 2, morning), safe_max=2, acceptable_max=4).outcome == outcome


@pytest.mark.parametrize(("flag_offset", "outcome"), [(0, "red"), (1, "red"), (2, "green")])
def test_a_red_flag_that_day_or_the_next_makes_the_run_red(flag_offset, outcome):
    flags = {DAY + dt.timedelta(days=flag_offset)}
    assert judge(run(1, 2, 2), red_flag_days=flags).outcome == outcome


def test_a_run_without_next_morning_score_is_provisional_and_asks_for_it():
    verdict = judge(run(2, 2, None))
    assert verdict.outcome is None
    assert verdict.needs_next_morning
    assert "no next-morning pain score" in verdict.reason


def test_an_amber_pain_during_still_waits_for_the_next_morning():
    # The next morning could still make it red, so nothing is decided on a guess.
    assert judge(run(4, 2, None)).outcome is None


def test_a_red_pain_during_needs_no_next_morning_score():
    verdict = judge(run(6, 2, None))
    assert verdict.outcome == "red"
    assert verdict.reason == "Pain during the session was 6/10, above 5"


def test_a_session_with_neither_pain_during_nor_next_morning_is_not_judged():
    verdict = judge(run(None, 2, None, after=5))
    assert verdict.outcome is None
    assert verdict.reason == "The session has no pain scores"


def test_in_phase_1_a_missing_next_morning_score_does_not_block():
    session = Session(DAY, "cycling", duration_minutes=30, pain_before=2, pain_during=3)
    assert judge(session, require_next_morning=False).outcome == "green"
    assert judge(session.replace(pain_during=4), require_next_morning=False).outcome == "amber"


@pytest.mark.parametrize(
    ("session", "words"),
    [
        (run(4, 2, 2), "pain during the last run was 4/10, above 3"),
        (
            run(2, 2, 3),
            "next-morning pain after the last run was 1 above the resting pain of 2/10 before it",
        ),
        (run(2, 2, 4), "next-morning pain after the last run was 4/10, above 3"),
        (run(7, 2, 2), "pain during the last run was 7/10, above 5"),
        (run(2, 2, 2, after=6), "pain straight after the last run was 6/10, above 5"),
    ],
)
def test_the_reason_says_why_in_words(session, words):
    assert judge(session).because("the last run") == words


# -- the stage table --------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "pattern", "run_min", "walk_min", "share"),
    [
        (1, "5 × (1 min run + 1 min walk)", 5, 5, 50),
        (2, "4 × (1½ min run + 1 min walk)", 6, 4, 60),
        (3, "3 × (2 min run + 1 min walk) + 1 min run", 7, 3, 70),
        (4, "2 × (3 min run + 1 min walk) + 2 min run", 8, 2, 80),
        (5, "4½ min run + 1 min walk + 4½ min run", 9, 1, 90),
        (6, "10 min continuous run", 10, 0, 100),
    ],
)
def test_stage_table(stage, pattern, run_min, walk_min, share):
    s = STAGES[stage]
    assert (s.pattern, s.run, s.walk, s.duration, s.running_share) == (
        pattern,
        run_min,
        walk_min,
        10,
        share,
    )


def test_stage_repeats_count_the_run_intervals():
    assert [STAGES[n].repeats for n in range(1, 7)] == [5, 4, 4, 3, 2, 1]


# -- what each outcome does to the next run -----------------------------------------


def stage_4_then(scenario, **scores):
    """A runner at stage 4 (green runs at the pace), then one stage 4 run on day 35."""
    s = scenario().first_run()
    s.run(30, stage=2).run(32, stage=3)
    return s.run(35, stage=4, **scores)


@pytest.mark.parametrize(
    ("scores", "next_stage", "next_day"),
    [
        ({"during": 3}, 5, 37),  # green: advance one stage, two days later
        ({"during": 4}, 4, 37),  # amber: repeat
        ({"during": 5}, 4, 37),
        ({"morning": 3}, 4, 37),  # +1 next morning: amber
        ({"morning": 4}, 4, 37),  # +2: amber
        ({"during": 6}, 3, 38),  # red: one back, and three days later
        ({"morning": 5}, 3, 38),  # +3: red
    ],
)
def test_what_the_outcome_does_to_the_next_run(scenario, scores, next_stage, next_day):
    s = stage_4_then(scenario, **scores)
    assert s.planned_runs()[0] == (next_day, next_stage)
    advice = s.advice(next_day)
    assert (advice.action, advice.stage) == (RUN, next_stage)
    assert advice.pattern == STAGES[next_stage].pattern


def test_the_reason_names_the_repeat(scenario):
    advice = stage_4_then(scenario, during=4).advice(37)
    assert advice.reason.startswith("Stage 4 repeated: pain during the last run was 4/10")


def test_a_red_run_steps_back_with_two_days_without_a_run(scenario):
    s = stage_4_then(scenario, morning=5)
    assert [s.advice(n).action for n in (36, 37, 38)] == [REST, REST, RUN]
    assert s.advice(36).stage == 3
    assert "the last run was red" in s.advice(36).reason
    assert "3 above the resting pain of 2/10" in s.advice(36).reason
    assert {s.day(36), s.day(37)} <= s.plan.rest_days
    # Rest, not the optional low-impact session.
    assert s.plan.day(s.day(36)).optional == ()


def test_a_red_run_at_stage_1_stays_at_stage_1(scenario):
    s = scenario().first_run(check_pain=3)  # an amber reaction check: stage 1 again
    assert s.advice(30).stage == 1
    s.run(30, stage=1, during=7)
    assert s.runs_from(31)[0] == (33, 1)
    assert s.advice(33).stage == 1
    assert "Stage 1" in s.advice(33).reason and "the first stage" in s.advice(33).reason


def test_runs_are_never_on_consecutive_days(scenario):
    for scores in ({"during": 2}, {"during": 4}, {"during": 7}, {"morning": None}):
        s = stage_4_then(scenario, **scores)
        assert s.advice(36).action != RUN
        days = [28, 30, 32, 35, *[n for n, _ in s.runs_from(36)]]
        assert all(b - a >= 2 for a, b in itertools.pairwise(days))
        assert all(len([d for d in days if n <= d < n + 7]) <= 3 for n in range(22, 60))


# -- missed runs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "drop"),
    [(2, 0), (7, 0), (8, 1), (12, 1), (13, 2), (17, 2), (18, 3), (40, 7)],
)
def test_missed_run_drop(gap, drop):
    assert missed_run_drop(gap) == drop


@pytest.mark.parametrize(("gap", "stage"), [(7, 5), (8, 4), (12, 4), (13, 3), (17, 3), (18, 2)])
def test_a_long_gap_lowers_the_next_run(scenario, gap, stage):
    s = stage_4_then(scenario, during=2)  # stage 5 is due from day 37
    advice = s.advice(35 + gap)
    assert (advice.action, advice.stage) == (RUN, stage)
    if gap >= 8:
        assert f"{gap} days have passed since your last run" in advice.reason


def test_a_run_done_after_a_gap_keeps_the_lowered_stage(scenario):
    s = stage_4_then(scenario, during=2)
    s.run(35 + 13)  # recorded without a stage
    assert s.plan.outcomes[-1].stage == 3
    assert s.runs_from(49)[0] == (50, 4)


def test_the_drop_never_goes_below_stage_1(scenario):
    s = scenario().first_run()
    s.run(30, stage=2)
    assert s.advice(30 + 30).stage == 1
