"""Sessions as CSV for spreadsheets, and back.

The file has one column per :data:`~recovery_diary.core.session.FIELDS` entry,
in that order, and one row per session. It is UTF-8 with a byte-order mark,
because Excel reads a UTF-8 file without one as the local code page and
mangles every accent; the import accepts it with or without the mark.

Cells: dates are ISO (``2026-05-04``); whole minutes are written as ``30``,
others as ``1.5``; an empty cell is "not given" (``None`` for numbers, the
default for ``status`` and ``notes``).

Formula safety: a spreadsheet runs a cell starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return as a formula, so such text is written with a
leading apostrophe. A spreadsheet set to another delimiter (``;`` in much of
Europe, or tab) splits a cell where that delimiter stands, so the same is done
after every ``,``, ``;`` and tab inside a text: ``ok;=HYPERLINK(B1)`` is
written ``ok;'=HYPERLINK(B1)``. To keep this reversible, a place that already
holds apostrophes followed by a trigger gets one more apostrophe. The import
takes exactly one apostrophe off each place of the form ``'…'<trigger>`` at
the start or after a delimiter and leaves all else as it is, so every text
survives the round trip.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import (
    FIELDS,
    MAX_RECORD_ID,
    Session,
    validate,
)
from recovery_diary.exports.csv_cells import (
    CONVERTERS,
    FORMULA_TRIGGERS,
    QUOTE,
    RowReader,
    escape_text,
    unescape_text,
)
from recovery_diary.fileio import write_atomically

__all__ = [
    "FORMULA_TRIGGERS",
    "QUOTE",
    "CsvImportError",
    "escape_text",
    "export_csv",
    "read_csv",
    "unescape_text",
]

REQUIRED = ("date", "activity")
#: How many problems the error message lists; ``problems`` always has them all.
MESSAGE_LINES = 20


class CsvImportError(ValueError):
    """A CSV file that was not imported, because of the rows in ``problems``.

    ``problems`` lists ``(row, sentence)`` pairs, one per problem, with rows
    numbered as a spreadsheet shows them (the column names are row 1).
    """

    def __init__(self, problems: Sequence[tuple[int, str]]) -> None:
        self.problems: list[tuple[int, str]] = list(problems)
        rows = len({row for row, _ in self.problems})
        head = "1 row has a problem:" if rows == 1 else f"{rows} rows have problems:"
        lines = [f"Row {row}: {text}" for row, text in self.problems[:MESSAGE_LINES]]
        if len(self.problems) > MESSAGE_LINES:
            lines.append(f"… and {len(self.problems) - MESSAGE_LINES} more.")
        super().__init__("\n".join([head, *lines]))


# -- export ---------------------------------------------------------------------
def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # repr() is the shortest text that reads back as exactly the same float.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return escape_text(value)
    return str(value)


def rows(sessions: Iterable[Session]) -> list[list[str]]:
    """The CSV rows (header first) for ``sessions``."""
    table = [list(FIELDS)]
    table.extend([_cell(getattr(s, name)) for name in FIELDS] for s in sessions)
    return table


def export_csv(sessions: list[Session], path: Path) -> int:
    """Write ``sessions`` to ``path`` as CSV; return how many session rows were written.

    The file is replaced in one step, so a failed write leaves any old file whole.
    """
    table = rows(sessions)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    write_atomically(Path(path), buffer.getvalue().encode("utf-8-sig"))
    return len(table) - 1


# -- import ---------------------------------------------------------------------
def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export.
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel on Windows writes when a file is saved as plain "CSV".
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvImportError(
            [(1, "This file is not text Recovery Diary can read. Save it as CSV (UTF-8).")]
        ) from None


def _delimiter(text: str) -> str:
    """Comma, or semicolon or tab when the header uses those (spreadsheets in some locales)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _columns(header: list[str]) -> tuple[list[str | None], list[tuple[int, str]]]:
    """Field name for each header cell (None to skip it), and header problems."""
    columns: list[str | None] = []
    problems: list[tuple[int, str]] = []
    seen: set[str] = set()
    for cell in header:
        name = cell.strip().lower()
        if name in seen:
            problems.append((1, f'The column "{cell.strip()}" appears twice.'))
            columns.append(None)
        elif name in FIELDS:
            seen.add(name)
            columns.append(name)
        elif name:
            problems.append(
                (1, f'Unknown column "{cell.strip()}". The columns are: {", ".join(FIELDS)}.')
            )
            columns.append(None)
        else:
            columns.append(None)
    for name in REQUIRED:
        if name not in seen:
            problems.append((1, f'The column "{name}" is missing; every session needs one.'))
    return columns, problems


