"""One seat's rosters from the regions a store keeps (see
:mod:`timeline.stores.keys`): what a lazily opened timeline holds of an
organisation it asked rosters of, to answer the next ones from memory, as
:class:`~timeline.engine.tenure_index.TenureIndex` answers them for a
timeline holding the whole log.

The regions are held as columns of machine integers (numpy arrays), sorted
by their first day, with the people interned once per seat: about 50 bytes a
region, where a tuple of Python integers cost about 840, so a process can
hold every region of a million-event store in a few tens of megabytes. A
roster bisects to the regions begun by its day and filters them in one
vectorised pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from timeline.engine.corrections import END
from timeline.model.errors import unreadable_kept

__all__ = ["REGIONS_PER_EVENT", "RegionRosters"]

#: How many regions held count as one event against a timeline's ``cache``:
#: a region costs about 50 bytes held (its columns, and its share of the
#: interned names), an event read lazily about 7.5 KB (measured at 1M events,
#: see docs/performance.md); rounded down, to err on the side of memory.
REGIONS_PER_EVENT = 100

_Ints = npt.NDArray[np.int64]
_NOBODY: frozenset[str] = frozenset()
_BOUND = 1 << 63  # a 64-bit integer's
#: Regions held for rosters as known now: first days (sorted), stop days, who.
_Held = tuple[_Ints, _Ints, npt.NDArray[np.object_]]


class RegionRosters:
    """Who is on one seat's roster at any day, as known at any instant, at
    any certainty level, from the seat's regions held as sorted columns.

    A region is a row of person, levels, sure, lo, hi, known_from and
    known_until, as :meth:`~timeline.stores.keys.KeyTables.regions_of`
    reads it.

    Runtime: O(log r + b) a roster, where b is the number of regions begun
    by its day (a vectorised pass of a few nanoseconds each), plus the
    answer; O(r log r) to build.
    """

    __slots__ = ("_hi", "_known_from", "_known_until", "_levels", "_lo", "_now", "_people",
                 "_sure", "_who")

    def __init__(self, seat: str, regions: Sequence[Sequence[object]]) -> None:
        """Hold ``seat``'s ``regions``, rows as its store gave them; a row
        whose numbers are not integers is a :class:`~timeline.StoreError`."""
        try:
            columns = np.array([row[1:] for row in regions]).reshape(-1, 6)
        except (TypeError, ValueError) as error:  # rows of other lengths
            raise unreadable_kept("roster_regions", f"seat {seat!r}", _bad(regions)) from error
        if columns.dtype.kind != "i" and regions:
            # a text, a fraction or a number past 64 bits, changed behind the library
            raise unreadable_kept("roster_regions", f"seat {seat!r}", _bad(regions))
        columns = columns.astype(np.int64, copy=False)
        order = np.argsort(columns[:, 2], kind="stable")
        columns = columns[order]
        people: dict[object, int] = {}
        who = [people.setdefault(regions[i][0], len(people)) for i in order.tolist()]
        self._people = [str(person) for person in people]
        self._who = np.array(who, dtype=np.int32)
        self._levels = columns[:, 0].astype(np.uint8)
        self._sure = columns[:, 1].astype(np.bool_)
        self._lo: _Ints = np.ascontiguousarray(columns[:, 2])
        self._hi: _Ints = np.ascontiguousarray(columns[:, 3])
        self._known_from: _Ints = np.ascontiguousarray(columns[:, 4])
        self._known_until: _Ints = np.ascontiguousarray(columns[:, 5])
        self._now: dict[int, tuple[_Held, _Held]] = {}

    def __len__(self) -> int:
        """How many regions it holds."""
        return len(self._lo)

    def at(self, day: int, known: int | None, level: int) -> tuple[frozenset[str],
                                                                    frozenset[str]]:
        """The people certainly on the roster at the end of ``day`` as known
        at ``known`` (None: as known now), counting certainty rank ``level``
        and above, and those only possibly on it."""
        if known is None:  # as known now: the level's current regions, set apart once
            sure, possible = self._current(level)
            return _on(sure, day), _on(possible, day)
        people = self._people
        begun = int(self._lo.searchsorted(day, "right"))
        mask = ((self._hi[:begun] > day) & ((self._levels[:begun] & (1 << level)) != 0)
                & (self._known_from[:begun] <= known) & (self._known_until[:begun] > known))
        held, sure = self._who[:begun][mask], self._sure[:begun][mask]
        return (frozenset([people[i] for i in held[sure].tolist()]),
                frozenset([people[i] for i in held[~sure].tolist()]))

    def _current(self, level: int) -> tuple[_Held, _Held]:
        """The regions of ``level`` still known now, certain ones apart from
        possible ones: their first and stop days, in order of first day,
        and who each is of."""
        found = self._now.get(level)
        if found is None:
            keep = (self._known_until == END) & ((self._levels & (1 << level)) != 0)
            names = np.array(self._people, dtype=object)[self._who]
            found = self._now[level] = (
                (self._lo[keep & self._sure], self._hi[keep & self._sure],
                 names[keep & self._sure]),
                (self._lo[keep & ~self._sure], self._hi[keep & ~self._sure],
                 names[keep & ~self._sure]))
        return found


def _bad(regions: Sequence[Sequence[object]]) -> object:
    """The first row of ``regions`` whose numbers are not all integers."""
    for row in regions:
        if len(row) != 7 or not all(type(value) is int and -_BOUND <= value < _BOUND
                                    for value in row[1:]):
            return row
    return None  # pragma: no cover (numpy refused no row)


def _on(held: _Held, day: int) -> frozenset[str]:
    """Who of ``held`` is there at the end of ``day``."""
    lo, hi, names = held
    begun = int(lo.searchsorted(day, "right")) if len(lo) else 0
    return frozenset(names[:begun][hi[:begun] > day].tolist()) if begun else _NOBODY
