"""A session in plain words, the same in the window, the calendar file and the report."""

from __future__ import annotations

from recovery_diary.core.programme.stages import STAGES
from recovery_diary.core.session import ACTIVITY_LABELS, Session

__all__ = ["describe", "minutes_text", "run_pattern", "stage_pattern"]


def minutes_text(value: float | None) -> str:
    """Minutes the way a runner writes them: ``5``, ``1½``, ``2.25``; ``–`` when unknown."""
    if value is None:
        return "–"
    whole, fraction = divmod(float(value), 1.0)
    if fraction == 0:
        return str(int(whole))
    if fraction == 0.5:
        return f"{int(whole)}½" if whole else "½"
    return f"{float(value):g}"


def stage_pattern(stage: int | None) -> str | None:
    """The programme's words for a run/walk stage, e.g. ``5 × (1 min run + 1 min walk)``."""
    entry = STAGES.get(stage) if stage is not None else None
    return entry.pattern if entry is not None else None


def run_pattern(session: Session) -> str:
    """The run/walk pattern in plain words, e.g. ``3 × (2 min run + 1 min walk) + 1 min run``.

    A run with its stage's minutes takes the stage's words; any other run (an
    edited one, a build-up run) is told from its own run and walk totals.
    """
    run, walk = session.run_minutes, session.walk_minutes or 0
    entry = STAGES.get(session.stage) if session.stage is not None else None
    if entry is not None and (run is None or (run == entry.run and walk == entry.walk)):
        return entry.pattern
    if not walk:
        return f"{minutes_text(run)} min continuous run"
    return f"{minutes_text(run)} min running and {minutes_text(walk)} min walking in all"


def describe(session: Session) -> str:
    """A one-line title: ``Run/walk stage 3: <pattern>`` or ``Elliptical 25 min``."""
    label = ACTIVITY_LABELS.get(session.activity, session.activity)
    if session.is_run:
        stage = f" stage {session.stage}" if session.stage is not None else ""
        return f"{label}{stage}: {run_pattern(session)}"
    return f"{label} {minutes_text(session.duration_minutes)} min"
