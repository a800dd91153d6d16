"""The diary file's records: sessions, check-ins, backups, and who is told of changes."""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from recovery_diary.core import clock
from recovery_diary.core.checkin import (
    CheckIn,
    check_in_from_record,
    check_in_to_record,
    validate_check_in,
)
from recovery_diary.core.clock import Today
from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.programme import (
    Lift,
    ProgrammeSettings,
    Readiness,
    Timeline,
)
from recovery_diary.core.session import (
    PLANNED,
    RUN_WALK,
    Session,
    from_record,
    to_record,
    validate,
)
from recovery_diary.core.settings import SETTINGS
from recovery_diary.diary.recorded import INF, in_order
from recovery_diary.storage.backups import (
    Backup,
    BackupInfo,
    describe_backup,
    list_backups,
    newest_good_backup,
)
from recovery_diary.storage.backups import restore_backup as _restore_backup
from recovery_diary.storage.conflicts import MergeResult, conflict_copies
from recovery_diary.storage.place import check_place
from recovery_diary.storage.store import (
    CHECK_INS,
    PAUSE_LIFTS,
    PROGRAMME,
    SESSIONS,
    DiaryStore,
)

#: The table holding the watch settings (the walk/run threshold).
WATCH = "watch"

#: Kept for older callers; the table is ``recovery_diary.core.settings.SETTINGS``.
SETTING_RANGES: dict[str, tuple[int, int]] = {s.name: (s.minimum, s.maximum) for s in SETTINGS}


def newest_backup(path: str | os.PathLike[str]) -> BackupInfo | None:
    """The newest good backup of the diary at ``path`` (for when it can't be opened)."""
    found = newest_good_backup(Path(path))
    return describe_backup(found) if found is not None else None


def check_diary_place(path: str | os.PathLike[str]) -> Path:
    """Check that the diary at ``path`` can be opened and saved there; return its real path.

    Raises DiaryPlaceError (``kind`` says what is wrong) and changes nothing.
    """
    return check_place(path)


def restore_from_backup(path: str | os.PathLike[str], backup: BackupInfo) -> Path | None:
    """Put ``backup`` in place of the diary file at ``path`` without opening it first.

    The file it replaces is kept beside it (returned), never deleted.
    """
    return _restore_backup(Path(path), backup.path)


#: The readiness answers before the first run (DESIGN §1), one record per answer.
READINESS = "readiness"


@dataclass(frozen=True)
class Change:
    """What a change to the diary touched, for the views that listen.

    ``kind`` is ``sessions``, ``check_ins``, ``programme`` (settings, pauses,
    readiness) or ``reloaded`` (the whole diary was read again); ``days`` are the
    days whose records changed (empty when the whole plan may have moved).
    """

    kind: str
    days: tuple[dt.date, ...] = ()


def _same_kind(a: Session, b: Session) -> bool:
    return (a.activity == RUN_WALK) == (b.activity == RUN_WALK)


