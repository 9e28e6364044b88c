"""What a timeline opened lazily holds of its store (see
:mod:`timeline.scoping`): the keys followed and the events read for them,
the roster regions, kept tenures and kept names read, and how much of the
``cache`` all of it takes."""

from __future__ import annotations

import attrs

from timeline.engine.kept_names import KeptName
from timeline.engine.kept_tenures import KeptPair
from timeline.engine.region_rosters import REGIONS_PER_EVENT, RegionRosters
from timeline.model.errors import InvalidQueryError

__all__ = ["CACHE", "LazyScope", "cache_size"]

CACHE = 100_000
"""How many events a timeline opened lazily holds, by default, before it
forgets what it read to read another question's scope."""


#: How many pairs' kept tenures, and how many entities' kept names, held
#: count as one event against ``cache``: a pair read back for a view costs
#: about 4 KB, a name about 0.7 KB, an event read about 7.5 KB (measured).
_KEPT_PER_EVENT = 2
_NAMES_PER_EVENT = 10


def cache_size(value: object) -> int | None:
    """The ``cache`` argument of :meth:`~timeline.Timeline.open`, checked."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidQueryError("cache", value, "expected a number of events, 1 or more, "
                                "or None for no bound", hint=f"for example cache={CACHE}")
    return value



@attrs.define
class LazyScope:
    """What a timeline opened lazily has read: the keys followed and the
    positions of the events read for them."""

    keys: set[str] = attrs.Factory(set)
    positions: set[int] = attrs.Factory(set)
    depth: int = 0  # questions under way that read only their scope
    named: set[str] = attrs.Factory(set)  # names whose scopes were read, at this head
    declared: set[str] = attrs.Factory(set)  # names whose declarations were read, at this head
    asked: set[str] = attrs.Factory(set)  # seats whose rosters were read from the store
    seats: dict[str, RegionRosters] = attrs.Factory(dict)  # ... and read whole, held
    regions: int = 0  # how many regions the seats held hold
    read_all: set[str] = attrs.Factory(set)  # kinds of keys read whole ("d", "c")
    pairs: set[tuple[str, str]] = attrs.Factory(set)  # (org, person) whose tenures were read
    disputed: bool | None = None  # whether the log holds a dispute, once asked
    kept: dict[tuple[str, str], KeptPair] = attrs.Factory(dict)  # by (seat, person)
    names: dict[str, KeptName] = attrs.Factory(dict)  # kept names read, by entity
    unkept: set[str] = attrs.Factory(set)  # names asked that are no kept entity's, at this head

    def held(self) -> int:
        """How many events what it holds counts as against ``cache``."""
        return (len(self.positions) + self.regions // REGIONS_PER_EVENT
                + len(self.kept) // _KEPT_PER_EVENT + len(self.names) // _NAMES_PER_EVENT)

    def let_kept_go(self) -> bool:
        """Let the roster regions, kept tenures and kept names held go (one
        range of the store's keys reads them again); whether any were held."""
        if not (self.regions or self.kept or self.names):
            return False
        self.seats.clear()
        self.asked.clear()
        self.regions = 0
        self.kept.clear()
        self.names.clear()
        return True

    def forget_kept(self) -> None:
        """Let go of everything a new head makes stale: the roster regions,
        kept tenures and kept names held, which names were read and whether
        the log holds a dispute. The events read, and the keys and pairs
        read whole, stay: the head's events are read or held with them."""
        self.named.clear()  # a name may have been given to another entity since
        self.declared.clear()
        self.asked.clear()  # the regions held are those of the head left
        self.seats.clear()
        self.regions = 0
        self.read_all.clear()
        self.kept.clear()
        self.names.clear()
        self.unkept.clear()
        self.disputed = None
