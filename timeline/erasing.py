"""Erasing a private person on request: their personal data leaves every
event that holds it, in memory and in the store, while the log stays
append-only and its chain verifies (see "Erasure" in docs/stores.md). A
part of :class:`~timeline.Timeline`."""

from __future__ import annotations

from collections.abc import Iterable

import pendulum

from timeline.engine.erasure import Redaction, plan
from timeline.engine.interrupts import Deferred
from timeline.engine.log import Entry
from timeline.engine.projections import Projections
from timeline.engine.publication import Publications
from timeline.model.dates import EVERYTHING, instant
from timeline.model.erasure_events import Erased
from timeline.model.errors import InvalidQueryError, StoreError
from timeline.model.events import Event
from timeline.queries.provenance import ProvenanceQueries
from timeline.stores import Store
from timeline.stores._rows import canonical, digest
from timeline.stores.anchors import MemoryChain

__all__ = ["Erasing"]



class Erasing(ProvenanceQueries):
    """Forgetting a person; rebuilding the projections without them."""

    _store: Store | None
    _chain: MemoryChain
    _closed: bool
    _publications: Publications

    @property
    def position(self) -> int:
        raise NotImplementedError

    def refresh(self) -> int:
        raise NotImplementedError

    def _fresh(self, batch: list[Event], now: pendulum.DateTime) -> list[Event]:
        raise NotImplementedError

    def erase(self, person: str, *, sources: object, reason: str = "",
              id: str | None = None) -> Erased:
        """Forget ``person`` (any of their names) as a data-protection
        erasure asks: their id becomes a pseudonym (``erased-<position>``)
        and each of their names and aliases ``[erased]``, in every event
        that holds them — declarations, tenures, other events' ids and
        sources' titles — in memory and in the store, for every view,
        ``known=`` ones included. An :class:`~timeline.Erased` event citing
        ``sources`` (the request) is appended, naming no one; ``verify()``
        still passes and lists the redacted positions. Other people's facts
        stay. Runtime: O(n): the projections are rebuilt.

        >>> from timeline import Timeline
        >>> tl = Timeline.example()
        >>> erasure = tl.erase("John Schulman", sources="request-1", reason="on request")
        >>> erasure.pseudonym, tl.roster("OpenAI", at="2024-06").people
        ('erased-18', ('erased-18', 'greg-brockman'))
        >>> tl.verify().redacted
        (6, 9, 15, 16)

        A head kept outside before the erasure no longer vouches for the
        redacted payloads: ``verify(expected=)`` against it fails, naming
        the erasure; keep a new head after erasing.
        """
        if self._closed:
            raise StoreError("closed", "this timeline's store is closed; open it again to erase")
        store = self._store
        if store is None:
            with Deferred():  # Ctrl-C waits until memory has forgotten
                return self._erase(person, sources, reason, id, None)
        try:
            store.lock()
            self.refresh()
            with Deferred():  # once written, Ctrl-C waits until memory has forgotten too
                return self._erase(person, sources, reason, id, store)
        finally:
            with Deferred():
                store.rollback()

    def _index_whole(self, store: Store) -> None:
        raise NotImplementedError

    def _erase(self, person: str, sources: object, reason: str, event_id: str | None,
               store: Store | None) -> Erased:
        found = self._resolve(person, EVERYTHING, kind="person")
        entries = self._state.log.entries()
        position = self.position + 1
        pseudonym = f"erased-{position}"
        redactions, scrub = plan(entries, self._types, found, pseudonym)
        if not redactions:
            raise InvalidQueryError("erase", person, "no event holds this person's data")
        now = instant(self._clock())
        draft = Erased(
            id=event_id or f"erasure-{position}", valid=now.date().isoformat(),
            sources=sources, reason=reason, pseudonym=pseudonym,
            redacted=tuple((r.position, digest(self._types.encode(r.after)))
                           for r in redactions))
        erasure = self._types.decode(  # the request may name the person too
            {key: value if key in {"redacted", "pseudonym"} else scrub(value)
             for key, value in self._types.encode(draft).items()})
        taken = {e.event.id for e in entries} | {r.after.id for r in redactions}
        if erasure.id in taken:
            raise InvalidQueryError("id", erasure.id, "another event has this id, or will "
                                    "once the erasure renames it", hint="give the erasure "
                                    "an id of its own, or leave it out")
        fresh = self._fresh([erasure], now)
        assert isinstance(fresh[0], Erased)
        rows = [(r.position, r.after.id, canonical(self._types.encode(r.after)))
                for r in redactions]

        def write() -> None:
            assert store is not None
            store.insert(fresh, position - 1)
            store.redact(rows, position)
            store.commit()

        self._state.append([Entry.of(position, fresh[0])],
                           commit=write if store is not None else None)
        if store is None:
            self._chain.redact({r.position: digest(self._types.encode(r.before))
                                for r in redactions}, position)
        self._rebuild(_replaced(self._state.log.entries(), redactions))
        if store is not None:
            self._index_whole(store)
            store.purge()
        return fresh[0]

    def _rebuild(self, entries: Iterable[Entry]) -> None:
        """Every projection worked out again from ``entries``."""
        state = Projections()
        state.append(list(entries), validate=False)
        self._state, self._publications = state, Publications()


def _replaced(entries: Iterable[Entry], redactions: Iterable[Redaction]) -> list[Entry]:
    after = {r.position: r.after for r in redactions}
    return [Entry.of(e.position, after[e.position]) if e.position in after else e
            for e in entries]
