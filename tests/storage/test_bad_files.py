"""A file that is not a diary is refused in plain words and left exactly as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from diary_files import fingerprint, stored, temp_files

from recovery_diary import Diary, DiaryFileError
from recovery_diary.storage import (
    DiaryStore,
    list_backups,
    make_backup,
    move_aside,
    newest_good_backup,
)

GOOD_SESSION = {
    "date": "2024-03-01",
    "activity": "cycling",
    "status": "done",
    "duration_minutes": 30,
    "notes": "",
}


def diary_text(**tables: object) -> bytes:
    document = {"meta": {"1": {"schema_version": 1, "created_by": "recovery-diary 0.1.0"}}}
    document.update(tables)
    return json.dumps(document).encode()


def with_session(**changes: object) -> bytes:
    record = {**GOOD_SESSION, **changes}
    return diary_text(sessions={"1": {k: v for k, v in record.items() if v is not ...}})


GOOD = diary_text(sessions={"1": GOOD_SESSION, "2": {**GOOD_SESSION, "date": "2024-03-03"}})

# (file contents, words the problem must contain)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "binary garbage": (bytes(range(256)) * 4, "UTF-8"),
    "text garbage": (b"Dear diary, today I ran.", "not valid JSON"),
    "truncated in the middle": (GOOD[: len(GOOD) // 2], "cut short"),
    "truncated by one byte": (GOOD[:-1], "cut short"),
    "JSON null": (b"null", "null"),
    "JSON list": (b"[]", "list"),
    "JSON string": (b'"diary"', "str"),
    "JSON number": (b"42", "int"),
    "empty object": (b"{}", "schema_version"),
    "a table that is a list": (diary_text(sessions=[GOOD_SESSION]), "'sessions'"),
    "a record that is text": (diary_text(sessions={"1": "cycling"}), "malformed record"),
    "a record id that is a word": (diary_text(sessions={"one": GOOD_SESSION}), "'one'"),
    "a record id with a leading zero": (diary_text(sessions={"01": GOOD_SESSION}), "'01'"),
    "a record id in other digits": (diary_text(sessions={"١": GOOD_SESSION}), "malformed"),
    "invalid UTF-8 inside a note": (
        GOOD.replace(b'"notes": ""', b'"notes": "\xff\xfe"', 1),
        "UTF-8",
    ),
    "UTF-16 text": (GOOD.decode().encode("utf-16"), "UTF-8"),
    "a newer file format": (
        GOOD.replace(b'"schema_version": 1', b'"schema_version": 2'),
        "newer Recovery Diary",
    ),
    "file format 0": (GOOD.replace(b'"schema_version": 1', b'"schema_version": 0'), "0"),
    "file format as text": (
        GOOD.replace(b'"schema_version": 1', b'"schema_version": "1"'),
        "schema_version",
    ),
    "file format true": (
        GOOD.replace(b'"schema_version": 1', b'"schema_version": true'),
        "schema_version",
    ),
    "two meta records": (
        json.dumps({"meta": {"1": {"schema_version": 1}, "2": {"schema_version": 1}}}).encode(),
        "schema_version",
    ),
    "another app's TinyDB file": (json.dumps({"_default": {"1": {"a": 1}}}).encode(), "not"),
    "a session without a date": (with_session(date=...), "session 1"),
    "a session with a date that is no day": (with_session(date="2024-02-30"), "date"),
    "a session without an activity": (with_session(activity=...), "activity"),
    "a session with an unknown activity": (with_session(activity="skiing"), "activity"),
    "a session with minutes as text": (with_session(duration_minutes="30"), "duration"),
    "a session without minutes": (with_session(duration_minutes=...), "duration"),
    "a session with pain 11": (with_session(pain_during=11), "pain_during"),
    "a session with pain 2.5": (with_session(pain_after=2.5), "pain_after"),
    "a session with pain true": (with_session(pain_before=True), "pain_before"),
    "a session with an unknown status": (with_session(status="skipped"), "status"),
    "a session with notes as a number": (with_session(notes=5), "notes"),
    "a cycling session with a stage": (with_session(stage=2), "stage"),
    "a run with no run minutes": (
        with_session(activity="run_walk", duration_minutes=..., walk_minutes=5),
        "run_minutes",
    ),
    "a run at stage 9": (
        with_session(activity="run_walk", run_minutes=5, walk_minutes=5, stage=9),
        "stage",
    ),
    "a session with NaN minutes": (
        GOOD.replace(b'"duration_minutes": 30', b'"duration_minutes": NaN', 1),
        "duration",
    ),
    "a check-in without a date": (
        diary_text(check_ins={"1": {"pain": 2, "red_flags": [], "notes": ""}}),
        "check-in 1",
    ),
    "a check-in with an unknown red flag": (
        diary_text(check_ins={"1": {"date": "2024-01-01", "pain": 2, "red_flags": ["dizzy"]}}),
        "red",
    ),
    "a check-in with red flags as text": (
        diary_text(check_ins={"1": {"date": "2024-01-01", "pain": 2, "red_flags": "fever"}}),
        "red_flags",
    ),
    "programme settings without a start": (
        diary_text(programme={"1": {"low_impact_weeks": 4}}),
        "start",
    ),
    "programme settings with weeks as text": (
        diary_text(programme={"1": {"start": "2024-01-01", "low_impact_weeks": "four"}}),
        "low_impact_weeks",
    ),
    "a pause lift without a day": (diary_text(pause_lifts={"1": {"date": 3}}), "pause lift 1"),
    "the same session id twice": (
        GOOD.replace(b'"2": {', b'"1": {'),
        "twice",
    ),
    "nesting too deep to read": (b"[" * 100_000 + b"]" * 100_000, "JSON"),
    "a number too long to read": (
        diary_text(gear={"1": {"serial": 0}}).replace(b'"serial": 0', b'"serial": ' + b"7" * 5000),
        "JSON",
    ),
}


@pytest.fixture(params=sorted(BAD_FILES), ids=lambda kind: kind)
def bad_file(request: pytest.FixtureRequest, diary_file: Path) -> tuple[Path, str]:
    content, words = BAD_FILES[request.param]
    diary_file.write_bytes(content)
    return diary_file, words


@pytest.mark.parametrize("opener", [Diary.open, DiaryStore.open], ids=["Diary", "DiaryStore"])
def test_a_bad_file_is_refused_and_left_byte_for_byte(bad_file, opener) -> None:
    path, words = bad_file
    before = fingerprint(path)
    with pytest.raises(DiaryFileError) as caught:
        opener(path)
    assert fingerprint(path) == before
    error = caught.value
    assert error.path == str(path)
    assert str(path) in str(error)
    assert words in error.problem
    assert error.problem.endswith(".")
    for jargon in ("Traceback", "Exception", "JSONDecodeError", "KeyError", "TypeError"):
        assert jargon not in error.problem
    assert temp_files(path.parent) == []
    assert not (path.parent / "backups").exists(), "a bad file was backed up"


def test_the_problem_reads_as_a_sentence(diary_file: Path) -> None:
    diary_file.write_bytes(with_session(pain_during=11))
    with pytest.raises(DiaryFileError) as caught:
        Diary.open(diary_file)
    assert caught.value.problem == (
        "it can't be used as it is: session 1 is damaged "
        "(pain_during: Pain is scored from 0 (no pain) to 10 (worst imaginable))."
    )


def test_several_damaged_records_are_counted(diary_file: Path) -> None:
    bad = {**GOOD_SESSION, "pain_during": 11}
    diary_file.write_bytes(diary_text(sessions={"1": bad, "2": bad, "3": bad}))
    with pytest.raises(DiaryFileError, match="and 2 more records too"):
        Diary.open(diary_file)


def test_a_bad_file_is_never_taken_as_a_backup(bad_file) -> None:
    path, _ = bad_file
    before = fingerprint(path)
    assert make_backup(path) is None
    assert list_backups(path) == []
    assert fingerprint(path) == before


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n"], ids=["empty", "blank"])
def test_an_empty_file_with_backups_is_refused(diary_file: Path, content: bytes) -> None:
    diary_file.write_bytes(GOOD)
    backup = make_backup(diary_file)
    assert backup is not None
    diary_file.write_bytes(content)
    before = fingerprint(diary_file)
    with pytest.raises(DiaryFileError, match="it is empty, but backups of it exist"):
        Diary.open(diary_file)
    assert fingerprint(diary_file) == before
    assert list_backups(diary_file) == [backup]
    assert newest_good_backup(diary_file) == backup


@pytest.mark.parametrize("content", [None, b"", b"\n"], ids=["missing", "empty", "blank"])
def test_a_missing_or_empty_file_without_backups_is_a_new_diary(
    diary_file: Path, content: bytes | None
) -> None:
    if content is not None:
        diary_file.write_bytes(content)
    diary = Diary.open(diary_file)
    assert diary.recorded() == [] and diary.check_ins() == []
    document = stored(diary_file)
    assert document["meta"]["1"]["schema_version"] == 1
    assert document["meta"]["1"]["created_by"].startswith("recovery-diary ")


def test_a_new_diary_in_folders_that_do_not_exist_yet(tmp_path: Path) -> None:
    path = tmp_path / "portable" / "data" / "diary.json"
    Diary.open(path)
    assert path.is_file()


def test_a_folder_is_not_a_diary(diary_file: Path) -> None:
    diary_file.mkdir()
    with pytest.raises(DiaryFileError, match="it is a folder"):
        Diary.open(diary_file)
    assert diary_file.is_dir() and os.listdir(diary_file) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_not_read(diary_file: Path) -> None:
    os.mkfifo(diary_file)
    with pytest.raises(DiaryFileError, match="not an ordinary file"):
        Diary.open(diary_file)


def test_a_utf8_byte_order_mark_is_read(diary_file: Path) -> None:
    diary_file.write_bytes(b"\xef\xbb\xbf" + GOOD)
    assert len(Diary.open(diary_file).recorded()) == 2


def test_a_done_session_dated_ahead_of_the_clock_still_opens(diary_file: Path) -> None:
    """A laptop whose clock was ahead must not lock the runner out of the diary."""
    diary_file.write_bytes(with_session(date="2199-01-01"))
    assert [s.date.year for s in Diary.open(diary_file).recorded()] == [2199]


def test_move_aside_keeps_the_bad_file_and_frees_the_name(diary_file: Path) -> None:
    content = BAD_FILES["truncated in the middle"][0]
    diary_file.write_bytes(content)
    moved = move_aside(diary_file)
    assert moved.parent == diary_file.parent
    assert moved.name.startswith("diary.json.set-aside-20")
    assert moved.read_bytes() == content
    assert not diary_file.exists()
    assert Diary.open(diary_file).recorded() == []
    again = diary_file.with_name(diary_file.name)
    again.write_bytes(b"garbage")
    second = move_aside(diary_file)
    assert second != moved and second.read_bytes() == b"garbage"
    assert moved.read_bytes() == content


def test_move_aside_of_a_missing_file_says_so(diary_file: Path) -> None:
    with pytest.raises(FileNotFoundError):
        move_aside(diary_file)
