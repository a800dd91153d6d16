"""Write a demo diary file through the :class:`~recovery_diary.Diary` facade."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

from recovery_diary.core.demo import generate_demo
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
    demo = generate_demo(years, today or dt.date.today(), seed)
    settings = {name: getattr(demo.settings, name) for name in SETTING_RANGES}
    diary = Diary.open(path)
    diary.start_programme(demo.settings.start, **settings)
    diary.add_many(demo.sessions, demo.check_ins)
    return diary
