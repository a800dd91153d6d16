"""Small dialogs that only collect an answer; callers apply it.

Each custom dialog has a ``classmethod ask()`` returning a plain value, so
tests replace the question rather than click through a modal dialog.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.core.checkin import EMERGENCY, LEVEL_ACTIONS, RED_FLAGS
from recovery_diary.core.errors import DiaryFileError
from recovery_diary.core.settings import BY_NAME, SETTINGS, settings_errors
from recovery_diary.core.words import DISCLAIMER
from recovery_diary.diary import BackupInfo
from recovery_diary.ui.session_form import from_qdate, to_qdate


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_open_anyway(parent: QWidget | None, text: str) -> bool:
    """The diary is marked open on another computer: open it here anyway?"""
    return confirm(
        parent,
        "Diary open on another computer",
        f"{text}\n\nOpen it here anyway? Choose Yes only if Recovery Diary is not "
        "running on that computer any more.",
    )


def ask_merge_conflict(parent: QWidget | None, diary: Path, copy: Path) -> bool:
    """A sync tool left a conflict copy beside the diary: merge it in?"""
    return confirm(
        parent,
        "Conflict copy found",
        f"Beside your diary there is a second version that a sync tool kept:\n{copy.name}\n\n"
        "Merge it into the diary? Every session and check-in of both is kept (the ones "
        "in both only once). Both files are backed up first, and the copy is then renamed, "
        "not deleted.\n\nNo leaves both files as they are (you are asked again next time).",
    )


SUFFIXES = {
    "low_impact_weeks": " weeks",
    "first_minutes": " min",
    "step_minutes": " min",
    "safe_max": " / 10",
    "acceptable_max": " / 10",
}


class StartProgrammeDialog(QDialog):
    """The programme's start date, phase lengths and pain thresholds."""

    #: (name, label, minimum, maximum, default), from the one settings table.
    FIELDS = tuple((s.name, s.label, s.minimum, s.maximum, s.default) for s in SETTINGS)

    def __init__(self, parent: QWidget | None, start: dt.date) -> None:
        super().__init__(parent)
        self.setObjectName("startProgrammeDialog")
        self.setWindowTitle("Start the return-to-run programme")
        intro = QLabel(
            "About a month of low-impact work (elliptical or cycling), then a first "
            "1 min run / 1 min walk, a 48-hour check, and run/walk stages up to 10 "
            "minutes of continuous running. The defaults follow the published programme."
        )
        intro.setWordWrap(True)
        self.startEdit = QDateEdit(to_qdate(start))
        self.startEdit.setObjectName("programmeStartEdit")
        self.startEdit.setCalendarPopup(True)
        self.startEdit.setDisplayFormat("ddd d MMM yyyy")
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.addRow("Start date", self.startEdit)
        for name, label, lo, hi, default in self.FIELDS:
            spin = QSpinBox()
            spin.setObjectName(f"{name}Spin")
            spin.setRange(lo, hi)
            spin.setValue(default)
            spin.setSuffix(SUFFIXES.get(name, ""))
            spin.setAccessibleName(label)
            self.spins[name] = spin
            form.addRow(label, spin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start programme")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.errorLabel = QLabel()
        self.errorLabel.setObjectName("programmeSettingsError")
        self.errorLabel.setProperty("role", "error")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errorLabel)
        layout.addWidget(buttons)

    def values(self) -> tuple[dt.date, dict[str, int]]:
        return from_qdate(self.startEdit.date()), {n: s.value() for n, s in self.spins.items()}

    def accept(self) -> None:
        """Close only on settings the programme takes; else say why here, keeping them all."""
        errors = settings_errors(self.values()[1])
        if not errors:
            super().accept()
            return
        name, message = next(iter(errors.items()))
        self.errorLabel.setText(f"{BY_NAME[name].label}: {message}")
        self.errorLabel.show()
        self.spins[name].setFocus()
        self.spins[name].selectAll()

    @classmethod
    def ask(cls, parent: QWidget | None, start: dt.date) -> tuple[dt.date, dict[str, int]] | None:
        dialog = cls(parent, start)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RedFlagDialog(QDialog):
    """Tick the symptoms that need a clinician rather than a programme."""

    def __init__(self, parent: QWidget | None, day: dt.date) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagDialog")
        self.setWindowTitle("Report red flags")
        intro = QLabel(
            f"Tick anything you have noticed on {day:%A %d %B}. Any of these pauses the "
            "programme. The ones marked “999 / A&E” need help now; the others need an "
            "urgent GP appointment or a call to NHS 111 today."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.checks: dict[str, QCheckBox] = {}
        for key, (text, level) in RED_FLAGS.items():
            label = f"{text} ({'999 / A&E now' if level == EMERGENCY else 'GP or 111 today'})"
            # A button reads "&E" as its shortcut key: doubled, the "&" is shown as it is.
            box = QCheckBox(label.replace("&", "&&"))
            box.setToolTip(LEVEL_ACTIONS[level])
            box.setObjectName(f"redFlag_{key}")
            self.checks[key] = box
            layout.addWidget(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Report")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def flags(self) -> list[str]:
        return [key for key, box in self.checks.items() if box.isChecked()]

    @classmethod
    def ask(cls, parent: QWidget | None, day: dt.date) -> list[str] | None:
        dialog = cls(parent, day)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.flags()


class ReadinessDialog(QDialog):
    """The two questions before the first run: a brisk walk and hops, each pain-free?"""

    def __init__(self, parent: QWidget | None, day: dt.date) -> None:
        super().__init__(parent)
        self.setObjectName("readinessDialog")
        self.setWindowTitle("Ready for the first run?")
        intro = QLabel(
            f"Answer for {day:%A %d %B}. If either hurts, the low-impact base goes on for "
            "another week before the first run."
        )
        intro.setWordWrap(True)
        self.walkCheck = QCheckBox("A brisk 30-minute walk is pain-free")
        self.walkCheck.setObjectName("readinessWalkCheck")
        self.hopsCheck = QCheckBox("10 hops on each leg are pain-free")
        self.hopsCheck.setObjectName("readinessHopsCheck")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.walkCheck, self.hopsCheck, buttons):
            layout.addWidget(widget)

    @classmethod
    def ask(cls, parent: QWidget | None, day: dt.date) -> tuple[bool, bool] | None:
        """(walk pain-free, hops pain-free), or None when cancelled."""
        dialog = cls(parent, day)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.walkCheck.isChecked(), dialog.hopsCheck.isChecked()


class LiftPauseDialog(QDialog):
    """Who cleared the runner to go on: a clinician's name, or the runner themselves."""

    def __init__(self, parent: QWidget | None, day: dt.date) -> None:
        super().__init__(parent)
        self.setObjectName("liftPauseDialog")
        self.setWindowTitle("Lift the pause")
        intro = QLabel(
            "Only lift the pause once a doctor or physiotherapist has said you can carry "
            f"on. The red flag stays on record. Carry on from {day:%A %d %B}? Who cleared "
            "you? Their name goes into the report."
        )
        intro.setWordWrap(True)
        self.clinicianEdit = QLineEdit()
        self.clinicianEdit.setObjectName("clearedByEdit")
        self.clinicianEdit.setPlaceholderText("Clinician's name, e.g. Dr Patel (physio)")
        self.myselfCheck = QCheckBox("Nobody: I decided myself")
        self.myselfCheck.setObjectName("clearedByMyselfCheck")
        self.myselfCheck.toggled.connect(lambda on: self.clinicianEdit.setEnabled(not on))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lift the pause")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.errorLabel = QLabel("Type the clinician's name, or tick “Nobody: I decided myself”.")
        self.errorLabel.setObjectName("clearedByError")
        self.errorLabel.setProperty("role", "error")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.hide()
        layout = QVBoxLayout(self)
        for widget in (intro, self.clinicianEdit, self.myselfCheck, self.errorLabel, self.buttons):
            layout.addWidget(widget)

    def cleared_by(self) -> str:
        return "myself" if self.myselfCheck.isChecked() else self.clinicianEdit.text().strip()

    def accept(self) -> None:
        if not self.cleared_by():
            # Said in full under the fields (a placeholder would be cut to the box's width).
            self.errorLabel.show()
            self.clinicianEdit.setFocus()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, day: dt.date) -> str | None:
        """Who cleared the runner, or None when cancelled."""
        dialog = cls(parent, day)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.cleared_by()


