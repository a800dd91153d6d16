"""The storage layer: the one module family that knows TinyDB and the file on disk.

What the app's dialogs call: :func:`make_backup`, :func:`list_backups`,
:func:`describe_backup`, :func:`newest_good_backup`, :func:`restore_backup`
and :func:`move_aside`.
"""

from recovery_diary.fileio import move_aside
from recovery_diary.storage.backups import (
    Backup,
    BackupInfo,
    describe_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from recovery_diary.storage.store import CURRENT_SCHEMA, DiaryStore

__all__ = [
    "CURRENT_SCHEMA",
    "Backup",
    "BackupInfo",
    "DiaryStore",
    "describe_backup",
    "list_backups",
    "make_backup",
    "move_aside",
    "newest_good_backup",
    "restore_backup",
]
