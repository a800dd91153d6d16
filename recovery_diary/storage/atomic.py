"""Crash-safe file writing: temp file in the same folder, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) readable by the user only when new."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=PRIVATE_DIR, exist_ok=True)


def write_atomically(path: Path, payload: bytes) -> os.stat_result:
    """Replace ``path`` with ``payload`` so that a crash leaves old or new, never half.

    The temp file is created 0600 beside the target, flushed and fsynced, then
    renamed over it; the folder is fsynced so the rename itself survives a crash.
    Any failure removes the temp file and re-raises; the target is untouched.
    """
    folder = path.parent
    ensure_private_dir(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, PRIVATE_FILE)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(folder)
    return path.stat()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
