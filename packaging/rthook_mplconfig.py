"""PyInstaller runtime hook: give matplotlib a writable, lasting config folder.

A frozen app has no matplotlib config folder of its own; when the default one is
missing or read-only matplotlib makes a throw-away temporary folder on every start,
warns about it on stderr and rebuilds its font cache each time, which slows the
first window down. A per-user cache folder keeps the font cache between starts.
An MPLCONFIGDIR the user set is left alone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

_APP_FOLDER = "recovery-diary"


def _user_cache_root() -> Path:
    """The platform's per-user cache folder."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) if local else Path.home() / "AppData" / "Local"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"


def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _set_mplconfigdir() -> None:
    if os.environ.get("MPLCONFIGDIR"):
        return
    try:
        folder = _user_cache_root() / _APP_FOLDER / "matplotlib"
    except RuntimeError:  # no home folder can be found
        folder = None
    if folder is None or not _writable_folder(folder):
        # A private folder of our own rather than a fixed name in a shared /tmp.
        folder = Path(tempfile.mkdtemp(prefix=f"{_APP_FOLDER}-matplotlib-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = str(folder)


_set_mplconfigdir()
