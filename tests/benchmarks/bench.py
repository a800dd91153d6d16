"""Recovery Diary benchmark: start-up, memory, saving, chart redraw and file writes.

Run from the repository root with the project's interpreter::

    python tests/benchmarks/bench.py [--json PATH] [--quick] [--diaries DIR]

It generates demo diaries of 0 sessions, 1 year, 10 years and about 30,000
sessions with ``--make-demo`` and measures, each against a floor or a smaller
diary (see README.md in this folder for what each number means):

- start-up: ``--smoke-test`` in a fresh process against ``floor_app.py``;
- peak memory (max RSS) of those same processes;
- saving a session from the form, in-process on a copy of a diary;
- redrawing the chart after moving its time window;
- writing the diary file against ``json.dumps`` + write + fsync + ``os.replace``;
- writing the physio report of the whole diary against start-up on the same diary.

It prints a table of medians, ratios and PASS/MISS per target, and with
``--json`` writes the same as JSON. It is not part of the test run.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FLOOR_APP = HERE / "floor_app.py"
MIB = 1024 * 1024
KIB = 1024
TARGET_SESSIONS = 30_000
#: References to None lost per save above which the Qt binding is taken to leak them.
NONE_REFS_LEAK = 500
MAX_YEARS = 200
#: A process that has not exited by then has hung; the run stops with an error.
PROCESS_TIMEOUT = 120


@dataclass(frozen=True)
class Reps:
    """How many times each measurement is repeated."""

    startup: int
    save: int  # and twice as many chart redraws, which are cheaper
    write: int


FULL = Reps(startup=15, save=15, write=11)
QUICK = Reps(startup=7, save=7, write=5)


@dataclass(frozen=True)
class Target:
    """One goal: ``value`` must be at most ``limit`` (``unit`` says how they compare)."""

    name: str
    value: float
    cpu_value: float | None
    limit: float
    unit: str

    @property
    def passed(self) -> bool:
        return self.value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "cpu_value": self.cpu_value,
            "limit": self.limit,
            "unit": self.unit,
            "pass": self.passed,
        }


# -- child processes ------------------------------------------------------------
def child_env(work: Path) -> dict[str, str]:
    """The environment of every child: offscreen Qt, private settings, cached byte-code.

    The app keeps its window geometry in QSettings; pointing XDG_CONFIG_HOME at a
    folder of this run keeps the user's settings out of it (and it out of them).
    An installed app starts from compiled byte-code, so the children may write
    it (PYTHONDONTWRITEBYTECODE would have every start compile the project's
    sources again), into a folder of this run rather than the source tree.
    """
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env["RECOVERY_DIARY_DATA_DIR"] = str(work / "data")
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    # Measure the tree this script lives in, whatever is installed in the venv.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE"):
        env.pop(name, None)
    return env


def run_checked(cmd: Sequence[str], env: dict[str, str]) -> str:
    """Run ``cmd`` to the end; return its stdout or stop with its stderr."""
    done = subprocess.run(
        list(cmd),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT * 10,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(
            f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


@dataclass
class ProcessRun:
    wall: float  # spawn to exit, seconds
    smoke: float  # spawn to the SMOKE OK line, seconds
    cpu: float  # user + system time, seconds
    max_rss: int  # bytes
    returncode: int


def time_process(cmd: Sequence[str], env: dict[str, str], log: Path) -> ProcessRun:
    """Run ``cmd``: wall time to exit, time to its SMOKE OK line, and its peak RSS.

    ``os.wait4`` gives the rusage of exactly this child, so its ``ru_maxrss`` is
    the process's own peak, not a maximum over everything run before.
    """
    with log.open("ab") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err)
        smoke = math.nan
        assert proc.stdout is not None
        for line in proc.stdout:
            if math.isnan(smoke) and line.strip() == b"SMOKE OK":
                smoke = time.perf_counter() - start
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if math.isnan(smoke):
        tail = "\n".join(log.read_text(errors="replace").strip().splitlines()[-15:])
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} without SMOKE OK:\n{tail}")
    # Linux reports ru_maxrss in KiB.
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(wall, smoke, cpu, usage.ru_maxrss * KIB, proc.returncode)


# -- diaries ----------------------------------------------------------------------
def count_sessions(path: Path) -> int:
    """How many sessions (done and stored plans) the diary file holds."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return len(data.get("sessions") or {})


