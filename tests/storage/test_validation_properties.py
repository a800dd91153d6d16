"""Generated sessions, check-ins and unknown fields: nothing invalid gets in, nothing valid
is refused, and what is stored reads back equal, also after the file is opened again.

The rules below are written from DESIGN §3 on their own, not taken from the code
they check. Each test keeps one diary for all its examples, so the file grows
as a runner's would; the file is compared byte for byte around every refusal.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pinned_clock import TODAY

from recovery_diary import CheckIn, Diary, InvalidSession, Session
from recovery_diary import fileio as atomic
from recovery_diary.storage import DiaryStore

ACTIVITIES = ("run_walk", "elliptical", "cycling", "walking", "swimming", "rowing", "other")
RED_FLAGS = (
    "saddle_numbness",
    "bladder_bowel",
    "leg_weakness",
    "both_legs",
    "fever",
    "night_pain",
    "trauma",
)
PAINS = ("pain_before", "pain_during", "pain_after", "pain_next_morning")


def examples(count: int) -> settings:
    """Settings for one property: ``count`` examples, no per-example deadline (fsync)."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


#: Examples per property (2,100 over the suite); every one is run, see ``ran``.
EXAMPLES = {"record": 1000, "update": 500, "check_in": 400, "unknown": 200}
ran: Counter[str] = Counter()

