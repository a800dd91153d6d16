"""One of several writers of the same diary: ``writer_worker.py PATH NAME COUNT GO``.

It opens the diary with ``Diary.open`` (as a script would), waits until the
file GO exists so that all writers start together, then records COUNT
sessions, each with the note ``<NAME>-<n>``. When a write finds that another
writer changed the file first (``DiaryChangedOnDisk``) it reloads and does it
again, as the README tells scripts to. After each ``record`` returns it prints
``<id> <note>``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

from recovery_diary import Diary, Session
from recovery_diary.core.errors import DiaryChangedOnDisk


def main(path: str, name: str, count: int, go: str) -> None:
    diary = Diary.open(path)
    while not Path(go).exists():
        time.sleep(0.001)
    first_day = dt.date(2020, 1, 1)
    for number in range(count):
        note = f"{name}-{number}"
        session = Session(
            date=first_day + dt.timedelta(days=number),
            activity="cycling",
            duration_minutes=20 + number % 40,
            notes=note,
        )
        while True:
            try:
                stored = diary.record(session)
                break
            except DiaryChangedOnDisk:
                diary.reload()
        os.write(sys.stdout.fileno(), f"{stored.id} {note}\n".encode())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
