"""Every test runs offscreen, on temporary files, with temporary settings.

Nothing here may touch the user's real diary or Qt settings.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # A 1920×1080 screen: the default offscreen screen is 800×600, smaller than a laptop.
    screen = os.path.join(os.path.dirname(__file__), "offscreen-screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"

import datetime as dt
from pathlib import Path

import pytest
from pinned_clock import TODAY


@pytest.fixture(autouse=True)
def private_places(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the data folder and the Qt settings at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RECOVERY_DIARY_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # pragma: no cover - the core tests also run without Qt
        yield home
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    yield home


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Every diary a test opens lives on TODAY, whatever the system clock says."""
    from recovery_diary.core import clock

    monkeypatch.setattr(clock, "system_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return tmp_path / "diary.json"


@pytest.fixture
def today() -> dt.date:
    return TODAY
