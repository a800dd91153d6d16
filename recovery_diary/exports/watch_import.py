"""Which activities of a watch file are new to the diary, as sessions to record.

The diary keeps each imported activity's start (UTC) on its session record as
``activity_start``; an activity starting within a minute of one of those is
the same one (its FIT, GPX and TCX files differ by a second or so) and is not
recorded again. :class:`recovery_diary.Diary` does the writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import Session, validate
from recovery_diary.exports.activity import (
    WALK_RUN_KMH,
    WALK_RUN_RANGE,
    Activity,
    TooShort,
    analyse,
    same_activity,
)
from recovery_diary.exports.activity_files import read_tracks


@dataclass(frozen=True)
class ImportedActivity:
    """One activity of an imported file: its session and whether it is new.

    ``new`` is False when the diary already had this activity (the same start);
    ``session`` is then the session recorded from it before.
    """

    session: Session
    new: bool
    start: dt.datetime
    file: str


def source_fields(activity: Activity, path: Path) -> dict[str, str]:
    """What the diary file keeps on an imported session besides its Session fields."""
    return {"activity_start": activity.identity, "imported_from": path.name}


def imported_starts(records: Mapping[int, Mapping[str, Any]]) -> list[tuple[dt.datetime, int]]:
    """The start of each imported activity among stored session records, with its id."""
    starts = []
    for session_id, record in records.items():
        text = record.get("activity_start")
        if not isinstance(text, str):
            continue
        try:
            start = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        if start.tzinfo is not None:
            starts.append((start, session_id))
    return starts


def sort_out(
    path: Path,
    walk_run_kmh: float,
    known: list[tuple[dt.datetime, int]],
    today: dt.date,
    tz: dt.tzinfo | None = None,
) -> tuple[list[tuple[Activity, Session]], list[tuple[Activity, int]]]:
    """The file's new activities with their sessions, and those already known with their ids.

    Raises ValueError naming the file if it can't be read or an activity is one
    the diary can't take (a session in the future, longer than 300 minutes).
    """
    new: list[tuple[Activity, Session]] = []
    before: list[tuple[Activity, int]] = []
    seen = list(known)
    for activity in read_activities(path, walk_run_kmh):
        match = next((i for start, i in seen if same_activity(start, activity.start)), None)
        if match is not None:
            if match > 0:  # 0: twice in this same file
                before.append((activity, match))
            continue
        try:
            session = validate(activity.session(tz), today)
        except InvalidSession as exc:
            why = " ".join(exc.errors.values())
            raise ValueError(f"Can't import {path.name}: {why}") from exc
        new.append((activity, session))
        seen.append((activity.start, 0))
    return new, before


def check_walk_run_kmh(kmh: object) -> float:
    """The walk/run threshold as a float, or InvalidSession saying its range."""
    lo, hi = WALK_RUN_RANGE
    if isinstance(kmh, bool) or not isinstance(kmh, int | float) or not lo <= kmh <= hi:
        message = f"The walk/run speed must be from {lo:g} to {hi:g} km/h."
        raise InvalidSession({"walk_run_kmh": message})
    return float(kmh)


def read_activities(path: Path, walk_run_kmh: float = WALK_RUN_KMH) -> list[Activity]:
    """Every activity in a ``.fit``, ``.gpx`` or ``.tcx`` file, worked out.

    Raises ValueError naming the file and what is wrong with it.
    """
    tracks = read_tracks(path)
    activities, short = [], None
    for number, track in enumerate(tracks, start=1):
        which = f"activity {number} of " if len(tracks) > 1 else ""
        try:
            activities.append(analyse(track, walk_run_kmh))
        except TooShort as exc:
            short = short or ValueError(f"Can't import {which}{path.name}: {exc}")
        except ValueError as exc:
            raise ValueError(f"Can't import {which}{path.name}: {exc}") from exc
    if not activities and short is not None:
        raise short  # only a moment of recording: among longer ones it is left out
    return activities