def make_demo(folder: Path, years: int, env: dict[str, str]) -> Path:
    """The demo diary of ``years`` years in ``folder``, generated once and reused."""
    path = folder / f"demo-{years}y.json"
    if not path.exists():
        print(f"  generating a {years}-year demo diary ...", flush=True)
        command = ["-m", "recovery_diary", "--make-demo", str(path), "--years", str(years)]
        run_checked([sys.executable, *command], env)
    return path


def make_empty(folder: Path, env: dict[str, str]) -> Path:
    """A new diary with no sessions, created as the app creates one."""
    path = folder / "empty.json"
    if not path.exists():
        code = "import sys; from recovery_diary import Diary; Diary.open(sys.argv[1]).close()"
        run_checked([sys.executable, "-c", code, str(path)], env)
    return path


def prepare_diaries(folder: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Generate the four diaries; find the years that give about 30,000 sessions."""
    folder.mkdir(parents=True, exist_ok=True)
    diaries: dict[str, dict[str, Any]] = {}
    empty = make_empty(folder, env)
    diaries["0"] = {"path": empty, "years": 0}
    for name, years in (("1y", 1), ("10y", 10)):
        diaries[name] = {"path": make_demo(folder, years, env), "years": years}
    for info in diaries.values():
        info["sessions"] = count_sessions(info["path"])
    # Sessions a year, counted on the 10-year diary; one correction if the
    # generator is not linear in the years.
    per_year = max(diaries["10y"]["sessions"] / 10, 1.0)
    years = min(MAX_YEARS, max(1, round(TARGET_SESSIONS / per_year)))
    path = make_demo(folder, years, env)
    count = count_sessions(path)
    if abs(count - TARGET_SESSIONS) > TARGET_SESSIONS * 0.1 and years < MAX_YEARS:
        years = min(MAX_YEARS, max(1, round(years * TARGET_SESSIONS / max(count, 1))))
        path = make_demo(folder, years, env)
        count = count_sessions(path)
    diaries["30k"] = {"path": path, "years": years, "sessions": count}
    for info in diaries.values():
        info["bytes"] = info["path"].stat().st_size
    return diaries


# -- statistics -------------------------------------------------------------------
def summary(samples: Sequence[float]) -> dict[str, Any]:
    """Median, quartiles and the samples themselves."""
    ordered = sorted(samples)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4)
    else:
        q1 = q3 = ordered[0]
    return {
        "median": statistics.median(ordered),
        "q1": q1,
        "q3": q3,
        "min": ordered[0],
        "n": len(ordered),
        "samples": list(samples),
    }


class Samples:
    """Wall-clock and CPU time of the repeated runs of one step.

    CPU time (this process's, all threads) is far less disturbed by other work
    on the machine than wall time, but it leaves out waiting for the disk; both
    are kept and the targets are judged on wall time.
    """

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextlib.contextmanager
    def timing(self, keep: bool = True):  # -> Iterator[None]
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        if keep:
            self.wall.append(time.perf_counter() - wall)
            self.cpu.append(time.process_time() - cpu)

    def summary(self) -> dict[str, Any]:
        return {"wall": summary(self.wall), "cpu": summary(self.cpu)}


# -- (a) and (b): start-up and peak memory --------------------------------------
def measure_startup(
    diaries: dict[str, dict[str, Any]],
    reps: int,
    env: dict[str, str],
    work: Path,
    problems: list[str],
) -> dict[str, Any]:
    """Fresh processes of the floor and of the app on each diary, interleaved.

    A run that printed SMOKE OK but exited non-zero still counts and is listed
    in ``problems`` (the smoke test promises exit code 0).
    """
    log = work / "startup-stderr.log"
    variants: dict[str, list[str]] = {"floor": [sys.executable, str(FLOOR_APP)]}
    for name, info in diaries.items():
        copy = work / f"startup-{name}.json"
        shutil.copyfile(info["path"], copy)
        variants[name] = [
            sys.executable,
            "-m",
            "recovery_diary",
            "--smoke-test",
            "--data-file",
            str(copy),
        ]
    names = list(variants)
    runs: dict[str, list[ProcessRun]] = {name: [] for name in names}
    # One unmeasured run each warms the disk cache, byte-code and font caches.
    for name in names:
        time_process(variants[name], env, log)
    for rep in range(reps):
        # Rotate the order so no variant always follows the same neighbour.
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            found = time_process(variants[name], env, log)
            runs[name].append(found)
            if found.returncode != 0:
                tail = log.read_text(errors="replace").strip().splitlines()[-3:]
                problems.append(
                    f"start-up {name} printed SMOKE OK, then exited {found.returncode}: {tail}"
                )
        print(f"  start-up round {rep + 1}/{reps} done", flush=True)
    floor = runs["floor"]
    return {
        name: {
            "wall_s": summary([r.wall for r in found]),
            "smoke_s": summary([r.smoke for r in found]),
            "cpu_s": summary([r.cpu for r in found]),
            "max_rss_mib": summary([r.max_rss / MIB for r in found]),
            # Runs of one round ran seconds apart, under the same load: the ratio
            # within each round is steadier than the ratio of the medians.
            "paired_wall_ratio": summary(
                [r.wall / f.wall for r, f in zip(found, floor, strict=True)]
            ),
            "paired_cpu_ratio": summary([r.cpu / f.cpu for r, f in zip(found, floor, strict=True)]),
        }
        for name, found in runs.items()
    }


# -- (c), (d), (e): in-process workers --------------------------------------------
def run_worker(
    kind: str, diary: Path, reps: int, env: dict[str, str], problems: list[str]
) -> dict[str, Any]:
    """Run one in-process measurement in its own process; return its JSON result.

    A worker that printed its result but then failed while exiting still counts;
    the failure is added to ``problems`` so the report shows it.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, str(diary), str(reps)]
    done = subprocess.run(
        cmd,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT * 5,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if "Error" in line]
        problems.append(f"{kind} worker on {diary.name} exited {done.returncode}: {lines[:1]}")
    return json.loads(lines[-1])


def _drain(app: Any, canvas: Any) -> None:
    """Process events until the chart's pending idle draw (and its paint) are done."""
    app.processEvents()
    for _ in range(100):
        if not getattr(canvas, "_draw_pending", False):
            break
        app.processEvents()
    app.processEvents()


def _free_days(diary: Path, today: Any, count: int) -> list[Any]:
    """The latest ``count`` days before ``today`` with no session stored in ``diary``.

    After a save the window shows that day's first session in the form. On a free
    day that is the session just saved, so the form keeps its layout; on a day
    with a run already recorded it would switch to the run/walk fields, resize
    the chart and redraw it in full, a cost that depends on the demo's days
    rather than on the diary's size.
    """
    import datetime as dt

    data = json.loads(diary.read_text(encoding="utf-8"))
    taken = {record["date"] for record in (data.get("sessions") or {}).values()}
    days = []
    day = today
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.isoformat() not in taken:
            days.append(day)
    return days


def _private_copy(diary: Path) -> Path:
    """A copy of ``diary`` in a folder removed when the worker exits."""
    folder = Path(tempfile.mkdtemp(prefix="rd-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = folder / "diary.json"
    shutil.copyfile(diary, copy)
    return copy


def worker_ui(diary: Path, reps: int) -> dict[str, Any]:
    """Build the window on a copy of ``diary``; time chart redraws and form saves."""
    import datetime as dt

    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from recovery_diary.app import after_first_frame, build_window

    imported = time.perf_counter() - started
    shown: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        shown.append(str(args[2] if len(args) > 2 else args))
        return QMessageBox.StandardButton.Ok

    # A message box would block an offscreen run for ever; record it instead.
    for name in ("warning", "information", "critical", "question"):
        setattr(QMessageBox, name, staticmethod(refuse))

    # Before Python 3.12 None is reference-counted, and some PySide6 releases drop
    # one reference to it per call of a method returning nothing: after enough
    # calls None is freed and the process aborts. These extra references keep
    # the worker alive to the end; how many a save loses is reported.
    ballast = [None] * 5_000_000
    copy = _private_copy(diary)
    started = time.perf_counter()
    window = build_window(copy, backup=False)
    built = time.perf_counter() - started
    app = QApplication.instance()
    window.show()
    chart = window.chartView
    canvas = chart.canvas
    _drain(app, canvas)
    after_first_frame()  # as the app does once its window is up
    canvas.draw()
    _drain(app, canvas)
    today = dt.date.today()

    # (d) Move the 6-week window back through the last year and draw it; both the
    # 1- and 10-year diaries have records there, so they draw the same amount.
    redraw, redraw_year = Samples(), Samples()
    for rep in range(2 * reps + 1):
        end = today - dt.timedelta(weeks=6 * (rep % 8 + 1))
        with redraw.timing(keep=rep > 0):  # the first one warms matplotlib's caches
            chart.set_window(end, 6)
            canvas.draw()
        _drain(app, canvas)
    for rep in range(max(3, reps // 2) + 1):
        with redraw_year.timing(keep=rep > 0):
            chart.set_window(today - dt.timedelta(weeks=rep % 2), 52)
            canvas.draw()
        _drain(app, canvas)
    chart.set_window(today, 6)
    _drain(app, canvas)

    # (c) Save a new session from the form until the file, calendar and chart show it.
    form = window.sessionForm
    save = Samples()
    none_refs = 0
    cycling = form.activityCombo.findData("cycling")
    days = _free_days(copy, today, reps + 1)
    for rep, day in enumerate(days):
        note = f"benchmark save {rep}"
        window.select_day(day)
        form.new_session(day)
        form.activityCombo.setCurrentIndex(cycling)
        form.durationSpin.setValue(25 + rep % 20)
        for value, spin in enumerate(form.painSpins.values()):
            spin.setValue(value % 3)
        form.notesEdit.setPlainText(note)
        _drain(app, canvas)
        # The first save warms caches (the status bar's font, ...).
        with save.timing(keep=rep > 0):
            form.saveButton.click()
            _drain(app, canvas)
        stored = json.loads(copy.read_text(encoding="utf-8"))["sessions"].values()
        if not any(s.get("notes") == note and s["date"] == day.isoformat() for s in stored):
            raise SystemExit(f"the saved session is not in the file: {shown or form.session()}")
        if window.calendar.mark(day) is None:
            raise SystemExit("the calendar shows no mark on the saved day")
        if rep == 0:  # counted from here: the first save also frees what the start cached
            none_refs = sys.getrefcount(None)
    none_lost = (none_refs - sys.getrefcount(None)) / max(reps, 1)
    if shown:
        raise SystemExit(f"the window showed messages: {shown}")
    window.close()
    del ballast
    return {
        "import_s": imported,
        "none_refs_lost_per_save": none_lost,
        "build_window_s": built,
        "redraw_6w_s": redraw.summary(),
        "redraw_52w_s": redraw_year.summary(),
        "save_s": save.summary(),
    }


def _floor_write(path: Path, data: dict[str, Any]) -> None:
    """The least a crash-safe save can do: serialise, write, fsync, rename."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = path.with_name(f".{path.name}.floor.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def worker_write(diary: Path, reps: int) -> dict[str, Any]:
    """Time Diary.record on ``diary`` against the storage floor on the same data."""
    import datetime as dt

    from recovery_diary import Diary, Session

    copy = _private_copy(diary)
    floor_path = copy.with_name("floor.json")
    data = json.loads(copy.read_text(encoding="utf-8"))
    opened = time.perf_counter()
    book = Diary.open(copy)
    opened = time.perf_counter() - opened
    today = dt.date.today()
    record, floor = Samples(), Samples()
    for rep in range(reps + 1):
        session = Session(
            date=today - dt.timedelta(days=1 + rep % 28),
            activity="cycling",
            duration_minutes=30,
            notes=f"benchmark write {rep}",
        )
        with record.timing(keep=rep > 0):
            book.record(session)
        with floor.timing(keep=rep > 0):
            _floor_write(floor_path, data)
    stored = json.loads(copy.read_text(encoding="utf-8"))["sessions"]
    if len(stored) != len(data.get("sessions") or {}) + reps + 1:
        raise SystemExit("Diary.record did not store every session")
    book.close()
    return {
        "open_s": opened,
        "bytes": copy.stat().st_size,
        "record_s": record.summary(),
        "floor_s": floor.summary(),
    }


def worker_report(diary: Path, reps: int) -> dict[str, Any]:
    """Time ``Diary.export_report`` of the whole diary, as the window's first report.

    The app has imported and drawn with matplotlib before anyone exports a
    report, so this process does too; the first report still pays for
    importing ReportLab and reading the fonts, and is the one judged.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from recovery_diary import Diary

    figure = Figure()
    FigureCanvasAgg(figure)
    figure.subplots().plot([0, 1], [0, 1])
    figure.canvas.draw()

    copy = _private_copy(diary)
    book = Diary.open(copy)
    target = copy.with_name("report.pdf")
    first, again = Samples(), Samples()
    with first.timing():
        pages = book.export_report(target)
    for _ in range(reps):
        with again.timing():
            book.export_report(target)
    book.close()
    return {
        "pages": pages,
        "bytes": target.stat().st_size,
        "first_s": first.summary(),
        "again_s": again.summary(),
    }


WORKERS: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "ui": worker_ui,
    "write": worker_write,
    "report": worker_report,
}


# -- report ---------------------------------------------------------------------
def ratio(a: float, b: float) -> float:
    return a / b if b else math.inf


CSV_ROWS = 100_000


def measure_csv_import(work: Path, reps: int) -> dict[str, Any]:
    """``Diary.import_csv`` of 100,000 rows into a new diary, against csv.DictReader.

    The floor only splits the same file into dictionaries; the import reads,
    checks every row, and writes them all to the diary in one crash-safe write.
    """
    import csv

    from recovery_diary import Diary, Session
    from recovery_diary.exports.csv_io import export_csv

    first = dt.date(1830, 1, 1)
    sessions = [
        Session(
            first + dt.timedelta(days=i // 2),
            ("cycling", "elliptical", "walking")[i % 3],
            duration_minutes=20 + i % 40,
            pain_before=i % 4,
            pain_during=i % 5,
            notes="easy, back fine" if i % 7 == 0 else "",
        )
        for i in range(CSV_ROWS)
    ]
    source = work / "import.csv"
    export_csv(sessions, source)
    floor, imports = Samples(), Samples()
    for rep in range(reps):
        with floor.timing(), source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == CSV_ROWS
        target = work / f"import-{rep}.json"
        diary = Diary.open(target)
        with imports.timing():
            added = diary.import_csv(source)
        assert len(added) == CSV_ROWS
        diary.close()
        target.unlink()
    return {"rows": CSV_ROWS, "import_s": imports.summary(), "floor_s": floor.summary()}


def targets(results: dict[str, Any]) -> list[Target]:
    """The goals of the benchmark, judged on wall time; the same ratios in CPU time beside them.

    Start-up is judged on the paired ratio (the median of app / floor within each
    round): a change of load part-way through a run moves both runs of a round
    alike, while it can move the floor's median and the app's apart.
    """
    start = results["startup"]
    ui = results["ui"]
    write = results["write"]["30k"]

    def startup(name: str) -> tuple[float, float]:
        row = start[name]
        return row["paired_wall_ratio"]["median"], row["paired_cpu_ratio"]["median"]

    def versus(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, float]:
        return (
            ratio(a["wall"]["median"], b["wall"]["median"]),
            ratio(a["cpu"]["median"], b["cpu"]["median"]),
        )

    def memory(name: str) -> float:
        return start[name]["max_rss_mib"]["median"] - start["floor"]["max_rss_mib"]["median"]

    def report(name: str) -> tuple[float, float]:
        # Start-up here is spawn to the first frame painted (SMOKE OK): what a person waits.
        first, row = results["report"][name]["first_s"], start[name]
        return (
            ratio(first["wall"]["median"], row["smoke_s"]["median"]),
            ratio(first["cpu"]["median"], row["cpu_s"]["median"]),
        )

    csv_rows = results["csv_import"]
    return [
        Target("start-up, new diary <= 1.10 x floor", *startup("0"), 1.10, "x"),
        Target("start-up, 1 year <= 1.10 x floor", *startup("1y"), 1.10, "x"),
        Target("start-up, 10 years <= 1.15 x floor", *startup("10y"), 1.15, "x"),
        Target("start-up, 30k sessions <= 1.30 x floor", *startup("30k"), 1.30, "x"),
        Target("peak memory, 10 years <= floor + 12 MiB", memory("10y"), None, 12.0, "MiB"),
        Target("peak memory, 30k sessions <= floor + 30 MiB", memory("30k"), None, 30.0, "MiB"),
        Target(
            "save, 30k sessions <= 2 x 1 year",
            *versus(ui["30k"]["save_s"], ui["1y"]["save_s"]),
            2.0,
            "x",
        ),
        Target(
            "chart redraw, 10 years <= 1.2 x 1 year",
            *versus(ui["10y"]["redraw_6w_s"], ui["1y"]["redraw_6w_s"]),
            1.2,
            "x",
        ),
        Target(
            "Diary.record, 30k sessions <= 1.2 x storage floor",
            *versus(write["record_s"], write["floor_s"]),
            1.2,
            "x",
        ),
        Target("report, 1 year < start-up on it", *report("1y"), 1.0, "x"),
        Target("report, 10 years < start-up on it", *report("10y"), 1.0, "x"),
        Target(
            "CSV import, 100,000 rows <= 3 x csv.DictReader",
            *versus(csv_rows["import_s"], csv_rows["floor_s"]),
            3.0,
            "x",
        ),
    ]


def _ms(value: float, width: int = 8) -> str:
    return f"{value * 1000:{width}.1f}"


def _wall_cpu(row: dict[str, Any]) -> str:
    return f"{_ms(row['wall']['median'])} {_ms(row['cpu']['median'], 7)}"


def print_report(results: dict[str, Any]) -> None:
    """The table of medians, ratios and targets."""
    print()
    print("Diaries:")
    for name, info in results["diaries"].items():
        print(
            f"  {name:>4}: {info['years']:>3} years, {info['sessions']:>6} sessions, "
            f"{info['bytes'] / MIB:6.2f} MiB"
        )
    start = results["startup"]
    floor = start["floor"]
    print()
    print(
        f"Start-up, fresh process (median of {floor['wall_s']['n']}; ratios to the floor; "
        "paired = median of the ratios within each round)"
    )
    print(
        f"  {'':>5} {'exit ms':>8} {'ratio':>5} {'paired':>6} {'(IQR ms)':>13} "
        f"{'SMOKE ms':>8} {'ratio':>5} "
        f"{'CPU ms':>7} {'ratio':>5} {'RSS MiB':>7} {'+floor':>6}"
    )
    for name, row in start.items():
        wall, smoke, cpu, rss = row["wall_s"], row["smoke_s"], row["cpu_s"], row["max_rss_mib"]
        print(
            f"  {name:>5} {_ms(wall['median'])} "
            f"{ratio(wall['median'], floor['wall_s']['median']):5.2f} "
            f"{row['paired_wall_ratio']['median']:6.2f} "
            f"({wall['q1'] * 1000:5.0f}-{wall['q3'] * 1000:5.0f}) "
            f"{_ms(smoke['median'])} {ratio(smoke['median'], floor['smoke_s']['median']):5.2f} "
            f"{_ms(cpu['median'], 7)} {ratio(cpu['median'], floor['cpu_s']['median']):5.2f} "
            f"{rss['median']:7.1f} {rss['median'] - floor['max_rss_mib']['median']:+6.1f}"
        )
    print()
    print("In-process, offscreen window on a copy of the diary (medians, ms: wall CPU)")
    print(f"  {'':>5} {'build':>7} {'save':>16} {'redraw 6 weeks':>16} {'redraw 52 weeks':>16}")
    for name, row in results["ui"].items():
        print(
            f"  {name:>5} {row['build_window_s'] * 1000:7.0f} {_wall_cpu(row['save_s'])} "
            f"{_wall_cpu(row['redraw_6w_s'])} {_wall_cpu(row['redraw_52w_s'])}"
        )
    print()
    print("File write: one Diary.record vs json.dumps + write + fsync + replace (ms: wall CPU)")
    print(f"  {'':>5} {'Diary.record':>16} {'floor':>16} {'ratio':>5}")
    for name, row in results["write"].items():
        record, floor_row = row["record_s"], row["floor_s"]
        print(
            f"  {name:>5} {_wall_cpu(record)} {_wall_cpu(floor_row)} "
            f"{ratio(record['wall']['median'], floor_row['wall']['median']):5.2f}"
        )
    print()
    print("Physio report of the whole diary, first in a process and again (ms: wall CPU)")
    print(f"  {'':>5} {'first':>16} {'again':>16} {'start-up':>9} {'ratio':>5} {'pages':>5}")
    for name, row in results["report"].items():
        smoke = start[name]["smoke_s"]["median"]
        print(
            f"  {name:>5} {_wall_cpu(row['first_s'])} {_wall_cpu(row['again_s'])} "
            f"{_ms(smoke, 9)} {ratio(row['first_s']['wall']['median'], smoke):5.2f} "
            f"{row['pages']:>5}"
        )
    unsteady = [
        name
        for name, row in start.items()
        if abs(
            row["paired_wall_ratio"]["median"]
            - ratio(row["wall_s"]["median"], floor["wall_s"]["median"])
        )
        > 0.05
    ]
    if unsteady:
        print(
            "  NOTE: the load on the machine changed during the start-up runs "
            f"({', '.join(unsteady)}: ratio of medians and paired ratio differ by more than "
            "0.05); the paired ratio is the steadier, but a quiet machine gives a cleaner table."
        )
    for problem in results["problems"]:
        print(f"  PROBLEM: {problem}")
    print()
    print("Targets (judged on wall time, start-up on the paired ratio; CPU time in brackets)")
    for target in results["targets"]:
        mark = "PASS" if target["pass"] else "MISS"
        cpu = f"(cpu {target['cpu_value']:.2f})" if target["cpu_value"] is not None else ""
        print(
            f"  {mark}  {target['name']:<46} {target['value']:6.2f} {target['unit']:<3} "
            f"limit {target['limit']:<5g} {cpu}"
        )


# -- main -------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, Any]:
    reps = QUICK if args.quick else FULL
    began = time.perf_counter()
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rd-bench-")))
        env = child_env(work)
        folder = Path(args.diaries) if args.diaries else work / "diaries"
        print("Preparing diaries ...", flush=True)
        diaries = prepare_diaries(folder, env)
        print("Measuring start-up and memory ...", flush=True)
        problems: list[str] = []
        startup = measure_startup(diaries, reps.startup, env, work, problems)
        print("Measuring saving and chart redraws ...", flush=True)
        ui = {
            name: run_worker("ui", diaries[name]["path"], reps.save, env, problems)
            for name in ("1y", "10y", "30k")
        }
        lost = max(row["none_refs_lost_per_save"] for row in ui.values())
        # A save makes thousands of Qt calls: a binding that drops a reference per
        # call loses that many. A few dozen come and go with what the diary caches.
        if lost >= NONE_REFS_LEAK:
            problems.append(
                f"each save loses {lost:.0f} references to None (a refcount bug in the "
                "Qt binding on Python < 3.12): a long session ends in 'Fatal Python error: "
                "none_dealloc'"
            )
        print("Measuring file writes ...", flush=True)
        write = {
            name: run_worker("write", diaries[name]["path"], reps.write, env, problems)
            for name in ("1y", "10y", "30k")
        }
        print("Measuring a 100,000-row CSV import ...", flush=True)
        csv_import = measure_csv_import(work, 3 if args.quick else 5)
        print("Measuring the physio report ...", flush=True)
        again = max(3, reps.write // 2)
        report = {
            name: run_worker("report", diaries[name]["path"], again, env, problems)
            for name in ("1y", "10y")
        }
    results: dict[str, Any] = {
        "meta": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "quick": bool(args.quick),
            "reps": reps.__dict__,
            "seconds": round(time.perf_counter() - began, 1),
        },
        "diaries": {
            name: {k: (str(v) if isinstance(v, Path) else v) for k, v in info.items()}
            for name, info in diaries.items()
        },
        "startup": startup,
        "ui": ui,
        "write": write,
        "csv_import": csv_import,
        "report": report,
        "problems": problems,
    }
    results["targets"] = [t.as_dict() for t in targets(results)]
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--diaries",
        metavar="DIR",
        help="keep the generated diaries in DIR and reuse them (default: a temporary folder)",
    )
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, diary, reps = args.worker
        print(json.dumps(WORKERS[kind](Path(diary), int(reps))))
        return 0
    results = run(args)
    print_report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nWrote {args.json}")
    print(f"({results['meta']['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
