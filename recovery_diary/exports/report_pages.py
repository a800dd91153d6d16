"""The report's pages after the first: the period by week and month, sessions, red flags.

Long periods are summarised: every week of the programme and of the last
weeks, every month of the whole period, and session by session only the
programme and the last weeks (:meth:`ReportData.detail_spans`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from recovery_diary.core.checkin import LEVEL_ACTIONS, RED_FLAGS
from recovery_diary.core.pain import Thresholds, traffic_light
from recovery_diary.core.session import ACTIVITY_LABELS, Session
from recovery_diary.exports import minutes_text
from recovery_diary.exports.report_data import (
    RED,
    Block,
    ReportData,
    blocks,
    collapse_outcomes,
    listed_sessions,
)
from recovery_diary.exports.report_text import (
    COLOURS,
    GREY,
    MONTHS,
    avg_max,
    day_text,
    flag_names,
    outcome_rows,
    score,
    span_text,
)

RECENT_OUTCOMES = 4


def _light_cell(scores: Sequence[int], limits: Thresholds) -> str | tuple[str, str]:
    light = traffic_light(max(scores, default=None), limits)
    if light is None:
        return avg_max(scores)
    return f"{avg_max(scores)} {light}", COLOURS[light]


def _when(block: Block, months: int) -> str:
    if not months:
        return day_text(block.start)
    first, last = block.start, block.end
    if (first.year, first.month) == (last.year, last.month):
        return f"{MONTHS[first.month - 1]} {first.year}"
    since = MONTHS[first.month - 1] + (f" {first.year}" if first.year != last.year else "")
    return f"{since}–{MONTHS[last.month - 1]} {last.year}"


def _block_rows(layout: Any, found: Sequence[Block], limits: Thresholds, months: int) -> list:
    rows = []
    for b in found:
        when = _when(b, months)
        rows.append(
            [
                when,
                f"{b.done} ({b.runs})",
                _light_cell(b.during, limits),
                _light_cell(b.next_morning, limits),
                avg_max(b.check_in),
                (str(b.red_flags), COLOURS[RED]) if b.red_flags else "0",
            ]
        )
    return rows


BLOCK_HEAD = ("Sessions (runs)", "Pain during avg / max", "Next morning avg / max")
BLOCK_HEAD_END = ("Check-in avg / max", "Red flags")
BLOCK_WIDTHS = [0.17, 0.13, 0.22, 0.22, 0.16, 0.10]


def _minutes(session: Session) -> str:
    if not session.is_run:
        return minutes_text(session.duration_minutes)
    run, walk = minutes_text(session.run_minutes), session.walk_minutes or 0
    if not walk:
        return f"{run} run"
    share = session.running_share
    return f"{run} run + {minutes_text(walk)} walk" + (f" {share:.0f}%" if share else "")


def _session_row(layout: Any, session: Session) -> list[Any]:
    label = ACTIVITY_LABELS.get(session.activity, session.activity)
    if session.is_run and session.stage is not None:
        label += f" stage {session.stage}"
    activity: Any = label
    if not session.is_done:  # a longer label: a paragraph, which wraps in its cell
        activity = layout.para(f"{label}, missed", COLOURS[RED], size=8)
    scores = (session.pain_before, session.pain_during, session.pain_after)
    pain = " / ".join(score(v) for v in (*scores, session.pain_next_morning))
    return [
        day_text(session.date),
        activity,
        _minutes(session),
        pain,
        layout.para(session.notes, size=8) if session.notes else "",
    ]


def _advice_given(level: str) -> str:
    """What the app told the runner to do for a red flag of ``level``."""
    words = LEVEL_ACTIONS.get(level, level).removeprefix("Stop the programme and ")
    return words[:1].upper() + words[1:]


def _pause_of(data: ReportData, day: dt.date) -> str:
    for pause in data.pauses:
        # A pause lifted on the day of its flag ends where it starts: it is still that flag's.
        if pause.start <= day and (pause.end is None or day < pause.end or day == pause.start):
            if pause.end is None:
                return "still paused"
            who = getattr(pause, "cleared_by", None)
            return f"pause lifted {day_text(pause.end)}" + (f", cleared by {who}" if who else "")
    return "—"


def _spans_words(spans: Sequence[tuple[dt.date, dt.date]]) -> str:
    return " and ".join(span_text(a, b) for a, b in spans)


def details(layout: Any, data: ReportData) -> list[Any]:
    story: list[Any] = []
    limits = data.thresholds
    head_note = (
        f"Colours and words follow this runner's limits: green up to {limits.safe_max}, "
        f"amber up to {limits.acceptable_max}, red above."
    )
    if data.long:
        step = data.months_a_row
        story.append(layout.heading("Pain by month" if step == 1 else "Pain by quarter"))
        story.append(layout.para(head_note, size=7.5, colour=GREY))
        story.append(
            layout.table(
                BLOCK_WIDTHS,
                ("Month" if step == 1 else "Months", *BLOCK_HEAD, *BLOCK_HEAD_END),
                _block_rows(layout, blocks(data, months=step), limits, months=step),
            )
        )
    weeks = blocks(data)
    story.append(layout.heading("Pain by week"))
    spans = data.weekly_spans()
    where = f"Weeks of {_spans_words(spans)}. " if data.long else ""
    story.append(layout.para(where + head_note, size=7.5, colour=GREY))
    if weeks:
        rows = _block_rows(layout, weeks, limits, months=0)
        head = ("Week from", *BLOCK_HEAD, *BLOCK_HEAD_END)
        story.append(layout.table(BLOCK_WIDTHS, head, rows))
    else:
        story.append(layout.para("Nothing was recorded in this period."))

    runs_on = {s.date for s in data.sessions if s.is_done and s.is_run}
    collapsed = collapse_outcomes(data.outcomes, runs_on)
    if len(collapsed) > RECENT_OUTCOMES:
        story.append(layout.heading("All outcomes"))
        story.append(layout.table([0.45, 0.55], None, outcome_rows(layout, collapsed)))

    detail = data.detail_spans()
    listed = listed_sessions(data)
    story.append(layout.heading("Sessions"))
    where = f"The programme and the last weeks: {_spans_words(detail)}. " if data.long else ""
    story.append(
        layout.para(
            where + "Pain is scored 0–10 before / during (worst) / after / next morning; "
            "– means not given. Minutes are totals for the session.",
            size=7.5,
            colour=GREY,
        )
    )
    if listed:
        columns = ("Date", "Activity", "Minutes", "Pain b / d / a / nm", "Notes")
        rows = [_session_row(layout, s) for s in listed]
        story.append(layout.table([0.15, 0.16, 0.2, 0.13, 0.36], columns, rows))
    else:
        story.append(layout.para("No sessions were recorded in this period."))

    check_ins = [c for c in data.check_ins if any(a <= c.date <= b for a, b in detail)]
    story.append(layout.heading("Check-ins"))
    if check_ins:
        rows = [
            [
                day_text(c.date),
                score(c.pain),
                layout.para("; ".join(flag_names(c.red_flags)), COLOURS[RED], size=8)
                if c.red_flags
                else "—",
                layout.para(c.notes, size=8) if c.notes else "",
            ]
            for c in check_ins
        ]
        story.append(
            layout.table([0.16, 0.08, 0.36, 0.40], ("Date", "Pain", "Red flags", "Notes"), rows)
        )
    else:
        story.append(layout.para("No check-ins in this period."))

    story.append(layout.heading("Red flags"))
    flags = [
        [
            day_text(c.date),
            layout.para(RED_FLAGS[f][0], COLOURS[RED], size=8),
            # Paragraphs wrap within their column; plain text would run over the next.
            layout.para(_advice_given(RED_FLAGS[f][1]), size=8),
            layout.para(_pause_of(data, c.date), size=8),
        ]
        for c in data.check_ins
        for f in c.red_flags
        if f in RED_FLAGS
    ]
    if flags:
        story.append(
            layout.table(
                [0.16, 0.42, 0.2, 0.22], ("Date", "Symptom", "Advice given", "Programme"), flags
            )
        )
    else:
        story.append(layout.para("No red flags were reported in this period."))
    story.append(
        layout.para(
            "Symptoms the app asks about: "
            + "; ".join(f"{words.lower()} ({level})" for words, level in RED_FLAGS.values())
            + ".",
            size=7.5,
            colour=GREY,
        )
    )
    missing = layout.writer.missing_sentence()
    if missing:
        story.append(layout.para(missing, size=8, colour=COLOURS[RED]))
    story.append(layout.clinician_notes())
    return story
