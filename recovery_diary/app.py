"""Start-up: the command line, the single-writer lock, the backup, the window.

This module wires the Qt-free core and storage to the Qt widgets; it is the
only place besides ``ui/`` that imports PySide6.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from recovery_diary import platform_check
from recovery_diary.core.clock import Today
from recovery_diary.core.errors import DiaryFileError, DiaryWriteError
from recovery_diary.paths import APP_NAME, DIARY_NAME, default_data_file
from recovery_diary.version import __version__

DISPLAY_NAME = "Recovery Diary"

EXIT_OK, EXIT_ERROR, EXIT_BAD_FILE, EXIT_LOCKED = 0, 1, 2, 3


class DiaryLockedError(RuntimeError):
    """The diary is open in another copy of the app."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} is open in another copy of Recovery Diary. Close that copy first "
            "(only one copy at a time may write to a diary)."
        )


def _set_names() -> None:
    from PySide6.QtCore import QCoreApplication

    # Both names: QSettings then lives under ~/.config/recovery-diary/ (not
    # "Unknown Organization"), the folder the diary's own data uses.
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)


def acquire_lock(path: Path):  # -> QLockFile
    """Take the single-writer lock of ``path`` or raise DiaryLockedError.

    A lock left by a crashed copy is stale (its process is gone) and is taken over.
    """
    from PySide6.QtCore import QLockFile

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)  # stale only when the owner process is gone
    if not lock.tryLock(100):
        raise DiaryLockedError(path)
    with contextlib.suppress(OSError):
        os.chmod(str(path) + ".lock", 0o600)
    return lock


def _application():
    from PySide6.QtWidgets import QApplication

    _set_names()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName(DISPLAY_NAME)
    from PySide6.QtGui import QIcon

    from recovery_diary.resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icon.png"))))
    if not app.styleSheet():  # once per process: re-setting a sheet re-polishes every widget
        app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    return app


def build_window(
    data_file: str | os.PathLike[str], *, backup: bool = True, today: Today | None = None
):
    """Do everything a start does except showing the window and running the loop.

    Takes the single-writer lock (released when the window closes), makes the
    start-up backup (``backup=False`` for runs no person sees), opens the diary,
    fills the calendar and the chart, and returns the main window.
    Raises DiaryLockedError or DiaryFileError.
    """
    _application()
    from recovery_diary.diary import Diary
    from recovery_diary.ui.main_window import MainWindow

    path = Path(data_file).expanduser().absolute()
    lock = acquire_lock(path)
    try:
        diary = Diary.open(path, today)
        problem = None
        if backup:
            try:
                diary.backup("start")
            except OSError as exc:
                # The diary itself is fine: open it, and say the backup failed.
                problem = f"No backup could be made this time: {exc.strerror or exc}."
        window = MainWindow(diary)
        window.startup_problem = problem
    except BaseException:
        lock.unlock()
        raise
    window.on_close(lock.unlock)
    window.on_close(diary.close)
    return window


