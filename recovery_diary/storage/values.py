"""What the diary file may hold, so that the app never writes what it can't read back.

Two checks, used on open (the whole document) and before each write (the
records being stored): no number that JSON can't carry (NaN, infinities)
and no value nested deeper than :data:`MAX_DEPTH`, which every reader and the
writer handle. The record checks of :mod:`records` apply to stored records too.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import MAX_RECORD_ID
from recovery_diary.storage.records import CHECKS

#: Levels of nesting a diary may have: tables, records, fields, then what
#: unknown fields hold (the writer and the file check handle far deeper).
MAX_DEPTH = 64
_BYTES = (bytes, bytearray, memoryview)


def value_problem(value: object, depth: int = 1) -> str | None:
    """What makes ``value`` (at nesting level ``depth``) unfit for the file, or None."""
    stack: list[tuple[Any, int]] = [(value, depth)]
    while stack:
        item, level = stack.pop()
        kind = type(item)
        if kind is float:
            if not math.isfinite(item):
                return "it holds a number that is not finite (NaN or infinity)"
        elif kind is dict or kind is list:
            if level >= MAX_DEPTH:
                return f"it nests values more than {MAX_DEPTH} levels deep"
            children = item.values() if kind is dict else item
            stack.extend((child, level + 1) for child in children)
        elif isinstance(item, float) and not math.isfinite(item):
            return "it holds a number that is not finite (NaN or infinity)"
        elif isinstance(item, _BYTES):
            # The writer puts a record kept as bytes into the file as it is (see packed).
            return "it holds bytes, not text"
    return None


def document_problem(data: Mapping[str, Any], proven: Collection[str] = ()) -> str | None:
    """The first value of the document that the file can't carry, or None.

    The tables named in ``proven`` are skipped: their records were shown to hold
    only plain values already (see :class:`records.Built`).
    """
    for name, table in data.items():
        if name in proven:
            continue
        for key, record in table.items():
            # Known fields are plain values: look inside only what can nest or overflow.
            for field, value in record.items():
                kind = type(value)
                if kind is dict or kind is list or kind is float:
                    problem = value_problem(value, 4)
                    if problem is not None:
                        return f"{name} {key}, field {field!r}: {problem}."
    return None


def record_errors(
    table: str, record: Mapping[str, Any], *, validated: bool = False
) -> dict[str, str]:
    """Why ``record`` can't be stored in ``table``, by field (empty when it can).

    The same rules as for a record in a file being opened. ``validated`` says
    the record was made by the core (``to_record``) from a value that the
    core's own check, the very rule the file check applies to this table,
    has just passed: then there is nothing left to check, which keeps a large
    import as fast as before.
    """
    if validated:
        return {}
    for field, value in record.items():
        kind = type(value)
        if kind is float or kind is dict or kind is list or isinstance(value, (float, *_BYTES)):
            problem = value_problem(value, 4)
            if problem is not None:
                return {str(field): f"The value can't be stored: {problem}."}
    check = CHECKS.get(table)
    if check is None:
        return {}
    problem = check[1](record)
    if problem is None:
        return {}
    field, _, message = problem.partition(": ")
    return {field: message} if message else {"record": problem}


def check_record(table: str, record: Mapping[str, Any], *, validated: bool = False) -> None:
    """Raise InvalidSession naming the field unless ``record`` can be stored in ``table``."""
    errors = record_errors(table, record, validated=validated)
    if errors:
        raise InvalidSession(errors)


def check_new_id(table: str, doc_id: int) -> None:
    """Raise InvalidSession unless ``doc_id`` is an id the file check accepts."""
    if not 1 <= doc_id <= MAX_RECORD_ID:
        raise InvalidSession(
            {
                "id": f"Record ids in {table!r} must be from 1 to {MAX_RECORD_ID:,}; this diary "
                "has used them up, so nothing more can be added to it."
            }
        )
