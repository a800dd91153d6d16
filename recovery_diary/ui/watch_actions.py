"""The File menu's watch actions: runs in from watch or phone files, the plan out.

*Import from watch…* takes one or more ``.fit``, ``.gpx`` or ``.tcx`` files,
records their activities through the Diary, and opens the form on the newest
one, so only the pain scores are left to type. *Export workouts…* writes the
planned runs as FIT workout files into a folder the runner picks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from recovery_diary.diary import Diary
from recovery_diary.ui import dialogs
from recovery_diary.ui.form_fields import focus_to_type

if TYPE_CHECKING:
    from recovery_diary.exports.watch_import import ImportedActivity
    from recovery_diary.ui.main_window import MainWindow

FILE_FILTER = "Watch and phone files (*.fit *.gpx *.tcx *.FIT *.GPX *.TCX);;All files (*)"


class WatchActions:
    """Import from watch and export workouts for one window."""

    def __init__(self, window: MainWindow, diary: Diary, write: Callable[..., Any]) -> None:
        self._window = window
        self._diary = diary
        self._write = write  # runs a change, explaining failed and outside-changed writes

    def import_activities(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self._window, "Import from watch or phone", str(Path.home()), FILE_FILTER
        )
        if not names:
            return
        new: list[ImportedActivity] = []
        known: list[ImportedActivity] = []
        problems: list[str] = []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # hours of records take seconds
        try:
            for name in names:
                try:
                    found = self._write(lambda name=name: self._diary.import_activity(name))
                except ValueError as exc:
                    problems.append(str(exc))
                    continue
                for item in found or ():
                    (new if item.new else known).append(item)
        finally:
            QApplication.restoreOverrideCursor()
        window = self._window  # the views redrew as each session was recorded
        if new:
            newest = max(new, key=lambda item: item.start).session
            window.select_day(newest.date)
            window.sessionForm.load(newest)
            focus_to_type(window.sessionForm.painSpins["pain_before"])
        self._tell(new, known, problems)

    def _tell(self, new: list, known: list, problems: list[str]) -> None:
        parts = []
        if new:
            parts.append(f"Imported {len(new)} {'activity' if len(new) == 1 else 'activities'}")
        if known:
            days = ", ".join(f"{i.session.date:%a %d %b}" for i in known)
            parts.append(f"already in the diary, nothing new recorded: {days}")
        if parts:
            self._window.statusBar().showMessage("; ".join(parts), 8000)
        if problems:
            dialogs.warn(self._window, "Not imported", "\n\n".join(problems))
        elif known and not new:
            dialogs.inform(
                self._window,
                "Already in the diary",
                "These activities were imported before, so nothing new was recorded: "
                + ", ".join(f"{i.session.date:%A %d %B %Y}" for i in known)
                + ".",
            )

    def export_workouts(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self._window, "Export planned runs as watch workouts", str(Path.home())
        )
        if not folder:
            return
        try:
            paths = self._diary.export_workouts(folder)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            dialogs.warn(self._window, "Export failed", f"Export failed: {reason}")
            return
        if not paths:
            dialogs.inform(
                self._window,
                "No runs planned",
                "There is no planned run from today on, so no workout was written.",
            )
            return
        self._window.statusBar().showMessage(
            f"Wrote {len(paths)} workouts to {folder} (copy them to the watch)", 8000
        )
