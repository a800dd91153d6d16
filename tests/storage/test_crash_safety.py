"""A recorder killed with SIGKILL at random moments never loses a saved session.

One worker process records sessions through ``Diary`` in a loop and prints
each id once ``record`` has returned; the test kills it at a random moment,
opens the file, and checks that it opens and holds every printed session,
again and again on the same, growing file.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from diary_files import temp_files

from recovery_diary import Diary
from recovery_diary.fileio import clean_stale_temps, write_atomically

KILLS = 220
WORKER = Path(__file__).with_name("crash_worker.py")
posix_only = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL"
)


class Worker:
    """The fork server of ``crash_worker.py`` and the lines it prints."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.split())
        self.lines.put(["eof"])

    def start(self, cycle: int) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"go {cycle}\n")
        self.process.stdin.flush()

    def next(self, timeout: float = 30) -> list[str]:
        return self.lines.get(timeout=timeout)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@posix_only
@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_recorded_session(diary_file: Path) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    Diary.open(diary_file).close()
    printed: dict[int, str] = {}
    left_temp = killed_before_first_save = 0
    worker = Worker(diary_file)
    try:
        for cycle in range(1, KILLS + 1):
            worker.start(cycle)
            pid, saved_this_cycle = None, 0
            while pid is None:
                line = worker.next()
                if line[0] == "pid":
                    pid = int(line[1])
                else:
                    printed[int(line[0])] = line[1]
                    saved_this_cycle += 1
            # Kill anywhere: while it opens the file, between writes, inside one.
            if rng.random() < 0.25:
                time.sleep(rng.uniform(0, 0.03))
            else:
                wanted = rng.randint(1, 4)
                while saved_this_cycle < wanted:
                    line = worker.next()
                    assert line[0] not in ("done", "eof"), f"the recorder died (seed {seed})"
                    printed[int(line[0])] = line[1]
                    saved_this_cycle += 1
                time.sleep(rng.uniform(0, 0.01))
            os.kill(pid, signal.SIGKILL)
            while (line := worker.next())[0] != "done":
                assert line[0] != "eof", f"the worker stopped (seed {seed})"
                printed[int(line[0])] = line[1]
                saved_this_cycle += 1
            assert os.WIFSIGNALED(int(line[2])), f"the recorder died by itself (seed {seed})"
            killed_before_first_save += saved_this_cycle == 0

            leftovers = temp_files(diary_file.parent)
            assert len(leftovers) <= 1, f"{leftovers} after kill {cycle} (seed {seed})"
            left_temp += len(leftovers)
            diary = Diary.open(diary_file)
            notes = {s.id: s.notes for s in diary.recorded()}
            diary.close()
            lost = {i: t for i, t in printed.items() if notes.get(i) != t}
            assert not lost, f"lost after kill {cycle} (seed {seed}): {lost}"
            assert temp_files(diary_file.parent) == []
    finally:
        worker.close()
    stored = len(notes)
    print(
        f"\ncrash test (seed {seed}): {KILLS} kills, {len(printed)} sessions printed, "
        f"0 lost, {stored - len(printed)} saved but killed before printing, "
        f"{left_temp} kills left a temp file, {killed_before_first_save} kills came "
        "before the first save of their cycle"
    )
    assert cycle == KILLS >= 200
    assert len(printed) > KILLS


@posix_only
def test_open_removes_a_temp_file_a_crash_left_but_not_one_being_written(
    diary_file: Path,
) -> None:
    Diary.open(diary_file).close()
    crashed = diary_file.with_name(".diary.json.k3x9q2ab.tmp")
    crashed.write_bytes(b'{"half": ')
    other = diary_file.with_name(".notes.txt.k3x9q2ab.tmp")  # not this diary's
    other.write_bytes(b"x")
    mine_too_similar = diary_file.with_name(".diary.json.backup.tmp")  # not our pattern
    mine_too_similar.write_bytes(b"x")
    live = _held_temp(diary_file)
    try:
        Diary.open(diary_file).close()
        assert not crashed.exists()
        assert live.exists(), "a temp file still being written was removed"
        assert other.exists() and mine_too_similar.exists()
    finally:
        live.unlink()


@posix_only
def test_a_writer_whose_temp_file_was_cleaned_early_still_writes(diary_file: Path) -> None:
    """A cleaner running between a writer's create and lock makes it start a new temp file."""
    import recovery_diary.fileio as atomic

    real_lock = atomic._lock
    calls = []

    def clean_first(fd: int, blocking: bool) -> bool:
        if not calls:
            calls.append(clean_stale_temps(diary_file.parent, diary_file.name))
        return real_lock(fd, blocking)

    atomic._lock = clean_first
    try:
        write_atomically(diary_file, b"{}")
    finally:
        atomic._lock = real_lock
    assert len(calls[0]) == 1, "the cleaner did not see the unlocked temp file"
    assert diary_file.read_bytes() == b"{}"
    assert temp_files(diary_file.parent) == []


def _held_temp(diary_file: Path) -> Path:
    """A temp file locked by another live process, as a writer holds it."""
    import fcntl

    path = diary_file.with_name(".diary.json.live0001.tmp")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    # A forked child keeps the lock while this process closes its copy.
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        time.sleep(30)
        os._exit(0)
    os.close(fd)
    _held_temp.children.append(pid)  # type: ignore[attr-defined]
    return path


_held_temp.children = []  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _end_lock_holders():
    yield
    for pid in _held_temp.children:  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    _held_temp.children.clear()  # type: ignore[attr-defined]
