"""The diary lists its sessions in date order after any mix of changes, as a reopen does."""

from __future__ import annotations

import datetime as dt
import random

from recovery_diary import Diary, Session

START = dt.date(2026, 9, 1)


def _listed(diary: Diary) -> list[tuple[dt.date, int | None]]:
    return [(s.date, s.id) for s in diary.recorded()]


def test_records_moves_deletes_and_restores_keep_the_date_order(tmp_path):
    path = tmp_path / "d.json"
    diary = Diary.open(path)
    rng = random.Random(7)
    removed: list[Session] = []
    for step in range(160):
        stored = diary.recorded()
        roll = rng.random()
        if roll < 0.5 or not stored:
            day = START + dt.timedelta(days=rng.randrange(60))
            diary.record(Session(day, "cycling", duration_minutes=20 + step % 30))
        elif roll < 0.7:
            moved = rng.choice(stored)
            later = moved.date + dt.timedelta(days=rng.randrange(-20, 20))
            diary.update(moved.replace(date=min(later, dt.date(2026, 11, 18))))
        elif roll < 0.9:
            removed.append(diary.delete(rng.choice(stored).id))
        elif removed:
            diary.restore(removed.pop())
        listed = _listed(diary)
        assert [day for day, _ in listed] == sorted(day for day, _ in listed)
        # Within one day, sessions come in the order they were first stored (by id).
        assert listed == sorted(listed)
    diary.close()
    assert _listed(Diary.open(path)) == listed