# -- the rules, written from DESIGN §3 ------------------------------------------------


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_day(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def bad_fields(s: Session) -> set[str]:
    """The fields of ``s`` that DESIGN §3 does not allow."""
    bad = set()
    if not is_day(s.date) or (s.status == "done" and s.date > TODAY):
        bad.add("date")
    if s.activity not in ACTIVITIES:
        bad.add("activity")
    if s.status not in ("planned", "done"):
        bad.add("status")
    if s.activity == "run_walk":
        run, walk = s.run_minutes, s.walk_minutes
        if not is_number(run) or run <= 0:
            bad.add("run_minutes")
        if walk is not None and (not is_number(walk) or walk < 0):
            bad.add("walk_minutes")
        if not bad & {"run_minutes", "walk_minutes"} and run + (walk or 0) > 300:
            bad.add("run_minutes")
        if s.repeats is not None and not (is_whole(s.repeats) and 1 <= s.repeats <= 100):
            bad.add("repeats")
        if s.stage is not None and not (is_whole(s.stage) and 1 <= s.stage <= 6):
            bad.add("stage")
    elif s.activity in ACTIVITIES:
        d = s.duration_minutes
        if not is_number(d) or not 0 < d <= 300:
            bad.add("duration_minutes")
        for name in ("run_minutes", "walk_minutes", "repeats", "stage"):
            if getattr(s, name) is not None:
                bad.add(name)
    for name in PAINS:
        value = getattr(s, name)
        if value is not None and not (is_whole(value) and 0 <= value <= 10):
            bad.add(name)
    if not isinstance(s.notes, str) or len(s.notes) > 10_000:
        bad.add("notes")
    return bad


def as_stored(s: Session) -> Session:
    """What a valid session is once stored: a run's duration is its run plus walk."""
    if s.activity == "run_walk":
        walk = s.walk_minutes or 0
        return s.replace(walk_minutes=walk, duration_minutes=s.run_minutes + walk)
    return s


# -- generated values: half the sessions valid, the others with 1-3 bad fields -------


def sometimes(good: st.SearchStrategy, bad: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly ``good``, now and then ``bad`` (for values inside a larger example)."""
    return st.one_of(good, good, good, bad)


def minutes(top: int) -> st.SearchStrategy:
    return st.one_of(
        st.integers(1, top),
        st.floats(min_value=0, max_value=top, exclude_min=True, allow_nan=False),
    )


bad_numbers = st.sampled_from(
    [0, -1, -0.5, 301, 1e9, math.nan, math.inf, -math.inf, True, False, "30", None]
)
notes = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", "x" * 10_000, "\x00\u2028\"\\'{}[]", "=cmd|' /C calc'!A0"]),
)
pains = (st.none() | st.integers(0, 10), st.sampled_from([-1, 11, 2.5, True, "3"]))
#: field -> (good values, bad values); built once, as building strategies is not free.
RUN_FIELDS = {
    "run_minutes": (minutes(200), bad_numbers),
    "walk_minutes": (st.none() | minutes(100), bad_numbers),
    "repeats": (st.none() | st.integers(1, 100), st.sampled_from([0, 101, 2.0, True])),
    "stage": (st.none() | st.integers(1, 6), st.sampled_from([0, 7, 2.5, True, "3"])),
    "duration_minutes": (st.none() | minutes(300), st.none() | minutes(300)),  # run + walk
}
OTHER_FIELDS = {
    "duration_minutes": (minutes(300), bad_numbers),
    **{
        name: (st.none(), st.sampled_from([1, 0, 2.5]))
        for name in ("run_minutes", "walk_minutes", "repeats", "stage")
    },
}
COMMON_FIELDS = {
    **dict.fromkeys(PAINS, pains),
    "notes": (notes, st.sampled_from([None, 5, "x" * 10_001])),
}
STATUS = (st.sampled_from(["done", "planned"]), st.sampled_from(["", "DONE"]))
PAST_DAYS = st.dates(TODAY - dt.timedelta(days=4000), TODAY)
ANY_PLANNED_DAY = st.dates(TODAY - dt.timedelta(days=4000), TODAY + dt.timedelta(days=400))
BAD_DAYS = st.one_of(
    st.dates(TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=30)),
    st.sampled_from([None, "2024-01-01", dt.datetime(2024, 1, 1, 9)]),
)
ACTIVITY = (st.sampled_from(ACTIVITIES), st.sampled_from(["", "Cycling", "skiing", None]))
CORRUPTIBLE = ("status", "date", "activity", *RUN_FIELDS, *COMMON_FIELDS)
CORRUPTED = st.lists(st.sampled_from(CORRUPTIBLE), min_size=1, max_size=3)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    corrupt = set(draw(CORRUPTED)) if draw(st.booleans()) else set()

    def pick(name: str, strategies: tuple[st.SearchStrategy, st.SearchStrategy]) -> Any:
        return draw(strategies[name in corrupt])

    status = pick("status", STATUS)
    good_days = PAST_DAYS if status == "done" else ANY_PLANNED_DAY
    date = pick("date", (good_days, BAD_DAYS))
    activity = pick("activity", ACTIVITY)
    table = RUN_FIELDS if activity == "run_walk" else OTHER_FIELDS
    fields = {name: pick(name, pair) for name, pair in {**table, **COMMON_FIELDS}.items()}
    return Session(date=date, activity=activity, status=status, **fields)


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """These properties are about what gets into the file, not about power cuts.

    Flushing to the disk (kept on in every other storage test, and in the crash
    test) would cost most of their run time, so it is left out here.
    """
    monkeypatch.setattr(atomic, "full_fsync", lambda fd: None)
    monkeypatch.setattr(atomic, "fsync_dir", lambda folder: None)


def open_diary(folder: Path, name: str = "diary.json") -> Diary:
    folder.mkdir(parents=True, exist_ok=True)
    return Diary.open(folder / name)


def same_kind(a: Session, b: Session) -> bool:
    return (a.activity == "run_walk") == (b.activity == "run_walk")


# -- the properties ----------------------------------------------------------------


def test_record_stores_exactly_the_valid_sessions(tmp_path: Path) -> None:
    diary = open_diary(tmp_path)
    expected: dict[int, Session] = {}
    counts = {"stored": 0, "refused": 0}

    @examples(EXAMPLES["record"])
    @given(sessions())
    def check(session: Session) -> None:
        ran["record"] += 1
        bad = bad_fields(session)
        before = diary.path.read_bytes()
        if bad:
            try:
                diary.record(session)
            except InvalidSession as exc:
                assert set(exc.errors) == bad
                assert all(isinstance(m, str) and m for m in exc.errors.values())
            else:
                raise AssertionError(f"stored although {sorted(bad)} are bad: {session}")
            assert diary.path.read_bytes() == before
            counts["refused"] += 1
            return
        plan = next(
            (
                p
                for p in expected.values()
                if p.status == "planned"
                and session.status == "done"
                and p.date == session.date
                and same_kind(p, session)
            ),
            None,
        )
        saved = diary.record(session)
        want = as_stored(session).replace(id=plan.id if plan else saved.id)
        assert saved == want
        if plan is None:
            assert saved.id not in expected
        assert diary.get(saved.id) == want
        expected[saved.id] = want
        counts["stored"] += 1

    check()
    assert ran["record"] >= EXAMPLES["record"]
    assert counts["stored"] > 200 and counts["refused"] > 200, counts
    assert {s.id: s for s in diary.recorded()} == expected
    reopened = Diary.open(diary.path)
    assert {s.id: s for s in reopened.recorded()} == expected


def test_update_keeps_valid_edits_and_unknown_fields_and_refuses_the_rest(
    tmp_path: Path,
) -> None:
    diary = open_diary(tmp_path)
    base = diary.record(Session(date=TODAY, activity="cycling", duration_minutes=30))
    document = json.loads(diary.path.read_bytes())
    document["sessions"][str(base.id)]["heart_rate"] = [120, 135]
    diary.path.write_text(json.dumps(document), encoding="utf-8")
    diary = Diary.open(diary.path)
    current = {"session": diary.get(base.id)}

    @examples(EXAMPLES["update"])
    @given(sessions())
    def check(edit: Session) -> None:
        ran["update"] += 1
        edit = edit.replace(id=base.id)
        bad = bad_fields(edit)
        before = diary.path.read_bytes()
        if bad:
            try:
                diary.update(edit)
            except InvalidSession as exc:
                assert set(exc.errors) == bad
            else:
                raise AssertionError(f"updated although {sorted(bad)} are bad: {edit}")
            assert diary.path.read_bytes() == before
            assert diary.get(base.id) == current["session"]
            return
        saved = diary.update(edit)
        assert saved == as_stored(edit)
        current["session"] = saved
        record = json.loads(diary.path.read_bytes())["sessions"][str(base.id)]
        assert record["heart_rate"] == [120, 135]

    check()
    assert ran["update"] >= EXAMPLES["update"]
    assert Diary.open(diary.path).get(base.id) == current["session"]


CHECK_IN_CORRUPTED = st.lists(st.sampled_from(["date", "pain", "red_flags", "notes"]), min_size=1)
CHECK_IN_DAYS = (
    st.dates(TODAY - dt.timedelta(days=3000), TODAY),
    st.dates(TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=9)),
)
FLAGS = (
    st.lists(st.sampled_from(RED_FLAGS), max_size=3),
    st.lists(sometimes(st.sampled_from(RED_FLAGS), st.sampled_from(["dizzy", ""]))).filter(
        lambda found: any(f not in RED_FLAGS for f in found)
    ),
)
CHECK_IN_PAIN = (st.integers(0, 10), st.sampled_from([-1, 11, 1.5, True, None]))
CHECK_IN_PAIN_WITH_FLAGS = (st.none() | st.integers(0, 10), CHECK_IN_PAIN[1])
CHECK_IN_NOTES = (notes, st.just("x" * 10_001))


@st.composite
def check_ins(draw: st.DrawFn) -> tuple[dt.date, Any, tuple[Any, ...], Any]:
    corrupt = set(draw(CHECK_IN_CORRUPTED)) if draw(st.booleans()) else set()

    def pick(name: str, strategies: tuple[st.SearchStrategy, st.SearchStrategy]) -> Any:
        return draw(strategies[name in corrupt])

    day = pick("date", CHECK_IN_DAYS)
    flags = tuple(pick("red_flags", FLAGS))
    # A check-in gives a pain score, a red flag, or both.
    pain = pick("pain", CHECK_IN_PAIN_WITH_FLAGS if flags else CHECK_IN_PAIN)
    text = pick("notes", CHECK_IN_NOTES)
    return day, pain, flags, text


def check_in_bad_fields(day: dt.date, pain: Any, flags: tuple[Any, ...], text: Any) -> set[str]:
    bad = set()
    if day > TODAY:
        bad.add("date")
    if pain is not None and not (is_whole(pain) and 0 <= pain <= 10):
        bad.add("pain")
    if any(f not in RED_FLAGS for f in flags):
        bad.add("red_flags")
    if pain is None and not flags:
        bad.add("pain")
    if not isinstance(text, str) or len(text) > 10_000:
        bad.add("notes")
    return bad


def test_check_ins_store_exactly_the_valid_ones(tmp_path: Path) -> None:
    diary = open_diary(tmp_path)
    expected: dict[dt.date, CheckIn] = {}

    @examples(EXAMPLES["check_in"])
    @given(check_ins())
    def check(entry: tuple[dt.date, Any, tuple[Any, ...], Any]) -> None:
        ran["check_in"] += 1
        day, pain, flags, text = entry
        bad = check_in_bad_fields(day, pain, flags, text)
        before = diary.path.read_bytes()
        if bad:
            try:
                diary.check_in(day, pain, flags, notes=text)
            except InvalidSession as exc:
                assert set(exc.errors) == bad
            else:
                raise AssertionError(f"checked in although {sorted(bad)} are bad")
            assert diary.path.read_bytes() == before
            return
        saved = diary.check_in(day, pain, flags, notes=text)
        old = expected.get(day)
        want_flags = set(flags) | set(old.red_flags if old else ())
        assert set(saved.red_flags) == want_flags
        if pain is not None:
            assert saved.pain == pain
        elif old is not None:
            assert saved.pain == old.pain
        expected[day] = saved

    check()
    assert ran["check_in"] >= EXAMPLES["check_in"]
    assert {c.date: c for c in Diary.open(diary.path).check_ins()} == expected


# -- what the app does not know ---------------------------------------------------
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
known = {"meta", "sessions", "check_ins", "programme", "pause_lifts"}
unknown_names = st.text(min_size=1, max_size=12).filter(lambda n: n not in known)
session_fields = {
    "date",
    "activity",
    "status",
    "stage",
    "run_minutes",
    "walk_minutes",
    "repeats",
    "duration_minutes",
    *PAINS,
    "notes",
    "id",
}


@st.composite
def unknown_parts(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    extra_fields = draw(
        st.dictionaries(
            st.text(min_size=1, max_size=10).filter(lambda n: n not in session_fields),
            json_values,
            max_size=4,
        )
    )
    extra_tables = draw(
        st.dictionaries(
            unknown_names,
            st.dictionaries(
                st.integers(1, 10**6).map(str),
                st.dictionaries(st.text(max_size=8), json_values, max_size=3),
                max_size=3,
            ),
            max_size=3,
        )
    )
    extra_meta = draw(
        st.dictionaries(
            st.text(min_size=1, max_size=10).filter(lambda n: n != "schema_version"),
            json_values,
            max_size=3,
        )
    )
    return extra_fields, extra_tables, extra_meta


def test_unknown_fields_tables_and_meta_survive_load_update_and_save(tmp_path: Path) -> None:
    path = tmp_path / "diary.json"

    @examples(EXAMPLES["unknown"])
    @given(unknown_parts())
    def check(parts: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
        extra_fields, extra_tables, extra_meta = parts
        ran["unknown"] += 1
        record = {"date": "2024-03-01", "activity": "walking", "duration_minutes": 40}
        document = {
            "meta": {"1": {"schema_version": 1, **extra_meta}},
            "sessions": {"1": {**record, **extra_fields}},
            **extra_tables,
        }
        path.write_text(json.dumps(document), encoding="utf-8")
        diary = Diary.open(path)
        diary.update(diary.get(1).replace(notes="edited"))
        diary.record(Session(date=TODAY, activity="cycling", duration_minutes=20))
        diary.delete(2)
        after = json.loads(path.read_bytes())
        assert after["meta"]["1"] == {"schema_version": 1, **extra_meta}
        for name, value in extra_fields.items():
            assert after["sessions"]["1"][name] == value
        for name, table in extra_tables.items():
            assert after[name] == table
        store = DiaryStore.open(path)
        assert store.all("sessions")[1]["notes"] == "edited"

    check()
    assert ran["unknown"] >= EXAMPLES["unknown"]
