"""Importing CSV into a diary that already holds some of it."""

from __future__ import annotations

import datetime as dt

from pinned_clock import TODAY

from recovery_diary import Diary, Session


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path):
    day = TODAY - dt.timedelta(days=3)
    source = Diary.open(tmp_path / "laptop.json")
    source.record(Session(date=day, activity="cycling", duration_minutes=30, notes='a, "b"'))
    source.record(
        Session(
            date=day,
            activity="run_walk",
            run_minutes=6,
            walk_minutes=4,
            stage=2,
            pain_before=1,
            pain_during=2,
        )
    )
    source.export_csv(tmp_path / "sessions.csv")

    target = Diary.open(tmp_path / "desktop.json")
    assert len(target.import_csv(tmp_path / "sessions.csv")) == 2
    assert target.import_csv(tmp_path / "sessions.csv") == []
    reopened = Diary.open(tmp_path / "desktop.json")
    assert [(s.activity, s.notes) for s in reopened.recorded()] == [
        ("cycling", 'a, "b"'),
        ("run_walk", ""),
    ]


def test_an_import_takes_a_backup_first(tmp_path):
    diary = Diary.open(tmp_path / "diary.json")
    diary.record(Session(date=TODAY, activity="walking", duration_minutes=20))
    other = Diary.open(tmp_path / "other.json")
    other.record(Session(date=TODAY, activity="swimming", duration_minutes=25))
    other.export_csv(tmp_path / "s.csv")
    diary.import_csv(tmp_path / "s.csv")
    [backup] = (tmp_path / "backups").glob("diary.*")
    assert "walking" in backup.read_text() and "swimming" not in backup.read_text()
