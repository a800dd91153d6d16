"""The return-to-run programme of DESIGN §1: plan, progression rule and advice.

Everything here is a pure function of the programme settings and what has been
recorded (sessions, check-ins, pause lifts); today's date never enters a plan.

How the records are read:

* Phase 1 is a run of 7-day weeks from the start. A week is *green* when at
  least one low-impact session was done in it and none of its judged sessions
  was amber or red (sessions without pain scores are not judged). After the
  planned weeks the first run comes the day after a green week; otherwise
  Phase 1 grows by a week. A week with nothing recorded counts as still to
  come (so a new programme is planned in full) until something is recorded
  after it, or until the advice is asked for a later day: then it is a week
  without sessions and Phase 1 grows.
* The first done run on or after the planned first run's day opens Phase 2
  (``running_from`` overrules the Phase 1 end). A run recorded earlier opens
  it only when recorded with a stage; without one it is a session of its own.
* Phase 2 follows the done runs in date order. Each keeps its recorded stage;
  a run recorded without one gets the stage that was due that day.
* A red reaction check after the first run means two more days without a run
  after the day of the check (the next run comes three days after it), like
  a red run.
* "Eight weeks without a green week" counts the Phase 1 weeks in a row, up to
  the last finished one, that were not green.
* ``Plan.advice(on)`` answers as seen on ``on``, with the records dated before
  it: a planned run not done by then is due that day (lower after 8 days),
  and a Phase 1 week that is over without sessions makes Phase 1 longer. For
  a day still to come it is what that day asks for if nothing more is
  recorded before it; ``Plan.planned`` instead assumes each session goes to
  plan.
* The build-up phase (only when asked for, beyond the source article) plans
  three continuous runs a week, each week at most 10 % longer than the one
  before, towards 30 minutes; an amber week is repeated and a red run steps
  a week back, with two days without a run after it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from recovery_diary.core.checkin import CheckIn, red_flag_message
from recovery_diary.core.pain import AMBER, GREEN, RED, Thresholds, traffic_light
from recovery_diary.core.session import DONE, PLANNED, RUN_WALK, Session

LOW_IMPACT, RUN, REST = "low_impact", "run", "rest"
REACTION_CHECK, NEXT_MORNING_SCORE, PAUSED, COMPLETE = (
    "reaction_check",
    "next_morning_score",
    "paused",
    "complete",
)
ACTIONS = (LOW_IMPACT, RUN, REST, REACTION_CHECK, NEXT_MORNING_SCORE, PAUSED, COMPLETE)

PHASE_1 = "Phase 1 — low-impact base"
PHASE_2 = "Phase 2 — run/walk"
BUILD_UP = "Build-up (beyond the article)"

FIRST_STAGE, LAST_STAGE = 1, 6
RUN_MINUTES = 10
#: Phase 1 sessions fall on these days of each 7-day week, the first ``sessions_per_week``.
PHASE1_OFFSETS = (0, 2, 4, 6)
PHASE1_ACTIVITIES = ("elliptical", "cycling")
#: The optional low-impact session on the days between runs in Phase 2.
OPTIONAL_MINUTES = 30
CLINICIAN_WEEKS = 8
BUILD_UP_TARGET = 30
#: Build-up runs fall on these days of each build-up week (the week starts the day after
#: the programme is complete), so the first comes two days after the last stage 6 run.
BUILD_UP_OFFSETS = (1, 3, 5)
BEYOND_ARTICLE = "beyond the source article"

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
_FAR = dt.date.max
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ACTIVITY_WORDS = {"elliptical": "on the elliptical", "cycling": "on the bike"}


@dataclass(frozen=True)
class Stage:
    """One run/walk stage of Phase 2: a 10-minute session in plain words."""

    number: int
    pattern: str
    run: float
    walk: float
    repeats: int

    @property
    def duration(self) -> float:
        return self.run + self.walk

    @property
    def running_share(self) -> int:
        """Running as a percentage of the session."""
        return round(100 * self.run / self.duration)

    def session(self, day: dt.date, status: str = DONE, **fields: Any) -> Session:
        """A run/walk session of this stage on ``day`` (other fields as given)."""
        return Session(
            date=day,
            activity=RUN_WALK,
            status=status,
            stage=self.number,
            run_minutes=self.run,
            walk_minutes=self.walk,
            repeats=self.repeats,
            duration_minutes=self.duration,
            **fields,
        )


#: The stage table of DESIGN §1 (run and walk are totals in minutes).
STAGES: dict[int, Stage] = {
    1: Stage(1, "5 × (1 min run + 1 min walk)", 5, 5, 5),
    2: Stage(2, "4 × (1½ min run + 1 min walk)", 6, 4, 4),
    3: Stage(3, "3 × (2 min run + 1 min walk) + 1 min run", 7, 3, 4),
    4: Stage(4, "2 × (3 min run + 1 min walk) + 2 min run", 8, 2, 3),
    5: Stage(5, "4½ min run + 1 min walk + 4½ min run", 9, 1, 2),
    6: Stage(6, "10 min continuous run", 10, 0, 1),
}


def _build_up_minutes() -> tuple[int, ...]:
    minutes, levels = RUN_MINUTES, []
    while minutes < BUILD_UP_TARGET:
        # Rounded down so no week grows by more than 10 %.
        minutes = min(BUILD_UP_TARGET, int(minutes * 1.1))
        levels.append(minutes)
    return tuple(levels)


#: Minutes of continuous running for each build-up level: 11, 12, ... 30.
BUILD_UP_MINUTES = _build_up_minutes()


@dataclass(frozen=True)
class ProgrammeSettings:
    """The programme's start and its settings (DESIGN §3 defaults)."""

    start: dt.date
    low_impact_weeks: int = 4
    sessions_per_week: int = 3
    first_minutes: int = 20
    step_minutes: int = 5
    safe_max: int = 3
    acceptable_max: int = 5
    running_from: dt.date | None = None
    build_up: bool = False

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.safe_max, self.acceptable_max)

    def to_record(self) -> dict[str, Any]:
        record = dataclasses.asdict(self)
        record["start"] = self.start.isoformat()
        record["running_from"] = self.running_from.isoformat() if self.running_from else None
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ProgrammeSettings:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in record.items() if k in names}
        values["start"] = dt.date.fromisoformat(values["start"])
        if values.get("running_from"):
            values["running_from"] = dt.date.fromisoformat(values["running_from"])
        return cls(**values)


