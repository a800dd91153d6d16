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
        try:
            stored: Session | None = self._diary.get(some.id)
        except KeyError:
            stored = None
        if stored != current:
            # The diary was reloaded or restored since: never write over what is there now.
            done = None
        elif wanted is None:
            done = self._write(lambda: self._diary.delete(some.id))
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
