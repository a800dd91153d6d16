"""Planned sessions as an iCalendar file, to see them in any calendar app.

Each planned session is one all-day event. Its UID comes from the day and the
kind of session (a run, or a low-impact session), never from an id or a random
number, so exporting again after the plan changed updates the events a calendar
already has instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from recovery_diary.core.session import ROWING_CAUTION, Session
from recovery_diary.core.session_words import describe
from recovery_diary.fileio import write_atomically

__all__ = ["PRODID", "event_uid", "write_calendar"]

PRODID = "-//Recovery Diary//Recovery Diary//EN"
UID_DOMAIN = "recovery-diary"
CALENDAR_NAME = "Recovery Diary"
_RECORD_HINT = (
    "When it's done, tick it off in Recovery Diary with your pain before, during "
    "and after, and the next morning."
)


def _kind(session: Session) -> str:
    # Low-impact activities share one kind: the plan may swap cycling for the
    # elliptical on a day, and that is the same planned session.
    return "run-walk" if session.is_run else "low-impact"


def event_uid(session: Session, occurrence: int = 1) -> str:
    """The event's UID, e.g. ``20261201-run-walk@recovery-diary``.

    ``occurrence`` numbers further sessions of the same kind on the same day.
    """
    suffix = "" if occurrence == 1 else f"-{occurrence}"
    return f"{session.date:%Y%m%d}-{_kind(session)}{suffix}@{UID_DOMAIN}"


def _description(session: Session) -> str:
    lines = [describe(session) + "."]
    if session.activity == "rowing":
        lines.append(ROWING_CAUTION)
    if session.notes:
        lines.append(session.notes)
    lines.append(_RECORD_HINT)
    return "\n\n".join(lines)


def write_calendar(planned: list[Session], path: Path, *, stamp: dt.datetime | None = None) -> int:
    """Write one all-day event per session in ``planned`` to ``path``; return how many.

    ``stamp`` is the DTSTAMP of every event (the time of the export, whole
    seconds in UTC, unless given), so one export is internally consistent and
    a later export tells calendar apps the events may have changed.
    """
    from icalendar import Calendar, Event

    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    seen: Counter[tuple[dt.date, str]] = Counter()
    for session in sorted(planned, key=lambda s: (s.date, not s.is_run, s.activity)):
        seen[session.date, _kind(session)] += 1
        event = Event()
        event.add("uid", event_uid(session, seen[session.date, _kind(session)]))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("summary", describe(session))
        event.add("description", _description(session))
        event.add("transp", "TRANSPARENT")  # an all-day plan shouldn't show the day as busy
        calendar.add_component(event)
    write_atomically(Path(path), calendar.to_ical())
    return sum(seen.values())
