"""Schema migrations, and fields and tables the app does not know, kept through everything.

There is no older real file format yet, so the mechanism is tested with a
pretend format 2: the current format plays format 1, and a migration from 1
to 2 is installed for the test.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from diary_files import fingerprint, stored
from pinned_clock import TODAY

from recovery_diary import Diary, DiaryFileError, Session
from recovery_diary.core.errors import DiaryWriteError
from recovery_diary.storage import (
    DiaryStore,
    json_storage,
    list_backups,
    newest_good_backup,
    restore_backup,
)
from recovery_diary.storage import document as document_module
from recovery_diary.storage import store as store_module

FORMAT_1 = {
    "meta": {"1": {"schema_version": 1, "created_by": "recovery-diary 0.1.0", "device": "laptop"}},
    "sessions": {
        "1": {
            "date": "2024-03-01",
            "activity": "cycling",
            "status": "done",
            "duration_minutes": 30,
            "notes": "",
            "heart_rate": {"avg": 128, "max": 151},
        },
        "2": {
            "date": "2024-03-03",
            "activity": "run_walk",
            "status": "done",
            "run_minutes": 5,
            "walk_minutes": 5,
            "duration_minutes": 10,
            "notes": "Treadmill",
            "shoes": "old pair",
        },
    },
    "gear": {"1": {"name": "Bike", "bought": "2023-05-01", "tags": ["indoor", None, 1.5]}},
}


def one_to_two(document: dict[str, Any]) -> None:
    """A pretend migration: sessions gain a ``source`` field."""
    for record in document["sessions"].values():
        record["source"] = "typed"


@pytest.fixture
def format_2(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(store_module, "CURRENT_SCHEMA", 2)
    monkeypatch.setattr(document_module, "CURRENT_SCHEMA", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, one_to_two)


@pytest.fixture
def old_file(diary_file: Path) -> Path:
    diary_file.write_text(json.dumps(FORMAT_1, indent=1), encoding="utf-8")
    return diary_file


def test_opening_an_older_file_backs_it_up_then_writes_the_new_format(
    format_2, old_file: Path
) -> None:
    original = old_file.read_bytes()
    diary = Diary.open(old_file)
    [backup] = list_backups(old_file)
    assert backup.reason == "migration"
    assert backup.path.read_bytes() == original
    document = stored(old_file)
    assert document["meta"]["1"]["schema_version"] == 2
    assert {r["source"] for r in document["sessions"].values()} == {"typed"}
    assert [s.notes for s in diary.recorded()] == ["", "Treadmill"]


def test_a_migration_keeps_what_the_app_does_not_know(format_2, old_file: Path) -> None:
    Diary.open(old_file)
    document = stored(old_file)
    assert document["gear"] == FORMAT_1["gear"]
    assert document["meta"]["1"]["device"] == "laptop"
    assert document["sessions"]["1"]["heart_rate"] == {"avg": 128, "max": 151}
    assert document["sessions"]["2"]["shoes"] == "old pair"


def test_the_backup_is_taken_before_anything_is_written(
    format_2, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_at_backup = []
    real = json_storage.write_atomically

    def watch(path: Path, payload: bytes, **options):
        if path == old_file:
            seen_at_backup.append(len(list_backups(old_file)))
        return real(path, payload, **options)

    monkeypatch.setattr(json_storage, "write_atomically", watch)
    Diary.open(old_file)
    assert seen_at_backup == [1], "the diary was written before (or without) its backup"


def test_no_backup_no_migration(format_2, old_file: Path) -> None:
    (old_file.parent / "backups").write_text("a file where the folder should be")
    before = fingerprint(old_file)
    with pytest.raises(DiaryWriteError, match="a backup of it could not be made first"):
        Diary.open(old_file)
    assert fingerprint(old_file) == before


def test_a_failing_migration_leaves_the_file_as_it_was(
    format_2, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(document: dict[str, Any]) -> None:
        document["sessions"]["1"]["source"] = "half-done"
        raise KeyError("pace")

    monkeypatch.setitem(store_module.MIGRATIONS, 1, broken)
    before = fingerprint(old_file)
    with pytest.raises(DiaryFileError, match="could not be brought up to date from file format 1"):
        Diary.open(old_file)
    assert fingerprint(old_file) == before


def test_a_migration_that_breaks_a_record_is_refused(
    format_2, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def breaks(document: dict[str, Any]) -> None:
        document["sessions"]["1"]["duration_minutes"] = -1

    monkeypatch.setitem(store_module.MIGRATIONS, 1, breaks)
    before = fingerprint(old_file)
    with pytest.raises(DiaryFileError, match="session 1 is damaged"):
        Diary.open(old_file)
    assert fingerprint(old_file) == before


def test_a_format_with_no_way_up_is_refused(
    format_2, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "CURRENT_SCHEMA", 3)
    monkeypatch.setattr(document_module, "CURRENT_SCHEMA", 3)
    before = fingerprint(old_file)
    with pytest.raises(DiaryFileError, match="cannot bring file format 2 up to date"):
        Diary.open(old_file)
    assert fingerprint(old_file) == before


def test_an_older_backup_counts_as_good_and_is_migrated_when_restored(
    format_2, old_file: Path
) -> None:
    Diary.open(old_file)
    backup = newest_good_backup(old_file)
    assert backup is not None and backup.reason == "migration"
    restore_backup(old_file, backup)
    assert stored(old_file)["meta"]["1"]["schema_version"] == 1
    assert len(Diary.open(old_file).recorded()) == 2
    assert stored(old_file)["meta"]["1"]["schema_version"] == 2


def test_a_file_in_the_current_format_is_not_rewritten_on_open(old_file: Path) -> None:
    before = fingerprint(old_file)
    Diary.open(old_file)
    assert fingerprint(old_file) == before
    assert list_backups(old_file) == []


# -- unknown fields and tables ----------------------------------------------------
def test_updating_a_session_keeps_its_unknown_fields(old_file: Path) -> None:
    diary = Diary.open(old_file)
    first = diary.get(1)
    diary.update(first.replace(notes="Hills", pain_during=2))
    record = stored(old_file)["sessions"]["1"]
    assert record["heart_rate"] == {"avg": 128, "max": 151}
    assert (record["notes"], record["pain_during"]) == ("Hills", 2)
    assert Diary.open(old_file).get(1).notes == "Hills"


def test_unknown_tables_and_meta_survive_every_kind_of_change(old_file: Path) -> None:
    diary = Diary.open(old_file)
    day = TODAY - dt.timedelta(days=3)
    added = diary.record(Session(date=day, activity="swimming", duration_minutes=25))
    diary.delete(2)
    diary.check_in(day, pain=2)
    diary.start_programme(day)
    diary.start_programme(day, low_impact_weeks=5)
    diary.update(added.replace(notes="Pool"))
    document = stored(old_file)
    assert document["gear"] == FORMAT_1["gear"]
    assert document["meta"]["1"]["device"] == "laptop"
    assert document["sessions"]["1"]["heart_rate"] == {"avg": 128, "max": 151}
    assert "2" not in document["sessions"]


def test_unknown_fields_of_the_programme_are_kept(diary_file: Path) -> None:
    day = TODAY - dt.timedelta(days=3)
    diary = Diary.open(diary_file)
    diary.start_programme(day)
    document = stored(diary_file)
    document["programme"]["1"]["coach"] = "Sam"
    diary_file.write_text(json.dumps(document))
    diary = Diary.open(diary_file)
    diary.start_programme(day, sessions_per_week=2)
    assert stored(diary_file)["programme"]["1"]["coach"] == "Sam"
    assert stored(diary_file)["programme"]["1"]["sessions_per_week"] == 2


def test_the_store_hands_out_copies(old_file: Path) -> None:
    store = DiaryStore.open(old_file)
    store.all("sessions")[1]["notes"] = "changed in a copy"
    store.get("gear", 1)["name"] = "changed in a copy"
    store.insert("gear", {"name": "Shoes"})
    document = stored(old_file)
    assert document["sessions"]["1"]["notes"] == ""
    assert document["gear"]["1"]["name"] == "Bike"
    assert document["gear"]["2"] == {"name": "Shoes"}


def test_a_deleted_session_comes_back_under_its_id_without_overwriting(old_file: Path) -> None:
    store = DiaryStore.open(old_file)
    record = store.get("sessions", 2)
    assert record is not None
    store.remove("sessions", 2)
    store.insert_with_id("sessions", 2, record)
    with pytest.raises(ValueError, match="already"):
        store.insert_with_id("sessions", 1, record)
    assert stored(old_file)["sessions"] == FORMAT_1["sessions"]
