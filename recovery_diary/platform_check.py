"""Before Qt starts on X11: are the system libraries its xcb plugin loads there?

Qt's own message, when one is missing, names neither the library nor the package
to install. This check tries to load each library the plugin (and the Qt parts it
pulls in) needs from the system, and says which are missing and how to install them.
It imports no Qt.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

EXIT_MISSING_LIBRARIES = 9


class SystemLibrary(NamedTuple):
    soname: str
    debian: str  # the Debian/Ubuntu package that ships it
    fedora: str  # the Fedora package that ships it


# What libqxcb.so and the Qt libraries it pulls in load from the system, the C
# runtime aside (PySide6 ships the rest); tests/test_platform_check.py compares this
# with the installed plugin.
XCB_LIBRARIES = (
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libfreetype.so.6", "libfreetype6", "freetype"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    SystemLibrary("libz.so.1", "zlib1g", "zlib"),
    SystemLibrary("libzstd.so.1", "libzstd1", "libzstd"),
)


def loads(soname: str) -> bool:
    """Whether the dynamic loader finds and loads ``soname``, as Qt's would."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str | None = None) -> bool:
    """Whether Qt is about to open its window through the xcb (X11) plugin."""
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        # "xcb", "xcb:option=…", or a list to try in order, "wayland;xcb".
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    # Unset: Qt tries Wayland first in a Wayland session, then X11.
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_libraries(
    libraries: Iterable[SystemLibrary] = XCB_LIBRARIES,
    load: Callable[[str], bool] | None = None,
) -> list[SystemLibrary]:
    """The libraries that ``load`` (by default :func:`loads`) can't load."""
    load = load or loads
    return [library for library in libraries if not load(library.soname)]


def install_lines(libraries: Iterable[SystemLibrary]) -> list[str]:
    """The apt and dnf commands that install the packages holding ``libraries``."""
    chosen = list(libraries)
    debian = " ".join(dict.fromkeys(library.debian for library in chosen))
    fedora = " ".join(dict.fromkeys(library.fedora for library in chosen))
    return [
        f"  Debian, Ubuntu:  sudo apt install {debian}",
        f"  Fedora:          sudo dnf install {fedora}",
    ]


def problem(missing: Iterable[SystemLibrary]) -> str:
    """The message for a person whose system lacks ``missing``."""
    chosen = list(missing)
    names = ", ".join(library.soname for library in chosen)
    return "\n".join(
        [
            "Recovery Diary can't open its window on X11: these system libraries "
            f"that Qt needs are missing: {names}.",
            "Install them with your package manager, for example:",
            *install_lines(chosen),
            "Then start Recovery Diary again.",
        ]
    )


def check(
    environ: Mapping[str, str],
    platform: str | None = None,
    load: Callable[[str], bool] | None = None,
) -> str | None:
    """A message naming the missing libraries, or None when Qt can start as it is."""
    if not uses_xcb(environ, platform):
        return None
    missing = missing_libraries(load=load)
    return problem(missing) if missing else None
