"""The layers stay as the folder list says: a Qt-free core and facade, TinyDB only in storage."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_importing_the_package_and_using_the_facade_loads_no_qt(tmp_path):
    code = (
        "import sys, datetime as dt\n"
        "import recovery_diary as r\n"
        f"d = r.Diary.open({str(tmp_path / 'd.json')!r})\n"
        "d.record(r.Session(date=dt.date.today(), activity='cycling', duration_minutes=20))\n"
        "d.start_programme(dt.date.today())\n"
        "d.advice(dt.date.today())\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_import_contracts_hold():
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is part of the test extra"
    result = subprocess.run(
        [linter, str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
