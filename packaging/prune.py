"""Trim PyInstaller's analysis of the app to what the app uses; build_installer.spec calls it.

PyInstaller lists the bundle's files as TOC entries, ``(dest, src, kind)`` tuples:
``dest`` the path inside the bundle, ``src`` the file collected, ``kind`` one of
``BINARY``, ``EXTENSION``, ``DATA``, ``SYMLINK`` (whose ``src`` is the link target,
relative to ``dest``'s folder). Every function here takes and returns such lists,
so it runs on a fake tree in a test as well as in a build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterable, Sequence
from importlib.util import find_spec
from pathlib import Path

Entry = tuple[str, str, str]
LinksOf = Callable[[str], set[str]]


def app_modules(package: Path) -> list[str]:
    """Every module of the package, so imports done inside functions are never missed."""
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # the entry script itself
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def installed_qt_modules(folder: Path | None = None) -> list[str]:
    """The Qt extension modules the installed PySide6 ships, e.g. ``["QtCore", ...]``."""
    if folder is None:
        spec = find_spec("PySide6")
        if spec is None or not spec.submodule_search_locations:
            return []
        folder = Path(next(iter(spec.submodule_search_locations)))
    extension = re.compile(r"^(Qt\w+?)\.(?:[\w.-]+\.)?(?:so|pyd)$")
    return sorted({m.group(1) for p in folder.iterdir() if (m := extension.match(p.name))})


def qt_excludes(keep: Iterable[str], installed: Iterable[str] | None = None) -> list[str]:
    """``PySide6.<name>`` for every installed Qt module not in ``keep``."""
    kept = set(keep)
    names = installed_qt_modules() if installed is None else installed
    return [f"PySide6.{name}" for name in sorted(names) if name not in kept]


def dest(entry: Entry) -> str:
    """The entry's path inside the bundle, with forward slashes."""
    return entry[0].replace("\\", "/")


def matches(entry: Entry, patterns: Sequence[str]) -> bool:
    """Whether one of the regular expressions is found in the entry's bundle path."""
    return any(re.search(pattern, dest(entry)) for pattern in patterns)


_LINKS: dict[str, set[str]] = {}


def bundle_links(src: str) -> set[str]:
    """Names of the shared libraries a binary loads (PyInstaller's ldd/pefile/macholib)."""
    if src not in _LINKS:
        from PyInstaller.depend.bindepend import get_imports

        _LINKS[src] = {Path(name).name for name, _path in get_imports(src)}
    return _LINKS[src]


def _linked_closure(
    entries: Iterable[Entry], by_name: dict[str, Entry], links_of: LinksOf
) -> set[str]:
    """Names of every library the entries load, following links through the bundle."""
    seen: set[str] = set()
    todo = [src for _dest, src, _kind in entries]
    while todo:
        for name in links_of(todo.pop()) - seen:
            seen.add(name)
            if name in by_name:
                todo.append(by_name[name][1])
    return seen


def prune(
    binaries: list[Entry], drop: Sequence[str], links_of: LinksOf = bundle_links
) -> list[Entry]:
    """Leave out the dropped files and the libraries that only they link to.

    Fails the build if a file that stays links to a library that was collected but
    left out: Qt skips a plugin it cannot load without a word, so a broken link would
    only show up as, say, a missing platform on some user's desktop.
    """
    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    dropped = [entry for entry in files if matches(entry, drop)]
    if not dropped:
        return binaries
    by_name = {Path(entry[0]).name: entry for entry in files}
    dropped_names = {Path(entry[0]).name for entry in dropped}
    # Libraries (not extension modules or plugins) that some dropped file loads.
    candidates = {
        name
        for name in _linked_closure(dropped, by_name, links_of)
        if name in by_name and by_name[name][2] == "BINARY" and name not in dropped_names
    }
    roots = [e for e in files if Path(e[0]).name not in candidates | dropped_names]
    left_out = dropped_names | (candidates - _linked_closure(roots, by_name, links_of))
    kept = [entry for entry in files if Path(entry[0]).name not in left_out]

    broken = sorted(
        f"{dest(entry)} needs {name}" for entry in kept for name in links_of(entry[1]) & left_out
    )
    if broken:
        raise SystemExit("Files in the bundle link to files left out: " + "; ".join(broken))
    return kept + [entry for entry in binaries if entry[2] == "SYMLINK"]


def without_dangling_links(toc: list[Entry], dests: set[str]) -> list[Entry]:
    """Drop symbolic links (PyInstaller files some under datas) to files left out."""
    return [
        entry
        for entry in toc
        if entry[2] != "SYMLINK"
        or os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])).replace("\\", "/")
        in dests
    ]


def strip_interpreter_debug_info(
    binaries: list[Entry],
    workdir: Path,
    own: Sequence[Path] | None = None,
    libpython: str | None = None,
    strip: str | None = None,
) -> list[Entry]:
    """Strip debug sections from libpython and the stdlib's extension modules (Linux).

    Self-built interpreters (pyenv, for one) keep their debug info, a third of the
    bundle; distribution Pythons ship stripped and are left as they are. Wheels'
    libraries are never touched: their patched headers do not always survive strip.
    The stripped copies go to ``workdir``; a file strip fails on stays as it was.
    """
    strip = strip or shutil.which("strip")
    if not strip or not sys.platform.startswith("linux"):
        return binaries
    if own is None:
        own = [Path(sysconfig.get_config_var("DESTSHARED") or "/nonexistent").resolve()]
    libpython = libpython or sysconfig.get_config_var("LDLIBRARY") or "libpython"
    result = []
    for name, src, kind in binaries:
        path = Path(src).resolve() if kind != "SYMLINK" else None
        if path is not None and (path.parent in own or path.name.startswith(libpython)):
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            done = subprocess.run(
                [strip, "--strip-debug", "-o", str(target), str(path)], capture_output=True
            )
            if done.returncode == 0:
                src = str(target)
        result.append((name, src, kind))
    return result


def trim(
    binaries: list[Entry],
    datas: list[Entry],
    *,
    drop: Sequence[str],
    forbidden: str,
    workdir: Path,
    links_of: LinksOf = bundle_links,
) -> tuple[list[Entry], list[Entry]]:
    """The analysis' binaries and datas without the dropped files and what only they need.

    Also strips the interpreter's debug info, and fails the build if a library whose
    name matches ``forbidden`` is still collected.
    """
    binaries = strip_interpreter_debug_info(prune(binaries, drop, links_of), workdir)
    datas = [entry for entry in datas if not matches(entry, drop)]
    collected = {dest(entry) for entry in binaries + datas if entry[2] != "SYMLINK"}
    binaries = without_dangling_links(binaries, collected)
    datas = without_dangling_links(datas, collected)
    pulled_in = sorted(dest(entry) for entry in binaries if re.search(forbidden, dest(entry)))
    if pulled_in:
        raise SystemExit(f"Unwanted Qt libraries were collected: {pulled_in}")
    return binaries, datas
