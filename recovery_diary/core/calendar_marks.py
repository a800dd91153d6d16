"""What each calendar day shows: done, planned, missed, rest, and the pain light.

Every mark has a symbol and a tooltip as well as a colour, so it reads without colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from recovery_diary.core.checkin import RED_FLAGS, CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED, Thresholds, traffic_light
from recovery_diary.core.session import ACTIVITY_LABELS, Session

DONE_SYMBOL, PLANNED_SYMBOL, MISSED_SYMBOL, REST_SYMBOL = "✓", "◇", "✗", "z"
#: One shape per light, so the light reads without colour too.
LIGHT_SYMBOLS = {GREEN: "●", AMBER: "▲", RED: "■"}
LIGHT_WORDS = {GREEN: "green", AMBER: "amber", RED: "red"}
LIGHT_ORDER = (GREEN, AMBER, RED)


@dataclass(frozen=True)
class DayMark:
    day: dt.date
    done: int = 0
    planned: int = 0
    missed: int = 0
    rest: bool = False
    red_flag: bool = False
    pain: int | None = None
    light: str | None = None
    tooltip: str = ""

    @property
    def status_symbol(self) -> str:
        if self.done:
            return DONE_SYMBOL
        if self.missed:
            return MISSED_SYMBOL
        if self.planned:
            return PLANNED_SYMBOL
        return REST_SYMBOL if self.rest else ""

    @property
    def light_symbol(self) -> str:
        return LIGHT_SYMBOLS.get(self.light or "", "")


def describe(session: Session) -> str:
    """A session in a few words: "Run/walk stage 2, 6 + 4 min" or "Cycling 30 min"."""
    label = ACTIVITY_LABELS.get(session.activity, session.activity)
    if session.is_run:
        stage = f" stage {session.stage}" if session.stage else ""
        walk = session.walk_minutes or 0
        minutes = (
            f"{session.run_minutes:g} min continuous"
            if not walk
            else f"{session.run_minutes:g} min run + {walk:g} min walk"
        )
        return f"{label}{stage}, {minutes}"
    return f"{label} {session.duration_minutes or 0:g} min"


def day_marks(
    sessions: Iterable[Session],
    check_ins: Iterable[CheckIn],
    rest_days: Iterable[dt.date],
    today: dt.date,
    thresholds: Thresholds | None = None,
    outcomes: Mapping[int, str] | None = None,
) -> dict[dt.date, DayMark]:
    """Marks for every day that has something to show.

    A session the progression rule judged shows that verdict (a run whose pain
    rose next morning is red even if no single score reached 6); anything else
    shows the traffic light of its worst pain score.
    """
    thresholds = thresholds or Thresholds()
    outcomes = outcomes or {}
    verdicts: dict[dt.date, list[str]] = {}
    lines: dict[dt.date, list[str]] = {}
    counts: dict[dt.date, dict[str, int]] = {}
    pains: dict[dt.date, list[int]] = {}
    flags: set[dt.date] = set()
    for s in sessions:
        kind = "done" if s.is_done else ("missed" if s.date < today else "planned")
        counts.setdefault(s.date, {"done": 0, "planned": 0, "missed": 0})[kind] += 1
        lines.setdefault(s.date, []).append(f"{kind.capitalize()}: {describe(s)}")
        if s.is_done and s.worst_pain is not None:
            pains.setdefault(s.date, []).append(s.worst_pain)
        if s.is_done and s.id in outcomes:
            verdicts.setdefault(s.date, []).append(outcomes[s.id])
    for c in check_ins:
        if c.pain is not None:
            pains.setdefault(c.date, []).append(c.pain)
            lines.setdefault(c.date, []).append(f"Check-in: back pain {c.pain}/10")
        if c.red_flags:
            flags.add(c.date)
            names = "; ".join(RED_FLAGS[f][0] for f in c.red_flags if f in RED_FLAGS)
            lines.setdefault(c.date, []).append(f"Red flag: {names}")
    rest = set(rest_days)
    marks: dict[dt.date, DayMark] = {}
    for day in sorted(set(lines) | rest):
        c = counts.get(day, {"done": 0, "planned": 0, "missed": 0})
        worst = max(pains[day]) if day in pains else None
        lights = [traffic_light(worst, thresholds), *verdicts.get(day, ())]
        light = max((x for x in lights if x), key=LIGHT_ORDER.index, default=None)
        text = list(lines.get(day, []))
        if day in rest and not c["done"]:
            text.insert(0, "Rest day")
        if worst is not None:
            text.append(f"Worst pain {worst}/10")
        for verdict in verdicts.get(day, ()):
            text.append(f"Judged {LIGHT_WORDS[verdict]} by the pain rule")
        marks[day] = DayMark(
            day,
            done=c["done"],
            planned=c["planned"],
            missed=c["missed"],
            rest=day in rest,
            red_flag=day in flags,
            pain=worst,
            light=light,
            tooltip="\n".join(text),
        )
    return marks
