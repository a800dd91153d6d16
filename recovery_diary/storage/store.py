"""The diary file: one TinyDB JSON document, validated on open, written atomically.

Layout (see README "The diary file")::

    {"meta":        {"1": {"schema_version": 1, "created_by": "recovery-diary 0.1.0"}},
     "sessions":    {"<id>": {<Session fields but id>}, ...},
     "check_ins":   {"<id>": {"date", "pain", "red_flags", "notes"}, ...},
     "programme":   {"1": {<programme settings>}},
     "pause_lifts": {"<id>": {"date"}, ...}}

Every table and field the app does not know is kept through load and save.
A file is only ever replaced as a whole (:func:`write_atomically`), never
over a version someone else wrote since it was read (:class:`DiaryChangedOnDisk`),
and a file that is not a diary is never written at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from recovery_diary.core.errors import DiaryChangedOnDisk, DiaryFileError, DiaryWriteError
from recovery_diary.storage.atomic import clean_stale_temps, write_atomically
from recovery_diary.storage.records import records_problem

if TYPE_CHECKING:
    from recovery_diary.storage.backups import Backup

CURRENT_SCHEMA = 1
META, SESSIONS, CHECK_INS, PROGRAMME, PAUSE_LIFTS = (
    "meta",
    "sessions",
    "check_ins",
    "programme",
    "pause_lifts",
)

#: Migrations from schema N to N + 1, applied in order on open. Each changes the
#: whole document in place and must keep what it does not understand.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {}

#: What identifies one version of the file on disk without reading it.
Stamp = tuple[int, int, int, int]
#: A stamp taken less than this long after the file's mtime may miss a change made
#: in the same timestamp tick (FAT keeps 2-second times); then the content decides.
RACY_NS = 2_000_000_000

_RECORD_ID = re.compile(r"[1-9][0-9]{0,17}")
T = TypeVar("T")


def _stamp(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)


def read_with_stat(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and the stat of exactly that version of it."""
    for _ in range(5):
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            raw = handle.read()
            after = os.fstat(handle.fileno())
        if _stamp(before) == _stamp(after):
            break
        # Written to in place while we read: read again.
    return raw, after


