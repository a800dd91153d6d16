"""A long diary's records are kept as their bytes, read in pieces, and proven before use.

What is kept must be exactly what the file holds: the same document the
careful reading gives, encoding to the file's bytes. A file the app did not
write that way (or one that only looks like it) is read the careful way,
with the same result or the same refusal.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from diary_files import SESSION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recovery_diary import Diary, DiaryFileError, InvalidSession, Session
from recovery_diary.storage import DiaryStore, document, packed

CHECK_IN = {"date": "2024-05-02", "pain": 2, "red_flags": ["saddle_numbness"], "notes": ""}
META = {"1": {"schema_version": 1, "created_by": "recovery-diary test"}}


def own_file(path: Path, doc: dict[str, Any]) -> bytes:
    """``doc`` written as the app writes a diary."""
    raw = document.encode(doc)
    path.write_bytes(raw)
    return raw


def careful(path: Path, raw: bytes) -> dict[str, Any]:
    return document.load_checked(path, raw)[0]


def held(data: dict[str, Any]) -> dict[str, Any]:
    return {name: {k: document.record_of(v) for k, v in t.items()} for name, t in data.items()}


def diary_doc(sessions: int, check_ins: int = 0, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "meta": META,
        "sessions": {str(i): {**SESSION, "notes": f"run {i}"} for i in range(1, sessions + 1)},
        "check_ins": {str(i): dict(CHECK_IN) for i in range(1, check_ins + 1)},
    }
    doc.update(extra)
    return doc


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few records each, so that every file here is read in several."""
    monkeypatch.setattr(packed, "PIECE", 300)


def test_the_apps_own_file_is_kept_as_its_records_bytes(tmp_path: Path, small_pieces) -> None:
    path = tmp_path / "diary.json"
    raw = own_file(path, diary_doc(40, 12, gear={"1": {"name": "shoes", "laces": [1, "two"]}}))
    loaded = packed.load_packed(path, raw)
    assert loaded.exact
    assert all(type(r) is bytes for r in loaded.data["sessions"].values())
    assert all(type(r) is bytes for r in loaded.data["check_ins"].values())
    assert held(loaded.data) == careful(path, raw)
    assert document.encode(loaded.data) == raw
    assert sorted(loaded.built.sessions) == list(range(1, 41))
    assert loaded.built.check_ins[12].red_flags == ("saddle_numbness",)


NOTES = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(['},"5":{', '}},"check_ins":{', "\\", '"']),
    max_size=8,
).map("".join)
UNKNOWN = st.recursive(
    st.integers(-3, 3) | st.text(max_size=3) | st.none(),
    lambda inner: (
        st.lists(inner, max_size=2)
        | st.dictionaries(st.sampled_from(["1", "2", "c", "sessions"]), inner, max_size=2)
    ),
    max_leaves=4,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(NOTES, min_size=1, max_size=8),
    unknown=st.lists(st.none() | UNKNOWN, min_size=1, max_size=8),
    piece=st.integers(1, 600),
)
def test_whatever_the_records_hold_the_document_is_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notes, unknown, piece
) -> None:
    """Text and unknown fields that look like the cuts between records change nothing."""
    monkeypatch.setattr(packed, "PIECE", piece)
    sessions = {}
    for i, note in enumerate(notes, 1):
        extra = unknown[i % len(unknown)]
        sessions[str(i)] = {**SESSION, "notes": note, **({} if extra is None else {"x": extra})}
    path = tmp_path / "diary.json"
    raw = own_file(path, {"meta": META, "sessions": sessions, "check_ins": {"1": CHECK_IN}})
    loaded = packed.load_packed(path, raw)
    assert held(loaded.data) == careful(path, raw)
    assert sorted(loaded.built.sessions) == list(range(1, len(notes) + 1))
    if loaded.exact:
        assert document.encode(loaded.data) == raw


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda doc: json.dumps(doc, indent=2).encode(), id="indented"),
        pytest.param(lambda doc: document.encode(doc) + b"\n", id="a newline at the end"),
        pytest.param(
            lambda doc: document.encode(doc).replace(b'"run 3"', b'"run \\u0033"'),
            id="an escape orjson does not write",
        ),
        pytest.param(
            lambda doc: document.encode({**doc, "meta": {"1": {**META["1"], "sessions": {}}}}),
            id="a field named like a table, before it",
        ),
    ],
)
def test_a_file_written_otherwise_is_read_the_careful_way(
    tmp_path: Path, small_pieces, make
) -> None:
    path = tmp_path / "diary.json"
    raw = make(diary_doc(10, 3))
    path.write_bytes(raw)
    loaded = packed.load_packed(path, raw)
    assert held(loaded.data) == careful(path, raw)
    if loaded.exact:
        assert document.encode(loaded.data) == raw
    store = DiaryStore.open(path)
    assert store.get("sessions", 3)["notes"] == "run 3"
    assert store.changed_on_disk() is False  # what was read is what is on disk
    store.close()


