"""Reading watch and phone files: FIT, GPX and TCX to :class:`Track` values.

FIT is read with ``fitdecode``, which checks the file's CRC and reads every
FIT feature devices use (compressed timestamps, chained files); GPX (1.0 and
1.1) with ``gpxpy``; TCX, a small XML format, with the standard library's
ElementTree. Each file may hold several activities (a
multisport FIT file, a GPX file with several tracks, a TCX file with several
Activities): one track each. Any problem is a ValueError naming the file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recovery_diary.exports.activity import Sample, Track

#: Larger than any one day's activities, smaller than what would hang the app.
MAX_BYTES = 64 * 1024 * 1024
SEMICIRCLE = 180 / 2**31
BOM = b"\xef\xbb\xbf"  # degrees in one FIT semicircle

_FIT_SPORTS = {
    "running": "running",
    "cycling": "cycling",
    "e_biking": "cycling",
    "walking": "walking",
    "hiking": "hiking",
    "swimming": "swimming",
    "rowing": "rowing",
    "generic": "",
}
_FIT_EQUIPMENT = {
    "elliptical": "elliptical",
    "indoor_rowing": "rowing",
    "indoor_cycling": "cycling",
}
STRAVA_TYPES = {"9": "running", "1": "cycling"}
#: TCX knows three sports; "Other" is never a run (a walk, skiing, paddling…).
_TCX_SPORTS = {"running": "running", "biking": "cycling", "other": "other"}
_TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def _utc(value: dt.datetime) -> dt.datetime:
    """A file's time as aware UTC (GPX and TCX times without a zone are UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


# -- FIT ---------------------------------------------------------------------
def _fit_sport(mesg: dict[str, Any]) -> str:
    sport, sub = str(mesg.get("sport", "")), str(mesg.get("sub_sport", ""))
    if sport == "fitness_equipment":
        return _FIT_EQUIPMENT.get(sub, "other")
    return _FIT_SPORTS.get(sport, "other")


def _fit_sample(record: dict[str, Any]) -> Sample:
    lat, lon = record.get("position_lat"), record.get("position_long")
    return Sample(
        time=_utc(record["timestamp"]),
        distance=record.get("distance"),
        lat=lat * SEMICIRCLE if lat is not None else None,
        lon=lon * SEMICIRCLE if lon is not None else None,
        cadence=record.get("cadence"),
    )


def _fit_stretches(records: list[dict], events: list[dict]) -> list[list[Sample]]:
    """Records split where the watch's timer stopped."""
    stops = sorted(
        _utc(e["timestamp"])
        for e in events
        if e.get("event") == "timer" and str(e.get("event_type", "")).startswith("stop")
    )
    stretches: list[list[Sample]] = [[]]
    for record in records:
        sample = _fit_sample(record)
        while stops and stops[0] < sample.time:
            stops.pop(0)
            if stretches[-1]:
                stretches.append([])
        stretches[-1].append(sample)
    return [s for s in stretches if s]


def _fit_creator(file_id: dict[str, Any]) -> str:
    product = file_id.get("garmin_product") or file_id.get("product")
    return f"manufacturer={file_id.get('manufacturer', '?')} product={product}"


def _fit_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """The data messages of a FIT file by name, each as field name → value."""
    import fitdecode

    messages: dict[str, list[dict[str, Any]]] = {}
    wanted = ("file_id", "record", "event", "session", "sport")
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name in wanted:
                    fields = {f.name: f.value for f in frame.fields if f.value is not None}
                    messages.setdefault(frame.name, []).append(fields)
    except fitdecode.FitHeaderError as exc:
        raise ValueError("it is not a FIT file.") from exc
    except fitdecode.FitCRCError as exc:
        raise ValueError("the FIT file is damaged (its check sum does not match).") from exc
    except fitdecode.FitEOFError as exc:
        raise ValueError("the FIT file is incomplete (it ends too soon).") from exc
    except fitdecode.FitError as exc:
        raise ValueError(f"the FIT file is damaged ({exc}).") from exc
    return messages


