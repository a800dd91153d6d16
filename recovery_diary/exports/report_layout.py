"""The report's building blocks on ReportLab's Platypus: paragraphs, tables, pages.

Platypus breaks paragraphs and tables across pages (a table repeats its
header row on each page); this module only sets the house style and adds the
two things it lacks: "Page N of M" footers and the ruled notes page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from recovery_diary.core.chart_series import ChartSeries
from recovery_diary.exports.report_chart import chart_image
from recovery_diary.exports.report_text import BOLD, REGULAR, Fonts, Writer, needs_shaping

# Streams are compressed, not also ASCII85-encoded: the latter is slow pure Python.
rl_config.useA85 = 0

INK, GREY, RULE, SHADE = "#1a1a1a", "#555555", "#b8b8b8", "#e9edf2"
BODY = 9.5
TABLE = 8.5


def _numbered_canvas(footer: str, total: list[int], on_page: Callable[[int], None]) -> type:
    """A canvas that keeps its pages until the end, to print "Page N of M" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._kept.append(dict(self.__dict__))
            on_page(len(self._kept))
            self._startPage()

        def save(self) -> None:
            total.append(len(self._kept))
            for state in self._kept:
                self.__dict__.update(state)
                self._footer(len(self._kept))
                super().showPage()
            super().save()

        def _footer(self, pages: int) -> None:
            width, _ = self._pagesize
            self.setFont(REGULAR, 7.5)
            self.setFillColor(colors.HexColor(GREY))
            self.drawString(42, 24, footer[:120])
            self.drawRightString(width - 42, 24, f"Page {self._pageNumber} of {pages}")

    return NumberedCanvas


class ClinicianNotes(Flowable):
    """Ruled lines for the clinician, filling the rest of the last page (at least 14 lines)."""

    LINE = 22.0
    MIN_LINES = 14

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        least = self.LINE * (self.MIN_LINES + 4)
        self.height = available_height if available_height >= least else least
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # never split: it moves to a new page whole

    def draw(self) -> None:
        c = self.canv
        top = self.height
        c.setFillColor(colors.HexColor(INK))
        c.setFont(BOLD, 13)
        c.drawString(0, top - 16, "Clinician's notes")
        c.setStrokeColor(colors.HexColor(INK))
        c.setLineWidth(0.8)
        c.line(0, top - 22, self.width, top - 22)
        c.setStrokeColor(colors.HexColor(RULE))
        c.setLineWidth(0.5)
        y = top - 22 - self.LINE
        while y > 3 * self.LINE:
            c.line(0, y, self.width, y)
            y -= self.LINE
        c.setFont(REGULAR, 8.5)
        c.setFillColor(colors.HexColor(GREY))
        c.drawString(0, self.LINE, "Clinician: ______________________________")
        c.drawString(self.width * 0.5, self.LINE, "Signature: ________________")
        c.drawString(self.width * 0.8, self.LINE, "Date: __________")


class Layout:
    """The house style of the report for one paper size; it builds the PDF in memory."""

    def __init__(self, paper: tuple[float, float], margin: float) -> None:
        self.paper = paper
        self.margin = margin
        self.width = paper[0] - 2 * margin
        self.writer = Writer(Fonts.get())
        self._styles: dict[tuple[float, bool, str, bool, float], ParagraphStyle] = {}

    def _style(self, size: float, bold: bool, colour: str, shaped: bool, space: float) -> Any:
        key = (size, bold, colour, shaped, space)
        if key not in self._styles:
            self._styles[key] = ParagraphStyle(
                f"s{len(self._styles)}",
                fontName=BOLD if bold else REGULAR,
                fontSize=size,
                leading=size * 1.3,
                textColor=colors.HexColor(colour),
                spaceAfter=space,
                shaping=1 if shaped else 0,
                splitLongWords=1,
            )
        return self._styles[key]

    def para(
        self,
        text: str,
        colour: str = INK,
        *,
        size: float = BODY,
        bold: bool = False,
        space: float = 1.5,
    ) -> Paragraph:
        """A paragraph of plain text (any characters; nothing in it is read as markup)."""
        style = self._style(size, bold, colour, needs_shaping(text), space)
        return Paragraph(self.writer.markup(text), style)

    def heading(self, text: str, keep: float = 90.0) -> list[Flowable]:
        """A heading kept on the same page as ``keep`` points of what follows."""
        return [
            CondPageBreak(keep + 30),
            Spacer(1, 8),
            self.para(text, size=13, bold=True, space=3),
            _Rule(self.width),
        ]

    def pairs(self, rows: Sequence[tuple[str, Flowable]]) -> Table:
        """Label-value lines: the label bold on the left, the value wrapped beside it."""
        data = [[self.para(label, bold=True), value] for label, value in rows]
        table = Table(data, colWidths=[95, self.width - 95], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def table(
        self, shares: Sequence[float], head: Sequence[str] | None, rows: Sequence[Sequence[Any]]
    ) -> Table:
        """A table over the text width that repeats its header row on each page.

        A cell is a flowable (a paragraph wraps), plain text, or (text, colour).
        Plain text does not wrap: keep it short.
        """
        body = [list(r) for r in rows]
        coloured = []
        first = 0 if head is None else 1
        for y, row in enumerate(body, start=first):
            for x, cell in enumerate(row):
                if isinstance(cell, tuple):  # (text, colour): plain text is quick to lay out
                    row[x] = cell[0]
                    coloured.append(("TEXTCOLOR", (x, y), (x, y), colors.HexColor(cell[1])))
        if head is not None:
            body.insert(0, [self.para(h, bold=True, size=TABLE) for h in head])
        widths = [s * self.width for s in shares]
        table = LongTable(
            body, colWidths=widths, repeatRows=1 if head else 0, hAlign="LEFT", splitInRow=1
        )
        style = [
            ("FONT", (0, 0), (-1, -1), REGULAR, TABLE),
            ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor(INK)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        style += coloured
        if head is not None:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(SHADE)))
        table.setStyle(TableStyle(style))
        return table

    def chart(self, series: ChartSeries, today: dt.date, height: float) -> Flowable:
        """The progress chart over the text width."""
        return _Picture(
            chart_image(series, today, self.width / 72, height / 72), self.width, height
        )

    def page_break(self) -> PageBreak:
        return PageBreak()

    def clinician_notes(self) -> Flowable:
        return ClinicianNotes()

    def build(
        self, story: list[Any], footer: str, on_page: Callable[[int], None]
    ) -> tuple[bytes, int]:
        """The PDF of ``story`` and its number of pages."""
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.paper,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin,
            bottomMargin=self.margin + 6,
            title="Recovery Diary report",
            creator="Recovery Diary",
        )
        flat: list[Any] = []
        for item in story:
            flat.extend(item if isinstance(item, list) else [item])
        total: list[int] = []
        doc.build(flat, canvasmaker=_numbered_canvas(footer, total, on_page))
        return buffer.getvalue(), total[0]


class _Rule(Flowable):
    """A thin line under a heading."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor(INK))
        self.canv.setLineWidth(0.8)
        self.canv.line(0, self.height, self.width, self.height)


class _Picture(Flowable):
    """A Pillow image drawn at a given size (handed over as pixels, not as a PNG file)."""

    def __init__(self, picture: Any, width: float, height: float) -> None:
        super().__init__()
        self.picture = ImageReader(picture)
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.picture, 0, 0, self.width, self.height)
