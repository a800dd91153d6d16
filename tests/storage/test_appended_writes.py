"""A new record is written by putting it into the last bytes: the file must be exactly
what encoding the whole diary again gives, whatever came before.

Every step below is checked against the file itself: it holds what a plain model
of the tables says, in the same order, and its bytes are the standard encoding
of what it holds (compact, as ``json.dumps`` writes it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from diary_files import SESSION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recovery_diary.storage import DiaryStore, document, json_storage

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from('"\\\n}{,:'),
    max_size=12,
)
RECORDS = {
    "sessions": st.builds(lambda notes: {**SESSION, "notes": notes}, TEXT),
    "check_ins": st.builds(
        lambda pain, notes: {"date": "2024-05-02", "pain": pain, "notes": notes},
        st.integers(0, 10),
        TEXT,
    ),
    "gear": st.fixed_dictionaries(
        {"name": TEXT},
        optional={"laces": st.lists(st.integers(-5, 5) | TEXT, max_size=3)},
    ),
}
TABLES = st.sampled_from(sorted(RECORDS))
STEP = st.one_of(
    st.tuples(st.just("insert"), TABLES.flatmap(lambda t: st.tuples(st.just(t), RECORDS[t]))),
    st.tuples(
        st.just("insert_many"),
        TABLES.flatmap(lambda t: st.tuples(st.just(t), st.lists(RECORDS[t], max_size=3))),
    ),
    st.tuples(st.just("replace"), TABLES.flatmap(lambda t: st.tuples(st.just(t), RECORDS[t]))),
    st.tuples(st.just("remove"), TABLES.map(lambda t: (t, None))),
    st.tuples(st.just("both"), st.tuples(RECORDS["sessions"], RECORDS["gear"])),
)


def assert_file_is(path: Path, model: dict[str, dict[str, Any]]) -> None:
    raw = path.read_bytes()
    held = json.loads(raw)
    assert raw == document.encode(held)
    for table, records in model.items():
        assert list(held.get(table, {}).items()) == list(records.items())


def apply(store: DiaryStore, model: dict[str, dict[str, Any]], step: tuple) -> None:
    kind, payload = step
    if kind == "both":  # two changes, one write
        session, gear = payload
        with store.transaction():
            session_id = store.insert("sessions", session)
            gear_id = store.insert("gear", gear)
        model.setdefault("sessions", {})[str(session_id)] = session
        model.setdefault("gear", {})[str(gear_id)] = gear
        return
    table, value = payload
    rows = model.setdefault(table, {})
    if kind == "insert":
        rows[str(store.insert(table, value))] = value
    elif kind == "insert_many":
        for doc_id, record in zip(store.insert_many(table, value), value, strict=True):
            rows[str(doc_id)] = record
    elif kind == "replace" and rows:
        key = next(iter(rows))
        store.replace(table, int(key), value)
        rows[key] = {**rows[key], **value}  # fields not given are kept
    elif kind == "remove" and rows:
        key = next(reversed(rows))
        store.remove(table, int(key))
        del rows[key]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_every_write_is_the_whole_diary_encoded_again(tmp_path: Path, steps: list) -> None:
    path = tmp_path / f"diary-{len(list(tmp_path.iterdir()))}.json"
    store = DiaryStore.open(path)
    model: dict[str, dict[str, Any]] = {}
    for step in steps:
        apply(store, model, step)
        assert_file_is(path, model)
    store.close()
    reopened = DiaryStore.open(path)  # and it opens as the same diary
    assert {t: reopened.all(t) for t in model} == {
        t: {int(k): v for k, v in rows.items()} for t, rows in model.items()
    }
    reopened.close()


def test_later_records_are_put_in_without_encoding_the_diary_again(
    diary_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DiaryStore.open(diary_file)
    store.insert("sessions", dict(SESSION))  # new tables: written whole, the bytes laid out
    store.insert("check_ins", {"date": "2024-05-01", "pain": 2, "notes": ""})
    encoded: list[int] = []
    whole = json_storage.encode_laid_out
    monkeypatch.setattr(
        json_storage, "encode_laid_out", lambda data: encoded.append(1) or whole(data)
    )
    for notes in ("second", "third"):
        store.insert("sessions", {**SESSION, "notes": notes})
    store.insert("check_ins", {"date": "2024-05-02", "pain": 3, "notes": ""})
    assert encoded == []
    store.insert("gear", {"name": "new table"})  # not in the file yet: written whole
    assert encoded == [1]
    held = json.loads(diary_file.read_bytes())
    assert [r["notes"] for r in held["sessions"].values()] == ["", "second", "third"]
    assert [r["pain"] for r in held["check_ins"].values()] == [2, 3]
    assert diary_file.read_bytes() == document.encode(held)


def test_a_record_only_json_can_write_goes_in_whole_and_later_ones_still_fit(
    diary_file: Path,
) -> None:
    store = DiaryStore.open(diary_file)
    store.insert("gear", {"name": "first"})
    store.insert("gear", {"name": "pasted \ud800 half a character"})  # orjson refuses it
    store.insert("gear", {"name": "after it"})
    raw = diary_file.read_bytes()
    held = json.loads(raw)
    assert [r["name"] for r in held["gear"].values()] == [
        "first",
        "pasted \ud800 half a character",
        "after it",
    ]
    assert raw == document.encode(held)
