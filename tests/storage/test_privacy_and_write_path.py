"""The diary and everything beside it is private, and a save does only what a save needs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson
import pytest
from diary_files import mode

from recovery_diary import Diary
from recovery_diary import fileio as atomic
from recovery_diary.storage import json_storage, make_backup, move_aside, restore_backup
from recovery_diary.storage import store as store_module

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture(params=[0o022, 0o000], ids=["umask 022", "umask 000"])
def umask(request: pytest.FixtureRequest):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@posix_only
def test_everything_the_diary_creates_is_private(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "new" / "recovery-diary"
    path = folder / "diary.json"
    Diary.open(path)
    assert mode(folder) == 0o700
    assert mode(path) == 0o600
    backup = make_backup(path)
    assert backup is not None
    assert mode(backup.path.parent) == 0o700 and mode(backup.path) == 0o600
    kept = restore_backup(path, backup)
    assert kept is not None and mode(kept) == 0o600
    assert mode(path) == 0o600
    assert mode(move_aside(path)) == 0o600


@posix_only
def test_temp_files_are_private_while_they_exist(
    diary_file: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    real_replace = os.replace

    class Watching:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def replace(source, target):
            seen.append((Path(source).name, mode(Path(source))))
            return real_replace(source, target)

    monkeypatch.setattr(atomic, "os", Watching())
    Diary.open(diary_file)
    [(name, temp_mode)] = seen
    assert name.startswith(".diary.json.") and name.endswith(".tmp")
    assert temp_mode == 0o600


@posix_only
def test_a_diary_copied_in_readable_by_all_becomes_private_on_the_next_save(
    filled_diary: Diary,
) -> None:
    os.chmod(filled_diary.path, 0o644)
    filled_diary.update(filled_diary.get(1).replace(notes="private again"))
    assert mode(filled_diary.path) == 0o600


@posix_only
def test_an_existing_folder_keeps_its_permissions(tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    os.chmod(documents, 0o755)
    Diary.open(documents / "diary.json")
    assert mode(documents) == 0o755


@posix_only
def test_a_diary_reached_through_a_symlink_stays_a_symlink(filled_diary: Diary) -> None:
    link = filled_diary.path.parent.parent / "linked-diary.json"
    link.symlink_to(filled_diary.path)
    diary = Diary.open(link)
    diary.update(diary.get(1).replace(notes="through the link"))
    assert link.is_symlink()
    assert Diary.open(filled_diary.path).get(1).notes == "through the link"


# -- the write path ---------------------------------------------------------------
def test_a_save_serialises_once_and_reads_nothing(
    filled_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``write_unchecked`` is one serialisation + write + fsync + rename, and nothing more."""
    path = filled_diary.path
    document = json.loads(path.read_bytes())
    raw = path.read_bytes()
    storage = store_module.AtomicJSONStorage(str(path), document, raw, os.stat(path))
    dumps = []
    real_encode = json_storage.encode_laid_out

    def counting_encode(*args, **kwargs):
        dumps.append(1)
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(json_storage, "encode_laid_out", counting_encode)
    monkeypatch.setattr(json, "loads", _forbidden("json.loads"))
    monkeypatch.setattr(orjson, "loads", _forbidden("orjson.loads"))
    monkeypatch.setattr(json_storage, "read_with_stat", _forbidden("reading the diary"))
    reads = []

    class Counting:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def read(*args):
            reads.append(args)
            return os.read(*args)

    monkeypatch.setattr(atomic, "os", Counting())
    storage.write_unchecked(document)
    monkeypatch.undo()
    assert dumps == [1]
    assert reads == []
    assert json.loads(path.read_bytes()) == document


def test_the_file_is_compact_utf8_json(filled_diary: Diary) -> None:
    filled_diary.update(filled_diary.get(1).replace(notes="Mäßig, 痛み 2 😊"))
    raw = filled_diary.path.read_bytes()
    assert "Mäßig, 痛み 2 😊".encode() in raw
    assert b"\n" not in raw and b": " not in raw


def test_text_with_a_lone_surrogate_is_saved_and_read_back_exactly(filled_diary: Diary) -> None:
    odd = "pasted \ud83d text"
    filled_diary.update(filled_diary.get(1).replace(notes=odd))
    raw = filled_diary.path.read_bytes()
    raw.decode("utf-8")  # still UTF-8 on disk
    assert Diary.open(filled_diary.path).get(1).notes == odd


def _forbidden(what: str):
    def fail(*args, **kwargs):
        raise AssertionError(f"{what} during a save")

    return fail
