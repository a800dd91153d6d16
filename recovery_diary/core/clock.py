"""The one place that reads the system clock.

The diary is handed a ``today`` callable when it is opened (``Diary.open(path,
today=...)``) and everything else asks the diary; tests hand it a fixed day.
File names that carry a time stamp (backups, kept copies) take it from here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Today = Callable[[], dt.date]


def system_today() -> dt.date:
    """Today's date on this computer (the default clock of a diary)."""
    return dt.date.today()


def system_now() -> dt.datetime:
    """The local date and time, for time stamps in file names."""
    return dt.datetime.now()
