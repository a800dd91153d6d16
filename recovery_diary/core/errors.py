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
