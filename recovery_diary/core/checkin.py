"""Check-ins (how the back is on a day) and the red-flag symptoms of DESIGN §1."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from recovery_diary.core.drafts import draft_of
from recovery_diary.core.errors import InvalidSession

EMERGENCY, URGENT = "emergency", "urgent"

#: key -> (what the runner reads, how soon to get help), as the NHS's back-pain
#: advice triages them. Keys of earlier versions are all still here.
RED_FLAGS: dict[str, tuple[str, str]] = {
    "saddle_numbness": ("Numbness or tingling around the genitals or buttocks", EMERGENCY),
    "bladder_bowel": ("Difficulty peeing, or loss of bladder or bowel control", EMERGENCY),
    "both_legs": ("Pain, tingling, weakness or numbness in both legs", EMERGENCY),
    "leg_weakness": ("Weakness or numbness in a leg that is getting worse", EMERGENCY),
    "sexual_function": ("New loss of sexual function (erection, sensation)", EMERGENCY),
    "chest_pain": ("Chest pain", EMERGENCY),
    "trauma": (
        "The pain started after a serious accident (a car crash, a fall from height)",
        EMERGENCY,
    ),
    "fever": ("A high temperature, or feeling unwell", URGENT),
    "weight_loss": ("Losing weight without trying", URGENT),
    "lump": ("A lump or swelling in the back, or a change in its shape", URGENT),
    "night_pain": ("Pain that rest does not ease, or that is worse at night", URGENT),
    "cough_sneeze": ("Pain worse when coughing, sneezing or going to the toilet", URGENT),
    "upper_back": ("Pain high in the back, between the shoulder blades", URGENT),
}

#: What each level asks the runner to do, first thing.
LEVEL_ACTIONS: dict[str, str] = {
    EMERGENCY: (
        "Stop the programme and call 999 or go to A&E now (outside the UK, your local "
        "emergency number)"
    ),
    URGENT: "Stop the programme and get an urgent GP appointment or call NHS 111 today",
}


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How the back is on one day: a pain score (0-10) and any red flags."""

    date: dt.date
    pain: int | None = None
    red_flags: tuple[str, ...] = ()
    id: int | None = None
    notes: str = ""

    @property
    def level(self) -> str | None:
        """``emergency`` or ``urgent`` for the most pressing flag reported, else None."""
        return flags_level(self.red_flags) if self.red_flags else None

    def replace(self, **changes: Any) -> CheckIn:
        return dataclasses.replace(self, **changes)


def flags_level(flags: tuple[str, ...] | list[str]) -> str:
    """The level of the most pressing flag: ``emergency`` before ``urgent``."""
    known = [RED_FLAGS[f][1] for f in flags if f in RED_FLAGS]
    return EMERGENCY if EMERGENCY in known or not known else URGENT


def red_flag_message(flags: tuple[str, ...] | list[str]) -> str:
    """What to do now about the reported red flags, and which they were."""
    names = "; ".join(RED_FLAGS[f][0].lower() for f in flags if f in RED_FLAGS)
    return (
        f"{LEVEL_ACTIONS[flags_level(flags)]}: {names}. The programme is paused until you "
        "lift the pause, saying who cleared you to go on."
    )


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


#: Check-ins are built as drafts (see :mod:`drafts`): a diary builds all of its own at open.
_Draft = draft_of(CheckIn)


def check_in_from_record(record: dict[str, Any], check_in_id: int | None = None) -> CheckIn:
    """Build a check-in from a stored record; unknown keys are ignored here."""
    day = dt.date.fromisoformat(record["date"])
    get = record.get
    draft: Any = object.__new__(_Draft)
    draft.date = day
    draft.pain = get("pain")
    draft.red_flags = tuple(get("red_flags") or ())
    draft.id = check_in_id
    draft.notes = get("notes") or ""
    draft.__class__ = CheckIn
    return cast(CheckIn, draft)
