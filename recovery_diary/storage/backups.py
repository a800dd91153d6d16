"""Backups of the diary: the last good versions, in a private folder beside it.

A backup of ``diary.json`` is
``backups/diary.<YYYYmmddTHHMMSSffffff>.<reason>.<digest>.json``, an exact copy
of a file that opened as a diary (0600, in a 0700 folder); ``digest`` is a
BLAKE2b digest of its bytes, so a backup changed since (damaged, edited) is
told apart without parsing it. One
is taken when the window opens (reason ``start``) and before anything that
rewrites much of the diary at once (``migration``, ``before-import``,
``before-restore``, ``outside-change``). The newest ten good ones are kept;
a bad file in the folder is never counted as one of them.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from recovery_diary.core.clock import system_now
from recovery_diary.core.errors import DiaryFileError
from recovery_diary.fileio import (
    clean_stale_temps,
    copy_aside,
    ensure_private_dir,
    write_atomically,
)
from recovery_diary.storage.place import held

KEEP = 10
FOLDER = "backups"
_REASON = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_TAKEN_FORMAT = "%Y%m%dT%H%M%S%f"


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken and why.

    ``digest`` is the digest of the bytes it was written with ("" if unknown).
    """

    path: Path
    taken: dt.datetime
    reason: str
    digest: str = ""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, for a list to choose from.

    ``ok`` is False (and ``problem`` says why) when the file would not open as
    a diary; then ``sessions`` and ``check_ins`` are None.
    """

    path: Path
    taken: dt.datetime
    reason: str
    sessions: int | None
    check_ins: int | None
    ok: bool
    problem: str | None = None


def backup_dir(diary: Path) -> Path:
    """The backups folder of ``diary``: ``backups`` beside it."""
    return Path(diary).parent / FOLDER


_NAME_TAIL = r"\.(\d{8}T\d{12})\.([a-z0-9][a-z0-9-]*)(?:\.([0-9a-f]{16}))?"


def _name_pattern(diary: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(Path(diary).stem), re.escape(Path(diary).suffix)
    return re.compile(rf"{stem}{_NAME_TAIL}{suffix}")


def digest(raw: bytes) -> str:
    """The digest a backup's name carries for its bytes."""
    return hashlib.blake2b(raw, digest_size=8).hexdigest()