def accept_disclaimer(parent: QWidget | None) -> bool:
    """Show the one-time note; True once the runner has accepted it."""
    box = QMessageBox(parent)
    box.setObjectName("disclaimerBox")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Before you start")
    box.setText(DISCLAIMER)
    ok = box.addButton("I understand", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok


REASONS = {
    "start": "when the app was opened",
    "import": "before an import",
    "migration": "before a format upgrade",
    "before-restore": "before a restore",
    "outside-change": "a version another program wrote",
}


def describe_backup(info: BackupInfo) -> str:
    """One line for a backup: when, why, and what it holds."""
    why = REASONS.get(info.reason, info.reason)
    if not info.ok:
        return f"{info.taken:%a %d %b %Y, %H:%M} ({why}): can't be used: {info.problem}"
    sessions = f"{info.sessions} session{'' if info.sessions == 1 else 's'}"
    check_ins = f"{info.check_ins} check-in{'' if info.check_ins == 1 else 's'}"
    return f"{info.taken:%a %d %b %Y, %H:%M} ({why}): {sessions}, {check_ins}"


def ask_bad_file(parent: QWidget | None, error: DiaryFileError, backup: BackupInfo | None) -> str:
    """Explain a file that is not a diary. Returns "restore", "open" or "quit"."""
    box = QMessageBox(parent)
    box.setObjectName("badFileBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("This diary can't be opened")
    text = f"{error.path}\n\ncan't be opened: {error.problem}\n\nThe file has not been changed."
    if backup is not None:
        text += f"\n\nNewest good backup: {describe_backup(backup)}."
    box.setText(text)
    restore = None
    if backup is not None:
        restore = box.addButton("Restore the newest backup", QMessageBox.ButtonRole.AcceptRole)
    open_other = box.addButton("Open another file…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    return "open" if clicked is open_other else "quit"


def ask_diary_file(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Open a diary", str(folder), "Diary files (*.json)"
    )
    return Path(name) if name else None


class RestoreBackupDialog(QDialog):
    """Choose a backup to restore; the caller confirms and restores."""

    def __init__(self, parent: QWidget | None, backups: list[BackupInfo]) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore from backup")
        intro = QLabel(
            "Choose the version to go back to. The diary as it is now is kept beside "
            "it, never deleted."
        )
        intro.setWordWrap(True)
        self.backupList = QListWidget()
        self.backupList.setObjectName("backupList")
        for info in backups:
            item = QListWidgetItem(describe_backup(info))
            item.setData(Qt.ItemDataRole.UserRole, info)
            if not info.ok:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.backupList.addItem(item)
        first_ok = next((i for i, b in enumerate(backups) if b.ok), None)
        if first_ok is not None:
            self.backupList.setCurrentRow(first_ok)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.backupList)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def chosen(self) -> BackupInfo | None:
        item = self.backupList.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @classmethod
    def ask(cls, parent: QWidget | None, backups: list[BackupInfo]) -> BackupInfo | None:
        dialog = cls(parent, backups)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
