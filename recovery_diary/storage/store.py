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

Writers take turns under the OS lock of :mod:`place`: each write checks the
file as it is at that moment (after its own copy is on disk, just before the
rename) and either replaces it or raises :class:`DiaryChangedOnDisk`, writing
nothing. A writer that gets that error reloads and tries again, so any number
of writers lose nothing that a write reported as saved.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb.table import Document

from recovery_diary.core.errors import DiaryChangedOnDisk, DiaryFileError, DiaryWriteError
from recovery_diary.fileio import clean_stale_temps, write_atomically
from recovery_diary.storage.document import (
    CHECK_INS,
    CURRENT_SCHEMA,
    META,
    MIGRATIONS,
    PAUSE_LIFTS,
    PROGRAMME,
    SESSIONS,
    _meta_record,
    check_structure,
    encode,
    load_diary,
    migrate,
    new_diary_data,
    parse_json,
    read_diary_bytes,
    record_of,
)
from recovery_diary.storage.json_storage import (
    AtomicJSONStorage,
    read_diary_or_none,
    read_existing,
)
from recovery_diary.storage.packed import load_packed
from recovery_diary.storage.place import (
    held,
    make_folder,
    missing_link_target,
    missing_target_error,
    place_error,
)
from recovery_diary.storage.records import Built
from recovery_diary.storage.tables import DiaryDB, DiaryTable
from recovery_diary.storage.values import check_new_id, check_record

if TYPE_CHECKING:
    from recovery_diary.storage.backups import Backup
    from recovery_diary.storage.conflicts import MergeResult

T = TypeVar("T")
__all__ = [
    "CHECK_INS",
    "CURRENT_SCHEMA",
    "META",
    "MIGRATIONS",
    "PAUSE_LIFTS",
    "PROGRAMME",
    "SESSIONS",
    "AtomicJSONStorage",
    "DiaryStore",
    "check_structure",
    "encode",
    "load_diary",
    "migrate",
    "new_diary_data",
    "parse_json",
    "read_diary_bytes",
]


