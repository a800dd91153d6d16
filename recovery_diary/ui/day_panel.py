"""The day's panel: what the day asks for and why, its sessions, and the check-in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.core import programme
from recovery_diary.core.calendar_marks import (
    DONE_SYMBOL,
    LIGHT_SYMBOLS,
    LIGHT_WORDS,
    MISSED_SYMBOL,
    PLANNED_SYMBOL,
    describe,
)
from recovery_diary.core.checkin import RED_FLAGS
from recovery_diary.core.pain import Thresholds, traffic_light
from recovery_diary.core.session import Session
from recovery_diary.diary import Diary
from recovery_diary.ui.form_fields import UndoGoesToTheDiary

HEADLINES = {
    programme.LOW_IMPACT: "Low-impact day",
    programme.RUN: "Run day",
    programme.REST: "Rest day",
    programme.REACTION_CHECK: "Reaction check: how is your back?",
    programme.NEXT_MORNING_SCORE: "Add the next-morning pain of your last run",
    programme.PAUSED: "Programme paused: get medical advice",
    programme.DONE: "Done ✓",
    programme.COMPLETE: "Programme complete",
}
#: The headline of a pause, by the level of the red flag reported.
PAUSE_HEADLINES = {
    "emergency": "⚠ Programme paused: call 999 or go to A&E now",
    "urgent": "⚠ Programme paused: get an urgent GP appointment or call NHS 111 today",
}


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            # Gone at once (deleteLater only acts when the event loop runs).
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


class DayPanelWidget(QFrame):
    """Shows one date. Every action is a signal; the main window does the work."""

    tickOffRequested = Signal(object)  # Session (planned)
    editRequested = Signal(object)  # Session (recorded)
    deleteRequested = Signal(object)  # Session (recorded)
    checkInRequested = Signal(object, int, str)  # date, pain, notes
    redFlagsRequested = Signal(object)  # date
    liftPauseRequested = Signal(object)  # date
    startProgrammeRequested = Signal()
    readinessRequested = Signal(object)  # date
    nextMorningRequested = Signal(object)  # Session (the run waiting for its score)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayPanel")
        self._diary: Diary | None = None
        self._day = dt.date.min  # set by show_day() once a diary is shown
        self._check_first = False
        self._build()

    def _build(self) -> None:
        self.dateLabel = QLabel()
        self.dateLabel.setObjectName("dayTitle")
        self.adviceBox = QGroupBox("What today asks for")
        self.adviceBox.setObjectName("adviceBox")
        self.adviceHeadline = QLabel()
        self.adviceHeadline.setObjectName("adviceHeadline")
        self.adviceHeadline.setWordWrap(True)
        self.advicePattern = QLabel()
        self.advicePattern.setObjectName("advicePattern")
        self.advicePattern.setWordWrap(True)
        self.adviceReason = QLabel()
        self.adviceReason.setObjectName("adviceReason")
        self.adviceReason.setWordWrap(True)
        self.startProgrammeButton = QPushButton("Start the programme…")
        self.startProgrammeButton.setObjectName("startProgrammeButton")
        self.liftPauseButton = QPushButton("Lift the pause…")
        self.liftPauseButton.setObjectName("liftPauseButton")
        self.nextMorningButton = QPushButton("Add next-morning score…")
        self.nextMorningButton.setObjectName("nextMorningButton")
        self.readinessButton = QPushButton("Ready to run? Two questions…")
        self.readinessButton.setObjectName("readinessButton")
        self.readinessButton.setToolTip(
            "Before the first run: is a brisk 30-minute walk pain-free, and are 10 hops on "
            "each leg pain-free?"
        )
        self._waiting_run: Session | None = None
        advice = QVBoxLayout(self.adviceBox)
        for widget in (self.adviceHeadline, self.advicePattern, self.adviceReason):
            advice.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.startProgrammeButton)
        row.addWidget(self.liftPauseButton)
        row.addWidget(self.nextMorningButton)
        row.addStretch(1)
        advice.addLayout(row)
        # Its own row: with the others it would widen the panel's narrowest width.
        ready = QHBoxLayout()
        ready.addWidget(self.readinessButton)
        ready.addStretch(1)
        advice.addLayout(ready)

        self.sessionsBox = QGroupBox("Sessions")
        self._sessions_layout = QVBoxLayout(self.sessionsBox)

        self.checkInBox = QGroupBox("How is your back today?")
        self.checkInBox.setObjectName("checkInBox")
        self.checkInPainSpin = QSpinBox()
        self.checkInPainSpin.setObjectName("checkInPainSpin")
        self.checkInPainSpin.setRange(-1, 10)
        self.checkInPainSpin.setSpecialValueText("Pain —")
        self.checkInPainSpin.setPrefix("Pain ")
        self.checkInPainSpin.setSuffix(" / 10")
        self.checkInPainSpin.setAccessibleName("Back pain today, 0 to 10")
        UndoGoesToTheDiary(self.checkInPainSpin)
        self.checkInButton = QPushButton("Save check-in")
        self.checkInButton.setObjectName("checkInButton")
        self.redFlagButton = QPushButton("Red flags…")
        self.redFlagButton.setObjectName("redFlagButton")
        self.redFlagButton.setToolTip("Report symptoms that need a doctor rather than a programme")
        self.checkInNotesEdit = QLineEdit()
        self.checkInNotesEdit.setObjectName("checkInNotesEdit")
        self.checkInNotesEdit.setPlaceholderText("Notes (optional): stiff after sitting, slept…")
        self.checkInNotesEdit.setAccessibleName("Check-in notes")
        self.checkInNotesEdit.setMaxLength(2000)
        self.checkInStatus = QLabel()
        self.checkInStatus.setObjectName("checkInStatus")
        self.checkInStatus.setWordWrap(True)
        self.checkInStatus.setTextFormat(Qt.TextFormat.PlainText)
        check = QVBoxLayout(self.checkInBox)
        row = QHBoxLayout()
        row.addWidget(self.checkInPainSpin)
        row.addWidget(self.checkInButton)
        row.addWidget(self.redFlagButton)
        row.addStretch(1)
        check.addLayout(row)
        check.addWidget(self.checkInNotesEdit)
        check.addWidget(self.checkInStatus)

        # The whole panel scrolls when the window is short of room, so no part of
        # it is squeezed into a box of its own.
        content = QWidget()
        content.setObjectName("dayPanelContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self.dateLabel)
        layout.addWidget(self.adviceBox)
        layout.addWidget(self.checkInBox)
        layout.addWidget(self.sessionsBox)
        layout.addStretch(1)
        self.scrollArea = QScrollArea()
        self.scrollArea.setObjectName("dayPanelScroll")
        self.scrollArea.setWidgetResizable(True)
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.scrollArea.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scrollArea.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrollArea)

        self.startProgrammeButton.clicked.connect(self.startProgrammeRequested)
        self.liftPauseButton.clicked.connect(lambda: self.liftPauseRequested.emit(self._day))
        self.readinessButton.clicked.connect(lambda: self.readinessRequested.emit(self._day))
        self.nextMorningButton.clicked.connect(
            lambda: self.nextMorningRequested.emit(self._waiting_run)
        )
        self.checkInButton.clicked.connect(self._on_check_in_clicked)
        # Enter in the pain box or the notes line saves the check-in.
        self.checkInNotesEdit.returnPressed.connect(self.checkInButton.click)
        spin_edit = self.checkInPainSpin.findChild(QLineEdit)
        if spin_edit is not None:
            spin_edit.returnPressed.connect(self.checkInButton.click)
        self.redFlagButton.clicked.connect(lambda: self.redFlagsRequested.emit(self._day))
        self.checkInPainSpin.valueChanged.connect(self._on_check_in_pain_changed)

    # -- showing -----------------------------------------------------------
    @property
    def day(self) -> dt.date:
        return self._day

    def set_diary(self, diary: Diary) -> None:
        self._diary = diary
        self.refresh()

    def show_day(self, day: dt.date) -> None:
        self._day = day
        self.refresh()

    def refresh(self) -> None:
        assert self._diary is not None
        day, today = self._day, self._diary.today()
        when = " (today)" if day == today else ""
        self.dateLabel.setText(f"<h2>{day:%A %d %B %Y}{when}</h2>")
        self.adviceBox.setTitle(
            "What today asks for" if day == today else f"What {day:%a %d %b} asks for"
        )
        if self._diary is None:
            return
        entry = self._diary.day(day)
        self._show_advice(entry)
        self._show_sessions(self._diary.sessions(day, day), today)
        self._show_check_in(day, today)

    def _show_advice(self, entry: programme.Day) -> None:
        diary = self._diary
        assert diary is not None
        advice = entry.advice
        headline = HEADLINES.get(advice.action, advice.action)
        if advice.action == programme.RUN and advice.stage:
            headline = f"Run day: run/walk stage {advice.stage} of 6"
        elif advice.action == programme.RUN:
            headline = "Run day (build-up)"
        elif advice.action == programme.PAUSED:
            headline = PAUSE_HEADLINES.get(advice.urgency or "", headline)
        elif advice.action == programme.DONE:
            judged = [diary.outcome_of(s.id) for s in diary.recorded(entry.date, entry.date)]
            lights = [o.outcome for o in judged if o is not None and o.outcome]
            if lights:
                headline += f" — judged {LIGHT_WORDS[lights[-1]]}"
        elif advice.stage:
            headline = f"{headline} (next run: stage {advice.stage})"
        self.adviceHeadline.setText(f"<b>{headline}</b>")
        self.advicePattern.setText(advice.pattern or "")
        self.advicePattern.setVisible(bool(advice.pattern))
        self.adviceReason.setText(advice.reason)
        self.adviceBox.setProperty("action", advice.action)
        self.adviceBox.style().unpolish(self.adviceBox)
        self.adviceBox.style().polish(self.adviceBox)
        self.startProgrammeButton.setVisible(diary.settings is None)
        self.liftPauseButton.setVisible(advice.action == programme.PAUSED)
        self.readinessButton.setVisible(entry.asks_readiness and entry.date <= diary.today())
        self._waiting_run = None
        if advice.action == programme.NEXT_MORNING_SCORE:
            recent = diary.recorded(self._day - dt.timedelta(days=14), self._day)
            waiting = [s for s in recent if s.is_run and s.is_done and s.pain_next_morning is None]
            self._waiting_run = waiting[-1] if waiting else None
        self.nextMorningButton.setVisible(self._waiting_run is not None)
        self._check_first = advice.action in (
            programme.REACTION_CHECK,
            programme.NEXT_MORNING_SCORE,
            programme.PAUSED,
        )

    def _show_sessions(self, sessions: list[Session], today: dt.date) -> None:
        _clear(self._sessions_layout)
        self.sessionRows: list[QWidget] = []
        if not sessions:
            empty = QLabel("Nothing recorded or planned on this day.")
            empty.setObjectName("noSessionsLabel")
            self._sessions_layout.addWidget(empty)
        for session in sessions:
            row = self._session_row(session, today)
            self.sessionRows.append(row)
            self._sessions_layout.addWidget(row)
        self._show_coming_up()
        self._sessions_layout.addStretch(1)

    def _show_coming_up(self) -> None:
        """The next week's plan, so the runner sees what is ahead."""
        assert self._diary is not None
        if self._day < self._diary.today():
            return
        lines = []
        for offset in range(1, 8):
            entry = self._diary.day(self._day + dt.timedelta(days=offset))
            lines += [f"{s.date:%a %d %b}: {describe(s)}" for s in entry.planned]
            lines += [f"{s.date:%a %d %b}: {describe(s)} (optional)" for s in entry.optional]
        if not lines:
            return
        label = QLabel("<b>Coming up</b><br>" + "<br>".join(lines))
        label.setObjectName("comingUpLabel")
        label.setWordWrap(True)
        self._sessions_layout.addWidget(label)

    def _session_row(self, session: Session, today: dt.date) -> QWidget:
        row = QFrame()
        row.setObjectName("sessionRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(2, 2, 2, 2)
        optional = self._diary is not None and session in self._diary.day(session.date).optional
        if session.is_done:
            symbol, state = DONE_SYMBOL, "Done"
        elif optional:
            symbol, state = PLANNED_SYMBOL, "Optional"
        elif session.date < today:
            symbol, state = MISSED_SYMBOL, "Missed"
        else:
            symbol, state = PLANNED_SYMBOL, "Planned"
        text = f"{symbol} {state}: {describe(session)}"
        worst = session.worst_pain
        judged = self._diary.outcome_of(session.id) if session.is_done and self._diary else None
        if judged is not None and judged.outcome:
            light: str = judged.outcome
            text += f" · judged {LIGHT_SYMBOLS[light]} {LIGHT_WORDS[light]}"
            if worst is not None:
                text += f" (worst pain {worst}/10)"
        elif session.is_done and (scored := traffic_light(worst, self._thresholds())):
            text += f" · worst pain {worst}/10 {LIGHT_SYMBOLS[scored]} {LIGHT_WORDS[scored]}"
            if session.is_run and session.pain_next_morning is None:
                # The light is the pain's so far; the run itself is judged next morning.
                text += ", provisional until the next-morning score"
        label = QLabel(text)
        label.setWordWrap(True)
        if session.notes:
            label.setToolTip(session.notes)
        layout.addWidget(label, 1)
        if session.is_done:
            edit = QPushButton("Edit")
            edit.setObjectName("editSessionButton")
            edit.clicked.connect(lambda: self.editRequested.emit(session))
            delete = QPushButton("Delete…")
            delete.setObjectName("deleteSessionButton")
            delete.clicked.connect(lambda: self.deleteRequested.emit(session))
            layout.addWidget(edit)
            layout.addWidget(delete)
        else:
            tick = QPushButton("Mark done…")
            tick.setObjectName("tickOffButton")
            tick.setToolTip("Open this session in the form, ready for your pain scores")
            # A run waits for the check the advice asks for first.
            tick.setEnabled(session.date <= today and not (session.is_run and self._check_first))
            tick.clicked.connect(lambda: self.tickOffRequested.emit(session))
            layout.addWidget(tick)
            if session.id is not None:
                delete = QPushButton("Delete…")
                delete.setObjectName("deleteSessionButton")
                delete.clicked.connect(lambda: self.deleteRequested.emit(session))
                layout.addWidget(delete)
        return row

    def _show_check_in(self, day: dt.date, today: dt.date) -> None:
        assert self._diary is not None
        future = day > today
        if day == today:
            title = "How is your back today?"
        elif future:
            # Nothing to answer yet: the box is off until the day comes.
            title = f"Check-in for {day:%a %d %b}: opens on the day"
        else:
            title = f"How was your back on {day:%a %d %b}?"
        self.checkInBox.setTitle(title)
        existing = self._diary.check_ins(day, day)
        self.checkInBox.setEnabled(not future)
        lines = []
        for check in existing:
            if check.pain is not None:
                lines.append(f"Checked in: back pain {check.pain}/10.")
            for flag in check.red_flags:
                lines.append(f"Red flag on record: {RED_FLAGS[flag][0]}.")
            if check.notes:
                lines.append(f"Notes: {check.notes}")
        self.checkInStatus.setText(" ".join(lines))
        self.checkInNotesEdit.setText(existing[-1].notes if existing else "")
        self.checkInStatus.setVisible(bool(lines))
        scored = [c.pain for c in existing if c.pain is not None]
        self.checkInPainSpin.setValue(scored[-1] if scored else -1)
        self._on_check_in_pain_changed()

    def _on_check_in_clicked(self) -> None:
        if self.checkInButton.isEnabled():  # Enter with no score given saves nothing
            pain, notes = self.checkInPainSpin.value(), self.checkInNotesEdit.text().strip()
            self.checkInRequested.emit(self._day, pain, notes)

    def _on_check_in_pain_changed(self) -> None:
        self.checkInButton.setEnabled(self.checkInPainSpin.value() >= 0)

    def _thresholds(self) -> Thresholds:
        settings = self._diary.settings if self._diary else None
        return Thresholds(settings.safe_max, settings.acceptable_max) if settings else Thresholds()
