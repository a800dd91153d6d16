"""The pain-monitoring rule (Silbernagel and Thomeé 2007) as DESIGN §1 sets it out.

Some pain during activity is acceptable if it stays moderate and has settled by
the next morning. One session is judged green, amber or red (or not yet):

* red: pain during or straight after above the acceptable limit, next-morning
  pain above it or more than 2 above the resting pain before, or a red flag
  reported that day or the next;
* amber: pain during or straight after above the safe limit, next-morning pain
  above it, or 1-2 above the resting pain before;
* green otherwise.

The resting pain before is the session's own pain before; without it, the last
resting pain recorded in the three days before (handed in as ``baseline``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.programme.stages import FIRST_STAGE, LAST_STAGE
from recovery_diary.core.session import Session
from recovery_diary.core.words import capital, format_day

_DAY = dt.timedelta(days=1)
_ORDER = {None: -1, GREEN: 0, AMBER: 1, RED: 2}


@dataclass(frozen=True)
class Judgement:
    """The rule's verdict on one session.

    ``outcome`` is green, amber, red, or None when the session can't be judged
    (yet); ``cause`` names what decided it: ``red_flag``, ``during``, ``after``,
    ``morning`` (the next-morning score itself), ``rise`` (next morning above
    the pain before), ``settled``, ``no_morning`` or ``no_scores``.
    """

    session: Session
    outcome: str | None
    cause: str
    value: int | None = None
    limit: int | None = None
    flag_day: dt.date | None = None
    baseline: int | None = None

    @property
    def needs_next_morning(self) -> bool:
        """Whether the verdict waits for the next-morning score."""
        return self.outcome is None and self.session.pain_next_morning is None

    def because(self, subject: str = "the session") -> str:
        """Why, in words: ``pain during the last run was 4/10, above 3``."""
        s = self.session
        above = f", above {self.limit}" if self.limit is not None else ""
        if self.cause == "red_flag":
            assert self.flag_day is not None
            return f"a red flag was reported on {format_day(self.flag_day)}"
        if self.cause == "during":
            return f"pain during {subject} was {self.value}/10{above}"
        if self.cause == "after":
            return f"pain straight after {subject} was {self.value}/10{above}"
        if self.cause == "morning":
            return f"next-morning pain after {subject} was {self.value}/10{above}"
        if self.cause == "rise":
            return (
                f"next-morning pain after {subject} was {self.value} above the resting "
                f"pain of {self.baseline}/10 before it"
            )
        if self.cause == "settled":
            if s.pain_next_morning is None:
                return f"pain during {subject} stayed at {s.pain_during}/10"
            if s.pain_during is None:
                return f"next-morning pain after {subject} was {s.pain_next_morning}/10"
            return (
                f"pain during {subject} was {s.pain_during}/10 and had settled by the next morning"
            )
        if self.cause == "no_morning":
            return f"{subject} has no next-morning pain score yet"
        return f"{subject} has no pain scores"

    @property
    def reason(self) -> str:
        return capital(self.because())


def judge(
    session: Session,
    safe_max: int = 3,
    acceptable_max: int = 5,
    *,
    red_flag_days: Collection[dt.date] = frozenset(),
    require_next_morning: bool = True,
    baseline: int | None = None,
) -> Judgement:
    """Judge one session by the rule of this module.

    ``baseline`` is the resting pain to compare the next morning with when the
    session has no pain before. With ``require_next_morning`` (runs) a session
    without a next-morning score is provisional (not judged yet) unless it is
    already red; low-impact sessions are judged on what is there. A session with
    neither pain during nor a next-morning score is not judged, unless a score
    it has is already red.
    """
    day = session.date
    for flag_day in (day, day + _DAY):
        if flag_day in red_flag_days:
            return Judgement(session, RED, "red_flag", flag_day=flag_day)
    during, after, morning = session.pain_during, session.pain_after, session.pain_next_morning
    before = session.pain_before if session.pain_before is not None else baseline
    rise = morning - before if morning is not None and before is not None else None
    scores = (("during", during), ("after", after), ("morning", morning))
    for cause, value in scores:
        if value is not None and value > acceptable_max:
            return Judgement(session, RED, cause, value, acceptable_max)
    if rise is not None and rise > 2:
        return Judgement(session, RED, "rise", rise, baseline=before)
    if during is None and morning is None:
        return Judgement(session, None, "no_scores")
    if morning is None and require_next_morning:
        return Judgement(session, None, "no_morning")
    for cause, value in scores:
        if value is not None and value > safe_max:
            return Judgement(session, AMBER, cause, value, safe_max)
    if rise is not None and rise > 0:
        return Judgement(session, AMBER, "rise", rise, baseline=before)
    return Judgement(session, GREEN, "settled")


def check_in_light(pain: int | None, safe_max: int, acceptable_max: int) -> str | None:
    """A check-in's verdict, by the absolute limits only."""
    if pain is None:
        return None
    return GREEN if pain <= safe_max else AMBER if pain <= acceptable_max else RED


def worst(*outcomes: str | None) -> str | None:
    """The worst of some outcomes (None, not judged, counts least)."""
    return max(outcomes, key=lambda o: _ORDER[o])


def next_stage(stage: int, outcome: str | None) -> int:
    """The stage after a run of ``stage`` judged ``outcome`` (None: repeat)."""
    if outcome == GREEN:
        return min(LAST_STAGE, stage + 1)
    if outcome == RED:
        return max(FIRST_STAGE, stage - 1)
    return stage
