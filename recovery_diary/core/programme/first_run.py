"""The first run, its 48-hour hold and the reaction check that decides what follows.

The first run is 5 × (1 min run + 1 min walk), ideally on a treadmill. The day
after it is a rest day; the next run waits until two days later and until a
check-in on or after that day says how the back reacted. That check, compared
with the pain before the first run, gives stage 2 (green), stage 1 again (amber)
or stage 1 after two more days without a run (red).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.programme.advice import (
    NEXT_MORNING_SCORE,
    REACTION_CHECK,
    REST,
    RUN,
    judged_words,
    sentence,
)
from recovery_diary.core.programme.base import Context, Due, Mode, Outcome
from recovery_diary.core.programme.records import Pause
from recovery_diary.core.programme.rule import Judgement, next_stage, worst
from recovery_diary.core.programme.stages import FIRST_STAGE, planned_run
from recovery_diary.core.session import Session
from recovery_diary.core.words import PHASE_2, format_day

_DAY = dt.timedelta(days=1)


class FirstRun:
    """The first run is due from ``day`` until it is done."""

    phase = PHASE_2
    settled = False

    def __init__(
        self,
        ctx: Context,
        day: dt.date,
        why: str,
        asked: bool = True,
        resume: Callable[[str], Mode] | None = None,
    ) -> None:
        self.first_day = day
        self.why = why
        self.asked = asked
        # A "no" to a readiness question before the first run goes back to Phase 1.
        self.resume = resume
        ctx.first_run_day = day  # type: ignore[attr-defined]

    def due(self, ctx: Context, day: dt.date) -> Due:
        blocked = ctx.run_blocked(day)
        if blocked:
            return Due(REST, FIRST_STAGE, sentence(f"No run today: {blocked}"), ahead=True)
        if day == self.first_day:
            head = f"First run: {self.why}, so the run/walk phase starts today"
        else:
            head = (
                f"First run, planned for {format_day(self.first_day, day)} and still to do: "
                f"{self.why}"
            )
        parts = [head, "run it on a treadmill if one is available"]
        if not self.asked:
            parts.append(
                "first check two things: is a brisk 30-minute walk pain-free, and are 10 "
                "hops on each leg pain-free? If either hurts, answer the readiness "
                "questions and keep to low-impact work"
            )
        run = planned_run(day, FIRST_STAGE, first=True)
        return Due(
            RUN, FIRST_STAGE, sentence(*parts), planned=(run,), asks_readiness=not self.asked
        )

    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None:
        _judge_check_in(ctx, day, check_in, FIRST_STAGE)

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        if not session.is_run:
            judgement = ctx.judge(session, require_next_morning=False)
            ctx.judged(Outcome(day, session.id, None, judgement.outcome, judgement.reason))
            return None
        if due.action != RUN:
            ctx.note(day, "The run today was against the advice, which said not to run today")
        self.run = session
        ctx.staged(session, session.stage or FIRST_STAGE)
        if due.action != RUN:
            return None
        check = format_day(day + 2 * _DAY, day)
        return sentence(
            f"First run done; {judged_words(ctx.judge(session), 'it')}",
            f"tomorrow is a rest day, and the reaction check comes on {check}",
        )

    def lifted(self, ctx: Context, pause: Pause) -> None:
        return None

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode:
        run = getattr(self, "run", None)
        if run is None:
            readiness = ctx.records.readiness_in(day, day)
            if readiness is not None and not readiness.ready and self.resume is not None:
                ctx.first_run_day = None  # type: ignore[attr-defined]
                return self.resume(readiness.why_not)
            return self
        return Hold(ctx, run)


class Hold:
    """After the first run: the 48-hour hold until the reaction check is recorded."""

    phase = PHASE_2
    settled = False

    def __init__(self, ctx: Context, run: Session) -> None:
        self.run = run
        self.day = run.date
        self.judgement = ctx.judge(run)
        self.check_from = self.day + 2 * _DAY
        self.decided: Mode | None = None
        ctx.rest_days.add(self.day + _DAY)
        if self.judgement.outcome == RED:
            ctx.rest_days.add(self.day + 2 * _DAY)
        baseline = run.pain_before
        if baseline is None:
            baseline = ctx.records.resting_pain(run.date)
        self.baseline = baseline
        ctx.judged(Outcome(self.day, run.id, FIRST_STAGE, None, self.pending_words()))

    def pending_words(self) -> str:
        return "First run: waiting for the reaction check two days later"

    def _morning_missing(self, ctx: Context) -> bool:
        return self.judgement.needs_next_morning and self.day + _DAY <= ctx.today

    def due(self, ctx: Context, day: dt.date) -> Due:
        if self.decided is not None:
            return self.decided.due(ctx, day)
        when = format_day(self.day, day)
        if self._morning_missing(ctx):
            return Due(
                NEXT_MORNING_SCORE,
                FIRST_STAGE,
                sentence(
                    f"Add the next-morning pain score for your first run on {when}: with "
                    "the reaction check it decides the next run"
                ),
                rest=day < self.check_from,
            )
        if day < self.check_from:
            check = format_day(self.check_from, day)
            return Due(
                REST,
                FIRST_STAGE,
                sentence(
                    f"Rest day: the 48-hour hold after your first run on {when}",
                    f"the reaction check comes on {check}",
                ),
                rest=True,
            )
        run = day not in ctx.rest_days and not ctx.run_blocked(day)
        return self._check_due(ctx, day, run=run)

    def _check_due(self, ctx: Context, day: dt.date, run: bool) -> Due:
        when = format_day(self.day, day)
        stage = next_stage(FIRST_STAGE, worst(ctx.planning_outcome(self.judgement), GREEN))
        planned = (planned_run(day, stage),) if run else ()
        tail = f"if it is green, today's run is stage {stage}" if run else ""
        return Due(
            REACTION_CHECK,
            stage,
            sentence(
                "Reaction check: record how your back is today (pain 0–10 and any red "
                f"flags), as it decides the next run after your first run on {when}",
                tail,
            ),
            planned=planned,
            rest=not run,
        )

    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None:
        if self.decided is not None:
            self.decided.check_in(ctx, day, check_in)
            return
        if day < self.check_from:
            _judge_check_in(ctx, day, check_in, FIRST_STAGE)
            return
        if check_in.pain is None and not check_in.red_flags:
            return
        self.decided = self._reaction(ctx, day, check_in)

    def _reaction(self, ctx: Context, day: dt.date, check_in: CheckIn) -> Mode:
        from recovery_diary.core.programme.runs import Runs

        light, detail = self._reaction_light(ctx, check_in)
        ctx.judged(Outcome(day, check_in.id, None, light, f"Reaction check: {detail}", True))
        own = ctx.planning_outcome(self.judgement)
        outcome = worst(own, light) if own is not None else worst(light, AMBER)
        if own is None and outcome != light:
            because = self.judgement.because("your first run")
        elif outcome != light:
            because = f"the first run itself was {own} ({self.judgement.because('it')})"
        else:
            because = f"the reaction check after your first run was {light} ({detail})"
        stage = next_stage(FIRST_STAGE, outcome)
        ctx.outcomes[:] = [
            o
            for o in ctx.outcomes
            if o.session_id != self.run.id or o.check_in or o.date != self.day
        ]
        # The run keeps its own verdict; what the check decided is said in words.
        ctx.judged(
            Outcome(self.day, self.run.id, FIRST_STAGE, self.judgement.outcome, _capital(because))
        )
        if outcome == RED:
            why = f"Stage {stage} again after two more days without a run: {because}"
            ctx.rest_days.update((day + _DAY, day + 2 * _DAY))
            runs = Runs(ctx, self.run, FIRST_STAGE, RED, why, earliest=day + 3 * _DAY)
            runs.rest_because = because
            return runs
        words = f"Stage {stage} next" if outcome == GREEN else f"Stage {stage} again"
        return Runs(ctx, self.run, FIRST_STAGE, outcome, f"{words}: {because}", earliest=day)

    def _reaction_light(self, ctx: Context, check_in: CheckIn) -> tuple[str | None, str]:
        if check_in.red_flags:
            return RED, f"a red flag was reported on {format_day(check_in.date)}"
        pain = check_in.pain
        assert pain is not None
        absolute = ctx.check_in_outcome(check_in)
        if self.baseline is None:
            return absolute, f"pain {pain}/10, with no pain before the first run to compare"
        rise = pain - self.baseline
        by_rise = GREEN if rise <= 0 else AMBER if rise <= 2 else RED
        light = worst(absolute, by_rise)
        if rise <= 0:
            return light, f"pain {pain}/10, no higher than before the first run"
        return light, f"pain {pain}/10, {rise} above before the first run"

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        if self.decided is not None:
            return self.decided.session(ctx, day, session, due)
        if not session.is_run:
            judgement = ctx.judge(session, require_next_morning=False)
            ctx.judged(Outcome(day, session.id, None, judgement.outcome, judgement.reason))
            return None
        ctx.note(
            day,
            "The run today was against the advice: after the first run the programme waits "
            "for the reaction check; it is kept and judged, and the hold starts again from it",
        )
        ctx.staged(session, FIRST_STAGE)
        against = ctx.judge(session)
        ctx.judged(Outcome(day, session.id, FIRST_STAGE, against.outcome, against.reason))
        self.judgement = _worse(self.judgement, against)
        self.check_from = max(self.check_from, day + 2 * _DAY)
        if against.outcome == RED:
            ctx.rest_days.update((day + _DAY, day + 2 * _DAY))
        return None

    def lifted(self, ctx: Context, pause: Pause) -> None:
        return None

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode:
        return self.decided if self.decided is not None else self


def _worse(a: Judgement, b: Judgement) -> Judgement:
    return b if worst(a.outcome, b.outcome) == b.outcome and b.outcome is not None else a


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _judge_check_in(ctx: Context, day: dt.date, check_in: CheckIn, stage: int) -> None:
    light = ctx.check_in_outcome(check_in)
    if light is not None:
        why = f"Check-in: back pain {check_in.pain}/10"
        ctx.judged(Outcome(day, check_in.id, None, light, why, check_in=True))
