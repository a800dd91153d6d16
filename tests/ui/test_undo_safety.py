"""Undo must never write over what it no longer owns, and must say when it can't write."""

from __future__ import annotations

import errno
import json
import os

from pinned_clock import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from recovery_diary import Diary, Session


def stored(path) -> dict:
    return json.loads(path.read_text())["sessions"]


def save_cycling(qtbot, window, notes):
    form = window.sessionForm
    form.load(
        Session(date=window.day, activity="cycling", duration_minutes=30, notes=notes),
        editing=False,
    )
    qtbot.mouseClick(form.saveButton, Qt.MouseButton.LeftButton)


def test_undo_after_loading_an_outside_version_leaves_that_version_alone(
    window, qtbot, diary_path, monkeypatch
):
    save_cycling(qtbot, window, "mine")
    data = json.loads(diary_path.read_text())
    data["sessions"]["1"]["notes"] = "from the laptop"
    diary_path.write_text(json.dumps(data))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    save_cycling(qtbot, window, "typed meanwhile")  # noticed: the outside version is loaded
    window.undoStack.undo()
    QApplication.processEvents()
    assert [s["notes"] for s in stored(diary_path).values()] == ["from the laptop"]
    assert window.undoStack.count() == 0


def test_an_undo_that_cannot_write_says_so_and_changes_nothing(
    window, qtbot, diary_path, monkeypatch, warnings_shown
):
    save_cycling(qtbot, window, "keep me")
    before = diary_path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    window.undoStack.undo()
    assert warnings_shown and "disk is full" in warnings_shown[0][1]
    assert diary_path.read_bytes() == before
    assert [s.notes for s in window.diary.recorded()] == ["keep me"]


def test_undo_of_ticking_off_a_stored_plan_gives_the_plan_back(
    open_window, qtbot, diary_path, today
):
    diary = Diary.open(diary_path)
    diary.record(
        Session(
            date=today,
            activity="elliptical",
            status="planned",
            duration_minutes=25,
            notes="Gym after work",
        )
    )
    diary.close()
    window = open_window(diary_path)
    window.select_day(today)
    qtbot.mouseClick(window.dayPanel.findChild(QWidget, "tickOffButton"), Qt.MouseButton.LeftButton)
    window.sessionForm.painSpins["pain_during"].setValue(2)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert [s["status"] for s in stored(diary_path).values()] == ["done"]
    window.undoStack.undo()
    [plan] = stored(diary_path).values()
    assert (plan["status"], plan["notes"]) == ("planned", "Gym after work")


def test_undo_of_a_delete_keeps_fields_the_app_does_not_know(
    open_window, diary_path, today, answer_yes, qtbot
):
    diary = Diary.open(diary_path)
    diary.record(Session(date=today, activity="walking", duration_minutes=40))
    diary.close()
    data = json.loads(diary_path.read_text())
    data["sessions"]["1"]["heart_rate"] = 131
    diary_path.write_text(json.dumps(data))
    window = open_window(diary_path)
    window.select_day(today)
    qtbot.mouseClick(
        window.dayPanel.findChild(QWidget, "deleteSessionButton"), Qt.MouseButton.LeftButton
    )
    window.undoStack.undo()
    assert stored(diary_path)["1"]["heart_rate"] == 131


def test_a_failed_start_up_backup_still_opens_the_diary(diary_path, qapp, monkeypatch):
    from recovery_diary import app

    Diary.open(diary_path).record(Session(date=TODAY, activity="cycling", duration_minutes=20))
    (diary_path.parent / "backups").write_text("a file where the folder should be")
    window = app.build_window(diary_path)
    try:
        assert len(window.diary.recorded()) == 1
        assert "No backup could be made" in window.startup_problem
    finally:
        window.close()
