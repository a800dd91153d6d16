"""The run/walk stages of Phase 2 and the build-up's minutes (DESIGN §1 tables)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from recovery_diary.core.session import DONE, PLANNED, RUN_WALK, Session

FIRST_STAGE, LAST_STAGE = 1, 6
#: Every Phase 2 run lasts this many minutes.
RUN_MINUTES = 10
#: The optional low-impact session on the days between runs in Phase 2.
OPTIONAL_MINUTES = 30
OPTIONAL_ACTIVITIES = ("elliptical", "cycling")
#: The build-up (beyond the source article) grows continuous running towards this.
BUILD_UP_TARGET = 30
#: Build-up runs fall on these days of each build-up week (the week starts the day
#: after the programme is complete), so the first comes two days after the last run.
BUILD_UP_OFFSETS = (1, 3, 5)


@dataclass(frozen=True)
class Stage:
    """One run/walk stage of Phase 2: a 10-minute session in plain words."""

    number: int
    pattern: str
    run: float
    walk: float
    repeats: int

    @property
    def duration(self) -> float:
        return self.run + self.walk

    @property
    def running_share(self) -> int:
        """Running as a percentage of the session."""
        return round(100 * self.run / self.duration)

    def session(self, day: dt.date, status: str = DONE, **fields: Any) -> Session:
        """A run/walk session of this stage on ``day`` (other fields as given)."""
        return Session(
            date=day,
            activity=RUN_WALK,
            status=status,
            stage=self.number,
            run_minutes=self.run,
            walk_minutes=self.walk,
            repeats=self.repeats,
            duration_minutes=self.duration,
            **fields,
        )


#: The stage table of DESIGN §1 (run and walk are totals in minutes).
STAGES: dict[int, Stage] = {
    1: Stage(1, "5 × (1 min run + 1 min walk)", 5, 5, 5),
    2: Stage(2, "4 × (1½ min run + 1 min walk)", 6, 4, 4),
    3: Stage(3, "3 × (2 min run + 1 min walk) + 1 min run", 7, 3, 4),
    4: Stage(4, "2 × (3 min run + 1 min walk) + 2 min run", 8, 2, 3),
    5: Stage(5, "4½ min run + 1 min walk + 4½ min run", 9, 1, 2),
    6: Stage(6, "10 min continuous run", 10, 0, 1),
}


def _build_up_minutes() -> tuple[int, ...]:
    minutes, levels = RUN_MINUTES, []
    while minutes < BUILD_UP_TARGET:
        # Rounded down so no week grows by more than 10 %.
        minutes = min(BUILD_UP_TARGET, int(minutes * 1.1))
        levels.append(minutes)
    return tuple(levels)


#: Minutes of continuous running for each build-up level: 11, 12, ... 30.
BUILD_UP_MINUTES = _build_up_minutes()


def planned_run(day: dt.date, stage: int, first: bool = False) -> Session:
    """The planned run of ``stage`` on ``day``."""
    notes = "First run: ideally on a treadmill." if first else ""
    return STAGES[stage].session(day, PLANNED, notes=notes)


def planned_build_up_run(day: dt.date, minutes: int, notes: str) -> Session:
    """A planned continuous run of the build-up."""
    return Session(
        date=day,
        activity=RUN_WALK,
        status=PLANNED,
        run_minutes=minutes,
        walk_minutes=0,
        repeats=1,
        duration_minutes=minutes,
        notes=notes,
    )


def missed_run_drop(gap_days: int) -> int:
    """Stages lost when the next run comes ``gap_days`` after the last (8-12: 1, 13-17: 2)."""
    return 0 if gap_days < 8 else 1 + (gap_days - 8) // 5
