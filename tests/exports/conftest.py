"""Fixtures for the sharing tests: every test works on its own temporary diary file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pinned_clock import TODAY

from recovery_diary import Diary


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    opened = Diary.open(tmp_path / "d.json")
    yield opened
    opened.close()


@pytest.fixture
def second_diary(tmp_path: Path) -> Iterator[Diary]:
    opened = Diary.open(tmp_path / "second.json")
    yield opened
    opened.close()
