"""Ctrl-C in the middle of a batch: the interrupt goes on to the caller, and
the timeline and its store are exactly as before the batch, still usable.

Interrupts are injected deterministically at the k-th call of a hook the
batch makes: an event kind's ``references`` (called while the batch is
linked into the indices and while it is validated) and an event registry's
``encode`` (called while a store writes the batch). The hook either raises
KeyboardInterrupt itself or sends this process a real SIGINT.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from timeline import (
    Event,
    EventTypes,
    Joined,
    Left,
    PersonDeclared,
    Source,
    Timeline,
    TimelineError,
    organization,
)
from timeline.engine.interrupts import Deferred

SRC = Source("wire")
REC = "2024-11-01T00:00:00Z"


class Tripwire:
    """Counts the calls of the hooks; at the ``at``-th, interrupts."""

    def __init__(self, at: int = 0, how: str = "raise") -> None:
        self.at, self.how, self.calls = at, how, 0

    def __call__(self) -> None:
        self.calls += 1
        if self.calls != self.at:
            return
        if self.how == "raise":
            raise KeyboardInterrupt
        os.kill(os.getpid(), signal.SIGINT)


TRIP = [Tripwire()]  # the tripwire the hooks below call


@attrs.frozen(kw_only=True)
class Visit(Event):
    """An event kind of an application's own, whose references are a hook."""

    kind: ClassVar[str] = "visit"
    org: str = organization()

    def references(self) -> Any:
        TRIP[0]()
        return super().references()


class Types(EventTypes):
    """The event kinds, with ``encode`` (a store writing a row) as a hook."""

    def encode(self, event: Event) -> dict[str, object]:
        TRIP[0]()
        return super().encode(event)


KINDS = EventTypes.default().with_types(Visit)
TYPES = Types(by_kind={kind: KINDS[kind] for kind in KINDS})


def batch() -> list[Event]:
    """A batch that touches people, tenures and names, with hooks all along."""
    events: list[Event] = []
    for i in range(4):
        person = f"visitor-{i}"
        events += [
            PersonDeclared(id=f"decl-{person}", valid="2020", entity=person,
                           name=f"Visitor {i}", sources=SRC, recorded=REC),
            Visit(id=f"visit-{i}", valid="2024-03", org="openai", sources=SRC, recorded=REC),
            Joined(id=f"joined-{i}", valid="2024-02", person=person, org="openai",
                   role="engineer", sources=SRC, recorded=REC),
        ]
    events += [
        Left(id="greg-left", valid="2024-09", person="greg-brockman", org="openai",
             sources=SRC, recorded=REC),
        Visit(id="visit-last", valid="2024-09", org="openai", sources=SRC, recorded=REC),
        Left(id="left-0", valid="2024-09-15", person="visitor-0", org="openai",
             sources=SRC, recorded=REC),
    ]
    return events


def answers(tl: Timeline) -> tuple[object, ...]:
    """What the timeline answers, broadly: its log, rosters, careers, names."""
    views = []
    for day in ("2024-01", "2024-06", "2024-12"):
        for known in (None, "2024-06-01"):
            views.append(tl.roster("OpenAI", at=day, known=known))
            views.append(tl.where("greg-brockman", at=day, known=known))
    try:
        views.append(tl.career("visitor-0"))
    except TimelineError as error:
        views.append(type(error).__name__)
    return (tl.position, [e.id for e in tl], views, tl.verify().ok)


def hook_calls(url: str | None, tmp: Path) -> int:
    """How many times a clean append of the batch calls the hooks."""
    TRIP[0] = Tripwire()
    with opened(url, tmp / "count") as tl:
        TRIP[0] = Tripwire()
        tl.extend(batch())
        return TRIP[0].calls


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> str | None:
    if request.param == "memory":
        return None
    if request.param == "sqlite":
        return "sqlite"
    return str(request.getfixturevalue("postgres_url"))


def address(url: str | None, tmp: Path) -> str | None:
    """Where the store of a test is: a new SQLite file in ``tmp``, or the test
    database on PostgreSQL, emptied."""
    if url == "sqlite":
        tmp.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{tmp / 'log.sqlite'}"
    if url is not None:
        import psycopg  # noqa: PLC0415 - only with a server

        with psycopg.connect(url, autocommit=True) as db:
            for table in ("timeline_events", "timeline_meta"):
                db.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    return url


def opened(url: str | None, tmp: Path) -> Timeline:
    """A timeline holding the example's events, in memory or over a new store."""
    where = address(url, tmp)
    tl = Timeline(types=TYPES) if where is None else Timeline.open(where, types=TYPES)
    tl.extend(Timeline.example())
    return tl


def reopened(url: str | None, tmp: Path) -> Timeline:
    """The store of ``opened(url, tmp)`` read anew, as another process would."""
    where = f"sqlite:///{tmp / 'log.sqlite'}" if url == "sqlite" else url
    assert where is not None
    return Timeline.open(where, types=TYPES)


