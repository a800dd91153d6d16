"""Conflict copies that sync tools leave beside a diary, and merging one back in.

When two computers change a synced diary before the sync tool has passed the
change on, it keeps both versions: the diary and a conflict copy beside it,
named by the tool.

- Dropbox: ``diary (Laptop's conflicted copy 2024-05-01).json``
- Syncthing: ``diary.sync-conflict-20240501-093000-ABCDEFG.json``
- OneDrive: ``diary-LAPTOP.json`` (the computer's name)

Merging keeps every session and check-in of both, the identical ones once:
a record of the copy that is, field for field, already in the diary is not
added again; any other is added under a new id. Both files are backed up
first; the copy is then set aside (renamed, never deleted), so it is not
offered again.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recovery_diary.storage.document import META, PROGRAMME, record_of

_KEPT_AS_IS = (META, PROGRAMME)


@dataclass(frozen=True)
class MergeResult:
    """What merging a conflict copy did: records added by table, and where the copy went."""

    copy: Path
    set_aside: Path
    added: dict[str, int]

    @property
    def sessions(self) -> int:
        return self.added.get("sessions", 0)

    @property
    def check_ins(self) -> int:
        return self.added.get("check_ins", 0)


def _patterns(real: Path) -> list[re.Pattern[str]]:
    stem, suffix = re.escape(real.stem), re.escape(real.suffix)
    return [
        re.compile(rf"{stem} \([^()]*conflicted copy[^()]*\){suffix}", re.IGNORECASE),
        re.compile(rf"{stem}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}{suffix}"),
        re.compile(rf"{stem}-[A-Za-z0-9][A-Za-z0-9_-]{{0,62}}{suffix}"),
    ]


def conflict_copies(real: Path) -> list[Path]:
    """Ordinary files beside the diary at ``real`` named as a sync tool names a conflict copy."""
    real = Path(real)
    patterns = _patterns(real)
    try:
        names = sorted(os.listdir(real.parent))
    except OSError:
        return []
    found = []
    for name in names:
        if name != real.name and any(p.fullmatch(name) for p in patterns):
            candidate = real.parent / name
            if candidate.is_file() and not candidate.is_symlink():
                found.append(candidate)
    return found


def _content(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def merge_documents(
    mine: dict[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, int]]:
    """``mine`` with every record of ``theirs`` it does not hold already; and counts added.

    The diary's own meta and programme settings stay (the copy's are taken
    only where the diary has none). Records of other tables, known or not,
    are added when no record of the diary has exactly their fields.
    """
    merged = {name: dict(table) for name, table in mine.items()}
    added: dict[str, int] = {}
    for name, table in theirs.items():
        if name in _KEPT_AS_IS:
            if not merged.get(name):
                merged[name] = dict(table)
            continue
        target = merged.setdefault(name, {})
        known = {_content(record_of(record)) for record in target.values()}
        next_id = max((int(key) for key in target), default=0) + 1
        for key in sorted(table, key=int):
            record = record_of(table[key])
            content = _content(record)
            if content in known:
                continue
            known.add(content)
            target[str(next_id)] = record
            next_id += 1
            added[name] = added.get(name, 0) + 1
    return merged, added
