"""Fields of the session form and the keys that save it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QPlainTextEdit, QSpinBox, QWidget

NOT_GIVEN = -1
#: The widest a field of the form grows on a wide screen, in pixels.
FIELD_MAX_WIDTH = 220
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def minutes_spin(name: str, minimum: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    # Wider than what is valid, so the core can say why a value is refused.
    spin.setRange(minimum, 999)
    spin.setSuffix(" min")
    UndoGoesToTheDiary(spin)
    return spin


def pain_spin(name: str, label: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(NOT_GIVEN, 99)
    spin.setSpecialValueText("—")
    spin.setValue(NOT_GIVEN)
    spin.setAccessibleName(label)
    spin.setToolTip(f"{label}: 0 = no pain, 10 = worst imaginable; — = not given")
    UndoGoesToTheDiary(spin)
    return spin


def focus_to_type(widget: QWidget) -> None:
    """Put the cursor in ``widget`` so that what is typed next replaces what it shows.

    A box showing "—" (not given) with the cursor after the dash would refuse
    the first digit typed; a Tab into it selects its text, and so does this.
    """
    widget.setFocus()
    if isinstance(widget, QAbstractSpinBox):
        widget.selectAll()


class UndoGoesToTheDiary(QObject):
    """Ctrl+Z and Ctrl+Shift+Z in a number box undo the diary's last change, not its typing.

    A spin box takes the undo keys for its own text, so right after a check-in
    saved with Enter (the cursor still in its box) Ctrl+Z would do nothing.
    """

    _KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def __init__(self, spin: QAbstractSpinBox) -> None:
        super().__init__(spin)
        spin.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leave the undo keys to the window's Undo and Redo."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in self._KEYS)
        ):
            event.ignore()  # not the box's: the shortcut goes to the window's action
            return True
        return False


class CtrlEnterSaves(QObject):
    """Ctrl+Enter in a notes box calls ``save``; a plain Enter stays a new line."""

    def __init__(self, notes: QPlainTextEdit, save: Callable[[], None]) -> None:
        super().__init__(notes)
        self._notes = notes
        self._save = save
        notes.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the notes box saves; a plain Enter there is a new line."""
        if (
            watched is self._notes
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._save()
            return True
        return False
