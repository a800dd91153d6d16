"""Per-user folders: the diary stays where it always was on every platform.

platformdirs picks its platform class when it is imported, so the other platforms
are tested by handing paths.py that platform's class (platformdirs' own API).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import platformdirs
import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from recovery_diary import paths

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "packaging" / "rthook_mplconfig.py"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh home folder, no data-folder override and no XDG folders set."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("RECOVERY_DIARY_DATA_DIR", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def on(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer as platformdirs does on ``platform``."""
    dirs = {"linux": Unix, "darwin": MacOS, "win32": Windows}[platform]
    monkeypatch.setattr(platformdirs, "PlatformDirs", dirs)
    monkeypatch.setattr(sys, "platform", platform)


def test_linux_folders_are_the_readme_ones(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on("linux", monkeypatch)
    assert paths.default_data_file() == home / ".local/share/recovery-diary/diary.json"
    assert paths.cache_folder() == home / ".cache/recovery-diary"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    assert paths.default_data_file() == home / "share/recovery-diary/diary.json"
    assert paths.cache_folder() == home / "cache/recovery-diary"


def test_macos_folders_are_the_readme_ones(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on("darwin", monkeypatch)
    support = home / "Library/Application Support/recovery-diary"
    assert paths.default_data_file() == support / "diary.json"
    assert paths.cache_folder() == home / "Library/Caches/recovery-diary"


def test_windows_folders_are_the_readme_ones(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on("win32", monkeypatch)
    # platformdirs' documented override of each Windows known folder.
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", r"C:\Users\ann\AppData\Roaming")
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\ann\AppData\Local")
    data = PureWindowsPath(str(paths.default_data_file()))
    assert data == PureWindowsPath(r"C:\Users\ann\AppData\Roaming\recovery-diary\diary.json")
    cache = PureWindowsPath(str(paths.cache_folder()))
    assert cache == PureWindowsPath(r"C:\Users\ann\AppData\Local\recovery-diary")


def test_the_environment_variable_wins(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERY_DIARY_DATA_DIR", "~/stick")
    assert paths.default_data_file() == home / "stick" / "diary.json"
    on("darwin", monkeypatch)  # on every platform
    monkeypatch.setenv("RECOVERY_DIARY_DATA_DIR", "/media/usb")
    assert paths.default_data_file() == Path("/media/usb/diary.json")


def test_a_macos_diary_in_the_earlier_folder_is_never_stranded(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt ignored XDG_DATA_HOME on macOS; platformdirs honours it."""
    on("darwin", monkeypatch)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    earlier = home / "Library/Application Support/recovery-diary/diary.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("{}", encoding="utf-8")
    assert paths.default_data_file() == earlier

    # Once a diary is in the new folder, that one is opened.
    new = home / "xdg/recovery-diary/diary.json"
    new.parent.mkdir(parents=True)
    new.write_text("{}", encoding="utf-8")
    assert paths.default_data_file() == new


def test_a_new_macos_diary_goes_to_the_platform_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on("darwin", monkeypatch)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    assert paths.default_data_file() == home / "xdg/recovery-diary/diary.json"
    assert not (home / "xdg").exists()  # working out the folder creates nothing


def test_the_data_folder_is_the_one_qt_named_before(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the platform running the tests, platformdirs agrees with what Qt said before."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName("")
    QCoreApplication.setApplicationName("recovery-diary")
    location = QStandardPaths.StandardLocation.AppDataLocation
    for xdg in (None, str(home / "share")):
        if xdg:
            monkeypatch.setenv("XDG_DATA_HOME", xdg)
        assert paths.data_folder() == Path(QStandardPaths.writableLocation(location))


def _run_hook(env: dict[str, str]) -> str:
    code = (
        "import os, runpy, sys\n"
        f"runpy.run_path({str(HOOK)!r})\n"
        "assert 'matplotlib' not in sys.modules, 'the hook must run before matplotlib'\n"
        "print(os.environ['MPLCONFIGDIR'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_runtime_hook_keeps_matplotlib_in_the_cache_folder(home: Path) -> None:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "MPLCONFIGDIR": ""}
    folder = Path(_run_hook(env))
    assert folder == home / "cache" / "recovery-diary" / "matplotlib"
    assert folder.is_dir()
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o700


def test_the_runtime_hook_leaves_a_chosen_folder_alone(home: Path) -> None:
    assert _run_hook({"MPLCONFIGDIR": str(home / "mine")}) == str(home / "mine")
    assert not (home / "mine").exists()
