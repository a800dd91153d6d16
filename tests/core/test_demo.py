"""The demo diary: a programme followed by the rules, then years of regular use."""

from __future__ import annotations

import datetime as dt

import pytest
from pinned_clock import TODAY as PINNED

from recovery_diary import Diary
from recovery_diary.core.demo import generate_demo, years_before
from recovery_diary.core.programme import COMPLETE, build_timeline
from recovery_diary.demo import write_demo

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def three_years():
    return generate_demo(3, TODAY)


def test_it_starts_the_given_years_before_today(three_years):
    assert three_years.settings.start == dt.date(2023, 11, 26)
    assert three_years.sessions[0].date == three_years.settings.start
    assert max(s.date for s in three_years.sessions) <= TODAY
    assert max(c.date for c in three_years.check_ins) <= TODAY


@pytest.mark.parametrize("year", [0, 1, 2])
def test_every_year_has_at_least_100_records(three_years, year):
    begin, end = years_before(TODAY, year + 1), years_before(TODAY, year)
    sessions = [s for s in three_years.sessions if begin <= s.date < end]
    check_ins = [c for c in three_years.check_ins if begin <= c.date < end]
    assert len(sessions) >= 100
    assert len(check_ins) >= 40


def test_the_programme_follows_the_rules_to_completion(three_years):
    plan = build_timeline(
        three_years.settings, three_years.sessions, three_years.check_ins, today=TODAY
    )
    assert plan.completed_on is not None
    assert [s for s in plan.planned if not s.notes.startswith("Optional")] == []  # none missed
    assert plan.advice(TODAY).action == COMPLETE
    outcomes = [o.outcome for o in plan.outcomes if o.stage is not None]
    assert outcomes.count("amber") == 1
    assert outcomes.count("red") == 1
    assert outcomes[-2:] == ["green", "green"]
    stages = [o.stage for o in plan.outcomes if o.stage is not None]
    assert stages[0] == 1 and stages[-2:] == [6, 6]
    # The red run stepped back one stage, and the next run came three days later.
    red = next(o for o in plan.outcomes if o.outcome == "red")
    after = next(o for o in plan.outcomes if o.date > red.date and o.stage is not None)
    assert (after.stage, (after.date - red.date).days) == (red.stage - 1, 3)


def test_after_the_programme_come_continuous_runs_and_low_impact_sessions(three_years):
    plan = build_timeline(
        three_years.settings, three_years.sessions, three_years.check_ins, today=TODAY
    )
    later = [s for s in three_years.sessions if s.date > plan.completed_on]
    runs = [s for s in later if s.is_run]
    assert all(s.stage is None and s.walk_minutes == 0 for s in runs)
    assert all(20 <= s.run_minutes <= 45 for s in runs)
    assert max(s.run_minutes for s in runs) == 45
    assert {s.activity for s in later} == {"run_walk", "cycling", "elliptical", "swimming"}
    # Three or four sessions a week on average.
    weeks = (TODAY - plan.completed_on).days / 7
    assert 3 <= len(later) / weeks <= 4
    # The odd pain blip.
    assert any(c.pain >= 4 for c in three_years.check_ins if c.date > plan.completed_on)


def test_notes_read_like_a_runner_wrote_them(three_years):
    notes = {s.notes for s in three_years.sessions} | {c.notes for c in three_years.check_ins}
    assert "5 km in the park — felt good" in notes
    assert any("," in n for n in notes)
    assert any('"' in n for n in notes)
    assert any(not n.isascii() for n in notes)
    assert "" in notes


def test_the_same_seed_gives_the_same_diary():
    assert generate_demo(2, TODAY, seed=7) == generate_demo(2, TODAY, seed=7)
    assert generate_demo(2, TODAY, seed=7) != generate_demo(2, TODAY, seed=8)


def test_a_century_and_a_half_keeps_at_least_100_records_a_year():
    demo = generate_demo(150, TODAY)
    counts: dict[int, int] = {}
    for s in demo.sessions:
        counts[(TODAY - s.date).days // 366] = counts.get((TODAY - s.date).days // 366, 0) + 1
    assert len(counts) >= 149
    assert min(counts.values()) >= 100


def test_a_demo_covers_at_least_a_year():
    with pytest.raises(ValueError, match="at least one year"):
        generate_demo(0, TODAY)


# -- the demo file --------------------------------------------------------------------------


def test_write_demo_writes_a_diary_that_opens(tmp_path):
    path = tmp_path / "demo.json"
    today = PINNED
    diary = write_demo(path, years=1)
    expected = generate_demo(1, today)
    assert len(diary.recorded()) == len(expected.sessions)
    diary.close()
    again = Diary.open(path)
    assert again.settings == expected.settings
    assert [s.replace(id=None) for s in again.recorded()] == expected.sessions
    assert [c.replace(id=None) for c in again.check_ins()] == expected.check_ins
    assert again.advice(today).action == COMPLETE
    assert again.sessions(today - dt.timedelta(days=60)) == again.recorded(
        today - dt.timedelta(days=60)
    )
    again.close()


def test_write_demo_never_overwrites(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text('{"meta": {"1": {"schema_version": 1}}}', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(FileExistsError) as refused:
        write_demo(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == before
