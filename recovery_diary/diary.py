"""``Diary``: the Qt-free public facade over one diary file (DESIGN §3).

The window works through this class too, so everything a runner can do in the
app can be done from a script or a test::

    from recovery_diary import Diary, Session
    diary = Diary.open("diary.json")
    diary.record(Session(date=diary.today(), activity="cycling", duration_minutes=30))
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_diary.core import clock
from recovery_diary.core.calendar_marks import DayMark, day_marks
from recovery_diary.core.checkin import (
    CheckIn,
    check_in_from_record,
    check_in_to_record,
    validate_check_in,
)
from recovery_diary.core.clock import Today
from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.pain import Thresholds
from recovery_diary.core.programme import (
    Advice,
    Day,
    Lift,
    Outcome,
    ProgrammeSettings,
    Readiness,
    Timeline,
    build_timeline,
)
from recovery_diary.core.session import (
    DONE,
    PLANNED,
    RUN_WALK,
    Session,
    from_record,
    to_record,
    validate,
)
from recovery_diary.core.suggest import suggested_session
from recovery_diary.storage.backups import (
    Backup,
    BackupInfo,
    describe_backup,
    list_backups,
    newest_good_backup,
)
from recovery_diary.storage.backups import restore_backup as _restore_backup
from recovery_diary.storage.store import (
    CHECK_INS,
    PAUSE_LIFTS,
    PROGRAMME,
    SESSIONS,
    DiaryStore,
)

if TYPE_CHECKING:
    from recovery_diary.exports.watch_import import ImportedActivity

#: The table holding the watch settings (the walk/run threshold).
WATCH = "watch"

SETTING_RANGES: dict[str, tuple[int, int]] = {
    "low_impact_weeks": (2, 8),
    # Four would put week N's last session and week N+1's first on consecutive days.
    "sessions_per_week": (1, 3),
    "first_minutes": (5, 120),
    "step_minutes": (0, 30),
    "safe_max": (0, 9),
    "acceptable_max": (1, 10),
}


def newest_backup(path: str | os.PathLike[str]) -> BackupInfo | None:
    """The newest good backup of the diary at ``path`` (for when it can't be opened)."""
    found = newest_good_backup(Path(path))
    return describe_backup(found) if found is not None else None


def restore_from_backup(path: str | os.PathLike[str], backup: BackupInfo) -> Path | None:
    """Put ``backup`` in place of the diary file at ``path`` without opening it first.

    The file it replaces is kept beside it (returned), never deleted.
    """
    return _restore_backup(Path(path), backup.path)


def _settings_errors(
    settings: dict[str, int], only: dict[str, int] | None = None
) -> dict[str, str]:
    """What is wrong with programme settings, by name (empty when all is well)."""
    errors = {}
    for name, value in (only if only is not None else settings).items():
        if name not in SETTING_RANGES:
            errors[name] = "Unknown setting."
            continue
        lo, hi = SETTING_RANGES[name]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            errors[name] = f"Must be a whole number from {lo} to {hi}."
    if not errors and settings.get("safe_max", 3) >= settings.get("acceptable_max", 5):
        errors["acceptable_max"] = "The acceptable pain limit must be above the safe one."
    return errors


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


class _RecordedView(Sequence[Session]):
    """Recorded sessions from ``start`` on, in date order, without copying them all."""

    def __init__(
        self, index: list[tuple[dt.date, int]], sessions: dict[int, Session], start: dt.date
    ) -> None:
        self._index = index
        self._sessions = sessions
        self._lo = bisect.bisect_left(index, (start, 0))

    def __len__(self) -> int:
        return len(self._index) - self._lo

    def __getitem__(self, item):  # type: ignore[override]
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(len(self)))]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        return self._sessions[self._index[self._lo + item][1]]


def _same_kind(a: Session, b: Session) -> bool:
    return (a.activity == RUN_WALK) == (b.activity == RUN_WALK)


