"""Exporting the physio report from the window: period, name once, file, in the background."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pinned_clock import TODAY
from pypdf import PdfReader
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog

from recovery_diary import Session
from recovery_diary.ui.report_export import ReportPeriodDialog

START = TODAY - dt.timedelta(days=20)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list]:
    """A person who picks the last 2 weeks, gives their name, and saves to report.pdf."""
    questions: dict[str, list] = {"period": [], "name": [], "file": []}

    def period(parent, today, first_day, programme_start):
        questions["period"].append((today, first_day, programme_start))
        return TODAY - dt.timedelta(days=13), TODAY

    def name(parent, title, label, *args, **kwargs):
        questions["name"].append(label)
        return "Sam Patel", True

    def save(parent, title, suggested, filters):
        questions["file"].append(suggested)
        return str(questions["target"][0]), filters

    questions["target"] = [tmp_path / "report.pdf"]
    monkeypatch.setattr(ReportPeriodDialog, "ask", classmethod(lambda cls, *a: period(*a)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(name))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    return questions


def _export(window) -> None:
    window.findChild(QAction, "exportReportAction").trigger()


def _finished(window) -> bool:
    message = window.statusBar().currentMessage()
    return "Report written" in message or "not written" in message


def test_the_report_is_written_in_the_background_and_says_when_done(window, asked, qtbot):
    diary = window.diary
    diary.start_programme(START)
    diary.record(Session(date=START, activity="elliptical", duration_minutes=20, pain_during=2))
    target = asked["target"][0]

    _export(window)
    # The call has returned while the report is still being written: the window is free.
    assert window.findChild(QProgressDialog, "reportProgress") is not None
    assert "Writing the report" in window.statusBar().currentMessage()
    form = window.sessionForm
    form.new_session(TODAY)
    form.activityCombo.setCurrentIndex(form.activityCombo.findData("cycling"))
    form.durationSpin.setValue(25)
    form.saveButton.click()
    qtbot.waitUntil(lambda: _finished(window), timeout=60_000)

    pages = len(PdfReader(target).pages)
    assert window.statusBar().currentMessage() == f"Report written to {target} ({pages} pages)"
    first = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "Runner: Sam Patel" in first
    assert f"Period: {TODAY.day - 13} {TODAY:%b %Y} to {TODAY.day} {TODAY:%b %Y}" in first
    assert asked["period"] == [(TODAY, START, START)]
    assert asked["file"][0].endswith(f"recovery-diary-report-{TODAY:%Y-%m-%d}.pdf")
    assert diary.runner_name == "Sam Patel"
    assert any(s.activity == "cycling" for s in diary.recorded(TODAY, TODAY))  # saved meanwhile
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog, "reportProgress") is None)


def test_the_name_is_asked_for_once_and_remembered(window, asked, qtbot):
    for _ in range(2):
        _export(window)
        qtbot.waitUntil(lambda: _finished(window), timeout=60_000)
        window.statusBar().clearMessage()

    assert len(asked["name"]) == 1
    assert len(asked["file"]) == 2
    assert window.diary.runner_name == "Sam Patel"


def test_a_failed_report_says_why_and_the_window_goes_on(
    window, asked, qtbot, tmp_path, warnings_shown
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    asked["target"][0] = blocker / "report.pdf"

    _export(window)
    qtbot.waitUntil(lambda: bool(warnings_shown), timeout=60_000)

    title, text = warnings_shown[0]
    assert title == "Export failed"
    assert text.startswith("The report was not written: ")
    assert window.statusBar().currentMessage() == "The report was not written"
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog, "reportProgress") is None)
    asked["target"][0] = tmp_path / "second.pdf"  # and the next try works
    _export(window)
    qtbot.waitUntil(lambda: "Report written" in window.statusBar().currentMessage(), timeout=60_000)
    assert (tmp_path / "second.pdf").exists()


def test_the_period_dialog_offers_the_whole_diary_programme_weeks_and_dates(qtbot):
    first, programme = TODAY - dt.timedelta(days=400), TODAY - dt.timedelta(days=90)
    dialog = ReportPeriodDialog(None, TODAY, first, programme)
    qtbot.addWidget(dialog)

    assert dialog.period() == (programme, TODAY)  # the programme is chosen at first
    dialog.findChild(object, "wholeDiary").click()
    assert dialog.period() == (first, TODAY)
    dialog.weeksSpin.setValue(4)
    assert dialog.period() == (TODAY - dt.timedelta(days=27), TODAY)
    dialog.fromEdit.setDate(dialog.fromEdit.date().addDays(-10))
    custom = dialog.period()
    assert custom[1] == TODAY and custom[0] < TODAY
    dialog.toEdit.setDate(dialog.toEdit.date().addDays(30))  # the future is out of reach
    assert dialog.period()[1] == TODAY
    without = ReportPeriodDialog(None, TODAY, first, None)
    qtbot.addWidget(without)
    assert not without.findChild(object, "programme").isEnabled()
    assert without.period() == (first, TODAY)


def test_cancelling_the_name_question_writes_nothing(window, asked, qtbot, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))

    _export(window)

    assert asked["file"] == []
    assert not asked["target"][0].exists()
    assert window.diary.runner_name == ""
