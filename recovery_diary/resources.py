"""Find the files in ``resources/`` from a checkout, an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding the icon, the style sheet and the desktop file."""
    candidates = [
        _PACKAGE / "resources",  # installed wheel (force-included) and frozen build
        _PACKAGE.parent / "resources",  # source checkout and editable install
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for folder in candidates:
        if (folder / "icon.svg").is_file():
            return folder
    raise FileNotFoundError("Recovery Diary's resources folder is missing from this install.")


def resource_path(name: str) -> Path:
    """The path of one resource file, e.g. ``resource_path("icon.png")``."""
    return resources_dir() / name
