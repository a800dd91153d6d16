"""The resources helper finds the same files from a checkout, a wheel and a zipped wheel.

(The frozen build is checked by tests/test_installer.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from recovery_diary.resources import resource, resource_path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("icon.png", "icon.svg", "style.qss", "recovery-diary.desktop")


def test_the_resources_are_the_checkouts_files_wherever_the_package_comes_from() -> None:
    """From a checkout (or an editable install) the top-level folder; installed, its copy."""
    import recovery_diary

    package = Path(recovery_diary.__file__).resolve().parent
    from_checkout = package.parent == ROOT
    folder = ROOT / "resources" if from_checkout else package / "resources"
    for name in NAMES:
        assert resource_path(name) == folder / name
        assert resource(name).read_bytes() == (ROOT / "resources" / name).read_bytes()


def test_a_missing_resource_is_named_in_plain_words() -> None:
    with pytest.raises(FileNotFoundError, match=r"'logo\.gif' is missing from this install"):
        resource_path("logo.gif")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built as pip builds it for an install."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    (built,) = out.glob("recovery_diary-*.whl")
    return built


def _where_resources_come_from(python_path: Path, cwd: Path) -> list[str]:
    """Run a fresh interpreter that imports recovery_diary from ``python_path`` only.

    Returns the package's file, then for each resource its path, a tab, and whether
    the file there held the checkout's bytes.
    """
    checkout = str(ROOT / "resources")
    code = (
        "import pathlib, recovery_diary, recovery_diary.resources as r\n"
        "print(recovery_diary.__file__)\n"
        f"for name in {NAMES!r}:\n"
        "    path = r.resource_path(name)\n"
        f"    same = path.read_bytes() == pathlib.Path({checkout!r}, name).read_bytes()\n"
        "    print(path, same, sep='\\t')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(python_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout.splitlines()


@pytest.mark.slow
def test_an_installed_wheel_reads_its_package_data(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), wheel],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    package, *found = _where_resources_come_from(site, tmp_path)
    assert Path(package).parent == site / "recovery_diary"
    for name, line in zip(NAMES, found, strict=True):
        assert line == f"{site / 'recovery_diary' / 'resources' / name}\tTrue"


@pytest.mark.slow
def test_a_zipped_wheel_hands_qt_an_extracted_file(wheel: Path, tmp_path: Path) -> None:
    package, *found = _where_resources_come_from(wheel, tmp_path)
    assert package.startswith(str(wheel))  # imported from inside the zip
    for line in found:
        path, same = line.split("\t")
        # Extracted for the run with the right bytes, and removed again when it ended.
        assert same == "True"
        assert not Path(path).is_relative_to(wheel)
        assert not Path(path).exists()
