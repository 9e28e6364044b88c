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


#: How many rosters of one level are answered by scanning the regions before
#: they are put in bags: a scan costs about 0.1 µs a region, a bag about 20 µs
#: a region to build and then O(log U + answer) a roster.
SCANS = 8


class RegionRosters:
    """Who is on one seat's roster at any day, as known at any instant, at
    any certainty level: the seat's regions, scanned for the first
    :data:`SCANS` rosters of a level, then put in a pair of
    :class:`~timeline.engine.intervals.BitemporalBag` for that level.

    Runtime: O(r) a roster while scanning r regions; O(r log U) to build a
    level; then a roster is O(log U + answer), and ``known=`` O(log U log b
    + answer), as in memory.
    """

    __slots__ = ("_asked", "_levels", "_regions")

    def __init__(self, regions: Iterable[SeatRegion]) -> None:
        self._regions = list(regions)
        self._levels: dict[int, tuple[BitemporalBag[str], BitemporalBag[str]]] = {}
        self._asked: dict[int, int] = {}

    def __len__(self) -> int:
        """How many regions it holds."""
        return len(self._regions)

    def at(self, day: int, known: int | None, level: int) -> tuple[frozenset[str],
                                                                    frozenset[str]]:
        """The people certainly on the roster at the end of ``day`` as known
        at ``known`` (None: as known now), counting certainty rank ``level``
        and above, and those only possibly on it."""
        bags = self._levels.get(level)
        if bags is None and self._asked.get(level, 0) < SCANS:
            self._asked[level] = self._asked.get(level, 0) + 1
            return self._scan(day, END if known is None else known, level)
        if bags is None:
            bags = self._levels[level] = (BitemporalBag(), BitemporalBag())
            for person, levels, sure, lo, hi, known_from, known_until in self._regions:
                if levels >> level & 1:
                    bags[0 if sure else 1].add(person, lo, hi, known_from,
                                               None if known_until == END else known_until)
        return bags[0].at(day, known), bags[1].at(day, known)

    def _scan(self, day: int, known: int, level: int) -> tuple[frozenset[str],
                                                               frozenset[str]]:
        """:meth:`at` by looking at every region (``known`` END: as known now)."""
        bit = 1 << level
        held = [(person, sure) for person, levels, sure, lo, hi, known_from, known_until
                in self._regions
                if levels & bit and lo <= day < hi and (
                    known_until == END if known == END else known_from <= known < known_until)]
        return (frozenset(person for person, sure in held if sure),
                frozenset(person for person, sure in held if not sure))
