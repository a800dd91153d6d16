"""The form's suggestion for a day: the plan ticked off, never the plan's hints as notes."""

from __future__ import annotations

import datetime as dt

import pytest
from pinned_clock import TODAY

from recovery_diary.core.session import Session
from recovery_diary.core.suggest import suggested_session

HINT = "Optional: low-impact work goes on beside the running."


@pytest.mark.parametrize("days", [-1, 0, 3])
def test_a_worked_out_plan_gives_its_session_without_its_hint(days: int) -> None:
    day = TODAY + dt.timedelta(days=days)
    plan = Session(day, "cycling", status="planned", duration_minutes=30, notes=HINT)
    suggested = suggested_session(day, [plan], [], True, TODAY)
    assert (suggested.activity, suggested.duration_minutes, suggested.notes) == ("cycling", 30, "")
    assert suggested.status == ("planned" if days > 0 else "done")


def test_a_stored_planned_session_keeps_the_notes_the_runner_wrote() -> None:
    day = TODAY + dt.timedelta(days=3)
    plan = Session(day, "cycling", id=4, status="planned", duration_minutes=30, notes="with Sam")
    assert suggested_session(day, [plan], [], True, TODAY).notes == "with Sam"
