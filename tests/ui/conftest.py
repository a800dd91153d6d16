"""Fixtures for driving the real window with qtbot."""

from __future__ import annotations

from pathlib import Path

import pytest

from recovery_diary.app import build_window


@pytest.fixture
def open_window(qtbot):
    """Build the main window on a diary file; closes it (and its lock) afterwards."""
    opened = []

    def _open(path: Path):
        window = build_window(path)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield _open
    for window in opened:
        window.close()


@pytest.fixture
def window(open_window, diary_path: Path):
    return open_window(diary_path)


@pytest.fixture
def answer_yes(monkeypatch):
    """A person who answers Yes to every question box; records what was asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture
def warnings_shown(monkeypatch):
    """Message boxes a person would read, captured instead of shown."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def record(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(record))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(record))
    return shown


@pytest.fixture
def diary(tmp_path, request):
    """A diary on a temporary file whose clock is the test module's own ``TODAY``."""
    from recovery_diary import Diary

    d = Diary.open(tmp_path / "diary.json", today=lambda: request.module.TODAY)
    yield d
    d.close()
