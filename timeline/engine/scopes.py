"""Scopes: which events a question needs, found by keys kept beside the log.

A store keeps, for every event, the keys that say what the event bears on,
written in the same transaction as the event (see "Opening a large store"
in docs/stores.md). A timeline opened on a store reads no event until a
question needs it: it then reads the events of that question's scope, and
those they depend on, and folds only them. The keys of one event:

- ``e:<entity>`` for every entity it is about (with every person and
  organisation of the tenures it takes part in, and those of a correction's
  replacement, a dispute's claim or a plan's event);
- ``d:<entity>`` for an entity's own declarations and its foundings: what
  names it and bounds its tenures;
- ``n:<name key>`` for every name a declaration gives (and the id's own key);
- ``r:<root>`` for the lineage the event is in (a fact and its corrections);
- ``i:<id>`` for each id it defines (its own, a replacement's, a claim's, a
  planned event's) and ``l:<id>`` for each id it links to (a plan it
  fulfils, cancels or moves, a round it is a tranche of, a motion);
- ``c:<case>`` for a lawsuit's events (and for the case a counterclaim
  answers);
- ``t:<organisation>`` for a placement of one organisation inside another
  (an acquisition too), on both sides;
- ``x:erasure`` for an erasure, which rewrites events already read;
- ``x:disputed`` for a dispute (another claim about a fact): a roster read
  from the store's regions lists memberships a dispute puts in doubt only
  when the log holds one;
- ``s:<source>`` for every source the event cites (with its replacement's),
  ``p:<source>`` for each of those whose citation states a publication
  time, and ``f:<source>`` for a correction of a source's publication time:
  an append checks its citations against the first of each and every
  correction (:mod:`timeline.engine.publication`) without reading the rest.

The closure of a scope (:func:`follow`) adds, for each event read, its whole
lineage, the declarations of every entity it names, the events it links to
and those linking to it, every event of a case it is in, and every
placement of the organisations it places (so the tree of organisations
inside others around it is read whole). A lineage is thus read whole or not at all, so the
folds of a scope see every version of every fact they fold. A question about
entity ``x`` is answered from the scope of ``e:x`` and ``d:x``: every pair
(person, organisation) with ``x`` on one side is then complete, and those
are all a roster, a career or a history of ``x`` reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.engine.checks import links
from timeline.engine.hierarchy import placement
from timeline.engine.names import fold_name, names_of
from timeline.engine.publication import cited
from timeline.engine.seats import org_of, seats_of
from timeline.model.catalog import EntityEvent, Founded, LawsuitEvent
from timeline.model.corrections import Disputed, PublicationCorrected
from timeline.model.erasure_events import Erased
from timeline.model.events import Event

__all__ = ["DISPUTED", "ERASURE", "VERSION", "follow", "keys_of", "parts", "scope_of"]

ERASURE = "x:erasure"
"""The key of every erasure: a follower that read events it redacts reads
them again."""

DISPUTED = "x:disputed"
"""The key of every dispute: with none in the log, no membership is contested."""

VERSION = 7
"""The version of the keys and roster regions a store keeps (see
:mod:`timeline.stores.keys`): a store whose were made by another is read
whole and has them made again. Raise it whenever :func:`keys_of`, the fold
of tenures, or how stored events are upcast on read changes what they hold."""


def parts(event: Event) -> Iterator[Event]:
    """The event and those it carries: a replacement, a claim, a planned event."""
    yield event
    for field in ("replacement", "claim", "plan"):
        inner = getattr(event, field, None)
        if isinstance(inner, Event):
            yield from parts(inner)


def keys_of(event: Event, root: str) -> set[str]:
    """Every key of ``event``, whose lineage is ``root``."""
    keys = {f"r:{root}"}
    for part in parts(event):
        keys.add(f"i:{part.id}")
        keys.update(f"e:{entity}" for entity in part.about())
        for person, seat in seats_of(part):
            keys.add(f"e:{person}")
            keys.add(f"e:{org_of(seat)}")
        if isinstance(part, EntityEvent):
            keys.add(f"d:{part.entity}")
            keys.add(f"n:{fold_name(part.entity)}")
            keys.update(f"n:{fold_name(name)}" for name in names_of(part))
        if isinstance(part, Founded):
            keys.add(f"d:{part.org}")
            keys.add(f"n:{fold_name(part.org)}")
        if isinstance(part, LawsuitEvent):
            keys.add(f"c:{part.case}")
            answered = getattr(part, "answers", None)
            if answered is not None:
                keys.add(f"c:{answered}")
        placed = placement(part)
        if placed is not None:
            keys.update(f"t:{org}" for org in placed if org is not None)
    for _, target, _ in links(event):
        keys.add(f"l:{target}")
    for source in cited(event):
        keys.add(f"s:{source.id}")
        if source.published is not None:
            keys.add(f"p:{source.id}")
    for part in parts(event):
        if isinstance(part, PublicationCorrected):
            keys.add(f"f:{part.source}")
    if isinstance(event, Erased):
        keys.add(ERASURE)
    if isinstance(event, Disputed):
        keys.add(DISPUTED)
    return keys


def scope_of(entities: Iterable[str]) -> set[str]:
    """The keys a question about ``entities`` starts from."""
    return {f"{kind}:{entity}" for entity in entities for kind in ("e", "d", "t")}


def follow(keys: Iterable[str]) -> set[str]:
    """The keys an event with ``keys`` brings into its scope: its lineage,
    the declarations of what it names, what it links to and what links to
    what it defines."""
    out = set()
    for key in keys:
        kind, _, value = key.partition(":")
        if kind in ("r", "c", "t"):
            out.add(key)
        elif kind == "e":
            out.add(f"d:{value}")
        elif kind == "l":
            out.add(f"i:{value}")
        elif kind == "i":
            out.add(f"l:{value}")
            out.add(key)
    return out
