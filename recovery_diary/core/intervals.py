"""A run as the steps a watch times: its run and walk intervals, in order.

The stage table of DESIGN §1 is the one source: each stage's steps are read
from its pattern (``3 × (2 min run + 1 min walk) + 1 min run``) and checked
against its run and walk totals and its number of run intervals, so the table
and the steps can never disagree without an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recovery_diary.core.programme import STAGES, Stage
from recovery_diary.core.session import Session

RUN, WALK = "run", "walk"

_NUMBER = r"\d*½?(?:\.\d+)?"
_STEP = rf"({_NUMBER}) min (?:continuous )?(run|walk)"
_TERM = re.compile(rf"(?:(\d+) × \(({_STEP}(?: \+ {_STEP})*)\)|{_STEP})(?: \+ |$)")
_STEP_RE = re.compile(_STEP)


@dataclass(frozen=True)
class Interval:
    """One step of a run: ``kind`` is ``run`` or ``walk``, ``minutes`` its length."""

    kind: str
    minutes: float

    @property
    def seconds(self) -> int:
        return round(self.minutes * 60)


def _minutes(text: str) -> float:
    if text.endswith("½"):
        return float(text[:-1] or 0) + 0.5
    return float(text)


def _steps(text: str) -> list[Interval]:
    return [Interval(kind, _minutes(n)) for n, kind in _STEP_RE.findall(text)]


def stage_intervals(stage: Stage) -> tuple[Interval, ...]:
    """The run and walk intervals of ``stage``, in the order they are run.

    Raises ValueError if the stage's pattern can't be read or does not add up
    to its run and walk totals and its number of run intervals.
    """
    steps: list[Interval] = []
    position = 0
    while position < len(stage.pattern):
        match = _TERM.match(stage.pattern, position)
        if match is None:
            raise ValueError(f"Stage {stage.number}: can't read {stage.pattern!r} as steps.")
        times, group = match.group(1), match.group(2)
        steps += _steps(group) * int(times) if times else _steps(match.group(0))
        position = match.end()
    run = sum(s.minutes for s in steps if s.kind == RUN)
    walk = sum(s.minutes for s in steps if s.kind == WALK)
    runs = sum(1 for s in steps if s.kind == RUN)
    if (run, walk, runs) != (stage.run, stage.walk, stage.repeats):
        raise ValueError(
            f"Stage {stage.number}: {stage.pattern!r} is {run:g} min run, {walk:g} min walk "
            f"in {runs} runs, but the table says {stage.run:g}, {stage.walk:g} and "
            f"{stage.repeats}."
        )
    return tuple(steps)


def run_intervals(session: Session) -> tuple[Interval, ...]:
    """The steps of a planned run: its stage's, or one continuous run (build-up).

    A run whose minutes differ from its stage's (edited by hand) is timed as
    its own run and walk totals: the run first, then the walk.
    """
    stage = STAGES.get(session.stage) if session.stage is not None else None
    run, walk = session.run_minutes, session.walk_minutes or 0
    if stage is not None and (run is None or (run == stage.run and walk == stage.walk)):
        return stage_intervals(stage)
    if not run:
        raise ValueError(f"The run of {session.date:%d %B %Y} has no run minutes.")
    steps = [Interval(RUN, float(run))]
    if walk:
        steps.append(Interval(WALK, float(walk)))
    return tuple(steps)
