"""The progress chart's points, worked out without Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from pinned_clock import TODAY

from recovery_diary import CheckIn, Diary, Session
from recovery_diary.core.chart_series import (
    ChartInputs,
    PhaseSpan,
    StageLabel,
    chart_series,
    stage_changes,
)
from recovery_diary.core.pain import Thresholds

D = dt.date(2024, 3, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def run(n: int, run_min: float, walk_min: float, stage: int | None = None, **pain) -> Session:
    return Session(
        date=day(n),
        activity="run_walk",
        run_minutes=run_min,
        walk_minutes=walk_min,
        stage=stage,
        **pain,
    )


def cycle(n: int, **pain) -> Session:
    return Session(date=day(n), activity="cycling", duration_minutes=30, **pain)


@pytest.fixture
def diary(tmp_path):
    d = Diary.open(tmp_path / "diary.json")
    yield d
    d.close()


@pytest.mark.parametrize(
    ("run_min", "walk_min", "share"),
    [(5, 5, 50.0), (6, 4, 60.0), (7, 3, 70.0), (8, 2, 80.0), (9, 1, 90.0), (10, 0, 100.0)],
)
def test_running_share_follows_the_stage_table(run_min, walk_min, share):
    series = chart_series(ChartInputs([run(0, run_min, walk_min)]), day(0), day(6))
    assert series.running_share.values == (share,)
    assert series.running_share.dates == (day(0),)


def test_low_impact_sessions_have_pain_but_no_running_share():
    series = chart_series(ChartInputs([cycle(1, pain_during=2)]), day(0), day(6))
    assert len(series.running_share) == 0
    assert series.pain["during"].values == (2.0,)


def test_each_pain_score_goes_to_its_own_line_next_morning_on_the_next_day():
    session = run(2, 5, 5, pain_before=1, pain_during=3, pain_after=2, pain_next_morning=0)
    series = chart_series(ChartInputs([session]), day(0), day(6))
    assert series.pain["before"].values == (1.0,)
    assert series.pain["during"].values == (3.0,)
    assert series.pain["after"].values == (2.0,)
    assert series.pain["next_morning"].dates == (day(3),)
    assert series.pain["during"].dates == (day(2),)


def test_scores_not_given_leave_no_point():
    series = chart_series(ChartInputs([run(2, 5, 5, pain_during=4)]), day(0), day(6))
    assert len(series.pain["before"]) == 0
    assert len(series.pain["next_morning"]) == 0


def test_only_records_inside_the_window_count():
    sessions = [run(n, 5, 5, pain_during=1) for n in (0, 10, 20)]
    series = chart_series(ChartInputs(sessions), day(5), day(15))
    assert series.running_share.dates == (day(10),)
    assert series.pain["during"].dates == (day(10),)


def test_check_ins_give_rest_day_pain_and_red_flags():
    check_ins = [
        CheckIn(day(1), pain=2),
        CheckIn(day(3), pain=None, red_flags=("fever",)),
        CheckIn(day(4), pain=6, red_flags=("night_pain",)),
    ]
    series = chart_series(ChartInputs(check_ins=check_ins), day(0), day(6))
    assert series.check_in_pain.dates == (day(1), day(4))
    assert series.check_in_pain.values == (2.0, 6.0)
    assert series.red_flags == (day(3), day(4))


def test_stage_labels_sit_on_runs_with_a_stage():
    sessions = [run(0, 5, 5, stage=1), run(2, 6, 4, stage=2), run(4, 10, 0)]
    series = chart_series(ChartInputs(sessions), day(0), day(6))
    assert [label.text for label in series.stage_labels] == ["S1", "S2"]
    assert series.stage_labels[1] == StageLabel(day(2), 60.0, 2)


def test_stage_changes_keep_the_first_run_of_each_stage():
    labels = [StageLabel(day(n), 50.0, s) for n, s in enumerate([1, 1, 2, 2, 2, 3, 2])]
    assert [(lb.date, lb.stage) for lb in stage_changes(labels)] == [
        (day(0), 1),
        (day(2), 2),
        (day(5), 3),
        (day(6), 2),
    ]


def test_planned_runs_are_shown_unless_a_run_was_done_that_day():
    sessions = [
        Session(date=day(2), activity="run_walk", status="planned", stage=3),
        Session(date=day(4), activity="run_walk", status="planned", run_minutes=8, walk_minutes=2),
        Session(date=day(6), activity="run_walk", status="planned", stage=2),
        run(6, 6, 4, stage=2),
        Session(date=day(5), activity="elliptical", status="planned", duration_minutes=30),
    ]
    series = chart_series(ChartInputs(sessions), day(0), day(6))
    assert series.planned_runs.dates == (day(2), day(4))
    assert series.planned_runs.values == (70.0, 80.0)


def test_an_empty_window_is_empty():
    assert chart_series(ChartInputs(), day(0), day(6)).is_empty
    assert not chart_series(ChartInputs(check_ins=[CheckIn(day(0), 1)]), day(0), day(6)).is_empty


def test_a_window_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        chart_series(ChartInputs(), day(6), day(0))


@dataclass
class _Phase:
    name: str
    start: dt.date
    end: dt.date | None


def test_phases_are_kept_when_they_touch_the_window():
    phases = [
        _Phase("Phase 1", day(-30), day(-1)),
        _Phase("Phase 2", day(0), day(20)),
        _Phase("Build-up", day(21), None),
    ]
    series = chart_series(ChartInputs(phases=phases), day(10), day(30))
    assert series.phases == (
        PhaseSpan("Phase 2", day(0), day(20)),
        PhaseSpan("Build-up", day(21), None),
    )
    assert [p.name for p in series.phase_starts] == ["Build-up"]


def test_a_diary_gives_its_window_records_thresholds_and_phases(diary):
    diary.start_programme(day(0), safe_max=2, acceptable_max=6)
    diary.start_running(day(28))
    for session in (cycle(0, pain_during=1), run(28, 5, 5, stage=1, pain_during=3), run(60, 9, 1)):
        diary.record(session)
    diary.check_in(day(29), pain=2)
    series = chart_series(diary, day(20), day(40))
    assert series.thresholds == Thresholds(safe_max=2, acceptable_max=6)
    assert series.running_share.dates == (day(28),)
    assert series.check_in_pain.dates == (day(29),)
    assert [p.start for p in series.phase_starts] == [day(28)]
    assert series.phases[0].end == day(27)


class _DiaryWithPhases:
    """A diary whose engine names its phases (``plan.phases``)."""

    def __init__(self, phases):
        self.plan = type("Plan", (), {"phases": phases})()
        self.settings = None

    def recorded(self, start=None, end=None):
        return []

    def sessions(self, start=None, end=None):
        return []

    def check_ins(self, start=None, end=None):
        return []


def test_engine_phases_are_used_when_the_plan_names_them():
    diary = _DiaryWithPhases([_Phase("Low-impact base", day(0), day(34))])
    series = chart_series(diary, day(30), day(40))
    assert [(p.name, p.end) for p in series.phases] == [("Low-impact base", day(34))]
    assert series.phase_starts == ()


def test_without_a_programme_the_default_thresholds_apply(diary):
    series = chart_series(diary, day(0), day(6))
    assert series.thresholds == Thresholds()
    assert series.phases == ()
    assert series.is_empty


def test_planned_sessions_stored_in_the_diary_show_as_planned_runs(diary):
    diary.record(
        Session(
            date=day(3),
            activity="run_walk",
            status="planned",
            stage=4,
            run_minutes=8,
            walk_minutes=2,
        )
    )
    series = chart_series(diary, day(0), day(6))
    assert series.planned_runs.values == (80.0,)
    assert len(series.running_share) == 0


def test_the_programmes_planned_runs_follow_its_pace(diary):
    start = TODAY + dt.timedelta(days=1)  # all to come: the plan assumes each run goes green
    diary.start_programme(start)
    first = start + dt.timedelta(days=28)
    series = chart_series(diary, first, first + dt.timedelta(days=14))
    assert [(d - first).days for d in series.planned_runs.dates] == [0, 2, 4, 7, 9, 11, 14]
    assert series.planned_runs.values == (50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 100.0)
    # The optional low-impact sessions between runs are planned, but are not runs.
    planned = [s for s in diary.sessions(first, first + dt.timedelta(days=14)) if not s.is_done]
    assert {s.activity for s in planned if not s.is_run} <= {"elliptical", "cycling"}
    assert len(series.running_share) == 0
