"""The Qt-free public facade over one diary file: ``from recovery_diary import Diary``.

The facade is split by concern: :mod:`.base` keeps the records and tells
listeners of changes, :mod:`.programme` works out the programme, and
:mod:`.facade` adds sharing (CSV, the report, the calendar file, watch files).
"""

from recovery_diary.diary.base import (
    READINESS,
    SETTING_RANGES,
    WATCH,
    BackupInfo,
    Change,
    check_diary_place,
    newest_backup,
    restore_from_backup,
)
from recovery_diary.diary.facade import Diary

__all__ = [
    "READINESS",
    "SETTING_RANGES",
    "WATCH",
    "BackupInfo",
    "Change",
    "Diary",
    "check_diary_place",
    "newest_backup",
    "restore_from_backup",
]
