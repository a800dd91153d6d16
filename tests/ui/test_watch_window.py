"""File → Import from watch… and File → Export workouts… in the real window."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog
from watch_files import START, fit_bytes, gpx_text, run_walk

from recovery_diary.ui.session_form import from_qdate


def choose_files(monkeypatch, *paths) -> list[str]:
    """A person who picks ``paths`` in the open-files dialog; returns the titles asked."""
    asked: list[str] = []

    def pick(parent, title, folder, filters, *args, **kwargs):
        asked.append(title)
        return [str(p) for p in paths], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(pick))
    return asked


def trigger(window, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled()
    action.trigger()


def stored(path) -> list[dict]:
    return list(json.loads(path.read_text(encoding="utf-8"))["sessions"].values())


def test_importing_a_run_opens_the_form_with_it_so_only_pain_is_left(
    window, qtbot, monkeypatch, tmp_path, diary_path
):
    fit = tmp_path / "Morning_Run.fit"
    fit.write_bytes(fit_bytes([run_walk()]))
    asked = choose_files(monkeypatch, fit)
    menu = next(a for a in window.menuBar().actions() if a.text() == "&File").menu()
    assert "Import from &watch…" in [a.text() for a in menu.actions()]

    trigger(window, "importWatchAction")

    assert asked == ["Import from watch or phone"]
    form = window.sessionForm
    day = START.astimezone().date()
    assert window.day == day and from_qdate(form.dateEdit.date()) == day
    assert form.activityCombo.currentText() == "Run/walk"
    assert (form.runMinutesSpin.value(), form.walkMinutesSpin.value()) == (5.0, 5.0)
    assert form.repeatsSpin.value() == 5
    assert all(s.value() == s.minimum() for s in form.painSpins.values())  # left to type
    assert form.editing is not None and form.editing.id is not None
    assert "Imported 1 activity" in window.statusBar().currentMessage()

    form.painSpins["pain_before"].setValue(1)
    form.painSpins["pain_during"].setValue(2)
    form.saveButton.click()

    (record,) = stored(diary_path)
    assert (record["run_minutes"], record["walk_minutes"], record["repeats"]) == (5, 5, 5)
    assert (record["pain_before"], record["pain_during"]) == (1, 2)
    assert record["activity_start"] == "2026-03-18T07:30:00Z"  # kept through the edit


def test_importing_the_same_run_again_says_so_and_records_nothing(
    window, monkeypatch, tmp_path, diary_path, warnings_shown
):
    rec = run_walk()
    fit, gpx = tmp_path / "run.fit", tmp_path / "run.gpx"
    fit.write_bytes(fit_bytes([rec]))
    gpx.write_text(gpx_text([rec]), encoding="utf-8")
    choose_files(monkeypatch, fit)
    trigger(window, "importWatchAction")
    choose_files(monkeypatch, gpx)

    trigger(window, "importWatchAction")

    assert len(stored(diary_path)) == 1
    ((title, text),) = warnings_shown
    assert title == "Already in the diary"
    assert f"nothing new was recorded: {START.astimezone():%A %d %B %Y}" in text


def test_a_broken_file_among_several_is_named_and_the_good_ones_are_kept(
    window, monkeypatch, tmp_path, diary_path, warnings_shown
):
    good = tmp_path / "good.fit"
    good.write_bytes(fit_bytes([run_walk()]))
    broken = tmp_path / "broken.gpx"
    broken.write_text("<gpx><trk>", encoding="utf-8")
    choose_files(monkeypatch, broken, good)

    trigger(window, "importWatchAction")

    assert len(stored(diary_path)) == 1
    ((title, text),) = warnings_shown
    assert title == "Not imported" and "broken.gpx" in text
    assert window.sessionForm.runMinutesSpin.value() == 5.0


def choose_folder(monkeypatch, folder) -> None:
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: str(folder))
    )


def test_export_workouts_writes_the_planned_runs_into_the_chosen_folder(
    window, monkeypatch, tmp_path, today
):
    window.diary.start_programme(today - dt.timedelta(days=29))
    window.diary.start_running(today + dt.timedelta(days=1))
    window.refresh()
    choose_folder(monkeypatch, tmp_path)

    trigger(window, "exportWorkoutsAction")

    written = sorted(p.name for p in tmp_path.glob("*.fit"))
    first = today + dt.timedelta(days=1)
    assert written[0] == f"{first}-stage-1.fit"
    assert f"Wrote {len(written)} workouts to {tmp_path}" in window.statusBar().currentMessage()


def test_export_workouts_with_nothing_planned_says_so(
    window, monkeypatch, tmp_path, warnings_shown
):
    choose_folder(monkeypatch, tmp_path / "watch")

    trigger(window, "exportWorkoutsAction")

    assert not (tmp_path / "watch").exists()
    assert warnings_shown[0][0] == "No runs planned"
