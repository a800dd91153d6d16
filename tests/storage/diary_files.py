"""Helpers the storage tests share: reading what landed in the file, and its fingerprint."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

TEMP_NAME = re.compile(r"\.diary\.json\.[a-z0-9_]{8}\.tmp")
#: A stored session record as plain as they come (the fields a file needs).
SESSION = {
    "date": "2024-05-01",
    "activity": "cycling",
    "status": "done",
    "duration_minutes": 30,
    "notes": "",
}


def stored(path: Path) -> dict[str, Any]:
    """The whole document in the diary file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def fingerprint(path: Path) -> tuple[bytes, int, int]:
    """What must not change when a file is left untouched: bytes, mtime, inode."""
    info = os.stat(path)
    return Path(path).read_bytes(), info.st_mtime_ns, info.st_ino


def temp_files(folder: Path) -> list[str]:
    """Temp files of the diary in ``folder``, as a crash could leave them."""
    return sorted(name for name in os.listdir(folder) if TEMP_NAME.fullmatch(name))


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777
