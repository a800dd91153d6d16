"""``Diary``: the Qt-free public facade over one diary file (DESIGN §3).

The window works through this class too, so everything a runner can do in the
app can be done from a script or a test::

    from recovery_diary import Diary, Session
    diary = Diary.open("diary.json")
    diary.record(Session(date=diary.today(), activity="cycling", duration_minutes=30))
"""

from __future__ import annotations

import datetime as dt
import operator
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_diary.core import clock
from recovery_diary.core.bulk import cycle_collector_paused
from recovery_diary.core.errors import InvalidSession
from recovery_diary.core.session import (
    FIELDS,
    PLANNED,
    Session,
)
from recovery_diary.storage.store import (
    SESSIONS,
)

if TYPE_CHECKING:
    from recovery_diary.exports.report_data import ReportData
    from recovery_diary.exports.watch_import import ImportedActivity


from recovery_diary.diary.base import WATCH
from recovery_diary.diary.programme import DiaryProgramme

#: The runner's own details (the name the report prints), one record.
PROFILE = "profile"
NAME_LENGTH = 120
#: Every field of a session but its id: two sessions with the same are the same session.
_content = operator.attrgetter(*FIELDS[1:])


class Diary(DiaryProgramme):
    """One diary file: sessions, check-ins and the programme.

    Open it with :meth:`Diary.open`. Every change is written to disk before the
    call returns; a failed write raises and leaves the file as it was. The
    records are kept by :class:`~recovery_diary.diary.base.DiaryRecords`, the
    programme by :class:`~recovery_diary.diary.programme.DiaryProgramme`; this
    class adds sharing: CSV, the report, the calendar file and watch files.
    """

    def export_csv(self, path: str | os.PathLike[str]) -> int:
        """Write the recorded sessions as CSV; return how many rows were written."""
        from recovery_diary.exports.csv_io import export_csv

        return export_csv(self.recorded(), Path(path))

    def import_csv(self, path: str | os.PathLike[str]) -> list[Session]:
        """Import sessions from CSV: all rows or, if any row is bad, none.

        Raises ValueError naming each bad row as a spreadsheet numbers it.
        Sessions already in the diary (every field the same) are not added twice.
        A backup of the diary is taken before anything is added.
        """
        from recovery_diary.exports.csv_io import read_csv

        with cycle_collector_paused():
            # Every row checked; numbered as the diary will store them, so they need no copy.
            first_id = self._store.next_id(SESSIONS)
            sessions = read_csv(Path(path), self.today(), first_id=first_id)
            new = sessions
            if self._sessions:
                known = {_content(s) for s in self._sessions.values()}
                new = [s for s in sessions if _content(s) not in known]
            if not new:
                return []
            self.backup("import")
            return self._add_checked(new)

    @property
    def runner_name(self) -> str:
        """The runner's name, as the report prints it ("" until given); kept in the file."""
        name = (self._store.single(PROFILE) or {}).get("runner_name")
        return name if isinstance(name, str) else ""

    @runner_name.setter
    def runner_name(self, name: str) -> None:
        if not isinstance(name, str):
            raise InvalidSession({"runner_name": "The name must be text."})
        name = " ".join(name.split())
        broken = next((c for c in name if 0xD800 <= ord(c) <= 0xDFFF), None)
        if broken is not None:
            raise InvalidSession(
                {"runner_name": f"The name holds a broken character (U+{ord(broken):04X})."}
            )
        if len(name) > NAME_LENGTH:
            raise InvalidSession({"runner_name": f"At most {NAME_LENGTH} characters, please."})
        self._store.set_single(PROFILE, {"runner_name": name})

    def export_report(
        self,
        path: str | os.PathLike[str],
        start: dt.date | None = None,
        end: dt.date | None = None,
        name: str | None = None,
        *,
        paper: str = "a4",
    ) -> int:
        """Write the PDF report for a physiotherapist; return its number of pages.

        The period (default: the programme, or the last 12 weeks) never ends
        after today; ``name`` defaults to :attr:`runner_name`; ``paper`` is
        "a4" or "letter".
        """
        from recovery_diary.exports.report import write_report

        return write_report(self, Path(path), start, end, paper=paper, name=name)

    def report_snapshot(
        self, start: dt.date | None = None, end: dt.date | None = None, name: str | None = None
    ) -> ReportData:
        """What the report of that period needs, read now, to write on another thread."""
        from recovery_diary.exports.report import snapshot

        return snapshot(self, start, end, name=name)

    @staticmethod
    def write_report_snapshot(
        data: ReportData,
        path: str | os.PathLike[str],
        *,
        paper: str = "a4",
        progress: Callable[[float, str], None] | None = None,
    ) -> int:
        """Write the report of a :meth:`report_snapshot` (reads no diary); return its pages."""
        from recovery_diary.exports.report import render

        return render(data, Path(path), paper=paper, progress=progress)

    def export_calendar(self, path: str | os.PathLike[str]) -> int:
        """Write the planned sessions as an iCalendar file; return how many events."""
        from recovery_diary.exports.ics import write_calendar

        planned = [s for s in self.sessions() if s.status == PLANNED]
        return write_calendar(planned, Path(path))

    @property
    def walk_run_kmh(self) -> float:
        """The speed (km/h) from which an imported activity counts as running."""
        from recovery_diary.exports.activity import WALK_RUN_KMH

        return float((self._store.single(WATCH) or {}).get("walk_run_kmh", WALK_RUN_KMH))

    @walk_run_kmh.setter
    def walk_run_kmh(self, kmh: float) -> None:
        from recovery_diary.exports.watch_import import check_walk_run_kmh

        self._store.set_single(WATCH, {"walk_run_kmh": check_walk_run_kmh(kmh)})

    def import_activity(
        self, path: str | os.PathLike[str], *, tz: dt.tzinfo | None = None
    ) -> list[ImportedActivity]:
        """Record each activity of a watch or phone file (.fit, .gpx, .tcx) as a done session.

        Returns one ImportedActivity per activity in the file, in order of start.
        An activity already imported (the same start, to within a minute) records
        nothing new: its ``new`` is False and its ``session`` the one recorded
        before. A broken, empty or foreign file, or an activity the diary can't
        take, raises ValueError naming the file, and nothing is recorded. The
        session's date is the day of its start in ``tz`` (default: this computer's).
        """
        from recovery_diary.exports import watch_import as wi

        path = Path(path)
        stored = wi.imported_starts(self._store.all(SESSIONS))
        # A session put back to a plan (undo) no longer stands for its activity.
        known = [(t, i) for t, i in stored if i in self._sessions and self._sessions[i].is_done]
        new, before = wi.sort_out(path, self.walk_run_kmh, known, self.today(), tz)
        results = [
            wi.ImportedActivity(self._sessions[i], False, a.start, path.name) for a, i in before
        ]
        if new:
            self.backup("import")
            try:
                with self._store.transaction():  # all of the file's activities, or none
                    for activity, session in new:
                        saved = self.record(session)
                        assert saved.id is not None
                        self._store.replace(SESSIONS, saved.id, wi.source_fields(activity, path))
                        results.append(wi.ImportedActivity(saved, True, activity.start, path.name))
            except BaseException:
                self._load()  # the file is as it was: so is the diary in memory
                raise
        return sorted(results, key=lambda r: r.start)

    def export_workouts(
        self,
        folder: str | os.PathLike[str],
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[Path]:
        """Write one FIT workout file per planned run from ``start`` (default today) to ``end``.

        Each file's steps are the run's intervals of the stage table; returns the paths.
        """
        from recovery_diary.exports.workouts import write_workouts

        start = start if start is not None else self.today()
        planned = [s for s in self.sessions(start, end) if s.status == PLANNED and s.is_run]
        return write_workouts(planned, Path(folder), clock.system_now().astimezone())
