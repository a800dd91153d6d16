"""The physiotherapist's PDF report, read back with pypdf as a reader would see it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pinned_clock import TODAY
from pypdf import PdfReader

from recovery_diary import Diary, Session
from recovery_diary.core.checkin import RED_FLAGS
from recovery_diary.exports.report import DEFAULT_WEEKS, report_period, write_report

START = TODAY - dt.timedelta(days=45)
LONG_NOTE = " ".join(f"word{i:03d}" for i in range(400))
NOTES = {
    "low": "Elliptical felt easy, Grüße aus Köln",
    "run": "Treadmill, 1% incline, paid $5 for $2 of water",
    "formula": "=SUM(A1) is not a formula here",
}


def _day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


@pytest.fixture(scope="module")
def physio_diary(tmp_path_factory: pytest.TempPathFactory) -> Diary:
    diary = Diary.open(tmp_path_factory.mktemp("report") / "d.json")
    diary.start_programme(START)
    for week in range(4):
        for offset, activity in ((0, "elliptical"), (2, "cycling"), (4, "elliptical")):
            diary.record(
                Session(
                    date=_day(7 * week + offset),
                    activity=activity,
                    duration_minutes=20 + 5 * week,
                    pain_before=2,
                    pain_during=2,
                    pain_after=2,
                    pain_next_morning=1,
                    notes=NOTES["low"] if week == offset == 0 else "",
                )
            )
    runs = ((28, 1, 5, 5), (31, 2, 6, 4), (34, 3, 7, 3))
    for (offset, stage, run, walk), note in zip(
        runs, (NOTES["run"], LONG_NOTE, NOTES["formula"]), strict=True
    ):
        diary.record(
            Session(
                date=_day(offset),
                activity="run_walk",
                stage=stage,
                run_minutes=run,
                walk_minutes=walk,
                pain_before=1,
                pain_during=2,
                pain_after=1,
                pain_next_morning=1,
                notes=note,
            )
        )
    diary.check_in(_day(30), 1, notes="reaction check: all calm")
    diary.check_in(_day(37), 4, red_flags=["night_pain"], notes="woke twice")
    return diary


@pytest.fixture(scope="module")
def reports(physio_diary: Diary, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    return {
        "a4": physio_diary.export_report(folder / "report-a4.pdf"),
        "letter": write_report(physio_diary, folder / "report-letter.pdf", paper="letter"),
    }


def _text(path: Path) -> str:
    """The report's words, with wrapped lines joined again."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_report_has_pages_of_the_chosen_paper(
    reports: dict[str, Path], paper: str, size: tuple[float, float]
) -> None:
    reader = PdfReader(reports[paper])

    assert reports[paper].read_bytes().startswith(b"%PDF")
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=0.5)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_report_says_what_a_physio_needs(reports: dict[str, Path], paper: str) -> None:
    text = _text(reports[paper])

    assert "Programme status" in text
    assert "Stage" in text
    assert "no substitute for a clinician" in text
    for note in NOTES.values():
        assert note in text
    for offset in (0, 28, 31, 34, 37):
        assert _day(offset).isoformat() in text
    assert RED_FLAGS["night_pain"][0] in text
    assert "woke twice" in text
    assert "Pain trend" in text


def test_long_notes_are_wrapped_without_losing_a_word(reports: dict[str, Path]) -> None:
    words = set(_text(reports["a4"]).split())

    assert {f"word{i:03d}" for i in range(400)} <= words


def test_summary_comes_first_and_the_session_list_after(reports: dict[str, Path]) -> None:
    pages = [page.extract_text() for page in PdfReader(reports["a4"]).pages]

    assert "Programme status" in pages[0]
    assert "Progress" in pages[0]
    assert "Sessions" in "\n".join(pages[1:])
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_a_chosen_period_leaves_out_other_days(physio_diary: Diary, tmp_path: Path) -> None:
    path = write_report(physio_diary, tmp_path / "last.pdf", _day(27), _day(40))
    text = _text(path)

    assert NOTES["run"] in text
    assert NOTES["low"] not in text
    assert _day(0).isoformat() not in text


def test_an_empty_diary_still_gets_a_two_page_report(diary: Diary, tmp_path: Path) -> None:
    path = diary.export_report(tmp_path / "empty.pdf")
    reader = PdfReader(path)

    assert len(reader.pages) == 2
    text = _text(path)
    assert "No sessions were recorded in this period." in text
    assert "No red flags were reported in this period." in text
    assert "Stage" in text


def test_default_period_is_the_programme_or_the_last_twelve_weeks(diary: Diary) -> None:
    today = dt.date(2026, 6, 30)
    assert report_period(diary, today) == (
        today - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1),
        today,
    )
    diary.start_programme(dt.date(2026, 5, 1))
    start, end = report_period(diary, today)
    assert start == dt.date(2026, 5, 1)
    assert end >= today
    before = dt.date(2026, 4, 1)
    assert report_period(diary, today, end=before) == (
        before - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1),
        before,
    )
    assert report_period(diary, today, start=dt.date(2026, 6, 1))[0] == dt.date(2026, 6, 1)
    with pytest.raises(ValueError):
        report_period(diary, today, dt.date(2026, 6, 2), dt.date(2026, 6, 1))


def test_unknown_paper_is_refused(diary: Diary, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="paper"):
        write_report(diary, tmp_path / "x.pdf", paper="a5")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_report_code_loads_matplotlib_only_when_writing_and_never_pyplot(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from recovery_diary import Diary
        import recovery_diary.exports.report
        assert "matplotlib" not in sys.modules, "imported at start-up"
        diary = Diary.open({str(tmp_path / "d.json")!r})
        diary.export_report({str(tmp_path / "r.pdf")!r})
        assert "matplotlib" in sys.modules
        assert "matplotlib.pyplot" not in sys.modules
        assert not any(name.startswith("PySide6") for name in sys.modules)
        print("OK")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )

    assert result.stdout.strip() == "OK", result.stderr
