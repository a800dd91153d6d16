"""A paused Phase 2 day still says which stage the next run will have (DESIGN §3)."""

from __future__ import annotations

import datetime as dt

from pinned_clock import TODAY

from recovery_diary import Diary

DAY = dt.timedelta(days=1)


def test_a_paused_day_in_phase_2_keeps_the_next_stage(tmp_path):
    today = TODAY
    start = today - 33 * DAY
    diary = Diary.open(tmp_path / "d.json")
    diary.start_programme(start)
    for plan in [s for s in diary.sessions(start, start + 27 * DAY) if s.status == "planned"]:
        diary.record(plan.replace(status="done", pain_before=1, pain_during=2, pain_next_morning=1))
    first = start + 28 * DAY
    [run] = [s for s in diary.sessions(first, first) if s.is_run]
    diary.record(run.replace(status="done", pain_before=1, pain_during=2, pain_next_morning=1))
    diary.check_in(first + 3 * DAY, 2, ["night_pain"])
    advice = diary.advice(first + 3 * DAY)
    assert (advice.action, advice.urgency) == ("paused", "urgent")
    # The flag is reported with the reaction check, so that check is red: stage 1 again.
    assert advice.stage == 1
    assert diary.advice(start + 3 * DAY).stage is None  # Phase 1 has no stage
