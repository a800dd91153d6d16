"""The return-to-run programme of DESIGN §1: its stages, rule, phases and timeline.

:func:`build_timeline` replays the records into one :class:`Timeline`, which
answers for any day what is planned, the advice and how what was done was
judged. Everything here is Qt-free and reads no clock: ``today`` is handed in.
"""

from recovery_diary.core.programme.advice import (
    ACTIONS,
    COMPLETE,
    DONE,
    LOW_IMPACT,
    NEXT_MORNING_SCORE,
    PAUSED,
    REACTION_CHECK,
    REST,
    RUN,
    Advice,
)
from recovery_diary.core.programme.base import RUNS_PER_WEEK, Outcome
from recovery_diary.core.programme.phase1 import CLINICIAN_WEEKS, PHASE1_ACTIVITIES
from recovery_diary.core.programme.records import Lift, Pause, Readiness
from recovery_diary.core.programme.rule import Judgement, judge
from recovery_diary.core.programme.settings import ProgrammeSettings
from recovery_diary.core.programme.stages import (
    BUILD_UP_MINUTES,
    BUILD_UP_TARGET,
    FIRST_STAGE,
    LAST_STAGE,
    OPTIONAL_MINUTES,
    RUN_MINUTES,
    STAGES,
    Stage,
    missed_run_drop,
)
from recovery_diary.core.programme.timeline import Day, Phase, Timeline, build_timeline
from recovery_diary.core.words import BEYOND_ARTICLE, BUILD_UP, PHASE_1, PHASE_2, format_day

__all__ = [
    "ACTIONS",
    "BEYOND_ARTICLE",
    "BUILD_UP",
    "BUILD_UP_MINUTES",
    "BUILD_UP_TARGET",
    "CLINICIAN_WEEKS",
    "COMPLETE",
    "DONE",
    "FIRST_STAGE",
    "LAST_STAGE",
    "LOW_IMPACT",
    "NEXT_MORNING_SCORE",
    "OPTIONAL_MINUTES",
    "PAUSED",
    "PHASE1_ACTIVITIES",
    "PHASE_1",
    "PHASE_2",
    "REACTION_CHECK",
    "REST",
    "RUN",
    "RUNS_PER_WEEK",
    "RUN_MINUTES",
    "STAGES",
    "Advice",
    "Day",
    "Judgement",
    "Lift",
    "Outcome",
    "Pause",
    "Phase",
    "ProgrammeSettings",
    "Readiness",
    "Stage",
    "Timeline",
    "build_timeline",
    "format_day",
    "judge",
    "missed_run_drop",
]
