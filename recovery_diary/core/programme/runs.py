"""Phase 2 after the reaction check: the run/walk stages up to 10 minutes of running.

Runs are never on two days running and at most three in any seven days. The
next run's stage follows the rule from the last run's stage and the worst of
its outcome and of the check-ins and low-impact sessions since; a run with no
next-morning score repeats its stage rather than advance on a guess. A red run
steps back a stage and keeps the next two days free of runs. A run on a day the
advice did not say run is kept and judged but never advances a stage; the
spacing restarts from it. After 8 or more days without a run the stage drops
(8-12 days: 1, 13-17: 2, …). The first run after a lifted red-flag pause is at
most the last run's stage, one less after an emergency flag. Stage 6 green
twice in a row completes the programme.
"""

from __future__ import annotations

import datetime as dt

from recovery_diary.core.checkin import EMERGENCY, CheckIn
from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.programme.advice import (
    LOW_IMPACT,
    NEXT_MORNING_SCORE,
    REST,
    RUN,
    judged_words,
    sentence,
)
from recovery_diary.core.programme.base import RUNS_PER_WEEK, Context, Due, Mode, Outcome
from recovery_diary.core.programme.records import Pause
from recovery_diary.core.programme.rule import next_stage, worst
from recovery_diary.core.programme.stages import (
    FIRST_STAGE,
    LAST_STAGE,
    OPTIONAL_ACTIVITIES,
    OPTIONAL_MINUTES,
    missed_run_drop,
    planned_run,
)
from recovery_diary.core.session import PLANNED, Session
from recovery_diary.core.words import PHASE_2, capital, format_day

_DAY = dt.timedelta(days=1)
_AGAINST = "against"


