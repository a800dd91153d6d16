"""The diary's sessions from a day on, in date order, as the timeline reads them."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence

from recovery_diary.core.session import Session

#: After any id (an id is a whole number), to bisect to the end of a day.
INF = float("inf")


def in_order(session: Session) -> tuple[dt.date, int]:
    """Where a recorded session stands in the diary's index: by date, then by id."""
    return session.date, session.id  # type: ignore[return-value]  # recorded: it has an id


class RecordedView(Sequence[Session]):
    """Recorded sessions from ``start`` on, in date order, without copying them all.

    ``index`` is every recorded session, sorted by :func:`in_order`.
    """

    def __init__(self, index: list[Session], start: dt.date) -> None:
        self._index = index
        self._lo = bisect.bisect_left(index, (start, 0), key=in_order)

    def __len__(self) -> int:
        return len(self._index) - self._lo

    def on_day(self, day: dt.date) -> list[Session]:
        """The sessions of ``day`` (from ``start`` on), found by bisection."""
        index = self._index
        lo = bisect.bisect_left(index, (day, 0), self._lo, key=in_order)
        hi = bisect.bisect_right(index, (day, INF), lo, key=in_order)
        return index[lo:hi]

    def __iter__(self) -> Iterator[Session]:
        return itertools.islice(self._index, self._lo, None)

    def __getitem__(self, item):  # type: ignore[override]
        if isinstance(item, slice):
            start, stop, step = item.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._index[self._lo + start : self._lo + max(stop, start)]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        return self._index[self._lo + item]
