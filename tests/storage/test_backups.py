"""Backups: the last ten good versions beside the diary, and putting one back."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from diary_files import fingerprint, mode
from pinned_clock import TODAY

from recovery_diary import Diary, DiaryFileError, Session
from recovery_diary.storage import (
    Backup,
    describe_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from recovery_diary.storage import backups as backups_module

DAY = TODAY - dt.timedelta(days=30)


def add_session(diary: Diary, minutes: int) -> Session:
    return diary.record(Session(date=DAY, activity="cycling", duration_minutes=minutes))


def test_a_start_backup_is_an_exact_private_copy_beside_the_diary(filled_diary: Diary) -> None:
    backup = make_backup(filled_diary.path, reason="start")
    assert backup is not None
    assert backup.path.parent == filled_diary.path.parent / "backups"
    assert backup.path.read_bytes() == filled_diary.path.read_bytes()
    assert backup.reason == "start"
    assert re.fullmatch(r"diary\.\d{8}T\d{12}\.start\.[0-9a-f]{16}\.json", backup.path.name)
    assert abs(backup.taken - dt.datetime.now()) < dt.timedelta(minutes=1)
    assert list_backups(filled_diary.path) == [backup]
    if os.name == "posix":
        assert mode(backup.path) == 0o600
        assert mode(backup.path.parent) == 0o700


def test_only_the_newest_ten_versions_are_kept(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    versions = []
    for minutes in range(1, 16):
        add_session(diary, minutes)
        versions.append(diary_file.read_bytes())
        assert make_backup(diary_file) is not None
    kept = list_backups(diary_file)
    assert len(kept) == 10
    assert [b.path.read_bytes() for b in kept] == versions[::-1][:10]
    assert [b.taken for b in kept] == sorted((b.taken for b in kept), reverse=True)


def start_on_ten_kept(diary_file: Path) -> tuple[Diary, Backup, Backup | None]:
    """Ten versions kept, then a change and a start's backup with the tidy left for later.

    Returns the open diary, the oldest kept backup and the start's backup.
    """
    diary = Diary.open(diary_file)
    for minutes in range(1, 11):
        add_session(diary, minutes)
        assert make_backup(diary_file) is not None
    oldest = list_backups(diary_file)[-1]
    add_session(diary, 45)
    return diary, oldest, diary.backup("start", tidy_now=False)


def test_a_start_backup_can_leave_the_older_ones_for_later(diary_file: Path) -> None:
    """A start writes its backup at once and deletes the ones past ten after its first frame."""
    diary, oldest, backup = start_on_ten_kept(diary_file)
    assert backup is not None and backup.path.read_bytes() == diary_file.read_bytes()
    assert len(list_backups(diary_file)) == 11 and oldest.path.exists()
    diary.tidy_backups()
    assert len(list_backups(diary_file)) == 10 and not oldest.path.exists()
    assert list_backups(diary_file)[0] == backup
    diary.tidy_backups()  # nothing is left to do: nothing more goes
    assert len(list_backups(diary_file)) == 10


def test_closing_the_diary_does_what_a_start_left_for_later(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    for minutes in range(1, 12):
        add_session(diary, minutes)
        assert diary.backup("start", tidy_now=False) is not None
    assert len(list_backups(diary_file)) == 11
    diary.close()
    assert len(list_backups(diary_file)) == 10


def test_a_backup_damaged_before_the_tidy_never_counts_as_good(diary_file: Path) -> None:
    diary, oldest, backup = start_on_ten_kept(diary_file)
    assert backup is not None
    backup.path.write_bytes(backup.path.read_bytes()[:-10])
    diary.tidy_backups()
    assert oldest.path.exists(), "a good version was deleted for a damaged one"
    assert [describe_backup(b).ok for b in list_backups(diary_file)] == [False] + [True] * 10


def test_a_start_on_an_unchanged_diary_adds_and_deletes_nothing(diary_file: Path) -> None:
    """Its copy is kept already: nothing is written, so it reads none of the others.

    (Eleven are left by a run that ended before its window was up; the next
    start that adds a copy tidies them.)
    """
    diary = Diary.open(diary_file)
    for minutes in range(1, 12):
        add_session(diary, minutes)
        assert diary.backup("start", tidy_now=False) is not None
    before = list_backups(diary_file)  # the run ends here, untidied
    assert len(before) == 11
    again = Diary.open(diary_file)
    assert again.backup("start", tidy_now=False) == before[0]
    again.tidy_backups()
    assert list_backups(diary_file) == before


def test_an_unchanged_diary_is_not_backed_up_twice(filled_diary: Diary) -> None:
    """Ten starts without a change must not push the older versions out."""
    first = make_backup(filled_diary.path)
    add_session(filled_diary, 45)
    second = make_backup(filled_diary.path)
    for _ in range(12):
        assert make_backup(filled_diary.path) == second
    assert list_backups(filled_diary.path) == [second, first]


def test_bad_files_in_the_folder_never_count_as_good_backups(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    add_session(diary, 10)
    oldest_good = make_backup(diary_file)
    assert oldest_good is not None
    folder = oldest_good.path.parent
    # Nine backups damaged after they were taken, newer than the good one.
    for minutes in range(11, 20):
        add_session(diary, minutes)
        damaged = make_backup(diary_file)
        assert damaged is not None
        damaged.path.write_bytes(damaged.path.read_bytes()[:-10])
    add_session(diary, 30)
    newest = make_backup(diary_file)
    assert newest is not None
    assert len(list_backups(diary_file)) == 11, "a good backup was deleted for bad ones"
    assert oldest_good.path.exists()
    newest.path.write_bytes(b"{}")
    assert newest_good_backup(diary_file) == oldest_good
    assert [describe_backup(b).ok for b in list_backups(diary_file)] == [False] * 10 + [True]
    assert sorted(os.listdir(folder)) == sorted(b.path.name for b in list_backups(diary_file))


def test_a_backup_changed_after_it_was_taken_but_still_good_counts(filled_diary: Diary) -> None:
    backup = make_backup(filled_diary.path)
    assert backup is not None
    document = json.loads(backup.path.read_bytes())
    backup.path.write_text(json.dumps(document, indent=2))  # re-saved by an editor
    assert newest_good_backup(filled_diary.path) == backup
    assert describe_backup(backup).ok


def test_describe_says_when_and_why_and_how_many_sessions(filled_diary: Diary) -> None:
    backup = make_backup(filled_diary.path, reason="before-import")
    assert backup is not None
    info = describe_backup(backup)
    assert (info.taken, info.reason, info.sessions, info.check_ins, info.ok) == (
        backup.taken,
        "before-import",
        2,
        1,
        True,
    )
    assert info.problem is None
    assert describe_backup(backup.path) == info


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01garbage", b'{"meta": {"1": {"schema_version": 99}}}', b"null"],
    ids=["empty", "garbage", "newer format", "null"],
)
def test_describe_a_bad_backup_without_failing(filled_diary: Diary, content: bytes) -> None:
    backup = make_backup(filled_diary.path)
    assert backup is not None
    backup.path.write_bytes(content)
    info = describe_backup(backup)
    assert (info.ok, info.sessions, info.check_ins) == (False, None, None)
    assert info.problem and info.problem.endswith(".")
    assert info.taken == backup.taken and info.reason == backup.reason


def test_describe_a_missing_backup_without_failing(filled_diary: Diary) -> None:
    backup = make_backup(filled_diary.path)
    assert backup is not None
    backup.path.unlink()
    info = describe_backup(backup)
    assert not info.ok and "can't be read" in (info.problem or "")


def test_no_backup_of_a_missing_or_empty_diary(diary_file: Path) -> None:
    assert make_backup(diary_file) is None
    diary_file.write_bytes(b"")
    assert make_backup(diary_file) is None
    assert list_backups(diary_file) == []
    assert newest_good_backup(diary_file) is None


def test_a_reason_must_be_a_plain_word(filled_diary: Diary) -> None:
    for reason in ("", "Start", "../../evil", "two words", "a.b"):
        with pytest.raises(ValueError):
            make_backup(filled_diary.path, reason=reason)
    assert list_backups(filled_diary.path) == []


def test_backups_of_two_diaries_in_one_folder_stay_apart(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "diary.json", tmp_path / "diary.old.json"
    add_session(Diary.open(mine), 10)
    add_session(Diary.open(theirs), 20)
    make_backup(mine)
    make_backup(theirs)
    assert len(list_backups(mine)) == len(list_backups(theirs)) == 1
    assert list_backups(mine)[0].path.read_bytes() == mine.read_bytes()


def test_backups_stay_in_order_when_the_clock_goes_back(
    filled_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_backup(filled_diary.path)
    assert first is not None

    class Earlier(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2001, 1, 1)

    monkeypatch.setattr(backups_module.dt, "datetime", Earlier)
    add_session(filled_diary, 50)
    second = make_backup(filled_diary.path)
    monkeypatch.undo()
    assert second is not None and second.taken > first.taken
    assert newest_good_backup(filled_diary.path) == second


# -- restoring --------------------------------------------------------------------
def test_restore_keeps_the_current_file_and_puts_the_backup_in_place(
    filled_diary: Diary,
) -> None:
    path = filled_diary.path
    backup = make_backup(path)
    assert backup is not None
    add_session(filled_diary, 60)
    current = path.read_bytes()
    kept = restore_backup(path, backup)
    assert kept is not None
    assert kept.parent == path.parent and kept.name.startswith("diary.json.replaced-20")
    assert kept.read_bytes() == current
    assert path.read_bytes() == backup.path.read_bytes()
    assert [b.reason for b in list_backups(path)][:1] == ["before-restore"]
    assert list_backups(path)[0].path.read_bytes() == current
    if os.name == "posix":
        assert mode(path) == mode(kept) == 0o600
    assert len(Diary.open(path).recorded()) == 2


def test_a_diary_open_during_a_restore_sees_it_after_reload(filled_diary: Diary) -> None:
    backup = make_backup(filled_diary.path)
    assert backup is not None
    add_session(filled_diary, 60)
    restore_backup(filled_diary.path, backup)
    assert filled_diary.changed_on_disk()
    filled_diary.reload()
    assert len(filled_diary.recorded()) == 2


def test_restore_over_a_bad_file_keeps_the_bad_file(filled_diary: Diary) -> None:
    path = filled_diary.path
    backup = make_backup(path)
    assert backup is not None
    path.write_bytes(b'{"meta": {"1": {"schema_ver')
    found = newest_good_backup(path)
    assert found == backup
    kept = restore_backup(path, found)
    assert kept is not None and kept.read_bytes() == b'{"meta": {"1": {"schema_ver'
    assert [b.reason for b in list_backups(path)] == ["start"], "the bad file became a backup"
    assert len(Diary.open(path).recorded()) == 2


def test_restore_when_the_diary_is_gone(filled_diary: Diary) -> None:
    path = filled_diary.path
    backup = make_backup(path)
    assert backup is not None
    path.unlink()
    assert restore_backup(path, backup) is None
    assert path.read_bytes() == backup.path.read_bytes()


def test_a_bad_backup_is_not_restored_and_nothing_changes(filled_diary: Diary) -> None:
    path = filled_diary.path
    backup = make_backup(path)
    assert backup is not None
    add_session(filled_diary, 60)
    backup.path.write_bytes(b"[1, 2")
    before, folder_before = fingerprint(path), sorted(os.listdir(path.parent))
    with pytest.raises(DiaryFileError) as caught:
        restore_backup(path, backup)
    assert caught.value.path == str(backup.path)
    assert "can't be restored" in caught.value.problem
    assert fingerprint(path) == before
    assert sorted(os.listdir(path.parent)) == folder_before


def test_restore_from_a_file_given_by_path(filled_diary: Diary, tmp_path: Path) -> None:
    other = tmp_path / "from-the-old-laptop.json"
    add_session(Diary.open(other), 77)
    kept = restore_backup(filled_diary.path, other)
    assert kept is not None
    assert [s.duration_minutes for s in Diary.open(filled_diary.path).recorded()] == [77]


def test_two_restores_in_one_second_keep_both_replaced_files(filled_diary: Diary) -> None:
    path = filled_diary.path
    first_backup = make_backup(path)
    add_session(filled_diary, 60)
    second_backup = make_backup(path)
    assert first_backup is not None and second_backup is not None
    kept_one = restore_backup(path, first_backup)
    kept_two = restore_backup(path, second_backup)
    assert kept_one is not None and kept_two is not None and kept_one != kept_two
    assert kept_one.exists() and kept_two.exists()


def test_backup_records_expose_their_digest(filled_diary: Diary) -> None:
    backup = make_backup(filled_diary.path)
    assert isinstance(backup, Backup)
    assert backup.digest == backups_module.digest(filled_diary.path.read_bytes())
    assert backup.digest in backup.path.name


def test_restoring_one_backup_after_another_keeps_ten_different_versions(
    diary_file: Path,
) -> None:
    """Looking for the right backup (restore, restore, restore) loses none of the ten."""
    diary = Diary.open(diary_file)
    versions = set()
    for minutes in range(1, 11):
        add_session(diary, minutes)
        versions.add(diary_file.read_bytes())
        make_backup(diary_file)
    assert len(list_backups(diary_file)) == 10
    for pick in (3, 7, 1, 5, 9, 0):
        backup = list_backups(diary_file)[pick]
        diary.restore_backup(backup)
        make_backup(diary_file)  # the next start backs up the restored version
    kept = [b.path.read_bytes() for b in list_backups(diary_file)]
    assert len(kept) == 10
    assert set(kept) == versions


def test_older_exact_copies_count_once(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    add_session(diary, 1)
    first = make_backup(diary_file)
    duplicate = first.path.with_name(first.path.name.replace(".start.", ".before-restore."))
    duplicate = duplicate.with_name(
        duplicate.name.replace(f"{first.taken:%Y%m%dT%H%M%S%f}", "19990101T000000000000")
    )
    duplicate.write_bytes(first.path.read_bytes())
    add_session(diary, 2)
    make_backup(diary_file)
    assert len({b.path.read_bytes() for b in list_backups(diary_file)}) == len(
        list_backups(diary_file)
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_backups_folder_is_skipped_never_opened(filled_diary: Diary) -> None:
    good = make_backup(filled_diary.path)
    fifo = good.path.with_name("diary.20990101T000000000000.start.0123456789abcdef.json")
    os.mkfifo(fifo)
    # Each of these would hang for ever on opening the FIFO.
    assert fifo not in [b.path for b in list_backups(filled_diary.path)]
    assert newest_good_backup(filled_diary.path) == good
    add_session(filled_diary, 50)
    assert make_backup(filled_diary.path) is not None
    assert [i.ok for i in filled_diary.backups()] == [True, True]
    assert not describe_backup(fifo).ok
    assert fifo.exists()
