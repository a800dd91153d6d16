"""The icon, the style sheet and the desktop file, wherever the app runs from.

An installed wheel and the frozen build carry them as package data in
``recovery_diary/resources`` (importlib.resources finds them there, even in a
zip); a source checkout keeps them in the top-level ``resources/`` folder.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def resource(name: str) -> Traversable:
    """One resource file, e.g. ``resource("style.qss").read_text(encoding="utf-8")``."""
    package = files("recovery_diary")
    folder = package / "resources"  # an installed wheel or the frozen build
    if not folder.is_dir() and isinstance(package, Path):
        folder = package.parent / "resources"  # a source checkout or editable install
    found = folder / name
    if not found.is_file():
        raise FileNotFoundError(f"Recovery Diary's resource {name!r} is missing from this install.")
    return found


def resource_path(name: str) -> Path:
    """A file-system path of one resource, e.g. ``resource_path("icon.png")`` for Qt.

    From a zipped install the file is extracted once and removed at exit.
    """
    found = resource(name)
    if isinstance(found, Path):
        return found
    return _extracted.enter_context(as_file(found))