class Diary:
    """One diary file: sessions, check-ins and the programme.

    Open it with :meth:`Diary.open`. Every change is written to disk before the
    call returns; a failed write raises and leaves the file as it was.
    """

    def __init__(self, store: DiaryStore, today: Today = clock.system_today) -> None:
        self._store = store
        self._today = today
        self._removed: dict[int, dict[str, object]] = {}
        self._listeners: list[Callable[[Change], None]] = []
        self._load()

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], today: Today | None = None) -> Diary:
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
        self._sessions: dict[int, Session] = {
            i: from_record(r, i) for i, r in self._store.all(SESSIONS).items()
        }
        self._check_ins: dict[int, CheckIn] = {
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
        self._index = sorted((s.date, i) for i, s in self._sessions.items())
        self._check_in_list = sorted(self._check_ins.values(), key=lambda c: c.date)
        self._check_in_days = [c.date for c in self._check_in_list]
        self._timeline: Timeline | None = None

    # -- outside changes ---------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether something else changed the file since this diary read or wrote it."""
        return self._store.changed_on_disk()

    def reload(self) -> None:
        """Read the file again, dropping nothing but what is in memory."""
        self._store.reload()
        self._load()
        self._changed("reloaded")

    # -- listeners ---------------------------------------------------------
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

    # -- backups -----------------------------------------------------------
    def backup(self, reason: str = "start") -> Backup | None:
        """Back up the diary file as it is (the app does this at each start)."""
        return self._store.backup(reason)

    def backups(self) -> list[BackupInfo]:
        """The backups of this diary, newest first, each with its date and counts."""
        return [describe_backup(b) for b in list_backups(self.path)]

    def restore_backup(self, backup: Backup | BackupInfo | Path) -> Path | None:
        """Put a backup in place of the diary and read it.

        The current file is kept beside the diary (returned), never deleted.
        Raises DiaryFileError, changing nothing, if the backup is not a good diary.
        """
        kept = _restore_backup(self.path, getattr(backup, "path", backup))
        self.reload()
        return kept

    # -- sessions ----------------------------------------------------------
    def sessions(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Session]:
        """Recorded and planned sessions sorted by date; both bounds inclusive.

        A programme run recorded without a stage shows the stage due on its day.
        """
        timeline = self.timeline
        stages = timeline.stages
        result = [
            s.replace(stage=stages[s.id]) if s.is_run and s.stage is None and s.id in stages else s
            for s in self.recorded(start, end)
        ]
        result.extend(timeline.planned_in(start, end))
        result.sort(key=lambda s: (s.date, s.status != DONE, s.id or 0))
        return result

    def recorded(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Session]:
        """Sessions stored in the file (not the programme's plan), sorted by date."""
        lo = 0 if start is None else bisect.bisect_left(self._index, (start, 0))
        hi = (
            len(self._index)
            if end is None
            else bisect.bisect_right(self._index, (end, float("inf")))
        )
        return [self._sessions[i] for _, i in self._index[lo:hi]]

    def get(self, session_id: int) -> Session:
        """The recorded session with that id (KeyError if there is none)."""
        return self._sessions[session_id]

    @property
    def first_date(self) -> dt.date | None:
        return self._index[0][0] if self._index else None

    def record(self, session: Session) -> Session:
        """Validate and store ``session``; return it with its ``id``.

        A done session on a day with a plan of the same kind fulfils that plan
        instead of adding a second session. A run's stage is the stage due on its
        day, worked out again whenever earlier records change; a stage given that
        differs from the due one is kept as given.
        """
        if session.id is not None:
            raise InvalidSession({"id": "A new session has no id yet; use update() to edit."})
        session = self._own_stage(validate(session, self.today()))
        if session.status == DONE:
            stored_plan = self._stored_plan_on(session)
            if stored_plan is not None:
                return self.update(session.replace(id=stored_plan.id))
        new_id = self._store.insert(SESSIONS, to_record(session))
        session = session.replace(id=new_id)
        self._sessions[new_id] = session
        self._reindex()
        self._changed("sessions", session.date)
        return session

    def mark_done(self, planned: Session, **fields: object) -> Session:
        """Tick off a planned session with the scores and notes given; return it as stored."""
        return self.update(planned.replace(status=DONE, **fields))

    def _stored_plan_on(self, session: Session) -> Session | None:
        for other in self.recorded(session.date, session.date):
            if other.status == PLANNED and _same_kind(other, session):
                return other
        return None

    def due_stage(self, on: dt.date) -> int | None:
        """The stage a programme run done on ``on`` has (None outside Phase 2)."""
        day = self.timeline.day(on)
        planned = next((s.stage for s in day.planned if s.is_run), None)
        return planned if planned is not None else day.advice.stage

    def _own_stage(self, session: Session) -> Session:
        """Keep a run's stage only where it differs from the one due on its day."""
        typed = session.stage
        if session.is_run and typed is not None and typed == self.due_stage(session.date):
            return session.replace(stage=None)
        return session

    def update(self, session: Session) -> Session:
        """Store the edited ``session`` (found by its id); return it as stored.

        A planned session from :meth:`sessions` (with no id) is recorded as done
        and fulfils the plan.
        """
        if session.id is None:
            return self.record(session.replace(status=DONE))
        if session.id not in self._sessions:
            raise InvalidSession({"id": f"There is no session with id {session.id!r}."})
        session = self._own_stage(validate(session, self.today()))
        old = self._sessions[session.id]
        self._store.replace(SESSIONS, session.id, to_record(session))
        self._sessions[session.id] = session
        self._reindex()
        self._changed("sessions", old.date, session.date)
        return session

    def delete(self, session_id: int) -> Session:
        """Remove the session with that id; return what was removed."""
        session = self._sessions[session_id]
        raw = self._store.get(SESSIONS, session_id) or {}
        self._store.remove(SESSIONS, session_id)
        self._removed[session_id] = raw  # so undo brings back fields the app doesn't know
        del self._sessions[session_id]
        self._reindex()
        self._changed("sessions", session.date)
        return session

    def restore(self, session: Session) -> Session:
        """Put a deleted session back under its old id (what undo of a delete does)."""
        if session.id is None or session.id in self._sessions:
            raise InvalidSession({"id": f"Session id {session.id!r} can't be restored."})
        session = validate(session, self.today())
        raw = self._removed.pop(session.id, {})
        self._store.insert_with_id(SESSIONS, session.id, {**raw, **to_record(session)})
        self._sessions[session.id] = session
        self._reindex()
        self._changed("sessions", session.date)
        return session

    def add_many(
        self, sessions: Iterable[Session], check_ins: Iterable[CheckIn] = ()
    ) -> list[Session]:
        """Validate all, then store all in one write (or none if any is invalid)."""
        today = self.today()
        checked = [validate(s, today) for s in sessions]
        checked_ins = [validate_check_in(c, today) for c in check_ins]
        with self._store.transaction():  # sessions and check-ins: one write, or none
            ids = self._store.insert_many(SESSIONS, [to_record(s) for s in checked])
            if checked_ins:
                self._store.insert_many(CHECK_INS, [check_in_to_record(c) for c in checked_ins])
        self._load()
        self._changed("sessions", *(s.date for s in checked), *(c.date for c in checked_ins))
        return [s.replace(id=i) for s, i in zip(checked, ids, strict=True)]

    # -- check-ins and red flags ------------------------------------------
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

    def lift_pause(self, on: dt.date, cleared_by: str = "myself") -> None:
        """Lift a red-flag pause from ``on``, saying who cleared the runner to go on.

        ``cleared_by`` is a clinician's name or "myself"; it is stored with the
        lift and shown in the report. The red flags stay on record.
        """
        if not isinstance(cleared_by, str) or not cleared_by.strip():
            raise InvalidSession(
                {"cleared_by": "Say who cleared you: a clinician's name, or myself."}
            )
        if len(cleared_by) > 200:
            raise InvalidSession({"cleared_by": "Keep the name to at most 200 characters."})
        if on > self.today():
            raise InvalidSession({"on": "A pause is lifted on the day you carry on, not ahead."})
        if self.timeline.paused_on(on) is None:
            raise ValueError(f"The programme is not paused on {on:%d %B %Y}.")
        record = {"date": on.isoformat(), "cleared_by": cleared_by.strip()}
        self._store.insert(PAUSE_LIFTS, record)
        lift = Lift(on, cleared_by.strip())
        self._lifts = sorted([*self._lifts, lift], key=lambda x: x.date)
        self._timeline = None
        self._changed("programme", on)

    def lifts(self) -> list[Lift]:
        """The lifted pauses: their day and who cleared the runner."""
        return list(self._lifts)

    # -- taking back a check-in or a lift (what undo does) -------------------
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

    def undo_lift(self, on: dt.date) -> Lift:
        """Take back the newest lift of a pause on ``on``: the pause holds again."""
        ids = [
            i for i, r in self._store.all(PAUSE_LIFTS).items() if r.get("date") == on.isoformat()
        ]
        lifts = [x for x in self._lifts if x.date == on]
        if not ids or not lifts:
            raise ValueError(f"No pause was lifted on {on:%d %B %Y}.")
        self._store.remove(PAUSE_LIFTS, max(ids))
        lift = lifts[-1]
        self._lifts = [x for x in self._lifts if x is not lift]
        self._timeline = None
        self._changed("programme", on)
        return lift

    def answer_readiness(self, on: dt.date, walk_ok: bool, hops_ok: bool) -> Readiness:
        """Record the two readiness answers before the first run (DESIGN §1).

        ``walk_ok``: a brisk 30-minute walk is pain-free; ``hops_ok``: 10 hops on
        each leg are pain-free. A "no" in the last week of Phase 1 extends it.
        """
        errors = {}
        if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
            errors["on"] = "The day must be a calendar day."
        elif on > self.today():
            errors["on"] = "That day hasn't come yet."
        for name, value in (("walk_ok", walk_ok), ("hops_ok", hops_ok)):
            if not isinstance(value, bool):
                errors[name] = "Answer yes (True) or no (False)."
        if errors:
            raise InvalidSession(errors)
        answer = Readiness(on, walk_ok, hops_ok)
        record = {"date": on.isoformat(), "walk_ok": walk_ok, "hops_ok": hops_ok}
        self._store.insert(READINESS, record)
        self._readiness = sorted([*self._readiness, answer], key=lambda x: x.date)
        self._timeline = None
        self._changed("programme", on)
        return answer

    # -- the programme -----------------------------------------------------
    @property
    def settings(self) -> ProgrammeSettings | None:
        """The programme's settings, or None before a programme is started."""
        return self._settings

    def start_programme(self, start: dt.date, **settings: int) -> ProgrammeSettings:
        """Plan the programme of DESIGN §1 from ``start`` (settings as in DESIGN §3)."""
        errors = _settings_errors(settings)
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            errors["start"] = "The start must be a calendar day."
        if errors:
            raise InvalidSession(errors)
        new = ProgrammeSettings(start=start, **settings)
        self._store.set_single(PROGRAMME, new.to_record())
        self._settings = new
        self._timeline = None
        self._changed("programme")
        return new

    def update_settings(self, **settings: int) -> ProgrammeSettings:
        """Change the programme's phase lengths or pain thresholds; the plan follows."""
        if self._settings is None:
            raise ValueError("Start a programme before changing its settings.")
        current = {name: getattr(self._settings, name) for name in SETTING_RANGES}
        errors = _settings_errors({**current, **settings}, only=settings)
        if errors:
            raise InvalidSession(errors)
        return self._change_settings(**settings)

    def _change_settings(self, **changes: object) -> ProgrammeSettings:
        if self._settings is None:
            raise ValueError("No programme has been started.")
        new = self._settings.__class__(**{**self._settings.__dict__, **changes})
        self._store.set_single(PROGRAMME, new.to_record())
        self._settings = new
        self._timeline = None
        self._changed("programme")
        return new

    def start_running(self, on: dt.date) -> ProgrammeSettings:
        """Overrule a Phase 1 extension: the first run is planned on ``on``."""
        if self._settings is None:
            raise ValueError("Start a programme before planning the first run.")
        if on <= self._settings.start:
            raise ValueError("The first run must come after the programme's start.")
        return self._change_settings(running_from=on)

    def start_build_up(self, enabled: bool = True) -> ProgrammeSettings:
        """Turn the optional build-up phase (beyond the source article) on or off."""
        return self._change_settings(build_up=enabled)

    @property
    def timeline(self) -> Timeline:
        """The programme worked out from the settings and the records, day by day (cached)."""
        today = self.today()
        if self._timeline is None or self._timeline.today != today:
            self._timeline = build_timeline(
                self._settings,
                self._programme_sessions(),
                self.check_ins(),
                self._lifts,
                self._readiness,
                today=today,
            )
        return self._timeline

    #: The timeline under its earlier name.
    plan = timeline

    def day(self, on: dt.date) -> Day:
        """Everything the programme says about ``on``: plan, advice, rest."""
        return self.timeline.day(on)

    def suggested_session(self, on: dt.date) -> Session:
        """A new session for ``on`` prefilled from the plan (at the stage due) or habit."""
        day = self.timeline.day(on)
        planned = [s for s in self.sessions(on, on) if not s.is_done]
        recent = self.recorded(on - dt.timedelta(days=60), on)
        in_programme = self._settings is not None and day.advice.action != "complete"
        return suggested_session(on, planned, recent, in_programme, self.today())

    def day_marks(self, start: dt.date, end: dt.date) -> dict[dt.date, DayMark]:
        """What the calendar shows for each day from ``start`` to ``end``."""
        timeline = self.timeline
        days = {d: e for d, e in timeline.days.items() if start <= d <= end}
        recorded = self.recorded(start, end)
        outcomes = {
            s.id: o.outcome
            for s in recorded
            if s.id is not None and (o := timeline.outcome_of(s.id)) is not None and o.outcome
        }
        checked = {
            o.date: o.outcome
            for o in timeline.outcomes
            if o.check_in and o.outcome and start <= o.date <= end
        }
        return day_marks(
            days,
            recorded,
            self.check_ins(start, end),
            self.today(),
            self.thresholds,
            outcomes,
            checked,
        )

    def outcome_of(self, session_id: int | None) -> Outcome | None:
        """How the progression rule judged a recorded session (None if it did not)."""
        return self.timeline.outcome_of(session_id)

    @property
    def thresholds(self) -> Thresholds:
        """The pain limits in force: the programme's, or the defaults."""
        return self._settings.thresholds if self._settings else Thresholds()

    def _programme_sessions(self) -> Sequence[Session]:
        if self._settings is None:
            return []
        return _RecordedView(self._index, self._sessions, self._settings.start)

    def advice(self, on: dt.date) -> Advice:
        """What ``on`` asks for: ``action``, ``stage`` and ``reason``."""
        return self.timeline.advice(on)

    # -- sharing (the export code is imported only when used) --------------
    def export_csv(self, path: str | os.PathLike[str]) -> int:
        """Write the recorded sessions as CSV; return how many rows were written."""
        from recovery_diary.exports.csv_io import export_csv

        return export_csv(self.recorded(), Path(path))

    def import_csv(self, path: str | os.PathLike[str]) -> list[Session]:
        """Import sessions from CSV: all rows or, if any row is bad, none.

        Raises ValueError naming each bad row as a spreadsheet numbers it.
        Sessions already in the diary (every field the same) are not added twice.
        A backup of the diary is taken before anything is added.
        """
        from recovery_diary.exports.csv_io import read_csv

        sessions = read_csv(Path(path), self.today())
        known = {tuple(to_record(s).items()) for s in self._sessions.values()}
        today = self.today()
        new = [s for s in sessions if tuple(to_record(validate(s, today)).items()) not in known]
        if not new:
            return []
        self.backup("import")
        return self.add_many(new)

    def export_report(
        self,
        path: str | os.PathLike[str],
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        paper: str = "a4",
    ) -> Path:
        """Write the PDF report for a physiotherapist (``paper``: "a4" or "letter")."""
        from recovery_diary.exports.report import write_report

        return write_report(self, Path(path), start, end, paper=paper, today=self.today())

    def export_calendar(self, path: str | os.PathLike[str]) -> int:
        """Write the planned sessions as an iCalendar file; return how many events."""
        from recovery_diary.exports.ics import write_calendar

        planned = [s for s in self.sessions() if s.status == PLANNED]
        return write_calendar(planned, Path(path))

    # -- watch and phone files (the reading and writing live in exports) -----
    @property
    def walk_run_kmh(self) -> float:
        """The speed (km/h) from which an imported activity counts as running."""
        from recovery_diary.exports.activity import WALK_RUN_KMH

        return float((self._store.single(WATCH) or {}).get("walk_run_kmh", WALK_RUN_KMH))

    @walk_run_kmh.setter
    def walk_run_kmh(self, kmh: float) -> None:
        from recovery_diary.exports.watch_import import check_walk_run_kmh

        self._store.set_single(WATCH, {"walk_run_kmh": check_walk_run_kmh(kmh)})

    def import_activity(
        self, path: str | os.PathLike[str], *, tz: dt.tzinfo | None = None
    ) -> list[ImportedActivity]:
        """Record each activity of a watch or phone file (.fit, .gpx, .tcx) as a done session.

        Returns one ImportedActivity per activity in the file, in order of start.
        An activity already imported (the same start, to within a minute) records
        nothing new: its ``new`` is False and its ``session`` the one recorded
        before. A broken, empty or foreign file, or an activity the diary can't
        take, raises ValueError naming the file, and nothing is recorded. The
        session's date is the day of its start in ``tz`` (default: this computer's).
        """
        from recovery_diary.exports import watch_import as wi

        path = Path(path)
        stored = wi.imported_starts(self._store.all(SESSIONS))
        # A session put back to a plan (undo) no longer stands for its activity.
        known = [(t, i) for t, i in stored if i in self._sessions and self._sessions[i].is_done]
        new, before = wi.sort_out(path, self.walk_run_kmh, known, self.today(), tz)
        results = [
            wi.ImportedActivity(self._sessions[i], False, a.start, path.name) for a, i in before
        ]
        if new:
            self.backup("import")
            try:
                with self._store.transaction():  # all of the file's activities, or none
                    for activity, session in new:
                        saved = self.record(session)
                        assert saved.id is not None
                        self._store.replace(SESSIONS, saved.id, wi.source_fields(activity, path))
                        results.append(wi.ImportedActivity(saved, True, activity.start, path.name))
            except BaseException:
                self._load()  # the file is as it was: so is the diary in memory
                raise
        return sorted(results, key=lambda r: r.start)

    def export_workouts(
        self,
        folder: str | os.PathLike[str],
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[Path]:
        """Write one FIT workout file per planned run from ``start`` (default today) to ``end``.

        Each file's steps are the run's intervals of the stage table; returns the paths.
        """
        from recovery_diary.exports.workouts import write_workouts

        start = start if start is not None else self.today()
        planned = [s for s in self.sessions(start, end) if s.status == PLANNED and s.is_run]
        return write_workouts(planned, Path(folder), clock.system_now().astimezone())
