"""The diary's sessions from a day on, in date order, as the timeline reads them."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence

from recovery_diary.core.session import Session


class RecordedView(Sequence[Session]):
    """Recorded sessions from ``start`` on, in date order, without copying them all."""

    def __init__(
        self, index: list[tuple[dt.date, int]], sessions: dict[int, Session], start: dt.date
    ) -> None:
        self._index = index
        self._sessions = sessions
        self._lo = bisect.bisect_left(index, (start, 0))

    def __len__(self) -> int:
        return len(self._index) - self._lo

    def on_day(self, day: dt.date) -> list[Session]:
        """The sessions of ``day`` (from ``start`` on), found by bisection."""
        index = self._index
        lo = bisect.bisect_left(index, (day, 0), self._lo)
        hi = lo
        while hi < len(index) and index[hi][0] == day:
            hi += 1
        return [self._sessions[i] for _, i in index[lo:hi]]

    def __iter__(self) -> Iterator[Session]:
        sessions = self._sessions
        return (sessions[i] for _, i in itertools.islice(self._index, self._lo, None))

    def __getitem__(self, item):  # type: ignore[override]
        if isinstance(item, slice):
            start, stop, step = item.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            rows = self._index[self._lo + start : self._lo + max(stop, start)]
            return [self._sessions[i] for _, i in rows]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        return self._sessions[self._index[self._lo + item][1]]
