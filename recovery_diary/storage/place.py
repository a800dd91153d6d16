"""Where a diary lives: its real path, its write lock, and what is wrong with its folder.

Every write of a diary file happens under an OS lock on a small lock file
beside it (``.<name>.write-lock``), so any number of writers on this computer
(the window, scripts using ``Diary.open``) take turns: each checks the file
as it is at that moment and then replaces it, with no other writer in
between. The lock is an ``flock`` on POSIX and a ``msvcrt`` lock on Windows,
through the ``filelock`` library; it is taken on the resolved real path, so a
symlink or a ``..`` path to the same file meets the same lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from recovery_diary.core.errors import DiaryLockedError, DiaryPlaceError, DiaryWriteError
from recovery_diary.fileio import PRIVATE_FILE, ensure_private_dir

#: How long a writer waits for another to finish its write (a write takes well under a second).
LOCK_WAIT_SECONDS = 15.0
_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file ``path`` names once every symlink and ``..`` is resolved."""
    return Path(os.path.realpath(Path(path).expanduser().absolute()))


def write_lock_path(real: Path) -> Path:
    """The lock file of the diary whose real path is ``real``."""
    return real.with_name(f".{real.name}.write-lock")


def write_lock(real: Path) -> FileLock:
    """The (re-entrant, one per file in a process) write lock of the diary at ``real``."""
    return FileLock(write_lock_path(real), mode=PRIVATE_FILE, is_singleton=True)


@contextlib.contextmanager
def held(real: Path, shown: Path | None = None) -> Iterator[None]:
    """Hold the write lock of the diary at ``real`` (re-entrant) for the block.

    Raises DiaryLockedError if another writer keeps it longer than
    LOCK_WAIT_SECONDS, and DiaryPlaceError/DiaryWriteError if the lock file
    can't be made (a full disk, a read-only folder); ``shown`` is the path
    the messages name (the one the user gave).
    """
    shown = shown or real
    lock = write_lock(real)
    try:
        lock.acquire(timeout=LOCK_WAIT_SECONDS)
    except Timeout as exc:
        raise DiaryLockedError(
            shown,
            f"{shown} is being saved by another program that did not finish "
            f"within {LOCK_WAIT_SECONDS:g} seconds, so nothing was saved. Try again.",
        ) from exc
    except OSError as exc:
        raise place_error(exc, shown, "saved") from exc
    try:
        yield
    finally:
        lock.release()


def missing_link_target(path: Path) -> Path | None:
    """The first symlink on the way to ``path`` whose target is missing, or None.

    A diary reached through such a link (a USB stick or a synced folder that is
    not mounted) must not silently become a new, empty diary where it points.
    """
    path = Path(path).expanduser().absolute()
    for step in (path, *path.parents):
        if os.path.islink(step) and not os.path.exists(step):
            return step
    return None


def place_error(exc: OSError, path: Path, doing: str = "saved") -> DiaryWriteError:
    """A plain-worded error for ``exc``, which kept the diary at ``path`` from being ``doing``."""
    code = exc.errno or 0
    where = Path(path).parent
    if code in _FULL:
        reason = "the disk quota is used up" if code != errno.ENOSPC else "the disk is full"
        return DiaryPlaceError(
            "disk-full",
            f"The diary can't be {doing} because {reason} ({where}). "
            "Free some space and try again. Nothing in the file was changed.",
            path,
            code,
        )
    if code == errno.EROFS:
        return _read_only(path, code, doing)
    if code in (errno.EACCES, errno.EPERM):
        return DiaryPlaceError(
            "permission",
            f"The diary can't be {doing} because permission was denied "
            f"({exc.filename or path}). Nothing in the file was changed.",
            path,
            code,
        )
    if code == errno.EIO:
        reason = "because the disk reported an error"
    else:
        reason = f"({exc.strerror or exc})"
    message = f"The diary could not be {doing} {reason}. Nothing in the file was changed."
    return DiaryWriteError(code, message, str(path))


def _read_only(path: Path, code: int, doing: str = "saved") -> DiaryPlaceError:
    return DiaryPlaceError(
        "read-only",
        f"The diary can't be {doing} because its folder {Path(path).parent} is read-only. "
        "Nothing in the file was changed.",
        path,
        code,
    )


def check_place(path: str | os.PathLike[str]) -> Path:
    """Check that the diary at ``path`` can be opened and saved; return its real path.

    Creates the diary's folder (0700) if it is missing. Raises DiaryPlaceError
    (``kind`` says which) for a missing symlink target, a folder that can't be
    created, a full disk, a read-only folder or a diary file that can't be
    read; nothing on disk is changed then (no file is left behind).
    """
    shown = Path(path).expanduser().absolute()
    link = missing_link_target(shown)
    if link is not None:
        raise missing_target_error(shown, link)
    real = real_path(shown)
    make_folder(real.parent, shown)
    _probe_writable(real.parent, shown)
    if real.exists():
        try:
            with open(real, "rb") as handle:
                handle.read(1)
        except IsADirectoryError:
            pass  # the diary's own check says it is a folder
        except OSError as exc:
            raise DiaryPlaceError(
                "permission",
                f"{real} can't be read: permission was denied ({exc.strerror}). "
                "Nothing was changed.",
                shown,
                exc.errno or 0,
            ) from exc
    return real


def missing_target_error(shown: Path, link: Path) -> DiaryPlaceError:
    """The error for a diary reached through ``link``, a symlink whose target is missing."""
    return DiaryPlaceError(
        "missing-target",
        f"{link} is a link to {os.readlink(link)}, which is not there (a USB stick or "
        "synced folder not connected?). Connect it and start again; no new diary was made.",
        shown,
        errno.ENOENT,
    )


def make_folder(folder: Path, shown: Path) -> None:
    """Create the diary's folder (0700), or raise DiaryPlaceError saying why it can't be."""
    if folder.is_dir():
        return
    try:
        ensure_private_dir(folder)
    except OSError as exc:
        code = exc.errno or 0
        if code in _FULL or code == errno.EROFS:
            raise place_error(exc, shown, "created") from exc
        raise DiaryPlaceError(
            "cannot-create",
            f"The folder {folder} for the diary can't be created ({exc.strerror or exc}). "
            "Choose another place with --data-file or RECOVERY_DIARY_DATA_DIR.",
            shown,
            code,
        ) from exc


def _probe_writable(folder: Path, shown: Path) -> None:
    """Write and remove a small private file in ``folder``: can a save succeed there?"""
    name = folder / f".{shown.name}.probe-{os.getpid()}"
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        os.unlink(name)
        return _probe_writable(folder, shown)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise _read_only(shown, exc.errno or 0, "saved") from exc
        raise place_error(exc, shown) from exc
    try:
        # A full disk refuses the write itself (no fsync: this runs at every start).
        os.write(fd, b"\0" * 4096)
    except OSError as exc:
        raise place_error(exc, shown) from exc
    finally:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
    return None
