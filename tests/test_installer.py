"""The one-folder installer: build_installer.spec builds an app that starts and stays lean.

One PyInstaller build (about a minute on two cores) is shared by every test here.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from recovery_diary.version import __version__

pytest.importorskip(
    "PyInstaller",
    reason="PyInstaller is not installed; install the test extra (pip install -e '.[test]')",
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_installer.spec"
APP = "recovery-diary"
EXE_NAME = APP + (".exe" if sys.platform == "win32" else "")

# Qt parts the app never uses; any of these in the bundle means the spec let one in.
UNUSED_QT = re.compile(
    r"Qt6?(Network|Qml|Quick|Pdf|WebEngine|3D|Multimedia|Sql|OpenGL|Designer|Test)", re.I
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/recovery-diary built from the spec with the interpreter running the tests."""
    out = tmp_path_factory.mktemp("installer")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert build.returncode == 0, f"PyInstaller failed:\n{build.stderr[-6000:]}"
    folder = out / "dist" / APP
    assert (folder / EXE_NAME).is_file()
    return folder


def _run(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Start the frozen app offscreen with every folder it writes to under ``home``."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        RECOVERY_DIARY_DATA_DIR=str(home / "data"),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "share"),
    )
    env.pop("MPLCONFIGDIR", None)
    return subprocess.run(
        [str(bundle / EXE_NAME), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _bundle_files(bundle: Path) -> list[str]:
    return [p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if not p.is_dir()]


def _frozen_modules(bundle: Path) -> set[str]:
    """Names of the Python modules packed into the app's archive."""
    from PyInstaller.archive.readers import CArchiveReader

    return set(CArchiveReader(str(bundle / EXE_NAME)).open_embedded_archive("PYZ.pyz").toc)


def test_frozen_app_paints_its_first_frame_and_keeps_its_font_cache(
    bundle: Path, tmp_path: Path
) -> None:
    first = _run(bundle, tmp_path, "--smoke-test")
    assert first.returncode == 0, first.stderr
    assert "SMOKE OK" in first.stdout
    assert (tmp_path / "data" / "diary.json").is_file()
    # Qt found fonts to draw the window's text with.
    assert "QFontDatabase" not in first.stderr

    # matplotlib's font cache lives in the user's cache folder, so the next start
    # does not scan the fonts again nor falls back to a throw-away folder.
    assert list((tmp_path / "cache" / APP / "matplotlib").glob("fontlist*.json"))
    second = _run(bundle, tmp_path, "--smoke-test")
    assert second.returncode == 0, second.stderr
    assert "SMOKE OK" in second.stdout
    assert "building the font cache" not in second.stderr
    assert "temporary cache directory" not in second.stderr


def test_frozen_app_prints_its_version(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP} {__version__}"


def test_frozen_app_writes_a_screenshot(bundle: Path, tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    result = _run(bundle, tmp_path, "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert "QFontDatabase" not in result.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 800)


def test_bundle_carries_the_resources(bundle: Path) -> None:
    # As package data, where an installed wheel has them (the smoke test above starts
    # only if the app finds its icon and style sheet there).
    resources = bundle / "_internal" / "recovery_diary" / "resources"
    for name in ("icon.png", "icon.svg", "style.qss", "recovery-diary.desktop"):
        assert (resources / name).read_bytes() == (ROOT / "resources" / name).read_bytes()


def test_bundle_leaves_out_what_the_app_never_uses(bundle: Path) -> None:
    files = _bundle_files(bundle)
    assert not [f for f in files if UNUSED_QT.search(Path(f).name)]
    assert not [f for f in files if "/translations/" in f]
    tk = re.compile(r"(^|/)(_tkinter|libtcl|libtk|_tcl_data|_tk_data)")
    assert not [f for f in files if tk.search(f)]
    assert not [f for f in files if "mpl-data/sample_data/" in f]

    modules = _frozen_modules(bundle)
    for unused in (
        "tkinter",
        "IPython",
        "PySide6.QtNetwork",
        "PySide6.QtQml",
        "matplotlib.backends.backend_tkagg",
        "matplotlib.backends.backend_webagg",
        "matplotlib.tests",
    ):
        assert unused not in modules


def test_bundle_keeps_what_the_app_needs(bundle: Path) -> None:
    files = set(_bundle_files(bundle))
    qt = "_internal/PySide6/Qt/"
    if sys.platform.startswith("linux"):
        for plugin in ("offscreen", "xcb", "wayland"):
            assert f"{qt}plugins/platforms/libq{plugin}.so" in files
        assert f"{qt}lib/libQt6Svg.so.6" in files
        # Every symbolic link points at a file that was collected.
        assert not [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]

    # matplotlib's Qt backend imports QtSvg.
    assert [f for f in files if f.startswith("_internal/PySide6/QtSvg.")]

    modules = _frozen_modules(bundle)
    for needed in (
        "matplotlib.backends.backend_qtagg",
        # Loaded by name when a report or a chart is saved.
        "matplotlib.backends.backend_pdf",
        "matplotlib.backends.backend_svg",
        "recovery_diary.exports.report",
        "recovery_diary.demo",
    ):
        assert needed in modules
