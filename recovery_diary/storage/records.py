"""Checks on the records of a diary file, so that nothing the app cannot read gets in.

The same rules as for a session typed into the window, except that a done
session dated in the future is accepted: the clock of the computer that wrote
it may have been ahead, and refusing the whole diary for that would be worse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recovery_diary.core.checkin import (
    RED_FLAGS,
    CheckIn,
    check_in_from_record,
    validate_check_in,
)
from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import (
    FIELDS,
    FIRST_DAY,
    LAST_DAY,
    Session,
    day_error,
    from_record,
    plainly_valid,
    validate,
)
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


@dataclass
class Built:
    """The sessions and check-ins of a checked file, by id, as the diary keeps them."""

    sessions: dict[int, Session] = field(default_factory=dict)
    check_ins: dict[int, CheckIn] = field(default_factory=dict)
    #: False when a record's key is no id: the diary then reads the tables itself.
    complete: bool = True
    #: The tables whose every record passed at a glance and holds only known fields:
    #: plain numbers, text and lists of text, which need no check for nesting or NaN.
    plain_tables: set[str] = field(default_factory=set)


def _plain_session(key: str, record: Mapping[str, Any]) -> Session | None:
    """The session of a record that plainly passes its check (None: check it in full)."""
    try:
        session = from_record(record, int(key))  # type: ignore[arg-type]
        return session if plainly_valid(session, _ANY_DAY) else None
    except (InvalidSession, TypeError, ValueError):
        return None


def _plain_check_in(key: str, record: Mapping[str, Any]) -> CheckIn | None:
    """The check-in of a record that plainly passes :func:`check_in_problem` (None: ask it)."""
    date, pain, flags, notes = (
        record.get("date"),
        record.get("pain"),
        record.get("red_flags"),
        record.get("notes"),
    )
    if type(date) is not str or (flags is not None and type(flags) is not list):
        return None
    if pain is not None and (type(pain) is not int or not 0 <= pain <= 10):
        return None
    if notes is not None and (type(notes) is not str or len(notes) > 10_000):
        return None
    try:
        if (pain is None and not flags) or any(f not in RED_FLAGS for f in flags or ()):
            return None
        check_in = check_in_from_record(record, int(key))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return check_in if day_error(check_in.date) is None else None


#: table -> (the check at a glance, how the diary builds a record of it, the known fields).
#: A table of records with only known fields skips the nesting check, so the glance must
#: look at the type of every one of them (``plainly_valid`` for the sessions' FIELDS).
_BUILDERS: dict[
    str, tuple[Callable[[str, Mapping[str, Any]], Any], Callable[..., Any], frozenset[str]]
] = {
    "sessions": (_plain_session, from_record, frozenset(FIELDS) - {"id"}),
    "check_ins": (
        _plain_check_in,
        check_in_from_record,
        frozenset({"date", "pain", "red_flags", "notes"}),
    ),
}


def checked_records(data: Mapping[str, Any]) -> tuple[str | None, Built]:
    """:func:`records_problem`, and the sessions and check-ins it built on the way.

    Most records pass at a glance; only the others go through the full check,
    which names what is wrong. The objects built are the ones the diary keeps,
    so a file's records are read once (they are only complete without a problem).
    """
    built = Built()
    found: list[str] = []
    kept: dict[str, dict[int, Any]] = {"sessions": built.sessions, "check_ins": built.check_ins}
    for table, (noun, check) in CHECKS.items():
        glance, build, known = _BUILDERS.get(table, (None, None, frozenset()))
        plain = glance is not None
        for key, record in (data.get(table) or {}).items():
            item = glance(key, record) if glance is not None else None
            if item is not None:
                kept[table][item.id] = item
                plain = plain and record.keys() <= known
                continue
            plain = False
            problem = check(record)
            if problem is not None:
                found.append(f"{noun} {key} is damaged ({problem.rstrip('.')})")
            elif build is not None and not found and built.complete:
                try:
                    kept[table][int(key)] = build(dict(record), int(key))
                except ValueError:  # a key that is no id: the diary reads the tables itself
                    built.complete = False
        if plain:
            built.plain_tables.add(table)
    return _summary(found), built


def records_problem(data: Mapping[str, Any]) -> str | None:
    """The first damaged record of ``data`` in plain words (with how many more), or None."""
    return checked_records(data)[0]


def _summary(found: list[str]) -> str | None:
    if not found:
        return None
    more = len(found) - 1
    tail = f", and {more} more record{'s' if more > 1 else ''} too" if more else ""
    return f"{found[0]}{tail}."
