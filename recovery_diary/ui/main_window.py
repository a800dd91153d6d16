"""The main window: it assembles the calendar, day panel, form and chart and wires them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from recovery_diary.core.errors import (
    DiaryChangedOnDisk,
    DiaryFileError,
    DiaryWriteError,
    InvalidSession,
)
from recovery_diary.core.session import DONE, Session
from recovery_diary.diary import Change, Diary
from recovery_diary.ui import dialogs
from recovery_diary.ui.calendar_view import DiaryCalendarView
from recovery_diary.ui.chart_view import ProgressChartView
from recovery_diary.ui.day_panel import DayPanelWidget
from recovery_diary.ui.diary_signals import DiarySignals
from recovery_diary.ui.file_actions import FileActions
from recovery_diary.ui.first_paint import after_first_paint
from recovery_diary.ui.form_fields import focus_to_type
from recovery_diary.ui.menus import build_menus
from recovery_diary.ui.programme_actions import ProgrammeActions
from recovery_diary.ui.session_form import SessionFormWidget, from_qdate, to_qdate
from recovery_diary.ui.settings_dialog import DisplayPrefs, SettingsDialog, apply_theme
from recovery_diary.ui.undo import SessionCommand
from recovery_diary.ui.watch_actions import WatchActions

T = TypeVar("T")


class MainWindow(QMainWindow):
    """One diary in one window. All changes go through the :class:`Diary` facade."""

    buildUpAction: QAction  # set by build_menus
    startup_problem: str | None = None  # set by the start when the backup failed

    def __init__(self, diary: Diary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.diary = diary
        self._on_close: list[Callable[[], None]] = []
        # The file first: where the platform adds the app's name (X11, Windows), it adds
        # it only to a title that doesn't already end with it.
        self.setWindowTitle(f"{diary.path.name} — Recovery Diary")
        self.calendar = DiaryCalendarView()
        self.dayPanel = DayPanelWidget()
        self.sessionForm = SessionFormWidget()
        self.chartView = ProgressChartView(today=diary.today)
        self.undoStack = QUndoStack(self)
        self.files = FileActions(self, diary, self.diary_replaced, self._write)
        self.changes = DiarySignals(diary, self)
        self.watch = WatchActions(self, diary, self._write)
        self.programme = ProgrammeActions(self, diary, self._write, self.undoStack)
        self._build_layout()
        self._build_menus()
        self._connect()
        self.calendar.set_diary(diary)
        self.dayPanel.set_diary(diary)
        self.chartView.set_diary(diary)
        # The chart was just drawn from the diary: no second read for the prefs.
        self._apply_prefs(DisplayPrefs.load(), refresh=False)
        self._show_day(diary.today())
        self._fit_to_screen()
        self._restore_geometry()
        # The start's housekeeping waits until the runner has the window to read.
        after_first_paint(self.chartView.canvas, lambda: self.diary.tidy_backups())

    # -- building ----------------------------------------------------------
    def _build_layout(self) -> None:
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("leftSplitter")
        left.addWidget(self.calendar)
        left.addWidget(self.dayPanel)
        left.setStretchFactor(0, 2)  # both give way when the window shrinks
        left.setStretchFactor(1, 3)
        left.setSizes([330, 470])
        self.calendar.setMinimumHeight(240)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("rightSplitter")
        right.addWidget(self.chartView)
        right.addWidget(self.sessionForm)
        right.setStretchFactor(0, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 850])
        self._splitters = [self.splitter, left, right]
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        build_menus(self)

    def _connect(self) -> None:
        self.calendar.selectionChanged.connect(self._on_calendar_selection_changed)
        self.chartView.daySelected.connect(self.select_day)
        self.sessionForm.submitted.connect(self._on_form_submitted)
        panel = self.dayPanel
        panel.tickOffRequested.connect(self._on_tick_off)
        panel.editRequested.connect(self.sessionForm.load)
        panel.deleteRequested.connect(self._on_delete)
        panel.checkInRequested.connect(self.programme.check_in)
        panel.redFlagsRequested.connect(self.programme.red_flags)
        panel.liftPauseRequested.connect(self.programme.lift_pause)
        panel.startProgrammeRequested.connect(self.programme.start_programme)
        panel.nextMorningRequested.connect(self._on_next_morning)
        panel.readinessRequested.connect(self.programme.readiness)
        # Each view redraws itself from the diary after a change; the window only
        # keeps the form and the menus in step.
        for view in (self.calendar, self.dayPanel, self.chartView):
            self.changes.changed.connect(lambda _change, view=view: view.refresh())
        self.changes.changed.connect(self._on_diary_changed)

    # -- navigation --------------------------------------------------------
    @property
    def day(self) -> dt.date:
        return from_qdate(self.calendar.selectedDate())

    def select_day(self, day: dt.date) -> None:
        """Select ``day`` in the calendar (which shows it in the panel and form)."""
        if day == self.day:
            self._show_day(day)
        else:
            self.calendar.setSelectedDate(to_qdate(day))

    def _move_days(self, days: int) -> None:
        self.select_day(self.day + dt.timedelta(days=days))

    def _move_months(self, months: int) -> None:
        self.calendar.setSelectedDate(self.calendar.selectedDate().addMonths(months))

    def _on_calendar_selection_changed(self) -> None:
        self._show_day(self.day)

    def _show_day(self, day: dt.date) -> None:
        if from_qdate(self.calendar.selectedDate()) != day:
            self.calendar.setSelectedDate(to_qdate(day))
            return
        self.dayPanel.show_day(day)
        self.chartView.set_selected_day(day)
        self._fill_form(day)

    def _fill_form(self, day: dt.date) -> None:
        recorded = [s for s in self.diary.recorded(day, day) if s.is_done]
        if recorded:
            self.sessionForm.load(recorded[0])
        else:
            self.sessionForm.load(self.suggested_session(day), editing=False)

    def suggested_session(self, day: dt.date) -> Session:
        """A new session for ``day`` prefilled from the plan or habit (the diary decides)."""
        return self.diary.suggested_session(day)

    def _on_new_session(self) -> None:
        self.sessionForm.load(self.suggested_session(self.day), editing=False)
        self.sessionForm.dateEdit.setFocus()

    # -- changes -----------------------------------------------------------
    def _write(self, change: Callable[[], T]) -> T | None:
        """Run a change of the diary; tell the runner in plain words if it fails."""
        try:
            return change()
        except DiaryWriteError as exc:
            dialogs.warn(self, "Not saved", exc.strerror or str(exc))
        except DiaryChangedOnDisk:
            if self._resolve_outside_change():
                return self._write(change)
        return None

    def _resolve_outside_change(self) -> bool:
        """Ask whether to reload the file changed outside or keep this version."""
        reload = dialogs.confirm(
            self,
            "Diary changed outside the app",
            f"{self.diary.path} was changed by another program since Recovery Diary "
            "opened it (a sync folder or another computer?).\n\nYes: load that version "
            "(what you just typed stays in the form).\nNo: keep this app's version "
            "and write it over the file.",
        )
        try:
            if reload:
                self.sessionForm.dirty = True  # what was typed stays in the form
                self.diary.reload()
                self.diary_replaced()
                return False
            self.diary.keep_mine()
        except (DiaryFileError, OSError) as exc:
            reason = getattr(exc, "problem", None) or getattr(exc, "strerror", None) or str(exc)
            dialogs.warn(self, "Not saved", f"The diary could not be brought up to date: {reason}")
            return False
        return True

    def diary_replaced(self) -> None:
        """The diary in memory was read again (reload, restore): forget what points into it."""
        # Cleared later: this may run inside an undo command of the stack itself.
        QTimer.singleShot(0, self.undoStack.clear)
        form = self.sessionForm
        if form.editing is not None and form.editing.id is not None:
            typed = form.session().replace(id=None)
            form.load(typed, editing=False)
            self.statusBar().showMessage(
                "The diary was read again; what you typed is kept as a new session", 8000
            )

    def _on_form_submitted(self, session: Session) -> None:
        if not self._second_run_agreed(session):
            return
        # A save can fulfil a stored plan of that day: undo must give the plan back.
        prior: dict[int | None, Session | None] = {
            s.id: s for s in self.diary.recorded(session.date, session.date)
        }
        if session.id is not None:
            prior[session.id] = self._stored(session.id)
        store = self.diary.update if session.id is not None else self.diary.record
        try:
            saved = self._write(lambda: store(session))
        except InvalidSession as exc:
            self.sessionForm.show_errors(exc.errors)
            return
        if saved is None:
            return
        self.undoStack.push(
            SessionCommand(self.diary, prior.get(saved.id), saved, self._after_undo, self._write)
        )
        self.statusBar().showMessage(f"Saved: {saved.date:%a %d %b}", 4000)
        self.select_day(saved.date)

    def _second_run_agreed(self, session: Session) -> bool:
        """A second done run on one day is rare: ask before saving it."""
        if not (session.is_run and session.is_done):
            return True
        day = session.date
        runs = [s for s in self.diary.recorded(day, day) if s.is_run and s.is_done]
        if not [s for s in runs if s.id != session.id]:
            return True
        return dialogs.confirm(
            self,
            "A second run on one day",
            f"{day:%A %d %B} already has a run recorded. The programme plans one run "
            "a day. Save this one as a second run?",
        )

    def _on_tick_off(self, plan: Session) -> None:
        notes = plan.notes if plan.id is not None else ""
        self.sessionForm.load(plan.replace(status=DONE, notes=notes), editing=plan.id is not None)
        focus_to_type(self.sessionForm.painSpins["pain_before"])

    def _on_next_morning(self, run: Session | None) -> None:
        if run is None:
            return
        self.select_day(run.date)
        self.sessionForm.load(run)
        focus_to_type(self.sessionForm.painSpins["pain_next_morning"])

    def _on_delete(self, session: Session) -> None:
        if session.id is None:
            return
        if not dialogs.confirm(
            self,
            "Delete session",
            f"Delete the session of {session.date:%A %d %B %Y}?\n\n"
            "Edit → Undo (Ctrl+Z) brings it back.",
        ):
            return
        session_id = session.id
        removed = self._write(lambda: self.diary.delete(session_id))
        if removed is not None:
            self.undoStack.push(
                SessionCommand(self.diary, removed, None, self._after_undo, self._write)
            )
            self.statusBar().showMessage("Session deleted (Ctrl+Z brings it back)", 4000)
            self._show_day(self.day)

    def _on_check_in_action(self) -> None:
        focus_to_type(self.dayPanel.checkInPainSpin)

    def _on_build_up_toggled(self) -> None:
        if not self.programme.build_up_toggled(self.buildUpAction.isChecked()):
            self.buildUpAction.setChecked(False)

    def _stored(self, session_id: int | None) -> Session | None:
        try:
            return self.diary.get(session_id) if session_id is not None else None
        except KeyError:
            return None

    def _after_undo(self) -> None:
        self.statusBar().clearMessage()  # it told of the change just undone (or redone)
        self._show_day(self.day)

    def _on_settings(self) -> None:
        answer = SettingsDialog.ask(self, self.diary.settings, DisplayPrefs.load())
        if answer is None:
            return
        programme_settings, prefs = answer
        prefs.save()
        self._apply_prefs(prefs)
        self.programme.update_settings(programme_settings)

    def _apply_prefs(self, prefs: DisplayPrefs, refresh: bool = True) -> None:
        apply_theme(prefs.theme)
        self.calendar.setFirstDayOfWeek(prefs.first_day_of_week)
        if refresh:
            self.refresh()

    # -- showing -----------------------------------------------------------
    def _on_diary_changed(self, change: Change) -> None:
        settings = self.diary.settings
        self.buildUpAction.setChecked(bool(settings and settings.build_up))
        if not self.sessionForm.dirty:
            # A check-in or a new plan can change what the day's session should be.
            self._fill_form(self.day)

    def refresh(self) -> None:
        """Show the diary as it now is, as after a change (a new day, new preferences)."""
        self.changes.changed.emit(Change("reloaded"))

    # -- window state ------------------------------------------------------
    def on_close(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the window closes (e.g. to release the lock)."""
        self._on_close.append(callback)

    def _fit_to_screen(self) -> None:
        """A first size that fits the screen: all of a small one, most of a large one."""
        room = self.screen().availableGeometry()
        width = min(max(1280, room.width() * 4 // 5), room.width())
        height = min(max(800, room.height() * 17 // 20), room.height())
        self.resize(width, height)
        # The day's column takes a third of a wide window; the calendar two fifths
        # of its height, so the day panel below it has room on a small screen.
        left = max(430, width // 3)
        self.splitter.setSizes([left, width - left])
        calendar = max(240, height * 2 // 5)
        self._splitters[1].setSizes([calendar, height - calendar])

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for splitter in self._splitters:
            state = settings.value(f"window/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        for splitter in self._splitters:
            settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        callbacks, self._on_close = self._on_close, []
        for callback in callbacks:
            callback()
        super().closeEvent(event)
