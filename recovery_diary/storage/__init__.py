"""The storage layer: the one module family that knows TinyDB and the file on disk."""

from recovery_diary.storage.store import CURRENT_SCHEMA, DiaryStore

__all__ = ["CURRENT_SCHEMA", "DiaryStore"]