def trips(calls: int) -> Iterator[int]:
    """Every call when there are few, else a spread of them, first and last included."""
    step = max(1, calls // 12)
    yield from sorted({*range(1, calls + 1, step), calls})


@pytest.mark.parametrize("how", ["raise", "signal"])
def test_an_interrupt_at_any_point_of_a_batch_leaves_the_timeline_and_store_as_before(
        store: str | None, how: str, tmp_path: Path) -> None:
    calls = hook_calls(store, tmp_path)
    assert calls >= 10
    clean = opened(store, tmp_path / "clean")
    clean.extend(batch())
    expected_after = answers(clean)
    clean.close()
    for at in trips(calls):
        TRIP[0] = Tripwire()
        with opened(store, tmp_path / f"{how}-{at}") as tl:
            before = answers(tl)
            TRIP[0] = Tripwire(at, how)
            with pytest.raises(KeyboardInterrupt):
                tl.extend(batch())
            assert before == answers(tl), at
            tl._check()
            if store is not None:  # nothing was written: a new reader sees the same
                with reopened(store, tmp_path / f"{how}-{at}") as again:
                    assert before == answers(again), at
            TRIP[0] = Tripwire()
            assert len(batch()) == tl.extend(batch())  # still usable
            assert expected_after == answers(tl), at
            tl._check()


class LineTrip:
    """A tracer that counts the lines run and, at the ``at``-th, sends this
    process a SIGINT: Ctrl-C at an arbitrary point, deterministically."""

    def __init__(self, at: int = 0) -> None:
        self.at, self.lines = at, 0

    def __call__(self, frame: object, event: str, arg: object) -> LineTrip:
        if event == "line":
            self.lines += 1
            if self.lines == self.at:
                os.kill(os.getpid(), signal.SIGINT)
        return self


def traced(tl: Timeline, trip: LineTrip) -> None:
    sys.settrace(trip)
    try:
        tl.extend(batch())
    finally:
        sys.settrace(None)


def test_ctrl_c_at_any_line_of_a_batch_leaves_the_timeline_and_store_as_before(
        store: str | None, tmp_path: Path) -> None:
    TRIP[0] = Tripwire()
    with opened(store, tmp_path / "count") as tl:
        counter = LineTrip()
        traced(tl, counter)
    interrupted = 0
    for at in range(1, counter.lines, max(1, counter.lines // 40)):
        with opened(store, tmp_path / f"line-{at}") as tl:
            before = answers(tl)
            try:
                traced(tl, LineTrip(at))
            except KeyboardInterrupt:
                interrupted += 1
                assert before == answers(tl), at
            else:  # the interrupt came as the batch landed: it is whole
                assert len(before[1]) + len(batch()) == len(answers(tl)[1]), at
            tl._check()
    assert interrupted > 30


@pytest.mark.parametrize(("how", "calls"), [("raise", 30_000), ("signal", 31_000)])
def test_an_interrupt_while_an_import_streams_undoes_every_chunk_taken_in(
        how: str, calls: int, tmp_path: Path) -> None:
    lines = tmp_path / "people.jsonl"
    people = [PersonDeclared(id=f"d{i}", valid="2000", entity=f"p{i}", name=f"P {i}",
                             sources=SRC, recorded=REC) for i in range(21_000)]
    Timeline(people).export_jsonl(lines)
    TRIP[0] = Tripwire()
    with opened("sqlite", tmp_path) as tl:
        before = answers(tl)
        # the file's 21,000 events are checked (an encoding each), then written
        # 10,000 rows at a time (another each): this is within the first chunk
        TRIP[0] = Tripwire(30_000, how)
        with pytest.raises(KeyboardInterrupt):
            tl.import_jsonl(lines)
        # a signal is raised once the chunk in hand is written, before the next
        assert calls == TRIP[0].calls
        assert before == answers(tl)
        tl._check()
        with reopened("sqlite", tmp_path) as again:
            assert before == answers(again)
        TRIP[0] = Tripwire()
        assert 21_000 == tl.import_jsonl(lines)
        assert 17 + 21_000 == tl.position


def test_a_signal_is_held_back_inside_and_raised_at_the_next_check() -> None:
    with Deferred() as interrupts:
        os.kill(os.getpid(), signal.SIGINT)
        assert interrupts.pending
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()
        assert not interrupts.pending
    assert signal.default_int_handler is signal.getsignal(signal.SIGINT)


def test_a_signal_held_back_is_raised_on_leaving_and_an_inner_one_shares_it() -> None:
    def nested() -> None:
        with Deferred(), Deferred() as inner:
            os.kill(os.getpid(), signal.SIGINT)
            assert inner.pending
        # the inner one left quietly: the outer raises it on leaving

    with pytest.raises(KeyboardInterrupt):
        nested()
    assert signal.default_int_handler is signal.getsignal(signal.SIGINT)


def test_a_handler_of_the_program_is_left_in_place() -> None:
    seen: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
    try:
        with Deferred() as interrupts:
            os.kill(os.getpid(), signal.SIGINT)
            interrupts.check()
        assert [signal.SIGINT] == seen
    finally:
        signal.signal(signal.SIGINT, previous)
