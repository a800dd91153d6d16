"""Undo and redo of the diary changes a runner makes in the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from recovery_diary.core.session import Session
from recovery_diary.diary import Diary


class SessionCommand(QUndoCommand):
    """One change of one session, already done when pushed.

    ``before`` is the session as it was (None when it was new), ``after`` as it is
    now (None when it was deleted). Undo and redo write through the Diary and
    then call ``changed`` so the window shows the result.
    """

    def __init__(
        self,
        diary: Diary,
        before: Session | None,
        after: Session | None,
        changed: Callable[[], None],
        write: Callable[[Callable[[], object]], object | None] = lambda change: change(),
    ) -> None:
        super().__init__()
        self._diary = diary
        self._write = write
        self._before = before
        self._after = after
        self._changed = changed
        self._first_redo = True
        some = after or before
        assert some is not None
        verb = "Delete" if after is None else ("Edit" if before is not None else "Record")
        self.setText(f"{verb} the session of {some.date:%d %b}")

    def _apply(self, current: Session | None, wanted: Session | None) -> None:
        some = current or wanted
        assert some is not None and some.id is not None
        some_id = some.id
        try:
            stored: Session | None = self._diary.get(some_id)
        except KeyError:
            stored = None
        if stored != current:
            # The diary was reloaded or restored since: never write over what is there now.
            done = None
        elif wanted is None:
            done = self._write(lambda: self._diary.delete(some_id))
        elif current is None:
            done = self._write(lambda: self._diary.restore(wanted))
        else:
            done = self._write(lambda: self._diary.update(wanted))
        if done is None:
            self.setObsolete(True)  # the stack drops it; nothing was changed
        self._changed()

    def redo(self) -> None:
        if self._first_redo:  # the change itself was made before the push
            self._first_redo = False
            return
        self._apply(self._before, self._after)

    def undo(self) -> None:
        self._apply(self._after, self._before)


class DiaryCommand(QUndoCommand):
    """A change of the diary other than a session's, already done when pushed.

    ``undo_change`` and ``redo_change`` each make one write through the Diary;
    ``write`` runs them so a failed write is told in plain words (and the command
    is dropped, nothing having changed).
    """

    def __init__(
        self,
        text: str,
        undo_change: Callable[[], object],
        redo_change: Callable[[], object],
        write: Callable[[Callable[[], object]], object | None] = lambda change: change(),
    ) -> None:
        super().__init__(text)
        self._undo_change = undo_change
        self._redo_change = redo_change
        self._write = write
        self._first_redo = True

    def _apply(self, change: Callable[[], object]) -> None:
        def run() -> bool:
            change()
            return True

        try:
            done = self._write(run)
        except (KeyError, ValueError):  # the diary was reloaded or changed since
            done = None
        if done is None:
            self.setObsolete(True)

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
            return
        self._apply(self._redo_change)

    def undo(self) -> None:
        self._apply(self._undo_change)