@dataclass(frozen=True)
class Advice:
    """What a day asks for: ``action`` (one of ACTIONS), ``stage`` and ``reason``.

    ``stage`` is the stage of the next run in Phase 2 (also on days without a
    run) and ``None`` otherwise; ``pattern`` is the run/walk pattern in plain
    words on run days.
    """

    action: str
    stage: int | None
    reason: str
    pattern: str | None = None


@dataclass(frozen=True)
class Phase:
    """A part of the programme, for the chart and the report; ``end`` None = open."""

    name: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Outcome:
    """How a programme session was judged: ``outcome`` green/amber/red, None = not (yet)."""

    date: dt.date
    session_id: int | None
    stage: int | None
    outcome: str | None
    reason: str


def format_day(day: dt.date, ref: dt.date | None = None) -> str:
    """``Thursday 3 December``; the year is added when it differs from ``ref``'s."""
    text = f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"
    if ref is not None and ref.year != day.year:
        text += f" {day.year}"
    return text


def missed_run_drop(gap_days: int) -> int:
    """Stages lost when the next run comes ``gap_days`` after the last (8-12: 1, 13-17: 2)."""
    return 0 if gap_days < 8 else 1 + (gap_days - 8) // 5


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- judging one session ---------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """The rule's verdict on one session.

    ``outcome`` is green, amber, red, or None when the session can't be judged
    (yet); ``cause`` names what decided it: ``red_flag``, ``during``,
    ``morning``, ``settled``, ``no_morning`` or ``no_scores``.
    """

    session: Session
    outcome: str | None
    cause: str
    value: int | None = None
    limit: int | None = None
    flag_day: dt.date | None = None

    @property
    def needs_next_morning(self) -> bool:
        """Whether the verdict waits for the next-morning score."""
        return self.outcome is None and self.session.pain_next_morning is None

    def because(self, subject: str = "the session") -> str:
        """Why, in words: ``pain during the last run was 4/10``."""
        s = self.session
        if self.cause == "red_flag":
            assert self.flag_day is not None
            return f"a red flag was reported on {format_day(self.flag_day)}"
        if self.cause == "during":
            above = f", above {self.limit}" if self.outcome == RED else ""
            return f"pain during {subject} was {self.value}/10{above}"
        if self.cause == "morning":
            return f"next-morning pain after {subject} was {self.value} above the pain before it"
        if self.cause == "settled":
            if s.pain_during is None:
                return f"next-morning pain after {subject} was no higher than before it"
            if s.pain_next_morning is None or s.pain_before is None:
                return f"pain during {subject} was {s.pain_during}/10"
            return (
                f"pain during {subject} was {s.pain_during}/10 and had settled by the next morning"
            )
        if self.cause == "no_morning":
            return f"{subject} has no next-morning pain score yet"
        if self.cause == "no_baseline":
            return f"{subject} has a next-morning score but no pain before to compare it with"
        return f"{subject} has no pain scores"

    @property
    def reason(self) -> str:
        return _capital(self.because())


def judge(
    session: Session,
    safe_max: int = 3,
    acceptable_max: int = 5,
    *,
    red_flag_days: Collection[dt.date] = frozenset(),
    require_next_morning: bool = True,
) -> Judgement:
    """Judge one session by the pain-monitoring rule of DESIGN §1.

    Red: pain during above ``acceptable_max``, next-morning pain more than 2
    above the pain before, or a red flag reported that day or the next. Amber:
    pain during above ``safe_max``, or next morning 1-2 above before. Green
    otherwise. With ``require_next_morning`` (runs) a session without a
    next-morning score is not judged yet unless it is already red; in Phase 1
    it is judged on what is there. A session with neither pain during nor a
    next-morning score is not judged.
    """
    day = session.date
    for flag_day in (day, day + _DAY):
        if flag_day in red_flag_days:
            return Judgement(session, RED, "red_flag", flag_day=flag_day)
    during, morning, before = session.pain_during, session.pain_next_morning, session.pain_before
    rise = morning - before if morning is not None and before is not None else None
    if during is not None and during > acceptable_max:
        return Judgement(session, RED, "during", during, acceptable_max)
    if rise is not None and rise > 2:
        return Judgement(session, RED, "morning", rise)
    if during is None and morning is None:
        return Judgement(session, None, "no_scores")
    if morning is None and require_next_morning:
        return Judgement(session, None, "no_morning")
    if during is None and rise is None:
        return Judgement(session, None, "no_baseline")
    if during is not None and during > safe_max:
        return Judgement(session, AMBER, "during", during, safe_max)
    if rise is not None and rise > 0:
        return Judgement(session, AMBER, "morning", rise)
    return Judgement(session, GREEN, "settled")


