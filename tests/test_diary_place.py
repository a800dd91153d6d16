"""What is really wrong with a diary's place, said in plain words and exit statuses.

Runs that show no window (``--smoke-test``, ``--screenshot``, ``--make-demo``)
print one line on stderr and exit with the status the README lists; nothing
on disk changes. Where this machine lets a test make the real thing (a full
or read-only file system needs root to mount), it does.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from recovery_diary import Diary
from recovery_diary.core.errors import DiaryPlaceError
from recovery_diary.diary import check_diary_place

pytestmark = pytest.mark.slow


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recovery_diary", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def listing(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def refused(result: subprocess.CompletedProcess, status: int, *words: str) -> None:
    assert result.returncode == status, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("recovery-diary: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr


@contextlib.contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("needs a tmpfs this test can mount (root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


# -- a lock left on another computer ------------------------------------------------
def foreign_lock(diary: Path, host: str = "old-laptop") -> Path:
    lock = Path(f"{diary}.lock")
    lock.write_text(f"4242\nrecovery-diary\n{host}\n")
    return lock


def test_a_lock_from_another_computer_names_it_and_exits_3(filled_diary_file: Path) -> None:
    lock = foreign_lock(filled_diary_file)
    before = listing(filled_diary_file.parent)
    for args in (
        ["--smoke-test", "--data-file", str(filled_diary_file)],
        [
            "--screenshot",
            str(filled_diary_file.parent / "s.png"),
            "--data-file",
            str(filled_diary_file),
        ],
    ):
        refused(run(*args), 3, "old-laptop", str(lock), "since")
    assert listing(filled_diary_file.parent) == before


# -- the place itself ---------------------------------------------------------------
def test_a_missing_symlink_target_is_reported_and_no_diary_is_made_there(tmp_path: Path) -> None:
    target = tmp_path / "usb-stick" / "recovery"
    link = tmp_path / "data"
    link.symlink_to(target, target_is_directory=True)
    result = run("--smoke-test", "--data-file", str(link / "diary.json"))
    refused(result, 8, str(link), "not there")
    assert not (tmp_path / "usb-stick").exists()
    with pytest.raises(DiaryPlaceError) as caught:
        Diary.open(link / "diary.json")
    assert caught.value.kind == "missing-target"
    assert not (tmp_path / "usb-stick").exists()


def test_a_dangling_diary_symlink_is_not_replaced_by_an_empty_diary(tmp_path: Path) -> None:
    link = tmp_path / "diary.json"
    link.symlink_to(tmp_path / "gone" / "diary.json")
    refused(run("--make-demo", str(link)), 8, "not there")
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_a_folder_that_cannot_be_created_exits_7(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("--smoke-test", "--data-file", str(blocker / "sub" / "diary.json"))
    refused(result, 7, "can't be created", str(blocker / "sub"))
    assert blocker.read_text() == "not a folder"


def test_a_full_disk_exits_4_and_leaves_the_diary_as_it_was(tmp_path: Path) -> None:
    with mounted(tmp_path / "small", "size=64k,mode=0700") as folder:
        diary = folder / "diary.json"
        Diary.open(diary).close()
        fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 1024)
        os.close(fd)
        before = listing(folder)
        refused(run("--smoke-test", "--data-file", str(diary)), 4, "disk is full")
        assert listing(folder) == before


def test_a_read_only_folder_exits_5_and_changes_nothing(tmp_path: Path) -> None:
    with mounted(tmp_path / "ro", "size=1m,mode=0700") as folder:
        diary = folder / "diary.json"
        Diary.open(diary).close()
        before = listing(folder)
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(folder)])
        assert remounted.returncode == 0
        refused(run("--smoke-test", "--data-file", str(diary)), 5, "read-only")
        assert listing(folder) == before


def test_a_diary_that_cannot_be_read_is_permission_denied(
    filled_diary_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = open

    def no_permission(file, *args, **kwargs):
        if Path(file) == filled_diary_file:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_permission)
    with pytest.raises(DiaryPlaceError) as caught:
        check_diary_place(filled_diary_file)
    assert caught.value.kind == "permission"
    assert "permission was denied" in str(caught.value)


def test_every_place_problem_has_its_own_status_and_3_stays_another_copy() -> None:
    from recovery_diary.app import EXIT_BAD_FILE, EXIT_LOCKED, PLACE_EXITS, PLACE_TITLES
    from recovery_diary.core.errors import PLACE_KINDS

    assert EXIT_LOCKED == 3
    assert set(PLACE_EXITS) == set(PLACE_KINDS) == set(PLACE_TITLES)
    statuses = [*PLACE_EXITS.values(), EXIT_LOCKED, EXIT_BAD_FILE, 0, 1]
    assert len(set(statuses)) == len(statuses)


@pytest.fixture
def filled_diary_file(tmp_path: Path) -> Path:
    import datetime as dt

    from recovery_diary import Session

    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "diary.json"
    diary = Diary.open(path)
    diary.record(Session(date=dt.date(2024, 5, 1), activity="cycling", duration_minutes=30))
    diary.close()
    return path
