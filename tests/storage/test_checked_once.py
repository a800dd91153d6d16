"""A diary's records are checked and built once at open, as reading each one builds it."""

from __future__ import annotations

import json

import pytest

from recovery_diary import Diary
from recovery_diary.core.checkin import check_in_from_record
from recovery_diary.core.errors import DiaryFileError
from recovery_diary.core.session import from_record
from recovery_diary.storage.records import check_in_problem, checked_records, session_problem

SESSIONS = {
    "1": {"date": "2026-10-01", "activity": "cycling", "duration_minutes": 30, "pain_before": 2},
    # Not "plain": minutes given as a float, a run with its stage and repeats, a huge id.
    "2": {"date": "2026-10-02", "activity": "cycling", "duration_minutes": 29.5, "notes": "é"},
    "3": {
        "date": "2026-10-03",
        "activity": "run_walk",
        "stage": 2,
        "run_minutes": 1.5,
        "walk_minutes": 1,
        "repeats": 5,
        "duration_minutes": 2.5,
        "status": "planned",
    },
    "90000": {"date": "2026-10-04", "activity": "walking", "duration_minutes": 45},
}
CHECK_INS = {
    "1": {"date": "2026-10-01", "pain": 3, "red_flags": [], "notes": ""},
    "2": {"date": "2026-10-02", "pain": None, "red_flags": ["saddle_numbness"], "notes": None},
    "3": {"date": "2026-10-03", "pain": 0},
}


def _write(path, sessions=SESSIONS, check_ins=CHECK_INS):
    Diary.open(path).close()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sessions"], data["check_ins"] = sessions, check_ins
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_open_diary_holds_what_reading_each_record_gives(tmp_path):
    path = tmp_path / "d.json"
    _write(path)
    diary = Diary.open(path)
    assert {s.id: s for s in diary.recorded()} == {
        int(k): from_record(r, int(k)) for k, r in SESSIONS.items()
    }
    assert {c.id: c for c in diary.check_ins()} == {
        int(k): check_in_from_record(r, int(k)) for k, r in CHECK_INS.items()
    }
    diary.close()


@pytest.mark.parametrize(
    ("table", "record"),
    [
        ("sessions", {"date": "2026-10-05", "activity": "cycling", "duration_minutes": -5}),
        ("sessions", {"date": "2026-10-05", "activity": "cycling", "pain_during": 11}),
        ("sessions", {"date": "2026-10-05", "activity": ["cycling"], "duration_minutes": 5}),
        ("sessions", {"date": "1066-10-14", "activity": "cycling", "duration_minutes": 5}),
        ("sessions", {"date": "2026-10-05", "activity": "cycling", "duration_minutes": True}),
        ("check_ins", {"date": "2026-10-05", "pain": 11}),
        ("check_ins", {"date": "2026-10-05", "pain": None, "red_flags": []}),
        ("check_ins", {"date": "2026-10-05", "pain": 1, "red_flags": [["x"]]}),
        ("check_ins", {"date": "2026-10-05", "pain": True}),
        ("check_ins", {"date": 20261005, "pain": 1}),
    ],
)
def test_a_damaged_record_among_good_ones_is_named_as_the_full_check_names_it(
    tmp_path, table, record
):
    path = tmp_path / "d.json"
    tables = {"sessions": dict(SESSIONS), "check_ins": dict(CHECK_INS)}
    tables[table]["77"] = record
    _write(path, tables["sessions"], tables["check_ins"])
    before = path.read_bytes()
    check = session_problem if table == "sessions" else check_in_problem
    problem = check(record)
    assert problem is not None
    noun = "session" if table == "sessions" else "check-in"
    with pytest.raises(DiaryFileError) as raised:
        Diary.open(path)
    assert f"{noun} 77 is damaged ({problem.rstrip('.')})" in str(raised.value)
    assert path.read_bytes() == before
    found, _ = checked_records(json.loads(before))
    assert found is not None and found.startswith(f"{noun} 77 is damaged")


def test_a_record_without_status_or_notes_and_with_a_field_of_another_app_reads_with_defaults():
    record = {"date": "2026-10-01", "activity": "walking", "duration_minutes": 30, "mood": "ok"}
    session = from_record(record, 4)
    assert (session.id, session.status, session.notes, session.pain_before) == (4, "done", "", None)
    assert from_record({"date": "2026-10-01"}).activity == ""
