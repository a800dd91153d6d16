"""Checks on the records of a diary file, so that nothing the app cannot read gets in.

The same rules as for a session typed into the window, except that a done
session dated in the future is accepted: the clock of the computer that wrote
it may have been ahead, and refusing the whole diary for that would be worse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from recovery_diary.core.checkin import check_in_from_record, validate_check_in
from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import FIRST_DAY, LAST_DAY, day_error, from_record, validate
from recovery_diary.core.settings import SETTINGS, settings_errors

_ANY_DAY = dt.date.max


def _first_error(exc: InvalidSession) -> str:
    field, message = next(iter(exc.errors.items()))
    return f"{field}: {message}"


def _iso_day(value: object) -> bool:
    """Whether ``value`` is a YYYY-MM-DD day within the years the diary keeps."""
    if not isinstance(value, str):
        return False
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return False
    return day_error(day) is None


_DAY_WORDS = f"a calendar day (YYYY-MM-DD) from {FIRST_DAY.year} to {LAST_DAY.year}"


def session_problem(record: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored session record, or None if the app can use it."""
    try:
        validate(from_record(dict(record)), today=_ANY_DAY)
    except InvalidSession as exc:
        return _first_error(exc)
    except (TypeError, ValueError) as exc:
        return f"it can't be read as a session ({exc})"
    return None


def check_in_problem(record: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored check-in record, or None."""
    if not _iso_day(record.get("date")):
        return f"date: The date must be {_DAY_WORDS}."
    flags = record.get("red_flags")
    if flags is not None and not isinstance(flags, list):
        return "red_flags: The red flags must be a list."
    try:
        validate_check_in(check_in_from_record(dict(record)), today=_ANY_DAY)
    except InvalidSession as exc:
        return _first_error(exc)
    except (TypeError, ValueError) as exc:
        return f"it can't be read as a check-in ({exc})"
    return None


def programme_problem(record: Mapping[str, Any]) -> str | None:
    """What is wrong with the stored programme settings, or None."""
    if not _iso_day(record.get("start")):
        return f"start: The programme's start must be {_DAY_WORDS}."
    running_from = record.get("running_from")
    if running_from is not None and not _iso_day(running_from):
        return f"running_from: The first run must be {_DAY_WORDS}."
    stored = {s.name: record[s.name] for s in SETTINGS if s.name in record}
    for name, message in settings_errors(stored).items():
        return f"{name}: {message}"
    if "build_up" in record and not isinstance(record["build_up"], bool):
        return "build_up: The setting must be true or false."
    return None


def pause_lift_problem(record: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored pause lift, or None."""
    if not _iso_day(record.get("date")):
        return f"date: The date must be {_DAY_WORDS}."
    return None


#: table name -> (what one record is called, its check). Other tables are kept unchecked.
CHECKS: dict[str, tuple[str, Callable[[Mapping[str, Any]], str | None]]] = {
    "sessions": ("session", session_problem),
    "check_ins": ("check-in", check_in_problem),
    "programme": ("programme setting", programme_problem),
    "pause_lifts": ("pause lift", pause_lift_problem),
}


def records_problem(data: Mapping[str, Any]) -> str | None:
    """The first damaged record of ``data`` in plain words (with how many more), or None."""
    found: list[str] = []
    for table, (noun, check) in CHECKS.items():
        for key, record in (data.get(table) or {}).items():
            problem = check(record)
            if problem is not None:
                found.append(f"{noun} {key} is damaged ({problem.rstrip('.')})")
    if not found:
        return None
    more = len(found) - 1
    tail = f", and {more} more record{'s' if more > 1 else ''} too" if more else ""
    return f"{found[0]}{tail}."
