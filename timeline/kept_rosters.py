"""Rosters a store keeps, read without their events: a part of
:class:`~timeline.Timeline` opened lazily (see :mod:`timeline.scoping` and
"Opening a large store" in docs/stores.md).

A roster's members come from the roster regions the store keeps
(:mod:`timeline.engine.region_rosters`); their details from the tenures
and names it keeps (:mod:`timeline.engine.kept_tenures`,
:mod:`timeline.engine.kept_names`), or, in a log with a dispute, from the
events of their own tenures. Answers so read are settled before the
timeline moves on from its head or closes its store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from timeline.engine.kept_names import KeptName
from timeline.engine.kept_tenures import KeptPair
from timeline.engine.names import ORGANIZATION
from timeline.engine.projections import Projections
from timeline.engine.region_rosters import REGIONS_PER_EVENT, RegionRosters
from timeline.engine.scopes import DISPUTED
from timeline.engine.seats import org_of
from timeline.engine.settling import Settles, Watched
from timeline.lazy_scope import LazyScope
from timeline.model.dates import EVERYTHING
from timeline.model.errors import StoreError
from timeline.queries._base import KeptEntries
from timeline.stores import Store
from timeline.stores.base import Head

__all__ = ["KeptRosters"]

#: How many regions a seat may have to be read whole on its first roster.
_FEW_REGIONS = 200


class KeptRosters:
    """Rosters from what the store keeps beside its log."""

    _store: Store | None
    _held: Projections
    _scope: LazyScope | None = None
    _cache: int | None
    # answers read from the store's regions, whose details are read later
    _from_store: Watched

    # -- of the timeline that reads by scope (timeline.scoping) -------------------

    def _made(self, store: Store) -> Head | None:
        raise NotImplementedError

    def _full(self, lazy: LazyScope) -> bool:
        raise NotImplementedError

    def _make_room(self) -> LazyScope:
        raise NotImplementedError

    def _read_scope(self, names: Iterable[object], ids: Iterable[str] = (),
                    cases: Iterable[str] = ()) -> None:
        raise NotImplementedError

    def _read_keys(self, store: Store, lazy: LazyScope, seeds: set[str], made: Head, *,
                   after: int = 0, old: set[str] | None = None,
                   given: set[int] | None = None) -> bool:
        raise NotImplementedError

    def _made_here(self, store: Store) -> Head | None:
        """The head the store's keys and what it keeps reflect, when it is
        this timeline's own: rows read from the store then answer for this
        timeline (None: another process wrote since, or they are stale)."""
        made = self._made(store)
        return made if made is not None and made.position == self._held.log.position else None

    # -- rosters -------------------------------------------------------------------

    def _from_regions(self, name: str) -> bool:
        """Whether rosters of ``name`` are read from the store's regions: on a
        timeline that holds only part of the log, and not the scope of
        ``name`` (it answers from memory then)."""
        lazy = self._scope
        return lazy is not None and name not in lazy.named and (
            self._store is not None or bool(lazy.seats))  # closed: from the regions held

    def _kept_org(self, org: str, known: int, day: int) -> str | None:
        """The name, as known at ``known`` on ``day``, of the organisation
        whose id is ``org``, from the names the store keeps (or its
        declarations, if they were read): a roster of it then reads no
        event. None when they cannot say: ``org`` is not an organisation's
        id then (a name, read or not), or a rename makes its kept name
        depend on the date (its declarations are read then)."""
        store, lazy = self._store, self._scope
        if lazy is None:
            return None
        if f"d:{org}" in lazy.keys:  # its declarations were read (a where's scope too): they say
            names = self._held.names
            return names.name(org, known, day) if names.kind(org, known) == ORGANIZATION else None
        if org in lazy.unkept or org in lazy.declared or org in lazy.named:
            return None  # a name, not an id: read already, answered from memory
        kept = lazy.names.get(org)
        try:
            if kept is None:
                body = None if store is None else store.keys.names_of([org]).get(org)
                if body is None:
                    lazy.unkept.add(org)  # not an id the store keeps a name of
                    return None
                if store is None or self._made_here(store) is None:
                    return None
                kept = lazy.names[org] = KeptName(org, body)
            kind, name = kept.view(known)
        except StoreError:
            return None  # a role not granted the table, or a row changed: the events say
        return name if kind == ORGANIZATION else None

    def _region_ids(self, seats: Sequence[str], day: int, known: int,
                    level: int) -> list[tuple[frozenset[str], frozenset[str]]] | None:
        """Who is certainly, and who only possibly, on each of ``seats``'
        rosters, from the store's regions, held from then on to answer from
        memory: at once for a seat with few regions; for another, one
        indexed range the first time it is asked, and every region the
        second. None when the regions reflect another head than this
        timeline's (another process wrote since)."""
        store, lazy = self._store, self._scope
        assert lazy is not None
        if store is None and not lazy.seats.keys() >= set(seats):
            return None  # closed: the roster says what it never read
        view = None if known >= EVERYTHING else known
        out, read, fetched = [], {}, False
        room = None if self._cache is None else (self._cache - lazy.held()) * REGIONS_PER_EVENT
        try:
            for place in seats:
                held = lazy.seats.get(place)
                if held is None:
                    assert store is not None
                    # a seat with few regions is read whole at once; another, once asked again
                    fetched = True
                    if (place in lazy.asked
                            or store.keys.region_count(place, _FEW_REGIONS) < _FEW_REGIONS):
                        rows = store.keys.regions_of(place)
                        held = RegionRosters(place, rows)
                        if room is None or len(rows) <= room:  # held within the cache
                            read[place] = held
                            room = None if room is None else room - len(rows)
                if held is None:
                    assert store is not None
                    out.append(store.keys.roster(place, day, known, level))
                else:
                    out.append(held.at(day, view, level))
        except StoreError:
            return None  # regions a reading role may not read: the roster reads its scope
        # whether the regions reflected this head as they were read: the head
        # they reflect only grows, but while an erasure makes them again
        # after an event of its own
        if fetched and store is not None and self._made_here(store) is None:
            return None
        lazy.asked.update(seats)
        lazy.seats.update(read)
        lazy.regions += sum(len(held) for held in read.values())
        return out

    def _read_for(self, names: Sequence[str]) -> None:
        """Read the scopes of ``names``, for the details of an answer read
        from the store's regions (its timeline is still where the answer
        was: it is settled before it moves on)."""
        if self._scope is not None:
            self._read_scope(names)

    def _read_pairs(self, org: str, people: Iterable[str]) -> bool:
        """Read the events of every pair of one of ``people`` and ``org``
        (those with the keys of both), their closure, and the declarations
        of all of them: every tenure of those pairs is then whole, though
        the organisation's scope is not (it is not marked as read). False,
        with nothing read, when the store cannot say."""
        store, lazy = self._store, self._scope
        if lazy is None:
            return False
        if store is not None and self._full(lazy):
            lazy = self._make_room()  # first: what was read may be forgotten
        people = sorted(p for p in people if (org, p) not in lazy.pairs)
        if not people:
            return True  # read already (a closed timeline answers from them)
        if store is None:
            return False
        made = self._made(store)
        if made is None:
            return False
        head = self._held.log.position
        seeds = {f"d:{org}", *(f"d:{person}" for person in people)}
        wanted = store.keys.together(f"e:{org}", {f"e:{person}" for person in people}, head)
        if not self._read_keys(store, lazy, seeds - lazy.keys, made, given=wanted):
            return False
        lazy.pairs.update((org, person) for person in people)
        self._may_dispute()  # known from then on, a closed timeline's answers too
        return True

    def _kept_entries(self, view: tuple[int, int, int], place: str,
                      people: Iterable[str]) -> KeptEntries | None:
        """The entries of a roster of ``place`` read from the store's regions,
        from the tenures it keeps of ``people``, having read only what names
        them. None, with the declarations perhaps read, when the store
        cannot say: the log holds a dispute (an entry then names the other
        claims), a pair's tenures are not kept (an event type of the user's
        own), or another process wrote since this timeline's head."""
        store, lazy = self._store, self._scope
        if lazy is None or self._may_dispute():
            return None
        if store is not None and self._full(lazy):
            lazy = self._make_room()
        people = sorted(people)
        entities = [org_of(place), *people]
        unread = [person for person in people if (place, person) not in lazy.kept]
        unnamed = [e for e in entities if e not in lazy.names and f"d:{e}" not in lazy.keys]
        made = None
        if unread or unnamed:
            if store is None:
                return None  # closed: the roster says what it never read
            try:
                bodies = store.keys.tenures_of(place, unread)
                named = store.keys.names_of(unnamed)
            except StoreError:
                return None  # a reading role the tables are not granted to: read the events
            if len(bodies) != len(unread) or None in bodies.values():
                return None
            made = self._made_here(store)
            if made is None:
                return None
            lazy.kept.update(((place, person), KeptPair(body, person, place))
                             for person, body in bodies.items() if body is not None)
            lazy.names.update((entity, KeptName(entity, body)) for entity, body in named.items())
        # what no kept name says (a rename, or a view before the declaration) is read
        seeds = {f"d:{e}" for e in entities if f"d:{e}" not in lazy.keys and (
            e not in lazy.names or lazy.names[e].name(view[1]) is None)}
        if seeds:
            if store is None:
                return None
            made = made or self._made(store)
            if made is None or not self._read_keys(store, lazy, seeds, made):
                return None
        kept, held = lazy.kept, lazy.names  # the answer's own: the cache may let them go
        return KeptEntries(self._held, view, place, {
            person: kept[place, person] for person in people if (place, person) in kept},
            {entity: held[entity] for entity in entities if entity in held})

    def _may_dispute(self) -> bool:
        """Whether the log, up to this timeline's position, holds a dispute
        (True when the store cannot say)."""
        store, lazy = self._store, self._scope
        if lazy is None or (store is None and lazy.disputed is None):
            return True
        if lazy.disputed is None:
            assert store is not None
            lazy.disputed = store.keys.any(DISPUTED, self._held.log.position)
        return lazy.disputed

    def _keep(self, answer: Settles) -> None:
        """Settle ``answer``, read from the store's regions, before this
        timeline moves on from its head or closes its store: its details
        are read then, if they were not before."""
        self._from_store.add(answer)

    def _settle_kept(self) -> None:
        """Work out the details of every answer read from the store still
        alive, before this timeline moves on or closes its store."""
        self._from_store.settle()
