"""packaging/prune.py, which trims the installer, on fake bundle trees (no build).

A TOC entry is PyInstaller's ``(path in the bundle, file collected, kind)``.
"""

from __future__ import annotations

import importlib.util
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("prune", ROOT / "packaging" / "prune.py")
assert _spec and _spec.loader
prune = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prune)

QT = "PySide6/Qt"
XCB = (f"{QT}/plugins/platforms/libqxcb.so", "/wheel/libqxcb.so", "BINARY")
VNC = (f"{QT}/plugins/platforms/libqvnc.so", "/wheel/libqvnc.so", "BINARY")
GUI = (f"{QT}/lib/libQt6Gui.so.6", "/wheel/libQt6Gui.so.6", "BINARY")
NETWORK = (f"{QT}/lib/libQt6Network.so.6", "/wheel/libQt6Network.so.6", "BINARY")
XCB_QPA = (f"{QT}/lib/libQt6XcbQpa.so.6", "/wheel/libQt6XcbQpa.so.6", "BINARY")
GUI_LINK = (f"{QT}/lib/libQt6Gui.so", "libQt6Gui.so.6", "SYMLINK")
NETWORK_LINK = (f"{QT}/lib/libQt6Network.so", "libQt6Network.so.6", "SYMLINK")
LINKS = {
    XCB[1]: {"libQt6XcbQpa.so.6", "libQt6Gui.so.6", "libc.so.6"},
    XCB_QPA[1]: {"libQt6Gui.so.6", "libxcb.so.1"},
    VNC[1]: {"libQt6Network.so.6", "libQt6Gui.so.6"},
    NETWORK[1]: {"libssl.so.3"},
}
DROP_VNC = [r"plugins/platforms/libqvnc\."]


def links_of(src: str) -> set[str]:
    return LINKS.get(src, set())