class DiaryRecords:
    """One diary file's records; :class:`recovery_diary.Diary` builds on it."""

    def __init__(self, store: DiaryStore, today: Today = clock.system_today) -> None:
        self._store = store
        self._today = today
        self._removed: dict[int, dict[str, object]] = {}
        self._listeners: list[Callable[[Change], None]] = []
        self._load()

    @classmethod
    def open(cls, path: str | os.PathLike[str], today: Today | None = None) -> Self:
        """Open or create the diary at ``path``.

        ``today`` is a zero-argument callable giving today's date (default: the
        system date); it is the only clock the diary reads. A file that is not a
        diary raises ``DiaryFileError`` and stays untouched.
        """
        return cls(DiaryStore.open(path), today or clock.system_today)

    def today(self) -> dt.date:
        """Today's date by the diary's clock."""
        return self._today()

    @property
    def path(self) -> Path:
        return self._store.path

    def close(self) -> None:
        self._store.close()

    def _load(self) -> None:
        built = self._store.take_built()  # what checking the file built, if it just did
        if built is not None:
            self._sessions: dict[int, Session] = built.sessions
            self._check_ins: dict[int, CheckIn] = built.check_ins
        else:
            self._sessions = {i: from_record(r, i) for i, r in self._store.all(SESSIONS).items()}
            self._check_ins = {
                i: check_in_from_record(r, i) for i, r in self._store.all(CHECK_INS).items()
            }
        record = self._store.single(PROGRAMME)
        self._settings = ProgrammeSettings.from_record(record) if record else None
        self._lifts = sorted(
            (
                Lift(dt.date.fromisoformat(r["date"]), str(r.get("cleared_by") or "myself"))
                for r in self._store.all(PAUSE_LIFTS).values()
            ),
            key=lambda lift: lift.date,
        )
        self._readiness = sorted(
            (
                Readiness(dt.date.fromisoformat(r["date"]), bool(r["walk_ok"]), bool(r["hops_ok"]))
                for r in self._store.all(READINESS).values()
            ),
            key=lambda answer: answer.date,
        )
        self._reindex()

    def _reindex(self) -> None:
        self._index = sorted(self._sessions.values(), key=in_order)
        self._check_in_list = sorted(self._check_ins.values(), key=lambda c: c.date)
        self._check_in_days = [c.date for c in self._check_in_list]
        self._timeline: Timeline | None = None

    def _reindex_session(self, session_id: int, old_day: dt.date | None = None) -> None:
        """Move one session in the date index (stored on ``old_day``; None: new).

        The index is copied, not changed in place: a view handed out earlier
        keeps the order it was made with. Check-ins are left as they are.
        """
        index = list(self._index)
        if old_day is not None:
            del index[bisect.bisect_left(index, (old_day, session_id), key=in_order)]
        session = self._sessions.get(session_id)
        if session is not None:
            bisect.insort(index, session, key=in_order)
        self._index = index
        self._timeline = None

    def changed_on_disk(self) -> bool:
        """Whether something else changed the file since this diary read or wrote it."""
        return self._store.changed_on_disk()

    def reload(self) -> None:
        """Read the file again, dropping nothing but what is in memory."""
        self._store.reload()
        self._load()
        self._changed("reloaded")

    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``listener`` with a :class:`Change` after each change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self, kind: str, *days: dt.date) -> None:
        change = Change(kind, tuple(sorted(set(days))))
        for listener in list(self._listeners):
            listener(change)

    def keep_mine(self) -> None:
        """Write this diary over a file that was changed on disk by something else.

        The version on disk is kept first (as a backup, or beside the diary).
        """
        self._store.overwrite_with_mine()

    def backup(self, reason: str = "start", *, tidy_now: bool = True) -> Backup | None:
        """Back up the diary file as it is (the app does this at each start).

        ``tidy_now=False`` leaves deleting the backups past ten to :meth:`tidy_backups`.
        """
        return self._store.backup(reason, tidy_now=tidy_now)

    def tidy_backups(self) -> None:
        """Delete the backups past ten that ``backup(tidy_now=False)`` left, if any."""
        self._store.tidy_backups()

    def backups(self) -> list[BackupInfo]:
        """The backups of this diary, newest first, each with its date and counts."""
        return [describe_backup(b) for b in list_backups(self.path)]

    def restore_backup(self, backup: Backup | BackupInfo | Path) -> Path | None:
        """Put a backup in place of the diary and read it.

        The current file is kept beside the diary (returned), never deleted.
        Raises DiaryFileError, changing nothing, if the backup is not a good diary.
        """
        kept = _restore_backup(self.path, backup if isinstance(backup, Path) else backup.path)
        self.reload()
        return kept

    def conflict_copies(self) -> list[Path]:
        """Conflict copies a sync tool (Dropbox, Syncthing, OneDrive) left beside the diary."""
        return conflict_copies(self._store.real_path)

    def merge_conflict_copy(self, copy: str | os.PathLike[str]) -> MergeResult:
        """Add every session and check-in of ``copy`` not already here; set the copy aside.

        Both files are backed up first; the copy is renamed, never deleted.
        """
        result = self._store.merge_copy(Path(copy))
        self._load()
        return result

    def recorded(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Session]:
        """Sessions stored in the file (not the programme's plan), sorted by date."""
        index = self._index
        lo = 0 if start is None else bisect.bisect_left(index, (start, 0), key=in_order)
        hi = len(index) if end is None else bisect.bisect_right(index, (end, INF), key=in_order)
        return index[lo:hi]

    def recorded_days(self) -> tuple[dt.date, dt.date] | None:
        """The first and the last day a session is stored on (None: no session yet)."""
        if not self._index:
            return None
        return self._index[0].date, self._index[-1].date

    def get(self, session_id: int) -> Session:
        """The recorded session with that id (KeyError if there is none)."""
        return self._sessions[session_id]

    @property
    def first_date(self) -> dt.date | None:
        return self._index[0].date if self._index else None

    def _stored_plan_on(self, session: Session) -> Session | None:
        for other in self.recorded(session.date, session.date):
            if other.status == PLANNED and _same_kind(other, session):
                return other
        return None

    def delete(self, session_id: int) -> Session:
        """Remove the session with that id; return what was removed."""
        session = self._sessions[session_id]
        raw = self._store.get(SESSIONS, session_id) or {}
        self._store.remove(SESSIONS, session_id)
        self._removed[session_id] = raw  # so undo brings back fields the app doesn't know
        del self._sessions[session_id]
        self._reindex_session(session_id, session.date)
        self._changed("sessions", session.date)
        return session

    def restore(self, session: Session) -> Session:
        """Put a deleted session back under its old id (what undo of a delete does)."""
        session_id = session.id
        if session_id is None or session_id in self._sessions:
            raise InvalidSession({"id": f"Session id {session_id!r} can't be restored."})
        session = validate(session, self.today())
        raw = self._removed.pop(session_id, {})
        self._store.insert_with_id(SESSIONS, session_id, {**raw, **to_record(session)})
        self._sessions[session_id] = session
        self._reindex_session(session_id)
        self._changed("sessions", session.date)
        return session

    def add_many(
        self, sessions: Iterable[Session], check_ins: Iterable[CheckIn] = ()
    ) -> list[Session]:
        """Validate all, then store all in one write (or none if any is invalid)."""
        today = self.today()
        checked = [validate(s, today) for s in sessions]
        checked_ins = [validate_check_in(c, today) for c in check_ins]
        return self._add_checked(checked, checked_ins)

    def _add_checked(
        self, checked: list[Session], checked_ins: Sequence[CheckIn] = ()
    ) -> list[Session]:
        """Store sessions and check-ins already validated, in one write (or none)."""
        with self._store.transaction():  # sessions and check-ins: one write, or none
            records = [to_record(s) for s in checked]  # checked by the file's own rule
            ids = self._store.insert_many(SESSIONS, records, validated=True)
            check_in_ids: list[int] = []
            if checked_ins:
                check_in_records = [check_in_to_record(c) for c in checked_ins]
                check_in_ids = self._store.insert_many(CHECK_INS, check_in_records)
        # A session numbered already as the store numbered it is kept as it is.
        added = [s if s.id == i else s.replace(id=i) for s, i in zip(checked, ids, strict=True)]
        # What was written is what is in memory: no need to read the whole file again.
        self._sessions.update((s.id, s) for s in added if s.id is not None)
        for check_in, new_id in zip(checked_ins, check_in_ids, strict=True):
            self._check_ins[new_id] = check_in.replace(id=new_id)
        self._reindex()
        self._changed("sessions", *(s.date for s in checked), *(c.date for c in checked_ins))
        return added

    def check_in(
        self,
        on: dt.date,
        pain: int | None,
        red_flags: Sequence[str] = (),
        notes: str = "",
    ) -> CheckIn:
        """Record how the back is on ``on``: pain 0-10 and any red flags.

        A second check-in on the same day replaces the pain score and adds its
        red flags to those already reported (a red flag stays on record).
        """
        check_in = validate_check_in(CheckIn(on, pain, tuple(red_flags), notes=notes), self.today())
        existing = next(iter(self.check_ins(on, on)), None)
        if existing is not None:
            flags = tuple(dict.fromkeys(existing.red_flags + check_in.red_flags))
            merged = validate_check_in(
                check_in.replace(
                    id=existing.id,
                    pain=check_in.pain if check_in.pain is not None else existing.pain,
                    red_flags=flags,
                    notes=check_in.notes or existing.notes,
                ),
                self.today(),
            )
            assert merged.id is not None
            self._store.replace(CHECK_INS, merged.id, check_in_to_record(merged))
            check_in = merged
        else:
            new_id = self._store.insert(CHECK_INS, check_in_to_record(check_in))
            check_in = check_in.replace(id=new_id)
        assert check_in.id is not None
        self._check_ins[check_in.id] = check_in
        self._reindex()
        self._changed("check_ins", on)
        return check_in

    def check_ins(self, start: dt.date | None = None, end: dt.date | None = None) -> list[CheckIn]:
        """Check-ins sorted by date; both bounds inclusive."""
        days = self._check_in_days
        lo = 0 if start is None else bisect.bisect_left(days, start)
        hi = len(days) if end is None else bisect.bisect_right(days, end)
        return self._check_in_list[lo:hi]

    # -- taking back a check-in (what undo does) -----------------------------
    def delete_check_in(self, check_in_id: int) -> CheckIn:
        """Remove the check-in with that id; return what was removed."""
        check_in = self._check_ins[check_in_id]
        self._store.remove(CHECK_INS, check_in_id)
        del self._check_ins[check_in_id]
        self._reindex()
        self._changed("check_ins", check_in.date)
        return check_in

    def restore_check_in(self, check_in: CheckIn) -> CheckIn:
        """Put ``check_in`` back under its id, as it was (replacing what is there)."""
        if check_in.id is None:
            raise InvalidSession({"id": "A check-in without an id can't be restored."})
        check_in = validate_check_in(check_in, self.today())
        assert check_in.id is not None
        if check_in.id in self._check_ins:
            self._store.replace(CHECK_INS, check_in.id, check_in_to_record(check_in))
        else:
            self._store.insert_with_id(CHECK_INS, check_in.id, check_in_to_record(check_in))
        self._check_ins[check_in.id] = check_in
        self._reindex()
        self._changed("check_ins", check_in.date)
        return check_in
