"""Sharing a diary: CSV for spreadsheets, a PDF report, an iCalendar file.

Nothing here imports Qt. The heavy libraries (matplotlib, icalendar) are
imported inside the functions that use them, so opening the app stays fast;
this package itself only holds the plain-words descriptions the exports share.
"""

from __future__ import annotations

from typing import Any

from recovery_diary.core.session import ACTIVITY_LABELS, Session

__all__ = ["describe", "minutes_text", "run_pattern"]


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


def _stage_pattern(stage: int | None) -> str | None:
    """The programme's own words for a stage, when the core provides them."""
    if stage is None:
        return None
    from recovery_diary.core import programme

    table: Any = getattr(programme, "STAGES", None)
    if not table:
        return None
    try:
        entry = table[stage] if isinstance(table, dict) else table[stage - 1]
    except (IndexError, KeyError, TypeError):
        return None
    if isinstance(entry, str):
        return entry
    text = getattr(entry, "pattern", None)
    if text is None and isinstance(entry, dict):
        text = entry.get("pattern")
    return text if isinstance(text, str) and text else None


def run_pattern(session: Session) -> str:
    """The run/walk pattern in plain words, e.g. ``3 × (2 min run + 1 min walk) + 1 min run``.

    Uses the programme's stage table when the session has a stage the table
    knows; otherwise the pattern is told from the session's run and walk totals.
    """
    pattern = _stage_pattern(session.stage)
    if pattern is not None:
        return pattern
    run, walk = session.run_minutes, session.walk_minutes or 0
    if not walk:
        return f"{minutes_text(run)} min continuous running"
    return f"{minutes_text(run)} min running + {minutes_text(walk)} min walking in all"


def describe(session: Session) -> str:
    """A one-line title: ``Run/walk stage 3: <pattern>`` or ``Elliptical 25 min``."""
    label = ACTIVITY_LABELS.get(session.activity, session.activity)
    if session.is_run:
        stage = f" stage {session.stage}" if session.stage is not None else ""
        return f"{label}{stage}: {run_pattern(session)}"
    return f"{label} {minutes_text(session.duration_minutes)} min"
