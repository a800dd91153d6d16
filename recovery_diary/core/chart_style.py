"""One look for the progress chart, in the window and in the PDF report.

Plain values only (colours, marker and line styles, labels, proportions), so
the core stays free of matplotlib; :mod:`recovery_diary.exports.progress_figure`
turns them into artists.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from recovery_diary.core.chart_series import PAIN_KINDS
from recovery_diary.core.pain import AMBER, GREEN, RED


@dataclass(frozen=True)
class MarkStyle:
    """How one series is drawn: the keyword arguments of a matplotlib line."""

    label: str
    color: str | None  # None: the ink colour (the palette's text colour in the window)
    marker: str
    linestyle: str = "none"
    linewidth: float = 1.2
    markersize: float = 5.0
    filled: bool = True
    zorder: float = 3.0

    def line_kwargs(self, ink: str) -> dict[str, Any]:
        """Keyword arguments for ``Axes.plot``, with ``ink`` for a colourless style."""
        colour = self.color or ink
        kwargs: dict[str, Any] = {
            "label": self.label,
            "color": colour,
            "marker": self.marker,
            "linestyle": self.linestyle,
            "linewidth": self.linewidth,
            "markersize": self.markersize,
            "zorder": self.zorder,
        }
        if not self.filled:
            kwargs["markerfacecolor"] = "none"
            kwargs["markeredgewidth"] = 1.4
        return kwargs


RUNNING_SHARE = MarkStyle(
    "Running share", None, "o", linestyle="-", linewidth=2.0, markersize=5.5, zorder=4
)
PLANNED_RUN = MarkStyle("Planned run", None, "o", markersize=6.5, filled=False, zorder=3.5)
# Mid-tone colours that read on light and dark backgrounds alike.
PAIN: dict[str, MarkStyle] = {
    "before": MarkStyle(PAIN_KINDS["before"], "#17a2b8", "v", ":", 1.1, 4.5, zorder=3.1),
    "during": MarkStyle(PAIN_KINDS["during"], "#9a5fd0", "o", "-", 1.8, 5.0, zorder=3.6),
    "after": MarkStyle(PAIN_KINDS["after"], "#d6609f", "^", "--", 1.1, 4.5, zorder=3.2),
    "next_morning": MarkStyle(
        PAIN_KINDS["next_morning"], "#3d8fe0", "s", "-.", 1.3, 4.5, zorder=3.4
    ),
}
CHECK_IN = MarkStyle("Check-in pain", "#d0843f", "D", markersize=5.0, zorder=3.7)
RED_FLAG = MarkStyle("Red flag", "#e0282e", "X", markersize=10.0, zorder=4.5)

#: Legend order: the running share first, then pain as a runner scores it through a day.
LEGEND_ORDER = ("share", "planned", "before", "during", "after", "next_morning", "check_in", "flag")

#: Traffic-light bands behind the pain panel: colour and opacity per light.
BANDS: dict[str, tuple[str, float]] = {
    GREEN: ("#2ca02c", 0.16),
    AMBER: ("#ffb000", 0.20),
    RED: ("#e0282e", 0.15),
}
BAND_WORDS = {GREEN: "green", AMBER: "amber", RED: "red"}


@dataclass(frozen=True)
class ChartStyle:
    """Sizes and colours of the whole figure; the window and the report differ only here."""

    font_size: float = 9.0
    ink: str = "#1a1a1a"
    background: str = "#ffffff"
    plot_background: str = "#ffffff"
    selected_colour: str = "#1f6fd1"
    share_label: str = "Running\nshare %"
    pain_label: str = "Pain 0–10"
    share_limits: tuple[float, float] = (-8.0, 124.0)
    share_ticks: tuple[int, ...] = (0, 50, 100)
    pain_limits: tuple[float, float] = (-0.5, 11.7)
    pain_ticks: tuple[int, ...] = (0, 2, 4, 6, 8, 10)
    red_flag_row: float = 11.0
    #: Heights of the running-share and pain panels, relative to each other.
    panel_ratio: tuple[float, float] = (2.0, 3.0)
    #: Margins in inches, so the chart looks the same at any size and dpi.
    margins: dict[str, float] = field(
        default_factory=lambda: {"left": 0.74, "right": 0.18, "bottom": 0.36, "gap": 0.10}
    )
    #: From the panels' left edge to the y labels, in inches (clear of the tick labels).
    label_offset: float = 0.36
    #: Windows of at least this many days label only stage changes and thin the pain lines.
    wide_days: int = 42

    def with_colours(self, background: str, plot_background: str, ink: str) -> ChartStyle:
        """The same style in other colours (the window follows the palette)."""
        return replace(self, background=background, plot_background=plot_background, ink=ink)


WINDOW_STYLE = ChartStyle()
REPORT_STYLE = ChartStyle(font_size=8.0)
