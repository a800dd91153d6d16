"""The programme side of the facade: settings, the timeline, the plan and the advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from recovery_diary.core.calendar_marks import DayMark, day_marks
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
    Session,
    to_record,
    validate,
)
from recovery_diary.core.suggest import suggested_session
from recovery_diary.storage.store import (
    PAUSE_LIFTS,
    PROGRAMME,
    SESSIONS,
)

if TYPE_CHECKING:
    pass


from recovery_diary.core.settings import settings_errors
from recovery_diary.diary.base import READINESS, SETTING_RANGES, DiaryRecords
from recovery_diary.diary.recorded import RecordedView


class DiaryProgramme(DiaryRecords):
    """The diary's programme: worked out day by day from its records (DESIGN §1)."""

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
        self._reindex_session(new_id)
        self._changed("sessions", session.date)
        return session

    def mark_done(self, planned: Session, **fields: object) -> Session:
        """Tick off a planned session with the scores and notes given; return it as stored."""
        return self.update(planned.replace(status=DONE, **fields))

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
        session_id = session.id
        session = self._own_stage(validate(session, self.today()))
        old = self._sessions[session_id]
        self._store.replace(SESSIONS, session_id, to_record(session))
        self._sessions[session_id] = session
        self._reindex_session(session_id, old.date)
        self._changed("sessions", old.date, session.date)
        return session

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

    # -- taking back a lift (what undo does) -----------------------------------
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

    @property
    def settings(self) -> ProgrammeSettings | None:
        """The programme's settings, or None before a programme is started."""
        return self._settings

    def start_programme(self, start: dt.date, **settings: int) -> ProgrammeSettings:
        """Plan the programme of DESIGN §1 from ``start`` (settings as in DESIGN §3)."""
        errors = settings_errors(settings)
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            errors["start"] = "The start must be a calendar day."
        if errors:
            raise InvalidSession(errors)
        new = ProgrammeSettings(start, **settings)  # type: ignore[arg-type]  # checked above
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
        errors = settings_errors({**current, **settings}, only=settings)
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
        return RecordedView(self._index, self._settings.start)

    def advice(self, on: dt.date) -> Advice:
        """What ``on`` asks for: ``action``, ``stage`` and ``reason``."""
        return self.timeline.advice(on)
