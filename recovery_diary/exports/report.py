"""The PDF report for a physiotherapist: readable in a minute, complete on the pages after.

Page 1 is the summary: where the programme stands, the progress chart
(running share and pain on one date axis), the pain trend and the latest
outcomes of the progression rule. The following pages list every session,
check-in and red flag of the period.

The PDF is drawn with matplotlib's PDF backend on plain ``Figure`` objects (no
pyplot, no Qt), imported only when a report is written.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery_diary.core.chart_series import ChartSeries, chart_series, stage_changes
from recovery_diary.core.checkin import LEVEL_ACTIONS, RED_FLAGS, CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.session import ACTIVITY_LABELS, PLANNED, Session
from recovery_diary.exports import describe, minutes_text, stage_pattern
from recovery_diary.fileio import write_atomically

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from recovery_diary.diary import Diary

__all__ = ["DISCLAIMER", "PAPER_SIZES", "STYLE", "render_pages", "report_period", "write_report"]

#: Paper sizes in inches.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210 / 25.4, 297 / 25.4),
    "letter": (8.5, 11.0),
}
#: Without a programme the report covers this many weeks up to today.
DEFAULT_WEEKS = 12
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
    "complete": "Programme complete",
}
OUTCOME_WORDS = {GREEN: "Green", AMBER: "Amber", RED: "Red", None: "Not judged yet"}
RECENT_OUTCOMES = 4
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Type sizes in points: large enough to read on paper at arm's length.
TITLE, HEADING, BODY, TABLE, SMALL = 20.0, 14.0, 10.5, 9.0, 8.0
LEADING = 1.32
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 46.0, 44.0, 52.0
CELL_PAD = 3.0
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib: the same look on every machine

INK, GREY, RULE, SHADE = "#1a1a1a", "#555555", "#b8b8b8", "#e9edf2"
COLOURS = {GREEN: "#1d7a1d", AMBER: "#a86400", RED: "#c0161c", None: GREY}
PAIN_STYLE: dict[str, dict[str, Any]] = {
    "during": {"color": "#7b3fb5", "marker": "o", "linestyle": "-", "linewidth": 1.8},
    "next_morning": {"color": "#2a6fc0", "marker": "s", "linestyle": "-.", "linewidth": 1.3},
    "before": {"color": "#178a96", "marker": "v", "linestyle": ":", "linewidth": 1.0},
    "after": {"color": "#c04f9e", "marker": "^", "linestyle": "--", "linewidth": 1.0},
}
PAIN_LABELS = {
    "during": "Pain during (worst)",
    "next_morning": "Pain next morning",
    "before": "Pain before",
    "after": "Pain after",
}
BANDS = (("#2ca02c", 0.14), ("#ffb000", 0.17), ("#e0282e", 0.13))
CHECK_IN_COLOUR, RED_FLAG_COLOUR = "#d0843f", "#e0282e"


def day_text(day: dt.date) -> str:
    """``Mon 2026-05-04``: unambiguous everywhere, with the weekday for spacing runs."""
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _long_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# -- what the report says (no drawing) -------------------------------------------------
def report_period(
    diary: Diary, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The days the report covers (both inclusive).

    By default the programme, from its start to its end (or to today while it
    goes on); without a programme the last :data:`DEFAULT_WEEKS` weeks.
    """
    if start is not None and end is not None:
        if start > end:
            raise ValueError("The report's first day comes after its last day.")
        return start, end
    default_start, default_end = _default_period(diary, today)
    if start is not None:
        return start, max(default_end, start)
    if end is not None:
        if default_start > end:
            default_start = end - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1)
        return default_start, end
    return default_start, default_end


def _default_period(diary: Diary, today: dt.date) -> tuple[dt.date, dt.date]:
    settings = diary.settings
    if settings is None:
        return today - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1), today
    plan = diary.plan
    phases = list(getattr(plan, "phases", None) or ())
    ends = [s.date for s in plan.planned]
    ends += [p.end for p in phases if isinstance(getattr(p, "end", None), dt.date)]
    going_on = not phases or any(getattr(p, "end", None) is None for p in phases)
    last = max(ends, default=settings.start)
    if going_on:
        last = max(last, today)
    return settings.start, max(last, settings.start)


