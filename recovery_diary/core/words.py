"""Every word the runner reads about days, phases, pain and the programme, in one place.

The advice sentences themselves are composed in
:mod:`recovery_diary.core.programme.advice`; the window, the calendar and the
report take their day, month, phase, pain and outcome words from here.
"""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

PHASE_1 = "Phase 1 — low-impact base"
PHASE_2 = "Phase 2 — run/walk"
BUILD_UP = "Build-up (beyond the article)"
BEYOND_ARTICLE = "beyond the source article"

GREEN, AMBER, RED = "green", "amber", "red"
OUTCOME_WORDS = {GREEN: "green", AMBER: "amber", RED: "red"}
#: What each outcome does to the next run, in a few words.
OUTCOME_EFFECTS = {
    GREEN: "advance one stage",
    AMBER: "repeat the stage",
    RED: "step back one stage",
}
PAIN_WORDS = {
    "pain_before": "pain before",
    "pain_during": "pain during (worst)",
    "pain_after": "pain straight after",
    "pain_next_morning": "next-morning pain",
}

DISCLAIMER = (
    "Recovery Diary follows a general, published return-to-run programme for back "
    "pain (physiotherapist Greg Ryan, Runner's World UK). It is no substitute for "
    "the advice of a doctor or physiotherapist who knows you. If your pain gets "
    "worse, or you notice any red-flag symptom, stop and get medical advice."
)

ACTIVITY_WORDS = {
    "elliptical": "on the elliptical",
    "cycling": "on the bike",
}


def format_day(day: dt.date, ref: dt.date | None = None) -> str:
    """``Thursday 3 December``; the year is added when it differs from ``ref``'s."""
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    if ref is not None and ref.year != day.year:
        text += f" {day.year}"
    return text


def long_day(day: dt.date) -> str:
    """``3 December 2026``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def capital(text: str) -> str:
    """``text`` with its first letter a capital."""
    return text[:1].upper() + text[1:]
