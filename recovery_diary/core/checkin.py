"""Check-ins (how the back is on a day) and the red-flag symptoms of DESIGN §1."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from recovery_diary.core.errors import InvalidSession

URGENT = "urgent"
SEE_DOCTOR = "see a doctor"

#: key -> (what the runner reads, how soon to get advice)
RED_FLAGS: dict[str, tuple[str, str]] = {
    "saddle_numbness": ("Numbness around the genitals or buttocks", URGENT),
    "bladder_bowel": ("New problems controlling bladder or bowel", URGENT),
    "leg_weakness": ("Weakness or numbness in the legs that is getting worse", URGENT),
    "both_legs": ("Pain down both legs", SEE_DOCTOR),
    "fever": ("Back pain with fever or feeling unwell", SEE_DOCTOR),
    "night_pain": ("Constant pain at night that rest does not ease", SEE_DOCTOR),
    "trauma": ("Pain after a fall or accident", SEE_DOCTOR),
}


@dataclass(frozen=True)
class CheckIn:
    """How the back is on one day: a pain score (0-10) and any red flags."""

    date: dt.date
    pain: int | None = None
    red_flags: tuple[str, ...] = ()
    id: int | None = None
    notes: str = ""

    @property
    def urgent(self) -> bool:
        return any(RED_FLAGS[f][1] == URGENT for f in self.red_flags if f in RED_FLAGS)

    def replace(self, **changes: Any) -> CheckIn:
        return dataclasses.replace(self, **changes)


def red_flag_message(flags: tuple[str, ...] | list[str]) -> str:
    """The stop-and-get-advice sentence for reported red flags."""
    names = "; ".join(RED_FLAGS[f][0].lower() for f in flags if f in RED_FLAGS)
    if any(RED_FLAGS[f][1] == URGENT for f in flags if f in RED_FLAGS):
        return (
            f"Stop the programme and get urgent medical advice today "
            f"(emergency department or urgent care): {names}."
        )
    return f"Stop the programme and see a doctor before going on: {names}."


def validate_check_in(check_in: CheckIn, today: dt.date) -> CheckIn:
    """Return the check-in with its flags in table order, or raise InvalidSession."""
    errors: dict[str, str] = {}
    if not isinstance(check_in.date, dt.date) or isinstance(check_in.date, dt.datetime):
        errors["date"] = "The date must be a calendar day."
    elif check_in.date > today:
        errors["date"] = "A check-in says how the back is; that day hasn't come yet."
    pain = check_in.pain
    if pain is not None and (
        isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10
    ):
        errors["pain"] = "Pain is scored from 0 (no pain) to 10 (worst imaginable)."
    unknown = [f for f in check_in.red_flags if f not in RED_FLAGS]
    if unknown:
        errors["red_flags"] = f"Unknown red flag {unknown[0]!r}."
    if pain is None and not check_in.red_flags:
        errors["pain"] = "Give a pain score from 0 to 10, or report a red flag."
    if not isinstance(check_in.notes, str) or len(check_in.notes) > 10_000:
        errors["notes"] = "Notes must be text of at most 10,000 characters."
    if errors:
        raise InvalidSession(errors)
    flags = tuple(f for f in RED_FLAGS if f in check_in.red_flags)
    return check_in.replace(red_flags=flags)


def check_in_to_record(check_in: CheckIn) -> dict[str, Any]:
    return {
        "date": check_in.date.isoformat(),
        "pain": check_in.pain,
        "red_flags": list(check_in.red_flags),
        "notes": check_in.notes,
    }


def check_in_from_record(record: dict[str, Any], check_in_id: int | None = None) -> CheckIn:
    return CheckIn(
        date=dt.date.fromisoformat(record["date"]),
        pain=record.get("pain"),
        red_flags=tuple(record.get("red_flags") or ()),
        id=check_in_id,
        notes=record.get("notes") or "",
    )
