"""A write that fails (disk full, read-only, no permission) changes nothing, anywhere."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from diary_files import fingerprint, stored, temp_files
from pinned_clock import TODAY

from recovery_diary import Diary, Session
from recovery_diary.core.errors import DiaryWriteError
from recovery_diary.storage import DiaryStore

DAY = TODAY - dt.timedelta(days=5)

# (call in the writer that fails, errno, words the runner reads)
FAULTS = [
    ("open", errno.EACCES, "permission was denied"),
    ("open", errno.EROFS, "read-only"),
    ("write", errno.ENOSPC, "the disk is full"),
    ("write", errno.EDQUOT, "quota"),
    ("fsync", errno.EIO, "the disk reported an error"),
    ("replace", errno.EACCES, "permission was denied"),
    ("replace", errno.EROFS, "read-only"),
    ("replace", errno.EXDEV, "could not be saved (Invalid cross-device link)"),
]


def new_session(notes: str = "new") -> Session:
    return Session(date=DAY, activity="elliptical", duration_minutes=35, notes=notes)


@pytest.mark.parametrize(("call", "code", "words"), FAULTS, ids=[f"{c}-{e}" for c, e, _ in FAULTS])
def test_a_failed_record_changes_nothing_and_a_retry_gets_a_fresh_id(
    filled_diary: Diary, fault, call: str, code: int, words: str
) -> None:
    path = filled_diary.path
    before_file = fingerprint(path)
    before = filled_diary.recorded()
    fault(call, OSError(code, os.strerror(code)))
    with pytest.raises(DiaryWriteError) as caught:
        filled_diary.record(new_session("lost to the fault"))
    error = caught.value
    assert isinstance(error, OSError) and error.errno == code
    assert words in str(error)
    assert "Nothing in the file was changed." in str(error)
    assert error.filename == str(path)
    assert fingerprint(path) == before_file
    assert filled_diary.recorded() == before, "the session that failed shows as saved"
    assert temp_files(path.parent) == []

    saved = filled_diary.record(new_session("after the fault cleared"))
    assert saved.id not in {s.id for s in before}
    on_disk = {s.id: s.notes for s in Diary.open(path).recorded()}
    assert on_disk == {**{s.id: s.notes for s in before}, saved.id: "after the fault cleared"}


def test_a_failed_update_keeps_the_old_session_in_memory_and_on_disk(
    filled_diary: Diary, fault
) -> None:
    path = filled_diary.path
    old = filled_diary.get(1)
    before_file = fingerprint(path)
    fault("replace", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DiaryWriteError):
        filled_diary.update(old.replace(notes="edited", pain_during=3))
    assert fingerprint(path) == before_file
    assert filled_diary.get(1) == old
    filled_diary.update(old.replace(notes="retried"))
    assert stored(path)["sessions"]["1"]["notes"] == "retried"
    assert stored(path)["sessions"]["1"]["pain_during"] == old.pain_during


def test_a_failed_delete_keeps_the_session(filled_diary: Diary, fault) -> None:
    path = filled_diary.path
    before_file = fingerprint(path)
    fault("write", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DiaryWriteError):
        filled_diary.delete(1)
    assert fingerprint(path) == before_file
    assert filled_diary.get(1).id == 1
    filled_diary.delete(1)
    assert "1" not in stored(path)["sessions"]


def test_a_failed_check_in_and_programme_change_nothing(filled_diary: Diary, fault) -> None:
    path = filled_diary.path
    before_file = fingerprint(path)
    check_ins = filled_diary.check_ins()
    faulty = fault("replace", OSError(errno.EROFS, "Read-only file system"), times=2)
    with pytest.raises(DiaryWriteError):
        filled_diary.check_in(DAY, pain=3, red_flags=("fever",))
    with pytest.raises(DiaryWriteError):
        filled_diary.start_programme(DAY)
    assert faulty.failed == 2
    assert fingerprint(path) == before_file
    assert filled_diary.check_ins() == check_ins
    assert filled_diary.settings is None
    assert filled_diary.advice(DAY).action != "paused"


def test_a_new_diary_in_a_read_only_place_says_so(diary_file: Path, fault) -> None:
    fault("open", OSError(errno.EROFS, "Read-only file system"))
    with pytest.raises(DiaryWriteError, match="read-only"):
        Diary.open(diary_file)
    assert not diary_file.exists()


def test_a_transaction_writes_all_or_nothing(filled_diary: Diary, fault) -> None:
    path = filled_diary.path
    before_file = fingerprint(path)
    store = DiaryStore.open(path)
    fault("replace", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DiaryWriteError), store.transaction():
        store.insert("sessions", {**stored(path)["sessions"]["1"], "notes": "a"})
        store.insert("check_ins", {"date": DAY.isoformat(), "pain": 2, "red_flags": []})
        store.remove("sessions", 2)
    assert fingerprint(path) == before_file
    assert sorted(store.all("sessions")) == [1, 2] and len(store.all("check_ins")) == 1

    with pytest.raises(RuntimeError), store.transaction():
        store.insert("sessions", {**stored(path)["sessions"]["1"], "notes": "b"})
        raise RuntimeError("the import found a bad row half-way")
    assert fingerprint(path) == before_file
    assert sorted(store.all("sessions")) == [1, 2]

    with store.transaction():
        store.insert("sessions", {**stored(path)["sessions"]["1"], "notes": "c"})
        store.remove("sessions", 2)
    assert store.write_count == 1
    # Ids handed out by the attempts that failed (3 and 4) are not handed out again.
    assert sorted(stored(path)["sessions"]) == ["1", "5"]
    assert stored(path)["sessions"]["5"]["notes"] == "c"


def test_writes_keep_failing_while_the_fault_lasts_and_nothing_piles_up(
    filled_diary: Diary, fault
) -> None:
    path = filled_diary.path
    before_file = fingerprint(path)
    fault("write", OSError(errno.ENOSPC, "No space left on device"), times=50)
    for attempt in range(50):
        with pytest.raises(DiaryWriteError):
            filled_diary.record(new_session(f"attempt {attempt}"))
    assert fingerprint(path) == before_file
    assert temp_files(path.parent) == []
    assert len(filled_diary.recorded()) == 2
    ids = {filled_diary.record(new_session("finally")).id}
    assert ids.isdisjoint({1, 2})


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions bind"
)
def test_a_really_read_only_folder(filled_diary: Diary) -> None:
    folder = filled_diary.path.parent
    before_file = fingerprint(filled_diary.path)
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(DiaryWriteError, match="permission was denied"):
            filled_diary.record(new_session())
    finally:
        os.chmod(folder, 0o700)
    assert fingerprint(filled_diary.path) == before_file
    filled_diary.record(new_session())
