"""The window's start: the Qt application, the window built on an open diary, and the
collector turned back on once it is up. The command line (``app``) drives these.
"""

from __future__ import annotations

import gc
import linecache
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_diary.core.clock import Today
from recovery_diary.paths import APP_NAME
from recovery_diary.ui.opening import acquire_lock, start_backup
from recovery_diary.version import __version__

if TYPE_CHECKING:
    from recovery_diary.diary import Diary

DISPLAY_NAME = "Recovery Diary"


def set_names() -> None:
    from PySide6.QtCore import QCoreApplication

    # Both names: QSettings then lives under ~/.config/recovery-diary/ (not
    # "Unknown Organization"), the folder the diary's own data uses.
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)


def import_plotting_first() -> None:
    """Import numpy, matplotlib and the chart's Qt-free code before PySide6.

    Once PySide6 is imported, its import hook (kept for ``from __feature__
    import ...``) reads the source of every module imported after it, to see
    whether it mentions PySide6, and :mod:`linecache` keeps that text for the
    rest of the run: about 18 MiB for numpy and matplotlib, and a tenth of a
    second spent reading it. Imported first, they are never read.
    """
    import matplotlib.backends.backend_agg  # noqa: F401

    import recovery_diary.exports.progress_figure  # noqa: F401


def application():
    import_plotting_first()
    from PySide6.QtWidgets import QApplication

    set_names()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName(DISPLAY_NAME)
    from PySide6.QtGui import QIcon

    from recovery_diary.resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icon.png"))))
    if not app.styleSheet():  # once per process: re-setting a sheet re-polishes every widget
        app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    return app


def build_window(
    data_file: str | os.PathLike[str],
    *,
    backup: bool = True,
    today: Today | None = None,
    take_over: bool = False,
    merge: Callable[[Diary], None] | None = None,
):
    """Do everything a start does except showing the window and running the loop.

    Takes the single-writer lock (released when the window closes), makes the
    start-up backup (``backup=False`` for runs no person sees), opens the diary,
    fills the calendar and the chart, and returns the main window.
    ``take_over`` opens a diary locked by another computer (see
    :func:`acquire_lock`); ``merge(diary)``, if given, is called before the
    window is built, to offer the conflict copies found beside the diary.
    Raises DiaryLockedError, DiaryPlaceError or DiaryFileError.
    """
    application()
    from recovery_diary.diary import Diary
    from recovery_diary.ui.main_window import MainWindow

    # The window's modules came after PySide6, so their source (and that of every
    # module they name) was read and kept: a cache, dropped before the diary is read.
    linecache.clearcache()

    path = Path(data_file).expanduser().absolute()
    lock = acquire_lock(path, take_over=take_over)
    try:
        diary = Diary.open(path, today)
        problem = start_backup(diary) if backup else None
        if merge is not None:
            merge(diary)
        window = MainWindow(diary)
        window.startup_problem = problem  # type: ignore[attr-defined]  # shown once painted
    except BaseException:
        lock.unlock()
        raise
    window.on_close(diary.close)  # first: closing may still tidy the backups
    window.on_close(lock.unlock)
    return window


def after_first_frame() -> None:
    """Turn the collector on, sparing it what the start built to keep.

    A start creates a few hundred thousand long-lived objects (Qt and
    matplotlib's modules, the diary's records) and frees almost none, so the
    collections their allocations trigger walk them all again for nothing: a
    third of a second of a start. ``main`` keeps the collector off until the
    window is up (and turns it back on however it ends); this runs then.

    ``gc.freeze`` moves every object alive now (modules, widgets, records)
    out of the collector's sight, so later collections only look at what is
    made after the start, and a save stays as quick with a long history.
    """
    gc.freeze()
    gc.enable()
