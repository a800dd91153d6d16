"""How close a save comes to the floor: json.dumps + write + fsync + os.replace.

Not a test (no timing assertions in tests); run it by hand::

    python tests/storage/bench_write.py [SESSIONS] [ROUNDS]

It builds a diary of SESSIONS sessions (default 30,000) in a temporary folder
and prints the median time of the floor, of ``AtomicJSONStorage.write_unchecked``
(the whole write path), of ``Diary.record`` (plus TinyDB's table update and the
outside-change check) and of opening the diary, each as a multiple of the floor.
Rounds are interleaved so that load from other processes hits all alike.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from recovery_diary import Diary, Session
from recovery_diary.core.session import to_record
from recovery_diary.storage import store


def build(path: Path, count: int) -> dict:
    first = dt.date(1990, 1, 1)
    data = store.new_diary_data()
    sessions = {}
    for i in range(count):
        day = first + dt.timedelta(days=i // 2)
        if i % 2:
            s = Session(date=day, activity="run_walk", run_minutes=6, walk_minutes=4, stage=2)
        else:
            s = Session(date=day, activity="cycling", duration_minutes=30)
        s = s.replace(pain_before=1, pain_during=3, pain_after=2, pain_next_morning=1)
        sessions[str(i + 1)] = to_record(s.replace(notes="Felt steady; back a little stiff."))
    data["sessions"] = sessions
    path.write_bytes(store.encode(data))
    return data


def floor(data: dict, folder: Path) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = folder / "floor.json.tmp"
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / "floor.json")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "diary.json"
        data = build(path, count)
        started = time.perf_counter()
        diary = Diary.open(path)
        opened = time.perf_counter() - started
        raw = path.read_bytes()
        storage = diary._store._storage  # the diary's own, so the two never conflict
        day = dt.date.today()
        times: dict[str, list[float]] = {"floor": [], "write_unchecked": [], "Diary.record": []}
        for number in range(rounds):
            for label, action in (
                ("floor", lambda: floor(data, folder)),
                ("write_unchecked", lambda: storage.write_unchecked(storage.read())),
                (
                    "Diary.record",
                    lambda n=number: diary.record(
                        Session(date=day, activity="walking", duration_minutes=n + 1)
                    ),
                ),
            ):
                started = time.perf_counter()
                action()
                times[label].append(time.perf_counter() - started)
        base = statistics.median(times["floor"])
        print(f"{count:,} sessions, {len(raw) / 1e6:.1f} MB, median of {rounds} rounds")
        for label, values in times.items():
            median = statistics.median(values)
            print(f"  {label:16} {median * 1000:8.1f} ms  {median / base:4.2f} x floor")
        print(f"  {'Diary.open':16} {opened * 1000:8.1f} ms  {opened / base:4.2f} x floor")


if __name__ == "__main__":
    main()
