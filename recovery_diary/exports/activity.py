"""A recorded activity from a watch or phone file, worked out as a diary session.

The file readers (:mod:`recovery_diary.exports.activity_files`) turn a ``.fit``,
``.gpx`` or ``.tcx`` file into :class:`Track` values: the samples the device
recorded, in stretches with pauses between them. This module decides what each
moving second was — running or walking — and makes the session of it.

How a second is judged:

* Pauses are left out: the time between two recording stretches (the watch's
  timer stopped, or auto-pause), a gap of more than :data:`MAX_GAP_S` seconds
  between two samples in which the runner did not move on, and standing still
  (slower than :data:`STILL_KMH`).
* The speed at each step between two samples is the distance covered from
  :data:`SMOOTH_S` seconds before it to as long after (the device's distance,
  else the positions), so GPS jitter of a few metres does not read as speed;
  a run or walk shorter than :data:`MIN_BLOCK_S` seconds is jitter too and
  joins the moving before it.
* A moving second at or above the walk/run threshold is running, below it
  walking. The default, :data:`WALK_RUN_KMH` = 7 km/h: brisk walking is about
  6 km/h and the slowest jog 7–8 km/h, and people change from walking to
  running by themselves at about 2 m/s (7.2 km/h). A runner coming back from
  injury jogs slowly, so the line sits at the bottom of jogging speeds, not in
  the middle of them.
* What is not a run is not refused: a ride, a walk, a swim, a rowing or
  elliptical session becomes that low-impact session, since the programme's
  first phase asks for exactly those; a sport the diary has no name for is a
  walk at walking pace and ``other`` otherwise. A file that does not say its
  sport is a ride when its moving median is above :data:`RIDE_KMH`, and a run
  only with at least :data:`MIN_RUN_SHARE` of running.
* Where a running file records the cadence (most watches do, and a treadmill
  run without a foot pod has nothing else), the cadence tells running from
  walking instead: :data:`RUN_CADENCE` strides a minute (140 steps) and more is
  running. Cadence is the gait itself, so a slow jog slower than a brisk walk
  still counts as running. FIT and TCX give running cadence in strides a minute.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from recovery_diary.core.session import RUN_WALK, Session

#: The default walk/run threshold, in km/h (see the module's docstring for why).
WALK_RUN_KMH = 7.0
#: The range a runner may set the threshold to, in km/h.
WALK_RUN_RANGE = (5.0, 9.0)
#: Slower than this is standing still, not walking (km/h).
STILL_KMH = 1.8
#: Two samples further apart than this (seconds) have a pause between them,
#: unless the runner moved on in between; beyond LONG_GAP_S always.
MAX_GAP_S = 30.0
LONG_GAP_S = 300.0
#: Speed is measured over this many seconds on each side of a step.
SMOOTH_S = 8.0
#: A run or walk shorter than this (seconds) is jitter, not an interval of its own.
MIN_BLOCK_S = 15.0
#: Strides a minute (one stride = two steps) from which a cadence is running.
RUN_CADENCE = 70.0
#: At least this much running (seconds) makes a run/walk session; in a file that
#: does not say it is a run, also at least this share of the moving time.
MIN_RUN_S = 30.0
MIN_RUN_SHARE = 0.1
#: With no sport in the file, a moving median above this (km/h) is a ride.
RIDE_KMH = 16.0
#: Two activities starting this close together (seconds) are the same one.
SAME_START_S = 60.0

#: A file's sport, as the readers give it, to the diary's activity (None: running).
SPORTS: dict[str, str | None] = {
    "running": None,
    "cycling": "cycling",
    "walking": "walking",
    "hiking": "walking",
    "swimming": "swimming",
    "rowing": "rowing",
    "elliptical": "elliptical",
}


class TooShort(ValueError):
    """A track with less than half a minute of activity: not a session."""


@dataclass(frozen=True)
class Sample:
    """One recorded moment: a UTC time and what the device knew then."""

    time: dt.datetime
    distance: float | None = None  # metres from the start
    lat: float | None = None  # degrees
    lon: float | None = None
    cadence: float | None = None  # strides (or revolutions) a minute


@dataclass(frozen=True)
class Track:
    """One activity as a file holds it: its sport and its recording stretches."""

    sport: str  # a key of SPORTS, "other", or "" when the file does not say
    segments: Sequence[Sequence[Sample]]
    start: dt.datetime | None = None  # the device's own start time, if it gives one
    timer_seconds: float | None = None  # the device's timer, for sports without samples
    creator: str = ""  # the device or app that wrote the file


@dataclass(frozen=True)
class Activity:
    """What a track was: its start (UTC), the diary activity and its minutes."""

    start: dt.datetime
    activity: str
    moving_minutes: float
    run_minutes: float = 0.0
    walk_minutes: float = 0.0
    repeats: int = 0
    creator: str = ""

    @property
    def identity(self) -> str:
        """The start as UTC ISO text: what tells this activity from every other."""
        return self.start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def session(self, tz: dt.tzinfo | None = None) -> Session:
        """A done session of this activity, dated by the local day of its start.

        ``tz`` is the time zone of that day (default: the computer's). A run
        has no stage of its own: the diary gives it the stage due that day.
        """
        day = self.start.astimezone(tz).date()
        if self.activity != RUN_WALK:
            return Session(date=day, activity=self.activity, duration_minutes=self.moving_minutes)
        return Session(
            date=day,
            activity=RUN_WALK,
            run_minutes=self.run_minutes,
            walk_minutes=self.walk_minutes,
            repeats=max(1, self.repeats),
        )


@dataclass
class _Step:
    start: float  # seconds since the track's first sample
    seconds: float
    speed: float | None  # m/s, None if unknown
    cadence: float | None
    kind: str = field(default="")


def _metres(a: Sample, b: Sample) -> float | None:
    if a.distance is not None and b.distance is not None:
        return max(0.0, b.distance - a.distance)
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, h)))


def _is_pause(a: Sample, b: Sample) -> bool:
    """Whether the time between two samples was a pause rather than moving.

    A gap of up to MAX_GAP_S is moving; a longer one is a pause unless the
    device simply logs rarely and the runner moved on at walking speed or more
    in between (never for gaps over LONG_GAP_S).
    """
    seconds = (b.time - a.time).total_seconds()
    if seconds <= MAX_GAP_S:
        return False
    if seconds > LONG_GAP_S:
        return True
    metres = _metres(a, b)
    return metres is None or metres / seconds * 3.6 < STILL_KMH


def _split_at_gaps(segment: Sequence[Sample]) -> list[list[Sample]]:
    """A recording stretch in time order, cut where two samples are MAX_GAP_S apart."""
    pieces: list[list[Sample]] = []
    for sample in sorted(segment, key=lambda s: s.time):  # some apps write points out of order
        if pieces and sample.time == pieces[-1][-1].time:
            continue  # the same second twice: keep the first
        if pieces and not _is_pause(pieces[-1][-1], sample):
            pieces[-1].append(sample)
        else:
            pieces.append([sample])
    return [p for p in pieces if len(p) > 1]


def _stretch_steps(samples: list[Sample], origin: dt.datetime) -> list[_Step]:
    """Each step of a stretch, its speed measured over SMOOTH_S seconds either side.

    Measuring over 2 × SMOOTH_S seconds rather than from one sample to the next
    keeps GPS jitter of a few metres from reading as speed. The window is centred
    on each step, so the edge between a run and a walk stays where it was when
    the threshold lies midway between the two speeds, and moves by less than
    SMOOTH_S seconds when it does not.
    """
    steps = []
    lo = hi = 0
    for i, (a, b) in enumerate(itertools.pairwise(samples)):
        seconds = (b.time - a.time).total_seconds()
        if seconds <= 0:
            continue
        middle = a.time + (b.time - a.time) / 2
        while (middle - samples[lo].time).total_seconds() > SMOOTH_S:
            lo += 1
        hi = max(hi, i + 1)
        while hi + 1 < len(samples) and (samples[hi + 1].time - middle).total_seconds() <= SMOOTH_S:
            hi += 1
        first, last = samples[min(lo, i)], samples[hi]
        metres = _metres(first, last)
        speed = None if metres is None else metres / (last.time - first.time).total_seconds()
        cadence = b.cadence if b.cadence is not None else a.cadence
        steps.append(_Step((a.time - origin).total_seconds(), seconds, speed, cadence))
    return steps


def _steps(track: Track, origin: dt.datetime) -> list[list[_Step]]:
    """The steps of each stretch of recording (pauses and gaps left out)."""
    return [
        _stretch_steps(piece, origin)
        for segment in track.segments
        for piece in _split_at_gaps(segment)
    ]


def _weighted_median(pairs: list[tuple[float, float]]) -> float:
    pairs.sort()
    half, total = sum(w for _, w in pairs) / 2, 0.0
    for value, weight in pairs:
        total += weight
        if total >= half:
            return value
    return pairs[-1][0]


def _kind(step: _Step, by_cadence: bool, walk_run_kmh: float) -> str:
    """``still``, ``run`` or ``walk``: standing still by the speed, the gait by the cadence."""
    kmh = None if step.speed is None else step.speed * 3.6
    if kmh is not None and kmh < STILL_KMH:
        return "still"
    if by_cadence and step.cadence:
        return "run" if step.cadence >= RUN_CADENCE else "walk"
    if kmh is None:
        return "still"
    return "run" if kmh >= walk_run_kmh else "walk"


def _absorb_short(steps: list[_Step]) -> None:
    """A run or walk shorter than MIN_BLOCK_S takes the kind of the moving before it."""
    blocks: list[list[_Step]] = []
    for step in steps:
        if step.kind == "still":
            continue
        if blocks and blocks[-1][0].kind == step.kind:
            blocks[-1].append(step)
        else:
            blocks.append([step])
    for i, block in enumerate(blocks):
        short = sum(s.seconds for s in block) < MIN_BLOCK_S
        if short and len(blocks) > 1:
            kind = blocks[i - 1][0].kind if i else blocks[1][0].kind
            for step in block:
                step.kind = kind


def _classify(track: Track, stretches: list[list[_Step]], walk_run_kmh: float) -> list[_Step]:
    """Mark each step ``run``, ``walk`` or ``still``; return them all in order.

    In a running file whose steps mostly have a cadence, the cadence tells running
    from walking; elsewhere the speed does, against ``walk_run_kmh``.
    """
    steps = [s for stretch in stretches for s in stretch]
    with_cadence = sum(s.seconds for s in steps if s.cadence)
    by_cadence = track.sport == "running" and with_cadence >= 0.8 * sum(s.seconds for s in steps)
    if not any(s.speed is not None for s in steps):
        by_cadence = True  # no speed at all (a treadmill without a foot pod)
    for step in steps:
        step.kind = _kind(step, by_cadence, walk_run_kmh)
    _absorb_short(steps)
    return steps


def _run_count(steps: list[_Step]) -> int:
    """Run intervals: stretches of running with a walk between them (pauses don't split)."""
    count, previous = 0, ""
    for step in steps:
        if step.kind == "still":
            continue
        if step.kind == "run" and previous != "run":
            count += 1
        previous = step.kind
    return count


def _moving_median_kmh(steps: list[_Step]) -> float:
    pairs = [(s.speed * 3.6, s.seconds) for s in steps if s.speed is not None and s.kind != "still"]
    return _weighted_median(pairs) if pairs else 0.0


def analyse(track: Track, walk_run_kmh: float = WALK_RUN_KMH) -> Activity:
    """Work out what ``track`` was: a run/walk session, or the low-impact activity.

    Raises ValueError when the track has no start time or nothing to measure.
    """
    samples = [s for segment in track.segments for s in segment]
    start = track.start or (samples[0].time if samples else None)
    if start is None:
        raise ValueError("it holds no recorded times.")
    origin = samples[0].time if samples else start
    steps = _classify(track, _steps(track, origin), walk_run_kmh)
    run = sum(s.seconds for s in steps if s.kind == "run")
    walk = sum(s.seconds for s in steps if s.kind == "walk")
    moving = run + walk
    if moving == 0 and track.timer_seconds:
        moving = track.timer_seconds  # an indoor session: the watch's timer is all there is
    if moving < 30:
        raise TooShort("it holds less than half a minute of activity.")
    sport = track.sport if track.sport in SPORTS else ("" if not track.sport else "other")
    activity = SPORTS.get(sport) if sport else None
    if sport == "other":  # a sport the diary has no name for: at walking pace, a walk
        median = _moving_median_kmh(steps)
        activity = "walking" if STILL_KMH <= median < walk_run_kmh else "other"
    elif not sport and _moving_median_kmh(steps) > RIDE_KMH:
        activity = "cycling"
    too_little = run < MIN_RUN_S or (sport != "running" and run < MIN_RUN_SHARE * moving)
    if activity is None and too_little:
        activity = "walking"  # a "run" with no running in it was a walk
    if activity is not None:
        return Activity(start, activity, round(moving / 60, 1), creator=track.creator)
    return Activity(
        start,
        RUN_WALK,
        round(moving / 60, 1),
        run_minutes=round(run / 60, 1),
        walk_minutes=round(walk / 60, 1),
        repeats=_run_count(steps),
        creator=track.creator,
    )


def same_activity(a: dt.datetime, b: dt.datetime) -> bool:
    """Whether two start times are one activity (files of one run differ by seconds)."""
    return abs((a - b).total_seconds()) <= SAME_START_S
