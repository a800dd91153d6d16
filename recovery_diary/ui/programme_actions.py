"""The Programme menu's and the day panel's actions: start, check in, red flags, pauses.

Each handler asks what a person must answer, writes through the Diary, and
pushes an undo command; the views redraw from the diary's change signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QUndoStack

from recovery_diary.core import programme
from recovery_diary.core.checkin import CheckIn, red_flag_message
from recovery_diary.core.errors import InvalidSession
from recovery_diary.diary import Diary
from recovery_diary.ui import dialogs
from recovery_diary.ui.undo import DiaryCommand

if TYPE_CHECKING:
    from recovery_diary.ui.main_window import MainWindow

T = TypeVar("T")
Write = Callable[[Callable[[], T]], T | None]


class ProgrammeActions:
    """What the window does for the programme, on behalf of ``window``."""

    def __init__(
        self, window: MainWindow, diary: Diary, write: Write, undo_stack: QUndoStack
    ) -> None:
        self._window = window
        self._diary = diary
        self._write = write
        self._undo = undo_stack

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 4000)

    # -- check-ins and red flags -------------------------------------------
    def _check_in(self, title: str, day: dt.date, **answer: object) -> CheckIn | None:
        diary = self._diary
        before = next(iter(diary.check_ins(day, day)), None)
        try:
            done = self._write(lambda: diary.check_in(day, **answer))  # type: ignore[arg-type]
        except InvalidSession as exc:
            dialogs.warn(self._window, title, " ".join(exc.errors.values()))
            return None
        if done is None:
            return None

        def undo() -> object:
            if before is None:
                assert done.id is not None
                return diary.delete_check_in(done.id)
            return diary.restore_check_in(before)

        verb = "Report red flags" if answer.get("red_flags") else "Check in"
        self._undo.push(
            DiaryCommand(
                f"{verb} on {day:%d %b}", undo, lambda: diary.restore_check_in(done), self._write
            )
        )
        return done

    def check_in(self, day: dt.date, pain: int, notes: str = "") -> None:
        done = self._check_in("Check-in not saved", day, pain=pain, notes=notes)
        if done is not None:
            self._status(f"Checked in: back pain {pain}/10 (Ctrl+Z takes it back)")

    def red_flags(self, day: dt.date) -> None:
        flags = dialogs.RedFlagDialog.ask(self._window, day)
        if not flags:
            return
        done = self._check_in("Not saved", day, pain=None, red_flags=flags)
        if done is not None:
            dialogs.warn(self._window, "Programme paused", red_flag_message(done.red_flags))

    def lift_pause(self, day: dt.date) -> None:
        diary = self._diary
        if diary.advice(day).action != programme.PAUSED:
            dialogs.inform(
                self._window, "Not paused", f"The programme is not paused on {day:%d %B}."
            )
            return
        cleared_by = dialogs.LiftPauseDialog.ask(self._window, day)
        if cleared_by is None:
            return

        def lift() -> bool:
            diary.lift_pause(day, cleared_by)
            return True

        if self._write(lift) is not None:
            self._undo.push(
                DiaryCommand(
                    f"Lift the pause on {day:%d %b}",
                    lambda: diary.undo_lift(day),
                    lambda: diary.lift_pause(day, cleared_by),
                    self._write,
                )
            )
            self._status("Pause lifted (Ctrl+Z puts it back)")

    def readiness(self, day: dt.date) -> None:
        answer = dialogs.ReadinessDialog.ask(self._window, day)
        if answer is None:
            return
        walk_ok, hops_ok = answer
        self._write(lambda: self._diary.answer_readiness(day, walk_ok, hops_ok))

    # -- the programme -----------------------------------------------------
    def start_programme(self) -> None:
        diary, window = self._diary, self._window
        if diary.settings is not None and not dialogs.confirm(
            window,
            "Restart the programme",
            f"A programme started on {diary.settings.start:%A %d %B %Y} is under way. "
            "Restarting plans it afresh from a new start date; your recorded sessions "
            "and check-ins stay as they are. Restart?",
        ):
            return
        answer = dialogs.StartProgrammeDialog.ask(window, window.day)
        if answer is None:
            return
        start, settings = answer
        try:
            done = self._write(lambda: diary.start_programme(start, **settings))
        except InvalidSession as exc:
            dialogs.warn(window, "Programme not started", " ".join(exc.errors.values()))
            return
        if done is not None:
            window.select_day(start)

    def start_running(self) -> None:
        day = self._window.day
        planned = self._diary.timeline.first_run_day
        text = f"Plan the first run on {day:%A %d %B}, ending the low-impact phase there?"
        if planned is not None and planned > day:
            # Say what is being overruled: the plan as it stands, not a rule that may not apply.
            text += (
                f" The programme plans it for {planned:%A %d %B}: running sooner cuts the "
                "low-impact phase short, so only do it if your physio agrees."
            )
        if not dialogs.confirm(self._window, "Start running", text):
            return
        try:
            self._write(lambda: self._diary.start_running(day))
        except ValueError as exc:
            dialogs.warn(self._window, "First run not planned", str(exc))

    def build_up_toggled(self, enabled: bool) -> bool:
        """Turn the build-up on or off; False when there is no programme to change."""
        diary = self._diary
        try:
            done = self._write(lambda: diary.start_build_up(enabled))
        except ValueError as exc:
            dialogs.warn(self._window, "No programme", str(exc))
            return False
        if done is not None:
            self._undo.push(
                DiaryCommand(
                    f"Turn the build-up {'on' if enabled else 'off'}",
                    lambda: diary.start_build_up(not enabled),
                    lambda: diary.start_build_up(enabled),
                    self._write,
                )
            )
        return True

    def update_settings(self, changes: dict[str, int]) -> None:
        diary = self._diary
        if not changes or diary.settings is None:
            return
        before = {name: getattr(diary.settings, name) for name in changes}
        try:
            done = self._write(lambda: diary.update_settings(**changes))
        except InvalidSession as exc:
            dialogs.warn(self._window, "Settings not saved", " ".join(exc.errors.values()))
            return
        if done is not None and before != changes:
            self._undo.push(
                DiaryCommand(
                    "Change the programme's settings",
                    lambda: diary.update_settings(**before),
                    lambda: diary.update_settings(**changes),
                    self._write,
                )
            )
