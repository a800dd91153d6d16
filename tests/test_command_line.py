"""The command line of DESIGN §3, run as a user would: in a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recovery_diary import Diary, __version__

pytestmark = pytest.mark.slow


def run(*args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "recovery_diary", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"recovery-diary {__version__}"


def test_the_installed_command_exists():
    folder = Path(sys.executable).parent
    assert any((folder / name).exists() for name in ("recovery-diary", "recovery-diary.exe"))


def test_make_demo_writes_a_year_and_never_overwrites(tmp_path):
    target = tmp_path / "demo.json"
    result = run("--make-demo", str(target))
    assert result.returncode == 0, result.stderr
    diary = Diary.open(target)
    records = len(diary.recorded()) + len(diary.check_ins())
    assert records >= 100
    assert diary.settings is not None
    assert any(s.notes for s in diary.recorded())
    diary.close()
    before = target.read_bytes()
    again = run("--make-demo", str(target))
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    assert target.read_bytes() == before


def test_make_demo_years(tmp_path):
    target = tmp_path / "three.json"
    assert run("--make-demo", str(target), "--years", "3").returncode == 0
    diary = Diary.open(target)
    span = diary.recorded()[-1].date - diary.recorded()[0].date
    assert span.days > 2.5 * 365
    assert len(diary.recorded()) + len(diary.check_ins()) >= 300


def test_smoke_test_prints_smoke_ok(tmp_path):
    result = run("--smoke-test", "--data-file", str(tmp_path / "d.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "SMOKE OK"
    assert not (tmp_path / "backups").exists()


def test_smoke_test_on_the_default_diary_uses_the_data_folder(tmp_path):
    data = tmp_path / "data"
    result = run("--smoke-test", env={"RECOVERY_DIARY_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert json.loads((data / "diary.json").read_text())["meta"]["1"]["schema_version"] == 1
    assert oct((data / "diary.json").stat().st_mode & 0o777) == "0o600"


def test_screenshot_writes_a_png_of_the_demo(tmp_path):
    png = tmp_path / "shot.png"
    result = run("--demo", "--screenshot", str(png))
    assert result.returncode == 0, result.stderr
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(header[16:20], "big")
    height = int.from_bytes(header[20:24], "big")
    assert (width, height) == (1280, 800)


@pytest.mark.parametrize("content", [b"garbage", b"null", b"[]", b'{"sessions": 3}', b"\xff\xfe"])
def test_headless_runs_refuse_a_file_that_is_not_a_diary(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("--smoke-test", "--data-file", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr and "can't be opened" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_bytes() == content


def test_a_second_copy_is_refused_quickly(tmp_path, qapp):
    from recovery_diary.app import acquire_lock

    path = tmp_path / "d.json"
    lock = acquire_lock(path)
    try:
        for args in (
            ["--smoke-test", "--data-file", str(path)],
            ["--screenshot", str(tmp_path / "s.png"), "--data-file", str(path)],
            ["--make-demo", str(path)],
        ):
            started = time.monotonic()
            result = run(*args, timeout=30)
            assert time.monotonic() - started < 30
            assert result.returncode != 0
            assert "open in another copy" in result.stderr
            assert "Traceback" not in result.stderr
    finally:
        lock.unlock()
    assert run("--smoke-test", "--data-file", str(path)).returncode == 0


def test_the_garbage_collector_is_back_on_once_the_window_is_up(tmp_path):
    """The start keeps the collector off for speed; a run that goes on must collect again."""
    bad = tmp_path / "bad.json"
    bad.write_text("not a diary", encoding="utf-8")
    script = f"""
import gc
from recovery_diary import app

class Cycle:
    def __del__(self):
        found.append(True)

found = []
assert app.main(["--smoke-test", "--data-file", {str(tmp_path / "d.json")!r}]) == 0
# What the start built is set aside, and cycles made from now on are collected.
loop = Cycle()
loop.me = loop
del loop
gc.collect()
print(gc.isenabled(), gc.get_freeze_count() > 0, found)
gc.unfreeze()
assert app.main(["--smoke-test", "--data-file", {str(bad)!r}]) == 2
print(gc.isenabled())  # a start that stops early turns it back on too
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["True True [True]", "True"]


@pytest.mark.parametrize("start", [[], ["--smoke-test"], ["--screenshot", "shot.png"]])
def test_every_start_imports_the_plotting_libraries_before_pyside6(tmp_path, start):
    """The order that keeps PySide6's import hook from reading numpy and matplotlib.

    Watched from the command line itself: the moment PySide6 is first imported,
    the child says whether numpy and matplotlib are in already, and stops.
    """
    script = f"""
import os, sys

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6":
            print("numpy" in sys.modules, "matplotlib.figure" in sys.modules, flush=True)
            os._exit(0)

sys.meta_path.insert(0, Watch())
sys.argv = ["recovery-diary", *{start!r}, "--data-file", {str(tmp_path / "d.json")!r}]
import runpy
runpy.run_module("recovery_diary", run_name="__main__")
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_a_start_keeps_little_library_source_text_in_memory(tmp_path):
    """PySide6 reads (and linecache keeps) the source of what is imported after it.

    The start imports the plotting libraries before PySide6, so only the few
    numpy and matplotlib files that Qt code names again are read: importing them
    after PySide6 reads and keeps 5.5 MB (about 18 MiB of memory as lines). Once
    the window is built, what its own modules made PySide6 read is dropped too.
    """
    script = f"""
import linecache
import os
from recovery_diary import app

def held():
    total = 0
    for name, (_, _, lines, *_) in linecache.cache.items():
        name = name.replace(os.sep, "/")
        if "/numpy/" in name or "/matplotlib/" in name:
            total += sum(len(line) for line in lines)
    return total

app.application()  # a start's first steps: the Qt application, the window's modules
import recovery_diary.ui.main_window
print(held())
window = app.build_window({str(tmp_path / "d.json")!r}, backup=False)
window.show()
print(held())
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    after_qt, after_window = (int(n) for n in done.stdout.split()[-2:])
    assert after_qt < 2_000_000  # what Qt code names again in its imports: 0.9 MB
    assert after_window < 500_000
