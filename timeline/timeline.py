"""The entry point: :class:`Timeline`, an append-only log with as-of queries.

Every query takes ``at=`` (a valid date: ``"2024-05-15"``, ``"2024-05"``,
``"2024"``, a ``date``; default today), ``known=`` (a recorded instant or a
date, meaning its end in UTC; default everything recorded) and
``min_certainty=`` (default ``"reported"``) where they make sense. A query
about a name the ``known=`` view had not heard of yet, though the log knows
it from a later recorded time, answers empty with ``not_known_until`` set.

Every query that takes ``known=`` also takes ``published=`` (an instant, or a
date meaning its end in UTC): the answer of a timeline of only the events
whose sources were out by then (:mod:`timeline.engine.publication`). The first
query at a new ``published=`` (and ``known=``) replays the events published
by then: O(n log n); later ones at the same view cost what the query costs.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Self

import pendulum

from timeline._example import example_events
from timeline.batch_scope import BatchScope
from timeline.engine.interrupts import Deferred
from timeline.engine.log import Entry
from timeline.engine.projections import Projections, Snapshot
from timeline.engine.publication import Citations, Publications
from timeline.engine.settling import Watched
from timeline.exports import Exports
from timeline.io import jsonl
from timeline.jsonlines import JsonLines
from timeline.lazy_scope import CACHE, cache_size
from timeline.model.dates import from_key, instant, instant_key, moment
from timeline.model.erasure_events import Erased
from timeline.model.errors import (
    ConcurrencyError,
    EventConflictError,
    InvalidEventError,
    RecordedTimeError,
    StoreError,
    TimelineError,
    UnknownEventError,
    WriteInterruptedError,
)
from timeline.model.events import Event, EventTypes, evolve
from timeline.model.limits import Limits
from timeline.queries._base import Clock, scoped
from timeline.scoping import index_keys
from timeline.stores import Store, open_store
from timeline.stores.anchors import MemoryChain
from timeline.stores.base import ATTEMPTS

__all__ = ["Timeline"]

_CHUNK = 10_000  # events of an import validated and written per step
_TOLD = 10_000  # events read between two calls of an open's progress

Progress = Callable[[str, int, int], None]
"""Told how far a long step is: its name, how much is done, of what total."""

def _utc_now() -> _dt.datetime:
    return pendulum.now("UTC")


class Timeline(BatchScope, JsonLines, Exports):
    """An append-only log of dated events and the projections that answer from it.

    >>> from timeline import Joined, PersonDeclared, OrganizationDeclared
    >>> tl = Timeline()
    >>> tl.extend([
    ...     OrganizationDeclared(id="o", valid="2015-12-11", entity="openai", name="OpenAI",
    ...                          sources="s", recorded="2024-08-19T00:00Z"),
    ...     PersonDeclared(id="p", valid="2015-12-11", entity="greg-brockman",
    ...                    name="Greg Brockman", aliases=["Brockman"], sources="s",
    ...                    recorded="2024-08-19T00:00Z"),
    ...     Joined(id="j", valid="2015-12", person="greg-brockman", org="openai",
    ...            role="president", sources="s", recorded="2024-08-19T00:00Z"),
    ... ])
    3
    >>> tl.roster("OpenAI", at="2024-08-19")
    Roster of OpenAI at 2024-08-19: 1 member
      person         role       since    status  certainty
      Greg Brockman  president  2015-12  active  reported
    """

    def __init__(
        self,
        events: Iterable[Event] = (),
        *,
        clock: Clock = _utc_now,
        types: EventTypes | None = None,
        limits: Limits | None = None,
    ) -> None:
        self._clock = clock
        self._types = types if types is not None else EventTypes.default()
        self._limits = limits if limits is not None else Limits()
        self._state = Projections()
        self._publications = Publications()
        self._store: Store | None = None
        self._closed = False
        self._from_store = Watched()
        self._chain = MemoryChain()
        self._identity: str | None = None  # the identity of the store read
        events = list(events)
        if events:
            self.extend(events)

    def _empty(self) -> Self:
        """A new timeline with this one's clock and event types, and no events."""
        return type(self)(clock=self._clock, types=self._types, limits=self._limits)

    # -- the log ------------------------------------------------------------------

    @property
    def position(self) -> int:
        """The log position of the last event (0 when empty).

        >>> Timeline().position, Timeline.example().position
        (0, 17)
        """
        return self._held.log.position

    @property
    def types(self) -> EventTypes:
        """The event kinds this timeline accepts.

        >>> "left" in Timeline().types
        True
        """
        return self._types

    def __len__(self) -> int:
        return self.position if self._scope is not None else len(self._held.log)

    def __iter__(self) -> Iterator[Event]:
        """The stored events in log order."""
        return (entry.event for entry in self._state.log)

    def __repr__(self) -> str:
        return f"<Timeline: {len(self)} events>"

    @scoped(lambda event_id: [event_id], kind="ids")
    def event(self, event_id: str) -> Event:
        """The stored event ``event_id``, as appended, or a correction's replacement.

        Runtime complexity: O(1), O(versions) for a replacement.

        >>> Timeline.example().event("ilya-leaves").valid
        ValidDate('2024-05-14')
        """
        entry = self._state.log.get(event_id)
        if entry is not None:
            return entry.event
        root = self._state.lineages.root_of(event_id)
        for version in self._state.versions.get(root or "", ()):
            if version.event.id == event_id:
                return version.event
            for claim in version.claims:  # a disputing claim answers do not use
                if claim.event.id == event_id:
                    return claim.event
        raise UnknownEventError(event_id)

    def append(self, event: Event, *, expected_position: int | None = None) -> bool:
        """Append one event; return False when the identical event was already there.

        Runtime: O(log n) plus refolding the pairs, case and names it touches.

        >>> from timeline import Left
        >>> tl = Timeline.example()
        >>> greg_leaves = Left(id="greg-leaves", valid="2024-08", person="greg-brockman",
        ...                    org="openai", sources="news", recorded="2024-10-06T10:00Z")
        >>> tl.append(greg_leaves), tl.append(greg_leaves)
        (True, False)
        """
        return self.extend([event], expected_position=expected_position) == 1

    def extend(
        self, events: Iterable[Event], *, expected_position: int | None = None
    ) -> int:
        """Append a batch, whole or not at all; return how many events were new.

        Events without a recorded time get the clock's now. An event whose id
        is already stored is skipped when identical and an error otherwise.
        With ``expected_position``, the batch lands only if the log is still
        at that position (optimistic concurrency). Over a store, the batch is
        validated and written while holding the store's write lock, after
        catching up with other writers, so concurrent appends queue and none
        is lost.
        Runtime: O(b log n) plus refolding what the batch touches.

        >>> from timeline import Joined, Left
        >>> tl = Timeline.example()
        >>> tl.extend([
        ...     Left(id="x-left", valid="2024-09", person="greg-brockman", org="openai",
        ...          sources="news", recorded="2024-10-04T00:00Z"),
        ...     Left(id="x-left-again", valid="2024-10", person="greg-brockman", org="openai",
        ...          sources="news", recorded="2024-10-05T00:00Z"),
        ... ])
        Traceback (most recent call last):
        ...
        timeline.ChronologyError: event 'x-left-again' contradicts the log: ...
        >>> tl.position
        17
        """
        if self._closed:
            raise StoreError("closed", "this timeline's store is closed; open it again to append")
        batch = list(events)
        for event in batch:
            self._check_type(event)
        now = instant(self._clock())
        store = self._store
        if store is None:
            return self._extend(batch, now, expected_position, None)
        for attempt in range(ATTEMPTS):
            try:
                store.lock()
                self.refresh()
                added = self._extend_scoped(batch, now, expected_position, store)
                if added is not None:
                    return added
                return self._extend(batch, now, expected_position, store)
            except WriteInterruptedError:
                if attempt == ATTEMPTS - 1:
                    raise  # a connection lost on every try; nothing was written
            finally:
                with Deferred():  # a second Ctrl-C must not leave the write open
                    store.rollback()
        raise AssertionError("unreachable")  # pragma: no cover

    def _extend(
        self,
        batch: list[Event],
        now: pendulum.DateTime,
        expected_position: int | None,
        store: Store | None,
        cited: Citations | None = None,
    ) -> int:
        if expected_position is not None and expected_position != self.position:
            raise ConcurrencyError(expected_position, self.position)
        fresh = self._fresh(batch, now, cited)
        if not fresh:
            return 0
        start = self.position
        entries = [Entry.of(start + i + 1, event) for i, event in enumerate(fresh)]
        try:
            self._state.append(entries, commit=_writer(store, self._held, fresh, start))
        except TimelineError as error:
            if len(fresh) > 1:
                error.add_note(f"the batch of {len(fresh)} events was rejected whole; "
                               "nothing was appended")
            raise
        return len(fresh)

    def _fresh(self, batch: list[Event], now: pendulum.DateTime,
               cited: Citations | None = None) -> list[Event]:
        """The batch's events not stored yet, with recorded times filled in
        (``cited``: what the log holds of their sources, when this timeline
        read only the batch's scope).

        Recorded time never goes backwards: each new event is recorded no
        earlier than the log's latest event and the batch's events before it,
        and no later than ``now``.
        """
        fresh: list[Event] = []
        seen: dict[str, Event] = {}
        latest = self._state.log.latest()
        bound, holder = (latest.recorded, latest.event.id) if latest is not None else (None, "")
        ceiling = instant_key(now)
        for event in batch:
            self._check_type(event)
            candidate = event if event.recorded is not None else evolve(event, recorded=now)
            earlier = seen.get(event.id)
            stored = self._state.log.get(event.id)
            if stored is None and earlier is None and self._state.lineages.root_of(event.id):
                raise EventConflictError(
                    event.id, "this id is already the id of a correction's replacement "
                    "or of a disputing claim; "
                    "give the new event an id of its own",
                )
            held = stored.event if stored is not None else earlier
            if held is not None:
                if _same(held, event):
                    continue
                raise EventConflictError(
                    event.id, "this id is already used by a different event "
                    f"({held.describe()}); give the new event an id of its own",
                )
            recorded = candidate.recorded
            assert recorded is not None
            key = instant_key(recorded)
            if key > ceiling:
                raise RecordedTimeError(event.id, moment(recorded), moment(now))
            if bound is not None and key < bound:
                raise RecordedTimeError(event.id, moment(recorded),
                                        moment(from_key(bound)), latest_event=holder)
            bound, holder = key, event.id
            self._limits.check(event.id, self._types.encode(candidate))
            seen[event.id] = candidate
            fresh.append(candidate)
        self._publications.check(self._state, fresh, cited)
        return fresh

    # -- stores ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        url: str | os.PathLike[str] | None = None,
        *,
        clock: Clock = _utc_now,
        types: EventTypes | None = None,
        create: bool = True,
        lock_timeout: float | None = 30.0,
        reconnect_timeout: float = 30.0,
        limits: Limits | None = None,
        cache: int | None = CACHE,
        progress: Progress | None = None,
    ) -> Timeline:
        """A timeline over a store: in memory (None or ``":memory:"``), a SQLite
        file (a path, or ``sqlite:///path``) or PostgreSQL (``postgresql://...``).

        Every store answers every query exactly as the in-memory timeline does;
        appends are written through, atomically, before they count. With
        ``create=False`` a SQLite file that does not exist is an error instead
        of a new, empty store. An append waits up to ``lock_timeout`` seconds
        for another writer's lock (None: for ever) before a
        :class:`~timeline.LockTimeoutError`; a PostgreSQL connection lost to
        a restart is made again for up to ``reconnect_timeout`` seconds, and
        an append it cut off is written once. ``limits`` bounds what one event may hold
        (:class:`~timeline.model.limits.Limits`).

        Opening reads no event when the store's keys reflect its log (see
        "Opening a large store" in docs/stores.md): the timeline is then
        ``lazy``, and each question about an entity reads only that entity's
        scope. It holds at most about ``cache`` events so read (None: no
        bound): past that, before reading another scope it forgets what it
        read, and reads again what a later question needs. Runtime: O(1)
        to open a lazy timeline; otherwise O(n), the log read back and its
        keys made again: ``progress`` is then told how far that is, as
        ``progress(step, done, total)`` (``"reading"`` events, then
        ``"indexing"`` them), every 10,000 events and at each step's end.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.sqlite"
        >>> with Timeline.open(path) as tl:
        ...     tl.extend(Timeline.example())
        17
        >>> with Timeline.open(f"sqlite:///{path}") as again:
        ...     again.roster("OpenAI", at="2024-06").people, again.verify()
        (('greg-brockman', 'john-schulman'), <Verification ok: 17 events chained>)
        """
        timeline = cls(clock=clock, types=types, limits=limits)
        timeline._cache = cache_size(cache)
        if url is None or str(url) == ":memory:":
            return timeline
        timeline._store = open_store(url, timeline._types, create=create,
                                     lock_timeout=lock_timeout,
                                     reconnect_timeout=reconnect_timeout)
        try:
            timeline._identity = timeline._store.identity()
            if not timeline._open_scoped(timeline._store):
                told = progress or (lambda step, done, total: None)
                timeline._read_from(timeline._store, told)
                told("indexing", 0, timeline.position)
                timeline._index_whole(timeline._store)
                told("indexing", timeline.position, timeline.position)
        except BaseException:
            timeline._store.close()
            raise
        return timeline

    @property
    def store(self) -> Store | None:
        """The store behind this timeline; None in memory."""
        return self._store

    def refresh(self) -> int:
        """Catch up with events other writers added to the store since this
        timeline's position, in one update of the projections; return how
        many. Runtime: O(new events), plus refolding what they touch.
        """
        store = self._store
        if store is None:
            if self._closed:
                raise StoreError("closed", "this timeline's store is closed, so nothing new "
                                 "can be read from it; open it again to follow it")
            return 0
        self._same_store(store)
        if self._from_store and store.last().position != self._held.log.position:
            self._settle_kept()  # answers read from the store, before it moves on
        if self._scope is not None:
            return self._refresh_scoped(store)
        # one update for everything read: each pair, case and entity the new
        # events touch is folded once, not once per chunk that touches it
        entries = [Entry.of(position, event) for position, event in store.read(after=self.position)]
        if any(isinstance(entry.event, Erased) and entry.event.redacted
               and min(at for at, _ in entry.event.redacted) <= self.position
               for entry in entries):
            # an erasure redacted events already read: read them all again
            self._rebuild(Entry.of(at, event) for at, event in store.read())
        elif entries:
            self._state.append(entries, validate=False)
        return len(entries)

    def _read_from(self, store: Store, progress: Progress) -> None:
        """Read a store's whole log into a new timeline, saying how far."""
        total = store.head()
        entries = []
        for count, (position, event) in enumerate(store.read(), 1):
            entries.append(Entry.of(position, event))
            if count % _TOLD == 0:
                progress("reading", count, total)
        progress("reading", len(entries), total)
        if entries:
            self._state.append(entries, validate=False)

    def _same_store(self, store: Store) -> None:
        """Refuse a store that is not the one this timeline read: another
        identity (a database made anew at the same address), or fewer
        events than it has read (cut short behind the triggers)."""
        identity = store.identity()
        if self._identity is not None and identity != self._identity:
            raise StoreError(store.name, f"this is not the store this timeline read (its "
                             f"identity was {self._identity}, now {identity}): it was "
                             "replaced; open it again to read the new one")
        held = store.head()
        if held < self.position:
            raise StoreError(store.name, f"it holds {held} events, fewer than the "
                             f"{self.position} this timeline has read: it was cut short or "
                             "replaced; verify it against a head kept outside it")

    def follow(self, timeout: float = 1.0) -> int:
        """Wait up to ``timeout`` seconds for other writers, then catch up.

        PostgreSQL wakes followers with NOTIFY; SQLite polls. Returns how many
        events arrived; a timeline whose store is closed raises a
        :class:`~timeline.StoreError` rather than wait for nothing.
        """
        if self._store is not None:
            self._store.wait(self.position, timeout)
        return self.refresh()

    def close(self) -> None:
        """Close the store, if any. The timeline keeps answering from memory,
        and refuses appends, which could no longer be written through."""
        if self._store is not None:
            try:
                self._settle_kept()  # answers read from the store read their details now
            except StoreError:
                pass  # those whose details cannot be read say so when they are asked
            finally:
                self._store.close()
                self._store = None
                self._closed = True

    def __enter__(self) -> Timeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_type(self, event: Event) -> None:
        if not isinstance(event, Event):
            raise InvalidEventError(None, "event", event, "expected an Event")
        if event.kind not in self._types or self._types[event.kind] is not type(event):
            raise InvalidEventError(
                event.id, "kind", event.kind,
                "this event type is not registered; pass types=EventTypes.default()"
                ".with_types(...) to Timeline",
            )

    # -- JSON Lines -----------------------------------------------------------

    @classmethod
    def from_jsonl(
        cls, source: jsonl.Target, *, clock: Clock = _utc_now, types: EventTypes | None = None,
        limits: Limits | None = None,
    ) -> Timeline:
        """A timeline of every event in a JSON Lines file or stream.

        >>> import io
        >>> out = io.StringIO()
        >>> _ = Timeline.example().export_jsonl(out)
        >>> len(Timeline.from_jsonl(io.StringIO(out.getvalue())))
        17
        """
        timeline = cls(clock=clock, types=types, limits=limits)
        timeline.import_jsonl(source)
        return timeline

    # -- snapshots ------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The log and every derived record, as immutable data.

        >>> tl = Timeline()
        >>> Timeline.restore(tl.snapshot()).position
        0
        """
        return self._state.snapshot()

    @classmethod
    def restore(
        cls, snapshot: Snapshot, *, clock: Clock = _utc_now, types: EventTypes | None = None,
        limits: Limits | None = None,
    ) -> Timeline:
        """A timeline that continues from ``snapshot`` without refolding it.

        Runtime: O(records in the snapshot).

        >>> restored = Timeline.restore(Timeline.example().snapshot())
        >>> restored.roster("OpenAI", at="2024-06").people
        ('greg-brockman', 'john-schulman')
        """
        timeline = cls(clock=clock, types=types, limits=limits)
        timeline._state = Projections.restore(snapshot)
        return timeline

    def _check(self) -> None:
        """Assert every structural invariant of every index (for tests)."""
        self._state._check()

    @classmethod
    def example(cls) -> Timeline:
        """A small timeline used by the examples in the docstrings.

        >>> Timeline.example()
        <Timeline: 17 events>
        """
        return cls(example_events())


def _writer(store: Store | None, state: Projections, events: list[Event],
            start: int) -> Callable[[], None] | None:
    """What writes a validated batch, and its keys, through to the store
    (whose write lock is held), if there is one."""
    if store is None:
        return None

    def write() -> None:
        with Deferred() as interrupts:  # Ctrl-C while inserting: nothing is committed
            store.insert(events, start)
            index_keys(store, state, events, start)
            interrupts.check()
            store.commit()

    return write


def _same(held: Event, new: Event) -> bool:
    """Equal but for the recorded time: the first time the log learned it stands."""
    return evolve(new, recorded=held.recorded) == held


