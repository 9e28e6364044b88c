"""The entry point: :class:`Timeline`, an append-only log with as-of queries.

Every query takes ``at=`` (a valid date: ``"2024-05-15"``, ``"2024-05"``,
``"2024"``, a ``date``; default today), ``known=`` (a recorded instant or a
date, meaning its end in UTC; default everything recorded) and
``min_certainty=`` (default ``"reported"``) where they make sense. A query
about a name the ``known=`` view had not heard of yet, though the log knows
it from a later recorded time, answers empty with ``not_known_until`` set.

Every query that takes ``known=`` also takes ``published=`` (an instant, or a
date meaning its end in UTC): the answer of a timeline of only the events
whose sources were out by then (:mod:`timeline.publication`). The first
query at a new ``published=`` (and ``known=``) replays the events published
by then: O(n log n); later ones at the same view cost what the query costs.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import attrs
import pendulum

from timeline import flows as _flows
from timeline import jsonl, observations, provenance
from timeline._example import example_events
from timeline.catalog import (
    Announced,
    Founded,
    FundingRound,
    Left,
    ValuationReported,
)
from timeline.certainty import Certainty
from timeline.dates import (
    EVERYTHING,
    ValidDate,
    day,
    from_key,
    instant,
    instant_key,
    known_key,
)
from timeline.diffs import compare
from timeline.disputes import Claim
from timeline.errors import (
    ConcurrencyError,
    EventConflictError,
    InvalidEventError,
    InvalidQueryError,
    JsonLinesError,
    RecordedTimeError,
    StoreError,
    TimelineError,
    UnknownCaseError,
    UnknownEntityError,
    UnknownEventError,
)
from timeline.events import Event, EventTypes, evolve
from timeline.folds import Fold
from timeline.founding import founding_of
from timeline.funding import funding_at
from timeline.lawsuit_queries import case_view, open_cases
from timeline.lineage import Lineage, lineage
from timeline.log import Entry
from timeline.names import ORGANIZATION, PERSON, Entity, fold_name
from timeline.periods import Bounds, Overlap, PeriodRoster, during, shared_spells
from timeline.projections import Projections, Snapshot
from timeline.publication import Publications, stamp
from timeline.reports import (
    AnnouncementView,
    CaseView,
    Change,
    Changes,
    Explanation,
    Flows,
    FundingView,
    History,
    HistoryEntry,
    Lawsuits,
    OrganizationState,
)
from timeline.results import (
    Career,
    Cohort,
    CohortMember,
    Diff,
    Headcounts,
    Member,
    Roster,
    RosterChange,
    Status,
    TenureView,
    Whereabouts,
)
from timeline.stores import Store, Verification, open_store
from timeline.stores._rows import GENESIS, chain
from timeline.tenures import Membership, Tenure, still_there

__all__ = ["Timeline"]

_CHUNK = 10_000  # events of an import validated and written per step

S = TypeVar("S")
R = TypeVar("R")
A = TypeVar("A", Roster, Whereabouts)
Clock = Callable[[], _dt.datetime]


def _utc_now() -> _dt.datetime:
    return pendulum.now("UTC")


class Timeline:
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
    Roster of OpenAI at 2024-08-19: 1 members
      person         role       since    status  certainty
      Greg Brockman  president  2015-12  active  reported
    """

    def __init__(
        self,
        events: Iterable[Event] = (),
        *,
        clock: Clock = _utc_now,
        types: EventTypes | None = None,
    ) -> None:
        self._clock = clock
        self._types = types if types is not None else EventTypes.default()
        self._state = Projections()
        self._publications = Publications()
        self._store: Store | None = None
        self._closed = False
        events = list(events)
        if events:
            self.extend(events)

    # -- the log ------------------------------------------------------------------

    @property
    def position(self) -> int:
        """The log position of the last event (0 when empty).

        >>> Timeline().position, Timeline.example().position
        (0, 17)
        """
        return self._state.log.position

    @property
    def types(self) -> EventTypes:
        """The event kinds this timeline accepts.

        >>> "left" in Timeline().types
        True
        """
        return self._types

    def __len__(self) -> int:
        return len(self._state.log)

    def __iter__(self) -> Iterator[Event]:
        """The stored events in log order."""
        return (entry.event for entry in self._state.log)

    def __repr__(self) -> str:
        return f"<Timeline: {len(self)} events>"

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
        timeline.errors.ChronologyError: event 'x-left-again' contradicts the log: ...
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
        store.lock()
        try:
            self.refresh()
            return self._extend(batch, now, expected_position, store)
        finally:
            store.rollback()

    def _extend(
        self,
        batch: list[Event],
        now: pendulum.DateTime,
        expected_position: int | None,
        store: Store | None,
    ) -> int:
        if expected_position is not None and expected_position != self.position:
            raise ConcurrencyError(expected_position, self.position)
        fresh = self._fresh(batch, now)
        if not fresh:
            return 0
        start = self.position
        entries = [Entry.of(start + i + 1, event) for i, event in enumerate(fresh)]
        try:
            self._state.append(entries, commit=_writer(store, fresh, start))
        except TimelineError as error:
            if len(fresh) > 1:
                error.add_note(f"the batch of {len(fresh)} events was rejected whole; "
                               "nothing was appended")
            raise
        return len(fresh)

    def _fresh(self, batch: list[Event], now: pendulum.DateTime) -> list[Event]:
        """The batch's events not stored yet, with recorded times filled in.

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
                raise RecordedTimeError(event.id, recorded.isoformat(), now.isoformat())
            if bound is not None and key < bound:
                raise RecordedTimeError(event.id, recorded.isoformat(),
                                        from_key(bound).isoformat(), latest_event=holder)
            bound, holder = key, event.id
            seen[event.id] = candidate
            fresh.append(candidate)
        self._publications.check(self._state, fresh)
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
    ) -> Timeline:
        """A timeline over a store: in memory (None or ``":memory:"``), a SQLite
        file (a path, or ``sqlite:///path``) or PostgreSQL (``postgresql://...``).

        Every store answers every query exactly as the in-memory timeline does;
        appends are written through, atomically, before they count. With
        ``create=False`` a SQLite file that does not exist is an error instead
        of a new, empty store. Runtime: O(n) to read the log back.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.sqlite"
        >>> with Timeline.open(path) as tl:
        ...     tl.extend(Timeline.example())
        17
        >>> with Timeline.open(f"sqlite:///{path}") as again:
        ...     again.roster("OpenAI", at="2024-06").people, again.verify()
        (('greg-brockman', 'john-schulman'), <Verification ok: 17 events chained>)
        """
        timeline = cls(clock=clock, types=types)
        if url is None or str(url) == ":memory:":
            return timeline
        timeline._store = open_store(url, timeline._types, create=create)
        try:
            timeline.refresh()
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
            return 0
        # one update for everything read: each pair, case and entity the new
        # events touch is folded once, not once per chunk that touches it
        entries = [Entry.of(position, event) for position, event in store.read(after=self.position)]
        if entries:
            self._state.append(entries, validate=False)
        return len(entries)

    def follow(self, timeout: float = 1.0) -> int:
        """Wait up to ``timeout`` seconds for other writers, then catch up.

        PostgreSQL wakes followers with NOTIFY; SQLite polls. Returns how many
        events arrived.
        """
        if self._store is not None:
            self._store.wait(self.position, timeout)
        return self.refresh()

    def verify(self) -> Verification:
        """Walk the store's SHA-256 chain; the first altered position if any.

        In memory there is nothing to tamper with behind the API, so the chain
        is recomputed from the log. Runtime: O(n).
        """
        if self._store is not None:
            report = self._store.verify()
            if report.ok and report.checked < self.position:
                return Verification(
                    False, report.checked, report.checked + 1,
                    f"this timeline has read {self.position} events: the store lost some",
                )
            return report
        previous = GENESIS
        for entry in self._state.log:
            previous = chain(previous, entry.position, self._types.encode(entry.event))
        return Verification(True, len(self), None, "")

    def close(self) -> None:
        """Close the store, if any. The timeline keeps answering from memory,
        and refuses appends, which could no longer be written through."""
        if self._store is not None:
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

    def import_jsonl(
        self, source: jsonl.Target, *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Append every event of a JSON Lines file or stream, whole or not at all.

        A bad line raises :class:`~timeline.errors.JsonLinesError` naming it,
        and nothing from the file is appended. Over a store, the file streams:
        it is read, validated and written 10,000 events at a time inside one
        transaction held to the end, so memory holds the indices and one
        chunk, never the file; a failure rolls the transaction back and
        rebuilds the indices from the store. In memory, the file is decoded
        first and appended as one batch. ``progress`` is called with the
        number of events read every 10,000 events and at the end. Returns how
        many events were new. Runtime: O(n).

        >>> import io
        >>> tl = Timeline()
        >>> tl.import_jsonl(io.StringIO('{"kind": "person-declared"}\\n'))
        Traceback (most recent call last):
        ...
        timeline.errors.JsonLinesError: <stream>, line 1: invalid event=... 'entity', ...
        """
        report = progress or (lambda count: None)
        store = self._store
        lines: dict[str, int] = {}  # the line of each event of the chunk in hand
        if store is None:
            events: list[Event] = []
            for number, event in jsonl.numbered(source, self._types):
                events.append(event)
                lines.setdefault(event.id, number)
                if len(events) % _CHUNK == 0:
                    report(len(events))
            report(len(events))
            with _naming_lines(source, lines):
                return self.extend(events)
        if self._closed:
            raise StoreError("closed", "this timeline's store is closed; open it again")
        store.lock()
        start = self.position
        try:
            self.refresh()
            start = self.position
            added = read = 0
            now = instant(self._clock())
            chunk: list[Event] = []
            with _naming_lines(source, lines):
                for number, event in jsonl.numbered(source, self._types):
                    chunk.append(event)
                    lines.setdefault(event.id, number)
                    read += 1
                    if len(chunk) == _CHUNK:
                        added += self._stage(chunk, now, store)
                        chunk = []
                        lines.clear()
                        report(read)
                added += self._stage(chunk, now, store)
            store.commit()
        except BaseException:
            store.rollback()
            if self.position != start:
                self._state = Projections()
                self.refresh()
            raise
        report(read)
        return added

    def _stage(self, chunk: list[Event], now: pendulum.DateTime, store: Store) -> int:
        """Validate a chunk of an import and insert it into the open transaction."""
        for event in chunk:
            self._check_type(event)
        fresh = self._fresh(chunk, now)
        if not fresh:
            return 0
        start = self.position
        entries = [Entry.of(start + i + 1, event) for i, event in enumerate(fresh)]
        self._state.append(entries, commit=lambda: store.insert(fresh, start))
        return len(fresh)

    def export_jsonl(self, target: jsonl.Target) -> int:
        """Write every event, in log order, as JSON Lines; return how many.

        >>> import io
        >>> out = io.StringIO()
        >>> Timeline.example().export_jsonl(out)
        17
        >>> out.getvalue().splitlines()[0][:60]
        '{"kind": "organization-declared", "id": "decl-openai", "vali'
        """
        return jsonl.write(self, target, self._types)

    @classmethod
    def from_jsonl(
        cls, source: jsonl.Target, *, clock: Clock = _utc_now, types: EventTypes | None = None
    ) -> Timeline:
        """A timeline of every event in a JSON Lines file or stream.

        >>> import io
        >>> out = io.StringIO()
        >>> _ = Timeline.example().export_jsonl(out)
        >>> len(Timeline.from_jsonl(io.StringIO(out.getvalue())))
        17
        """
        timeline = cls(clock=clock, types=types)
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
        cls, snapshot: Snapshot, *, clock: Clock = _utc_now, types: EventTypes | None = None
    ) -> Timeline:
        """A timeline that continues from ``snapshot`` without refolding it.

        Runtime: O(records in the snapshot).

        >>> restored = Timeline.restore(Timeline.example().snapshot())
        >>> restored.roster("OpenAI", at="2024-06").people
        ('greg-brockman', 'john-schulman')
        """
        timeline = cls(clock=clock, types=types)
        timeline._state = Projections.restore(snapshot)
        return timeline

    # -- names --------------------------------------------------------------------

    def _known(self, known: object) -> int:
        return known_key(known)

    def resolve(
        self, name: str, *, kind: str | None = None, at: object = None, known: object = None,
        published: object = None,
    ) -> str:
        """The id of the person or organisation ``name`` means: an id or any alias.

        Case and accents do not matter; an unknown or ambiguous name raises an
        error that suggests close matches. Where several entities answered to
        the name at different times, ``at`` decides: the one that bore it then,
        else the one that bore it nearest in time; with no ``at``, the one that
        bears it today, if only one does. Runtime: O(1) for an id, O(c log v)
        for a name c entities answer to.

        >>> tl = Timeline.example()
        >>> tl.resolve("SUZKWER"), tl.resolve("openai")
        ('ilya-sutskever', 'openai')
        >>> try:
        ...     tl.resolve("Sutskevar")
        ... except LookupError as error:
        ...     print(error.suggestions)
        ('Ilya Sutskever (ilya-sutskever)',)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.resolve(name, kind=kind, at=at, known=known))
        d = None if at is None else self._day(at)
        return self._resolve(name, self._known(known), kind=kind, day=d)

    def _resolve(
        self, name: str, known: int, *, kind: str | None = None, day: int | None = None,
        until: int | None = None,
    ) -> str:
        """``name`` on ``day`` (over the span from ``day`` to ``until``, in
        either order); with no day, at any time."""
        if day is not None and until is not None and until < day:
            day, until = until, day
        return self._state.names.resolve(name, known, kind=kind, day=day, until=until,
                                         today=lambda: self._day(None))

    def entity(
        self, name: str, *, at: object = None, known: object = None,
        published: object = None,
    ) -> Entity:
        """The entity ``name`` means (at ``at``, as :meth:`resolve`), with its
        name at ``at`` (today when None) and its aliases.

        Runtime: O(events about the entity's names).

        >>> Timeline.example().entity("SSI")
        Entity(id='ssi', kind='organization', name='Safe Superintelligence', aliases=('SSI',))
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.entity(name, at=at, known=known))
        k, d = self._known(known), self._day(at)
        entity = self._resolve(name, k, day=None if at is None else d)
        return self._state.names.entity(entity, k, d)

    def search(
        self, text: str, *, known: object = None,
        published: object = None,
    ) -> tuple[Entity, ...]:
        """Entities whose id or a name contains ``text`` (folded), or is close to it.

        Runtime: O(names known).

        >>> [e.id for e in Timeline.example().search("schul")]
        ['john-schulman']
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.search(text, known=known))
        k = self._known(known)
        key = fold_name(text)
        found = sorted({e for n, e in self._state.names.names(k) if key in fold_name(n)})
        if not found:
            found = [s.rsplit(" (", 1)[1].rstrip(")") for s in self._state.names.suggest(text, k)]
        return tuple(self._state.names.entity(e, k) for e in dict.fromkeys(found))

    def _lookup(
        self, name: str, known: int, *, kind: str | None = None, day: int | None = None,
        until: int | None = None,
    ) -> tuple[str, int | None]:
        """The id ``name`` means in the view, and None; or, for a name the view
        has not heard of yet but a later view has, that entity and the recorded
        time from which the log knows it (the query then answers empty, saying
        so). A name no view knows stays an :class:`UnknownEntityError`."""
        try:
            return self._resolve(name, known, kind=kind, day=day, until=until), None
        except UnknownEntityError:
            later = self._state.names.known_later(name, known, kind=kind)
            if later is None:
                raise
            return later

    def _name(self, entity: str, known: int, at: int | None = None) -> str:
        return self._state.names.name(entity, known, at)

    def _name_or_id(self, entity: str, known: int, at: int) -> str:
        """The entity's name at ``at``, or its id when the view has not
        declared it."""
        if self._state.names.kind(entity, known) is None:
            return entity
        return self._name(entity, known, at)

    def _day(self, at: object) -> int:
        if type(at) is _dt.date:  # a plain date is its own day: the common case, made cheap
            return at.toordinal()
        if at is None:
            return instant(self._clock()).date().toordinal()
        return day(at)

    def _published(self, published: object, known: object, ask: Callable[[Timeline], R]) -> R:
        """``ask`` of the view published by ``published`` (see
        :mod:`timeline.publication`), the answer saying so."""
        view = Timeline(clock=self._clock, types=self._types)
        view._state = self._publications.view(self._state, known_key(published),
                                              self._known(known))
        return stamp(ask(view), _instant_of(known_key(published)))

    def _view(
        self, known: object, min_certainty: object
    ) -> tuple[int, int, pendulum.DateTime | None]:
        if known is None:  # the common view, made cheap
            k, shown = EVERYTHING, None
        else:
            k = self._known(known)
            shown = None if k >= EVERYTHING else _instant_of(k)
        level = (min_certainty if type(min_certainty) is Certainty
                 else Certainty.parse(min_certainty)).rank
        return k, level, shown

    # -- people at organisations ------------------------------------------------

    def _lazy(self, answer: A) -> A:
        self._state.watch(answer)
        return answer

    def roster(
        self, org: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Roster:
        """Who is on ``org``'s roster at the end of ``at``, as known at ``known``.

        Members certainly there are listed apart from those only possibly
        there (an imprecise date covers ``at``, or the start is unknown).
        Runtime complexity: O(log U + answer), U the span of days; a ``known=``
        view O(log U log b + answer), b the largest block on the day's path.

        >>> tl = Timeline.example()
        >>> tl.roster("OpenAI", at="2024-06-01").people
        ('greg-brockman', 'john-schulman')

        As published on 1 August 2024, before Schulman's departure was out:

        >>> tl.roster("OpenAI", at="2024-09", published="2024-08-01").people
        ('greg-brockman', 'john-schulman')
        >>> tl.roster("OpenAI", at="2024-09").people
        ('greg-brockman',)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.roster(org, at=at, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        if until is not None:
            return Roster(o, self._name(o, until, d), _date(d), shown, frozenset(), frozenset(),
                          detail=_Entries(self._state, d, k, level, org=o),
                          not_known_until=_instant_of(until))
        certain, possible = self._state.tenures.roster(o, d, k, level)
        return self._lazy(Roster(o, self._name(o, k, d), _date(d), shown, certain, possible,
                                 detail=_Entries(self._state, d, k, level, org=o)))

    def headcounts(
        self, orgs: str | Iterable[str], dates: object | Iterable[object], *,
        known: object = None, published: object = None, min_certainty: object = Certainty.REPORTED,
    ) -> Headcounts:
        """How many people each of ``orgs`` had on each of ``dates``: a series
        of headcounts in one call, each the size of ``roster(org, at=date)``.

        Runtime complexity: O(log n) per organisation and date, for a view of
        everything known: each count is two bisections of the organisation's
        sorted start and end days, whatever the roster's size, with nobody
        listed. A ``known=`` view costs a roster per cell. Each name means the
        organisation that bore it from the first of ``dates`` to the last.

        >>> tl = Timeline.example()
        >>> counts = tl.headcounts("OpenAI", ["2015-12-31", "2024-06-01", "2024-12-31"])
        >>> counts.series("openai")
        (3, 2, 1)
        >>> counts["openai", counts.dates[1]]
        (2, 0)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.headcounts(orgs, dates, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        days = [self._day(d) for d in _many(dates)]
        ids, names, counts = [], [], []
        index = self._state.tenures
        first, last = (min(days), max(days)) if days else (None, None)
        for org in _many(orgs):
            o = self._resolve(org, k, kind=ORGANIZATION, day=first, until=last)
            ids.append(o)
            names.append(self._name(o, k))
            counts.append(tuple(index.headcount(o, d, k, level) for d in days))
        return Headcounts(tuple(ids), tuple(names), tuple(_date(d) for d in days), shown,
                          tuple(counts))

    def where(
        self, person: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Whereabouts:
        """Where ``person`` was at the end of ``at``: certainly, and possibly.

        Runtime complexity: O(t), t the number of the person's tenures.

        >>> list(Timeline.example().where("Ilya Sutskever", at="2024-06-01"))
        []
        >>> list(Timeline.example().where("Ilya Sutskever", at="2024-04-30"))
        ['openai']
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.where(person, at=at, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        p, until = self._lookup(person, k, kind=PERSON, day=d)
        entries = _Entries(self._state, d, k, level, person=p)
        if until is not None:
            return Whereabouts(p, self._name(p, until, d), _date(d), shown, frozenset(),
                               frozenset(), detail=entries, not_known_until=_instant_of(until))
        certain, possible = self._state.tenures.whereabouts(p, d, k, level)
        return self._lazy(Whereabouts(p, self._name(p, k, d), _date(d), shown, certain,
                                      possible, detail=entries))

    def roster_during(
        self, org: str, start: object, end: object = None, *, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> PeriodRoster:
        """Who was on ``org``'s roster at any time from the first day of
        ``start`` to the last day of ``end`` (default today), as known at
        ``known``.

        A tenure counts when it touches a day of the span: one that began and
        ended on a single day in it too, and one that ended on its first day
        (see docs/concepts.md, "Periods"). Members whose tenure touches the
        span whichever days its events took place on are listed apart from
        those only possibly there, each with why (an unknown start, an
        imprecise start or end). Runtime complexity: O(log U log b + log n +
        m r): the roster index stabbed on the day before the span, the start
        index ranged over the span, then each of the m people found checked
        over their r records at ``org``.

        >>> tl = Timeline.example()
        >>> tl.roster_during("OpenAI", "2024-06", "2024-12").people
        ('greg-brockman', 'john-schulman')
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.roster_during(org, start, end, known=known,
                                            min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        first, last = ValidDate.parse(start).first, self._day(end)
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=last)
        if until is not None:
            return PeriodRoster(o, self._name(o, until, last), _date(first), _date(last), shown,
                                (), (), not_known_until=_instant_of(until))
        certain, possible = during(self._state.tenures, o, first, last, known=k, level=level,
                                   name=lambda e: self._name(e, k, last))
        return PeriodRoster(o, self._name(o, k, last), _date(first), _date(last), shown,
                            tuple(certain), tuple(possible))

    def overlap(
        self, person: str, other: str, *, org: str | None = None, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Overlap:
        """Whether ``person`` and ``other`` were at one organisation at the same
        time, where and when: per pair of their tenures at one organisation
        (``org`` alone, if given), the days both certainly spent there and the
        days both possibly did. Runtime complexity: O(t u), t and u the two
        people's tenures.

        >>> tl = Timeline.example()
        >>> tl.overlap("Sutskever", "Schulman").orgs
        ('openai',)
        >>> tl.overlap("Sutskever", "Schulman").spells[0].certain_days
        Days('2015-12-31..2024-05-14')
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.overlap(person, other, org=org, known=known,
                                      min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        a, a_until = self._lookup(person, k, kind=PERSON)
        b, b_until = self._lookup(other, k, kind=PERSON)
        o, o_until = (self._lookup(org, k, kind=ORGANIZATION) if org is not None
                      else (None, None))
        for found, until in ((a, a_until), (b, b_until), (o, o_until)):
            if found is not None and until is not None:
                return Overlap(a, self._name(a, a_until or k), b, self._name(b, b_until or k),
                               shown, (), not_known_until=_instant_of(until),
                               not_known=self._name(found, until))
        index = self._state.tenures
        mine, theirs = index.of_person(a, k, level), index.of_person(b, k, level)
        if o is not None:
            mine = [t for t in mine if t.org == o]
        names = (self._name(a, k), self._name(b, k))
        spells = shared_spells(mine, theirs, names, lambda e: self._name(e, k))
        return Overlap(a, names[0], b, names[1], shown, spells)

    def _disputes(self, known: int) -> Callable[[Sequence[str]], tuple[Claim, ...]]:
        """The other claims about the facts behind some evidence, in a view."""
        return functools.partial(provenance.disputed_of, self._state, known=known)

    def _tenure_view(self, tenure: Tenure, known: int) -> TenureView:
        end = tenure.end
        assert end is None or isinstance(end, Left)
        return TenureView(
            org=tenure.org,
            org_name=self._name(tenure.org, known, tenure.lo or None),
            start=tenure.start.valid if tenure.start is not None else None,
            end=end.valid if end is not None else None,
            roles=tuple((step.valid, role) for step, role in tenure.roles),
            reason=end.reason if end is not None else None,
            destination=end.destination if end is not None else None,
            destination_name=(
                self._name(end.destination, known)
                if end is not None and end.destination is not None else None
            ),
            certainty=tenure.certainty,
            evidence=tenure.evidence,
            bounds=Bounds.of(tenure),
            inferred=tenure.inferred,
            ended_before=(tenure.ended_before.valid if tenure.ended_before is not None
                          else None),
            disputed=provenance.disputed_of(self._state, tenure.evidence, known),
            last_observed=(max(tenure.observations, key=still_there).valid
                           if tenure.observed_only else None),
        )

    def career(
        self, person: str, *, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Career:
        """Every tenure of ``person`` in valid-time order.

        Runtime complexity: O(t log t), t the number of the person's tenures.

        >>> Timeline.example().career("Schulman")
        Career of John Schulman
          organization  from     until    roles               left      to
          OpenAI        2015-12  2024-08  research scientist  resigned  Anthropic
          Anthropic     2024-08  -        researcher
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.career(person, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        p, until = self._lookup(person, k, kind=PERSON)
        if until is not None:
            return Career(p, self._name(p, until), shown, (), not_known_until=_instant_of(until))
        tenures = sorted(
            self._state.tenures.of_person(p, k, level),
            key=lambda t: (t.lo, t.hi, t.org, t.key),
        )
        return Career(p, self._name(p, k), shown,
                      tuple(self._tenure_view(t, k) for t in tenures))

    def cohort(
        self, people: Iterable[str], org: str, *, at: object = None, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Cohort:
        """How many of ``people`` are still at ``org`` at ``at``.

        Runtime complexity: O(sum of their tenures).

        >>> Timeline.example().cohort(["Ilya Sutskever", "Greg Brockman"], "OpenAI",
        ...                           at="2024-06").remaining
        ('greg-brockman',)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.cohort(people, org, at=at, known=known, min_certainty=min_certainty))
        k, level, _ = self._view(known, min_certainty)
        d = self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        if until is not None:
            return Cohort(o, self._name(o, until, d), _date(d), (),
                          not_known_until=_instant_of(until))
        out = []
        for name in [people] if isinstance(people, str) else people:
            p, later = self._lookup(name, k, kind=PERSON, day=d)
            if later is not None:
                out.append(CohortMember(p, self._name(p, later, d), "not yet known", None))
                continue
            found = self._state.tenures.member(p, o, d, k, level)
            member = None
            if found is not None:
                member = _member(found[1], d, found[0], lambda e: self._name(e, k, d))
            status = ("gone" if found is None else
                      "remaining" if found[0] is Membership.CERTAIN else "possibly")
            out.append(CohortMember(p, self._name(p, k, d), status, member))
        return Cohort(o, self._name(o, k, d), _date(d), tuple(out))

    def diff(
        self, org: str, start: object, end: object, *, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Diff:
        """Who joined, left or changed role or status between two dates.

        ``joined`` and ``left`` (certainly), ``possibly_joined`` and
        ``possibly_left`` (only possibly on one roster, absent from the other)
        and ``changed`` turn ``roster(org, at=start)`` into
        ``roster(org, at=end)``, possible members included; each row's
        ``what`` says what changed. ``passed_through`` lists tenures certainly
        begun and ended in between, ``possibly_passed_through`` those whose
        dates only overlap the span.
        Runtime complexity: O(log n + size of both rosters + passers); only
        those who joined, left or may have changed have their details built.

        >>> Timeline.example().diff("OpenAI", "2024-01", "2024-12").left[0].name
        'Ilya Sutskever'
        >>> Timeline.example().diff("OpenAI", "2024-07", "2024-08-06")
        Changes at OpenAI from 2024-07-31 to 2024-08-06
          change                           person         before   after
          membership (certain → possible)  John Schulman  certain  possible
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.diff(org, start, end, known=known, min_certainty=min_certainty))
        before = self.roster(org, at=start, known=known, min_certainty=min_certainty)
        after = self.roster(org, at=end, known=known, min_certainty=min_certainty)
        k, level, _ = self._view(known, min_certainty)
        d1, d2 = day(start), day(end)
        if after.not_known_until is not None:
            return Diff(after.org, after.name, _date(d1), _date(d2), (), (), (), (),
                        not_known_until=after.not_known_until)
        # a name can mean another organisation at the other date
        first = _Entries(self._state, d1, k, level, org=before.org)
        second = _Entries(self._state, d2, k, level, org=after.org)
        # one organisation, one name: else every entry is compared in full
        same = before.org == after.org and first.name(after.org) == second.name(after.org)
        rows = compare(
            dict.fromkeys(before.certain_ids, True) | dict.fromkeys(before.possible_ids, False),
            dict.fromkeys(after.certain_ids, True) | dict.fromkeys(after.possible_ids, False),
            first, second,
            lambda person, then, now: then != now or not same or self._may_change(
                person, after.org, d1, d2, known=k, level=level),
            returned=lambda person: before.org == after.org and self._returned(
                person, after.org, d1, d2, known=k, level=level),
        )
        passers, maybe = _flows.passed_through(self._state.tenures, after.org, d1, d2,
                                              known=k, level=level)
        return Diff(
            after.org, after.name, _date(d1), _date(d2), rows.joined, rows.left,
            rows.changed, tuple(self._tenure_view(t, k) for t in passers),
            tuple(self._name(t.person, k) for t in passers),
            possibly_passed_through=tuple(self._tenure_view(t, k) for t in maybe),
            possible_passers=tuple(self._name(t.person, k) for t in maybe),
            possibly_joined=rows.possibly_joined, possibly_left=rows.possibly_left,
        )

    def _returned(self, person: str, org: str, d1: int, d2: int, *, known: int,
                  level: int) -> bool:
        """Whether ``person`` is at ``org`` at the ends of ``d1`` and ``d2`` by
        two different tenures: they left and came back in between."""
        index = self._state.tenures
        then, now = index.member(person, org, d1, known, level), index.member(
            person, org, d2, known, level)
        if then is None or now is None or then[1] is now[1]:
            return False
        # the tenure held at the earlier date must be one that may have ended
        # by the later: not a later tenure whose imprecise start merely
        # covers the earlier date
        early = (then if d1 <= d2 else now)[1]
        if early.end is not None:
            return early.end.valid.first <= max(d1, d2)
        return early.ended_before is not None

    def _may_change(self, person: str, org: str, d1: int, d2: int, *, known: int,
                    level: int) -> bool:
        """Whether ``person``'s entry at ``org`` (whose name is the same at both
        dates) may differ between the ends of ``d1`` and ``d2`` (in either
        order): another tenure, or a step of it, or the person's name, that
        takes effect in between. False means the entries are equal."""
        index = self._state.tenures
        lo, hi = min(d1, d2), max(d1, d2)
        then, now = index.member(person, org, d1, known, level), index.member(
            person, org, d2, known, level)
        if then is None or now is None or then[1] is not now[1]:
            return True
        # a step's bounds, and the day after an observation's first (from
        # which it no longer bounds the start: why a member is possible changes)
        if any(lo < x <= hi for step in now[1].steps
               for x in (step.valid.first, still_there(step), step.valid.last)):
            return True
        names = self._state.names
        return names.name(person, known, d1) != names.name(person, known, d2)

    # -- organisations, lawsuits and flows ---------------------------------------

    def organization(
        self, org: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> OrganizationState:
        """The state of ``org`` at ``at``: founding, founders, members, money,
        valuation, open lawsuits and announcements.

        Runtime complexity: O(log n + facts dated up to ``at`` + roster).

        >>> state = Timeline.example().organization("OpenAI", at="2024-12-31")
        >>> state.founders_remaining, [str(m) for m in state.raised]
        (('greg-brockman',), ['USD 6,600,000,000'])

        ``founded`` is the founding date even before it; ``founding`` says
        whether the organisation is founded by ``at`` (see docs/concepts.md):

        >>> ssi = Timeline.example().organization("SSI", at="2024-01")
        >>> str(ssi.founded), ssi.founding, ssi.members
        ('2024-06', 'not yet founded', 0)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.organization(org, at=at, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        if until is not None:
            return OrganizationState(
                org=o, name=self._name(o, until, d), at=_date(d), known=shown, founded=None,
                founders=(), founders_remaining=(), members=0, possible_members=0, raised=(),
                possibly_raised=(), rounds=(), valuation=None, possible_valuations=(),
                lawsuits=(), announcements=(), evidence=(), not_known_until=_instant_of(until),
            )
        facts = self._state.org_facts.get(o)
        founders: dict[str, None] = {}
        rounds: list[FundingView] = []
        money: list[Event] = []
        announcements: list[AnnouncementView] = []
        evidence: list[str] = []
        for version in facts.irange_key(max_key=(d, 2**62, "")) if facts is not None else ():
            if not version.visible(k, level):
                continue
            event = version.event
            certain = event.valid.last <= d
            evidence.append(event.id)
            if isinstance(event, Founded):
                founders.update(dict.fromkeys(event.founders))
            elif isinstance(event, FundingRound):
                rounds.append(FundingView(event.valid, event.amount, event.valuation,
                                          event.round, event.investors, certain,
                                          event.certainty, event.id))
                money.append(event)
            elif isinstance(event, ValuationReported):
                money.append(event)
            elif isinstance(event, Announced) and certain:
                announcements.append(AnnouncementView(event.valid, event.category, event.title,
                                                      event.certainty, event.id))
        funding = funding_at(money, d)
        # the founding bounds the organisation's existence even before its date
        founding = founding_of(o, self._state.foundings_of(o, k, level),
                               self._state.foundings_of(o, k, 0) if level else ())
        founded = founding.date if founding is not None else None
        if founding is not None and founding.event not in evidence:
            evidence.append(founding.event)
        roster = self.roster(o, at=_date(d), known=known, min_certainty=min_certainty)
        remaining = tuple(f for f in founders if f in roster)
        maybe = tuple(f for f in founders if f in roster.possible_ids)
        cases = self.lawsuits(at=_date(d), party=o, known=known, min_certainty=min_certainty)
        return OrganizationState(
            org=o, name=self._name(o, k, d), at=_date(d), known=shown, founded=founded,
            founders=tuple(founders), founders_remaining=remaining,
            founders_possibly_remaining=maybe,
            members=len(roster.certain_ids), possible_members=len(roster.possible_ids),
            raised=funding.raised,
            possibly_raised=funding.possibly_raised,
            rounds=tuple(rounds),
            valuation=funding.valuation,
            possible_valuations=funding.possible_valuations,
            lawsuits=tuple(c.case for c in cases.cases),
            announcements=tuple(announcements),
            evidence=tuple(evidence),
            founding=founding.status(d) if founding is not None else None,
            disputed=provenance.disputed_of(self._state, evidence, k),
            founding_event=founding.event if founding is not None else None,
        )

    def lawsuits(
        self, *, at: object = None, party: str | None = None, plaintiff: str | None = None,
        defendant: str | None = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Lawsuits:
        """Cases open at ``at``, each with its history: all, or those ``party``
        is in on either side, ``plaintiff`` brought or ``defendant`` is sued
        in (the filters combine).

        Runtime complexity: O(cases of the first party given), all cases
        without one.

        >>> Timeline.example().lawsuits(at="2024-07", party="Musk").cases
        ()
        >>> Timeline.example().lawsuits(at="2024-09", party="Musk").cases[0].status
        'open'
        >>> tl = Timeline.example()
        >>> len(tl.lawsuits(at="2024-09", defendant="OpenAI")), len(tl.lawsuits(
        ...     at="2024-09", plaintiff="OpenAI"))
        (1, 0)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.lawsuits(at=at, party=party, plaintiff=plaintiff,
                                       defendant=defendant, known=known,
                                       min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        asked = {"party": party, "plaintiff": plaintiff, "defendant": defendant}
        ids: dict[str, str | None] = {}
        for role, name in asked.items():
            ids[role], until = (self._lookup(name, k, day=d) if name is not None
                                else (None, None))
            if until is not None:
                return Lawsuits(_date(d), shown, ids.get("party"), (), (), ids.get("plaintiff"),
                                ids.get("defendant"), not_known_until=_instant_of(until))
        return open_cases(
            self._state.cases, d, k, level, at=_date(d), shown=shown, party=ids["party"],
            plaintiff=ids["plaintiff"], defendant=ids["defendant"],
            disputed=self._disputes(k),
            name=lambda e: self._name_or_id(e, k, d),
        )

    def case(
        self, case: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> CaseView:
        """One case at ``at``, open or not, with its status history, the case
        it is a counterclaim in and the counterclaims that answer it.

        Runtime: O(steps of the case + its counterclaims).

        >>> Timeline.example().case("musk-v-openai", at="2024-07").status
        'withdrawn'
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.case(case, at=at, known=known, min_certainty=min_certainty))
        k, level, _ = self._view(known, min_certainty)
        folded = self._state.cases.get(case, k, level)
        if folded is None:
            raise UnknownCaseError(case, tuple(self._state.cases.cases(None))[:10])
        d = self._day(at)
        return case_view(self._state.cases, folded, d, k, level,
                         disputed=self._disputes(k),
                         name=lambda e: self._name_or_id(e, k, d))

    def flows(
        self, start: object, end: object, *, source: str | None = None,
        destination: str | None = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Flows:
        """Who left ``source`` (or anywhere) between ``start`` and ``end``, for where,
        and what former members of ``source`` founded in that span (only
        ``destination``, when one is given).

        Departures and foundings whose whole dates lie in the span are in
        ``departures`` and ``foundings``; those whose dates (a month, a year,
        a range, an open start) only overlap it, in ``possible`` and
        ``possible_foundings``. A departure's destination is the one it
        names; else the organisation of the person's next tenure, marked
        ``inferred`` with that tenure's start, when it began within a year
        and the organisation was not founded certainly after the departure
        (see :mod:`timeline.flows`). ``destination`` filters on either.
        ``source`` and ``destination`` mean the organisations that bore those
        names during the span.

        Runtime: O(log n + departures and foundings overlapping the span),
        one that names no destination costing O(tenures of the person); a
        founding whose founders never were at ``source`` costs one lookup
        per founder. A span that ends before it starts is an
        ``InvalidQueryError``.

        >>> flows = Timeline.example().flows("2024", "2024", source="OpenAI")
        >>> flows.by_destination()
        {None: ('ilya-sutskever',), 'anthropic': ('john-schulman',)}
        >>> [(f.founder, f.org) for f in flows.foundings]
        [('ilya-sutskever', 'ssi')]
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.flows(start, end, source=source, destination=destination,
                                    known=known, min_certainty=min_certainty))
        k, level, _ = self._view(known, min_certainty)
        first, last = ValidDate.parse(start).first, day(end)
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        src, src_until = (self._lookup(source, k, kind=ORGANIZATION, day=first, until=last)
                          if source else (None, None))
        dst, dst_until = (self._lookup(destination, k, kind=ORGANIZATION, day=first, until=last)
                          if destination else (None, None))
        for found, until in ((src, src_until), (dst, dst_until)):
            if found is not None and until is not None:
                return Flows(_date(first), _date(last), src, dst, (), (),
                             not_known_until=_instant_of(until),
                             not_known=self._name(found, until))
        return _flows.flows(
            self._state, first, last, source=src, destination=dst,
            known=k, level=level, name=lambda entity: self._name(entity, k),
        )

    # -- provenance --------------------------------------------------------------

    def history(
        self, entity: str, *, known: object = None, min_certainty: object = Certainty.RUMORED,
        published: object = None,
        versions: bool = False,
    ) -> History:
        """Every event about ``entity`` in valid-time order, with its sources.

        Rumours are included unless ``min_certainty`` says otherwise. Each
        entry carries its fact's ``versions`` (see :meth:`lineage`). With
        ``versions=True`` the history also lists the facts the view no
        longer holds about the entity (retracted, or moved to another by a
        correction), and prints every version of every fact: what was said,
        when it changed, and on whose word.
        Runtime complexity: O(e log e + c), e the facts ever about the
        entity, c their corrections.

        >>> [h.event.id for h in Timeline.example().history("Schulman")]
        ['schulman-joins', 'decl-john', 'schulman-joins-anthropic', 'schulman-leaves']
        >>> Timeline.example().history("Schulman", versions=True).entries[0].versions
        (<Version of schulman-joins: recorded 2024-05-20 09:00 by schulman-joins, current>,)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.history(entity, known=known, min_certainty=min_certainty,
                                      versions=versions))
        k, level, _ = self._view(known, min_certainty)
        e, until = self._lookup(entity, k)
        if until is not None:
            return History(e, self._name(e, until), (), not_known_until=_instant_of(until))
        return provenance.history(self._state, e, self._name(e, k), k, level,
                                  all_versions=versions)

    def lineage(self, event_id: str, *, known: object = None, published: object = None) -> Lineage:
        """Every version of the fact ``event_id`` belongs to, as known at ``known``.

        ``event_id`` may be the fact's own id, a replacement's or a
        correction's. The first version is the fact as first recorded; each
        correction aimed at it (or at its replacements) makes the next, with
        its recorded time and its own sources; a version shows when, and by
        which correction, it was superseded. A version superseded after
        ``known`` shows as current. Runtime complexity: O(c), c the
        corrections of the fact.

        >>> from timeline import Corrected, Left
        >>> tl = Timeline.example()
        >>> tl.append(Corrected(
        ...     id="fix-ilya", valid="2024-05-15", target="ilya-leaves", sources="erratum",
        ...     recorded="2024-10-21T09:00Z",
        ...     replacement=Left(id="ilya-leaves-15", valid="2024-05-15",
        ...                      person="ilya-sutskever", org="openai", reason="resigned",
        ...                      sources="news")))
        True
        >>> for v in tl.lineage("ilya-leaves"):
        ...     print(v.step.value, v.by, v.event.valid, v.sources[0].id, v.superseded_by)
        recorded ilya-leaves 2024-05-14 news fix-ilya
        corrected fix-ilya 2024-05-15 erratum None
        >>> [v.superseded for v in tl.lineage("ilya-leaves", known="2024-10-20")]
        [None]
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.lineage(event_id, known=known))
        k, _, shown = self._view(known, Certainty.RUMORED)
        return lineage(self._state.lineages, event_id, k, shown)

    def explain(
        self, answer: object, *, known: object = None,
        published: object = None,
    ) -> Explanation:
        """The events, and so the sources, behind an answer or any part of one,
        and the corrections that shaped those events, with their sources.

        Accepts a result (a roster, a member, a tenure, a case, a departure,
        a funding round), an event id, or a list of ids. Runtime: O(events
        named and their corrections).

        >>> tl = Timeline.example()
        >>> why = tl.explain(tl.roster("OpenAI", at="2024-06")["greg-brockman"])
        >>> [e.id for e in why], [s.id for s in why.sources], why.corrections
        (['openai-founded'], ['openai-blog'], ())
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.explain(answer, known=known))
        found = provenance.explain(self._state, _evidence(answer), self._known(known),
                                   _subject(answer))
        if isinstance(answer, str) or (isinstance(answer, (list, tuple)) and all(
                isinstance(a, str) for a in answer)):  # events asked for by id
            many = not isinstance(answer, str) and len(answer) > 1
            found = attrs.evolve(found, title=f"Event{'s' if many else ''} {found.subject}")
        return found

    def changes(
        self, since: object = None, until: object = None, *, published: object = None,
    ) -> Changes:
        """What the log learned after ``since`` and up to ``until`` (recorded time).

        With ``published=P``, of the events published by P (the publication
        corrections as known at ``until``).

        Runtime complexity: O(log n + answer).

        >>> len(Timeline.example().changes(since="2024-08-01", until="2024-08-31"))
        5
        """
        if published is not None:
            return self._published(published, until,
                                   lambda tl: tl.changes(since, until))
        after = known_key(since) if since is not None else -EVERYTHING
        upto = known_key(until)
        rows = tuple(
            Change(entry.position, _instant_of(entry.recorded), entry.event)
            for entry in self._state.log.recorded_between(after, upto)
        )
        return Changes(
            _instant_of(after) if since is not None else None,
            _instant_of(upto) if until is not None else None,
            rows,
        )

    def project(
        self, fold: Fold[S], *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> S:
        """Run an application's own projection as of ``at`` and as known at ``known``.

        The fold sees the events certainly in effect at ``at`` (every event
        when ``at`` is None), corrections applied, in valid-time order
        (same-date ties by id). Runtime: O(n log n).

        >>> count = Fold(0, lambda n, event: n + 1, kinds=("left",))
        >>> Timeline.example().project(count, at="2024-12")
        2
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.project(fold, at=at, known=known, min_certainty=min_certainty))
        k, level, _ = self._view(known, min_certainty)
        d = day(at) if at is not None else None
        events = [
            v.event for v in self._state.visible(k, level)
            if fold.wants(v.event) and (d is None or v.event.valid.last <= d)
        ]
        events.sort(key=lambda e: (e.valid.first, e.valid.last, e.id))
        return fold.run(events)

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


def _writer(store: Store | None, events: list[Event], start: int) -> Callable[[], None] | None:
    """What writes a validated batch through to the store (whose write lock is
    held), if there is one."""
    if store is None:
        return None

    def write() -> None:
        store.insert(events, start)
        store.commit()

    return write


@contextlib.contextmanager
def _naming_lines(source: jsonl.Target, lines: dict[str, int]) -> Iterator[None]:
    """Turn an event's recorded-time error into one naming its line of ``source``."""
    try:
        yield
    except RecordedTimeError as error:
        line = lines.get(error.event_id or "")
        if line is None:
            raise
        raise JsonLinesError(jsonl.name_of(source), line, str(error)) from error


def _same(held: Event, new: Event) -> bool:
    """Equal but for the recorded time: the first time the log learned it stands."""
    return evolve(new, recorded=held.recorded) == held


def _member(
    tenure: Tenure, day_: int, membership: Membership, name: Callable[[str], str]
) -> Member:
    role, others, on_leave, certainty, evidence, inferred = tenure.at(day_)
    certain = membership is Membership.CERTAIN
    uncertainty, why = (None, None) if certain else observations.why(tenure, day_)
    return Member(
        person=tenure.person,
        name=name(tenure.person),
        org=tenure.org,
        org_name=name(tenure.org),
        role=role,
        possible_roles=others,
        since=tenure.start.valid if tenure.start is not None else None,
        status=(Status.POSSIBLY_ON_LEAVE if on_leave is None
                else Status.ON_LEAVE if on_leave else Status.ACTIVE),
        certainty=certainty,
        certain=certain,
        evidence=evidence,
        role_inferred=inferred,
        uncertainty=uncertainty,
        why=why,
    )


class _Entries:
    """How a lazy answer builds the entry of one id: a person at ``org``, or an
    organisation ``person`` is at. It reads the state as it is when the answer
    is made: the state settles such answers before it next changes."""

    __slots__ = ("day", "known", "level", "names", "org", "person", "state")

    def __init__(self, state: Projections, day_: int, known: int, level: int, *,
                 org: str | None = None, person: str | None = None) -> None:
        self.state, self.day, self.known, self.level = state, day_, known, level
        self.org, self.person = org, person
        self.names: dict[str, str] = {}

    def name(self, entity: str) -> str:
        # an answer names its organisation (or person) once, not once per entry
        names = self.names
        if entity not in names:
            names[entity] = self.state.names.name(entity, self.known, self.day)
        return names[entity]

    def __call__(self, key: str, certain: bool) -> Member:
        who, where = (key, self.org) if self.org is not None else (self.person, key)
        assert who is not None
        assert where is not None
        found = self.state.tenures.member(who, where, self.day, self.known, self.level)
        assert found is not None, key
        assert (found[0] is Membership.CERTAIN) is certain, key
        member = _member(found[1], self.day, found[0], self.name)
        disputed = provenance.disputed_of(self.state, member.evidence, self.known)
        return attrs.evolve(member, disputed=disputed) if disputed else member


def _many(value: object) -> list[Any]:
    """One value, or each of an iterable of them (a string is one value)."""
    if isinstance(value, (str, _dt.date)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _date(ordinal: int) -> _dt.date:
    return _dt.date.fromordinal(ordinal)


def _instant_of(key: int) -> pendulum.DateTime:
    return from_key(key)


def _evidence(answer: object) -> Sequence[str]:
    if isinstance(answer, str):
        return (answer,)
    if isinstance(answer, Event):
        return (answer.id,)
    for name in ("evidence",):
        value = getattr(answer, name, None)
        if isinstance(value, tuple):
            return value
    if isinstance(answer, (FundingView, AnnouncementView)):
        return (answer.event,)
    parts: list[str] = []
    for attribute in ("members", "possible", "orgs", "tenures", "cases", "departures",
                      "foundings", "possible_foundings", "joined", "possibly_joined", "left",
                      "possibly_left", "changed", "entries", "people"):
        for item in getattr(answer, attribute, ()):
            if isinstance(item, RosterChange):
                for side in (item.before, item.after):
                    parts.extend(side.evidence if side else ())
            elif isinstance(item, CohortMember):
                parts.extend(item.member.evidence if item.member else ())
            elif isinstance(item, HistoryEntry):
                parts.append(item.event.id)
            elif isinstance(item, str):
                continue
            else:
                parts.extend(_evidence(item))
    if parts or isinstance(answer, (Roster, Whereabouts, Career, Lawsuits, Flows, Diff,
                                      History, Cohort)):
        return parts
    if isinstance(answer, Iterable):
        return [i for item in answer for i in _evidence(item)]
    raise InvalidEventError(None, "answer", answer, "nothing to explain: pass a result or ids")


def _subject(answer: object) -> str:
    if isinstance(answer, Member):
        return f"{answer.name} at {answer.org_name}"
    if isinstance(answer, str):
        return answer
    if isinstance(answer, (list, tuple)) and all(isinstance(a, str) for a in answer):
        return ", ".join(answer)
    return type(answer).__name__
