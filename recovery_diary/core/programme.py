"""The return-to-run programme of DESIGN §1: plan, progression rule and advice.

Everything here is a pure function of the programme settings and what has been
recorded (sessions, check-ins, pause lifts); today's date never enters a plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from recovery_diary.core.checkin import CheckIn, red_flag_message
from recovery_diary.core.session import Session

LOW_IMPACT, RUN, REST = "low_impact", "run", "rest"
REACTION_CHECK, NEXT_MORNING_SCORE, PAUSED, COMPLETE = (
    "reaction_check",
    "next_morning_score",
    "paused",
    "complete",
)
ACTIONS = (LOW_IMPACT, RUN, REST, REACTION_CHECK, NEXT_MORNING_SCORE, PAUSED, COMPLETE)


@dataclass(frozen=True)
class ProgrammeSettings:
    """The programme's start and its settings (DESIGN §3 defaults)."""

    start: dt.date
    low_impact_weeks: int = 4
    sessions_per_week: int = 3
    first_minutes: int = 20
    step_minutes: int = 5
    safe_max: int = 3
    acceptable_max: int = 5
    running_from: dt.date | None = None
    build_up: bool = False

    def to_record(self) -> dict[str, Any]:
        record = dataclasses.asdict(self)
        record["start"] = self.start.isoformat()
        record["running_from"] = self.running_from.isoformat() if self.running_from else None
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ProgrammeSettings:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in record.items() if k in names}
        values["start"] = dt.date.fromisoformat(values["start"])
        if values.get("running_from"):
            values["running_from"] = dt.date.fromisoformat(values["running_from"])
        return cls(**values)


@dataclass(frozen=True)
class Advice:
    """What a day asks for: ``action`` (one of ACTIONS), ``stage`` and ``reason``."""

    action: str
    stage: int | None
    reason: str
    pattern: str | None = None


@dataclass
class Plan:
    """A programme worked out from its settings and the records."""

    settings: ProgrammeSettings | None
    planned: list[Session] = field(default_factory=list)
    pauses: list[tuple[dt.date, dt.date | None, tuple[str, ...]]] = field(default_factory=list)

    def paused_on(self, on: dt.date) -> tuple[str, ...] | None:
        for start, end, flags in self.pauses:
            if start <= on and (end is None or on < end):
                return flags
        return None

    def advice(self, on: dt.date) -> Advice:
        flags = self.paused_on(on)
        if flags is not None:
            return Advice(PAUSED, None, red_flag_message(flags))
        return Advice(
            LOW_IMPACT,
            None,
            "No programme has been started yet. Until then, low-impact exercise such as "
            "the elliptical or cycling keeps your fitness without jarring the back.",
        )


def _pauses(
    check_ins: Sequence[CheckIn], lifts: Sequence[dt.date]
) -> list[tuple[dt.date, dt.date | None, tuple[str, ...]]]:
    pauses: list[tuple[dt.date, dt.date | None, tuple[str, ...]]] = []
    for check_in in sorted(check_ins, key=lambda c: c.date):
        if not check_in.red_flags:
            continue
        if pauses and (pauses[-1][1] is None or check_in.date < pauses[-1][1]):
            start, end, flags = pauses[-1]
            merged = tuple(dict.fromkeys(flags + check_in.red_flags))
            pauses[-1] = (start, end, merged)
            continue
        end = min((d for d in lifts if d >= check_in.date), default=None)
        pauses.append((check_in.date, end, check_in.red_flags))
    return pauses


def build_plan(
    settings: ProgrammeSettings | None,
    sessions: Sequence[Session],
    check_ins: Sequence[CheckIn],
    pause_lifts: Sequence[dt.date],
) -> Plan:
    """Work out the plan; ``sessions`` are the recorded ones, sorted by date."""
    return Plan(settings, [], _pauses(check_ins, pause_lifts))