def _worst(*outcomes: str | None) -> str | None:
    order = {None: -1, GREEN: 0, AMBER: 1, RED: 2}
    return max(outcomes, key=lambda o: order[o])


def _next_stage(stage: int, outcome: str | None) -> int:
    if outcome == GREEN:
        return min(LAST_STAGE, stage + 1)
    if outcome == RED:
        return max(FIRST_STAGE, stage - 1)
    return stage


def _stage_words(stage: int, outcome: str | None, before: int) -> str:
    if outcome == GREEN and stage > before:
        return f"Stage {stage} next"
    if outcome == GREEN:
        return f"Stage {stage} again, as one more green run completes the programme"
    if outcome == RED and stage < before:
        return f"Stage {stage}, one step back"
    if outcome == RED:
        return f"Stage {stage} again (the first stage)"
    return f"Stage {stage} repeated"


# -- the programme's runs ---------------------------------------------------


@dataclass(frozen=True)
class _Next:
    """What comes after a run: the next run's stage (before any missed-run drop) and day."""

    outcome: str | None
    stage: int
    earliest: dt.date
    why: str
    cause: str
    rest: tuple[dt.date, ...]
    decided: bool = True


@dataclass
class _Run:
    """A done programme run and what it leads to."""

    session: Session
    stage: int
    judgement: Judgement
    first: bool
    after: _Next
    #: First run only: what the reaction check decided, and the check's day.
    checked: _Next | None = None
    check_day: dt.date | None = None
    streak: int = 0

    @property
    def date(self) -> dt.date:
        return self.session.date

    @property
    def complete(self) -> bool:
        return self.streak >= 2

    def next_as_of(self, on: dt.date | None) -> _Next:
        """The next run as seen on ``on`` (None: with everything recorded)."""
        if self.checked is None or self.check_day is None:
            return self.after
        if on is None or self.check_day <= on:
            return self.checked
        return self.after

    @property
    def outcome(self) -> Outcome:
        nxt = self.next_as_of(None)
        if self.first and not nxt.decided and self.judgement.outcome != RED:
            text = "First run: waiting for the reaction check two days later"
            return Outcome(self.date, self.session.id, self.stage, None, text)
        if self.first:
            text = _capital(nxt.why) if nxt.decided else self.judgement.reason
            return Outcome(self.date, self.session.id, self.stage, nxt.outcome, text)
        outcome = self.judgement.outcome
        effect = {
            GREEN: f"on to stage {nxt.stage}" if nxt.stage > self.stage else "green",
            AMBER: "the stage is repeated",
            RED: "one stage back and two days without a run",
            None: "the stage is not advanced on a guess",
        }[outcome]
        if self.complete:
            effect = "the programme is complete"
        text = f"{_capital(self.judgement.because('the run'))}: {effect}"
        return Outcome(self.date, self.session.id, self.stage, outcome, text)


@dataclass(frozen=True)
class _BuildUpWeek:
    start: dt.date
    level: int
    days: tuple[dt.date, ...]
    why: str

    @property
    def minutes(self) -> int:
        return BUILD_UP_MINUTES[self.level]


# -- the plan ------------------------------------------------------------------


