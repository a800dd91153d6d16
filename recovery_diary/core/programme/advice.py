"""What a day asks for (:class:`Advice`) and the sentences that say why.

The timeline decides; this module only words it, so every view and the report
read the same sentence for the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from recovery_diary.core.pain import AMBER, GREEN, RED
from recovery_diary.core.programme.rule import Judgement
from recovery_diary.core.programme.stages import OPTIONAL_MINUTES, STAGES
from recovery_diary.core.words import ACTIVITY_WORDS, capital, format_day

LOW_IMPACT, RUN, REST = "low_impact", "run", "rest"
REACTION_CHECK, NEXT_MORNING_SCORE = "reaction_check", "next_morning_score"
PAUSED, DONE, COMPLETE = "paused", "done", "complete"
ACTIONS = (LOW_IMPACT, RUN, REST, REACTION_CHECK, NEXT_MORNING_SCORE, PAUSED, DONE, COMPLETE)


@dataclass(frozen=True)
class Advice:
    """What a day asks for: ``action`` (one of ACTIONS), ``stage`` and ``reason``.

    ``stage`` is the stage of the next run in Phase 2 (also on days without a
    run) and ``None`` otherwise; ``pattern`` is the run/walk pattern in plain
    words on run days; ``urgency`` is ``emergency`` or ``urgent`` while a red
    flag pauses the programme.
    """

    action: str
    stage: int | None
    reason: str
    pattern: str | None = None
    urgency: str | None = None


@dataclass(frozen=True)
class NextRun:
    """The next planned run after a day, for "the next run is on …"."""

    day: dt.date
    stage: int | None
    minutes: int | None = None

    def words(self, ref: dt.date) -> str:
        when = format_day(self.day, ref)
        if self.stage is None:
            return f"the next run, {self.minutes} min, is on {when}"
        return f"the next run, stage {self.stage}, is on {when}"


def sentence(*parts: str) -> str:
    """Parts joined by semicolons into one sentence with a capital and a full stop."""
    text = "; ".join(p for p in parts if p)
    return capital(text) + ("" if text.endswith(".") else ".")


def low_impact_words(activity: str, minutes: int) -> str:
    return f"{minutes} min {ACTIVITY_WORDS.get(activity, activity)}"


def optional_day(nxt: NextRun | None, on: dt.date, why: str) -> str:
    tail = nxt.words(on) if nxt else ""
    return sentence(
        f"No run today, {why}: an optional {OPTIONAL_MINUTES} min on the elliptical or bike "
        "keeps up your fitness beside the running",
        tail,
    )


def judged_words(judgement: Judgement, subject: str) -> str:
    """How a session went, for the day it was done; praise only for green."""
    outcome = judgement.outcome
    because = judgement.because(subject)
    if outcome == GREEN:
        return f"well done: {because}"
    if outcome == AMBER:
        return f"it was amber: {because}"
    if outcome == RED:
        return f"it was red: {because}"
    if judgement.cause == "no_morning":
        during = judgement.session.pain_during
        so_far = f"pain during was {during}/10 so far" if during is not None else ""
        return "; ".join(x for x in (so_far, "add tomorrow morning's pain score") if x)
    return "add your pain scores so the rule can judge it"


def run_done(stage: int | None, judgement: Judgement, nxt: NextRun | None, on: dt.date) -> str:
    what = f"Run done at stage {stage}" if stage else "Run done"
    return sentence(f"{what}; {judged_words(judgement, 'the run')}", nxt.words(on) if nxt else "")


def stage_pattern(stage: int | None) -> str | None:
    return STAGES[stage].pattern if stage in STAGES else None
