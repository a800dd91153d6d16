"""Start-up: the command line, the single-writer lock, the backup, the window.

This module and :mod:`startup` (the Qt application and the window built on a
diary) wire the Qt-free core and storage to the Qt widgets; they are the only
places besides ``ui/`` that import PySide6.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_diary import platform_check
from recovery_diary.core.bulk import cycle_collector_paused
from recovery_diary.core.errors import (
    DiaryFileError,
    DiaryLockedError,
    DiaryPlaceError,
    DiaryWriteError,
)
from recovery_diary.paths import APP_NAME, DIARY_NAME, default_data_file
from recovery_diary.startup import (
    DISPLAY_NAME,
    after_first_frame,
    application,
    build_window,
    import_plotting_first,
    set_names,
)
from recovery_diary.ui.opening import acquire_lock, offer_conflict_merges
from recovery_diary.version import __version__

if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_ERROR, EXIT_BAD_FILE, EXIT_LOCKED = 0, 1, 2, 3
#: What is wrong with the diary's place -> exit status of a run that shows no window.
PLACE_EXITS = {
    "disk-full": 4,
    "read-only": 5,
    "permission": 6,
    "cannot-create": 7,
    "missing-target": 8,
}
#: ... and the title of the message a person sees.
PLACE_TITLES = {
    "disk-full": "Disk full",
    "read-only": "Diary folder is read-only",
    "permission": "Permission denied",
    "cannot-create": "Diary folder can't be created",
    "missing-target": "Diary's folder not connected",
}
__all__ = [
    "DISPLAY_NAME",
    "DiaryLockedError",
    "acquire_lock",
    "after_first_frame",
    "build_window",
    "main",
]


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
    set_names()
    try:
        lock = acquire_lock(path)
    except DiaryLockedError as exc:
        return _fail(str(exc), EXIT_LOCKED)
    except DiaryPlaceError as exc:
        return _fail(str(exc), PLACE_EXITS[exc.kind])
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


def _save_private_png(pixmap, path: Path) -> bool:
    """Write ``pixmap`` as a PNG readable by the user only (0600, whatever the umask)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        return False
    buffer.close()
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
        )
        with os.fdopen(fd, "wb") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), 0o600)  # an existing file keeps its mode otherwise
            handle.write(data.data())
    except OSError:
        return False
    return True


def _run_headless(window, args: argparse.Namespace) -> int:
    from PySide6.QtCore import QTimer

    from recovery_diary.ui.first_paint import after_first_paint

    app = application()
    if args.screenshot:
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.chartView.canvas.draw()
        app.processEvents()
        ok = _save_private_png(window.grab(), Path(args.screenshot))
        window.close()
        if not ok:
            return _fail(f"could not write {args.screenshot}.", EXIT_ERROR)
        print(f"Wrote {args.screenshot}")
        return EXIT_OK

    after_first_paint(window.chartView.canvas, lambda: app.exit(EXIT_OK))
    QTimer.singleShot(30_000, lambda: app.exit(EXIT_ERROR))
    # The chart's draw is pending: the canvas draws it as it paints its first frame,
    # as in a real start (drawing it here first drew it twice).
    window.show()
    QTimer.singleShot(0, after_first_frame)
    code = app.exec()
    window.close()
    if code == EXIT_OK:
        print("SMOKE OK", flush=True)
    else:
        _fail("the window painted no frame within 30 seconds.", code)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    with cycle_collector_paused():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
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
        except DiaryPlaceError as exc:
            return _fail(str(exc), PLACE_EXITS[exc.kind])
        except DiaryFileError as exc:
            return _fail(f"{exc.path} can't be opened: {exc.problem}", EXIT_BAD_FILE)
        except DiaryWriteError as exc:
            return _fail(f"{path} can't be created: {exc.strerror}", EXIT_BAD_FILE)
        for copy in window.diary.conflict_copies():
            print(
                f"{APP_NAME}: note: a sync tool's conflict copy lies beside the diary: "
                f"{copy} (start the app to merge it)",
                file=sys.stderr,
            )
        return _run_headless(window, args)
    return run_interactive(path)


def run_interactive(path: Path) -> int:
    """Open the diary for a person: explain any problem in a dialog, then run."""
    import_plotting_first()  # before anything of Qt, as in application()
    from PySide6.QtCore import QSettings

    from recovery_diary.diary import newest_backup, restore_from_backup
    from recovery_diary.ui import dialogs

    app = application()
    path = Path(path).expanduser().absolute()
    _offer_backup_of_missing_diary(path)
    take_over = False
    while True:
        try:
            window = build_window(path, take_over=take_over, merge=offer_conflict_merges)
            break
        except DiaryLockedError as exc:
            if exc.host is not None and not take_over and dialogs.ask_open_anyway(None, str(exc)):
                take_over = True
                continue
            if exc.host is None:
                dialogs.warn(None, "Diary already open", str(exc))
            return EXIT_LOCKED
        except DiaryPlaceError as exc:
            dialogs.warn(None, PLACE_TITLES[exc.kind], str(exc))
            return PLACE_EXITS[exc.kind]
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
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, after_first_frame)
    if getattr(window, "startup_problem", None):
        dialogs.warn(window, "Backup not made", window.startup_problem)
    return app.exec()


def _offer_backup_of_missing_diary(path: Path) -> None:
    """A diary file gone missing while backups remain: offer the newest back."""
    from recovery_diary.diary import newest_backup, restore_from_backup
    from recovery_diary.ui import dialogs

    if path.exists() or any(p.is_symlink() and not p.exists() for p in (path, *path.parents)):
        return  # a link whose target is missing is reported, never filled from a backup
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
