"""Bulk additions (imports, the demo) reach the disk in one write, or not at all."""

from __future__ import annotations

import datetime as dt
import os

from pinned_clock import TODAY

from recovery_diary import CheckIn, Session
from recovery_diary import fileio as atomic


def test_add_many_stores_sessions_and_check_ins_in_one_write(filled_diary, monkeypatch):
    renames = []

    class CountingOs:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def replace(source, target):
            renames.append(target)
            return os.replace(source, target)

    day = TODAY - dt.timedelta(days=1)
    monkeypatch.setattr(atomic, "os", CountingOs())
    filled_diary.add_many(
        [Session(date=day, activity="walking", duration_minutes=20)], [CheckIn(day, pain=2)]
    )
    assert renames == [filled_diary.path]
    assert [c.pain for c in filled_diary.check_ins(day, day)] == [2]
