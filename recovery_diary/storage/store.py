"""The diary file: one TinyDB JSON document, validated on open, written atomically.

Layout (see README "The diary file")::

    {"meta":        {"1": {"schema_version": 1, "created_by": "recovery-diary 0.1.0"}},
     "sessions":    {"<id>": {<Session fields but id>}, ...},
     "check_ins":   {"<id>": {"date", "pain", "red_flags", "notes"}, ...},
     "programme":   {"1": {<programme settings>}},
     "pause_lifts": {"<id>": {"date"}, ...}}

Every table and field the app does not know is kept through load and save.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from recovery_diary.core.errors import DiaryChangedOnDisk, DiaryFileError, DiaryWriteError
from recovery_diary.storage.atomic import write_atomically

CURRENT_SCHEMA = 1
META, SESSIONS, CHECK_INS, PROGRAMME, PAUSE_LIFTS = (
    "meta",
    "sessions",
    "check_ins",
    "programme",
    "pause_lifts",
)

#: Migrations from schema N to N + 1, applied in order on open.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {}

Stamp = tuple[int, int, int]


def _stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def check_structure(data: Any, path: Path) -> int:
    """Raise DiaryFileError unless ``data`` is a diary; return its schema version."""
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        raise DiaryFileError(path, f"it holds a JSON {kind}, not a diary's tables.")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DiaryFileError(path, f"its table {name!r} is not a table of records.")
        for key, doc in table.items():
            if not key.isdigit() or not isinstance(doc, dict):
                raise DiaryFileError(path, f"its table {name!r} has a malformed record {key!r}.")
    meta = data.get(META) or {}
    versions = [doc.get("schema_version") for doc in meta.values()]
    if len(versions) != 1 or not isinstance(versions[0], int) or isinstance(versions[0], bool):
        raise DiaryFileError(path, "it has no schema_version, so it is not a Recovery Diary file.")
    version = versions[0]
    if version > CURRENT_SCHEMA:
        raise DiaryFileError(
            path,
            f"it was written by a newer Recovery Diary (file format {version}); "
            f"this version reads formats up to {CURRENT_SCHEMA}. Please update the app.",
        )
    if version < 1:
        raise DiaryFileError(path, f"its schema_version {version} is not one Recovery Diary wrote.")
    for name in (SESSIONS, CHECK_INS):
        for key, doc in (data.get(name) or {}).items():
            if not isinstance(doc.get("date"), str):
                raise DiaryFileError(path, f"record {key} in {name!r} has no date.")
    return version


def read_diary_bytes(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse and check the bytes of a diary file (not empty)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DiaryFileError(path, "it is not UTF-8 text, so it is not a diary file.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DiaryFileError(
            path,
            f"it is not valid JSON (it may be cut short or damaged): {exc.msg}, line {exc.lineno}.",
        ) from exc
    check_structure(data, path)
    return data


def new_diary_data() -> dict[str, Any]:
    from recovery_diary.version import __version__

    return {
        META: {
            "1": {"schema_version": CURRENT_SCHEMA, "created_by": f"recovery-diary {__version__}"}
        }
    }


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the document in memory and writes it atomically.

    It refuses to write over a file changed by someone else since it was read
    (:class:`DiaryChangedOnDisk`), and a failed write leaves the file as it was
    and raises :class:`DiaryWriteError`, dropping the unsaved change from memory.
    """

    def __init__(self, path: str, data: dict[str, Any], stamp: Stamp | None) -> None:
        self._path = Path(path)
        self._data: dict[str, Any] | None = data
        self._stamp = stamp
        self.write_count = 0

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = self._load_from_disk()
        return self._data

    def _load_from_disk(self) -> dict[str, Any]:
        raw = self._path.read_bytes()
        data = read_diary_bytes(self._path, raw)
        self._stamp = _stamp(self._path.stat())
        return data

    def changed_on_disk(self) -> bool:
        try:
            current: Stamp | None = _stamp(self._path.stat())
        except FileNotFoundError:
            current = None
        return current != self._stamp

    def write(self, data: dict[str, Any]) -> None:
        if self.changed_on_disk():
            self._data = None
            raise DiaryChangedOnDisk(self._path)
        self.write_unchecked(data)

    def write_unchecked(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            stat = write_atomically(self._path, payload)
        except OSError as exc:
            self._data = None
            raise DiaryWriteError(exc.errno, _write_problem(exc), str(self._path)) from exc
        self._data = data
        self._stamp = _stamp(stat)
        self.write_count += 1

    def forget(self) -> None:
        """Drop what is in memory so the next read comes from disk."""
        self._data = None

    def close(self) -> None:
        pass


def _write_problem(exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the folder is read-only",
        errno.EACCES: "permission was denied",
        errno.EPERM: "permission was denied",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return f"The diary could not be saved because {reason}. Nothing in the file was changed."


def has_backups(path: Path) -> bool:
    from recovery_diary.storage.backups import list_backups

    return bool(list_backups(path))


class DiaryStore:
    """One open diary file. Only this class and its storage touch TinyDB."""

    def __init__(self, path: Path, storage: AtomicJSONStorage) -> None:
        self.path = path
        self._storage = storage
        self._db = TinyDB(storage=lambda: storage)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> DiaryStore:
        """Open ``path``; a missing (or empty, with no backups) file is a new diary.

        Raises DiaryFileError for anything that is not a diary, leaving it untouched.
        """
        path = Path(path).expanduser().absolute()
        if path.is_dir():
            raise DiaryFileError(path, "it is a folder, not a diary file.")
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise DiaryFileError(path, f"it can't be read ({exc.strerror}).") from exc
        if raw is not None and not raw.strip():
            if has_backups(path):
                raise DiaryFileError(
                    path,
                    "it is empty, but backups of it exist: restore one rather than starting over.",
                )
            raw = None
        if raw is None:
            data = new_diary_data()
            storage = AtomicJSONStorage(str(path), data, None)
            storage.write_unchecked(data)
            return cls(path, storage)
        data = read_diary_bytes(path, raw)
        storage = AtomicJSONStorage(str(path), data, _stamp(path.stat()))
        store = cls(path, storage)
        store._migrate()
        return store

    # -- schema ------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self._meta()["schema_version"])

    def _meta(self) -> dict[str, Any]:
        data = self._storage.read() or {}
        return next(iter(data[META].values()))

    def _migrate(self) -> None:
        version = self.schema_version
        if version == CURRENT_SCHEMA:
            return
        from recovery_diary.storage.backups import make_backup

        make_backup(self.path, reason="migration")
        data = self._storage.read()
        assert data is not None
        while version < CURRENT_SCHEMA:
            MIGRATIONS[version](data)
            version += 1
        next(iter(data[META].values()))["schema_version"] = CURRENT_SCHEMA
        self._storage.write(data)

    # -- records -----------------------------------------------------------
    def all(self, table: str) -> dict[int, dict[str, Any]]:
        """Every record of ``table`` by id (copies; changing them changes nothing)."""
        data = self._storage.read() or {}
        return {int(k): dict(v) for k, v in (data.get(table) or {}).items()}

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        data = self._storage.read() or {}
        doc = (data.get(table) or {}).get(str(doc_id))
        return dict(doc) if doc is not None else None

    def insert(self, table: str, record: dict[str, Any]) -> int:
        return int(self._db.table(table).insert(record))

    def insert_many(self, table: str, records: Iterable[dict[str, Any]]) -> list[int]:
        return [int(i) for i in self._db.table(table).insert_multiple(list(records))]

    def replace(self, table: str, doc_id: int, record: dict[str, Any]) -> None:
        """Store ``record`` under ``doc_id``, keeping fields the app does not know."""
        if self.get(table, doc_id) is None:
            raise KeyError(doc_id)
        self._db.table(table).update(record, doc_ids=[doc_id])

    def remove(self, table: str, doc_id: int) -> None:
        self._db.table(table).remove(doc_ids=[doc_id])

    def set_single(self, table: str, record: dict[str, Any]) -> None:
        """Make ``record`` the one record of ``table`` (keeping unknown fields)."""
        if self.get(table, 1) is None:
            self._db.table(table).insert(record)
        else:
            self.replace(table, 1, record)

    def single(self, table: str) -> dict[str, Any] | None:
        return self.get(table, 1)

    # -- outside changes ---------------------------------------------------
    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def reload(self) -> None:
        """Read the file again (after it changed on disk, or a failed write)."""
        self._storage.forget()
        self._storage.read()
        # Fresh tables: TinyDB remembers the next id per table object.
        storage = self._storage
        self._db = TinyDB(storage=lambda: storage)

    def overwrite_with_mine(self) -> None:
        """Write what is in memory over a file that changed on disk."""
        data = self._storage.read()
        assert data is not None
        self._storage.write_unchecked(data)

    @property
    def write_count(self) -> int:
        return self._storage.write_count

    def close(self) -> None:
        self._db.close()
