"""What the window does when the disk or another program gets in the way: the runner is
told in plain words, the typed session stays in the form, and the file loses nothing."""

from __future__ import annotations

import errno
import json
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from recovery_diary import Diary, Session


def save(qtbot, window, minutes: int, notes: str) -> None:
    form = window.sessionForm
    form.activityCombo.setCurrentIndex(form.activityCombo.findText("Cycling"))
    form.durationSpin.setValue(minutes)
    form.notesEdit.setPlainText(notes)
    qtbot.mouseClick(form.saveButton, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission was denied"),
        (errno.EROFS, "read-only"),
    ],
)
def test_a_failed_write_is_explained_and_loses_nothing(
    window, qtbot, diary_path, monkeypatch, warnings_shown, code, words
):
    save(qtbot, window, 30, "first")
    before = diary_path.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", failing_replace)
    window.select_day(window.day)
    window.sessionForm.load(
        Session(date=window.day, activity="cycling", duration_minutes=45, notes="second"),
        editing=False,
    )
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    [(title, text)] = warnings_shown
    assert title == "Not saved" and words in text
    assert diary_path.read_bytes() == before
    assert window.sessionForm.notesEdit.toPlainText() == "second"
    assert [s.notes for s in window.diary.recorded()] == ["first"]
    assert not [p for p in diary_path.parent.iterdir() if p.name.endswith(".tmp")]

    monkeypatch.setattr(os, "replace", real_replace)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    notes = [s["notes"] for s in json.loads(diary_path.read_text())["sessions"].values()]
    assert sorted(notes) == ["first", "second"]


def _change_outside(path) -> None:
    """Another program (a sync folder, another computer) rewrites the file."""
    other = Diary.open(path.parent / "elsewhere.json")
    data = json.loads(path.read_text())
    data["sessions"]["99"] = {
        "date": "2024-03-01",
        "activity": "swimming",
        "status": "done",
        "duration_minutes": 20,
        "notes": "from the laptop",
    }
    other.close()
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("reload", [True, False])
def test_a_file_changed_outside_is_noticed_before_writing(
    window, qtbot, diary_path, monkeypatch, reload
):
    save(qtbot, window, 30, "mine")
    _change_outside(diary_path)
    asked = []
    answer = QMessageBox.StandardButton.Yes if reload else QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or answer)
    )
    window.sessionForm.load(
        Session(
            date=window.day,
            activity="cycling",
            duration_minutes=50,
            notes="typed while the file changed",
        ),
        editing=False,
    )
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert asked and "changed by another program" in asked[0]
    stored = json.loads(diary_path.read_text())["sessions"]
    notes = sorted(s.get("notes", "") for s in stored.values())
    if reload:
        # The outside version is loaded; nothing of it is overwritten; the form keeps the text.
        assert notes == ["from the laptop", "mine"]
        assert "from the laptop" in [s.notes for s in window.diary.recorded()]
        assert window.sessionForm.notesEdit.toPlainText() == "typed while the file changed"
    else:
        # This app's version is kept and the new session saved on top of it.
        assert notes == ["mine", "typed while the file changed"]
