"""The TinyDB storage of a diary: the document in memory, written whole and atomically.

It knows the bytes it last read or wrote (kept, or encoded again from the
document as saved), so it can tell a file changed by someone else
(:meth:`AtomicJSONStorage.changed_on_disk`) without re-reading it each time;
every write happens under the diary's write lock and checks the file just
before the rename.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from recovery_diary.core.errors import DiaryChangedOnDisk, DiaryFileError, DiaryWriteError
from recovery_diary.fileio import write_atomically
from recovery_diary.storage.document import Layout, appended, encode, encode_laid_out
from recovery_diary.storage.place import held, place_error

#: What identifies one version of the file on disk without reading it.
Stamp = tuple[int, int, int, int]
#: A stamp taken less than this long after the file's mtime may miss a change made
#: in the same timestamp tick (FAT keeps 2-second times); then the content decides.
RACY_NS = 2_000_000_000


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


def has_backups(path: Path) -> bool:
    from recovery_diary.storage.backups import list_backups

    return bool(list_backups(path))


def read_existing(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes and stat of the diary file at ``path``; None when there is none."""
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


def read_diary_or_none(path: Path, real: Path) -> tuple[bytes, os.stat_result] | None:
    """The diary's bytes and stat, or None when there is none yet (missing, or empty)."""
    found = read_existing(real)
    if found is not None and (not found[0] or found[0].isspace()):
        if has_backups(path):
            raise DiaryFileError(
                path,
                "it is empty, but backups of it exist: restore one rather than starting over.",
            )
        return None
    return found


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the document in memory and writes it atomically.

    It knows the bytes it last read or wrote (:attr:`saved_bytes`), which is
    what the file holds unless someone else changed it. It refuses to write over a file changed by
    someone else (:class:`DiaryChangedOnDisk`); a failed write leaves the file as
    it was and raises :class:`DiaryWriteError`. After either, the document in
    memory is again exactly what was last read or written: the change that could
    not be saved is dropped, never half-kept.
    """

    def __init__(
        self, path: str, data: dict[str, Any], raw: bytes | None, info: os.stat_result
    ) -> None:
        """``raw`` is the file's bytes, or None when ``data`` encodes to exactly them.

        Then they are not kept (a long diary's would double what it holds in
        memory), but encoded again when they are needed.
        """
        self._path = Path(path)
        self._data = data
        self._saved = dict(data)  # the document as last read or written
        self._raw = raw
        self._layout: Layout | None = None  # where the tables end in _raw, once known
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
        with self._locked():
            self._write(data, check=True)

    def write_appended(self, data: dict[str, Any], name: str, added: int) -> None:
        """``write(data)``, whose one change is ``added`` new records at the end of table ``name``.

        The new bytes are then the last ones with those records put in before
        the table's closing brace: the same bytes as encoding it all again,
        without encoding again what did not change. Anything else (a batch, a
        table the last bytes did not have, bytes not laid out yet) is written whole.
        """
        layout, table = self._layout, data.get(name)
        if (
            self._batch_depth
            or layout is None
            or self._raw is None
            or data is not self._data
            or layout.keys() != data.keys()
            or not isinstance(table, dict)
            or len(table) != layout[name][1] + added
        ):
            self.write(data)
            return
        new = list(itertools.islice(reversed(table.items()), added))[::-1]
        spliced = appended(layout, self._raw, name, new)
        if spliced is None:
            self.write(data)
            return
        with self._locked():
            self._write(data, check=True, laid_out=spliced)

    def write_unchecked(self, data: dict[str, Any]) -> None:
        """Write ``data`` whatever is on disk now (one serialisation, one atomic write)."""
        with self._locked():
            self._write(data, check=False)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with held(self._path):
                yield
        except DiaryWriteError:
            self.discard_unsaved()
            raise

    def _refuse_outside_change(self) -> None:
        if self.changed_on_disk():
            raise DiaryChangedOnDisk(self._path)

    def _write(
        self,
        data: dict[str, Any],
        check: bool,
        laid_out: tuple[bytes, Layout | None] | None = None,
    ) -> None:
        try:
            payload, layout = laid_out or encode_laid_out(data)
            if check:
                info = write_atomically(
                    self._path, payload, before_replace=self._refuse_outside_change
                )
            else:
                info = write_atomically(self._path, payload)
        except OSError as exc:
            self.discard_unsaved()
            if isinstance(exc, DiaryWriteError):
                raise
            raise place_error(exc, self._path) from exc
        except BaseException:
            self.discard_unsaved()
            raise
        self._data = data
        self._saved = dict(data)
        self._raw = payload
        self._layout = layout
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
        if raw != self.saved_bytes:
            return True
        # The same bytes (touched, or rewritten unchanged): trust the new stamp.
        self._stamp = _stamp(info)
        self._settle(info)
        return False

    def discard_unsaved(self) -> None:
        """Make memory what was last read or written again.

        TinyDB changes the document's dict of tables in place. Its tables and
        records it changes in place only in ``update``, ``update_multiple`` and
        ``upsert``, which the store never calls: every change it makes builds a
        new table (see :mod:`tables`), so a copy of the tables as saved is enough.
        """
        self._data = {name: dict(table) for name, table in self._saved.items()}
        self._pending = False

    def reset(self, data: dict[str, Any], raw: bytes | None, info: os.stat_result) -> None:
        """Take ``data`` (bytes ``raw``, None as for ``__init__``; stat ``info``) as on disk."""
        self._data = data
        self._saved = dict(data)
        self._raw = raw
        self._layout = None
        self._stamp = _stamp(info)
        self._settle(info)
        self._pending = False

    @property
    def file_path(self) -> Path:
        """The file written (a symlink's target, not the symlink)."""
        return self._path

    @property
    def saved_bytes(self) -> bytes:
        """What this storage last read or wrote (encoded again if the bytes read were not kept)."""
        if self._raw is not None:
            return self._raw
        return encode(self._saved)

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