def read_fit(data: bytes) -> list[Track]:
    """The activities of a FIT activity file (one per session; transitions left out)."""
    messages = _fit_messages(data)
    file_id = (messages.get("file_id") or [{}])[0]
    if file_id.get("type") != "activity":
        kind = file_id.get("type") or "unknown"
        raise ValueError(f"it is a FIT {kind} file, not a recorded activity.")
    records = [r for r in messages.get("record", []) if isinstance(r.get("timestamp"), dt.datetime)]
    if messages.get("record") and not records:
        # FIT times below 0x10000000 count from the watch's power-on, not a calendar date.
        raise ValueError("the watch's clock was not set, so its times are not dates.")
    events = [e for e in messages.get("event", []) if isinstance(e.get("timestamp"), dt.datetime)]
    creator = _fit_creator(file_id)
    sessions = [
        s
        for s in messages.get("session", [])
        if s.get("sport") != "transition" and isinstance(s.get("start_time"), dt.datetime)
    ]
    if not sessions:
        sport = _fit_sport((messages.get("sport") or [{}])[0])
        return [Track(sport, _fit_stretches(records, events), creator=creator)] if records else []
    tracks = []
    for session in sorted(sessions, key=lambda s: s["start_time"]):
        start = _utc(session["start_time"])
        elapsed = session.get("total_elapsed_time") or 0
        end = _utc(session.get("timestamp") or start) + dt.timedelta(seconds=1)
        end = max(end, start + dt.timedelta(seconds=elapsed))
        own = [r for r in records if start <= _utc(r["timestamp"]) <= end]
        tracks.append(
            Track(
                _fit_sport(session),
                _fit_stretches(own, events),
                start=start,
                timer_seconds=session.get("total_timer_time"),
                creator=creator,
            )
        )
    return tracks


# -- GPX ---------------------------------------------------------------------
def read_gpx(data: bytes) -> list[Track]:
    """The tracks of a GPX 1.0 or 1.1 file (routes and waypoints are plans, not activities)."""
    import gpxpy
    import gpxpy.gpx

    root = _root_name(data)
    if root not in (None, "gpx"):
        raise ValueError(f"it is XML ({root}) but not a GPX file.")
    try:
        gpx = gpxpy.parse(io.StringIO(_xml_text(data)))
    except (gpxpy.gpx.GPXException, ValueError) as exc:
        why = str(exc).strip() or "bad XML"
        raise ValueError(f"it is not a readable GPX file ({why}).") from exc
    tracks = []
    for track in gpx.tracks:
        stretches = [
            [
                Sample(_utc(p.time), lat=p.latitude, lon=p.longitude)
                for p in segment.points
                if p.time is not None
            ]
            for segment in track.segments
        ]
        stretches = [s for s in stretches if s]
        if stretches:
            sport = (track.type or "").strip().lower()
            tracks.append(Track(_gpx_sport(sport), stretches, creator=f"creator={gpx.creator}"))
    return tracks


def _xml_text(data: bytes) -> str:
    """XML bytes as text, in the encoding the document declares (UTF-8 if none)."""
    declared = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data.removeprefix(BOM))
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.removeprefix(BOM).decode(encoding)
    except LookupError:
        return data.removeprefix(BOM).decode("utf-8", errors="replace")
    except UnicodeDecodeError:
        raise ValueError(f"it is not {encoding.upper()} text") from None


def _root_name(data: bytes) -> str | None:
    """The local name of an XML document's first element (None if it is not XML)."""
    try:
        _, root = next(ET.iterparse(io.BytesIO(data), events=("start",)))
    except (ET.ParseError, StopIteration):
        return None
    return root.tag.rpartition("}")[2]


def _gpx_sport(words: str) -> str:
    """What a GPX ``<type>`` says (apps write ``running``, ``Run``, ``cycling``, ``Ride``…).

    Strava's phone apps write numbers: 9 is a run, 1 a ride; other numbers are
    left to the speed.
    """
    if words in STRAVA_TYPES:
        return STRAVA_TYPES[words]
    for word, sport in (
        ("run", "running"),
        ("jog", "running"),
        ("rid", "cycling"),
        ("cycl", "cycling"),
        ("bik", "cycling"),
        ("walk", "walking"),
        ("hik", "hiking"),
    ):
        if word in words:
            return sport
    return ""


