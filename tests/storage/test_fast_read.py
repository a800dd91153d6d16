"""The app reads its own files fast, and a file that names a record twice is still refused."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from recovery_diary import Diary, DiaryFileError, Session


def test_a_file_the_app_wrote_reads_back_the_same(diary_path):
    diary = Diary.open(diary_path)
    diary.record(Session(dt.date(2026, 11, 2), "cycling", duration_minutes=30, notes="ok ☕"))
    diary.close()
    raw = diary_path.read_bytes()
    assert orjson.dumps(orjson.loads(raw)) == raw  # the app's own files take the fast path
    again = Diary.open(diary_path)
    assert [s.notes for s in again.recorded()] == ["ok ☕"]


def test_a_compact_file_naming_a_session_twice_is_refused_untouched(diary_path):
    diary = Diary.open(diary_path)
    diary.record(Session(dt.date(2026, 11, 2), "cycling", duration_minutes=30))
    diary.record(Session(dt.date(2026, 11, 3), "walking", duration_minutes=40))
    diary.close()
    raw = diary_path.read_bytes().replace(b'"2":{', b'"1":{')
    assert raw.count(b'"1":{') >= 2
    diary_path.write_bytes(raw)
    with pytest.raises(DiaryFileError, match="twice"):
        Diary.open(diary_path)
    assert diary_path.read_bytes() == raw
