"""Backups as a runner meets them: restore from the menu, after a bad file, after a lost file."""

from __future__ import annotations

import json

import pytest
from pinned_clock import TODAY
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from recovery_diary import Diary, Session, app
from recovery_diary.ui import dialogs


def add(path, notes: str) -> None:
    diary = Diary.open(path)
    diary.record(Session(date=TODAY, activity="cycling", duration_minutes=30, notes=notes))
    diary.close()


def notes_in(path) -> list[str]:
    return sorted(s["notes"] for s in json.loads(path.read_text())["sessions"].values())


@pytest.fixture
def no_event_loop(monkeypatch, qapp):
    def fake_exec(*_args):
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "mainWindow":
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    monkeypatch.setattr(dialogs, "accept_disclaimer", lambda parent: True)


def test_restore_from_backup_through_the_menu(open_window, diary_path, answer_yes, monkeypatch):
    add(diary_path, "monday")
    first = open_window(diary_path)  # this start backs up the diary with "monday"
    first.close()
    add(diary_path, "tuesday")
    window = open_window(diary_path)
    offered = []

    def choose(parent, backups):
        offered.extend(backups)
        return next(b for b in backups if b.sessions == 1)

    monkeypatch.setattr(dialogs.RestoreBackupDialog, "ask", classmethod(lambda cls, *a: choose(*a)))
    window.findChild(QAction, "restoreBackupAction").trigger()
    assert any(b.sessions == 2 for b in offered) and any(b.sessions == 1 for b in offered)
    assert "Go back to the diary" in answer_yes[-1]
    assert notes_in(diary_path) == ["monday"]
    assert [s.notes for s in window.diary.recorded()] == ["monday"]
    [kept] = diary_path.parent.glob("diary.json.replaced-*")
    assert notes_in(kept) == ["monday", "tuesday"]


def test_a_damaged_diary_can_be_replaced_by_its_newest_backup(
    no_event_loop, monkeypatch, diary_path
):
    add(diary_path, "safe")
    assert app.run_interactive(diary_path) == 0  # a start: makes the backup
    damaged = diary_path.read_bytes()[:40]
    diary_path.write_bytes(damaged)
    offered = []

    def ask(parent, error, backup):
        offered.append(backup)
        return "restore"

    monkeypatch.setattr(dialogs, "ask_bad_file", ask)
    assert app.run_interactive(diary_path) == 0
    assert offered[0].sessions == 1
    assert notes_in(diary_path) == ["safe"]
    [kept] = diary_path.parent.glob("diary.json.replaced-*")
    assert kept.read_bytes() == damaged


def test_a_missing_diary_with_backups_is_offered_back(no_event_loop, answer_yes, diary_path):
    add(diary_path, "precious")
    app.run_interactive(diary_path)
    diary_path.unlink()
    assert app.run_interactive(diary_path) == 0
    assert "is missing, but backups of it exist" in answer_yes[0]
    assert notes_in(diary_path) == ["precious"]


def eleven_backups(diary_path):
    """Ten kept versions, the diary changed since: its next start adds the eleventh."""
    from recovery_diary.storage import list_backups, make_backup

    for number in range(10):
        add(diary_path, f"ride {number}")
        make_backup(diary_path)
    oldest = list_backups(diary_path)[-1]
    add(diary_path, "the newest ride")
    return oldest


def test_a_start_backs_up_before_its_window_and_tidies_after_it_is_up(diary_path, qtbot):
    """The copy is made before anything can be written; deleting the eleventh waits."""
    from PySide6.QtCore import QEvent, QObject

    from recovery_diary.storage import list_backups

    oldest = eleven_backups(diary_path)
    window = app.build_window(diary_path)
    qtbot.addWidget(window)
    kept = list_backups(diary_path)
    assert len(kept) == 11 and oldest.path.exists()
    assert "the newest ride" in kept[0].path.read_text()
    at_first_paint: list[int] = []

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not at_first_paint:
                at_first_paint.append(len(list_backups(diary_path)))
            return False

    watch = Watch()
    window.chartView.canvas.installEventFilter(watch)
    try:
        window.show()
        qtbot.waitUntil(lambda: not oldest.path.exists())
        assert at_first_paint == [11], "the tidy ran before the first frame"
        assert list_backups(diary_path)[:10] == kept[:10]
    finally:
        window.close()


def test_a_window_closed_before_it_was_shown_still_tidies_the_backups(diary_path, qtbot):
    from recovery_diary.storage import list_backups

    oldest = eleven_backups(diary_path)
    window = app.build_window(diary_path)
    qtbot.addWidget(window)
    assert len(list_backups(diary_path)) == 11
    window.close()
    assert len(list_backups(diary_path)) == 10 and not oldest.path.exists()
