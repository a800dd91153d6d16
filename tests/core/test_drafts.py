"""Records built as drafts are the very records the constructor builds, frozen as ever."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from recovery_diary.core.checkin import CheckIn, check_in_from_record, check_in_to_record
from recovery_diary.core.drafts import draft_of
from recovery_diary.core.session import Session, from_record, to_record

DAY = dt.date(2026, 11, 2)


def test_a_session_read_from_its_record_is_a_frozen_session_equal_to_the_original() -> None:
    session = Session(
        DAY, "run_walk", id=7, stage=2, run_minutes=4, walk_minutes=2, repeats=2,
        duration_minutes=6, pain_before=1, pain_during=2, pain_after=1, pain_next_morning=0,
        notes="steady",
    )  # fmt: skip

    read = from_record(to_record(session), 7)

    assert type(read) is Session
    assert read == session and hash(read) == hash(session) and repr(read) == repr(session)
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.notes = "changed"  # type: ignore[misc]
    assert read.replace(pain_after=3).pain_after == 3 and read.pain_after == 1


def test_a_check_in_read_from_its_record_is_a_frozen_check_in_equal_to_the_original() -> None:
    check_in = CheckIn(DAY, pain=3, red_flags=("night_pain",), id=4, notes="stiff")

    read = check_in_from_record(check_in_to_record(check_in), 4)

    assert type(read) is CheckIn
    assert read == check_in and hash(read) == hash(check_in) and read.level == "urgent"
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.pain = 0  # type: ignore[misc]


def test_a_missing_field_takes_its_default_as_the_constructor_would() -> None:
    assert from_record({"date": "2026-11-02", "activity": "cycling"}) == Session(DAY, "cycling")
    assert check_in_from_record({"date": "2026-11-02", "pain": 2}) == CheckIn(DAY, pain=2)


@dataclasses.dataclass(slots=True)
class _Mutable:
    day: dt.date


@dataclasses.dataclass(frozen=True)
class _NoSlots:
    day: dt.date


@dataclasses.dataclass(frozen=True, slots=True)
class _Derived:
    day: dt.date
    days: list[dt.date] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    day: dt.date

    def __post_init__(self) -> None:
        raise ValueError


@pytest.mark.parametrize("cls", [_Mutable, _NoSlots, _Derived, _Checked, dt.date])
def test_a_class_a_draft_cannot_build_faithfully_is_refused(cls: type) -> None:
    with pytest.raises(TypeError, match="frozen dataclass with slots"):
        draft_of(cls)
