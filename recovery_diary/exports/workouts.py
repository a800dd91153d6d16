"""Planned runs as FIT workout files, so a watch times the run and walk steps.

Each file holds one workout: its steps are the run's intervals in order
(:func:`recovery_diary.core.intervals.run_intervals`), each ended by time, the
runs ``active`` and the walks ``recovery``, with no pace target (the programme
prescribes minutes, not speed). Written with Garmin's FIT SDK encoder, which
adds the FIT header and CRC; watches that take FIT workouts (Garmin, Coros,
Wahoo, and apps that load them) guide the runner through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from recovery_diary.core.intervals import RUN, Interval, run_intervals
from recovery_diary.core.session import Session
from recovery_diary.fileio import write_atomically

#: FIT's "development" manufacturer: what an app that is not a device maker writes.
MANUFACTURER = "development"
#: A fixed serial number: with the time created it tells one export from another.
SERIAL_NUMBER = 0x52440001


def workout_name(session: Session) -> str:
    """The workout's name as the watch shows it (short: watches cut long names)."""
    if session.stage is not None:
        return f"Return to run {session.stage}"
    return f"Run {session.run_minutes or 0:g} min"


def workout_file_name(session: Session) -> str:
    """``2026-03-18-stage-3.fit``; a run without a stage is named by its minutes."""
    if session.stage is not None:
        return f"{session.date.isoformat()}-stage-{session.stage}.fit"
    return f"{session.date.isoformat()}-run-{session.run_minutes or 0:g}-min.fit"


def _step(index: int, interval: Interval) -> dict[str, object]:
    from garmin_fit_sdk import Profile

    running = interval.kind == RUN
    return {
        "mesg_num": Profile["mesg_num"]["WORKOUT_STEP"],
        "message_index": index,
        "wkt_step_name": "Run" if running else "Walk",
        "duration_type": "time",
        # duration_value holds the time in milliseconds (read back as duration_time).
        "duration_value": interval.seconds * 1000,
        "target_type": "open",
        "target_value": 0,
        "intensity": "active" if running else "recovery",
    }


def encode_workout(session: Session, created: dt.datetime) -> bytes:
    """The FIT workout file of one planned run, as bytes."""
    from garmin_fit_sdk import Encoder, Profile

    steps = run_intervals(session)
    mesg = Profile["mesg_num"]
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": mesg["FILE_ID"],
            "type": "workout",
            "manufacturer": MANUFACTURER,
            "product": 0,
            "serial_number": SERIAL_NUMBER,
            "time_created": created.astimezone(dt.UTC),
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": mesg["WORKOUT"],
            "wkt_name": workout_name(session),
            "sport": "running",
            "sub_sport": "generic",
            "num_valid_steps": len(steps),
        }
    )
    for index, interval in enumerate(steps):
        encoder.write_mesg(_step(index, interval))
    return encoder.close()


def write_workouts(planned: Iterable[Session], folder: Path, created: dt.datetime) -> list[Path]:
    """Write one workout file per planned run into ``folder``; return the paths.

    Files are readable by the user only; a missing folder is made (private).
    """
    paths = []
    for session in planned:
        path = folder / workout_file_name(session)
        write_atomically(path, encode_workout(session, created))
        paths.append(path)
    return paths
