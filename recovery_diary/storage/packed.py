"""Reading the app's own diary files in pieces, keeping each record as its bytes.

Parsed whole, a diary is a dict per record on top of the file's bytes: about
40 MiB for 30,000 sessions before the window exists, and as much again while
the parser works. A file exactly as this app writes it is read another way.
Its sessions and check-ins are parsed in pieces of about :data:`PIECE` bytes;
each piece is checked and built into the diary's objects, and then only each
record's own bytes are kept. :func:`document.record_of` turns one back into
a dict, and the writer puts them back into the file as they are.

Nothing here is taken on trust. A piece counts only when encoding what it
parsed to gives its bytes back exactly, and it parsed to as many records as
its cuts promised, each an object under a key that is an id (so every cut
lies between two records, and each record's bytes are exactly its own). The
rest of the document must encode to the rest of the file, with each table
empty where it was cut out. Together that proves the document kept encodes
to the file's bytes, so they need not be kept too. Anything else (a
file another program wrote, an older format, a damaged record) returns None,
for the careful reading of :func:`document.load_checked`, which names what is
wrong.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from recovery_diary.core.errors import DiaryFileError
from recovery_diary.storage.document import (
    CHECK_INS,
    CURRENT_SCHEMA,
    SESSIONS,
    check_structure,
    encode_laid_out,
    load_checked,
)
from recovery_diary.storage.records import Built, checked_records
from recovery_diary.storage.values import document_problem

#: The tables read in pieces: the ones that grow with the history.
PACKED = (SESSIONS, CHECK_INS)
#: About how many bytes of records one piece holds.
PIECE = 256 * 1024
#: Where one record of a table ends and the next begins, as orjson writes them.
#: Also found inside a record (a nested object under a key like an id): a piece
#: then parses to fewer records than it has cuts, and the file is not read so.
_BETWEEN = re.compile(rb'\},"[1-9][0-9]{0,17}":\{')
#: The keys of a piece's records, joined by commas: ids, as the file check wants.
_IDS = re.compile(r"[1-9][0-9]{0,17}(?:,[1-9][0-9]{0,17})*")
#: A table's first record.
_FIRST = re.compile(rb'"[1-9][0-9]{0,17}":\{')
#: A table's last record and the table end: then comes the next table, or the end.
_TABLE_END = re.compile(rb"\}\}(?=,\"[^0-9]|\}\Z)")


@dataclass
class Loaded:
    """A checked diary document, the format its file had, and what checking it built."""

    data: dict[str, Any]
    found: int
    built: Built
    #: Whether ``data`` encodes to exactly the file's bytes (then they need not be kept).
    exact: bool


class _NotOwn(Exception):
    """The file is not exactly as this app writes it: read it the careful way."""


@dataclass
class _Table:
    name: str
    start: int  # the first byte of its records (just after the table's brace)
    end: int  # the table's closing brace
    records: dict[str, bytes]


def load_packed(path: Path, raw: bytes) -> Loaded:
    """:func:`document.load_checked`, keeping the records as bytes when the file is the app's own.

    Raises DiaryFileError, in the careful reading's words, for anything the
    app could not use in full.
    """
    own = load_own(raw)
    if own is not None:
        return own
    data, found, built = load_checked(path, raw)
    return Loaded(data, found, built, exact=False)


def load_own(raw: bytes) -> Loaded | None:
    """The document of a current-format file exactly as this app writes it; None for any other.

    Its sessions and check-ins are held as their bytes (see the module's
    docstring); the other tables are small, and parsed as usual.
    """
    built = Built()
    tables: list[_Table] = []
    for name in PACKED:
        try:
            table = _read_table(raw, name, built)
        except _NotOwn:
            return None
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda table: table.start)
    rest = _without(raw, tables)
    data = _small_tables(rest, tables, built)
    if data is None:
        return None
    for table in tables:
        data[table.name] = table.records
    return Loaded(data, CURRENT_SCHEMA, built, exact=True)


def _read_table(raw: bytes, name: str, built: Built) -> _Table | None:
    """Table ``name`` of ``raw`` read in pieces; None if empty or absent."""
    head = b'"' + name.encode() + b'":{'
    at = raw.find(head)
    if at < 0:
        return None
    start = at + len(head)
    if raw[start : start + 1] == b"}":
        return None  # empty (or a field of that name first): read with the rest
    first_record = _FIRST.match(raw, start)
    closing = _TABLE_END.search(raw, start)
    if first_record is None or closing is None:
        raise _NotOwn
    end = closing.start() + 1
    cuts = [m.span() for m in _BETWEEN.finditer(raw, start, end)]
    # Record i is raw[heads[i]:closes[i]], '"<key>":' then its value from opens[i].
    heads = [start, *(cut + 2 for cut, _ in cuts)]
    opens = [first_record.end() - 1, *(after - 1 for _, after in cuts)]
    closes = [*(cut + 1 for cut, _ in cuts), end]
    del cuts
    keys: list[str] = []
    plain = True
    for first, last in _pieces(heads):
        piece = b"{" + raw[heads[first] : closes[last - 1]] + b"}"
        try:
            parsed = orjson.loads(piece)
            same = orjson.dumps(parsed) == piece
        except (orjson.JSONDecodeError, TypeError):
            raise _NotOwn from None
        # Every record an object under an id: then each cut between two of them was
        # found, and as many cuts as records means none was found inside one.
        if not same or len(parsed) != last - first or not _records_under_ids(parsed):
            raise _NotOwn
        problem, part = checked_records({name: parsed})
        if problem is not None or not part.complete:
            raise _NotOwn
        if name not in part.plain_tables:
            if document_problem({name: parsed}) is not None:
                raise _NotOwn
            plain = False
        built.sessions.update(part.sessions)
        built.check_ins.update(part.check_ins)
        keys.extend(parsed)
        del parsed, piece
    values = [raw[a:b] for a, b in zip(opens, closes, strict=True)]
    records = dict(zip(keys, values, strict=True))
    if len(records) != len(heads):  # a key given twice
        raise _NotOwn
    if plain:
        built.plain_tables.add(name)
    return _Table(name, start, end, records)


def _records_under_ids(parsed: dict[str, Any]) -> bool:
    """Whether every record of ``parsed`` is an object whose key is an id."""
    keys = ",".join(parsed)  # a key with a comma in it would count as two here
    return (
        all(type(record) is dict for record in parsed.values())
        and _IDS.fullmatch(keys) is not None
        and keys.count(",") == len(parsed) - 1
    )


def _pieces(heads: list[int]) -> Iterator[tuple[int, int]]:
    """Runs of records ``[first, last)`` of about :data:`PIECE` bytes each."""
    first = 0
    while first < len(heads):
        last = max(first + 1, bisect.bisect_left(heads, heads[first] + PIECE, first))
        yield first, last
        first = last


def _without(raw: bytes, tables: list[_Table]) -> bytes:
    """``raw`` with the records of ``tables`` (in file order) cut out, their braces left."""
    parts, at = [], 0
    for table in tables:
        parts.append(raw[at : table.start])
        at = table.end
    parts.append(raw[at:])
    return b"".join(parts)


def _small_tables(rest: bytes, tables: list[_Table], built: Built) -> dict[str, Any] | None:
    """The document ``rest`` holds, if it is exactly the file with ``tables`` cut out."""
    try:
        data = orjson.loads(rest)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    payload, layout = encode_laid_out(data)
    if payload != rest or layout is None:
        return None
    # Each cut table is empty in ``rest``, at the very place it was cut out.
    cut = 0
    for table in tables:
        if data.get(table.name) != {} or layout[table.name][0] != table.start - cut:
            return None
        cut += table.end - table.start
    try:
        if check_structure(data, Path()) != CURRENT_SCHEMA:  # older: migrated the careful way
            return None
    except DiaryFileError:
        return None
    problem, part = checked_records(data)
    if problem is not None or not part.complete:
        return None
    if document_problem(data, part.plain_tables) is not None:
        return None
    built.sessions.update(part.sessions)
    built.check_ins.update(part.check_ins)
    return data
