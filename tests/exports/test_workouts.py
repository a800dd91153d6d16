"""Planned runs out to the watch: FIT workouts decoded again, step by step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream

from recovery_diary.core.intervals import Interval, run_intervals, stage_intervals
from recovery_diary.core.programme import STAGES, Stage
from recovery_diary.core.session import PLANNED, RUN_WALK, Session
from recovery_diary.exports.workouts import encode_workout, workout_file_name

CREATED = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

#: DESIGN §1's stage table, written out as a watch should time it (seconds).
STAGE_STEPS = {
    1: [("run", 60), ("walk", 60)] * 5,
    2: [("run", 90), ("walk", 60)] * 4,
    3: [("run", 120), ("walk", 60)] * 3 + [("run", 60)],
    4: [("run", 180), ("walk", 60)] * 2 + [("run", 120)],
    5: [("run", 270), ("walk", 60), ("run", 270)],
    6: [("run", 600)],
}


def decoded_steps(data: bytes) -> tuple[dict, dict, list[dict]]:
    """file_id, workout and workout steps as fitdecode (not the encoder's SDK) reads them."""
    import io

    messages: dict[str, list[dict]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                messages.setdefault(frame.name, []).append(fields)
    return messages["file_id"][0], messages["workout"][0], messages["workout_step"]


@pytest.mark.parametrize("number", sorted(STAGES))
def test_a_stage_workout_decodes_to_the_stage_table(number):
    run = STAGES[number].session(dt.date(2026, 3, 18), PLANNED)

    file_id, workout, steps = decoded_steps(encode_workout(run, CREATED))

    assert file_id["type"] == "workout"
    assert file_id["time_created"] == CREATED
    assert workout["sport"] == "running"
    assert workout["num_valid_steps"] == len(STAGE_STEPS[number])
    assert workout["wkt_name"] == f"Return to run {number}"
    timed = [("run" if s["intensity"] == "active" else "walk", s["duration_time"]) for s in steps]
    assert timed == STAGE_STEPS[number]
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    assert {s["duration_type"] for s in steps} == {"time"}
    assert {s["target_type"] for s in steps} == {"open"}
    assert [s["wkt_step_name"] for s in steps] == [k.capitalize() for k, _ in timed]


def test_garmins_own_decoder_reads_the_workout_and_its_check_sum():
    data = encode_workout(STAGES[5].session(dt.date(2026, 3, 18), PLANNED), CREATED)
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()

    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()

    assert errors == []
    minutes = [s["duration_time"] / 60 for s in messages["workout_step_mesgs"]]
    assert minutes == [4.5, 1, 4.5]


def test_each_stage_pattern_adds_up_to_its_totals():
    for number, stage in STAGES.items():
        steps = stage_intervals(stage)
        assert [(s.kind, s.seconds) for s in steps] == STAGE_STEPS[number]


def test_a_stage_whose_pattern_disagrees_with_its_totals_is_an_error():
    wrong = Stage(2, "4 × (1½ min run + 1 min walk)", 6, 5, 4)

    with pytest.raises(ValueError, match=r"Stage 2: .* but the table says 6, 5 and 4"):
        stage_intervals(wrong)


def test_a_run_without_a_stage_is_one_continuous_step():
    build_up = Session(dt.date(2026, 4, 20), RUN_WALK, status=PLANNED, run_minutes=12)

    assert run_intervals(build_up) == (Interval("run", 12.0),)
    assert workout_file_name(build_up) == "2026-04-20-run-12-min.fit"
    _, workout, steps = decoded_steps(encode_workout(build_up, CREATED))
    assert workout["wkt_name"] == "Run 12 min"
    assert [s["duration_time"] for s in steps] == [720]


def test_files_are_named_by_date_and_stage():
    run = STAGES[3].session(dt.date(2026, 3, 18), PLANNED)

    assert workout_file_name(run) == "2026-03-18-stage-3.fit"


def test_the_workout_files_are_private(tmp_path: Path):
    from recovery_diary.exports.workouts import write_workouts

    runs = [STAGES[n].session(dt.date(2026, 3, 16 + 2 * n), PLANNED) for n in (1, 2)]

    paths = write_workouts(runs, tmp_path / "watch", CREATED)

    assert [p.name for p in paths] == ["2026-03-18-stage-1.fit", "2026-03-20-stage-2.fit"]
    assert {p.stat().st_mode & 0o777 for p in paths} == {0o600}
    assert (tmp_path / "watch").stat().st_mode & 0o777 == 0o700


def planned_runs(diary, start=None, end=None):
    return [s for s in diary.sessions(start, end) if s.status == PLANNED and s.is_run]


def test_export_writes_one_workout_per_planned_run_from_today(diary, tmp_path, today):
    diary.start_programme(today - dt.timedelta(days=29))
    diary.start_running(today + dt.timedelta(days=1))
    due = planned_runs(diary, today)
    assert len(due) >= 6  # the plan to the end of stage 6

    paths = diary.export_workouts(tmp_path / "watch")

    assert [p.name for p in paths] == [f"{s.date}-stage-{s.stage}.fit" for s in due]
    for path, run in zip(paths, due, strict=True):
        _, _, steps = decoded_steps(path.read_bytes())
        kinds = ["run" if s["intensity"] == "active" else "walk" for s in steps]
        assert (
            list(zip(kinds, [s["duration_time"] for s in steps], strict=True))
            == (STAGE_STEPS[run.stage])
        )
        assert path.stat().st_mode & 0o777 == 0o600


def test_export_of_a_period_writes_only_its_runs(diary, tmp_path, today):
    diary.start_programme(today - dt.timedelta(days=29))
    diary.start_running(today + dt.timedelta(days=1))
    first, second, *_ = planned_runs(diary, today)

    paths = diary.export_workouts(tmp_path, first.date, second.date)

    assert [p.name for p in paths] == [
        f"{first.date}-stage-1.fit",
        f"{second.date}-stage-{second.stage}.fit",
    ]


def test_export_without_planned_runs_writes_nothing(diary, tmp_path):
    assert diary.export_workouts(tmp_path / "none") == []
    assert not (tmp_path / "none").exists()
