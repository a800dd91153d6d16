"""The physiotherapist's PDF report, read back with pypdf as a reader would see it."""
# The text of the PDF is what a clinician reads; page numbers and colours too.

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pinned_clock import TODAY
from pypdf import PdfReader

from recovery_diary import Diary, InvalidSession, Session
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
    diary = Diary.open(tmp_path_factory.mktemp("report") / "d.json", today=lambda: TODAY)
    diary.runner_name = "Sam Patel"
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
def written(
    physio_diary: Diary, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, int]]:
    """Each paper's report and the page count the call returned."""
    folder = tmp_path_factory.mktemp("pdf")
    found = {}
    for paper in ("a4", "letter"):
        path = folder / f"report-{paper}.pdf"
        found[paper] = (path, physio_diary.export_report(path, paper=paper))
    return found


@pytest.fixture(scope="module")
def reports(written: dict[str, tuple[Path, int]]) -> dict[str, Path]:
    return {paper: path for paper, (path, _) in written.items()}


def _pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


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
    path = tmp_path / "last.pdf"
    write_report(physio_diary, path, _day(27), _day(40))
    text = _text(path)

    assert NOTES["run"] in text
    assert NOTES["low"] not in text
    assert _day(0).isoformat() not in text


def test_an_empty_diary_still_gets_a_two_page_report(diary: Diary, tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    pages = diary.export_report(path)
    reader = PdfReader(path)

    assert pages == len(reader.pages) == 2
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
    assert end == today
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
        diary.export_report(tmp_path / "x.pdf", paper="a5")
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


# -- what page 1 and the last page carry ------------------------------------------
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_page_count_returned_is_the_pdfs(written: dict, paper: str) -> None:
    path, pages = written[paper]

    assert isinstance(pages, int)
    assert pages == len(PdfReader(path).pages)


def test_page_one_names_the_runner_the_period_and_the_status(reports: dict) -> None:
    first = _pages(reports["a4"])[0]

    assert "Runner: Sam Patel" in first
    assert f"Period: {START.day} {START:%b %Y} to {TODAY.day} {TODAY:%b %Y}" in first
    assert "Programme status" in first
    assert "Advice today" in first
    assert "PROGRAMME PAUSED" in first  # the night-pain flag of day 37 is not lifted
    assert "Pain trend" in first
    assert "Latest outcomes" in first


def test_a_name_given_for_one_report_is_printed_and_not_kept(
    physio_diary: Diary, tmp_path: Path
) -> None:
    path = tmp_path / "named.pdf"
    physio_diary.export_report(path, name="Dr Who's patient")

    assert "Runner: Dr Who's patient" in _pages(path)[0]
    assert physio_diary.runner_name == "Sam Patel"


def test_the_runners_name_is_kept_in_the_diary_file(tmp_path: Path) -> None:
    diary = Diary.open(tmp_path / "d.json")
    assert diary.runner_name == ""
    diary.runner_name = "  Zoë   Nakamura  "
    diary.close()

    again = Diary.open(tmp_path / "d.json")
    assert again.runner_name == "Zoë Nakamura"
    with pytest.raises(InvalidSession, match="broken character"):
        again.runner_name = "Zoë \ud800"
    assert again.runner_name == "Zoë Nakamura"


def test_the_period_never_runs_past_today(physio_diary: Diary, tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=30)
    path = tmp_path / "future.pdf"
    physio_diary.export_report(path, _day(20), later)
    text = _text(path)

    assert f"to {TODAY.day} {TODAY:%b %Y}" in text
    assert f"{later.day} {later:%b %Y}" not in text
    assert later.isoformat() not in text
    assert report_period(physio_diary, TODAY, end=later) == (START, TODAY)
    with pytest.raises(ValueError, match="after today"):
        physio_diary.export_report(tmp_path / "x.pdf", TODAY + dt.timedelta(days=1))
    assert not (tmp_path / "x.pdf").exists()


def test_identical_outcomes_in_a_row_make_one_line(reports: dict) -> None:
    text = _text(reports["a4"])

    # START is 4 October 2026 (TODAY is pinned): twelve green low-impact sessions,
    # then green runs with the green reaction check between the first two.
    assert "12 low-impact sessions green, 4–29 Oct 2026" in text
    assert "1 run green, 1 Nov 2026 (stage 1)" in text
    assert "1 check-in green, 3 Nov 2026" in text
    assert "2 runs green, 4–7 Nov 2026 (stages 2–3)" in text
    assert "1 low-impact session green" not in text


def test_the_last_page_leaves_ruled_room_for_the_clinicians_notes(reports: dict) -> None:
    pages = _pages(reports["a4"])

    assert "Clinician's notes" in pages[-1]
    assert "Signature" in pages[-1]
    assert not any("Clinician's notes" in page for page in pages[:-1])


def test_optional_low_impact_days_between_runs_are_never_missed(reports: dict) -> None:
    text = _text(reports["a4"])

    assert "Optional:" not in text
    for activity in ("Elliptical", "Cycling"):
        assert f"{activity}, missed" not in text
