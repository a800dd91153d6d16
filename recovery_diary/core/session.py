"""The session record, its fields as stored in the diary file, and its validation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, cast

from recovery_diary.core.drafts import draft_of
from recovery_diary.core.errors import InvalidSession

RUN_WALK = "run_walk"
PLANNED = "planned"
DONE = "done"
STATUSES = (PLANNED, DONE)

#: Activity keys in the order the form offers them, with the words a runner reads.
ACTIVITY_LABELS: dict[str, str] = {
    RUN_WALK: "Run/walk",
    "elliptical": "Elliptical",
    "cycling": "Cycling",
    "walking": "Walking",
    "swimming": "Swimming",
    "rowing": "Rowing machine",
    "other": "Other",
}
ACTIVITIES = tuple(ACTIVITY_LABELS)
LOW_IMPACT = tuple(a for a in ACTIVITIES if a != RUN_WALK)

#: How the programme treats each low-impact activity (DESIGN §1).
RECOMMENDED = ("elliptical", "cycling")
ROWING_CAUTION = (
    "Careful with the rowing machine: rowing can aggravate the back if technique "
    "is poor. Prefer the elliptical or cycling."
)

PAIN_FIELDS = ("pain_before", "pain_during", "pain_after", "pain_next_morning")
PAIN_MIN, PAIN_MAX = 0, 10
MAX_MINUTES = 300
MAX_NOTES = 10_000
STAGES = range(1, 7)
#: Every date the diary stores lies in these years (a typo like 9999 is refused).
#: 1800, not 1900: a demo diary of up to 200 years of use (``--make-demo``) must fit.
FIRST_DAY, LAST_DAY = dt.date(1800, 1, 1), dt.date(2200, 12, 31)
#: The largest record id a diary file may hold (18 digits, what the file check reads).
MAX_RECORD_ID = 10**18 - 1

#: The fields of a session in the order of DESIGN §3 (also the CSV columns).
FIELDS = (
    "id",
    "date",
    "activity",
    "status",
    "stage",
    "run_minutes",
    "walk_minutes",
    "repeats",
    "duration_minutes",
    *PAIN_FIELDS,
    "notes",
)


@dataclass(frozen=True, slots=True)
class Session:
    """One session: recorded (``done``) or planned.

    Minutes are totals for the session. For run/walk sessions
    ``duration_minutes`` is the sum of run and walk minutes.
    """

    date: dt.date
    activity: str
    id: int | None = None
    status: str = DONE
    stage: int | None = None
    run_minutes: float | None = None
    walk_minutes: float | None = None
    repeats: int | None = None
    duration_minutes: float | None = None
    pain_before: int | None = None
    pain_during: int | None = None
    pain_after: int | None = None
    pain_next_morning: int | None = None
    notes: str = ""

    @property
    def is_run(self) -> bool:
        return self.activity == RUN_WALK

    @property
    def is_done(self) -> bool:
        return self.status == DONE

    @property
    def running_share(self) -> float | None:
        """Running as a percentage of the session (continuous running = 100)."""
        if not self.is_run or not self.run_minutes:
            return None
        total = self.run_minutes + (self.walk_minutes or 0)
        return 100.0 * self.run_minutes / total

    @property
    def worst_pain(self) -> int | None:
        scores = [getattr(self, f) for f in PAIN_FIELDS if getattr(self, f) is not None]
        return max(scores) if scores else None

    def replace(self, **changes: Any) -> Session:
        return dataclasses.replace(self, **changes)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def day_error(value: object, what: str = "The date") -> str | None:
    """What is wrong with ``value`` as a stored calendar day, or None."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return f"{what} must be a calendar day."
    if not FIRST_DAY <= value <= LAST_DAY:
        return f"{what} must be between {FIRST_DAY.year} and {LAST_DAY.year}."
    return None


def _pain_error(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, int) or not _is_int(value) or not PAIN_MIN <= value <= PAIN_MAX:
        return "Pain is scored from 0 (no pain) to 10 (worst imaginable)."
    return None