@dataclass(frozen=True)
class WeekSummary:
    """Pain and activity of one 7-day block of the period."""

    start: dt.date
    done: int
    runs: int
    during: tuple[int, ...]
    next_morning: tuple[int, ...]
    check_in: tuple[int, ...]
    red_flags: int

    @property
    def is_empty(self) -> bool:
        return not (self.done or self.check_in or self.red_flags)


def week_summaries(
    sessions: Sequence[Session], check_ins: Sequence[CheckIn], start: dt.date, end: dt.date
) -> list[WeekSummary]:
    """One summary per 7-day block from ``start`` that has anything recorded."""
    weeks = []
    block = start
    while block <= end:
        last = min(block + dt.timedelta(days=6), end)
        done = [s for s in sessions if s.is_done and block <= s.date <= last]
        ins = [c for c in check_ins if block <= c.date <= last]
        summary = WeekSummary(
            start=block,
            done=len(done),
            runs=sum(s.is_run for s in done),
            during=tuple(s.pain_during for s in done if s.pain_during is not None),
            next_morning=tuple(
                s.pain_next_morning for s in done if s.pain_next_morning is not None
            ),
            check_in=tuple(c.pain for c in ins if c.pain is not None),
            red_flags=sum(len(c.red_flags) for c in ins),
        )
        if not summary.is_empty:
            weeks.append(summary)
        block += dt.timedelta(days=7)
    return weeks


