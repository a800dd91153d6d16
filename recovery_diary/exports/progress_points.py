"""What a point of the progress chart says, and which labels fit (no Qt, no drawing).

:func:`day_values` collects everything the chart shows for one day, so the
window's hover text and the report speak of a day in the same words;
:func:`fitting_labels` picks the stage labels that can be drawn without
touching each other.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib import dates as mdates
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from recovery_diary.core.chart_series import PAIN_KINDS, ChartSeries, StageLabel
from recovery_diary.core.programme.stages import STAGES

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SHORT_PAIN = {"before": "before", "during": "during", "after": "after"}


def date_nums(days: Sequence[dt.date]) -> np.ndarray:
    """Days as matplotlib date numbers (days since its epoch), without a units round trip."""
    epoch = _epoch_ordinal()
    return np.fromiter((d.toordinal() - epoch for d in days), dtype=float, count=len(days))


def day_num(day: dt.date) -> float:
    """One day as a matplotlib date number."""
    return float(day.toordinal() - _epoch_ordinal())


def num_day(x: float) -> dt.date:
    """The day of a matplotlib date number."""
    return dt.date.fromordinal(round(x) + _epoch_ordinal())


@cache
def _epoch_ordinal() -> int:
    return dt.date.fromisoformat(mdates.get_epoch()[:10]).toordinal()


@dataclass(frozen=True)
class ChartPoint:
    """One drawn point: its day, which series (``share``, ``planned``, a pain kind,
    ``check_in`` or ``flag``) and its value."""

    day: dt.date
    kind: str
    value: float


def day_text(day: dt.date) -> str:
    """``Tue 4 Jun 2024``, the same in every locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _score(value: float) -> str:
    return f"{value:g}"


def day_values(series: ChartSeries, day: dt.date) -> list[str]:
    """The lines a runner reads about ``day``: its date, then each value shown for it."""
    lines = [day_text(day)]
    shares = _values_on(series.running_share.dates, series.running_share.values, day)
    stages = [label.stage for label in series.stage_labels if label.date == day]
    for index, share in enumerate(shares):
        stage = f" (stage {stages[index]})" if index < len(stages) else ""
        lines.append(f"Run done: {share:g} % running{stage}")
    for share in _values_on(series.planned_runs.dates, series.planned_runs.values, day):
        planned = next((n for n, s in STAGES.items() if s.running_share == share), None)
        lines.append(
            f"Planned run: {share:g} % running" + (f" (stage {planned})" if planned else "")
        )
    scores = []
    for kind, word in _SHORT_PAIN.items():
        points = series.pain.get(kind)
        if points is not None:
            scores += [f"{word} {_score(v)}" for v in _values_on(points.dates, points.values, day)]
    if scores:
        lines.append("Pain " + ", ".join(scores))
    morning = series.pain.get("next_morning")
    if morning is not None:
        for value in _values_on(morning.dates, morning.values, day):
            lines.append(f"Next-morning pain {_score(value)} (after the day before)")
    for value in _values_on(series.check_in_pain.dates, series.check_in_pain.values, day):
        lines.append(f"Check-in pain {_score(value)}")
    if day in series.red_flags:
        lines.append("Red flag reported")
    return lines


def _values_on(dates: Sequence[dt.date], values: Sequence[float], day: dt.date) -> list[float]:
    return [v for d, v in zip(dates, values, strict=True) if d == day]


def series_points(series: ChartSeries) -> dict[str, tuple[Sequence[dt.date], Sequence[float]]]:
    """Every drawn series by kind (as :class:`ChartPoint` names them), dates with values."""
    points: dict[str, tuple[Sequence[dt.date], Sequence[float]]] = {
        "share": (series.running_share.dates, series.running_share.values),
        "planned": (series.planned_runs.dates, series.planned_runs.values),
    }
    for kind in PAIN_KINDS:
        found = series.pain.get(kind)
        if found is not None:
            points[kind] = (found.dates, found.values)
    points["check_in"] = (series.check_in_pain.dates, series.check_in_pain.values)
    return points


@dataclass(frozen=True)
class LabelBox:
    """A stage label's place on screen: its centre and size in pixels; ``below`` its point."""

    label: StageLabel
    x: float
    y: float
    width: float
    height: float
    below: bool = False

    def touches(self, other: LabelBox, pad: float = 2.0) -> bool:
        return (
            abs(self.x - other.x) < (self.width + other.width) / 2 + pad
            and abs(self.y - other.y) < (self.height + other.height) / 2
        )


def fitting_labels(boxes: Sequence[LabelBox]) -> list[LabelBox]:
    """The labels that fit side by side, stage changes first, then the others left to right."""
    changes: list[LabelBox] = []
    rest: list[LabelBox] = []
    previous: int | None = None
    for box in boxes:
        (changes if box.label.stage != previous else rest).append(box)
        previous = box.label.stage
    kept: list[LabelBox] = []
    for box in [*changes, *rest]:
        if not any(box.touches(other) for other in kept):
            kept.append(box)
    return sorted(kept, key=lambda b: b.label.date)


def fitting_name(name: str, chars: int) -> str:
    """A phase's name, or its first part ("Phase 2"), in ``chars`` characters; else ""."""
    for candidate in (name, name.split(" — ")[0]):
        if len(candidate) <= chars:
            return candidate
    return ""


def legend_columns(labels: Sequence[str], font_size: float, width: float) -> int:
    """The most legend columns (8, 4, 3 or 2) whose labels fit in ``width`` inches.

    A legend fills its columns one after the other, so a column is as wide as
    its longest label, plus the line handle (1.8 em) and the gaps (0.8 em beside
    the text, 0.9 em between columns).
    """
    texts = [_text_width(text, font_size) for text in labels]
    for columns in (8, 4, 3):
        per = math.ceil(len(texts) / columns)
        chunks = [texts[i : i + per] for i in range(0, len(texts), per)]
        points = sum(max(chunk) + 2.6 * font_size for chunk in chunks)
        points += (0.9 * (len(chunks) - 1) + 0.8) * font_size
        if points / 72 <= width:
            return columns
    return 2


@cache
def _text_width(text: str, font_size: float) -> float:
    """The width of ``text`` in points, as matplotlib will lay it out."""
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(
        text, FontProperties(size=font_size), ismath=False
    )
    return float(width)


_TEXT_TO_PATH = TextToPath()
