"""Sharing a diary: CSV, the PDF report, the calendar file, watch files in and out.

Nothing here imports Qt. The heavy libraries (matplotlib, icalendar, the FIT
and GPX parsers) are imported inside the functions that use them, so opening
the app stays fast. A session's words come from
:mod:`recovery_diary.core.session_words`, as the window's do.
"""

from recovery_diary.core.session_words import describe, minutes_text, run_pattern, stage_pattern

__all__ = ["describe", "minutes_text", "run_pattern", "stage_pattern"]
