"""Watch and phone files made for the tests, written as the devices write them.

One synthetic recording — per-second samples of time and distance — is written
as GPX 1.0 (two track segments, as phone apps split at a pause), GPX 1.1 (one
segment with a gap, as Strava exports), TCX (one ``<Track>`` per stretch, as
Garmin Connect exports) and FIT (Garmin's SDK encoder, the timer stopped at
the pause, as a Forerunner records). The expected minutes are worked out from
the recording's own plan, not from the app's code.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

START = dt.datetime(2026, 3, 18, 7, 30, tzinfo=dt.UTC)
HOME = (51.5, -0.1)  # where the recordings start (degrees)
METRES_PER_DEGREE = 6_371_000 * math.pi / 180  # along a meridian


@dataclass
class Recording:
    """One activity: its sport and its stretches of (time, metres from start, km/h)."""

    sport: str
    stretches: list[list[tuple[dt.datetime, float, float]]] = field(default_factory=list)
    run_seconds: float = 0.0  # what the plan of the recording says
    walk_seconds: float = 0.0
    runs: int = 0

    @property
    def start(self) -> dt.datetime:
        return self.stretches[0][0][0]

    @property
    def end(self) -> dt.datetime:
        return self.stretches[-1][-1][0]

    @property
    def moving_seconds(self) -> float:
        return sum((s[-1][0] - s[0][0]).total_seconds() for s in self.stretches)


def recording(
    plan: list[tuple[float, float]],
    *,
    sport: str = "running",
    start: dt.datetime = START,
    pause_at: float | None = None,
    pause_seconds: float = 120,
    run_kmh: float = 7.0,
) -> Recording:
    """A recording of ``plan`` — (seconds, km/h) pieces — one sample a second.

    The timer stops ``pause_at`` seconds into the plan for ``pause_seconds``.
    Run and walk seconds and the number of runs are counted from the plan
    against ``run_kmh``.
    """
    rec = Recording(sport)
    t, metres, moved = start, 0.0, 0.0
    stretch: list[tuple[dt.datetime, float, float]] = [(t, metres, 0.0)]
    previous_ran = False
    for seconds, kmh in plan:
        ran = kmh >= run_kmh
        if ran:
            rec.run_seconds += seconds
            rec.runs += not previous_ran
        else:
            rec.walk_seconds += seconds
        previous_ran = ran
        for _ in range(round(seconds)):
            t += dt.timedelta(seconds=1)
            metres += kmh / 3.6
            moved += 1
            stretch.append((t, metres, kmh))
            if pause_at is not None and moved == pause_at:
                rec.stretches.append(stretch)
                t += dt.timedelta(seconds=pause_seconds)
                stretch = [(t, metres, kmh)]
    rec.stretches.append(stretch)
    return rec


def run_walk(reps: int = 5, **kwargs) -> Recording:
    """``reps`` × (1 min at 9 km/h + 1 min at 5 km/h), paused 2 min in the 3rd run."""
    kwargs.setdefault("pause_at", 270)
    return recording([(60, 9.0), (60, 5.0)] * reps, **kwargs)


def position(metres: float) -> tuple[float, float]:
    """Degrees of a point ``metres`` north of HOME."""
    return HOME[0] + metres / METRES_PER_DEGREE, HOME[1]


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- GPX ---------------------------------------------------------------------
def gpx_text(
    recordings: list[Recording], *, version: str = "1.1", creator: str = "StravaGPX"
) -> str:
    """GPX 1.1 as Strava writes it (one segment), or 1.0 with a segment per stretch."""
    ns = (
        "http://www.topografix.com/GPX/1/1"
        if version == "1.1"
        else "http://www.topografix.com/GPX/1/0"
    )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gpx creator="{creator}" version="{version}" xmlns="{ns}">',
    ]
    if version == "1.1":
        out.append(f"<metadata><time>{_iso(recordings[0].start)}</time></metadata>")
    for rec in recordings:
        out.append(f"<trk><name>Morning {rec.sport}</name><type>{rec.sport}</type>")
        groups = rec.stretches if version == "1.0" else [[p for s in rec.stretches for p in s]]
        for group in groups:
            out.append("<trkseg>")
            for t, metres, _ in group:
                lat, lon = position(metres)
                out.append(
                    f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>12.0</ele>'
                    f"<time>{_iso(t)}</time></trkpt>"
                )
            out.append("</trkseg>")
        out.append("</trk>")
    out.append("</gpx>")
    return "\n".join(out)


# -- TCX ---------------------------------------------------------------------
TCX_SPORT = {"running": "Running", "cycling": "Biking", "walking": "Other", "skiing": "Other"}


def tcx_text(recordings: list[Recording], *, device: str = "Forerunner 255") -> str:
    """TCX as Garmin Connect exports it: one Activity each, a Track per stretch."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        "<Activities>",
    ]
    for rec in recordings:
        distance = rec.stretches[-1][-1][1]
        out += [
            f'<Activity Sport="{TCX_SPORT[rec.sport]}"><Id>{_iso(rec.start)}</Id>',
            f'<Lap StartTime="{_iso(rec.start)}">',
            f"<TotalTimeSeconds>{rec.moving_seconds:.1f}</TotalTimeSeconds>",
            f"<DistanceMeters>{distance:.1f}</DistanceMeters>",
            "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>",
        ]
        for stretch in rec.stretches:
            out.append("<Track>")
            for t, metres, _ in stretch:
                lat, lon = position(metres)
                out.append(
                    f"<Trackpoint><Time>{_iso(t)}</Time><Position>"
                    f"<LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
                    f"<LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
                    f"<DistanceMeters>{metres:.2f}</DistanceMeters></Trackpoint>"
                )
            out.append("</Track>")
        out += [
            "</Lap>",
            f'<Creator xsi:type="Device_t"><Name>{device}</Name></Creator>',
            "</Activity>",
        ]
    out += ["</Activities>", "</TrainingCenterDatabase>"]
    return "\n".join(out)