# -- the open diary --------------------------------------------------------------
class DiaryStore:
    """One open diary file. Only this class and its storage touch TinyDB."""

    def __init__(self, path: Path, storage: AtomicJSONStorage) -> None:
        self.path = path
        self._storage = storage
        self._db = DiaryDB(storage=lambda: storage)
        self._built: Built | None = None
        self._untidy = False  # a backup was added, deleting the old ones left for later

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> DiaryStore:
        """Open ``path``; a missing (or empty, with no backups) file is a new diary.

        Raises DiaryFileError for anything that is not a diary, leaving it
        byte for byte untouched, and DiaryWriteError when a new diary (or the
        upgrade of an older one) cannot be written. Temp files a crash left
        beside a diary that opened are removed.
        """
        path = Path(path).expanduser().absolute()
        link = missing_link_target(path)
        if link is not None:
            raise missing_target_error(path, link)
        # Write through a symlink to where it points, so it stays a symlink.
        real = Path(os.path.realpath(path))
        found = read_diary_or_none(path, real)
        if found is None:
            # Two writers may find no diary at once: only one of them creates it.
            make_folder(real.parent, path)
            with held(real, path):
                found = read_diary_or_none(path, real)
                if found is None:
                    store = cls._create(path, real)
        if found is not None:
            raw, info = found
            loaded = load_packed(path, raw)
            kept = None if loaded.exact else raw
            store = cls(path, AtomicJSONStorage(str(real), loaded.data, kept, info))
            store._built = loaded.built
            store._finish_migration(loaded.found)
        clean_stale_temps(real.parent, real.name)
        return store

    @classmethod
    def _create(cls, path: Path, real: Path) -> DiaryStore:
        data = new_diary_data()
        payload = encode(data)
        try:
            info = write_atomically(real, payload)
        except OSError as exc:
            raise place_error(exc, path, "created") from exc
        return cls(path, AtomicJSONStorage(str(real), data, payload, info))

    def take_built(self) -> Built | None:
        """The sessions and check-ins the last read built while checking, once.

        None when there are none to take (already taken, or not complete):
        the caller then builds them from :meth:`all`.
        """
        built, self._built = self._built, None
        return built if built is not None and built.complete else None

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
        return {int(k): record_of(v) for k, v in (data.get(table) or {}).items()}

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        data = self._storage.read()
        doc = (data.get(table) or {}).get(str(doc_id))
        return record_of(doc) if doc is not None else None

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
        """Store ``record`` under a new id; InvalidSession naming the field if it can't be."""
        check_record(table, record)
        into = self._db.table(table)
        assert isinstance(into, DiaryTable)
        return self._change(lambda: into.insert_records([dict(record)])[0])

    def insert_with_id(self, table: str, doc_id: int, record: dict[str, Any]) -> None:
        """Store ``record`` under ``doc_id``, which must be free (undo of a delete).

        Raises ValueError if a record with that id exists: nothing is overwritten.
        """
        if self.get(table, doc_id) is not None:
            raise ValueError(f"There already is a record {doc_id} in {table!r}.")
        check_new_id(table, doc_id)
        check_record(table, record)
        self._change(lambda: self._db.table(table).insert(Document(record, doc_id=doc_id)))

    def insert_many(
        self, table: str, records: Iterable[dict[str, Any]], *, validated: bool = False
    ) -> list[int]:
        """Store ``records`` under new ids in one write (``validated``: see ``check_record``).

        The dicts are stored as they are, not copied: don't change them afterwards.
        """
        records = list(records)
        for record in records:
            check_record(table, record, validated=validated)
        into = self._db.table(table)
        assert isinstance(into, DiaryTable)
        return self._change(lambda: into.insert_records(records))

    def next_id(self, table: str) -> int:
        """The id the next record stored in ``table`` gets (it may be one the file refuses)."""
        into = self._db.table(table)
        assert isinstance(into, DiaryTable)
        return into.peek_next_id()

    def replace(self, table: str, doc_id: int, record: dict[str, Any]) -> None:
        """Store ``record`` under ``doc_id``, keeping fields the app does not know."""
        current = self.get(table, doc_id)
        if current is None:
            raise KeyError(doc_id)
        check_record(table, {**current, **record})
        into = self._db.table(table)
        assert isinstance(into, DiaryTable)
        self._change(lambda: into.update_record(doc_id, record))

    def remove(self, table: str, doc_id: int) -> None:
        self._change(lambda: self._db.table(table).remove(doc_ids=[doc_id]))

    def set_single(self, table: str, record: dict[str, Any]) -> None:
        """Make ``record`` the one record of ``table`` (keeping unknown fields)."""
        if self.get(table, 1) is None:
            self.insert(table, record)
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
    def backup(self, reason: str, *, tidy_now: bool = True) -> Backup | None:
        """Back up the diary as it is on disk now (at a start, before an import).

        Cheaper than :func:`make_backup`: the bytes this store last read or
        wrote were checked already, so they are copied without parsing them
        again unless the file changed on disk since (then it is read, checked
        and tidied at once). ``tidy_now=False`` leaves deleting the backups
        past ten to :meth:`tidy_backups`, or the close.
        """
        from recovery_diary.storage.backups import add_backup, make_backup, store_backup

        if self._storage.changed_on_disk():
            return make_backup(self.path, reason=reason)
        if tidy_now:
            return store_backup(self.path, self._storage.saved_bytes, reason)
        backup, added = add_backup(self.path, self._storage.saved_bytes, reason)
        self._untidy = self._untidy or added
        return backup

    def tidy_backups(self) -> None:
        """Delete the backups past ten that :meth:`backup` left; nothing if it left none.

        Every kept backup is checked, the one just written too: it may have been
        damaged since. A failure leaves them (an extra old one harms nothing) for
        the next start.
        """
        from recovery_diary.storage.backups import rotate_backups

        if self._untidy:
            self._untidy = False
            with contextlib.suppress(OSError):
                rotate_backups(self.path)

    # -- outside changes ---------------------------------------------------
    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    @property
    def real_path(self) -> Path:
        """The file written: the diary's path with every symlink resolved."""
        return self._storage.file_path

    def reload(self) -> None:
        """Read the file again (after it changed on disk).

        If the file is no longer a diary (or gone), DiaryFileError is raised
        and what is in memory stays, so it can still be written back with
        :meth:`overwrite_with_mine`.
        """
        found = read_existing(self._storage.file_path)
        if found is None:
            raise DiaryFileError(self.path, "it is no longer there.")
        raw, info = found
        loaded = load_packed(self.path, raw)
        self._storage.reset(loaded.data, None if loaded.exact else raw, info)
        self._built = loaded.built
        # Fresh tables: TinyDB remembers the next id per table object.
        storage = self._storage
        self._db = DiaryDB(storage=lambda: storage)
        self._finish_migration(loaded.found)

    def overwrite_with_mine(self) -> None:
        """Write what is in memory over a file that was changed on disk.

        The version on disk is kept first: in the backups when it is a good
        diary, otherwise beside the diary as ``<name>.outside-change-<time>``.
        """
        from recovery_diary.fileio import copy_aside
        from recovery_diary.storage.backups import make_backup

        if self._storage.changed_on_disk():
            real = self._storage.file_path
            if make_backup(self.path, reason="outside-change") is None and real.exists():
                try:
                    copy_aside(real, "outside-change")
                except OSError as exc:
                    raise place_error(exc, self.path) from exc
        self._storage.write_unchecked(self._storage.read())

    def merge_copy(self, copy: Path) -> MergeResult:
        """Merge a sync tool's conflict copy in (see :mod:`conflicts`), then set it aside.

        Both files are backed up first. Raises DiaryFileError, changing
        nothing, if the copy is not a good diary.
        """
        from recovery_diary.fileio import move_aside
        from recovery_diary.storage.backups import read_plain_file, store_backup
        from recovery_diary.storage.conflicts import MergeResult, merge_documents

        copy = Path(copy)
        with held(self._storage.file_path, self.path):
            if self._storage.changed_on_disk():
                self.reload()
            try:
                raw = read_plain_file(copy)
            except OSError as exc:
                raise DiaryFileError(copy, f"it can't be read ({exc.strerror}).") from exc
            theirs, _ = load_diary(copy, raw)
            merged, added = merge_documents(self._storage.read(), theirs)
            for table in added:
                check_new_id(table, max(int(key) for key in merged[table]))
            try:
                store_backup(self.path, self._storage.saved_bytes, "before-merge")
                store_backup(self.path, raw, "conflict-copy")
            except OSError as exc:
                raise place_error(exc, self.path, "backed up") from exc
            if added:
                self._storage.write(merged)
                storage = self._storage
                self._db = DiaryDB(storage=lambda: storage)  # fresh next ids
            set_aside = move_aside(copy, "merged")
        return MergeResult(copy, set_aside, added)

    @property
    def write_count(self) -> int:
        return self._storage.write_count

    def close(self) -> None:
        try:
            self.tidy_backups()
        finally:
            self._db.close()
