"""The window's menus: one table of actions, built into the menu bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from recovery_diary.ui.main_window import MainWindow

Entry = tuple[str, str, Callable[[], object], str | QKeySequence.StandardKey | None] | None


def build_menus(window: MainWindow) -> None:
    """Fill ``window``'s menu bar; each action has an object name for tests and shortcuts."""
    keys = QKeySequence.StandardKey
    menus: dict[str, list[Entry]] = {
        "&File": [
            ("actionOpenDiary", "&Open diary…", lambda: _open_diary(window), keys.Open),
            None,
            ("newSessionAction", "&New session", window._on_new_session, keys.New),
            (
                "saveSessionAction",
                "&Save session",
                window.sessionForm.saveButton.click,
                keys.Save,
            ),
            None,
            ("importCsvAction", "&Import sessions from CSV…", window.files.import_csv, None),
            ("exportCsvAction", "&Export sessions as CSV…", window.files.export_csv, None),
            (
                "exportReportAction",
                "Export &report for your physio (PDF)…",
                window.files.export_report,
                "Ctrl+P",
            ),
            (
                "exportCalendarAction",
                "Export planned sessions to a &calendar…",
                window.files.export_calendar,
                None,
            ),
            ("saveChartAction", "Save chart &image…", window.chartView.saveButton.click, None),
            ("importWatchAction", "Import from &watch…", window.watch.import_activities, None),
            ("exportWorkoutsAction", "Export &workouts…", window.watch.export_workouts, None),
            None,
            ("restoreBackupAction", "Restore from &backup…", window.files.restore_backup, None),
            ("settingsAction", "Se&ttings…", window._on_settings, "Ctrl+,"),
            ("quitAction", "&Quit", window.close, keys.Quit),
        ],
        "&Edit": [],
        "&View": [
            ("todayAction", "&Today", lambda: window.select_day(window.diary.today()), "Ctrl+T"),
            ("previousDayAction", "&Previous day", lambda: window._move_days(-1), "Alt+Left"),
            ("nextDayAction", "&Next day", lambda: window._move_days(1), "Alt+Right"),
            (
                "previousMonthAction",
                "Previous &month",
                lambda: window._move_months(-1),
                "Ctrl+PgUp",
            ),
            ("nextMonthAction", "Next m&onth", lambda: window._move_months(1), "Ctrl+PgDown"),
        ],
        "&Programme": [
            (
                "startProgrammeAction",
                "&Start the programme…",
                window.programme.start_programme,
                None,
            ),
            (
                "startRunningAction",
                "Start &running on the selected day…",
                window.programme.start_running,
                None,
            ),
            ("checkInAction", "&Check in…", window._on_check_in_action, "Ctrl+K"),
            (
                "redFlagAction",
                "Report a &red flag…",
                lambda: window.programme.red_flags(window.day),
                None,
            ),
            (
                "liftPauseAction",
                "&Lift the pause…",
                lambda: window.programme.lift_pause(window.day),
                None,
            ),
            (
                "buildUpAction",
                "&Build-up phase (beyond the article)",
                window._on_build_up_toggled,
                None,
            ),
        ],
        "&Help": [
            (
                "aboutAction",
                "&About Recovery Diary…",
                lambda: _about(window),
                None,
            )
        ],
    }
    bar = window.menuBar()
    for title, entries in menus.items():
        menu = bar.addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            name, text, slot, shortcut = entry
            action = QAction(text, window)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
        if title == "&Edit":
            undo = window.undoStack.createUndoAction(window, "&Undo")
            undo.setObjectName("undoAction")
            undo.setShortcut(QKeySequence(keys.Undo))
            redo = window.undoStack.createRedoAction(window, "&Redo")
            redo.setObjectName("redoAction")
            redo.setShortcut(QKeySequence(keys.Redo))
            menu.addActions([undo, redo])
    build_up = window.findChild(QAction, "buildUpAction")
    assert build_up is not None
    build_up.setCheckable(True)
    window.buildUpAction = build_up


# What only a menu action needs is imported when the action is first used.
def _open_diary(window: MainWindow) -> None:
    from recovery_diary.ui import open_diary

    open_diary.ask_and_open(window)


def _about(window: MainWindow) -> None:
    from recovery_diary.ui.about_dialog import AboutDialog

    AboutDialog.show_for(window, str(window.diary.path))
