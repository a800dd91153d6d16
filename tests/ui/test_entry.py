"""Entering a day as a runner does: keys that save, questions asked first, undo of it all."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox, QPushButton

from recovery_diary import Diary
from recovery_diary.core.programme import STAGES
from recovery_diary.core.words import DISCLAIMER
from recovery_diary.ui import dialogs
from recovery_diary.ui.settings_dialog import SettingsDialog
from recovery_diary.version import __version__

DAY = dt.timedelta(days=1)


def data(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def table(path, name) -> list[dict]:
    return list(data(path).get(name, {}).values())


def trigger(window, name: str) -> None:
    found = window.findChild(QAction, name)
    assert found is not None, name
    found.trigger()
    QApplication.processEvents()


def enter(qtbot, widget, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, modifier)
    QApplication.processEvents()


def answer(monkeypatch, yes: bool) -> list[str]:
    asked: list[str] = []
    button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda p, t, text, *a: asked.append(text) or button)
    )
    return asked


def fill_run(window, qtbot, today) -> None:
    form = window.sessionForm
    form.new_session(today)
    form.painSpins["pain_before"].setValue(1)
    form.painSpins["pain_during"].setValue(2)


# -- saving with Enter ---------------------------------------------------------
def test_enter_in_a_field_saves_the_form_and_enter_in_the_notes_is_a_new_line(
    window, qtbot, diary_path, today
):
    form = window.sessionForm
    window.activateWindow()
    form.notesEdit.setFocus()
    qtbot.keyClicks(form.notesEdit, "flat path")
    enter(qtbot, form.notesEdit)
    qtbot.keyClicks(form.notesEdit, "new shoes")
    assert table(diary_path, "sessions") == []  # Enter in the notes is a line break
    spin = form.painSpins["pain_before"]
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "2")
    enter(qtbot, spin)
    [saved] = table(diary_path, "sessions")
    assert saved["pain_before"] == 2
    assert saved["notes"] == "flat path\nnew shoes"


def test_mark_done_and_check_in_take_the_first_digit_typed(open_window, qtbot, diary_path, today):
    diary = Diary.open(diary_path)
    diary.start_programme(today)  # a low-impact session planned today
    diary.close()
    window = open_window(diary_path)
    window.activateWindow()
    window.select_day(today)
    qtbot.mouseClick(
        window.dayPanel.findChild(QPushButton, "tickOffButton"), Qt.MouseButton.LeftButton
    )
    before = window.sessionForm.painSpins["pain_before"]
    assert window.focusWidget() is before
    qtbot.keyClicks(before, "2")  # over the "—" of a score not given
    assert before.value() == 2
    trigger(window, "checkInAction")
    spin = window.dayPanel.checkInPainSpin
    assert window.focusWidget() is spin
    qtbot.keyClicks(spin, "3")
    assert spin.value() == 3


def test_enter_in_the_activity_or_the_date_saves(window, qtbot, diary_path, today):
    form = window.sessionForm
    form.activityCombo.setCurrentIndex(form.activityCombo.findText("Cycling"))
    window.activateWindow()
    form.activityCombo.setFocus()
    enter(qtbot, form.activityCombo)
    assert [s["activity"] for s in table(diary_path, "sessions")] == ["cycling"]
    form.new_session(today - DAY, "swimming")
    form.dateEdit.setFocus()
    enter(qtbot, form.dateEdit)
    saved = table(diary_path, "sessions")
    assert [s["activity"] for s in saved] == ["cycling", "swimming"]
    assert saved[1]["date"] == (today - DAY).isoformat()


def test_ctrl_enter_in_the_notes_saves(window, qtbot, diary_path):
    form = window.sessionForm
    form.activityCombo.setCurrentIndex(form.activityCombo.findText("Cycling"))
    window.activateWindow()
    form.notesEdit.setFocus()
    qtbot.keyClicks(form.notesEdit, "easy spin")
    enter(qtbot, form.notesEdit, Qt.KeyboardModifier.ControlModifier)
    [saved] = table(diary_path, "sessions")
    assert (saved["activity"], saved["notes"]) == ("cycling", "easy spin")


def test_enter_saves_the_check_in_with_its_notes(window, qtbot, diary_path, today):
    panel = window.dayPanel
    window.activateWindow()
    panel.checkInPainSpin.setFocus()
    panel.checkInPainSpin.lineEdit().selectAll()
    qtbot.keyClicks(panel.checkInPainSpin, "3")
    enter(qtbot, panel.checkInPainSpin)
    [saved] = table(diary_path, "check_ins")
    assert (saved["date"], saved["pain"]) == (today.isoformat(), 3)

    notes = window.findChild(type(panel.checkInNotesEdit), "checkInNotesEdit")
    notes.setFocus()
    notes.clear()
    qtbot.keyClicks(notes, "stiff after the drive")
    enter(qtbot, notes)
    [saved] = table(diary_path, "check_ins")
    assert (saved["pain"], saved["notes"]) == (3, "stiff after the drive")
    assert "stiff after the drive" in panel.checkInStatus.text()
    assert table(diary_path, "sessions") == []  # the form was not saved by that Enter


# -- a second run ----------------------------------------------------------------
def test_a_second_run_on_a_day_asks_first_and_no_saves_nothing(
    window, qtbot, diary_path, today, monkeypatch
):
    fill_run(window, qtbot, today)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert len(table(diary_path, "sessions")) == 1

    asked = answer(monkeypatch, yes=False)
    fill_run(window, qtbot, today)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "already has a run" in asked[0]
    assert len(table(diary_path, "sessions")) == 1

    asked = answer(monkeypatch, yes=True)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert len(table(diary_path, "sessions")) == 2


def test_editing_the_days_run_asks_nothing(window, qtbot, diary_path, today, monkeypatch):
    fill_run(window, qtbot, today)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    asked = answer(monkeypatch, yes=False)
    window.select_day(today)
    assert window.sessionForm.editing is not None
    window.sessionForm.painSpins["pain_after"].setValue(3)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert asked == []
    [saved] = table(diary_path, "sessions")
    assert saved["pain_after"] == 3


# -- the delete question -----------------------------------------------------------
def test_the_delete_question_says_undo_brings_it_back(
    window, qtbot, diary_path, today, monkeypatch
):
    fill_run(window, qtbot, today)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    asked = answer(monkeypatch, yes=True)
    delete = window.dayPanel.findChild(QPushButton, "deleteSessionButton")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert "Ctrl+Z" in asked[0] and "can't be undone" not in asked[0]
    assert table(diary_path, "sessions") == []
    assert window.statusBar().currentMessage() == "Session deleted (Ctrl+Z brings it back)"
    trigger(window, "undoAction")
    assert len(table(diary_path, "sessions")) == 1
    assert window.statusBar().currentMessage() == ""  # no longer true


# -- undo beyond sessions ------------------------------------------------------------
def test_undo_and_redo_of_a_check_in(window, qtbot, diary_path, today):
    panel = window.dayPanel
    panel.checkInPainSpin.setValue(2)
    qtbot.mouseClick(panel.checkInButton, Qt.MouseButton.LeftButton)
    panel.checkInPainSpin.setValue(5)
    qtbot.mouseClick(panel.checkInButton, Qt.MouseButton.LeftButton)
    assert [c["pain"] for c in table(diary_path, "check_ins")] == [5]
    trigger(window, "undoAction")
    assert [c["pain"] for c in table(diary_path, "check_ins")] == [2]
    assert panel.checkInPainSpin.value() == 2
    trigger(window, "undoAction")
    assert table(diary_path, "check_ins") == []
    assert panel.checkInStatus.text() == ""
    trigger(window, "redoAction")
    trigger(window, "redoAction")
    assert [c["pain"] for c in table(diary_path, "check_ins")] == [5]
    assert "back pain 5/10" in panel.checkInStatus.text()


def test_ctrl_z_right_after_a_check_in_saved_with_enter_undoes_it(window, qtbot, diary_path, today):
    window.activateWindow()
    qtbot.waitActive(window)
    spin = window.dayPanel.checkInPainSpin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "2")
    enter(qtbot, spin)
    assert [c["pain"] for c in table(diary_path, "check_ins")] == [2]
    # The cursor is still in the box, which would take the keys for its own text.
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(spin, Qt.Key.Key_Z, control)
    assert table(diary_path, "check_ins") == []
    redo = window.findChild(QAction, "redoAction").shortcut()[0]  # Ctrl+Shift+Z, or Ctrl+Y
    qtbot.keyClick(spin, redo.key(), redo.keyboardModifiers())
    assert [c["pain"] for c in table(diary_path, "check_ins")] == [2]


def test_the_red_flag_boxes_show_a_and_e_with_its_ampersand(qtbot, today):
    dialog = dialogs.RedFlagDialog(None, today)
    qtbot.addWidget(dialog)
    texts = [box.text() for box in dialog.checks.values()]
    # "&E" would be drawn as an underlined E ("AE") and make Alt+E a shortcut.
    assert all(QKeySequence.mnemonic(text).isEmpty() for text in texts)
    assert sum("(999 / A&&E now)" in text for text in texts) == 7


def test_undo_of_a_red_flag_ends_the_pause_and_of_a_lift_brings_it_back(
    window, qtbot, diary_path, today, monkeypatch, warnings_shown
):
    window.diary.start_programme(today - 10 * DAY)
    monkeypatch.setattr(
        dialogs.RedFlagDialog, "ask", classmethod(lambda cls, parent, day: ["night_pain"])
    )
    monkeypatch.setattr(dialogs.LiftPauseDialog, "ask", classmethod(lambda cls, p, d: "Dr Rees"))
    panel = window.dayPanel
    qtbot.mouseClick(panel.redFlagButton, Qt.MouseButton.LeftButton)
    assert window.diary.advice(today).action == "paused"
    assert panel.liftPauseButton.isVisible()

    trigger(window, "undoAction")
    assert table(diary_path, "check_ins") == []
    assert window.diary.advice(today).action != "paused"
    assert not panel.liftPauseButton.isVisible()
    trigger(window, "redoAction")
    assert [c["red_flags"] for c in table(diary_path, "check_ins")] == [["night_pain"]]
    assert window.diary.advice(today).action == "paused"

    qtbot.mouseClick(panel.liftPauseButton, Qt.MouseButton.LeftButton)
    assert [x["cleared_by"] for x in table(diary_path, "pause_lifts")] == ["Dr Rees"]
    assert window.diary.advice(today).action != "paused"
    trigger(window, "undoAction")
    assert table(diary_path, "pause_lifts") == []
    assert window.diary.advice(today).action == "paused"
    assert panel.liftPauseButton.isVisible()
    trigger(window, "redoAction")
    assert [x["cleared_by"] for x in table(diary_path, "pause_lifts")] == ["Dr Rees"]
    assert window.diary.advice(today).action != "paused"


def test_undo_and_redo_of_the_settings(window, qtbot, diary_path, today, monkeypatch):
    window.diary.start_programme(today - 3 * DAY)

    def ask(cls, parent, programme, prefs):
        dialog = SettingsDialog(parent, programme, prefs)
        dialog.spins["safe_max"].setValue(2)
        return dialog.answer()

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(ask))
    before = data(diary_path)["programme"]["1"]["safe_max"]
    assert before != 2
    trigger(window, "settingsAction")
    assert data(diary_path)["programme"]["1"]["safe_max"] == 2
    trigger(window, "undoAction")
    assert data(diary_path)["programme"]["1"]["safe_max"] == before
    assert window.diary.settings.safe_max == before
    trigger(window, "redoAction")
    assert data(diary_path)["programme"]["1"]["safe_max"] == 2


def test_undo_of_the_build_up_switch(window, diary_path, today):
    window.diary.start_programme(today - 3 * DAY)
    trigger(window, "buildUpAction")
    assert data(diary_path)["programme"]["1"]["build_up"] is True
    trigger(window, "undoAction")
    assert data(diary_path)["programme"]["1"]["build_up"] is False
    assert not window.findChild(QAction, "buildUpAction").isChecked()
    trigger(window, "redoAction")
    assert data(diary_path)["programme"]["1"]["build_up"] is True
    assert window.findChild(QAction, "buildUpAction").isChecked()


# -- Help → About and the settings' home ------------------------------------------------
def test_about_shows_version_stages_shortcuts_and_the_file(window, qtbot, diary_path, today):
    window.dayPanel.checkInPainSpin.setValue(2)  # something to undo: Undo is named after it
    qtbot.mouseClick(window.dayPanel.checkInButton, Qt.MouseButton.LeftButton)
    assert window.findChild(QAction, "undoAction").text().startswith("&Undo Check in")
    trigger(window, "aboutAction")
    dialog = window.findChild(QLabel, "aboutText").window()
    assert dialog.objectName() == "aboutDialog" and dialog.isVisible()
    text = window.findChild(QLabel, "aboutText").text()
    assert __version__ in text
    for stage in STAGES.values():
        assert stage.pattern.replace("&", "&amp;") in text
    assert "Ctrl+Z" in text and "Ctrl+K" in text and "Enter" in text
    assert "Undo the last change" in text and "Undo Check in" not in text
    assert str(diary_path) in text
    assert DISCLAIMER.split(".")[0] in text
    dialog.close()


def test_the_title_names_the_file_then_the_app_once(window, diary_path):
    # X11 and Windows add the display name to a title that doesn't end with it.
    assert QApplication.applicationDisplayName() == "Recovery Diary"
    assert window.windowTitle() == f"{diary_path.name} — Recovery Diary"


def test_settings_live_under_recovery_diary(window):
    assert QCoreApplication.organizationName() == "recovery-diary"
    assert "recovery-diary" in QSettings().fileName()
    assert "Unknown Organization" not in QSettings().fileName()


# -- File → Open diary… --------------------------------------------------------------------
def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "*.json"))
    )


def test_open_diary_switches_files_with_lock_and_backup(
    window, qtbot, tmp_path, today, monkeypatch
):
    other = tmp_path / "other" / "diary.json"
    other.parent.mkdir()
    diary = Diary.open(other)
    diary.check_in(today, 4, notes="the other diary")
    diary.close()
    choose_file(monkeypatch, other)
    old_path = window.diary.path
    others_shown: list[bool] = []

    def on_close() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
        others_shown.append(any(w.objectName() == "mainWindow" for w in shown))

    window.on_close(on_close)
    trigger(window, "actionOpenDiary")
    # The new window was up before the old one closed: a last window closing ends the app.
    assert others_shown == [True]
    new = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"]
    new = [w for w in new if w.isVisible()]
    assert len(new) == 1 and new[0] is not window
    qtbot.addWidget(new[0])
    assert new[0].diary.path == other.absolute()
    assert "the other diary" in new[0].dayPanel.checkInStatus.text()
    assert not window.isVisible()
    assert new[0].diary.backups()  # the start-up backup of the diary opened
    # The old diary's lock was released: another window may take it.
    from recovery_diary.app import build_window

    again = build_window(old_path)
    qtbot.addWidget(again)
    again.close()
    new[0].close()


def test_open_diary_asks_before_dropping_typed_form_content(window, qtbot, tmp_path, monkeypatch):
    other = tmp_path / "other.json"
    Diary.open(other).close()
    chosen = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *a, **k: chosen.append(1) or (str(other), "")),
    )
    window.sessionForm.painSpins["pain_before"].setValue(3)
    assert window.sessionForm.dirty
    asked = answer(monkeypatch, yes=False)
    trigger(window, "actionOpenDiary")
    assert len(asked) == 1 and chosen == []
    assert window.isVisible()
    assert window.sessionForm.painSpins["pain_before"].value() == 3


def test_a_locked_or_bad_diary_is_explained_and_the_window_stays(
    window, qtbot, tmp_path, monkeypatch, warnings_shown, open_window
):
    locked = tmp_path / "locked" / "diary.json"
    locked.parent.mkdir()
    holder = open_window(locked)
    choose_file(monkeypatch, locked)
    trigger(window, "actionOpenDiary")
    assert warnings_shown and "another copy" in warnings_shown[-1][1]
    assert window.isVisible() and window.diary.path != locked
    holder.close()

    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    choose_file(monkeypatch, bad)
    trigger(window, "actionOpenDiary")
    assert "can't be opened" in warnings_shown[-1][1]
    assert window.isVisible()
    assert bad.read_text(encoding="utf-8") == "{ not json"
    window.sessionForm.painSpins["pain_before"].setValue(1)
    qtbot.mouseClick(window.sessionForm.saveButton, Qt.MouseButton.LeftButton)
    assert len(table(window.diary.path, "sessions")) == 1  # the window still writes


def test_the_start_dialog_keeps_its_settings_and_says_what_is_wrong(qtbot, today):
    dialog = dialogs.StartProgrammeDialog(None, today)
    qtbot.addWidget(dialog)
    dialog.spins["low_impact_weeks"].setValue(6)
    dialog.spins["safe_max"].setValue(6)  # above the amber limit of 5
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errorLabel.text() == (
        "Amber: worst pain during a session up to: The amber limit must be above the green one."
    )
    assert dialog.spins["low_impact_weeks"].value() == 6  # nothing typed is lost
    dialog.spins["acceptable_max"].setValue(7)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == (today, {**dialog.values()[1], "safe_max": 6, "acceptable_max": 7})


def test_about_fits_a_low_screen_by_scrolling_its_text(window, qtbot, diary_path):
    from recovery_diary.ui.about_dialog import AboutDialog

    dialog = AboutDialog(window, str(diary_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.textArea.verticalScrollBar()
    assert bar.maximum() == 0  # a 1080-pixel screen: all of it shows at once
    dialog.fit_to(560)  # a 1024×640 laptop's screen, less the panel and title bar
    QApplication.processEvents()
    close = dialog.findChild(QPushButton)
    assert dialog.height() <= 560 and bar.maximum() > 0
    assert dialog.rect().contains(close.geometry()) and close.isVisible()


def test_lifting_a_pause_without_saying_who_cleared_you_says_what_is_missing(qtbot, today):
    dialog = dialogs.LiftPauseDialog(None, today)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errorLabel.isVisible()
    assert dialog.errorLabel.text() == (
        "Type the clinician's name, or tick “Nobody: I decided myself”."
    )
    qtbot.keyClicks(dialog.clinicianEdit, "Sam Reed (physio)")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.cleared_by() == "Sam Reed (physio)"