# -- FIT ---------------------------------------------------------------------
def fit_bytes(
    recordings: list[Recording],
    *,
    manufacturer: str = "garmin",
    product: int = 3992,
    every: int = 1,
    indoor: bool = False,
    cadence: dict[float, int] | None = None,
) -> bytes:
    """A FIT activity file as a watch records one (3992 is Garmin's Forerunner 255).

    ``every``: one record in so many seconds (watches' "smart recording").
    ``cadence``: strides a minute recorded at each speed (km/h) of the plan.
    ``indoor``: a treadmill run without a foot pod: the cadence and nothing else.
    """
    if indoor and cadence is None:
        cadence = {9.0: 84, 5.0: 54}
    from garmin_fit_sdk import Encoder, Profile

    mesg = Profile["mesg_num"]
    semicircles = 2**31 / 180
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": mesg["FILE_ID"],
            "type": "activity",
            "manufacturer": manufacturer,
            "product": product,
            "serial_number": 3_456_789_012,
            "time_created": recordings[0].start,
        }
    )

    def event(t: dt.datetime, kind: str) -> None:
        encoder.write_mesg(
            {
                "mesg_num": mesg["EVENT"],
                "timestamp": t,
                "event": "timer",
                "event_type": kind,
                "event_group": 0,
            }
        )

    for rec in recordings:
        for stretch in rec.stretches:
            event(stretch[0][0], "start")
            for i, (t, metres, kmh) in enumerate(stretch):
                if i % every and i != len(stretch) - 1:
                    continue
                lat, lon = position(metres)
                record = {"mesg_num": mesg["RECORD"], "timestamp": t}
                if cadence is not None:
                    record["cadence"] = cadence.get(kmh, 0)
                if not indoor:
                    record["position_lat"] = round(lat * semicircles)
                    record["position_long"] = round(lon * semicircles)
                    record["distance"] = metres
                encoder.write_mesg(record)
            event(stretch[-1][0], "stop_all")
        elapsed = (rec.end - rec.start).total_seconds()
        for kind in ("LAP", "SESSION"):
            encoder.write_mesg(
                {
                    "mesg_num": mesg[kind],
                    "timestamp": rec.end,
                    "start_time": rec.start,
                    "total_elapsed_time": elapsed,
                    "total_timer_time": rec.moving_seconds,
                    "total_distance": rec.stretches[-1][-1][1],
                    "sport": rec.sport,
                    "sub_sport": "generic",
                }
            )
    last = recordings[-1].end
    encoder.write_mesg(
        {
            "mesg_num": mesg["ACTIVITY"],
            "timestamp": last,
            "num_sessions": len(recordings),
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
            "local_timestamp": last.replace(tzinfo=None),
        }
    )
    return encoder.close()
