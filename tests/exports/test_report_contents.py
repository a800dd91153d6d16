"""What the report prints for notes in any script, for the runner's own limits, for long diaries.

Each test reads the real PDF back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from pinned_clock import TODAY
from pypdf import PdfReader

from recovery_diary import Diary, Session
from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.pain import Thresholds
from recovery_diary.demo import write_demo
from recovery_diary.exports import report_text
from recovery_diary.exports.report import write_report

WEEK_AGO = TODAY - dt.timedelta(days=7)
NOTE = "膝が少し痛い ظهري بخير اليوم broken:\ud800 end"


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@dataclass
class Plan:
    phases: tuple = ()
    outcomes: tuple = ()
    pauses: tuple = ()
    completed_on: dt.date | None = None


@dataclass
class Records:
    """A diary as the report sees it: only the calls its ReportSource protocol lists."""

    recorded: list[Session] = field(default_factory=list)
    checked: list[CheckIn] = field(default_factory=list)
    runner_name: str = "Ana Lima"
    settings: object = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    plan: Plan = field(default_factory=Plan)

    def today(self) -> dt.date:
        return TODAY

    def sessions(self, start=None, end=None) -> list[Session]:
        return [s for s in self.recorded if (start or s.date) <= s.date <= (end or s.date)]

    def check_ins(self, start=None, end=None) -> list[CheckIn]:
        return [c for c in self.checked if (start or c.date) <= c.date <= (end or c.date)]

    def advice(self, on: dt.date) -> SimpleNamespace:
        return SimpleNamespace(action="rest", stage=None, reason="Rest today.", pattern=None)

    def day(self, on: dt.date) -> SimpleNamespace:
        return SimpleNamespace(optional=())


def _noted(note: str) -> Records:
    session = Session(date=WEEK_AGO, activity="cycling", duration_minutes=30, notes=note)
    return Records(recorded=[session], checked=[CheckIn(WEEK_AGO, 2, notes=note)])


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """A computer without any font for Chinese, Japanese or Korean."""
    monkeypatch.setattr(report_text.Fonts, "_registered", report_text.Fonts(fallbacks=()))


def test_arabic_and_a_lone_surrogate_in_a_note_print(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    pages = write_report(_noted(NOTE), path)
    text = _text(path)
    plain = unicodedata.normalize("NFKC", text)

    assert pages == len(PdfReader(path).pages)
    # Arabic is printed joined (presentation forms), right to left, word by word.
    assert any("\ufe70" <= c <= "\ufefc" for c in text)
    for word in ("ظهري", "بخير", "اليوم"):
        assert word in plain
    assert "broken:\ufffd end" in text  # the broken half character, as U+FFFD


@pytest.mark.skipif(
    not any(Path(p).exists() for p in report_text.FALLBACK_FONTS),
    reason="no TrueType font with Chinese, Japanese and Korean on this computer",
)
def test_cjk_in_a_note_prints_in_the_fallback_font(tmp_path: Path) -> None:
    path = tmp_path / "cjk.pdf"
    write_report(_noted(NOTE), path)

    assert "膝が少し痛い" in _text(path)
    assert "[U+" not in _text(path)


def test_without_a_cjk_font_each_character_is_named(tmp_path: Path, no_cjk_font: None) -> None:
    path = tmp_path / "no-cjk.pdf"
    write_report(_noted(NOTE), path)
    text = _text(path)

    assert "[U+819D][U+304C]" in text  # 膝が
    assert "U+819D CJK UNIFIED IDEOGRAPH-819D" in text
    assert "HIRAGANA LETTER GA" in text
    assert "no font on this computer has them" in text
    assert "ظهري" in unicodedata.normalize("NFKC", text)  # the rest still prints


def test_markup_in_a_note_is_printed_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "markup.pdf"
    write_report(_noted('<b>not bold</b> & <font size="40">x</font>'), path)

    assert '<b>not bold</b> & <font size="40">x</font>' in _text(path)


# -- colours follow the runner's limits --------------------------------------------
def _coloured(path: Path) -> list[tuple[tuple[float, ...] | None, str]]:
    """(fill colour, text) of every piece of text drawn in the PDF."""
    found: list[tuple[tuple[float, ...] | None, str]] = []
    for page in PdfReader(path).pages:
        colour: list[tuple[float, ...] | None] = [None]

        def before(op, args, cm, tm, colour=colour):
            if op == b"rg":
                colour[0] = tuple(round(float(a), 2) for a in args)

        def text(t, cm, tm, font, size, colour=colour):
            if t.strip():
                found.append((colour[0], t.strip()))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


AMBER_RGB = (round(0xA8 / 255, 2), round(0x64 / 255, 2), 0.0)
RED_RGB = (round(0xC0 / 255, 2), round(0x16 / 255, 2), round(0x1C / 255, 2))


@pytest.mark.parametrize(
    ("limits", "word", "rgb"),
    [({}, "red", RED_RGB), ({"safe_max": 4, "acceptable_max": 7}, "amber", AMBER_RGB)],
)
def test_a_weeks_colour_follows_the_runners_limits(
    tmp_path: Path, limits: dict[str, int], word: str, rgb: tuple[float, ...]
) -> None:
    diary = Diary.open(tmp_path / "d.json")
    diary.start_programme(TODAY - dt.timedelta(days=20), **limits)
    diary.record(
        Session(
            date=TODAY - dt.timedelta(days=20),
            activity="elliptical",
            duration_minutes=20,
            pain_during=6,
            pain_next_morning=2,
        )
    )
    path = tmp_path / "limits.pdf"
    diary.export_report(path)
    pieces = _coloured(path)

    cell = next(p for p in pieces if p[1] == f"6.0 / 6 {word}")
    assert cell[0] == rgb
    safe, acceptable = limits.get("safe_max", 3), limits.get("acceptable_max", 5)
    caption = f"green up to {safe}, amber up to {acceptable}, red above"
    assert caption in _text(path)


# -- long diaries ------------------------------------------------------------------
@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    diary = write_demo(folder / "d.json", years=2, today=TODAY)
    path = folder / "long.pdf"
    diary.export_report(path)
    diary.close()
    return path


def test_a_long_diary_is_summarised_by_month_and_lists_recent_sessions(two_years: Path) -> None:
    text = _text(two_years)
    middle = TODAY - dt.timedelta(days=365)

    assert "Pain by month" in text
    assert f"{middle:%b %Y}" in text  # the month is in the months table
    assert "Pain by week" in text
    assert "The programme and the last weeks" in text
    assert "each point is one week" in text
    # A year ago is neither the programme nor the last weeks: no session line of it.
    for offset in range(-3, 4):
        assert (middle + dt.timedelta(days=offset)).isoformat() not in text
    recent = [TODAY - dt.timedelta(days=d) for d in range(1, 15)]
    assert any(day.isoformat() in text for day in recent)
    assert len(PdfReader(two_years).pages) <= 12


def test_more_than_three_years_are_summarised_by_quarter(tmp_path: Path) -> None:
    start = dt.date(2022, 12, 1)
    sessions = [
        Session(date=start + dt.timedelta(days=30 * m), activity="cycling", duration_minutes=30)
        for m in range(48)
    ]
    path = tmp_path / "quarters.pdf"
    write_report(Records(recorded=sessions), path, start, TODAY)
    text = _text(path)

    assert "Pain by quarter" in text
    assert "Pain by month" not in text
    assert "Dec 2022–Feb 2023 3 (0)" in text
    assert "Mar–May 2023 4 (0)" in text  # 1 and 31 March, 30 April, 30 May


def test_a_pause_lifted_on_the_day_of_its_flag_says_who_cleared_the_runner(
    tmp_path: Path,
) -> None:
    diary = Diary.open(tmp_path / "d.json")
    diary.start_programme(TODAY - dt.timedelta(days=20))
    flagged = TODAY - dt.timedelta(days=10)
    diary.check_in(flagged, 3, red_flags=["night_pain"])
    diary.lift_pause(flagged, cleared_by="Sam Reed (physio)")
    path = tmp_path / "lifted.pdf"
    diary.export_report(path)

    day = f"{flagged:%a} {flagged.isoformat()}"
    assert f"pause lifted {day}, cleared by Sam Reed (physio)" in _text(path)


def test_a_lifted_pause_says_who_cleared_the_runner(tmp_path: Path) -> None:
    diary = Diary.open(tmp_path / "d.json")
    diary.start_programme(TODAY - dt.timedelta(days=20))
    flagged = TODAY - dt.timedelta(days=10)
    diary.check_in(flagged, 3, red_flags=["night_pain"])
    diary.lift_pause(TODAY - dt.timedelta(days=6), cleared_by="Dr Rao")
    path = tmp_path / "lifted.pdf"
    diary.export_report(path)
    text = _text(path)

    lifted = (TODAY - dt.timedelta(days=6)).isoformat()
    assert f"pause lifted Thu {lifted}, cleared by Dr Rao" in text
    assert "Get an urgent GP appointment or call NHS 111 today" in text
