"""A runner's afternoon with the window: type, save, reopen, tick off, edit, delete."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QPushButton, QWidget

from recovery_diary import Diary, Session
from recovery_diary.ui.session_form import to_qdate


def stored_sessions(path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("sessions", {}).values())


def form_of(window):
    return window.findChild(QWidget, "sessionForm")


def field(window, name):
    widget = window.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name}"
    return widget


def choose_activity(window, label: str) -> None:
    combo = field(window, "activityCombo")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText(label))


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_window_has_the_named_parts(window):
    for name in ("mainWindow", "calendar", "dayPanel", "sessionForm", "progressChart"):
        assert window.objectName() == name or window.findChild(QWidget, name) is not None
    assert isinstance(field(window, "dateEdit"), QDateEdit)
    assert isinstance(field(window, "saveButton"), QPushButton)
    labels = [field(window, "activityCombo").itemText(i) for i in range(7)]
    assert labels == [
        "Run/walk",
        "Elliptical",
        "Cycling",
        "Walking",
        "Swimming",
        "Rowing machine",
        "Other",
    ]
    assert field(window, "progressChart").figure is not None


def test_typing_a_run_and_saving_puts_it_in_the_file(window, qtbot, diary_path, today):
    field(window, "dateEdit").setDate(to_qdate(today))
    choose_activity(window, "Run/walk")
    field(window, "runMinutesSpin").setValue(6)
    field(window, "walkMinutesSpin").setValue(4)
    field(window, "repeatsSpin").setValue(4)
    field(window, "painBeforeSpin").setValue(1)
    field(window, "painDuringSpin").setValue(2)
    qtbot.keyClicks(field(window, "notesEdit"), "Treadmill, felt easy")
    field(window, "notesEdit").insertPlainText(" — 6 × 1 min")
    click(qtbot, field(window, "saveButton"))

    [stored] = stored_sessions(diary_path)
    assert stored["date"] == today.isoformat()
    assert stored["activity"] == "run_walk"
    assert (stored["run_minutes"], stored["walk_minutes"], stored["duration_minutes"]) == (6, 4, 10)
    assert (stored["pain_before"], stored["pain_during"], stored["pain_after"]) == (1, 2, None)
    assert stored["notes"] == "Treadmill, felt easy — 6 × 1 min"
    assert "Done: Run/walk" in window.calendar.mark(today).tooltip


def test_a_low_impact_session_survives_a_restart(open_window, qtbot, diary_path, today):
    first = open_window(diary_path)
    choose_activity(first, "Cycling")
    field(first, "durationSpin").setValue(35)
    field(first, "painDuringSpin").setValue(0)
    click(qtbot, field(first, "saveButton"))
    first.close()

    second = open_window(diary_path)
    assert "Cycling 35 min" in second.calendar.mark(today).tooltip
    assert field(second, "activityCombo").currentText() == "Cycling"
    assert field(second, "durationSpin").value() == 35
    rows = second.dayPanel.sessionRows
    assert len(rows) == 1


def test_the_rowing_machine_shows_its_caution(window):
    caution = field(window, "rowingCaution")
    choose_activity(window, "Rowing machine")
    assert caution.isVisible()
    assert "aggravate the back" in caution.text()
    choose_activity(window, "Elliptical")
    assert not caution.isVisible()


def test_ticking_off_a_planned_session_fills_the_form_and_fulfils_the_plan(
    open_window, qtbot, diary_path, today
):
    diary = Diary.open(diary_path)
    plan = diary.record(
        Session(date=today, activity="elliptical", status="planned", duration_minutes=25)
    )
    diary.close()
    window = open_window(diary_path)
    window.select_day(today)
    tick = window.dayPanel.findChild(QPushButton, "tickOffButton")
    click(qtbot, tick)
    assert field(window, "activityCombo").currentText() == "Elliptical"
    assert field(window, "durationSpin").value() == 25
    assert not field(window, "plannedCheck").isChecked()
    field(window, "painDuringSpin").setValue(2)
    field(window, "painAfterSpin").setValue(1)
    click(qtbot, field(window, "saveButton"))

    [stored] = stored_sessions(diary_path)
    assert stored["status"] == "done"
    assert stored["pain_during"] == 2
    assert Diary.open(diary_path).recorded()[0].id == plan.id


def test_editing_a_session_changes_it_in_place(open_window, qtbot, diary_path, today):
    diary = Diary.open(diary_path)
    diary.record(Session(date=today, activity="swimming", duration_minutes=20, notes="Pool"))
    diary.close()
    window = open_window(diary_path)
    window.select_day(today)
    click(qtbot, window.dayPanel.findChild(QPushButton, "editSessionButton"))
    field(window, "durationSpin").setValue(40)
    field(window, "notesEdit").setPlainText("Pool, 40 lengths")
    click(qtbot, field(window, "saveButton"))
    [stored] = stored_sessions(diary_path)
    assert (stored["duration_minutes"], stored["notes"]) == (40, "Pool, 40 lengths")


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_deleting_asks_first(open_window, qtbot, diary_path, today, monkeypatch, answer):
    from PySide6.QtWidgets import QMessageBox

    diary = Diary.open(diary_path)
    diary.record(Session(date=today, activity="walking", duration_minutes=45))
    diary.close()
    window = open_window(diary_path)
    window.select_day(today)
    asked = []
    reply = QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or reply)
    )
    click(qtbot, window.dayPanel.findChild(QPushButton, "deleteSessionButton"))
    assert asked and "Delete the session" in asked[0]
    assert len(stored_sessions(diary_path)) == (0 if answer == "yes" else 1)
    assert bool(window.dayPanel.sessionRows) == (answer == "no")


def _type_and_save(window, qtbot, activity="Run/walk", **values):
    choose_activity(window, activity)
    for name, value in values.items():
        if name == "date":
            field(window, "dateEdit").setDate(to_qdate(value))
        elif name == "planned":
            field(window, "plannedCheck").setChecked(value)
        else:
            field(window, name).setValue(value)
    click(qtbot, field(window, "saveButton"))


@pytest.mark.parametrize(
    ("activity", "values", "error_field", "words"),
    [
        ("Run/walk", {"painDuringSpin": 11}, "pain_during", "0 (no pain) to 10"),
        ("Run/walk", {"painNextMorningSpin": 12}, "pain_next_morning", "0 (no pain) to 10"),
        ("Run/walk", {"runMinutesSpin": 0}, "run_minutes", "more than zero"),
        ("Run/walk", {"walkMinutesSpin": -1}, "walk_minutes", "can't be negative"),
        (
            "Run/walk",
            {"runMinutesSpin": 250, "walkMinutesSpin": 60},
            "run_minutes",
            "more than 300",
        ),
        ("Cycling", {"durationSpin": 0}, "duration_minutes", "more than zero"),
        ("Elliptical", {"durationSpin": 301}, "duration_minutes", "more than 300"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    window, qtbot, diary_path, activity, values, error_field, words
):
    before = diary_path.read_bytes()
    _type_and_save(window, qtbot, activity, **values)
    assert words in window.sessionForm.error_text(error_field)
    assert window.findChild(QWidget, f"{error_field}Error").isVisible()
    assert diary_path.read_bytes() == before


def test_a_done_session_in_the_future_is_refused_but_can_be_planned(
    window, qtbot, diary_path, today
):
    tomorrow = today + dt.timedelta(days=1)
    _type_and_save(window, qtbot, "Cycling", date=tomorrow, durationSpin=30)
    assert "still to come" in window.sessionForm.error_text("date")
    assert stored_sessions(diary_path) == []
    _type_and_save(window, qtbot, "Cycling", date=tomorrow, durationSpin=30, planned=True)
    [stored] = stored_sessions(diary_path)
    assert stored["status"] == "planned"
    assert window.sessionForm.error_text("date") == ""


def test_an_unknown_activity_is_refused_by_the_facade(diary_path, today):
    from recovery_diary import InvalidSession

    diary = Diary.open(diary_path)
    with pytest.raises(InvalidSession) as caught:
        diary.record(Session(date=today, activity="skiing", duration_minutes=30))
    assert "Unknown activity 'skiing'" in caught.value.errors["activity"]
    assert diary.recorded() == []


def test_the_chart_gains_the_new_point(window, qtbot, today):
    figure = field(window, "progressChart").figure

    def plotted_points():
        return sum(
            len(line.get_xdata())
            for ax in figure.axes
            for line in ax.get_lines()
            if not line.get_label().startswith("_")
        )

    before = plotted_points()
    _type_and_save(window, qtbot, "Run/walk", runMinutesSpin=5, walkMinutesSpin=5, painDuringSpin=2)
    assert plotted_points() > before


def test_the_window_fits_a_small_laptop_and_a_big_screen(window, qtbot):
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        qtbot.wait(10)
        form = window.sessionForm
        assert form.saveButton.isVisible()
        assert form.saveButton.visibleRegion().boundingRect().height() > 0
        assert window.chartView.canvas.height() >= 200
        assert window.calendar.height() >= 180
