"""Conflict copies of Dropbox, Syncthing and OneDrive are found and merged, losing nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from diary_files import stored

from recovery_diary import Diary, DiaryFileError, Session
from recovery_diary.storage import list_backups

DAY = dt.date(2024, 5, 1)
COPY_NAMES = {
    "Dropbox": "diary (Laptop's conflicted copy 2024-05-01).json",
    "Syncthing": "diary.sync-conflict-20240501-093000-ABCDEFG.json",
    "OneDrive": "diary-LAPTOP.json",
}


def ride(minutes: int, notes: str = "") -> Session:
    return Session(date=DAY, activity="cycling", duration_minutes=minutes, notes=notes)


@pytest.fixture
def diverged(diary_file: Path) -> tuple[Diary, Path]:
    """A diary and a second version of it: both share two sessions, then each adds its own."""
    diary = Diary.open(diary_file)
    diary.record(ride(20, "shared one"))
    diary.record(ride(25, "shared two"))
    diary.check_in(DAY, pain=2)
    other = diary_file.with_name("other.json")
    shutil.copyfile(diary_file, other)
    theirs = Diary.open(other)
    theirs.record(ride(40, "on the laptop"))
    theirs.check_in(DAY + dt.timedelta(days=1), pain=3)
    theirs.close()
    diary.record(ride(30, "on the desktop"))
    return diary, other


@pytest.mark.parametrize("tool", COPY_NAMES)
def test_a_conflict_copy_is_found_and_merged_keeping_both_sides_once(
    diverged: tuple[Diary, Path], tool: str
) -> None:
    diary, other = diverged
    copy = other.rename(diary.path.with_name(COPY_NAMES[tool]))
    copy_bytes, diary_bytes = copy.read_bytes(), diary.path.read_bytes()
    assert diary.conflict_copies() == [copy]

    result = diary.merge_conflict_copy(copy)

    notes = sorted(s.notes for s in Diary.open(diary.path).recorded())
    assert notes == ["on the desktop", "on the laptop", "shared one", "shared two"]
    days = sorted(c.date for c in Diary.open(diary.path).check_ins())
    assert days == [DAY, DAY + dt.timedelta(days=1)]
    assert (result.sessions, result.check_ins) == (1, 1)
    # Both versions were backed up first; the copy was set aside, not deleted.
    kept = {b.path.read_bytes() for b in list_backups(diary.path)}
    assert {copy_bytes, diary_bytes} <= kept
    assert not copy.exists()
    assert result.set_aside.read_bytes() == copy_bytes
    assert result.set_aside.parent == copy.parent
    assert diary.conflict_copies() == []


def test_the_ids_of_the_diary_stay_and_the_copy_s_new_records_get_new_ones(
    diverged: tuple[Diary, Path],
) -> None:
    diary, other = diverged
    before = stored(diary.path)["sessions"]
    diary.merge_conflict_copy(other)
    after = stored(diary.path)["sessions"]
    assert {k: after[k] for k in before} == before
    assert len(after) == len(before) + 1


def test_files_that_only_look_alike_are_not_conflict_copies(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    for name in (
        "diary.json.lock",
        "diary.json.replaced-20240501T093000",
        "notes.json",
        "diary (copy).txt",
        "diary.sync-conflict-1.json",
        "other-LAPTOP.json",
    ):
        diary_file.with_name(name).write_text("{}")
    (diary_file.parent / "diary-folder.json").mkdir()
    assert diary.conflict_copies() == []


def test_a_conflict_copy_that_is_not_a_diary_is_refused_and_nothing_changes(
    diary_file: Path,
) -> None:
    diary = Diary.open(diary_file)
    diary.record(ride(20))
    copy = diary_file.with_name(COPY_NAMES["Syncthing"])
    copy.write_text('{"sessions": ')
    before = diary_file.read_bytes()
    with pytest.raises(DiaryFileError):
        diary.merge_conflict_copy(copy)
    assert diary_file.read_bytes() == before
    assert copy.read_text() == '{"sessions": '
