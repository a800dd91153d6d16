"""The --demo diary: a programme under way, today's run still to tick off."""

from __future__ import annotations

import datetime as dt

import pytest

from recovery_diary.demo import write_demo_in_progress


def test_the_demo_shows_a_run_walk_phase_under_way(tmp_path):
    today = dt.date(2026, 11, 26)
    diary = write_demo_in_progress(tmp_path / "demo.json", today=today)
    assert 40 <= (today - diary.settings.start).days <= 46
    assert all(s.date < today for s in diary.recorded())
    stages = [s.stage for s in diary.recorded() if s.is_run]
    assert stages[0] == 1 and max(stages) >= 4
    advice = diary.advice(today)
    assert advice.action == "run" and advice.stage is not None
    assert [s.status for s in diary.sessions(today, today)] == ["planned"]


def test_the_demo_never_overwrites(tmp_path):
    target = tmp_path / "demo.json"
    target.write_text("mine")
    with pytest.raises(FileExistsError):
        write_demo_in_progress(target)
    assert target.read_text() == "mine"
