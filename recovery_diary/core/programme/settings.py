"""A programme's start and its settings, as the diary file keeps them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from recovery_diary.core.pain import Thresholds


@dataclass(frozen=True)
class ProgrammeSettings:
    """The programme's start and its settings (DESIGN §3 defaults).

    ``running_from`` overrules a Phase 1 extension (``Diary.start_running``);
    ``build_up`` switches on the optional build-up beyond the source article.
    """

    start: dt.date
    low_impact_weeks: int = 4
    sessions_per_week: int = 3
    first_minutes: int = 20
    step_minutes: int = 5
    safe_max: int = 3
    acceptable_max: int = 5
    running_from: dt.date | None = None
    build_up: bool = False

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.safe_max, self.acceptable_max)

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