def _minutes_errors(session: Session) -> dict[str, str]:
    errors: dict[str, str] = {}
    if session.is_run:
        run, walk = session.run_minutes, session.walk_minutes
        if run is None or not _is_number(run) or run <= 0:
            errors["run_minutes"] = "Run minutes must be more than zero."
        if walk is not None and (not _is_number(walk) or walk < 0):
            errors["walk_minutes"] = "Walk minutes can't be negative."
        if not errors and run is not None and run + (walk or 0) > MAX_MINUTES:
            errors["run_minutes"] = (
                f"Run and walk minutes together can't be more than {MAX_MINUTES}."
            )
        if session.repeats is not None and (
            not _is_int(session.repeats) or not 1 <= session.repeats <= 100
        ):
            errors["repeats"] = "The number of run intervals must be a whole number from 1 to 100."
        if session.stage is not None and (
            not _is_int(session.stage) or session.stage not in STAGES
        ):
            errors["stage"] = "The stage must be a whole number from 1 to 6."
        return errors
    duration = session.duration_minutes
    if duration is None or not _is_number(duration) or duration <= 0:
        errors["duration_minutes"] = "The duration must be more than zero minutes."
    elif duration > MAX_MINUTES:
        errors["duration_minutes"] = f"The duration can't be more than {MAX_MINUTES} minutes."
    for name in ("run_minutes", "walk_minutes", "repeats", "stage"):
        if getattr(session, name) is not None:
            errors[name] = (
                "Only run/walk sessions have run and walk minutes, intervals and a stage."
            )
    return errors


def validate(session: Session, today: dt.date) -> Session:
    """Return ``session`` made consistent, or raise :class:`InvalidSession`.

    Every bad field is named, each with a sentence a runner understands. For a
    run/walk session the duration becomes the sum of run and walk minutes.
    A done session can't be dated after ``today`` (the diary's clock).
    """
    errors: dict[str, str] = {}
    if session.id is not None and (not _is_int(session.id) or not 1 <= session.id <= MAX_RECORD_ID):
        errors["id"] = f"The id must be a whole number from 1 to {MAX_RECORD_ID:,}."
    if day_error(session.date) is not None:
        errors["date"] = str(day_error(session.date))
    elif session.status == DONE and session.date > today:
        errors["date"] = (
            "That day is still to come, so the session can't be done yet. "
            "Mark it as planned, or choose today or an earlier day."
        )
    if session.activity not in ACTIVITIES:
        names = ", ".join(ACTIVITY_LABELS.values())
        errors["activity"] = f"Unknown activity {session.activity!r}: choose one of {names}."
    if session.status not in STATUSES:
        errors["status"] = "The status must be 'planned' or 'done'."
    if session.activity in ACTIVITIES:
        errors.update(_minutes_errors(session))
    for name in PAIN_FIELDS:
        message = _pain_error(getattr(session, name))
        if message:
            errors[name] = message
    if not isinstance(session.notes, str):
        errors["notes"] = "Notes must be text."
    elif len(session.notes) > MAX_NOTES:
        errors["notes"] = f"Notes can't be longer than {MAX_NOTES:,} characters."
    if errors:
        raise InvalidSession(errors)
    if session.is_run:
        walk = session.walk_minutes or 0
        run = session.run_minutes or 0  # checked above: a run has its minutes
        if session.walk_minutes != walk or session.duration_minutes != run + walk:
            return session.replace(walk_minutes=walk, duration_minutes=run + walk)
    return session


def plainly_valid(session: Session, today: dt.date) -> bool:
    """Whether :func:`validate` would return ``session`` itself, told fast (for many at once).

    True only for a session with nothing to refuse or make consistent; False
    says nothing: ask :func:`validate`, which names what is wrong. Stricter
    about types than :func:`validate` (no subclasses), never more lenient.
    """
    s = session
    day, status = s.date, s.status
    if s.id is not None and (type(s.id) is not int or not 1 <= s.id <= MAX_RECORD_ID):
        return False
    if type(day) is not dt.date or not FIRST_DAY <= day <= LAST_DAY:
        return False
    if status == DONE:
        if day > today:
            return False
    elif status != PLANNED:
        return False
    for pain in (s.pain_before, s.pain_during, s.pain_after, s.pain_next_morning):
        if pain is not None and (type(pain) is not int or not PAIN_MIN <= pain <= PAIN_MAX):
            return False
    if type(s.notes) is not str or len(s.notes) > MAX_NOTES:
        return False
    if s.activity == RUN_WALK:
        run, walk = s.run_minutes, s.walk_minutes
        return (
            _plain_minutes(run)
            and _plain_minutes(walk)
            and run > 0  # type: ignore[operator]
            and walk >= 0  # type: ignore[operator]
            and run + walk <= MAX_MINUTES  # type: ignore[operator]
            and s.duration_minutes == run + walk  # type: ignore[operator]
            and (s.repeats is None or (type(s.repeats) is int and 1 <= s.repeats <= 100))
            and (s.stage is None or (type(s.stage) is int and s.stage in STAGES))
        )
    return (
        s.activity in ACTIVITIES
        and _plain_minutes(s.duration_minutes)
        and 0 < s.duration_minutes <= MAX_MINUTES  # type: ignore[operator]
        and s.run_minutes is None
        and s.walk_minutes is None
        and s.repeats is None
        and s.stage is None
    )