def test_every_module_of_the_package_is_a_hidden_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for name in ("__init__.py", "__main__.py", "a.py", "sub/__init__.py", "sub/b.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("")
    assert prune.app_modules(package) == ["pkg", "pkg.a", "pkg.sub", "pkg.sub.b"]

    real = prune.app_modules(ROOT / "recovery_diary")
    assert {"recovery_diary", "recovery_diary.exports.report", "recovery_diary.demo"} <= set(real)
    assert "recovery_diary.__main__" not in real


def test_qt_modules_are_read_from_the_extension_files(tmp_path: Path) -> None:
    names = ["QtCore.abi3.so", "QtGui.cpython-311-x86_64-linux-gnu.so", "QtWidgets.pyd"]
    names += ["QtCore.pyi", "QtNetwork.pyi", "__init__.py", "libpyside6.abi3.so.6.11"]
    for name in names:
        (tmp_path / name).write_text("")
    (tmp_path / "Qt").mkdir()
    assert prune.installed_qt_modules(tmp_path) == ["QtCore", "QtGui", "QtWidgets"]
    assert prune.qt_excludes(["QtCore"], installed=["QtCore", "QtGui", "QtXml"]) == [
        "PySide6.QtGui",
        "PySide6.QtXml",
    ]


def test_only_qt_modules_pyside_ships_are_excluded() -> None:
    keep = ["QtCore", "QtGui", "QtWidgets", "QtSvg"]
    excluded = prune.qt_excludes(keep)
    assert excluded, "the installed PySide6 ships no Qt module besides those kept"
    for name in excluded:
        assert find_spec(name) is not None, f"{name} is not in the installed PySide6"
    assert not {f"PySide6.{name}" for name in keep} & set(excluded)
    # PySide6-Essentials ships QtNetwork; Qt 3D comes only with the add-ons.
    assert "PySide6.QtNetwork" in excluded
    assert ("PySide6.Qt3DCore" in excluded) == (find_spec("PySide6.Qt3DCore") is not None)


def test_a_dropped_plugin_takes_the_libraries_only_it_needs_along() -> None:
    binaries = [XCB, VNC, GUI, NETWORK, XCB_QPA, GUI_LINK, NETWORK_LINK]
    kept = prune.prune(binaries, DROP_VNC, links_of)
    # QtNetwork went with the VNC plugin; QtGui stays, the xcb plugin needs it.
    assert kept == [XCB, GUI, XCB_QPA, GUI_LINK, NETWORK_LINK]


def test_nothing_dropped_leaves_the_list_as_it_was() -> None:
    binaries = [XCB, GUI, XCB_QPA]
    assert prune.prune(binaries, [r"libqeglfs\."], links_of) is binaries


def test_dropping_a_library_a_kept_file_needs_fails_the_build() -> None:
    binaries = [XCB, GUI, XCB_QPA]
    with pytest.raises(SystemExit, match=r"libqxcb\.so needs libQt6XcbQpa\.so\.6"):
        prune.prune(binaries, [r"libQt6XcbQpa"], links_of)


def test_links_to_files_left_out_are_dropped() -> None:
    toc = [XCB, GUI, GUI_LINK, NETWORK_LINK]
    kept = prune.without_dangling_links(toc, {XCB[0], GUI[0]})
    assert kept == [XCB, GUI, GUI_LINK]


def test_trim_drops_data_and_refuses_an_unwanted_qt_library(tmp_path: Path) -> None:
    translation = (f"{QT}/translations/qt_de.qm", "/wheel/qt_de.qm", "DATA")
    font = ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", "/wheel/DejaVuSans.ttf", "DATA")
    binaries, datas = prune.trim(
        [XCB, VNC, GUI, NETWORK, XCB_QPA, GUI_LINK, NETWORK_LINK],
        [translation, font],
        drop=[*DROP_VNC, r"/translations/"],
        forbidden=r"Qt6Network",
        workdir=tmp_path,
        links_of=links_of,
    )
    assert binaries == [XCB, GUI, XCB_QPA, GUI_LINK]
    assert datas == [font]

    with pytest.raises(SystemExit, match=r"Unwanted Qt libraries.*libQt6Network\.so\.6"):
        prune.trim(
            [XCB, GUI, NETWORK, XCB_QPA],
            [],
            drop=[],
            forbidden=r"Qt6Network",
            workdir=tmp_path,
            links_of=links_of,
        )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strips on Linux only")
def test_only_the_interpreters_own_binaries_are_stripped(tmp_path: Path) -> None:
    own = tmp_path / "lib-dynload"
    own.mkdir()
    for name in ("_ssl.so", "_broken.so"):
        (own / name).write_bytes(b"with debug info")
    wheel = tmp_path / "wheel"
    wheel.mkdir()
    (wheel / "libQt6Core.so.6").write_bytes(b"patched headers")
    # A stand-in for strip: copies the file, marked, and fails on _broken.so.
    strip = tmp_path / "strip"
    strip.write_text('#!/bin/sh\ncase "$4" in *_broken.so) exit 1;; esac\nprintf stripped > "$3"\n')
    strip.chmod(0o755)
    binaries = [
        ("lib-dynload/_ssl.so", str(own / "_ssl.so"), "EXTENSION"),
        ("lib-dynload/_broken.so", str(own / "_broken.so"), "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", str(wheel / "libQt6Core.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so", "libQt6Core.so.6", "SYMLINK"),
    ]
    work = tmp_path / "work"
    result = prune.strip_interpreter_debug_info(
        binaries, work, own=[own], libpython="libpython3.11", strip=str(strip)
    )
    assert result == [
        ("lib-dynload/_ssl.so", str(work / "lib-dynload/_ssl.so"), "EXTENSION"),
        *binaries[1:],
    ]
    assert (work / "lib-dynload/_ssl.so").read_bytes() == b"stripped"
    assert (own / "_ssl.so").read_bytes() == b"with debug info"
