"""The planned sessions as a calendar file, read back the way a calendar app reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from recovery_diary import Diary, Session
from recovery_diary.exports import describe
from recovery_diary.exports.ics import PRODID, write_calendar


def _events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["version"]) == "2.0"
    return list(calendar.walk("VEVENT"))


def _plan(diary: Diary, today: dt.date) -> None:
    for days, activity in ((2, "elliptical"), (4, "cycling"), (6, "elliptical")):
        diary.record(
            Session(
                date=today + dt.timedelta(days=days),
                activity=activity,
                status="planned",
                duration_minutes=25,
            )
        )
    diary.record(
        Session(
            date=today + dt.timedelta(days=7),
            activity="run_walk",
            status="planned",
            stage=1,
            run_minutes=5,
            walk_minutes=5,
            repeats=5,
        )
    )


def test_one_all_day_event_per_planned_session(diary: Diary, tmp_path: Path, today: dt.date):
    _plan(diary, today)
    diary.record(
        Session(date=today - dt.timedelta(days=1), activity="cycling", duration_minutes=30)
    )
    path = tmp_path / "plan.ics"

    assert diary.export_calendar(path) == 4

    events = _events(path)
    assert len(events) == 4
    first = events[0]
    assert first.decoded("dtstart") == today + dt.timedelta(days=2)
    assert first.decoded("dtend") == today + dt.timedelta(days=3)
    assert not isinstance(first.decoded("dtstart"), dt.datetime)  # all-day
    assert str(first["summary"]) == "Elliptical 25 min"
    run = events[-1]
    assert str(run["summary"]) == "Run/walk stage 1: 5 × (1 min run + 1 min walk)"
    assert "pain" in str(run["description"])
    assert str(run["uid"]) == f"{today + dt.timedelta(days=7):%Y%m%d}-run-walk@recovery-diary"


def test_uids_stay_the_same_across_exports(diary: Diary, tmp_path: Path, today: dt.date):
    _plan(diary, today)
    first_path, second_path = tmp_path / "one.ics", tmp_path / "two.ics"
    diary.export_calendar(first_path)
    # Changes that don't touch the plan's days, and a swapped activity on a planned day.
    diary.record(Session(date=today, activity="walking", duration_minutes=30))
    swapped = next(s for s in diary.recorded() if s.activity == "cycling")
    diary.update(swapped.replace(activity="elliptical", duration_minutes=30))
    diary.export_calendar(second_path)

    first = [str(e["uid"]) for e in _events(first_path)]
    second = [str(e["uid"]) for e in _events(second_path)]
    assert first == second
    assert len(set(first)) == 4
    assert all(uid.endswith("@recovery-diary") for uid in first)


def test_same_kind_twice_on_a_day_gets_distinct_uids_and_stamp_is_given(tmp_path: Path):
    day = dt.date(2030, 1, 7)
    planned = [
        Session(date=day, activity="cycling", status="planned", duration_minutes=20),
        Session(date=day, activity="swimming", status="planned", duration_minutes=20.5),
        Session(
            date=day,
            activity="run_walk",
            status="planned",
            stage=6,
            run_minutes=10,
            walk_minutes=0,
        ),
    ]
    stamp = dt.datetime(2029, 12, 31, 9, 30, 15, 999, tzinfo=dt.UTC)

    assert write_calendar(planned, tmp_path / "p.ics", stamp=stamp) == 3

    events = _events(tmp_path / "p.ics")
    assert [str(e["uid"]) for e in events] == [
        "20300107-run-walk@recovery-diary",
        "20300107-low-impact@recovery-diary",
        "20300107-low-impact-2@recovery-diary",
    ]
    assert [str(e["summary"]) for e in events][1:] == ["Cycling 20 min", "Swimming 20½ min"]
    assert {e.decoded("dtstamp") for e in events} == {stamp.replace(microsecond=0)}
    assert b"DTSTAMP:20291231T093015Z" in (tmp_path / "p.ics").read_bytes()


def test_no_plan_gives_an_empty_calendar(diary: Diary, tmp_path: Path):
    assert diary.export_calendar(tmp_path / "none.ics") == 0
    assert _events(tmp_path / "none.ics") == []


@pytest.mark.parametrize(
    ("stage", "run", "walk", "summary"),
    [
        (3, 7, 3, "Run/walk stage 3: 3 × (2 min run + 1 min walk) + 1 min run"),
        (5, 9, 1, "Run/walk stage 5: 4½ min run + 1 min walk + 4½ min run"),
        (6, 10, 0, "Run/walk stage 6: 10 min continuous run"),
        (None, 12, 0, "Run/walk: 12 min continuous run"),
        (2, 5, 2.5, "Run/walk stage 2: 5 min running and 2½ min walking in all"),
    ],
)
def test_event_titles_say_the_session_in_plain_words(stage, run, walk, summary):
    session = Session(
        date=dt.date(2030, 1, 7),
        activity="run_walk",
        status="planned",
        stage=stage,
        run_minutes=run,
        walk_minutes=walk,
    )
    assert describe(session) == summary