def _plain_minutes(value: object) -> bool:
    kind = type(value)
    return kind is int or (kind is float and math.isfinite(value))  # type: ignore[arg-type]


_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Session)}
_NAMES = frozenset(_DEFAULTS)
_REQUIRED = [name for name, default in _DEFAULTS.items() if default is dataclasses.MISSING]
#: Sessions are built as drafts (see :mod:`drafts`): a diary builds all of its own at open.
_Draft = draft_of(Session)
_new = object.__new__


def make_session(fields: dict[str, Any]) -> Session:
    """``Session(**fields)``, built faster (for many sessions at once).

    Nothing is checked but the names: use :func:`validate` (or
    :func:`plainly_valid`) on the result, as ever.
    """
    values = fields
    if values.keys() != _NAMES:
        values = {**_DEFAULTS, **fields}
        if values.keys() != _NAMES or any(values[n] is dataclasses.MISSING for n in _REQUIRED):
            return Session(**fields)  # the usual TypeError for a wrong or missing field
    draft: Any = _new(_Draft)
    for name, value in values.items():
        setattr(draft, name, value)
    draft.__class__ = Session
    return cast(Session, draft)


def _number_to_file(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def to_record(session: Session) -> dict[str, Any]:
    """The session as stored in the diary file (JSON types, ISO date, no id).

    The keys are :data:`FIELDS` but the id, in that order.
    """
    s = session
    run, walk, duration = s.run_minutes, s.walk_minutes, s.duration_minutes
    return {
        "date": s.date.isoformat(),
        "activity": s.activity,
        "status": s.status,
        "stage": s.stage,
        # type() first: most minutes are whole numbers already.
        "run_minutes": run if type(run) is int else _number_to_file(run),
        "walk_minutes": walk if type(walk) is int else _number_to_file(walk),
        "repeats": s.repeats,
        "duration_minutes": duration if type(duration) is int else _number_to_file(duration),
        "pain_before": s.pain_before,
        "pain_during": s.pain_during,
        "pain_after": s.pain_after,
        "pain_next_morning": s.pain_next_morning,
        "notes": s.notes,
    }


#: The words a session's activity and status are made of, each kept once.
_WORDS = {word: word for word in (*ACTIVITIES, *STATUSES)}


def from_record(record: dict[str, Any], session_id: int | None = None) -> Session:
    """Build a session from a stored record; unknown keys are ignored here.

    Built as a draft (see :mod:`drafts`): a diary's sessions are all built
    this way at open, and the frozen ``__init__`` takes twice as long.
    """
    try:
        day = dt.date.fromisoformat(record["date"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidSession({"date": "The date must be a calendar day (YYYY-MM-DD)."}) from exc
    get = record.get  # a missing field takes the field's default
    activity, status = get("activity", ""), get("status", DONE)
    # One copy of each word, not one per session: a long diary holds tens of thousands.
    if type(activity) is str:
        activity = _WORDS.get(activity, activity)
    if type(status) is str:
        status = _WORDS.get(status, status)
    draft: Any = _new(_Draft)
    draft.date = day
    draft.activity = activity
    draft.id = session_id
    draft.status = status
    draft.stage = get("stage")
    draft.run_minutes = get("run_minutes")
    draft.walk_minutes = get("walk_minutes")
    draft.repeats = get("repeats")
    draft.duration_minutes = get("duration_minutes")
    draft.pain_before = get("pain_before")
    draft.pain_during = get("pain_during")
    draft.pain_after = get("pain_after")
    draft.pain_next_morning = get("pain_next_morning")
    draft.notes = get("notes", "")
    draft.__class__ = Session
    return cast(Session, draft)
