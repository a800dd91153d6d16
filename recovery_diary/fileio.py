"""File primitives: crash-safe private writes (temp file, fsync, rename), private folders.

The bottom of the package: the diary file (storage) and every export (exports)
write through here, so neither needs the other.

A crash (power cut, SIGKILL) at any moment leaves the target either as it was
or completely replaced. What a crash can leave behind is one temp file named
``.<target name>.<8 random characters>.tmp`` beside the target; a writer
holds an exclusive ``flock`` on its temp file until the rename is done, so
:func:`clean_stale_temps` can tell a crashed writer's leftover (lock free) from
a live writer's file (lock held) and only ever removes the first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

from recovery_diary.core.clock import system_now

try:  # POSIX only; on Windows an open file cannot be deleted, which is just as safe.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
TEMP_SUFFIX = ".tmp"
#: Where a lock cannot tell a live temp file from a stale one, only this old counts as stale.
STALE_AGE_SECONDS = 3600

_BINARY = getattr(os, "O_BINARY", 0)
_TEMP_RANDOM = r"[a-z0-9_]{8}"
# Windows refuses to rename a file that is still open, so there the temp file is
# closed before the rename; POSIX keeps it open (and locked) until the rename is done.
_KEEP_OPEN_THROUGH_RENAME = os.name == "posix"


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by the user only (0700).

    Existing folders are left as they are: one may be the user's own Documents.
    Every folder made here is 0700 whatever the umask.
    """
    folder = Path(folder)
    if folder.is_dir():
        return
    missing = []
    step = folder
    while not step.is_dir():
        missing.append(step)
        if step.parent == step:
            break
        step = step.parent
    for new in reversed(missing):
        try:
            os.mkdir(new, PRIVATE_DIR)
        except FileExistsError:
            if not new.is_dir():
                raise
            continue
        if os.name == "posix":
            # mkdir's mode is filtered by the umask; say exactly what we mean.
            with contextlib.suppress(OSError):
                os.chmod(new, PRIVATE_DIR)


def full_fsync(fd: int) -> None:
    """Flush ``fd`` to the disk itself, not just to the drive's cache where possible."""
    if sys.platform == "darwin" and fcntl is not None and hasattr(fcntl, "F_FULLFSYNC"):
        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # not supported by this file system: a plain fsync is the best there is
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a crash (POSIX)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def temp_pattern(target_name: str | None = None) -> re.Pattern[str]:
    """The names of temp files for ``target_name`` (for any target when None)."""
    target = re.escape(target_name) if target_name is not None else r".+"
    return re.compile(rf"\.{target}\.{_TEMP_RANDOM}{re.escape(TEMP_SUFFIX)}")


def _lock(fd: int, blocking: bool) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        return True
    flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
    try:
        fcntl.flock(fd, flags)
    except BlockingIOError:
        return False
    except OSError:
        # A file system without flock (some network shares): the lock cannot
        # protect anything there, so the cleaner falls back to the file's age.
        return True
    return True


def _open_temp(folder: Path, target_name: str) -> tuple[int, str]:
    """Create a new private temp file for ``target_name``, locked; return (fd, name)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY
    while True:
        name = os.path.join(folder, f".{target_name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            fd = os.open(name, flags, PRIVATE_FILE)
        except FileExistsError:
            continue
        _lock(fd, blocking=True)
        # A cleaner may have removed the file between its creation and our
        # lock (it saw an unlocked temp file). Then start again with a new one.
        if os.fstat(fd).st_nlink > 0:
            return fd, name
        os.close(fd)


def write_atomically(
    path: Path, payload: bytes, before_replace: Callable[[], None] | None = None
) -> os.stat_result:
    """Replace ``path`` with ``payload`` so that a crash leaves old or new, never half.

    The temp file is created 0600 beside the target, written, fsynced, then
    renamed over it; the folder is fsynced so the rename itself survives a
    crash. Any failure removes the temp file and re-raises; the target is
    untouched. ``before_replace`` runs after the fsync and just before the
    rename: if it raises, nothing is replaced. Returns the stat of the new
    file (taken from the open file, so a change by someone else straight after
    the rename is not mistaken for ours).
    """
    path = Path(path)
    folder = path.parent
    ensure_private_dir(folder)
    fd, tmp_name = _open_temp(folder, path.name)
    try:
        _write_all(fd, payload)
        full_fsync(fd)
        if os.name == "posix":
            # O_CREAT's 0600 already holds whatever the umask; this is for odd file systems.
            os.fchmod(fd, PRIVATE_FILE)
        if not _KEEP_OPEN_THROUGH_RENAME:  # pragma: no cover - Windows
            os.close(fd)
            fd = -1
        if before_replace is not None:
            before_replace()
        os.replace(tmp_name, path)
        result = os.stat(path) if fd == -1 else os.fstat(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    finally:
        if fd != -1:
            os.close(fd)
    fsync_dir(folder)
    return result


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def clean_stale_temps(folder: Path, target_name: str | None = None) -> list[Path]:
    """Remove temp files a crashed writer left in ``folder``; return what was removed.

    Only files named like our temp files (for ``target_name``, or any target
    when None), owned by this user and not locked by a live writer are removed.
    """
    folder = Path(folder)
    pattern = temp_pattern(target_name)
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if pattern.fullmatch(name) and _remove_if_stale(folder / name):
            removed.append(folder / name)
    if removed:
        fsync_dir(folder)
    return removed


def _remove_if_stale(candidate: Path) -> bool:
    try:
        info = os.lstat(candidate)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if fcntl is None:  # pragma: no cover - Windows: no lock to ask, so ask the clock
        if time.time() - info.st_mtime < STALE_AGE_SECONDS:
            return False
        with contextlib.suppress(OSError):
            os.unlink(candidate)
            return True
        return False
    try:
        fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live writer holds it
        except OSError:
            if time.time() - info.st_mtime < STALE_AGE_SECONDS:
                return False
        if os.fstat(fd).st_ino != info.st_ino:
            return False
        try:
            os.unlink(candidate)
        except OSError:
            return False
        return True
    finally:
        os.close(fd)


# -- keeping files aside ----------------------------------------------------------
def aside_path(path: Path, label: str, when: dt.datetime | None = None) -> Path:
    """A free name beside ``path``: ``<name>.<label>-YYYYmmddTHHMMSS`` (``-2``, ... if taken)."""
    path = Path(path)
    stamp = f"{(when or system_now()):%Y%m%dT%H%M%S}"
    candidate = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
        number += 1
    return candidate


def move_aside(path: Path, label: str = "set-aside") -> Path:
    """Rename ``path`` to a timestamped name beside it and return the new name.

    Nothing is copied or deleted: the same file, byte for byte, under a name
    like ``diary.json.set-aside-20240501T093000``. Afterwards ``path`` is free.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"There is no file {path} to move aside.")
    target = aside_path(path, label)
    try:
        # link + unlink never replaces a file that appeared under the new name.
        os.link(path, target)
    except OSError:
        if os.path.lexists(target):
            raise
        os.rename(path, target)  # no hard links here (FAT, some shares)
    else:
        os.unlink(path)
    fsync_dir(path.parent)
    return target


def copy_aside(path: Path, label: str) -> Path:
    """Keep a private copy of ``path`` beside it under a timestamped name; return it."""
    path = Path(path)
    target = aside_path(path, label)
    write_atomically(target, path.read_bytes())
    return target
