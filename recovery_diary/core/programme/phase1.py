"""Phase 1, the low-impact base: its weeks, how each went, and when it ends.

Weeks are 7-day blocks from the start. A week is green when sessions were done
in it and every judged one (and every check-in) was green, with at least one
judged; a missing next-morning score does not block. The first run comes the
day after the last planned week when that week was green and the readiness
questions got no "no"; otherwise Phase 1 grows by a week that repeats the last
week's sessions, and the reason says why.
"""

from __future__ import annotations

import datetime as dt

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.programme.advice import LOW_IMPACT, REST, low_impact_words, sentence
from recovery_diary.core.programme.base import Context, Due, Mode, Outcome
from recovery_diary.core.programme.first_run import FirstRun
from recovery_diary.core.programme.records import Pause
from recovery_diary.core.session import PLANNED, Session
from recovery_diary.core.words import PHASE_1, format_day

_DAY = dt.timedelta(days=1)
#: Phase 1 sessions fall on these days of each 7-day week, the first ``sessions_per_week``.
PHASE1_OFFSETS = (0, 2, 4, 6)
PHASE1_ACTIVITIES = ("elliptical", "cycling")
#: After this many weeks without a green one, the advice suggests a clinician.
CLINICIAN_WEEKS = 8


class Phase1:
    """The low-impact weeks, stepped through day by day."""

    phase = PHASE_1
    settled = False

    def __init__(self, ctx: Context) -> None:
        self.start = ctx.settings.start
        self.week = 0
        self.bad: list[str] = []  # why this week is not green (amber and red findings)
        self.green = 0  # judged green sessions this week
        self.done = 0
        self.not_green_weeks = 0
        self.extended_because = ""
        self.first_run_day: dt.date | None = None

    # -- the schedule ------------------------------------------------------
    def schedule(self, ctx: Context, week: int) -> list[Session]:
        """The week's planned sessions; weeks after the planned ones repeat the last."""
        s = ctx.settings
        base = min(week, s.low_impact_weeks - 1)
        minutes = s.first_minutes + s.step_minutes * base
        begin = self.start + 7 * week * _DAY
        return [
            Session(
                date=begin + offset * _DAY,
                activity=PHASE1_ACTIVITIES[(base * s.sessions_per_week + i) % 2],
                status=PLANNED,
                duration_minutes=minutes,
            )
            for i, offset in enumerate(PHASE1_OFFSETS[: s.sessions_per_week])
        ]

    def _head(self, ctx: Context) -> str:
        weeks = ctx.settings.low_impact_weeks
        number = self.week + 1
        if self.not_green_weeks >= CLINICIAN_WEEKS:
            return (
                f"{CLINICIAN_WEEKS} weeks have passed without a green week in the low-impact "
                "base, so talk to a physiotherapist or doctor before you start running; "
                "meanwhile keep to low-impact sessions"
            )
        running_from = ctx.settings.running_from
        if running_from is not None and self.week >= weeks - 1:
            return (
                f"Week {number} of the low-impact base, going on until the first run you "
                f"chose for {format_day(running_from)}"
            )
        if self.week < weeks:
            head = f"Week {number} of {weeks} of the low-impact base"
        else:
            head = f"Week {number} of the low-impact base, one more than planned, as " + (
                self.extended_because
            )
        return head

    def _readiness(self, ctx: Context) -> str:
        if self.week < ctx.settings.low_impact_weeks - 1 or ctx.settings.running_from:
            return ""
        return (
            " Before the first run, answer the two readiness questions: is a brisk "
            "30-minute walk pain-free, and are 10 hops on each leg pain-free?"
        )

    def due(self, ctx: Context, day: dt.date) -> Due:
        self.week = (day - self.start).days // 7
        planned = tuple(x for x in self.schedule(ctx, self.week) if x.date == day)
        head = self._head(ctx)
        asks = self.week >= ctx.settings.low_impact_weeks - 1 and ctx.settings.running_from is None
        if planned:
            what = low_impact_words(planned[0].activity, int(planned[0].duration_minutes or 0))
            reason = sentence(f"{head}: {what} today builds fitness without jarring the back")
            reason += self._readiness(ctx)
            return Due(LOW_IMPACT, None, reason, planned=planned, asks_readiness=asks)
        if asks:
            # The readiness questions end the sentence; "the next session" would follow them.
            reason = sentence(f"{head}: no session today") + self._readiness(ctx)
            return Due(REST, None, reason, asks_readiness=asks, rest=True)
        reason = sentence(f"{head}: no session today")
        # A rest day on the calendar too, as the advice says (Phase 1 has no optional work).
        return Due(REST, None, reason, ahead=True, rest=True)

    # -- the records -------------------------------------------------------
    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None:
        light = ctx.check_in_outcome(check_in)
        if light in (AMBER, RED):
            self.bad.append(f"your back pain was {check_in.pain}/10 on {format_day(day)}")
        if light is not None:
            why = f"Check-in: back pain {check_in.pain}/10"
            ctx.judged(Outcome(day, check_in.id, None, light, why, check_in=True))

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        judgement = ctx.judge(session, require_next_morning=False)
        outcome = judgement.outcome
        when = format_day(day)
        if session.is_run:
            ctx.note(
                day,
                "The run recorded today was against the programme, which asks for "
                "low-impact work only until the first run; it is kept and judged with "
                "this week's sessions",
            )
        self.done += 1
        if outcome == GREEN:
            self.green += 1
        elif outcome in (AMBER, RED):
            self.bad.append(judgement.because(f"the session on {when}"))
        ctx.judged(Outcome(day, session.id, None, outcome, judgement.reason))
        if due.planned and not session.is_run:
            how = {GREEN: "well done", AMBER: "it was amber", RED: "it was red"}.get(
                outcome or "", "add your pain scores so the rule can judge it"
            )
            return sentence(f"Low-impact session done; {how}: {judgement.because()}")
        return None

    def lifted(self, ctx: Context, pause: Pause) -> None:
        return None

    # -- the end of a week -------------------------------------------------
    def _verdict(self) -> tuple[bool, str]:
        number = self.week + 1
        if self.bad:
            return False, self.bad[0]
        if self.green:
            return True, f"week {number} of the low-impact base was green"
        if self.done:
            return False, (
                f"no pain scores were recorded for the sessions of week {number}, "
                "so the rule can't tell whether it was green"
            )
        return False, f"no low-impact sessions were recorded in week {number}"

    def resume(self, because: str) -> Mode:
        """Phase 1 goes on after a "no" to the readiness questions, saying why."""
        self.extended_because = because
        return self

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode:
        s = ctx.settings
        if s.running_from is not None and day + _DAY >= s.running_from:
            why = f"you chose to start running on {format_day(day + _DAY)}"
            return FirstRun(ctx, day + _DAY, why, resume=self.resume)
        if (day - self.start).days % 7 != 6:
            return self
        green, why = self._verdict()
        week_start = day - 6 * _DAY
        self.not_green_weeks = 0 if green else self.not_green_weeks + 1
        self.bad, self.green, self.done = [], 0, 0
        if self.week < s.low_impact_weeks - 1 or s.running_from is not None:
            return self
        answer = ctx.records.readiness_in(week_start, day)
        if green and (answer is None or answer.ready):
            return FirstRun(ctx, day + _DAY, why, asked=answer is not None, resume=self.resume)
        self.extended_because = why if not green else answer.why_not if answer else why
        return self
