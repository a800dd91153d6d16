"""The File menu's sharing actions: CSV, the physio report, the calendar file.

Each asks for a file name (a QFileDialog, which tests replace), then lets the
Diary do the work and says in plain words what happened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow

from recovery_diary.core.errors import DiaryFileError
from recovery_diary.diary import Diary
from recovery_diary.ui import dialogs


class FileActions:
    """Export and import for one window; ``refresh`` shows the diary after an import."""

    def __init__(self, window: QMainWindow, diary: Diary, replaced, write) -> None:
        self._window = window
        self._diary = diary
        self._replaced = replaced  # the diary was read again: the window forgets old ids
        self._write = write  # runs a change, explaining failed and outside-changed writes

    def _save_name(self, title: str, suggested: str, filters: str) -> Path | None:
        folder = Path.home()
        name, _ = QFileDialog.getSaveFileName(self._window, title, str(folder / suggested), filters)
        return Path(name) if name else None

    def _done(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 6000)

    def _failed(self, what: str, exc: Exception) -> None:
        reason = getattr(exc, "strerror", None) or str(exc)
        dialogs.warn(self._window, f"{what} failed", f"{what} failed: {reason}")

    def export_csv(self) -> None:
        path = self._save_name("Export sessions as CSV", "recovery-diary.csv", "CSV files (*.csv)")
        if path is None:
            return
        try:
            count = self._diary.export_csv(path)
        except OSError as exc:
            self._failed("Export", exc)
            return
        self._done(f"Exported {count} sessions to {path}")

    def import_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import sessions from CSV", str(Path.home()), "CSV files (*.csv)"
        )
        if not name:
            return
        try:
            added = self._write(lambda: self._diary.import_csv(Path(name)))
        except OSError as exc:
            self._failed("Import", exc)
            return
        except ValueError as exc:
            dialogs.warn(
                self._window,
                "Nothing imported",
                f"Nothing was imported from {Path(name).name}, because:\n\n{exc}",
            )
            return
        if added is None:
            return
        self._replaced()
        self._done(f"Imported {len(added)} sessions from {name}")

    def export_report(self) -> None:
        path = self._save_name(
            "Export a report for your physio",
            f"recovery-diary-report-{self._diary.today():%Y-%m-%d}.pdf",
            "PDF files (*.pdf)",
        )
        if path is None:
            return
        us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._diary.export_report(path, paper="letter" if us else "a4")
        except OSError as exc:
            self._failed("Export", exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._done(f"Report written to {path}")

    def export_calendar(self) -> None:
        path = self._save_name(
            "Export planned sessions to a calendar", "recovery-diary.ics", "Calendar files (*.ics)"
        )
        if path is None:
            return
        try:
            count = self._diary.export_calendar(path)
        except OSError as exc:
            self._failed("Export", exc)
            return
        self._done(f"Exported {count} planned sessions to {path}")

    def restore_backup(self) -> None:
        backups = self._diary.backups()
        if not backups:
            dialogs.inform(
                self._window,
                "No backups yet",
                "A backup is made each time the diary is opened in the window.",
            )
            return
        chosen = dialogs.RestoreBackupDialog.ask(self._window, backups)
        if chosen is None:
            return
        if not dialogs.confirm(
            self._window,
            "Restore from backup",
            f"Go back to the diary as it was on {chosen.taken:%A %d %B %Y at %H:%M} "
            f"({chosen.sessions} sessions)? The diary as it is now is kept beside it, "
            "and Undo starts afresh.",
        ):
            return
        try:
            kept = self._diary.restore_backup(chosen)
        except (DiaryFileError, OSError) as exc:
            self._failed("Restore", exc)
            return
        self._replaced()
        where = f"; the replaced diary is kept as {kept.name}" if kept else ""
        self._done(f"Restored the backup of {chosen.taken:%d %b %Y %H:%M}{where}")
