"""Opening a diary for the window: the single-window lock, the start-up backup and the
sync conflict copies.

Qt is imported inside the functions, so that the command line's quick runs
(``--version``, ``--make-demo``) start fast.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from recovery_diary.core.errors import (
    DiaryFileError,
    DiaryLockedError,
    DiaryPlaceError,
    DiaryWriteError,
)


def acquire_lock(path: Path, *, take_over: bool = False):  # -> QLockFile
    """Take the single-window lock of ``path`` or raise why it can't be taken.

    (One window per diary; every write also takes the diary's write lock.)

    The diary's folder is checked first (DiaryPlaceError: full, read-only,
    no permission, can't be created, a missing symlink target). The lock is
    ``<real path>.lock``, so a symlink or ``..`` path meets the same lock. A
    lock left by a crashed copy on this computer is taken over; one held by a
    live copy, or naming another computer (a synced folder), raises
    DiaryLockedError (``host`` names that computer). ``take_over=True`` removes
    such a foreign lock first: only when a person said so.
    """
    from PySide6.QtCore import QLockFile

    from recovery_diary.diary import check_diary_place

    real = check_diary_place(path)
    lock_path = f"{real}.lock"
    lock = QLockFile(lock_path)
    lock.setStaleLockTime(0)  # stale only when the owner process is gone
    if take_over:
        lock.removeStaleLockFile()
    if not lock.tryLock(100):
        raise _lock_problem(path, lock, lock_path)
    with contextlib.suppress(OSError):
        os.chmod(lock_path, 0o600)
    return lock


def _lock_problem(path: Path, lock, lock_path: str) -> DiaryWriteError:
    import datetime as dt

    from PySide6.QtCore import QLockFile, QSysInfo

    if lock.error() != QLockFile.LockError.LockFailedError:
        return DiaryPlaceError(
            "permission",
            f"The lock file {lock_path} can't be made or read (permission denied?), so the "
            "diary can't be opened safely. Nothing was changed.",
            path,
        )
    info = lock.getLockInfo()
    host = info[1] if isinstance(info, tuple) and len(info) == 3 else ""
    if not host or host == QSysInfo.machineHostName():
        return DiaryLockedError(path)
    try:
        since = dt.datetime.fromtimestamp(os.stat(lock_path).st_mtime)
    except OSError:
        since = None
    when = f" since {since:%d %B %Y, %H:%M}" if since else ""
    return DiaryLockedError(
        path,
        f"{path} is marked as open in Recovery Diary on the computer “{host}”{when} "
        f"(lock file {lock_path}). If it is still open there, close it there and let the "
        "folder sync first. If that computer crashed or is switched off, the diary can be "
        "opened here anyway.",
        host=host,
        since=since,
    )


def start_backup(diary) -> str | None:
    """Make a start's backup of ``diary``; None, or the words to show when it failed.

    The diary is opened all the same: it is fine, only its copy is missing.
    Deleting the backups past ten waits until the window is up (the window
    calls ``diary.tidy_backups()`` after its first frame).
    """
    try:
        diary.backup("start", tidy_now=False)
    except OSError as exc:
        return f"No backup could be made this time: {exc.strerror or exc}."
    return None


def offer_conflict_merges(diary) -> None:
    """Offer each sync tool's conflict copy beside the diary for merging (asks a person)."""
    from recovery_diary.ui import dialogs

    for copy in diary.conflict_copies():
        if not dialogs.ask_merge_conflict(None, diary.path, copy):
            continue
        try:
            result = diary.merge_conflict_copy(copy)
        except (DiaryFileError, OSError) as exc:
            dialogs.warn(None, "Conflict copy not merged", f"{copy} was not merged: {exc}")
            continue
        dialogs.inform(
            None,
            "Conflict copy merged",
            f"Added {result.sessions} session(s) and {result.check_ins} check-in(s) from "
            f"{copy.name}. The copy is kept as {result.set_aside.name}.",
        )