def test_a_session_inside_another_table_stays_where_it_is(tmp_path: Path) -> None:
    """A field named "sessions" before the (empty) table: the cut must be the table's own."""
    path = tmp_path / "diary.json"
    meta = {"1": {**META["1"], "sessions": {"1": SESSION}, "later": 1}}
    raw = own_file(path, {"meta": meta, "sessions": {}, "check_ins": {}})
    loaded = packed.load_packed(path, raw)
    assert loaded.data["sessions"] == {}
    assert held(loaded.data) == careful(path, raw)
    assert DiaryStore.open(path).all("sessions") == {}


def test_an_empty_table_and_a_table_of_one_are_read_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "diary.json"
    raw = own_file(path, diary_doc(1, 0))
    loaded = packed.load_packed(path, raw)
    assert loaded.exact
    assert loaded.data["check_ins"] == {}
    assert held(loaded.data) == careful(path, raw)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda raw: raw.replace(b'"notes":"run 7"', b'"notes":"run 7","notes":"b"'), "twice"),
        (lambda raw: raw.replace(b'"8":{', b'"7":{'), "twice"),
        (
            lambda raw: raw.replace(b'"duration_minutes":30', b'"duration_minutes":-30', 1),
            "session 1 is damaged",
        ),
    ],
    ids=["a field given twice", "a record given twice", "negative minutes"],
)
def test_a_damaged_own_file_is_refused_in_the_careful_words(
    tmp_path: Path, small_pieces, change, words
) -> None:
    path = tmp_path / "diary.json"
    raw = change(own_file(path, diary_doc(20, 2)))
    path.write_bytes(raw)
    with pytest.raises(DiaryFileError, match=words):
        DiaryStore.open(path)
    assert path.read_bytes() == raw


_S = '"date":"2024-05-01","activity":"cycling","status":"done","duration_minutes":30,"notes":""'
_C = '"date":"2024-05-01","pain":1'


@pytest.mark.parametrize(
    ("tables", "words"),
    [
        (
            '"sessions":{"1":{' + _S + ',"x":{},"7":{}},"02":{' + _S + "}}",
            "malformed record '02'",
        ),
        (
            '"sessions":{"1":{' + _S + ',"x":{},"7":{}},"2,3":{' + _S + "}}",
            "malformed record '2,3'",
        ),
        (
            '"check_ins":{"1":{' + _C + ',"x":{},"9":{}},"2":[1],"3":{' + _C + ',"y":{},"8":{}}}',
            "malformed record '2'",
        ),
    ],
    ids=["a key that is no id", "a key with a comma", "a check-in that is a list"],
)
def test_a_file_whose_cuts_only_look_right_is_refused_in_the_careful_words(
    tmp_path: Path, tables: str, words: str
) -> None:
    """A nested object under a key like an id makes one cut too many; a bad record one too few."""
    raw = ('{"meta":{"1":{"schema_version":1,"created_by":"x"}},' + tables + "}").encode()
    assert json.loads(raw)  # valid JSON, so only the checks can refuse it
    path = tmp_path / "diary.json"
    path.write_bytes(raw)
    with pytest.raises(DiaryFileError, match=words):
        DiaryStore.open(path)
    assert path.read_bytes() == raw


