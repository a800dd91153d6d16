"""Errors the core and the facade raise, worded for a runner."""

from __future__ import annotations

from collections.abc import Mapping


class InvalidSession(ValueError):
    """A session (or check-in) that cannot be stored.

    ``errors`` maps each bad field name to a sentence a runner understands.
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        lines = [f"{field}: {message}" for field, message in self.errors.items()]
        super().__init__("; ".join(lines))


class DiaryFileError(Exception):
    """A file that is not a readable Recovery Diary; it is left untouched.

    ``path`` names the file and ``problem`` says in plain words what is wrong.
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class DiaryWriteError(OSError):
    """Writing the diary failed; the file on disk is unchanged."""


class DiaryChangedOnDisk(Exception):
    """The diary file was changed by something else since it was read."""

    def __init__(self, path: object) -> None:
        self.path = str(path)
        super().__init__(f"{self.path} was changed outside Recovery Diary since it was opened.")


class DiaryLockedError(DiaryWriteError):
    """Another writer holds the diary: another copy of the app, here or on another computer.

    ``path`` is the diary, ``host`` the computer named in the lock (None if
    unknown) and ``since`` when the lock was taken (a datetime, or None).
    """

    def __init__(
        self,
        path: object,
        message: str | None = None,
        *,
        host: str | None = None,
        since: object = None,
    ) -> None:
        import errno

        text = message or (
            f"{path} is open in another copy of Recovery Diary. Close that copy first "
            "(only one copy at a time may write to a diary)."
        )
        super().__init__(errno.EBUSY, text, str(path))
        self.path = path
        self.host = host
        self.since = since

    def __str__(self) -> str:
        return str(self.strerror)


#: What can be wrong with the place of a diary (DiaryPlaceError.kind).
PLACE_KINDS = ("disk-full", "read-only", "permission", "cannot-create", "missing-target")


class DiaryPlaceError(DiaryWriteError):
    """The diary's folder or file can't be used as it is; nothing was changed.

    ``kind`` is one of :data:`PLACE_KINDS`; ``strerror`` says it in plain words.
    """

    def __init__(self, kind: str, message: str, path: object, errno_: int = 0) -> None:
        if kind not in PLACE_KINDS:
            raise ValueError(f"Unknown kind of place problem {kind!r}.")
        super().__init__(errno_, message, str(path))
        self.kind = kind

    def __str__(self) -> str:
        return str(self.strerror)
