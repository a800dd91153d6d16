"""PyInstaller runtime hook: give matplotlib a writable, lasting config folder.

A frozen app has no matplotlib config folder of its own; when the default one is
missing or read-only matplotlib makes a throw-away temporary folder on every start,
warns about it on stderr and rebuilds its font cache each time, which slows the
first window down. The app's per-user cache folder (platformdirs, through
``recovery_diary.paths``) keeps the font cache between starts. An MPLCONFIGDIR the
user set is left alone. This runs before the app imports matplotlib.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _set_mplconfigdir() -> None:
    if os.environ.get("MPLCONFIGDIR"):
        return
    from recovery_diary.paths import APP_NAME, cache_folder

    try:
        folder: Path | None = cache_folder() / "matplotlib"
    except RuntimeError:  # no home folder can be found
        folder = None
    if folder is None or not _writable_folder(folder):
        # A private folder of our own rather than a fixed name in a shared /tmp.
        folder = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-matplotlib-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = str(folder)


_set_mplconfigdir()
