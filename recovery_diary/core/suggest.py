"""The session a new entry starts from: the day's plan, else the runner's habit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from recovery_diary.core.session import DONE, LOW_IMPACT, RUN_WALK, Session


def suggested_session(
    day: dt.date,
    planned: Sequence[Session],
    recent: Sequence[Session],
    in_programme: bool,
    today: dt.date,
) -> Session:
    """A new session for ``day``: its first planned session ticked off, or a habit.

    ``planned`` are the day's planned sessions (at the stage due), ``recent`` the
    sessions recorded in the weeks before. A day still to come gets the plan as
    planned; in a programme, a day without a plan gets a low-impact session.
    """
    if planned:
        plan = planned[0]
        # The plan's hints are not the runner's notes (a planned session stored has its own).
        notes = plan.notes if plan.id is not None else ""
        if day > today:
            return plan.replace(notes=notes)
        return plan.replace(status=DONE, notes=notes)
    if in_programme or not recent or not recent[-1].is_run:
        low = [s for s in recent if not s.is_run]
        activity = low[-1].activity if low else LOW_IMPACT[0]
        minutes = low[-1].duration_minutes if low and not in_programme else 30
        return Session(date=day, activity=activity, duration_minutes=minutes)
    last = recent[-1]
    return Session(
        date=day,
        activity=RUN_WALK,
        run_minutes=last.run_minutes,
        walk_minutes=last.walk_minutes,
        repeats=last.repeats,
    )