# -- the command line -------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="A diary that takes a runner back from back pain to running.",
    )
    parser.add_argument("--data-file", metavar="PATH", help="open or create this diary file")
    parser.add_argument(
        "--demo", action="store_true", help="open a generated demo diary in a temporary file"
    )
    parser.add_argument(
        "--make-demo", metavar="PATH", help="write a realistic demo diary to PATH and exit"
    )
    parser.add_argument(
        "--years",
        type=int,
        default=1,
        metavar="N",
        help="with --make-demo: years of use to generate (default 1)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, draw the chart, print SMOKE OK and exit",
    )
    parser.add_argument(
        "--screenshot", metavar="PNG", help="render the main window to a PNG file and exit"
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    return code


def make_demo(path: Path, years: int) -> int:
    from recovery_diary.demo import write_demo

    if not 1 <= years <= 200:
        return _fail("--years must be a whole number from 1 to 200.", EXIT_ERROR)
    _set_names()
    try:
        lock = acquire_lock(path)
    except DiaryLockedError as exc:
        return _fail(str(exc), EXIT_LOCKED)
    try:
        diary = write_demo(path, years=years)
    except FileExistsError:
        return _fail(f"{path} already exists; the demo never overwrites a file.", EXIT_ERROR)
    finally:
        lock.unlock()
    count = len(diary.recorded()) + len(diary.check_ins())
    print(f"Wrote a demo diary of {years} year(s), {count} records, to {path}")
    return EXIT_OK


def _demo_file() -> Path:
    from recovery_diary.demo import write_demo_in_progress

    folder = Path(tempfile.mkdtemp(prefix="recovery-diary-demo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / DIARY_NAME
    write_demo_in_progress(path)
    return path


def _run_headless(window, args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if args.screenshot:
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.chartView.canvas.draw()
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close()
        if not ok:
            return _fail(f"could not write {args.screenshot}.", EXIT_ERROR)
        print(f"Wrote {args.screenshot}")
        return EXIT_OK

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                QTimer.singleShot(0, lambda: app.exit(EXIT_OK))
            return False

    watcher = FirstPaint()
    window.chartView.canvas.installEventFilter(watcher)
    QTimer.singleShot(30_000, lambda: app.exit(EXIT_ERROR))
    window.chartView.canvas.draw()
    window.show()
    code = app.exec()
    window.close()
    if code == EXIT_OK:
        print("SMOKE OK", flush=True)
    else:
        _fail("the window painted no frame within 30 seconds.", code)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.make_demo:
        return make_demo(Path(args.make_demo).expanduser().absolute(), args.years)
    problem = platform_check.check(os.environ)
    if problem:  # said in plain words before Qt fails with its own message
        print(problem, file=sys.stderr)
        return platform_check.EXIT_MISSING_LIBRARIES
    headless = bool(args.smoke_test or args.screenshot)
    if args.demo:
        path = _demo_file()
    elif args.data_file:
        path = Path(args.data_file)
    else:
        path = default_data_file()
    if headless:
        try:
            window = build_window(path, backup=False)
        except DiaryLockedError as exc:
            return _fail(str(exc), EXIT_LOCKED)
        except DiaryFileError as exc:
            return _fail(f"{exc.path} can't be opened: {exc.problem}", EXIT_BAD_FILE)
        except DiaryWriteError as exc:
            return _fail(f"{path} can't be created: {exc.strerror}", EXIT_BAD_FILE)
        return _run_headless(window, args)
    return run_interactive(path)


def run_interactive(path: Path) -> int:
    """Open the diary for a person: explain any problem in a dialog, then run."""
    from PySide6.QtCore import QSettings

    from recovery_diary.diary import newest_backup, restore_from_backup
    from recovery_diary.ui import dialogs

    app = _application()
    path = Path(path).expanduser().absolute()
    _offer_backup_of_missing_diary(path)
    while True:
        try:
            window = build_window(path)
            break
        except DiaryLockedError as exc:
            dialogs.warn(None, "Diary already open", str(exc))
            return EXIT_LOCKED
        except DiaryWriteError as exc:
            dialogs.warn(None, "Diary can't be created", f"{path}: {exc.strerror}")
            return EXIT_BAD_FILE
        except DiaryFileError as exc:
            backup = newest_backup(path)
            choice = dialogs.ask_bad_file(None, exc, backup)
            if choice == "restore" and backup is not None:
                restore_from_backup(path, backup)
                continue
            other = dialogs.ask_diary_file(None, path.parent) if choice == "open" else None
            if other is None:
                return EXIT_BAD_FILE
            path = other.expanduser().absolute()
    settings = QSettings()
    if not settings.value("disclaimer/accepted", False, type=bool):
        if not dialogs.accept_disclaimer(window):
            window.close()
            return EXIT_OK
        settings.setValue("disclaimer/accepted", True)
    window.show()
    if getattr(window, "startup_problem", None):
        dialogs.warn(window, "Backup not made", window.startup_problem)
    return app.exec()


def _offer_backup_of_missing_diary(path: Path) -> None:
    """A diary file gone missing while backups remain: offer the newest back."""
    from recovery_diary.diary import newest_backup, restore_from_backup
    from recovery_diary.ui import dialogs

    if path.exists():
        return
    backup = newest_backup(path)
    if backup is None:
        return
    if dialogs.confirm(
        None,
        "Diary file missing",
        f"{path} is missing, but backups of it exist. Restore the newest one "
        f"({dialogs.describe_backup(backup)})?\n\nNo starts a new, empty diary.",
    ):
        restore_from_backup(path, backup)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
