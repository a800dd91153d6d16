"""CSV export and import: what lands in the file, what a spreadsheet user reads back."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pinned_clock import TODAY

from recovery_diary import Diary, Session
from recovery_diary.core.session import FIELDS
from recovery_diary.exports.csv_io import (
    CsvImportError,
    escape_text,
    export_csv,
    read_csv,
    unescape_text,
)

TRICKY_NOTES = [
    "",
    "plain",
    "commas, and more, commas",
    'she said "easy" and meant it',
    "first line\nsecond line\n\nfourth",
    "windows\r\nline ends",
    "Rückenschmerzen, café, 痛み, 🏃",
    '=HYPERLINK("http://example.com", "click")',
    "+1 on the hills",
    "-2 degrees outside",
    "@coach said fine",
    "\tindented",
    "\rcarriage",
    "'=really started with a quote",
    "''+two quotes",
    "'just a quote",
    "'",
    "ends with a quote'",
]


def _without_ids(sessions: list[Session]) -> list[Session]:
    return [s.replace(id=None) for s in sessions]


def _fill(diary: Diary, today: dt.date) -> list[Session]:
    start = today - dt.timedelta(days=40)
    for i, note in enumerate(TRICKY_NOTES):
        diary.record(
            Session(
                date=start + dt.timedelta(days=i),
                activity="elliptical",
                duration_minutes=20 + i,
                pain_before=1 if i % 2 else None,
                pain_during=i % 11,
                notes=note,
            )
        )
    diary.record(
        Session(
            date=today - dt.timedelta(days=3),
            activity="run_walk",
            stage=2,
            run_minutes=6,
            walk_minutes=4,
            repeats=4,
            pain_before=0,
            pain_during=2,
            pain_after=1,
            pain_next_morning=0,
        )
    )
    diary.record(
        Session(
            date=today - dt.timedelta(days=1),
            activity="run_walk",
            run_minutes=1.5,
            walk_minutes=0.25,
            notes="odd minutes",
        )
    )
    diary.record(
        Session(date=today, activity="cycling", duration_minutes=32.5, notes="cycling today")
    )
    diary.record(
        Session(
            date=today + dt.timedelta(days=2),
            activity="swimming",
            status="planned",
            duration_minutes=30,
        )
    )
    return diary.recorded()


def test_round_trip_into_a_new_diary_gives_the_same_sessions(
    diary: Diary, second_diary: Diary, tmp_path: Path, today: dt.date
) -> None:
    originals = _fill(diary, today)
    path = tmp_path / "sessions.csv"

    assert diary.export_csv(path) == len(originals)
    imported = second_diary.import_csv(path)

    assert _without_ids(imported) == _without_ids(originals)
    assert _without_ids(second_diary.recorded()) == _without_ids(originals)
    second_diary.close()
    reopened = Diary.open(second_diary.path)
    assert _without_ids(reopened.recorded()) == _without_ids(originals)
    assert [s.notes for s in reopened.recorded()][: len(TRICKY_NOTES)] == TRICKY_NOTES
    reopened.close()


def test_file_is_utf8_with_bom_and_the_session_fields_as_columns(
    diary: Diary, tmp_path: Path, today: dt.date
) -> None:
    diary.record(
        Session(
            date=today - dt.timedelta(days=1),
            activity="walking",
            duration_minutes=45,
            notes="=1+1 café",
        )
    )
    path = tmp_path / "sessions.csv"
    diary.export_csv(path)

    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    table = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert table[0] == list(FIELDS)
    row = dict(zip(table[0], table[1], strict=True))
    assert row["date"] == (today - dt.timedelta(days=1)).isoformat()
    assert row["activity"] == "walking"
    assert row["duration_minutes"] == "45"
    assert row["pain_before"] == ""
    assert row["notes"] == "'=1+1 café"  # a spreadsheet shows it, never runs it


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'x", "'x"),
        ("x=1", "x=1"),
        ("", ""),
        ("ok;=HYPERLINK(B1)", "ok;'=HYPERLINK(B1)"),
        ("a,+1", "a,'+1"),
        ("a\t-1", "a\t'-1"),
        ("a;'@x", "a;''@x"),
        ("a; =1", "a; =1"),
        ("a;b", "a;b"),
    ],
)
def test_formula_escaping_in_cells(text: str, cell: str) -> None:
    assert escape_text(text) == cell
    assert unescape_text(cell) == text


@given(st.text(alphabet=st.sampled_from("=+-@\t\r,;'ab \n"), max_size=30) | st.text())
def test_escaping_is_reversible_and_never_leaves_a_formula(text: str) -> None:
    cell = escape_text(text)
    assert unescape_text(cell) == text
    # Whatever delimiter a spreadsheet splits the cell at, no piece starts a formula.
    for piece in re.split("[,;\t]", cell):
        assert piece[:1] not in set("=+-@\t\r")


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_a_spreadsheet_splitting_at_any_delimiter_meets_no_formula(
    tmp_path: Path, delimiter: str
) -> None:
    """A semicolon-locale Excel reads a comma file by ';' (and tab files by tab)."""
    note = "ok;=HYPERLINK(B1)\t+2,-3;@4"
    session = Session(date=dt.date(2024, 5, 1), activity="walking", duration_minutes=10, notes=note)
    path = tmp_path / "s.csv"
    export_csv([session], path)
    text = path.read_text(encoding="utf-8-sig")
    cells = [c for line in text.splitlines() for c in re.split(re.escape(delimiter), line)]
    assert all(c.lstrip('"')[:1] not in set("=+-@") for c in cells)
    (back,) = read_csv(path, TODAY)
    assert back.notes == note


@given(notes=st.text(max_size=200), minutes=st.floats(min_value=0.01, max_value=300))
def test_any_note_and_minutes_survive_the_file(
    tmp_path_factory: pytest.TempPathFactory, notes: str, minutes: float
) -> None:
    session = Session(
        date=dt.date(2024, 2, 29),
        activity="other",
        duration_minutes=minutes,
        notes=notes,
        pain_next_morning=3,
    )
    path = tmp_path_factory.mktemp("csv") / "one.csv"
    export_csv([session], path)

    (back,) = read_csv(path, TODAY)
    assert back == session


def test_import_accepts_a_file_without_bom(second_diary: Diary, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(
        "date,activity,duration_minutes,pain_during,notes\n2024-03-01,cycling,30,2,Grüße\n",
        encoding="utf-8",
    )

    (imported,) = second_diary.import_csv(path)

    assert imported.date == dt.date(2024, 3, 1)
    assert imported.activity == "cycling"
    assert imported.duration_minutes == 30
    assert imported.pain_during == 2
    assert imported.notes == "Grüße"
    assert imported.status == "done"
    assert imported.pain_before is None


def test_import_reads_what_a_european_spreadsheet_saves(
    second_diary: Diary, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "date;activity;duration_minutes;notes\r\n2024-03-01;Elliptical;22,5;Müde\r\n".encode(
            "cp1252"
        )
    )

    (imported,) = second_diary.import_csv(path)

    assert imported.activity == "elliptical"
    assert imported.duration_minutes == 22.5
    assert imported.notes == "Müde"


def test_imported_sessions_get_new_ids(
    diary: Diary, second_diary: Diary, tmp_path: Path, today: dt.date
) -> None:
    for days in (5, 4):
        diary.record(
            Session(date=today - dt.timedelta(days=days), activity="cycling", duration_minutes=30)
        )
    mine = second_diary.record(
        Session(date=today - dt.timedelta(days=9), activity="walking", duration_minutes=40)
    )
    path = tmp_path / "s.csv"
    diary.export_csv(path)

    imported = second_diary.import_csv(path)

    ids = [s.id for s in second_diary.recorded()]
    assert len(set(ids)) == 3
    assert second_diary.get(mine.id) == mine
    assert [s.activity for s in imported] == ["cycling", "cycling"]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hand.csv"
    path.write_text(text, encoding="utf-8-sig", newline="")
    return path


def test_bad_rows_are_named_as_a_spreadsheet_numbers_them_and_nothing_is_imported(
    second_diary: Diary, tmp_path: Path, today: dt.date
) -> None:
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    path = _csv(
        tmp_path,
        "id,date,activity,status,duration_minutes,run_minutes,pain_during,notes\r\n"
        '7,2024-01-02,cycling,done,30,,2,"a note\r\nover three\r\nlines"\r\n'  # row 2
        "8,2024-01-03,cycling,done,30,,lots,\r\n"  # row 3
        f"9,{tomorrow},elliptical,done,25,,1,\r\n"  # row 4
        "10,03/01/2024,cycling,done,30,,,\r\n"  # row 5
        "11,2024-01-05,run_walk,done,,0,,\r\n"  # row 6
        "12,2024-01-06,rowing,done,20,,2.5,\r\n"  # row 7
        f"13,{tomorrow},elliptical,planned,25,,,fine as a plan\r\n",  # row 8
    )

    with pytest.raises(CsvImportError) as caught:
        second_diary.import_csv(path)

    problems = caught.value.problems
    assert [row for row, _ in problems] == [3, 4, 5, 6, 7]
    by_row = dict(problems)
    assert by_row[3] == 'pain_during: "lots" is not a number.'
    assert by_row[4].startswith("date: That day is still to come")
    assert by_row[5].startswith('date: "03/01/2024" is not a date')
    assert by_row[6] == "run_minutes: Run minutes must be more than zero."
    assert by_row[7] == 'pain_during: "2.5" is not a whole number.'
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("5 rows have problems:\nRow 3: pain_during: ")
    assert "Row 3: pain_during" in str(caught.value)
    assert second_diary.recorded() == []
    second_diary.close()
    assert Diary.open(second_diary.path).recorded() == []


def test_every_problem_of_a_row_is_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, "date,activity,pain_before,pain_after\n2024-01-02,skipping,11,x\n")

    with pytest.raises(CsvImportError) as caught:
        read_csv(path, TODAY)

    assert [(row, text.split(":")[0]) for row, text in caught.value.problems] == [
        (2, "activity"),
        (2, "pain_before"),
        (2, "pain_after"),
    ]
    assert "Unknown activity 'skipping'" in caught.value.problems[0][1]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("date,activity,mood", 'Unknown column "mood"'),
        ("date,duration_minutes", 'The column "activity" is missing'),
        ("date,activity,date", 'The column "date" appears twice'),
    ],
)
def test_header_problems_are_row_1(tmp_path: Path, header: str, problem: str) -> None:
    path = _csv(tmp_path, f"{header}\n2024-01-02,cycling,3\n")

    with pytest.raises(CsvImportError) as caught:
        read_csv(path, TODAY)

    assert caught.value.problems[0][0] == 1
    assert caught.value.problems[0][1].startswith(problem)


def test_empty_file_and_blank_rows(tmp_path: Path) -> None:
    with pytest.raises(CsvImportError) as caught:
        read_csv(_csv(tmp_path, ""), TODAY)
    assert caught.value.problems[0][0] == 1

    path = _csv(
        tmp_path,
        "date,activity,duration_minutes\n\n2024-01-02,cycling,30\n,,\n2024-01-03,cycling,0\n",
    )
    with pytest.raises(CsvImportError) as caught:
        read_csv(path, TODAY)
    assert [row for row, _ in caught.value.problems] == [5]


def test_row_with_more_cells_than_columns(tmp_path: Path) -> None:
    path = _csv(tmp_path, "date,activity,duration_minutes\n2024-01-02,cycling,30,oops\n")

    with pytest.raises(CsvImportError) as caught:
        read_csv(path, TODAY)

    assert caught.value.problems == [
        (2, "This row has more cells than there are column names in row 1.")
    ]


def test_long_error_lists_are_shortened_in_the_message(tmp_path: Path) -> None:
    body = "".join(f"2024-01-{d:02d},cycling,0\n" for d in range(1, 31))
    path = _csv(tmp_path, "date,activity,duration_minutes\n" + body)

    with pytest.raises(CsvImportError) as caught:
        read_csv(path, TODAY)

    assert len(caught.value.problems) == 30
    assert caught.value.problems[-1][0] == 31
    assert str(caught.value).endswith("… and 10 more.")
