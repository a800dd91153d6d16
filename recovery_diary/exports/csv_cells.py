"""The cells of a sessions CSV: formula-safe text, and each column's text read as a value.

See :mod:`recovery_diary.exports.csv_io` for the file as a whole and the
formula escaping it does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import operator
import re
from collections.abc import Callable

from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import (
    ACTIVITY_LABELS,
    DONE,
    FIELDS,
    PAIN_FIELDS,
    Session,
    make_session,
    plainly_valid,
    validate,
)

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
#: Where a spreadsheet may start a cell: the start, or after any delimiter it may use.
_CELL_STARTS = ",;\t"
_RISKY = re.compile(
    rf"(?:^|(?<=[{_CELL_STARTS}]))(?={QUOTE}*[{re.escape(''.join(sorted(FORMULA_TRIGGERS)))}])"
)
_ESCAPED = re.compile(
    rf"(?:^|(?<=[{_CELL_STARTS}])){QUOTE}(?={QUOTE}*[{re.escape(''.join(sorted(FORMULA_TRIGGERS)))}])"
)
INTEGER_FIELDS = frozenset({"id", "stage", "repeats", *PAIN_FIELDS})
MINUTE_FIELDS = frozenset({"run_minutes", "walk_minutes", "duration_minutes"})
TEXT_FIELDS = frozenset({"date", "activity", "status", "notes"})

_ACTIVITY_NAMES = {
    **{key.lower(): key for key in ACTIVITY_LABELS},
    **{label.lower(): key for key, label in ACTIVITY_LABELS.items()},
}


# -- formula-safe text ----------------------------------------------------------
def escape_text(text: str) -> str:
    """The cell for ``text``: one apostrophe more wherever a spreadsheet could start a formula.

    That is at the start and after each ``,``, ``;`` or tab, where apostrophes
    (maybe none) are followed by a formula trigger.
    """
    return _RISKY.sub(QUOTE, text)


def unescape_text(cell: str) -> str:
    """The text of a cell written by :func:`escape_text` (exact inverse)."""
    return _ESCAPED.sub("", cell)


# -- reading cells ---------------------------------------------------------------
def _number(raw: str, whole: bool) -> float | int | None:
    """The number in a cell; ValueError with a plain sentence if it isn't one."""
    text = raw.strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # decimal comma
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f'"{raw.strip()}" is not a number.') from None
    if not math.isfinite(value):
        raise ValueError(f'"{raw.strip()}" is not a number.')
    if value.is_integer():
        return int(value)
    if whole:
        raise ValueError(f'"{raw.strip()}" is not a whole number.')
    return value


def _date(raw: str) -> dt.date | None:
    text = raw.strip()
    if not text:
        raise ValueError("The date is missing.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f'"{text}" is not a date Recovery Diary can read; write it as YYYY-MM-DD, '
            "e.g. 2026-05-04."
        ) from None


def _activity(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise ValueError(
            "The activity is missing; choose one of " + ", ".join(ACTIVITY_LABELS.values()) + "."
        )
    return _ACTIVITY_NAMES.get(text.lower(), text)


def _text(raw: str) -> str:
    """A text cell's text: the apostrophes :func:`escape_text` added taken off."""
    return unescape_text(raw) if QUOTE in raw else raw


def _converter(name: str) -> Callable[[str], object]:
    """How a cell of column ``name`` is read (ValueError with a plain sentence if it can't be)."""
    if name == "date":
        return lambda raw: _date(_text(raw))
    if name == "activity":
        return lambda raw: _activity(_text(raw))
    if name == "status":
        return lambda raw: _text(raw).strip().lower() or DONE
    if name == "notes":
        return _text
    whole = name in INTEGER_FIELDS
    return lambda raw: _number(raw, whole)


#: The reader of each column but ``id`` (informational: imported sessions get new ids).
CONVERTERS = {name: _converter(name) for name in FIELDS if name != "id"}
#: Columns whose cells are mostly different: each is read as it comes.
_OWN_CELLS = ("date", "notes")  # notes need no more than _text()


def _day(raw: str) -> dt.date | None:
    try:
        # What most cells hold. Such a text has no apostrophe or space: the same as below.
        return dt.date.fromisoformat(raw)
    except ValueError:
        return CONVERTERS["date"](raw)  # type: ignore[return-value]


#: How many different rows (but for their date and notes) a reader keeps read.
_KEPT_ROWS = 50_000


class RowReader:
    """Reads the rows of one file into checked sessions, fast.

    The columns that repeat a few texts (all but date and notes) read each
    different text once, and each different set of them once, then look it
    up. A row with a cell that can't be read, or whose session
    :func:`validate` refuses, gives None: the caller reads it again cell by
    cell to say why.
    """

    def __init__(self, columns: list[str | None], today: dt.date) -> None:
        used = [(i, name) for i, name in enumerate(columns) if name is not None and name != "id"]
        repeated = [(i, name) for i, name in used if name not in _OWN_CELLS]
        places = [i for i, _ in repeated]
        self._names = [name for _, name in repeated]
        self._cells: Callable[[list[str]], tuple[str, ...]] = (
            operator.itemgetter(*places) if len(places) > 1 else lambda row: (row[places[0]],)
        )
        self._seen: list[dict[str, object]] = [{} for _ in repeated]
        #: The fields of each different set of repeated cells, with the defaults of the rest.
        self._known: dict[tuple[str, ...], dict[str, object]] = {}
        self._blank = {f.name: f.default for f in dataclasses.fields(Session)}
        self._date = columns.index("date")
        self._notes = columns.index("notes") if "notes" in columns else None
        self._today = today

    def session(self, record: list[str], session_id: int | None) -> Session | None:
        """The row's session, checked, or None; ``record`` has a cell for each column."""
        cells = self._cells(record)
        known = self._known.get(cells)
        if known is None:
            try:
                known = self._read_cells(cells)
            except ValueError:
                return None
        fields = known.copy()  # in the order of Session's fields, as Session() makes them
        try:
            fields["date"] = _day(record[self._date])
        except ValueError:
            return None
        if self._notes is not None:
            fields["notes"] = _text(record[self._notes])
        fields["id"] = session_id
        session = make_session(fields)
        if plainly_valid(session, self._today):
            return session
        try:
            return validate(session, self._today)
        except InvalidSession:
            return None

    def _read_cells(self, cells: tuple[str, ...]) -> dict[str, object]:
        fields = dict(self._blank)
        for k, (name, raw, seen) in enumerate(zip(self._names, cells, self._seen, strict=True)):
            if raw not in seen:
                seen[raw] = CONVERTERS[self._names[k]](raw)
            fields[name] = seen[raw]
        if len(self._known) < _KEPT_ROWS:
            self._known[cells] = fields
        return fields
