"""A large CSV import: every row lands in the file under the ids the diary gives, or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pinned_clock import TODAY

from recovery_diary import Diary, Session
from recovery_diary.exports.csv_io import CsvImportError, export_csv, read_csv

ROWS = 3000


def _sessions(count: int, first: dt.date = dt.date(2001, 1, 1)) -> list[Session]:
    kinds = ("cycling", "elliptical", "walking")
    made = [
        Session(
            first + dt.timedelta(days=i // 2),
            kinds[i % 3],
            duration_minutes=20 + i % 40 + (0.5 if i % 11 == 0 else 0),
            pain_before=i % 4,
            pain_during=i % 5 if i % 6 else None,
            status="planned" if i % 13 == 0 else "done",
            notes=("easy, back fine" if i % 7 == 0 else "") + ("=1+1" if i % 17 == 0 else ""),
        )
        for i in range(count)
    ]
    made.append(
        Session(
            first,
            "run_walk",
            stage=2,
            run_minutes=6,
            walk_minutes=4,
            repeats=4,
            duration_minutes=10,
        )
    )
    return made


def _ids_in_file(path: Path) -> list[int]:
    import json

    return [int(key) for key in json.loads(path.read_text(encoding="utf-8"))["sessions"]]


def _no_ids(sessions: list[Session]) -> list[Session]:
    return [s.replace(id=None) for s in sessions]


def test_every_row_lands_in_the_file_with_the_next_ids(diary: Diary, tmp_path: Path) -> None:
    diary.record(Session(TODAY, "swimming", duration_minutes=30))
    diary.record(Session(TODAY, "rowing", duration_minutes=20, notes="before the import"))
    rows = _sessions(ROWS)
    source = tmp_path / "many.csv"
    export_csv(rows, source)

    added = diary.import_csv(source)

    assert [s.id for s in added] == list(range(3, 3 + len(rows)))
    assert _no_ids(added) == _no_ids(rows)
    assert _ids_in_file(diary.path) == list(range(1, 3 + len(rows)))
    diary.close()
    reopened = Diary.open(diary.path)
    assert [reopened.get(s.id) for s in added if s.id is not None] == added
    assert len(reopened.recorded()) == len(rows) + 2
    later = reopened.record(Session(TODAY, "walking", duration_minutes=10))
    assert later.id == 3 + len(rows)
    reopened.close()


def test_the_ids_after_a_deleted_newest_session_are_not_given_again(
    diary: Diary, tmp_path: Path
) -> None:
    source = tmp_path / "two.csv"
    export_csv(_sessions(2), source)
    for minutes in (10, 20, 30):
        diary.record(Session(TODAY, "cycling", duration_minutes=minutes))
    diary.delete(3)

    assert [s.id for s in diary.import_csv(source)] == [4, 5, 6]
    assert _ids_in_file(diary.path) == [1, 2, 4, 5, 6]


def test_a_bad_row_among_many_is_named_by_its_row_and_nothing_is_added(
    diary: Diary, tmp_path: Path
) -> None:
    diary.record(Session(TODAY, "swimming", duration_minutes=30))
    before = diary.path.read_bytes()
    source = tmp_path / "many.csv"
    export_csv(_sessions(ROWS), source)
    lines = source.read_bytes().decode("utf-8-sig").split("\r\n")
    # Row 1 names the columns: the 1,500th session is row 1,501.
    lines[1500] = lines[1500].replace(",done,", ",finished,", 1)
    lines[2500] = lines[2500].replace("2", "x", 1)  # its date
    source.write_text("\r\n".join(lines), encoding="utf-8-sig", newline="")

    with pytest.raises(CsvImportError) as caught:
        diary.import_csv(source)

    assert [row for row, _ in caught.value.problems] == [1501, 2501]
    assert caught.value.problems[0][1] == "status: The status must be 'planned' or 'done'."
    assert caught.value.problems[1][1].startswith('date: "x')
    assert str(caught.value).startswith("2 rows have problems:\nRow 1501: status: ")
    assert diary.path.read_bytes() == before
    assert len(diary.recorded()) == 1


def test_importing_again_adds_only_what_is_new_under_the_next_ids(
    diary: Diary, tmp_path: Path
) -> None:
    rows = _sessions(40)
    first, both = tmp_path / "first.csv", tmp_path / "both.csv"
    export_csv(rows[:30], first)
    export_csv(rows[20:], both)
    assert len(diary.import_csv(first)) == 30

    added = diary.import_csv(both)

    assert _no_ids(added) == _no_ids(rows[30:])
    assert [s.id for s in added] == list(range(31, 31 + len(rows) - 30))
    assert diary.import_csv(both) == []
    assert _ids_in_file(diary.path) == list(range(1, len(rows) + 1))


def test_short_rows_and_blank_extra_cells_are_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "hand.csv"
    path.write_text(
        "date,activity,duration_minutes,notes\n"
        "2024-01-02,Cycling,30\n"  # no notes cell at all
        "2024-01-03, walking ,45,,  ,\n"
        " 2024-01-04 ,elliptical,20,'=sum\n",
        encoding="utf-8",
    )

    sessions = read_csv(path, TODAY)

    assert [(s.date.day, s.activity, s.duration_minutes, s.notes) for s in sessions] == [
        (2, "cycling", 30, ""),
        (3, "walking", 45, ""),
        (4, "elliptical", 20, "=sum"),
    ]


def test_a_file_of_dates_and_activities_only_says_what_each_row_lacks(tmp_path: Path) -> None:
    path = tmp_path / "hand.csv"
    path.write_text("date,activity\n2024-01-02,cycling\n2024-01-03,cycling\n", encoding="utf-8")

    with pytest.raises(CsvImportError) as caught:
        read_csv(path, TODAY)

    assert caught.value.problems == [
        (2, "duration_minutes: The duration must be more than zero minutes."),
        (3, "duration_minutes: The duration must be more than zero minutes."),
    ]
