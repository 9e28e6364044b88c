"""Opening a store without reading it: each question reads only its scope.

A timeline opened on a store whose key index reflects its log (see
:mod:`timeline.stores.keys`) reads no event on opening. A question about
an entity (a roster, a career, where a person was, a history, an event by
id) reads the events of that entity's scope and what they depend on
(:mod:`timeline.engine.scopes`), folds only them and answers; the next
question about the same entity reads nothing. An append reads only what
its batch bears on (:mod:`timeline.batch_scope`). Every other question
reads the whole log first, once, and from then on the timeline holds
everything, as one opened before did. A part of
:class:`~timeline.Timeline`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from timeline.engine.kept_names import kept_name_rows
from timeline.engine.kept_tenures import kept_rows
from timeline.engine.log import Entry, PartialLog
from timeline.engine.names import fold_name
from timeline.engine.projections import Projections
from timeline.engine.scopes import ERASURE, VERSION, follow, keys_of, scope_of
from timeline.engine.tenure_index import Pair
from timeline.kept_rosters import KeptRosters
from timeline.lazy_scope import CACHE, LazyScope
from timeline.model.errors import StoreError
from timeline.model.events import Event
from timeline.stores import Store
from timeline.stores.base import Head
from timeline.stores.keys import Kept, Region

__all__ = ["Scoping", "index_keys", "kept_of"]

def index_keys(store: Store, state: Projections, events: Sequence[Event], start: int) -> None:
    """Within a write, after ``events`` were inserted after ``start`` and
    taken into ``state``: write their keys beside them, and the roster
    regions and kept tenures of every pair the write changed, and the kept
    names of every entity it renamed."""
    rows = [(key, start + number)
            for number, event in enumerate(events, 1)
            for key in keys_of(event, state.lineages.lineage_of(event.id) or event.id)]
    assert state.batch is not None, "keys are written within an append"
    changed, renamed = sorted(state.batch.tenures), sorted(state.batch.entities)
    regions, tenures, names = kept_of(state, changed, renamed)
    store.keys.set_regions([(org, person) for person, org in changed], regions, tenures)
    store.keys.set_names(renamed, names)
    store.keys.add(rows, start, store.last())


def kept_of(state: Projections, pairs: Sequence[Pair], entities: Sequence[str]) -> tuple[
        Iterator[Region], Iterator[Kept], Iterator[tuple[str, str]]]:
    """What a store keeps beside its log of the (person, seat) ``pairs``
    and of the ``entities``' names, as ``state`` folds them: their roster
    regions, kept tenures and kept names (every pair and entity: what
    opening a store makes again and ``verify()`` compares)."""
    return ((row for pair in pairs for row in state.tenures.region_rows(pair)),
            kept_rows(state.tenures, pairs), kept_name_rows(state.names, entities))


class Scoping(KeptRosters):
    """The state a timeline answers from, read whole or by scope."""

    _store: Store | None
    _held: Projections
    _scope: LazyScope | None = None
    _cache: int | None = CACHE

    @property
    def _state(self) -> Projections:
        """Everything read: on a timeline opened lazily, outside a question
        that reads only its scope, the whole log is read first."""
        lazy = self._scope
        if lazy is not None and not lazy.depth:
            self._read_whole()
        return self._held

    @_state.setter
    def _state(self, state: Projections) -> None:
        self._held = state

    @property
    def lazy(self) -> bool:
        """Whether this timeline has read only some of its store's events,
        as questions needed them (see "Opening a large store" in
        docs/stores.md)."""
        return self._scope is not None

    def _open_scoped(self, store: Store) -> bool:
        """Stand at the store's head without reading it, if its keys reflect
        its log; False when they do not (the log is then read whole and the
        keys made again)."""
        try:
            made = store.keys.head()
        except StoreError:
            return False  # no key tables: a store its reader may not add them to
        if made is None or made[0] != VERSION or made[1] != store.last():
            return False
        if made[1].position:
            store.read_at([made[1].position])  # a newer release's last row says so now
        self._held = Projections(log=PartialLog(made[1].position))
        self._scope = LazyScope()
        return True

    def _read_whole(self) -> None:
        """Read every event up to this timeline's position, once."""
        store = self._store
        if store is None:
            raise StoreError("closed", "this timeline's store is closed and it read only "
                             "part of it; open the store again to ask this")
        lazy = self._scope
        assert lazy is not None
        lazy.depth += 1  # answers still alive read what they were answered from
        try:
            self._held.settle()
        finally:
            lazy.depth -= 1
        head = self._held.log.position
        entries = []
        for position, event in store.read():
            if position > head:
                break
            entries.append(Entry.of(position, event))
        state = Projections()
        state.append(entries, validate=False)
        self._held, self._scope = state, None
        for answer in self._from_store.take():  # settled, as every answer, before it changes
            state.watch(answer)

    def _read_names(self, names: Sequence[str]) -> bool:
        """Read the declarations of the entities ``names`` may mean (what
        names them, and their foundings), not their scopes. False, with
        nothing read, when the store cannot say (a name no entity bore, or
        keys made stale meanwhile)."""
        store, lazy = self._store, self._scope
        if lazy is not None and not set(names) - lazy.named - lazy.declared:
            return True
        if store is None or lazy is None:
            return False
        made = self._made(store)
        if made is None:
            return False
        if self._full(lazy):
            lazy = self._make_room()
        seeds: set[str] = set()
        asked = [n for n in names if n not in lazy.named and n not in lazy.declared]
        for name in asked:
            entities = self._entities(store, name)
            if not entities:
                return False
            seeds |= {f"d:{entity}" for entity in entities}
        if seeds - lazy.keys and not self._read_keys(store, lazy, seeds - lazy.keys, made):
            return False
        lazy.declared.update(asked)
        return True

    def _read_declarations(self, ids: Sequence[str]) -> None:
        """Read the declarations of the entities ``ids``: the whole log,
        when the store cannot say where they are."""
        if self._scope is not None and not self._read_names(ids):
            self._read_whole()

    def _read_scope(self, names: Iterable[object], ids: Iterable[str] = (),
                    cases: Iterable[str] = ()) -> None:
        """Read the scope of the entities ``names`` may mean, of the events
        ``ids`` and of the lawsuit ``cases``."""
        store, lazy = self._store, self._scope
        assert lazy is not None
        names = list(names)
        if store is None:  # closed: only what was read can be answered
            unread = [n for n in names if isinstance(n, str) and n not in lazy.named]
            unread += [i for i in ids if f"i:{i}" not in lazy.keys]
            unread += [c for c in cases if f"c:{c}" not in lazy.keys]
            if unread:
                raise StoreError("closed", f"this timeline's store is closed and it never "
                                 f"read what this question needs ({unread[0]!r}); open the "
                                 "store again to ask it")
            return
        seeds = {f"i:{event_id}" for event_id in ids}
        seeds |= {f"c:{case}" for case in cases}
        asked = [n for n in names if isinstance(n, str) and n not in lazy.named]
        if not asked and seeds <= lazy.keys:
            return  # read already, at this head: answered from memory, as it was
        made = self._made(store)
        if made is None:
            self._read_whole()
            return
        for name in asked:
            seeds |= self._candidates(store, name)
        if seeds - lazy.keys and self._full(lazy):
            before, lazy = lazy, self._make_room()
            if lazy is not before:  # forgotten: read again the scopes of names read before
                for name in {n for n in names if isinstance(n, str)}.difference(asked):
                    seeds |= self._candidates(store, name)
                asked = [n for n in names if isinstance(n, str)]
        if seeds - lazy.keys and not self._read_keys(store, lazy, seeds - lazy.keys, made):
            self._read_whole()
            return
        lazy.named.update(asked)  # only once their scopes are read

    def _read_alumni(self, names: Sequence[object]) -> None:
        """Having read the scope of the first of ``names`` (a flow's source),
        read the scopes of everyone with a tenure at an organisation it may
        mean: where they went next, and what they founded."""
        store, lazy = self._store, self._scope
        if store is None or lazy is None or not names or not isinstance(names[0], str):
            return
        people = {person for org in self._entities(store, names[0])
                  for person in self._held.people_at(org)}
        made = self._made(store)
        seeds = scope_of(people) - lazy.keys
        if seeds and (made is None or not self._read_keys(store, lazy, seeds, made)):
            self._read_whole()

    def _recorded_between(self, after: int, upto: int) -> list[Entry] | None:
        """On a timeline opened lazily, the entries recorded in ``(after,
        upto]`` read from the store and not folded: recorded time never goes
        backwards along the log, so the span is a range of positions, found
        by bisection (about two reads of one event for each doubling of the
        log). None on a timeline holding the whole log, or closed."""
        store = self._store
        if self._scope is None or store is None:
            return None
        head = self._held.log.position

        def first_after(bound: int) -> int:
            """The first position recorded after ``bound`` (head + 1: none)."""
            lo, hi = 1, head + 1
            while lo < hi:
                mid = (lo + hi) // 2
                (_, event), = store.read_at([mid])
                if Entry.of(mid, event).recorded > bound:
                    hi = mid
                else:
                    lo = mid + 1
            return lo

        start = first_after(after)
        end = first_after(upto) if start <= head else start
        entries = []
        for position, event in store.read(after=start - 1):
            if position >= end:
                break
            entries.append(Entry.of(position, event))
        return entries

    def _full(self, lazy: LazyScope) -> bool:
        """Whether what ``lazy`` holds has reached ``cache``."""
        return self._cache is not None and lazy.held() >= self._cache

    def _make_room(self) -> LazyScope:
        """Past ``cache``: let the roster regions, kept tenures and kept names
        held go first (one range of the store's keys reads them again), and
        only if that is not enough forget the events read (the scope again,
        when the same)."""
        lazy = self._scope
        assert lazy is not None
        if lazy.let_kept_go() and not self._full(lazy):
            return lazy
        return self._forget()

    def _forget(self) -> LazyScope:
        """Forget every event read, keeping the position: the cache is full.
        Answers already given are worked out first, from what they were
        answered from."""
        lazy = self._scope
        assert lazy is not None
        lazy.depth += 1
        try:
            self._held.settle()
        finally:
            lazy.depth -= 1
        self._held = Projections(log=PartialLog(self._held.log.position))
        self._scope = LazyScope()
        return self._scope

    def _read_all(self, kind: str) -> bool:
        """Read every key of one ``kind`` (``"d"``, every entity's
        declarations; ``"c"``, every case), for what a question could not
        find among what it read: its error then names or suggests from
        everything, as a timeline that read the whole log would. False when
        they were all read already."""
        store, lazy = self._store, self._scope
        if store is None or lazy is None or kind in lazy.read_all:
            return False
        made = self._made(store)
        seeds = {f"{kind}:{name}" for name in store.keys.named(kind, self._held.log.position)}
        if made is None or not self._read_keys(store, lazy, seeds - lazy.keys, made):
            self._read_whole()
        elif self._scope is not None:
            self._scope.read_all.add(kind)
        return True

    def _made(self, store: Store) -> Head | None:
        """The head the store's keys reflect, if they reflect at least all
        this timeline stands on and no erasure landed since; None when they
        do not (an erasure made them stale, or they are being made again)."""
        made = store.keys.head()
        head = self._held.log.position
        if made is None or made[0] != VERSION or made[1].position < head:
            return None
        if made[1].position > head and store.keys.positions({ERASURE}, made[1].position, head):
            return None  # an erasure since redacted events this timeline may have read
        return made[1]

    def _unchanged(self, store: Store, made: Head) -> bool:
        """Whether the keys read since ``made`` was the head are those of the
        log still: no erasure redacted events meanwhile."""
        now = store.keys.head()
        if now is not None and now[0] == VERSION and now[1] == made:
            return True
        return (now is not None and now[0] == VERSION and now[1].position >= made.position
                and not store.keys.positions({ERASURE}, now[1].position, made.position))

    def _candidates(self, store: Store, name: str) -> set[str]:
        """The keys of the entities ``name`` may mean: an id, or any name an
        entity was ever declared with. A name no entity ever bore brings in
        every declaration, for the error to suggest close names."""
        entities = self._entities(store, name)
        if not entities:  # no such name: the declarations say which are close
            head = self._held.log.position
            return {f"d:{entity}" for entity in store.keys.named("d", head)}
        return scope_of(entities)

    def _entities(self, store: Store, name: str) -> set[str]:
        """The entities ``name`` may mean: an id, or any name an entity was
        ever declared with."""
        head = self._held.log.position
        found = store.keys.positions({f"n:{fold_name(name)}", f"d:{name}"}, head)
        return {key[2:] for keys in store.keys.keys_at(found).values()
                for key in keys if key.startswith("d:")}

    def _read_keys(self, store: Store, lazy: LazyScope, seeds: set[str], made: Head, *,
                   after: int = 0, old: set[str] | None = None,
                   given: set[int] | None = None) -> bool:
        """Read the events with any of ``seeds`` (and with any of ``old``
        after position ``after``, and those at the positions ``given``), and
        the closure of what they depend on, up to this timeline's position;
        fold them in, in log order. False, with nothing read, when an erasure
        changed the keys meanwhile (``made`` was their head before)."""
        head = self._held.log.position
        wanted = store.keys.positions(old, head, after) if old else set()
        wanted |= given or set()
        keys, followed, read = set(seeds), set(lazy.keys), set[int]()
        while keys or wanted:
            followed |= keys
            wanted |= store.keys.positions(keys, head) if keys else set()
            fresh = wanted - lazy.positions - read
            read |= fresh
            keys, wanted = set(), set()
            for held in store.keys.keys_at(fresh).values():
                keys |= follow(held)
            keys -= followed
        entries = [Entry.of(p, e) for p, e in store.read_at(read)] if read else []
        if not self._unchanged(store, made):
            return False
        if entries:
            self._held.append(entries, validate=False)
        # only once folded in: a read that fails leaves nothing marked as read
        lazy.keys, lazy.positions = followed, lazy.positions | read
        return True

    def _refresh_scoped(self, store: Store) -> int:
        """Catch up a lazily opened timeline: stand at the store's head and
        read what arrived within what was read. Returns how many events
        arrived. A store whose keys no longer reflect its log (an erasure)
        is read whole."""
        lazy, log = self._scope, self._held.log
        assert lazy is not None
        assert isinstance(log, PartialLog)
        before = log.position
        head = store.last()
        if head.position == before:
            return 0
        self._held.settle()
        log.reach(head.position)
        lazy.forget_kept()
        lazy.pairs.clear()  # the tenures of a pair read may have grown since
        made = self._made(store)
        if made is None:
            self._read_whole()
        elif store.keys.positions({ERASURE}, head.position, before):
            # an erasure redacted events, perhaps some read: read the scope again
            self._held = Projections(log=PartialLog(head.position))
            self._scope = LazyScope()
            if not self._read_keys(store, self._scope, set(lazy.keys), made):
                self._read_whole()
        elif not self._read_keys(store, lazy, set(), made, after=before, old=set(lazy.keys)):
            self._read_whole()
        return head.position - before

    def _index_whole(self, store: Store) -> None:
        """Make the store's keys again from the whole log, which this
        timeline holds, if no one appended meanwhile and the store can be
        written; otherwise leave them for another open."""
        state = self._held
        head = state.log.position
        rows = ((key, entry.position) for entry in state.log
                for key in keys_of(entry.event,
                                   state.lineages.lineage_of(entry.event.id) or entry.event.id))
        regions, tenures, names = kept_of(state, list(state.tenures.pairs()),
                                          list(state.names.held()))
        patience = store.lock_timeout
        store.lock_timeout = 0.5  # a writer busy for longer: the keys wait for another open
        try:
            store.lock()
            try:
                last = store.last()
                if last.position == head and store.keys.head() != (VERSION, last):
                    store.keys.replace(rows, regions, tenures, names, head=last, version=VERSION)
                    store.commit()
            finally:
                store.rollback()
        except StoreError:
            return  # a store opened read-only, or busy: the keys wait for another open
        finally:
            store.lock_timeout = patience

