"""The fast session helpers agree with the plain ones: same sessions, same refusals."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pinned_clock import TODAY

from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import (
    ACTIVITIES,
    FIELDS,
    Session,
    from_record,
    make_session,
    plainly_valid,
    to_record,
    validate,
)

_numbers = st.one_of(
    st.none(),
    st.integers(-5, 400),
    st.floats(-5, 400),
    st.sampled_from([0, 0.0, 1.5, math.nan, math.inf, True, "30", 10**30]),
)
_sessions = st.builds(
    Session,
    date=st.one_of(
        st.dates(dt.date(1790, 1, 1), dt.date(2210, 1, 1)),
        st.sampled_from([TODAY, TODAY + dt.timedelta(days=1), dt.datetime(2024, 1, 2), None]),
    ),
    activity=st.sampled_from([*ACTIVITIES, "skipping", ""]),
    id=st.one_of(st.none(), st.integers(-1, 10**19), st.just(True)),
    status=st.sampled_from(["done", "planned", "Done", ""]),
    stage=st.one_of(st.none(), st.integers(0, 7), st.just(2.0)),
    run_minutes=_numbers,
    walk_minutes=_numbers,
    repeats=st.one_of(st.none(), st.integers(0, 101), st.just(4.0)),
    duration_minutes=_numbers,
    pain_before=st.one_of(st.none(), st.integers(-1, 11), st.just(2.0)),
    pain_during=st.one_of(st.none(), st.integers(-1, 11), st.just(False)),
    pain_after=st.one_of(st.none(), st.integers(0, 10)),
    pain_next_morning=st.one_of(st.none(), st.integers(0, 10)),
    notes=st.one_of(st.text(max_size=5), st.just("x" * 10_001), st.none()),
)


@settings(max_examples=3000, deadline=None)
@given(_sessions)
def test_a_plainly_valid_session_is_one_validate_keeps_as_it_is(session: Session) -> None:
    if plainly_valid(session, TODAY):
        assert validate(session, TODAY) is session


@pytest.mark.parametrize(
    "session",
    [
        Session(TODAY, "cycling", duration_minutes=30, pain_before=2, notes="fine"),
        Session(TODAY, "walking", id=7, status="planned", duration_minutes=12.5),
        Session(TODAY, "run_walk", stage=3, run_minutes=8, walk_minutes=2, duration_minutes=10),
        Session(TODAY, "run_walk", run_minutes=1.5, walk_minutes=0, duration_minutes=1.5),
    ],
)
def test_the_usual_sessions_are_told_plainly_valid(session: Session) -> None:
    assert plainly_valid(session, TODAY)


@pytest.mark.parametrize(
    "session",
    [
        Session(TODAY + dt.timedelta(days=1), "cycling", duration_minutes=30),
        Session(TODAY, "cycling", duration_minutes=0),
        Session(TODAY, "cycling", duration_minutes=30, pain_after=11),
        Session(TODAY, "run_walk", run_minutes=8, walk_minutes=2),  # validate adds the duration
        Session(TODAY, "run_walk", run_minutes=8, duration_minutes=8),  # and the walk
    ],
)
def test_what_validate_refuses_or_changes_is_not_plainly_valid(session: Session) -> None:
    assert not plainly_valid(session, TODAY)
    with contextlib.suppress(InvalidSession):
        assert validate(session, TODAY) != session


@given(_sessions)
def test_make_session_builds_what_session_builds(session: Session) -> None:
    fields = {f.name: getattr(session, f.name) for f in dataclasses.fields(Session)}

    made = make_session(dict(fields))

    assert made == session and hash(made) == hash(session) and repr(made) == repr(session)
    assert made.replace(notes="changed") == session.replace(notes="changed")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.notes = "no"  # type: ignore[misc]


def test_make_session_fills_defaults_and_refuses_what_session_refuses() -> None:
    assert make_session({"date": TODAY, "activity": "cycling"}) == Session(TODAY, "cycling")
    with pytest.raises(TypeError):
        make_session({"activity": "cycling"})
    with pytest.raises(TypeError):
        make_session({"date": TODAY, "activity": "cycling", "mood": "good"})


def test_the_record_has_every_field_but_the_id_in_order_and_whole_minutes_as_int() -> None:
    session = Session(TODAY, "run_walk", run_minutes=8.0, walk_minutes=1.5, duration_minutes=9.5)

    record = to_record(session)

    assert list(record) == list(FIELDS[1:])
    assert record["date"] == TODAY.isoformat()
    assert type(record["run_minutes"]) is int and record["walk_minutes"] == 1.5


def test_sessions_read_from_records_share_one_copy_of_each_word() -> None:
    """A long diary holds one "cycling" and one "done", not one of each per session."""
    raw = b'{"date":"2026-11-02","activity":"cycling","status":"done","notes":"ok"}'
    first, second = (from_record(orjson.loads(raw), i) for i in (1, 2))
    assert first == dataclasses.replace(second, id=1)
    assert first.activity is second.activity
    assert first.status is second.status
    odd = from_record({"date": "2026-11-02", "activity": ["not", "a", "word"]})
    assert odd.activity == ["not", "a", "word"]  # kept as it was, for the check to name