def _trend_sentence(what: str, weekly: list[tuple[int, ...]]) -> str | None:
    scored = [scores for scores in weekly if scores]
    if not scored:
        return None
    if len(scored) < 2:
        average = statistics.fmean(scored[0])
        return f"{what}: average {average:.1f}; one week of scores, too few for a trend."
    span = min(2, len(scored) // 2)
    early = statistics.fmean(v for scores in scored[:span] for v in scores)
    late = statistics.fmean(v for scores in scored[-span:] for v in scores)
    change = late - early
    word = "falling" if change <= -0.5 else "rising" if change >= 0.5 else "steady"
    weeks = "week" if span == 1 else f"{span} weeks"
    return f"{what}: {word}; {early:.1f} in the first {weeks}, {late:.1f} in the last {weeks}."


def trend_sentences(weeks: Sequence[WeekSummary]) -> list[str]:
    """The pain trend in plain words, one sentence per kind of score."""
    sentences = [
        _trend_sentence("Pain during sessions", [w.during for w in weeks]),
        _trend_sentence("Next-morning pain", [w.next_morning for w in weeks]),
        _trend_sentence("Check-in pain", [w.check_in for w in weeks]),
    ]
    kept = [s for s in sentences if s]
    return kept or ["No pain scores were recorded in this period."]


def _phase_today(diary: Diary, today: dt.date, action: str) -> str:
    settings = diary.settings
    if settings is None:
        return "No programme started"
    if today < settings.start:
        return f"Not started yet: starts {day_text(settings.start)}"
    if action == "complete":
        done_on = getattr(diary.plan, "completed_on", None)
        return "Programme complete" + (f" since {day_text(done_on)}" if done_on else "")
    for phase in chart_series(diary, today, today).phases:
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


def _advice_text(action: str, reason: str) -> str:
    words = ACTION_WORDS.get(action, action)
    # Most reasons are whole sentences that already name the action.
    if reason.lower().startswith(words.split(":")[0].lower()):
        return reason
    return f"{words}. {reason}"


def _outcomes(diary: Diary, start: dt.date, end: dt.date) -> list[Any]:
    found = getattr(diary.plan, "outcomes", None) or ()
    kept = [o for o in found if isinstance(getattr(o, "date", None), dt.date)]
    return sorted((o for o in kept if start <= o.date <= end), key=lambda o: o.date)


def _pause_of(diary: Diary, day: dt.date) -> str:
    for pause in getattr(diary.plan, "pauses", ()):
        begin, finish = pause.start, pause.end
        if begin <= day and (finish is None or day < finish):
            return "still paused" if finish is None else f"pause lifted {day_text(finish)}"
    return "—"


def _flag_names(flags: Sequence[str]) -> list[str]:
    return [RED_FLAGS[f][0] if f in RED_FLAGS else f for f in flags]


def _split_sessions(
    sessions: Sequence[Session], today: dt.date
) -> tuple[list[Session], list[Session]]:
    """Sessions to list: done ones and missed plans; and the plans still to come."""
    done = [s for s in sessions if s.is_done]
    done_days = {(s.date, s.is_run) for s in done}
    listed, upcoming = list(done), []
    for s in sessions:
        if s.status != PLANNED or (s.date, s.is_run) in done_days:
            continue
        (listed if s.date < today else upcoming).append(s)
    listed.sort(key=lambda s: (s.date, not s.is_run))
    upcoming.sort(key=lambda s: s.date)
    return listed, upcoming


def _minutes_cell(session: Session) -> str:
    if session.is_run:
        run, walk = minutes_text(session.run_minutes), minutes_text(session.walk_minutes or 0)
        share = session.running_share
        extra = f"\n{share:.0f}% running" if share is not None else ""
        return f"{run} run + {walk} walk{extra}"
    return f"{minutes_text(session.duration_minutes)}"


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def _pain_cell(session: Session) -> str:
    scores = (
        session.pain_before,
        session.pain_during,
        session.pain_after,
        session.pain_next_morning,
    )
    return " / ".join(_score(v) for v in scores)


# -- drawing ---------------------------------------------------------------------------
class _Metrics:
    """Text widths in points, from the font's own advance widths (no renderer needed)."""

    SIZE = 100.0

    def __init__(self) -> None:
        from matplotlib.font_manager import FontProperties, findfont
        from matplotlib.ft2font import FT2Font

        self._fonts = {}
        for weight in ("normal", "bold"):
            font = FT2Font(findfont(FontProperties(family=FONT_FAMILY, weight=weight)))
            font.set_size(self.SIZE, 72)
            self._fonts[weight] = font
        self._advances: dict[tuple[str, str], float] = {}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        weight = "bold" if bold else "normal"
        total = 0.0
        for char in text:
            advance = self._advances.get((weight, char))
            if advance is None:
                advance = self._advance(weight, char)
                self._advances[weight, char] = advance
            total += advance
        # A little slack for kerning and rounding, so a line never touches the next cell.
        return total * size / self.SIZE * 1.03

    def _advance(self, weight: str, char: str) -> float:
        font = self._fonts[weight]
        if font.get_char_index(ord(char)) == 0:
            return self.SIZE  # not in the font: keep a full em for the placeholder
        return font.load_char(ord(char)).linearHoriAdvance / 65536

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Lines of ``text`` no wider than ``width`` points; kept line breaks, long words cut."""
        lines: list[str] = []
        clean = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        for paragraph in clean.split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if self.width(candidate, size, bold) <= width:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                while self.width(word, size, bold) > width and len(word) > 1:
                    cut = self._fitting(word, width, size, bold)
                    lines.append(word[:cut])
                    word = word[cut:]
                current = word
            lines.append(current)
        return lines

    def _fitting(self, word: str, width: float, size: float, bold: bool) -> int:
        cut = 1
        while cut < len(word) and self.width(word[: cut + 1], size, bold) <= width:
            cut += 1
        return cut


@dataclass(frozen=True)
class Column:
    """A table column: its title and its share of the text width."""

    title: str
    share: float


Cell = str | tuple[str, str]  # text, or (text, colour)


class _Document:
    """Pages of text, tables and charts laid out top to bottom, in points from the top."""

    def __init__(self, paper: tuple[float, float]) -> None:
        self.paper = paper
        self.width, self.height = paper[0] * 72, paper[1] * 72
        self.left, self.right = MARGIN_X, self.width - MARGIN_X
        self.bottom = self.height - MARGIN_BOTTOM
        self.metrics = _Metrics()
        self.pages: list[Figure] = []
        self.y = 0.0
        self.new_page()

    @property
    def text_width(self) -> float:
        return self.right - self.left

    @property
    def figure(self) -> Figure:
        return self.pages[-1]

    def new_page(self) -> None:
        from matplotlib.figure import Figure

        self.pages.append(Figure(figsize=self.paper, facecolor="white"))
        self.y = MARGIN_TOP

    def room(self) -> float:
        return self.bottom - self.y

    def need(self, height: float) -> None:
        if height > self.room() and self.y > MARGIN_TOP:
            self.new_page()

    def fx(self, x: float) -> float:
        return x / self.width

    def fy(self, y: float) -> float:
        return 1.0 - y / self.height

    def put(
        self, x: float, y: float, text: str, size: float, bold: bool = False, colour: str = INK
    ) -> None:
        self.figure.text(
            self.fx(x),
            self.fy(y),
            text,
            fontsize=size,
            color=colour,
            va="top",
            ha="left",
            fontweight="bold" if bold else "normal",
            family=FONT_FAMILY,
        )

    def rule(self, y: float, colour: str = RULE, width: float = 0.6) -> None:
        from matplotlib.lines import Line2D

        line = Line2D(
            [self.fx(self.left), self.fx(self.right)],
            [self.fy(y), self.fy(y)],
            transform=self.figure.transFigure,
            color=colour,
            linewidth=width,
        )
        self.figure.add_artist(line)

    def shade(self, y: float, height: float, colour: str = SHADE) -> None:
        from matplotlib.patches import Rectangle

        box = Rectangle(
            (self.fx(self.left), self.fy(y + height)),
            self.fx(self.text_width),
            height / self.height,
            transform=self.figure.transFigure,
            facecolor=colour,
            edgecolor="none",
            zorder=-1,
        )
        self.figure.add_artist(box)

    def space(self, points: float) -> None:
        if self.y > MARGIN_TOP:
            self.y += points

    def heading(self, text: str, size: float = HEADING, keep: int = 7) -> None:
        """A heading kept on the same page as ``keep`` lines of what follows it."""
        self.need(size * 2.4 + keep * BODY * LEADING)
        self.space(size * 0.7)
        self.put(self.left, self.y, text, size, bold=True)
        self.y += size * 1.25
        self.rule(self.y, colour=INK, width=0.8)
        self.y += size * 0.45

    def paragraph(
        self, text: str, size: float = BODY, bold: bool = False, colour: str = INK
    ) -> None:
        for line in self.metrics.wrap(text, self.text_width, size, bold):
            self.need(size * LEADING)
            self.put(self.left, self.y, line, size, bold, colour)
            self.y += size * LEADING

    def pairs(self, items: Sequence[tuple[str, Cell]], label_width: float = 100.0) -> None:
        """Label-value lines: the label bold on the left, the value wrapped beside it."""
        for label, value in items:
            text, colour = value if isinstance(value, tuple) else (value, INK)
            lines = self.metrics.wrap(text, self.text_width - label_width, BODY)
            self.need(BODY * LEADING * min(len(lines), 3))
            self.put(self.left, self.y, label, BODY, bold=True)
            for line in lines:
                self.need(BODY * LEADING)
                self.put(self.left + label_width, self.y, line, BODY, colour=colour)
                self.y += BODY * LEADING
            self.y += 2.0

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], size: float = TABLE
    ) -> None:
        """A table that repeats its header on each page and splits only very tall rows."""
        widths = [c.share * self.text_width for c in columns]
        xs = [self.left + sum(widths[:i]) for i in range(len(columns))]
        line = size * LEADING

        titles = [
            self.metrics.wrap(c.title, w - 2 * CELL_PAD, size, bold=True)
            for c, w in zip(columns, widths, strict=True)
        ]
        header_height = max(len(t) for t in titles) * line + 2 * CELL_PAD
        full_page = self.bottom - MARGIN_TOP - header_height - 2 * CELL_PAD

        def header() -> None:
            self.need(header_height + 2 * line + 2 * CELL_PAD)
            self.shade(self.y, header_height)
            for x, lines in zip(xs, titles, strict=True):
                for k, text in enumerate(lines):
                    self.put(x + CELL_PAD, self.y + CELL_PAD + k * line, text, size, bold=True)
            self.y += header_height

        header()
        for row in rows:
            cells = []
            for cell, width in zip(row, widths, strict=True):
                text, colour = cell if isinstance(cell, tuple) else (cell, INK)
                cells.append((self.metrics.wrap(text, width - 2 * CELL_PAD, size), colour))
            height = max(len(lines) for lines, _ in cells)
            if height * line + 2 * CELL_PAD > self.room() and height * line <= full_page:
                self.new_page()
                header()
            done = 0
            while done < height:
                fit = int((self.room() - 2 * CELL_PAD) // line)
                if fit < 1:
                    self.new_page()
                    header()
                    continue
                take = min(fit, height - done)
                for x, (lines, colour) in zip(xs, cells, strict=True):
                    for k, text in enumerate(lines[done : done + take]):
                        self.put(
                            x + CELL_PAD, self.y + CELL_PAD + k * line, text, size, colour=colour
                        )
                self.y += take * line + 2 * CELL_PAD
                self.rule(self.y)
                done += take

    def block(self, height: float) -> tuple[float, float]:
        """Reserve ``height`` points for a drawing; return its top and bottom in points."""
        self.need(height)
        top = self.y
        self.y += height
        return top, self.y

    def finish(self, footer: str) -> None:
        total = len(self.pages)
        for number, figure in enumerate(self.pages, start=1):
            figure.text(
                self.fx(self.left),
                self.fy(self.height - MARGIN_BOTTOM / 2),
                footer,
                fontsize=SMALL,
                color=GREY,
                va="center",
                ha="left",
                family=FONT_FAMILY,
            )
            figure.text(
                self.fx(self.right),
                self.fy(self.height - MARGIN_BOTTOM / 2),
                f"Page {number} of {total}",
                fontsize=SMALL,
                color=GREY,
                va="center",
                ha="right",
                family=FONT_FAMILY,
            )


def _draw_chart(doc: _Document, series: ChartSeries, today: dt.date, height: float) -> None:
    """Running share above, pain below with the traffic-light bands, on one date axis."""
    import numpy as np
    from matplotlib import dates as mdates

    def nums(days: Sequence[dt.date]) -> Any:
        return mdates.date2num(np.asarray(days, dtype="datetime64[D]"))

    top, bottom = doc.block(height)
    figure = doc.figure
    label_room, legend_room, gap = 40.0, 50.0, 8.0
    plot_height = height - legend_room - 22.0 - gap
    share_height = plot_height * 0.38
    left, width = doc.fx(doc.left + label_room), doc.fx(doc.text_width - label_room - 4)
    share_top = top + 14.0
    pain_top = share_top + share_height + gap
    share = figure.add_axes(
        (left, doc.fy(share_top + share_height), width, share_height / doc.height)
    )
    pain = figure.add_axes(
        (
            left,
            doc.fy(pain_top + plot_height - share_height),
            width,
            (plot_height - share_height) / doc.height,
        ),
        sharex=share,
    )
    first, last = nums([series.start])[0], nums([series.end])[0]
    share.set_xlim(first - 0.5, last + 0.5)

    share.set_ylim(-6, 118)
    share.set_yticks([0, 50, 100])
    share.set_ylabel("Running\nshare %", fontsize=SMALL + 0.5)
    share.plot(
        nums(series.running_share.dates),
        series.running_share.values,
        marker="o",
        markersize=4,
        linewidth=1.6,
        color=INK,
        label="Running share (done run)",
    )
    share.plot(
        nums(series.planned_runs.dates),
        series.planned_runs.values,
        marker="o",
        markersize=5,
        linestyle="none",
        markerfacecolor="none",
        color=GREY,
        label="Planned run",
    )
    labels = series.stage_labels
    if (series.end - series.start).days >= 42:
        labels = stage_changes(labels)
    for label in labels:
        share.annotate(
            label.text,
            (nums([label.date])[0], label.share),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=SMALL - 1,
            color=INK,
        )
    share.tick_params(labelbottom=False, labelsize=SMALL)

    edges = (-0.5, series.thresholds.safe_max + 0.5, series.thresholds.acceptable_max + 0.5)
    tops = (*edges[1:], 10.5)
    for low, high, (colour, alpha) in zip(edges, tops, BANDS, strict=True):
        pain.axhspan(low, high, color=colour, alpha=alpha, linewidth=0, zorder=0)
    for kind in ("before", "after", "during", "next_morning"):
        points = series.pain.get(kind)
        if points is not None:
            pain.plot(
                nums(points.dates),
                points.values,
                markersize=3.5,
                label=PAIN_LABELS[kind],
                **PAIN_STYLE[kind],
            )
    pain.plot(
        nums(series.check_in_pain.dates),
        series.check_in_pain.values,
        marker="D",
        markersize=4,
        linestyle="none",
        color=CHECK_IN_COLOUR,
        label="Check-in pain",
    )
    flags = nums(series.red_flags)
    pain.plot(
        flags,
        np.full(len(flags), 11.0),
        marker="X",
        markersize=8,
        linestyle="none",
        color=RED_FLAG_COLOUR,
        label="Red flag",
        clip_on=False,
    )
    pain.set_ylim(-0.5, 11.6)
    pain.set_yticks(range(0, 11, 2))
    pain.set_ylabel("Pain 0–10", fontsize=SMALL + 0.5)
    pain.tick_params(labelsize=SMALL)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    pain.xaxis.set_major_locator(locator)
    pain.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))

    for ax in (share, pain):
        ax.grid(True, axis="x", linewidth=0.4, alpha=0.3)
        if series.start <= today <= series.end:
            ax.axvline(nums([today])[0], color=GREY, linewidth=0.8, linestyle=":")
    for phase in series.phases:
        x = nums([max(phase.start, series.start)])[0] - 0.5
        if phase.start > series.start:
            for ax in (share, pain):
                ax.axvline(x, color=INK, linestyle="--", linewidth=0.9, alpha=0.7)
        share.text(
            x,
            1.02,
            f" {phase.name}",
            transform=share.get_xaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=SMALL - 0.5,
            color=INK,
            clip_on=False,
        )
    if series.is_empty:
        share.text(
            0.5,
            0.5,
            "Nothing was recorded in this period.",
            transform=share.transAxes,
            ha="center",
            va="center",
            fontsize=BODY,
            color=GREY,
        )

    handles = share.get_lines()[:2] + pain.get_lines()
    handles = [h for h in handles if not str(h.get_label()).startswith("_")]
    figure.legend(
        handles,
        [h.get_label() for h in handles],
        loc="upper left",
        ncols=4,
        bbox_to_anchor=(doc.fx(doc.left), doc.fy(bottom - legend_room + 6)),
        fontsize=SMALL,
        frameon=False,
        handlelength=2.0,
        borderaxespad=0.0,
    )


# -- the pages -------------------------------------------------------------------------
OUTCOME_COLUMNS = (
    Column("Date", 0.17),
    Column("Stage", 0.08),
    Column("Outcome", 0.22),
    Column("Why", 0.53),
)
WEEK_COLUMNS = (
    Column("Week from", 0.17),
    Column("Sessions (runs)", 0.15),
    Column("Pain during avg / max", 0.2),
    Column("Next morning avg / max", 0.2),
    Column("Check-in pain avg", 0.14),
    Column("Red flags", 0.14),
)
SESSION_COLUMNS = (
    Column("Date", 0.167),
    Column("Activity", 0.17),
    Column("Minutes", 0.15),
    Column("Pain b / d / a / nm", 0.14),
    Column("Notes", 0.373),
)
CHECK_IN_COLUMNS = (
    Column("Date", 0.167),
    Column("Pain", 0.08),
    Column("Red flags", 0.353),
    Column("Notes", 0.4),
)
RED_FLAG_COLUMNS = (
    Column("Date", 0.167),
    Column("Symptom", 0.413),
    Column("Advice given", 0.2),
    Column("Programme", 0.22),
)


def _status(diary: Diary, today: dt.date, facts: _Facts, advice: Any) -> list[tuple[str, Cell]]:
    action = getattr(advice, "action", "")
    status: list[tuple[str, Cell]] = [
        ("Phase", _phase_today(diary, today, action)),
        ("Stage", _stage_text(advice)),
        ("Advice today", _advice_text(action, advice.reason)),
    ]
    if facts.upcoming:
        coming = facts.upcoming[0]
        status.append(("Next planned", f"{day_text(coming.date)}: {describe(coming)}"))
    done = [s for s in facts.listed if s.is_done]
    runs = sum(s.is_run for s in done)
    status.append(
        (
            "In this period",
            f"{len(done)} sessions done ({runs} run/walk, {len(done) - runs} low-impact), "
            f"{len(facts.listed) - len(done)} missed, {len(facts.check_ins)} check-ins",
        )
    )
    flagged = [c for c in facts.check_ins if c.red_flags]
    names = "; ".join(f"{day_text(c.date)}: {', '.join(_flag_names(c.red_flags))}" for c in flagged)
    status.append(("Red flags", (names, COLOURS[RED]) if flagged else "none reported"))
    return status


def _summary_page(
    doc: _Document, diary: Diary, period: tuple[dt.date, dt.date], today: dt.date, facts: _Facts
) -> None:
    start, end = period
    doc.put(doc.left, doc.y, "Recovery Diary: progress report", TITLE, bold=True)
    doc.y += TITLE * 1.35
    doc.paragraph(
        f"Period: {_long_day(start)} to {_long_day(end)}   ·   made on {_long_day(today)}",
        colour=GREY,
    )
    doc.paragraph(DISCLAIMER, SMALL + 0.5, colour=GREY)
    advice = diary.advice(today)
    if getattr(advice, "action", "") == "paused":
        doc.space(6)
        doc.paragraph(f"PROGRAMME PAUSED. {advice.reason}", bold=True, colour=COLOURS[RED])

    doc.heading("Programme status")
    doc.pairs(_status(diary, today, facts, advice))

    doc.heading("Progress")
    thresholds = facts.series.thresholds
    doc.paragraph(
        "Top: running share of each run (S = stage). Bottom: pain scores over the traffic-light "
        f"bands (green 0–{thresholds.safe_max}, amber to {thresholds.acceptable_max}, red "
        "above); next-morning pain is drawn on the morning after the session.",
        SMALL + 0.5,
        colour=GREY,
    )
    sentences = trend_sentences(facts.weeks)
    recent = facts.outcomes[-RECENT_OUTCOMES:]
    # Keep the chart as big as the page allows with the trend and the outcomes below it.
    after = 2 * HEADING * 2.4 + (len(sentences) + 2 + 2 * len(recent)) * BODY * LEADING
    _draw_chart(doc, facts.series, today, height=min(280.0, max(200.0, doc.room() - after)))

    doc.heading("Pain trend")
    for sentence in sentences:
        doc.paragraph(sentence)

    doc.heading("Latest outcomes" if recent else "Outcomes", keep=4)
    if recent:
        doc.table(OUTCOME_COLUMNS, [_outcome_row(o) for o in reversed(recent)])
    else:
        doc.paragraph("Nothing has been judged by the progression rule in this period yet.")


def _outcome_row(outcome: Any) -> list[Cell]:
    result = getattr(outcome, "outcome", None)
    stage = getattr(outcome, "stage", None)
    return [
        day_text(outcome.date),
        "–" if stage is None else str(stage),
        (OUTCOME_WORDS.get(result, str(result)), COLOURS.get(result, INK)),
        str(getattr(outcome, "reason", "") or ""),
    ]


def _session_row(session: Session, today: dt.date) -> list[Cell]:
    label = ACTIVITY_LABELS.get(session.activity, session.activity)
    if session.is_run and session.stage is not None:
        label += f"\nstage {session.stage}"
    activity: Cell = label if session.is_done else (f"{label}\nmissed", COLOURS[RED])
    return [
        day_text(session.date),
        activity,
        _minutes_cell(session),
        _pain_cell(session),
        session.notes,
    ]


def _check_in_row(check_in: CheckIn) -> list[Cell]:
    flags: Cell = "—"
    if check_in.red_flags:
        flags = ("\n".join(_flag_names(check_in.red_flags)), COLOURS[RED])
    return [day_text(check_in.date), _score(check_in.pain), flags, check_in.notes]


def _red_flag_rows(diary: Diary, check_ins: Sequence[CheckIn]) -> list[list[Cell]]:
    return [
        [
            day_text(c.date),
            (RED_FLAGS[flag][0], COLOURS[RED]),
            LEVEL_ACTIONS[RED_FLAGS[flag][1]].removeprefix("Stop the programme and "),
            _pause_of(diary, c.date),
        ]
        for c in check_ins
        for flag in c.red_flags
        if flag in RED_FLAGS
    ]


def _section(doc: _Document, title: str, columns: Sequence[Column], rows: list, empty: str) -> None:
    doc.heading(title)
    if rows:
        doc.table(columns, rows)
    else:
        doc.paragraph(empty)


def _detail_pages(doc: _Document, diary: Diary, today: dt.date, facts: _Facts) -> None:
    if len(doc.pages) == 1:
        doc.new_page()
    weeks = [_week_row(w) for w in facts.weeks]
    _section(doc, "Pain by week", WEEK_COLUMNS, weeks, "Nothing was recorded in this period.")
    if len(facts.outcomes) > RECENT_OUTCOMES:
        outcomes = [_outcome_row(o) for o in facts.outcomes]
        _section(doc, "All outcomes", OUTCOME_COLUMNS, outcomes, "")

    doc.heading("Sessions")
    doc.paragraph(
        "Pain is scored 0–10 before / during (worst) / after / next morning; – means not "
        "given. Minutes are totals for the session.",
        SMALL + 0.5,
        colour=GREY,
    )
    if facts.listed:
        doc.table(SESSION_COLUMNS, [_session_row(s, today) for s in facts.listed])
    else:
        doc.paragraph("No sessions were recorded in this period.")

    check_ins = [_check_in_row(c) for c in facts.check_ins]
    _section(doc, "Check-ins", CHECK_IN_COLUMNS, check_ins, "No check-ins in this period.")
    flags = _red_flag_rows(diary, facts.check_ins)
    _section(
        doc, "Red flags", RED_FLAG_COLUMNS, flags, "No red flags were reported in this period."
    )
    doc.space(4)
    doc.paragraph(
        "Symptoms the app asks about: "
        + "; ".join(f"{name.lower()} ({advice})" for name, advice in RED_FLAGS.values())
        + ".",
        SMALL + 0.5,
        colour=GREY,
    )


def _average(scores: Sequence[int]) -> str:
    return f"{statistics.fmean(scores):.1f}" if scores else "–"


def _week_row(week: WeekSummary) -> list[Cell]:
    worst = max(week.during, default=None)
    colour = INK
    if worst is not None and worst > 5:
        colour = COLOURS[RED]
    return [
        day_text(week.start),
        f"{week.done} ({week.runs})",
        (f"{_average(week.during)} / {_score(worst)}", colour),
        f"{_average(week.next_morning)} / {_score(max(week.next_morning, default=None))}",
        _average(week.check_in),
        (str(week.red_flags), COLOURS[RED]) if week.red_flags else "0",
    ]


@dataclass(frozen=True)
class _Facts:
    series: ChartSeries
    listed: list[Session]
    upcoming: list[Session]
    check_ins: list[CheckIn]
    weeks: list[WeekSummary]
    outcomes: list[Any]


def _facts(diary: Diary, start: dt.date, end: dt.date, today: dt.date) -> _Facts:
    sessions = diary.sessions(start, end)
    listed, _ = _split_sessions(sessions, today)
    _, upcoming = _split_sessions(diary.sessions(today, None), today)
    check_ins = diary.check_ins(start, end)
    return _Facts(
        series=chart_series(diary, start, end),
        listed=listed,
        upcoming=upcoming,
        check_ins=check_ins,
        weeks=week_summaries(sessions, check_ins, start, end),
        outcomes=_outcomes(diary, start, end),
    )


STYLE = {"pdf.fonttype": 3, "text.parse_math": False, "font.family": FONT_FAMILY}


def render_pages(
    diary: Diary,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    paper: str = "a4",
    today: dt.date | None = None,
) -> list[Figure]:
    """The report's pages as matplotlib figures (for a preview; :func:`write_report` saves them).

    Call it, and draw or save the figures, inside ``matplotlib.rc_context(STYLE)``,
    so that notes are never read as mathematical formulas.
    """
    size = PAPER_SIZES.get(paper.lower())
    if size is None:
        raise ValueError(f"Unknown paper size {paper!r}: choose 'a4' or 'letter'.")
    today = today or diary.today()
    first, last = report_period(diary, today, start, end)
    facts = _facts(diary, first, last, today)
    doc = _Document(size)
    _summary_page(doc, diary, (first, last), today, facts)
    _detail_pages(doc, diary, today, facts)
    doc.finish(f"Recovery Diary report · {_long_day(first)} to {_long_day(last)}")
    return doc.pages


def write_report(
    diary: Diary,
    path: Path,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    paper: str = "a4",
    today: dt.date | None = None,
) -> Path:
    """Write the physiotherapist's PDF report of ``start`` to ``end`` to ``path``; return it.

    Without dates the report covers the programme (or the last 12 weeks when no
    programme was started). ``paper`` is ``"a4"`` or ``"letter"``; ``today``
    (default: today) is the day the status and the advice are given for. The
    file is replaced in one step, so a failed write leaves any old report whole.
    """
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # Characters the font lacks (some scripts, emoji) print as boxes; that's
        # no reason to warn the user.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        pages = render_pages(diary, start, end, paper=paper, today=today)
        with PdfPages(buffer, metadata={"Creator": "Recovery Diary"}) as pdf:
            for figure in pages:
                pdf.savefig(figure)
    path = Path(path)
    write_atomically(path, buffer.getvalue())
    return path
