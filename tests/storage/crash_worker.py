"""A fork server for the crash test: each ``go <cycle>`` line starts a recorder.

The recorder opens the diary and records sessions through ``Diary`` in a loop.
After ``record`` has returned it prints ``<id> <token>`` (one write, so a kill
cannot cut a line), then goes on until it is killed. The server prints
``pid <pid>`` for each recorder and ``done <pid> <status>`` once it has died.
Forking from an already-started Python keeps a kill cycle at a few
milliseconds instead of a fresh interpreter's start-up.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback

from recovery_diary import Diary, Session


def say(line: str) -> None:
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def record_until_killed(path: str, cycle: int) -> None:
    diary = Diary.open(path)
    first_day = dt.date.today() - dt.timedelta(days=3000)
    number = 0
    while True:
        number += 1
        token = f"c{cycle}n{number}"
        day = first_day + dt.timedelta(days=(cycle * 7 + number) % 3000)
        if number % 3:
            session = Session(
                date=day, activity="cycling", duration_minutes=20 + number % 40, notes=token
            )
        else:
            session = Session(
                date=day, activity="run_walk", run_minutes=5, walk_minutes=5, notes=token
            )
        saved = diary.record(session)
        say(f"{saved.id} {token}")


def main() -> None:
    path = sys.argv[1]
    for line in sys.stdin:
        cycle = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                record_until_killed(path, cycle)
            except BaseException:
                traceback.print_exc()
            os._exit(3)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"done {pid} {status}")


if __name__ == "__main__":
    main()
