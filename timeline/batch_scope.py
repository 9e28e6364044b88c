"""Appending to a store opened lazily: a batch reads only what it bears on.

A timeline opened on a store whose keys reflect its log (see
:mod:`timeline.scoping`) validates and writes a batch having read only
what the batch's checks and the rows written beside it read:

- the event already stored under each of the batch's ids (or defining it:
  a replacement's, a claim's, a planned event's id), and the events it
  names by id (a correction's target, a plan, a round, a motion), with
  their whole lineages;
- for each (person, seat) pair the batch takes part in, the events of that
  pair (those with the keys of both) and the foundings of the
  organisation, which bound its tenures; for a declaration, a rename or a
  founding, the entity's whole scope (every event about it is checked
  again, and a founding bounds every tenure there);
- the declarations of every entity named, every event of every case, every
  placement of the organisations placed;
- the same again for the versions of every lineage the batch corrects (a
  correction may take a fact from one pair to another);
- the last event, whose recorded time a new one may not precede; and, of
  each source the batch cites or corrects, the first citation, the first
  citation stating a publication time, and every correction of its
  publication time (:mod:`timeline.engine.publication`).

Those are every event the checks of :meth:`Projections._validate
<timeline.engine.projections.Projections>` and the fold of each key they
touch read, so the batch is accepted exactly when a timeline holding the
whole log accepts it, and refused with the same error: what an error
names is in the batch's scope (the checks run in a fixed order, so the
same event is named whatever was read before), and for the errors that
list or suggest what the log knows, every declaration (an entity no one
declared) or every case (a case no one filed) is read first, and kept
while the batch is checked again, or the whole log (a source no event
cites). An erasure, and a batch of a
thousand events or more that is as large as the log, read the whole log
first. Whatever the batch makes stale in the roster regions, kept tenures
and kept names held is let go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pendulum

from timeline.engine.checks import links
from timeline.engine.publication import Citations, cited
from timeline.engine.scopes import keys_of, parts, scope_of
from timeline.engine.seats import org_of, seats_of
from timeline.model.catalog import EntityEvent, Founded
from timeline.model.corrections import Correction
from timeline.model.dates import instant_key
from timeline.model.erasure_events import Erased
from timeline.model.errors import (
    ConcurrencyError,
    UnknownCaseError,
    UnknownEntityError,
    UnknownSourceError,
)
from timeline.model.events import Event
from timeline.scoping import Scoping
from timeline.stores import Store

__all__ = ["LARGE", "BatchScope", "bearing"]

#: The kinds of an event's own keys a batch reads whole: its lineage, the
#: ids it defines and names, the declarations of what it names, its cases
#: and placements, and the corrections of the sources it cites.
_READ = frozenset("ridlctf")

Pair = tuple[str, str]  # (organisation, person)

#: A batch of at least this many events, and at least as many as the log
#: holds, has the whole log read: its own keys would be as many to look up.
LARGE = 1_000


def bearing(events: Iterable[Event]) -> tuple[set[str], set[Pair], set[str]]:
    """What validating ``events`` reads: the keys to read whole, the
    (organisation, person) pairs whose events to read, and the sources
    whose first citations to find."""
    keys: set[str] = set()
    pairs: set[Pair] = set()
    sources: set[str] = set()
    for event in events:
        own = keys_of(event, event.id)
        keys.update(key for key in own if key[0] in _READ)
        keys.update(f"d:{key[2:]}" for key in own if key.startswith("e:"))
        sources.update(key[2:] for key in own if key[0] in "sf")
        keys.update(f"i:{target}" for target in _targets(event))
        for part in parts(event):
            pairs.update((org_of(seat), person) for person, seat in seats_of(part))
            if isinstance(part, EntityEvent):
                keys |= scope_of([part.entity])
            if isinstance(part, Founded):
                keys |= scope_of([part.org])
    keys.update(f"f:{source}" for source in sources)
    return keys, pairs, sources


class BatchScope(Scoping):
    """Appends that read only what their batch bears on."""

    def _extend(self, batch: list[Event], now: pendulum.DateTime,
                expected_position: int | None, store: Store | None,
                cited: Citations | None = None) -> int:
        raise NotImplementedError

    def _extend_scoped(self, batch: list[Event], now: pendulum.DateTime,
                       expected_position: int | None, store: Store) -> int | None:
        """Within a write, with this timeline at the store's head: append
        ``batch`` having read only what it bears on, and return how many
        events were new; None when this timeline holds the whole log, or
        the batch needs it read (an erasure, a correction naming a source
        no event cites, for the error to suggest from every source)."""
        if self._scope is None:
            return None
        if expected_position is not None and expected_position != self._held.log.position:
            raise ConcurrencyError(expected_position, self._held.log.position)
        try:
            return self._append_scoped(batch, now, store)
        except (UnknownEntityError, UnknownCaseError) as error:
            # every declaration, or every case, read then, for the error to
            # name or suggest from; kept while the batch reads its scope again
            if self._read_all("c" if isinstance(error, UnknownCaseError) else "d"):
                if self._scope is None:
                    return None
                return self._append_scoped(batch, now, store, room=False)
            if self._scope is None:
                return None
            raise
        except UnknownSourceError:
            return None

    def _append_scoped(self, batch: list[Event], now: pendulum.DateTime,
                       store: Store, *, room: bool = True) -> int | None:
        """Read what ``batch`` bears on and append it from that alone (with
        ``room``, letting go of what was read first if ``cache`` is full)."""
        cited = self._read_batch(batch, room=room)
        lazy = self._scope
        if cited is None or lazy is None:
            return None
        self._settle_kept()  # answers read from the store, before it moves on
        lazy.depth += 1
        try:
            added = self._extend(batch, now, None, store, cited)
        finally:
            lazy.depth -= 1
        if added:
            head = self._held.log.position
            lazy.positions.update(range(head - added + 1, head + 1))
            lazy.forget_kept()
        return added

    def _read_batch(self, batch: Sequence[Event], *, room: bool = True) -> Citations | None:
        """Read what validating and writing ``batch`` reads (see the module's
        text); what the log holds of its sources. None, with perhaps some
        of it read, when the store cannot say: the whole log is then read."""
        store, lazy = self._store, self._scope
        head = self._held.log.position
        if (store is None or lazy is None or len(batch) >= max(head, LARGE)
                or any(isinstance(e, Erased) for e in batch)):
            return None  # a large batch reads the whole log at no greater cost
        if room and self._full(lazy):
            self._make_room()
        keys, pairs, sources = bearing(batch)
        if not self._read_bearing(store, keys, pairs, {head}):
            return None
        lineages = self._held.lineages
        roots = {lineages.root_of(target) for event in batch for target in _targets(event)}
        corrected = [entry.event for root in roots if root is not None
                     for entry in (lineages.fact(root), *lineages.corrections(root))]
        keys, pairs, _ = bearing(corrected)
        if not self._read_bearing(store, keys, pairs, set()):
            return None
        return self._citations(store, sources, head)

    def _read_bearing(self, store: Store, keys: set[str], pairs: set[Pair],
                      given: set[int]) -> bool:
        """Read the events with ``keys``, those of ``pairs`` and those at
        the positions ``given``, with their closure."""
        lazy = self._scope
        made = self._made(store)
        if lazy is None or made is None:
            return False
        head = self._held.log.position
        for org in sorted({org for org, _ in pairs}):
            people = {f"e:{person}" for held, person in pairs if held == org}
            given |= store.keys.together(f"e:{org}", people, head)
        return self._read_keys(store, lazy, keys - lazy.keys, made, given=given - lazy.positions)

    def _citations(self, store: Store, sources: set[str], head: int) -> Citations:
        """Of each of ``sources``, the first citation and the first stating a
        publication time, read from the store without their scopes."""
        if not sources:
            return Citations({}, {})
        found = store.keys.first([f"{kind}:{source}" for source in sources for kind in "sp"],
                                 head)
        events = dict(store.read_at(set(found.values())))
        first: dict[str, tuple[int, str]] = {}
        stated: dict[str, tuple[int, str]] = {}
        for key, position in found.items():
            event = events[position]
            assert event.recorded is not None
            if key[0] == "s":
                first[key[2:]] = (instant_key(event.recorded), event.id)
                continue
            published = next(s.published for s in cited(event)
                             if s.id == key[2:] and s.published is not None)
            stated[key[2:]] = (instant_key(published), event.id)
        return Citations(first, stated)


def _targets(event: Event) -> Iterable[str]:
    """The ids ``event`` names: a correction's target and its links."""
    if isinstance(event, Correction):
        yield event.target
    for _, target, _ in links(event):
        yield target
