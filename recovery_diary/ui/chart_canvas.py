"""Quick redraws for the window's chart: what stays put while the window moves is drawn once.

The legend and the two y axes (ticks, numbers, labels) do not change when the
chart moves through time, yet laying them out is most of a redraw. They are
marked *animated*, so matplotlib's draw leaves them out, and put on each
finished frame from pixels copied the first time (again after a resize or a
change of colours). They lie outside the panels, where nothing that moves is
drawn, so the copy is exact. The hover box goes on top of them last.
"""

from __future__ import annotations

from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from recovery_diary.exports.progress_figure import ProgressFigure

HOVER_BOX = {"boxstyle": "round,pad=0.45", "facecolor": "white", "alpha": 0.96}


class StaticPixels:
    """Draws ``chart``'s static parts from a pixel cache; ``overlay`` goes on top of them."""

    def __init__(self, chart: ProgressFigure, overlay: Artist) -> None:
        self.chart = chart
        self.overlay = overlay
        self._key: tuple[Any, ...] | None = None
        self._regions: list[Any] = []
        overlay.set_animated(True)
        chart.figure.canvas.mpl_connect("draw_event", self._on_draw)

    @property
    def figure(self) -> Figure:
        return self.chart.figure

    def forget(self) -> None:
        """Draw the static parts afresh next time (their look or place changed)."""
        self._key = None

    def _artists(self) -> list[Artist]:
        chart = self.chart
        artists: list[Artist] = [chart.share_ax.yaxis, chart.pain_ax.yaxis]
        if chart.legend is not None and chart.legend.get_visible():
            artists.append(chart.legend)
        for artist in artists:
            if not artist.get_animated():
                artist.set_animated(True)
                self._key = None
        return artists

    def _on_draw(self, event: Any) -> None:
        renderer = event.renderer
        artists = self._artists()
        if event.canvas.is_saving() or not hasattr(renderer, "copy_from_bbox"):
            for artist in artists:
                artist.draw(renderer)
        else:
            key = (
                self.figure.dpi,
                *self.figure.bbox.bounds,
                self.chart.share_ax.get_position().bounds,
                self.chart.pain_ax.get_position().bounds,
                id(self.chart.legend),
                self.chart.style,
            )
            if key == self._key:
                for region in self._regions:
                    renderer.restore_region(region)
            else:
                for artist in artists:
                    artist.draw(renderer)
                areas = [Bbox.intersection(a, self.figure.bbox) for a in self._areas(renderer)]
                self._regions = [renderer.copy_from_bbox(a) for a in areas if a is not None]
                self._key = key
        if self.overlay.get_visible():
            self.overlay.draw(renderer)

    def _areas(self, renderer: Any) -> list[Bbox]:
        """Where the static parts are: left of each panel, and the legend's strip."""
        areas = []
        for ax in (self.chart.share_ax, self.chart.pain_ax):
            plot = ax.bbox
            axis = ax.yaxis.get_tightbbox(renderer)
            if axis is not None:
                bottom, top = min(axis.y0 - 2, plot.y0), max(axis.y1 + 2, plot.y1)
                areas.append(Bbox.from_extents(axis.x0 - 2, bottom, plot.x0, top))
        legend = self.chart.legend
        if legend is not None and legend.get_visible():
            areas.append(legend.get_window_extent(renderer).padded(3))
        return areas


def hover_label(figure: Figure, font_size: float) -> Annotation:
    """The box that tells a point's date and values, hidden until the mouse is on one."""
    label = Annotation(
        "",
        xy=(0, 0),
        xycoords="figure pixels",
        xytext=(12, 12),
        textcoords="offset points",
        fontsize=font_size,
        multialignment="left",
        bbox=HOVER_BOX,
        arrowprops={"arrowstyle": "-", "linewidth": 0.8},
        annotation_clip=False,
        zorder=20,
        visible=False,
    )
    label.set_gid("chartHover")
    figure.add_artist(label)
    return label
