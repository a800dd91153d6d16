"""Help → About: the version, the stage table, the shortcuts and where the diary lives."""

from __future__ import annotations

from html import escape as _escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
)

from recovery_diary.core.programme import STAGES
from recovery_diary.core.words import DISCLAIMER
from recovery_diary.version import __version__


def escape(text: str) -> str:
    return _escape(text, quote=False)


#: Keys that are not menu shortcuts, said in words.
OTHER_KEYS = (
    ("Enter", "Save the session form (or the check-in, from its pain box or notes)"),
    ("Ctrl+Enter", "Save the session form from the notes box (Enter there starts a new line)"),
)


#: Actions whose text changes as the diary does, by object name: what their key does.
_FIXED_NAMES = {"undoAction": "Undo the last change", "redoAction": "Redo what was undone"}


def _minutes(value: float) -> str:
    return f"{value:g}"


def stage_table() -> str:
    """The six run/walk stages as an HTML table."""
    rows = "".join(
        f"<tr><td>{s.number}</td><td>{escape(s.pattern)}</td>"
        f"<td align='right'>{_minutes(s.run)}</td><td align='right'>{_minutes(s.walk)}</td></tr>"
        for s in STAGES.values()
    )
    head = "<tr><th>Stage</th><th>Pattern</th><th>Run min</th><th>Walk min</th></tr>"
    return f"<table cellspacing='0' cellpadding='3'>{head}{rows}</table>"


def shortcuts_of(window: QMainWindow) -> list[tuple[str, str]]:
    """Each menu action's shortcut and what it does, then the keys of the forms."""
    keys = []
    for action in window.findChildren(QAction):
        shortcut = action.shortcut()
        if shortcut.isEmpty() or not action.text():
            continue
        # Undo and Redo name the change they would undo now: the list says what the key does.
        name = _FIXED_NAMES.get(action.objectName()) or action.text().replace("&", "").rstrip("…")
        keys.append((shortcut.toString(QKeySequence.SequenceFormat.NativeText), name))
    return sorted(set(keys), key=lambda key: key[1]) + list(OTHER_KEYS)


class AboutDialog(QDialog):
    """What this programme is, which version, and where its data lives."""

    def __init__(self, window: QMainWindow, data_file: str) -> None:
        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Recovery Diary")
        keys = "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(what)}</td></tr>"
            for k, what in shortcuts_of(window)
        )
        text = (
            f"<h3>Recovery Diary {escape(__version__)}</h3>"
            f"<p>{escape(DISCLAIMER)}</p>"
            f"<h4>The run/walk stages</h4>{stage_table()}"
            f"<h4>Keyboard shortcuts</h4><table cellpadding='2'>{keys}</table>"
            f"<h4>Your diary file</h4><p>{escape(data_file)}</p>"
        )
        self.textLabel = QLabel(text)
        self.textLabel.setObjectName("aboutText")
        self.textLabel.setWordWrap(True)
        self.textLabel.setTextFormat(Qt.TextFormat.RichText)
        self.textLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # In a scroll area: on a low screen the text scrolls and Close stays in sight.
        self.textArea = QScrollArea()
        self.textArea.setWidget(self.textLabel)
        self.textArea.setWidgetResizable(True)
        self.textArea.setFrameShape(QFrame.Shape.NoFrame)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.textArea)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        screen = window.screen().availableGeometry()
        self.fit_to(screen.height() - 60)  # room for the title bar

    def fit_to(self, height: int) -> None:
        """As tall as the text needs (for the width it has), and no taller than ``height``."""
        self._layout.activate()
        width = max(self.minimumWidth(), self.sizeHint().width())
        margins = self._layout.contentsMargins()
        # Measured as if the scroll bar took its width, so the text never comes out short.
        bar = self.textArea.verticalScrollBar().sizeHint().width()
        inner = width - margins.left() - margins.right() - bar
        text = self.textLabel.heightForWidth(inner)
        chrome = self.sizeHint().height() - self.textArea.sizeHint().height()
        self.resize(width, min(height, text + chrome + 4))

    @classmethod
    def show_for(cls, window: QMainWindow, data_file: str) -> AboutDialog:
        """Open the dialog over ``window`` (without blocking) and return it."""
        dialog = cls(window, data_file)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
