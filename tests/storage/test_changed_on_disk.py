"""A diary never writes over a version of the file someone else saved in the meantime."""

from __future__ import annotations

import datetime as dt
import json
import os
import types
from pathlib import Path

import pytest
from diary_files import fingerprint, stored
from pinned_clock import TODAY

from recovery_diary import Diary, DiaryFileError, Session
from recovery_diary.core.errors import DiaryChangedOnDisk
from recovery_diary.storage import describe_backup, json_storage, list_backups

DAY = TODAY - dt.timedelta(days=5)


def session(minutes: int = 30, notes: str = "") -> Session:
    return Session(date=DAY, activity="cycling", duration_minutes=minutes, notes=notes)


def outside_record(path: Path, notes: str) -> None:
    """Another program (here: a second Diary) adds a session to the file."""
    Diary.open(path).record(session(notes=notes))


def test_a_write_over_an_outside_change_is_refused(filled_diary: Diary) -> None:
    path = filled_diary.path
    mine_before = filled_diary.recorded()
    outside_record(path, "from the other laptop")
    outside = fingerprint(path)
    assert filled_diary.changed_on_disk()
    with pytest.raises(DiaryChangedOnDisk) as caught:
        filled_diary.record(session(notes="mine"))
    assert caught.value.path == str(path)
    assert fingerprint(path) == outside
    assert filled_diary.recorded() == mine_before
    for change in (
        lambda: filled_diary.update(mine_before[0].replace(notes="edited")),
        lambda: filled_diary.delete(mine_before[0].id),
        lambda: filled_diary.check_in(DAY, pain=4),
        lambda: filled_diary.start_programme(DAY),
    ):
        with pytest.raises(DiaryChangedOnDisk):
            change()
        assert fingerprint(path) == outside
    assert filled_diary.recorded() == mine_before


def test_reload_shows_the_outside_version_and_writing_goes_on(filled_diary: Diary) -> None:
    path = filled_diary.path
    outside_record(path, "from the other laptop")
    filled_diary.reload()
    assert not filled_diary.changed_on_disk()
    assert "from the other laptop" in [s.notes for s in filled_diary.recorded()]
    added = filled_diary.record(session(notes="mine"))
    notes = [s.notes for s in Diary.open(path).recorded()]
    assert "from the other laptop" in notes and "mine" in notes
    assert added.id == 4


def test_keep_mine_writes_mine_and_keeps_theirs_as_a_backup(filled_diary: Diary) -> None:
    path = filled_diary.path
    mine = [s.notes for s in filled_diary.recorded()]
    outside_record(path, "from the other laptop")
    theirs = path.read_bytes()
    with pytest.raises(DiaryChangedOnDisk):
        filled_diary.record(session(notes="mine"))
    filled_diary.keep_mine()
    assert [s.notes for s in Diary.open(path).recorded()] == mine
    [kept] = list_backups(path)
    assert kept.reason == "outside-change"
    assert kept.path.read_bytes() == theirs
    assert describe_backup(kept).sessions == 3
    filled_diary.record(session(notes="mine"))
    assert [s.notes for s in Diary.open(path).recorded()] == [*mine, "mine"]


def test_keep_mine_over_a_damaged_file_keeps_it_aside(filled_diary: Diary) -> None:
    path = filled_diary.path
    path.write_bytes(b'{"sessions": tru')
    with pytest.raises(DiaryFileError):
        filled_diary.reload()
    assert len(filled_diary.recorded()) == 2, "a failed reload dropped the diary in memory"
    filled_diary.keep_mine()
    [aside] = path.parent.glob("diary.json.outside-change-*")
    assert aside.read_bytes() == b'{"sessions": tru'
    assert len(Diary.open(path).recorded()) == 2


def test_a_diary_deleted_from_outside_can_be_written_back(filled_diary: Diary) -> None:
    path = filled_diary.path
    path.unlink()
    assert filled_diary.changed_on_disk()
    with pytest.raises(DiaryChangedOnDisk):
        filled_diary.record(session())
    assert not path.exists()
    with pytest.raises(DiaryFileError, match="no longer there"):
        filled_diary.reload()
    filled_diary.keep_mine()
    assert len(Diary.open(path).recorded()) == 2


def test_touching_the_file_is_not_a_change(filled_diary: Diary) -> None:
    path = filled_diary.path
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not filled_diary.changed_on_disk()
    filled_diary.record(session(notes="after a touch"))
    assert "after a touch" in [s.notes for s in Diary.open(path).recorded()]


def test_the_same_bytes_saved_again_from_outside_are_not_a_change(filled_diary: Diary) -> None:
    path = filled_diary.path
    content = path.read_bytes()
    path.unlink()
    path.write_bytes(content)  # a sync tool putting the same file back: a new inode
    assert not filled_diary.changed_on_disk()
    filled_diary.record(session())


def test_a_same_size_change_within_one_timestamp_tick_is_seen(
    filled_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with coarse timestamps (FAT: 2 s), size and time can't tell."""

    def coarse(info: os.stat_result) -> tuple[int, int, int, int]:
        return (info.st_mtime_ns // 2_000_000_000, info.st_size, info.st_ino, 0)

    monkeypatch.setattr(json_storage, "_stamp", coarse)
    path = filled_diary.path
    # "Now" as the file system tells it (the file was just written), so that the
    # test holds on any date the process's clock is set to (faketime included).
    clock = types.SimpleNamespace(time_ns=lambda: os.stat(path).st_mtime_ns)
    monkeypatch.setattr(json_storage, "time", clock)
    filled_diary.record(session(notes="aaaa"))
    info = os.stat(path)
    content = path.read_bytes()
    changed = content.replace(b'"aaaa"', b'"bbbb"')
    assert len(changed) == len(content) and changed != content
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert filled_diary.changed_on_disk()
    with pytest.raises(DiaryChangedOnDisk):
        filled_diary.record(session(notes="mine"))
    assert path.read_bytes() == changed


def test_an_old_stamp_is_trusted_without_reading(
    filled_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the file's time is well past, the stamp alone answers (no read each time)."""
    path = filled_diary.path
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    assert not filled_diary.changed_on_disk()  # reads once, then trusts the new stamp
    reads = []
    real = json_storage.read_with_stat
    monkeypatch.setattr(json_storage, "read_with_stat", lambda p: reads.append(p) or real(p))
    for _ in range(3):
        assert not filled_diary.changed_on_disk()
    assert reads == []
    os.utime(path, ns=(old + 1, old + 1))
    assert not filled_diary.changed_on_disk()
    assert reads == [path]


def test_a_write_failure_after_an_outside_change_still_leaves_theirs(
    filled_diary: Diary,
) -> None:
    path = filled_diary.path
    document = stored(path)
    document["sessions"]["1"]["notes"] = "edited in a text editor"
    path.write_text(json.dumps(document))
    theirs = fingerprint(path)
    with pytest.raises(DiaryChangedOnDisk):
        filled_diary.update(filled_diary.get(1).replace(notes="mine"))
    assert fingerprint(path) == theirs
    filled_diary.reload()
    assert filled_diary.get(1).notes == "edited in a text editor"