class Runs:
    """The run chain from the reaction check to completion."""

    phase = PHASE_2
    settled = False

    def __init__(
        self,
        ctx: Context,
        last: Session,
        base: int,
        outcome: str | None,
        why: str,
        earliest: dt.date,
    ) -> None:
        self.last = last
        self.last_stage = base
        self.base = base
        self.outcome = outcome
        self.why = why
        self.earliest = earliest
        self.streak = 0
        self.cap: tuple[int, str] | None = None
        self.between: tuple[str, str] | None = None
        self.no_run_today = ""
        self.ran_today = False
        self.completed_on: dt.date | None = None

    # -- the next run ------------------------------------------------------
    def _rule_outcome(self) -> str | None:
        between = self.between[0] if self.between else None
        if self.outcome in (None, _AGAINST):
            return RED if between == RED else None
        return worst(self.outcome, between)

    def stage_due(self, day: dt.date) -> tuple[int, str]:
        """The stage a run on ``day`` has, and why."""
        outcome = self._rule_outcome()
        stage = next_stage(self.base, outcome)
        why = self.why
        if self.between and outcome == self.between[0] and outcome != self.outcome:
            words = "repeated" if outcome == AMBER else "one step back"
            why = f"Stage {stage} {words}: {self.between[1]}"
        gap = (day - self.last.date).days
        drop = missed_run_drop(gap)
        if drop and stage > FIRST_STAGE:
            lower = max(FIRST_STAGE, stage - drop)
            why = (
                f"Stage {lower}, {stage - lower} below the stage {stage} that was due, as "
                f"{gap} days have passed since your last run on {format_day(self.last.date, day)}"
            )
            stage = lower
        if self.cap is not None and self.cap[0] < stage:
            stage = self.cap[0]
            why = f"Stage {stage}: {self.cap[1]}"
        return stage, why

    def _run_allowed(self, ctx: Context, day: dt.date) -> str:
        """Why no run is allowed on ``day`` ("" when one is)."""
        if day in ctx.records.flag_days:
            return "a red flag was reported today"
        if self.no_run_today:
            return self.no_run_today
        if day in ctx.rest_days or (day < self.earliest and day - _DAY not in ctx.run_days):
            return "rest"
        return ctx.run_blocked(day)

    def _morning_missing(self, ctx: Context) -> bool:
        return self.last.pain_next_morning is None and self.last.date + _DAY <= ctx.today

    def due(self, ctx: Context, day: dt.date) -> Due:
        stage, why = self.stage_due(day)
        blocked = self._run_allowed(ctx, day)
        when = format_day(self.last.date, day)
        if not blocked:
            if self._morning_missing(ctx):
                why += (
                    f"; add the next-morning score for your run on {when} if you can: "
                    "until then the stage is not advanced"
                )
            return Due(RUN, stage, sentence(why), planned=(planned_run(day, stage),))
        if self._morning_missing(ctx) and blocked != "a red flag was reported today":
            return Due(
                NEXT_MORNING_SCORE,
                stage,
                sentence(
                    f"Add the next-morning pain score for your run on {when}: the next run "
                    "moves up a stage only when that score shows the back settled"
                ),
                rest=day in ctx.rest_days,
                ahead=True,
            )
        if blocked == "rest":
            return Due(
                REST,
                stage,
                sentence(f"Rest day: {self.rest_because}, so no run for two days"),
                rest=True,
                ahead=True,
            )
        if blocked != "runs come at most every other day" and not blocked.startswith(
            str(RUNS_PER_WEEK)
        ):
            return Due(REST, stage, sentence(f"No run today: {blocked}"), ahead=True)
        optional = Session(
            date=day,
            activity=OPTIONAL_ACTIVITIES[day.toordinal() % 2],
            status=PLANNED,
            duration_minutes=OPTIONAL_MINUTES,
            notes="Optional: low-impact work goes on beside the running.",
        )
        return Due(
            LOW_IMPACT,
            stage,
            sentence(
                f"No run today, as {blocked}: an optional {OPTIONAL_MINUTES} min on the "
                "elliptical or bike keeps up your fitness beside the running"
            ),
            optional=(optional,),
            ahead=True,
        )

    rest_because = "the last run was red"

    # -- the records -------------------------------------------------------
    def check_in(self, ctx: Context, day: dt.date, check_in: CheckIn) -> None:
        light = ctx.check_in_outcome(check_in)
        if light is None:
            return
        text = f"Check-in: back pain {check_in.pain}/10"
        ctx.judged(Outcome(day, check_in.id, None, light, text, check_in=True))
        limit = ctx.settings.acceptable_max if light == RED else ctx.settings.safe_max
        because = f"your back pain was {check_in.pain}/10 on {format_day(day)}, above {limit}"
        self._between(light, because)
        if light == RED and not self._run_allowed(ctx, day):
            self.no_run_today = (
                f"your back pain is {check_in.pain}/10, above the acceptable limit of "
                f"{ctx.settings.acceptable_max}, so the next run steps back a stage"
            )

    def _between(self, light: str | None, because: str) -> None:
        """Keep the worst warning sign since the last run (the first of that colour)."""
        current = self.between[0] if self.between else None
        if light in (AMBER, RED) and light != current and worst(light, current) == light:
            self.between = (light, because)

    def session(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        if not session.is_run:
            judgement = ctx.judge(session, require_next_morning=False)
            ctx.judged(Outcome(day, session.id, None, judgement.outcome, judgement.reason))
            if judgement.outcome in (AMBER, RED):
                self._between(
                    judgement.outcome,
                    judgement.because(f"the {session.activity} session on {format_day(day)}"),
                )
            if due.optional or (due.action == LOW_IMPACT):
                return sentence(f"Low-impact session done; {judged_words(judgement, 'it')}")
            return None
        return self._run(ctx, day, session, due)

    def _run(self, ctx: Context, day: dt.date, session: Session, due: Due) -> str | None:
        on_advice = due.action == RUN and not self.ran_today
        due_stage = due.stage if on_advice and due.stage else self.stage_due(day)[0]
        typed = session.stage
        stage = typed or due_stage
        base = min(stage, due_stage)
        ctx.staged(session, stage)
        judgement = ctx.judge(session)
        outcome = ctx.planning_outcome(judgement)
        if typed and typed != due_stage:
            ctx.note(
                day,
                f"This run was recorded at stage {typed}, not the stage {due_stage} planned; "
                f"the next stage follows from stage {base}",
            )
        if not on_advice:
            ctx.note(
                day,
                "This run was against the advice, which did not say run today: it is kept "
                "and judged, but it doesn't advance a stage, and the spacing starts again "
                "from it",
            )
        self.last, self.last_stage, self.base = session, stage, base
        self.between, self.cap = None, None
        self.ran_today = True
        if outcome == RED:
            ctx.rest_days.update((day + _DAY, day + 2 * _DAY))
            self.earliest = day + 3 * _DAY
            self.rest_because = f"the last run was red ({judgement.because('it')})"
        else:
            self.earliest = day + 2 * _DAY
        if on_advice:
            self.outcome = outcome
            self.streak = self.streak + 1 if stage == LAST_STAGE and outcome == GREEN else 0
        else:
            self.outcome = RED if outcome == RED else _AGAINST
            self.streak = self.streak if outcome == GREEN else 0
        provisional = judgement.outcome is None and outcome == GREEN
        self.why = self._why(base, outcome, judgement.because("the last run"), on_advice)
        if ctx.assuming and on_advice and outcome == GREEN and stage != LAST_STAGE:
            # A run still to come, taken as done green: it has no scores to quote.
            self.why = (
                f"Stage {next_stage(base, GREEN)} next, if the run planned before it is green"
            )
        if provisional:
            self.why = (
                f"Stage {next_stage(base, GREEN)} next if the next-morning score after the "
                "last run shows the back settled; add it tomorrow morning"
            )
        effect = self._effect(base, outcome, on_advice)
        if provisional:
            effect = "the next stage waits for the next-morning score"
        ctx.judged(
            Outcome(
                day,
                session.id,
                stage,
                judgement.outcome,
                capital(f"{judgement.because('the run')}: {effect}"),
            )
        )
        if self.streak >= 2:
            self.completed_on = day
            return sentence(
                "Programme complete: stage 6, ten minutes of continuous running, was green "
                "twice in a row; well done, and keep letting pain guide you"
            )
        if not on_advice:
            return None
        what = f"Run done at stage {stage}"
        return sentence(f"{what}; {judged_words(judgement, 'the run')}")

    def _why(self, stage: int, outcome: str | None, because: str, on_advice: bool) -> str:
        nxt = next_stage(stage, outcome if on_advice else (RED if outcome == RED else None))
        if not on_advice and outcome != RED:
            return (
                f"Stage {nxt} again: the last run was against the advice, so it doesn't "
                "advance a stage"
            )
        if outcome == GREEN and stage == LAST_STAGE:
            return (
                "Stage 6 again: the last run, ten minutes of continuous running, was green, "
                "and one more green one completes the programme"
            )
        if outcome == GREEN:
            return f"Stage {nxt} next: the last run was green ({because})"
        if outcome == AMBER:
            return f"Stage {nxt} repeated: {because}"
        if outcome == RED:
            back = "one step back" if nxt < stage else "again (the first stage)"
            return f"Stage {nxt}, {back}: the last run was red ({because})"
        return f"Stage {nxt} repeated: {because}, so the stage is not advanced on a guess"

    def _effect(self, stage: int, outcome: str | None, on_advice: bool) -> str:
        if self.streak >= 2:
            return "the programme is complete"
        if outcome == RED:
            return "one stage back and two days without a run"
        if not on_advice:
            return "against the advice, so no stage is advanced"
        return {
            GREEN: f"on to stage {next_stage(stage, GREEN)}" if stage < LAST_STAGE else "green",
            AMBER: "the stage is repeated",
        }.get(outcome or "", "the stage is not advanced on a guess")

    def lifted(self, ctx: Context, pause: Pause) -> None:
        last = self.last_stage
        if pause.level == EMERGENCY:
            cap = max(FIRST_STAGE, last - 1)
            why = f"after the red-flag pause, one stage below your last run (stage {last})"
        else:
            cap = last
            why = "after the red-flag pause, the stage of your last run is repeated"
        self.cap = (cap, why)
        self.streak = 0

    def end_of_day(self, ctx: Context, day: dt.date) -> Mode:
        self.no_run_today = ""
        self.ran_today = False
        if self.completed_on is not None:
            from recovery_diary.core.programme.build_up import after_completion

            return after_completion(ctx, self.completed_on)
        return self