@dataclass
class Plan:
    """A programme worked out from its settings and the records.

    ``planned`` holds the programme's sessions not fulfilled by a record;
    ``phases``, ``outcomes``, ``rest_days`` (the hold and the days after a red
    result), ``completed_on`` and ``first_run_day`` (the day Phase 2 starts,
    planned or done) are for the chart, the report and the calendar;
    :meth:`advice` says what a day asks for and :meth:`run_stage_on` the stage
    a run done on a day takes.
    """

    settings: ProgrammeSettings | None
    planned: list[Session] = field(default_factory=list)
    pauses: list[tuple[dt.date, dt.date | None, tuple[str, ...]]] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    rest_days: set[dt.date] = field(default_factory=set)
    completed_on: dt.date | None = None
    first_run_day: dt.date | None = None
    _phase1: _Phase1 | None = field(default=None, repr=False)
    _runs: list[_Run] = field(default_factory=list, repr=False)
    _build_up: list[_BuildUpWeek] = field(default_factory=list, repr=False)
    _build_up_end: dt.date | None = field(default=None, repr=False)

    def paused_on(self, on: dt.date) -> tuple[str, ...] | None:
        for start, end, flags in self.pauses:
            if start <= on and (end is None or on < end):
                return flags
        return None

    # -- advice ------------------------------------------------------------
    def advice(self, on: dt.date) -> Advice:
        """What ``on`` asks for, and why (DESIGN §1)."""
        flags = self.paused_on(on)
        if flags is not None:
            # Paused, a Phase 2 day still tells the stage the next run will have.
            return Advice(PAUSED, self.run_stage_on(on), red_flag_message(flags))
        settings = self.settings
        if settings is None:
            return Advice(
                LOW_IMPACT,
                None,
                "No programme has been started yet. Until then, low-impact exercise such as "
                "the elliptical or cycling keeps your fitness without jarring the back.",
            )
        if on < settings.start:
            return Advice(
                LOW_IMPACT,
                None,
                f"The programme starts on {format_day(settings.start, on)}; until then, "
                "low-impact exercise such as the elliptical or cycling keeps you fit "
                "without jarring the back.",
            )
        if self.completed_on is not None and on > self.completed_on:
            return self._after_completion(on)
        last = self._last_run_before(on)
        if last is not None:
            return self._run_advice(last, on)
        assert self._phase1 is not None
        first_day, why = self._first_run_as_of(on)
        if first_day is None or on < first_day:
            return self._phase1.advice(on, first_day)
        if on == first_day:
            why = f"First run: {why}, so the run/walk phase starts today, ideally on a treadmill"
        else:
            why = (
                f"First run, planned for {format_day(first_day, on)} and still to do: "
                f"{why}; ideally run on a treadmill"
            )
        return Advice(RUN, FIRST_STAGE, why + ".", STAGES[FIRST_STAGE].pattern)

    def run_stage_on(self, on: dt.date) -> int | None:
        """The stage a programme run done on ``on`` takes (None outside Phase 2)."""
        if self.settings is None or on < self.settings.start:
            return None
        if self.completed_on is not None and on > self.completed_on:
            return None
        last = self._last_run_before(on)
        if last is None:
            first_day, _ = self._first_run_as_of(on)
            return FIRST_STAGE if first_day is not None and on >= first_day else None
        nxt = last.next_as_of(on)
        return max(FIRST_STAGE, nxt.stage - missed_run_drop((on - last.date).days))

    def _last_run_before(self, on: dt.date) -> _Run | None:
        index = bisect.bisect_left([r.date for r in self._runs], on)
        return self._runs[index - 1] if index else None

    def _first_run_as_of(self, on: dt.date) -> tuple[dt.date | None, str]:
        assert self._phase1 is not None
        first_day, why = self._phase1.end(on)
        if self._runs and (first_day is None or self._runs[0].date < first_day):
            return self._runs[0].date, "you started running"
        if first_day is not None:
            lifted = self._phase1.unpaused(first_day)
            if lifted != first_day:
                return lifted, "the red-flag pause has been lifted"
        return first_day, why

    def _run_advice(self, run: _Run, on: dt.date) -> Advice:
        nxt = run.next_as_of(on)
        gap = (on - run.date).days
        drop = missed_run_drop(gap)
        stage = max(FIRST_STAGE, nxt.stage - drop)
        when = format_day(run.date, on)
        if run.judgement.needs_next_morning and not (
            run.first and run.check_day is not None and run.check_day <= on
        ):
            return Advice(
                NEXT_MORNING_SCORE,
                stage,
                f"Add the next-morning pain score for your run on {when}: the next run "
                "moves up a stage only when that score shows the back settled.",
            )
        if run.first and not nxt.decided:
            if on < run.date + 2 * _DAY:
                check = format_day(run.date + 2 * _DAY, on)
                return Advice(
                    REST,
                    stage,
                    f"Rest day: the 48-hour hold after your first run; the reaction check "
                    f"comes on {check}.",
                )
            return Advice(
                REACTION_CHECK,
                stage,
                f"Reaction check: record how your back is today (pain 0–10 and any red "
                f"flags), as it decides the next run after your first run on {when}.",
            )
        if on < nxt.earliest:
            next_day = format_day(nxt.earliest, on)
            if nxt.outcome == RED:
                return Advice(
                    REST,
                    stage,
                    f"Rest day: {nxt.cause}, so no run for two days; the next run, stage "
                    f"{stage}, comes on {next_day}.",
                )
            if run.first:
                return Advice(
                    REST, stage, f"Rest day: the 48-hour hold after your first run on {when}."
                )
            return Advice(
                LOW_IMPACT,
                stage,
                f"No run today, as runs come every other day at most: an optional "
                f"{OPTIONAL_MINUTES} min on the elliptical or bike keeps up your fitness, and "
                f"the next run, stage {stage}, is on {next_day}.",
            )
        if drop and stage < nxt.stage:
            lower = "one stage" if stage == nxt.stage - 1 else f"{nxt.stage - stage} stages"
            why = (
                f"Stage {stage}, {lower} below the stage {nxt.stage} that was due, as {gap} "
                f"days have passed since your last run on {when}"
            )
        elif drop:
            why = f"Stage {stage}: {gap} days have passed since your last run on {when}"
        else:
            why = _capital(nxt.why)
        return Advice(RUN, stage, why + ".", STAGES[stage].pattern)

    def _after_completion(self, on: dt.date) -> Advice:
        assert self.completed_on is not None
        done = format_day(self.completed_on, on)
        if not self._build_up:
            return Advice(
                COMPLETE,
                None,
                f"Programme complete: stage 6, ten minutes of continuous running, was green "
                f"twice in a row (the second time on {done}); keep letting pain guide you.",
            )
        if self._build_up_end is not None and on > self._build_up_end:
            return Advice(
                COMPLETE,
                None,
                f"Programme and build-up complete: you reached {BUILD_UP_TARGET} minutes of "
                f"continuous running (the build-up goes {BEYOND_ARTICLE}).",
            )
        if on in self.rest_days:
            return Advice(
                REST,
                None,
                f"Rest day in the build-up ({BEYOND_ARTICLE}): a run in the last two days was red.",
            )
        week = self._build_up[0]
        for candidate in self._build_up:
            if candidate.start <= on:
                week = candidate
        number = self._build_up.index(week) + 1
        head = (
            f"Build-up week {number}, {BEYOND_ARTICLE}: {week.minutes} min of continuous "
            f"running, at most 10 % more a week towards {BUILD_UP_TARGET} min"
        )
        if week.why:
            head += f" ({week.why})"
        if on in week.days:
            return Advice(RUN, None, head + ".", f"{week.minutes} min continuous run")
        upcoming = [d for w in self._build_up for d in w.days if d > on]
        tail = f"; the next run is on {format_day(upcoming[0], on)}" if upcoming else ""
        return Advice(
            LOW_IMPACT,
            None,
            f"{head}; no run today, an optional low-impact session instead{tail}.",
        )


