"""Starting the app as a person would: the first-start note, bad files, the data folder,
one writer at a time, and no network, ever."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest
from pinned_clock import TODAY
from PySide6.QtWidgets import QApplication

from recovery_diary import Diary, Session, app
from recovery_diary.ui import dialogs


@pytest.fixture
def no_event_loop(monkeypatch, qapp):
    """run_interactive shows the window; the test looks at it instead of looping."""
    shown = []

    def fake_exec(*_args):
        shown.extend(
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "mainWindow" and w.isVisible()
        )
        for window in shown:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    return shown


def test_the_first_start_note_is_shown_once_and_remembered(monkeypatch, no_event_loop, tmp_path):
    asked = []
    monkeypatch.setattr(dialogs, "accept_disclaimer", lambda parent: asked.append(1) or True)
    path = tmp_path / "diary.json"
    assert app.run_interactive(path) == 0
    assert app.run_interactive(path) == 0
    assert asked == [1]
    assert len(no_event_loop) == 2


def test_declining_the_note_closes_the_app_and_asks_again_next_time(
    monkeypatch, no_event_loop, tmp_path
):
    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "accept_disclaimer", lambda parent: next(answers))
    path = tmp_path / "diary.json"
    assert app.run_interactive(path) == 0
    assert no_event_loop == []
    assert app.run_interactive(path) == 0
    assert len(no_event_loop) == 1


def test_a_start_that_shows_the_window_makes_a_private_backup(monkeypatch, no_event_loop, tmp_path):
    monkeypatch.setattr(dialogs, "accept_disclaimer", lambda parent: True)
    path = tmp_path / "diary.json"
    Diary.open(path).record(Session(date=TODAY, activity="cycling", duration_minutes=30))
    app.run_interactive(path)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600
    assert json.loads(backups[0].read_text())["sessions"]


def test_a_bad_file_is_explained_and_left_alone(monkeypatch, no_event_loop, tmp_path):
    bad = tmp_path / "diary.json"
    bad.write_bytes(b'{"sessions": {"1": {"date": "2026-01-01"}')
    told = []
    monkeypatch.setattr(
        dialogs, "ask_bad_file", lambda parent, error, backup: told.append(error) or "quit"
    )
    assert app.run_interactive(bad) == app.EXIT_BAD_FILE
    assert str(bad) == told[0].path
    assert "not valid JSON" in told[0].problem
    assert bad.read_bytes() == b'{"sessions": {"1": {"date": "2026-01-01"}'
    assert no_event_loop == []


def test_choosing_another_file_after_a_bad_one_opens_that(monkeypatch, no_event_loop, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("null")
    good = tmp_path / "good.json"
    Diary.open(good).record(Session(date=TODAY, activity="walking", duration_minutes=40))
    monkeypatch.setattr(dialogs, "ask_bad_file", lambda parent, error, backup: "open")
    monkeypatch.setattr(dialogs, "ask_diary_file", lambda parent, folder: good)
    monkeypatch.setattr(dialogs, "accept_disclaimer", lambda parent: True)
    assert app.run_interactive(bad) == 0
    [window] = no_event_loop
    assert window.diary.path == good
    assert bad.read_text() == "null"


def test_a_second_copy_is_told_in_plain_words(monkeypatch, tmp_path, qapp):
    path = tmp_path / "diary.json"
    lock = app.acquire_lock(path)
    told = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: told.append(text))
    try:
        assert app.run_interactive(path) == app.EXIT_LOCKED
    finally:
        lock.unlock()
    assert "open in another copy" in told[0]


def test_a_lock_left_by_a_crashed_copy_does_not_block(tmp_path):
    path = tmp_path / "diary.json"
    script = textwrap.dedent(f"""
        import os
        from recovery_diary.app import acquire_lock
        lock = acquire_lock(__import__('pathlib').Path({str(path)!r}))
        os._exit(0)  # dies holding the lock, as a crash would
    """)
    subprocess.run([sys.executable, "-c", script], check=True)
    assert (tmp_path / "diary.json.lock").exists()
    result = subprocess.run(
        [sys.executable, "-m", "recovery_diary", "--smoke-test", "--data-file", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert "SMOKE OK" in result.stdout


def test_the_lock_file_is_private_and_released_on_close(window, diary_path):
    lock_file = diary_path.parent / "diary.json.lock"
    assert lock_file.stat().st_mode & 0o777 == 0o600
    window.close()
    assert not lock_file.exists()


def test_the_window_makes_no_network_connection(monkeypatch, open_window, diary_path, tmp_path):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    window = open_window(diary_path)
    window.diary.start_programme(TODAY - dt.timedelta(days=10))
    window.sessionForm.durationSpin.setValue(30)
    window.sessionForm.activityCombo.setCurrentIndex(1)
    window.sessionForm.saveButton.click()
    window.diary.export_report(tmp_path / "r.pdf")
    window.diary.export_calendar(tmp_path / "c.ics")
    window.diary.export_csv(tmp_path / "s.csv")
    window.chartView.save_image(tmp_path / "chart.svg")
    assert len(window.diary.recorded()) == 1
    assert attempts == []


def test_a_whole_run_of_the_app_makes_no_network_connection(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    log = tmp_path / "attempts.log"
    (hook / "sitecustomize.py").write_text(
        textwrap.dedent(f"""
        import socket
        def _refuse(*args, **kwargs):
            with open({str(log)!r}, "a") as out:
                out.write(repr(args) + "\\n")
            raise OSError("network is off in this test")
        socket.socket.connect = _refuse
        socket.socket.connect_ex = _refuse
        socket.create_connection = _refuse
        socket.getaddrinfo = _refuse
    """)
    )
    env = {**os.environ, "PYTHONPATH": str(hook)}
    for args in (
        ["--demo", "--screenshot", str(tmp_path / "s.png")],
        ["--smoke-test", "--data-file", str(tmp_path / "d.json")],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "recovery_diary", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert result.returncode == 0, result.stderr
    assert not log.exists()
