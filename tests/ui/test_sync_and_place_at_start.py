"""Starting on a synced folder, as a person would: a lock left on another computer,
conflict copies beside the diary, a folder that is not there, and privacy under any umask."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from recovery_diary import Diary, Session, app
from recovery_diary.ui import dialogs

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def no_event_loop(monkeypatch, qapp):
    """run_interactive shows the window; the test closes it instead of looping."""

    def fake_exec(*_args):
        for window in QApplication.topLevelWidgets():
            if window.objectName() == "mainWindow" and window.isVisible():
                window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    monkeypatch.setattr(dialogs, "accept_disclaimer", lambda parent: True)


def ride(minutes: int, notes: str) -> Session:
    return Session(date=DAY, activity="cycling", duration_minutes=minutes, notes=notes)


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    path = folder / "diary.json"
    Diary.open(path).record(ride(20, "shared"))
    return path


# -- a lock left on another computer ------------------------------------------------
def foreign_lock(diary: Path) -> Path:
    lock = Path(f"{diary}.lock")
    lock.write_text("4242\nrecovery-diary\nold-laptop\n")
    return lock


def test_a_lock_from_another_computer_is_explained_and_can_be_overruled(
    monkeypatch, no_event_loop, diary_path
) -> None:
    lock = foreign_lock(diary_path)
    asked = []
    monkeypatch.setattr(dialogs, "ask_open_anyway", lambda parent, text: asked.append(text) or True)
    assert app.run_interactive(diary_path) == 0
    assert len(asked) == 1
    assert "old-laptop" in asked[0] and str(lock) in asked[0] and "since" in asked[0]
    assert not lock.exists()  # taken over by the window, released when it closed


def test_declining_to_open_a_diary_locked_elsewhere_changes_nothing(
    monkeypatch, no_event_loop, diary_path
) -> None:
    lock = foreign_lock(diary_path)
    before = (lock.read_bytes(), diary_path.read_bytes())
    monkeypatch.setattr(dialogs, "ask_open_anyway", lambda parent, text: False)
    assert app.run_interactive(diary_path) == app.EXIT_LOCKED
    assert (lock.read_bytes(), diary_path.read_bytes()) == before
    assert not (diary_path.parent / "backups").exists()


# -- conflict copies -------------------------------------------------------------------
@pytest.fixture
def conflict_copy(diary_path: Path) -> Path:
    copy = diary_path.with_name("diary (old-laptop's conflicted copy 2026-11-02).json")
    shutil.copyfile(diary_path, copy)
    Diary.open(copy).record(ride(40, "on the laptop"))
    Diary.open(diary_path).record(ride(30, "on the desktop"))
    return copy


def test_a_conflict_copy_is_offered_at_start_and_merged(
    monkeypatch, no_event_loop, diary_path, conflict_copy
) -> None:
    asked, told = [], []
    monkeypatch.setattr(
        dialogs, "ask_merge_conflict", lambda parent, diary, copy: asked.append(copy) or True
    )
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append(text))
    assert app.run_interactive(diary_path) == 0
    assert asked == [conflict_copy]
    notes = sorted(s.notes for s in Diary.open(diary_path).recorded())
    assert notes == ["on the desktop", "on the laptop", "shared"]
    assert not conflict_copy.exists()
    assert "1 session" in told[0]


def test_a_declined_conflict_copy_is_left_alone(
    monkeypatch, no_event_loop, diary_path, conflict_copy
) -> None:
    before = conflict_copy.read_bytes()
    monkeypatch.setattr(dialogs, "ask_merge_conflict", lambda parent, diary, copy: False)
    assert app.run_interactive(diary_path) == 0
    assert conflict_copy.read_bytes() == before
    assert len(Diary.open(diary_path).recorded()) == 2


# -- the place ---------------------------------------------------------------------------
def test_a_diary_folder_that_is_not_connected_is_said_so_and_nothing_is_made(
    monkeypatch, no_event_loop, tmp_path
) -> None:
    link = tmp_path / "synced"
    link.symlink_to(tmp_path / "not-mounted", target_is_directory=True)
    told = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: told.append((title, text)))
    assert app.run_interactive(link / "diary.json") == app.PLACE_EXITS["missing-target"]
    assert told and told[0][0] == app.PLACE_TITLES["missing-target"]
    assert str(link) in told[0][1]
    assert not (tmp_path / "not-mounted").exists()


# -- private whatever the umask ------------------------------------------------------------
def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.lstat().st_mode & 0o777 for p in root.rglob("*")}


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_everything_the_app_creates_is_private_under_umask_000(
    monkeypatch, no_event_loop, tmp_path
) -> None:
    root = tmp_path / "home"
    root.mkdir(mode=0o700)
    path = root / "a" / "b" / "diary.json"
    old = os.umask(0)
    try:
        assert app.run_interactive(path) == 0
        diary = Diary.open(path)
        diary.record(ride(20, "private"))
        diary.export_csv(root / "exports" / "new" / "sessions.csv")
        diary.export_calendar(root / "exports" / "new" / "plan.ics")
        diary.export_report(root / "exports" / "new" / "report.pdf")
        from recovery_diary.ui.chart_view import ProgressChartView

        chart = ProgressChartView(today=diary.today)
        chart.save_image(root / "exports" / "new" / "chart.png")
        chart.close()
    finally:
        os.umask(old)
    found = modes(root)
    folders = {name: m for name, m in found.items() if (root / name).is_dir()}
    files = {name: m for name, m in found.items() if not (root / name).is_dir()}
    assert "a/b/backups" in folders and "exports/new/report.pdf" in files
    assert set(folders.values()) == {0o700}, folders
    assert set(files.values()) == {0o600}, files


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_screenshot_is_private_under_umask_000(tmp_path: Path) -> None:
    png = tmp_path / "shot.png"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0); from recovery_diary.app import main; sys.exit(main())",
            "--screenshot",
            str(png),
            "--data-file",
            str(tmp_path / "d" / "diary.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "d").stat().st_mode & 0o777 == 0o700


def test_a_symlink_or_dotdot_path_to_an_open_diary_meets_its_lock(qapp, diary_path, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(diary_path)
    dotted = diary_path.parent / ".." / diary_path.parent.name / "diary.json"
    lock = app.acquire_lock(diary_path)
    try:
        for other in (link, dotted):
            with pytest.raises(app.DiaryLockedError):
                app.acquire_lock(other)
    finally:
        lock.unlock()
