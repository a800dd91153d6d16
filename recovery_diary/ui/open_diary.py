"""File → Open diary…: switch the window to another diary file, safely.

The other diary is opened as a start opens one (its lock, its start-up
backup, its sync conflict copies); only then does the current window close, releasing its own lock.
A locked or unreadable file is explained and the current window stays.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from recovery_diary.core.errors import (
    DiaryFileError,
    DiaryLockedError,
    DiaryPlaceError,
    DiaryWriteError,
)
from recovery_diary.diary import Diary
from recovery_diary.ui import dialogs
from recovery_diary.ui.opening import acquire_lock, offer_conflict_merges, start_backup

if TYPE_CHECKING:
    from recovery_diary.ui.main_window import MainWindow

#: Windows opened here, kept alive until they close.
_OPEN: list[MainWindow] = []


def ask_and_open(window: MainWindow) -> MainWindow | None:
    """Ask for a diary file and show it in a new window in place of ``window``."""
    form = window.sessionForm
    if form.dirty and not dialogs.confirm(
        window,
        "Open another diary",
        "The session form holds changes that are not saved. Open another diary and drop them?",
    ):
        return None
    name, _ = QFileDialog.getOpenFileName(
        window, "Open a diary", str(window.diary.path.parent), "Diary files (*.json)"
    )
    if not name:
        return None
    path = Path(name).expanduser().absolute()
    if path == window.diary.path:
        dialogs.inform(window, "Already open", f"{path} is the diary shown in this window.")
        return None
    return open_in_place_of(window, path)


def open_in_place_of(window: MainWindow, path: Path) -> MainWindow | None:
    """Open ``path`` in a new window; close ``window`` once that worked."""
    take_over = False
    while True:
        try:
            other = _build(window, path, take_over)
            break
        except DiaryLockedError as exc:
            # Marked open on another computer (a synced folder): a person may say go on.
            if exc.host is not None and not take_over and dialogs.ask_open_anyway(window, str(exc)):
                take_over = True
                continue
            if exc.host is None:
                dialogs.warn(window, "Diary already open", str(exc))
            return None
        except DiaryPlaceError as exc:
            dialogs.warn(window, "Diary can't be opened", str(exc))
            return None
        except DiaryFileError as exc:
            dialogs.warn(
                window, "Diary can't be opened", f"{exc.path} can't be opened: {exc.problem}"
            )
            return None
        except DiaryWriteError as exc:
            dialogs.warn(window, "Diary can't be created", f"{path}: {exc.strerror}")
            return None
    _OPEN.append(other)
    other.on_close(lambda: _OPEN.remove(other) if other in _OPEN else None)
    other.setGeometry(window.geometry())
    other.show()  # first: closing the last window would end the app
    window.sessionForm.dirty = False  # the runner agreed to drop it
    window.close()
    if other.startup_problem:
        dialogs.warn(other, "Backup not made", other.startup_problem)
    return other


def _build(window: MainWindow, path: Path, take_over: bool) -> MainWindow:
    """Open ``path`` as a start does: its lock, its start-up backup, its conflict copies.

    (The app's ``build_window`` does the same at start-up; the ui can't import the app.)
    """
    lock = acquire_lock(path, take_over=take_over)
    try:
        diary = Diary.open(path, window.diary.today)
        problem = start_backup(diary)
        offer_conflict_merges(diary)
        other = type(window)(diary)
        other.startup_problem = problem
    except BaseException:
        lock.unlock()
        raise
    other.on_close(diary.close)  # first: closing may still tidy the backups
    other.on_close(lock.unlock)
    return other