def list_backups(diary: Path) -> list[Backup]:
    """Backups of ``diary``, newest first (by name only: good or not)."""
    folder = backup_dir(diary)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    pattern = _name_pattern(diary)
    found = []
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or not _is_plain_file(folder / name):
            continue
        try:
            taken = dt.datetime.strptime(match[1], _TAKEN_FORMAT)
        except ValueError:
            continue
        found.append(Backup(folder / name, taken, match[2], match[3] or ""))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _is_plain_file(path: Path) -> bool:
    """Whether ``path`` is an ordinary file (a FIFO or device would hang or harm a read)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_plain_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is an ordinary file; OSError otherwise, never a hang."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "it is not an ordinary file", str(path))
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    finally:
        os.close(fd)


def _as_backup(backup: Backup | Path) -> Backup:
    if isinstance(backup, Backup):
        return backup
    path = Path(backup)
    match = re.fullmatch(rf".+{_NAME_TAIL}\.[^.]+", path.name)
    if match is not None:
        try:
            taken = dt.datetime.strptime(match[1], _TAKEN_FORMAT)
        except ValueError:
            pass
        else:
            return Backup(path, taken, match[2], match[3] or "")
    try:
        taken = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        taken = dt.datetime.min
    return Backup(path, taken, "")


def _check(path: Path) -> tuple[dict | None, str | None, bytes | None]:
    """(document, None, bytes) for a good diary file, else (None, the problem, None)."""
    try:
        raw = read_plain_file(path)
    except OSError as exc:
        return None, f"it can't be read ({exc.strerror}).", None
    data, problem = _check_bytes(path, raw)
    return data, problem, raw if data is not None else None


def _check_bytes(path: Path, raw: bytes) -> tuple[dict | None, str | None]:
    from recovery_diary.storage.document import load_diary

    if not raw or raw.isspace():
        return None, "it is empty."
    try:
        data, _ = load_diary(path, raw)
    except DiaryFileError as exc:
        return None, exc.problem
    return data, None


def describe_backup(backup: Backup | Path) -> BackupInfo:
    """Read ``backup`` and say what it holds; a bad file gives ``ok=False``, never an error."""
    backup = _as_backup(backup)
    data, problem, _ = _check(backup.path)
    if data is None:
        return BackupInfo(backup.path, backup.taken, backup.reason, None, None, False, problem)
    return BackupInfo(
        backup.path,
        backup.taken,
        backup.reason,
        len(data.get("sessions") or {}),
        len(data.get("check_ins") or {}),
        True,
    )


def newest_good_backup(diary: Path) -> Backup | None:
    """The newest backup of ``diary`` that opens as a diary, or None."""
    for backup in list_backups(diary):
        if _check(backup.path)[0] is not None:
            return backup
    return None


def make_backup(diary: Path, reason: str = "start") -> Backup | None:
    """Copy ``diary`` into the backups folder if it is a good diary; keep the newest ten.

    Returns None (and copies nothing) when there is no diary, or it is empty
    or not a good diary: a bad file never takes a good backup's place. When
    the newest backup already holds exactly these bytes, that one is returned
    and no copy is added, so unchanged starts do not push older versions out.
    Raises OSError when the copy cannot be written.
    """
    _check_reason(reason)
    diary = Path(diary)
    try:
        raw = read_plain_file(diary)
    except (FileNotFoundError, IsADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            return None  # not an ordinary file: not a diary either
        raise
    if _check_bytes(diary, raw)[0] is None:
        return None
    return store_backup(diary, raw, reason)


def store_backup(diary: Path, raw: bytes, reason: str) -> Backup:
    """Store ``raw`` (the bytes of a good diary, checked by the caller) as a backup."""
    backup, added = add_backup(diary, raw, reason)
    if added:
        rotate_backups(diary, keep=backup.path)
    return backup


def add_backup(diary: Path, raw: bytes, reason: str) -> tuple[Backup, bool]:
    """:func:`store_backup` without deleting the backups past ten (:func:`rotate_backups`).

    Returns the backup holding ``raw`` and whether it was written now (False:
    a backup with exactly these bytes was kept already, and is returned).
    """
    _check_reason(reason)
    folder = backup_dir(diary)
    ensure_private_dir(folder)
    clean_stale_temps(folder)
    existing = list_backups(diary)
    sum_ = digest(raw)
    for kept in existing:
        # A version already kept (say, before a restore) is not kept twice.
        if _holds(kept, raw, sum_):
            return kept, False
    taken = system_now()
    if existing and taken <= existing[0].taken:
        # The clock went back (or two backups in one microsecond): stay in order.
        taken = existing[0].taken + dt.timedelta(microseconds=1)
    diary = Path(diary)
    name = f"{diary.stem}.{taken:{_TAKEN_FORMAT}}.{reason}.{sum_}{diary.suffix}"
    target = folder / name
    write_atomically(target, raw)
    return Backup(target, taken, reason, sum_), True


def _holds(backup: Backup, raw: bytes, sum_: str) -> bool:
    """Whether ``backup`` is a file with exactly the bytes ``raw``."""
    try:
        if backup.path.stat().st_size != len(raw):
            return False
        if backup.digest and backup.digest != sum_:
            return False
        return read_plain_file(backup.path) == raw
    except OSError:
        return False


def _unchanged(backup: Backup) -> bool:
    """Whether ``backup`` still has the bytes it was written (and checked) with."""
    try:
        return bool(backup.digest) and digest(read_plain_file(backup.path)) == backup.digest
    except OSError:
        return False


def rotate_backups(diary: Path, keep: Path | None = None) -> None:
    """Delete the backups older than the newest KEEP good, different versions.

    ``keep`` is a backup written just now: it counts as good without reading it.
    Any other counts as good when its bytes still match its digest (they were
    checked when it was taken) or, without a digest, when it opens as a diary.
    An older exact copy of a version kept already is deleted: it adds nothing.
    """
    good = 0
    seen: set[str] = set()
    for backup in list_backups(diary):
        if good >= KEEP:
            backup.path.unlink(missing_ok=True)
        elif backup.path == keep or _unchanged(backup):
            if backup.digest in seen:
                backup.path.unlink(missing_ok=True)
                continue
            seen.add(backup.digest)
            good += 1
        elif _check(backup.path)[0] is not None:
            good += 1


def _check_reason(reason: str) -> None:
    if not _REASON.fullmatch(reason):
        raise ValueError(
            f"A backup reason is a short lower-case word (letters, digits, '-'), not {reason!r}."
        )


def restore_backup(diary: Path, backup: Backup | Path) -> Path | None:
    """Put ``backup`` in place of ``diary``; return where the replaced file was kept.

    The backup is checked first (DiaryFileError naming it if it is not a good
    diary; nothing changes then). The current file, good or bad, is never
    deleted: a copy is kept beside it as ``<name>.replaced-YYYYmmddTHHMMSS``
    (returned), and, if it is a good diary, also as a backup with reason
    ``before-restore`` so the restore can be undone from the list. Then the
    backup's bytes replace the diary atomically. Returns None when there was
    no diary file to replace. A diary open in the app must be reloaded after.
    """
    source = _as_backup(backup).path
    data, problem, raw = _check(source)
    if data is None or raw is None:
        raise DiaryFileError(source, f"this backup can't be restored: {problem}")
    diary = Path(diary).expanduser().absolute()
    real = Path(os.path.realpath(diary))
    kept = None
    with held(real, diary):  # no other writer between keeping the file and replacing it
        if real.is_file():
            current = read_plain_file(real)
            kept = copy_aside(real, "replaced")
            if _check_bytes(real, current)[0] is not None:
                store_backup(diary, current, "before-restore")
        write_atomically(real, raw)
    return kept
