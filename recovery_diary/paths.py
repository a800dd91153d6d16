"""The per-user folders: where the diary lives and where caches go.

platformdirs knows each platform's convention; this module only names the app's
folders and keeps diaries where earlier releases put them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
from platformdirs.api import PlatformDirsABC

APP_NAME = "recovery-diary"
DATA_DIR_ENV = "RECOVERY_DIARY_DATA_DIR"
DIARY_NAME = "diary.json"


def platform_data_folder() -> Path:
    """The platform's data folder for the app, as platformdirs names it.

    Linux ``$XDG_DATA_HOME/recovery-diary`` (``~/.local/share/recovery-diary``),
    macOS ``~/Library/Application Support/recovery-diary``, Windows
    ``%APPDATA%\\recovery-diary`` (the roaming folder, where Qt put it before).
    """
    return Path(_app_dirs().user_data_dir)


def earlier_data_folders() -> list[Path]:
    """Data folders that earlier releases may have used and platformdirs may not.

    Earlier releases asked Qt for the folder. On Linux and Windows Qt and
    platformdirs agree; on macOS Qt ignores ``XDG_DATA_HOME`` and platformdirs
    honours it, so with it set the two differ.
    """
    if sys.platform == "darwin":
        return [Path.home() / "Library" / "Application Support" / APP_NAME]
    return []


def data_folder() -> Path:
    """The folder that holds the diary.

    ``RECOVERY_DIARY_DATA_DIR`` wins. Otherwise the platform's folder, unless only an
    earlier release's folder holds a diary: that one is kept, never stranded.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    folder = platform_data_folder()
    if not (folder / DIARY_NAME).exists():
        for earlier in earlier_data_folders():
            if earlier != folder and (earlier / DIARY_NAME).exists():
                return earlier
    return folder


def default_data_file() -> Path:
    """``diary.json`` in :func:`data_folder`."""
    return data_folder() / DIARY_NAME


def cache_folder() -> Path:
    """The platform's per-user cache folder for the app (nothing in it is precious).

    Linux ``$XDG_CACHE_HOME/recovery-diary`` (``~/.cache/recovery-diary``), macOS
    ``~/Library/Caches/recovery-diary``, Windows ``%LOCALAPPDATA%\\recovery-diary``.
    """
    return Path(_app_dirs().user_cache_dir)


def _app_dirs() -> PlatformDirsABC:
    # roaming: Windows' %APPDATA%, where the diary has always been; opinion=False:
    # no extra "Cache" level under %LOCALAPPDATA%. Neither creates a folder.
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False, roaming=True, opinion=False)
