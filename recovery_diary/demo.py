"""Write a demo diary file through the :class:`~recovery_diary.Diary` facade."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

from recovery_diary.core import clock
from recovery_diary.core.demo import DemoDiary, generate_demo, years_before
from recovery_diary.core.programme import RUN, build_timeline
from recovery_diary.diary import SETTING_RANGES, Diary


def write_demo(
    path: str | os.PathLike[str],
    years: int = 1,
    today: dt.date | None = None,
    seed: int = 1,
) -> Diary:
    """Write ``years`` years of demo use up to ``today`` to a new diary at ``path``.

    Refuses an existing ``path`` with FileExistsError and leaves it untouched.
    The records go in with one write. Returns the open diary.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(
            errno.EEXIST, f"{path} already exists; the demo never overwrites a file", str(path)
        )
    today = today or clock.system_today()
    demo = generate_demo(years, today, seed)
    settings = {name: getattr(demo.settings, name) for name in SETTING_RANGES}
    diary = Diary.open(path, lambda: today)
    diary.start_programme(demo.settings.start, **settings)
    diary.add_many(demo.sessions, demo.check_ins)
    return diary


def write_demo_in_progress(
    path: str | os.PathLike[str],
    days_in: int = 43,
    today: dt.date | None = None,
    seed: int = 1,
) -> Diary:
    """Write a demo caught about ``days_in`` days into its programme (what ``--demo`` opens).

    The same generator as :func:`write_demo`, with the sessions from ``today`` on
    left out, so the window shows a run/walk phase under way. The start is moved
    by a day or two from ``days_in`` so that today has a run to tick off.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(
            errno.EEXIST, f"{path} already exists; the demo never overwrites a file", str(path)
        )
    today = today or clock.system_today()
    for shift in (0, 1, -1, 2, -2, 3, -3):
        demo = _caught(today, days_in + shift, seed)
        timeline = build_timeline(demo.settings, demo.sessions, demo.check_ins, today=today)
        if timeline.advice(today).action == RUN:
            break
    settings = {name: getattr(demo.settings, name) for name in SETTING_RANGES}
    diary = Diary.open(path, lambda: today)
    diary.start_programme(demo.settings.start, **settings)
    diary.add_many(demo.sessions, demo.check_ins)
    return diary


def _caught(today: dt.date, days_in: int, seed: int) -> DemoDiary:
    """The demo programme started ``days_in`` days before ``today``, up to yesterday."""
    start = today - dt.timedelta(days=days_in)
    demo = generate_demo(1, start + (today - years_before(today, 1)), seed)
    return DemoDiary(
        demo.settings,
        [s for s in demo.sessions if s.date < today],
        [c for c in demo.check_ins if c.date < today],
    )