# -- TCX ---------------------------------------------------------------------
def _text(element: ET.Element, path: str) -> str | None:
    found = element.find(path)
    return found.text.strip() if found is not None and found.text else None


def _number(element: ET.Element, path: str) -> float | None:
    text = _text(element, path)
    return float(text) if text is not None else None


def _tcx_time(text: str) -> dt.datetime:
    return _utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


def _tcx_sample(point: ET.Element) -> Sample | None:
    time = _text(point, f"{_TCX}Time")
    if time is None:
        return None
    cadence = _number(point, f"{_TCX}Cadence")
    if cadence is None:  # running cadence sits in Garmin's extension
        found = [e.text for e in point.iter() if e.tag.endswith("RunCadence") and e.text]
        cadence = float(found[0]) if found else None
    return Sample(
        _tcx_time(time),
        distance=_number(point, f"{_TCX}DistanceMeters"),
        lat=_number(point, f"{_TCX}Position/{_TCX}LatitudeDegrees"),
        lon=_number(point, f"{_TCX}Position/{_TCX}LongitudeDegrees"),
        cadence=cadence,
    )


def read_tcx(data: bytes) -> list[Track]:
    """The Activities of a TCX file; each ``<Track>`` is a stretch between pauses."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"it is not a readable TCX file ({exc}).") from exc
    if root.tag != f"{_TCX}TrainingCenterDatabase":
        raise ValueError("it is XML but not a TCX (Training Center) file.")
    tracks = []
    for activity in root.iter(f"{_TCX}Activity"):
        stretches = []
        for track in activity.iter(f"{_TCX}Track"):
            samples = [_tcx_sample(p) for p in track.iter(f"{_TCX}Trackpoint")]
            stretch = [s for s in samples if s is not None]
            if stretch:
                stretches.append(stretch)
        laps = activity.findall(f"{_TCX}Lap")
        timer = sum(_number(lap, f"{_TCX}TotalTimeSeconds") or 0 for lap in laps)
        start_text = _text(activity, f"{_TCX}Id") or (laps[0].get("StartTime") if laps else None)
        if not stretches and not timer:
            continue
        sport = _TCX_SPORTS.get((activity.get("Sport") or "").lower(), "")
        creator = _text(activity, f"{_TCX}Creator/{_TCX}Name") or _text(
            root, f"{_TCX}Author/{_TCX}Name"
        )
        tracks.append(
            Track(
                sport,
                stretches,
                start=_tcx_time(start_text) if start_text else None,
                timer_seconds=timer or None,
                creator=f"Creator={creator}",
            )
        )
    return tracks


READERS: dict[str, tuple[str, Callable[[bytes], list[Track]]]] = {
    ".fit": ("FIT", read_fit),
    ".gpx": ("GPX", read_gpx),
    ".tcx": ("TCX", read_tcx),
}


def read_tracks(path: Path) -> list[Track]:
    """Every activity recorded in the file at ``path``.

    Raises ValueError naming the file and what is wrong: not a watch file, empty,
    damaged, or holding no recorded activity.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ValueError(
            f"Can't import {path.name}: only .fit, .gpx and .tcx files from a watch "
            "or phone can be imported."
        )
    name, read = reader
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"it is {size // 2**20} MB, too large to be one day's activities.")
        data = path.read_bytes()
        if not data.strip():
            raise ValueError("it is empty.")
        tracks = read(data)
    except OSError as exc:
        raise ValueError(f"Can't import {path.name}: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise ValueError(f"Can't import {path.name}: {exc}") from exc
    except Exception as exc:  # a parser's own error on a damaged file
        raise ValueError(f"Can't import {path.name}: it is not a readable {name} file.") from exc
    if not tracks:
        raise ValueError(f"Can't import {path.name}: it holds no recorded activity.")
    return tracks
