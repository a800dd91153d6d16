"""The diary never writes what it can't read back, and refuses files that hold such values.

Every value the facade stores is checked by the same rules as a file being
opened; a file already holding a value outside them opens with a clear
DiaryFileError and is left byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from diary_files import SESSION, fingerprint, stored

from recovery_diary import Diary, DiaryFileError, InvalidSession, Session
from recovery_diary.core.session import FIELDS, MAX_RECORD_ID
from recovery_diary.storage import DiaryStore
from recovery_diary.storage.document import encode
from recovery_diary.storage.records import checked_records
from recovery_diary.storage.values import MAX_DEPTH

DAY = dt.date(2024, 5, 1)


def write_document(path: Path, **tables: dict) -> None:
    document = {"meta": {"1": {"schema_version": 1}}, **tables}
    path.write_text(json.dumps(document), encoding="utf-8")


def refused_untouched(path: Path, *words: str) -> str:
    before = fingerprint(path)
    with pytest.raises(DiaryFileError) as caught:
        Diary.open(path)
    assert fingerprint(path) == before
    for word in words:
        assert word in caught.value.problem
    return caught.value.problem


# -- dates ---------------------------------------------------------------------------
def test_a_programme_start_in_year_9999_is_refused_naming_start(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    before = fingerprint(diary_file)
    with pytest.raises(InvalidSession) as caught:
        diary.start_programme(dt.date(9999, 12, 1))
    assert "start" in caught.value.errors
    assert "2200" in caught.value.errors["start"]
    assert fingerprint(diary_file) == before
    assert Diary.open(diary_file).settings is None


def test_a_file_with_a_programme_start_in_year_9999_is_refused(diary_file: Path) -> None:
    write_document(diary_file, programme={"1": {"start": "9999-12-01"}})
    refused_untouched(diary_file, "start", "1800", "2200")


@pytest.mark.parametrize(
    "store",
    [
        lambda d: d.record(
            Session(date=dt.date(1799, 12, 31), activity="walking", duration_minutes=10)
        ),
        lambda d: d.record(
            Session(
                date=dt.date(2201, 1, 1), activity="walking", duration_minutes=10, status="planned"
            )
        ),
        lambda d: d.check_in(dt.date(1750, 1, 1), pain=2),
    ],
    ids=["session before 1800", "planned session after 2200", "check-in before 1800"],
)
def test_dates_outside_1800_to_2200_are_refused_naming_the_date(diary_file: Path, store) -> None:
    diary = Diary.open(diary_file)
    before = fingerprint(diary_file)
    with pytest.raises(InvalidSession) as caught:
        store(diary)
    assert list(caught.value.errors) == ["date"]
    assert fingerprint(diary_file) == before


def test_a_first_run_in_year_9999_is_refused_naming_it(diary_file: Path) -> None:
    diary = Diary.open(diary_file)
    diary.start_programme(DAY)
    with pytest.raises(InvalidSession) as caught:
        diary.start_running(dt.date(9999, 1, 1))
    assert "running_from" in caught.value.errors
    assert Diary.open(diary_file).settings.running_from is None


# -- ids -------------------------------------------------------------------------------
def test_the_largest_id_the_file_check_accepts_opens_and_no_larger_id_is_handed_out(
    diary_file: Path,
) -> None:
    write_document(diary_file, sessions={str(MAX_RECORD_ID): SESSION})
    diary = Diary.open(diary_file)
    assert [s.id for s in diary.recorded()] == [MAX_RECORD_ID]
    before = fingerprint(diary_file)
    with pytest.raises(InvalidSession) as caught:
        diary.record(Session(date=DAY, activity="walking", duration_minutes=10))
    assert "id" in caught.value.errors
    assert fingerprint(diary_file) == before
    assert [s.id for s in Diary.open(diary_file).recorded()] == [MAX_RECORD_ID]


def test_an_id_of_ten_to_the_18_in_a_file_is_refused(diary_file: Path) -> None:
    write_document(diary_file, sessions={str(10**18): SESSION})
    refused_untouched(diary_file, "malformed record")


# -- programme settings -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "value"),
    [("first_minutes", -20), ("low_impact_weeks", 99), ("safe_max", 11), ("step_minutes", 2.5)],
)
def test_a_file_with_a_setting_out_of_its_range_is_refused(
    diary_file: Path, name: str, value: object
) -> None:
    write_document(diary_file, programme={"1": {"start": "2024-05-01", name: value}})
    refused_untouched(diary_file, name)


def test_a_file_whose_pain_limits_cross_is_refused(diary_file: Path) -> None:
    programme = {"start": "2024-05-01", "safe_max": 6, "acceptable_max": 4}
    write_document(diary_file, programme={"1": programme})
    refused_untouched(diary_file, "acceptable_max")


# -- numbers and nesting -----------------------------------------------------------------
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_file_with_a_non_finite_number_in_an_unknown_field_is_refused(
    diary_file: Path, number: str
) -> None:
    text = json.dumps({"meta": {"1": {"schema_version": 1}}, "sessions": {"1": SESSION}})
    text = text.replace('"notes": ""', f'"notes": "", "heart_rate": {{"avg": {number}}}')
    diary_file.write_text(text, encoding="utf-8")
    refused_untouched(diary_file, "heart_rate", "not finite")


def test_a_non_finite_number_is_never_stored(diary_file: Path) -> None:
    store = DiaryStore.open(diary_file)
    before = fingerprint(diary_file)
    with pytest.raises(InvalidSession) as caught:
        store.insert("gear", {"weight": float("nan")})
    assert list(caught.value.errors) == ["weight"]
    assert fingerprint(diary_file) == before


def deep(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = [value]
    return value


def test_a_file_with_a_500_deep_unknown_field_is_refused(diary_file: Path) -> None:
    # Far deeper than the file may nest, far shallower than the recursion limit of the
    # JSON parser at any stack depth a caller may have (the field must be named).
    write_document(diary_file, sessions={"1": {**SESSION, "extra": deep(500)}})
    refused_untouched(diary_file, "extra", "levels deep")


@pytest.mark.parametrize("table", ["sessions", "check_ins"])
def test_a_too_deep_unknown_field_beside_plain_fields_is_refused(
    diary_file: Path, table: str
) -> None:
    # Compact, as the app writes it (the fast way in), and every known field plain:
    # the unknown field alone must still be looked into.
    record = SESSION if table == "sessions" else {"date": "2024-05-01", "pain": 2}
    document = {"meta": {"1": {"schema_version": 1}}, table: {"1": {**record, "strap": deep(80)}}}
    diary_file.write_bytes(encode(document))
    refused_untouched(diary_file, "strap", "levels deep")


_CHECK_IN = {"date": "2024-05-01", "pain": 2, "red_flags": [], "notes": ""}
_KNOWN = [("sessions", name) for name in FIELDS if name != "id"] + [
    ("check_ins", name) for name in _CHECK_IN
]


@pytest.mark.parametrize(("table", "name"), _KNOWN)
@pytest.mark.parametrize("value", [deep(3), {"avg": 1}, [["cramp"]], float("nan")])
def test_a_table_skips_the_nesting_check_only_when_every_known_field_is_plain(
    table: str, name: str, value: object
) -> None:
    # The skip trusts the glance to have looked at the type of every known field:
    # a field added to a record without a rule in the glance would fail here.
    record = SESSION if table == "sessions" else _CHECK_IN
    plain = {"meta": {"1": {"schema_version": 1}}, table: {"1": dict(record)}}
    assert table in checked_records(plain)[1].plain_tables
    odd = {**plain, table: {"1": {**record, name: value}}}
    assert table not in checked_records(odd)[1].plain_tables


def test_values_nested_as_deep_as_allowed_open_and_save(diary_file: Path) -> None:
    write_document(diary_file, sessions={"1": {**SESSION, "extra": deep(MAX_DEPTH - 4)}})
    diary = Diary.open(diary_file)
    diary.update(diary.get(1).replace(notes="saved"))
    assert stored(diary_file)["sessions"]["1"]["extra"] == deep(MAX_DEPTH - 4)


def test_nesting_deeper_than_allowed_is_never_stored(diary_file: Path) -> None:
    store = DiaryStore.open(diary_file)
    with pytest.raises(InvalidSession) as caught:
        store.insert("gear", {"tree": deep(MAX_DEPTH)})
    assert list(caught.value.errors) == ["tree"]


# -- the bytes written ----------------------------------------------------------------------
def test_the_file_is_exactly_what_the_standard_json_module_writes(filled_diary: Diary) -> None:
    filled_diary.update(filled_diary.get(1).replace(notes='Mäßig, 痛み 2 😊 "quoted"\n'))
    raw = filled_diary.path.read_bytes()
    document = json.loads(raw)
    assert raw == json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    big = {"meta": {"1": {"schema_version": 1, "n": 10**30, "f": 0.1, "e": 1e-7}}}
    assert json.loads(encode(big)) == big
