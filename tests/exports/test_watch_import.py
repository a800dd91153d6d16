"""Runs in from watch and phone files: FIT, GPX 1.0 and 1.1, TCX, as devices write them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from watch_files import START, fit_bytes, gpx_text, recording, run_walk, tcx_text

from recovery_diary import Diary
from recovery_diary.core.programme import STAGES
from recovery_diary.core.session import PLANNED
from recovery_diary.exports.watch_import import read_activities
from recovery_diary.exports.workouts import encode_workout

UTC_MINUS_8 = dt.timezone(dt.timedelta(hours=-8))


def write(folder: Path, name: str, recordings, **kwargs) -> Path:
    """One recording written in the format its name ends with."""
    path = folder / name
    if name.endswith(".fit"):
        path.write_bytes(fit_bytes(recordings, **kwargs))
    elif name.endswith(".tcx"):
        path.write_text(tcx_text(recordings, **kwargs), encoding="utf-8")
    else:
        version = "1.0" if "gpx10" in name else "1.1"
        path.write_text(gpx_text(recordings, version=version, **kwargs), encoding="utf-8")
    return path


FORMATS = ["run.fit", "run.tcx", "run-gpx10.gpx", "run-strava.gpx"]


@pytest.mark.parametrize("name", FORMATS)
def test_a_run_walk_file_records_its_run_and_walk_minutes(diary, tmp_path, name):
    rec = run_walk()  # 5 × (1 min at 9 km/h + 1 min at 5 km/h), 2 min paused in the 3rd run
    path = write(tmp_path, name, [rec])

    (imported,) = diary.import_activity(path)

    session = imported.session
    assert imported.new
    assert session.activity == "run_walk" and session.status == "done"
    assert session.run_minutes == pytest.approx(rec.run_seconds / 60, abs=0.25)
    assert session.walk_minutes == pytest.approx(rec.walk_seconds / 60, abs=0.25)
    assert session.repeats == rec.runs == 5
    assert session.duration_minutes == pytest.approx(10, abs=0.25)  # the pause left out
    assert session.date == START.astimezone().date()
    assert diary.recorded() == [session]


def test_the_formats_of_one_run_import_to_the_same_minutes(tmp_path):
    rec = run_walk()
    minutes = []
    for name in FORMATS:
        path = write(tmp_path, name, [rec])
        opened = Diary.open(tmp_path / f"{name}.json")
        (imported,) = opened.import_activity(path)
        minutes.append((imported.session.run_minutes, imported.session.walk_minutes))
        opened.close()
    runs, walks = zip(*minutes, strict=True)
    assert max(runs) - min(runs) <= 0.5
    assert max(walks) - min(walks) <= 0.5


def test_the_date_is_the_local_day_of_the_start(diary, tmp_path):
    path = write(tmp_path, "run.fit", [run_walk()])  # starts 07:30 UTC on 18 March

    (imported,) = diary.import_activity(path, tz=UTC_MINUS_8)

    assert imported.session.date == dt.date(2026, 3, 17)  # 23:30 the evening before


def test_the_start_is_kept_in_the_diary_file(diary, tmp_path):
    path = write(tmp_path, "run.tcx", [run_walk()])

    diary.import_activity(path)

    stored = json.loads(diary.path.read_text(encoding="utf-8"))["sessions"]
    (record,) = stored.values()
    assert record["activity_start"] == "2026-03-18T07:30:00Z"
    assert record["imported_from"] == "run.tcx"


def test_the_walk_run_speed_is_a_setting_kept_in_the_file(diary, tmp_path):
    # A slow jog at 6.8 km/h with 5.2 km/h walks: below the default 7 km/h, all walking.
    slow = recording([(60, 6.8), (60, 5.2)] * 4)
    path = write(tmp_path, "slow.gpx", [slow])
    assert diary.walk_run_kmh == 7.0

    (as_walk,) = diary.import_activity(path)
    assert as_walk.session.activity == "walking"
    diary.delete(as_walk.session.id)
    diary.walk_run_kmh = 6.0
    (as_run,) = diary.import_activity(path)

    assert as_run.session.activity == "run_walk"
    assert as_run.session.run_minutes == pytest.approx(4, abs=0.25)
    assert as_run.session.repeats == 4
    diary.close()
    assert Diary.open(diary.path).walk_run_kmh == 6.0


@pytest.mark.parametrize("kmh", [4.9, 9.5, "7", True])
def test_a_walk_run_speed_out_of_range_is_refused(diary, kmh):
    with pytest.raises(ValueError, match="walk/run speed must be from 5 to 9 km/h"):
        diary.walk_run_kmh = kmh
    assert diary.walk_run_kmh == 7.0


def test_an_imported_run_fulfils_the_planned_run_and_takes_its_stage(diary, tmp_path):
    day = START.astimezone().date()
    diary.start_programme(day - dt.timedelta(days=28))
    diary.start_running(day)
    assert [s.status for s in diary.sessions(day, day) if s.is_run] == [PLANNED]
    path = write(tmp_path, "run.fit", [run_walk()])

    (imported,) = diary.import_activity(path)

    runs = [s for s in diary.sessions(day, day) if s.is_run]
    assert [s.id for s in runs] == [imported.session.id]
    assert runs[0].stage == 1  # the stage due that day (stored as due, not typed)
    assert (imported.session.run_minutes, imported.session.walk_minutes) == (
        pytest.approx(STAGES[1].run, abs=0.25),
        pytest.approx(STAGES[1].walk, abs=0.25),
    )


def test_the_same_activity_again_records_nothing_new_and_says_so(diary, tmp_path):
    rec = run_walk()
    fit = write(tmp_path, "run.fit", [rec])
    (first,) = diary.import_activity(fit)
    saved = diary.path.read_bytes()

    (again,) = diary.import_activity(fit)
    (as_gpx,) = diary.import_activity(write(tmp_path, "run.gpx", [rec]))  # the same run

    assert not again.new and not as_gpx.new
    assert again.session == as_gpx.session == first.session
    assert diary.recorded() == [first.session]
    assert diary.path.read_bytes() == saved


def test_a_deleted_import_can_be_imported_again(diary, tmp_path):
    path = write(tmp_path, "run.fit", [run_walk()])
    (first,) = diary.import_activity(path)
    diary.delete(first.session.id)

    (again,) = diary.import_activity(path)

    assert again.new
    assert [s.run_minutes for s in diary.recorded()] == [first.session.run_minutes]


def test_a_ride_and_a_walk_become_low_impact_sessions(diary, tmp_path):
    ride = recording([(1500, 22.0)], sport="cycling")
    walk = recording([(1800, 5.0)], sport="walking", start=START + dt.timedelta(days=1))

    (as_ride,) = diary.import_activity(write(tmp_path, "ride.fit", [ride]))
    (as_walk,) = diary.import_activity(write(tmp_path, "walk.tcx", [walk]))

    assert as_ride.session.activity == "cycling"
    assert as_ride.session.duration_minutes == pytest.approx(25, abs=0.25)
    assert as_ride.session.run_minutes is None
    assert as_walk.session.activity == "walking"
    assert as_walk.session.duration_minutes == pytest.approx(30, abs=0.25)


def test_a_ride_without_a_sport_in_the_file_is_told_by_its_speed(diary, tmp_path):
    ride = recording([(1200, 20.0)], sport="cycling")
    path = write(tmp_path, "ride-gpx10.gpx", [ride])  # GPX 1.0 tracks have no type

    (imported,) = diary.import_activity(path)

    assert imported.session.activity == "cycling"


@pytest.mark.parametrize("name", ["two.fit", "two.tcx", "two.gpx"])
def test_a_file_with_several_activities_imports_each(diary, tmp_path, name):
    run = run_walk(reps=4, pause_at=None)
    ride = recording([(1200, 20.0)], sport="cycling", start=run.end + dt.timedelta(hours=2))

    found = diary.import_activity(write(tmp_path, name, [run, ride]))

    assert [i.new for i in found] == [True, True]
    assert [s.activity for s in diary.recorded()] == ["run_walk", "cycling"]
    assert found[0].session.run_minutes == pytest.approx(4, abs=0.25)
    assert found[1].session.duration_minutes == pytest.approx(20, abs=0.25)


def _broken_files(folder: Path) -> dict[str, tuple[Path, str]]:
    good = fit_bytes([run_walk()])
    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 0xFF
    made = {
        "empty.gpx": (b"", "it is empty"),
        "cut.fit": (good[: len(good) // 2], "incomplete"),
        "flipped.fit": (bytes(damaged), "damaged"),
        "picture.fit": (b"\x89PNG\r\n\x1a\n" + bytes(64), "not a FIT file"),
        "page.gpx": (b"<html><body>Not found</body></html>", "it is XML (html) but not a GPX"),
        "garbage.gpx": (b"\x00\xff\xfe garbage", "not a readable GPX file"),
        "route.gpx": (
            b'<gpx version="1.1" creator="planner" xmlns="http://www.topografix.com/GPX/1/1">'
            b'<rte><rtept lat="51.5" lon="-0.1"/></rte></gpx>',
            "holds no recorded activity",
        ),
        "other.tcx": (b"<kml><Document/></kml>", "not a TCX"),
        "half.tcx": (tcx_text([run_walk()]).encode()[:500], "not a readable TCX file"),
        "notes.csv": (b"date,activity\n", "only .fit, .gpx and .tcx"),
        "standing.gpx": (
            gpx_text([recording([(600, 0.0)])]).encode(),
            "less than half a minute of activity",
        ),
    }
    files = {}
    for name, (data, words) in made.items():
        (folder / name).write_bytes(data)
        files[name] = (folder / name, words)
    return files


def test_broken_empty_or_foreign_files_are_refused_by_name_and_change_nothing(diary, tmp_path):
    diary.import_activity(write(tmp_path, "kept.fit", [run_walk()]))
    before = diary.path.read_bytes()
    cases = _broken_files(tmp_path)
    workout = tmp_path / "workout.fit"  # a plan for the watch, as the app exports it
    workout.write_bytes(encode_workout(STAGES[3].session(START.date(), PLANNED), START))
    cases["workout.fit"] = (workout, "is a FIT workout file, not a recorded activity")
    cases["missing.tcx"] = (tmp_path / "missing.tcx", "No such file")
    before = diary.path.read_bytes()

    for name, (path, words) in cases.items():
        with pytest.raises(ValueError) as caught:
            diary.import_activity(path)
        assert name in str(caught.value) and words in str(caught.value), name

    assert diary.path.read_bytes() == before
    assert len(diary.recorded()) == 1


def test_an_activity_too_long_for_the_diary_is_refused_by_name(diary, tmp_path):
    ultra = recording([(301 * 60, 5.0)], sport="walking")
    path = write(tmp_path, "ultra.tcx", [ultra])

    with pytest.raises(ValueError, match=r"ultra\.tcx: The duration can.t be more than 300"):
        diary.import_activity(path)
    assert diary.recorded() == []


def test_a_watch_recording_every_few_seconds_gives_the_same_minutes(diary, tmp_path):
    path = tmp_path / "smart.fit"
    path.write_bytes(fit_bytes([run_walk()], every=4))

    (imported,) = diary.import_activity(path)

    assert imported.session.run_minutes == pytest.approx(5, abs=0.25)
    assert imported.session.walk_minutes == pytest.approx(5, abs=0.25)
    assert imported.session.repeats == 5


def test_a_treadmill_run_without_speed_is_told_by_its_cadence(diary, tmp_path):
    path = tmp_path / "treadmill.fit"
    path.write_bytes(
        fit_bytes([run_walk()], indoor=True)
    )  # 84 strides a minute running, 54 walking

    (imported,) = diary.import_activity(path)

    assert imported.session.activity == "run_walk"
    assert imported.session.run_minutes == pytest.approx(5, abs=0.25)
    assert imported.session.walk_minutes == pytest.approx(5, abs=0.25)
    assert imported.session.repeats == 5


def test_a_jog_slower_than_the_threshold_is_running_by_its_cadence(diary, tmp_path):
    # 6.5 km/h at 80 strides a minute is running, though slower than 7 km/h.
    jog = recording([(120, 6.5), (60, 4.5)] * 3, run_kmh=6)
    path = tmp_path / "slow-jog.fit"
    path.write_bytes(fit_bytes([jog], cadence={6.5: 80, 4.5: 52}))

    (imported,) = diary.import_activity(path)

    assert imported.session.run_minutes == pytest.approx(6, abs=0.25)
    assert imported.session.walk_minutes == pytest.approx(3, abs=0.25)
    assert imported.session.repeats == 3


@pytest.mark.parametrize(
    ("manufacturer", "product", "creator"),
    [
        ("garmin", 3992, "manufacturer=garmin product=fr255"),
        ("coros", 1, "manufacturer=coros product=1"),
        ("suunto", 2, "manufacturer=suunto product=2"),
        ("wahoo_fitness", 3, "manufacturer=wahoo_fitness product=3"),
    ],
)
def test_fit_files_of_each_maker_read_alike(tmp_path, manufacturer, product, creator):
    path = tmp_path / f"{manufacturer}.fit"
    path.write_bytes(fit_bytes([run_walk()], manufacturer=manufacturer, product=product))

    (activity,) = read_activities(path)

    assert activity.creator == creator
    assert (activity.run_minutes, activity.walk_minutes, activity.repeats) == (5.0, 5.0, 5)


def test_a_moment_of_recording_among_activities_is_left_out(diary, tmp_path):
    run = run_walk(pause_at=None)
    blip = recording([(10, 5.0)], start=run.end + dt.timedelta(minutes=5))

    found = diary.import_activity(write(tmp_path, "with-blip.gpx", [run, blip]))

    assert [i.session.activity for i in found] == ["run_walk"]


def test_a_walk_logged_every_45_seconds_counts_all_its_moving_time(diary, tmp_path):
    walk = recording([(1800, 5.0)], sport="walking")
    (stretch,) = walk.stretches
    walk.stretches = [[*stretch[::45], stretch[-1]]]  # an old GPS logger's rate

    (imported,) = diary.import_activity(write(tmp_path, "logger.gpx", [walk]))

    assert imported.session.activity == "walking"
    assert imported.session.duration_minutes == pytest.approx(30, abs=0.5)


def test_points_out_of_order_or_twice_read_as_the_run(diary, tmp_path):
    rec = run_walk()
    shuffled = [list(reversed(s)) + s[:20] for s in rec.stretches]
    rec.stretches = shuffled

    (imported,) = diary.import_activity(write(tmp_path, "shuffled-gpx10.gpx", [rec]))

    assert (imported.session.run_minutes, imported.session.walk_minutes) == (5.0, 5.0)


def test_a_walk_with_a_few_quick_steps_is_not_a_run(diary, tmp_path):
    walk = recording([(600, 5.0), (40, 8.0), (600, 5.0)])  # across a road in a hurry

    (imported,) = diary.import_activity(write(tmp_path, "walk-gpx10.gpx", [walk]))

    assert imported.session.activity == "walking"
    assert imported.session.duration_minutes == pytest.approx(20.7, abs=0.25)


def test_a_watch_whose_clock_was_not_set_is_refused_in_those_words(diary, tmp_path):
    from garmin_fit_sdk import Encoder, Profile

    mesg = Profile["mesg_num"]
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": mesg["FILE_ID"], "type": "activity", "manufacturer": "garmin"})
    for second in range(120):  # FIT times below 0x10000000 count from the watch's power-on
        encoder.write_mesg(
            {"mesg_num": mesg["RECORD"], "timestamp": 1000 + second, "distance": 2.5 * second}
        )
    path = tmp_path / "no-clock.fit"
    path.write_bytes(encoder.close())

    with pytest.raises(ValueError, match=r"no-clock\.fit: the watch's clock was not set"):
        diary.import_activity(path)


def test_strava_phone_apps_numbered_types_are_read(tmp_path):
    ride = recording([(600, 12.0)], sport="1")  # slower than a ride is told by speed
    path = tmp_path / "strava-iphone.gpx"
    path.write_text(gpx_text([ride], creator="StravaGPX iPhone"), encoding="utf-8")

    (activity,) = read_activities(path)

    assert activity.activity == "cycling"
    assert activity.creator == "creator=StravaGPX iPhone"


def test_a_run_put_back_to_its_plan_can_be_imported_again(diary, tmp_path):
    day = START.astimezone().date()
    diary.start_programme(day - dt.timedelta(days=28))
    diary.start_running(day)
    path = write(tmp_path, "run.fit", [run_walk()])
    (first,) = diary.import_activity(path)
    diary.update(first.session.replace(status=PLANNED))  # as undo in the window would

    (again,) = diary.import_activity(path)

    assert again.new and again.session.status == "done"


def test_a_tcx_activity_that_is_not_a_run_never_becomes_one(diary, tmp_path):
    ski = recording([(1800, 9.0)], sport="skiing")  # TCX says only "Other"

    (imported,) = diary.import_activity(write(tmp_path, "ski.tcx", [ski]))

    assert imported.session.activity == "other"
    assert imported.session.duration_minutes == pytest.approx(30, abs=0.25)