def _pauses(
    check_ins: Sequence[CheckIn], lifts: Sequence[dt.date]
) -> list[tuple[dt.date, dt.date | None, tuple[str, ...]]]:
    pauses: list[tuple[dt.date, dt.date | None, tuple[str, ...]]] = []
    for check_in in sorted(check_ins, key=lambda c: c.date):
        if not check_in.red_flags:
            continue
        if pauses and (pauses[-1][1] is None or check_in.date < pauses[-1][1]):
            start, end, flags = pauses[-1]
            merged = tuple(dict.fromkeys(flags + check_in.red_flags))
            pauses[-1] = (start, end, merged)
            continue
        end = min((d for d in lifts if d >= check_in.date), default=None)
        pauses.append((check_in.date, end, check_in.red_flags))
    return pauses


def _unpaused(
    day: dt.date, pauses: Sequence[tuple[dt.date, dt.date | None, tuple[str, ...]]]
) -> dt.date | None:
    """``day``, or the day its pause was lifted; None if the pause is still on."""
    for start, end, _ in pauses:
        if start <= day and (end is None or day < end):
            if end is None:
                return None
            day = end
    return day


# -- Phase 1 -------------------------------------------------------------------


class _Phase1:
    """The low-impact weeks: their schedule, how each went, and when they end."""

    def __init__(
        self,
        settings: ProgrammeSettings,
        weeks: dict[int, list[Session]],
        red_flag_days: Collection[dt.date],
        pauses: Sequence[tuple[dt.date, dt.date | None, tuple[str, ...]]],
        known_until: dt.date,
    ) -> None:
        self.settings = settings
        self.weeks = weeks
        self.red_flag_days = red_flag_days
        self.pauses = pauses
        self.known_until = known_until

    def unpaused(self, day: dt.date) -> dt.date | None:
        return _unpaused(day, self.pauses)

    def week_start(self, week: int) -> dt.date:
        return self.settings.start + week * _WEEK

    def schedule(self, week: int) -> list[tuple[dt.date, str, int]]:
        """The week's sessions: (day, activity, minutes); later weeks repeat the last."""
        s = self.settings
        base = min(week, s.low_impact_weeks - 1)
        minutes = s.first_minutes + s.step_minutes * base
        begin = self.week_start(week)
        return [
            (
                begin + offset * _DAY,
                PHASE1_ACTIVITIES[(base * s.sessions_per_week + i) % 2],
                minutes,
            )
            for i, offset in enumerate(PHASE1_OFFSETS[: s.sessions_per_week])
        ]

    def judge(self, session: Session) -> Judgement:
        s = self.settings
        return judge(
            session,
            s.safe_max,
            s.acceptable_max,
            red_flag_days=self.red_flag_days,
            require_next_morning=False,
        )

    def status(self, week: int, horizon: dt.date) -> tuple[str, str]:
        """``green``, ``not_green``, ``empty`` (past, nothing done) or ``pending``, and why."""
        done = self.weeks.get(week, [])
        judged = [self.judge(x) for x in done]
        bad = [j for j in judged if j.outcome in (AMBER, RED)]
        if bad:
            worst = next((j for j in bad if j.outcome == RED), bad[0])
            when = format_day(worst.session.date)
            return "not_green", worst.because(f"the session on {when}")
        if any(j.outcome == GREEN for j in judged):
            return GREEN, f"week {week + 1} of the low-impact base was green"
        if done:
            # Sessions without pain scores are not judged: the rule has nothing to go on.
            return "not_green", (
                f"no pain scores were recorded for the sessions of week {week + 1}, "
                "so the rule can't tell whether it was green"
            )
        if self.week_start(week) + 6 * _DAY < horizon:
            return "empty", f"no low-impact sessions were recorded in week {week + 1}"
        return "pending", f"the low-impact base ends with week {week + 1}"

    def end(self, on: dt.date | None = None) -> tuple[dt.date | None, str]:
        """The first run's day as seen on ``on`` (None: from the records alone), and why."""
        s = self.settings
        if s.running_from is not None:
            return s.running_from, f"you chose to start running on {format_day(s.running_from)}"
        horizon = self.known_until if on is None else max(self.known_until, on)
        week = s.low_impact_weeks - 1
        while True:
            status, why = self.status(week, horizon)
            if status in (GREEN, "pending"):
                return self.week_start(week + 1), why
            week += 1

    def weeks_without_green(self, on: dt.date) -> int:
        """Finished Phase 1 weeks in a row, up to the last before ``on``, that were not green."""
        count = 0
        week = (on - self.settings.start).days // 7 - 1
        while week >= 0 and self.status(week, on)[0] in ("not_green", "empty"):
            count += 1
            week -= 1
        return count

    def advice(self, on: dt.date, first_day: dt.date | None) -> Advice:
        s = self.settings
        week = (on - s.start).days // 7
        if self.weeks_without_green(on) >= CLINICIAN_WEEKS:
            return Advice(
                LOW_IMPACT,
                None,
                f"{CLINICIAN_WEEKS} weeks have passed without a green week in the low-impact "
                "base, so talk to a physiotherapist or doctor before you start running, and "
                "keep to low-impact sessions meanwhile.",
            )
        if week < s.low_impact_weeks:
            head = f"Week {week + 1} of {s.low_impact_weeks} of the low-impact base"
        elif s.running_from is not None:
            head = (
                f"Week {week + 1} of the low-impact base, going on until the first run you "
                f"chose for {format_day(s.running_from, on)}"
            )
        else:
            _, why = self.status(week - 1, max(self.known_until, on))
            head = f"Week {week + 1} of the low-impact base, one more than planned, as {why}"
        sessions = [x for w in (week, week + 1) for x in self.schedule(w)]
        if first_day is not None:
            sessions = [x for x in sessions if x[0] < first_day]
        today = next((x for x in sessions if x[0] == on), None)
        if today is not None:
            _, activity, minutes = today
            return Advice(
                LOW_IMPACT,
                None,
                f"{head}: {minutes} min {_ACTIVITY_WORDS[activity]} today builds fitness "
                "without jarring the back.",
            )
        upcoming = next((x for x in sessions if x[0] > on), None)
        if upcoming is not None:
            day, activity, minutes = upcoming
            tail = (
                f"the next session, {minutes} min {_ACTIVITY_WORDS[activity]}, is on "
                f"{format_day(day, on)}"
            )
        elif first_day is not None:
            tail = f"the first run is on {format_day(first_day, on)}"
        else:
            tail = "rest or take an easy walk"
        return Advice(REST, None, f"{head}: no session today; {tail}.")


