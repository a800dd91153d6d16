"""Recovery Diary: a runner's way back from back pain to running.

The public, Qt-free API::

    from recovery_diary import Diary, Session, CheckIn, InvalidSession, DiaryFileError
"""

from recovery_diary.core.checkin import CheckIn
from recovery_diary.core.errors import (
    DiaryChangedOnDisk,
    DiaryFileError,
    DiaryLockedError,
    DiaryPlaceError,
    DiaryWriteError,
    InvalidSession,
)
from recovery_diary.core.session import Session
from recovery_diary.diary import Diary
from recovery_diary.version import __version__

__all__ = [
    "CheckIn",
    "Diary",
    "DiaryChangedOnDisk",
    "DiaryFileError",
    "DiaryLockedError",
    "DiaryPlaceError",
    "DiaryWriteError",
    "InvalidSession",
    "Session",
    "__version__",
]
