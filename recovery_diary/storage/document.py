"""The diary document: reading and checking its bytes, migrating it, encoding it.

What is read must be a diary the app can use in full (DiaryFileError in
plain words otherwise); what is written is compact UTF-8 JSON the same check
accepts. :mod:`store` keeps the document and writes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import orjson

from recovery_diary.core.errors import DiaryFileError
from recovery_diary.storage.records import Built, checked_records
from recovery_diary.storage.values import document_problem

CURRENT_SCHEMA = 1
#: A record's id in the file: 1 to 10**18 - 1 (see ``core.session.MAX_RECORD_ID``).
_RECORD_ID = re.compile(r"[1-9][0-9]{0,17}")
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


# -- reading and checking ------------------------------------------------------
class _DuplicateName(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _parse_own(raw: bytes) -> dict[str, Any] | None:
    """The document of a file as this app writes it, read fast; None for any other.

    The careful parse below names a name given twice; orjson would keep the last
    and say nothing. A file whose bytes are exactly what encoding its document
    gives can hold no repeated name (one would have been dropped, and the bytes
    would differ), so for the app's own files the fast reader is enough.
    """
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        same = orjson.dumps(data) == raw
    except TypeError:
        return None
    return data if same else None


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
    fast = _parse_own(raw)
    if fast is not None:
        return fast
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiaryFileError(path, "it is not UTF-8 text, so it is not a diary file.") from exc
    try:
        # NaN and infinities parse, so that the check can name the record holding them.
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
    data, found, _ = load_checked(path, raw)
    return data, found


def load_checked(path: Path, raw: bytes) -> tuple[dict[str, Any], int, Built]:
    """:func:`load_diary`, and the sessions and check-ins its check built."""
    data = parse_json(path, raw)
    found = migrate(data, path)
    problem, built = checked_records(data)
    if problem is not None:
        raise DiaryFileError(path, f"it can't be used as it is: {problem}")
    problem = document_problem(data, built.plain_tables)
    if problem is not None:
        raise DiaryFileError(path, f"it can't be saved as it is: {problem}")
    return data, found, built


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


# -- records kept as their bytes -------------------------------------------------
def record_of(value: Any) -> dict[str, Any]:
    """A stored record as a dict of its own: changing its fields changes nothing stored.

    A record kept as bytes is decoded afresh; any other is copied, its fields
    (a list of red flags, say) shared, as they are never changed in place.

    Records read from a file of the app's own are kept as their JSON bytes
    (see :mod:`packed`); the others, and those stored since, as dicts.
    """
    if type(value) is bytes:
        return orjson.loads(value)  # type: ignore[no-any-return]
    return dict(value)


def _json_value(value: Any) -> Any:
    """What ``json`` writes for a record kept as its bytes (orjson writes them as they are)."""
    if type(value) is bytes:
        return orjson.loads(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


#: Where each table ends in a document's bytes: table -> (the index of the closing
#: brace of its records, how many records it holds).
Layout = dict[str, tuple[int, int]]


def encode_laid_out(data: Mapping[str, Any]) -> tuple[bytes, Layout | None]:
    """:func:`encode`, and where each table ends in the bytes (None if orjson refused).

    The bytes are the same: orjson writes a document as its tables one after
    the other, each exactly as it writes that table alone.
    """
    parts = [b"{"]
    layout: Layout = {}
    size = 1
    try:
        for name, table in data.items():
            head = (b"," if layout else b"") + orjson.dumps(name) + b":"
            body = orjson.dumps(table, default=orjson.Fragment)
            parts += (head, body)
            size += len(head) + len(body)
            layout[name] = (size - 1, len(table))
    except TypeError:  # orjson.JSONEncodeError: encode() knows what to do
        return encode(data), None
    parts.append(b"}")
    return b"".join(parts), layout


def appended(
    layout: Layout, raw: bytes, name: str, records: list[tuple[str, Any]]
) -> tuple[bytes, Layout] | None:
    """``raw`` (laid out as ``layout``) with ``records`` added at the end of table ``name``.

    Returns the new bytes and their layout, exactly what encoding the whole
    changed document gives, or None when the records can't be put so
    (orjson refuses one, or the table is not in ``raw``).
    """
    if name not in layout or not records:
        return None
    close, count = layout[name]
    try:  # one call: the records as a table of their own, without its braces
        added = (b"," if count else b"") + orjson.dumps(dict(records), default=orjson.Fragment)[
            1:-1
        ]
    except TypeError:
        return None
    view = memoryview(raw)
    payload = b"".join((view[:close], added, view[close:]))
    shift = len(added)
    moved = {
        table: (end + shift if end >= close else end, held + (len(records) if table == name else 0))
        for table, (end, held) in layout.items()
    }
    return payload, moved


def encode(data: Mapping[str, Any]) -> bytes:
    """The file's bytes for ``data``: compact UTF-8 JSON (what ``json.dumps`` would give).

    orjson writes it several times faster than the standard library; what it
    refuses (a lone surrogate in pasted text, a whole number beyond 64 bits)
    goes through ``json``, the surrogate as an ASCII escape, still kept exactly.
    """
    try:
        return orjson.dumps(data, default=orjson.Fragment)  # records kept as bytes: as they are
    except TypeError:  # orjson.JSONEncodeError
        pass
    options: dict[str, Any] = {
        "separators": (",", ":"),
        "check_circular": False,
        "allow_nan": False,
        "default": _json_value,
    }
    try:
        return json.dumps(data, ensure_ascii=False, **options).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, **options).encode("ascii")
