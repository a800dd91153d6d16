"""The File menu's sharing actions: CSV, the physio report, the calendar file.

Each asks for a file name (a QFileDialog, which tests replace), then lets the
Diary do the work and says in plain words what happened. The report is
written on a pool thread from a snapshot, with a progress dialog, so the
window stays usable meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QProgressDialog

from recovery_diary.core.errors import DiaryFileError
from recovery_diary.diary import Diary
from recovery_diary.ui import dialogs

if TYPE_CHECKING:
    from recovery_diary.ui.report_export import ReportTask


class FileActions:
    """Export and import for one window; ``refresh`` shows the diary after an import."""

    def __init__(self, window: QMainWindow, diary: Diary, replaced, write) -> None:
        self._window = window
        self._diary = diary
        self._replaced = replaced  # the diary was read again: the window forgets old ids
        self._write = write  # runs a change, explaining failed and outside-changed writes
        self._report: ReportTask | None = None
        self._finished_task: ReportTask | None = None
        self._progress: QProgressDialog | None = None
        on_close = getattr(window, "on_close", None)
        if on_close is not None:
            on_close(self.wait_for_report)  # a report being written ends before the lock goes

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
        """Ask for the period, the runner's name (once) and the file; write it in the background."""
        if self._report is not None:
            self._done("A report is being written already; it will say when it is done.")
            return
        from recovery_diary.ui.report_export import ReportPeriodDialog, ReportTask

        diary = self._diary
        today = diary.today()
        firsts = [d for d in (diary.first_date, diary.settings and diary.settings.start) if d]
        check_ins = diary.check_ins()
        if check_ins:
            firsts.append(check_ins[0].date)
        period = ReportPeriodDialog.ask(
            self._window,
            today,
            min(firsts, default=None),
            diary.settings.start if diary.settings else None,
        )
        if period is None:
            return
        name = self._ask_runner_name()
        if name is None:
            return
        path = self._save_name(
            "Export a report for your physio",
            f"recovery-diary-report-{today:%Y-%m-%d}.pdf",
            "PDF files (*.pdf)",
        )
        if path is None:
            return
        try:
            data = diary.report_snapshot(*period, name=name)  # the worker never reads the diary
        except ValueError as exc:
            dialogs.warn(self._window, "No report written", str(exc))
            return
        us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
        paper = "letter" if us else "a4"
        task = ReportTask(
            lambda progress: Diary.write_report_snapshot(data, path, paper=paper, progress=progress)
        )
        progress = QProgressDialog("Writing the report…", "", 0, 100, self._window)
        progress.setObjectName("reportProgress")
        progress.setWindowTitle("Report for your physio")
        progress.setCancelButton(None)  # type: ignore[arg-type]
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(300)
        task.signals.progressed.connect(
            lambda share, words: self._on_report_progressed(share, words)
        )
        task.signals.finished.connect(lambda pages: self._on_report_finished(path, pages))
        task.signals.failed.connect(lambda reason: self._on_report_failed(reason))
        self._report, self._progress = task, progress
        self._done(f"Writing the report to {path}…")
        QThreadPool.globalInstance().start(task)

    def _ask_runner_name(self) -> str | None:
        """The name page 1 prints, asked for once and kept; None if the person cancelled."""
        if self._diary.runner_name:
            return self._diary.runner_name
        name, ok = QInputDialog.getText(
            self._window,
            "Your name on the report",
            "The report's first page names the runner, so the clinic files it under you.\n"
            "Your name (it is kept in the diary; leave it empty for none):",
        )
        if not ok:
            return None
        if name.strip():
            try:
                self._write(lambda: setattr(self._diary, "runner_name", name))
            except (OSError, ValueError) as exc:
                self._failed("Saving your name", exc)
        return name

    def _on_report_progressed(self, share: int, words: str) -> None:
        if self._progress is not None:
            self._progress.setValue(min(share, 99))
            if words:
                self._progress.setLabelText(f"{words}…")

    def _end_report(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
        # The task's run() may not have returned yet on its thread when its last
        # signal arrives here: keep it alive until the next report replaces it.
        self._finished_task = self._report
        self._report, self._progress = None, None

    def _on_report_finished(self, path: Path, pages: int) -> None:
        self._end_report()
        self._done(f"Report written to {path} ({pages} pages)")

    def _on_report_failed(self, reason: str) -> None:
        self._end_report()
        self._window.statusBar().showMessage("The report was not written", 6000)
        dialogs.warn(self._window, "Export failed", f"The report was not written: {reason}")

    def wait_for_report(self, msecs: int = 60_000) -> None:
        """Let a report being written finish (the window is closing); no message follows."""
        task = self._report
        if task is None:
            return
        QThreadPool.globalInstance().waitForDone(msecs)
        for signal in (task.signals.progressed, task.signals.finished, task.signals.failed):
            signal.disconnect()
        self._end_report()

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
