"""The session-entry form: it collects a session; the core validates it."""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.core.session import (
    ACTIVITY_LABELS,
    DONE,
    PAIN_FIELDS,
    PLANNED,
    ROWING_CAUTION,
    RUN_WALK,
    Session,
)
from recovery_diary.ui.form_fields import (
    ENTER_KEYS,
    FIELD_MAX_WIDTH,
    NOT_GIVEN,
    CtrlEnterSaves,
    focus_to_type,
    minutes_spin,
    pain_spin,
)

PAIN_LABELS = {
    "pain_before": "Pain before",
    "pain_during": "Pain during (worst)",
    "pain_after": "Pain straight after",
    "pain_next_morning": "Pain next morning",
}
SPIN_NAMES = {
    "run_minutes": "runMinutesSpin",
    "walk_minutes": "walkMinutesSpin",
    "repeats": "repeatsSpin",
    "duration_minutes": "durationSpin",
    "pain_before": "painBeforeSpin",
    "pain_during": "painDuringSpin",
    "pain_after": "painAfterSpin",
    "pain_next_morning": "painNextMorningSpin",
}


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class SessionFormWidget(QGroupBox):
    """Date, activity, minutes, pain scores and notes of one session.

    ``submitted`` carries the session as typed (with its id when editing); the
    caller stores it through the Diary and calls :meth:`show_errors` with what
    the core refused.
    """

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Session", parent)
        self.setObjectName("sessionForm")
        self._editing: Session | None = None
        self._errors: dict[str, QLabel] = {}
        self._build()
        self.new_session(dt.date.min)  # the window sets the day it shows

    # -- building ----------------------------------------------------------
    def _build(self) -> None:
        self.dateEdit = QDateEdit()
        self.dateEdit.setObjectName("dateEdit")
        self.dateEdit.setCalendarPopup(True)
        self.dateEdit.setDisplayFormat("ddd d MMM yyyy")
        self.activityCombo = QComboBox()
        self.activityCombo.setObjectName("activityCombo")
        for key, label in ACTIVITY_LABELS.items():
            self.activityCombo.addItem(label, key)
        self.plannedCheck = QCheckBox("Planned (not done yet)")
        self.plannedCheck.setObjectName("plannedCheck")
        self.runMinutesSpin = minutes_spin("runMinutesSpin", 0)
        self.walkMinutesSpin = minutes_spin("walkMinutesSpin", -99)
        self.repeatsSpin = QSpinBox()
        self.repeatsSpin.setObjectName("repeatsSpin")
        self.repeatsSpin.setRange(0, 100)
        self.repeatsSpin.setSpecialValueText("—")
        # Decimal, so an imported 22.5-minute session keeps its minutes when edited.
        self.durationSpin = minutes_spin("durationSpin", 0)
        self.durationSpin.setSingleStep(5)
        self.painSpins = {f: pain_spin(SPIN_NAMES[f], PAIN_LABELS[f]) for f in PAIN_FIELDS}
        self.notesEdit = QPlainTextEdit()
        self.notesEdit.setObjectName("notesEdit")
        self.notesEdit.setPlaceholderText(
            "How did it go? Surface, shoes, anything worth telling your physio"
        )
        self.notesEdit.setTabChangesFocus(True)
        self.notesEdit.setMaximumHeight(70)
        self.saveButton = QPushButton("Save session")
        self.saveButton.setObjectName("saveButton")
        self.saveButton.setDefault(True)
        self.newButton = QPushButton("New")
        self.newButton.setObjectName("newSessionButton")
        self.newButton.setToolTip("Clear the form for a new session")
        self.cautionLabel = QLabel(ROWING_CAUTION)
        self.cautionLabel.setObjectName("rowingCaution")
        self.cautionLabel.setWordWrap(True)
        self.cautionLabel.setProperty("role", "caution")
        self.stageLabel = QLabel()
        self.stageLabel.setObjectName("stageLabel")
        self.modeLabel = QLabel()
        self.modeLabel.setObjectName("formModeLabel")

        for widget, label in (
            (self.dateEdit, "Date"),
            (self.activityCombo, "Activity"),
            (self.runMinutesSpin, "Run minutes in total"),
            (self.walkMinutesSpin, "Walk minutes in total"),
            (self.repeatsSpin, "Number of run intervals"),
            (self.durationSpin, "Duration in minutes"),
            (self.notesEdit, "Notes"),
        ):
            widget.setAccessibleName(label)
        for spin in (self.runMinutesSpin, self.walkMinutesSpin, self.durationSpin):
            spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        left: list[tuple[str, str, QWidget]] = [
            ("date", "Date", self.dateEdit),
            ("activity", "Activity", self.activityCombo),
            ("run_minutes", "Run (total)", self.runMinutesSpin),
            ("walk_minutes", "Walk (total)", self.walkMinutesSpin),
            ("repeats", "Run intervals", self.repeatsSpin),
            ("duration_minutes", "Duration", self.durationSpin),
        ]
        right: list[tuple[str, str, QWidget]] = [
            (f, PAIN_LABELS[f], self.painSpins[f]) for f in PAIN_FIELDS
        ]
        self._rows: dict[str, list[QWidget]] = {}
        for column, rows in ((0, left), (2, right)):
            for row, (field, text, cell) in enumerate(rows):
                self._add_row(grid, row, column, field, text, cell)
        grid.addWidget(self.plannedCheck, len(right), 2, 1, 2)
        grid.addWidget(self.stageLabel, len(right) + 1, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        notes_label = QLabel("&Notes")
        notes_label.setBuddy(self.notesEdit)
        notes_error = self._error_label("notes")
        buttons = QHBoxLayout()
        buttons.addWidget(self.modeLabel, 1)
        buttons.addWidget(self.newButton)
        buttons.addWidget(self.saveButton)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.cautionLabel)
        layout.addWidget(notes_label)
        layout.addWidget(self.notesEdit)
        layout.addWidget(notes_error)
        layout.addWidget(self._error_label("form"))
        layout.addLayout(buttons)

        chain = [
            self.dateEdit,
            self.activityCombo,
            self.runMinutesSpin,
            self.walkMinutesSpin,
            self.repeatsSpin,
            self.durationSpin,
            *self.painSpins.values(),
            self.plannedCheck,
            self.notesEdit,
            self.newButton,
            self.saveButton,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._ctrl_enter = CtrlEnterSaves(self.notesEdit, self.saveButton.click)

        self.dirty = False
        self._loading = False
        numbers: tuple[QSpinBox | QDoubleSpinBox, ...] = (
            *self.painSpins.values(),
            self.runMinutesSpin,
            self.walkMinutesSpin,
            self.durationSpin,
            self.repeatsSpin,
        )
        for number in numbers:
            number.valueChanged.connect(self._mark_dirty)
        self.dateEdit.dateChanged.connect(self._mark_dirty)
        self.activityCombo.currentIndexChanged.connect(self._mark_dirty)
        self.plannedCheck.toggled.connect(self._mark_dirty)
        self.notesEdit.textChanged.connect(self._mark_dirty)
        self.activityCombo.currentIndexChanged.connect(self._on_activity_combo_changed)
        self.saveButton.clicked.connect(self._on_save_button_clicked)
        self.newButton.clicked.connect(self._on_new_button_clicked)
        for number in numbers:
            number.valueChanged.connect(self._clear_error_of_sender)
        self.dateEdit.dateChanged.connect(lambda: self._set_error("date", None))
        self.plannedCheck.toggled.connect(lambda: self._set_error("date", None))

    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{field}Error")
        label.setWordWrap(True)
        label.setProperty("role", "error")
        label.hide()
        self._errors[field] = label
        return label

    def _add_row(
        self, grid: QGridLayout, row: int, column: int, field: str, text: str, widget: QWidget
    ) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        # Fields keep a readable width; a wide window widens the gap, not the boxes.
        widget.setMaximumWidth(FIELD_MAX_WIDTH)
        widget.setMinimumWidth(min(FIELD_MAX_WIDTH, max(widget.sizeHint().width(), 110)))
        box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self._error_label(field))
        grid.addWidget(label, row, column)
        grid.addWidget(holder, row, column + 1)
        self._rows[field] = [label, holder]

    # -- filling -----------------------------------------------------------
    def new_session(self, day: dt.date, activity: str = RUN_WALK) -> None:
        """Empty the form for a new session on ``day``."""
        self.load(
            Session(
                date=day, activity=activity, run_minutes=5, walk_minutes=5, duration_minutes=30
            ),
            editing=False,
        )

    def load(self, session: Session, editing: bool | None = None) -> None:
        """Show ``session``; with an id (or ``editing``) saving updates it."""
        self._editing = session if (editing if editing is not None else session.id) else None
        self._loading = True
        self.clear_errors()
        self.dateEdit.setDate(to_qdate(session.date))
        self.activityCombo.setCurrentIndex(max(0, self.activityCombo.findData(session.activity)))
        self.plannedCheck.setChecked(session.status == PLANNED)
        self.runMinutesSpin.setValue(session.run_minutes or 0)
        self.walkMinutesSpin.setValue(session.walk_minutes or 0)
        self.repeatsSpin.setValue(session.repeats or 0)
        duration = session.duration_minutes if not session.is_run else None
        self.durationSpin.setValue(duration or 30)
        for field, spin in self.painSpins.items():
            value = getattr(session, field)
            spin.setValue(NOT_GIVEN if value is None else value)
        self.notesEdit.setPlainText(session.notes)
        self._stage = session.stage
        self.stageLabel.setText(f"Programme stage {session.stage}" if session.stage else "")
        self._on_activity_combo_changed()
        self._loading = False
        self.dirty = False
        if self._editing is not None and self._editing.id is not None:
            self.modeLabel.setText(f"Editing the session of {session.date:%a %d %b}")
            self.saveButton.setText("Save changes")
        else:
            self.modeLabel.setText("")
            self.saveButton.setText("Save session")

    @property
    def editing(self) -> Session | None:
        return self._editing

    def session(self) -> Session:
        """The session as typed (not validated: the core does that)."""
        activity = self.activityCombo.currentData()
        run = activity == RUN_WALK
        pains = {
            f: (None if s.value() == NOT_GIVEN else s.value()) for f, s in self.painSpins.items()
        }
        repeats = self.repeatsSpin.value() or None
        return Session(
            date=from_qdate(self.dateEdit.date()),
            activity=activity,
            id=self._editing.id if self._editing else None,
            status=PLANNED if self.plannedCheck.isChecked() else DONE,
            stage=self._stage if run else None,
            run_minutes=self.runMinutesSpin.value() if run else None,
            walk_minutes=self.walkMinutesSpin.value() if run else None,
            repeats=repeats if run else None,
            duration_minutes=None if run else self.durationSpin.value(),
            notes=self.notesEdit.toPlainText(),
            **pains,
        )

    # -- errors ------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message next to its field; anything else under the notes."""
        self.clear_errors()
        other = []
        for field, message in errors.items():
            if field in self._errors:
                self._set_error(field, message)
            else:
                other.append(message)
        if other:
            self._set_error("form", " ".join(other))
        first = next(iter(errors), None)
        widget = self.findChild(QWidget, SPIN_NAMES.get(first or "", ""))
        if widget is not None:
            focus_to_type(widget)

    def error_text(self, field: str) -> str:
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""

    def clear_errors(self) -> None:
        for field in self._errors:
            self._set_error(field, None)

    def _set_error(self, field: str, message: str | None) -> None:
        label = self._errors[field]
        label.setText(message or "")
        label.setVisible(bool(message))
        # A wrapped label asks the layout for one line only; reserve what the text needs.
        width = max(label.width(), 220)
        label.setMinimumHeight(label.heightForWidth(width) if message else 0)

    def _clear_error_of_sender(self) -> None:
        sender = self.sender()
        for field, name in SPIN_NAMES.items():
            if sender is not None and sender.objectName() == name:
                self._set_error(field, None)

    def _mark_dirty(self) -> None:
        """The runner changed something: the window must not refill the form now."""
        if not self._loading:
            self.dirty = True

    # -- keys --------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in any field saves (the fields pass Enter on; the notes box keeps it)."""
        if event.key() in ENTER_KEYS:
            focused = self.focusWidget()
            if focused is self.newButton:
                self.newButton.click()
            else:
                self.saveButton.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- slots -------------------------------------------------------------
    def _on_activity_combo_changed(self) -> None:
        activity = self.activityCombo.currentData()
        run = activity == RUN_WALK
        for field in ("run_minutes", "walk_minutes", "repeats"):
            for widget in self._rows[field]:
                widget.setVisible(run)
        for widget in self._rows["duration_minutes"]:
            widget.setVisible(not run)
        self.cautionLabel.setVisible(activity == "rowing")
        self._set_error("activity", None)

    def _on_save_button_clicked(self) -> None:
        self.submitted.emit(self.session())

    def _on_new_button_clicked(self) -> None:
        self.new_session(from_qdate(self.dateEdit.date()))
