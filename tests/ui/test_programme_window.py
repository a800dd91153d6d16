"""Following the whole programme through the window alone, as a runner would."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton

from recovery_diary.ui import dialogs

DAY = dt.timedelta(days=1)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def advice_text(window) -> str:
    panel = window.dayPanel
    return " ".join(
        label.text() for label in (panel.adviceHeadline, panel.advicePattern, panel.adviceReason)
    )


def tick_off(window, qtbot, day: dt.date, **pains: int) -> None:
    """Select ``day``, press Mark done on its plan, type the pain scores, save."""
    window.select_day(day)
    tick = window.dayPanel.findChild(QPushButton, "tickOffButton")
    assert tick is not None, f"nothing planned on {day}: {advice_text(window)}"
    click(qtbot, tick)
    for name, value in pains.items():
        window.sessionForm.painSpins[name].setValue(value)
    click(qtbot, window.sessionForm.saveButton)
    assert window.sessionForm.error_text("form") == ""


def check_in(window, qtbot, day: dt.date, pain: int) -> None:
    window.select_day(day)
    window.dayPanel.checkInPainSpin.setValue(pain)
    click(qtbot, window.dayPanel.checkInButton)


def planned_days(window, start: dt.date, end: dt.date, runs: bool) -> list[dt.date]:
    return [
        s.date
        for s in window.diary.sessions(start, end)
        if s.status == "planned" and s.is_run == runs
    ]


def test_a_runner_follows_the_programme_through_the_window(
    window, qtbot, diary_path, today, monkeypatch, answer_yes, warnings_shown
):
    start = today - 60 * DAY
    monkeypatch.setattr(
        dialogs.StartProgrammeDialog,
        "ask",
        classmethod(lambda cls, parent, day: (start, {"low_impact_weeks": 4})),
    )
    click(qtbot, window.dayPanel.startProgrammeButton)
    assert window.diary.settings.start == start

    # Phase 1: every planned low-impact session ticked off, all green.
    window.select_day(start)
    assert "Low-impact day" in advice_text(window)
    phase1 = planned_days(window, start, start + 27 * DAY, runs=False)
    assert len(phase1) == 12
    assert "✓" not in window.calendar.mark(start).status_symbol
    for day in phase1:
        tick_off(window, qtbot, day, pain_before=1, pain_during=2, pain_next_morning=1)
    window.select_day(start)  # the calendar marks the month it shows
    assert window.calendar.mark(start).status_symbol == "✓"
    stored = json.loads(diary_path.read_text())["sessions"]
    assert sum(1 for s in stored.values() if s["status"] == "done") == 12
    assert {s["activity"] for s in stored.values()} <= {"elliptical", "cycling"}

    # The first run comes the day after Phase 1: stage 1, 1 min run / 1 min walk.
    first_run = start + 28 * DAY
    window.select_day(first_run)
    assert "stage 1" in advice_text(window)
    assert "5 × (1 min run + 1 min walk)" in advice_text(window)
    tick_off(window, qtbot, first_run, pain_before=1, pain_during=2, pain_next_morning=1)
    assert [s.stage for s in window.diary.sessions(first_run, first_run)] == [1]

    # The 48-hour hold: a rest day, then the reaction check before any run.
    window.select_day(first_run + DAY)
    assert "Rest day" in advice_text(window)
    assert window.dayPanel.findChild(QPushButton, "tickOffButton") is None
    window.select_day(first_run + 2 * DAY)
    assert "Reaction check" in advice_text(window)
    check_in(window, qtbot, first_run + 2 * DAY, pain=1)
    assert "stage 2" in advice_text(window)

    # Green runs advance a stage each time.
    second = first_run + 2 * DAY
    tick_off(window, qtbot, second, pain_before=1, pain_during=2, pain_next_morning=1)
    third = second + 2 * DAY
    window.select_day(third)
    assert "stage 3" in advice_text(window)
    # A red next-morning score steps back a stage and keeps two days free of runs.
    tick_off(window, qtbot, third, pain_before=1, pain_during=3, pain_next_morning=4)
    window.select_day(third + DAY)
    assert "stage 2" in advice_text(window)
    assert planned_days(window, third + DAY, third + 2 * DAY, runs=True) == []
    assert planned_days(window, third + 3 * DAY, third + 3 * DAY, runs=True) == [third + 3 * DAY]
    assert window.calendar.mark(third) is not None

    # A red flag pauses the programme until the runner lifts the pause.
    flag_day = third + 3 * DAY
    monkeypatch.setattr(
        dialogs.RedFlagDialog, "ask", classmethod(lambda cls, parent, day: ["night_pain"])
    )
    window.select_day(flag_day)
    click(qtbot, window.dayPanel.redFlagButton)
    assert warnings_shown and "NHS 111" in warnings_shown[-1][1]
    assert window.diary.advice(flag_day).action == "paused"
    assert "paused" in advice_text(window).lower()
    assert window.dayPanel.liftPauseButton.isVisible()
    assert "Red flag on record" in window.dayPanel.checkInStatus.text()
    assert window.calendar.mark(flag_day).red_flag

    asked = []
    monkeypatch.setattr(
        dialogs.LiftPauseDialog,
        "ask",
        classmethod(lambda cls, parent, day: asked.append(day) or "Dr Rees (physio)"),
    )
    click(qtbot, window.dayPanel.liftPauseButton)
    assert asked == [flag_day]
    assert window.diary.advice(flag_day).action != "paused"
    data = json.loads(diary_path.read_text())
    assert any("night_pain" in c["red_flags"] for c in data["check_ins"].values())
    assert [x["cleared_by"] for x in data["pause_lifts"].values()] == ["Dr Rees (physio)"]


def _diary_after_phase_1(path, start):
    from recovery_diary import Diary

    diary = Diary.open(path)
    diary.start_programme(start)
    for plan in [s for s in diary.sessions(start, start + 27 * DAY) if s.status == "planned"]:
        diary.record(plan.replace(status="done", pain_before=1, pain_during=2, pain_next_morning=1))
    return diary


def test_a_missed_first_run_is_ticked_off_as_the_stage_that_is_due(
    open_window, qtbot, diary_path, today
):
    start = today - 34 * DAY  # the first run was due six days ago and never recorded
    _diary_after_phase_1(diary_path, start).close()
    window = open_window(diary_path)
    window.select_day(today)
    assert "stage 1" in advice_text(window)
    assert window.sessionForm.session().run_minutes == 5
    planned_today = planned_days(window, today, today, runs=True)
    if planned_today:
        click(qtbot, window.dayPanel.findChild(QPushButton, "tickOffButton"))
    form = window.sessionForm.session()
    assert (form.stage, form.run_minutes, form.walk_minutes) == (1, 5, 5)
    assert form.notes == ""


def _first_run_without_its_morning(open_window, path, start):
    """The window on a diary whose first run (after Phase 1) has no next-morning score."""
    diary = _diary_after_phase_1(path, start)
    first_run = start + 28 * DAY
    [plan] = [s for s in diary.sessions(first_run, first_run) if s.is_run]
    diary.record(plan.replace(status="done", pain_before=1, pain_during=2))
    diary.close()
    return open_window(path), first_run


def test_a_run_without_its_next_morning_score_reads_provisional(open_window, diary_path, today):
    # The first run was yesterday.
    window, first_run = _first_run_without_its_morning(open_window, diary_path, today - 29 * DAY)
    window.select_day(first_run)
    row = window.dayPanel.sessionRows[0].findChild(QLabel).text()
    assert "worst pain 2/10 ● green, provisional until the next-morning score" in row
    assert "judged" not in row


def test_the_check_in_refills_the_form_and_a_red_run_reads_red(
    open_window, qtbot, diary_path, today
):
    window, first_run = _first_run_without_its_morning(open_window, diary_path, today - 33 * DAY)

    # The next-morning score is asked for first, with a button that opens the run.
    window.select_day(first_run + 2 * DAY)
    assert window.dayPanel.nextMorningButton.isVisible()
    click(qtbot, window.dayPanel.nextMorningButton)
    assert window.sessionForm.editing.date == first_run
    window.sessionForm.painSpins["pain_next_morning"].setValue(1)
    click(qtbot, window.sessionForm.saveButton)

    # The reaction check: the run waits for it, then the form follows its verdict.
    check_day = first_run + 2 * DAY
    window.select_day(check_day)
    assert "Reaction check" in advice_text(window)
    tick = window.dayPanel.findChild(QPushButton, "tickOffButton")
    assert tick is None or not tick.isEnabled()
    assert window.dayPanel.checkInPainSpin.specialValueText() == "Pain —"
    assert not window.dayPanel.checkInButton.isEnabled()
    check_in(window, qtbot, check_day, pain=1)
    assert window.dayPanel.checkInPainSpin.value() == 1
    form = window.sessionForm.session()
    assert (form.stage, form.run_minutes) == (2, 6)

    # A run whose pain rose by 3 next morning is red, though no score reached 6.
    window.sessionForm.painSpins["pain_before"].setValue(1)
    window.sessionForm.painSpins["pain_during"].setValue(2)
    window.sessionForm.painSpins["pain_next_morning"].setValue(4)
    click(qtbot, window.sessionForm.saveButton)
    assert window.calendar.mark(check_day).light == "red"
    assert "judged ■ red" in window.dayPanel.sessionRows[0].findChild(QLabel).text()


def test_starting_to_run_early_says_what_plan_it_overrules(window, today, answer_yes):
    start = today - 10 * DAY
    window.diary.start_programme(start)
    window.select_day(today)
    window.findChild(QAction, "startRunningAction").trigger()
    planned = start + 28 * DAY  # after four low-impact weeks; nothing extended them
    assert answer_yes[-1] == (
        f"Plan the first run on {today:%A %d %B}, ending the low-impact phase there? The "
        f"programme plans it for {planned:%A %d %B}: running sooner cuts the low-impact "
        "phase short, so only do it if your physio agrees."
    )
    assert "extend" not in answer_yes[-1]
    assert window.diary.settings.running_from == today


def test_the_check_in_asks_about_today_a_past_day_or_waits_for_a_future_one(window, today):
    box = window.dayPanel.checkInBox
    window.select_day(today)
    assert box.title() == "How is your back today?" and box.isEnabled()
    yesterday = today - DAY
    window.select_day(yesterday)
    assert box.title() == f"How was your back on {yesterday:%a %d %b}?" and box.isEnabled()
    ahead = today + 2 * DAY
    window.select_day(ahead)
    # No question in a box that can't be answered yet: it says when it opens.
    assert box.title() == f"Check-in for {ahead:%a %d %b}: opens on the day"
    assert not box.isEnabled()
