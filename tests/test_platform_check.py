"""A Linux without Qt's X11 libraries gets told which ones and how to install them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recovery_diary import app, platform_check
from recovery_diary.platform_check import XCB_LIBRARIES, check, missing_libraries, uses_xcb

ICCCM_AND_KEYSYMS = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def without(*sonames: str):
    """A loader that finds every library but ``sonames``."""
    return lambda soname: soname not in sonames


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb;wayland"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, "darwin", False),
        ({"DISPLAY": ":0"}, "win32", False),
    ],
)
def test_the_check_runs_only_when_qt_is_about_to_use_x11(environ, platform, expected) -> None:
    assert uses_xcb(environ, platform) is expected


def test_missing_libraries_are_named_with_the_packages_to_install() -> None:
    message = check({"DISPLAY": ":0"}, "linux", load=without(*ICCCM_AND_KEYSYMS))
    assert message is not None
    assert "missing: libxcb-icccm.so.4, libxcb-keysyms.so.1." in message
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms\n" in message


def test_a_package_is_named_once_for_all_its_libraries() -> None:
    message = check(
        {"DISPLAY": ":0"}, "linux", load=without("libglib-2.0.so.0", "libgthread-2.0.so.0")
    )
    assert message is not None
    assert "sudo apt install libglib2.0-0\n" in message
    assert "sudo dnf install glib2\n" in message


def test_nothing_missing_says_nothing() -> None:
    assert check({"DISPLAY": ":0"}, "linux", load=without()) is None
    assert check({"QT_QPA_PLATFORM": "offscreen"}, "linux", load=without("libxcb.so.1")) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the loader of Linux")
def test_the_real_loader_tells_a_present_library_from_an_absent_one() -> None:
    assert platform_check.loads("libc.so.6")
    assert not platform_check.loads("libno-such-library-here.so.7")


def test_the_app_prints_the_problem_and_exits_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], private_places: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(platform_check, "loads", without("libxcb-icccm.so.4"))
    assert app.main(["--smoke-test"]) == platform_check.EXIT_MISSING_LIBRARIES == 9
    out, err = capsys.readouterr()
    assert "SMOKE OK" not in out
    assert "missing: libxcb-icccm.so.4." in err
    assert "sudo apt install libxcb-icccm4" in err
    assert not (private_places / "data").exists()  # no diary was opened


def _needed(library: Path) -> set[str]:
    """The libraries an ELF file names as NEEDED (its direct dependencies)."""
    dynamic = subprocess.run(
        ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("readelf"),
    reason="reads the Linux plugin with readelf",
)
def test_the_table_covers_every_system_library_the_xcb_plugin_loads() -> None:
    qt = Path(__import__("PySide6").__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    todo, seen, system = [plugin], set(), set()
    while todo:  # follow the libraries PySide6 ships; note the ones it doesn't
        for name in _needed(todo.pop()) - seen:
            seen.add(name)
            if (qt / "lib" / name).exists():
                todo.append(qt / "lib" / name)
            else:
                system.add(name)
    c_runtime = re.compile(r"^(libc|libm|libstdc\+\+|libgcc_s|libpthread|libdl|librt|ld-linux)")
    needed = {name for name in system if not c_runtime.match(name)}
    assert needed, "readelf found no system library"
    assert needed <= {library.soname for library in XCB_LIBRARIES}
    assert needed >= ICCCM_AND_KEYSYMS
    # And the check misses exactly what the dynamic linker can't find for the plugin
    # on this machine: none where Qt's X11 libraries are installed, and on a machine
    # without them (Qt offscreen only), the very ones the app would name.
    if shutil.which("ldd"):
        linked = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
        not_found = set(re.findall(r"^\s*(\S+) => not found", linked, re.MULTILINE))
        missing = {library.soname for library in missing_libraries(load=platform_check.loads)}
        assert missing & needed == not_found
