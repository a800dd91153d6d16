"""Keyboard shortcuts, undo, settings and the File menu's exports, driven as a runner would."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget

from recovery_diary import Diary, Session
from recovery_diary.ui.report_export import ReportPeriodDialog
from recovery_diary.ui.session_form import from_qdate
from recovery_diary.ui.settings_dialog import DisplayPrefs, SettingsDialog


def stored(path) -> list[dict]:
    return list(json.loads(path.read_text(encoding="utf-8")).get("sessions", {}).values())


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window, key, modifier)
    QApplication.processEvents()


def action(window, name) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_shortcuts_move_through_days_and_months(window, qtbot, today):
    window.activateWindow()
    window.calendar.setFocus()
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.day == today + dt.timedelta(days=1)
    assert window.dayPanel.day == window.day
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.day == today - dt.timedelta(days=1)
    shown = window.calendar.monthShown()  # yesterday's month: not today's on the 1st
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.calendar.monthShown() == (shown % 12) + 1
    press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.day == today
    assert from_qdate(window.sessionForm.dateEdit.date()) == today


def test_ctrl_s_saves_and_ctrl_n_starts_a_new_session(window, qtbot, diary_path):
    form = window.sessionForm
    form.durationSpin.setValue(25)
    form.activityCombo.setCurrentIndex(form.activityCombo.findText("Cycling"))
    window.activateWindow()
    form.notesEdit.setFocus()
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [s["duration_minutes"] for s in stored(diary_path)] == [25]
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.editing is None
    assert form.saveButton.text() == "Save session"


def test_undo_brings_back_a_deleted_session_and_redo_removes_it(
    open_window, qtbot, diary_path, today, answer_yes
):
    diary = Diary.open(diary_path)
    kept = diary.record(Session(date=today, activity="walking", duration_minutes=40, notes="Hills"))
    diary.close()
    window = open_window(diary_path)
    window.select_day(today)
    qtbot.mouseClick(
        window.dayPanel.findChild(QWidget, "deleteSessionButton"), Qt.MouseButton.LeftButton
    )
    assert stored(diary_path) == []
    action(window, "undoAction").trigger()
    [back] = stored(diary_path)
    assert back["notes"] == "Hills"
    assert window.diary.get(kept.id).notes == "Hills"
    assert len(window.dayPanel.sessionRows) == 1
    action(window, "redoAction").trigger()
    assert stored(diary_path) == []


def test_undo_reverts_an_edit(open_window, qtbot, diary_path, today):
    diary = Diary.open(diary_path)
    diary.record(Session(date=today, activity="cycling", duration_minutes=30))
    diary.close()
    window = open_window(diary_path)
    window.select_day(today)
    window.sessionForm.durationSpin.setValue(45)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert stored(diary_path)[0]["duration_minutes"] == 45
    window.activateWindow()
    window.calendar.setFocus()  # in a text field Ctrl+Z undoes typing instead
    QApplication.processEvents()
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(diary_path)[0]["duration_minutes"] == 30
    assert window.sessionForm.durationSpin.value() == 30


def test_settings_are_applied_and_remembered(open_window, qtbot, diary_path, today, monkeypatch):
    window = open_window(diary_path)
    window.diary.start_programme(today - dt.timedelta(days=3))

    def answer(parent, programme, prefs):
        dialog = SettingsDialog(parent, programme, prefs)
        dialog.spins["safe_max"].setValue(2)
        dialog.spins["low_impact_weeks"].setValue(6)
        dialog.themeCombo.setCurrentIndex(dialog.themeCombo.findData("dark"))
        dialog.weekStartCombo.setCurrentIndex(dialog.weekStartCombo.findData("sunday"))
        return dialog.answer()

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, *a: answer(*a)))
    action(window, "settingsAction").trigger()
    QApplication.processEvents()
    assert window.calendar.firstDayOfWeek() == Qt.DayOfWeek.Sunday
    background = QApplication.palette().window().color()
    assert background.lightness() < 100
    facecolor = window.chartView.canvas.figure.get_facecolor()
    assert sum(facecolor[:3]) / 3 < 0.4
    programme = json.loads(diary_path.read_text())["programme"]["1"]
    assert (programme["safe_max"], programme["low_impact_weeks"]) == (2, 6)
    window.close()

    assert DisplayPrefs.load() == DisplayPrefs("dark", "sunday")
    settings_text = "\n".join(f"{k}={QSettings().value(k)}" for k in QSettings().allKeys())
    assert "Hills" not in settings_text and "pain" not in settings_text.lower()
    again = open_window(diary_path)
    assert again.calendar.firstDayOfWeek() == Qt.DayOfWeek.Sunday
    from recovery_diary.ui.settings_dialog import apply_theme

    apply_theme("system")


def test_window_size_and_splitters_are_remembered(open_window, diary_path):
    first = open_window(diary_path)
    first.resize(1500, 900)
    first.splitter.setSizes([600, 900])
    left_width = first.splitter.sizes()[0]
    first.close()
    second = open_window(diary_path)
    assert (second.width(), second.height()) == (1500, 900)
    assert abs(second.splitter.sizes()[0] - left_width) <= 2


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    def choose(name):
        target = tmp_path / name
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
        )
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(target), ""))
        )
        return target

    return choose


def test_csv_export_and_import_through_the_file_menu(
    open_window, diary_path, tmp_path, today, save_as
):
    diary = Diary.open(diary_path)
    diary.record(
        Session(
            date=today, activity="cycling", duration_minutes=30, notes='=SUM(A1), "quoted", naïve'
        )
    )
    diary.close()
    window = open_window(diary_path)
    target = save_as("out.csv")
    action(window, "exportCsvAction").trigger()
    assert "=SUM(A1)" in target.read_text(encoding="utf-8-sig")
    window.close()

    other = open_window(tmp_path / "other.json")
    action(other, "importCsvAction").trigger()
    [imported] = other.diary.recorded()
    assert imported.notes == '=SUM(A1), "quoted", naïve'
    assert "Cycling" in other.calendar.mark(today).tooltip


def test_a_bad_csv_is_listed_and_nothing_imported(window, diary_path, save_as, warnings_shown):
    target = save_as("bad.csv")
    target.write_text(
        "date,activity,duration_minutes,pain_during\n"
        "2024-01-02,cycling,30,2\n"
        "2024-01-03,cycling,-5,2\n"
        "2024-01-04,skiing,30,14\n",
        encoding="utf-8",
    )
    before = diary_path.read_bytes()
    action(window, "importCsvAction").trigger()
    [(title, text)] = warnings_shown
    assert title == "Nothing imported"
    assert "row 3" in text.lower() and "row 4" in text.lower()
    assert diary_path.read_bytes() == before


def test_report_and_calendar_exports_write_their_files(
    window, diary_path, save_as, today, monkeypatch, qtbot
):
    window.diary.start_programme(today)
    window.refresh()
    report = save_as("report.pdf")
    monkeypatch.setattr(ReportPeriodDialog, "ask", classmethod(lambda cls, *a: (today, today)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Sam", True)))
    action(window, "exportReportAction").trigger()
    qtbot.waitUntil(lambda: "Report written" in window.statusBar().currentMessage(), timeout=60_000)
    assert report.read_bytes()[:5] == b"%PDF-"
    ics = save_as("plan.ics")
    action(window, "exportCalendarAction").trigger()
    assert "BEGIN:VEVENT" in ics.read_text(encoding="utf-8")


def test_every_form_field_has_an_accessible_name(window):
    form = window.sessionForm
    for name in (
        "dateEdit",
        "activityCombo",
        "runMinutesSpin",
        "walkMinutesSpin",
        "repeatsSpin",
        "durationSpin",
        "painBeforeSpin",
        "painDuringSpin",
        "painAfterSpin",
        "painNextMorningSpin",
        "notesEdit",
    ):
        assert form.findChild(QWidget, name).accessibleName(), name


def test_tab_walks_the_form_in_reading_order(window, qtbot):
    form = window.sessionForm
    form.activityCombo.setCurrentIndex(form.activityCombo.findText("Run/walk"))
    order = []
    widget = form.dateEdit
    for _ in range(20):
        order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
    expected = [
        "dateEdit",
        "activityCombo",
        "runMinutesSpin",
        "walkMinutesSpin",
        "repeatsSpin",
        "painBeforeSpin",
        "painDuringSpin",
        "painAfterSpin",
        "painNextMorningSpin",
    ]
    names = [n for n in order if n in expected]
    assert names[: len(expected)] == expected
