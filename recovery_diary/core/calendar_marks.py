"""What each calendar day shows: done, planned, missed, rest, and the judged outcome.

Every mark has a symbol and a tooltip as well as a colour, so it reads without colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from recovery_diary.core.checkin import RED_FLAGS, CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED, Thresholds, traffic_light
from recovery_diary.core.programme.rule import judge
from recovery_diary.core.programme.timeline import Day
from recovery_diary.core.session import Session
from recovery_diary.core.session_words import describe
from recovery_diary.core.words import OUTCOME_WORDS

DONE_SYMBOL, PLANNED_SYMBOL, MISSED_SYMBOL, REST_SYMBOL = "✓", "◇", "✗", "z"
#: One shape per light, so the light reads without colour too.
LIGHT_SYMBOLS = {GREEN: "●", AMBER: "▲", RED: "■"}
LIGHT_WORDS = OUTCOME_WORDS
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


def day_marks(
    days: Mapping[dt.date, Day],
    recorded: Iterable[Session],
    check_ins: Iterable[CheckIn],
    today: dt.date,
    thresholds: Thresholds | None = None,
    outcomes: Mapping[int, str] | None = None,
    checked: Mapping[dt.date, str] | None = None,
) -> dict[dt.date, DayMark]:
    """Marks for every day that has something to show.

    ``days`` are the programme's days (its plan, optional sessions, rest days),
    ``outcomes`` the programme's verdict on recorded sessions by id and
    ``checked`` its verdict on the check-ins by day. The colour is the day's
    judged outcome: the worst verdict of its sessions and check-ins (a run whose
    pain rose next morning is red even if no single score reached 6); sessions
    and check-ins outside the programme are judged by the same rule.
    """
    thresholds = thresholds or Thresholds()
    outcomes = outcomes or {}
    checked = checked or {}
    verdicts: dict[dt.date, list[str]] = {}
    lines: dict[dt.date, list[str]] = {}
    counts: dict[dt.date, dict[str, int]] = {}
    pains: dict[dt.date, list[int]] = {}
    flags: set[dt.date] = set()

    def count(day: dt.date, kind: str, text: str) -> None:
        counts.setdefault(day, {"done": 0, "planned": 0, "missed": 0})[kind] += 1
        lines.setdefault(day, []).append(f"{kind.capitalize()}: {text}")

    for s in recorded:
        if s.is_done:
            count(s.date, "done", describe(s))
            if s.worst_pain is not None:
                pains.setdefault(s.date, []).append(s.worst_pain)
            verdict = outcomes.get(s.id or 0) if s.id in outcomes else _judged(s, thresholds)
            if verdict:
                verdicts.setdefault(s.date, []).append(verdict)
        else:
            count(s.date, "missed" if s.date < today else "planned", describe(s))
    for entry in days.values():
        for s in entry.planned:
            count(s.date, "missed" if s.date < today else "planned", describe(s))
        for s in entry.optional:
            if s.date >= today:
                lines.setdefault(s.date, []).append(f"Optional: {describe(s)}")
    for c in check_ins:
        if c.pain is not None:
            pains.setdefault(c.date, []).append(c.pain)
            lines.setdefault(c.date, []).append(f"Check-in: back pain {c.pain}/10")
            verdict = checked.get(c.date) or traffic_light(c.pain, thresholds)
            if verdict:
                verdicts.setdefault(c.date, []).append(verdict)
        if c.red_flags:
            flags.add(c.date)
            names = "; ".join(RED_FLAGS[f][0] for f in c.red_flags if f in RED_FLAGS)
            lines.setdefault(c.date, []).append(f"Red flag: {names}")
            verdicts.setdefault(c.date, []).append(RED)
    rest = {d for d, entry in days.items() if entry.rest}
    marks: dict[dt.date, DayMark] = {}
    for day in sorted(set(lines) | rest):
        n = counts.get(day, {"done": 0, "planned": 0, "missed": 0})
        worst = max(pains[day]) if day in pains else None
        light = max(verdicts.get(day, ()), key=LIGHT_ORDER.index, default=None)
        text = list(lines.get(day, []))
        if day in rest and not n["done"]:
            text.insert(0, "Rest day")
        if light is not None:
            text.append(f"Judged {LIGHT_WORDS[light]} by the pain rule")
        if worst is not None:
            text.append(f"Worst pain {worst}/10")
        marks[day] = DayMark(
            day,
            done=n["done"],
            planned=n["planned"],
            missed=n["missed"],
            rest=day in rest,
            red_flag=day in flags,
            pain=worst,
            light=light,
            tooltip="\n".join(text),
        )
    return marks


def _judged(session: Session, thresholds: Thresholds) -> str | None:
    """A session outside the programme, judged by the same pain rule."""
    return judge(
        session, thresholds.safe_max, thresholds.acceptable_max, require_next_morning=False
    ).outcome