def _parse(cells: dict[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """Field values from a row's text cells, and a sentence for each cell that can't be read."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, raw in cells.items():
        if name == "id":
            continue
        try:
            values[name] = CONVERTERS[name](raw)
        except ValueError as exc:
            errors[name] = str(exc)
            values[name] = None
    return values, errors


def _session(
    number: int, cells: dict[str, str], today: dt.date
) -> tuple[Session | None, list[tuple[int, str]]]:
    values, errors = _parse(cells)
    values.setdefault("activity", "")
    # Cells that could not be read are None here; validate() then names only the rest.
    session = Session(**{"date": None, **values})  # type: ignore[arg-type]
    try:
        session = validate(session, today)
    except InvalidSession as exc:
        # A cell that could not be read is reported once, in the words above.
        for name, message in exc.errors.items():
            errors.setdefault(name, message)
    if errors:
        ordered = sorted(errors.items(), key=lambda item: FIELDS.index(item[0]))
        return None, [(number, f"{name}: {message}") for name, message in ordered]
    return session, []


def read_csv(path: Path, today: dt.date, *, first_id: int | None = None) -> list[Session]:
    """Read and check every row of the CSV at ``path``; return the sessions.

    If any row is bad, nothing is returned: :class:`CsvImportError` (a ValueError)
    names each bad row as a spreadsheet numbers it, and why. Rows left entirely
    empty are skipped. ``today`` (the diary's clock) decides which days are still
    to come, when a done session can't have happened yet. The sessions have no
    ids, or with ``first_id`` the ids ``first_id``, ``first_id + 1``, ... in row
    order (those a diary gives them when it stores them all), up to the largest
    id a diary holds.
    """
    text = _decode(Path(path).read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvImportError([(1, f"The column names can't be read: {exc}.")]) from None
    if header is None or not any(cell.strip() for cell in header):
        raise CsvImportError([(1, "The file has no column names; row 1 must name the columns.")])
    columns, problems = _columns(header)
    if not set(REQUIRED) <= set(columns):
        raise CsvImportError(problems)

    width, row_reader = len(columns), RowReader(columns, today)
    sessions: list[Session] = []
    number = 1
    while True:
        number += 1  # a spreadsheet numbers records, however many lines a cell spans
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((number, f"This row can't be read: {exc}."))
            break
        if not "".join(record).strip():  # no cell holds more than spaces
            continue
        if len(record) > width and "".join(record[width:]).strip():
            problems.append(
                (number, "This row has more cells than there are column names in row 1.")
            )
            continue
        if len(record) < width:
            record = record + [""] * (width - len(record))
        session_id = None if first_id is None else first_id + len(sessions)
        if session_id is not None and session_id > MAX_RECORD_ID:
            session_id = None
        session = row_reader.session(record, session_id)
        if session is None:
            # Read the row again, cell by cell, to say what is wrong with it.
            cells = {name: record[i] for i, name in enumerate(columns) if name is not None}
            session, row_problems = _session(number, cells, today)
            problems.extend(row_problems)
        if session is not None:
            sessions.append(session)
    if problems:
        raise CsvImportError(problems)
    return sessions