# -- building the plan -----------------------------------------------------


class _Builder:
    """Works a plan out in one pass over the programme's records."""

    def __init__(
        self,
        settings: ProgrammeSettings,
        sessions: Sequence[Session],
        check_ins: Sequence[CheckIn],
        flagged: Sequence[CheckIn],
        pauses: list[tuple[dt.date, dt.date | None, tuple[str, ...]]],
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.pauses = pauses
        self.checks = check_ins
        self.red_flag_days = {c.date for c in flagged}
        self.pos = 0
        self.taken: set[tuple[dt.date, bool]] = set()
        self.rest_days: set[dt.date] = set()
        self.outcomes: list[Outcome] = []
        self.planned: list[Session] = []
        known = settings.start - _DAY
        for session in reversed(sessions):
            if session.is_done:
                known = max(known, session.date)
                break
        if check_ins:
            known = max(known, check_ins[-1].date)
        self.known_until = known

    def judge(self, session: Session) -> Judgement:
        s = self.settings
        return judge(session, s.safe_max, s.acceptable_max, red_flag_days=self.red_flag_days)

    def _take(self, session: Session) -> None:
        self.taken.add((session.date, session.is_run))

    # -- the passes ----------------------------------------------------------
    def build(self) -> Plan:
        s = self.settings
        sessions = self.sessions
        while self.pos < len(sessions) and sessions[self.pos].date < s.start:
            self.pos += 1
        weeks: dict[int, list[Session]] = {}
        staged = None
        for index in range(self.pos, len(sessions)):
            session = sessions[index]
            self._take(session)
            if session.is_done and session.is_run and session.stage is not None:
                staged = index
                break
            if session.is_done and not session.is_run:
                weeks.setdefault((session.date - s.start).days // 7, []).append(session)
        phase1 = _Phase1(s, weeks, self.red_flag_days, self.pauses, self.known_until)
        first_day, _ = phase1.end()
        first_run_index = self._first_programme_run(first_day, staged)
        if first_run_index is not None:
            first_run = sessions[first_run_index].date
            if first_day is None or first_run < first_day:
                first_day = first_run
            self.pos = first_run_index
        else:
            self.pos = len(sessions)
            first_day = _unpaused(first_day, self.pauses) if first_day else None
        self._plan_phase1(phase1, first_day)
        runs = self._phase2() if first_run_index is not None else []
        completed_on = runs[-1].date if runs and runs[-1].complete else None
        if not runs and first_day is not None:
            self._project(first_day, FIRST_STAGE, 0, first=True)
            self.rest_days.add(first_day + _DAY)
        elif runs and completed_on is None:
            self._project_after(runs[-1])
        build_up: list[_BuildUpWeek] = []
        build_up_end = None
        if completed_on is not None and s.build_up:
            build_up, build_up_end = self._build_up(completed_on)
        self.outcomes.extend(r.outcome for r in runs)
        self.outcomes.sort(key=lambda o: o.date)
        self.planned.sort(key=lambda x: x.date)
        return Plan(
            settings=s,
            planned=self.planned,
            pauses=self.pauses,
            phases=self._phases(first_day, completed_on, build_up, build_up_end),
            outcomes=self.outcomes,
            rest_days=self.rest_days,
            completed_on=completed_on,
            first_run_day=first_day,
            _phase1=phase1,
            _runs=runs,
            _build_up=build_up,
            _build_up_end=build_up_end,
        )

    def _first_programme_run(self, first_day: dt.date | None, staged: int | None) -> int | None:
        """The index of the run that opens Phase 2.

        That is the first done run on or after the planned first run's day, or an
        earlier one recorded with a stage; a run without a stage before that day is
        a session of its own, outside the programme.
        """
        sessions = self.sessions
        if first_day is None:
            return staged
        end = len(sessions) if staged is None else staged
        index = bisect.bisect_left(sessions, first_day, self.pos, end, key=lambda x: x.date)
        for i in range(index, end):
            if sessions[i].is_done and sessions[i].is_run:
                return i
        return staged

    def _phases(
        self,
        first_day: dt.date | None,
        completed_on: dt.date | None,
        build_up: list[_BuildUpWeek],
        build_up_end: dt.date | None,
    ) -> list[Phase]:
        start = self.settings.start
        phases = []
        if first_day is None or first_day > start:
            phases.append(Phase(PHASE_1, start, first_day - _DAY if first_day else None))
        if first_day is not None:
            phases.append(Phase(PHASE_2, first_day, completed_on))
        if build_up and completed_on is not None:
            phases.append(Phase(BUILD_UP, completed_on + _DAY, build_up_end))
        return phases

    def _plan_phase1(self, phase1: _Phase1, first_day: dt.date | None) -> None:
        start = self.settings.start
        if first_day is not None:
            last = first_day - _DAY
        else:
            # The first run waits for a red-flag pause still on: plan up to the pause.
            open_pause = next((p[0] for p in self.pauses if p[1] is None), start)
            last = open_pause - _DAY
        for week in range((last - start).days // 7 + 1):
            for day, activity, minutes in phase1.schedule(week):
                if day > last or (day, False) in self.taken or _unpaused(day, self.pauses) != day:
                    continue
                self.planned.append(
                    Session(date=day, activity=activity, status=PLANNED, duration_minutes=minutes)
                )
        for week_sessions in phase1.weeks.values():
            for session in week_sessions:
                if session.date <= last:
                    verdict = phase1.judge(session)
                    self.outcomes.append(
                        Outcome(session.date, session.id, None, verdict.outcome, verdict.reason)
                    )

    def _phase2(self) -> list[_Run]:
        runs: list[_Run] = []
        sessions = self.sessions
        while self.pos < len(sessions):
            session = sessions[self.pos]
            self.pos += 1
            self._take(session)
            if not (session.is_done and session.is_run):
                continue
            run = self._first_run(session) if not runs else self._next_run(session, runs[-1])
            self.rest_days.update(run.next_as_of(None).rest)
            runs.append(run)
            if run.complete:
                break
        return runs

    def _first_run(self, session: Session) -> _Run:
        stage = session.stage or FIRST_STAGE
        verdict = self.judge(session)
        day = session.date
        if verdict.outcome == RED:
            back = _next_stage(stage, RED)
            cause = f"your first run was red ({verdict.because('it')})"
            after = _Next(
                RED,
                back,
                day + 3 * _DAY,
                f"Stage {back} after a red first run: {verdict.because('it')}",
                cause,
                (day + _DAY, day + 2 * _DAY),
                decided=False,
            )
        else:
            after = _Next(None, stage, day + 2 * _DAY, "", "", (day + _DAY,), decided=False)
        run = _Run(session, stage, verdict, True, after)
        index = bisect.bisect_left(self.checks, day + 2 * _DAY, key=lambda c: c.date)
        later = itertools.islice(self.checks, index, None)
        check = next((c for c in later if c.pain is not None or c.red_flags), None)
        if check is not None:
            run.check_day = check.date
            run.checked = self._reaction(run, check)
        return run

    def _reaction(self, run: _Run, check: CheckIn) -> _Next:
        """What the reaction check after the first run decides (worst with the run itself)."""
        before = run.session.pain_before
        light: str | None
        if check.red_flags:
            light = RED
            detail = f"a red flag was reported on {format_day(check.date)}"
        elif before is None:
            light = traffic_light(check.pain, self.settings.thresholds)
            detail = f"pain {check.pain}/10, with no pain before the first run to compare"
        else:
            assert check.pain is not None
            rise = check.pain - before
            light = GREEN if rise <= 0 else AMBER if rise <= 2 else RED
            detail = (
                f"pain {check.pain}/10, no higher than before the first run"
                if rise <= 0
                else f"pain {check.pain}/10, {rise} above before the first run"
            )
        own = run.judgement.outcome
        outcome = _worst(own, light)
        stage = _next_stage(run.stage, outcome)
        if outcome != light:
            because = f"the first run itself was {own} ({run.judgement.because('it')})"
        else:
            because = f"the reaction check after your first run was {light} ({detail})"
        day = check.date
        if outcome == RED:
            words = f"Stage {stage} again after two more days without a run"
            rest = (day, day + _DAY, day + 2 * _DAY)
            return _Next(RED, stage, day + 3 * _DAY, f"{words}: {because}", because, rest)
        words = _stage_words(stage, outcome, run.stage)
        if outcome == AMBER:
            words = f"Stage {stage} again"
        return _Next(outcome, stage, day, f"{words}: {because}", because, ())

    def _next_run(self, session: Session, prev: _Run) -> _Run:
        day = session.date
        due = prev.next_as_of(day)
        stage = session.stage or max(
            FIRST_STAGE, due.stage - missed_run_drop((day - prev.date).days)
        )
        verdict = self.judge(session)
        outcome = verdict.outcome
        nxt = _next_stage(stage, outcome)
        streak = prev.streak + 1 if stage == LAST_STAGE and outcome == GREEN else 0
        if stage == LAST_STAGE and outcome == GREEN and streak == 1:
            why = (
                "Stage 6 again: the last run, ten minutes of continuous running, was green, "
                "and one more green one completes the programme"
            )
        elif outcome is None:
            why = f"Stage {nxt} repeated: {verdict.because('the last run')}"
        else:
            why = f"{_stage_words(nxt, outcome, stage)}: {verdict.because('the last run')}"
            if outcome == GREEN:
                why = f"{_stage_words(nxt, outcome, stage)}: the last run was green " + (
                    f"({verdict.because('it')})"
                )
        cause = verdict.because("the last run")
        if outcome == RED:
            rest = (day + _DAY, day + 2 * _DAY)
            red = f"the last run was red ({verdict.because('it')})"
            after = _Next(RED, nxt, day + 3 * _DAY, why, red, rest)
        else:
            after = _Next(outcome, nxt, day + 2 * _DAY, why, cause, ())
        return _Run(session, stage, verdict, False, after, streak=streak)

    # -- planned runs --------------------------------------------------------
    def _project_after(self, last: _Run) -> None:
        nxt = last.next_as_of(None)
        day = _unpaused(nxt.earliest, self.pauses)
        if day is None:
            return
        stage = max(FIRST_STAGE, nxt.stage - missed_run_drop((day - last.date).days))
        streak = last.streak if stage == LAST_STAGE else 0
        self._project(day, stage, streak)

    def _project(self, day: dt.date, stage: int, streak: int, first: bool = False) -> None:
        """Plan runs every other day from ``day``, assuming each is green, to completion."""
        while True:
            moved = _unpaused(day, self.pauses)
            if moved is None:
                return
            day = moved
            if (day, True) not in self.taken:
                self.planned.append(_planned_run(day, stage, first))
            first = False
            streak = streak + 1 if stage == LAST_STAGE else 0
            if streak >= 2:
                return
            stage = min(LAST_STAGE, stage + 1)
            day += 2 * _DAY

    # -- build-up ------------------------------------------------------------
    def _build_up(self, completed_on: dt.date) -> tuple[list[_BuildUpWeek], dt.date | None]:
        weeks: list[_BuildUpWeek] = []
        sessions = self.sessions
        level, why = 0, ""
        begin = completed_on + _DAY
        # Each week either advances, repeats (bounded by the runs recorded) or steps
        # back after a red run, so the loop ends; the cap only guards odd data.
        for _ in range(10_000):
            end = begin + 6 * _DAY
            done: list[Session] = []
            while self.pos < len(sessions) and sessions[self.pos].date <= end:
                session = sessions[self.pos]
                self.pos += 1
                self._take(session)
                if session.is_done and session.is_run and session.date >= begin:
                    done.append(session)
            verdicts = [self.judge(x) for x in done]
            for verdict in verdicts:
                self.outcomes.append(
                    Outcome(
                        verdict.session.date,
                        verdict.session.id,
                        None,
                        verdict.outcome,
                        f"Build-up ({BEYOND_ARTICLE}): {verdict.because('the run')}",
                    )
                )
                if verdict.outcome == RED:
                    day = verdict.session.date
                    self.rest_days.update((day + _DAY, day + 2 * _DAY))
            days = tuple(
                begin + o * _DAY for o in BUILD_UP_OFFSETS if begin + o * _DAY not in self.rest_days
            )
            week = _BuildUpWeek(begin, level, days, why)
            weeks.append(week)
            for day in days:
                if (day, True) not in self.taken:
                    self.planned.append(_planned_build_up_run(day, week.minutes))
            reds = [v for v in verdicts if v.outcome == RED]
            unsure = [v for v in verdicts if v.outcome != GREEN]
            if reds and level > 0:
                level -= 1
                why = f"one week back, as {reds[0].because('a run last week')}"
            elif reds:
                why = f"repeated, as {reds[0].because('a run last week')}"
            elif unsure:
                why = f"repeated, as {unsure[0].because('a run last week')}"
            elif level == len(BUILD_UP_MINUTES) - 1:
                return weeks, end
            else:
                level += 1
                why = ""
            begin = end + _DAY
        return weeks, None


def _planned_run(day: dt.date, stage: int, first: bool = False) -> Session:
    notes = "First run: ideally on a treadmill." if first else ""
    return STAGES[stage].session(day, PLANNED, notes=notes)


def _planned_build_up_run(day: dt.date, minutes: int) -> Session:
    return Session(
        date=day,
        activity=RUN_WALK,
        status=PLANNED,
        run_minutes=minutes,
        walk_minutes=0,
        repeats=1,
        duration_minutes=minutes,
        notes=f"Build-up, {BEYOND_ARTICLE}: {minutes} min of continuous running.",
    )


def build_plan(
    settings: ProgrammeSettings | None,
    sessions: Sequence[Session],
    check_ins: Sequence[CheckIn],
    pause_lifts: Sequence[dt.date],
) -> Plan:
    """Work out the plan from the records.

    ``sessions`` are the recorded sessions (done and planned) from the start on
    and ``check_ins`` all check-ins, both sorted by date, as the diary keeps them.
    """
    flagged = [c for c in check_ins if c.red_flags]
    pauses = _pauses(flagged, pause_lifts)
    if settings is None:
        return Plan(None, [], pauses)
    return _Builder(settings, sessions, check_ins, flagged, pauses).build()
