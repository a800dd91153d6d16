"""Any number of writers on one diary lose nothing that ``record`` returned."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from diary_files import stored

from recovery_diary import Diary, DiaryChangedOnDisk, DiaryLockedError, Session

WORKER = Path(__file__).with_name("writer_worker.py")
EACH = 150


@pytest.mark.slow
def test_two_processes_writing_150_sessions_each_lose_and_duplicate_nothing(
    diary_file: Path,
) -> None:
    Diary.open(diary_file).close()
    go = diary_file.with_name("go")
    writers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(diary_file), name, str(EACH), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    go.touch()
    returned: list[tuple[str, str]] = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        returned += [tuple(line.split(" ", 1)) for line in out.splitlines()]
    assert len(returned) == 2 * EACH
    in_file = stored(diary_file)["sessions"]
    notes = Counter(record["notes"] for record in in_file.values())
    lost = [note for _, note in returned if notes[note] == 0]
    duplicated = [note for note, times in notes.items() if times > 1]
    assert (len(lost), len(duplicated)) == (0, 0)
    assert len(in_file) == 2 * EACH
    # Each session is in the file under the id that record() returned for it.
    assert all(in_file[i]["notes"] == note for i, note in returned)


def test_a_symlink_and_a_dotdot_path_meet_the_same_write_lock(diary_file: Path) -> None:
    from recovery_diary.storage.place import write_lock

    link = diary_file.parent.parent / "link.json"
    link.symlink_to(diary_file)
    dotted = diary_file.parent / ".." / diary_file.parent.name / diary_file.name
    Diary.open(diary_file).close()
    lock_file = diary_file.with_name(f".{diary_file.name}.write-lock")
    for way in (link, dotted):
        diary = Diary.open(way)
        diary.record(Session(date=dt.date(2024, 5, 1), activity="walking", duration_minutes=10))
    assert lock_file.exists()
    assert not link.with_name(f".{link.name}.write-lock").exists()
    assert write_lock(Path(os.path.realpath(link))).lock_file == str(lock_file)


def test_a_sync_client_replacing_the_file_during_a_save_is_never_overwritten(
    filled_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outside-change check runs after our copy is on disk, right before the rename."""
    from recovery_diary import fileio as atomic

    path = filled_diary.path
    theirs = path.read_bytes().replace(b'"notes":""', b'"notes":"from the laptop"', 1)
    real_fsync = atomic.full_fsync

    def sync_client_writes_meanwhile(fd: int) -> None:
        real_fsync(fd)
        if path.read_bytes() != theirs:
            other = path.with_name("synced.tmp")
            other.write_bytes(theirs)
            os.replace(other, path)

    monkeypatch.setattr(atomic, "full_fsync", sync_client_writes_meanwhile)
    with pytest.raises(DiaryChangedOnDisk):
        filled_diary.record(
            Session(date=dt.date(2024, 5, 2), activity="walking", duration_minutes=15)
        )
    monkeypatch.undo()
    assert path.read_bytes() == theirs
    filled_diary.reload()
    stored_session = filled_diary.record(
        Session(date=dt.date(2024, 5, 2), activity="walking", duration_minutes=15)
    )
    assert stored(path)["sessions"][str(stored_session.id)]["duration_minutes"] == 15
    assert b"from the laptop" in path.read_bytes()


def test_a_writer_that_keeps_the_lock_too_long_is_reported_and_nothing_is_written(
    filled_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recovery_diary.storage import place

    lock_file = place.write_lock_path(Path(os.path.realpath(filled_diary.path)))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(60)",
            str(lock_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(place, "LOCK_WAIT_SECONDS", 0.3)
        before = filled_diary.path.read_bytes()
        with pytest.raises(DiaryLockedError, match="being saved by another program"):
            filled_diary.record(
                Session(date=dt.date(2024, 5, 2), activity="walking", duration_minutes=15)
            )
        assert filled_diary.path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    filled_diary.record(Session(date=dt.date(2024, 5, 2), activity="walking", duration_minutes=15))
    assert len(stored(filled_diary.path)["sessions"]) == 3