def test_bytes_are_refused_as_a_value_not_written_into_the_file(tmp_path: Path) -> None:
    """The writer puts records kept as bytes into the file as they are: no field may be bytes."""
    path = tmp_path / "diary.json"
    own_file(path, diary_doc(2))
    store = DiaryStore.open(path)
    before = path.read_bytes()
    for value in (b'1},"sessions":{"9":{}', [b"x"], {"nested": bytearray(b"y")}):
        with pytest.raises(InvalidSession, match="bytes"):
            store.insert("gear", {"name": value})
    assert path.read_bytes() == before
    store.close()


def test_records_kept_as_bytes_are_changed_removed_and_brought_back(
    tmp_path: Path, small_pieces
) -> None:
    path = tmp_path / "diary.json"
    own_file(path, diary_doc(12, 2, gear={"1": {"name": "shoes"}}))
    store = DiaryStore.open(path)
    store.replace("sessions", 4, {"notes": "changed"})
    removed = store.get("sessions", 5)
    store.remove("sessions", 5)
    store.insert("check_ins", {"date": "2024-05-03", "pain": 1, "notes": ""})
    store.insert_with_id("sessions", 5, removed)
    store.close()
    kept = json.loads(path.read_bytes())
    assert kept["sessions"]["4"] == {**SESSION, "notes": "changed"}
    assert list(kept["sessions"])[-1] == "5"  # brought back at the end, as TinyDB does
    assert kept["sessions"]["5"] == {**SESSION, "notes": "run 5"}
    assert len(kept["check_ins"]) == 3
    assert path.read_bytes() == document.encode(kept)
    again = DiaryStore.open(path)
    assert again.all("sessions")[4]["notes"] == "changed"
    again.close()


def test_a_failed_change_leaves_the_records_as_read(tmp_path: Path, small_pieces) -> None:
    path = tmp_path / "diary.json"
    raw = own_file(path, diary_doc(12, 2))
    store = DiaryStore.open(path)
    with pytest.raises(RuntimeError), store.transaction():
        store.replace("sessions", 2, {"notes": "not kept"})
        store.remove("sessions", 3)
        raise RuntimeError("the block fails")
    assert store.get("sessions", 2)["notes"] == "run 2"
    assert store.get("sessions", 3)["notes"] == "run 3"
    assert path.read_bytes() == raw
    store.insert("check_ins", {"date": "2024-05-03", "pain": 1, "notes": ""})
    assert json.loads(path.read_bytes())["sessions"] == careful(path, raw)["sessions"]
    store.close()


def test_a_long_diary_opens_kept_as_bytes_and_saves(diary_path: Path) -> None:
    """Through the facade: a diary of the app's own, reopened, keeps its records as bytes."""
    diary = Diary.open(diary_path)
    for day in range(1, 29):
        diary.record(Session(dt.date(2026, 2, day), "cycling", duration_minutes=20 + day))
    diary.close()
    again = Diary.open(diary_path)
    kept = again._store._storage.read()["sessions"]
    assert len(kept) == 28 and all(type(r) is bytes for r in kept.values())
    saved = again.record(Session(dt.date(2026, 3, 1), "walking", duration_minutes=30))
    again.close()
    file = orjson.loads(diary_path.read_bytes())
    assert file["sessions"][str(saved.id)]["activity"] == "walking"
    assert [r["duration_minutes"] for r in file["sessions"].values()][:3] == [21, 22, 23]
