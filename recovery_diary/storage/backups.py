"""Backups of the diary: the last good versions, in a private folder beside it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from recovery_diary.storage.atomic import PRIVATE_FILE, ensure_private_dir

KEEP = 10


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    reason: str


def backup_dir(diary: Path) -> Path:
    return diary.parent / "backups"


def list_backups(diary: Path) -> list[Backup]:
    """Backups of ``diary``, newest first."""
    folder = backup_dir(diary)
    if not folder.is_dir():
        return []
    found = []
    prefix = f"{diary.stem}."
    for item in folder.glob(f"{diary.stem}.*{diary.suffix}"):
        parts = item.name[len(prefix) :].split(".")
        if len(parts) < 3:
            continue
        try:
            taken = dt.datetime.strptime(parts[0], "%Y%m%dT%H%M%S%f")
        except ValueError:
            continue
        found.append(Backup(item, taken, parts[1]))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def make_backup(diary: Path, reason: str = "start") -> Backup | None:
    """Copy ``diary`` into the backups folder and keep only the newest ten."""
    if not diary.is_file() or diary.stat().st_size == 0:
        return None
    folder = backup_dir(diary)
    ensure_private_dir(folder)
    taken = dt.datetime.now()
    target = folder / f"{diary.stem}.{taken:%Y%m%dT%H%M%S%f}.{reason}{diary.suffix}"
    tmp = target.with_name(f".{target.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out, diary.open("rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)
    for old in list_backups(diary)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return Backup(target, taken, reason)
