"""The records a programme is replayed from, indexed by day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from recovery_diary.core.checkin import CheckIn, flags_level
from recovery_diary.core.programme.settings import ProgrammeSettings
from recovery_diary.core.session import Session

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Lift:
    """A red-flag pause lifted on ``date`` by ``cleared_by`` (a clinician, or "myself")."""

    date: dt.date
    cleared_by: str = "myself"


@dataclass(frozen=True)
class Readiness:
    """The two questions before the first run, answered on ``date``."""

    date: dt.date
    walk_ok: bool
    hops_ok: bool

    @property
    def ready(self) -> bool:
        return self.walk_ok and self.hops_ok

    @property
    def why_not(self) -> str:
        said = []
        if not self.walk_ok:
            said.append("a brisk 30-minute walk was not pain-free")
        if not self.hops_ok:
            said.append("10 hops on each leg were not pain-free")
        return "you said " + " and ".join(said)


@dataclass(frozen=True)
class Pause:
    """A red-flag pause from ``start`` until ``end`` (the lift's day; None: still on)."""

    start: dt.date
    end: dt.date | None
    flags: tuple[str, ...]
    cleared_by: str | None = None

    @property
    def level(self) -> str:
        return flags_level(self.flags)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class Records:
    """What was recorded, by day: done and stored planned sessions, check-ins, lifts."""

    settings: ProgrammeSettings
    sessions: Sequence[Session]
    check_ins: Sequence[CheckIn]
    lifts: Sequence[Lift] = ()
    readiness: Sequence[Readiness] = ()
    _by_day: dict[dt.date, list[Session]] = field(default_factory=dict)
    _checks: dict[dt.date, CheckIn] = field(default_factory=dict)
    _on_day: Callable[[dt.date], list[Session]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        start = self.settings.start
        # A diary's view of its sessions finds a day's by bisection; a plain
        # sequence is grouped by day once.
        on_day = getattr(self.sessions, "on_day", None)
        if on_day is not None:
            self._on_day = on_day
            last = self.sessions[-1].date if len(self.sessions) else start
        else:
            by_day = self._by_day
            for session in self.sessions:
                if session.date >= start:
                    by_day.setdefault(session.date, []).append(session)
            self._on_day = lambda day: by_day.get(day, [])
            last = max(by_day, default=start)
        for check_in in self.check_ins:
            self._checks[check_in.date] = check_in
        self.flag_days = frozenset(c.date for c in self.check_ins if c.red_flags)
        self.pauses = pauses_from([c for c in self.check_ins if c.red_flags], self.lifts)
        self.last_day = max(
            [
                start,
                last,
                *(c.date for c in self.check_ins if c.date >= start),
                *(x.date for x in self.lifts),
                *(x.date for x in self.readiness),
            ]
        )

    def sessions_on(self, day: dt.date) -> list[Session]:
        return self._on_day(day)

    def check_in_on(self, day: dt.date) -> CheckIn | None:
        return self._checks.get(day)

    def readiness_in(self, first: dt.date, last: dt.date) -> Readiness | None:
        """The last readiness answer given from ``first`` to ``last``."""
        found = [r for r in self.readiness if first <= r.date <= last]
        return max(found, key=lambda r: r.date) if found else None

    def pause_on(self, day: dt.date) -> Pause | None:
        return next((p for p in self.pauses if p.covers(day)), None)

    def pause_lifted_on(self, day: dt.date) -> Pause | None:
        return next((p for p in self.pauses if p.end == day), None)

    def resting_pain(self, day: dt.date) -> int | None:
        """The last resting pain in the three days before ``day`` (check-in or pain before)."""
        for back in (1, 2, 3):
            earlier = day - back * _DAY
            check = self._checks.get(earlier)
            if check is not None and check.pain is not None:
                return check.pain
            befores = [s.pain_before for s in self.sessions_on(earlier) if s.is_done]
            befores = [b for b in befores if b is not None]
            if befores:
                return befores[-1]
        return None


def pauses_from(flagged: Sequence[CheckIn], lifts: Sequence[Lift]) -> list[Pause]:
    """The red-flag pauses: from each flag's day to the next lift on or after it."""
    pauses: list[Pause] = []
    ordered = sorted(lifts, key=lambda lift: lift.date)
    for check_in in sorted(flagged, key=lambda c: c.date):
        last = pauses[-1] if pauses else None
        if last is not None and (last.end is None or check_in.date < last.end):
            merged = tuple(dict.fromkeys(last.flags + check_in.red_flags))
            pauses[-1] = Pause(last.start, last.end, merged, last.cleared_by)
            continue
        lift = next((x for x in ordered if x.date >= check_in.date), None)
        pauses.append(
            Pause(
                check_in.date,
                lift.date if lift else None,
                check_in.red_flags,
                lift.cleared_by if lift else None,
            )
        )
    return pauses
