"""One seat's rosters from the regions a store keeps (see
:mod:`timeline.stores.keys`): what a lazily opened timeline holds of an
organisation it asked rosters of more than once, to answer the next ones
from memory, as :class:`~timeline.engine.tenure_index.TenureIndex` answers
them for a timeline holding the whole log."""

from __future__ import annotations

from collections.abc import Iterable

from timeline.engine.corrections import END
from timeline.engine.intervals import BitemporalBag

__all__ = ["RegionRosters"]

#: A region as read for one seat: person, levels, sure, lo, hi, known_from, known_until.
SeatRegion = tuple[str, int, int, int, int, int, int]


class RegionRosters:
    """Who is on one seat's roster at any day, as known at any instant, at
    any certainty level: the seat's regions, put in a pair of
    :class:`~timeline.engine.intervals.BitemporalBag` per level on first use.

    Runtime: O(r log U) to build a level from r regions; then a roster is
    O(log U + answer), and ``known=`` O(log U log b + answer), as in memory.
    """

    __slots__ = ("_levels", "_regions")

    def __init__(self, regions: Iterable[SeatRegion]) -> None:
        self._regions = list(regions)
        self._levels: dict[int, tuple[BitemporalBag[str], BitemporalBag[str]]] = {}

    def __len__(self) -> int:
        """How many regions it holds."""
        return len(self._regions)

    def at(self, day: int, known: int | None, level: int) -> tuple[frozenset[str],
                                                                    frozenset[str]]:
        """The people certainly on the roster at the end of ``day`` as known
        at ``known`` (None: as known now), counting certainty rank ``level``
        and above, and those only possibly on it."""
        bags = self._levels.get(level)
        if bags is None:
            bags = self._levels[level] = (BitemporalBag(), BitemporalBag())
            for person, levels, sure, lo, hi, known_from, known_until in self._regions:
                if levels >> level & 1:
                    bags[0 if sure else 1].add(person, lo, hi, known_from,
                                               None if known_until == END else known_until)
        return bags[0].at(day, known), bags[1].at(day, known)
