"""Fixtures for the storage tests: a diary file in a fresh folder, and faults on demand."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pinned_clock import TODAY

from recovery_diary import Diary, Session
from recovery_diary import fileio as atomic


@pytest.fixture
def diary_file(tmp_path: Path) -> Path:
    """Where a test's diary lives: ``diary.json`` in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "diary.json"


@pytest.fixture
def filled_diary(diary_file: Path) -> Diary:
    """A diary holding two sessions and a check-in."""
    diary = Diary.open(diary_file)
    day = TODAY - dt.timedelta(days=10)
    diary.record(Session(date=day, activity="cycling", duration_minutes=30, pain_during=2))
    diary.record(
        Session(
            date=day + dt.timedelta(days=2),
            activity="run_walk",
            run_minutes=5,
            walk_minutes=5,
            repeats=5,
            pain_before=1,
            notes="Treadmill, felt fine",
        )
    )
    diary.check_in(day + dt.timedelta(days=3), pain=1)
    return diary


class FaultyOs:
    """The ``os`` module as ``atomic`` sees it, with one call failing on demand."""

    def __init__(self, name: str, error: OSError, times: int = 1) -> None:
        self._name = name
        self._error = error
        self.times = times
        self.failed = 0

    def __getattr__(self, name: str):
        real = getattr(os, name)
        if name != self._name:
            return real

        def failing(*args, **kwargs):
            if self.failed < self.times:
                self.failed += 1
                raise self._error
            return real(*args, **kwargs)

        return failing


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch):
    """``fault("replace", OSError(errno.ENOSPC, ...))`` makes that call fail in the writer."""

    def install(name: str, error: OSError, times: int = 1) -> FaultyOs:
        faulty = FaultyOs(name, error, times)
        monkeypatch.setattr(atomic, "os", faulty)
        return faulty

    return install