# -- reading and checking ------------------------------------------------------
class _DuplicateName(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _DuplicateName(name)
            seen.add(name)
    return obj


def parse_json(path: Path, raw: bytes) -> Any:
    """The JSON value in ``raw``; DiaryFileError in plain words if there is none."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiaryFileError(path, "it is not UTF-8 text, so it is not a diary file.") from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateName as exc:
        raise DiaryFileError(
            path,
            f"it names {exc.name!r} twice in the same place, so part of it would be lost.",
        ) from exc
    except json.JSONDecodeError as exc:
        raise DiaryFileError(
            path,
            f"it is not valid JSON (it may be cut short or damaged): {exc.msg}, line {exc.lineno}.",
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise DiaryFileError(path, "it holds JSON this app cannot read.") from exc


def check_structure(data: Any, path: Path) -> int:
    """Raise DiaryFileError unless ``data`` has a diary's tables; return its schema version."""
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        raise DiaryFileError(path, f"it holds a JSON {kind}, not a diary's tables.")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DiaryFileError(path, f"its table {name!r} is not a table of records.")
        for key, doc in table.items():
            if not _RECORD_ID.fullmatch(key) or not isinstance(doc, dict):
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
    return version


def migrate(data: dict[str, Any], path: Path) -> int:
    """Bring ``data`` up to CURRENT_SCHEMA in memory; return the version it had."""
    found = version = check_structure(data, path)
    while version < CURRENT_SCHEMA:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DiaryFileError(
                path, f"this version of the app cannot bring file format {version} up to date."
            )
        try:
            step(data)
            _meta_record(data)["schema_version"] = version + 1
            check_structure(data, path)
        except DiaryFileError:
            raise
        except Exception as exc:
            raise DiaryFileError(
                path, f"it could not be brought up to date from file format {version} ({exc})."
            ) from exc
        version += 1
    return found


def load_diary(path: Path, raw: bytes) -> tuple[dict[str, Any], int]:
    """Parse, migrate (in memory) and check the bytes of a diary file.

    Returns the document in the current format and the format the bytes had.
    Raises DiaryFileError, saying in plain words what is wrong, for anything
    the app could not use in full.
    """
    data = parse_json(path, raw)
    found = migrate(data, path)
    problem = records_problem(data)
    if problem is not None:
        raise DiaryFileError(path, f"it can't be used as it is: {problem}")
    return data, found


def read_diary_bytes(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse and check the bytes of a diary file (not empty); see :func:`load_diary`."""
    return load_diary(path, raw)[0]


def _app_version() -> str:
    # Read from the installed metadata: importing the package root would make
    # the storage depend on the facade (see the import contracts).
    from importlib import metadata

    try:
        return metadata.version("recovery-diary")
    except metadata.PackageNotFoundError:
        return "unknown"


def new_diary_data() -> dict[str, Any]:
    """The document of a new, empty diary."""
    return {
        META: {
            "1": {
                "schema_version": CURRENT_SCHEMA,
                "created_by": f"recovery-diary {_app_version()}",
            }
        }
    }


def _meta_record(data: dict[str, Any]) -> dict[str, Any]:
    return next(iter(data[META].values()))


def encode(data: Mapping[str, Any]) -> bytes:
    """The file's bytes for ``data``: compact UTF-8 JSON."""
    try:
        return json.dumps(
            data, ensure_ascii=False, separators=(",", ":"), check_circular=False
        ).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (possible in text pasted from elsewhere) has no UTF-8
        # form; as an ASCII escape it is still kept exactly.
        return json.dumps(data, separators=(",", ":"), check_circular=False).encode("ascii")


# -- the TinyDB storage ----------------------------------------------------------
class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the document in memory and writes it atomically.

    It keeps the bytes it last read or wrote, which is what the file holds
    unless someone else changed it. It refuses to write over a file changed by
    someone else (:class:`DiaryChangedOnDisk`); a failed write leaves the file as
    it was and raises :class:`DiaryWriteError`. After either, the document in
    memory is again exactly what was last read or written: the change that could
    not be saved is dropped, never half-kept.
    """

    def __init__(self, path: str, data: dict[str, Any], raw: bytes, info: os.stat_result) -> None:
        self._path = Path(path)
        self._data = data
        self._raw = raw
        self._stamp: Stamp = _stamp(info)
        self._settled = False
        self._settle(info)
        self._batch_depth = 0
        self._pending = False
        self.write_count = 0

    # -- what TinyDB calls -------------------------------------------------------
    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self._batch_depth:
            self._data = data
            self._pending = True
            return
        if self.changed_on_disk():
            self.discard_unsaved()
            raise DiaryChangedOnDisk(self._path)
        self.write_unchecked(data)

    def write_unchecked(self, data: dict[str, Any]) -> None:
        """Write ``data`` whatever is on disk now (one serialisation, one atomic write)."""
        try:
            payload = encode(data)
            info = write_atomically(self._path, payload)
        except OSError as exc:
            self.discard_unsaved()
            raise DiaryWriteError(exc.errno, _write_problem(exc), str(self._path)) from exc
        except BaseException:
            self.discard_unsaved()
            raise
        self._data = data
        self._raw = payload
        self._stamp = _stamp(info)
        self._settle(info)
        self.write_count += 1

    def close(self) -> None:
        pass

    # -- outside changes ---------------------------------------------------------
    def _settle(self, info: os.stat_result) -> None:
        # A stamp taken well after the file's mtime tick would see any later change.
        self._settled = time.time_ns() - info.st_mtime_ns >= RACY_NS

    def changed_on_disk(self) -> bool:
        """Whether the file on disk is no longer what this storage last read or wrote."""
        try:
            info = os.stat(self._path)
        except FileNotFoundError:
            return True
        if _stamp(info) == self._stamp and self._settled:
            return False
        try:
            raw, info = read_with_stat(self._path)
        except FileNotFoundError:
            return True
        if raw != self._raw:
            return True
        # The same bytes (touched, or rewritten unchanged): trust the new stamp.
        self._stamp = _stamp(info)
        self._settle(info)
        return False

    def discard_unsaved(self) -> None:
        """Make memory what was last read or written again (TinyDB changes it in place)."""
        self._data = json.loads(self._raw.decode("utf-8-sig"))
        self._pending = False

    def reset(self, data: dict[str, Any], raw: bytes, info: os.stat_result) -> None:
        """Take ``data`` (the bytes ``raw``, stat ``info``) as what is on disk now."""
        self._data = data
        self._raw = raw
        self._stamp = _stamp(info)
        self._settle(info)
        self._pending = False

    @property
    def file_path(self) -> Path:
        """The file written (a symlink's target, not the symlink)."""
        return self._path

    @property
    def saved_bytes(self) -> bytes:
        """What this storage last read or wrote."""
        return self._raw

    # -- several changes, one write ----------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the writes inside the block into one write at its end (or none)."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self.discard_unsaved()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._pending:
            self._pending = False
            self.write(self._data)


def _write_problem(exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk or folder is read-only",
        errno.EACCES: "permission was denied",
        errno.EPERM: "permission was denied",
        errno.EIO: "the disk reported an error",
    }
    reason = reasons.get(exc.errno or 0)
    if reason is None:
        return (
            f"The diary could not be saved ({exc.strerror or exc}). "
            "Nothing in the file was changed."
        )
    return f"The diary could not be saved because {reason}. Nothing in the file was changed."


def has_backups(path: Path) -> bool:
    from recovery_diary.storage.backups import list_backups

    return bool(list_backups(path))


def _read_existing(path: Path) -> tuple[bytes, os.stat_result] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiaryFileError(path, f"it can't be reached ({exc.strerror}).") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DiaryFileError(path, "it is a folder, not a diary file.")
    if not stat.S_ISREG(info.st_mode):
        raise DiaryFileError(path, "it is not an ordinary file, so it is not a diary file.")
    try:
        return read_with_stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiaryFileError(path, f"it can't be read ({exc.strerror}).") from exc


# -- the open diary --------------------------------------------------------------
class DiaryStore:
    """One open diary file. Only this class and its storage touch TinyDB."""

    def __init__(self, path: Path, storage: AtomicJSONStorage) -> None:
        self.path = path
        self._storage = storage
        self._db = TinyDB(storage=lambda: storage)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> DiaryStore:
        """Open ``path``; a missing (or empty, with no backups) file is a new diary.

        Raises DiaryFileError for anything that is not a diary, leaving it
        byte for byte untouched, and DiaryWriteError when a new diary (or the
        upgrade of an older one) cannot be written. Temp files a crash left
        beside a diary that opened are removed.
        """
        path = Path(path).expanduser().absolute()
        # Write through a symlink to where it points, so it stays a symlink.
        real = Path(os.path.realpath(path))
        found = _read_existing(real)
        if found is not None and (not found[0] or found[0].isspace()):
            if has_backups(path):
                raise DiaryFileError(
                    path,
                    "it is empty, but backups of it exist: restore one rather than starting over.",
                )
            found = None
        if found is None:
            store = cls._create(path, real)
        else:
            raw, info = found
            data, version = load_diary(path, raw)
            store = cls(path, AtomicJSONStorage(str(real), data, raw, info))
            store._finish_migration(version)
        clean_stale_temps(real.parent, real.name)
        return store

    @classmethod
    def _create(cls, path: Path, real: Path) -> DiaryStore:
        data = new_diary_data()
        payload = encode(data)
        try:
            info = write_atomically(real, payload)
        except OSError as exc:
            raise DiaryWriteError(exc.errno, _write_problem(exc), str(path)) from exc
        return cls(path, AtomicJSONStorage(str(real), data, payload, info))

    # -- schema ------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self._meta()["schema_version"])

    def _meta(self) -> dict[str, Any]:
        return _meta_record(self._storage.read())

    def _finish_migration(self, found: int) -> None:
        """Write a document migrated from format ``found``, after backing the old one up."""
        if found == CURRENT_SCHEMA:
            return
        from recovery_diary.storage.backups import store_backup

        old = self._storage.saved_bytes
        try:
            store_backup(self.path, old, reason="migration")
        except OSError as exc:
            raise DiaryWriteError(
                exc.errno,
                "The diary could not be brought up to date because a backup of it could not "
                f"be made first ({exc.strerror}). Nothing in the file was changed.",
                str(self.path),
            ) from exc
        data = self._storage.read()
        self._storage.write(data)

    # -- records -----------------------------------------------------------
    def all(self, table: str) -> dict[int, dict[str, Any]]:
        """Every record of ``table`` by id (copies; changing them changes nothing)."""
        data = self._storage.read()
        return {int(k): dict(v) for k, v in (data.get(table) or {}).items()}

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        data = self._storage.read()
        doc = (data.get(table) or {}).get(str(doc_id))
        return dict(doc) if doc is not None else None

    def _change(self, change: Callable[[], T]) -> T:
        try:
            return change()
        except (DiaryWriteError, DiaryChangedOnDisk):
            raise  # the storage has already dropped the unsaved change
        except BaseException:
            # TinyDB may have changed the document in place before failing.
            self._storage.discard_unsaved()
            raise

    def insert(self, table: str, record: dict[str, Any]) -> int:
        return self._change(lambda: int(self._db.table(table).insert(record)))

    def insert_with_id(self, table: str, doc_id: int, record: dict[str, Any]) -> None:
        """Store ``record`` under ``doc_id``, which must be free (undo of a delete).

        Raises ValueError if a record with that id exists: nothing is overwritten.
        """
        if self.get(table, doc_id) is not None:
            raise ValueError(f"There already is a record {doc_id} in {table!r}.")
        self._change(lambda: self._db.table(table).insert(Document(record, doc_id=doc_id)))

    def insert_many(self, table: str, records: Iterable[dict[str, Any]]) -> list[int]:
        records = list(records)
        ids = self._change(lambda: self._db.table(table).insert_multiple(records))
        return [int(i) for i in ids]

    def replace(self, table: str, doc_id: int, record: dict[str, Any]) -> None:
        """Store ``record`` under ``doc_id``, keeping fields the app does not know."""
        if self.get(table, doc_id) is None:
            raise KeyError(doc_id)
        self._change(lambda: self._db.table(table).update(record, doc_ids=[doc_id]))

    def remove(self, table: str, doc_id: int) -> None:
        self._change(lambda: self._db.table(table).remove(doc_ids=[doc_id]))

    def set_single(self, table: str, record: dict[str, Any]) -> None:
        """Make ``record`` the one record of ``table`` (keeping unknown fields)."""
        if self.get(table, 1) is None:
            self._change(lambda: self._db.table(table).insert(record))
        else:
            self.replace(table, 1, record)

    def single(self, table: str) -> dict[str, Any] | None:
        return self.get(table, 1)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make every change inside the block in one write: all of them, or none.

        If anything in the block raises, or the write fails, nothing is written
        and the diary in memory is what it was before the block.
        """
        with self._storage.batch():
            yield

    # -- backups -----------------------------------------------------------
    def backup(self, reason: str) -> Backup | None:
        """Back up the diary as it is on disk now (at a start, before an import).

        Cheaper than :func:`make_backup`: the bytes this store last read or
        wrote were checked already, so they are copied without parsing them
        again unless the file changed on disk since.
        """
        from recovery_diary.storage.backups import make_backup, store_backup

        if self._storage.changed_on_disk():
            return make_backup(self.path, reason=reason)
        return store_backup(self.path, self._storage.saved_bytes, reason)

    # -- outside changes ---------------------------------------------------
    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def reload(self) -> None:
        """Read the file again (after it changed on disk).

        If the file is no longer a diary (or gone), DiaryFileError is raised
        and what is in memory stays, so it can still be written back with
        :meth:`overwrite_with_mine`.
        """
        found = _read_existing(self._storage.file_path)
        if found is None:
            raise DiaryFileError(self.path, "it is no longer there.")
        raw, info = found
        data, version = load_diary(self.path, raw)
        self._storage.reset(data, raw, info)
        # Fresh tables: TinyDB remembers the next id per table object.
        storage = self._storage
        self._db = TinyDB(storage=lambda: storage)
        self._finish_migration(version)

    def overwrite_with_mine(self) -> None:
        """Write what is in memory over a file that was changed on disk.

        The version on disk is kept first: in the backups when it is a good
        diary, otherwise beside the diary as ``<name>.outside-change-<time>``.
        """
        from recovery_diary.storage.atomic import copy_aside
        from recovery_diary.storage.backups import make_backup

        if self._storage.changed_on_disk():
            real = self._storage.file_path
            if make_backup(self.path, reason="outside-change") is None and real.exists():
                try:
                    copy_aside(real, "outside-change")
                except OSError as exc:
                    raise DiaryWriteError(exc.errno, _write_problem(exc), str(self.path)) from exc
        self._storage.write_unchecked(self._storage.read())

    @property
    def write_count(self) -> int:
        return self._storage.write_count

    def close(self) -> None:
        self._db.close()
