"""Writing the physio report from the window: choose the period, then write it off the GUI thread.

:class:`ReportPeriodDialog` only collects the period. :class:`ReportTask`
renders a snapshot taken on the GUI thread (the diary itself is never read by
the worker, so the window may go on saving while the report is written) and
reports progress, the page count or the failure through Qt signals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.ui.session_form import from_qdate, to_qdate

Period = tuple[dt.date | None, dt.date]


class ReportPeriodDialog(QDialog):
    """Which days the report covers: the whole diary, the programme, the last weeks, or dates."""

    WHOLE, PROGRAMME, WEEKS, CUSTOM = range(4)

    def __init__(
        self,
        parent: QWidget | None,
        today: dt.date,
        first_day: dt.date | None,
        programme_start: dt.date | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportPeriodDialog")
        self.setWindowTitle("Period of the report")
        self._today = today
        self._first = first_day or today
        self._programme = programme_start
        self.choices = QButtonGroup(self)
        grid = QGridLayout()
        labels = (
            f"The whole diary (from {self._first:%d %b %Y})",
            "The programme"
            + (f" (from {programme_start:%d %b %Y})" if programme_start else ": none started"),
            "The last",
            "From",
        )
        for number, text in enumerate(labels):
            button = QRadioButton(text)
            button.setObjectName(("wholeDiary", "programme", "lastWeeks", "customDates")[number])
            self.choices.addButton(button, number)
            grid.addWidget(button, number, 0)
        self.choices.button(self.PROGRAMME).setEnabled(programme_start is not None)
        self.weeksSpin = QSpinBox()
        self.weeksSpin.setObjectName("reportWeeksSpin")
        self.weeksSpin.setRange(1, 520)
        self.weeksSpin.setValue(12)
        self.weeksSpin.setSuffix(" weeks")
        grid.addWidget(self.weeksSpin, self.WEEKS, 1)
        self.fromEdit, self.toEdit = (
            self._date_edit("reportFromEdit"),
            self._date_edit("reportToEdit"),
        )
        self.fromEdit.setDate(to_qdate(today - dt.timedelta(weeks=12) + dt.timedelta(days=1)))
        grid.addWidget(self.fromEdit, self.CUSTOM, 1)
        grid.addWidget(QLabel("to"), self.CUSTOM, 2)
        grid.addWidget(self.toEdit, self.CUSTOM, 3)
        self.weeksSpin.valueChanged.connect(lambda _: self.choices.button(self.WEEKS).click())
        self.fromEdit.dateChanged.connect(lambda _: self.choices.button(self.CUSTOM).click())
        self.toEdit.dateChanged.connect(lambda _: self.choices.button(self.CUSTOM).click())
        self.choices.button(self.PROGRAMME if programme_start else self.WHOLE).setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel("The report covers days up to today at most.")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(to_qdate(self._today))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(to_qdate(self._today))
        return edit

    def period(self) -> Period:
        """The first and last day chosen (the first None: the report's own default)."""
        choice = self.choices.checkedId()
        if choice == self.WHOLE:
            return self._first, self._today
        if choice == self.PROGRAMME:
            return self._programme, self._today
        if choice == self.WEEKS:
            weeks = self.weeksSpin.value()
            return self._today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1), self._today
        first, last = from_qdate(self.fromEdit.date()), from_qdate(self.toEdit.date())
        return min(first, last), max(first, last)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        today: dt.date,
        first_day: dt.date | None,
        programme_start: dt.date | None,
    ) -> Period | None:
        dialog = cls(parent, today, first_day, programme_start)
        return dialog.period() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ReportSignals(QObject):
    """What a :class:`ReportTask` tells the window (delivered on the GUI thread)."""

    progressed = Signal(int, str)  # percent done, what is being done
    finished = Signal(int)  # pages written
    failed = Signal(str)  # the reason, in plain words


class ReportTask(QRunnable):
    """Runs ``job`` (which writes a report from a snapshot) on a pool thread.

    ``job`` is called with a progress callback ``(share done 0-1, words)`` and
    returns the number of pages.
    """

    def __init__(self, job: Callable[[Callable[[float, str], None]], int]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it (and its signals) until it is done
        self.job = job
        self.signals = ReportSignals()

    def run(self) -> None:
        def tell(share: float, words: str) -> None:
            self.signals.progressed.emit(round(share * 100), words)

        try:
            pages = self.job(tell)
        except OSError as exc:
            self.signals.failed.emit(getattr(exc, "strerror", None) or str(exc))
        except Exception as exc:  # a report that can't be drawn must not kill the window
            self.signals.failed.emit(f"the report could not be drawn ({type(exc).__name__}: {exc})")
        else:
            self.signals.finished.emit(pages)
