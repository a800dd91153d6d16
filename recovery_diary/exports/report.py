"""The PDF report for a physiotherapist: readable in a minute, complete on the pages after.

Page 1 names the runner and the period and gives the programme's status, the
progress chart, the pain trend and the latest outcomes of the progression
rule. The pages after summarise the period by week (and by month when it is
long), list each session and check-in of the programme and of the last weeks,
every red flag, and end with ruled room for the clinician's notes.

The pages are laid out with ReportLab's Platypus; the chart comes from
matplotlib (:mod:`report_chart`). :func:`snapshot` reads the diary once, so
:func:`render` can run on a worker thread. Both libraries are imported only
when a report is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recovery_diary.core.chart_series import ChartInputs, chart_series
from recovery_diary.core.session import PLANNED
from recovery_diary.exports import describe, stage_pattern
from recovery_diary.exports.report_data import (
    DEFAULT_WEEKS,
    RED,
    ReportData,
    ReportSource,
    blocks,
    collapse_outcomes,
    report_period,
    snapshot,
    trend_sentences,
)
from recovery_diary.exports.report_pages import RECENT_OUTCOMES, details
from recovery_diary.exports.report_text import (
    COLOURS,
    GREY,
    INK,
    day_text,
    flag_names,
    long_day,
    outcome_rows,
)
from recovery_diary.fileio import write_atomically

__all__ = [
    "DEFAULT_WEEKS",
    "DISCLAIMER",
    "PAPER_SIZES",
    "ReportSource",
    "render",
    "report_period",
    "snapshot",
    "write_report",
]

#: Paper sizes in points.
PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
DISCLAIMER = (
    "Recovery Diary follows a general published return-to-running programme for back pain "
    "(physiotherapist Greg Ryan, Runner's World UK) and the pain-monitoring model; "
    "it is no substitute for a clinician's assessment and advice."
)
ACTION_WORDS = {
    "low_impact": "Low-impact session (or rest)",
    "run": "Run",
    "rest": "Rest day",
    "reaction_check": "Reaction check: record how the back is",
    "next_morning_score": "Next-morning pain score still to record",
    "paused": "Paused: red flag reported",
    "done": "Done for today",
    "complete": "Programme complete",
}
MARGIN = 42.0
Progress = Callable[[float, str], None]


def write_report(
    diary: ReportSource,
    path: str | Path,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    paper: str = "a4",
    today: dt.date | None = None,
    name: str | None = None,
) -> int:
    """Write the report of ``start`` to ``end`` to ``path``; return its number of pages.

    Without dates the report covers the programme up to today (or the last 12
    weeks when no programme was started); it never runs past today. ``name``
    defaults to the diary's runner name. The file is replaced in one step, so a
    failed write leaves any old report whole.
    """
    _paper(paper)
    return render(snapshot(diary, start, end, name=name, today=today), path, paper=paper)


def _paper(paper: str) -> tuple[float, float]:
    size = PAPER_SIZES.get(paper.lower())
    if size is None:
        raise ValueError(f"Unknown paper size {paper!r}: choose 'a4' or 'letter'.")
    return size


def render(
    data: ReportData, path: str | Path, *, paper: str = "a4", progress: Progress | None = None
) -> int:
    """Lay out and write the report of ``data``; return its number of pages.

    Reads nothing but ``data``, so it may run on a worker thread. ``progress``
    is called with the share done (0 to 1) and what is being done.
    """
    from recovery_diary.exports.report_layout import Layout

    size = _paper(paper)
    tell = progress or (lambda share, words: None)
    tell(0.05, "Drawing the chart")
    layout = Layout(size, MARGIN)
    story = _summary(layout, data)
    tell(0.35, "Summarising the period")
    story += details(layout, data)
    tell(0.5, "Laying out the pages")
    footer = f"Recovery Diary report · {data.name + ' · ' if data.name else ''}"
    footer += f"{long_day(data.start)} to {long_day(data.end)}"
    pdf, pages = layout.build(story, footer, lambda page: tell(min(0.95, 0.5 + page / 40), ""))
    tell(0.97, "Saving the file")
    write_atomically(Path(path), pdf)
    tell(1.0, "Done")
    return pages


# -- page 1 ------------------------------------------------------------------------
def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _phase_today(data: ReportData) -> str:
    today = data.today
    if data.programme_start is None:
        return "No programme started"
    if today < data.programme_start:
        return f"Not started yet: starts {day_text(data.programme_start)}"
    if getattr(data.advice, "action", "") == "complete":
        since = f" since {day_text(data.completed_on)}" if data.completed_on else ""
        return "Programme complete" + since
    for phase in data.phases:
        if phase.start <= today and (phase.end is None or today <= phase.end):
            return f"{phase.name} (since {day_text(phase.start)})"
    return "Between phases"


def _stage_text(advice: Any) -> str:
    stage = getattr(advice, "stage", None)
    if getattr(advice, "action", None) == "complete":
        return "All 6 stages done"
    if stage is None:
        return "—  (stages 1–6 are the run/walk phase's)"
    pattern = getattr(advice, "pattern", None) or stage_pattern(stage)
    return f"Stage {stage} of 6" + (f": {pattern}" if pattern else "")


def _advice_text(advice: Any) -> str:
    action, reason = getattr(advice, "action", ""), str(getattr(advice, "reason", ""))
    words = ACTION_WORDS.get(action, action)
    if reason.lower().startswith(words.split(":")[0].lower()):
        return reason
    return f"{words}. {reason}"


def _status(data: ReportData) -> list[tuple[str, str, str]]:
    done = [s for s in data.sessions if s.is_done]
    runs = sum(s.is_run for s in done)
    done_days = {(s.date, s.is_run) for s in done}
    missed = sum(
        1
        for s in data.sessions
        if s.status == PLANNED and s.date < data.today and (s.date, s.is_run) not in done_days
    )
    rows = [
        ("Phase", _phase_today(data), INK),
        ("Stage", _stage_text(data.advice), INK),
        ("Advice today", _advice_text(data.advice), INK),
    ]
    if data.upcoming:
        coming = data.upcoming[0]
        rows.append(("Next planned", f"{day_text(coming.date)}: {describe(coming)}", INK))
    rows.append(
        (
            "In this period",
            f"{_count(len(done), 'session')} done "
            f"({runs} run/walk, {len(done) - runs} low-impact), "
            f"{_count(missed, 'planned session')} missed, "
            f"{_count(len(data.check_ins), 'check-in')}",
            INK,
        )
    )
    flagged = [c for c in data.check_ins if c.red_flags]
    names = "; ".join(f"{day_text(c.date)}: {', '.join(flag_names(c.red_flags))}" for c in flagged)
    rows.append(("Red flags", names or "none reported", COLOURS[RED] if flagged else INK))
    return rows


def _summary(layout: Any, data: ReportData) -> list[Any]:
    story: list[Any] = [
        layout.para("Recovery Diary: progress report", size=18, bold=True, space=4),
        layout.para(f"Runner: {data.name or '(name not given)'}", size=12, bold=True),
        layout.para(
            f"Period: {long_day(data.start)} to {long_day(data.end)}   ·   "
            f"made on {long_day(data.today)}",
            colour=GREY,
        ),
        layout.para(DISCLAIMER, size=8, colour=GREY, space=4),
    ]
    if getattr(data.advice, "action", "") == "paused":
        story.append(
            layout.para(f"PROGRAMME PAUSED. {data.advice.reason}", bold=True, colour=COLOURS[RED])
        )
    story.append(layout.heading("Programme status"))
    story.append(
        layout.pairs([(label, layout.para(text, colour=c)) for label, text, c in _status(data)])
    )
    story.append(layout.heading("Progress"))
    limits = data.thresholds
    story.append(
        layout.para(
            "Top: running share of each run (S = stage). Bottom: pain scores over the "
            f"traffic-light bands of this runner's limits (green 0–{limits.safe_max}, amber "
            f"to {limits.acceptable_max}, red above); next-morning pain is drawn on the "
            "morning after the session."
            + (
                " Over a period this long each point is one week: its worst pain and its "
                "average running share."
                if data.long
                else ""
            ),
            size=7.5,
            colour=GREY,
        )
    )
    series = chart_series(
        ChartInputs(data.sessions, data.check_ins, data.phases, data.thresholds),
        data.start,
        data.end,
    )
    story.append(layout.chart(series, data.today, height=215.0))
    story.append(layout.heading("Pain trend"))
    weeks = blocks(data)
    story += [layout.para(s) for s in trend_sentences(weeks)]
    runs_on = {s.date for s in data.sessions if s.is_done and s.is_run}
    collapsed = collapse_outcomes(data.outcomes, runs_on)
    story.append(layout.heading("Latest outcomes", keep=40))
    if collapsed:
        recent = list(reversed(collapsed[-RECENT_OUTCOMES:]))
        story.append(layout.table([0.45, 0.55], None, outcome_rows(layout, recent)))
    else:
        story.append(layout.para("Nothing was judged by the progression rule in this period."))
    story.append(layout.page_break())
    return story
