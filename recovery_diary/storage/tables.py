"""The diary's TinyDB tables: ids the file check accepts; writes that copy the table once."""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from recovery_diary.storage.document import record_of
from recovery_diary.storage.values import check_new_id


class DiaryTable(Table):
    """A TinyDB table that hands out only ids the file check accepts."""

    def _get_next_id(self) -> int:
        next_id = super()._get_next_id()
        check_new_id(self.name, next_id)
        return next_id

    def peek_next_id(self) -> int:
        """The id the next insert will give, without taking it (maybe one the file refuses)."""
        next_id = int(super()._get_next_id())
        self._next_id = next_id  # type: ignore[assignment]  # give back the one taken
        return next_id

    def insert_records(self, records: list[dict[str, Any]]) -> list[int]:
        """``insert_multiple`` for plain records: the same ids and the same one write, faster.

        TinyDB hands out the ids one at a time, copies every record and the
        whole table twice; here the ids are the same consecutive ones from the
        next, all checked before any is taken, and only the table is copied:
        the records themselves become the table's (pass fresh ones).
        """
        ids = range(0)
        if records:
            first = self.peek_next_id()
            ids = range(first, first + len(records))
            check_new_id(self.name, ids[-1])  # the largest: then all of them are fine
            self._next_id = ids[-1] + 1  # type: ignore[assignment]
        tables = self._storage.read() or {}
        table = dict(tables.get(self.name) or {})
        table.update(zip(map(str, ids), records, strict=True))
        tables[self.name] = table
        write_appended = getattr(self._storage, "write_appended", None)
        if write_appended is not None and records:
            write_appended(tables, self.name, len(records))  # only the new records encoded
        else:
            self._storage.write(tables)
        self.clear_cache()
        return list(ids)

    def update_record(self, doc_id: int, fields: dict[str, Any]) -> None:
        """``update(fields, doc_ids=[doc_id])`` for one record, copying only the table.

        TinyDB's update rebuilds the whole table twice (keyed by int, then by
        text) for each change, which grows with the history; here the table
        dict is copied once and the one record replaced by its updated copy.
        """
        tables = self._storage.read() or {}
        table = dict(tables.get(self.name) or {})
        key = str(doc_id)
        if key not in table:
            raise KeyError(doc_id)
        table[key] = {**record_of(table[key]), **fields}
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()


class DiaryDB(TinyDB):
    """TinyDB over the diary's storage, with :class:`DiaryTable` tables."""

    table_class = DiaryTable
