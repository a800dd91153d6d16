"""The one Qt adapter over the diary's change notices: each change becomes a signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from recovery_diary.diary import Diary


class DiarySignals(QObject):
    """Emits ``changed(Change)`` after every change of ``diary``; views connect to it."""

    changed = Signal(object)

    def __init__(self, diary: Diary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = diary.subscribe(self.changed.emit)
        self.destroyed.connect(lambda *_: None)

    def detach(self) -> None:
        """Stop listening (the window closes)."""
        self._unsubscribe()
