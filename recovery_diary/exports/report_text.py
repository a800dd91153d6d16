"""Fonts and text for the PDF report: any text a note can hold, made printable.

The report prints in DejaVu Sans, which ships with matplotlib (Latin, Greek,
Cyrillic, Hebrew, Arabic, many symbols). Characters it lacks (Chinese,
Japanese, Korean, ...) are printed in a TrueType fallback font found on the
computer. A character no font here can print is shown as ``[U+XXXX]`` and
named at the end of the report, so nothing a runner wrote is silently lost.
A lone surrogate (half of a broken character) prints as U+FFFD, the
replacement character. Right-to-left and joined scripts are shaped by
HarfBuzz (uharfbuzz), so Arabic reads as it was written.
"""

from __future__ import annotations

import datetime as dt
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery_diary.core.checkin import RED_FLAGS
from recovery_diary.core.pain import AMBER, GREEN, RED

if TYPE_CHECKING:
    from recovery_diary.exports.report_data import OutcomeRun

OUTCOME_WORDS = {GREEN: "green", AMBER: "amber", RED: "red", None: "not judged yet"}
COLOURS = {GREEN: "#1d7a1d", AMBER: "#a86400", RED: "#c0161c", None: "#1a1a1a"}
INK, GREY, RULE, SHADE = "#1a1a1a", "#555555", "#b8b8b8", "#e9edf2"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
REGULAR, BOLD, FALLBACK = "ReportSans", "ReportSans-Bold", "ReportFallback"

#: TrueType fonts with Chinese, Japanese and Korean characters, in order of preference:
#: where Linux, Windows and macOS keep them. (OpenType fonts with PostScript outlines,
#: like Noto Sans CJK, can't be embedded by ReportLab.)
FALLBACK_FONTS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "C:/Windows/Fonts/simsun.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _dejavu(name: str) -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


class Fonts:
    """The report's fonts, registered with ReportLab, and what each can print.

    The fallback font is large, so it is looked for and read only when a text
    needs a character DejaVu Sans lacks.
    """

    _registered: Fonts | None = None

    def __init__(self, fallbacks: Iterable[str] = FALLBACK_FONTS) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        regular = TTFont(REGULAR, _dejavu("DejaVuSans.ttf"))
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(TTFont(BOLD, _dejavu("DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
        self.main = frozenset(regular.face.charToGlyph)
        self._fallbacks = tuple(fallbacks)
        self._fallback: frozenset[int] | None = None

    @property
    def fallback(self) -> frozenset[int]:
        """The characters of the first fallback font found (none if there is none)."""
        if self._fallback is None:
            self._fallback = frozenset()
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFError, TTFont

            for path in self._fallbacks:
                try:
                    font = TTFont(FALLBACK, path)
                except (TTFError, OSError):
                    continue
                pdfmetrics.registerFont(font)
                self._fallback = frozenset(font.face.charToGlyph)
                break
        return self._fallback

    @classmethod
    def get(cls) -> Fonts:
        """The fonts, registered once per process."""
        if cls._registered is None:
            cls._registered = cls()
        return cls._registered


class Writer:
    """Turns plain text into ReportLab paragraph markup, remembering what it could not print."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self.unprintable: dict[str, str] = {}

    def markup(self, text: str) -> str:
        """``text`` escaped for a paragraph, in the fonts that have each character."""
        if text.isascii() and text.isprintable():
            return "".join(_XML.get(c, c) for c in text)
        parts: list[str] = []
        in_fallback = False
        for char in text:
            code = ord(char)
            if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: half of a broken character
                char, code = "\ufffd", 0xFFFD
            if char == "\n":
                piece, fallback = "<br/>", False
            elif char == "\t" or (unicodedata.category(char) == "Cc"):
                piece, fallback = " ", False
            elif code in self.fonts.main or unicodedata.category(char) in ("Zs", "Cf"):
                piece, fallback = _XML.get(char, char), False
            elif code in self.fonts.fallback:
                piece, fallback = char, True
            else:
                self.unprintable.setdefault(char, _name(char))
                piece, fallback = f"[U+{code:04X}]", False
            if fallback != in_fallback:
                parts.append(f'<font face="{FALLBACK}">' if fallback else "</font>")
                in_fallback = fallback
            parts.append(piece)
        if in_fallback:
            parts.append("</font>")
        return "".join(parts)

    def missing_sentence(self) -> str | None:
        """Names the characters shown as ``[U+XXXX]``, if there were any."""
        if not self.unprintable:
            return None
        names = "; ".join(
            f"U+{ord(c):04X} {name}" for c, name in sorted(self.unprintable.items())[:40]
        )
        more = len(self.unprintable) - 40
        tail = f" and {more} more" if more > 0 else ""
        return (
            "Some characters in the notes could not be printed, because no font on this "
            f"computer has them; each is shown as [U+code]: {names}{tail}. "
            "Installing a TrueType font that has them (for Chinese, Japanese and Korean: "
            "Droid Sans Fallback or WenQuanYi Zen Hei) and writing the report again "
            "prints them."
        )


def needs_shaping(text: str) -> bool:
    """Whether ``text`` holds a script whose letters join or run right to left."""
    return any("\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufefc" for c in text)


def _name(char: str) -> str:
    return unicodedata.name(char, "an unnamed character")


# -- words the pages share ---------------------------------------------------------
def day_text(day: dt.date) -> str:
    """``Mon 2026-05-04``: unambiguous everywhere, with the weekday for spacing runs."""
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def long_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def span_text(first: dt.date, last: dt.date) -> str:
    """``3–24 Mar 2026``, ``28 Feb – 3 Mar 2026``, or one day."""
    if first == last:
        return long_day(first)
    if first.year != last.year:
        return f"{long_day(first)} – {long_day(last)}"
    if first.month != last.month:
        return f"{first.day} {MONTHS[first.month - 1]} – {long_day(last)}"
    return f"{first.day}–{long_day(last)}"


def score(value: float | None) -> str:
    return "–" if value is None else str(value)


def avg_max(scores: Sequence[int]) -> str:
    if not scores:
        return "–"
    return f"{statistics.fmean(scores):.1f} / {max(scores)}"


def flag_names(flags: Sequence[str]) -> list[str]:
    return [RED_FLAGS[f][0] if f in RED_FLAGS else f for f in flags]


def outcome_line(run: OutcomeRun) -> str:
    """``12 runs green, 3–24 March 2026 (stages 2–4)``: one line for identical outcomes."""
    what = OUTCOME_WORDS.get(run.outcome, str(run.outcome))
    noun = run.kind + ("" if run.count == 1 else "s")
    stages = ""
    if run.stages:
        low, high = min(run.stages), max(run.stages)
        stages = f" (stage {low})" if low == high else f" (stages {low}–{high})"
    return f"{run.count} {noun} {what}, {span_text(run.first, run.last)}{stages}"


def outcome_rows(layout: Any, runs: Sequence[OutcomeRun]) -> list[list[Any]]:
    return [
        [
            layout.para(outcome_line(r), colour=COLOURS.get(r.outcome, INK), bold=True),
            layout.para(r.reason, size=8),
        ]
        for r in runs
    ]
